//! The console's "Send through Braze": for a Zendesk-ticket payload and a profile with both
//! services, the selected user is exported from Braze, Braze renders and sends the template
//! itself (`/messages/send`), the ticket it made is found and compared field by field with
//! zenbraze's preview (`crate::publish::via_braze`), off the UI thread. The Zendesk credential
//! travels inside the request to Braze: for a real profile the app says so once per session (a
//! confirmation, not a warning of loss) before the first such send (the built-in sandbox's demo
//! credentials stay on this machine: no question), and the credential is masked in everything the client records.

use std::sync::Arc;

use super::ZenbrazeApp;
use super::command::Command;
use super::confirm::Confirmation;
use super::jobs::{Job, spawn_async, take_ready};
use crate::i18n::{Localize as _, Message};
use crate::msg;
use crate::publish::via_braze::{self, ViaBraze};
use crate::send::history::Entry;
use crate::target::Target;

/// How long the app waits for the ticket Braze makes.
const WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// The console's sends through Braze.
#[derive(Default)]
pub struct ViaBrazeState {
    /// The run; it brings back the history entry (the comparison in it).
    pub running: Job<Entry>,
    /// Why the last send through Braze made no comparison (the comparison itself is the
    /// console's newest exchange and is kept in its history).
    pub error: Option<Message>,
    /// The person was told the Zendesk credential travels inside the request to Braze.
    pub acknowledged: bool,
}

impl ZenbrazeApp {
    /// Whether the console offers "Send through Braze": a Zendesk-ticket payload and a profile
    /// with Braze and Zendesk.
    pub fn can_send_via_braze(&self) -> bool {
        let ticket = self
            .console_payload()
            .is_some_and(|p| super::send::target_of(p) == Target::ZendeskTicket);
        ticket
            && self
                .active_profile()
                .is_some_and(|p| p.braze.is_some() && p.zendesk.is_some())
    }

    /// Sends the console's payload through Braze for its user; asks first, once a session.
    pub(crate) fn send_via_braze(&mut self, ctx: &egui::Context, acknowledged: bool) {
        self.remembered.panel = super::Panel::Console;
        if acknowledged {
            self.console.via_braze.acknowledged = true;
        }
        if self.console.via_braze.running.is_some() || !self.can_send_via_braze() {
            return;
        }
        let (Some(payload), Some(subject), Some(profile)) = (
            self.console_payload().cloned(),
            self.console_subject().cloned(),
            self.active_profile(),
        ) else {
            return;
        };
        // The built-in sandbox's demo credentials go nowhere but this machine: nothing to warn
        // about. A real profile's Zendesk credential travels to Braze: asked once a session.
        let real = profile.name != crate::profiles::SANDBOX_PROFILE;
        if real && !self.console.via_braze.acknowledged {
            let braze = profile
                .braze
                .as_ref()
                .map(|b| b.describe())
                .unwrap_or_default();
            self.confirm = Some(Confirmation {
                command: Command::SendViaBraze { acknowledged: true },
                question: msg!("confirm-via-braze", braze = braze),
                detail: Some(msg!("confirm-via-braze-detail")),
                action: "confirm-yes-via-braze",
                target: None,
                destructive: false,
            });
            return;
        }
        let external_id = subject
            .get("external_id")
            .and_then(|v| v.as_str())
            .filter(|s| !s.trim().is_empty())
            .map(str::to_owned);
        let Some(external_id) = external_id else {
            let label = crate::lint::user_label(&subject, self.console_subject_index());
            self.console.via_braze.error =
                Some(msg!("console-via-braze-no-external-id", user = label));
            return;
        };
        self.console.via_braze.error = None;
        let label = crate::lint::user_label(&subject, self.console_subject_index());
        let store = Arc::clone(&self.config.store);
        let history_path = self.config.history_path.clone();
        let sandbox = !real;
        self.console.via_braze.running = Some(spawn_async(ctx, async move {
            let run = ViaBraze::for_profile(&profile, store.as_ref(), WAIT)?;
            let comparison = run
                .run(&payload.body, &external_id)
                .await
                .map_err(|e| match e {
                    // Said with why (Braze sends only to users it has) and what to do.
                    via_braze::ViaBrazeError::NoSuchUser { external_id } => msg!(
                        "console-via-braze-no-user",
                        user = external_id,
                        sandbox = if sandbox { "yes" } else { "no" }
                    ),
                    e => e.message(),
                })?;
            let entry = comparison.into_entry(
                &profile.name,
                payload.name,
                payload.body,
                Some(label),
                external_id,
            );
            if let Some(path) = history_path {
                // Masked once more as a whole, as every send's entry is.
                let redactor = run.braze.redactor().clone();
                let written = tokio::task::spawn_blocking({
                    let entry = entry.clone();
                    move || crate::send::history::append(&path, &entry, &redactor)
                })
                .await;
                if let Ok(Err(e)) = written {
                    return Err(msg!("history-not-written", error = e.to_string()));
                }
            }
            Ok(entry)
        }));
    }

    pub(crate) fn poll_via_braze(&mut self) {
        match take_ready(&mut self.console.via_braze.running) {
            Some(Ok(entry)) => {
                self.console.history.insert(0, entry.clone());
                self.show_newest(entry);
            }
            Some(Err(e)) => self.console.via_braze.error = Some(e),
            None => {}
        }
    }
}

impl ZenbrazeApp {
    /// Writes the shown send through Braze as a test case, atomically, off the UI thread.
    pub(crate) fn export_case(&mut self, ctx: &egui::Context, path: std::path::PathBuf) {
        self.path_dialog = None;
        let Some(case) = self.console.shown.as_ref().and_then(via_braze::test_case) else {
            return;
        };
        let text = serde_json::to_string_pretty(&case).unwrap_or_default();
        self.background.export = Some(super::jobs::spawn_blocking(ctx, move || {
            crate::durable::write_atomic(&path, text.as_bytes(), crate::durable::Privacy::Normal)
                .map(|()| path.clone())
                .map_err(|e| {
                    msg!(
                        "export-failed",
                        path = path.display().to_string(),
                        error = e.to_string()
                    )
                })
        }));
    }
}
