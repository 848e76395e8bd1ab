//! Issue 25, "Fidelity at the edges": one test per difference a second generator found against
//! Ruby Liquid 5.4 (every expected output below is what Ruby Liquid 5.4 with ActiveSupport
//! renders), and the two `connected_content` cases: no mock, and a mock that answers an error
//! status.

use serde_json::{Value as Json, json};
use zenbraze::lint::{self, Outcome, Rule};
use zenbraze::target::Target;
use zenbraze::template::{self, Dialect, Environment, ErrorKind, RenderContext, Rendered};

/// The plain-Liquid dialect with `data` as its variables.
fn liquid(src: &str, data: Json) -> String {
    let env = Environment::new().with_globals(data.as_object().expect("an object"));
    match template::render_once(src, Dialect::Liquid, &env, None) {
        Ok(Rendered::Output(o)) => o,
        other => panic!("{src}: {other:?}"),
    }
}

fn braze_env(src: &str, env: &Environment) -> String {
    match template::render_once(
        src,
        Dialect::Braze,
        env,
        Some(&json!({"external_id": "u1"})),
    ) {
        Ok(Rendered::Output(o)) => o,
        other => panic!("{src}: {other:?}"),
    }
}

fn braze(src: &str) -> String {
    braze_env(src, &Environment::new())
}

#[test]
fn base64_url_safe_filters_are_in_the_braze_dialect() {
    // Both are in Liquid 5.4.0's standard filters, which Braze runs.
    assert_eq!(braze("{{ 'aaa' | base64_url_safe_encode }}"), "YWFh");
    assert_eq!(braze("{{ '🎉' | base64_url_safe_encode }}"), "8J-OiQ==");
    assert_eq!(braze("{{ '8J-OiQ' | base64_url_safe_decode }}"), "🎉");
}

#[test]
fn url_safe_decode_reads_the_standard_alphabet_too() {
    // `Base64.urlsafe_decode64`: pads text without `=`, reads `-_` as `+/`, then decodes
    // strictly; `+` and `/` pass through.
    for (code, out) in [
        ("8J+OiQ==", "🎉"),
        ("8J-OiQ==", "🎉"),
        ("8J+OiQ", "🎉"),
        ("YQ", "a"),
        ("P3g+", "?x>"),
        (
            "YQ=",
            "Liquid error: invalid base64 provided to base64_url_safe_decode",
        ),
        (
            "Y",
            "Liquid error: invalid base64 provided to base64_url_safe_decode",
        ),
        (
            "YR==",
            "Liquid error: invalid base64 provided to base64_url_safe_decode",
        ),
    ] {
        let src = format!("{{{{ '{code}' | base64_url_safe_decode }}}}");
        assert_eq!(liquid(&src, json!({})), out, "{code}");
        assert_eq!(braze(&src), out, "{code}");
    }
    // `base64_decode` stays strict: the url-safe alphabet is not base64 to it.
    assert_eq!(
        liquid("{{ '8J-OiQ==' | base64_decode }}", json!({})),
        "Liquid error: invalid base64 provided to base64_decode"
    );
}

#[test]
fn date_reads_the_e_and_o_modifiers() {
    let d = json!({"d": -86400});
    assert_eq!(liquid("{{ d | date: '%Oy' }}", d.clone()), "69");
    assert_eq!(
        liquid("{{ d | date: '%EY|%Ey|%Od|%OH|%Ec' }}", d.clone()),
        "1969|69|31|00|Wed Dec 31 00:00:00 1969"
    );
    // Only the conversions POSIX allows after E or O: the rest print as written.
    assert_eq!(
        liquid("{{ d | date: '%Ed|%OY|%E|%O' }}", d),
        "%Ed|%OY|%E|%O"
    );
}

#[test]
fn date_flags_apply_to_the_zone_name() {
    assert_eq!(liquid("{{ -86400 | date: '%#Z' }}", json!({})), "utc");
    assert_eq!(
        liquid("{{ -86400 | date: '%^#Z|%_5Z|%05Z|%-Z' }}", json!({})),
        "utc|  UTC|00UTC|UTC"
    );
    // A bare offset has no zone name: nothing, not even padding.
    assert_eq!(
        liquid(
            "[{{ '2024-03-01T12:00:00+05:30' | date: '%10Z' }}]",
            json!({})
        ),
        "[]"
    );
    // A time text named UTC is a UTC time (`Time#utc?`): `%-z` writes RFC 3339's `-0000`.
    assert_eq!(
        liquid(
            "{{ '2024-03-01 12:00:00 UTC' | date: '%-z' }} {{ '2024-03-01' | date: '%-z' }}",
            json!({})
        ),
        "-0000 +0000"
    );
    assert_eq!(
        liquid(
            "{{ '2024-03-01T12:00:00-00:30' | date: '%z|%_z|%:z|%_8:z|%::z|%:::z|%6z' }}",
            json!({})
        ),
        "-0030| -030|-00:30|   -0:30|-00:30:00|-00:30|-00030"
    );
}

#[test]
fn a_format_that_ends_inside_a_directive_is_ruby_s_invalid_format() {
    for format in ["%-", "%j%", "%", "%5", "%E%"] {
        let src = format!("{{{{ 'now' | date: '{format}' }}}}");
        assert_eq!(
            liquid(&src, json!({})),
            format!("Liquid error: invalid format: {format}")
        );
        assert_eq!(
            braze(&src),
            format!("Liquid error: invalid format: {format}")
        );
    }
    // The render goes on past it, as past any Ruby error.
    assert_eq!(
        liquid("{{ 0 | date: '%Y%' }}-{{ 0 | date: '%Y' }}", json!({})),
        "Liquid error: invalid format: %Y%-1970"
    );
    // A directive that is complete, if unknown, is printed as written.
    assert_eq!(
        liquid("{{ 0 | date: '%Q|%+|%:y|%5_d' }}", json!({})),
        "%Q|%+|%:y|%5_d"
    );
}

#[test]
fn increment_counts_from_a_float_variable() {
    assert_eq!(
        liquid(
            "{% increment x %},{% increment x %},{{ x }}",
            json!({"x": 0.5})
        ),
        "0.5,1.5,2.5"
    );
    assert_eq!(
        liquid(
            "{% decrement x %},{% decrement x %},{{ x }}",
            json!({"x": 0.5})
        ),
        "-0.5,-1.5,-1.5"
    );
    // Anything else truthy has no `+` for an Integer in Ruby.
    assert_eq!(
        liquid("{% increment x %}|{{ x }}", json!({"x": "a"})),
        "Liquid error: internal|a"
    );
}

#[test]
fn tablerow_over_an_empty_string_has_no_cell() {
    let src = "{% tablerow i in s cols: 2 %}{{ i }}{% endtablerow %}";
    assert_eq!(
        liquid(src, json!({"s": ""})),
        "<tr class=\"row1\">\n</tr>\n"
    );
    assert_eq!(
        liquid(src, json!({"s": "ab"})),
        "<tr class=\"row1\">\n<td class=\"col1\">ab</td></tr>\n"
    );
    // A hash yields its pairs, as `for` does.
    assert_eq!(
        liquid(src, json!({"s": {"a": 1}})),
        "<tr class=\"row1\">\n<td class=\"col1\">a1</td></tr>\n"
    );
}

fn context(mocks: Json) -> Environment {
    let ctx: RenderContext =
        serde_json::from_value(json!({ "connected_content": mocks })).expect("a context");
    Environment::new()
        .with_context(&ctx)
        .expect("an environment")
}

#[test]
fn connected_content_without_a_mock_is_reported_and_linted() {
    let src =
        "Hi{% connected_content https://api.example.com/offers :save offers %}{{ offers.first }}";
    let compiled = template::parse(src, Dialect::Braze).unwrap();
    let env = Environment::new();
    let user = json!({"external_id": "u1"});
    let report = compiled.render_report(&env, Some(&user)).unwrap();
    assert_eq!(report.rendered, Rendered::Output("Hi".into()));
    assert!(report.errors.is_empty());
    assert_eq!(report.notices.len(), 1);
    let notice = &report.notices[0];
    assert_eq!((notice.line, notice.col), (1, 3));
    assert_eq!(
        notice.kind,
        ErrorKind::ConnectedContentNoMock {
            url: "https://api.example.com/offers".into()
        }
    );
    let text = notice.kind.message().to_string();
    assert!(
        text.contains("https://api.example.com/offers") && text.contains("sent"),
        "{text}"
    );
    // The linter warns, naming the call and what Braze does.
    let Outcome::Findings(findings) =
        lint::lint(&compiled, &env, Some(&user), Target::BrazeUsersTrack).unwrap()
    else {
        panic!("not aborted");
    };
    let f = findings
        .iter()
        .find(|f| f.rule == Rule::ConnectedContentNoMock)
        .expect("a connected-content-no-mock finding");
    assert_eq!(f.severity, lint::Severity::Warning);
    assert_eq!((f.line, f.col), (1, 3));
    assert!(
        f.message
            .to_string()
            .contains("fetches it when the message is sent"),
        "{}",
        f.message
    );
    // With a mock there is nothing to say.
    let env = context(json!({"https://api.example.com/offers": {"status": 200, "body": {"a": 1}}}));
    let report = compiled.render_report(&env, Some(&user)).unwrap();
    assert!(report.notices.is_empty());
}

#[test]
fn connected_content_error_statuses_follow_braze_and_are_reported() {
    let env = context(json!({
        "https://api.example.com/down": {"status": 500, "body": {"error": "boom"}},
        "https://api.example.com/page": {"status": 503, "body": "<h1>Service Unavailable</h1>"},
        "https://api.example.com/gone": {"status": 404, "body": {"tier": "x"}},
        "https://api.example.com/ok": {"status": 200, "body": "fine"}
    }));
    let user = json!({"external_id": "u1"});
    let run = |src: &str| {
        template::parse(src, Dialect::Braze)
            .unwrap()
            .render_report(&env, Some(&user))
            .unwrap()
    };
    // With `:retry`, Braze retries five times and then aborts the message.
    let r = run("A{% connected_content https://api.example.com/down :save d :retry %}B");
    assert_eq!(r.rendered, Rendered::Aborted(None));
    assert_eq!(
        r.notices[0].kind,
        ErrorKind::ConnectedContentStatus {
            url: "https://api.example.com/down".into(),
            status: 500,
            retry: true
        }
    );
    assert!(
        r.notices[0]
            .kind
            .message()
            .to_string()
            .contains("aborts the message")
    );
    // Without it, rendering goes on: the JSON is saved with its status for the template's own
    // abort logic, which Braze's docs show.
    let r = run(
        "{% connected_content https://api.example.com/down :save d %}{% if d.__http_status_code__ != 200 %}{% abort_message('api down') %}{% endif %}{{ d.error }}",
    );
    assert_eq!(r.rendered, Rendered::Aborted(Some("api down".into())));
    let r = run(
        "{% connected_content https://api.example.com/down :save d %}{{ d.error }} {{ d.__http_status_code__ }}",
    );
    assert_eq!(r.rendered, Rendered::Output("boom 500".into()));
    assert_eq!(r.notices.len(), 1);
    // An error page's text is not content: it is not inserted.
    let r = run("[{% connected_content https://api.example.com/page %}]");
    assert_eq!(r.rendered, Rendered::Output("[]".into()));
    assert!(r.notices[0].kind.message().to_string().contains("503"));
    // A 404 renders an empty string and saves nothing, and says so.
    let r = run("[{% connected_content https://api.example.com/gone :save g %}{{ g.tier }}]");
    assert_eq!(r.rendered, Rendered::Output("[]".into()));
    assert!(r.notices[0].kind.message().to_string().contains("404"));
    // A 2xx answer is used, with nothing to report.
    let r = run("[{% connected_content https://api.example.com/ok %}]");
    assert_eq!(r.rendered, Rendered::Output("[fine]".into()));
    assert!(r.notices.is_empty());
    // The linter reports the status.
    let compiled = template::parse(
        "{% connected_content https://api.example.com/down :save d %}",
        Dialect::Braze,
    )
    .unwrap();
    let Outcome::Findings(findings) =
        lint::lint(&compiled, &env, Some(&user), Target::BrazeUsersTrack).unwrap()
    else {
        panic!("not aborted");
    };
    assert!(
        findings
            .iter()
            .any(|f| f.rule == Rule::ConnectedContentStatus),
        "{findings:?}"
    );
}

#[test]
fn rounding_infinity_to_places_keeps_it() {
    // Found by the edge fuzzer: `round: n` with n > 0 keeps Infinity and NaN (Ruby's
    // `Float#round` and BigDecimal's), only rounding to an integer raises.
    let data = json!({"v": "-7.25", "w": 2.5});
    assert_eq!(
        liquid("{{ v | divided_by: 0 | round: 2 }}", data.clone()),
        "-Infinity"
    );
    assert_eq!(
        liquid("{{ w | divided_by: 0.0 | round: 1 }}", data.clone()),
        "Infinity"
    );
    assert_eq!(
        liquid(
            "{{ v | divided_by: 0 | times: 0 | round: 2 }}",
            data.clone()
        ),
        "NaN"
    );
    assert_eq!(
        liquid("{{ v | divided_by: 0 | round }}", data),
        "Liquid error: Computation results in '-Infinity'"
    );
}

#[test]
fn golden_liquid_reject_argument_counts_are_ruby_s_recorded_errors() {
    // golden-liquid expects these to fail. Ruby Liquid renders them: the error happens in an
    // `assign` (a blank tag), so `template.errors` records "wrong number of arguments" and the
    // output does not show it. zenbraze does the same and reports the error.
    for (src, given) in [
        (
            "{% assign b = a | reject %}{% for obj in b %}{{ obj }}, {% endfor %}",
            1,
        ),
        (
            "{% assign b = a | reject: 'x', 'y', 'z' %}{% for obj in b %}{{ obj }}, {% endfor %}",
            4,
        ),
    ] {
        let env =
            Environment::new().with_globals(json!({"a": ["x", "y", "cat"]}).as_object().unwrap());
        let report = template::parse(src, Dialect::Liquid)
            .unwrap()
            .render_report(&env, None)
            .unwrap();
        assert_eq!(report.rendered, Rendered::Output(String::new()), "{src}");
        assert_eq!(report.errors.len(), 1, "{src}");
        assert!(
            matches!(
                &report.errors[0].kind,
                ErrorKind::Liquid(zenbraze::template::LiquidError::WrongArguments { given: g, .. }) if *g == given
            ),
            "{src}: {:?}",
            report.errors
        );
    }
}
