//! The native window: eframe's `App` for the app's state. `logic` runs the app's logic, `ui`
//! draws the frame; both stay a few lines. Fonts and the theme are installed here, once.

use super::theme::size;
use crate::app::{AppConfig, ZenbrazeApp};

/// The app on a window's creation context, with the fonts and theme installed.
pub fn create(cc: &eframe::CreationContext<'_>, config: AppConfig) -> ZenbrazeApp {
    build(&cc.egui_ctx, cc.storage, config)
}

/// The app on any egui context (`storage` holds what the last run remembered).
pub fn build(
    ctx: &egui::Context,
    storage: Option<&dyn eframe::Storage>,
    config: AppConfig,
) -> ZenbrazeApp {
    crate::app::startup_phase("window and graphics ready");
    super::theme::install_fonts(ctx);
    crate::app::startup_phase("fonts set");
    let app = ZenbrazeApp::build(ctx, storage, config);
    // After the app chose the theme preference: the visuals are adjusted per theme.
    super::theme::install_visuals(ctx);
    app
}

/// One frame: the app's logic, then its drawing (what eframe calls, callable without a window).
pub fn frame(app: &mut ZenbrazeApp, ui: &mut egui::Ui) {
    app.logic_step(ui.ctx());
    draw(app, ui);
}

/// One frame's drawing.
pub fn draw(app: &mut ZenbrazeApp, ui: &mut egui::Ui) {
    super::shell::ui(app, ui);
    app.frame_drawn();
}

impl eframe::App for ZenbrazeApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        static FIRST: std::sync::Once = std::sync::Once::new();
        FIRST.call_once(|| crate::app::startup_phase("first logic begins"));
        self.logic_step(ctx);
        static FIRST_END: std::sync::Once = std::sync::Once::new();
        FIRST_END.call_once(|| crate::app::startup_phase("first logic ends"));
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        draw(self, ui);
        trace_first_frame(ui.ctx());
    }

    /// UI state only (panel, selection, language, theme): never a secret, never the workspace.
    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, self.remembered_for_storage());
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.save_before_exit();
    }
}

/// `ZENBRAZE_STARTUP_TRACE=1` prints the cold start (process start to first frame) once;
/// `=exit` also closes the window.
fn trace_first_frame(ctx: &egui::Context) {
    static DONE: std::sync::Once = std::sync::Once::new();
    DONE.call_once(|| {
        if let (Ok(trace), Some(start)) = (
            std::env::var("ZENBRAZE_STARTUP_TRACE"),
            crate::app::process_start(),
        ) {
            eprintln!(
                "zenbraze: first frame {} ms after start",
                start.elapsed().as_millis()
            );
            if trace == "exit" {
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    });
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
        .with_inner_size(size::WINDOW)
        .with_min_inner_size(size::WINDOW_MIN);
    match eframe::icon_data::from_png_bytes(WINDOW_ICON) {
        Ok(icon) => viewport = viewport.with_icon(icon),
        Err(e) => eprintln!("zenbraze: the window icon cannot be read: {e}"),
    }
    let options = eframe::NativeOptions {
        viewport,
        persistence_path,
        ..Default::default()
    };
    crate::app::startup_phase("opening the window");
    eframe::run_native(
        "zenbraze",
        options,
        Box::new(|cc| Ok(Box::new(create(cc, AppConfig::desktop())))),
    )
}

/// The window's icon (assets/icons/zenbraze.svg, rendered by .ci/render-icons).
const WINDOW_ICON: &[u8] = include_bytes!("../../assets/icons/hicolor/256x256/apps/zenbraze.png");
