//! The setup wizard's place in the app: what it will create, from the Zendesk → Braze payload.

use egui::Ui;

use crate::app::{Command, ZenbrazeApp};
use crate::workspace::Direction;

pub fn ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    ui.heading(app.tr("panel-wizard"));
    ui.label(app.tr("wizard-help"));
    let mut chosen = None;
    for (i, p) in app.doc.workspace.payloads.iter().enumerate() {
        if p.direction == Direction::ZendeskToBraze && ui.link(&p.name).clicked() {
            chosen = Some(i);
        }
    }
    if let Some(i) = chosen {
        app.push(Command::SelectPayload(i));
        app.push(Command::Show(crate::app::Panel::Payloads));
    }
}
