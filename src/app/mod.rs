//! The app's state and what it does, without drawing: `src/ui/` draws this state and pushes
//! [`Command`]s; the dependency goes ui → app only. Every frame, `logic` (in `logic.rs`) collects
//! background work, applies the queued commands and keeps the derived views current. Nothing
//! here blocks the UI thread on the network, the keyring, a large disk write, rendering or
//! linting: those run in background jobs (`jobs.rs`) and the preview's worker
//! (`preview_worker.rs`).
//!
//! By concern: `command` (what can be asked) and `apply` (the one match that carries it out),
//! `panel` (the window's panels), `edit` (workspace edits), `files` (save, open, export),
//! `send` (the console), `profiles` (connection profiles), `sandbox` (the embedded sandbox),
//! `import` (sample users from files, text or Braze), `wizard` (the setup wizard), `derived`
//! (memoised views), `queries` (what the panels read), `clock` (the pauses' clock), `json_text`
//! (typed JSON's errors in the person's language).

mod apply;
mod braze_blocks;
pub mod chooser;
pub mod clock;
pub mod command;
pub mod confirm;
mod derived;
mod edit;
mod files;
pub mod fonts;
pub mod import;
mod jobs;
pub use crate::i18n::json_text;
mod logic;
pub mod panel;
mod preview_worker;
pub mod profiles;
mod queries;
mod sandbox;
pub mod sandbox_view;
pub mod send;
pub mod start_guard;
pub mod state;
pub mod ticket_rules;
pub mod via_braze;
pub mod wizard;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub use clock::Clock;
pub use command::Command;
pub(crate) use derived::hash;
pub use derived::{LONG_BODY, LONG_BODY_PAUSE, PLAIN_BODY, SURVEY_PAUSE, Survey};
pub use import::{ImportDialog, ImportSource, Parsed};
pub use jobs::{Background, Checks};
pub use panel::Panel;
pub use preview_worker::RenderGate;
pub use sandbox::SandboxStatus;
pub use state::{
    ConsoleState, EditorState, NOTICE_LIFETIME, Notice, PathDialog, PathPurpose, PreviewTab,
    Remembered, SettingsState, ThemeChoice, UsersTab, UsersView,
};

use crate::i18n::{Catalogue, Language, Message};
use crate::profiles::Profiles;
use crate::secrets::SecretStore;
use crate::workspace::document::Document;

/// Where the app keeps things and what it talks to: the real paths and OS keyring on the
/// desktop, temporary ones and a memory store in tests.
pub struct AppConfig {
    pub workspace_path: PathBuf,
    pub profiles_path: Option<PathBuf>,
    /// None follows the OS locale (or what Settings chose last time).
    pub language: Option<Language>,
    pub start_sandbox: bool,
    /// Where the embedded sandbox keeps its state between runs (the data directory on the
    /// desktop); none keeps it in memory.
    pub sandbox_state: Option<PathBuf>,
    pub store: Arc<dyn SecretStore>,
    /// How long the person must pause before the workspace is saved.
    pub autosave_delay: Duration,
    /// Where sends are recorded (masked); none keeps no history.
    pub history_path: Option<PathBuf>,
    /// What zenbraze last published to Braze as Content Blocks (`publish::Ledger`); none keeps
    /// no record (every block then counts as someone else's).
    pub ledger_path: Option<PathBuf>,
    /// The pauses' clock: the system's on the desktop, a manual one in tests.
    pub clock: Clock,
    /// Holds each preview render until opened: tests use it to show the window never waits
    /// for one. None on the desktop.
    pub render_gate: Option<RenderGate>,
    /// The marker of a start that has not rendered yet (`start_guard`); none keeps no marker.
    pub start_marker: Option<PathBuf>,
}

impl AppConfig {
    /// The desktop: the data directory, the OS keyring (the session store when there is none).
    pub fn desktop() -> AppConfig {
        let workspace_path = crate::workspace::file::default_path()
            .unwrap_or_else(|| PathBuf::from("zenbraze-workspace.json"));
        AppConfig {
            workspace_path,
            profiles_path: crate::paths::profiles_file(),
            language: None,
            start_sandbox: true,
            sandbox_state: crate::paths::sandbox_state_file(),
            store: Arc::new(crate::secrets::Keyring::os()),
            autosave_delay: Duration::from_millis(800),
            history_path: crate::paths::history_file(),
            ledger_path: crate::paths::published_blocks_file(),
            clock: Clock::system(),
            render_gate: None,
            start_marker: crate::paths::start_marker_file(),
        }
    }
}

/// When the process started, for `ZENBRAZE_STARTUP_TRACE` (cold start to first frame).
static PROCESS_START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Called first thing in `main`.
pub fn mark_process_start() {
    PROCESS_START.get_or_init(std::time::Instant::now);
}

/// Work started once the first frame is drawn.
type AfterFirstFrame = Box<dyn FnOnce(&egui::Context) + Send>;

impl ZenbrazeApp {
    /// Called after each frame is drawn: the first one starts what waited for it.
    pub fn frame_drawn(&mut self) {
        if !self.after_first_frame.is_empty() {
            for start in std::mem::take(&mut self.after_first_frame) {
                start(&self.ctx);
            }
            self.ctx.request_repaint();
        }
    }
}

impl Drop for ZenbrazeApp {
    /// The font provider holds the context: removed, so that a closed app frees it.
    fn drop(&mut self) {
        fonts::uninstall(&self.ctx);
    }
}

/// With `ZENBRAZE_STARTUP_TRACE` set, prints how long after the process started `phase` ended
/// (a developer's trace of the cold start, on stderr; `benches/window.sh` reads the first frame).
pub fn startup_phase(phase: &str) {
    if let Some(start) = process_start()
        && std::env::var_os("ZENBRAZE_STARTUP_TRACE").is_some()
    {
        eprintln!(
            "zenbraze: {phase} {} ms after start",
            start.elapsed().as_millis()
        );
    }
}

/// When the process started, if `main` said.
pub fn process_start() -> Option<std::time::Instant> {
    PROCESS_START.get().copied()
}

pub struct ZenbrazeApp {
    /// The context the app draws on, to wake it when a command is queued.
    ctx: egui::Context,
    pub(crate) config: AppConfig,
    pub(crate) clock: Clock,
    pub doc: Document,
    pub remembered: Remembered,
    pub i18n: &'static Catalogue,
    pub(crate) queue: Vec<Command>,
    pub sandbox: SandboxStatus,
    pub(crate) preview: preview_worker::PreviewWorker,
    pub(crate) derived: derived::Derived,
    pub editor: EditorState,
    pub users_view: UsersView,
    pub settings: SettingsState,
    pub profiles: Profiles,
    pub import: Option<ImportDialog>,
    pub path_dialog: Option<PathDialog>,
    pub palette: Option<state::Palette>,
    /// The file chooser: the system's (XDG portal) on the desktop; tests put a scripted one here.
    pub file_chooser: Arc<dyn chooser::FileChooser>,
    /// The system's fonts added as fallbacks (CJK, symbols), once the background search is done.
    pub fonts: fonts::Fallbacks,
    /// A destructive command waiting for "yes".
    pub confirm: Option<confirm::Confirmation>,
    pub notices: Vec<Notice>,
    pub console: ConsoleState,
    pub sandbox_view: state::SandboxView,
    pub wizard: wizard::WizardState,
    pub background: jobs::Background,
    /// Set when the last start stopped before its first preview: nothing is rendered until the
    /// person resumes (`Command::ResumePreviews`).
    pub previews_paused: Option<start_guard::UnfinishedStart>,
    pub(crate) start_guard: start_guard::StartGuard,
    /// Started once the first frame is drawn: the sandbox, the system font search.
    after_first_frame: Vec<AfterFirstFrame>,
}

impl ZenbrazeApp {
    /// The app on an egui context (`storage` holds what the last run remembered): opens the
    /// workspace (before the first frame), and starts the sandbox and the preview's worker in
    /// the background. `ui::window` adds the fonts and the theme.
    pub fn build(
        ctx: &egui::Context,
        storage: Option<&dyn eframe::Storage>,
        config: AppConfig,
    ) -> Self {
        let stored: Option<Remembered> =
            storage.and_then(|s| eframe::get_value(s, eframe::APP_KEY));
        let first_run = stored.is_none();
        let mut remembered = stored.unwrap_or_default();
        let language = config
            .language
            .or(remembered.language)
            .unwrap_or_else(Language::from_os);
        // Before anything renders: a marker the last start left means it stopped on the way.
        let (start_guard, previews_paused) =
            start_guard::StartGuard::arm(config.start_marker.as_deref(), &config.workspace_path);
        let mut doc = Document::open(&config.workspace_path);
        if doc.workspace == crate::workspace::Workspace::default() {
            // The untouched presets (a first start): named in the app's language.
            doc.workspace = crate::workspace::Workspace::presets(Catalogue::get(language));
        }
        startup_phase("workspace read");
        if first_run && !doc.workspace.contexts.is_empty() {
            // The presets' render context, so the first preview shows what a campaign sends.
            remembered.context = Some(0);
        }
        let (profiles, profile_notes) = match config.profiles_path.as_deref() {
            None => Default::default(),
            Some(path) => crate::profiles::load(path).map_or_else(
                |e| (Default::default(), vec![crate::i18n::Localize::message(&e)]),
                |p| (p, Vec::new()),
            ),
        };
        // What the first frame does not need starts once it is drawn (`frame_drawn`).
        let mut after_first_frame: Vec<AfterFirstFrame> = Vec::new();
        let sandbox = if config.start_sandbox {
            let (status, start) = SandboxStatus::start_later(config.sandbox_state.clone());
            after_first_frame.push(Box::new(start));
            status
        } else {
            SandboxStatus::Off
        };
        ctx.set_theme(remembered.theme.preference());
        // Characters the bundled fonts lack (CJK names, symbols): the system's fonts, found and
        // read off the UI thread; the CJK one now only if the workspace has CJK text.
        let (fonts, install_fonts) =
            fonts::install_later(fonts::workspace_needs_cjk(&doc.workspace));
        after_first_frame.push(Box::new(install_fonts));
        let preview = preview_worker::PreviewWorker::start(ctx, config.render_gate.clone());
        let mut app = ZenbrazeApp {
            ctx: ctx.clone(),
            clock: config.clock.clone(),
            config,
            doc,
            i18n: Catalogue::get(language),
            remembered,
            queue: Vec::new(),
            sandbox,
            preview,
            derived: derived::Derived::default(),
            editor: EditorState::default(),
            users_view: UsersView::default(),
            settings: SettingsState::default(),
            profiles,
            import: None,
            path_dialog: None,
            palette: None,
            confirm: None,
            fonts,
            file_chooser: Arc::new(chooser::SystemChooser),
            notices: Vec::new(),
            console: ConsoleState::default(),
            sandbox_view: state::SandboxView::default(),
            wizard: wizard::WizardState::default(),
            background: jobs::Background::default(),
            previews_paused,
            start_guard,
            after_first_frame,
        };
        // The wizard's default name, in the person's language.
        app.wizard.spec.name = app.i18n.tr("wizard-default-name").to_owned();
        if let Some(path) = &app.config.history_path {
            // Newest first; a few hundred KB at most before the first frame.
            let (mut entries, _) = crate::send::history::load(path);
            entries.reverse();
            app.console.history = entries;
        }
        for note in profile_notes {
            app.notify(true, note);
        }
        app.clamp_selection();
        app.announce_opening();
        startup_phase("app built");
        app
    }

    /// One frame's logic (what `eframe::App::logic` does), callable without a window.
    pub fn logic_step(&mut self, ctx: &egui::Context) {
        self.run_logic(ctx);
    }

    /// Queues a command; it is applied in the next `logic`, as buttons and shortcuts are (and
    /// that frame is asked for now).
    pub fn push(&mut self, command: Command) {
        self.queue.push(command);
        self.ctx.request_repaint();
    }

    /// The clock the pauses are measured with.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// What the app remembers between runs, as eframe stores it (never a secret).
    pub fn remembered_for_storage(&mut self) -> &Remembered {
        self.remembered.language = Some(self.i18n.language());
        &self.remembered
    }

    /// Saves the last edits before the window goes (the only save on the UI thread). A window
    /// closed by the person ends the start cleanly, unless previews are still paused: then the
    /// body was never shown to render, and the next start pauses too.
    pub fn save_before_exit(&mut self) {
        if self.previews_paused.is_none() {
            self.start_guard.disarm();
        }
        if self.doc.is_dirty()
            && let Some(job) = self.doc.begin_save()
        {
            let result = job.run();
            self.doc.finish_save(job.revision, result);
        }
    }

    /// Takes away the notices whose time is up, and asks for a frame when the next one's is.
    pub(crate) fn expire_notices(&mut self, ctx: &egui::Context) {
        let now = self.clock.now();
        self.notices
            .retain(|n| n.error || now.duration_since(n.shown_at) < state::NOTICE_LIFETIME);
        let next = self
            .notices
            .iter()
            .filter(|n| !n.error)
            .map(|n| state::NOTICE_LIFETIME.saturating_sub(now.duration_since(n.shown_at)))
            .min();
        if let Some(left) = next {
            ctx.request_repaint_after(left);
        }
    }

    /// Shows a notice (the last five stay).
    pub(crate) fn notify(&mut self, error: bool, text: Message) {
        self.notices.push(Notice {
            error,
            text,
            shown_at: self.clock.now(),
        });
        if self.notices.len() > 5 {
            self.notices.remove(0);
        }
    }
}

#[cfg(test)]
mod tests;
