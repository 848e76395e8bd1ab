//! The embedded sandbox: one loopback HTTP server that behaves like Zendesk (under `/api/v2`)
//! and Braze (`/users/track`, `/users/export/ids`), with a trigger engine that closes the loop
//! between them. It is the app's default peer and every test's real HTTP server.
//!
//! Requests are served by hyper on the shared runtime. The state sits behind one mutex: each
//! request holds it for microseconds, so ids stay unique under any concurrency. Webhook
//! deliveries run after the request that caused them has been answered, like Zendesk's.

mod braze;
mod delivery;
pub mod faults;
mod server;
pub mod state;
mod trigger_engine;
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
use state::{State, StateFileError};

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
/// The account id Zendesk puts in `x-zendesk-account-id`.
const ACCOUNT_ID: u64 = 10_000_001;

#[derive(Debug, Clone)]
pub struct SandboxConfig {
    pub host: IpAddr,
    /// 0 picks a free port (tests).
    pub port: u16,
    /// Where to keep the state between runs; none keeps it in memory only.
    pub state_file: Option<PathBuf>,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: DEFAULT_PORT,
            state_file: None,
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

#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("the sandbox cannot listen on {addr}: {source}{}", if source.kind() == std::io::ErrorKind::AddrInUse { " (is another sandbox running? pass --port)" } else { "" })]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error(transparent)]
    State(#[from] StateFileError),
}

/// What the request handlers share.
pub(crate) struct Shared {
    pub base_url: String,
    state: Mutex<State>,
    faults: Mutex<Faults>,
    /// For webhook deliveries and `/webhooks/test`.
    pub http: reqwest::Client,
    state_file: Option<PathBuf>,
    state_changed: Notify,
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

    /// Call after every change: the saver writes the file shortly after.
    pub fn changed(&self) {
        self.version.send_modify(|v| *v += 1);
        if self.state_file.is_some() {
            self.state_changed.notify_one();
        }
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
    saver: Option<tokio::task::JoinHandle<()>>,
}

impl Sandbox {
    /// Loads the state file (refusing a corrupt one), binds, and starts serving on the current
    /// tokio runtime.
    pub async fn start(config: SandboxConfig) -> Result<Sandbox, SandboxError> {
        let state = match &config.state_file {
            Some(path) => state::load(path)?,
            None => State::seeded(),
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
        let shared = Arc::new(Shared {
            base_url: format!("http://{local}"),
            state: Mutex::new(state),
            faults: Mutex::new(Faults::default()),
            http,
            state_file: config.state_file.clone(),
            state_changed: Notify::new(),
            version: tokio::sync::watch::Sender::new(0),
            pending_deliveries: AtomicUsize::new(0),
            deliveries_done: Notify::new(),
        });
        let stop = CancellationToken::new();
        let server = tokio::spawn(server::serve(listener, shared.clone(), stop.clone()));
        let saver = config
            .state_file
            .map(|path| tokio::spawn(save_loop(shared.clone(), path, stop.clone())));
        Ok(Sandbox {
            shared,
            stop,
            server: Some(server),
            saver,
        })
    }

    /// The app's sandbox: on the default port, or on a free one when that is taken (another
    /// app window, or `zenbraze sandbox` already running).
    pub async fn start_embedded() -> Result<Sandbox, SandboxError> {
        match Sandbox::start(SandboxConfig::default()).await {
            Err(SandboxError::Bind { source, .. })
                if source.kind() == std::io::ErrorKind::AddrInUse =>
            {
                Sandbox::start(SandboxConfig::ephemeral()).await
            }
            other => other,
        }
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

    /// Stops serving and writes the state file one last time.
    pub async fn shutdown(mut self) -> Result<(), StateFileError> {
        self.stop.cancel();
        for task in [self.server.take(), self.saver.take()]
            .into_iter()
            .flatten()
        {
            let _ = task.await;
        }
        match &self.shared.state_file {
            Some(path) => {
                let snapshot = self.shared.state().clone();
                let path = path.clone();
                tokio::task::spawn_blocking(move || state::save(&path, &snapshot))
                    .await
                    .unwrap_or_else(|e| {
                        Err(StateFileError::Write {
                            path: PathBuf::new(),
                            source: std::io::Error::other(e),
                        })
                    })
            }
            None => Ok(()),
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

/// Writes the state file after changes, at most every 100 ms, off the request path.
async fn save_loop(shared: Arc<Shared>, path: PathBuf, stop: CancellationToken) {
    loop {
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = shared.state_changed.notified() => {}
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        let snapshot = shared.state().clone();
        let path = path.clone();
        let written = tokio::task::spawn_blocking(move || state::save(&path, &snapshot)).await;
        if let Ok(Err(e)) = written {
            eprintln!("zenbraze sandbox: {e}");
        }
    }
}
