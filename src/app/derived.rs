//! Views derived from the workspace, recomputed only when their inputs change: the render
//! environment, the body's colouring, the insert helper's suggestions, the preview (asked of
//! its worker) and the all-samples survey (on the blocking pool). Each is keyed by the
//! revisions it depends on, so an unchanged frame costs a few comparisons.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use std::time::Duration;

use poll_promise::Promise;
use serde_json::Value as Json;

use super::ZenbrazeApp;
use super::jobs::spawn_blocking;
use super::preview_worker::Inputs;
use crate::editor::completion::Suggestion;
use crate::i18n::Message;
use crate::msg;
use crate::preview::{self, SubjectRow};
use crate::template::{Dialect, Environment};

/// The survey of every subject waits for this pause in typing.
pub const SURVEY_PAUSE: Duration = Duration::from_millis(150);

/// Bodies this long (bytes) re-render their preview after a pause in typing, not on each key:
/// the worker would otherwise spend itself on versions nobody reads.
pub const LONG_BODY: usize = 64 * 1024;
pub const LONG_BODY_PAUSE: Duration = Duration::from_millis(120);

/// Bodies longer than this are edited without syntax colouring: egui lays out every coloured
/// run each frame, and a 10 MB body has millions of them.
pub const PLAIN_BODY: usize = 1 << 20;

/// A derived value and the key of the inputs it was computed from.
pub(crate) type Memo<K, V> = Option<(K, V)>;

type Tokens = Vec<(std::ops::Range<usize>, crate::editor::highlight::Kind)>;

/// One row per sample, or why the template could not be read.
pub type Survey = Result<Vec<SubjectRow>, Message>;

/// Views derived from the workspace, recomputed only when their inputs change.
#[derive(Default)]
pub struct Derived {
    /// The selected subject as JSON text, keyed by (data revision, which).
    pub(crate) subject: Memo<(u64, bool, usize), String>,
    /// The render environment with the selected context, keyed by (data revision, context,
    /// the revision of the Content Blocks read from Braze).
    pub(crate) env: Memo<(u64, Option<usize>, u64), Result<Environment, crate::i18n::Message>>,
    /// The Content Blocks the body includes, as Braze holds them.
    pub(crate) braze_blocks: super::braze_blocks::BrazeBlocks,
    pub(crate) suggestions: Memo<u64, Vec<Suggestion>>,
    /// The all-subjects view: the rows for a key, and the run computing a newer one.
    pub(crate) survey: Memo<u64, Survey>,
    pub(crate) survey_running: Memo<u64, Promise<Survey>>,
    /// Subjects shared with the survey worker without copying them each time.
    pub(crate) subjects: Memo<(u64, bool), Arc<Vec<Json>>>,
    /// The body's syntax colouring, keyed by the body's revision.
    pub(crate) highlight: Memo<u64, Tokens>,
}

pub(crate) fn hash(value: &impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

impl ZenbrazeApp {
    /// The render environment of the selected context (the empty one when it cannot be used).
    pub(crate) fn environment(&self) -> Environment {
        match &self.derived.env {
            Some((_, Ok(env))) => env.clone(),
            _ => Environment::new(),
        }
    }

    pub(crate) fn update_derived(&mut self, ctx: &egui::Context) {
        self.preview.poll();
        if self.preview.current().is_some() {
            // The workspace rendered without taking the process down.
            self.start_guard.disarm();
        }
        let data_rev = self.doc.data_revision();
        let tickets = self.uses_tickets();
        let index = self.subject_index();
        // The render environment: the selected context, converted once per change, with the
        // Content Blocks read from Braze where the context has none of that name.
        self.update_braze_blocks(ctx);
        let env_key = (
            data_rev,
            self.remembered.context,
            self.derived.braze_blocks.revision,
        );
        if self.derived.env.as_ref().is_none_or(|(k, _)| *k != env_key) {
            let context = match self
                .remembered
                .context
                .and_then(|c| self.doc.workspace.contexts.get(c))
            {
                None => Ok(crate::template::RenderContext::default()),
                Some(named) => crate::template::RenderContext::read(&named.context),
            };
            let env = context
                .and_then(|mut rc| {
                    for (name, content) in &self.derived.braze_blocks.blocks {
                        rc.content_blocks
                            .entry(name.clone())
                            .or_insert_with(|| content.clone());
                    }
                    Environment::new().with_context(&rc)
                })
                .map_err(|e| crate::i18n::Localize::message(&e));
            self.derived.env = Some((env_key, env));
        }
        let subject_key = (data_rev, tickets, index);
        if self
            .derived
            .subject
            .as_ref()
            .is_none_or(|(k, _)| *k != subject_key)
        {
            let text = self.subject().map(Json::to_string).unwrap_or_default();
            self.derived.subject = Some((subject_key, text));
        }
        if self.payload().is_none() {
            return;
        }
        let dialect = self.dialect();
        let env_hash = hash(&env_key);
        // Paused after a start that stopped while rendering: nothing renders until resumed.
        let paused = self.previews_paused.is_some();
        if !paused {
            self.request_preview(ctx, dialect, env_hash);
        }

        let body_key = hash(&(self.doc.revision(), self.remembered.payload));
        if self
            .derived
            .highlight
            .as_ref()
            .is_none_or(|(k, _)| *k != body_key)
        {
            let tokens = self
                .payload()
                .filter(|p| p.body.len() <= PLAIN_BODY)
                .map(|p| crate::editor::highlight::tokens(&p.body))
                .unwrap_or_default();
            self.derived.highlight = Some((body_key, tokens));
        }
        let suggestions_key = hash(&(subject_key, env_key, dialect));
        if self
            .derived
            .suggestions
            .as_ref()
            .is_none_or(|(k, _)| *k != suggestions_key)
        {
            let context = self
                .remembered
                .context
                .and_then(|c| self.doc.workspace.contexts.get(c))
                .map(|c| &c.context);
            let s = crate::editor::completion::suggestions(dialect, self.subject(), context);
            self.derived.suggestions = Some((suggestions_key, s));
        }
        if !paused {
            self.update_survey(ctx, dialect, env_hash);
        }
    }

    /// Sends the preview's inputs to its worker when they changed. A long body waits for a
    /// pause in typing (one wake-up when it is over); a short one goes on every keystroke.
    fn request_preview(&mut self, ctx: &egui::Context, dialect: Dialect, env_hash: u64) {
        let credential = self.credential_stand_in();
        // Revisions name the body and the samples: no need to hash a 10 MB body every frame.
        let key = hash(&(
            self.doc.revision(),
            self.remembered.payload,
            self.subject_index(),
            self.uses_tickets(),
            env_hash,
            &credential,
        ));
        if self.preview.requested() == Some(key) {
            return;
        }
        let Some(payload) = self.payload() else {
            return;
        };
        let since_edit = self.doc.edited_ago(self.clock.now());
        if payload.body.len() >= LONG_BODY
            && since_edit < LONG_BODY_PAUSE
            && self.preview.current().is_some()
        {
            ctx.request_repaint_after(LONG_BODY_PAUSE - since_edit);
            return;
        }
        let inputs = Inputs {
            key,
            body: payload.body.clone(),
            subject_text: self
                .derived
                .subject
                .as_ref()
                .map(|(_, s)| s.clone())
                .unwrap_or_default(),
            subject: self.subject().cloned(),
            dialect,
            target: payload.target,
            env: self.environment(),
            env_key: env_hash,
            method: payload.method.clone(),
            url: payload.url.clone(),
            headers: payload.headers.clone(),
            credential,
        };
        self.preview.request(inputs);
    }

    /// Every subject through the template, off the UI thread, after a pause in typing, while its
    /// tab is open; the last rows stay on screen (marked as updating) until the new ones arrive.
    fn update_survey(&mut self, ctx: &egui::Context, dialect: Dialect, env_hash: u64) {
        if let Some((running_key, promise)) = self.derived.survey_running.take() {
            match promise.try_take() {
                Ok(rows) => self.derived.survey = Some((running_key, rows)),
                Err(pending) => {
                    self.derived.survey_running = Some((running_key, pending));
                    return;
                }
            }
        }
        // A thousand renders nobody looks at would only take the CPU from the ones they do.
        let shown = self.remembered.panel == super::Panel::Payloads
            && self.remembered.preview_tab == super::PreviewTab::AllSubjects;
        if !shown {
            return;
        }
        let Some(payload) = self.payload() else {
            return;
        };
        let target = payload.target;
        let tickets = self.uses_tickets();
        let data_rev = self.doc.data_revision();
        let key = hash(&(
            self.doc.revision(),
            self.remembered.payload,
            dialect,
            target.map(crate::target::Target::name),
            data_rev,
            tickets,
            env_hash,
        ));
        if self.derived.survey.as_ref().is_some_and(|(k, _)| *k == key) {
            return;
        }
        let since_edit = self.doc.edited_ago(self.clock.now());
        if since_edit < SURVEY_PAUSE && self.derived.survey.is_some() {
            ctx.request_repaint_after(SURVEY_PAUSE - since_edit);
            return;
        }
        let subjects_key = (data_rev, tickets);
        if self
            .derived
            .subjects
            .as_ref()
            .is_none_or(|(k, _)| *k != subjects_key)
        {
            self.derived.subjects = Some((subjects_key, Arc::new(self.subjects().to_vec())));
        }
        let subjects = self
            .derived
            .subjects
            .as_ref()
            .map(|(_, s)| Arc::clone(s))
            .unwrap_or_default();
        let source = self.payload().map(|p| p.body.clone()).unwrap_or_default();
        let env = self.environment();
        let promise = spawn_blocking(ctx, move || {
            // A panic inside the engine is an error on screen, never a dead promise.
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                preview::survey(&source, dialect, &env, &subjects, target)
                    .map_err(|e| crate::i18n::Localize::message(&e))
            }))
            .unwrap_or_else(|_| Err(msg!("engine-failed")))
        });
        self.derived.survey_running = Some((key, promise));
    }
}
