//! Step 6 · Apply: category → webhook → trigger, rolled back on failure; or remove what this
//! name created.

use egui::Ui;

use super::Step;
use super::widgets::report_lines;
use crate::app::wizard::WizardCommand;
use crate::ui::UiExt as _;

pub fn ui(s: &mut Step<'_>, ui: &mut Ui) {
    let i18n = s.i18n;
    ui.label(i18n.tr("wizard-apply-help"));
    ui.horizontal(|ui| {
        let idle = s.wizard.running.is_none();
        if ui
            .add_enabled(idle, egui::Button::new(i18n.tr("wizard-apply-now")))
            .clicked()
        {
            s.push(WizardCommand::Apply);
        }
        if ui
            .add_enabled(idle, egui::Button::new(i18n.tr("wizard-remove")))
            .on_hover_text(i18n.tr("wizard-remove-help"))
            .clicked()
        {
            s.push(WizardCommand::Remove);
        }
    });
    if let Some(r) = &s.wizard.applied {
        if r.ok() && !r.changed() {
            ui.ok_label(i18n.tr("wizard-nothing-changed"));
        } else if r.ok() {
            ui.ok_label(i18n.tr("wizard-applied"));
        }
        report_lines(i18n, r, ui);
    }
    if let Some(r) = &s.wizard.removed {
        ui.strong(i18n.tr("wizard-removed"));
        report_lines(i18n, r, ui);
        // What it kept (the trigger's category, which other triggers may use).
        for n in &r.plan.notes {
            ui.weak(i18n.message(n));
        }
    }
}
