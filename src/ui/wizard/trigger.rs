//! Step 3 · Trigger: when Zendesk calls Braze (status *changed to*, type, priority, tags, update
//! type), the suggested loop guard, the category, and the conditions as Zendesk's trigger editor
//! shows them (ALL / ANY, `Ticket > Status | Changed to | Solved`) with their exact JSON.

use egui::{RichText, Ui};

use super::Step;
use super::widgets::code;
use crate::app::wizard::{CategoryMode, update_types};
use crate::msg;
use crate::setup::plan::condition_groups;
use crate::setup::{PRIORITIES, TICKET_TYPES};
use crate::ui::UiExt as _;
use crate::ui::theme::space;

pub fn ui(s: &mut Step<'_>, ui: &mut Ui) {
    let i18n = s.i18n;
    let wizard = &mut *s.wizard;
    ui.horizontal(|ui| {
        ui.label(i18n.tr("wizard-rule"));
        ui.radio_value(
            &mut wizard.automation,
            false,
            i18n.tr("wizard-rule-trigger"),
        );
        ui.radio_value(
            &mut wizard.automation,
            true,
            i18n.tr("wizard-rule-automation"),
        );
    });
    if wizard.automation {
        ui.label(i18n.tr("wizard-automation-help"));
        ui.horizontal(|ui| {
            let l = ui.label(i18n.tr("wizard-after-hours"));
            ui.add(
                egui::DragValue::new(&mut wizard.after_hours)
                    .range(1..=crate::setup::MAX_AFTER_HOURS),
            )
            .labelled_by(l.id);
        });
        ui.checkbox(
            &mut wizard.refire_guard,
            i18n.message(&msg!("wizard-refire-guard", tag = crate::setup::REFIRE_TAG)),
        );
        let spec = wizard.current_spec();
        for f in crate::lint::automation_guard(&spec.conditions(), &spec.actions("")) {
            ui.warning_label(i18n.message(&f.message));
        }
    } else {
        ui.label(i18n.tr("wizard-trigger-help"));
    }
    if wizard.account_custom_statuses {
        ui.checkbox(
            &mut wizard.status_category,
            i18n.tr("wizard-status-category"),
        );
    }
    egui::Grid::new("wizard_trigger")
        .num_columns(2)
        .show(ui, |ui| {
            if !wizard.automation && !wizard.status_category {
                ui.label(i18n.tr("wizard-on"));
                ui.horizontal(|ui| {
                    ui.checkbox(&mut wizard.on_solved, i18n.tr("wizard-on-solved"));
                    ui.checkbox(&mut wizard.on_closed, i18n.tr("wizard-on-closed"));
                });
                ui.end_row();
            }
            let any = i18n.tr("wizard-any");
            for (key, values, slot) in [
                (
                    "wizard-type",
                    &TICKET_TYPES[..],
                    &mut wizard.spec.rules.ticket_type,
                ),
                (
                    "wizard-priority",
                    &PRIORITIES[..],
                    &mut wizard.spec.rules.priority,
                ),
            ] {
                let l = ui.label(i18n.tr(key));
                egui::ComboBox::from_id_salt(key)
                    .selected_text(slot.clone().unwrap_or_else(|| any.to_owned()))
                    .show_ui(ui, |ui| {
                        ui.selectable_value(slot, None, any);
                        for v in values {
                            ui.selectable_value(slot, Some((*v).to_owned()), *v);
                        }
                    })
                    .response
                    .labelled_by(l.id);
                ui.end_row();
            }
            let l = ui.label(i18n.tr("wizard-update"));
            let automation = wizard.automation;
            let update = &mut wizard.spec.rules.update_type;
            let shown = update_types()
                .iter()
                .find(|(u, _)| u == update)
                .map_or("", |(_, k)| i18n.tr(k));
            ui.add_enabled_ui(!automation, |ui| {
                egui::ComboBox::from_id_salt("wizard_update")
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        for (u, k) in update_types() {
                            ui.selectable_value(update, u, i18n.tr(k));
                        }
                    })
                    .response
                    .labelled_by(l.id)
            });
            ui.end_row();
            let l = ui.label(i18n.tr("wizard-tags-include"));
            ui.text_edit_singleline(&mut wizard.tags_include)
                .labelled_by(l.id);
            ui.end_row();
            let l = ui.label(i18n.tr("wizard-tags-exclude"));
            ui.text_edit_singleline(&mut wizard.tags_exclude)
                .labelled_by(l.id);
            ui.end_row();
        });
    if let Some(tag) = &s.cx.guard {
        let excluded = crate::setup::tags(&wizard.tags_exclude).contains(tag);
        if excluded {
            ui.ok_label(i18n.message(&msg!(
                "wizard-guard-on",
                tag = tag.clone(),
                kind = if wizard.automation {
                    "automation"
                } else {
                    "trigger"
                }
            )));
        } else {
            ui.horizontal_wrapped(|ui| {
                ui.warning_label(i18n.message(&msg!("wizard-guard-suggest", tag = tag.clone())));
                if ui
                    .button(i18n.message(&msg!("wizard-guard-add", tag = tag.clone())))
                    .clicked()
                {
                    if !wizard.tags_exclude.trim().is_empty() {
                        wizard.tags_exclude.push(' ');
                    }
                    wizard.tags_exclude.push_str(tag);
                }
            });
        }
    }
    if !wizard.automation {
        category(wizard, i18n, ui);
    }
    ui.add_space(space::S);
    ui.strong(i18n.tr("wizard-conditions"));
    // As Zendesk's trigger editor shows them, group by group; the exact JSON a click away.
    let conditions = wizard.current_spec().conditions();
    for (heading, rows) in condition_groups(&conditions) {
        ui.label(RichText::new(i18n.message(&heading)).strong());
        for row in rows {
            ui.label(RichText::new(format!("    {}", i18n.message(&row))).monospace());
        }
    }
    let json = serde_json::to_string_pretty(&conditions).unwrap_or_default();
    egui::CollapsingHeader::new(i18n.tr("wizard-conditions-json"))
        .id_salt("wizard_conditions_json")
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                if ui.button(i18n.tr("wizard-copy-json")).clicked() {
                    ui.ctx().copy_text(json.clone());
                    wizard.copied_conditions = Some(json.clone());
                }
                if wizard.copied_conditions.as_deref() == Some(json.as_str()) {
                    ui.ok_label(i18n.tr("console-copied"));
                }
            });
            code(ui, RichText::new(&json).small());
        });
    for p in wizard.problems() {
        ui.error_label(i18n.message(&p));
    }
}

/// Where the trigger goes: no category, an existing one, or a new one.
fn category(
    wizard: &mut crate::app::wizard::WizardState,
    i18n: &crate::i18n::Catalogue,
    ui: &mut Ui,
) {
    ui.add_space(space::S);
    ui.strong(i18n.tr("wizard-category"));
    ui.horizontal(|ui| {
        ui.radio_value(
            &mut wizard.category_mode,
            CategoryMode::None,
            i18n.tr("wizard-category-none"),
        );
        ui.radio_value(
            &mut wizard.category_mode,
            CategoryMode::Existing,
            i18n.tr("wizard-category-existing"),
        );
        ui.radio_value(
            &mut wizard.category_mode,
            CategoryMode::New,
            i18n.tr("wizard-category-new"),
        );
    });
    if wizard.categories_unavailable() {
        ui.weak(i18n.tr("wizard-category-unavailable"));
    }
    match wizard.category_mode {
        CategoryMode::None => {}
        CategoryMode::Existing => {
            let known = wizard.known_categories();
            if known.is_empty() {
                ui.weak(i18n.tr("wizard-category-unknown"));
            }
            let l = ui.label(i18n.tr("wizard-category-name"));
            egui::ComboBox::from_id_salt("wizard_category_existing")
                .selected_text(wizard.category_existing.clone())
                .show_ui(ui, |ui| {
                    for name in known {
                        ui.selectable_value(&mut wizard.category_existing, name.clone(), name);
                    }
                })
                .response
                .labelled_by(l.id);
        }
        CategoryMode::New => {
            ui.labelled(i18n.tr("wizard-category-name"), |ui| {
                ui.text_edit_singleline(&mut wizard.category_new)
            });
        }
    }
}
