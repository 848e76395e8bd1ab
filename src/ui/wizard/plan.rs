//! Step 5 · Plan: read from the account as the step opens: what exists now, then each step apply
//! would take with its exact call (the key masked).

use egui::{RichText, Ui};

use super::Step;
use super::widgets::{change_colour, code};
use crate::app::wizard::{WizardCommand, WizardStep};
use crate::ui::UiExt as _;
use crate::ui::theme::space;

pub fn ui(s: &mut Step<'_>, ui: &mut Ui) {
    let i18n = s.i18n;
    let idle = s.wizard.running.is_none();
    ui.horizontal(|ui| {
        if ui
            .add_enabled(idle, egui::Button::new(i18n.tr("wizard-refresh-plan")))
            .clicked()
        {
            s.push(WizardCommand::Plan);
        }
        let ready = s.wizard.plan.as_ref().is_some_and(|r| r.ok());
        if ui
            .add_enabled(
                ready && idle,
                egui::Button::new(i18n.tr("wizard-apply-now")),
            )
            .clicked()
        {
            s.push(WizardCommand::Apply);
            s.push(WizardCommand::Go(WizardStep::Apply));
        }
    });
    let Some(report) = &s.wizard.plan else {
        if !idle {
            ui.weak(i18n.tr("wizard-reading"));
        }
        return;
    };
    ui.add_space(space::XS);
    ui.strong(i18n.tr("wizard-exists-now"));
    for n in &report.now {
        ui.label(RichText::new(i18n.message(n)).monospace());
    }
    ui.add_space(space::S);
    ui.strong(i18n.tr("wizard-will-do"));
    if report.plan.is_noop() && report.ok() {
        ui.ok_label(i18n.tr("wizard-nothing-to-change"));
    }
    for b in &report.plan.blockers {
        ui.error_label(i18n.message(b));
        if b.id() == "setup-other-kind" {
            ui.weak(i18n.tr("wizard-remove-first"));
        }
    }
    if let Some(f) = report.failure.as_ref().filter(|_| !report.plan.blocked()) {
        ui.error_label(i18n.message(f));
    }
    for step in &report.plan.steps {
        ui.add_space(space::XXS);
        ui.label(
            RichText::new(i18n.message(&step.headline()))
                .strong()
                .color(change_colour(ui, step.change)),
        );
        for d in &step.details {
            ui.label(RichText::new(format!("    {}", i18n.message(d))).monospace());
        }
        if let Some(call) = &step.call {
            // The webhook's call shows first: it carries the key, masked.
            egui::CollapsingHeader::new(
                RichText::new(format!("{} {}", call.method, call.path)).monospace(),
            )
            .id_salt(("wizard_call", step.resource.name()))
            .default_open(step.resource == crate::setup::Resource::Webhook)
            .show(ui, |ui| match &call.body {
                Some(body) => code(
                    ui,
                    RichText::new(serde_json::to_string_pretty(body).unwrap_or_default()).small(),
                ),
                None => {
                    ui.weak(i18n.tr("wizard-no-body"));
                }
            });
        }
    }
    for w in &report.plan.warnings {
        ui.warning_label(i18n.message(&w.message));
        if let Some(fix) = &w.fix {
            ui.weak(i18n.message(fix));
        }
    }
    for n in &report.plan.notes {
        ui.weak(i18n.message(n));
    }
}
