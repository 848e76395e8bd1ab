//! Background jobs: each runs on the shared runtime (`net`), sends its result, then wakes the UI;
//! `logic` collects it with [`take_ready`]. Workers return `Result`s and never panic, so a promise
//! is always fulfilled. One slot per kind of job: a second request of a kind waits for the first.

use std::path::PathBuf;

use poll_promise::Promise;
use serde_json::Value as Json;

use crate::i18n::Message;
use crate::net;
use crate::workspace::file::Opened;

/// Runs `work` on the blocking pool and wakes the UI when it is done.
pub(crate) fn spawn_blocking<T: Send + 'static>(
    ctx: &egui::Context,
    work: impl FnOnce() -> T + Send + 'static,
) -> Promise<T> {
    let (sender, promise) = Promise::new();
    let ctx = ctx.clone();
    net::runtime().spawn_blocking(move || {
        sender.send(work());
        ctx.request_repaint();
    });
    promise
}

/// Runs `work` on the runtime and wakes the UI when it is done.
pub(crate) fn spawn_async<T: Send + 'static>(
    ctx: &egui::Context,
    work: impl Future<Output = T> + Send + 'static,
) -> Promise<T> {
    let (sender, promise) = Promise::new();
    let ctx = ctx.clone();
    net::runtime().spawn(async move {
        sender.send(work.await);
        ctx.request_repaint();
    });
    promise
}

/// Takes a finished promise's value, leaving the slot empty; a pending one stays.
pub(crate) fn take_ready<T: Send + 'static>(slot: &mut Option<Promise<T>>) -> Option<T> {
    let promise = slot.take()?;
    match promise.try_take() {
        Ok(value) => Some(value),
        Err(pending) => {
            *slot = Some(pending);
            None
        }
    }
}

/// A background job that may fail with a message for the person.
pub(crate) type Job<T> = Option<Promise<Result<T, Message>>>;

/// Where a save wrote, the revision it holds, and how the write went.
pub(crate) type SaveOutcome = (PathBuf, u64, Result<(), crate::i18n::Message>);

/// What the file chooser was opened for, and what the person picked (none: cancelled).
pub(crate) type Chosen = (
    super::chooser::ChoosePurpose,
    Result<Option<PathBuf>, Message>,
);

/// Connection test lines: whether each passed, and what it found.
pub type Checks = Vec<(bool, Message)>;

/// Work in flight, one slot per kind.
#[derive(Default)]
pub struct Background {
    pub(crate) save: Option<Promise<SaveOutcome>>,
    pub(crate) open: Job<(PathBuf, Opened)>,
    pub(crate) export: Job<PathBuf>,
    pub(crate) braze_import: Job<(Vec<Json>, Vec<String>)>,
    /// The preview's Content Blocks, read from Braze (`app::braze_blocks`).
    pub(crate) braze_blocks: Job<std::collections::BTreeMap<String, String>>,
    pub(crate) profiles: Job<super::profiles::ProfileDone>,
    /// The profile job is a save (not a delete).
    pub(crate) profiles_saving: bool,
    pub(crate) checks: Option<Promise<Checks>>,
    /// Cancels the connection test that runs (Settings' or the wizard's).
    pub(crate) test_cancel: Option<tokio_util::sync::CancellationToken>,
    /// The file chooser, open: what it was for and what the person picked.
    pub(crate) choose: Option<Promise<Chosen>>,
    /// A change made from the sandbox view (a status, faults, reset).
    pub(crate) sandbox_action: Job<()>,
}

impl Background {
    /// Whether a profile is being saved or deleted.
    pub fn saving_profile(&self) -> bool {
        self.profiles.is_some()
    }

    /// Whether a profile is being saved (its secrets stored): Settings shows it under way.
    pub fn storing_profile(&self) -> bool {
        self.profiles.is_some() && self.profiles_saving
    }

    /// Whether a connection test runs.
    pub fn testing_connection(&self) -> bool {
        self.checks.is_some()
    }

    /// Whether any job is still running.
    pub fn busy(&self) -> bool {
        self.save.is_some()
            || self.open.is_some()
            || self.export.is_some()
            || self.braze_import.is_some()
            || self.braze_blocks.is_some()
            || self.profiles.is_some()
            || self.checks.is_some()
            || self.sandbox_action.is_some()
            || self.choose.is_some()
    }

    /// Whether the file chooser is open.
    pub fn choosing(&self) -> bool {
        self.choose.is_some()
    }
}
