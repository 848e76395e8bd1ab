//! Step 1 · Connection: the profile whose Zendesk gets the webhook and trigger and whose Braze
//! receives the events, and a test of both services.

use egui::Ui;

use super::Step;
use crate::app::Command;
use crate::app::wizard::WizardCommand;
use crate::ui::UiExt as _;
use crate::ui::theme::space;

pub fn ui(s: &mut Step<'_>, ui: &mut Ui) {
    ui.label(s.tr("wizard-connection-help"));
    let mut change = None;
    egui::Grid::new("wizard_connection")
        .num_columns(2)
        .show(ui, |ui| {
            let l = ui.label(s.tr("wizard-profile"));
            let mut chosen = s.cx.active.clone();
            egui::ComboBox::from_id_salt("wizard_profile")
                .selected_text(&chosen)
                .show_ui(ui, |ui| {
                    for name in &s.cx.profiles {
                        ui.selectable_value(&mut chosen, name.clone(), name);
                    }
                })
                .response
                .labelled_by(l.id);
            if chosen != s.cx.active {
                change = Some(chosen.clone());
            }
            ui.end_row();
            if let Some(p) = &s.cx.profile {
                let missing = s.tr("wizard-missing").to_owned();
                ui.label("Zendesk");
                ui.label(p.zendesk.as_ref().map_or_else(
                    || missing.clone(),
                    |z| format!("{} ({})", z.describe(), z.email),
                ));
                ui.end_row();
                ui.label("Braze");
                ui.label(p.braze.as_ref().map_or(missing, |b| b.describe()));
                ui.end_row();
            }
        });
    ui.add_space(space::S);
    ui.horizontal(|ui| {
        let testing = s.wizard.checking.is_some();
        if ui
            .add_enabled(!testing, egui::Button::new(s.tr("wizard-test")))
            .clicked()
        {
            s.push(WizardCommand::TestConnection);
        }
        if testing {
            ui.spinner();
            if ui.button(s.tr("action-cancel")).clicked() {
                s.out.push(Command::CancelConnectionTest);
            }
        }
    });
    for (ok, line) in &s.wizard.checks {
        let line = s.i18n.message(line);
        if *ok {
            ui.ok_label(format!("✓ {line}"));
        } else {
            ui.error_label(format!("✗ {line}"));
        }
    }
    if let Some(name) = change {
        s.out.push(Command::SetActiveProfile(name));
    }
}
