//! Hostile templates: huge, deeply nested, malformed. A clear error or output, never a panic
//! or a hang. Plus property tests of the parser over Braze's `${...}` syntax.

use proptest::prelude::*;
use zenbraze::template::{self, Dialect, Environment, ErrorKind};

#[test]
fn ten_megabyte_template_renders() {
    let line = "{{${first_name}}} ordered {{custom_attribute.${plan}}}\n";
    let src = line.repeat(10 * 1024 * 1024 / line.len());
    let user = serde_json::json!({"first_name": "Ada", "custom_attributes": {"plan": "pro"}});
    let out =
        template::render_once(&src, Dialect::Braze, &Environment::new(), Some(&user)).unwrap();
    assert!(out.output().unwrap().starts_with("Ada ordered pro\n"));
}

#[test]
fn ten_thousand_nested_tags_are_refused_clearly() {
    let src = "{% if true %}".repeat(10_000) + &"{% endif %}".repeat(10_000);
    let e = template::parse(&src, Dialect::Braze).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::NestingTooDeep { .. }), "{e}");
    assert_eq!(e.line, 1);
    let src = "{{".repeat(10_000);
    assert!(template::parse(&src, Dialect::Braze).is_err());
    let src = "{% for a in b %}".repeat(10_000);
    assert!(template::parse(&src, Dialect::Liquid).is_err());
}

#[test]
fn ten_thousand_sequential_tags_are_fine() {
    let src = "{% if true %}x{% endif %}".repeat(10_000);
    let out = template::render_once(&src, Dialect::Liquid, &Environment::new(), None).unwrap();
    assert_eq!(out.output().unwrap().len(), 10_000);
}

#[test]
fn unterminated_constructs_name_their_position() {
    for (src, line, col) in [
        ("ok\n  {{ name", 2, 3),
        ("ok\n{% if x %}", 2, 1),
        ("{{ ${first_name", 1, 4),
        ("a\nb {% raw %}never", 2, 3),
    ] {
        let e = template::parse(src, Dialect::Braze).unwrap_err();
        assert_eq!((e.line, e.col), (line, col), "{src:?}: {e}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// The parser never panics on Braze's syntax, and an error's position is inside the input.
    #[test]
    fn braze_parser_never_panics(src in "(\\{|\\}|\\$|%|-|\"|'|\\||a|b|\\.| |\n|é|\\[|\\]|:){0,64}") {
        if let Err(e) = template::parse(&src, Dialect::Braze) {
            prop_assert!(e.offset <= src.len());
            prop_assert!(e.line >= 1 && e.col >= 1);
        }
    }

    /// A template made of Braze tags parses whenever its plain-Liquid twin (with `${x}` spelt
    /// as a variable) parses, and renders the same shape.
    #[test]
    fn rewritten_output_parses_whenever_the_input_did(
        parts in prop::collection::vec(prop_oneof![
            Just("text "), Just("{{${first_name}}}"), Just("{{ custom_attribute.${zip code} }}"),
            Just("{% if {{${first_name}}} == 'Ada' %}y{% endif %}"), Just("{{ 1 | plus: {{custom_attribute.${n}}} }}"),
            Just("{% assign v = {{${last_name}}} %}{{v}}"), Just("{{ 'a' | append: ${city} }}"),
        ], 0..12)
    ) {
        let src: String = parts.concat();
        let twin = src
            .replace("{{${first_name}}}", "{{first_name}}")
            .replace("${first_name}", "first_name")
            .replace("{{custom_attribute.${n}}}", "n")
            .replace("custom_attribute.${zip code}", "zip")
            .replace("{{${last_name}}}", "last_name")
            .replace("${city}", "city");
        // Both in lax mode (Braze's): the plain-Liquid dialect is strict and refuses `{{` in a tag.
        let twin_ok = template::parse(&twin, Dialect::Braze).is_ok();
        let braze_ok = template::parse(&src, Dialect::Braze).is_ok();
        prop_assert_eq!(twin_ok, braze_ok, "{}", src);
    }
}
