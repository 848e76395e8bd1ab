//! `logic`: polls background work, applies the queued commands, keeps the derived views
//! current and schedules the autosave. Runs before `ui` every frame; cheap when nothing changed.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value as Json, json};

use super::ZenbrazeApp;
use super::command::{self, Command};
use super::jobs::{self, spawn_async, spawn_blocking, take_ready};
use super::state::{ImportDialog, Notice, Palette, PathDialog, PathPurpose};
use crate::api::braze::ExportRequest;
use crate::api::call::ClientOptions;
use crate::connect;
use crate::i18n::{Catalogue, arg};
use crate::preview::{self, Preview};
use crate::secrets::profiles::{self, BrazeProfile, Profile, ZendeskAuthKind, ZendeskProfile};
use crate::secrets::{Secret, Service};
use crate::template::{Dialect, Environment};
use crate::workspace::document::Document;
use crate::workspace::{Direction, Payload, file};

/// The survey of every subject waits for this pause in typing (it runs off the UI thread).
const SURVEY_PAUSE: Duration = Duration::from_millis(150);

/// Bodies this long (bytes) re-render their preview after a pause in typing, not on each key.
const LONG_BODY: usize = 64 * 1024;
const LONG_BODY_PAUSE: Duration = Duration::from_millis(120);

impl ZenbrazeApp {
    pub(crate) fn run_logic(&mut self, ctx: &egui::Context) {
        self.sandbox.poll();
        if self.palette.is_none() {
            self.queue.extend(command::from_shortcuts(ctx));
        }
        for command in std::mem::take(&mut self.queue) {
            self.apply(ctx, command);
        }
        self.poll_background();
        self.clamp_selection();
        self.update_derived(ctx);
        self.schedule_autosave(ctx);
    }

    // ---- the model seen by the panels -----------------------------------------------------

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

    pub fn preview(&self) -> Option<&Preview> {
        self.preview.current()
    }

    pub fn findings(&self) -> &[crate::lint::Finding] {
        self.preview.findings()
    }

    pub fn rendered_request(&self) -> Option<&preview::RenderedRequest> {
        self.derived.request.as_ref().map(|(_, r)| r)
    }

    pub fn suggestions(&self) -> &[crate::editor::completion::Suggestion] {
        self.derived.suggestions.as_ref().map_or(&[], |(_, s)| s)
    }

    /// The all-subjects rows and whether a newer run is on its way.
    pub fn survey(&self) -> (Option<&Result<Vec<preview::SubjectRow>, String>>, bool) {
        (
            self.derived.survey.as_ref().map(|(_, r)| r),
            self.derived.survey_running.is_some(),
        )
    }

    pub fn highlight(&self) -> &[(std::ops::Range<usize>, crate::editor::highlight::Kind)] {
        self.derived.highlight.as_ref().map_or(&[], |(_, h)| h)
    }

    pub fn environment_error(&self) -> Option<&str> {
        match &self.derived.env {
            Some((_, Err(e))) => Some(e),
            _ => None,
        }
    }

    /// The active connection profile: the sandbox unless Settings chose another.
    pub fn active_profile(&self) -> Option<Profile> {
        match self.remembered.active_profile.as_deref() {
            Some(name) if name != profiles::SANDBOX_PROFILE => self.profiles.get(name).cloned(),
            _ => Some(Profile::sandbox(
                self.sandbox_url()
                    .unwrap_or(&profiles::default_sandbox_url()),
            )),
        }
    }

    /// The Authorization header the active profile will add when sending, with a stand-in for
    /// the secret: enough for the request checks, and no secret ever leaves the keyring for it.
    fn credential_stand_in(&self) -> Option<(String, String)> {
        use base64::Engine as _;
        let profile = self.active_profile()?;
        let value = if self.uses_tickets() {
            profile.braze.as_ref()?;
            "Bearer profile-rest-key".to_owned()
        } else {
            let z = profile.zendesk?;
            let pair = format!("{}/token:profile-api-token", z.email);
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(pair)
            )
        };
        Some(("Authorization".to_owned(), value))
    }

    pub fn active_profile_name(&self) -> &str {
        self.remembered
            .active_profile
            .as_deref()
            .unwrap_or(profiles::SANDBOX_PROFILE)
    }

    pub fn is_busy(&self) -> bool {
        self.background.busy() || self.derived.survey_running.is_some()
    }

    /// Records an edit of a payload (the panels call it when a field changed).
    pub fn edited(&mut self) {
        self.doc.touch(Instant::now());
    }

    /// Records an edit of users, tickets or contexts.
    pub fn edited_data(&mut self) {
        self.doc.touch_data(Instant::now());
    }

    pub(crate) fn clamp_selection(&mut self) {
        let ws = &self.doc.workspace;
        let r = &mut self.remembered;
        r.payload = r.payload.min(ws.payloads.len().saturating_sub(1));
        r.user = r.user.min(ws.users.len().saturating_sub(1));
        r.ticket = r.ticket.min(ws.tickets.len().saturating_sub(1));
        if r.context.is_some_and(|c| c >= ws.contexts.len()) {
            r.context = None;
        }
    }

    pub(crate) fn notify(&mut self, error: bool, text: String) {
        self.notices.push(Notice { error, text });
        if self.notices.len() > 5 {
            self.notices.remove(0);
        }
    }

    /// What opening found, said once.
    pub(crate) fn announce_opening(&mut self) {
        if let Some(r) = self.doc.recovery().cloned() {
            let text = self.i18n.format(
                "recovery-banner",
                &[
                    ("path", arg(r.original.display().to_string())),
                    ("error", arg(r.error)),
                    ("saveto", arg(self.doc.path().display().to_string())),
                ],
            );
            self.notify(true, text);
        }
        for w in std::mem::take(&mut self.doc.warnings) {
            self.notify(false, w);
        }
    }

    // ---- commands -----------------------------------------------------------------------

    fn apply(&mut self, ctx: &egui::Context, command: Command) {
        let now = Instant::now();
        match command {
            Command::Show(panel) => self.remembered.panel = panel,
            Command::Save => self.start_save(ctx),
            Command::Ask(purpose) => {
                let dir = self
                    .doc
                    .path()
                    .parent()
                    .map(std::path::Path::to_path_buf)
                    .unwrap_or_default();
                let name = match purpose {
                    PathPurpose::Open | PathPurpose::SaveAs => self.doc.path().to_path_buf(),
                    PathPurpose::Export => dir.join("zenbraze-export.json"),
                };
                self.path_dialog = Some(PathDialog::new(purpose, name));
            }
            Command::Open(path) => {
                // Whatever is unsaved goes first (to its own file), then the other one opens.
                self.start_save(ctx);
                let opening = path.clone();
                self.background.open = Some(spawn_blocking(ctx, move || {
                    file::open(&opening)
                        .map(|o| (opening.clone(), o))
                        .map_err(|e| format!("{}: {e}", opening.display()))
                }));
                self.path_dialog = None;
            }
            Command::SaveAs(path) => {
                self.doc.save_as(&path);
                self.doc.touch(now);
                self.start_save(ctx);
                self.path_dialog = None;
            }
            Command::Export(path) => {
                let text = crate::workspace::to_string(&self.doc.workspace);
                self.background.export = Some(spawn_blocking(ctx, move || {
                    std::fs::write(&path, text)
                        .map(|()| path.clone())
                        .map_err(|e| format!("{}: {e}", path.display()))
                }));
                self.path_dialog = None;
            }
            Command::OpenPalette => self.palette = Some(Palette::default()),
            Command::OpenImport => {
                self.import = Some(ImportDialog::default());
            }
            Command::SetTheme(theme) => {
                self.remembered.theme = theme;
                crate::ui::theme::install(ctx, theme);
            }
            Command::SetLanguage(language) => {
                self.i18n = Catalogue::new(language);
                self.remembered.language = Some(language);
            }
            Command::NewPayload => {
                let payload = Payload {
                    name: self.i18n.tr("default-payload-name").to_owned(),
                    ..crate::workspace::Workspace::default().payloads[0].clone()
                };
                self.doc.workspace.payloads.push(payload);
                self.remembered.payload = self.doc.workspace.payloads.len() - 1;
                self.remembered.panel = super::Panel::Payloads;
                self.edited();
            }
            Command::DuplicatePayload => {
                if let Some(p) = self.payload().cloned() {
                    let copy = Payload {
                        name: self
                            .i18n
                            .format("copy-of", &[("name", arg(p.name.clone()))]),
                        ..p
                    };
                    self.doc
                        .workspace
                        .payloads
                        .insert(self.remembered.payload + 1, copy);
                    self.remembered.payload += 1;
                    self.edited();
                }
            }
            Command::DeletePayload => {
                if self.remembered.payload < self.doc.workspace.payloads.len() {
                    self.doc.workspace.payloads.remove(self.remembered.payload);
                    self.edited();
                }
            }
            Command::SelectPayload(i) => self.remembered.payload = i,
            Command::SelectSubject(i) => self.select_subject(i),
            Command::NextSubject => self.select_subject(self.subject_index() + 1),
            Command::PreviousSubject => {
                self.select_subject(self.subject_index().saturating_sub(1));
            }
            Command::ApplyFix(i) => {
                let dialect = self.dialect();
                let fixed = self.findings().get(i).and_then(|f| {
                    let body = &self.payload()?.body;
                    crate::lint::apply_fix(body, f, dialect)
                });
                if let (Some(fixed), Some(p)) = (fixed, self.payload_mut()) {
                    p.body = fixed;
                    self.edited();
                }
            }
            Command::JumpTo(offset) => {
                self.editor.jump_to = Some(offset);
                self.remembered.panel = super::Panel::Payloads;
            }
            Command::Insert(text) => {
                let cursor = self.editor.cursor;
                if let Some(p) = self.payload_mut() {
                    let at = cursor
                        .filter(|c| *c <= p.body.len() && p.body.is_char_boundary(*c))
                        .unwrap_or(p.body.len());
                    p.body.insert_str(at, &text);
                    self.editor.jump_to = Some(at + text.len());
                    self.edited();
                }
            }
            Command::AddUser => {
                let n = self.doc.workspace.users.len() + 1;
                self.doc.workspace.users.push(
                    json!({"external_id": format!("user-{n}"), "first_name": "", "email": ""}),
                );
                self.remembered.user = self.doc.workspace.users.len() - 1;
                self.users_view.form = None;
                self.edited_data();
            }
            Command::DuplicateUser => {
                if let Some(mut u) = self.doc.workspace.users.get(self.remembered.user).cloned() {
                    if let Some(id) = u.get("external_id").and_then(Json::as_str) {
                        u["external_id"] = Json::String(format!("{id}-copy"));
                    }
                    self.doc.workspace.users.insert(self.remembered.user + 1, u);
                    self.remembered.user += 1;
                    self.users_view.form = None;
                    self.edited_data();
                }
            }
            Command::DeleteUser => {
                if self.remembered.user < self.doc.workspace.users.len() {
                    self.doc.workspace.users.remove(self.remembered.user);
                    self.users_view.form = None;
                    self.edited_data();
                }
            }
            Command::AddTicket => {
                let mut t = crate::workspace::Workspace::default().tickets.remove(0);
                let id = 35436 + self.doc.workspace.tickets.len() as u64;
                t["ticket"]["id"] = json!(id);
                self.doc.workspace.tickets.push(t);
                self.remembered.ticket = self.doc.workspace.tickets.len() - 1;
                self.users_view.json.clear();
                self.edited_data();
            }
            Command::DeleteTicket => {
                if self.remembered.ticket < self.doc.workspace.tickets.len() {
                    self.doc.workspace.tickets.remove(self.remembered.ticket);
                    self.users_view.json.clear();
                    self.edited_data();
                }
            }
            Command::AddContext => {
                let n = self.doc.workspace.contexts.len() + 1;
                self.doc.workspace.contexts.push(crate::workspace::NamedContext {
                    name: self.i18n.format("default-context-name", &[("n", arg(n))]),
                    context: json!({"event_properties": {}, "canvas_entry_properties": {}, "api_trigger_properties": {}}),
                });
                self.remembered.context = Some(n - 1);
                self.users_view.json.clear();
                self.edited_data();
            }
            Command::DeleteContext => {
                if let Some(c) = self
                    .remembered
                    .context
                    .filter(|c| *c < self.doc.workspace.contexts.len())
                {
                    self.doc.workspace.contexts.remove(c);
                    self.remembered.context = None;
                    self.users_view.json.clear();
                    self.edited_data();
                }
            }
            Command::AddUsers(users) => self.add_users(users),
            Command::AddPreset(i) => {
                if let Some(p) = crate::workspace::Workspace::default()
                    .payloads
                    .get(i)
                    .cloned()
                {
                    self.doc.workspace.payloads.push(p);
                    self.remembered.payload = self.doc.workspace.payloads.len() - 1;
                    self.edited();
                }
            }
            Command::Replace(range, text) => {
                if let Some(p) = self.payload_mut()
                    && range.end <= p.body.len()
                    && p.body.is_char_boundary(range.start)
                    && p.body.is_char_boundary(range.end)
                {
                    p.body.replace_range(range.clone(), &text);
                    self.editor.jump_to = Some(range.start + text.len());
                    self.edited();
                }
            }
            Command::ImportFromBraze(ids) => self.start_braze_import(ctx, ids),
            Command::SetActiveProfile(name) => self.remembered.active_profile = Some(name),
            Command::SaveProfile => self.save_profile(ctx),
            Command::DeleteProfile(name) => self.delete_profile(ctx, &name),
            Command::TestProfile(name) => self.test_profile(ctx, &name),
        }
    }

    fn add_users(&mut self, users: Vec<Json>) {
        let count = users.len();
        let first = self.doc.workspace.users.len();
        self.doc.workspace.users.extend(users);
        self.import = None;
        self.remembered.user = first;
        self.remembered.panel = super::Panel::Users;
        self.users_view.form = None;
        self.edited_data();
        let text = self.i18n.format("imported-users", &[("count", arg(count))]);
        self.notify(false, text);
    }

    fn select_subject(&mut self, i: usize) {
        let last = self.subjects().len().saturating_sub(1);
        let i = i.min(last);
        if self.uses_tickets() {
            self.remembered.ticket = i;
        } else {
            self.remembered.user = i;
        }
    }

    fn start_save(&mut self, ctx: &egui::Context) {
        if let Some(job) = self.doc.begin_save() {
            self.background.save = Some(spawn_blocking(ctx, move || {
                let result = job.run();
                (job.path, job.revision, result)
            }));
        }
    }

    fn start_braze_import(&mut self, ctx: &egui::Context, ids: Vec<String>) {
        let Some(profile) = self.active_profile() else {
            return;
        };
        let store = Arc::clone(&self.config.store);
        self.background.braze_import = Some(spawn_async(ctx, async move {
            let client = connect::braze_client(&profile, store.as_ref(), ClientOptions::default())
                .map_err(|e| e.to_string())?;
            let request = ExportRequest {
                external_ids: ids,
                ..ExportRequest::default()
            };
            let outcome = client.export_ids(&request).await;
            outcome
                .result
                .map(|r| (r.users, r.invalid_user_ids))
                .map_err(|e| e.to_string())
        }));
        if let Some(dialog) = &mut self.import {
            dialog.loading = true;
        }
    }

    /// Builds the profile from the Settings form, then stores the secrets in the keyring and the
    /// profile (no secret) in profiles.json, off the UI thread.
    fn save_profile(&mut self, ctx: &egui::Context) {
        let s = &mut self.settings;
        let name = s.name.trim().to_owned();
        let built = (|| -> Result<(Profile, Vec<(Service, Secret)>), String> {
            profiles::check_name(&name)?;
            if name == profiles::SANDBOX_PROFILE {
                return Err("`sandbox` is the built-in profile; choose another name".into());
            }
            let mut profile = Profile {
                name: name.clone(),
                zendesk: None,
                braze: None,
            };
            let mut secrets = Vec::new();
            if !s.zendesk_subdomain.trim().is_empty() {
                let subdomain = crate::api::endpoint::zendesk_subdomain(&s.zendesk_subdomain)
                    .map_err(|e| e.to_string())?;
                if !s.zendesk_email.contains('@') {
                    return Err(
                        "Zendesk API tokens sign in as an agent: give that agent's email".into(),
                    );
                }
                profile.zendesk = Some(ZendeskProfile {
                    subdomain: Some(subdomain),
                    url: None,
                    email: s.zendesk_email.trim().to_owned(),
                    auth: ZendeskAuthKind::ApiToken,
                });
                if !s.zendesk_token.trim().is_empty() {
                    let c = crate::secrets::hygiene::clean_secret(
                        &s.zendesk_token,
                        Service::Zendesk.secret_name(),
                    )?;
                    secrets.push((Service::Zendesk, c.secret));
                }
            }
            if !s.braze_instance.trim().is_empty() {
                crate::api::endpoint::braze_from_instance(&s.braze_instance)
                    .map_err(|e| e.to_string())?;
                profile.braze = Some(BrazeProfile {
                    instance: Some(s.braze_instance.trim().to_ascii_uppercase()),
                    url: None,
                });
                if !s.braze_key.trim().is_empty() {
                    let c = crate::secrets::hygiene::clean_secret(
                        &s.braze_key,
                        Service::Braze.secret_name(),
                    )?;
                    secrets.push((Service::Braze, c.secret));
                }
            }
            if profile.zendesk.is_none() && profile.braze.is_none() {
                return Err("fill in Zendesk, Braze or both".into());
            }
            Ok((profile, secrets))
        })();
        match built {
            Err(e) => s.error = Some(e),
            Ok((profile, secrets)) => {
                s.error = None;
                // The typed secrets leave the form now; from here on they live in the keyring.
                s.zendesk_token.clear();
                s.braze_key.clear();
                *self.profiles.entry(&profile.name) = profile.clone();
                let all = self.profiles.clone();
                let path = self.config.profiles_path.clone();
                let store = Arc::clone(&self.config.store);
                self.background.profiles = Some(spawn_blocking(ctx, move || {
                    for (service, secret) in &secrets {
                        store
                            .set(&profile.name, *service, secret)
                            .map_err(|e| e.to_string())?;
                    }
                    if let Some(path) = path {
                        profiles::save(&path, &all)?;
                    }
                    Ok(profile.name.clone())
                }));
                self.remembered.active_profile = Some(name);
            }
        }
    }

    fn delete_profile(&mut self, ctx: &egui::Context, name: &str) {
        if !self.profiles.remove(name) {
            return;
        }
        if self.remembered.active_profile.as_deref() == Some(name) {
            self.remembered.active_profile = None;
        }
        let all = self.profiles.clone();
        let path = self.config.profiles_path.clone();
        let store = Arc::clone(&self.config.store);
        let name = name.to_owned();
        self.background.profiles = Some(spawn_blocking(ctx, move || {
            for service in [Service::Zendesk, Service::Braze] {
                store.delete(&name, service).map_err(|e| e.to_string())?;
            }
            if let Some(path) = path {
                profiles::save(&path, &all)?;
            }
            Ok(name)
        }));
    }

    fn test_profile(&mut self, ctx: &egui::Context, name: &str) {
        let profile = if name == profiles::SANDBOX_PROFILE {
            self.active_profile()
                .filter(Profile::is_sandbox)
                .or_else(|| {
                    Some(Profile::sandbox(
                        self.sandbox_url()
                            .unwrap_or(&profiles::default_sandbox_url()),
                    ))
                })
        } else {
            self.profiles.get(name).cloned()
        };
        let Some(profile) = profile else {
            return;
        };
        let store = Arc::clone(&self.config.store);
        self.settings.checks.clear();
        self.background.checks = Some(spawn_async(ctx, async move {
            let mut out = Vec::new();
            if profile.zendesk.is_some() {
                match connect::zendesk_client(&profile, store.as_ref(), ClientOptions::default()) {
                    Ok(c) => {
                        let check = connect::check_zendesk(&c).await;
                        out.push((check.ok, format!("Zendesk: {}", check.summary)));
                    }
                    Err(e) => out.push((false, format!("Zendesk: {e}"))),
                }
            }
            if profile.braze.is_some() {
                match connect::braze_client(&profile, store.as_ref(), ClientOptions::default()) {
                    Ok(c) => {
                        let check = connect::check_braze(&c).await;
                        out.push((check.ok, format!("Braze: {}", check.summary)));
                    }
                    Err(e) => out.push((false, format!("Braze: {e}"))),
                }
            }
            out
        }));
    }

    // ---- background results -------------------------------------------------------------

    fn poll_background(&mut self) {
        if let Some((path, revision, result)) = take_ready(&mut self.background.save) {
            if let Err(e) = &result {
                let text = self
                    .i18n
                    .format("save-failed", &[("error", arg(e.clone()))]);
                self.notify(true, text);
            }
            // A save of the document that was open before "Open" belongs to that one.
            if path == self.doc.path() {
                self.doc.finish_save(revision, result);
            }
        }
        if let Some(opened) = take_ready(&mut self.background.open) {
            match opened {
                Ok((path, opened)) => {
                    self.doc = Document::from_opened(&path, opened);
                    self.users_view.form = None;
                    self.users_view.json.clear();
                    self.clamp_selection();
                    let text = self
                        .i18n
                        .format("opened", &[("path", arg(path.display().to_string()))]);
                    self.notify(false, text);
                    self.announce_opening();
                }
                Err(e) => self.notify(true, e),
            }
        }
        if let Some(result) = take_ready(&mut self.background.export) {
            match result {
                Ok(path) => {
                    let text = self
                        .i18n
                        .format("exported", &[("path", arg(path.display().to_string()))]);
                    self.notify(false, text);
                }
                Err(e) => self.notify(true, e),
            }
        }
        if let Some(result) = take_ready(&mut self.background.read_import)
            && let Some(dialog) = &mut self.import
        {
            dialog.loading = false;
            match result {
                Ok(text) => {
                    dialog.text = text;
                    dialog.error = None;
                    crate::ui::import::prepare(dialog);
                }
                Err(e) => dialog.error = Some(e),
            }
        }
        if let Some(result) = take_ready(&mut self.background.braze_import) {
            match result {
                Ok((users, invalid)) => {
                    if !invalid.is_empty() {
                        let text = self
                            .i18n
                            .format("braze-unknown-ids", &[("ids", arg(invalid.join(", ")))]);
                        self.notify(true, text);
                    }
                    self.add_users(users);
                }
                Err(e) => {
                    if let Some(d) = &mut self.import {
                        d.loading = false;
                        d.error = Some(e);
                    }
                }
            }
        }
        if let Some(result) = take_ready(&mut self.background.profiles) {
            match result {
                Ok(name) => {
                    let text = self.i18n.format("profile-saved", &[("name", arg(name))]);
                    self.notify(false, text);
                }
                Err(e) => self.settings.error = Some(e),
            }
        }
        if let Some(checks) = take_ready(&mut self.background.checks) {
            self.settings.checks = checks;
        }
    }

    // ---- derived views ------------------------------------------------------------------

    fn update_derived(&mut self, ctx: &egui::Context) {
        let data_rev = self.doc.data_revision();
        let tickets = self.uses_tickets();
        let index = self.subject_index();
        // The render environment: the selected context, converted once per change.
        let env_key = (data_rev, self.remembered.context);
        if self.derived.env.as_ref().is_none_or(|(k, _)| *k != env_key) {
            let env = match self
                .remembered
                .context
                .and_then(|c| self.doc.workspace.contexts.get(c))
            {
                None => Ok(Environment::new()),
                Some(named) => serde_json::from_value::<crate::template::context::RenderContext>(
                    named.context.clone(),
                )
                .map_err(|e| e.to_string())
                .and_then(|rc| {
                    Environment::new()
                        .with_context(&rc)
                        .map_err(|e| e.to_string())
                }),
            };
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
        let Some(payload) = self.doc.workspace.payloads.get(self.remembered.payload) else {
            return;
        };
        let dialect = if tickets {
            Dialect::Zendesk
        } else {
            Dialect::Braze
        };
        let env = match &self.derived.env {
            Some((_, Ok(env))) => env.clone(),
            _ => Environment::new(),
        };
        let env_hash = hash(&env_key);
        let subject_text = self
            .derived
            .subject
            .as_ref()
            .map_or("", |(_, s)| s.as_str());
        // A long body re-renders once typing pauses, so each keystroke only lays out the text;
        // a short one re-renders on every keystroke (it takes microseconds).
        let since_edit = self.doc.edited_ago(Instant::now());
        if payload.body.len() >= LONG_BODY
            && since_edit < LONG_BODY_PAUSE
            && self.preview.key().is_some()
        {
            ctx.request_repaint_after(LONG_BODY_PAUSE - since_edit);
        } else {
            self.preview.update_with(
                &payload.body,
                subject_text,
                dialect,
                payload.target,
                &env,
                env_hash,
            );
        }

        let revision = self.doc.revision();
        let body_key = hash(&(revision, self.remembered.payload));
        if self
            .derived
            .highlight
            .as_ref()
            .is_none_or(|(k, _)| *k != body_key)
        {
            self.derived.highlight =
                Some((body_key, crate::editor::highlight::tokens(&payload.body)));
        }
        let credential = self.credential_stand_in();
        let request_key = hash(&(
            &credential,
            &payload.method,
            &payload.url,
            &payload.headers,
            subject_key,
            env_hash,
            payload.target.map(crate::lint::Target::name),
        ));
        if self
            .derived
            .request
            .as_ref()
            .is_none_or(|(k, _)| *k != request_key)
        {
            let rendered = preview::render_request(
                &payload.method,
                &payload.url,
                &payload.headers,
                credential,
                dialect,
                &env,
                self.subject(),
                payload.target,
            );
            self.derived.request = Some((request_key, rendered));
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
        self.update_survey(ctx, dialect, env, env_hash);
    }

    /// Every subject through the template, off the UI thread, after a pause in typing; the last
    /// rows stay on screen (marked as updating) until the new ones arrive.
    fn update_survey(
        &mut self,
        ctx: &egui::Context,
        dialect: Dialect,
        env: Environment,
        env_hash: u64,
    ) {
        let Some(payload) = self.payload() else {
            return;
        };
        let target = payload.target;
        let tickets = self.uses_tickets();
        let data_rev = self.doc.data_revision();
        let key = hash(&(
            &payload.body,
            dialect,
            target.map(crate::lint::Target::name),
            data_rev,
            tickets,
            env_hash,
        ));
        if let Some((running_key, promise)) = self.derived.survey_running.take() {
            match promise.try_take() {
                Ok(rows) => self.derived.survey = Some((running_key, rows)),
                Err(pending) => {
                    self.derived.survey_running = Some((running_key, pending));
                    return;
                }
            }
        }
        if self.derived.survey.as_ref().is_some_and(|(k, _)| *k == key) {
            return;
        }
        let since_edit = self.doc.edited_ago(Instant::now());
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
        let promise = jobs::spawn_blocking(ctx, move || {
            preview::survey(&source, dialect, &env, &subjects, target).map_err(|e| e.to_string())
        });
        self.derived.survey_running = Some((key, promise));
    }

    fn schedule_autosave(&mut self, ctx: &egui::Context) {
        match self
            .doc
            .autosave_in(Instant::now(), self.config.autosave_delay)
        {
            Some(wait) if wait.is_zero() => self.start_save(ctx),
            // One wake-up when the pause is over, not a loop.
            Some(wait) => ctx.request_repaint_after(wait),
            None => {}
        }
    }
}

fn hash(value: &impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}
