//! Step 8 · Braze → Zendesk: what to paste into Braze's webhook composer for a ticket template
//! (the email, never the token), and the body published as a Braze Content Block instead
//! (plan, publish, drift and force, retire, then the one line to paste).

use egui::{RichText, Ui};

use super::Step;
use super::widgets::code;
use crate::app::wizard::WizardCommand;
use crate::profiles::Profile;
use crate::publish::Status;
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
    // The two ways first, so the Content Block is not found only below the whole body.
    ui.horizontal(|ui| {
        ui.selectable_value(
            &mut s.wizard.block.chosen,
            false,
            i18n.tr("wizard-other-paste-tab"),
        );
        ui.selectable_value(
            &mut s.wizard.block.chosen,
            true,
            i18n.tr("wizard-other-block-tab"),
        );
    });
    ui.separator();
    if s.wizard.block.chosen {
        let payload = s.cx.braze_payloads.get(s.wizard.composer_payload).cloned();
        if let Some(payload) = payload {
            content_block(s, ui, &payload);
        }
        return;
    }
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

/// The body as a Content Block in the profile's Braze.
fn content_block(s: &mut Step<'_>, ui: &mut Ui, payload: &str) {
    let i18n = s.i18n;
    ui.label(i18n.tr("wizard-block-help"));
    if s.cx.profile.as_ref().is_none_or(|p| p.braze.is_none()) {
        ui.weak(i18n.tr("wizard-block-no-braze"));
        return;
    }
    let hint = crate::app::wizard::publish::default_block_name(payload);
    ui.labelled(i18n.tr("wizard-block-name"), |ui| {
        ui.add(egui::TextEdit::singleline(&mut s.wizard.block.name).hint_text(hint))
    });
    let idle = s.wizard.block.running.is_none();
    ui.horizontal(|ui| {
        if ui
            .add_enabled(idle, egui::Button::new(i18n.tr("wizard-block-plan")))
            .clicked()
        {
            s.push(WizardCommand::BlockPlan);
        }
        if ui
            .add_enabled(idle, egui::Button::new(i18n.tr("wizard-block-apply")))
            .clicked()
        {
            s.push(WizardCommand::BlockApply);
        }
        if ui
            .add_enabled(idle, egui::Button::new(i18n.tr("wizard-block-retire")))
            .clicked()
        {
            s.push(WizardCommand::BlockRetire);
        }
        if !idle {
            ui.spinner();
        }
    });
    let block = &s.wizard.block;
    if let Some(e) = &block.error {
        ui.error_label(i18n.message(e));
    }
    if let Some(done) = &block.done {
        ui.ok_label(i18n.message(done));
    }
    let mut force = false;
    if let Some(plan) = &block.plan {
        let headline = i18n.message(&plan.headline());
        if plan.needs_force() {
            ui.warning_label(headline);
        } else {
            ui.label(headline);
        }
        if !plan.diff.is_empty() {
            let head = match plan.status {
                Status::Drifted => "publish-diff-theirs",
                Status::NotOurs => "publish-diff-not-ours",
                _ => "publish-diff-ours",
            };
            ui.label(i18n.tr(head));
            let diff: Vec<String> = plan.diff.iter().map(|l| l.text()).collect();
            code(ui, RichText::new(diff.join("\n")).small());
            if crate::publish::whitespace_only(&plan.diff) {
                ui.weak(i18n.tr("publish-diff-whitespace"));
            }
        }
        if plan.reactivate {
            ui.label(i18n.tr("wizard-block-reactivate"));
        }
        if plan.is_noop() {
            ui.label(i18n.tr("publish-nothing-to-change"));
        }
        if plan.needs_force() {
            ui.label(i18n.tr("wizard-block-force-needed"));
            force = ui
                .add_enabled(idle, egui::Button::new(i18n.tr("wizard-block-force")))
                .clicked();
        }
    }
    if force {
        s.push(WizardCommand::BlockForce);
    }
    let Some((name, paste)) = &s.wizard.block.paste else {
        return;
    };
    ui.strong(i18n.tr("publish-paste-head"));
    let copy = i18n.tr("wizard-copy");
    let mut copied = None;
    egui::Grid::new("wizard_block_paste")
        .num_columns(3)
        .striped(true)
        .show(ui, |ui| {
            // Each with its Copy, as the composer's settings above.
            let mut row = |name: &str, value: &str| {
                ui.label(name);
                ui.add(egui::Label::new(RichText::new(value).monospace()).selectable(true));
                if ui.small_button(copy).clicked() {
                    ui.ctx().copy_text(value.to_owned());
                    copied = Some(name.to_owned());
                }
                ui.end_row();
            };
            row(i18n.tr("wizard-other-url"), &paste.url);
            row(i18n.tr("wizard-other-method"), &paste.method);
            for (k, v) in &paste.headers {
                row(k, v);
            }
            row(
                i18n.tr("wizard-other-body"),
                &crate::publish::liquid_tag(name),
            );
        });
    if let Some(what) = copied {
        s.out.push(crate::app::Command::Notify(crate::msg!(
            "copied-value",
            what = what
        )));
    }
    ui.weak(i18n.tr("wizard-other-token-note"));
}
