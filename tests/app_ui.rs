//! The window, driven by egui_kittest: type a template, see the preview change.

use egui_kittest::{Harness, kittest::Queryable as _};
use zenbraze::app::ZenbrazeApp;

#[test]
fn typing_in_the_editor_updates_the_preview() {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1200.0, 800.0))
        .build_eframe(|cc| ZenbrazeApp::new(cc));
    harness.run();
    // The sample ticket renders for the sample user.
    assert!(
        harness
            .query_by_label_contains("App feedback from Ada")
            .is_some()
    );

    harness
        .get_by_label("Template")
        .set_text_value_accesskit("Hello {{${first_name} | upcase}}");
    harness.run();
    assert!(harness.query_by_label("Hello ADA").is_some());

    let editor = harness.get_by_label("Template");
    editor.focus();
    harness.run();
    harness
        .get_by_label("Template")
        .type_text(" {{ x | lstrip }}");
    harness.run();
    assert!(
        harness
            .query_by_label_contains("filter `lstrip` is not supported by Braze")
            .is_some()
    );
}

#[test]
fn the_seed_template_shows_its_findings_under_the_preview() {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1200.0, 800.0))
        .build_eframe(|cc| ZenbrazeApp::new(cc));
    harness.run();
    assert!(
        harness.query_by_label_contains("Findings").is_none(),
        "the preset lints clean"
    );
    harness
        .get_by_label("Template")
        .set_text_value_accesskit(include_str!("../assets/presets/seed-ticket.liquid"));
    harness.run();
    assert!(harness.query_by_label("Findings (8)").is_some());
    assert!(
        harness
            .query_by_label_contains("Zendesk's `status` values are lowercase: `New` is refused")
            .is_some()
    );
    assert!(harness.query_by_label("error 7:28").is_some());
}

#[test]
fn the_embedded_sandbox_starts_in_the_background_and_serves() {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1200.0, 800.0))
        .build_eframe(|cc| ZenbrazeApp::new(cc));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while harness
        .query_by_label_contains("Sandbox http://127.0.0.1:")
        .is_none()
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the status bar never showed the sandbox"
        );
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let url = harness.state().sandbox_url().unwrap().to_owned();
    let answer = zenbraze::net::block_on(async move {
        reqwest::get(format!("{url}/api/v2/users/me.json"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    });
    // No credentials: Zendesk's anonymous user.
    assert!(answer.contains("Anonymous user"), "{answer}");
}
