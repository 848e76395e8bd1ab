//! The console's "Send through Braze", driven by egui_kittest on the app's real state with its
//! embedded sandbox as the profile (its demo credentials stay here: nothing is asked), Braze
//! renders and sends the template for the selected user,
//! the ticket it made is compared with the preview and shows "identical"; with the sandbox's
//! `braze_render` fault the subject differs and is shown field by field. No credential is
//! shown. In English and in Spanish.

mod app_support;

use app_support::*;
use egui_kittest::kittest::Queryable as _;
use serde_json::json;
use zenbraze::i18n::{Catalogue, Language};
use zenbraze::msg;
use zenbraze::sandbox::{DEMO_BRAZE_KEY, DEMO_ZENDESK_TOKEN};

const TEMPLATE: &str = r#"{"ticket": {
  "subject": "Order help for {{${first_name}}}",
  "comment": {"body": "Hello {{${first_name}}}, we got your order."},
  "priority": "high",
  "tags": ["Braze VIP", "braze"]
}}"#;

fn no_credential_shown(h: &TestApp) {
    let leaked = visible_texts(h)
        .into_iter()
        .any(|t| t.contains(DEMO_ZENDESK_TOKEN) || t.contains(DEMO_BRAZE_KEY));
    assert!(!leaked, "the console shows a credential");
}

fn sends_through_braze(language: Language) {
    let i18n = Catalogue::get(language);
    let t = |key: &'static str| i18n.tr(key).to_owned();
    let say = |m: zenbraze::i18n::Message| i18n.message(&m);
    let dir = temp_dir(&format!("console-braze-{language:?}"));
    let (mut h, url) = app_with_sandbox(&dir, language);
    h.get_by_label(&t("field-body"))
        .set_text_value_accesskit(TEMPLATE);
    h.run_ok();
    h.settle();
    h.click(&t("panel-console"));

    // The built-in sandbox's demo credentials stay on this machine: nothing is asked (a real
    // profile asks once, tests/app_walk_fixes.rs).
    h.click(&t("action-send-via-braze"));
    assert!(h.state().confirm.is_none(), "asked on the sandbox");
    h.wait_text(&t("console-via-braze-identical"));
    let state = sandbox_state(&url);
    assert_eq!(state["tickets"][0]["subject"], "Order help for Ada");
    no_credential_shown(&h);

    // Braze renders the subject differently: the subject differs.
    inject(
        &url,
        json!([{"kind": "braze_render", "path": "/messages/send", "count": 1}]),
    );
    h.click(&t("action-send-via-braze"));
    assert!(h.state().confirm.is_none(), "asked on the sandbox");
    h.wait_text(&say(msg!("via-braze-different", count = 1)));
    assert!(h.query_by_label(&t("console-via-braze-field")).is_some());
    assert!(h.query_by_label(&t("console-via-braze-preview")).is_some());
    assert!(h.query_by_label("subject").is_some());
    assert!(h.query_by_label("Order help for Ada").is_some());
    assert!(
        h.query_by_label(&t("console-via-braze-identical"))
            .is_none()
    );
    no_credential_shown(&h);

    // The difference exported as a test case: the template, the user and both outputs.
    h.click(&t("action-export-case"));
    let case = dir.join("case.json");
    h.get_by_label(&t("file-path"))
        .set_text_value_accesskit(&case.display().to_string());
    h.run_ok();
    h.click(&t("action-export"));
    h.wait_text(&say(msg!("exported", path = case.display().to_string())));
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&case).unwrap()).unwrap();
    assert_eq!(written["template"], TEMPLATE);
    assert_eq!(written["user"], "user-1042");
    assert_eq!(written["differs"], json!(["subject"]));
    assert_eq!(written["preview"]["subject"], "Order help for Ada");
    assert_ne!(written["zendesk"]["subject"], written["preview"]["subject"]);
    assert_eq!(written["zendesk"]["priority"], "high");

    // Both comparisons are kept in the console's history, on disk too, masked.
    let kept: Vec<bool> = h
        .state()
        .console
        .history
        .iter()
        .map(|e| e.via_braze.as_ref().unwrap().identical())
        .collect();
    assert_eq!(kept, [false, true]);
    drop(h);
    let text = std::fs::read_to_string(dir.join("history.jsonl")).unwrap();
    assert_eq!(text.matches("\"via_braze\"").count(), 2, "{text}");
    use base64::Engine as _;
    let pair = base64::engine::general_purpose::STANDARD.encode(format!(
        "{}/token:{DEMO_ZENDESK_TOKEN}",
        zenbraze::sandbox::DEMO_ADMIN_EMAIL
    ));
    for secret in [DEMO_ZENDESK_TOKEN, DEMO_BRAZE_KEY, pair.as_str()] {
        assert!(!text.contains(secret), "the history holds a credential");
    }
}

#[test]
fn the_console_sends_through_braze_in_english() {
    sends_through_braze(Language::English);
}

#[test]
fn the_console_sends_through_braze_in_spanish() {
    sends_through_braze(Language::Spanish);
}
