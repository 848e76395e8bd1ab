//! Traced renders: the linter's way from a byte of output back to the `{{ … }}` that wrote it.

use serde_json::json;
use zenbraze::template::{self, Dialect, Environment, RenderContext, Rendered};

#[test]
fn each_output_knows_its_bytes_and_its_line() {
    let src = "{\n  \"name\": \"{{${first_name}}}\",\n  \"city\": \"{{custom_attribute.${address.city} | upcase}}\"\n}";
    let t = template::parse(src, Dialect::Braze).unwrap();
    let user = json!({"first_name": "Ada \"the\" Countess", "custom_attributes": {"address": {"city": "London"}}});
    let traced = t.render_traced(&Environment::new(), Some(&user)).unwrap();
    let Rendered::Output(text) = &traced.rendered else {
        panic!()
    };
    assert_eq!(traced.outputs.len(), 2);
    let name = &traced.outputs[0];
    assert_eq!(&text[name.output.clone()], "Ada \"the\" Countess");
    assert_eq!((name.line, name.col), (2, 12));
    let city = &traced.outputs[1];
    assert_eq!(&text[city.output.clone()], "LONDON");
    assert_eq!((city.line, city.col), (3, 12));
}

#[test]
fn traced_output_is_exactly_the_real_output() {
    let src = include_str!("../assets/presets/ticket.liquid");
    let context: RenderContext =
        serde_json::from_str(include_str!("../assets/examples/context.json")).unwrap();
    let env = Environment::new().with_context(&context).unwrap();
    let t = template::parse(src, Dialect::Braze).unwrap();
    for user in [
        serde_json::from_str(include_str!("../assets/examples/user.json")).unwrap(),
        json!({"first_name": "Zoë\n\"Z\"", "email": "z@example.com", "custom_attributes": {"songs": []}}),
    ] {
        let plain = t.render(&env, Some(&user)).unwrap();
        let traced = t.render_traced(&env, Some(&user)).unwrap();
        assert_eq!(traced.rendered, plain);
        let Rendered::Output(text) = &traced.rendered else {
            panic!()
        };
        // The comment body comes from the captured text, attributed to `{{ ticket_body | … }}`.
        let body = traced
            .outputs
            .iter()
            .find(|o| src[o.offset..].starts_with("{{ ticket_body"))
            .expect("the body output is traced");
        assert!(text[body.output.clone()].contains("answered"));
    }
}

#[test]
fn content_blocks_and_captures_are_not_split_into_their_inner_outputs() {
    let ctx: RenderContext =
        serde_json::from_value(json!({"content_blocks": {"sig": "-- {{${first_name}}}"}})).unwrap();
    let env = Environment::new().with_context(&ctx).unwrap();
    let src = "{% capture c %}[{{${first_name}}}]{% endcapture %}{{ c }}|{{content_blocks.${sig}}}";
    let t = template::parse(src, Dialect::Braze).unwrap();
    let traced = t
        .render_traced(&env, Some(&json!({"first_name": "Ada"})))
        .unwrap();
    assert_eq!(traced.rendered, Rendered::Output("[Ada]|-- Ada".into()));
    assert_eq!(traced.outputs.len(), 1);
    assert_eq!(traced.outputs[0].output, 0..5);
}
