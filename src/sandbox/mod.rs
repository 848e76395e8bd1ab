//! The embedded sandbox: one loopback HTTP server that behaves like Zendesk (under `/api/v2`)
//! and Braze (`/users/track`, `/users/export/ids`, `/content_blocks/*`), with a trigger engine that closes the loop
//! between them. It is the app's default peer and every test's real HTTP server.
//!
//! Requests are served by hyper on the shared runtime. The state sits behind one mutex: each
//! request holds it for microseconds, so ids stay unique under any concurrency. Webhook
//! deliveries run after the request that caused them has been answered, like Zendesk's.

mod braze;
mod braze_send;
mod connections;
mod content_blocks;
mod delivery;
pub mod faults;
mod server;
pub mod state;
pub mod store;
mod trigger_engine;
pub use trigger_engine::TIME_FIELDS;
mod zendesk;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde_json::{Value as Json, json};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use faults::Faults;
use state::State;
pub use store::{JournalReport, MAX_STATE_FILE, Repair, SetAside, StateFileError};

use crate::i18n::{Localize, Message};
use crate::msg;

/// The port `zenbraze sandbox` and the app use unless told otherwise.
pub const DEFAULT_PORT: u16 = 8787;
pub const DEMO_SUBDOMAIN: &str = "sandbox";
pub const DEMO_ADMIN_EMAIL: &str = "admin@sandbox.test";
pub const DEMO_ADMIN_ID: u64 = 3_700_000_000_001;
pub const DEMO_ZENDESK_TOKEN: &str = "sandbox-zendesk-token";
/// Every Braze permission.
pub const DEMO_BRAZE_KEY: &str = "sandbox-braze-key";
/// Everything but `users.track`.
pub const DEMO_BRAZE_KEY_NO_TRACK: &str = "sandbox-braze-key-no-track";
/// The response header that names the sandbox's run (see [`state::State::run`]).
pub const RUN_HEADER: &str = "X-Sandbox-Run";
/// The account id Zendesk puts in `x-zendesk-account-id`.
const ACCOUNT_ID: u64 = 10_000_001;

#[derive(Debug, Clone)]
pub struct SandboxConfig {
    pub host: IpAddr,
    /// 0 picks a free port (tests).
    pub port: u16,
    /// Where to keep the state between runs; none keeps it in memory only.
    pub state_file: Option<PathBuf>,
    pub limits: Limits,
}

/// What a client may hold of the server: slow or idle clients are cut off, and the number of
/// connections is capped (more wait to be accepted).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// From a connection's first byte (or its previous answer) to the end of a request's headers.
    pub header_read_timeout: Duration,
    /// A request body that has not arrived whole after this long closes its connection.
    pub body_read_timeout: Duration,
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(30),
            max_connections: 2048,
        }
    }
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: DEFAULT_PORT,
            state_file: None,
            limits: Limits::default(),
        }
    }
}

impl SandboxConfig {
    /// Loopback on a free port, in memory: what tests use.
    pub fn ephemeral() -> Self {
        Self {
            port: 0,
            ..Self::default()
        }
    }
}

#[derive(Debug)]
pub enum SandboxError {
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    State(StateFileError),
}

impl From<StateFileError> for SandboxError {
    fn from(e: StateFileError) -> Self {
        SandboxError::State(e)
    }
}

impl std::error::Error for SandboxError {}

impl Localize for SandboxError {
    fn message(&self) -> Message {
        match self {
            SandboxError::Bind { addr, source }
                if source.kind() == std::io::ErrorKind::AddrInUse =>
            {
                msg!("sandbox-port-in-use", addr = addr.to_string())
            }
            SandboxError::Bind { addr, source } => msg!(
                "sandbox-cannot-listen",
                addr = addr.to_string(),
                reason = source.to_string()
            ),
            SandboxError::State(e) => e.message(),
        }
    }
}

crate::display_via_message!(SandboxError);

/// What the request handlers share.
pub(crate) struct Shared {
    pub base_url: String,
    /// The address clients reach it by: requests naming another `Host` are refused.
    pub local: SocketAddr,
    state: Arc<Mutex<State>>,
    faults: Mutex<Faults>,
    /// For webhook deliveries and `/webhooks/test`.
    pub http: reqwest::Client,
    /// The journal writer, when the state is kept in a file.
    writer: Option<store::Writer>,
    state_path: Option<PathBuf>,
    pub limits: Limits,
    /// The current minute and the Zendesk requests made in it (for `X-Rate-Limit-Remaining`).
    pub rate_window: Mutex<(i64, u32)>,
    /// Counts changes, for views that redraw when the sandbox changes.
    version: tokio::sync::watch::Sender<u64>,
    pending_deliveries: AtomicUsize,
    deliveries_done: Notify,
}

impl Shared {
    /// The state, for one short critical section. A handler that panicked while holding it
    /// left it consistent (every change is made in one go), so poisoning is ignored.
    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn faults(&self) -> MutexGuard<'_, Faults> {
        self.faults
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Call after every change (made with [`State::touch`]): views redraw, the journal writes.
    pub fn changed(&self) {
        self.version.send_modify(|v| *v += 1);
        if let Some(w) = &self.writer {
            w.flush();
        }
    }

    /// Waits until every change made so far is on disk (at once without a state file). A
    /// request that changed something is answered only after this.
    pub async fn persisted(&self) -> Result<(), String> {
        let Some(writer) = &self.writer else {
            return Ok(());
        };
        let target = self.state().dirty.seq;
        writer.wait_for(target).await
    }

    pub fn delivery_started(&self) {
        self.pending_deliveries.fetch_add(1, Ordering::SeqCst);
    }

    pub fn delivery_finished(&self) {
        if self.pending_deliveries.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.deliveries_done.notify_waiters();
        }
    }

    pub fn pending_deliveries(&self) -> usize {
        self.pending_deliveries.load(Ordering::SeqCst)
    }

    pub fn credentials(&self) -> Json {
        json!({
            "zendesk": {
                "url": self.base_url,
                "subdomain": DEMO_SUBDOMAIN,
                "email": DEMO_ADMIN_EMAIL,
                "api_token": DEMO_ZENDESK_TOKEN,
            },
            "braze": {
                "url": self.base_url,
                "rest_api_key": DEMO_BRAZE_KEY,
                "rest_api_key_without_users_track": DEMO_BRAZE_KEY_NO_TRACK,
            },
        })
    }
}

/// A running sandbox. Dropping it stops it (without the final save: call [`Sandbox::shutdown`]).
pub struct Sandbox {
    shared: Arc<Shared>,
    stop: CancellationToken,
    server: Option<tokio::task::JoinHandle<()>>,
    repairs: Vec<Repair>,
    journal: Option<JournalReport>,
    state_note: Option<Message>,
}

impl Sandbox {
    /// Loads the state file (refusing a corrupt one, repairing counters behind their ids),
    /// takes it (a missing directory or a file another sandbox holds fails here), binds, and
    /// starts serving on the current tokio runtime.
    pub async fn start(config: SandboxConfig) -> Result<Sandbox, SandboxError> {
        let (state, files, repairs, journal) = match config.state_file.clone() {
            Some(path) => tokio::task::spawn_blocking(move || {
                // Taken before it is read: a second sandbox on the same file sets nothing aside.
                let claim = store::claim(&path)?;
                let (mut state, repairs, journal) = store::load_reporting(&path)?;
                let files = store::Files::open_claimed(claim, &mut state)?;
                Ok::<_, StateFileError>((state, Some(files), repairs, Some(journal)))
            })
            .await
            .map_err(|e| SandboxError::Bind {
                addr: SocketAddr::new(config.host, config.port),
                source: std::io::Error::other(e),
            })??,
            None => (State::seeded(), None, Vec::new(), None),
        };
        let addr = SocketAddr::new(config.host, config.port);
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| SandboxError::Bind { addr, source })?;
        let local = listener
            .local_addr()
            .map_err(|source| SandboxError::Bind { addr, source })?;
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(12))
            .user_agent("Zendesk Webhook")
            .build()
            .map_err(|e| SandboxError::Bind {
                addr,
                source: std::io::Error::other(e),
            })?;
        let mut state = state;
        follow_port(&mut state, local.port());
        let state = Arc::new(Mutex::new(state));
        let writer = match files {
            Some(files) => Some(
                store::Writer::start(files, state.clone())
                    .map_err(|source| SandboxError::Bind { addr, source })?,
            ),
            None => None,
        };
        let shared = Arc::new(Shared {
            base_url: format!("http://{local}"),
            local,
            state,
            faults: Mutex::new(Faults::default()),
            http,
            writer,
            state_path: config.state_file.clone(),
            limits: config.limits,
            rate_window: Mutex::new((0, 0)),
            version: tokio::sync::watch::Sender::new(0),
            pending_deliveries: AtomicUsize::new(0),
            deliveries_done: Notify::new(),
        });
        let stop = CancellationToken::new();
        let server = tokio::spawn(server::serve(listener, shared.clone(), stop.clone()));
        Ok(Sandbox {
            shared,
            stop,
            server: Some(server),
            repairs,
            journal,
            state_note: None,
        })
    }

    /// What the state file's journal held at start: the records kept, and the damaged or cut
    /// lines set aside (None without a state file).
    pub fn journal_report(&self) -> Option<&JournalReport> {
        self.journal.as_ref()
    }

    /// Counters the state file had behind their ids, and where they were moved.
    pub fn repairs(&self) -> &[Repair] {
        &self.repairs
    }

    /// The app's sandbox: on the default port, or on a free one when that is taken (another
    /// app window, or `zenbraze sandbox` already running). Its state is kept in `state_file`
    /// (its directory made first) so a restart finds the same tickets; when that file cannot be
    /// used (another window holds it, it is damaged) the sandbox keeps its state in memory and
    /// [`Sandbox::state_note`] says why.
    pub async fn start_embedded(state_file: Option<PathBuf>) -> Result<Sandbox, SandboxError> {
        let on_port = |port: u16, state_file: Option<PathBuf>| SandboxConfig {
            port,
            state_file,
            ..SandboxConfig::default()
        };
        let start = |state_file: Option<PathBuf>| async move {
            match Sandbox::start(on_port(DEFAULT_PORT, state_file.clone())).await {
                Err(SandboxError::Bind { source, .. })
                    if source.kind() == std::io::ErrorKind::AddrInUse =>
                {
                    Sandbox::start(on_port(0, state_file)).await
                }
                other => other,
            }
        };
        if let Some(dir) = state_file.as_deref().and_then(std::path::Path::parent) {
            // A directory that cannot be made shows as the state file's error below.
            let dir = dir.to_owned();
            let _ = tokio::task::spawn_blocking(move || std::fs::create_dir_all(dir)).await;
        }
        match start(state_file.clone()).await {
            Err(SandboxError::State(why)) if state_file.is_some() => {
                let mut sandbox = start(None).await?;
                sandbox.state_note = Some(match why {
                    StateFileError::InUse { path } => msg!(
                        "sandbox-state-held-elsewhere",
                        path = path.display().to_string()
                    ),
                    other => msg!("sandbox-state-memory-only", why = other.message()),
                });
                Ok(sandbox)
            }
            other => other,
        }
    }

    /// Why the state is kept in memory only although a file was asked for.
    pub fn state_note(&self) -> Option<&Message> {
        self.state_note.as_ref()
    }

    /// `http://127.0.0.1:PORT`: the Zendesk root (add `/api/v2`) and the Braze REST base.
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// The demo credentials with this sandbox's URL.
    pub fn credentials(&self) -> Json {
        self.shared.credentials()
    }

    /// Everything the sandbox holds, as `GET /__sandbox/state` returns it.
    pub fn snapshot(&self) -> Json {
        server::state_view(&self.shared)
    }

    /// Why the rules fired on a ticket or not, as `GET /__sandbox/rules?ticket=ID` answers;
    /// None when there is no such ticket.
    pub fn rule_trace(&self, ticket: u64) -> Option<Json> {
        server::rule_trace(&self.shared, ticket)
    }

    /// This sandbox's run (see [`State::run`]): a reset begins a new one, a restart on the same
    /// state file does not.
    pub fn run(&self) -> String {
        self.shared.state().run.clone()
    }

    /// Where its state is kept between runs (None: in memory only).
    pub fn state_file(&self) -> Option<&std::path::Path> {
        self.shared.state_path.as_deref()
    }

    /// Changes with every change to the state (tickets, deliveries, profiles, faults, reset).
    pub fn version(&self) -> u64 {
        *self.shared.version.borrow()
    }

    /// Wakes whoever awaits it on every change (the app redraws its sandbox view).
    pub fn subscribe(&self) -> tokio::sync::watch::Receiver<u64> {
        self.shared.version.subscribe()
    }

    /// Waits until every webhook delivery started so far has finished.
    pub async fn settle(&self) {
        loop {
            let done = self.shared.deliveries_done.notified();
            if self.shared.pending_deliveries() == 0 {
                return;
            }
            done.await;
        }
    }

    /// Stops serving, writes what is pending and folds the journal into the snapshot.
    pub async fn shutdown(mut self) -> Result<(), StateFileError> {
        self.stop.cancel();
        if let Some(task) = self.server.take() {
            let _ = task.await;
        }
        let shared = self.shared.clone();
        let finished = tokio::task::spawn_blocking(move || match &shared.writer {
            Some(w) => w.finish(),
            None => Ok(()),
        })
        .await
        .unwrap_or_else(|e| Err(std::io::Error::other(e)));
        finished.map_err(|source| StateFileError::Write {
            path: self.shared.state_path.clone().unwrap_or_default(),
            source,
        })
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

/// Webhooks that call this sandbox's own Braze or Zendesk routes on a loopback address with
/// another run's port follow it to `port`: the setup pointed them at the sandbox, and after a
/// restart on a free port (the default one busy) they called nobody.
fn follow_port(state: &mut state::State, port: u16) {
    let mut moved = Vec::new();
    for (id, w) in &mut state.webhooks {
        let Some(mut url) = w
            .webhook
            .get("endpoint")
            .and_then(serde_json::Value::as_str)
            .and_then(|e| reqwest::Url::parse(e).ok())
        else {
            continue;
        };
        let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
        let ours = url.path() == "/users/track" || url.path().starts_with("/api/v2/");
        if !loopback || !ours || url.port_or_known_default() == Some(port) {
            continue;
        }
        if url.set_port(Some(port)).is_ok() {
            w.webhook
                .insert("endpoint".into(), serde_json::Value::String(url.into()));
            moved.push(id.clone());
        }
    }
    for id in moved {
        state.touch(state::Key::Webhook(id));
    }
}
