//! Small pieces the wizard's steps share: code as written, the sample-ticket picker, a report's
//! lines, and a plan step's colour.

use egui::{Color32, RichText, Ui};

use super::StepContext;
use crate::app::wizard::WizardState;
use crate::i18n::Catalogue;
use crate::msg;
use crate::setup::{Change, Report};
use crate::ui::UiExt as _;
use crate::ui::theme::{self, space};

/// Text shown as written: monospace, indentation kept, selectable.
pub fn code(ui: &mut Ui, text: impl Into<RichText>) {
    ui.vertical(|ui| {
        ui.add(egui::Label::new(text.into().monospace()).selectable(true));
    });
}

/// The sample ticket the body is previewed and verified with.
pub fn ticket_combo(wizard: &mut WizardState, cx: &StepContext, ui: &mut Ui) -> egui::Response {
    let shown = cx.tickets.get(wizard.ticket).cloned().unwrap_or_default();
    egui::ComboBox::from_id_salt("wizard_ticket")
        .selected_text(shown)
        .show_ui(ui, |ui| {
            for (i, t) in cx.tickets.iter().enumerate() {
                ui.selectable_value(&mut wizard.ticket, i, t);
            }
        })
        .response
}

pub fn change_colour(ui: &Ui, change: Change) -> Color32 {
    let t = theme::tokens(ui);
    match change {
        Change::Create => t.ok,
        Change::Update | Change::Delete => t.warning,
        Change::Blocked => t.error,
        Change::Unchanged | Change::Absent => ui.visuals().weak_text_color(),
    }
}

/// What a run did, what failed, what was rolled back, and what exists afterwards.
pub fn report_lines(i18n: &Catalogue, report: &Report, ui: &mut Ui) {
    for l in &report.done {
        if l.ok {
            ui.ok_label(format!("✓ {}", i18n.message(&l.text)));
        } else {
            ui.error_label(format!("✗ {}", i18n.message(&l.text)));
        }
    }
    if let Some(f) = &report.failure {
        ui.error_label(i18n.message(f));
    }
    for l in &report.rolled_back {
        let text = i18n.message(&msg!("wizard-rolled-back", what = l.text.clone()));
        if l.ok {
            ui.warning_label(text);
        } else {
            ui.error_label(text);
        }
    }
    ui.add_space(space::XS);
    ui.strong(i18n.tr("wizard-exists-now"));
    for n in &report.now {
        ui.label(RichText::new(i18n.message(n)).monospace());
    }
}
