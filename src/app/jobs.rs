//! Background work and memoised views. Workers run on the shared runtime (`net`), send their
//! result, then wake the UI; `logic` polls with `try_take`. Workers return `Result`s and never
//! panic, so a promise is always fulfilled.

use std::path::PathBuf;
use std::sync::Arc;

use poll_promise::Promise;
use serde_json::Value as Json;

use crate::editor::completion::Suggestion;
use crate::net;
use crate::preview::{RenderedRequest, SubjectRow};
use crate::sandbox::Sandbox;
use crate::template::Environment;
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

/// The embedded sandbox, started in the background at launch.
pub enum SandboxStatus {
    Off,
    Starting(Promise<Result<Sandbox, crate::i18n::Message>>),
    Running(Sandbox),
    /// Why it could not start, for the person (the catalogue's domain `sandbox`).
    Failed(crate::i18n::Message),
}

impl SandboxStatus {
    pub(crate) fn start(ctx: &egui::Context) -> Self {
        SandboxStatus::Starting(spawn_async(ctx, async {
            Sandbox::start_embedded()
                .await
                .map_err(|e| crate::i18n::Localize::message(&e))
        }))
    }

    pub(crate) fn poll(&mut self, ctx: &egui::Context) {
        if let SandboxStatus::Starting(_) = self {
            let SandboxStatus::Starting(promise) = std::mem::replace(self, SandboxStatus::Off)
            else {
                return;
            };
            *self = match promise.try_take() {
                Ok(Ok(sandbox)) => {
                    // Redraw when the sandbox changes (a trigger fired, an event arrived), so
                    // its view is current without polling.
                    let mut changes = sandbox.subscribe();
                    let ctx = ctx.clone();
                    net::runtime().spawn(async move {
                        while changes.changed().await.is_ok() {
                            ctx.request_repaint();
                        }
                    });
                    SandboxStatus::Running(sandbox)
                }
                Ok(Err(e)) => SandboxStatus::Failed(e),
                Err(pending) => SandboxStatus::Starting(pending),
            };
        }
    }
}

/// A background job that may fail with a message for the person.
pub(crate) type Job<T> = Option<Promise<Result<T, String>>>;

/// A derived value and the key of the inputs it was computed from.
pub(crate) type Memo<K, V> = Option<(K, V)>;

type Tokens = Vec<(std::ops::Range<usize>, crate::editor::highlight::Kind)>;

/// Where a save wrote, the revision it holds, and how the write went.
pub(crate) type SaveOutcome = (PathBuf, u64, Result<(), crate::i18n::Message>);

/// Work in flight, one slot per kind.
#[derive(Default)]
pub(crate) struct Background {
    pub save: Option<Promise<SaveOutcome>>,
    pub open: Job<(PathBuf, Opened)>,
    pub export: Job<PathBuf>,
    pub read_import: Job<String>,
    pub braze_import: Job<(Vec<Json>, Vec<String>)>,
    pub profiles: Job<String>,
    pub checks: Option<Promise<Vec<(bool, String)>>>,
    /// A change made from the sandbox view (a status, faults, reset).
    pub sandbox_action: Job<()>,
}

/// Views derived from the workspace, recomputed only when their inputs change.
#[derive(Default)]
pub(crate) struct Derived {
    /// The selected subject as JSON text, keyed by (data revision, which).
    pub subject: Memo<(u64, bool, usize), String>,
    /// The render environment with the selected context, keyed by (data revision, context).
    pub env: Memo<(u64, Option<usize>), Result<Environment, String>>,
    pub request: Memo<u64, RenderedRequest>,
    pub suggestions: Memo<u64, Vec<Suggestion>>,
    /// The all-subjects view: the rows for a key, and the run computing a newer one.
    pub survey: Memo<u64, Result<Vec<SubjectRow>, String>>,
    pub survey_running: Memo<u64, Promise<Result<Vec<SubjectRow>, String>>>,
    /// Subjects shared with the survey worker without copying them each time.
    pub subjects: Memo<(u64, bool), Arc<Vec<Json>>>,
    /// The body's syntax colouring, keyed by the body's revision.
    pub highlight: Memo<u64, Tokens>,
}
