//! The setup wizard's state and the work behind its buttons. The engine is `crate::setup`; the
//! flow (steps, validation, what a finished job changes) is pure, in `flow.rs`; this holds the
//! form and runs what the flow asks for off the UI thread: connection tests, plan / apply /
//! verify / remove, and the event step's preview.

pub mod flow;
pub mod publish;

use std::sync::Arc;

use poll_promise::Promise;
use serde_json::Value as Json;

pub use flow::{Effect, Job, WizardStep, ticket_at};

use super::ZenbrazeApp;
use super::jobs::{Checks, spawn_async, spawn_blocking, take_ready};
use crate::api::ClientOptions;
use crate::i18n::Message;
use crate::lint::Severity;
use crate::setup::composer::{self, ComposerSettings};
use crate::setup::{Connection, Report, RuleKind, Spec, UpdateType, Verification, suggested_guard};
use crate::workspace::Direction;

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
    /// The Braze → Zendesk step's Content Block: the plan, publish, publish over someone
    /// else's change (asked first), set to draft (asked first).
    BlockPlan,
    BlockApply,
    BlockForce,
    BlockRetire,
}

/// What a finished job brings back.
pub enum WizardOutcome {
    Plan(Report),
    Apply(Report),
    Remove(Report),
    Verify(Verification),
}

pub type PreviewKey = (String, usize, u64);
/// The body rendered for the sample ticket (or why not), and the linter's findings; None when
/// the engine failed inside.
pub type PreviewValue = Option<(Result<String, String>, Vec<(Severity, String)>)>;

/// The wizard's form and results.
pub struct WizardState {
    pub step: WizardStep,
    pub spec: Spec,
    /// A body written by hand instead of the form.
    pub custom: bool,
    pub custom_body: String,
    pub on_solved: bool,
    pub on_closed: bool,
    /// An automation (hours after solved) instead of the trigger.
    pub automation: bool,
    pub after_hours: u32,
    /// The automation's re-fire guard (the `braze_notified` tag it adds and excludes).
    pub refire_guard: bool,
    /// "Status category" instead of "Status" (offered when the account has custom statuses).
    pub status_category: bool,
    /// The account answered `GET /custom_statuses` with statuses of its own.
    pub account_custom_statuses: bool,
    /// The profile the statuses were read for (read again each time the Trigger step opens).
    statuses_for: Option<String>,
    statuses_run: Option<Promise<bool>>,
    pub tags_include: String,
    pub tags_exclude: String,
    pub category_mode: CategoryMode,
    pub category_new: String,
    pub category_existing: String,
    /// The sample ticket the body is previewed and verified with.
    pub ticket: usize,
    /// The Braze → Zendesk payload the other direction is produced from.
    pub composer_payload: usize,
    pub checks: Checks,
    pub checking: Option<Promise<Checks>>,
    pub running: Option<Promise<Result<WizardOutcome, Message>>>,
    /// What stopped the last job, or the form's problems.
    pub errors: Vec<Message>,
    pub plan: Option<Report>,
    pub applied: Option<Report>,
    pub removed: Option<Report>,
    pub verified: Option<Verification>,
    /// The spec the running job was started for.
    pub job_spec: Option<Spec>,
    /// The spec the plan, apply and verify results shown were made for: once the form
    /// describes another, they are cleared.
    pub results_for: Option<Spec>,
    /// What the last look at the account found under a name: (name, trigger, automation). The
    /// Remove confirmation names what exists from it, not from the form's choice.
    pub rules_seen: Option<(String, bool, bool)>,
    /// The event step's preview for a key, and the run computing a newer one.
    pub preview: Option<(PreviewKey, PreviewValue)>,
    /// The conditions' JSON as last copied (the step says "Copied" while it is current).
    pub copied_conditions: Option<String>,
    preview_run: Option<(PreviewKey, Promise<PreviewValue>)>,
    /// The Braze → Zendesk step's Content Block.
    pub block: publish::BlockStep,
}

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
            automation: false,
            after_hours: crate::setup::DEFAULT_AFTER_HOURS,
            refire_guard: true,
            status_category: false,
            account_custom_statuses: false,
            statuses_for: None,
            statuses_run: None,
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
            errors: Vec::new(),
            plan: None,
            applied: None,
            removed: None,
            copied_conditions: None,
            verified: None,
            job_spec: None,
            results_for: None,
            rules_seen: None,
            preview: None,
            preview_run: None,
            block: publish::BlockStep::default(),
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
        spec.rules.status_category = self.status_category;
        if self.automation {
            // An automation waits after solved, has no category and runs on no update.
            spec.rules.on = vec!["solved".into()];
            spec.category = None;
            spec.rules.update_type = None;
            spec.kind = RuleKind::Automation {
                after_hours: self.after_hours,
                guard: self.refire_guard,
            };
        } else if self.status_category {
            spec.rules.on = vec!["solved".into()];
        }
        spec
    }

    /// Whether the account's custom statuses are being read.
    pub fn busy_reading_statuses(&self) -> bool {
        self.statuses_run.is_some()
    }

    /// Whether a job or a connection test runs.
    pub fn busy(&self) -> bool {
        self.running.is_some()
            || self.checking.is_some()
            || self.preview_run.is_some()
            || self.block.running.is_some()
    }

    /// Whether the event step's preview is older than the form.
    pub fn preview_updating(&self) -> bool {
        self.preview_run.is_some()
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
        if self.block_command(ctx, &command) {
            return;
        }
        let payloads = &self.doc.workspace.payloads;
        let body_of = |i: usize| payloads.get(i).map(|p| p.body.clone());
        match self.wizard.handle(command, &body_of) {
            None => {}
            Some(Effect::TestConnection) => {
                if let Some(profile) = self.active_profile() {
                    let cancel = self.new_test_cancel();
                    self.wizard.checking = Some(super::profiles::check_connection(
                        ctx,
                        &self.config.store,
                        profile,
                        cancel,
                    ));
                }
            }
            Some(Effect::Start(job)) => self.start_wizard_job(ctx, job),
        }
    }

    fn start_wizard_job(&mut self, ctx: &egui::Context, job: Job) {
        let Some(profile) = self.active_profile() else {
            return;
        };
        let spec = self.wizard.current_spec();
        self.wizard.job_spec = Some(spec.clone());
        let ticket = self.wizard_ticket();
        let store = Arc::clone(&self.config.store);
        self.wizard.running = Some(spawn_async(ctx, async move {
            let c = Connection::open(&profile, store.as_ref(), ClientOptions::default())
                .map_err(|e| crate::i18n::Localize::message(&e))?;
            Ok(match job {
                Job::Plan => WizardOutcome::Plan(c.plan(&spec).await),
                Job::Apply => WizardOutcome::Apply(c.apply(&spec).await),
                Job::Remove => WizardOutcome::Remove(c.remove(&spec.name).await),
                Job::Verify => WizardOutcome::Verify(c.verify(&spec, &ticket).await),
            })
        }));
    }

    /// The sample ticket chosen in the wizard.
    pub fn wizard_ticket(&self) -> Json {
        ticket_at(&self.doc.workspace.tickets, self.wizard.ticket)
    }

    pub(crate) fn poll_wizard(&mut self, ctx: &egui::Context) {
        if let Some(checks) = take_ready(&mut self.wizard.checking) {
            self.wizard.checks = checks;
        }
        if let Some(result) = take_ready(&mut self.wizard.running) {
            self.wizard.finish(result);
        }
        self.wizard.forget_stale_results();
        self.poll_block();
        self.refresh_custom_statuses(ctx);
        // Only the event step shows the preview.
        if self.remembered.panel == super::Panel::Wizard && self.wizard.step == WizardStep::Event {
            self.refresh_wizard_preview(ctx);
        }
    }

    /// The body rendered for the chosen sample ticket, and its findings, off the UI thread;
    /// recomputed only when the body, the ticket or the samples change.
    fn refresh_wizard_preview(&mut self, ctx: &egui::Context) {
        if let Some((key, promise)) = self.wizard.preview_run.take() {
            match promise.try_take() {
                Ok(value) => self.wizard.preview = Some((key, value)),
                Err(pending) => {
                    self.wizard.preview_run = Some((key, pending));
                    return;
                }
            }
        }
        let key = self.wizard.preview_key(self.doc.data_revision());
        if self.wizard.preview.as_ref().is_some_and(|(k, _)| *k == key) {
            return;
        }
        let spec = self.wizard.current_spec();
        let ticket = self.wizard_ticket();
        let i18n = self.i18n;
        self.wizard.preview_run = Some((
            key,
            spawn_blocking(ctx, move || {
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    let (body, findings) = crate::setup::verify::preview(&spec, &ticket);
                    (
                        body.map_err(|e| i18n.message(&e)),
                        findings
                            .iter()
                            .map(|(severity, f)| (*severity, i18n.message(f)))
                            .collect(),
                    )
                }))
                .ok()
            }),
        ));
    }

    /// Whether the account has custom statuses of its own (beyond the five defaults every
    /// account lists), read off the UI thread as the Trigger step opens: then the step offers
    /// the status category.
    fn refresh_custom_statuses(&mut self, ctx: &egui::Context) {
        if let Some(has) = take_ready(&mut self.wizard.statuses_run) {
            self.wizard.account_custom_statuses = has;
        }
        let on_step = self.remembered.panel == super::Panel::Wizard
            && self.wizard.step == WizardStep::Trigger;
        if !on_step {
            self.wizard.statuses_for = None;
            return;
        }
        let name = self.active_profile_name().to_owned();
        if self.wizard.statuses_for.as_deref() == Some(name.as_str())
            || self.wizard.statuses_run.is_some()
        {
            return;
        }
        let Some(profile) = self.active_profile() else {
            return;
        };
        self.wizard.statuses_for = Some(name);
        let store = Arc::clone(&self.config.store);
        self.wizard.statuses_run = Some(spawn_async(ctx, async move {
            let Ok(client) =
                crate::connect::zendesk_client(&profile, store.as_ref(), ClientOptions::default())
            else {
                return false;
            };
            client
                .list_custom_statuses()
                .await
                .result
                .is_ok_and(|list| list.iter().any(|s| !s.default))
        }));
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
