//! Step 4 · Webhook: what Zendesk will call, all from the profile; nothing to type but whether
//! to send a rotated key again.

use egui::{RichText, Ui};

use super::Step;
use crate::ui::theme::space;

pub fn ui(s: &mut Step<'_>, ui: &mut Ui) {
    let i18n = s.i18n;
    ui.label(i18n.tr("wizard-webhook-help"));
    let endpoint =
        s.cx.profile
            .as_ref()
            .and_then(|p| p.braze.as_ref())
            .and_then(|b| b.base().ok())
            .map_or_else(
                || i18n.tr("wizard-missing").to_owned(),
                |base| format!("{}/users/track", base.trim_end_matches('/')),
            );
    egui::Grid::new("wizard_webhook")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for (key, value) in [
                ("wizard-webhook-name", s.wizard.spec.name.clone()),
                ("wizard-webhook-endpoint", endpoint),
                ("wizard-webhook-method", "POST".to_owned()),
                ("wizard-webhook-format", "JSON".to_owned()),
                (
                    "wizard-webhook-auth",
                    i18n.tr("wizard-webhook-auth-value").to_owned(),
                ),
                (
                    "wizard-webhook-subscriptions",
                    "conditional_ticket_events".to_owned(),
                ),
            ] {
                ui.label(i18n.tr(key));
                ui.label(RichText::new(value).monospace());
                ui.end_row();
            }
        });
    ui.weak(i18n.tr("wizard-webhook-trap"));
    ui.add_space(space::S);
    ui.checkbox(&mut s.wizard.spec.resend_key, i18n.tr("wizard-resend-key"));
    ui.weak(i18n.tr("wizard-resend-key-help"));
}
