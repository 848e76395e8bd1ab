//! The test-send console and the sandbox view, against the app's own embedded sandbox (or a
//! second one for a "real" profile), driven by egui_kittest on the app's real state.

mod app_support;

use app_support::*;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use serde_json::json;
use zenbraze::i18n::Language;
use zenbraze::secrets::SessionStore;

#[test]
fn a_send_shows_the_created_ticket_and_survives_a_restart_without_secrets() {
    let dir = temp_dir("send");
    let (mut h, _url) = app_with_sandbox(&dir, Language::English);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    h.wait_sent();
    assert!(h.query_by_label_contains("201 Created").is_some());
    assert!(h.query_by_label_contains("Ticket 1 created").is_some());
    assert!(
        h.query_by_label_contains("Authorization: Basic ").is_some(),
        "the header is shown"
    );
    let entry = h.state().console.shown.clone().unwrap();
    assert!(entry.ok && entry.exchange.status() == Some(201));
    h.get_by_label("Search the body")
        .set_text_value_accesskit("subject");
    h.run_ok();
    assert!(h.query_by_label_contains("matching line").is_some());
    drop(h);

    let text = std::fs::read_to_string(dir.join("history.jsonl")).unwrap();
    let token = zenbraze::sandbox::DEMO_ZENDESK_TOKEN;
    use base64::Engine as _;
    let pair = base64::engine::general_purpose::STANDARD.encode(format!(
        "{}/token:{token}",
        zenbraze::sandbox::DEMO_ADMIN_EMAIL
    ));
    assert!(
        !text.contains(token) && !text.contains(&pair),
        "no secret in the history"
    );
    let h = app(&dir, Language::English);
    assert_eq!(
        h.state().console.history.len(),
        1,
        "the history is read back"
    );
    assert_eq!(h.state().console.history[0].exchange.status(), Some(201));
}

#[test]
fn a_body_with_lint_errors_is_not_sent_and_says_why() {
    let dir = temp_dir("send-blocked");
    let (mut h, url) = app_with_sandbox(&dir, Language::English);
    h.state_mut().doc.workspace.users[0]["first_name"] = json!("Ada \"The Countess\"");
    h.state_mut().edited_data();
    h.set_body(r#"{"ticket": {"subject": "{{${first_name}}}", "comment": {"body": "hi"}}}"#);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    h.step_until("the send to be refused", |h| {
        h.state().console.blocked.is_some()
    });
    assert!(
        h.query_by_label_contains("Not sent: the linter found")
            .is_some(),
        "the reason is on screen"
    );
    assert!(h.state().console.history.is_empty());
    assert_eq!(
        sandbox_state(&url)["tickets"].as_array().unwrap().len(),
        0,
        "nothing reached the sandbox"
    );
}

#[test]
fn a_rate_limited_send_shows_the_wait_then_succeeds_and_a_long_wait_can_be_cancelled() {
    let dir = temp_dir("send-429");
    let (mut h, url) = app_with_sandbox(&dir, Language::English);
    inject(
        &url,
        json!([{"kind": "rate_limit", "retry_after": 1, "path": "/api/v2/tickets*", "count": 1}]),
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    h.wait_text("Retrying in");
    assert!(h.query_by_label_contains("rate limited").is_some());
    h.wait_sent();
    assert!(h.query_by_label_contains("201 Created · ").is_some());
    assert!(h.query_by_label_contains("2 attempts").is_some());

    // A wait of 30 s, cancelled while it runs: the send ends after its one refused attempt,
    // without the retry it was waiting for.
    inject(
        &url,
        json!([{"kind": "rate_limit", "retry_after": 30, "path": "/api/v2/tickets*", "count": 1}]),
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    h.wait_text("Retrying in");
    h.get_by_label("Cancel").click();
    h.run_ok();
    h.step_until("the cancelled send", |h| {
        h.state().console.in_flight.is_none() && h.state().console.history.len() == 2
    });
    let shown = h.state().console.shown.clone().unwrap();
    assert!(!shown.ok, "a cancelled send is not a success");
    assert!(
        shown
            .error
            .unwrap()
            .to_string()
            .to_lowercase()
            .contains("cancel")
    );
    assert_eq!(
        shown.exchange.attempts.len(),
        1,
        "the retry never went: the cancel stopped the wait"
    );
    assert_eq!(
        sandbox_state(&url)["tickets"].as_array().unwrap().len(),
        1,
        "only the first send made a ticket"
    );
}

#[test]
fn a_wrong_token_on_a_real_profile_is_confirmed_once_then_shows_a_clear_401() {
    let dir = temp_dir("send-401");
    let (_staging, store) = staging_profile(&dir, &[zenbraze::secrets::Service::Zendesk]);
    let mut config = config(&dir, Language::English);
    config.store = store;
    let mut h = open(config);
    h.settle();
    assert!(
        h.state().profiles.get("staging").is_some(),
        "profiles.json was read"
    );
    h.state_mut()
        .push(zenbraze::app::Command::SetActiveProfile("staging".into()));
    h.run_ok();
    h.settle();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    h.wait_text("This creates a real ticket in");
    h.get_by_role_and_label(Role::Button, "Send").click();
    h.run_ok();
    h.wait_sent();
    assert!(h.query_by_label_contains("401 Unauthorized").is_some());
    let shown = h.state().console.shown.clone().unwrap();
    let error = shown.error.unwrap().to_string();
    assert!(error.contains("401"), "{error}");
    assert!(!error.contains("wrong-token-123456"));
    // Confirmed once per session: the next send goes straight away.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    h.step_until("the second send", |h| h.state().console.history.len() == 2);
    assert!(
        h.query_by_label_contains("This creates a real ticket in")
            .is_none()
    );
}

#[test]
fn send_to_all_sends_each_of_55_users_and_reports_each_one() {
    let dir = temp_dir("send-all");
    let (mut h, url) = app_with_sandbox(&dir, Language::English);
    let users: Vec<serde_json::Value> = (0..55)
        .map(|i| json!({"external_id": format!("bulk-{i}"), "first_name": format!("User {i}"), "email": format!("u{i}@example.com")}))
        .collect();
    h.state_mut().doc.workspace.users = users;
    h.state_mut().edited_data();
    h.run_ok();
    h.get_by_role_and_label(Role::Button, "Console").click();
    h.run_ok();
    h.get_by_label("Send to all 55 samples").click();
    h.step_until("all 55 sends", |h| {
        h.state().console.bulk.as_ref().is_some_and(|b| b.collected)
    });
    assert!(
        h.query_by_label("55 of 55").is_some(),
        "the progress bar is full"
    );
    assert!(h.query_by_label("55 accepted of 55 done").is_some());
    assert_eq!(h.state().console.history.len(), 55);
    assert_eq!(
        sandbox_state(&url)["tickets"].as_array().unwrap().len(),
        55,
        "one ticket per user"
    );
}

#[test]
fn solving_a_ticket_in_the_sandbox_view_puts_the_event_on_the_braze_profile() {
    let dir = temp_dir("sandbox-view");
    let (mut h, url) = app_with_sandbox(&dir, Language::English);
    // What the wizard sets up: status changed to solved → Braze /users/track.
    let z = zenbraze::api::zendesk::ZendeskClient::new(
        &url,
        zenbraze::sandbox::DEMO_ADMIN_EMAIL,
        zenbraze::secrets::Secret::new(zenbraze::sandbox::DEMO_ZENDESK_TOKEN),
        Default::default(),
    )
    .unwrap();
    apply_solved_trigger(&url);
    zenbraze::net::block_on(async {
        z.create_or_update_user(&json!({"name": "Ada Lovelace", "email": "ada@example.com", "external_id": "user-1042"}))
            .await
            .result
            .unwrap();
    });
    // The ticket Braze would create for Ada, sent from the console.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    h.wait_sent();
    assert!(h.query_by_label_contains("Ticket 1 created").is_some());

    // The history entry opens the ticket in the sandbox view (read with GET /tickets/1).
    h.get_by_label("Show in the sandbox").click();
    h.step_until("the ticket from the history link", |h| {
        h.query_by_label_contains("Ticket #1 ·").is_some()
    });
    assert_eq!(h.state().remembered.panel, zenbraze::app::Panel::Sandbox);
    // A status set from the strip shows in the strip (it kept the status it was opened with),
    // and the button that hides the strip is not the one beside the status control.
    let strip_status = h
        .query_all_by_label("status")
        .min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .unwrap();
    strip_status.click();
    h.run_ok();
    h.get_by_label("pending").click();
    h.run_ok();
    h.step_until("the ticket to be pending", |h| {
        h.state().sandbox().unwrap().snapshot()["tickets"][0]["status"] == "pending"
    });
    h.run_ok();
    h.run_ok();
    let strips: Vec<String> = visible_texts(&h)
        .into_iter()
        .filter(|t| t.starts_with("Ticket #1 ·"))
        .collect();
    assert!(
        strips.iter().any(|t| t.ends_with("· pending")),
        "the strip says {strips:?}"
    );
    let hide = h.get_by_label("Hide this ticket").rect();
    let strip = h.get_by_label_contains("Ticket #1 ·").rect();
    assert!(
        hide.right() <= strip.left(),
        "the hide button {hide:?} is not before the strip {strip:?}"
    );
    h.get_by_label("Hide this ticket").click();
    h.run_ok();

    h.get_by_role_and_label(Role::Button, "Sandbox").click();
    h.run_ok();
    assert!(h.query_by_label("Tickets (1)").is_some());
    // The list comes from the API's paginated GET /tickets.
    h.step_until("the ticket list from the API", |h| {
        h.query_by_label("status").is_some()
    });
    assert!(h.query_by_label_contains("This page: one ticket").is_some());
    // The sandbox's clock five hours ahead: the delivery's time and its body's are both on it.
    let clock_url = format!("{url}/__sandbox/clock");
    let moved = zenbraze::net::block_on(async move {
        reqwest::Client::new()
            .post(clock_url)
            .header("content-type", "application/json")
            .body(json!({"advance_hours": 5}).to_string())
            .send()
            .await
            .map(|r| r.status().is_success())
    });
    assert!(moved.unwrap());
    h.get_by_label("status").click();
    h.run_ok();
    h.get_by_label("solved").click();
    h.step_until("the ticket to be solved", |h| {
        h.state().sandbox().unwrap().snapshot()["tickets"][0]["status"] == "solved"
    });
    h.wait_text("zendesk_ticket_solved");
    assert!(h.query_by_label("Webhook deliveries (1)").is_some());
    // The delivery is marked a success once Braze's answer is in, which (the sandbox's state
    // kept on disk) can come a frame after the event shows on the profile.
    h.wait_text("#1 · success");
    assert!(h.query_by_label_contains("#1 · success").is_some());
    let snapshot = h.state().sandbox().unwrap().snapshot();
    let time = |v: &serde_json::Value| {
        chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap_or_default())
            .unwrap_or_else(|e| panic!("{v}: {e}"))
    };
    let delivered = time(&snapshot["invocations"][0]["created_at"]);
    let updated = time(&snapshot["tickets"][0]["updated_at"]);
    assert!(
        (delivered - updated).num_seconds().abs() < 120,
        "the delivery at {delivered} and the ticket's change at {updated} are on different clocks"
    );
    let heading = format!(
        "{} · #1 · success",
        snapshot["invocations"][0]["created_at"].as_str().unwrap()
    );
    assert!(
        h.query_by_label_contains(&heading).is_some(),
        "the heading is not `{heading}`"
    );
    assert!(
        h.query_by_label_contains("user-1042 · Ada Lovelace · one event")
            .is_some()
    );
}

#[test]
fn the_sandbox_view_switches_faults_and_resets() {
    let dir = temp_dir("sandbox-faults");
    let (mut h, _url) = app_with_sandbox(&dir, Language::English);
    h.get_by_role_and_label(Role::Button, "Sandbox").click();
    h.run_ok();
    h.get_by_label("500 server error").click();
    h.step_until("the fault to be on", |h| {
        h.state().sandbox().is_some_and(|s| {
            s.snapshot()["faults"]
                .as_array()
                .is_some_and(|f| f.len() == 1)
        })
    });
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    h.wait_sent();
    assert_eq!(
        h.state().console.shown.as_ref().unwrap().exchange.status(),
        Some(500)
    );
    h.get_by_role_and_label(Role::Button, "Sandbox").click();
    h.run_ok();
    h.get_by_label("Reset the sandbox").click();
    h.run_ok();
    // It asks first, naming what goes.
    assert!(
        h.query_by_label_contains("Reset the sandbox and delete its 0 tickets?")
            .is_some()
    );
    h.get_by_label("Yes, reset").click();
    h.step_until("the reset", |h| {
        h.state()
            .sandbox()
            .is_some_and(|s| s.snapshot()["faults"].as_array().is_some_and(Vec::is_empty))
    });
}

/// The sandbox view's clock (issue 27): "+1 hour" and "+24 hours" move it, and it says so.
#[test]
fn the_sandbox_view_moves_the_clock_an_hour_and_a_day() {
    let dir = temp_dir("sandbox-clock");
    let (mut h, _url) = app_with_sandbox(&dir, Language::English);
    h.get_by_role_and_label(Role::Button, "Sandbox").click();
    h.run_ok();
    assert!(h.query_by_label_contains("(0 hours ahead)").is_some());
    h.get_by_label("+1 hour").click();
    h.step_until("an hour", |h| {
        h.state()
            .sandbox()
            .is_some_and(|s| s.snapshot()["clock"]["advanced_hours"] == 1)
    });
    h.get_by_label("+24 hours").click();
    h.step_until("a day more", |h| {
        h.state()
            .sandbox()
            .is_some_and(|s| s.snapshot()["clock"]["advanced_hours"] == 25)
    });
    h.run_ok();
    assert!(h.query_by_label_contains("(25 hours ahead)").is_some());
}

#[test]
fn an_exchange_can_be_sent_again_and_compared_with_another() {
    let dir = temp_dir("resend");
    let (mut h, _url) = app_with_sandbox(&dir, Language::English);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    h.wait_sent();
    // One exchange: nothing to compare it with, so no picker with an empty list.
    assert!(h.query_by_label("Compare with the one shown").is_none());
    h.get_by_label("Send again").click();
    h.run_ok();
    h.step_until("the second send", |h| {
        h.state().console.history.len() == 2 && h.state().console.in_flight.is_none()
    });
    assert!(h.query_by_label_contains("Ticket 2 created").is_some());
    assert_eq!(
        h.state().console.history[0].exchange.request_body,
        h.state().console.history[1].exchange.request_body,
        "the same body went again"
    );
    assert!(h.query_by_label("Compare with the one shown").is_some());
    h.state_mut().push(zenbraze::app::Command::Compare(Some(1)));
    h.run_ok();
    // The two answers differ in the ticket id (and its URL), line by line.
    assert!(h.query_by_label_contains("-     \"id\": 1,").is_some());
    assert!(h.query_by_label_contains("+     \"id\": 2,").is_some());
}

/// Copy buttons say that they copied, and what went to the clipboard is what they name.
fn copied_text(h: &TestApp) -> Option<String> {
    h.output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        })
}

#[test]
fn the_console_picks_its_own_payload_and_sample_and_the_newest_is_on_top() {
    let dir = temp_dir("console-pickers");
    let (mut h, url) = app_with_sandbox(&dir, Language::English);
    h.get_by_role_and_label(Role::Button, "Console").click();
    h.run_ok();
    // Both pickers follow the editor until picked.
    let shows = |h: &TestApp, text: &str| visible_texts(h).iter().any(|t| t.contains(text));
    assert!(shows(
        &h,
        "As in the editor (Ticket from Braze (corrected))"
    ));
    assert!(shows(&h, "As in the editor (user-1042)"));

    // Another sample than the editor's.
    h.get_by_role_and_label(Role::ComboBox, "Sample").click();
    h.run_ok();
    h.get_by_label("user-unicode").click();
    h.run_ok();
    assert!(
        h.query_by_label_contains("for user-unicode, with profile")
            .is_some()
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    h.wait_sent();
    let sent = h.state().console.history[0].clone();
    assert_eq!(sent.subject.as_deref(), Some("user-unicode"));
    assert_eq!(sent.template, "Ticket from Braze (corrected)");
    assert_eq!(h.state().remembered.user, 0, "the editor keeps its sample");

    // Another payload than the editor's: a Zendesk → Braze one, so the sample is a ticket.
    h.get_by_role_and_label(Role::ComboBox, "Payload").click();
    h.run_ok();
    h.get_by_label("Ticket solved → Braze event").click();
    h.run_ok();
    assert!(
        shows(&h, "As in the editor (ticket"),
        "the sample follows again, of the payload's kind"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    h.step_until("the Braze send", |h| {
        h.state().console.history.len() == 2 && h.state().console.in_flight.is_none()
    });
    let sent = h.state().console.history[0].clone();
    assert_eq!(sent.template, "Ticket solved → Braze event");
    assert!(
        sent.exchange.url.ends_with("/users/track"),
        "{}",
        sent.exchange.url
    );
    assert_eq!(
        h.state().remembered.payload,
        0,
        "the editor keeps its payload"
    );
    assert_eq!(
        sandbox_state(&url)["tickets"].as_array().unwrap().len(),
        1,
        "one ticket from the first send, none from the event"
    );

    // Copy as curl: the clipboard gets the command, and the button says it copied.
    assert!(h.query_by_label("Copied").is_none());
    h.get_by_label("Copy as curl").click();
    h.step();
    let copied = copied_text(&h).expect("something was copied");
    assert!(copied.starts_with("curl "), "{copied}");
    h.run_ok();
    assert!(h.query_by_label("Copied").is_some());
    h.get_by_label("Copy the response body").click();
    h.step();
    let body = copied_text(&h).unwrap();
    assert!(body.contains("\"message\""), "{body}");
    h.run_ok();
    assert_eq!(
        h.query_all_by_label("Copied").count(),
        1,
        "only the last copy says so"
    );

    // A batch goes on top of the exchange; once done it can be closed.
    h.get_by_role_and_label(Role::ComboBox, "Payload").click();
    h.run_ok();
    h.get_by_label("As in the editor (Ticket from Braze (corrected))")
        .click();
    h.run_ok();
    h.get_by_label("Send to all 5 samples").click();
    h.step_until("the batch", |h| {
        h.state().console.bulk.as_ref().is_some_and(|b| b.collected)
    });
    let after_batch = h.state().console.history.len();
    assert!(after_batch > 2, "the batch's sends joined the history");
    let top = |h: &TestApp, label: &str| {
        h.get_by_label_contains(label)
            .accesskit_node()
            .bounding_box()
            .unwrap()
            .y0
    };
    assert!(
        top(&h, "of 5 done") < top(&h, "Copy as curl"),
        "the batch is drawn above the older exchange"
    );
    h.get_by_label("Close the batch").click();
    h.run_ok();
    assert!(h.state().console.bulk.is_none());
    assert!(h.query_by_label_contains("accepted of").is_none());
    assert_eq!(
        h.state().console.history.len(),
        after_batch,
        "its rows stay in the history"
    );
    // A new send's headline is in view, at the top of the exchange.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    h.step_until("the next send", |h| {
        h.state().console.history.len() == after_batch + 1 && h.state().console.in_flight.is_none()
    });
    let headline = h.get_by_label_contains("201 Created · ");
    let y = headline.accesskit_node().bounding_box().unwrap().y0;
    assert!(y < 900.0 / 2.0, "the headline is near the top: {y}");
}

#[test]
fn a_delivery_braze_took_without_its_event_says_so_in_the_sandbox_view() {
    // The README's loop without Ada in Zendesk first: her ticket's requester has no external
    // id, Braze answers 201 with events_processed 0, and the delivery read "success" in green.
    let dir = temp_dir("sandbox-dropped");
    let (mut h, url) = app_with_sandbox(&dir, Language::English);
    apply_solved_trigger(&url);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    h.wait_sent();
    h.get_by_role_and_label(Role::Button, "Sandbox").click();
    h.run_ok();
    h.step_until("the ticket list from the API", |h| {
        h.query_by_label("status").is_some()
    });
    h.get_by_label("status").click();
    h.run_ok();
    h.get_by_label("solved").click();
    // The delivery is listed as soon as it starts; its answer comes with its status.
    h.step_until("the delivery and Braze's answer", |h| {
        h.query_by_label_contains("#1 · success").is_some()
    });
    assert!(
        h.query_by_label_contains("#1 · success · Braze processed 0 of 1 event")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("user-1042 · Ada Lovelace · 0 events")
            .is_some()
    );
}

/// What the wizard sets up on the sandbox: status changed to solved → Braze /users/track, with
/// the preset's event body.
fn apply_solved_trigger(url: &str) {
    let connection = zenbraze::setup::Connection::open(
        &zenbraze::profiles::Profile::sandbox(url),
        &SessionStore::new(),
        Default::default(),
    )
    .unwrap();
    let mut spec =
        zenbraze::setup::Spec::new("Ticket solved → Braze event", "zendesk_ticket_solved");
    spec.event.custom_body =
        Some(include_str!("../assets/presets/zendesk-solved-event.liquid").to_owned());
    assert!(zenbraze::net::block_on(connection.apply(&spec)).ok());
}

/// The embedded sandbox keeps its tickets across a restart (in the data directory), so an old
/// history entry opens its own ticket and a new send gets a new id; a reset asks first, and
/// an entry from before it says why its ticket cannot be shown instead of opening another.
#[test]
fn a_sandbox_ticket_outlives_a_restart_and_an_entry_from_before_a_reset_says_so() {
    let dir = temp_dir("sandbox-runs");
    let (mut h, _url) = app_with_sandbox(&dir, Language::English);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    h.wait_sent();
    assert!(h.query_by_label_contains("Ticket 1 created").is_some());
    let run = h.state().sandbox().unwrap().run();
    assert!(
        h.query_by_label_contains(&format!("with the profile sandbox · sandbox run {run}"))
            .is_some(),
        "the entry names its account and run"
    );
    let subject = h.state().sandbox().unwrap().snapshot()["tickets"][0]["subject"]
        .as_str()
        .unwrap()
        .to_owned();
    drop(h);
    wait_sandbox_released(&dir);

    // After a restart the old entry's link opens the same ticket, still there.
    let (mut h, _url) = app_with_sandbox(&dir, Language::English);
    assert_eq!(h.state().sandbox().unwrap().run(), run, "the same run");
    h.get_by_role_and_label(Role::Button, "Sandbox").click();
    h.run_ok();
    assert!(h.query_by_label_contains(&format!("Run {run}")).is_some());
    assert!(h.query_by_label_contains("Kept in ").is_some());
    h.get_by_role_and_label(Role::Button, "Console").click();
    h.run_ok();
    h.query_all_by_label_contains("· 201 · zendesk-ticket")
        .last()
        .unwrap()
        .click();
    h.run_ok();
    h.get_by_label("Show in the sandbox").click();
    h.step_until("the old entry's ticket", |h| {
        h.query_by_label_contains("Ticket #1 ·").is_some()
            || h.query_by_label_contains("is not in the sandbox").is_some()
    });
    assert!(
        h.query_by_label_contains(&format!("Ticket #1 · {subject}"))
            .is_some(),
        "the ticket the entry made, not another"
    );
    h.get_by_label("Hide this ticket").click();
    h.run_ok();

    // A new send after the restart is a new ticket, not a second #1.
    h.get_by_role_and_label(Role::Button, "Console").click();
    h.run_ok();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    h.step_until("the second send", |h| {
        h.state().console.history.len() == 2 && h.state().console.in_flight.is_none()
    });
    assert!(h.query_by_label_contains("Ticket 2 created").is_some());

    // A reset asks first; nothing is gone until the person says yes.
    h.get_by_role_and_label(Role::Button, "Sandbox").click();
    h.run_ok();
    h.get_by_label("Reset the sandbox").click();
    h.run_ok();
    assert!(
        h.query_by_label_contains("Reset the sandbox and delete its 2 tickets?")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("history keeps its entries")
            .is_some()
    );
    assert_eq!(
        h.state().sandbox().unwrap().snapshot()["tickets"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    h.get_by_label("Yes, reset").click();
    h.step_until("the reset", |h| h.state().sandbox().unwrap().run() != run);
    let new_run = h.state().sandbox().unwrap().run();

    // The entry from before the reset says why its ticket cannot be shown, and offers no link.
    h.get_by_role_and_label(Role::Button, "Console").click();
    h.run_ok();
    h.query_all_by_label_contains("· 201 · zendesk-ticket")
        .last()
        .unwrap()
        .click();
    h.run_ok();
    assert!(h.query_by_label("Show in the sandbox").is_none());
    assert!(
        h.query_by_label_contains(&format!(
            "Ticket #1 was made in sandbox run {run}; the sandbox has been reset since (this is run {new_run})"
        ))
        .is_some()
    );
}

/// A refusal ("Not sent: the linter found …") goes when its context goes: an exchange picked
/// from the history is not under it.
#[test]
fn a_refusal_goes_when_another_exchange_is_picked() {
    let dir = temp_dir("stale-refusal");
    let (mut h, _url) = app_with_sandbox(&dir, Language::English);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    h.wait_sent();
    assert!(h.query_by_label_contains("201 Created").is_some());
    // A body with lint errors is refused.
    h.get_by_role_and_label(Role::Button, "Payloads").click();
    h.run_ok();
    h.state_mut().doc.workspace.users[0]["first_name"] = json!("Ada \"The Countess\"");
    h.state_mut().edited_data();
    h.set_body(r#"{"ticket": {"subject": "{{${first_name}}}", "comment": {"body": "hi"}}}"#);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    h.step_until("the send to be refused", |h| {
        h.state().console.blocked.is_some()
    });
    assert!(
        h.query_by_label_contains("Not sent: the linter found")
            .is_some()
    );
    // Picking the earlier 201 from the history: the refusal is not shown above it.
    h.get_by_label_contains("· 201 · zendesk-ticket").click();
    h.run_ok();
    assert!(h.query_by_label_contains("201 Created").is_some());
    assert!(
        h.query_by_label_contains("Not sent: the linter found")
            .is_none(),
        "the stale refusal went"
    );
}

/// In Spanish the sandbox's ticket statuses are Zendesk's own Spanish words.
#[test]
fn the_sandbox_view_names_ticket_statuses_in_zendesks_spanish() {
    let dir = temp_dir("sandbox-es");
    let (mut h, _url) = app_with_sandbox(&dir, Language::Spanish);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    h.wait_sent();
    h.get_by_role_and_label(Role::Button, "Sandbox").click();
    h.run_ok();
    h.step_until("the ticket list from the API", |h| {
        h.state().sandbox_view.tickets.is_some()
    });
    h.run_ok();
    let texts = visible_texts(&h);
    assert!(
        texts.iter().any(|t| t == "nuevo"),
        "the new ticket's status reads nuevo: {texts:?}"
    );
    assert!(!texts.iter().any(|t| t == "new"), "{texts:?}");
}

/// Issue 28, cosmetic 2: the console's hint names the Send shortcut as the button shows it, in
/// Spanish too ("Ctrl+Intro" beside a "Ctrl+Enter" button read as two different keys).
#[test]
fn the_console_hint_names_the_shortcut_as_the_button_does() {
    let dir = temp_dir("console-hint-shortcut");
    let mut h = app(&dir, Language::Spanish);
    h.state_mut()
        .push(zenbraze::app::Command::Show(zenbraze::app::Panel::Console));
    h.run_ok();
    let texts = visible_texts(&h);
    let hint = texts
        .iter()
        .find(|t| t.starts_with("Envía la plantilla"))
        .expect("the hint is shown");
    assert!(hint.contains("(Ctrl+Enter)"), "{hint}");
    assert!(!texts.iter().any(|t| t.contains("Intro")), "{texts:?}");
}

/// Issue 27: the sandbox view says why a rule fired or not. The console's preset ticket (which
/// Braze's template tags `braze`) is solved; the trigger with the loop guard does not fire, and
/// the view reads as such, in English and in Spanish; a ticket without the tag shows it fired.
#[test]
fn the_sandbox_view_says_the_loop_guard_held_the_preset_ticket_back() {
    for (language, panel, skipped, fired) in [
        (
            Language::English,
            "Sandbox",
            "trigger “Notify Braze” did not fire: tags include braze (the loop guard)",
            "trigger “Notify Braze” fired",
        ),
        (
            Language::Spanish,
            "Sandbox",
            "el disparador «Notify Braze» no se activó: las etiquetas incluyen braze (la protección contra bucles)",
            "el disparador «Notify Braze» se activó",
        ),
    ] {
        let dir = temp_dir("sandbox-rule-trace");
        let (mut h, url) = app_with_sandbox(&dir, language);
        let connection = zenbraze::setup::Connection::open(
            &zenbraze::profiles::Profile::sandbox(&url),
            &SessionStore::new(),
            Default::default(),
        )
        .unwrap();
        let mut spec = zenbraze::setup::Spec::new("Notify Braze", "zendesk_ticket_solved");
        spec.rules.tags_exclude = vec!["braze".into()];
        assert!(zenbraze::net::block_on(connection.apply(&spec)).ok());
        // The ticket Braze would create, sent from the console.
        h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
        h.run_ok();
        h.wait_sent();
        let z = zenbraze::api::zendesk::ZendeskClient::new(
            &url,
            zenbraze::sandbox::DEMO_ADMIN_EMAIL,
            zenbraze::secrets::Secret::new(zenbraze::sandbox::DEMO_ZENDESK_TOKEN),
            Default::default(),
        )
        .unwrap();
        zenbraze::net::block_on(async {
            let me = z.me().await.result.unwrap().id;
            z.update_ticket(
                1,
                &json!({"ticket": {"status": "solved", "assignee_id": me}}),
            )
            .await
            .result
            .unwrap();
            let by_hand = z
                .create_ticket(&json!({"ticket": {"subject": "By hand", "comment": {"body": "x"}, "assignee_id": me}}))
                .await
                .result
                .unwrap()
                .ticket;
            z.update_ticket(by_hand.id, &json!({"ticket": {"status": "solved"}}))
                .await
                .result
                .unwrap();
        });
        h.get_by_role_and_label(Role::Button, panel).click();
        h.run_ok();
        h.wait_text(skipped);
        assert!(h.query_by_label(fired).is_some(), "{language:?}: {fired}");
    }
}

/// Issue 27 on any account: the console's ticket view reads the ticket's audits (through the
/// app's job system) and lists the rules that changed it or notified a webhook, by their `via`.
#[test]
fn the_console_lists_the_rules_that_ran_on_a_ticket_from_its_audits() {
    let dir = temp_dir("console-ticket-rules");
    let (mut h, url) = app_with_sandbox(&dir, Language::English);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    h.wait_sent();
    // No rule yet.
    h.click("Which rules ran on this ticket (its audits)");
    h.wait_text("no trigger or automation changed ticket 1 or notified a webhook");

    let connection = zenbraze::setup::Connection::open(
        &zenbraze::profiles::Profile::sandbox(&url),
        &SessionStore::new(),
        Default::default(),
    )
    .unwrap();
    let spec = zenbraze::setup::Spec::new("Notify Braze", "zendesk_ticket_solved");
    let report = zenbraze::net::block_on(connection.apply(&spec));
    assert!(report.ok());
    let (trigger, webhook) = (report.trigger_id.unwrap(), report.webhook_id.unwrap());
    let z = zenbraze::api::zendesk::ZendeskClient::new(
        &url,
        zenbraze::sandbox::DEMO_ADMIN_EMAIL,
        zenbraze::secrets::Secret::new(zenbraze::sandbox::DEMO_ZENDESK_TOKEN),
        Default::default(),
    )
    .unwrap();
    zenbraze::net::block_on(async {
        let me = z.me().await.result.unwrap().id;
        z.update_ticket(
            1,
            &json!({"ticket": {"status": "solved", "assignee_id": me}}),
        )
        .await
        .result
        .unwrap();
    });
    h.click("Which rules ran on this ticket (its audits)");
    let line = format!("trigger “Notify Braze” (id {trigger}) at ");
    h.wait_text(&line);
    assert!(
        h.query_by_label_contains(&format!("notified webhook {webhook}"))
            .is_some()
    );
}

/// The sandbox view lists the automations it says run at each hour, as it lists the triggers:
/// title, whether active, and the conditions in a line.
#[test]
fn the_sandbox_view_lists_its_automations_with_their_conditions() {
    let dir = temp_dir("sandbox-automations");
    let (mut h, url) = app_with_sandbox(&dir, Language::English);
    use base64::Engine as _;
    let auth = base64::engine::general_purpose::STANDARD.encode(format!(
        "{}/token:{}",
        zenbraze::sandbox::DEMO_ADMIN_EMAIL,
        zenbraze::sandbox::DEMO_ZENDESK_TOKEN
    ));
    let body = json!({"automation": {"title": "Close a day after solved",
        "conditions": {"all": [{"field": "status", "operator": "is", "value": "solved"},
                               {"field": "SOLVED", "operator": "is", "value": 24}]},
        "actions": [{"field": "status", "value": "closed"}]}});
    let status = zenbraze::net::block_on(async move {
        reqwest::Client::new()
            .post(format!("{url}/api/v2/automations.json"))
            .header("authorization", format!("Basic {auth}"))
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .map(|r| r.status().as_u16())
    });
    assert_eq!(status.unwrap(), 201);
    h.get_by_role_and_label(Role::Button, "Sandbox").click();
    h.run_ok();
    h.step_until("the automation in the view", |h| {
        h.query_by_label("Automations (1)").is_some()
    });
    h.get_by_label("Automations (1)").click();
    h.run_ok();
    h.run_ok();
    assert!(
        h.query_by_label("Close a day after solved · active")
            .is_some(),
        "{:?}",
        visible_texts(&h)
    );
    assert!(
        h.query_by_label("all of: status is solved, SOLVED is 24")
            .is_some(),
        "{:?}",
        visible_texts(&h)
    );
}

/// The port a failed delivery said nothing about: the embedded sandbox restarts on another port
/// (its old one taken meanwhile), and the webhook the setup pointed at it follows it; a delivery
/// that cannot be made says why in its heading.
#[test]
fn a_sandbox_on_another_port_after_a_restart_keeps_its_webhook_and_a_failed_delivery_says_why() {
    let dir = temp_dir("sandbox-port");
    let (h, url) = app_with_sandbox(&dir, Language::English);
    apply_solved_trigger(&url);
    let endpoint = |h: &TestApp| {
        h.state().sandbox().unwrap().snapshot()["webhooks"][0]["endpoint"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let before = endpoint(&h);
    assert!(before.starts_with(&url), "{before} is not on {url}");
    drop(h);
    wait_sandbox_released(&dir);
    // Someone else takes the old port (and the default one, if it was that).
    let old = url.trim_start_matches("http://").to_owned();
    let _taken = std::net::TcpListener::bind(&old).unwrap();
    let (mut h, url) = app_with_sandbox(&dir, Language::English);
    assert_ne!(url.trim_start_matches("http://"), old, "a new port");
    let after = endpoint(&h);
    assert!(
        after.starts_with(&url),
        "the webhook still calls {after}, the sandbox is on {url}"
    );

    // A delivery to nobody: the webhook pointed at the taken port again, through the API.
    let id = h.state().sandbox().unwrap().snapshot()["webhooks"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    use base64::Engine as _;
    let auth = base64::engine::general_purpose::STANDARD.encode(format!(
        "{}/token:{}",
        zenbraze::sandbox::DEMO_ADMIN_EMAIL,
        zenbraze::sandbox::DEMO_ZENDESK_TOKEN
    ));
    let dead = "http://127.0.0.1:1/users/track";
    let (base, auth2) = (url.clone(), auth.clone());
    let status = zenbraze::net::block_on(async move {
        reqwest::Client::new()
            .patch(format!("{base}/api/v2/webhooks/{id}"))
            .header("authorization", format!("Basic {auth2}"))
            .header("content-type", "application/json")
            .body(json!({"webhook": {"endpoint": dead}}).to_string())
            .send()
            .await
            .map(|r| r.status().as_u16())
    });
    assert!(matches!(status.unwrap(), 200 | 204));
    let base = url.clone();
    let created = zenbraze::net::block_on(async move {
        let client = reqwest::Client::new();
        let r = client
            .post(format!("{base}/api/v2/tickets.json"))
            .header("authorization", format!("Basic {auth}"))
            .header("content-type", "application/json")
            .body(
                json!({"ticket": {"subject": "Port", "comment": {"body": "x"},
                    "requester": {"name": "Ada", "email": "ada@example.com"}}})
                .to_string(),
            )
            .send()
            .await
            .unwrap();
        let t: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
        let id = t["ticket"]["id"].as_u64().unwrap();
        // Zendesk solves a ticket only with an assignee: the demo admin.
        let me = client
            .get(format!("{base}/api/v2/users/me.json"))
            .header("authorization", format!("Basic {auth}"))
            .send()
            .await
            .unwrap();
        let me: serde_json::Value = serde_json::from_str(&me.text().await.unwrap()).unwrap();
        let agent = me["user"]["id"].as_u64().unwrap();
        client
            .put(format!("{base}/api/v2/tickets/{id}.json"))
            .header("authorization", format!("Basic {auth}"))
            .header("content-type", "application/json")
            .body(json!({"ticket": {"status": "solved", "assignee_id": agent}}).to_string())
            .send()
            .await
            .map(|r| r.status().as_u16())
    });
    assert_eq!(created.unwrap(), 200);
    h.get_by_role_and_label(Role::Button, "Sandbox").click();
    h.run_ok();
    h.step_until("the failed delivery", |h| {
        h.query_by_label_contains("· failed ·").is_some()
    });
    assert!(
        h.query_by_label_contains("failed · no connection to http://127.0.0.1:1/users/track")
            .is_some(),
        "{:?}",
        visible_texts(&h)
            .into_iter()
            .filter(|t| t.contains("failed"))
            .collect::<Vec<_>>()
    );
}
