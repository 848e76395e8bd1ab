//! The preview with Braze's Content Blocks, driven by egui_kittest on the app's real state with
//! its embedded sandbox as the connected profile: a body that includes
//! `{{content_blocks.${name}}}` renders with the block (and the block it includes) read from
//! the sandbox's Braze; a block Braze does not have is named; a block published later is picked
//! up when the body changes. In English and in Spanish.

mod app_support;

use app_support::*;
use egui_kittest::kittest::Queryable as _;
use serde_json::json;
use zenbraze::i18n::Language;
use zenbraze::sandbox::DEMO_BRAZE_KEY;

fn create_block(url: &str, name: &str, content: &str) {
    let status = zenbraze::net::block_on(async {
        reqwest::Client::new()
            .post(format!("{url}/content_blocks/create"))
            .bearer_auth(DEMO_BRAZE_KEY)
            .header("Content-Type", "application/json")
            .body(json!({"name": name, "content": content}).to_string())
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    });
    assert_eq!(status, 201);
}

/// Replaces the body through its field, labelled in the app's language.
fn set_body(h: &mut TestApp, language: Language, body: &str) {
    let label = zenbraze::i18n::Catalogue::get(language).tr("field-body");
    h.get_by_label(label).set_text_value_accesskit(body);
    h.run_ok();
    h.settle();
}

fn previews_with_braze_blocks(language: Language, missing_words: &str) {
    let dir = temp_dir(&format!("blocks-{language:?}"));
    let (mut h, url) = app_with_sandbox(&dir, language);
    create_block(&url, "sig", "Thanks, {{${first_name}}}");
    create_block(
        &url,
        "ticket_subject",
        "Order help for {{${first_name}}} · {{content_blocks.${sig}}}",
    );
    set_body(
        &mut h,
        language,
        r#"{"subject": "{{content_blocks.${ticket_subject}}}"}"#,
    );
    h.wait_text(r#""subject": "Order help for Ada · Thanks, Ada""#);

    // A block Braze does not have (yet) is named as missing.
    set_body(
        &mut h,
        language,
        r#"{"subject": "{{content_blocks.${later}}}"}"#,
    );
    h.wait_text(missing_words);
    h.wait_text("later");
    // Published in Braze; the next change of the body reads it.
    create_block(&url, "later", "now here");
    set_body(
        &mut h,
        language,
        r#"{"subject": "{{content_blocks.${later}}} "}"#,
    );
    h.wait_text(r#""subject": "now here ""#);
}

#[test]
fn the_preview_renders_braze_content_blocks_in_english() {
    previews_with_braze_blocks(Language::English, "is not in the content block library");
}

#[test]
fn the_preview_renders_braze_content_blocks_in_spanish() {
    let words = zenbraze::i18n::Catalogue::get(Language::Spanish).message(&zenbraze::msg!(
        "template-content-block-missing",
        name = "later"
    ));
    let piece = words
        .split("later")
        .nth(1)
        .unwrap_or_default()
        .trim()
        .to_owned();
    assert!(!piece.is_empty(), "{words}");
    previews_with_braze_blocks(Language::Spanish, &piece);
}
