//! The payload list: select, add, duplicate, delete, and add a preset.

use egui::Ui;

use crate::app::{Command, ZenbrazeApp};
use crate::workspace::Direction;

pub(super) fn list_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    ui.heading(app.tr("panel-payloads"));
    let mut chosen = None;
    for (i, p) in app.doc.workspace.payloads.iter().enumerate() {
        let arrow = app.i18n.tr(match p.direction {
            Direction::BrazeToZendesk => "direction-braze-to-zendesk",
            Direction::ZendeskToBraze => "direction-zendesk-to-braze",
        });
        let selected = i == app.remembered.payload;
        let r = ui.add(egui::Button::selectable(selected, &p.name));
        if r.on_hover_text(arrow).clicked() {
            chosen = Some(i);
        }
    }
    if let Some(i) = chosen {
        app.push(Command::SelectPayload(i));
    }
    ui.separator();
    ui.horizontal_wrapped(|ui| {
        if ui.button(app.tr("action-new")).clicked() {
            app.push(Command::NewPayload);
        }
        if ui.button(app.tr("action-duplicate")).clicked() {
            app.push(Command::DuplicatePayload);
        }
        if ui.button(app.tr("action-delete")).clicked() {
            app.push(Command::DeletePayload);
        }
    });
    ui.menu_button(app.tr("presets").to_owned(), |ui| {
        for (i, p) in crate::workspace::Workspace::presets(app.i18n)
            .payloads
            .iter()
            .enumerate()
        {
            if ui.button(&p.name).clicked() {
                app.push(Command::AddPreset(i));
                ui.close();
            }
        }
    });
}
