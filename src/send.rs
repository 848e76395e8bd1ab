//! A test send, as `zenbraze send` and the console make it: render and lint for one subject,
//! then send the body as rendered with a profile's credentials, and keep a masked record.

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::api::braze::{BrazeClient, TrackResponse};
use crate::api::zendesk::ZendeskClient;
use crate::api::{ApiError, ClientOptions, Control, Exchange, Redactor};
use crate::connect::{self, ConnectError};
use crate::i18n::Message;
use crate::lint::{self, Finding, Severity};
use crate::profiles::Profile;
use crate::secrets::SecretStore;
use crate::target::Target;
use crate::template::{Compiled, Environment, Rendered, TemplateError};

/// Why nothing can be sent for this subject.
#[derive(Debug, Clone, PartialEq)]
pub enum Stop {
    Template(TemplateError),
    /// `abort_message` stopped it, as Braze would.
    Aborted(Option<String>),
}

impl crate::i18n::Localize for Stop {
    fn message(&self) -> Message {
        match self {
            Stop::Template(e) => crate::msg!(
                "send-template-error",
                line = e.line,
                column = e.col,
                problem = e.kind.message()
            ),
            Stop::Aborted(reason) => crate::msg!(
                "send-aborted",
                reason = reason.as_deref().unwrap_or_default()
            ),
        }
    }
}

/// A body ready to send, with what the linter says about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    pub body: String,
    pub findings: Vec<Finding>,
}

impl Prepared {
    /// Errors block a send unless the person overrides them.
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }
}

/// Lints, then renders, the template for one subject.
pub fn prepare(
    compiled: &Compiled,
    env: &Environment,
    subject: &Json,
    target: Target,
) -> Result<Prepared, Stop> {
    let findings = match lint::lint(compiled, env, Some(subject), target) {
        Ok(lint::Outcome::Findings(f)) => f,
        Ok(lint::Outcome::Aborted(reason)) => return Err(Stop::Aborted(reason)),
        Err(e) => return Err(Stop::Template(e)),
    };
    match compiled.render(env, Some(subject)) {
        Ok(Rendered::Output(body)) => Ok(Prepared { body, findings }),
        Ok(Rendered::Aborted(reason)) => Err(Stop::Aborted(reason)),
        Err(e) => Err(Stop::Template(e)),
    }
}

/// What the service said, read for a person: the ticket made, or Braze's counts and errors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Summary {
    Ticket { id: u64, url: Option<String> },
    Track(TrackResponse),
    Nothing,
}

/// One send's record: the exchange as it went (masked) and the outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub exchange: Exchange,
    /// The error, masked, when the service refused or could not be reached.
    pub error: Option<ApiError>,
    pub summary: Summary,
}

/// The client a target is sent with.
#[derive(Clone)]
pub enum Sender {
    Zendesk(ZendeskClient),
    Braze(BrazeClient),
}

impl Sender {
    /// The client for `target` with the profile's credentials (reads the store: off the UI
    /// thread for the OS keyring).
    pub fn new(
        profile: &Profile,
        store: &dyn SecretStore,
        target: Target,
        options: ClientOptions,
    ) -> Result<Sender, ConnectError> {
        Ok(match target {
            Target::ZendeskTicket => {
                Sender::Zendesk(connect::zendesk_client(profile, store, options)?)
            }
            Target::BrazeUsersTrack | Target::ZendeskWebhookBody => {
                Sender::Braze(connect::braze_client(profile, store, options)?)
            }
        })
    }

    pub fn redactor(&self) -> &Redactor {
        match self {
            Sender::Zendesk(c) => c.redactor(),
            Sender::Braze(c) => c.redactor(),
        }
    }

    /// Sends the body exactly as rendered; `control` can cancel and follows retries.
    pub async fn send(&self, body: &str, control: Control) -> Delivery {
        match self {
            Sender::Zendesk(client) => {
                let outcome = client.with_control(control).create_ticket_raw(body).await;
                delivery(outcome, client.redactor(), |created| Summary::Ticket {
                    id: created.ticket.id,
                    url: created.ticket.url.or(created.location),
                })
            }
            Sender::Braze(client) => {
                let outcome = client.with_control(control).track_raw(body).await;
                delivery(outcome, client.redactor(), Summary::Track)
            }
        }
    }
}

/// The request the console makes for a target with a profile, before it is made: where it goes
/// and the headers it carries, the credential named but never read. The clients build the same
/// (`planned_is_what_the_client_sends` holds them equal), so the Request tab shows where a send
/// really goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub method: &'static str,
    pub url: String,
    /// Every header but `Authorization`.
    pub headers: Vec<(&'static str, &'static str)>,
    /// `Basic` or `Bearer`.
    pub auth_scheme: &'static str,
    /// Who signs in, when the scheme names someone (a Zendesk API token's agent).
    pub auth_user: Option<String>,
}

/// [`Planned`] for `target` with `profile`; the error says what the profile lacks.
pub fn planned(profile: &Profile, target: Target) -> Result<Planned, ConnectError> {
    let missing = |service| ConnectError::NoConnection {
        profile: profile.name.clone(),
        service,
    };
    let json = "application/json";
    Ok(match target {
        Target::ZendeskTicket => {
            let z = profile
                .zendesk
                .as_ref()
                .ok_or_else(|| missing(crate::secrets::Service::Zendesk))?;
            let (auth_scheme, auth_user) = match z.auth {
                crate::profiles::ZendeskAuthKind::ApiToken => {
                    ("Basic", Some(format!("{}/token", z.email)))
                }
                crate::profiles::ZendeskAuthKind::Oauth => ("Bearer", None),
            };
            Planned {
                method: "POST",
                url: format!("{}/api/v2/tickets.json", z.root()?),
                headers: vec![("Accept", json), ("Content-Type", json)],
                auth_scheme,
                auth_user,
            }
        }
        Target::BrazeUsersTrack | Target::ZendeskWebhookBody => {
            let b = profile
                .braze
                .as_ref()
                .ok_or_else(|| missing(crate::secrets::Service::Braze))?;
            Planned {
                method: "POST",
                url: format!("{}/users/track", b.base()?),
                headers: vec![("Content-Type", json)],
                auth_scheme: "Bearer",
                auth_user: None,
            }
        }
    })
}

/// The record of one call: the summary of a success, or the masked error.
fn delivery<T>(
    outcome: crate::api::Outcome<T>,
    redactor: &Redactor,
    summarize: impl FnOnce(T) -> Summary,
) -> Delivery {
    let (summary, error) = match outcome.result {
        Ok(value) => (summarize(value), None),
        Err(e) => (Summary::Nothing, Some(e.redacted(redactor))),
    };
    Delivery {
        exchange: outcome.exchange,
        error,
        summary,
    }
}

/// The send history: one JSON line per send, masked once more as a whole before it is written.
pub mod history {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct Entry {
        pub time: DateTime<Utc>,
        pub profile: String,
        pub target: String,
        /// The template's name (a file for the CLI, a payload for the app).
        pub template: String,
        /// Which sample it was rendered for.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub subject: Option<String>,
        pub ok: bool,
        /// Typed, so a later run shows it in its own language; an older history's text is read
        /// as [`ApiError::Recorded`].
        #[serde(default, deserialize_with = "crate::api::error::lenient")]
        pub error: Option<ApiError>,
        /// The ticket made, or Braze's counts.
        #[serde(default = "nothing")]
        pub summary: Summary,
        pub exchange: Exchange,
        /// The sandbox run that answered (its `X-Sandbox-Run`): a ticket id names a ticket only
        /// in its run. None for a real service, and for entries older than runs.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub sandbox_run: Option<String>,
        /// A send through Braze: the exchange is Braze's `/messages/send`, and this is the
        /// ticket Braze made compared with zenbraze's preview.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub via_braze: Option<ViaBrazeRecord>,
    }

    /// A send through Braze compared: for whom, Braze's dispatch, the ticket, each field.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct ViaBrazeRecord {
        /// The Braze user's external id.
        pub user: String,
        /// The template Braze rendered.
        #[serde(default)]
        pub template: String,
        pub dispatch_id: String,
        pub ticket_id: u64,
        pub fields: Vec<ComparedField>,
    }

    /// One field: what zenbraze previewed, what Zendesk holds.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct ComparedField {
        pub field: String,
        pub preview: String,
        pub zendesk: String,
    }

    impl ComparedField {
        pub fn same(&self) -> bool {
            self.preview == self.zendesk
        }
    }

    impl ViaBrazeRecord {
        pub fn identical(&self) -> bool {
            self.fields.iter().all(ComparedField::same)
        }
    }

    impl Entry {
        /// The record of `delivery`, sent with `profile` for `subject`.
        pub fn new(
            profile: &str,
            target: Target,
            template: String,
            subject: Option<String>,
            delivery: Delivery,
        ) -> Entry {
            let sandbox_run = delivery
                .exchange
                .response_header(crate::sandbox::RUN_HEADER)
                .map(str::to_owned);
            Entry {
                time: delivery.exchange.started_at,
                profile: profile.to_owned(),
                target: target.name().to_owned(),
                template,
                subject,
                ok: delivery.error.is_none(),
                error: delivery.error,
                summary: delivery.summary,
                exchange: delivery.exchange,
                sandbox_run,
                via_braze: None,
            }
        }

        /// The account it went to, as its address names it (`acme.zendesk.com`,
        /// `127.0.0.1:8787`).
        pub fn account(&self) -> &str {
            let url = &self.exchange.url;
            let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
            rest.split(['/', '?', '#']).next().unwrap_or(rest)
        }

        /// Whether this entry's ticket can be looked up in the sandbox now running `run`.
        pub fn ticket_in_run(&self, run: &str) -> RunCheck {
            match &self.sandbox_run {
                Some(r) if r == run => RunCheck::Same,
                Some(r) => RunCheck::Earlier(r.clone()),
                None => RunCheck::Unknown,
            }
        }
    }

    /// Where an entry's ticket stands against the sandbox now running.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum RunCheck {
        /// Made in this run: its id names it.
        Same,
        /// Made in another run (before a reset, or another sandbox): its id may name another.
        Earlier(String),
        /// Sent to no sandbox, or recorded before runs were.
        Unknown,
    }

    fn nothing() -> Summary {
        Summary::Nothing
    }

    /// Appends one entry (creating the file and its directory), durably and readable by its
    /// owner only. Under the file's lock, so the CLI and the app never interleave two lines.
    pub fn append(path: &Path, entry: &Entry, redactor: &Redactor) -> std::io::Result<()> {
        let line = serde_json::to_string(entry).map_err(std::io::Error::other)?;
        let mut line = redactor.text(&line);
        line.push('\n');
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let _lock = crate::durable::FileLock::acquire(path)?;
        crate::durable::append_durable(path, line.as_bytes(), crate::durable::Privacy::Private)
    }

    /// Reads the history; lines that cannot be read are skipped and counted.
    pub fn load(path: &Path) -> (Vec<Entry>, usize) {
        let Ok(text) = std::fs::read_to_string(path) else {
            return (Vec::new(), 0);
        };
        let mut skipped = 0;
        let entries = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .filter_map(|l| serde_json::from_str(l).map_err(|_| skipped += 1).ok())
            .collect();
        (entries, skipped)
    }
}

/// Sending one payload for many subjects: bounded concurrency (each send still waits out a
/// 429 as the service asks), one row per subject, cancellable.
pub mod bulk {
    use std::sync::{Arc, Mutex};

    use tokio_util::sync::CancellationToken;

    use super::*;

    /// At most this many requests in flight: well under both services' burst limits.
    pub const CONCURRENCY: usize = 4;

    #[derive(Debug, Clone, PartialEq)]
    pub enum RowState {
        Waiting,
        Skipped(Skip),
        Done(Box<history::Entry>),
    }

    /// Why a subject was not sent.
    #[derive(Debug, Clone, PartialEq)]
    pub enum Skip {
        LintErrors(usize),
        Aborted(Option<String>),
        Template(TemplateError),
        Cancelled,
    }

    impl crate::i18n::Localize for Skip {
        fn message(&self) -> Message {
            match self {
                Skip::LintErrors(n) => crate::msg!("send-skip-lint", count = *n),
                Skip::Aborted(reason) => crate::msg!(
                    "send-aborted",
                    reason = reason.as_deref().unwrap_or_default()
                ),
                Skip::Template(e) => crate::msg!(
                    "send-template-error",
                    line = e.line,
                    column = e.col,
                    problem = e.kind.message()
                ),
                Skip::Cancelled => crate::msg!("send-skip-cancelled"),
            }
        }
    }

    #[derive(Debug, Clone, PartialEq)]
    pub struct Row {
        pub subject: String,
        pub state: RowState,
    }

    /// Shared between the worker and the UI.
    #[derive(Debug, Default)]
    pub struct Progress {
        pub rows: Vec<Row>,
        pub finished: bool,
        /// Why the run could not start (no credentials, say).
        pub error: Option<Message>,
    }

    impl Progress {
        pub fn done(&self) -> usize {
            self.rows
                .iter()
                .filter(|r| !matches!(r.state, RowState::Waiting))
                .count()
        }
    }

    /// What the whole run needs, owned so it can move to the runtime.
    pub struct Job {
        pub sender: Sender,
        pub profile: String,
        pub target: Target,
        pub template: String,
        /// (subject label, prepared body or why not).
        pub prepared: Vec<(String, Result<Prepared, Stop>)>,
        pub send_with_errors: bool,
        pub history: Option<std::path::PathBuf>,
    }

    /// Runs the job; rows fill in as sends finish; `changed` is called after each.
    pub async fn run(
        job: Job,
        progress: Arc<Mutex<Progress>>,
        cancel: CancellationToken,
        changed: impl Fn() + Send + Sync + 'static,
    ) {
        let changed = Arc::new(changed);
        let limit = Arc::new(tokio::sync::Semaphore::new(CONCURRENCY));
        let mut tasks = tokio::task::JoinSet::new();
        let set = |progress: &Arc<Mutex<Progress>>, i: usize, state: RowState| {
            if let Ok(mut p) = progress.lock() {
                p.rows[i].state = state;
            }
        };
        if let Ok(mut p) = progress.lock() {
            p.rows = job
                .prepared
                .iter()
                .map(|(subject, _)| Row {
                    subject: subject.clone(),
                    state: RowState::Waiting,
                })
                .collect();
        }
        for (i, (subject, prepared)) in job.prepared.into_iter().enumerate() {
            let body = match prepared {
                Err(Stop::Aborted(reason)) => {
                    set(&progress, i, RowState::Skipped(Skip::Aborted(reason)));
                    continue;
                }
                Err(Stop::Template(e)) => {
                    set(&progress, i, RowState::Skipped(Skip::Template(e)));
                    continue;
                }
                Ok(p) if p.errors() > 0 && !job.send_with_errors => {
                    set(
                        &progress,
                        i,
                        RowState::Skipped(Skip::LintErrors(p.errors())),
                    );
                    continue;
                }
                Ok(p) => p.body,
            };
            let (limit, sender, progress, cancel, changed) = (
                Arc::clone(&limit),
                job.sender.clone(),
                Arc::clone(&progress),
                cancel.clone(),
                Arc::clone(&changed),
            );
            let (profile, target, template, history_path) = (
                job.profile.clone(),
                job.target,
                job.template.clone(),
                job.history.clone(),
            );
            tasks.spawn(async move {
                let Ok(_permit) = limit.acquire().await else {
                    return;
                };
                if cancel.is_cancelled() {
                    set(&progress, i, RowState::Skipped(Skip::Cancelled));
                    changed();
                    return;
                }
                let delivery = sender
                    .send(&body, Control::with_cancel(cancel.child_token()))
                    .await;
                let entry =
                    history::Entry::new(&profile, target, template, Some(subject), delivery);
                if let Some(path) = history_path {
                    let (entry, redactor) = (entry.clone(), sender.redactor().clone());
                    let _ = tokio::task::spawn_blocking(move || {
                        history::append(&path, &entry, &redactor)
                    })
                    .await;
                }
                set(&progress, i, RowState::Done(Box::new(entry)));
                changed();
            });
        }
        changed();
        while tasks.join_next().await.is_some() {}
        if let Ok(mut p) = progress.lock() {
            p.finished = true;
        }
        changed();
    }
}

/// Line differences between two bodies, for comparing two exchanges.
pub mod compare {
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Line<'a> {
        Same(&'a str),
        /// Only in the first.
        Removed(&'a str),
        /// Only in the second.
        Added(&'a str),
    }

    /// Bodies longer than this many lines are compared as wholes.
    const MAX_LINES: usize = 3_000;

    /// A longest-common-subsequence diff of the lines.
    pub fn lines<'a>(a: &'a str, b: &'a str) -> Vec<Line<'a>> {
        let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
        if a.len() > MAX_LINES || b.len() > MAX_LINES {
            if a == b {
                return a.into_iter().map(Line::Same).collect();
            }
            return a
                .into_iter()
                .map(Line::Removed)
                .chain(b.into_iter().map(Line::Added))
                .collect();
        }
        // lcs[i][j]: the common length of a[i..] and b[j..].
        let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
        for i in (0..a.len()).rev() {
            for j in (0..b.len()).rev() {
                lcs[i][j] = if a[i] == b[j] {
                    lcs[i + 1][j + 1] + 1
                } else {
                    lcs[i + 1][j].max(lcs[i][j + 1])
                };
            }
        }
        let (mut i, mut j, mut out) = (0, 0, Vec::new());
        while i < a.len() && j < b.len() {
            if a[i] == b[j] {
                out.push(Line::Same(a[i]));
                i += 1;
                j += 1;
            } else if lcs[i + 1][j] >= lcs[i][j + 1] {
                out.push(Line::Removed(a[i]));
                i += 1;
            } else {
                out.push(Line::Added(b[j]));
                j += 1;
            }
        }
        out.extend(a[i..].iter().map(|l| Line::Removed(l)));
        out.extend(b[j..].iter().map(|l| Line::Added(l)));
        out
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn differences_are_lines_removed_and_added() {
            let d = lines("a\nb\nc", "a\nx\nc\nd");
            assert_eq!(
                d,
                vec![
                    Line::Same("a"),
                    Line::Removed("b"),
                    Line::Added("x"),
                    Line::Same("c"),
                    Line::Added("d")
                ]
            );
            assert!(lines("", "").is_empty());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::{Sandbox, SandboxConfig};
    use crate::secrets::SessionStore;

    /// What the Request tab shows is what a send does: the same method, URL and headers, the
    /// credential with the scheme named.
    #[test]
    fn planned_is_what_the_client_sends() {
        crate::net::block_on(async {
            let sandbox = Sandbox::start(SandboxConfig::ephemeral()).await.unwrap();
            let profile = Profile::sandbox(sandbox.base_url());
            let bodies = [
                (
                    Target::ZendeskTicket,
                    r#"{"ticket":{"subject":"s","comment":{"body":"b"}}}"#,
                ),
                (Target::BrazeUsersTrack, r#"{"attributes":[]}"#),
                (Target::ZendeskWebhookBody, r#"{"events":[]}"#),
            ];
            for (target, body) in bodies {
                let planned = planned(&profile, target).unwrap();
                let sender = Sender::new(
                    &profile,
                    &SessionStore::new(),
                    target,
                    ClientOptions::default(),
                )
                .unwrap();
                let x = sender.send(body, Control::default()).await.exchange;
                assert_eq!(x.method, planned.method, "{target:?}");
                assert_eq!(x.url, planned.url, "{target:?}");
                let sent: Vec<(&str, &str)> = x
                    .request_headers
                    .iter()
                    .filter(|(k, _)| k != "Authorization")
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                assert_eq!(sent, planned.headers, "{target:?}");
                let auth = x
                    .request_headers
                    .iter()
                    .find(|(k, _)| k == "Authorization")
                    .map(|(_, v)| v.as_str())
                    .unwrap();
                assert!(auth.starts_with(planned.auth_scheme), "{target:?}: {auth}");
            }
        });
    }

    #[test]
    fn an_entry_names_its_account_and_its_run() {
        let mut entry: history::Entry = serde_json::from_value(serde_json::json!({
            "time": "2026-01-01T00:00:00Z", "profile": "sandbox", "target": "zendesk-ticket",
            "template": "t", "ok": true,
            "exchange": {"service": "zendesk", "operation": "tickets.create", "method": "POST",
                "url": "http://127.0.0.1:8787/api/v2/tickets.json", "request_headers": [],
                "request_body": "", "started_at": "2026-01-01T00:00:00Z", "attempts": [],
                "warnings": []}
        }))
        .unwrap();
        assert_eq!(entry.account(), "127.0.0.1:8787");
        assert_eq!(entry.ticket_in_run("a"), history::RunCheck::Unknown);
        entry.sandbox_run = Some("a".into());
        assert_eq!(entry.ticket_in_run("a"), history::RunCheck::Same);
        assert_eq!(
            entry.ticket_in_run("b"),
            history::RunCheck::Earlier("a".into())
        );
    }
}
