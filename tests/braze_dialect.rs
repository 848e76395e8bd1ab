//! The facts of docs/braze-liquid.md as tests: tag forms, namespaces, filters, missing values,
//! Braze's tags.

use serde_json::{Value as Json, json};
use zenbraze::template::{self, Dialect, Environment, RenderContext, Rendered};

fn user() -> Json {
    serde_json::from_str(include_str!("../assets/examples/user.json")).unwrap()
}

fn render_env(src: &str, env: &Environment, user: &Json) -> String {
    match template::render_once(src, Dialect::Braze, env, Some(user)) {
        Ok(Rendered::Output(o)) => o,
        other => panic!("{src}: {other:?}"),
    }
}

fn render(src: &str) -> String {
    render_env(src, &Environment::new(), &user())
}

fn error(src: &str) -> template::TemplateError {
    match template::render_once(src, Dialect::Braze, &Environment::new(), Some(&user())) {
        Err(e) => e,
        other => panic!("{src}: expected an error, got {other:?}"),
    }
}

#[test]
fn attribute_tags_map_to_profile_fields() {
    for (src, out) in [
        ("{{${user_id}}}", "user-1042"),
        ("{{${braze_id}}}", "5fd8a3b2c1e4d5001f3a9b21"),
        ("{{${first_name}}} {{${last_name}}}", "Ada Lovelace"),
        ("{{${email_address}}}", "ada@example.com"),
        ("{{${phone_number}}}", "+15555550123"),
        ("{{${date_of_birth}}}", "1815-12-10"),
        ("{{${city}}}", "London"),
        (
            "{{${country}}}/{{${language}}}/{{${gender}}}/{{${time_zone}}}",
            "GB/en/F/Europe/London",
        ),
        ("{{ ${first_name} }}", "Ada"),
    ] {
        assert_eq!(render(src), out, "{src}");
    }
}

#[test]
fn custom_attributes_with_spaces_paths_and_indexes() {
    assert_eq!(render("{{custom_attribute.${zip code}}}"), "EC1A 1BB");
    assert_eq!(render("{{custom_attribute.${address.city}}}"), "London");
    assert_eq!(render("{{custom_attribute.${songs}[0].artist}}"), "Babbage");
    assert_eq!(
        render("{% for s in {{custom_attribute.${songs}}} %}{{s.title}}{% endfor %}"),
        "Analytical"
    );
    assert_eq!(
        render("{% for s in custom_attribute.${songs} %}{{s.title}}{% endfor %}"),
        "Analytical"
    );
}

#[test]
fn non_ascii_attribute_names() {
    let mut u = user();
    u["custom_attributes"]["café préféré"] = json!("Flore");
    assert_eq!(
        render_env(
            "{{custom_attribute.${café préféré}}}",
            &Environment::new(),
            &u
        ),
        "Flore"
    );
}

#[test]
fn inner_braces_are_optional_in_tags_and_filter_arguments() {
    assert_eq!(
        render("{% if custom_attribute.${balance} == 12 %}y{% endif %}"),
        "y"
    );
    assert_eq!(
        render("{% if {{custom_attribute.${balance}}} == 12 %}y{% endif %}"),
        "y"
    );
    assert_eq!(
        render("{% assign v = {{custom_attribute.${balance}}} %}{{v}}"),
        "12"
    );
    assert_eq!(
        render("{{ 3 | plus: {{custom_attribute.${balance}}}}}"),
        "15"
    );
}

#[test]
fn namespaces_from_the_render_context() {
    let ctx: RenderContext = serde_json::from_value(json!({
        "event_properties": {"plan": "gold"},
        "api_trigger_properties": {"coupon": "X1"},
        "canvas_entry_properties": {"source": "ad"},
        "campaign": {"name": "Winback", "api_id": "c-1", "dispatch_id": "d-1", "message_name": "m", "message_api_id": "m-1"},
        "canvas": {"name": "Onboarding", "variant_name": "A"},
        "card": {"name": "Promo"},
        "app": {"name": "Acme iOS"}
    }))
    .unwrap();
    let env = Environment::new().with_context(&ctx).unwrap();
    let u = user();
    for (src, out) in [
        ("{{event_properties.${plan}}}", "gold"),
        ("{{api_trigger_properties.${coupon}}}", "X1"),
        ("{{canvas_entry_properties.${source}}}", "ad"),
        ("{{context.${source}}}", "ad"),
        (
            "{{campaign.${name}}}/{{campaign.${dispatch_id}}}",
            "Winback/d-1",
        ),
        (
            "{{canvas.${name}}}/{{canvas.${variant_name}}}",
            "Onboarding/A",
        ),
        ("{{card.${name}}}", "Promo"),
        ("{{app.${name}}}", "Acme iOS"),
        ("{{most_recently_used_device.${model}}}", "iPhone 15"),
        ("{{most_recently_used_device.${platform}}}", "ios"),
        ("{{targeted_device.${carrier}}}", "Vodafone"),
        ("{{subscribed_state.${email_global}}}", "opted_in"),
    ] {
        assert_eq!(render_env(src, &env, &u), out, "{src}");
    }
}

#[test]
fn missing_values_render_empty_at_any_depth() {
    for src in [
        "{{${nickname}}}",
        "{{custom_attribute.${nope}}}",
        "{{custom_attribute.${nope}.deeper.still}}",
        "{{custom_attribute.${songs}[9].title}}",
        "{{event_properties.${x}}}",
        "{{undefined_variable.x.y}}",
        "{% for s in custom_attribute.${songs} %}{{s.missing.key}}{% endfor %}",
    ] {
        assert_eq!(render(src), "", "{src}");
    }
    assert_eq!(render("{{${nickname} | default: 'friend'}}"), "friend");
    assert_eq!(render("{{custom_attribute.${a}.b | default: 'x'}}"), "x");
    assert_eq!(
        render("{{custom_attribute.${songs}[9] | default: 'none'}}"),
        "none"
    );
    assert_eq!(
        render("{% if ${nickname} == blank %}blank{% endif %}"),
        "blank"
    );
    assert_eq!(
        render("{% if ${nickname} == null %}null{% endif %}"),
        "null"
    );
}

#[test]
fn default_applies_to_nil_false_and_empty_but_not_whitespace() {
    let env = Environment::new()
        .with_globals(json!({"f": false, "e": "", "w": "  "}).as_object().unwrap());
    let u = user();
    assert_eq!(render_env("{{f | default: 'd'}}", &env, &u), "d");
    assert_eq!(render_env("{{e | default: 'd'}}", &env, &u), "d");
    assert_eq!(render_env("[{{w | default: 'd'}}]", &env, &u), "[  ]");
}

#[test]
fn braze_filters_with_documented_outputs() {
    for (src, out) in [
        ("{{'hey' | md5}}", "6057f13c496ecf7fd777ceb9e79ae285"),
        (
            "{{'hey' | sha1}}",
            "7f550a9f4c44173a37664d938f1355f0f92a47a7",
        ),
        (
            "{{'hey' | sha2}}",
            "fa690b82061edfd2852629aeba8a8977b57e40fcb77d1a7a28b26cba62591204",
        ),
        ("{{'blah' | base64_encode}}", "YmxhaA=="),
        (
            "{{'hey' | hmac_sha1_hex: 'secret_key'}}",
            "2a3969bed25bfeefb00aca4063eb9590b4df8f0e",
        ),
        (
            "{{'hey' | hmac_sha1: 'secret_key'}}",
            "2a3969bed25bfeefb00aca4063eb9590b4df8f0e",
        ),
        (
            "{{'hey' | hmac_sha1_base64: 'secret_key'}}",
            "KjlpvtJb/u+wCspAY+uVkLTfjw4=",
        ),
        (
            "{{'hey' | hmac_sha256_hex: 'secret_key'}}",
            "8df897f8da3d7992fe57c8dbc6f27578cfbf2dcc4d0fbb4000b8c924841d508e",
        ),
        (
            "{{'hey' | hmac_sha256: 'secret_key'}}",
            "8df897f8da3d7992fe57c8dbc6f27578cfbf2dcc4d0fbb4000b8c924841d508e",
        ),
        (
            "{{'hey' | hmac_sha256_base64: 'secret_key'}}",
            "jfiX+No9eZL+V8jbxvJ1eM+/LcxND7tAALjJJIQdUI4=",
        ),
        ("{{'hey<>hi' | url_escape}}", "hey%3C%3Ehi"),
        ("{{'hey<&>hi' | url_param_escape}}", "hey%3C%26%3Ehi"),
        ("{{'google search' | url_encode}}", "google+search"),
        (
            "{{'a \"q\" \\ b\nc' | json_escape}}",
            "a \\\"q\\\" \\\\ b\\nc",
        ),
        (
            "{% assign o = '[{\"a\":1},{\"a\":2}]' | json_parse %}{{ o | map: 'a' | join: ',' }}",
            "1,2",
        ),
        (
            "{% assign o = '{\"a\":1}' | json_parse %}{{ o | as_json_string }}",
            "{\"a\":1}",
        ),
        (
            "{% assign o = '{\"k\":\"v\"}' | json_parse %}{{ o | property_accessor: 'k' }}",
            "v",
        ),
        ("{{123456 | number_with_delimiter}}", "123,456"),
        ("{{145 | money}}", "$145.00"),
        ("{{15 | divided_by: 2}}", "7"),
        (
            "{{'2024-01-02T03:04:05Z' | time_zone: 'America/Chicago' | date: '%Y-%m-%d %H:%M'}}",
            "2024-01-01 21:04",
        ),
        (
            "{{'2024-01-02 03:04:05 UTC' | time_zone: '-0500' | date: '%H:%M %z'}}",
            "22:04 -0500",
        ),
        ("{{'2024-01-02 03:04:05 UTC' | date: '%s'}}", "1704164645"),
    ] {
        assert_eq!(render(src), out, "{src}");
    }
    let sha512 = render("{{'hey' | hmac_sha512: 'secret_key'}}");
    assert_eq!(sha512.len(), 128);
}

#[test]
fn date_now_uses_the_fixed_clock() {
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-25T17:00:00Z").unwrap();
    let env = Environment::new().with_now(now.into());
    assert_eq!(
        render_env("{{'now' | date: '%Y-%m-%d'}}", &env, &user()),
        "2026-11-25"
    );
    assert_eq!(
        render_env(
            "{{'now' | time_zone: ${time_zone} | date: '%H'}}",
            &env,
            &user()
        ),
        "17"
    );
}

#[test]
fn unsupported_and_newer_filters_are_errors() {
    for f in [
        "lstrip",
        "rstrip",
        "find_index",
        "camelize",
        "handleize",
        "pluralize",
        "money_with_currency",
    ] {
        let e = error(&format!("x\n  {{{{ 'a' | {f} }}}}"));
        assert_eq!((e.line, e.col), (2, 12), "{f}");
        assert!(
            e.to_string().contains("not supported by Braze"),
            "{}",
            e.to_string()
        );
    }
    for f in ["sum", "has", "find", "reject"] {
        let e = error(&format!("{{{{ a | {f}: 'x' }}}}"));
        assert!(
            e.to_string().contains("newer than Liquid 5"),
            "{}",
            e.to_string()
        );
    }
}

#[test]
fn echo_liquid_and_comments() {
    assert_eq!(render("{% echo ${first_name} | upcase %}"), "ADA");
    assert_eq!(
        render("{% liquid\nassign n = ${first_name}\necho n | downcase\n%}"),
        "ada"
    );
    assert_eq!(
        render("a{%# hidden %}b{% comment %}{{x}}{% endcomment %}c"),
        "abc"
    );
}

#[test]
fn html_comments_are_left_and_liquid_inside_renders() {
    assert_eq!(render("<!-- {{${first_name}}} -->"), "<!-- Ada -->");
}

#[test]
fn abort_message_stops_the_send() {
    let env = Environment::new();
    let u = user();
    let r = template::render_once(
        "x{% if ${email_address} %}{% abort_message('has email') %}{% endif %}",
        Dialect::Braze,
        &env,
        Some(&u),
    );
    assert_eq!(r, Ok(Rendered::Aborted(Some("has email".into()))));
    let r = template::render_once("{% abort_message() %}", Dialect::Braze, &env, Some(&u));
    assert_eq!(r, Ok(Rendered::Aborted(None)));
    let r = template::render_once("{% abort_message %}", Dialect::Braze, &env, Some(&u));
    assert_eq!(r, Ok(Rendered::Aborted(None)));
}

#[test]
fn connected_content_from_mocks() {
    let ctx: RenderContext = serde_json::from_value(json!({
        "connected_content": {
            "https://api.example.com/u/user-1042": {"status": 200, "body": {"tier": "gold"}},
            "https://api.example.com/text": {"status": 200, "body": "plain words"},
            "https://api.example.com/gone": {"status": 404, "body": {"tier": "x"}},
            "POST https://api.example.com/p": {"status": 201, "body": {"ok": true}}
        }
    }))
    .unwrap();
    let env = Environment::new().with_context(&ctx).unwrap();
    let u = user();
    assert_eq!(
        render_env(
            "{% connected_content https://api.example.com/u/{{${user_id}}} :save r %}{{r.tier}} {{r.__http_status_code__}}",
            &env,
            &u
        ),
        "gold 200"
    );
    assert_eq!(
        render_env(
            "{% connected_content https://api.example.com/u/user-1042 %}{{connected.tier}}",
            &env,
            &u
        ),
        "gold"
    );
    assert_eq!(
        render_env(
            "[{% connected_content https://api.example.com/text %}]",
            &env,
            &u
        ),
        "[plain words]"
    );
    assert_eq!(
        render_env(
            "[{% connected_content https://api.example.com/gone :save g %}{{g.tier}}]",
            &env,
            &u
        ),
        "[]"
    );
    assert_eq!(
        render_env(
            "[{% connected_content https://api.example.com/missing :save m %}{{m}}]",
            &env,
            &u
        ),
        "[]"
    );
    assert_eq!(
        render_env(
            "{% connected_content https://api.example.com/p :method post :body a=1 :save p %}{{p.ok}}",
            &env,
            &u
        ),
        "true"
    );
}

#[test]
fn content_blocks_with_one_level_of_nesting() {
    let ctx: RenderContext = serde_json::from_value(json!({
        "content_blocks": {
            "greeting": "Hello {{${first_name}}}{{content_blocks.${signature}}}",
            "signature": " -- Acme{{content_blocks.${deeper}}}",
            "deeper": "!",
            "top": "{{content_blocks.${greeting}}}"
        }
    }))
    .unwrap();
    let env = Environment::new().with_context(&ctx).unwrap();
    let u = user();
    let r = template::render_once(
        "{{content_blocks.${greeting}}}",
        Dialect::Braze,
        &env,
        Some(&u),
    );
    assert!(r.is_err(), "three levels must be refused: {r:?}");
    let ctx: RenderContext = serde_json::from_value(json!({
        "content_blocks": {"greeting": "Hello {{${first_name}}}{{content_blocks.${signature}}}", "signature": " -- Acme"}
    }))
    .unwrap();
    let env = Environment::new().with_context(&ctx).unwrap();
    assert_eq!(
        render_env("{{content_blocks.${greeting}}}", &env, &u),
        "Hello Ada -- Acme"
    );
    let e = template::render_once(
        "\n {{content_blocks.${nope}}}",
        Dialect::Braze,
        &env,
        Some(&u),
    )
    .unwrap_err();
    assert!(e.to_string().contains("nope"), "{}", e.to_string());
}

#[test]
fn catalog_items_and_message_extras() {
    let ctx: RenderContext = serde_json::from_value(json!({
        "catalogs": {"games": [{"id": "1234", "title": "Tetris"}, {"id": "5678", "title": "Doom"}]}
    }))
    .unwrap();
    let env = Environment::new().with_context(&ctx).unwrap();
    let u = user();
    assert_eq!(
        render_env(
            "{% catalog_items games 1234 5678 %}{{items[0].title}},{{items[1].title}}",
            &env,
            &u
        ),
        "Tetris,Doom"
    );
    assert_eq!(
        render_env(
            "a{% message_extras :key k :value {{${first_name}}} %}b",
            &env,
            &u
        ),
        "ab"
    );
}

#[test]
fn errors_point_at_the_original_line_and_column() {
    // Ruby's render errors are written into the output, as Braze sends them, and reported.
    let src = "{{${first_name}}} {{custom_attribute.${zip code}}}\n{% if {{${first_name}}} == 'Ada' %}{{ 1 | divided_by: 0 }}{% endif %}";
    let report = template::parse(src, Dialect::Braze)
        .unwrap()
        .render_report(&Environment::new(), Some(&user()))
        .unwrap();
    assert_eq!(
        report.rendered.output(),
        Some("Ada EC1A 1BB\nLiquid error: divided by 0")
    );
    let e = &report.errors[0];
    assert_eq!((e.line, e.col), (2, 43), "{e}");
    assert_eq!(
        e.kind,
        template::ErrorKind::Liquid(template::LiquidError::DividedByZero)
    );
    let e = error("{{${first_name}}}\n{{${last_name} | bogus_filter}}");
    assert_eq!((e.line, e.col), (2, 18), "{e}");
    assert!(
        e.to_string().contains("unknown filter `bogus_filter`"),
        "{}",
        e.to_string()
    );
    let e = error("{{${first_name}}}\n\n   {% if x %}never closed");
    assert_eq!(e.line, 3, "{e}");
}

#[test]
fn the_template_is_parsed_once_and_rendered_for_many_users() {
    let compiled =
        template::parse("Hi {{${first_name} | default: 'there'}}", Dialect::Braze).unwrap();
    let env = Environment::new();
    let outs: Vec<_> = [
        json!({"first_name": "Ada"}),
        json!({}),
        json!({"first_name": "Grace"}),
    ]
    .iter()
    .map(|u| compiled.render(&env, Some(u)).unwrap())
    .collect();
    assert_eq!(
        outs,
        ["Hi Ada", "Hi there", "Hi Grace"].map(|s| Rendered::Output(s.into()))
    );
}

#[test]
fn hash_output_is_stable_from_render_to_render() {
    let src = "{% assign o = '{\"b\":1,\"a\":{\"d\":1,\"c\":2}}' | json_parse %}{{ o | as_json_string }} {% for p in o %}{{p[0]}}{% endfor %}";
    let first = render(src);
    // Ruby keeps a hash's insertion order; so does the output, every time.
    assert_eq!(first, r#"{"b":1,"a":{"d":1,"c":2}} ba"#);
    for _ in 0..20 {
        assert_eq!(render(src), first);
    }
}

#[test]
fn the_parse_cache_serves_text_it_has_seen_and_errors_keep_their_line() {
    let source = include_str!("../assets/presets/ticket.liquid");
    let context: RenderContext =
        serde_json::from_str(include_str!("../assets/examples/context.json")).unwrap();
    let env = Environment::new().with_context(&context).unwrap();
    let u = user();
    let mut cache = template::ParseCache::new();
    let first = template::parse_cached(source, Dialect::Braze, Some(&mut cache)).unwrap();
    let again = template::parse_cached(source, Dialect::Braze, Some(&mut cache)).unwrap();
    assert!(
        std::sync::Arc::ptr_eq(&first, &again),
        "the same text is parsed once"
    );
    assert_eq!(
        first.render(&env, Some(&u)).unwrap(),
        template::parse(source, Dialect::Braze)
            .unwrap()
            .render(&env, Some(&u))
            .unwrap()
    );
    let edited = source.replace("App feedback from", "Feedback from");
    let out = template::parse_cached(&edited, Dialect::Braze, Some(&mut cache))
        .unwrap()
        .render(&env, Some(&u))
        .unwrap();
    assert!(
        out.output()
            .unwrap()
            .contains("\"subject\": \"Feedback from Ada\"")
    );
    // An error on a later line points at that line.
    let broken = source.replace("{{ ticket_status }}", "{{ ticket_status | nope }}");
    let e = template::parse_cached(&broken, Dialect::Braze, Some(&mut cache)).unwrap_err();
    let line = broken.lines().position(|l| l.contains("| nope")).unwrap() + 1;
    assert_eq!(e.line, line, "{e}");
}

#[test]
fn names_that_start_with_a_keyword_are_variables() {
    let env = Environment::new().with_globals(
        json!({"nil_reason": "none given", "true_fan": true, "blanket": [1, 2]})
            .as_object()
            .unwrap(),
    );
    let u = user();
    assert_eq!(
        render_env(
            "{% assign empty_cart = 0 %}{{ empty_cart }} {{ nil_reason }} {% if true_fan %}fan{% endif %} {% for b in blanket %}{{ b }}{% endfor %}",
            &env,
            &u
        ),
        "0 none given fan 12"
    );
    assert_eq!(
        render_env("{% if nil == empty_thing %}same{% endif %}", &env, &u),
        "same"
    );
}

#[test]
fn the_parse_cache_stays_bounded() {
    let mut cache = template::ParseCache::new();
    let mut source = String::from("{{${first_name}}}");
    for i in 0..700 {
        source.push_str(&format!(" {{{{${{last_name}}}}}}{i}"));
        template::parse_cached(&source, Dialect::Braze, Some(&mut cache)).unwrap();
        assert!(cache.len() <= 8, "edit {i}: {} entries", cache.len());
    }
    let before = cache.len();
    template::parse_cached(&source, Dialect::Braze, Some(&mut cache)).unwrap();
    assert_eq!(cache.len(), before, "the current text is still cached");
}

/// Braze's documented "Supported personalization tags", each with the field of a user export it
/// reads, written out here from Braze's documentation (not read from the registry) so that the
/// registry is checked against the list, not against itself.
const BRAZE_TAGS: &[(&str, &str)] = &[
    ("first_name", "first_name"),
    ("last_name", "last_name"),
    ("email_address", "email"),
    ("phone_number", "phone"),
    ("date_of_birth", "dob"),
    ("city", "home_city"),
    ("country", "country"),
    ("language", "language"),
    ("gender", "gender"),
    ("time_zone", "time_zone"),
    ("user_id", "external_id"),
    ("braze_id", "braze_id"),
    ("most_recent_app_version", "most_recent_app_version"),
    ("most_recent_locale", "most_recent_locale"),
    ("most_recent_location", "most_recent_location"),
    ("last_used_app_date", "last_used_app_date"),
    ("random_bucket_number", "random_bucket"),
];

/// A user whose every export field holds a value no other field has.
fn distinct_user() -> Json {
    let mut user = serde_json::Map::new();
    for (_, field) in BRAZE_TAGS {
        user.insert((*field).to_owned(), json!(format!("<{field}>")));
    }
    Json::Object(user)
}

#[test]
fn every_documented_tag_renders_its_own_field() {
    let user = distinct_user();
    for (tag, field) in BRAZE_TAGS {
        for src in [
            format!("{{{{${{{tag}}}}}}}"),
            format!("{{{{ ${{{tag}}} | upcase }}}}"),
        ] {
            let expected = if src.contains("upcase") {
                format!("<{}>", field.to_uppercase())
            } else {
                format!("<{field}>")
            };
            assert_eq!(
                render_env(&src, &Environment::new(), &user),
                expected,
                "{src}"
            );
        }
        // In a tag's condition and as a filter argument too.
        let src = format!("{{% if ${{{tag}}} == '<{field}>' %}}yes{{% endif %}}");
        assert_eq!(render_env(&src, &Environment::new(), &user), "yes", "{src}");
        let src = format!("{{{{ 'x' | append: ${{{tag}}} }}}}");
        assert_eq!(
            render_env(&src, &Environment::new(), &user),
            format!("x<{field}>"),
            "{src}"
        );
    }
}

#[test]
fn export_field_names_are_not_tags_they_render_empty_and_the_linter_names_the_tag() {
    let user = distinct_user();
    for (name, meant) in [
        ("email", "email_address"),
        ("dob", "date_of_birth"),
        ("phone", "phone_number"),
        ("home_city", "city"),
        ("external_id", "user_id"),
        ("frist_name", "first_name"),
    ] {
        let src = format!("[{{{{${{{name}}}}}}}]");
        assert_eq!(render_env(&src, &Environment::new(), &user), "[]", "{src}");
        let t = template::parse(&src, Dialect::Braze).unwrap();
        let outcome = zenbraze::lint::lint(
            &t,
            &Environment::new(),
            Some(&user),
            zenbraze::target::Target::ZendeskTicket,
        )
        .unwrap();
        let zenbraze::lint::Outcome::Findings(findings) = outcome else {
            panic!("{src}: aborted");
        };
        let warning = findings
            .iter()
            .find(|f| f.rule == "unknown-attribute")
            .unwrap_or_else(|| panic!("{src}: no unknown-attribute finding in {findings:?}"));
        assert_eq!(warning.severity, zenbraze::lint::Severity::Warning);
        assert_eq!((warning.line, warning.col), (1, 4), "{src}");
        assert!(
            warning
                .message
                .to_string()
                .contains(&format!("${{{meant}}}")),
            "{src}: {}",
            warning.message
        );
    }
    // A documented tag gives no such warning.
    let t = template::parse("{{${email_address}}}", Dialect::Braze).unwrap();
    let outcome = zenbraze::lint::lint(
        &t,
        &Environment::new(),
        Some(&user),
        zenbraze::target::Target::ZendeskTicket,
    )
    .unwrap();
    let zenbraze::lint::Outcome::Findings(findings) = outcome else {
        panic!("aborted");
    };
    assert!(
        !findings.iter().any(|f| f.rule == "unknown-attribute"),
        "{findings:?}"
    );
}
