//! The test-send console's state machine. Send → the body is rendered and linted off the UI
//! thread ([`prepare_send`]) → blocked (lint errors, an abort, a template error), or waiting for
//! confirmation (a real account, once per session: [`next_step`]), or in flight → an exchange in
//! the history. Also: send again, send to every sample, cancel.

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value as Json;

use super::ZenbrazeApp;
use super::jobs::{spawn_async, spawn_blocking};
use super::panel::Panel;
use super::state::{BulkRun, InFlight, PendingSend};
use crate::api::ClientOptions;
use crate::i18n::Message;
use crate::msg;
use crate::profiles::{self, Profile};
use crate::target::Target;
use crate::template::{Environment, TemplateError};
use crate::workspace::{Direction, Payload};

/// A template error with its place, for the person.
pub fn template_error(e: &TemplateError) -> Message {
    msg!(
        "template-error",
        line = e.line,
        column = e.col,
        message = e.kind.message()
    )
}

/// What `abort_message` said, for the person.
pub fn aborted(reason: Option<String>) -> Message {
    msg!("aborted", reason = reason.unwrap_or_default())
}

/// The lint target a payload is sent as: its own, or its direction's.
pub fn target_of(payload: &Payload) -> Target {
    payload.target.unwrap_or(match payload.direction {
        Direction::BrazeToZendesk => Target::ZendeskTicket,
        Direction::ZendeskToBraze => Target::ZendeskWebhookBody,
    })
}

/// Where a target of this profile sends, in words (for the confirmation).
pub fn describe(profile: &Profile, target: Target) -> String {
    match target {
        Target::ZendeskTicket => profile.zendesk.as_ref().map(|z| z.describe()),
        _ => profile.braze.as_ref().map(|b| b.describe()),
    }
    .unwrap_or_default()
}

/// Everything a send is prepared from, taken from the app so the work can run elsewhere.
pub struct SendRequest {
    pub payload: Payload,
    pub subject: Json,
    pub subject_label: String,
    pub profile: Profile,
    pub env: Environment,
    /// Send even when the linter reports errors.
    pub override_errors: bool,
}

/// Renders and lints the body for the sample: what will go, or why it does not. Pure.
pub fn prepare_send(request: SendRequest) -> Result<PendingSend, Message> {
    let target = target_of(&request.payload);
    let compiled = crate::template::parse(&request.payload.body, target.dialect())
        .map_err(|e| template_error(&e))?;
    let prepared = crate::send::prepare(&compiled, &request.env, &request.subject, target)
        .map_err(|stop| match stop {
            crate::send::Stop::Aborted(reason) => aborted(reason),
            crate::send::Stop::Template(e) => template_error(&e),
        })?;
    let errors = prepared.errors();
    if errors > 0 && !request.override_errors {
        return Err(msg!("send-blocked", count = errors));
    }
    Ok(PendingSend {
        description: describe(&request.profile, target),
        target,
        body: prepared.body,
        template: request.payload.name,
        subject: request.subject_label,
        profile: request.profile,
        all: false,
    })
}

/// What happens to a send that is ready.
#[derive(Debug, PartialEq, Eq)]
pub enum NextStep {
    /// The sandbox, or a service confirmed this session: it goes.
    Start,
    /// A real account not yet confirmed this session: ask first.
    Confirm,
}

pub fn next_step(pending: &PendingSend, confirmed: &std::collections::HashSet<String>) -> NextStep {
    if pending.profile.is_sandbox() || confirmed.contains(&pending.description) {
        NextStep::Start
    } else {
        NextStep::Confirm
    }
}

impl ZenbrazeApp {
    /// The payload the console sends: its own pick, else the editor's.
    pub fn console_payload_index(&self) -> usize {
        self.console
            .payload
            .filter(|i| *i < self.doc.workspace.payloads.len())
            .unwrap_or(self.remembered.payload)
    }

    pub fn console_payload(&self) -> Option<&Payload> {
        self.doc
            .workspace
            .payloads
            .get(self.console_payload_index())
    }

    /// The samples of the console's payload: tickets for Zendesk → Braze, users otherwise.
    pub fn console_subjects(&self) -> &[Json] {
        match self.console_payload().map(|p| p.direction) {
            Some(Direction::ZendeskToBraze) => &self.doc.workspace.tickets,
            _ => &self.doc.workspace.users,
        }
    }

    /// The sample the console sends: its own pick, else the editor's (when the editor's payload
    /// is of the same kind), else the first.
    pub fn console_subject_index(&self) -> usize {
        let count = self.console_subjects().len();
        if let Some(i) = self.console.subject.filter(|i| *i < count) {
            return i;
        }
        let same_kind =
            self.console_payload().map(|p| p.direction) == self.payload().map(|p| p.direction);
        if same_kind { self.subject_index() } else { 0 }
    }

    pub fn console_subject(&self) -> Option<&Json> {
        self.console_subjects().get(self.console_subject_index())
    }

    /// Picks the console's payload (none follows the editor's); its sample follows again, since
    /// another payload may take another kind of sample.
    pub(crate) fn pick_console_payload(&mut self, payload: Option<usize>) {
        if self.console.payload != payload {
            self.console.payload = payload;
            self.console.subject = None;
            // Why the last send was refused was about another payload.
            self.console.blocked = None;
        }
    }

    pub(crate) fn pick_console_sample(&mut self, subject: Option<usize>) {
        if self.console.subject != subject {
            self.console.subject = subject;
            self.console.blocked = None;
        }
    }

    /// Send (Ctrl+Enter): prepares the selected payload for the selected sample off the UI
    /// thread; [`ZenbrazeApp::poll_sends`] takes it from there.
    pub(crate) fn send(&mut self, ctx: &egui::Context) {
        self.remembered.panel = Panel::Console;
        self.console.blocked = None;
        if self.console.in_flight.is_some() || self.console.preparing.is_some() {
            return;
        }
        let (Some(payload), Some(subject), Some(profile)) = (
            self.console_payload().cloned(),
            self.console_subject().cloned(),
            self.active_profile(),
        ) else {
            self.console.blocked = Some(msg!("send-nothing"));
            return;
        };
        let request = SendRequest {
            subject_label: crate::lint::user_label(&subject, self.console_subject_index()),
            payload,
            subject,
            profile,
            env: self.environment(),
            override_errors: self.console.override_errors,
        };
        self.console.preparing = Some(spawn_blocking(ctx, move || {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| prepare_send(request)))
                .unwrap_or_else(|_| Err(msg!("engine-failed")))
        }));
    }

    pub(crate) fn confirm_send(&mut self, ctx: &egui::Context) {
        if let Some(pending) = self.console.confirm.take() {
            self.console.confirmed.insert(pending.description.clone());
            if pending.all {
                self.send_to_all(ctx);
            } else {
                self.start_send(ctx, pending);
            }
        }
    }

    pub(crate) fn cancel_send(&mut self) {
        if let Some(f) = &self.console.in_flight {
            f.watch.cancel();
        }
        if let Some(b) = &self.console.bulk {
            b.cancel.cancel();
        }
        self.console.confirm = None;
    }

    /// Every sample, prepared and sent off the UI thread a few at a time (`send::bulk`).
    pub(crate) fn send_to_all(&mut self, ctx: &egui::Context) {
        self.remembered.panel = Panel::Console;
        self.console.blocked = None;
        if self.console.bulk.as_ref().is_some_and(|b| !b.collected) {
            return;
        }
        let (Some(payload), Some(profile)) =
            (self.console_payload().cloned(), self.active_profile())
        else {
            self.console.blocked = Some(msg!("send-nothing"));
            return;
        };
        let target = target_of(&payload);
        let description = describe(&profile, target);
        if !profile.is_sandbox() && !self.console.confirmed.contains(&description) {
            self.console.confirm = Some(PendingSend {
                description,
                target,
                body: String::new(),
                template: payload.name,
                subject: String::new(),
                profile,
                all: true,
            });
            return;
        }
        let env = self.environment();
        let subjects: Vec<Json> = self.console_subjects().to_vec();
        let total = subjects.len();
        let progress = Arc::new(std::sync::Mutex::new(crate::send::bulk::Progress::default()));
        let cancel = tokio_util::sync::CancellationToken::new();
        let store = Arc::clone(&self.config.store);
        let history = self.config.history_path.clone();
        let send_with_errors = self.console.override_errors;
        let failure = Arc::new(std::sync::Mutex::new(None));
        let (worker_progress, worker_cancel, worker_failure, repaint) = (
            Arc::clone(&progress),
            cancel.clone(),
            Arc::clone(&failure),
            ctx.clone(),
        );
        // Ends the run with a reason before any row went.
        let fail = move |why: Message| {
            if let Ok(mut f) = worker_failure.lock() {
                *f = Some(why);
            }
        };
        crate::net::runtime().spawn(async move {
            let prepared = tokio::task::spawn_blocking(move || {
                let compiled = crate::template::parse(&payload.body, target.dialect());
                let sender = crate::send::Sender::new(
                    &profile,
                    store.as_ref(),
                    target,
                    ClientOptions::default(),
                );
                // Every core, in the samples' order (`ZENBRAZE_THREADS` caps them).
                let rows =
                    crate::parallel::map(&subjects, crate::parallel::threads(None), |i, s| {
                        let label = crate::lint::user_label(s, i);
                        let row = match &compiled {
                            Ok(c) => crate::send::prepare(c, &env, s, target),
                            Err(e) => Err(crate::send::Stop::Template(e.clone())),
                        };
                        (label, row)
                    });
                (
                    rows,
                    sender.map_err(|e| crate::i18n::Localize::message(&e)),
                    payload.name,
                    profile.name,
                )
            })
            .await;
            let outcome = match prepared {
                // The engine failed inside: say so rather than leave the run spinning.
                Err(_) => Err(msg!("engine-failed")),
                Ok((rows, Ok(sender), template, profile)) => Ok((rows, sender, template, profile)),
                Ok((_, Err(e), _, _)) => Err(e),
            };
            let (rows, sender, template, profile) = match outcome {
                Ok(ready) => ready,
                Err(why) => {
                    fail(why);
                    if let Ok(mut p) = worker_progress.lock() {
                        p.finished = true;
                    }
                    repaint.request_repaint();
                    return;
                }
            };
            let job = crate::send::bulk::Job {
                sender,
                profile,
                target,
                template,
                prepared: rows,
                send_with_errors,
                history,
            };
            crate::send::bulk::run(job, worker_progress, worker_cancel, move || {
                repaint.request_repaint()
            })
            .await;
        });
        self.console.newest = super::state::Newest::Batch;
        self.console.scroll_to_top = true;
        self.console.bulk = Some(BulkRun {
            progress,
            cancel,
            failure,
            total,
            collected: false,
        });
    }

    /// A history entry's body again, with the profile it went with (confirmed as any send).
    pub(crate) fn resend(&mut self, ctx: &egui::Context, i: usize) {
        let Some(entry) = self.console.history.get(i).cloned() else {
            return;
        };
        let profile = if entry.profile == profiles::SANDBOX_PROFILE {
            Some(self.sandbox_profile())
        } else {
            self.profiles.get(&entry.profile).cloned()
        };
        let (Some(profile), Ok(target)) = (profile, entry.target.parse::<Target>()) else {
            self.console.blocked = Some(msg!("resend-no-profile", profile = entry.profile));
            return;
        };
        let pending = PendingSend {
            description: describe(&profile, target),
            target,
            body: entry.exchange.request_body.clone(),
            template: entry.template,
            subject: entry.subject.unwrap_or_default(),
            profile,
            all: false,
        };
        self.send_or_confirm(ctx, pending);
    }

    /// The sandbox and services confirmed this session go at once; others ask first.
    fn send_or_confirm(&mut self, ctx: &egui::Context, pending: PendingSend) {
        match next_step(&pending, &self.console.confirmed) {
            NextStep::Start => self.start_send(ctx, pending),
            NextStep::Confirm => self.console.confirm = Some(pending),
        }
    }

    fn start_send(&mut self, ctx: &egui::Context, pending: PendingSend) {
        let (control, watch) = crate::api::Control::new();
        let store = Arc::clone(&self.config.store);
        let history_path = self.config.history_path.clone();
        // Redraw whenever the send changes phase (sending, waiting to retry, done), so what is
        // on screen follows it without polling.
        let mut phases = watch.clone();
        let repaint = ctx.clone();
        crate::net::runtime().spawn(async move {
            while phases.changed().await {
                repaint.request_repaint();
            }
        });
        let promise = spawn_async(ctx, async move {
            let sender = crate::send::Sender::new(
                &pending.profile,
                store.as_ref(),
                pending.target,
                ClientOptions::default(),
            )
            .map_err(|e| crate::i18n::Localize::message(&e))?;
            let delivery = sender.send(&pending.body, control).await;
            let entry = crate::send::history::Entry::new(
                &pending.profile.name,
                pending.target,
                pending.template,
                Some(pending.subject),
                delivery,
            );
            if let Some(path) = history_path {
                // A history that cannot be written does not undo the send; it is said once.
                let redactor = sender.redactor().clone();
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
        });
        self.console.in_flight = Some(InFlight { watch, promise });
    }

    /// Puts an exchange on top of the console, its headline in view: a comparison with the one
    /// shown before no longer applies, and a finished batch goes below it.
    pub(crate) fn show_newest(&mut self, entry: crate::send::history::Entry) {
        // A refusal of an earlier try is not about the exchange now on top.
        self.console.blocked = None;
        self.console.shown = Some(entry);
        self.console.compare = None;
        self.console.newest = super::state::Newest::Exchange;
        self.console.scroll_to_top = true;
    }

    /// Closes a finished batch's table (its rows stay in the history).
    pub(crate) fn close_batch(&mut self) {
        if self.console.bulk.as_ref().is_some_and(|b| b.collected) {
            self.console.bulk = None;
            self.console.newest = super::state::Newest::Exchange;
        }
    }

    /// Collects what the console's background work finished.
    pub(crate) fn poll_sends(&mut self, ctx: &egui::Context) {
        if let Some(prepared) = super::jobs::take_ready(&mut self.console.preparing) {
            match prepared {
                Ok(pending) => self.send_or_confirm(ctx, pending),
                Err(why) => self.console.blocked = Some(why),
            }
        }
        if let Some(bulk) = &mut self.console.bulk
            && !bulk.collected
        {
            let finished: Option<Vec<crate::send::history::Entry>> =
                bulk.progress.lock().ok().and_then(|p| {
                    p.finished.then(|| {
                        p.rows
                            .iter()
                            .filter_map(|r| match &r.state {
                                crate::send::bulk::RowState::Done(e) => Some((**e).clone()),
                                _ => None,
                            })
                            .collect()
                    })
                });
            if let Some(entries) = finished {
                bulk.collected = true;
                for e in entries {
                    self.console.history.insert(0, e);
                }
            }
        }
        if let Some(flight) = self.console.in_flight.take() {
            match flight.promise.try_take() {
                Ok(Ok(entry)) => {
                    self.console.history.insert(0, entry.clone());
                    self.show_newest(entry);
                }
                Ok(Err(e)) => self.console.blocked = Some(e),
                Err(pending) => {
                    // A countdown is on screen while a retry waits: tick it.
                    if flight.watch.remaining_wait().is_some() {
                        ctx.request_repaint_after(Duration::from_millis(200));
                    }
                    self.console.in_flight = Some(InFlight {
                        watch: flight.watch,
                        promise: pending,
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn request(body: &str, subject: Json, override_errors: bool) -> SendRequest {
        let payload = Payload {
            name: "p".into(),
            direction: Direction::BrazeToZendesk,
            method: "POST".into(),
            url: "https://acme.zendesk.com/api/v2/tickets.json".into(),
            headers: Vec::new(),
            body: body.into(),
            target: Some(Target::ZendeskTicket),
            kept: Vec::new(),
        };
        SendRequest {
            payload,
            subject,
            subject_label: "ada".into(),
            profile: Profile::sandbox("http://127.0.0.1:1"),
            env: Environment::new(),
            override_errors,
        }
    }

    const TICKET: &str =
        r#"{"ticket": {"subject": "Hi {{${first_name}}}", "comment": {"body": "x"}}}"#;

    #[test]
    fn a_clean_body_is_ready_for_the_sandbox_at_once() {
        let pending = prepare_send(request(
            TICKET,
            serde_json::json!({"first_name": "Ada"}),
            false,
        ))
        .unwrap();
        assert!(pending.body.contains("Hi Ada"));
        assert_eq!(pending.target, Target::ZendeskTicket);
        assert_eq!(next_step(&pending, &HashSet::new()), NextStep::Start);
    }

    #[test]
    fn lint_errors_block_unless_overridden() {
        let quoted = serde_json::json!({"first_name": "Ada \"The Countess\""});
        let e = prepare_send(request(TICKET, quoted.clone(), false)).unwrap_err();
        assert_eq!(e.id(), "send-blocked");
        assert!(prepare_send(request(TICKET, quoted, true)).is_ok());
    }

    #[test]
    fn an_abort_and_a_template_error_say_why() {
        let abort = "{% abort_message('no name') %}";
        let e = prepare_send(request(abort, serde_json::json!({}), false)).unwrap_err();
        assert_eq!(e.id(), "aborted");
        assert_eq!(e.text_arg("reason"), Some("no name"));
        let broken = "{{ x | nope }}";
        let e = prepare_send(request(broken, serde_json::json!({}), false)).unwrap_err();
        assert_eq!(e.id(), "template-error");
    }

    #[test]
    fn a_real_account_is_confirmed_once_per_session() {
        let mut pending = prepare_send(request(
            TICKET,
            serde_json::json!({"first_name": "Ada"}),
            false,
        ))
        .unwrap();
        pending.profile = Profile {
            name: "acme".into(),
            ..Profile::sandbox("https://acme.zendesk.com")
        };
        pending.description = "acme.zendesk.com".into();
        assert!(
            !pending.profile.is_sandbox(),
            "the sandbox profile goes by its name"
        );
        let mut confirmed = HashSet::new();
        assert_eq!(next_step(&pending, &confirmed), NextStep::Confirm);
        confirmed.insert("acme.zendesk.com".to_owned());
        assert_eq!(next_step(&pending, &confirmed), NextStep::Start);
    }
}
