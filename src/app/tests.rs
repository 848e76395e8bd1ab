//! The app's state transitions without a window: commands pushed and applied by `logic` on a
//! bare egui context, nothing drawn. Background work is waited for through the repaint it asks
//! for when it finishes, and the pauses through a manual clock: never the wall clock.

use std::sync::{Condvar, Mutex};

use serde_json::json;

use super::*;
use crate::profiles::Profile;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zb-app-unit-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn config(dir: &std::path::Path) -> AppConfig {
    AppConfig {
        workspace_path: dir.join("workspace.json"),
        profiles_path: Some(dir.join("profiles.json")),
        language: Some(Language::English),
        start_sandbox: false,
        sandbox_state: None,
        store: Arc::new(crate::secrets::SessionStore::new()),
        autosave_delay: Duration::from_millis(800),
        history_path: None,
        ledger_path: None,
        clock: Clock::manual(),
        render_gate: None,
        start_marker: None,
    }
}

/// An app on a bare context, and a count of the repaints background threads asked for.
struct Bare {
    ctx: egui::Context,
    app: ZenbrazeApp,
    wakeups: Arc<(Mutex<u64>, Condvar)>,
}

impl Bare {
    fn new(config: AppConfig) -> Bare {
        let ctx = egui::Context::default();
        let wakeups = Arc::new((Mutex::new(0u64), Condvar::new()));
        let seen = Arc::clone(&wakeups);
        let me = std::thread::current().id();
        ctx.set_repaint_observer(move |_| {
            if std::thread::current().id() != me {
                *seen.0.lock().unwrap() += 1;
                seen.1.notify_all();
            }
        });
        let app = ZenbrazeApp::build(&ctx, None, config);
        let mut bare = Bare { ctx, app, wakeups };
        bare.until("the first preview", |a| !a.busy());
        bare
    }

    fn run(&mut self, command: Command) {
        self.app.push(command);
        self.app.logic_step(&self.ctx);
    }

    /// Runs `logic` until `done`, waiting between runs for a background thread to finish
    /// something (a deadlock ends the test after a long guard; nothing depends on timing).
    fn until(&mut self, what: &str, done: impl Fn(&ZenbrazeApp) -> bool) {
        let guard = std::time::Instant::now() + Duration::from_secs(300);
        loop {
            let seen = *self.wakeups.0.lock().unwrap();
            self.app.logic_step(&self.ctx);
            if done(&self.app) {
                return;
            }
            let mut count = self.wakeups.0.lock().unwrap();
            while *count == seen {
                let left = guard.saturating_duration_since(std::time::Instant::now());
                assert!(!left.is_zero(), "stuck waiting for {what}");
                count = self.wakeups.1.wait_timeout(count, left).unwrap().0;
            }
        }
    }
}

#[test]
fn payload_commands_change_the_workspace_and_record_the_edit() {
    let dir = temp_dir("payloads");
    let mut b = Bare::new(config(&dir));
    let before = b.app.doc.workspace.payloads.len();
    let revision = b.app.doc.revision();
    b.run(Command::Show(Panel::Users));
    b.run(Command::NewPayload);
    assert_eq!(b.app.doc.workspace.payloads.len(), before + 1);
    assert_eq!(b.app.remembered.payload, before);
    assert_eq!(
        b.app.remembered.panel,
        Panel::Payloads,
        "a new payload is shown"
    );
    assert_eq!(b.app.payload().unwrap().name, "New payload");
    assert!(b.app.doc.revision() > revision && b.app.doc.is_dirty());

    b.run(Command::DuplicatePayload);
    assert_eq!(b.app.payload().unwrap().name, "New payload (copy)");
    assert_eq!(b.app.remembered.payload, before + 1);
    // Deleting asks first; only the confirmed command deletes.
    b.run(Command::DeletePayload);
    assert_eq!(b.app.doc.workspace.payloads.len(), before + 2);
    assert!(b.app.confirm.is_some());
    b.run(Command::CancelConfirm);
    assert!(b.app.confirm.is_none());
    for _ in 0..2 {
        b.run(Command::DeletePayload);
        let asked = b.app.confirm.clone().unwrap().command;
        b.run(Command::Confirmed(Box::new(asked)));
    }
    assert_eq!(b.app.doc.workspace.payloads.len(), before);
    assert!(
        b.app.remembered.payload < before,
        "the selection stays in range"
    );

    b.run(Command::AddPreset(1));
    assert_eq!(b.app.doc.workspace.payloads.len(), before + 1);
    b.run(Command::AddPreset(99));
    assert_eq!(
        b.app.doc.workspace.payloads.len(),
        before + 1,
        "no such preset"
    );
}

#[test]
fn a_yes_never_deletes_another_row_than_the_one_named() {
    let dir = temp_dir("confirm_target");
    let mut b = Bare::new(config(&dir));
    let names: Vec<String> = b
        .app
        .doc
        .workspace
        .payloads
        .iter()
        .map(|p| p.name.clone())
        .collect();
    b.run(Command::DeletePayload);
    let asked = b.app.confirm.clone().unwrap();
    assert_eq!(asked.target, Some(0));
    assert_eq!(asked.question.text_arg("name"), Some(names[0].as_str()));
    // The selection moved while the question was open: the "yes" deletes nothing.
    b.app.remembered.payload = 1;
    b.run(Command::Confirmed(Box::new(asked.command)));
    assert_eq!(b.app.doc.workspace.payloads.len(), names.len());
    assert!(b.app.confirm.is_none());
    // Nothing to delete, nothing asked.
    b.app.doc.workspace.contexts.clear();
    b.app.remembered.context = None;
    b.run(Command::DeleteContext);
    assert!(b.app.confirm.is_none());
}

#[test]
fn the_body_is_edited_at_the_cursor_and_a_stale_range_is_ignored() {
    let dir = temp_dir("body");
    let mut b = Bare::new(config(&dir));
    b.app.payload_mut().unwrap().body = "{}".into();
    b.app.editor.cursor = Some(1);
    b.run(Command::Insert("\"a\": 1".into()));
    assert_eq!(b.app.payload().unwrap().body, "{\"a\": 1}");
    assert_eq!(b.app.editor.jump_to, Some(7));
    b.run(Command::Replace(1..4, "\"b\"".into()));
    assert_eq!(b.app.payload().unwrap().body, "{\"b\": 1}");
    b.run(Command::Replace(5..99, "x".into()));
    assert_eq!(
        b.app.payload().unwrap().body,
        "{\"b\": 1}",
        "out of range: ignored"
    );
    // A cursor in the middle of a character inserts at the end instead.
    b.app.payload_mut().unwrap().body = "é".into();
    b.app.editor.cursor = Some(1);
    b.run(Command::Insert("!".into()));
    assert_eq!(b.app.payload().unwrap().body, "é!");
}

#[test]
fn samples_are_added_duplicated_deleted_and_selected_within_range() {
    let dir = temp_dir("samples");
    let mut b = Bare::new(config(&dir));
    let users = b.app.doc.workspace.users.len();
    let data = b.app.doc.data_revision();
    b.run(Command::AddUser);
    assert_eq!(b.app.doc.workspace.users.len(), users + 1);
    assert_eq!(b.app.remembered.user, users);
    assert!(
        b.app.doc.data_revision() > data,
        "the samples' revision moved"
    );
    b.run(Command::DuplicateUser);
    let copy = &b.app.doc.workspace.users[users + 1];
    assert_eq!(copy["external_id"], format!("user-{}-copy", users + 1));
    b.run(Command::Confirmed(Box::new(Command::DeleteUser)));
    assert_eq!(b.app.doc.workspace.users.len(), users + 1);

    b.run(Command::SelectSubject(10_000));
    assert_eq!(b.app.remembered.user, users, "clamped to the last sample");
    b.run(Command::NextSubject);
    assert_eq!(b.app.remembered.user, users);
    b.run(Command::PreviousSubject);
    assert_eq!(b.app.remembered.user, users - 1);

    let tickets = b.app.doc.workspace.tickets.len();
    b.run(Command::AddTicket);
    assert_eq!(b.app.doc.workspace.tickets.len(), tickets + 1);
    assert_ne!(
        b.app.doc.workspace.tickets[tickets]["ticket"]["id"],
        b.app.doc.workspace.tickets[0]["ticket"]["id"],
        "a new ticket id"
    );
    b.run(Command::Confirmed(Box::new(Command::DeleteTicket)));
    assert_eq!(b.app.doc.workspace.tickets.len(), tickets);

    let contexts = b.app.doc.workspace.contexts.len();
    b.run(Command::AddContext);
    assert_eq!(b.app.remembered.context, Some(contexts));
    assert_eq!(
        b.app.doc.workspace.contexts[contexts].name,
        format!("Context {}", contexts + 1)
    );
    b.run(Command::Confirmed(Box::new(Command::DeleteContext)));
    assert_eq!(b.app.remembered.context, None);
    assert_eq!(b.app.doc.workspace.contexts.len(), contexts);
}

#[test]
fn language_theme_palette_and_panels_follow_their_commands() {
    let dir = temp_dir("ui_state");
    let mut b = Bare::new(config(&dir));
    b.run(Command::SetLanguage(Language::Spanish));
    assert_eq!(b.app.i18n.language(), Language::Spanish);
    assert_eq!(
        b.app.remembered_for_storage().language,
        Some(Language::Spanish)
    );
    b.run(Command::SetTheme(ThemeChoice::Dark));
    assert_eq!(b.app.remembered.theme, ThemeChoice::Dark);
    assert_eq!(
        b.ctx.options(|o| o.theme_preference),
        egui::ThemePreference::Dark
    );
    b.run(Command::OpenPalette);
    assert!(b.app.palette.is_some());
    for panel in Panel::ALL {
        b.run(Command::Show(*panel));
        assert_eq!(b.app.remembered.panel, *panel);
    }
    b.run(Command::Ask(PathPurpose::Export));
    let dialog = b.app.path_dialog.as_ref().unwrap();
    assert!(dialog.path.ends_with("zenbraze-export.json"));
}

#[test]
fn the_autosave_waits_for_the_pause_then_saves_off_the_ui_thread() {
    let dir = temp_dir("autosave");
    let mut b = Bare::new(config(&dir));
    b.run(Command::NewPayload);
    assert!(b.app.doc.is_dirty());
    b.app.logic_step(&b.ctx);
    assert!(!b.app.doc.is_saving(), "not before the pause");
    b.app.clock().advance(Duration::from_millis(799));
    b.app.logic_step(&b.ctx);
    assert!(
        !b.app.doc.is_saving(),
        "not a moment before the pause is over"
    );
    b.app.clock().advance(Duration::from_millis(1));
    b.app.logic_step(&b.ctx);
    assert!(b.app.doc.is_saving(), "the save started");
    b.until("the save", |a| !a.doc.is_saving());
    assert!(!b.app.doc.is_dirty());
    let text = std::fs::read_to_string(dir.join("workspace.json")).unwrap();
    assert!(text.contains("New payload"));
}

#[test]
fn a_workspace_that_cannot_be_read_is_announced_and_never_overwritten() {
    let dir = temp_dir("recovery");
    let corrupt = "{\"format\": 1, \"payloads\": [";
    std::fs::write(dir.join("workspace.json"), corrupt).unwrap();
    let mut b = Bare::new(config(&dir));
    assert!(b.app.doc.recovery().is_some());
    assert!(
        b.app
            .notices
            .iter()
            .any(|n| n.error && n.text.id() == "recovery-banner")
    );
    b.run(Command::Save);
    b.until("the save", |a| !a.doc.is_saving());
    assert_eq!(
        std::fs::read_to_string(dir.join("workspace.json")).unwrap(),
        corrupt
    );
    assert!(dir.join("workspace.recovered.json").exists());
}

#[test]
fn a_save_that_fails_says_so_and_keeps_the_changes() {
    let dir = temp_dir("save_fails");
    let mut config = config(&dir);
    // The workspace's directory is a file: neither the workspace nor a recovery copy can be
    // written there.
    std::fs::write(dir.join("not_a_dir"), "x").unwrap();
    config.workspace_path = dir.join("not_a_dir").join("workspace.json");
    let mut b = Bare::new(config);
    b.run(Command::NewPayload);
    b.run(Command::Save);
    b.until("the failed save", |a| !a.doc.is_saving());
    assert!(b.app.doc.is_dirty(), "nothing is marked saved");
    assert!(b.app.doc.last_error().is_some());
    assert!(
        b.app
            .notices
            .iter()
            .any(|n| n.error && n.text.id() == "save-failed")
    );
}

#[test]
fn a_send_with_nothing_selected_says_so() {
    let dir = temp_dir("send_nothing");
    let mut b = Bare::new(config(&dir));
    b.app.doc.workspace.users.clear();
    b.run(Command::Send);
    assert_eq!(b.app.remembered.panel, Panel::Console);
    assert_eq!(b.app.console.blocked.as_ref().unwrap().id(), "send-nothing");
    assert!(b.app.console.preparing.is_none() && b.app.console.in_flight.is_none());
}

#[test]
fn a_send_with_lint_errors_is_prepared_off_the_ui_thread_and_refused() {
    let dir = temp_dir("send_blocked");
    let mut b = Bare::new(config(&dir));
    b.app.doc.workspace.users[0]["first_name"] = json!("Ada \"The Countess\"");
    b.app.edited_data();
    b.app.payload_mut().unwrap().body =
        r#"{"ticket": {"subject": "{{${first_name}}}", "comment": {"body": "x"}}}"#.into();
    b.run(Command::Send);
    // Rendered and linted on a background thread: still on its way, or (on an idle machine) back
    // already in the same step, which polls after it applies.
    assert!(
        b.app.console.preparing.is_some() || b.app.console.blocked.is_some(),
        "rendered and linted in the background"
    );
    // A second Send while one is prepared does nothing.
    if b.app.console.preparing.is_some() {
        b.run(Command::Send);
    }
    b.until("the refusal", |a| a.console.blocked.is_some());
    assert_eq!(b.app.console.blocked.as_ref().unwrap().id(), "send-blocked");
    assert!(b.app.console.in_flight.is_none());
    // With the override, the same body goes on to confirmation (a real account) or the wire.
    b.app.console.override_errors = true;
    b.run(Command::Send);
    b.until("the send to start", |a| {
        a.console.preparing.is_none() && a.console.in_flight.is_some()
    });
    assert!(b.app.console.blocked.is_none());
}

/// A real account: confirmed once per session; cancel drops the pending send; a confirmed one
/// goes, and cancelling it while it waits ends it without another attempt.
#[test]
fn a_real_account_is_confirmed_then_sent_and_can_be_cancelled() {
    let dir = temp_dir("send_confirm");
    let mut b = Bare::new(config(&dir));
    let real = Profile {
        name: "acme".into(),
        // Nothing listens on port 1: the send fails to connect and waits to retry.
        ..Profile::sandbox("http://127.0.0.1:1")
    };
    *b.app.profiles.entry("acme") = real;
    use crate::secrets::{Secret, Service};
    b.app
        .config
        .store
        .set("acme", Service::Zendesk, &Secret::new("token_1234567890"))
        .unwrap();
    b.run(Command::SetActiveProfile("acme".into()));
    b.app.logic_step(&b.ctx);
    b.until("the preview", |a| !a.busy());
    b.run(Command::Send);
    b.until("the confirmation", |a| a.console.confirm.is_some());
    let pending = b.app.console.confirm.clone().unwrap();
    assert!(
        pending.description.contains("127.0.0.1:1"),
        "{}",
        pending.description
    );
    b.run(Command::CancelSend);
    assert!(b.app.console.confirm.is_none() && b.app.console.in_flight.is_none());
    assert!(
        b.app.console.confirmed.is_empty(),
        "cancel confirms nothing"
    );

    b.run(Command::Send);
    b.until("the confirmation", |a| a.console.confirm.is_some());
    b.run(Command::ConfirmSend);
    assert!(b.app.console.confirmed.contains(&pending.description));
    assert!(b.app.console.in_flight.is_some(), "the confirmed send went");
    b.until("the wait before a retry", |a| {
        a.console
            .in_flight
            .as_ref()
            .is_some_and(|f| f.watch.remaining_wait().is_some())
    });
    b.run(Command::CancelSend);
    b.until("the cancelled send", |a| a.console.in_flight.is_none());
    let entry = b.app.console.shown.clone().unwrap();
    assert!(!entry.ok);
    assert_eq!(
        entry.exchange.attempts.len(),
        1,
        "no attempt after the cancel"
    );
    // Confirmed for this session: the next send needs no confirmation.
    b.run(Command::Send);
    b.until("the next send", |a| a.console.in_flight.is_some());
    assert!(b.app.console.confirm.is_none());
    b.run(Command::CancelSend);
    b.until("the cancelled send", |a| a.console.in_flight.is_none());
}

#[test]
fn a_history_entry_whose_profile_is_gone_is_not_sent_again() {
    let dir = temp_dir("resend");
    let mut b = Bare::new(config(&dir));
    let entry: crate::send::history::Entry = serde_json::from_value(json!({
        "time": "2025-01-01T00:00:00Z", "profile": "gone", "target": crate::target::Target::ZendeskTicket.name(),
        "template": "t", "ok": true, "error": null,
        "exchange": {"service": "zendesk", "operation": "create ticket", "method": "POST",
                     "url": "https://x.zendesk.com/api/v2/tickets.json", "request_headers": [],
                     "request_body": "{}", "attempts": [], "started_at": "2025-01-01T00:00:00Z",
                     "warnings": []}
    }))
    .expect("a history entry");
    b.app.console.history.push(entry);
    b.run(Command::Resend(0));
    assert_eq!(
        b.app.console.blocked.as_ref().unwrap().id(),
        "resend-no-profile"
    );
    assert!(b.app.console.in_flight.is_none());
}

#[test]
fn the_preview_is_rendered_by_its_worker_and_follows_the_body() {
    let dir = temp_dir("preview");
    let gate = RenderGate::closed();
    let mut config = config(&dir);
    config.render_gate = Some(gate.clone());
    let ctx = egui::Context::default();
    let mut app = ZenbrazeApp::build(&ctx, None, config);
    app.logic_step(&ctx);
    gate.wait_arrived(1);
    // The worker holds the render: `logic` does not wait for it.
    for _ in 0..3 {
        app.logic_step(&ctx);
    }
    assert!(app.preview_updating() && app.preview().is_none());
    app.payload_mut().unwrap().body = "{\"n\": {{ 1 | plus: 1 }}}".into();
    app.edited();
    app.logic_step(&ctx);
    gate.open();
    app.wait_for_preview();
    assert_eq!(
        app.preview(),
        Some(&crate::preview::Preview::Output("{\"n\": 2}".into()))
    );
    assert_eq!(gate.arrived(), 1, "only the newest body was rendered");
}

#[test]
fn a_long_body_is_previewed_once_typing_pauses() {
    let dir = temp_dir("long_body");
    let mut b = Bare::new(config(&dir));
    let body = format!("{{\"pad\": \"{}\"}}", "x".repeat(LONG_BODY));
    b.app.payload_mut().unwrap().body = body;
    b.app.edited();
    b.app.logic_step(&b.ctx);
    assert!(
        !b.app.preview_updating(),
        "a long body waits for a pause in typing"
    );
    b.app.clock().advance(LONG_BODY_PAUSE);
    b.app.logic_step(&b.ctx);
    assert!(b.app.preview_updating(), "asked once the pause is over");
    b.app.wait_for_preview();
    assert!(matches!(
        b.app.preview(),
        Some(crate::preview::Preview::Output(_))
    ));
}

#[test]
fn the_survey_runs_only_while_its_tab_is_open() {
    let dir = temp_dir("survey");
    let mut b = Bare::new(config(&dir));
    b.app.logic_step(&b.ctx);
    assert_eq!(b.app.survey(), (None, false), "no tab, no work");
    b.app.remembered.preview_tab = PreviewTab::AllSubjects;
    b.until("the survey", |a| a.survey().0.is_some() && !a.survey().1);
    let rows = b.app.survey().0.unwrap().as_ref().unwrap();
    assert_eq!(rows.len(), b.app.doc.workspace.users.len());
}

#[test]
fn commands_that_need_a_sandbox_do_nothing_without_one() {
    let dir = temp_dir("no_sandbox");
    let mut b = Bare::new(config(&dir));
    b.run(Command::ResetSandbox);
    b.run(Command::SetFaults(vec![json!({"kind": "drop"})]));
    b.run(Command::AdvanceSandboxClock(24));
    b.run(Command::SetTicketStatus(1, "solved".into()));
    assert!(!b.app.background.busy());
    assert!(b.app.sandbox().is_none());
}
