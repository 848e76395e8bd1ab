//! The frame around the panels: navigation, the workspace menu, notices, the status bar, and
//! the dialogs that float over everything. The top bar and the menu are built from the
//! commands' own names and shortcuts (`app::command`), so nothing here repeats them.

use egui::{RichText, Ui};

use super::UiExt as _;
use super::payloads::mark_pane;
use super::theme;
use crate::app::command::WORKSPACE_MENU;
use crate::app::{Command, Panel, SandboxStatus, ZenbrazeApp};
use crate::msg;

pub fn ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    egui::Panel::top("navigation").show(ui, |ui| {
        mark_pane(ui);
        navigation_ui(app, ui)
    });
    egui::Panel::bottom("status").show(ui, |ui| {
        mark_pane(ui);
        status_ui(app, ui)
    });
    // The recovery takes its own row (it asks for a decision); notices float over the
    // panels' bottom-right corner, so they never take height from the editor.
    if let Some(r) = app.doc.recovery() {
        let text = app.say(&msg!(
            "recovery-title",
            path = r.original.display().to_string()
        ));
        egui::Panel::bottom("recovery").show(ui, |ui| {
            mark_pane(ui);
            ui.error_label(text);
        });
    }
    if !app.remembered.started {
        egui::Panel::top("start").show(ui, |ui| {
            mark_pane(ui);
            start_ui(app, ui)
        });
    }
    let panel = app.remembered.panel;
    egui::CentralPanel::default().show(ui, |ui| {
        mark_pane(ui);
        panel_ui(app, ui, panel)
    });
    let ctx = ui.ctx().clone();
    if !app.notices.is_empty() {
        let above_status = egui::vec2(-theme::space::S, -theme::size::NOTICES_ABOVE_BOTTOM);
        egui::Area::new(egui::Id::unique("notices"))
            .order(egui::Order::Foreground)
            .anchor(egui::Align2::RIGHT_BOTTOM, above_status)
            .show(&ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_max_width(theme::size::NOTICES_WIDTH);
                    notices_ui(app, ui)
                });
            });
    }
    super::dialogs::palette_ui(app, &ctx);
    super::dialogs::path_ui(app, &ctx);
    super::dialogs::confirm_ui(app, &ctx);
    super::import::ui(app, &ctx);
}

/// Each panel's module: the one place a panel is tied to what draws it. The match is
/// exhaustive, so a new `Panel` does not compile until its module is named here.
pub fn panel_ui(app: &mut ZenbrazeApp, ui: &mut Ui, panel: Panel) {
    match panel {
        Panel::Payloads => super::payloads::ui(app, ui),
        Panel::Users => super::users::ui(app, ui),
        Panel::Console => super::console::ui(app, ui),
        Panel::Wizard => super::wizard::ui(app, ui),
        Panel::Sandbox => super::sandbox::ui(app, ui),
        Panel::Settings => super::settings::ui(app, ui),
    }
}

/// A button for a named command: its name and shortcut come from the command.
pub fn command_button(app: &ZenbrazeApp, ui: &Ui, command: &Command) -> egui::Button<'static> {
    let label = command.label_key().map_or("", |k| app.tr(k)).to_owned();
    let mut b = egui::Button::new(label);
    if let Some(s) = command.shortcut() {
        b = b.shortcut_text(ui.ctx().format_shortcut(&s));
    }
    b
}

fn navigation_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    // Wrapped: a panel more, or a longer language, takes a second row instead of pushing the
    // menu and the palette's button out of a narrow window.
    ui.horizontal_wrapped(|ui| {
        ui.strong("zenbraze");
        ui.separator();
        for panel in Panel::ALL {
            let command = Command::Show(*panel);
            let selected = app.remembered.panel == *panel;
            let mut response = ui.add(egui::Button::selectable(
                selected,
                app.tr(panel.label_key()),
            ));
            if let Some(s) = command.shortcut() {
                response = response.on_hover_text(ui.ctx().format_shortcut(&s));
            }
            if response.clicked() {
                app.push(command);
            }
        }
        ui.separator();
        ui.menu_button(app.tr("menu-workspace").to_owned(), |ui| {
            for command in WORKSPACE_MENU {
                if ui.add(command_button(app, ui, command)).clicked() {
                    app.push(command.clone());
                    ui.close();
                }
            }
        });
        if ui
            .add(command_button(app, ui, &Command::OpenPalette))
            .clicked()
        {
            app.push(Command::OpenPalette);
        }
    });
}

fn status_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    ui.horizontal(|ui| {
        let profile = app.active_profile_name().to_owned();
        ui.label(app.say(&msg!("status-profile", name = profile)));
        ui.separator();
        match &app.sandbox {
            SandboxStatus::Off => {
                ui.weak(app.tr("sandbox-off"));
            }
            SandboxStatus::Starting(_) => {
                ui.weak(app.tr("sandbox-starting"));
            }
            SandboxStatus::Running(s) => {
                ui.label(app.say(&msg!("sandbox-running", url = s.base_url().to_owned())));
            }
            SandboxStatus::Failed(e) => {
                ui.error_label(app.say(&msg!("sandbox-failed", error = e.clone())));
            }
        }
        ui.separator();
        let state = if app.doc.is_saving() {
            "doc-saving"
        } else if app.doc.last_error().is_some() {
            "doc-save-failed"
        } else if app.doc.is_dirty() {
            "doc-unsaved"
        } else if !app.doc.is_on_disk() {
            // Nothing written yet: "Saved" would be a promise the disk does not keep.
            "doc-not-saved-yet"
        } else {
            "doc-saved"
        };
        ui.weak(format!("{} · {}", app.tr(state), app.doc.path().display()));
    });
}

fn notices_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
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
            let text = app.say(&n.text);
            if n.error {
                ui.error_label(text);
            } else {
                ui.label(RichText::new(text));
            }
        });
    }
    if let Some(i) = dismiss {
        app.notices.remove(i);
    }
}

/// The first launch's card: what the tool is for, as three journeys. Taking one, or closing the
/// card, puts it away for good.
fn start_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    ui.horizontal_wrapped(|ui| {
        ui.strong(app.tr("start-title"));
        let journeys = [
            ("start-preview", "start-preview-hint"),
            ("start-send", "start-send-hint"),
            ("start-setup", "start-setup-hint"),
        ];
        for (i, (label, hint)) in journeys.into_iter().enumerate() {
            if ui
                .button(app.tr(label))
                .on_hover_text(app.tr(hint))
                .clicked()
            {
                app.push(Command::StartJourney(i));
            }
        }
        if ui
            .small_button("×")
            .on_hover_text(app.tr("start-close"))
            .clicked()
        {
            app.push(Command::CloseStart);
        }
    });
}
