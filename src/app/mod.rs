//! The desktop app. `logic` (in `logic.rs`) polls background work and applies the queued
//! commands; `ui` (in `src/ui/`) only draws and pushes commands. Nothing here blocks the UI
//! thread on the network, the keyring or a large disk write.

pub mod command;
mod jobs;
mod logic;
pub mod state;
pub mod wizard;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub use command::Command;
pub use jobs::SandboxStatus;
pub use state::{
    ConsoleState, EditorState, ImportDialog, ImportSource, Notice, Panel, PathDialog, PathPurpose,
    PreviewTab, Remembered, SettingsState, ThemeChoice, UsersTab, UsersView,
};

use crate::i18n::{Catalogue, Language};
use crate::preview::LivePreview;
use crate::secrets::SecretStore;
use crate::secrets::profiles::Profiles;
use crate::workspace::document::Document;

/// Where the app keeps things and what it talks to: the real paths and OS keyring on the
/// desktop, temporary ones and a memory store in tests.
pub struct AppConfig {
    pub workspace_path: PathBuf,
    pub profiles_path: Option<PathBuf>,
    /// None follows the OS locale (or what Settings chose last time).
    pub language: Option<Language>,
    pub start_sandbox: bool,
    pub store: Arc<dyn SecretStore>,
    /// How long the person must pause before the workspace is saved.
    pub autosave_delay: Duration,
    /// Where sends are recorded (masked); none keeps no history.
    pub history_path: Option<PathBuf>,
}

impl AppConfig {
    /// The desktop: the data directory, the OS keyring (the session store when there is none).
    pub fn desktop() -> AppConfig {
        let workspace_path = crate::workspace::file::default_path()
            .unwrap_or_else(|| PathBuf::from("zenbraze-workspace.json"));
        AppConfig {
            workspace_path,
            profiles_path: crate::secrets::paths::profiles_file(),
            language: None,
            start_sandbox: true,
            store: Arc::new(crate::secrets::Keyring::os()),
            autosave_delay: Duration::from_millis(800),
            history_path: crate::secrets::paths::history_file(),
        }
    }
}

/// When the process started, for `ZENBRAZE_STARTUP_TRACE` (cold start to first frame).
static PROCESS_START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Called first thing in `main`.
pub fn mark_process_start() {
    PROCESS_START.get_or_init(std::time::Instant::now);
}

pub struct ZenbrazeApp {
    /// Whether the first frame was drawn (for the startup trace).
    first_frame_done: bool,
    pub(crate) config: AppConfig,
    pub doc: Document,
    pub remembered: Remembered,
    pub i18n: &'static Catalogue,
    pub(crate) queue: Vec<Command>,
    pub sandbox: SandboxStatus,
    pub(crate) preview: LivePreview,
    pub(crate) derived: jobs::Derived,
    pub editor: EditorState,
    pub users_view: UsersView,
    pub settings: SettingsState,
    pub profiles: Profiles,
    pub import: Option<ImportDialog>,
    pub path_dialog: Option<PathDialog>,
    pub palette: Option<state::Palette>,
    pub notices: Vec<Notice>,
    pub console: ConsoleState,
    pub sandbox_view: state::SandboxView,
    pub wizard: wizard::WizardState,
    pub(crate) background: jobs::Background,
}

impl ZenbrazeApp {
    /// The app on the desktop, with its embedded sandbox starting in the background.
    pub fn new(cc: &eframe::CreationContext<'_>) -> Self {
        Self::with_config(cc, AppConfig::desktop())
    }

    /// Opens the workspace (before the first frame) and starts the sandbox in the background.
    pub fn with_config(cc: &eframe::CreationContext<'_>, config: AppConfig) -> Self {
        Self::build(&cc.egui_ctx, cc.storage, config)
    }

    /// The app on any egui context (`storage` holds what the last run remembered).
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
        let doc = Document::open(&config.workspace_path);
        if first_run && !doc.workspace.contexts.is_empty() {
            // The presets' render context, so the first preview shows what a campaign sends.
            remembered.context = Some(0);
        }
        let (profiles, profile_notes) = match config.profiles_path.as_deref() {
            None => Default::default(),
            Some(path) => crate::secrets::profiles::load(path)
                .map_or_else(|e| (Profiles::default(), vec![e]), |p| (p, Vec::new())),
        };
        let sandbox = if config.start_sandbox {
            SandboxStatus::start(ctx)
        } else {
            SandboxStatus::Off
        };
        crate::ui::theme::install(ctx, remembered.theme);
        crate::ui::theme::install_fonts(ctx);
        let mut app = ZenbrazeApp {
            first_frame_done: false,
            config,
            doc,
            i18n: Catalogue::get(language),
            remembered,
            queue: Vec::new(),
            sandbox,
            preview: LivePreview::default(),
            derived: jobs::Derived::default(),
            editor: EditorState::default(),
            users_view: UsersView::default(),
            settings: SettingsState::default(),
            profiles,
            import: None,
            path_dialog: None,
            palette: None,
            notices: Vec::new(),
            console: ConsoleState::default(),
            sandbox_view: state::SandboxView::default(),
            wizard: wizard::WizardState::default(),
            background: jobs::Background::default(),
        };
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
        app
    }

    /// One frame's drawing (what `eframe::App::ui` does), callable without a window.
    pub fn draw(&mut self, ui: &mut egui::Ui) {
        crate::ui::shell::ui(self, ui);
    }

    /// One frame's logic (what `eframe::App::logic` does), callable without a window.
    pub fn logic_step(&mut self, ctx: &egui::Context) {
        self.run_logic(ctx);
    }

    /// Queues a command; it is applied in the next `logic`, as buttons and shortcuts are.
    pub fn push(&mut self, command: Command) {
        self.queue.push(command);
    }

    /// The embedded sandbox once it runs.
    pub fn sandbox(&self) -> Option<&crate::sandbox::Sandbox> {
        match &self.sandbox {
            SandboxStatus::Running(s) => Some(s),
            _ => None,
        }
    }

    /// The sandbox's base URL once it runs.
    pub fn sandbox_url(&self) -> Option<&str> {
        match &self.sandbox {
            SandboxStatus::Running(s) => Some(s.base_url()),
            _ => None,
        }
    }

    /// Where secrets go, in the interface's language.
    pub fn config_store_name(&self) -> String {
        let key = if self.config.store.describe().contains("keyring") {
            "store-keyring"
        } else {
            "store-session"
        };
        self.i18n.tr(key).to_owned()
    }

    pub fn tr<'a>(&'a self, key: &'a str) -> &'a str {
        self.i18n.tr(key)
    }
}

impl eframe::App for ZenbrazeApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.run_logic(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.draw(ui);
        if !self.first_frame_done {
            self.first_frame_done = true;
            // `ZENBRAZE_STARTUP_TRACE=1` prints the cold start; `=exit` also closes the window.
            if let (Ok(trace), Some(start)) =
                (std::env::var("ZENBRAZE_STARTUP_TRACE"), PROCESS_START.get())
            {
                eprintln!(
                    "zenbraze: first frame {} ms after start",
                    start.elapsed().as_millis()
                );
                if trace == "exit" {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
        }
    }

    /// UI state only (panel, selection, language, theme): never a secret, never the workspace.
    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.remembered.language = Some(self.i18n.language());
        eframe::set_value(storage, eframe::APP_KEY, &self.remembered);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // The last edits, written before the window goes (the only save on the UI thread).
        if self.doc.is_dirty()
            && let Some(job) = self.doc.begin_save()
        {
            let result = job.run();
            self.doc.finish_save(job.revision, result);
        }
    }
}

/// Opens the window.
pub fn run_native() -> eframe::Result {
    // The app id names the desktop entry (Wayland finds the launcher and icon by it); what the
    // app remembers stays where it always was, beside the workspace.
    let persistence_path = eframe::storage_dir("zenbraze").map(|dir| {
        let _ = std::fs::create_dir_all(&dir);
        dir.join("app.ron")
    });
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("zenbraze")
        .with_app_id(crate::about::APP_ID)
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([720.0, 480.0]);
    match eframe::icon_data::from_png_bytes(WINDOW_ICON) {
        Ok(icon) => viewport = viewport.with_icon(icon),
        Err(e) => eprintln!("zenbraze: the window icon cannot be read: {e}"),
    }
    let options = eframe::NativeOptions {
        viewport,
        persistence_path,
        ..Default::default()
    };
    eframe::run_native(
        "zenbraze",
        options,
        Box::new(|cc| Ok(Box::new(ZenbrazeApp::new(cc)))),
    )
}

/// The window's icon (assets/icons/zenbraze.svg, rendered by .ci/render-icons).
const WINDOW_ICON: &[u8] = include_bytes!("../../assets/icons/hicolor/256x256/apps/zenbraze.png");

/// Reads a file off the UI thread (at most 64 MB, as UTF-8).
pub fn read_file(
    ctx: &egui::Context,
    path: PathBuf,
) -> poll_promise::Promise<Result<String, String>> {
    jobs::spawn_blocking(ctx, move || {
        let meta = std::fs::metadata(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        if meta.len() > 64 << 20 {
            return Err(format!("{}: larger than 64 MB", path.display()));
        }
        std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
    })
}
