//! Step 8 · Braze → Zendesk: what to paste into Braze's webhook composer for a ticket template
//! (the email, never the token).

use egui::{RichText, Ui};

use super::Step;
use super::widgets::code;
use crate::profiles::Profile;
use crate::ui::UiExt as _;

pub fn ui(s: &mut Step<'_>, ui: &mut Ui) {
    let i18n = s.i18n;
    ui.label(i18n.tr("wizard-other-help"));
    if s.cx.braze_payloads.is_empty() {
        ui.weak(i18n.tr("wizard-other-none"));
        return;
    }
    let l = ui.label(i18n.tr("wizard-other-payload"));
    let shown =
        s.cx.braze_payloads
            .get(s.wizard.composer_payload)
            .cloned()
            .unwrap_or_default();
    egui::ComboBox::from_id_salt("wizard_composer_payload")
        .selected_text(shown)
        .show_ui(ui, |ui| {
            for (i, name) in s.cx.braze_payloads.iter().enumerate() {
                ui.selectable_value(&mut s.wizard.composer_payload, i, name);
            }
        })
        .response
        .labelled_by(l.id);
    let Some((_, settings)) = &s.cx.composer else {
        return;
    };
    let settings = match settings {
        Ok(settings) => settings,
        Err(e) => {
            ui.error_label(e.clone());
            return;
        }
    };
    // The warning before what it warns about: the sandbox's address is no use in Braze.
    if s.cx.profile.as_ref().is_some_and(Profile::is_sandbox) {
        ui.warning_label(i18n.tr("wizard-other-sandbox-note"));
    }
    let copy = i18n.tr("wizard-copy");
    let mut copied = None;
    egui::Grid::new("wizard_composer")
        .num_columns(3)
        .striped(true)
        .show(ui, |ui| {
            let mut row = |ui: &mut Ui, name: &str, value: &str| {
                ui.label(name);
                ui.label(RichText::new(value).monospace());
                if ui.small_button(copy).clicked() {
                    ui.ctx().copy_text(value.to_owned());
                    copied = Some(name.to_owned());
                }
                ui.end_row();
            };
            row(ui, i18n.tr("wizard-other-url"), &settings.url);
            row(ui, i18n.tr("wizard-other-method"), &settings.method);
            for (k, v) in &settings.headers {
                row(ui, k, v);
            }
        });
    ui.horizontal(|ui| {
        ui.strong(i18n.tr("wizard-other-body"));
        if ui.small_button(copy).clicked() {
            ui.ctx().copy_text(settings.body.clone());
            copied = Some(i18n.tr("wizard-other-body").to_owned());
        }
    });
    if let Some(what) = copied {
        // The clipboard shows nothing: say it worked, for a moment.
        s.out.push(crate::app::Command::Notify(crate::msg!(
            "copied-value",
            what = what
        )));
    }
    code(ui, RichText::new(&settings.body).small());
    ui.weak(i18n.tr("wizard-other-token-note"));
}
