//! Rendering with limits (issue 16): every input that used to panic, abort the process or run for
//! minutes gives a positioned error naming what went wrong, or Ruby's own output; arithmetic is
//! checked; and a property test renders and lints generated templates within a resource budget.

use std::time::Duration;

use proptest::prelude::*;
use zenbraze::i18n::{Catalogue, Language};
use zenbraze::lint;
use zenbraze::target::Target;
use zenbraze::template::{
    self, Dialect, Environment, ErrorKind, Limit, Limits, Rendered, TemplateError,
};

fn render(src: &str, env: &Environment) -> Result<Rendered, TemplateError> {
    template::render_once(src, Dialect::Liquid, env, None)
}

fn error(src: &str, env: &Environment) -> TemplateError {
    match render(src, env) {
        Err(e) => e,
        other => panic!("{src:?}: expected an error, got {other:?}"),
    }
}

fn output(src: &str) -> String {
    match render(src, &Environment::new()) {
        Ok(Rendered::Output(o)) => o,
        other => panic!("{src:?}: {other:?}"),
    }
}

fn limit_of(e: &TemplateError) -> Limit {
    match e.kind {
        ErrorKind::LimitExceeded { limit, .. } => limit,
        ref other => panic!("expected a limit, got {other:?}"),
    }
}

/// The inputs of issue 16 that panicked: each is now an error at its line and column, or (where
/// Ruby Liquid 5.4 renders it) Ruby's output.
#[test]
fn the_panic_inputs_give_positioned_errors_or_rubys_output() {
    let env = Environment::new();
    // Ruby's Bignum result cannot be printed by a 64-bit engine: an overflow at the filter.
    let e = error("x\n{{ -9223372036854775808 | divided_by: -1 }}", &env);
    assert_eq!(e.kind, ErrorKind::Overflow);
    assert_eq!((e.line, e.col), (2, 27));
    let e = error("{{ 9223372036854775807 | plus: 1 }}", &env);
    assert_eq!(e.kind, ErrorKind::Overflow);
    assert_eq!((e.line, e.col), (1, 26));
    let e = error("{{ 2 | times: 4611686018427387904 }}", &env);
    assert_eq!(e.kind, ErrorKind::Overflow);
    let e = error("{{ -9223372036854775808 | abs }}", &env);
    assert_eq!(e.kind, ErrorKind::Overflow);
    // A literal past 64 bits, which liquid-core's parser panicked on.
    let e = error("ok\n{{ 99999999999999999999 }}", &env);
    assert_eq!(
        e.kind,
        ErrorKind::NumberTooLarge {
            text: "99999999999999999999".into()
        }
    );
    assert_eq!((e.line, e.col), (2, 4));
    // A huge range as a loop stops at the loop limit, at the `for`.
    let e = error(
        "a\n {% for i in (1..9223372036854775807) %}{% endfor %}",
        &env,
    );
    assert_eq!(limit_of(&e), Limit::Loops);
    assert_eq!((e.line, e.col), (2, 2));
    // Ruby renders these; so does zenbraze, without a panic.
    assert_eq!(output("{{ 'abc' | slice: 1, 9223372036854775807 }}"), "bc");
    assert_eq!(output("{{ 'abc' | slice: -9223372036854775808, 2 }}"), "");
    assert_eq!(
        output("{{ (1..9223372036854775807) }}"),
        "1..9223372036854775807"
    );
    assert_eq!(output("{{ -9223372036854775808 | modulo: -1 }}"), "0");
    assert_eq!(output("{{ 'x' | truncate: 9223372036854775807 }}"), "x");
    assert_eq!(
        output(
            "{% for i in (1..3) limit: 9223372036854775807 offset: 9223372036854775807 %}{{i}}{% endfor %}"
        ),
        ""
    );
}

/// `{% for i in (1..100000000000) %}` allocated 5.6 TB and aborted the process.
#[test]
fn a_loop_over_a_huge_range_stops_at_the_loop_limit() {
    let e = error(
        "{% for i in (1..100000000000) %}{{ i }}{% endfor %}",
        &Environment::new(),
    );
    assert_eq!(
        e.kind,
        ErrorKind::LimitExceeded {
            limit: Limit::Loops,
            max: Limits::default().loop_iterations
        }
    );
    assert_eq!((e.line, e.col), (1, 1));
    let english = e.to_string();
    assert_eq!(english, "1:1: loops ran more than 1000000 times");
    let spanish = Catalogue::get(Language::Spanish).say(&e);
    assert_eq!(
        spanish,
        "1:1: los bucles se repitieron más de 1000000 veces"
    );
    // The same in tablerow and in Braze's dialect.
    let e = error(
        "{% tablerow i in (1..100000000000) %}{% endtablerow %}",
        &Environment::new(),
    );
    assert_eq!(limit_of(&e), Limit::Loops);
}

/// Nested loops of 10¹⁰ iterations ran for minutes: the limit is on the whole render.
#[test]
fn nested_loops_share_one_iteration_budget() {
    let src = "{% for i in (1..100000) %}\n{% for j in (1..100000) %}{% endfor %}{% endfor %}";
    let e = error(src, &Environment::new());
    assert_eq!(limit_of(&e), Limit::Loops);
    assert_eq!(e.line, 2, "the error names the loop that went over: {e}");
}

/// `append` doubling reached 3 GB.
#[test]
fn doubling_a_string_stops_at_the_value_limit() {
    let src = "{% assign s = 'ab' %}{% for i in (1..64) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}";
    let e = error(src, &Environment::new());
    assert_eq!(limit_of(&e), Limit::Value);
    assert_eq!((e.line, e.col), (1, 62));
    assert!(e.to_string().contains("16777216 bytes"), "{e}");
}

#[test]
fn each_limit_names_itself_and_its_line() {
    let small = |f: fn(&mut Limits)| {
        let mut limits = Limits::default();
        f(&mut limits);
        Environment::new().with_limits(limits)
    };
    let e = error(
        "a\nb\n{% for i in (1..1000) %}0123456789{% endfor %}",
        &small(|l| l.output_bytes = 100),
    );
    assert_eq!(
        e.kind,
        ErrorKind::LimitExceeded {
            limit: Limit::Output,
            max: 100
        }
    );
    assert_eq!(e.line, 3);
    assert_eq!(e.to_string(), "3:25: the output is larger than 100 bytes");

    let e = error(
        "{% for i in (1..100) %}\n{% assign x = 'abcdefghij' %}{% endfor %}",
        &small(|l| l.assign_bytes = 500),
    );
    assert_eq!(limit_of(&e), Limit::Assign);
    assert_eq!(e.line, 2);

    let e = error(
        "{% capture c %}{% for i in (1..100) %}0123456789{% endfor %}{% endcapture %}",
        &small(|l| l.assign_bytes = 500),
    );
    assert_eq!(limit_of(&e), Limit::Assign);

    let e = error(
        "{% for i in (1..100) %}{% endfor %}\n{% for i in (1..100) %}{% endfor %}",
        &small(|l| l.loop_iterations = 150),
    );
    assert_eq!(limit_of(&e), Limit::Loops);
    assert_eq!(e.line, 2);

    let e = error(
        "{% for i in (1..1000) %}{{ i }}{{ i }}{% endfor %}",
        &small(|l| l.steps = 500),
    );
    assert_eq!(limit_of(&e), Limit::Steps);

    // A zero time budget: the clock is read every 1,024 steps, and any render that long has
    // taken more than no time at all.
    let e = error(
        "{% for i in (1..5000) %}{{ i }}{% endfor %}",
        &small(|l| l.time = Some(Duration::ZERO)),
    );
    assert_eq!(
        e.kind,
        ErrorKind::LimitExceeded {
            limit: Limit::Time,
            max: 0
        }
    );
}

#[test]
fn limit_errors_are_worded_in_both_languages() {
    for limit in [
        Limit::Output,
        Limit::Value,
        Limit::Assign,
        Limit::Loops,
        Limit::Steps,
        Limit::Time,
    ] {
        let kind = ErrorKind::LimitExceeded { limit, max: 42 };
        let m = kind.message();
        for lang in [Language::English, Language::Spanish] {
            let text = Catalogue::get(lang).message(&m);
            assert!(text.contains("42"), "{lang:?} {limit:?}: {text}");
            assert!(!text.contains(m.id()), "{lang:?} {limit:?}: {text}");
        }
    }
    let overflow = Catalogue::get(Language::Spanish).message(&ErrorKind::Overflow.message());
    assert!(overflow.contains("9223372036854775807"), "{overflow}");
}

/// Fragments that, strung together, reach every limit and every checked operation.
fn fragment() -> impl Strategy<Value = String> {
    let number = prop_oneof![
        Just("0".to_owned()),
        Just("-1".to_owned()),
        Just("9223372036854775807".to_owned()),
        Just("-9223372036854775808".to_owned()),
        Just("99999999999999999999".to_owned()),
        Just("1e308".to_owned()),
        Just("2.5".to_owned()),
        Just("'19.99'".to_owned()),
        Just("x".to_owned()),
        (0i64..100_000).prop_map(|n| n.to_string()),
    ];
    let filter = prop_oneof![
        Just("plus"),
        Just("minus"),
        Just("times"),
        Just("divided_by"),
        Just("modulo"),
        Just("round"),
        Just("ceil"),
        Just("at_least"),
        Just("slice"),
        Just("truncate"),
        Just("truncatewords"),
        Just("append"),
        Just("split"),
        Just("join"),
        Just("size"),
        Just("abs"),
        Just("date"),
    ];
    prop_oneof![
        Just("text ".to_owned()),
        Just("\n".to_owned()),
        (number.clone(), filter, number.clone())
            .prop_map(|(a, f, b)| format!("{{{{ {a} | {f}: {b} }}}}")),
        (number.clone(), number.clone()).prop_map(|(a, b)| format!(
            "{{% for i in ({a}..{b}) %}}{{{{ i }}}}{{% endfor %}}"
        )),
        (number.clone(), number.clone()).prop_map(|(a, b)| format!(
            "{{% for i in (1..{a}) limit: {b} %}}{{% for j in (1..{a}) %}}.{{% endfor %}}{{% endfor %}}"
        )),
        Just("{% assign s = s | append: s | append: 'ab' %}".to_owned()),
        Just("{% capture s %}{{ s }}{{ s }}x{% endcapture %}".to_owned()),
        Just("{% if s.size > 10 %}{% break %}{% endif %}".to_owned()),
        Just("{{ s | size }}".to_owned()),
        Just("{% increment n %}{% decrement n %}".to_owned()),
        Just("{% if 1 < 'a' %}y{% endif %}".to_owned()),
        Just("{% for i in (1..3) %}{% continue %}{% endfor %}".to_owned()),
        Just("{% raw %}{{ x }}{% endraw %}".to_owned()),
        Just("{% for".to_owned()),
        Just("{{".to_owned()),
        Just("\"{{ s }}\"".to_owned()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Engine and linter within a resource budget per case: no panic, output within its limit,
    /// every error at a position inside the template.
    #[test]
    fn engine_and_linter_stay_within_their_budget(
        parts in prop::collection::vec(fragment(), 1..10),
        braze in any::<bool>(),
    ) {
        let src: String = parts.concat();
        let limits = Limits {
            output_bytes: 64 << 10,
            value_bytes: 64 << 10,
            assign_bytes: 256 << 10,
            loop_iterations: 20_000,
            steps: 200_000,
            time: Some(Duration::from_secs(30)),
        };
        let env = Environment::new().with_limits(limits);
        let dialect = if braze { Dialect::Braze } else { Dialect::Liquid };
        let check = |e: &TemplateError| {
            prop_assert!(e.offset <= src.len(), "{e:?}");
            prop_assert!(e.line >= 1 && e.col >= 1 && e.line <= src.lines().count().max(1) + 1, "{e:?}");
            Ok(())
        };
        match template::parse(&src, dialect) {
            Err(e) => check(&e)?,
            Ok(t) => {
                match t.render_report(&env, None) {
                    Ok(report) => {
                        if let Rendered::Output(o) = &report.rendered {
                            // A node may write up to one value past the check.
                            prop_assert!(o.len() <= limits.output_bytes + limits.value_bytes + src.len());
                        }
                        for e in &report.errors {
                            check(e)?;
                        }
                    }
                    Err(e) => check(&e)?,
                }
                match lint::lint(&t, &env, None, Target::ZendeskTicket) {
                    Ok(_) => {}
                    Err(e) => check(&e)?,
                }
            }
        }
    }
}

/// `{{ 1e308 | times: 10 }}` answered "expected Nila literal value, Emptya literal value…".
/// Ruby Liquid 5.4 reads `1e308` as a variable name: strict mode (plain Liquid) refuses it by
/// name, lax mode (Braze) renders `0`, as Braze does, and the linter says why.
#[test]
fn a_number_with_an_exponent_is_named_in_both_dialects() {
    let e = error("{{ 1e308 | times: 10 }}", &Environment::new());
    assert_eq!(e.to_string(), "1:4: `e308` does not belong here");
    let t = template::parse("{\"n\": {{ 1e308 | times: 10 }}}", Dialect::Braze).unwrap();
    let user = serde_json::json!({});
    assert_eq!(
        t.render(&Environment::new(), Some(&user)).unwrap(),
        Rendered::Output("{\"n\": 0}".into())
    );
    let lint::Outcome::Findings(findings) = lint::lint(
        &t,
        &Environment::new(),
        Some(&user),
        Target::BrazeUsersTrack,
    )
    .unwrap() else {
        panic!("aborted");
    };
    let f = findings
        .iter()
        .find(|f| f.rule == "number-as-name")
        .unwrap_or_else(|| panic!("no number-as-name finding in {findings:?}"));
    assert_eq!((f.line, f.col), (1, 10));
    assert_eq!(
        f.message.to_string(),
        "`1e308` is not a number in Liquid: Braze reads it as a variable of that name, which is empty. Write the number out in digits"
    );
    assert!(
        Catalogue::get(Language::Spanish)
            .message(&f.message)
            .starts_with("`1e308` no es un número en Liquid"),
    );
    // Only numbers: a variable that merely starts with a digit is not flagged.
    let t = template::parse("{{ 1st_place }}{{ -2.5E-3 }}", Dialect::Braze).unwrap();
    assert_eq!(t.numbers_as_names(), &[("-2.5E-3".to_owned(), 18)]);
}
