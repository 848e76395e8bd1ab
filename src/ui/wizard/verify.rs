//! Step 7 · Verify: Zendesk's webhook test with the body rendered for the sample ticket, and
//! Braze's answer; on the sandbox, the whole loop.

use egui::{RichText, Ui};

use super::Step;
use super::widgets::{code, ticket_combo};
use crate::app::wizard::WizardCommand;
use crate::msg;
use crate::ui::UiExt as _;

pub fn ui(s: &mut Step<'_>, ui: &mut Ui) {
    let i18n = s.i18n;
    ui.label(i18n.tr("wizard-verify-help"));
    ui.horizontal(|ui| {
        let l = ui.label(i18n.tr("wizard-sample-ticket"));
        ticket_combo(s.wizard, s.cx, ui).labelled_by(l.id);
        if ui
            .add_enabled(
                s.wizard.running.is_none(),
                egui::Button::new(i18n.tr("wizard-verify")),
            )
            .clicked()
        {
            s.push(WizardCommand::Verify);
        }
    });
    let Some(v) = &s.wizard.verified else {
        return;
    };
    if let Some(t) = &v.test {
        let text = i18n.message(&msg!(
            "wizard-test-answer",
            status = t.status_code.to_string()
        ));
        if (200..300).contains(&t.status_code) {
            ui.ok_label(text);
        } else {
            ui.error_label(text);
        }
        code(ui, crate::api::pretty_body(&t.payload));
    }
    for l in &v.lines {
        ui.label(i18n.message(l));
    }
    if v.arrived {
        ui.ok_label(i18n.tr("wizard-loop-ok"));
    }
    if let Some(f) = &v.failure {
        ui.error_label(i18n.message(f));
    }
    if !v.body.is_empty() {
        egui::CollapsingHeader::new(i18n.tr("wizard-body-sent"))
            .id_salt("wizard_body_sent")
            .show(ui, |ui| {
                code(ui, RichText::new(crate::api::pretty_body(&v.body)).small());
            });
    }
}
