//! Step 2 · Event: the names, the Braze event's properties and attribute updates from a form
//! (or a custom body), previewed for a sample ticket and linted (off the UI thread).

use egui::{RichText, Ui};

use super::Step;
use super::widgets::{code, ticket_combo};
use crate::app::wizard::WizardCommand;
use crate::lint::Severity;
use crate::msg;
use crate::setup::PLACEHOLDERS;
use crate::ui::UiExt as _;
use crate::ui::theme::{size, space};

pub fn ui(s: &mut Step<'_>, ui: &mut Ui) {
    let i18n = s.i18n;
    egui::Grid::new("wizard_names")
        .num_columns(2)
        .show(ui, |ui| {
            let l = ui.label(i18n.tr("wizard-name"));
            ui.text_edit_singleline(&mut s.wizard.spec.name)
                .labelled_by(l.id);
            ui.end_row();
            let l = ui.label(i18n.tr("wizard-event-name"));
            ui.add_enabled(
                !s.wizard.custom,
                egui::TextEdit::singleline(&mut s.wizard.spec.event.name),
            )
            .labelled_by(l.id);
            ui.end_row();
        });
    ui.weak(i18n.tr("wizard-name-help"));
    ui.add_space(space::XS);
    ui.horizontal(|ui| {
        ui.radio_value(&mut s.wizard.custom, false, i18n.tr("wizard-body-form"));
        ui.radio_value(&mut s.wizard.custom, true, i18n.tr("wizard-body-custom"));
    });
    ui.columns(2, |cols| {
        let ui = &mut cols[0];
        if s.wizard.custom {
            let start_from = i18n.tr("wizard-start-from");
            egui::ComboBox::from_id_salt("wizard_use_payload")
                .selected_text(start_from)
                .show_ui(ui, |ui| {
                    for (i, name) in &s.cx.zendesk_payloads {
                        if ui.selectable_label(false, name).clicked() {
                            s.out
                                .push(crate::app::Command::Wizard(WizardCommand::UseBody(*i)));
                        }
                    }
                })
                .response
                .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, start_from));
            ui.json_editor(
                i18n.tr("wizard-body"),
                &mut s.wizard.custom_body,
                size::WIZARD_BODY_ROWS,
            );
        } else {
            fields(s, false, ui);
            ui.add_space(space::S);
            fields(s, true, ui);
        }
        let ui = &mut cols[1];
        let l = ui.label(i18n.tr("wizard-sample-ticket"));
        ticket_combo(s.wizard, s.cx, ui).labelled_by(l.id);
        if s.wizard.preview_updating() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.weak(i18n.tr("preview-updating"));
            });
        }
        match &s.wizard.preview {
            Some((_, None)) => {
                ui.error_label(i18n.tr("engine-failed"));
            }
            Some((_, Some((body, findings)))) => {
                match body {
                    Ok(text) => code(ui, text.as_str()),
                    Err(e) => {
                        ui.error_label(e.clone());
                    }
                }
                if findings.is_empty() {
                    ui.ok_label(i18n.tr("wizard-no-findings"));
                }
                for (severity, f) in findings {
                    match severity {
                        Severity::Error => ui.error_label(f.clone()),
                        Severity::Warning => ui.warning_label(f.clone()),
                        Severity::Hint => ui.weak(f.clone()),
                    };
                }
                // The findings' line:column are in the template the form builds, which the
                // form itself never shows: here it is, its lines numbered.
                if !s.wizard.custom && !findings.is_empty() {
                    egui::CollapsingHeader::new(i18n.tr("wizard-built-body"))
                        .id_salt("wizard_built_body")
                        .show(ui, |ui| {
                            code(
                                ui,
                                RichText::new(numbered(&s.wizard.current_spec().event.body()))
                                    .small(),
                            );
                        });
                }
            }
            None => {}
        }
    });
}

/// `text` with each line's number before it, as the findings count them (from 1).
fn numbered(text: &str) -> String {
    text.lines()
        .enumerate()
        .map(|(i, line)| format!("{:>3}  {line}", i + 1))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The properties (or attribute updates) of the form: key, placeholder, remove.
fn fields(s: &mut Step<'_>, attribute: bool, ui: &mut Ui) {
    let i18n = s.i18n;
    let (heading, add, kind) = if attribute {
        ("wizard-attributes", "wizard-add-attribute", "attribute")
    } else {
        ("wizard-properties", "wizard-add-property", "property")
    };
    ui.strong(i18n.tr(heading));
    let list = if attribute {
        &mut s.wizard.spec.event.attributes
    } else {
        &mut s.wizard.spec.event.properties
    };
    let mut out = Vec::new();
    // Within the column at any width: the key and the placeholder give way, so the ✕ never
    // reaches the sample ticket and the preview beside them.
    let gap = ui.spacing().item_spacing.x;
    let room = (ui.available_width() - 3.0 * gap - size::WIZARD_REMOVE_BUTTON).max(0.0);
    let key_width = size::WIZARD_KEY_FIELD[0].min(room * 0.4);
    let placeholder_width = size::WIZARD_PLACEHOLDER_WIDTH.min(room - key_width);
    egui::Grid::new(format!("wizard_{kind}"))
        .num_columns(3)
        .show(ui, |ui| {
            for (i, f) in list.iter_mut().enumerate() {
                let key_label = i18n.message(&msg!("wizard-field-key", n = i + 1));
                ui.add_sized(
                    [key_width, size::WIZARD_KEY_FIELD[1]],
                    egui::TextEdit::singleline(&mut f.key),
                )
                .on_hover_text(&key_label)
                .widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, &key_label));
                let placeholder_label = i18n.message(&msg!("wizard-field-placeholder", n = i + 1));
                egui::ComboBox::from_id_salt(format!("wizard_{kind}_{i}"))
                    .selected_text(RichText::new(format!("{{{{{}}}}}", f.placeholder)).monospace())
                    .width(placeholder_width)
                    .show_ui(ui, |ui| {
                        for (_, p) in PLACEHOLDERS {
                            ui.selectable_value(&mut f.placeholder, (*p).to_owned(), *p);
                        }
                    })
                    .response
                    .widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::ComboBox, true, &placeholder_label)
                    });
                if ui
                    .small_button("✕")
                    .on_hover_text(i18n.tr("wizard-remove-field"))
                    .clicked()
                {
                    out.push(WizardCommand::RemoveField {
                        attribute,
                        index: i,
                    });
                }
                ui.end_row();
            }
        });
    if ui.button(i18n.tr(add)).clicked() {
        out.push(WizardCommand::AddField { attribute });
    }
    for c in out {
        s.push(c);
    }
}
