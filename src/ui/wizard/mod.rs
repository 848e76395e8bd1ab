//! The setup wizard: the step bar, the current step (one module per step), Back / Next. Each
//! step edits the wizard's form and pushes commands; the flow (`app::wizard::flow`) decides what
//! they do, and the engine (`crate::setup`) does the work off the UI thread.

mod apply;
mod connection;
mod event;
mod other_direction;
mod plan;
mod trigger;
mod verify;
mod webhook;
mod widgets;

use egui::Ui;

use super::UiExt as _;
use super::theme::size;
use crate::app::wizard::{WizardCommand, WizardState, WizardStep};
use crate::app::{Command, ZenbrazeApp};
use crate::i18n::Catalogue;
use crate::profiles::{Profile, SANDBOX_PROFILE};
use crate::setup::composer::ComposerSettings;
use crate::workspace::Direction;

/// What the steps need from the rest of the app, read before the form is borrowed.
pub(super) struct StepContext {
    profile: Option<Profile>,
    profiles: Vec<String>,
    active: String,
    guard: Option<String>,
    tickets: Vec<String>,
    zendesk_payloads: Vec<(usize, String)>,
    braze_payloads: Vec<String>,
    composer: Option<(String, Result<ComposerSettings, String>)>,
}

/// What a step draws with: the language, the form, what it read from the app, and where its
/// commands go.
pub(super) struct Step<'a> {
    i18n: &'a Catalogue,
    wizard: &'a mut WizardState,
    cx: &'a StepContext,
    out: &'a mut Vec<Command>,
}

impl Step<'_> {
    fn push(&mut self, command: WizardCommand) {
        self.out.push(Command::Wizard(command));
    }

    fn tr(&self, key: &'static str) -> &str {
        self.i18n.tr(key)
    }
}

fn context(app: &ZenbrazeApp) -> StepContext {
    let payloads = &app.doc.workspace.payloads;
    StepContext {
        profile: app.active_profile(),
        profiles: std::iter::once(SANDBOX_PROFILE.to_owned())
            .chain(app.profiles.profiles.iter().map(|p| p.name.clone()))
            .collect(),
        active: app.active_profile_name().to_owned(),
        // Only the step that shows them reads the templates (bodies can be large).
        guard: (app.wizard.step == WizardStep::Trigger)
            .then(|| app.wizard_guard())
            .flatten(),
        tickets: app
            .doc
            .workspace
            .tickets
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let subject = t.pointer("/ticket/subject").and_then(|s| s.as_str());
                format!("{} · {}", i + 1, subject.unwrap_or("?"))
            })
            .collect(),
        zendesk_payloads: payloads
            .iter()
            .enumerate()
            .filter(|(_, p)| p.direction == Direction::ZendeskToBraze)
            .map(|(i, p)| (i, p.name.clone()))
            .collect(),
        braze_payloads: payloads
            .iter()
            .filter(|p| p.direction == Direction::BrazeToZendesk)
            .map(|p| p.name.clone())
            .collect(),
        composer: (app.wizard.step == WizardStep::OtherDirection)
            .then(|| app.wizard_composer())
            .flatten(),
    }
}

pub fn ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    let cx = context(app);
    let mut out = Vec::new();
    let ZenbrazeApp { i18n, wizard, .. } = app;
    let i18n: &Catalogue = i18n;

    ui.heading(i18n.tr("wizard-title"));
    ui.weak(i18n.tr("wizard-help"));
    ui.horizontal_wrapped(|ui| {
        for step in WizardStep::ALL {
            let text = format!("{} · {}", step.number(), i18n.tr(step.key()));
            if ui
                .add(egui::Button::selectable(wizard.step == step, text))
                .clicked()
            {
                out.push(Command::Wizard(WizardCommand::Go(step)));
            }
        }
    });
    ui.separator();
    for e in &wizard.errors {
        ui.error_label(i18n.message(e));
    }
    let footer = size::WIZARD_FOOTER_HEIGHT;
    egui::ScrollArea::vertical()
        .id_salt("wizard_step")
        .max_height((ui.available_height() - footer).max(size::WIZARD_STEP_MIN_HEIGHT))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let step = wizard.step;
            let mut s = Step {
                i18n,
                wizard,
                cx: &cx,
                out: &mut out,
            };
            match step {
                WizardStep::Connection => connection::ui(&mut s, ui),
                WizardStep::Event => event::ui(&mut s, ui),
                WizardStep::Trigger => trigger::ui(&mut s, ui),
                WizardStep::Webhook => webhook::ui(&mut s, ui),
                WizardStep::Plan => plan::ui(&mut s, ui),
                WizardStep::Apply => apply::ui(&mut s, ui),
                WizardStep::Verify => verify::ui(&mut s, ui),
                WizardStep::OtherDirection => other_direction::ui(&mut s, ui),
            }
        });
    ui.separator();
    ui.horizontal(|ui| {
        // Back is always there (greyed on the first step), so Next stays where it was: a second
        // click on Next never lands on Back.
        let previous = wizard.step.previous();
        if ui
            .add_enabled(
                previous.is_some(),
                egui::Button::new(i18n.tr("wizard-back")),
            )
            .clicked()
            && let Some(previous) = previous
        {
            out.push(Command::Wizard(WizardCommand::Go(previous)));
        }
        if let Some(next) = wizard.step.next()
            && ui.button(i18n.tr("wizard-next")).clicked()
        {
            out.push(Command::Wizard(WizardCommand::Go(next)));
        }
        if wizard.busy() {
            ui.spinner();
        }
    });
    for c in out {
        app.push(c);
    }
}
