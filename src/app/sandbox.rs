//! The embedded sandbox: started in the background at launch, redrawn when it changes, and
//! changed from its view through its HTTP API (a ticket's status, faults, reset), as a real
//! client would.

use std::sync::Arc;

use poll_promise::Promise;
use serde_json::{Value as Json, json};

use super::ZenbrazeApp;
use super::jobs::{spawn_async, take_ready};
use crate::api::ClientOptions;
use crate::i18n::Message;
use crate::msg;
use crate::net;
use crate::profiles::Profile;
use crate::sandbox::Sandbox;

/// The embedded sandbox.
pub enum SandboxStatus {
    Off,
    Starting(Promise<Result<Sandbox, Message>>),
    Running(Sandbox),
    Failed(Message),
}

impl SandboxStatus {
    /// Starting, as the window shows it at once, and the start itself, which the app runs once
    /// the first frame is drawn: the cold start is the time to that frame, and on two cores the
    /// sandbox's threads and its state file would compete with it.
    pub(crate) fn start_later(
        state_file: Option<std::path::PathBuf>,
    ) -> (Self, impl FnOnce(&egui::Context) + Send + 'static) {
        let (sender, promise) = Promise::new();
        let start = move |ctx: &egui::Context| {
            let ctx = ctx.clone();
            crate::net::runtime().spawn(async move {
                sender.send(
                    Sandbox::start_embedded(state_file)
                        .await
                        .map_err(|e| crate::i18n::Localize::message(&e)),
                );
                ctx.request_repaint();
            });
        };
        (SandboxStatus::Starting(promise), start)
    }

    /// Collects the started sandbox; true on the frame it starts running.
    pub(crate) fn poll(&mut self, ctx: &egui::Context) -> bool {
        if let SandboxStatus::Starting(_) = self {
            let SandboxStatus::Starting(promise) = std::mem::replace(self, SandboxStatus::Off)
            else {
                return false;
            };
            *self = match promise.try_take() {
                Ok(Ok(sandbox)) => {
                    // Redraw when the sandbox changes (a trigger fired, an event arrived), so
                    // its view is current without polling.
                    let mut changes = sandbox.subscribe();
                    let ctx = ctx.clone();
                    net::runtime().spawn(async move {
                        while changes.changed().await.is_ok() {
                            ctx.request_repaint();
                        }
                    });
                    SandboxStatus::Running(sandbox)
                }
                Ok(Err(e)) => SandboxStatus::Failed(e),
                Err(pending) => SandboxStatus::Starting(pending),
            };
            return matches!(self, SandboxStatus::Running(_));
        }
        false
    }
}

fn reported(e: impl std::fmt::Display) -> Message {
    msg!("as-reported", text = e.to_string())
}

impl ZenbrazeApp {
    /// The embedded sandbox once it runs.
    pub fn sandbox(&self) -> Option<&Sandbox> {
        match &self.sandbox {
            SandboxStatus::Running(s) => Some(s),
            _ => None,
        }
    }

    /// The sandbox's base URL once it runs.
    pub fn sandbox_url(&self) -> Option<&str> {
        self.sandbox().map(Sandbox::base_url)
    }

    /// The sandbox view's snapshot, taken again only when the sandbox changed since the last.
    pub fn refresh_sandbox_view(&mut self) {
        let Some(sandbox) = self.sandbox() else {
            return;
        };
        let version = sandbox.version();
        if self
            .sandbox_view
            .snapshot
            .as_ref()
            .is_none_or(|(v, _)| *v != version)
        {
            let snapshot = sandbox.snapshot();
            self.sandbox_view.snapshot = Some((version, snapshot));
        }
    }

    /// Opens the sandbox view on one ticket, read through the Zendesk API (history links).
    pub(crate) fn show_sandbox_ticket(&mut self, ctx: &egui::Context, id: u64) {
        if let Some(url) = self.sandbox_url().map(str::to_owned) {
            self.remembered.panel = super::Panel::Sandbox;
            self.sandbox_view.show_ticket(ctx, &url, id);
        }
    }

    /// A sandbox ticket's status, through the Zendesk API, so its triggers fire.
    pub(crate) fn set_ticket_status(&mut self, ctx: &egui::Context, id: u64, status: String) {
        let Some(url) = self.sandbox_url().map(str::to_owned) else {
            return;
        };
        // Zendesk requires an assignee to solve; its agent UI assigns whoever solves.
        // The sandbox view that offered the change holds the ticket already (the page the API
        // listed).
        let unassigned = self.sandbox_view.tickets.as_ref().is_some_and(|t| {
            t.result.as_ref().is_ok_and(|page| {
                page.items
                    .iter()
                    .any(|t| t.id == id && t.assignee_id.is_none())
            })
        });
        let mut body = json!({"ticket": {"status": status}});
        if unassigned && matches!(status.as_str(), "solved" | "closed") {
            body["ticket"]["assignee_id"] = json!(crate::sandbox::DEMO_ADMIN_ID);
        }
        let store = Arc::clone(&self.config.store);
        self.background.sandbox_action = Some(spawn_async(ctx, async move {
            let client = crate::connect::zendesk_client(
                &Profile::sandbox(&url),
                store.as_ref(),
                ClientOptions::default(),
            )
            .map_err(|e| crate::i18n::Localize::message(&e))?;
            client
                .update_ticket(id, &body)
                .await
                .result
                .map(|_| ())
                .map_err(|e| crate::i18n::Localize::message(&e))
        }));
    }

    /// Replaces the sandbox's faults.
    pub(crate) fn set_faults(&mut self, ctx: &egui::Context, kinds: Vec<Json>) {
        let Some(url) = self.sandbox_url().map(str::to_owned) else {
            return;
        };
        self.background.sandbox_action = Some(spawn_async(ctx, async move {
            let http = reqwest::Client::new();
            let faults = format!("{url}/__sandbox/faults");
            http.delete(&faults)
                .header("Content-Type", "application/json")
                .send()
                .await
                .map_err(reported)?;
            if !kinds.is_empty() {
                let body = json!({"faults": kinds}).to_string();
                let r = http
                    .post(&faults)
                    .header("Content-Type", "application/json")
                    .body(body)
                    .send()
                    .await
                    .map_err(reported)?;
                if !r.status().is_success() {
                    return Err(reported(r.text().await.unwrap_or_default()));
                }
            }
            Ok(())
        }));
    }

    /// `POST /__sandbox/clock {"advance_hours": N}`: the automations run at each hour.
    pub(crate) fn advance_sandbox_clock(&mut self, ctx: &egui::Context, hours: i64) {
        let Some(url) = self.sandbox_url().map(str::to_owned) else {
            return;
        };
        self.background.sandbox_action = Some(spawn_async(ctx, async move {
            let r = reqwest::Client::new()
                .post(format!("{url}/__sandbox/clock"))
                .header("Content-Type", "application/json")
                .body(json!({ "advance_hours": hours }).to_string())
                .send()
                .await
                .map_err(reported)?;
            if r.status().is_success() {
                Ok(())
            } else {
                Err(reported(r.text().await.unwrap_or_default()))
            }
        }));
    }

    pub(crate) fn reset_sandbox(&mut self, ctx: &egui::Context) {
        let Some(url) = self.sandbox_url().map(str::to_owned) else {
            return;
        };
        self.background.sandbox_action = Some(spawn_async(ctx, async move {
            reqwest::Client::new()
                .post(format!("{url}/__sandbox/reset"))
                .header("Content-Type", "application/json")
                .send()
                .await
                .map(|_| ())
                .map_err(reported)
        }));
    }

    /// The number of tickets in the sandbox, for the reset's question.
    pub(crate) fn sandbox_ticket_count(&self) -> usize {
        self.sandbox().map_or(0, |s| {
            s.snapshot()["tickets"].as_array().map_or(0, Vec::len)
        })
    }

    pub(crate) fn poll_sandbox(&mut self, ctx: &egui::Context) {
        if self.sandbox.poll(ctx)
            && let Some(note) = self.sandbox().and_then(|s| s.state_note()).cloned()
        {
            self.notify(true, note);
        }
        if let Some(Err(e)) = take_ready(&mut self.background.sandbox_action) {
            self.notify(true, e);
        }
    }
}
