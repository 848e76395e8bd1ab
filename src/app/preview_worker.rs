//! The live preview, rendered and linted on a thread of its own, never on the UI thread. `logic`
//! sends the inputs of the current preview, keyed by a revision; the worker skips to the newest
//! request it has, renders it (re-parsing only the segment an edit changed, as `LivePreview`
//! does), and sends the result back. The panels draw the last result they have, marked as
//! updating while a newer one is on its way, so a body that renders for minutes, or one the
//! engine refuses, never stops the window from drawing or the person from fixing it.

use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::sync::{Arc, Condvar, Mutex};

use serde_json::Value as Json;

use crate::lint::Finding;
use crate::preview::{self, LivePreview, Preview, RenderedRequest};
use crate::target::Target;
use crate::template::{Dialect, Environment};

/// Everything one preview is computed from.
pub(crate) struct Inputs {
    /// Names these inputs: a new key means a new preview.
    pub key: u64,
    pub body: String,
    /// The sample (user or ticket) as JSON text, and as JSON for the request's templates.
    pub subject_text: String,
    pub subject: Option<Json>,
    pub dialect: Dialect,
    pub target: Option<Target>,
    pub env: Environment,
    /// Names the environment's version (its data revision and context).
    pub env_key: u64,
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    /// The Authorization header the profile will add, with a stand-in for the secret.
    pub credential: Option<(String, String)>,
}

/// What the worker sends back for one key.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub key: u64,
    /// None when the engine failed inside (a panic): shown as an internal error.
    pub preview: Option<Preview>,
    pub findings: Vec<Finding>,
    pub request: RenderedRequest,
}

/// Holds the worker before each render until opened. Tests close it to show that the window
/// draws, and the body can be edited, while a render has not even started.
#[derive(Clone, Default, Debug)]
pub struct RenderGate(Arc<(Mutex<Gate>, Condvar)>);

#[derive(Default, Debug)]
struct Gate {
    closed: bool,
    /// How many renders reached the gate.
    arrived: usize,
}

impl RenderGate {
    /// A gate that holds every render until [`RenderGate::open`].
    pub fn closed() -> RenderGate {
        let gate = RenderGate::default();
        gate.0.0.lock().map(|mut g| g.closed = true).ok();
        gate
    }

    pub fn open(&self) {
        if let Ok(mut g) = self.0.0.lock() {
            g.closed = false;
        }
        self.0.1.notify_all();
    }

    /// How many renders reached the gate so far.
    pub fn arrived(&self) -> usize {
        self.0.0.lock().map_or(0, |g| g.arrived)
    }

    /// Blocks until at least `n` renders reached the gate.
    pub fn wait_arrived(&self, n: usize) {
        let (lock, changed) = &*self.0;
        let Ok(mut g) = lock.lock() else { return };
        while g.arrived < n {
            g = match changed.wait(g) {
                Ok(g) => g,
                Err(_) => return,
            };
        }
    }

    fn pass(&self) {
        let (lock, changed) = &*self.0;
        let Ok(mut g) = lock.lock() else { return };
        g.arrived += 1;
        changed.notify_all();
        while g.closed {
            g = match changed.wait(g) {
                Ok(g) => g,
                Err(_) => return,
            };
        }
    }
}

pub(crate) struct PreviewWorker {
    ctx: egui::Context,
    gate: Option<RenderGate>,
    requests: Sender<Inputs>,
    results: Receiver<Rendered>,
    /// The key of the last request sent.
    requested: Option<u64>,
    current: Option<Rendered>,
}

impl PreviewWorker {
    pub fn start(ctx: &egui::Context, gate: Option<RenderGate>) -> PreviewWorker {
        let (requests, results) = spawn(ctx, gate.clone());
        PreviewWorker {
            ctx: ctx.clone(),
            gate,
            requests,
            results,
            requested: None,
            current: None,
        }
    }

    /// Asks for the preview of `inputs` unless it is the one already asked for.
    pub fn request(&mut self, inputs: Inputs) {
        if self.requested == Some(inputs.key) {
            return;
        }
        self.requested = Some(inputs.key);
        if let Err(mpsc::SendError(inputs)) = self.requests.send(inputs) {
            // The worker is gone (it never panics, but a thread can fail to start): start again.
            let (requests, results) = spawn(&self.ctx, self.gate.clone());
            self.requests = requests;
            self.results = results;
            let _ = self.requests.send(inputs);
        }
    }

    /// The key last asked for, whether or not its preview has arrived.
    pub fn requested(&self) -> Option<u64> {
        self.requested
    }

    /// Takes what the worker finished since the last frame; true when something arrived.
    pub fn poll(&mut self) -> bool {
        let mut arrived = false;
        loop {
            match self.results.try_recv() {
                Ok(rendered) => {
                    self.current = Some(rendered);
                    arrived = true;
                }
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => return arrived,
            }
        }
    }

    /// Blocks until the preview asked for last has arrived (benches and tests; the UI never
    /// waits for the worker).
    pub fn wait(&mut self) {
        while self.updating() {
            match self.results.recv() {
                Ok(rendered) => self.current = Some(rendered),
                Err(_) => return,
            }
        }
    }

    /// The last preview that arrived.
    pub fn current(&self) -> Option<&Rendered> {
        self.current.as_ref()
    }

    /// Whether a newer preview than the one shown is on its way.
    pub fn updating(&self) -> bool {
        self.requested.is_some() && self.requested != self.current.as_ref().map(|r| r.key)
    }
}

/// The worker thread: it lives as long as its `PreviewWorker` (the request channel closes).
fn spawn(ctx: &egui::Context, gate: Option<RenderGate>) -> (Sender<Inputs>, Receiver<Rendered>) {
    let (request_tx, request_rx) = mpsc::channel::<Inputs>();
    let (result_tx, result_rx) = mpsc::channel::<Rendered>();
    let ctx = ctx.clone();
    let started = std::thread::Builder::new()
        .name("zenbraze preview".into())
        .spawn(move || {
            let mut live = LivePreview::default();
            while let Ok(mut inputs) = request_rx.recv() {
                if let Some(gate) = &gate {
                    gate.pass();
                }
                // Only the newest request matters: the ones typed meanwhile are skipped.
                while let Ok(newer) = request_rx.try_recv() {
                    inputs = newer;
                }
                let rendered = render(&mut live, &inputs);
                if result_tx.send(rendered).is_err() {
                    return;
                }
                ctx.request_repaint();
            }
        });
    if started.is_err() {
        // No thread: the request channel is closed, and `request` tries again next time.
        return (mpsc::channel().0, result_rx);
    }
    (request_tx, result_rx)
}

/// One preview. A panic inside the engine becomes an error on screen, never a dead worker.
fn render(live: &mut LivePreview, inputs: &Inputs) -> Rendered {
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let preview = live
            .update_with(
                &inputs.body,
                &inputs.subject_text,
                inputs.dialect,
                inputs.target,
                &inputs.env,
                inputs.env_key,
            )
            .clone();
        let findings = live.findings().to_vec();
        let request = preview::render_request(
            &inputs.method,
            &inputs.url,
            &inputs.headers,
            inputs.credential.clone(),
            inputs.dialect,
            &inputs.env,
            inputs.subject.as_ref(),
            inputs.target,
        );
        (preview, findings, request)
    }));
    match outcome {
        Ok((preview, findings, request)) => Rendered {
            key: inputs.key,
            preview: Some(preview),
            findings,
            request,
        },
        Err(_) => {
            // What the engine held may be half-updated: start from nothing next time.
            *live = LivePreview::default();
            Rendered {
                key: inputs.key,
                preview: None,
                findings: Vec::new(),
                request: RenderedRequest {
                    url: Ok(String::new()),
                    headers: Vec::new(),
                    findings: Vec::new(),
                },
            }
        }
    }
}
