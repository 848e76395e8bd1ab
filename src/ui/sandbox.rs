//! The embedded sandbox, looked into: its tickets (change a status and the triggers fire), the
//! webhooks and triggers, every delivery with its attempts and payload, the Braze profiles with
//! their events, fault injection and reset. Changes go through the sandbox's HTTP API, as a
//! real client's would.

use egui::{RichText, Ui};
use serde_json::{Value as Json, json};

use super::UiExt as _;
use super::theme;
use crate::app::{Command, SandboxStatus, ZenbrazeApp};
use crate::msg;
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
                ui.error_label(app.say(&msg!("sandbox-failed", error = e.clone())));
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
    let base_url = sandbox.base_url().to_owned();
    // A new snapshot only when the sandbox changed since the last one.
    app.refresh_sandbox_view();
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

fn tickets_ui(app: &mut ZenbrazeApp, ui: &mut Ui, state: &Json) {
    let tickets = list(state, "tickets");
    let title = app.say(&msg!("sandbox-tickets-count", count = tickets.len()));
    egui::CollapsingHeader::new(title)
        .id_salt("sb_tickets")
        .default_open(true)
        .show(ui, |ui| {
            egui::Grid::new("sb_ticket_grid")
                .num_columns(4)
                .striped(true)
                .show(ui, |ui| {
                    for t in tickets.iter().rev().take(200) {
                        let Some(id) = t.get("id").and_then(Json::as_u64) else {
                            continue;
                        };
                        ui.monospace(format!("#{id}"));
                        ui.label(text(t, "subject"));
                        let current = text(t, "status");
                        let mut chosen = current.clone();
                        let l = ui.label(app.i18n.tr("sandbox-status"));
                        egui::ComboBox::from_id_salt(("sb_status", id))
                            .selected_text(&current)
                            .show_ui(ui, |ui| {
                                for s in STATUSES {
                                    ui.selectable_value(&mut chosen, s.to_owned(), s);
                                }
                            })
                            .response
                            .labelled_by(l.id);
                        if chosen != current {
                            app.push(Command::SetTicketStatus(id, chosen));
                        }
                        ui.end_row();
                    }
                });
        });
}

fn configuration_ui(app: &mut ZenbrazeApp, ui: &mut Ui, state: &Json) {
    let webhooks = list(state, "webhooks");
    let title = app.say(&msg!("sandbox-webhooks-count", count = webhooks.len()));
    egui::CollapsingHeader::new(title)
        .id_salt("sb_webhooks")
        .show(ui, |ui| {
            for w in webhooks {
                ui.label(format!(
                    "{} · {} {} · {}",
                    text(w, "name"),
                    text(w, "http_method"),
                    text(w, "endpoint"),
                    text(w, "status")
                ));
            }
        });
    let triggers = list(state, "triggers");
    let title = app.say(&msg!("sandbox-triggers-count", count = triggers.len()));
    egui::CollapsingHeader::new(title)
        .id_salt("sb_triggers")
        .show(ui, |ui| {
            for t in triggers {
                let state = if t.get("active") == Some(&Json::Bool(false)) {
                    "sandbox-trigger-inactive"
                } else {
                    "sandbox-trigger-active"
                };
                ui.label(format!("{} · {}", text(t, "title"), app.tr(state)));
                if let Some(conditions) = t.get("conditions") {
                    ui.monospace(conditions.to_string());
                }
            }
        });
}

fn deliveries_ui(app: &mut ZenbrazeApp, ui: &mut Ui, state: &Json) {
    let invocations = list(state, "invocations");
    let tokens = theme::tokens(ui);
    let title = app.say(&msg!("sandbox-deliveries-count", count = invocations.len()));
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
                let head = format!("{} · #{ticket} · {status}", text(inv, "created_at"));
                egui::CollapsingHeader::new(RichText::new(head).color(if ok {
                    tokens.ok
                } else {
                    tokens.error
                }))
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

fn profiles_ui(app: &mut ZenbrazeApp, ui: &mut Ui, state: &Json) {
    let profiles = list(state, "braze_profiles");
    let title = app.say(&msg!("sandbox-profiles-count", count = profiles.len()));
    egui::CollapsingHeader::new(title)
        .id_salt("sb_profiles")
        .default_open(true)
        .show(ui, |ui| {
            for (i, p) in profiles.iter().enumerate() {
                let events = list(p, "events");
                let head = format!(
                    "{} · {} {} · {}",
                    text(p, "external_id"),
                    text(p, "first_name"),
                    text(p, "last_name"),
                    app.say(&msg!("sandbox-events", count = events.len()))
                );
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
