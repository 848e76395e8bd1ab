//! The frame around the panels: navigation, the workspace menu, notices, the status bar, and
//! the dialogs that float over everything.

use egui::{RichText, Ui};

use super::UiExt as _;
use crate::app::{Command, Panel, PathPurpose, SandboxStatus, ZenbrazeApp, command};
use crate::i18n::arg;

pub fn ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    egui::Panel::top("navigation").show(ui, |ui| navigation_ui(app, ui));
    egui::Panel::bottom("status").show(ui, |ui| status_ui(app, ui));
    if !app.notices.is_empty() || app.doc.recovery().is_some() {
        egui::Panel::bottom("notices").show(ui, |ui| notices_ui(app, ui));
    }
    egui::CentralPanel::default().show(ui, |ui| match app.remembered.panel {
        Panel::Payloads => super::payloads::ui(app, ui),
        Panel::Users => super::users::ui(app, ui),
        Panel::Console => super::console::ui(app, ui),
        Panel::Wizard => super::wizard::ui(app, ui),
        Panel::Sandbox => super::sandbox::ui(app, ui),
        Panel::Settings => super::settings::ui(app, ui),
    });
    let ctx = ui.ctx().clone();
    super::dialogs::palette_ui(app, &ctx);
    super::dialogs::path_ui(app, &ctx);
    super::import::ui(app, &ctx);
}

fn navigation_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    ui.horizontal(|ui| {
        ui.strong("zenbraze");
        ui.separator();
        for panel in Panel::ALL {
            let selected = app.remembered.panel == panel;
            let mut response = ui.add(egui::Button::selectable(selected, app.tr(panel.key())));
            if let Some(s) = command::panel_shortcut(panel) {
                response = response.on_hover_text(ui.ctx().format_shortcut(&s));
            }
            if response.clicked() {
                app.push(Command::Show(panel));
            }
        }
        ui.separator();
        ui.menu_button(app.tr("menu-workspace").to_owned(), |ui| {
            let items = [
                (Command::Save, "cmd-save", Some(command::SAVE)),
                (
                    Command::Ask(PathPurpose::Open),
                    "cmd-open",
                    Some(command::OPEN),
                ),
                (
                    Command::Ask(PathPurpose::SaveAs),
                    "cmd-save-as",
                    Some(command::SAVE_AS),
                ),
                (Command::Ask(PathPurpose::Export), "cmd-export", None),
                (
                    Command::OpenImport,
                    "cmd-import-users",
                    Some(command::IMPORT),
                ),
            ];
            for (cmd, key, shortcut) in items {
                let mut b = egui::Button::new(app.tr(key));
                if let Some(s) = shortcut {
                    b = b.shortcut_text(ui.ctx().format_shortcut(&s));
                }
                if ui.add(b).clicked() {
                    app.push(cmd);
                    ui.close();
                }
            }
        });
        let palette = egui::Button::new(app.tr("cmd-palette"))
            .shortcut_text(ui.ctx().format_shortcut(&command::PALETTE));
        if ui.add(palette).clicked() {
            app.push(Command::OpenPalette);
        }
    });
}

fn status_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    ui.horizontal(|ui| {
        let profile = app.active_profile_name().to_owned();
        ui.label(app.i18n.format("status-profile", &[("name", arg(profile))]));
        ui.separator();
        match &app.sandbox {
            SandboxStatus::Off => {
                ui.weak(app.tr("sandbox-off"));
            }
            SandboxStatus::Starting(_) => {
                ui.weak(app.tr("sandbox-starting"));
            }
            SandboxStatus::Running(s) => {
                ui.label(
                    app.i18n
                        .format("sandbox-running", &[("url", arg(s.base_url().to_owned()))]),
                );
            }
            SandboxStatus::Failed(e) => {
                ui.error_label(
                    app.i18n
                        .format("sandbox-failed", &[("error", arg(app.i18n.message(e)))]),
                );
            }
        }
        ui.separator();
        let state = if app.doc.is_saving() {
            app.tr("doc-saving").to_owned()
        } else if app.doc.last_error().is_some() {
            app.tr("doc-save-failed").to_owned()
        } else if app.doc.is_dirty() {
            app.tr("doc-unsaved").to_owned()
        } else {
            app.tr("doc-saved").to_owned()
        };
        ui.weak(format!("{state} · {}", app.doc.path().display()));
    });
}

fn notices_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    if let Some(r) = app.doc.recovery() {
        ui.error_label(app.i18n.format(
            "recovery-title",
            &[("path", arg(r.original.display().to_string()))],
        ));
    }
    let mut dismiss = None;
    for (i, n) in app.notices.iter().enumerate() {
        ui.horizontal(|ui| {
            if ui
                .small_button("×")
                .on_hover_text(app.i18n.tr("dismiss"))
                .clicked()
            {
                dismiss = Some(i);
            }
            if n.error {
                ui.error_label(&n.text);
            } else {
                ui.label(RichText::new(&n.text));
            }
        });
    }
    if let Some(i) = dismiss {
        app.notices.remove(i);
    }
}
