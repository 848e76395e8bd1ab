//! The embedded sandbox, looked into: its tickets (change a status and the triggers fire), the
//! webhooks and triggers, every delivery with its attempts and payload, the Braze profiles with
//! their events, fault injection and reset. Changes go through the sandbox's HTTP API, as a
//! real client's would.

use egui::{RichText, Ui};
use serde_json::{Value as Json, json};

use super::UiExt as _;
use super::theme;
use crate::app::{Command, SandboxStatus, ZenbrazeApp};
use crate::i18n::arg;
use crate::sandbox::DEMO_ADMIN_EMAIL;

const STATUSES: [&str; 6] = ["new", "open", "pending", "hold", "solved", "closed"];

/// The fault switches: catalogue key and the fault each one adds.
fn fault_switches() -> [(&'static str, &'static str, Json); 4] {
    [
        (
            "fault-latency",
            "latency",
            json!({"kind": "latency", "ms": 2000}),
        ),
        (
            "fault-429",
            "rate_limit",
            json!({"kind": "rate_limit", "retry_after": 2}),
        ),
        (
            "fault-500",
            "server_error",
            json!({"kind": "server_error", "status": 500}),
        ),
        ("fault-drop", "drop", json!({"kind": "drop"})),
    ]
}

/// What a status is called: Zendesk's ticket statuses and webhook states, and a delivery's
/// outcome.
#[derive(Clone, Copy)]
enum StatusKind {
    Ticket,
    Webhook,
    Delivery,
}

/// A status as the person's language names it (Zendesk's own words); a value the sandbox does
/// not use is shown as it is.
fn status_word(app: &ZenbrazeApp, kind: StatusKind, value: &str) -> String {
    let key = match (kind, value) {
        (StatusKind::Ticket, "new") => "ticket-status-new",
        (StatusKind::Ticket, "open") => "ticket-status-open",
        (StatusKind::Ticket, "pending") => "ticket-status-pending",
        (StatusKind::Ticket, "hold") => "ticket-status-hold",
        (StatusKind::Ticket, "solved") => "ticket-status-solved",
        (StatusKind::Ticket, "closed") => "ticket-status-closed",
        (StatusKind::Webhook, "active") => "webhook-status-active",
        (StatusKind::Webhook, "inactive") => "webhook-status-inactive",
        (StatusKind::Delivery, "success") => "delivery-status-success",
        (StatusKind::Delivery, "failed") => "delivery-status-failed",
        (StatusKind::Delivery, "pending") => "delivery-status-pending",
        _ => return value.to_owned(),
    };
    app.i18n.tr(key).to_owned()
}

fn list<'a>(v: &'a Json, key: &str) -> &'a [Json] {
    v.get(key)
        .and_then(Json::as_array)
        .map_or(&[], Vec::as_slice)
}

fn text(v: &Json, key: &str) -> String {
    match v.get(key) {
        Some(Json::String(s)) => s.clone(),
        Some(Json::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

pub fn ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    ui.heading(app.tr("panel-sandbox"));
    ui.label(app.tr("sandbox-help"));
    let SandboxStatus::Running(sandbox) = &app.sandbox else {
        match &app.sandbox {
            SandboxStatus::Failed(e) => {
                ui.error_label(
                    app.i18n
                        .format("sandbox-failed", &[("error", arg(app.i18n.message(e)))]),
                );
            }
            SandboxStatus::Starting(_) => {
                ui.weak(app.tr("sandbox-starting"));
            }
            _ => {
                ui.weak(app.tr("sandbox-off"));
            }
        }
        return;
    };
    // A new snapshot only when the sandbox changed since the last one.
    let version = sandbox.version();
    if app
        .sandbox_view
        .snapshot
        .as_ref()
        .is_none_or(|(v, _)| *v != version)
    {
        app.sandbox_view.snapshot = Some((version, sandbox.snapshot()));
    }
    let base_url = sandbox.base_url().to_owned();
    let (state_file, run) = (
        sandbox.state_file().map(std::path::Path::to_owned),
        sandbox.run(),
    );
    // The tickets come from the API's paginated list, read again when the sandbox changed.
    app.sandbox_view.refresh(ui.ctx(), &base_url, version);
    if let SandboxStatus::Running(sandbox) = &app.sandbox {
        app.sandbox_view.refresh_rules(sandbox, version);
    }
    let Some((_, state)) = app.sandbox_view.snapshot.clone() else {
        return;
    };
    ui.horizontal(|ui| {
        ui.label(app.tr("sandbox-address"));
        ui.monospace(&base_url);
        ui.separator();
        ui.label(app.tr("sandbox-zendesk-login"));
        ui.monospace(DEMO_ADMIN_EMAIL);
        ui.separator();
        if ui.button(app.tr("sandbox-reset")).clicked() {
            app.push(Command::ResetSandbox);
        }
    });
    // Whether what is here survives a restart, and which run this is (the console's entries
    // name theirs).
    let kept = match state_file {
        Some(path) => app.say(&crate::msg!(
            "sandbox-view-kept",
            path = path.display().to_string()
        )),
        None => app.tr("sandbox-view-memory").to_owned(),
    };
    let run = app.say(&crate::msg!("sandbox-view-run", run = run));
    ui.horizontal_wrapped(|ui| {
        ui.weak(run);
        ui.separator();
        ui.weak(kept);
    });
    clock_ui(app, ui, &state);
    faults_ui(app, ui, &state);
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("sandbox_scroll")
        .show(ui, |ui| {
            tickets_ui(app, ui, &state);
            configuration_ui(app, ui, &state);
            deliveries_ui(app, ui, &state);
            profiles_ui(app, ui, &state);
        });
}

/// The sandbox's clock and the buttons that move it (its automations run at each hour).
fn clock_ui(app: &mut ZenbrazeApp, ui: &mut Ui, state: &Json) {
    ui.horizontal_wrapped(|ui| {
        let now = text(&state["clock"], "now");
        let hours = state["clock"]["advanced_hours"].as_i64().unwrap_or(0);
        ui.label(app.i18n.format(
            "sandbox-clock",
            &[("now", arg(now.as_str())), ("hours", arg(hours))],
        ));
        for (key, hours) in [("sandbox-clock-hour", 1), ("sandbox-clock-day", 24)] {
            if ui.button(app.tr(key)).clicked() {
                app.push(Command::AdvanceSandboxClock(hours));
            }
        }
    });
}

fn faults_ui(app: &mut ZenbrazeApp, ui: &mut Ui, state: &Json) {
    let active: Vec<String> = list(state, "faults")
        .iter()
        .map(|f| text(f, "kind"))
        .collect();
    let mut wanted: Vec<Json> = Vec::new();
    let mut changed = false;
    ui.horizontal_wrapped(|ui| {
        ui.label(app.tr("sandbox-faults"));
        for (key, kind, fault) in fault_switches() {
            let mut on = active.iter().any(|a| a == kind);
            if ui.checkbox(&mut on, app.i18n.tr(key)).changed() {
                changed = true;
            }
            if on {
                wanted.push(fault);
            }
        }
    });
    if changed {
        app.push(Command::SetFaults(wanted));
    }
}

/// A status picker for ticket `id`; a change goes through the API.
fn status_picker(app: &mut ZenbrazeApp, ui: &mut Ui, id: u64, current: &str, salt: &str) {
    let mut chosen = current.to_owned();
    let l = ui.label(app.i18n.tr("sandbox-status"));
    let shown = status_word(app, StatusKind::Ticket, current);
    let words: Vec<String> = STATUSES
        .iter()
        .map(|s| status_word(app, StatusKind::Ticket, s))
        .collect();
    egui::ComboBox::from_id_salt((salt, id))
        .selected_text(shown)
        .show_ui(ui, |ui| {
            for (s, word) in STATUSES.iter().zip(&words) {
                ui.selectable_value(&mut chosen, (*s).to_owned(), word);
            }
        })
        .response
        .labelled_by(l.id);
    if chosen != current {
        app.push(Command::SetTicketStatus(id, chosen));
    }
}

fn tickets_ui(app: &mut ZenbrazeApp, ui: &mut Ui, state: &Json) {
    let total = list(state, "tickets").len();
    let title = app
        .i18n
        .format("sandbox-tickets-count", &[("count", arg(total))]);
    // The ticket a history link asked for, read with GET /tickets/{id}.
    if let Some((id, shown)) = app.sandbox_view.focus.clone() {
        ui.horizontal(|ui| {
            // First, and named for what it does: beside the status control a "Close" read as
            // "set the ticket closed".
            if ui.button(app.i18n.tr("sandbox-view-close")).clicked() {
                app.sandbox_view.focus = None;
            }
            match &shown {
                None => {
                    ui.spinner();
                }
                Some(Ok(t)) => {
                    // The ticket as the sandbox holds it now: the one read when the link was
                    // followed goes stale at the first status change.
                    let now = list(state, "tickets")
                        .iter()
                        .find(|x| x.get("id").and_then(Json::as_u64) == Some(id));
                    let status = now
                        .map(|x| text(x, "status"))
                        .unwrap_or_else(|| t.status.clone().unwrap_or_default());
                    let subject = now
                        .map(|x| text(x, "subject"))
                        .unwrap_or_else(|| t.subject.clone().unwrap_or_default());
                    ui.strong(app.i18n.message(&crate::msg!(
                        "sandbox-view-ticket",
                        id = id.to_string(),
                        subject = subject,
                        status = status_word(app, StatusKind::Ticket, &status)
                    )));
                    status_picker(app, ui, id, &status, "sb_focus_status");
                    rules_ui(app, ui, id);
                }
                Some(Err(e)) => {
                    ui.error_label(app.i18n.message(e));
                }
            }
        });
    }
    egui::CollapsingHeader::new(title)
        .id_salt("sb_tickets")
        .default_open(true)
        .show(ui, |ui| {
            let page = app.sandbox_view.tickets.as_ref().map(|t| t.result.clone());
            let page = match page {
                None => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.weak(app.i18n.tr("sandbox-view-loading"));
                    });
                    return;
                }
                Some(Err(e)) => {
                    ui.error_label(app.i18n.message(&e));
                    return;
                }
                Some(Ok(page)) => page,
            };
            ui.weak(
                app.i18n
                    .message(&crate::msg!("sandbox-view-page", count = page.items.len())),
            );
            egui::Grid::new("sb_ticket_grid")
                .num_columns(5)
                .striped(true)
                .show(ui, |ui| {
                    for t in &page.items {
                        ui.monospace(format!("#{}", t.id));
                        ui.label(t.subject.clone().unwrap_or_default());
                        let status = t.status.clone().unwrap_or_default();
                        status_picker(app, ui, t.id, &status, "sb_status");
                        rules_ui(app, ui, t.id);
                        ui.end_row();
                    }
                });
            let first = app.sandbox_view.page.is_none();
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(
                        !first,
                        egui::Button::new(app.i18n.tr("sandbox-view-newest")),
                    )
                    .clicked()
                {
                    app.sandbox_view.first_page();
                }
                if ui
                    .add_enabled(!first, egui::Button::new(app.i18n.tr("sandbox-view-newer")))
                    .clicked()
                {
                    app.sandbox_view.turn(false);
                }
                if ui
                    .add_enabled(
                        page.has_more,
                        egui::Button::new(app.i18n.tr("sandbox-view-older")),
                    )
                    .clicked()
                {
                    app.sandbox_view.turn(true);
                }
            });
        });
}

/// Why the rules fired or not at the ticket's latest evaluation, one line per rule.
fn rules_ui(app: &ZenbrazeApp, ui: &mut Ui, id: u64) {
    let Some(evaluation) = app.sandbox_view.rules_of(id) else {
        ui.weak(app.tr("sandbox-rules-none"));
        return;
    };
    let (heading, lines) = crate::app::sandbox_view::explain(evaluation);
    ui.vertical(|ui| {
        ui.weak(app.i18n.message(&heading));
        for (line, rule) in lines
            .iter()
            .zip(evaluation["rules"].as_array().into_iter().flatten())
        {
            let text = app.i18n.message(line);
            if rule["fired"] == true {
                ui.ok_label(text);
            } else {
                ui.label(text);
            }
        }
    });
}

fn configuration_ui(app: &mut ZenbrazeApp, ui: &mut Ui, state: &Json) {
    let webhooks = list(state, "webhooks");
    let title = app
        .i18n
        .format("sandbox-webhooks-count", &[("count", arg(webhooks.len()))]);
    egui::CollapsingHeader::new(title)
        .id_salt("sb_webhooks")
        .show(ui, |ui| {
            for w in webhooks {
                ui.label(format!(
                    "{} · {} {} · {}",
                    text(w, "name"),
                    text(w, "http_method"),
                    text(w, "endpoint"),
                    status_word(app, StatusKind::Webhook, &text(w, "status"))
                ));
            }
        });
    // Triggers fire on a ticket's change, automations at each hour of the sandbox's clock: both
    // listed the same way, so the view names nothing it does not show.
    rule_list_ui(
        app,
        ui,
        list(state, "triggers"),
        "sandbox-triggers-count",
        "sb_triggers",
    );
    rule_list_ui(
        app,
        ui,
        list(state, "automations"),
        "sandbox-automations-count",
        "sb_automations",
    );
}

/// A trigger's or an automation's title, whether it is active, and its conditions in a line.
fn rule_list_ui(app: &ZenbrazeApp, ui: &mut Ui, rules: &[Json], count_key: &str, id: &str) {
    let title = app.i18n.format(count_key, &[("count", arg(rules.len()))]);
    egui::CollapsingHeader::new(title)
        .id_salt(id)
        .show(ui, |ui| {
            for t in rules {
                let active = t.get("active") != Some(&Json::Bool(false));
                ui.label(format!(
                    "{} · {}",
                    text(t, "title"),
                    status_word(
                        app,
                        StatusKind::Webhook,
                        if active { "active" } else { "inactive" }
                    )
                ));
                if let Some(summary) = conditions_summary(app, t.get("conditions")) {
                    ui.monospace(summary);
                }
            }
        });
}

/// `all of: status is solved · any of: …` from Zendesk's `{"all": [...], "any": [...]}` (the
/// fields, operators and values are Zendesk's own words).
fn conditions_summary(app: &ZenbrazeApp, conditions: Option<&Json>) -> Option<String> {
    let conditions = conditions?;
    let mut parts = Vec::new();
    for (group, key) in [
        ("all", "sandbox-conditions-all"),
        ("any", "sandbox-conditions-any"),
    ] {
        let items: Vec<String> = list(conditions, group)
            .iter()
            .map(|c| {
                [text(c, "field"), text(c, "operator"), text(c, "value")]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        if !items.is_empty() {
            parts.push(
                app.i18n
                    .format(key, &[("conditions", arg(items.join(", ")))]),
            );
        }
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

fn deliveries_ui(app: &mut ZenbrazeApp, ui: &mut Ui, state: &Json) {
    let invocations = list(state, "invocations");
    let tokens = theme::tokens(ui);
    let title = app.i18n.format(
        "sandbox-deliveries-count",
        &[("count", arg(invocations.len()))],
    );
    egui::CollapsingHeader::new(title)
        .id_salt("sb_deliveries")
        .default_open(true)
        .show(ui, |ui| {
            for (i, inv) in invocations.iter().enumerate().rev().take(100) {
                let status = text(inv, "status");
                let ok = status == "success";
                let ticket = inv
                    .pointer("/source/event/ticket_id")
                    .map(Json::to_string)
                    .unwrap_or_default();
                let word = status_word(app, StatusKind::Delivery, &status);
                let mut head = format!("{} · #{ticket} · {word}", text(inv, "created_at"));
                // Braze answers 201 even when it drops every event (no external_id, say): the
                // delivery succeeded, the event did not arrive, and the header says so.
                let dropped = dropped_events(inv);
                if let Some((processed, sent)) = dropped {
                    head = format!(
                        "{head} · {}",
                        app.say(&crate::msg!(
                            "sandbox-delivery-dropped",
                            processed = processed,
                            sent = sent
                        ))
                    );
                }
                // A failed delivery says why: the answer's status, or what stopped the call.
                if !ok && status != "pending" {
                    let last = list(inv, "attempts").last();
                    let code = last.map(|a| text(a, "status_code")).unwrap_or_default();
                    let why = if !code.is_empty() {
                        crate::msg!("sandbox-delivery-status", status = code)
                    } else {
                        let kind = last
                            .and_then(|a| a.get("response"))
                            .map(|r| text(r, "error_kind"))
                            .unwrap_or_default();
                        let url = last
                            .and_then(|a| a.get("request"))
                            .map(|r| text(r, "url"))
                            .unwrap_or_default();
                        match kind.as_str() {
                            "connect" => crate::msg!("sandbox-delivery-refused", url = url),
                            "timeout" => crate::msg!("sandbox-delivery-timeout", url = url),
                            _ => crate::msg!("sandbox-delivery-unsent", url = url),
                        }
                    };
                    head = format!("{head} · {}", app.say(&why));
                }
                let colour = match (ok, dropped) {
                    (true, None) => tokens.ok,
                    (true, Some(_)) => tokens.warning,
                    (false, _) => tokens.error,
                };
                egui::CollapsingHeader::new(RichText::new(head).color(colour))
                    .id_salt(("sb_inv", i))
                    .show(ui, |ui| {
                        for a in list(inv, "attempts") {
                            let request = a.get("request").cloned().unwrap_or(Json::Null);
                            ui.monospace(format!(
                                "{} {} → {} · {} ms",
                                text(&request, "method"),
                                text(&request, "url"),
                                text(a, "status_code"),
                                text(a, "duration_ms")
                            ));
                            ui.monospace(text(&request, "payload"));
                            if let Some(response) = a.get("response") {
                                ui.weak(text(response, "payload"));
                            }
                        }
                    });
            }
        });
}

/// For a delivery to Braze's `/users/track`: how many of the events it sent Braze processed,
/// when that is fewer than all (read from the last attempt's request and answer).
fn dropped_events(invocation: &Json) -> Option<(u64, u64)> {
    let attempt = list(invocation, "attempts").last()?.clone();
    let payload =
        |v: &Json| -> Option<Json> { serde_json::from_str(v.get("payload")?.as_str()?).ok() };
    let sent = payload(attempt.get("request")?)?
        .get("events")?
        .as_array()?
        .len() as u64;
    let processed = payload(attempt.get("response")?)?
        .get("events_processed")?
        .as_u64()?;
    (sent > 0 && processed < sent).then_some((processed, sent))
}

fn profiles_ui(app: &mut ZenbrazeApp, ui: &mut Ui, state: &Json) {
    let profiles = list(state, "braze_profiles");
    let title = app
        .i18n
        .format("sandbox-profiles-count", &[("count", arg(profiles.len()))]);
    egui::CollapsingHeader::new(title)
        .id_salt("sb_profiles")
        .default_open(true)
        .show(ui, |ui| {
            for (i, p) in profiles.iter().enumerate() {
                let events = list(p, "events");
                let name = format!("{} {}", text(p, "first_name"), text(p, "last_name"));
                let head = super::joined([
                    text(p, "external_id").as_str(),
                    name.as_str(),
                    app.i18n
                        .format("sandbox-events", &[("count", arg(events.len()))])
                        .as_str(),
                ]);
                // A new event opens the profile (the salt changes with the count).
                egui::CollapsingHeader::new(head)
                    .id_salt(("sb_profile", i, events.len()))
                    .default_open(!events.is_empty())
                    .show(ui, |ui| {
                        for e in events {
                            ui.monospace(format!(
                                "{} · {} · {}",
                                text(e, "name"),
                                text(e, "time"),
                                e.get("properties").map(Json::to_string).unwrap_or_default()
                            ));
                        }
                    });
            }
        });
}
