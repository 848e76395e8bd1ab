//! The setup wizard's state and the work behind its buttons. The engine is `crate::setup`; this
//! holds the form, starts plan / apply / verify / remove off the UI thread, and keeps their
//! reports for the panel to draw.

use std::sync::Arc;

use poll_promise::Promise;
use serde_json::Value as Json;

use super::ZenbrazeApp;
use super::jobs::{spawn_async, take_ready};
use crate::api::ClientOptions;
use crate::connect;
use crate::setup::composer::{self, ComposerSettings};
use crate::setup::{Connection, Field, Report, Spec, UpdateType, Verification, suggested_guard};
use crate::workspace::Direction;

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

    pub fn next(self) -> Option<Self> {
        let i = Self::ALL.iter().position(|s| *s == self)?;
        Self::ALL.get(i + 1).copied()
    }

    pub fn previous(self) -> Option<Self> {
        let i = Self::ALL.iter().position(|s| *s == self)?;
        i.checked_sub(1).map(|i| Self::ALL[i])
    }
}

/// Where the trigger goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CategoryMode {
    /// Zendesk's default category (or an account without categories).
    #[default]
    None,
    Existing,
    New,
}

#[derive(Debug, Clone, PartialEq)]
pub enum WizardCommand {
    Go(WizardStep),
    TestConnection,
    Plan,
    Apply,
    Remove,
    Verify,
    /// Puts a Zendesk → Braze payload's body in the custom body.
    UseBody(usize),
    AddField {
        attribute: bool,
    },
    RemoveField {
        attribute: bool,
        index: usize,
    },
}

/// What a finished job brings back.
pub enum WizardOutcome {
    Plan(Report),
    Apply(Report),
    Remove(Report),
    Verify(Verification),
}

/// The wizard's form and results.
pub struct WizardState {
    pub step: WizardStep,
    pub spec: Spec,
    /// A body written by hand instead of the form.
    pub custom: bool,
    pub custom_body: String,
    pub on_solved: bool,
    pub on_closed: bool,
    pub tags_include: String,
    pub tags_exclude: String,
    pub category_mode: CategoryMode,
    pub category_new: String,
    pub category_existing: String,
    /// The sample ticket the body is previewed and verified with.
    pub ticket: usize,
    /// The Braze → Zendesk payload the other direction is produced from.
    pub composer_payload: usize,
    pub checks: Vec<(bool, String)>,
    pub checking: Option<Promise<Vec<(bool, String)>>>,
    pub running: Option<Promise<Result<WizardOutcome, String>>>,
    pub error: Option<String>,
    pub plan: Option<Report>,
    pub applied: Option<Report>,
    pub removed: Option<Report>,
    pub verified: Option<Verification>,
    /// The preview, keyed by the body, the ticket's index and the data revision.
    pub preview: Option<(PreviewKey, PreviewValue)>,
}

pub type PreviewKey = (String, usize, u64);
pub type PreviewValue = (Result<String, String>, Vec<String>);

impl Default for WizardState {
    fn default() -> Self {
        let spec = Spec::new("Ticket solved → Braze", "zendesk_ticket_solved");
        Self {
            step: WizardStep::default(),
            custom_body: spec.event.body(),
            spec,
            custom: false,
            on_solved: true,
            on_closed: false,
            tags_include: String::new(),
            tags_exclude: String::new(),
            category_mode: CategoryMode::None,
            category_new: "Braze".into(),
            category_existing: String::new(),
            ticket: 0,
            composer_payload: 0,
            checks: Vec::new(),
            checking: None,
            running: None,
            error: None,
            plan: None,
            applied: None,
            removed: None,
            verified: None,
            preview: None,
        }
    }
}

impl WizardState {
    /// The spec the form describes.
    pub fn current_spec(&self) -> Spec {
        let mut spec = self.spec.clone();
        spec.event.custom_body = self.custom.then(|| self.custom_body.clone());
        spec.rules.on = [("solved", self.on_solved), ("closed", self.on_closed)]
            .iter()
            .filter(|(_, on)| *on)
            .map(|(s, _)| (*s).to_owned())
            .collect();
        spec.rules.tags_include = crate::setup::tags(&self.tags_include);
        spec.rules.tags_exclude = crate::setup::tags(&self.tags_exclude);
        spec.category = match self.category_mode {
            CategoryMode::None => None,
            CategoryMode::Existing => Some(self.category_existing.clone()),
            CategoryMode::New => Some(self.category_new.clone()),
        };
        spec
    }

    pub fn busy(&self) -> bool {
        self.running.is_some() || self.checking.is_some()
    }

    /// The categories the account had at the last plan (none known before one ran, or when
    /// the account lacks them).
    pub fn known_categories(&self) -> Vec<String> {
        self.plan
            .iter()
            .chain(&self.applied)
            .filter_map(|r| r.observed.as_ref())
            .filter_map(|o| o.categories.as_ref())
            .next()
            .map(|list| list.iter().map(|c| c.name.clone()).collect())
            .unwrap_or_default()
    }

    /// Whether the last look at the account found no trigger categories at all.
    pub fn categories_unavailable(&self) -> bool {
        self.plan
            .as_ref()
            .and_then(|r| r.observed.as_ref())
            .is_some_and(|o| o.categories.is_none())
    }
}

impl ZenbrazeApp {
    pub(crate) fn wizard_command(&mut self, ctx: &egui::Context, command: WizardCommand) {
        match command {
            WizardCommand::Go(step) => {
                self.wizard.step = step;
                // The plan step always shows the account as it is now.
                if step == WizardStep::Plan && self.wizard.running.is_none() {
                    self.wizard_job(ctx, WizardCommand::Plan);
                }
            }
            WizardCommand::TestConnection => {
                let Some(profile) = self.active_profile() else {
                    return;
                };
                let store = Arc::clone(&self.config.store);
                self.wizard.checks.clear();
                let i18n = self.i18n;
                self.wizard.checking = Some(spawn_async(ctx, async move {
                    connect::check_profile(&profile, store.as_ref())
                        .await
                        .into_iter()
                        .map(|(ok, line)| (ok, i18n.message(&line)))
                        .collect()
                }));
            }
            WizardCommand::UseBody(i) => {
                if let Some(p) = self.doc.workspace.payloads.get(i) {
                    self.wizard.custom_body = p.body.clone();
                    self.wizard.custom = true;
                }
            }
            WizardCommand::AddField { attribute } => {
                let event = &mut self.wizard.spec.event;
                let (list, default) = if attribute {
                    (
                        &mut event.attributes,
                        Field::new("zendesk_last_status", "ticket.status"),
                    )
                } else {
                    (
                        &mut event.properties,
                        Field::new("priority", "ticket.priority"),
                    )
                };
                list.push(default);
            }
            WizardCommand::RemoveField { attribute, index } => {
                let event = &mut self.wizard.spec.event;
                let list = if attribute {
                    &mut event.attributes
                } else {
                    &mut event.properties
                };
                if index < list.len() {
                    list.remove(index);
                }
            }
            job @ (WizardCommand::Plan
            | WizardCommand::Apply
            | WizardCommand::Remove
            | WizardCommand::Verify) => self.wizard_job(ctx, job),
        }
    }

    fn wizard_job(&mut self, ctx: &egui::Context, job: WizardCommand) {
        if self.wizard.running.is_some() {
            return;
        }
        let Some(profile) = self.active_profile() else {
            return;
        };
        let spec = self.wizard.current_spec();
        self.wizard.error = None;
        let problems = spec.problems();
        if !problems.is_empty() && job != WizardCommand::Remove {
            let lines: Vec<String> = problems.iter().map(|p| self.i18n.message(p)).collect();
            self.wizard.error = Some(lines.join("\n"));
            return;
        }
        let ticket = self.wizard_ticket();
        let store = Arc::clone(&self.config.store);
        let i18n = self.i18n;
        self.wizard.running = Some(spawn_async(ctx, async move {
            let c = Connection::open(&profile, store.as_ref(), ClientOptions::default())
                .map_err(|e| i18n.say(&e))?;
            Ok(match job {
                WizardCommand::Plan => WizardOutcome::Plan(c.plan(&spec).await),
                WizardCommand::Apply => WizardOutcome::Apply(c.apply(&spec).await),
                WizardCommand::Remove => WizardOutcome::Remove(c.remove(&spec.name).await),
                _ => WizardOutcome::Verify(c.verify(&spec, &ticket).await),
            })
        }));
    }

    /// The sample ticket chosen in the wizard.
    pub fn wizard_ticket(&self) -> Json {
        let tickets = &self.doc.workspace.tickets;
        tickets
            .get(self.wizard.ticket.min(tickets.len().saturating_sub(1)))
            .cloned()
            .unwrap_or_else(|| crate::workspace::Workspace::default().tickets.remove(0))
    }

    pub(crate) fn poll_wizard(&mut self) {
        if let Some(checks) = take_ready(&mut self.wizard.checking) {
            self.wizard.checks = checks;
        }
        if let Some(result) = take_ready(&mut self.wizard.running) {
            match result {
                Err(e) => self.wizard.error = Some(e),
                Ok(WizardOutcome::Plan(r)) => self.wizard.plan = Some(r),
                Ok(WizardOutcome::Apply(r)) => {
                    // What exists changed: the plan shown before is stale.
                    self.wizard.plan = None;
                    self.wizard.removed = None;
                    self.wizard.applied = Some(r);
                }
                Ok(WizardOutcome::Remove(r)) => {
                    self.wizard.plan = None;
                    self.wizard.applied = None;
                    self.wizard.removed = Some(r);
                }
                Ok(WizardOutcome::Verify(v)) => self.wizard.verified = Some(v),
            }
        }
    }

    /// The body rendered for the chosen sample ticket, and its findings; recomputed only when
    /// the body, the ticket or the samples change.
    pub(crate) fn refresh_wizard_preview(&mut self) {
        let spec = self.wizard.current_spec();
        let key = (
            spec.event.body(),
            self.wizard.ticket,
            self.doc.data_revision(),
        );
        if self.wizard.preview.as_ref().is_none_or(|(k, _)| *k != key) {
            let (body, findings) = crate::setup::verify::preview(&spec, &self.wizard_ticket());
            let value = (
                body.map_err(|e| self.i18n.message(&e)),
                findings.iter().map(|f| self.i18n.message(f)).collect(),
            );
            self.wizard.preview = Some((key, value));
        }
    }

    /// The loop guard to suggest, from the Braze → Zendesk templates in the workspace.
    pub fn wizard_guard(&self) -> Option<String> {
        suggested_guard(
            self.doc
                .workspace
                .payloads
                .iter()
                .filter(|p| p.direction == Direction::BrazeToZendesk)
                .map(|p| p.body.as_str()),
        )
    }

    /// The Braze composer settings for the chosen Braze → Zendesk payload.
    pub fn wizard_composer(&self) -> Option<(String, Result<ComposerSettings, String>)> {
        let payload = self
            .doc
            .workspace
            .payloads
            .iter()
            .filter(|p| p.direction == Direction::BrazeToZendesk)
            .nth(self.wizard.composer_payload)?;
        let profile = self.active_profile()?;
        Some((
            payload.name.clone(),
            composer::settings_with(
                &profile,
                &payload.body,
                &payload.headers,
                self.i18n.tr("wizard-token-placeholder"),
            )
            .map_err(|e| self.i18n.say(&e)),
        ))
    }
}

/// `update_type` as the form's combo shows it.
pub fn update_types() -> [(Option<UpdateType>, &'static str); 3] {
    [
        (None, "wizard-update-any"),
        (Some(UpdateType::Create), "wizard-update-create"),
        (Some(UpdateType::Change), "wizard-update-change"),
    ]
}
