//! The desktop app. This is the minimal editor + live preview; the full workbench (workspace,
//! users, console, wizard) builds on it. `logic` applies state changes, `ui` only draws.

use crate::preview::{LivePreview, Preview};
use crate::template::{Dialect, Environment};

pub const SAMPLE_TEMPLATE: &str = include_str!("../../assets/presets/ticket.liquid");
pub const SAMPLE_USER: &str = include_str!("../../assets/examples/user.json");

pub struct ZenbrazeApp {
    template: String,
    user: String,
    dialect: Dialect,
    env: Environment,
    preview: LivePreview,
}

impl Default for ZenbrazeApp {
    fn default() -> Self {
        Self {
            template: SAMPLE_TEMPLATE.to_owned(),
            user: SAMPLE_USER.to_owned(),
            dialect: Dialect::Braze,
            env: Environment::new(),
            preview: LivePreview::default(),
        }
    }
}

impl ZenbrazeApp {
    pub fn new(_cc: &eframe::CreationContext<'_>) -> Self {
        Self::default()
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
        });
        let label = ui.label("Template");
        ui.add(
            egui::TextEdit::multiline(&mut self.template)
                .code_editor()
                .desired_rows(18)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
        let label = ui.label("Sample user");
        ui.add(
            egui::TextEdit::multiline(&mut self.user)
                .code_editor()
                .desired_rows(8)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    }

    fn preview_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading("Preview");
        let preview = self
            .preview
            .update(&self.template, &self.user, self.dialect, &self.env);
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
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
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
