//! The payload linter on the seed's template, the corrected preset, and each rule of the
//! `zendesk-ticket` target with a failing and a passing payload.

use serde_json::{Value as Json, json};
use zenbraze::lint::{self, Finding, Outcome, Severity};
use zenbraze::target::Target;
use zenbraze::template::{self, Dialect, Environment, RenderContext};

const SEED: &str = include_str!("../assets/presets/seed-ticket.liquid");
const CORRECTED: &str = include_str!("../assets/presets/ticket.liquid");

fn ada() -> Json {
    serde_json::from_str(include_str!("../assets/examples/user.json")).unwrap()
}

fn findings(src: &str, user: &Json) -> Vec<Finding> {
    let t = template::parse(src, Dialect::Braze).unwrap();
    match lint::lint(&t, &Environment::new(), Some(user), Target::ZendeskTicket).unwrap() {
        Outcome::Findings(f) => f,
        Outcome::Aborted(r) => panic!("aborted: {r:?}"),
    }
}

fn line_of(src: &str, needle: &str) -> usize {
    src.lines().position(|l| l.contains(needle)).unwrap() + 1
}

fn has(f: &[Finding], rule: &str, line: usize, severity: Severity) -> bool {
    f.iter()
        .any(|f| f.rule == rule && f.line == line && f.severity == severity)
}

#[test]
fn the_seed_template_has_its_four_problems_on_the_right_lines() {
    let f = findings(SEED, &ada());
    // 1. The multi-line captured body inside a JSON string, without json_escape.
    let body = f
        .iter()
        .find(|f| f.rule == "json-string-broken")
        .expect("body breaks the string");
    assert_eq!(body.line, line_of(SEED, "\"comment\""));
    assert!(
        body.message.to_string().contains("line break"),
        "{}",
        body.message
    );
    assert_eq!(
        body.fix.as_ref().map(ToString::to_string).as_deref(),
        Some("add `| json_escape` as its last filter")
    );
    // 2. Leftover example text: `<< Choose one >>` and the list of types.
    assert!(has(&f, "leftover-placeholder", 1, Severity::Error));
    let choices = f
        .iter()
        .find(|f| {
            f.message
                .to_string()
                .contains("question/incident/task/problem")
        })
        .unwrap();
    assert_eq!((choices.line, choices.severity), (1, Severity::Error));
    // 3. `'New'` where Zendesk wants lowercase, pointed at the assign that writes it.
    let status = f
        .iter()
        .find(|f| f.message.to_string().contains("`New`"))
        .unwrap();
    assert_eq!(status.line, line_of(SEED, "ticket_status = 'New'"));
    assert_eq!(
        status.fix.as_ref().map(ToString::to_string).as_deref(),
        Some("use `new`")
    );
    // 4. The Braze id sent as the integer requester_id.
    let requester = f
        .iter()
        .find(|f| f.rule == "zendesk-ticket-requester-id")
        .unwrap();
    assert_eq!(
        (requester.line, requester.severity),
        (line_of(SEED, "requester_id"), Severity::Error)
    );
    assert!(
        requester
            .fix
            .as_ref()
            .unwrap()
            .to_string()
            .contains("create_or_update")
    );
}

#[test]
fn the_corrected_template_is_clean_for_every_bundled_user() {
    let users: Json = serde_json::from_str(include_str!("../assets/presets/users.json")).unwrap();
    let users = users["users"].as_array().unwrap();
    let context: RenderContext =
        serde_json::from_str(include_str!("../assets/examples/context.json")).unwrap();
    let env = Environment::new().with_context(&context).unwrap();
    let t = template::parse(CORRECTED, Dialect::Braze).unwrap();
    let report = lint::lint_users(&t, &env, users, Target::ZendeskTicket).unwrap();
    assert_eq!(report.groups, vec![], "{:#?}", report.groups);
    assert_eq!(report.users, 5);
    // Users without an email are stopped by the template's abort guard, not sent broken.
    let aborted: Vec<&str> = report.aborted.iter().map(|(u, _)| u.as_str()).collect();
    assert_eq!(aborted, ["user-no-email", "user-empty"]);
}

#[test]
fn a_quote_in_a_value_is_traced_to_its_output() {
    let src = "{\"ticket\": {\n  \"subject\": \"Hi {{${first_name}}}\",\n  \"comment\": {\"body\": \"x\"}\n}}";
    let f = findings(src, &json!({"first_name": "Dwayne \"The Rock\""}));
    let broken = f.iter().find(|f| f.rule == "json-string-broken").unwrap();
    assert_eq!((broken.line, broken.col), (2, 18));
    assert!(
        broken.message.to_string().contains("${first_name}")
            && broken.message.to_string().contains("quote")
    );
    // With json_escape the same user is fine, and no syntax error is left either.
    let fixed = src.replace("{{${first_name}}}", "{{${first_name} | json_escape}}");
    assert_eq!(
        findings(&fixed, &json!({"first_name": "Dwayne \"The Rock\""})),
        vec![]
    );
}

#[test]
fn a_json_syntax_error_in_literal_text_points_at_its_line() {
    let src = "{\"ticket\": {\n  \"subject\": \"x\"\n  \"comment\": {\"body\": \"x\"}\n}}";
    let f = findings(src, &ada());
    let e = f.iter().find(|f| f.rule == "json-syntax").unwrap();
    assert_eq!(e.line, 3, "{e:?}");
}

fn ticket(fields: &str) -> String {
    format!("{{\"ticket\": {{{fields}}}}}")
}

#[test]
fn each_zendesk_ticket_rule_fails_and_passes() {
    let u = ada();
    let ok = r#""comment": {"body": "Printer on fire"}"#;
    let cases: Vec<(&str, String, String)> = vec![
        (
            "zendesk-ticket-wrapper",
            r#"{"subject": "x"}"#.into(),
            ticket(ok),
        ),
        (
            "zendesk-ticket-comment",
            ticket(r#""subject": "x""#),
            ticket(ok),
        ),
        (
            "zendesk-ticket-comment",
            ticket(r#""comment": {"body": "  "}"#),
            ticket(ok),
        ),
        (
            "zendesk-ticket-enum",
            ticket(&format!(r#"{ok}, "type": "Question""#)),
            ticket(&format!(r#"{ok}, "type": "question""#)),
        ),
        (
            "zendesk-ticket-enum",
            ticket(&format!(r#"{ok}, "priority": "asap""#)),
            ticket(&format!(r#"{ok}, "priority": "urgent""#)),
        ),
        (
            "zendesk-ticket-enum",
            ticket(&format!(r#"{ok}, "status": "Open""#)),
            ticket(&format!(r#"{ok}, "status": "hold""#)),
        ),
        (
            "zendesk-ticket-requester-id",
            ticket(&format!(r#"{ok}, "requester_id": "{{{{${{user_id}}}}}}""#)),
            ticket(&format!(r#"{ok}, "requester_id": 20978392"#)),
        ),
        (
            "zendesk-ticket-requester",
            ticket(&format!(
                r#"{ok}, "requester": {{"name": "{{{{${{nickname}}}}}}", "email": "{{{{${{nope}}}}}}"}}"#
            )),
            ticket(&format!(
                r#"{ok}, "requester": {{"name": "{{{{${{first_name}} | json_escape}}}}", "email": "{{{{${{email_address}} | json_escape}}}}"}}"#
            )),
        ),
        (
            "zendesk-ticket-tags",
            ticket(&format!(r#"{ok}, "tags": "a, b""#)),
            ticket(&format!(r#"{ok}, "tags": ["a", "b"]"#)),
        ),
        (
            "zendesk-ticket-custom-fields",
            ticket(&format!(
                r#"{ok}, "custom_fields": [{{"id": "abc", "value": 1}}]"#
            )),
            ticket(&format!(
                r#"{ok}, "custom_fields": [{{"id": 360012345678, "value": "x"}}]"#
            )),
        ),
        (
            "zendesk-ticket-unknown-field",
            ticket(&format!(r#"{ok}, "requestor": {{}}"#)),
            ticket(&format!(r#"{ok}, "external_id": "u-1""#)),
        ),
    ];
    for (rule, failing, passing) in cases {
        let f = findings(&failing, &u);
        assert!(
            f.iter().any(|f| f.rule == rule),
            "{rule} should fire on {failing}: {f:#?}"
        );
        let p = findings(&passing, &u);
        assert!(p.is_empty(), "{rule} should be quiet on {passing}: {p:#?}");
    }
}

#[test]
fn requester_id_as_a_quoted_number_is_only_a_warning() {
    let f = findings(
        &ticket(r#""comment": {"body": "x"}, "requester_id": "20978392""#),
        &ada(),
    );
    assert_eq!(f.len(), 1);
    assert_eq!(
        (f[0].rule.id(), f[0].severity),
        ("zendesk-ticket-requester-id", Severity::Warning)
    );
}

#[test]
fn findings_are_grouped_over_many_users() {
    let src = "{\"ticket\": {\"comment\": {\"body\": \"x\"},\n \"requester\": {\"name\": \"{{${first_name} | json_escape}}\", \"email\": \"{{${email_address} | json_escape}}\"}}}";
    let users: Vec<Json> = (0..40)
        .map(|i| {
            if i % 10 == 3 {
                json!({"external_id": format!("u{i}"), "first_name": "No Mail"})
            } else {
                json!({"external_id": format!("u{i}"), "first_name": "A", "email": format!("a{i}@x.com")})
            }
        })
        .collect();
    let t = template::parse(src, Dialect::Braze).unwrap();
    let report = lint::lint_users(&t, &Environment::new(), &users, Target::ZendeskTicket).unwrap();
    assert_eq!(report.groups.len(), 1);
    assert_eq!(report.groups[0].users, ["u3", "u13", "u23", "u33"]);
    let text = zenbraze::cli::lint::report_text("t.liquid", &report);
    assert_eq!(
        text,
        "t.liquid:2:69: warning: the requester email renders empty for this user [4 of 40 users: u3, u13, u23, u33]\n"
    );
    assert!(!report.has_errors());
}

fn findings_for(src: &str, user: &Json, target: Target) -> Vec<Finding> {
    let t = template::parse(src, target.dialect()).unwrap();
    match lint::lint(&t, &Environment::new(), Some(user), target).unwrap() {
        Outcome::Findings(f) => f,
        Outcome::Aborted(r) => panic!("aborted: {r:?}"),
    }
}

#[test]
fn each_braze_users_track_rule_fails_and_passes() {
    let u = ada();
    let event = |extra: &str| {
        format!(
            r#"{{"events": [{{"external_id": "{{{{${{user_id}} | json_escape}}}}", "name": "ticket_solved", "time": "2026-11-25T17:00:00Z"{extra}}}]}}"#
        )
    };
    let attrs = |field: &str| format!(r#"{{"attributes": [{{"external_id": "u-1", {field}}}]}}"#);
    let many: Vec<String> = (0..76)
        .map(|i| format!(r#"{{"external_id": "u{i}", "name": "e", "time": "2026-11-25"}}"#))
        .collect();
    let cases: Vec<(&str, String, String)> = vec![
        ("braze-track-shape", r#"{"event": []}"#.into(), event("")),
        ("braze-track-limit", format!(r#"{{"events": [{}]}}"#, many.join(",")), event("")),
        ("braze-track-identifier", r#"{"events": [{"name": "e", "time": "2026-11-25T17:00:00Z"}]}"#.into(), event("")),
        ("braze-track-identifier", r#"{"events": [{"external_id": "{{${nope}}}", "name": "e", "time": "2026-11-25T17:00:00Z"}]}"#.into(), event("")),
        ("braze-track-identifier", r#"{"events": [{"user_alias": {"alias_name": "a"}, "name": "e", "time": "2026-11-25T17:00:00Z"}]}"#.into(),
            r#"{"events": [{"user_alias": {"alias_name": "a", "alias_label": "l"}, "name": "e", "time": "2026-11-25T17:00:00Z"}]}"#.into()),
        ("braze-track-required", r#"{"events": [{"external_id": "u", "time": "2026-11-25T17:00:00Z"}]}"#.into(), event("")),
        ("braze-track-time", r#"{"events": [{"external_id": "u", "name": "e", "time": "yesterday"}]}"#.into(), event("")),
        ("braze-track-properties", event(r#", "properties": {"$price": 1}"#), event(r#", "properties": {"price": 1}"#)),
        ("braze-track-properties", event(r#", "properties": {"time": 1}"#), event(r#", "properties": {"when": 1}"#)),
        ("braze-track-properties", event(&format!(r#", "properties": {{"note": "{}"}}"#, "x".repeat(256))), event(r#", "properties": {"note": "short"}"#)),
        ("braze-track-purchase", r#"{"purchases": [{"external_id": "u", "product_id": "p", "currency": "usd", "price": 1, "time": "2026-11-25T17:00:00Z"}]}"#.into(),
            r#"{"purchases": [{"external_id": "u", "product_id": "p", "currency": "USD", "price": 1, "quantity": 2, "time": "2026-11-25T17:00:00Z"}]}"#.into()),
        ("braze-track-purchase", r#"{"purchases": [{"external_id": "u", "product_id": "p", "currency": "USD", "price": "1", "time": "2026-11-25T17:00:00Z"}]}"#.into(),
            r#"{"purchases": [{"external_id": "u", "product_id": "p", "currency": "USD", "price": 1.5, "time": "2026-11-25T17:00:00Z"}]}"#.into()),
        ("braze-track-attribute", attrs(r#""dob": "10/12/1815""#), attrs(r#""dob": "1815-12-10""#)),
        ("braze-track-attribute", attrs(r#""country": "United Kingdom""#), attrs(r#""country": "GB""#)),
        ("braze-track-attribute", attrs(r#""language": "English""#), attrs(r#""language": "en""#)),
        ("braze-track-attribute", attrs(r#""gender": "female""#), attrs(r#""gender": "F""#)),
        ("braze-track-attribute", attrs(r#""email_subscribe": "yes""#), attrs(r#""email_subscribe": "opted_in""#)),
        ("braze-track-attribute", attrs(r#""time_zone": "London""#), attrs(r#""time_zone": "Europe/London""#)),
        ("braze-track-attribute", attrs(r#""phone": "555-0123""#), attrs(r#""phone": "+15555550123""#)),
    ];
    for (rule, failing, passing) in cases {
        let f = findings_for(&failing, &u, Target::BrazeUsersTrack);
        assert!(
            f.iter().any(|f| f.rule == rule),
            "{rule} should fire on {failing}: {f:#?}"
        );
        let p = findings_for(&passing, &u, Target::BrazeUsersTrack);
        assert!(p.is_empty(), "{rule} should be quiet on {passing}: {p:#?}");
    }
}

#[test]
fn zendesk_webhook_body_is_checked_as_users_track_plus_placeholders() {
    let ticket: Json =
        serde_json::from_str(include_str!("../assets/examples/ticket.json")).unwrap();
    let preset = include_str!("../assets/presets/zendesk-solved-event.liquid");
    let f = findings_for(preset, &ticket, Target::ZendeskWebhookBody);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(
        (f[0].rule.id(), f[0].severity),
        ("zendesk-empty-identifier", Severity::Warning)
    );
    assert_eq!(f[0].line, line_of(preset, "ticket.requester.external_id"));

    // A title with a quote breaks the body when the placeholder is not escaped.
    let mut quoted = ticket.clone();
    quoted["ticket"]["subject"] = json!("The \"printer\" is on fire");
    let raw = preset.replace(
        "{{ticket.title | strip_newlines | replace: '\"', '\\\"'}}",
        "{{ticket.title}}",
    );
    let f = findings_for(&raw, &quoted, Target::ZendeskWebhookBody);
    let broken = f.iter().find(|f| f.rule == "json-string-broken").unwrap();
    assert!(
        broken
            .fix
            .as_ref()
            .unwrap()
            .to_string()
            .contains("Zendesk has no json_escape")
    );

    // A requester without an external id leaves the event without a user: an error.
    let mut anonymous = ticket;
    anonymous["users"][0]["external_id"] = Json::Null;
    let f = findings_for(preset, &anonymous, Target::ZendeskWebhookBody);
    assert!(
        f.iter()
            .any(|f| f.rule == "braze-track-identifier" && f.severity == Severity::Error),
        "{f:#?}"
    );
}
