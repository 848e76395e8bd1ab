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
        self.sandbox.poll(ctx);
        if self.palette.is_none() {
            self.queue.extend(command::from_shortcuts(ctx));
        }
        for command in std::mem::take(&mut self.queue) {
            self.apply(ctx, command);
        }
        self.poll_background(ctx);
        self.poll_wizard();
        self.clamp_selection();
        // Only the event step shows the preview.
        if self.remembered.panel == super::Panel::Wizard
            && self.wizard.step == super::wizard::WizardStep::Event
        {
            self.refresh_wizard_preview();
        }
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

    /// A template error in the interface's words, with its place.
    pub fn template_error(&self, e: &crate::template::TemplateError) -> String {
        self.i18n.format(
            "template-error",
            &[
                ("line", arg(e.line)),
                ("column", arg(e.col)),
                ("message", arg(e.message.clone())),
            ],
        )
    }

    pub fn active_profile_name(&self) -> &str {
        self.remembered
            .active_profile
            .as_deref()
            .unwrap_or(profiles::SANDBOX_PROFILE)
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
        let kept = self.doc.workspace.unusable().count();
        if kept > 0 {
            // Listed in Settings; kept in the file on every save.
            let file = self.doc.path().display().to_string();
            let text = self.i18n.message(&crate::msg!(
                "files-kept-heading",
                file = file,
                count = kept
            ));
            self.notify(false, text);
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
                    crate::durable::write_atomic(
                        &path,
                        text.as_bytes(),
                        crate::durable::Privacy::Normal,
                    )
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
                self.i18n = Catalogue::get(language);
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
                    kept: Vec::new(),
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
            Command::Send => self.send(ctx),
            Command::ConfirmSend => {
                if let Some(pending) = self.console.confirm.take() {
                    self.console.confirmed.insert(pending.description.clone());
                    if pending.all {
                        self.send_to_all(ctx);
                    } else {
                        self.start_send(ctx, pending);
                    }
                }
            }
            Command::SendToAll => self.send_to_all(ctx),
            Command::SetTicketStatus(id, status) => {
                let Some(url) = self.sandbox_url().map(str::to_owned) else {
                    return;
                };
                // Zendesk requires an assignee to solve; its agent UI assigns whoever solves.
                // The sandbox view that offered the change holds the ticket already.
                let unassigned = self
                    .sandbox_view
                    .snapshot
                    .as_ref()
                    .is_some_and(|(_, state)| {
                        state["tickets"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .any(|t| t["id"] == json!(id) && t["assignee_id"].is_null())
                    });
                let mut body = json!({"ticket": {"status": status}});
                if unassigned && matches!(status.as_str(), "solved" | "closed") {
                    body["ticket"]["assignee_id"] = json!(crate::sandbox::DEMO_ADMIN_ID);
                }
                let store = Arc::clone(&self.config.store);
                self.background.sandbox_action = Some(spawn_async(ctx, async move {
                    let client = connect::zendesk_client(
                        &Profile::sandbox(&url),
                        store.as_ref(),
                        ClientOptions::default(),
                    )
                    .map_err(|e| e.to_string())?;
                    client
                        .update_ticket(id, &body)
                        .await
                        .result
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                }));
            }
            Command::SetFaults(kinds) => {
                let Some(url) = self.sandbox_url().map(str::to_owned) else {
                    return;
                };
                self.background.sandbox_action = Some(spawn_async(ctx, async move {
                    let http = reqwest::Client::new();
                    let faults = format!("{url}/__sandbox/faults");
                    http.delete(&faults)
                        .send()
                        .await
                        .map_err(|e| e.to_string())?;
                    if !kinds.is_empty() {
                        let body = json!({"faults": kinds}).to_string();
                        let r = http
                            .post(&faults)
                            .body(body)
                            .send()
                            .await
                            .map_err(|e| e.to_string())?;
                        if !r.status().is_success() {
                            return Err(r.text().await.unwrap_or_default());
                        }
                    }
                    Ok(())
                }));
            }
            Command::ResetSandbox => {
                let Some(url) = self.sandbox_url().map(str::to_owned) else {
                    return;
                };
                self.background.sandbox_action = Some(spawn_async(ctx, async move {
                    reqwest::Client::new()
                        .post(format!("{url}/__sandbox/reset"))
                        .send()
                        .await
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                }));
            }
            Command::CancelSend => {
                if let Some(f) = &self.console.in_flight {
                    f.watch.cancel();
                }
                if let Some(b) = &self.console.bulk {
                    b.cancel.cancel();
                }
                self.console.confirm = None;
            }
            Command::Resend(i) => self.resend(ctx, i),
            Command::Compare(i) => {
                self.console.compare = i.and_then(|i| self.console.history.get(i).cloned());
            }
            Command::ShowExchange(i) => {
                self.console.shown = self.console.history.get(i).cloned();
                self.remembered.panel = super::Panel::Console;
            }
            Command::SaveProfile => self.save_profile(ctx),
            Command::DeleteProfile(name) => self.delete_profile(ctx, &name),
            Command::TestProfile(name) => self.test_profile(ctx, &name),
            Command::Wizard(w) => self.wizard_command(ctx, w),
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

    /// Renders and lints the selected payload for the selected sample; errors block unless
    /// overridden; a real service is confirmed once per session; then the send starts.
    fn send(&mut self, ctx: &egui::Context) {
        self.remembered.panel = super::Panel::Console;
        self.console.blocked = None;
        if self.console.in_flight.is_some() {
            return;
        }
        let (Some(payload), Some(subject), Some(profile)) =
            (self.payload(), self.subject(), self.active_profile())
        else {
            self.console.blocked = Some(self.i18n.tr("send-nothing").to_owned());
            return;
        };
        let Some((target, description)) = self.send_target(&profile) else {
            return;
        };
        let env = match &self.derived.env {
            Some((_, Ok(env))) => env.clone(),
            _ => Environment::new(),
        };
        let compiled = match crate::template::parse(&payload.body, target.dialect()) {
            Ok(c) => c,
            Err(e) => {
                self.console.blocked = Some(self.template_error(&e));
                return;
            }
        };
        let prepared = match crate::send::prepare(&compiled, &env, subject, target) {
            Ok(p) => p,
            Err(crate::send::Stop::Aborted(reason)) => {
                self.console.blocked = Some(
                    self.i18n
                        .format("aborted", &[("reason", arg(reason.unwrap_or_default()))]),
                );
                return;
            }
            Err(crate::send::Stop::Template(e)) => {
                self.console.blocked = Some(self.template_error(&e));
                return;
            }
        };
        let errors = prepared.errors();
        if errors > 0 && !self.console.override_errors {
            self.console.blocked =
                Some(self.i18n.format("send-blocked", &[("count", arg(errors))]));
            return;
        }
        let pending = super::state::PendingSend {
            description,
            target,
            body: prepared.body,
            template: payload.name.clone(),
            subject: crate::lint::user_label(subject, self.subject_index()),
            profile,
            all: false,
        };
        self.send_or_confirm(ctx, pending);
    }

    /// The payload's target, and where it sends to in words (for the confirmation).
    fn send_target(&self, profile: &Profile) -> Option<(crate::lint::Target, String)> {
        let payload = self.payload()?;
        let target = payload.target.unwrap_or(match payload.direction {
            Direction::BrazeToZendesk => crate::lint::Target::ZendeskTicket,
            Direction::ZendeskToBraze => crate::lint::Target::ZendeskWebhookBody,
        });
        Some((target, describe(profile, target)))
    }

    /// Every sample, prepared and sent off the UI thread a few at a time (`send::bulk`).
    fn send_to_all(&mut self, ctx: &egui::Context) {
        self.remembered.panel = super::Panel::Console;
        self.console.blocked = None;
        if self.console.bulk.as_ref().is_some_and(|b| !b.collected) {
            return;
        }
        let (Some(payload), Some(profile)) = (self.payload().cloned(), self.active_profile())
        else {
            self.console.blocked = Some(self.i18n.tr("send-nothing").to_owned());
            return;
        };
        let Some((target, description)) = self.send_target(&profile) else {
            return;
        };
        if !profile.is_sandbox() && !self.console.confirmed.contains(&description) {
            self.console.confirm = Some(super::state::PendingSend {
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
        let env = match &self.derived.env {
            Some((_, Ok(env))) => env.clone(),
            _ => Environment::new(),
        };
        let subjects: Vec<Json> = self.subjects().to_vec();
        let total = subjects.len();
        let progress = Arc::new(std::sync::Mutex::new(crate::send::bulk::Progress::default()));
        let cancel = tokio_util::sync::CancellationToken::new();
        let store = Arc::clone(&self.config.store);
        let history = self.config.history_path.clone();
        let send_with_errors = self.console.override_errors;
        let (worker_progress, worker_cancel, repaint) =
            (Arc::clone(&progress), cancel.clone(), ctx.clone());
        crate::net::runtime().spawn(async move {
            let prepared = tokio::task::spawn_blocking(move || {
                let compiled = crate::template::parse(&payload.body, target.dialect());
                let sender = crate::send::Sender::new(
                    &profile,
                    store.as_ref(),
                    target,
                    ClientOptions::default(),
                );
                let rows: Vec<_> = subjects
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        let label = crate::lint::user_label(s, i);
                        let row = match &compiled {
                            Ok(c) => crate::send::prepare(c, &env, s, target),
                            Err(e) => Err(crate::send::Stop::Template(e.clone())),
                        };
                        (label, row)
                    })
                    .collect();
                (
                    rows,
                    sender.map_err(|e| e.to_string()),
                    payload.name,
                    profile.name,
                )
            })
            .await;
            let Ok((rows, sender, template, profile)) = prepared else {
                return;
            };
            let sender = match sender {
                Ok(s) => s,
                Err(e) => {
                    if let Ok(mut p) = worker_progress.lock() {
                        p.error = Some(e);
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
        self.console.bulk = Some(super::state::BulkRun {
            progress,
            cancel,
            total,
            collected: false,
        });
    }

    /// A history entry's body again, with the profile it went with (confirmed as any send).
    fn resend(&mut self, ctx: &egui::Context, i: usize) {
        let Some(entry) = self.console.history.get(i).cloned() else {
            return;
        };
        let profile = if entry.profile == profiles::SANDBOX_PROFILE {
            Some(Profile::sandbox(
                self.sandbox_url()
                    .unwrap_or(&profiles::default_sandbox_url()),
            ))
        } else {
            self.profiles.get(&entry.profile).cloned()
        };
        let (Some(profile), Ok(target)) = (profile, entry.target.parse::<crate::lint::Target>())
        else {
            self.console.blocked = Some(
                self.i18n
                    .format("resend-no-profile", &[("profile", arg(entry.profile))]),
            );
            return;
        };
        let pending = super::state::PendingSend {
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
    fn send_or_confirm(&mut self, ctx: &egui::Context, pending: super::state::PendingSend) {
        if pending.profile.is_sandbox() || self.console.confirmed.contains(&pending.description) {
            self.start_send(ctx, pending);
        } else {
            self.console.confirm = Some(pending);
        }
    }

    fn start_send(&mut self, ctx: &egui::Context, pending: super::state::PendingSend) {
        let (control, watch) = crate::api::Control::new();
        let store = Arc::clone(&self.config.store);
        let history_path = self.config.history_path.clone();
        let promise = spawn_async(ctx, async move {
            let sender = crate::send::Sender::new(
                &pending.profile,
                store.as_ref(),
                pending.target,
                ClientOptions::default(),
            )
            .map_err(|e| e.to_string())?;
            let delivery = sender.send(&pending.body, control).await;
            let entry = crate::send::history::Entry {
                time: delivery.exchange.started_at,
                profile: pending.profile.name.clone(),
                target: pending.target.name().to_owned(),
                template: pending.template,
                subject: Some(pending.subject),
                ok: delivery.error.is_none(),
                error: delivery.error,
                summary: delivery.summary,
                exchange: delivery.exchange,
            };
            if let Some(path) = history_path {
                // A history that cannot be written does not undo the send; it is said once.
                let redactor = sender.redactor().clone();
                let written = tokio::task::spawn_blocking({
                    let entry = entry.clone();
                    move || crate::send::history::append(&path, &entry, &redactor)
                })
                .await;
                if let Ok(Err(e)) = written {
                    return Err(format!("sent, but the history was not written: {e}"));
                }
            }
            Ok(entry)
        });
        self.console.in_flight = Some(super::state::InFlight { watch, promise });
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
                self.profiles.put(profile.clone());
                let path = self.config.profiles_path.clone();
                let store = Arc::clone(&self.config.store);
                self.background.profiles = Some(spawn_blocking(ctx, move || {
                    for (service, secret) in &secrets {
                        store
                            .set(&profile.name, *service, secret)
                            .map_err(|e| e.to_string())?;
                    }
                    // Applied to the file as it is now, under its lock (another process may
                    // have saved a profile since it was read).
                    if let Some(path) = path {
                        profiles::update(&path, |on_disk| {
                            on_disk.put(profile.clone());
                            Ok::<_, String>(())
                        })?;
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
        let path = self.config.profiles_path.clone();
        let store = Arc::clone(&self.config.store);
        let name = name.to_owned();
        self.background.profiles = Some(spawn_blocking(ctx, move || {
            for service in [Service::Zendesk, Service::Braze] {
                store.delete(&name, service).map_err(|e| e.to_string())?;
            }
            if let Some(path) = path {
                profiles::update(&path, |on_disk| {
                    on_disk.remove(&name);
                    Ok::<_, String>(())
                })?;
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
            connect::check_profile(&profile, store.as_ref()).await
        }));
    }

    // ---- background results -------------------------------------------------------------

    fn poll_background(&mut self, ctx: &egui::Context) {
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
            } else {
                self.doc.finish_save_elsewhere();
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
        if let Some(Err(e)) = take_ready(&mut self.background.sandbox_action) {
            self.notify(true, e);
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
                    self.console.shown = Some(entry);
                }
                Ok(Err(e)) => self.console.blocked = Some(e),
                Err(pending) => {
                    // A countdown is on screen while a retry waits: tick it.
                    if flight.watch.remaining_wait().is_some() {
                        ctx.request_repaint_after(Duration::from_millis(200));
                    }
                    self.console.in_flight = Some(super::state::InFlight {
                        watch: flight.watch,
                        promise: pending,
                    });
                }
            }
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

/// Where a target of this profile sends, in words (for the confirmation).
fn describe(profile: &Profile, target: crate::lint::Target) -> String {
    match target {
        crate::lint::Target::ZendeskTicket => profile.zendesk.as_ref().map(|z| z.describe()),
        _ => profile.braze.as_ref().map(|b| b.describe()),
    }
    .unwrap_or_default()
}

fn hash(value: &impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}
