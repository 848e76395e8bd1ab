//! What the panels read: the selected payload and sample, the preview and its findings, the
//! derived views. Nothing here changes state or does work.

use serde_json::Value as Json;

use super::ZenbrazeApp;
use crate::editor::completion::Suggestion;
use crate::editor::highlight;
use crate::lint::Finding;
use crate::preview::{Preview, RenderedRequest};
use crate::template::Dialect;
use crate::workspace::{Direction, Payload};

impl ZenbrazeApp {
    pub fn payload(&self) -> Option<&Payload> {
        self.doc.workspace.payloads.get(self.remembered.payload)
    }

    pub fn payload_mut(&mut self) -> Option<&mut Payload> {
        self.doc.workspace.payloads.get_mut(self.remembered.payload)
    }

    /// Tickets preview Zendesk → Braze bodies; users preview everything else.
    pub fn uses_tickets(&self) -> bool {
        self.payload()
            .is_some_and(|p| p.direction == Direction::ZendeskToBraze)
    }

    pub fn dialect(&self) -> Dialect {
        if self.uses_tickets() {
            Dialect::Zendesk
        } else {
            Dialect::Braze
        }
    }

    pub fn subjects(&self) -> &[Json] {
        if self.uses_tickets() {
            &self.doc.workspace.tickets
        } else {
            &self.doc.workspace.users
        }
    }

    pub fn subject_index(&self) -> usize {
        if self.uses_tickets() {
            self.remembered.ticket
        } else {
            self.remembered.user
        }
    }

    pub fn subject(&self) -> Option<&Json> {
        self.subjects().get(self.subject_index())
    }

    /// The last preview the worker finished (for the current inputs, or older while a newer
    /// one is on its way: see [`ZenbrazeApp::preview_updating`]).
    pub fn preview(&self) -> Option<&Preview> {
        self.preview.current().and_then(|r| r.preview.as_ref())
    }

    /// Names the preview shown; it changes whenever the preview does.
    pub fn preview_key(&self) -> Option<u64> {
        self.preview.current().map(|r| r.key)
    }

    /// Whether the engine failed inside while rendering the preview shown.
    pub fn preview_failed(&self) -> bool {
        self.preview.current().is_some_and(|r| r.preview.is_none())
    }

    /// Whether a newer preview than the one shown is being rendered.
    pub fn preview_updating(&self) -> bool {
        self.preview.updating()
    }

    /// Blocks until the preview asked for has arrived: for benches and tests, never the UI.
    pub fn wait_for_preview(&mut self) {
        self.preview.wait();
    }

    pub fn findings(&self) -> &[Finding] {
        self.preview
            .current()
            .map_or(&[], |r| r.findings.as_slice())
    }

    /// Where the console would send the selected payload with the active profile, and the
    /// headers it would carry (the Request tab); the error says what the profile lacks.
    pub fn planned_request(&self) -> Option<Result<crate::send::Planned, crate::i18n::Message>> {
        let target = self.payload()?.target?;
        let profile = self.active_profile()?;
        Some(crate::send::planned(&profile, target).map_err(|e| crate::i18n::Localize::message(&e)))
    }

    pub fn rendered_request(&self) -> Option<&RenderedRequest> {
        self.preview.current().map(|r| &r.request)
    }

    pub fn suggestions(&self) -> &[Suggestion] {
        self.derived.suggestions.as_ref().map_or(&[], |(_, s)| s)
    }

    /// The all-subjects rows and whether a newer run is on its way.
    pub fn survey(&self) -> (Option<&super::derived::Survey>, bool) {
        (
            self.derived.survey.as_ref().map(|(_, r)| r),
            self.derived.survey_running.is_some(),
        )
    }

    /// The body's syntax colouring (of the body as it was last frame while a key is typed).
    pub fn highlight(&self) -> &[(std::ops::Range<usize>, highlight::Kind)] {
        self.derived.highlight.as_ref().map_or(&[], |(_, h)| h)
    }

    pub fn environment_error(&self) -> Option<&crate::i18n::Message> {
        match &self.derived.env {
            Some((_, Err(e))) => Some(e),
            _ => None,
        }
    }

    /// Whether background work is still running (tests wait for this to settle).
    pub fn busy(&self) -> bool {
        self.preview.updating()
            || self.derived.survey_running.is_some()
            || self.background.busy()
            || self.console.preparing.is_some()
            || self.console.in_flight.is_some()
            || self.console.bulk.as_ref().is_some_and(|b| !b.collected)
            || self.wizard.busy()
            || self.import.as_ref().is_some_and(|d| d.reading())
            || matches!(self.sandbox, super::SandboxStatus::Starting(_))
    }

    pub fn active_profile_name(&self) -> &str {
        self.remembered
            .active_profile
            .as_deref()
            .unwrap_or(crate::profiles::SANDBOX_PROFILE)
    }

    pub fn tr<'a>(&'a self, key: &'a str) -> &'a str {
        self.i18n.tr(key)
    }

    /// A message in the interface's language.
    pub fn say(&self, message: &crate::i18n::Message) -> String {
        self.i18n.message(message)
    }
}
