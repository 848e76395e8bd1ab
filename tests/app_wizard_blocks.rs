//! The wizard's Braze → Zendesk step publishes the Braze → Zendesk payload's body as a Content
//! Block in the embedded sandbox's Braze, driven by egui_kittest on the app's real state: the
//! plan says new, an apply creates it and shows the one line to paste (never the token), a
//! second apply writes nothing, a change made in Braze through HTTP shows as someone else's
//! change with its diff, apply refuses it, and overwriting it asks first; retire asks and sets
//! the block to draft. In English and in Spanish.

mod app_support;

use app_support::*;
use egui_kittest::kittest::Queryable as _;
use serde_json::{Value as Json, json};
use zenbraze::i18n::{Catalogue, Language};
use zenbraze::msg;
use zenbraze::sandbox::DEMO_BRAZE_KEY;

const NAME: &str = "ticket_body";

fn block(url: &str) -> Json {
    sandbox_state(url)["content_blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["name"] == NAME)
        .cloned()
        .unwrap_or(Json::Null)
}

/// Someone else changes the block in Braze.
fn change_in_braze(url: &str, id: &str, content: &str) {
    let status = zenbraze::net::block_on(async {
        reqwest::Client::new()
            .post(format!("{url}/content_blocks/update"))
            .bearer_auth(DEMO_BRAZE_KEY)
            .header("Content-Type", "application/json")
            .body(json!({"content_block_id": id, "content": content}).to_string())
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    });
    assert!((200..300).contains(&status), "{status}");
}

fn publishes_from_the_wizard(language: Language) {
    let i18n = Catalogue::get(language);
    let t = |key: &'static str| i18n.tr(key).to_owned();
    let say = |m: zenbraze::i18n::Message| i18n.message(&m);
    let dir = temp_dir(&format!("wizard-blocks-{language:?}"));
    // Tall enough that the step's Content Block section is on screen without scrolling.
    let mut config = config(&dir, language);
    config.start_sandbox = true;
    config.sandbox_state = Some(sandbox_state_file(&dir));
    let mut h = open_sized(config, egui::vec2(1400.0, 2600.0));
    let url = h.wait_sandbox();
    h.settle();
    h.click(&t("panel-wizard"));
    h.click(&format!("8 · {}", t("wizard-step-other")));
    // The choice comes before the body: the Content Block is one click away, not below it.
    let choice = h.get_by_label(&t("wizard-other-block-tab")).rect().top();
    let body_head = h.get_by_label(&t("wizard-other-body")).rect().top();
    assert!(
        choice < body_head,
        "the choice ({choice}) is below the body ({body_head})"
    );
    h.click(&t("wizard-other-block-tab"));
    assert!(
        h.query_by_label(&t("wizard-other-body")).is_none(),
        "one way at a time"
    );
    let body = h
        .state()
        .doc
        .workspace
        .payloads
        .iter()
        .find(|p| p.direction == zenbraze::workspace::Direction::BrazeToZendesk)
        .unwrap()
        .body
        .clone();
    h.get_by_label(&t("wizard-block-name"))
        .set_text_value_accesskit(NAME);
    h.run_ok();

    // The plan: new; nothing written yet.
    h.click(&t("wizard-block-plan"));
    h.wait_text(&say(msg!("publish-new", name = NAME)));
    assert!(block(&url).is_null());

    // Apply creates it, and the one line to paste shows, with the email and never the token.
    h.click(&t("wizard-block-apply"));
    h.wait_text("{{content_blocks.${ticket_body}}}");
    let made = block(&url);
    assert_eq!(made["content"], body.as_str());
    assert_eq!(made["state"], "active");
    let id = made["content_block_id"].as_str().unwrap().to_owned();
    assert!(
        h.query_by_label_contains(&say(msg!("publish-applied", name = NAME, id = id.as_str())))
            .is_some()
    );
    assert!(h.query_by_label(&t("publish-paste-head")).is_some());
    // Each row to paste has its Copy, as the composer's rows above do: the last one copies the
    // block's Liquid tag.
    let head = h.get_by_label(&t("publish-paste-head")).rect().bottom();
    let copy = t("wizard-copy");
    let mut below: Vec<_> = h
        .query_all_by_label(&copy)
        .filter(|n| n.rect().top() > head)
        .collect();
    assert!(
        below.len() >= 3,
        "{} Copy buttons to paste with",
        below.len()
    );
    below.sort_by(|a, b| a.rect().top().total_cmp(&b.rect().top()));
    below.last().unwrap().click();
    h.step();
    let copied = h
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        });
    assert_eq!(copied.as_deref(), Some("{{content_blocks.${ticket_body}}}"));
    h.run_ok();
    // The paste-once rows name the address.
    assert_eq!(
        h.query_all_by_label(&format!("{url}/api/v2/tickets.json"))
            .count(),
        1
    );
    let leaked = visible_texts(&h)
        .into_iter()
        .any(|t| t.contains(zenbraze::sandbox::DEMO_ZENDESK_TOKEN) || t.contains(DEMO_BRAZE_KEY));
    assert!(!leaked, "the step shows a credential");

    // A second apply writes nothing.
    let edited = block(&url)["last_edited"].clone();
    h.click(&t("wizard-block-apply"));
    h.wait_text(&say(msg!(
        "publish-applied-nothing",
        name = NAME,
        id = id.as_str()
    )));
    assert_eq!(block(&url)["last_edited"], edited);
    assert_eq!(block(&url)["content"], body.as_str());

    // Someone changes it in Braze: the plan shows their change, with its diff.
    change_in_braze(&url, &id, "someone else's body");
    h.click(&t("wizard-block-plan"));
    h.wait_text(&say(msg!("publish-drifted", name = NAME, id = id.as_str())));
    assert!(h.query_by_label(&t("publish-diff-theirs")).is_some());
    assert!(h.query_by_label_contains("+ someone else's body").is_some());
    assert!(h.query_by_label(&t("wizard-block-force-needed")).is_some());
    // Apply refuses it.
    h.click(&t("wizard-block-apply"));
    h.wait_text(&say(msg!("wizard-block-refused", name = NAME)));
    assert_eq!(block(&url)["content"], "someone else's body");
    // Overwriting asks first; Cancel keeps their change.
    let question = say(msg!("confirm-block-force", name = NAME));
    h.click(&t("wizard-block-force"));
    assert!(h.query_by_label(&question).is_some(), "{question}");
    h.click(&t("action-cancel"));
    h.settle();
    assert!(h.query_by_label(&question).is_none());
    assert_eq!(block(&url)["content"], "someone else's body");
    // Yes: the template again.
    h.click(&t("wizard-block-force"));
    h.click(&t("confirm-yes-overwrite"));
    h.wait_text(&say(msg!("publish-applied", name = NAME, id = id.as_str())));
    assert_eq!(block(&url)["content"], body.as_str());

    // A change in whitespace alone is seen as one: the space at the line's end shows as ·.
    let spaced = format!("{} ", body.trim_end());
    change_in_braze(&url, &id, &spaced);
    h.click(&t("wizard-block-plan"));
    h.wait_text(&t("publish-diff-whitespace"));
    let last = body.trim_end().lines().last().unwrap().to_owned();
    assert!(
        h.query_by_label_contains(&format!("+ {last}·")).is_some(),
        "+ {last}· is not shown"
    );
    h.click(&t("wizard-block-force"));
    h.click(&t("confirm-yes-overwrite"));
    h.step_until("overwritten again", |_| {
        block(&url)["content"] == body.as_str()
    });
    h.settle();

    // Retire asks, then sets it to draft.
    h.click(&t("wizard-block-retire"));
    h.click(&t("confirm-yes-retire"));
    h.wait_text(&say(msg!("publish-retired", name = NAME, id = id.as_str())));
    assert_eq!(block(&url)["state"], "draft");
}

#[test]
fn the_wizard_publishes_a_content_block_in_english() {
    publishes_from_the_wizard(Language::English);
}

#[test]
fn the_wizard_publishes_a_content_block_in_spanish() {
    publishes_from_the_wizard(Language::Spanish);
}
