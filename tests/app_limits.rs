//! Issue 16 §2, the app part: a body the engine cannot render quickly (or at all) never locks
//! the person out. Rendering and linting run on the preview's worker; the window draws its first
//! frame and the body can be edited while a render has not even started (the worker is held at
//! a gate), and the fixed body is what gets rendered. With the engine's resource limits, a body
//! over a limit shows the engine's error in the preview instead.

mod app_support;

use std::path::Path;

use app_support::*;
use egui_kittest::kittest::Queryable as _;
use zenbraze::app::RenderGate;
use zenbraze::i18n::Language;
use zenbraze::target::Target;
use zenbraze::workspace::{Direction, Payload, Workspace, file};

/// The bodies the attack found: each aborted, hung or exhausted the app at its first frame.
fn pathological() -> Vec<(&'static str, String)> {
    // About 10 MB of ticket custom fields, each a Liquid output inside a JSON string.
    let field = r#"{"id": 360000001, "value": "{{${first_name} | json_escape}}"},"#;
    let fields = field.repeat(10_000_000 / field.len());
    vec![
        (
            "a loop over 10^11",
            "{% for i in (1..100000000000) %}x{% endfor %}".to_owned(),
        ),
        (
            "nested loops of 10^10",
            "{% for i in (1..100000) %}{% for j in (1..100000) %}x{% endfor %}{% endfor %}"
                .to_owned(),
        ),
        (
            "append doubling",
            "{% assign s = 'x' %}{% for i in (1..64) %}{% assign s = s | append: s %}{% endfor %}{{ s }}"
                .to_owned(),
        ),
        (
            "a 10 MB body",
            format!(
                "{{\"ticket\": {{\"subject\": \"{{{{${{first_name}} | json_escape}}}}\", \"custom_fields\": [{fields} {{\"id\": 1, \"value\": \"x\"}}]}}}}"
            ),
        ),
        ("a number past i64", "{{ 99999999999999999999 }}".to_owned()),
    ]
}

/// A workspace whose first payload is `body`, checked as a Zendesk ticket.
fn workspace_with(dir: &Path, body: &str) {
    let mut ws = Workspace::default();
    ws.payloads.insert(
        0,
        Payload {
            name: "Pathological".into(),
            direction: Direction::BrazeToZendesk,
            method: "POST".into(),
            url: "https://acme.zendesk.com/api/v2/tickets.json".into(),
            headers: Vec::new(),
            body: body.to_owned(),
            target: Some(Target::ZendeskTicket),
            kept: Vec::new(),
        },
    );
    file::save(&dir.join("workspace.json"), &ws).unwrap();
}

/// A body past the editor's limit is shown read-only first; the person chooses to edit it.
fn edit_anyway_if_long(h: &mut TestApp, name: &str) {
    if h.state().payload().unwrap().body.len() <= zenbraze::editor::EDIT_LIMIT {
        return;
    }
    assert!(
        visible_texts(h)
            .iter()
            .any(|t| t.starts_with("This body is 10.") && t.contains("shown read-only")),
        "{name}: says why it is read-only"
    );
    h.click("Edit it here anyway (uses much memory)");
}

const FIXED: &str = r#"{"ticket": {"subject": "fixed {{${first_name} | json_escape}}", "comment": {"body": "hi"}}}"#;

#[test]
fn the_app_starts_with_each_pathological_body_and_the_person_can_fix_it() {
    for (name, body) in pathological() {
        let dir = temp_dir(&format!("limits-{}", name.replace(' ', "-")));
        workspace_with(&dir, &body);
        let gate = RenderGate::closed();
        let mut config = config(&dir, Language::English);
        config.render_gate = Some(gate.clone());
        // Opening draws the first frames (and a few more, until nothing moves) while the
        // preview's render is held before it starts. Each frame with a 10 MB body is costly in a
        // debug build, so the test draws no more of them than it needs.
        let mut h = open(config);
        gate.wait_arrived(1);
        assert_eq!(gate.arrived(), 1, "{name}: one render asked for, none done");
        assert_eq!(
            h.state().payload().unwrap().body.len(),
            body.len(),
            "{name}"
        );
        assert!(h.state().preview_updating(), "{name}");
        edit_anyway_if_long(&mut h, name);
        assert!(
            h.query_by_label("Body template").is_some(),
            "{name}: the editor is there"
        );
        assert!(
            h.query_all_by_label_contains("Updating…").next().is_some(),
            "{name}: the preview says it is on its way"
        );

        // The person replaces the body while the render still waits; the window keeps drawing.
        h.get_by_label("Body template")
            .set_text_value_accesskit(FIXED);
        h.step();
        assert_eq!(h.state().payload().unwrap().body, FIXED, "{name}");
        // The next frame's logic asks the worker for the fixed body's preview.
        h.step();

        // Only the newest body is rendered: the pathological one is skipped.
        gate.open();
        h.step_until("the fixed body's preview", |h| {
            !h.state().preview_updating()
        });
        assert!(
            h.query_by_label_contains(r#""subject": "fixed Ada""#)
                .is_some(),
            "{name}: the fixed body renders"
        );
        assert_eq!(
            gate.arrived(),
            1,
            "{name}: the worker went from the gate to the newest body, never rendering the old one"
        );
        drop(h);
    }
}

/// Each pathological body, rendered for real: the preview shows the engine's error (a limit,
/// with its line) while the window keeps drawing, and the body stays editable.
#[test]
fn each_pathological_body_shows_the_engines_error_and_stays_editable() {
    for (name, body) in pathological() {
        let dir = temp_dir(&format!("limits-real-{}", name.replace(' ', "-")));
        workspace_with(&dir, &body);
        let mut h = open(config(&dir, Language::English));
        h.run_ok();
        h.step_until(&format!("the preview of {name}"), |h| {
            !h.state().preview_updating()
        });
        let preview = h.state().preview().cloned();
        match preview {
            Some(zenbraze::preview::Preview::TemplateError(e)) => {
                assert!(e.line >= 1, "{name}: {e:?}");
                assert!(
                    h.query_by_label_contains("Template error at line")
                        .is_some(),
                    "{name}"
                );
            }
            // A 10 MB body within the limits renders, and its findings are listed.
            Some(zenbraze::preview::Preview::Output(_)) if name == "a 10 MB body" => {}
            other => panic!("{name}: {other:?}"),
        }
        edit_anyway_if_long(&mut h, name);
        h.get_by_label("Body template")
            .set_text_value_accesskit(FIXED);
        h.run_ok();
        h.pause_typing();
        h.step_until("the fixed body's preview", |h| {
            !h.state().preview_updating()
        });
        assert!(
            h.query_by_label_contains(r#""subject": "fixed Ada""#)
                .is_some(),
            "{name}"
        );
        drop(h);
    }
}

/// The template that once aborted the app at every start (a 100 GB date width).
const DATE_WIDTH: &str =
    r#"{"ticket": {"subject": "{{ 'now' | date: '%99999999999Y' }}", "comment": {"body": "x"}}}"#;

/// Issue 24 §1: a start that never got as far as its first preview (killed, aborted) is
/// remembered. The next start opens with previews paused, says why, lets the person edit, and
/// renders only once they resume.
#[test]
fn after_a_start_that_stopped_while_rendering_previews_open_paused() {
    let dir = temp_dir("limits-start-guard");
    workspace_with(&dir, DATE_WIDTH);
    let marker = dir.join("starting");
    let with_marker = || {
        let mut c = config(&dir, Language::English);
        c.start_marker = Some(marker.clone());
        c
    };

    // The first start: its render is held at the gate, and the process "dies" there (the
    // harness is dropped; no window close runs).
    let gate = RenderGate::closed();
    let mut first = with_marker();
    first.render_gate = Some(gate.clone());
    let h = open(first);
    gate.wait_arrived(1);
    assert!(
        marker.exists(),
        "the start is marked until its first preview"
    );
    drop(h);
    gate.open();

    // The next start: paused, and says why, naming the workspace.
    let mut h = open(with_marker());
    h.run_ok();
    assert!(h.state().previews_paused.is_some());
    let paused = visible_texts(&h)
        .into_iter()
        .find(|t| t.starts_with("Previews are paused"))
        .expect("the reason is on screen");
    assert!(paused.contains("workspace.json"), "{paused}");
    // Nothing was checked, and nothing reads as a pass.
    assert!(
        h.query_by_label("Not checked while previews are paused")
            .is_some()
    );
    assert!(h.query_by_label("The body passes every check").is_none());
    assert!(h.state().preview().is_none() && !h.state().preview_updating());

    // The person edits the body; still nothing renders.
    h.get_by_label("Body template")
        .set_text_value_accesskit(FIXED);
    h.run_ok();
    h.pause_typing();
    h.run_ok();
    assert_eq!(h.state().payload().unwrap().body, FIXED);
    assert!(h.state().preview().is_none() && !h.state().preview_updating());
    assert!(marker.exists(), "nothing rendered yet: the marker stays");

    // Resumed: the fixed body renders, and the start is no longer marked.
    h.click("Resume previews");
    h.step_until("the fixed body's preview", |h| {
        h.state().preview().is_some()
    });
    assert!(
        h.query_by_label_contains(r#""subject": "fixed Ada""#)
            .is_some()
    );
    assert!(h.query_by_label_contains("Previews are paused").is_none());
    assert!(!marker.exists(), "the start rendered: the marker is gone");
    drop(h);

    // And the start after that one opens as usual.
    let mut h = open(with_marker());
    h.settle();
    assert!(h.state().previews_paused.is_none());
    assert!(h.state().preview().is_some());
}
