//! The desktop app. This is the minimal editor + live preview; the full workbench (workspace,
//! users, console, wizard) builds on it. `logic` applies state changes, `ui` only draws.

use poll_promise::Promise;

use crate::lint::{Severity, Target};
use crate::net;
use crate::preview::{LivePreview, Preview};
use crate::sandbox::{DEMO_ADMIN_EMAIL, Sandbox};
use crate::template::{Dialect, Environment};

pub const SAMPLE_TEMPLATE: &str = include_str!("../../assets/presets/ticket.liquid");
pub const SAMPLE_USER: &str = include_str!("../../assets/examples/user.json");

pub struct ZenbrazeApp {
    template: String,
    user: String,
    dialect: Dialect,
    /// What the body is linted against; none turns the linter off.
    target: Option<Target>,
    env: Environment,
    preview: LivePreview,
    sandbox: SandboxStatus,
}

/// The embedded sandbox, started in the background at launch.
enum SandboxStatus {
    Off,
    Starting(Promise<Result<Sandbox, String>>),
    Running(Sandbox),
    Failed(String),
}

impl SandboxStatus {
    /// Starts it on the shared runtime; the UI thread only polls.
    fn start(ctx: &egui::Context) -> Self {
        let (sender, promise) = Promise::new();
        let ctx = ctx.clone();
        net::runtime().spawn(async move {
            let started = Sandbox::start_embedded().await.map_err(|e| e.to_string());
            sender.send(started);
            ctx.request_repaint();
        });
        SandboxStatus::Starting(promise)
    }

    fn poll(&mut self) {
        if !matches!(self, SandboxStatus::Starting(_)) {
            return;
        }
        let SandboxStatus::Starting(promise) = std::mem::replace(self, SandboxStatus::Off) else {
            return;
        };
        *self = match promise.try_take() {
            Ok(Ok(sandbox)) => SandboxStatus::Running(sandbox),
            Ok(Err(e)) => SandboxStatus::Failed(e),
            Err(pending) => SandboxStatus::Starting(pending),
        };
    }
}

impl Default for ZenbrazeApp {
    fn default() -> Self {
        Self {
            template: SAMPLE_TEMPLATE.to_owned(),
            user: SAMPLE_USER.to_owned(),
            dialect: Dialect::Braze,
            target: Some(Target::ZendeskTicket),
            env: Environment::new(),
            preview: LivePreview::default(),
            sandbox: SandboxStatus::Off,
        }
    }
}

impl ZenbrazeApp {
    /// The app with its embedded sandbox starting in the background.
    pub fn new(cc: &eframe::CreationContext<'_>) -> Self {
        Self {
            sandbox: SandboxStatus::start(&cc.egui_ctx),
            ..Self::default()
        }
    }

    /// The sandbox's base URL once it runs.
    pub fn sandbox_url(&self) -> Option<&str> {
        match &self.sandbox {
            SandboxStatus::Running(s) => Some(s.base_url()),
            _ => None,
        }
    }

    fn status_ui(&self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| match &self.sandbox {
            SandboxStatus::Off => {
                ui.weak("Sandbox off");
            }
            SandboxStatus::Starting(_) => {
                ui.weak("Sandbox starting…");
            }
            SandboxStatus::Running(s) => {
                ui.label(format!("Sandbox {}", s.base_url()));
                ui.weak(format!("Zendesk {DEMO_ADMIN_EMAIL} · Braze sandbox key"));
            }
            SandboxStatus::Failed(e) => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!("Sandbox not running: {e}"),
                );
            }
        });
    }

    fn editor_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let label = ui.label("Dialect");
            egui::ComboBox::from_id_salt("dialect")
                .selected_text(self.dialect.name())
                .show_ui(ui, |ui| {
                    for d in Dialect::ALL {
                        ui.selectable_value(&mut self.dialect, d, d.name());
                    }
                })
                .response
                .labelled_by(label.id);
            let label = ui.label("Lint as");
            egui::ComboBox::from_id_salt("target")
                .selected_text(self.target.map_or("nothing", Target::name))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.target, None, "nothing");
                    for t in Target::ALL {
                        ui.selectable_value(&mut self.target, Some(t), t.name());
                    }
                })
                .response
                .labelled_by(label.id);
        });
        let label = ui.label("Template");
        let template = ui
            .add(
                egui::TextEdit::multiline(&mut self.template)
                    .code_editor()
                    .desired_rows(18)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        let label = ui.label("Sample user");
        let user = ui
            .add(
                egui::TextEdit::multiline(&mut self.user)
                    .code_editor()
                    .desired_rows(8)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        // The preview follows in the next frame's `logic`.
        if template.changed() || user.changed() {
            ui.ctx().request_repaint();
        }
    }

    fn findings_ui(&self, ui: &mut egui::Ui) {
        let findings = self.preview.findings();
        if findings.is_empty() {
            return;
        }
        ui.heading(format!("Findings ({})", findings.len()));
        for f in findings {
            let colour = match f.severity {
                Severity::Error => ui.visuals().error_fg_color,
                Severity::Warning => ui.visuals().warn_fg_color,
                Severity::Hint => ui.visuals().weak_text_color(),
            };
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(
                    colour,
                    format!("{} {}:{}", f.severity.name(), f.line, f.col),
                );
                ui.label(&f.message);
                if let Some(fix) = &f.fix {
                    ui.weak(format!("fix: {fix}"));
                }
            });
        }
        ui.separator();
    }

    fn preview_ui(&mut self, ui: &mut egui::Ui) {
        self.findings_ui(ui);
        ui.heading("Preview");
        let Some(preview) = self.preview.current() else {
            return;
        };
        egui::ScrollArea::vertical().show(ui, |ui| match preview {
            Preview::Output(text) => {
                ui.add(egui::Label::new(egui::RichText::new(text).monospace()).selectable(true));
            }
            Preview::Aborted(reason) => {
                ui.label(format!("aborted: {}", reason.as_deref().unwrap_or("")));
            }
            Preview::TemplateError(e) => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!("line {}:{}: {}", e.line, e.col, e.message),
                );
            }
            Preview::SubjectError(e) => {
                ui.colored_label(ui.visuals().error_fg_color, format!("sample user: {e}"));
            }
        });
    }
}

impl eframe::App for ZenbrazeApp {
    /// Re-renders and re-lints only when an input changed (memoised in `LivePreview`).
    fn logic(&mut self, _ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.sandbox.poll();
        self.preview.update(
            &self.template,
            &self.user,
            self.dialect,
            self.target,
            &self.env,
        );
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        egui::Panel::left("editor")
            .resizable(true)
            .default_size(620.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| self.editor_ui(ui));
            });
        egui::CentralPanel::default().show(ui, |ui| self.preview_ui(ui));
    }
}

/// Opens the window.
pub fn run_native() -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("zenbraze")
            .with_inner_size([1200.0, 800.0]),
        ..Default::default()
    };
    eframe::run_native(
        "zenbraze",
        options,
        Box::new(|cc| Ok(Box::new(ZenbrazeApp::new(cc)))),
    )
}
