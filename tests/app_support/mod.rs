//! What the app's kittests share: an app on a temporary data directory and a memory secret
//! store, driven by egui_kittest on its real state, with a manual clock for the app's pauses
//! (autosave, long-body and survey debounces) and waits that follow events, never the clock:
//! a wait returns when a background thread wakes the UI (a job done, the sandbox changed, a
//! send moved on) or when a repaint the app asked for falls due.

#![allow(dead_code)]

use std::ops::{Deref, DerefMut};
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use egui_kittest::{Harness, HarnessBuilder};
use zenbraze::app::{AppConfig, Clock, ZenbrazeApp};
use zenbraze::i18n::Language;
use zenbraze::secrets::SessionStore;

/// How long the app pauses before it saves, in the tests' manual time.
pub const AUTOSAVE_DELAY: Duration = Duration::from_millis(800);

/// Only a stuck app waits this long: it ends a hung test with its name instead of hanging the
/// suite. No test's outcome depends on it.
const HANG_GUARD: Duration = Duration::from_secs(300);

// The temporary directories and the staging profile are the other tests' (tests/common).
#[path = "../common/mod.rs"]
mod common;
#[allow(unused_imports)]
pub use common::{TempDir, staging_profile, temp_dir};

pub fn config(dir: &Path, language: Language) -> AppConfig {
    AppConfig {
        workspace_path: dir.join("workspace.json"),
        profiles_path: Some(dir.join("profiles.json")),
        language: Some(language),
        start_sandbox: false,
        sandbox_state: None,
        store: Arc::new(SessionStore::new()),
        autosave_delay: AUTOSAVE_DELAY,
        history_path: Some(dir.join("history.jsonl")),
        ledger_path: Some(dir.join("published-blocks.json")),
        clock: Clock::manual(),
        render_gate: None,
        start_marker: None,
    }
}

/// Wake-ups of the UI: repaints asked for by other threads, and the earliest delayed repaint.
#[derive(Default)]
struct Wakeups {
    state: Mutex<WakeState>,
    changed: Condvar,
}

#[derive(Default)]
struct WakeState {
    /// Repaints asked for by a thread other than the test's (background work).
    count: u64,
    /// When the earliest repaint asked for with a delay falls due.
    due: Option<Instant>,
}

impl Wakeups {
    fn count(&self) -> u64 {
        self.state.lock().unwrap().count
    }

    fn note(&self, from_background: bool, delay: Duration) {
        let mut s = self.state.lock().unwrap();
        if delay.is_zero() {
            if !from_background {
                // The UI thread asks for its next frame itself: `run_ok` gives it.
                return;
            }
            s.count += 1;
        } else {
            let due = Instant::now() + delay;
            s.due = Some(s.due.map_or(due, |d| d.min(due)));
        }
        self.changed.notify_all();
    }

    /// Blocks until a background thread woke the UI after `seen`, or a delayed repaint is due.
    fn wait_after(&self, seen: u64, what: &str) {
        let started = Instant::now();
        let mut s = self.state.lock().unwrap();
        loop {
            if s.count > seen {
                return;
            }
            let now = Instant::now();
            if let Some(due) = s.due
                && due <= now
            {
                s.due = None;
                return;
            }
            let guard = started + HANG_GUARD;
            assert!(
                now < guard,
                "nothing moved for {HANG_GUARD:?} waiting for {what}"
            );
            let until = s.due.map_or(guard, |d| d.min(guard));
            s = self
                .changed
                .wait_timeout(s, until.saturating_duration_since(now))
                .unwrap()
                .0;
        }
    }
}

/// The app in a kittest harness, with its clock and its wake-ups.
pub struct TestApp {
    pub h: Harness<'static, ZenbrazeApp>,
    pub clock: Clock,
    wakeups: Arc<Wakeups>,
}

impl Deref for TestApp {
    type Target = Harness<'static, ZenbrazeApp>;
    fn deref(&self) -> &Self::Target {
        &self.h
    }
}

impl DerefMut for TestApp {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.h
    }
}

/// The app on `config`, in a 1400×900 harness. The bundled users include a Japanese name, beyond
/// the bundled fonts: the app draws a box for such glyphs (egui's default) where the harness
/// would panic.
pub fn open(config: AppConfig) -> TestApp {
    open_sized(config, egui::vec2(1400.0, 900.0))
}

pub fn open_sized(config: AppConfig, size: egui::Vec2) -> TestApp {
    open_built(config, size, |builder| builder)
}

/// As [`open_sized`], with the harness's builder adjusted first (the image snapshots choose
/// their renderer).
pub fn open_built(
    config: AppConfig,
    size: egui::Vec2,
    adjust: impl FnOnce(HarnessBuilder<ZenbrazeApp>) -> HarnessBuilder<ZenbrazeApp>,
) -> TestApp {
    open_on(
        config,
        adjust(Harness::builder().with_size(size).allow_missing_glyphs()),
    )
}

/// The app on `config` in the harness `builder` makes, as given: [`open`] and the others allow
/// missing glyphs, a test of the font fallback does not.
pub fn open_on(config: AppConfig, builder: HarnessBuilder<ZenbrazeApp>) -> TestApp {
    let clock = config.clock.clone();
    let h = builder.build_eframe(move |cc| zenbraze::ui::window::create(cc, config));
    let wakeups = Arc::new(Wakeups::default());
    let test_thread: ThreadId = std::thread::current().id();
    let observer = Arc::clone(&wakeups);
    h.ctx.set_repaint_observer(move |info| {
        observer.note(std::thread::current().id() != test_thread, info.delay);
    });
    TestApp { h, clock, wakeups }
}

/// The app on a fresh directory, its first frames drawn and its background work settled.
pub fn app(dir: &Path, language: Language) -> TestApp {
    let mut h = open(config(dir, language));
    h.settle();
    h
}

impl TestApp {
    /// Runs frames until `done`, waiting between them for the next event.
    pub fn step_until(&mut self, what: &str, done: impl Fn(&Harness<'_, ZenbrazeApp>) -> bool) {
        loop {
            let seen = self.wakeups.count();
            self.h.run_ok();
            if done(&self.h) {
                self.h.run_ok();
                return;
            }
            self.wakeups.wait_after(seen, what);
        }
    }

    /// Selects the published docs' body (the second preset: it has findings to list) and waits
    /// for its preview.
    pub fn select_docs_preset(&mut self) {
        self.h
            .state_mut()
            .push(zenbraze::app::Command::SelectPayload(1));
        self.h.run_ok();
        self.settle();
    }

    /// Until no background work runs (the preview is current, no job is pending).
    pub fn settle(&mut self) {
        self.step_until("the background work to finish", |h| !h.state().busy());
    }

    /// Moves the app's clock past its autosave pause and waits for the save.
    pub fn wait_saved(&mut self) {
        self.clock.advance(AUTOSAVE_DELAY);
        self.step_until("the autosave", |h| {
            !h.state().doc.is_dirty() && !h.state().doc.is_saving()
        });
    }

    /// Moves the app's clock past every pause in typing (long bodies, the all-samples view).
    pub fn pause_typing(&mut self) {
        self.clock.advance(Duration::from_secs(1));
    }

    /// Replaces the body as a paste would, and waits for its preview.
    pub fn set_body(&mut self, body: &str) {
        self.h
            .get_by_label("Body template")
            .set_text_value_accesskit(body);
        self.h.run_ok();
        self.settle();
    }

    pub fn click(&mut self, label: &str) {
        // A click on a disabled widget is lost, as a person's would be; a widget disabled while
        // background work runs (the import dialog reading its text) is waited for first.
        self.step_until(&format!("`{label}` to be enabled"), |h| {
            !h.get_by_label(label).accesskit_node().is_disabled()
        });
        self.h.get_by_label(label).click();
        self.h.run_ok();
    }

    /// Waits until some text containing `text` is on screen.
    pub fn wait_text(&mut self, text: &str) {
        let text = text.to_owned();
        self.step_until(&format!("`{text}` on screen"), |h| {
            h.query_all_by_label_contains(&text).next().is_some()
        });
    }

    /// Waits for the embedded sandbox and returns its address.
    pub fn wait_sandbox(&mut self) -> String {
        self.step_until("the embedded sandbox", |h| {
            h.state().sandbox_url().is_some()
        });
        self.h.state().sandbox_url().unwrap().to_owned()
    }

    /// Waits for a send to finish and its exchange to be shown.
    pub fn wait_sent(&mut self) {
        self.step_until("the send to finish", |h| {
            let c = &h.state().console;
            c.in_flight.is_none() && c.preparing.is_none() && c.shown.is_some()
        });
    }
}

/// Every label, value and description in the accessibility tree, but what text fields hold
/// (data the person typed, not the interface's words).
pub fn visible_texts(h: &Harness<'_, ZenbrazeApp>) -> Vec<String> {
    h.root()
        .children_recursive()
        .flat_map(|n| {
            let n = n.accesskit_node();
            let typed = matches!(
                n.role(),
                Role::TextInput | Role::MultilineTextInput | Role::TextRun
            );
            [n.label(), n.value().filter(|_| !typed), n.description()]
        })
        .flatten()
        .collect()
}

/// The app with its embedded sandbox running, and the sandbox's address.
pub fn app_with_sandbox(dir: &Path, language: Language) -> (TestApp, String) {
    let mut config = config(dir, language);
    config.start_sandbox = true;
    config.sandbox_state = Some(sandbox_state_file(dir));
    let mut h = open(config);
    let url = h.wait_sandbox();
    h.settle();
    (h, url)
}

/// Where [`app_with_sandbox`] keeps the sandbox's state, as the desktop keeps it in the data
/// directory.
pub fn sandbox_state_file(dir: &Path) -> std::path::PathBuf {
    dir.join("sandbox-state.json")
}

/// Waits until the sandbox of an app that was dropped has let go of its state file (its
/// connections and journal writer end on their own threads), as a closed app's process does.
pub fn wait_sandbox_released(dir: &Path) {
    let path = sandbox_state_file(dir);
    let started = Instant::now();
    loop {
        if zenbraze::durable::FileLock::try_acquire(&path)
            .unwrap()
            .is_some()
        {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the dropped app's sandbox still holds {}",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Replaces the sandbox's faults through its HTTP API.
pub fn inject(url: &str, faults: serde_json::Value) {
    let url = format!("{url}/__sandbox/faults");
    let status = zenbraze::net::block_on(async move {
        reqwest::Client::new()
            .post(url)
            .header("content-type", "application/json")
            .body(serde_json::json!({ "faults": faults }).to_string())
            .send()
            .await
            .map(|r| r.status().as_u16())
    });
    assert_eq!(status.unwrap(), 201);
}

/// Removes every fault.
pub fn clear_faults(url: &str) {
    let url = format!("{url}/__sandbox/faults");
    let status = zenbraze::net::block_on(async move {
        reqwest::Client::new()
            .delete(url)
            .header("content-type", "application/json")
            .send()
            .await
            .map(|r| r.status().is_success())
    });
    assert!(status.unwrap());
}

pub fn sandbox_state(url: &str) -> serde_json::Value {
    let url = format!("{url}/__sandbox/state");
    let text =
        zenbraze::net::block_on(
            async move { reqwest::get(url).await.unwrap().text().await.unwrap() },
        );
    serde_json::from_str(&text).unwrap()
}
