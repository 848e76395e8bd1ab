//! The wizard's flow as pure state changes: which step follows which, what a command does to the
//! form, when a job may start (and what stops it), and what a finished job changes. The app runs
//! the [`Effect`]s this returns; nothing here touches the network, a thread or a window, so every
//! transition is unit-tested below.

use serde_json::Value as Json;

use super::{WizardCommand, WizardOutcome, WizardState};
use crate::i18n::Message;
use crate::setup::Field;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WizardStep {
    #[default]
    Connection,
    Event,
    Trigger,
    Webhook,
    Plan,
    Apply,
    Verify,
    OtherDirection,
}

impl WizardStep {
    pub const ALL: [WizardStep; 8] = [
        WizardStep::Connection,
        WizardStep::Event,
        WizardStep::Trigger,
        WizardStep::Webhook,
        WizardStep::Plan,
        WizardStep::Apply,
        WizardStep::Verify,
        WizardStep::OtherDirection,
    ];

    /// The catalogue key of its name.
    pub fn key(self) -> &'static str {
        match self {
            WizardStep::Connection => "wizard-step-connection",
            WizardStep::Event => "wizard-step-event",
            WizardStep::Trigger => "wizard-step-trigger",
            WizardStep::Webhook => "wizard-step-webhook",
            WizardStep::Plan => "wizard-step-plan",
            WizardStep::Apply => "wizard-step-apply",
            WizardStep::Verify => "wizard-step-verify",
            WizardStep::OtherDirection => "wizard-step-other",
        }
    }

    /// Its number as the step bar shows it (from 1).
    pub fn number(self) -> usize {
        Self::ALL.iter().position(|s| *s == self).unwrap_or(0) + 1
    }

    pub fn next(self) -> Option<Self> {
        Self::ALL.get(self.number()).copied()
    }

    pub fn previous(self) -> Option<Self> {
        self.number().checked_sub(2).map(|i| Self::ALL[i])
    }
}

/// A job on the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    Plan,
    Apply,
    Remove,
    Verify,
}

/// What the app must start for a command.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    TestConnection,
    Start(Job),
}

impl WizardState {
    /// Applies `command` to the form. `body_of` reads a payload's body (for "start from a
    /// payload"). Returns what must start in the background, if anything.
    pub fn handle(
        &mut self,
        command: WizardCommand,
        body_of: &dyn Fn(usize) -> Option<String>,
    ) -> Option<Effect> {
        match command {
            WizardCommand::Go(step) => {
                self.step = step;
                // The plan step always shows the account as it is now.
                (step == WizardStep::Plan && self.running.is_none())
                    .then(|| self.start(Job::Plan))
                    .flatten()
            }
            WizardCommand::TestConnection => {
                if self.checking.is_some() {
                    return None;
                }
                self.checks.clear();
                Some(Effect::TestConnection)
            }
            WizardCommand::UseBody(i) => {
                if let Some(body) = body_of(i) {
                    self.custom_body = body;
                    self.custom = true;
                }
                None
            }
            WizardCommand::AddField { attribute } => {
                let (list, default) = if attribute {
                    (
                        &mut self.spec.event.attributes,
                        Field::new("zendesk_last_status", "ticket.status"),
                    )
                } else {
                    (
                        &mut self.spec.event.properties,
                        Field::new("priority", "ticket.priority"),
                    )
                };
                list.push(default);
                None
            }
            WizardCommand::RemoveField { attribute, index } => {
                let list = if attribute {
                    &mut self.spec.event.attributes
                } else {
                    &mut self.spec.event.properties
                };
                if index < list.len() {
                    list.remove(index);
                }
                None
            }
            WizardCommand::Plan => self.start(Job::Plan),
            WizardCommand::Apply => self.start(Job::Apply),
            WizardCommand::Remove => self.start(Job::Remove),
            WizardCommand::Verify => self.start(Job::Verify),
            // The app runs these itself (`publish.rs`).
            WizardCommand::BlockPlan
            | WizardCommand::BlockApply
            | WizardCommand::BlockForce
            | WizardCommand::BlockRetire => None,
        }
    }

    /// Whether `job` may start now: one job at a time, and a form with problems plans, applies
    /// and verifies nothing (removing goes by name alone, so it may).
    pub fn start(&mut self, job: Job) -> Option<Effect> {
        if self.running.is_some() {
            return None;
        }
        self.errors.clear();
        if job != Job::Remove {
            let problems = self.problems();
            if !problems.is_empty() {
                self.errors = problems;
                return None;
            }
        }
        Some(Effect::Start(job))
    }

    /// What is wrong with the form, each named.
    pub fn problems(&self) -> Vec<Message> {
        self.current_spec().problems()
    }

    /// What a finished job changes.
    pub fn finish(&mut self, outcome: Result<WizardOutcome, Message>) {
        let spec = self.job_spec.take();
        let name = spec.as_ref().map(|s| s.name.trim().to_owned());
        let seen = |o: &crate::setup::Observed| {
            name.clone()
                .map(|n| (n, !o.triggers.is_empty(), !o.automations.is_empty()))
        };
        match outcome {
            Err(e) => self.errors = vec![e],
            Ok(WizardOutcome::Plan(r)) => {
                if let Some(o) = &r.observed {
                    self.rules_seen = seen(o);
                }
                self.plan = Some(r);
                self.results_for = spec;
            }
            Ok(WizardOutcome::Apply(r)) => {
                if r.ok() {
                    self.rules_seen =
                        name.map(|n| (n, r.trigger_id.is_some(), r.automation_id.is_some()));
                } else if let Some(o) = &r.observed {
                    // Rolled back, or blocked: the account is as it was read.
                    self.rules_seen = seen(o);
                }
                // What exists changed: the plan shown before is stale, and so is a verification.
                self.plan = None;
                self.removed = None;
                self.verified = None;
                self.applied = Some(r);
                self.results_for = spec;
            }
            Ok(WizardOutcome::Remove(r)) => {
                self.rules_seen = if r.ok() {
                    name.map(|n| (n, false, false))
                } else {
                    None
                };
                // Nothing set up is left to show: the apply and verify results went with it.
                self.plan = None;
                self.applied = None;
                self.verified = None;
                self.removed = Some(r);
            }
            Ok(WizardOutcome::Verify(v)) => {
                self.verified = Some(v);
                self.results_for = spec;
            }
        }
    }

    /// Clears the plan, apply and verify results once the form describes another setup than
    /// the one they were made for (another rule, name, body...): they no longer say anything
    /// about it.
    pub fn forget_stale_results(&mut self) {
        if self.running.is_some() {
            return;
        }
        let Some(was) = &self.results_for else {
            return;
        };
        if *was != self.current_spec() {
            self.plan = None;
            self.applied = None;
            self.verified = None;
            self.results_for = None;
        }
    }

    /// What the Remove confirmation names: the rules last seen under the form's name, or
    /// "unknown" when the account was not read for that name.
    pub fn rules_to_remove(&self) -> &'static str {
        match &self.rules_seen {
            Some((name, trigger, automation)) if name == self.spec.name.trim() => {
                match (trigger, automation) {
                    (true, true) => "both",
                    (true, false) => "trigger",
                    (false, true) => "automation",
                    (false, false) => "none",
                }
            }
            _ => "unknown",
        }
    }

    /// The key the event step's preview is computed for: the body, the sample ticket, the
    /// samples' revision.
    pub fn preview_key(&self, data_revision: u64) -> super::PreviewKey {
        (self.current_spec().event.body(), self.ticket, data_revision)
    }
}

/// The sample ticket at `index`, or the bundled one when the workspace has none.
pub fn ticket_at(tickets: &[Json], index: usize) -> Json {
    tickets
        .get(index.min(tickets.len().saturating_sub(1)))
        .cloned()
        .unwrap_or_else(|| crate::workspace::Workspace::default().tickets.remove(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::setup::Report;

    fn no_bodies(_: usize) -> Option<String> {
        None
    }

    #[test]
    fn steps_go_forward_and_back_and_stop_at_the_ends() {
        assert_eq!(WizardStep::Connection.previous(), None);
        assert_eq!(WizardStep::Connection.next(), Some(WizardStep::Event));
        assert_eq!(WizardStep::Plan.previous(), Some(WizardStep::Webhook));
        assert_eq!(WizardStep::OtherDirection.next(), None);
        for (i, step) in WizardStep::ALL.iter().enumerate() {
            assert_eq!(step.number(), i + 1);
            if let Some(next) = step.next() {
                assert_eq!(next.previous(), Some(*step));
            }
        }
    }

    #[test]
    fn opening_the_plan_step_reads_the_account_unless_a_job_runs() {
        let mut w = WizardState::default();
        assert_eq!(
            w.handle(WizardCommand::Go(WizardStep::Event), &no_bodies),
            None
        );
        assert_eq!(
            w.handle(WizardCommand::Go(WizardStep::Plan), &no_bodies),
            Some(Effect::Start(Job::Plan))
        );
        assert_eq!(w.step, WizardStep::Plan);
        let (_sender, pending) = poll_promise::Promise::new();
        w.running = Some(pending);
        assert_eq!(
            w.handle(WizardCommand::Go(WizardStep::Plan), &no_bodies),
            None
        );
        assert_eq!(
            w.handle(WizardCommand::Apply, &no_bodies),
            None,
            "one job at a time"
        );
    }

    #[test]
    fn a_form_with_problems_starts_nothing_but_remove_and_says_why() {
        let mut w = WizardState::default();
        w.spec.name = "  ".into();
        assert_eq!(w.handle(WizardCommand::Apply, &no_bodies), None);
        assert!(!w.errors.is_empty());
        assert_eq!(w.errors[0].id(), "setup-problem-name-empty");
        assert_eq!(
            w.handle(WizardCommand::Remove, &no_bodies),
            Some(Effect::Start(Job::Remove))
        );
        assert!(w.errors.is_empty(), "a new job clears the old problems");
    }

    #[test]
    fn fields_are_added_and_removed_and_a_payload_body_can_be_taken() {
        let mut w = WizardState::default();
        let before = w.spec.event.attributes.len();
        w.handle(WizardCommand::AddField { attribute: true }, &no_bodies);
        assert_eq!(w.spec.event.attributes.len(), before + 1);
        w.handle(
            WizardCommand::RemoveField {
                attribute: true,
                index: 99,
            },
            &no_bodies,
        );
        assert_eq!(
            w.spec.event.attributes.len(),
            before + 1,
            "out of range: kept"
        );
        w.handle(
            WizardCommand::RemoveField {
                attribute: true,
                index: before,
            },
            &no_bodies,
        );
        assert_eq!(w.spec.event.attributes.len(), before);
        let body = |i: usize| (i == 2).then(|| "{\"events\": []}".to_owned());
        w.handle(WizardCommand::UseBody(2), &body);
        assert!(w.custom);
        assert_eq!(w.custom_body, "{\"events\": []}");
        assert_eq!(
            w.current_spec().event.custom_body.as_deref(),
            Some("{\"events\": []}")
        );
    }

    #[test]
    fn the_form_becomes_the_spec() {
        let w = WizardState {
            on_solved: true,
            on_closed: true,
            tags_exclude: "braze, vip".into(),
            category_mode: super::super::CategoryMode::New,
            category_new: "Braze".into(),
            ..WizardState::default()
        };
        let spec = w.current_spec();
        assert_eq!(spec.rules.on, ["solved", "closed"]);
        assert_eq!(spec.rules.tags_exclude, ["braze", "vip"]);
        assert_eq!(spec.category.as_deref(), Some("Braze"));
        assert_eq!(spec.event.custom_body, None);
    }

    #[test]
    fn a_connection_test_clears_the_old_lines_and_runs_once_at_a_time() {
        let mut w = WizardState {
            checks: vec![(false, crate::msg!("as-reported", text = "old"))],
            ..WizardState::default()
        };
        assert_eq!(
            w.handle(WizardCommand::TestConnection, &no_bodies),
            Some(Effect::TestConnection)
        );
        assert!(w.checks.is_empty());
        let (_sender, pending) = poll_promise::Promise::new();
        w.checking = Some(pending);
        assert_eq!(w.handle(WizardCommand::TestConnection, &no_bodies), None);
    }

    #[test]
    fn finished_jobs_replace_what_they_made_stale() {
        let mut w = WizardState::default();
        w.finish(Ok(WizardOutcome::Plan(Report::default())));
        assert!(w.plan.is_some());
        w.finish(Ok(WizardOutcome::Apply(Report::default())));
        assert!(
            w.plan.is_none() && w.applied.is_some(),
            "the plan is stale after apply"
        );
        w.finish(Ok(WizardOutcome::Remove(Report::default())));
        assert!(w.applied.is_none() && w.removed.is_some());
        w.finish(Err(crate::msg!("as-reported", text = "refused")));
        assert_eq!(w.errors.len(), 1);
    }

    #[test]
    fn results_for_another_setup_are_cleared_and_remove_names_what_was_seen() {
        let mut w = WizardState::default();
        assert_eq!(w.rules_to_remove(), "unknown", "nothing read yet");
        w.job_spec = Some(w.current_spec());
        w.finish(Ok(WizardOutcome::Apply(Report {
            trigger_id: Some(7),
            ..Report::default()
        })));
        w.job_spec = Some(w.current_spec());
        w.finish(Ok(WizardOutcome::Verify(Default::default())));
        w.forget_stale_results();
        assert!(
            w.applied.is_some() && w.verified.is_some(),
            "same form: kept"
        );
        // The form now describes an automation: the results said nothing about it.
        w.automation = true;
        w.forget_stale_results();
        assert!(w.applied.is_none() && w.verified.is_none() && w.plan.is_none());
        // What exists is the trigger, whatever the form chooses.
        assert_eq!(w.rules_to_remove(), "trigger");
        w.spec.name = "Another".into();
        assert_eq!(w.rules_to_remove(), "unknown", "another name was not read");
        w.spec.name = "Ticket solved → Braze ".into();
        w.job_spec = Some(w.current_spec());
        w.finish(Ok(WizardOutcome::Remove(Report::default())));
        assert_eq!(w.rules_to_remove(), "none");
        assert!(w.verified.is_none());
    }

    #[test]
    fn the_preview_key_follows_the_body_the_ticket_and_the_samples() {
        let mut w = WizardState::default();
        let k = w.preview_key(1);
        assert_eq!(w.preview_key(1), k);
        assert_ne!(w.preview_key(2), k);
        w.ticket = 1;
        assert_ne!(w.preview_key(1), k);
    }

    #[test]
    fn a_missing_ticket_falls_back_to_the_last_or_the_bundled_one() {
        let tickets = vec![serde_json::json!({"n": 1}), serde_json::json!({"n": 2})];
        assert_eq!(ticket_at(&tickets, 9)["n"], 2);
        assert!(ticket_at(&[], 0)["ticket"].is_object());
    }
}
