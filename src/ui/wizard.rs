//! The setup wizard: connection, event, trigger, webhook, plan, apply, verify, and the Braze
//! composer settings for the other direction. It edits the wizard's form and pushes commands;
//! the engine (`crate::setup`) does the work off the UI thread.

use egui::{Color32, RichText, Ui};

use super::UiExt as _;
use super::theme;
use crate::app::wizard::{CategoryMode, WizardCommand, WizardState, WizardStep, update_types};
use crate::app::{Command, ZenbrazeApp};
use crate::i18n::{Catalogue, arg};
use crate::secrets::profiles::{Profile, SANDBOX_PROFILE};
use crate::setup::composer::ComposerSettings;
use crate::setup::plan::conditions_messages;
use crate::setup::{Change, PLACEHOLDERS, PRIORITIES, Report, TICKET_TYPES};
use crate::workspace::Direction;

/// What the steps need from the rest of the app, read before the form is borrowed.
struct Context {
    profile: Option<Profile>,
    profiles: Vec<String>,
    active: String,
    guard: Option<String>,
    tickets: Vec<String>,
    zendesk_payloads: Vec<(usize, String)>,
    braze_payloads: Vec<String>,
    composer: Option<(String, Result<ComposerSettings, String>)>,
}

pub fn ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    let payloads = &app.doc.workspace.payloads;
    let cx = Context {
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
    };
    let mut out = Vec::new();
    let ZenbrazeApp { i18n, wizard, .. } = app;
    let i18n: &Catalogue = i18n;

    ui.heading(i18n.tr("wizard-title"));
    ui.weak(i18n.tr("wizard-help"));
    ui.horizontal_wrapped(|ui| {
        for (n, step) in WizardStep::ALL.iter().enumerate() {
            let text = format!("{} · {}", n + 1, i18n.tr(step.key()));
            if ui
                .add(egui::Button::selectable(wizard.step == *step, text))
                .clicked()
            {
                out.push(WizardCommand::Go(*step));
            }
        }
    });
    ui.separator();
    if let Some(e) = &wizard.error {
        ui.error_label(e.clone());
    }
    let footer = 34.0;
    let mut chosen_profile = None;
    egui::ScrollArea::vertical()
        .id_salt("wizard_step")
        .max_height((ui.available_height() - footer).max(100.0))
        .auto_shrink([false, false])
        .show(ui, |ui| match wizard.step {
            WizardStep::Connection => {
                chosen_profile = connection(i18n, wizard, &cx, ui, &mut out);
            }
            WizardStep::Event => event(i18n, wizard, &cx, ui, &mut out),
            WizardStep::Trigger => trigger(i18n, wizard, &cx, ui),
            WizardStep::Webhook => webhook(i18n, wizard, &cx, ui),
            WizardStep::Plan => plan(i18n, wizard, ui, &mut out),
            WizardStep::Apply => apply(i18n, wizard, ui, &mut out),
            WizardStep::Verify => verify(i18n, wizard, &cx, ui, &mut out),
            WizardStep::OtherDirection => other_direction(i18n, wizard, &cx, ui),
        });
    ui.separator();
    ui.horizontal(|ui| {
        if let Some(previous) = wizard.step.previous()
            && ui.button(i18n.tr("wizard-back")).clicked()
        {
            out.push(WizardCommand::Go(previous));
        }
        if let Some(next) = wizard.step.next()
            && ui.button(i18n.tr("wizard-next")).clicked()
        {
            out.push(WizardCommand::Go(next));
        }
        if wizard.busy() {
            ui.spinner();
        }
    });
    if let Some(name) = chosen_profile {
        app.push(Command::SetActiveProfile(name));
    }
    for c in out {
        app.push(Command::Wizard(c));
    }
}

fn connection(
    i18n: &Catalogue,
    wizard: &mut WizardState,
    cx: &Context,
    ui: &mut Ui,
    out: &mut Vec<WizardCommand>,
) -> Option<String> {
    ui.label(i18n.tr("wizard-connection-help"));
    let mut change = None;
    egui::Grid::new("wizard_connection")
        .num_columns(2)
        .show(ui, |ui| {
            let l = ui.label(i18n.tr("wizard-profile"));
            let mut chosen = cx.active.clone();
            egui::ComboBox::from_id_salt("wizard_profile")
                .selected_text(&chosen)
                .show_ui(ui, |ui| {
                    for name in &cx.profiles {
                        ui.selectable_value(&mut chosen, name.clone(), name);
                    }
                })
                .response
                .labelled_by(l.id);
            if chosen != cx.active {
                change = Some(chosen.clone());
            }
            ui.end_row();
            if let Some(p) = &cx.profile {
                ui.label("Zendesk");
                ui.label(p.zendesk.as_ref().map_or_else(
                    || i18n.tr("wizard-missing").to_owned(),
                    |z| format!("{} ({})", z.describe(), z.email),
                ));
                ui.end_row();
                ui.label("Braze");
                ui.label(
                    p.braze
                        .as_ref()
                        .map_or_else(|| i18n.tr("wizard-missing").to_owned(), |b| b.describe()),
                );
                ui.end_row();
            }
        });
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                wizard.checking.is_none(),
                egui::Button::new(i18n.tr("wizard-test")),
            )
            .clicked()
        {
            out.push(WizardCommand::TestConnection);
        }
        if wizard.checking.is_some() {
            ui.spinner();
        }
    });
    for (ok, line) in &wizard.checks {
        if *ok {
            ui.ok_label(format!("✓ {line}"));
        } else {
            ui.error_label(format!("✗ {line}"));
        }
    }
    change
}

fn event(
    i18n: &Catalogue,
    wizard: &mut WizardState,
    cx: &Context,
    ui: &mut Ui,
    out: &mut Vec<WizardCommand>,
) {
    egui::Grid::new("wizard_names")
        .num_columns(2)
        .show(ui, |ui| {
            let l = ui.label(i18n.tr("wizard-name"));
            ui.text_edit_singleline(&mut wizard.spec.name)
                .labelled_by(l.id);
            ui.end_row();
            let l = ui.label(i18n.tr("wizard-event-name"));
            ui.add_enabled(
                !wizard.custom,
                egui::TextEdit::singleline(&mut wizard.spec.event.name),
            )
            .labelled_by(l.id);
            ui.end_row();
        });
    ui.weak(i18n.tr("wizard-name-help"));
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.radio_value(&mut wizard.custom, false, i18n.tr("wizard-body-form"));
        ui.radio_value(&mut wizard.custom, true, i18n.tr("wizard-body-custom"));
    });
    ui.columns(2, |cols| {
        let ui = &mut cols[0];
        if wizard.custom {
            let start_from = i18n.tr("wizard-start-from");
            egui::ComboBox::from_id_salt("wizard_use_payload")
                .selected_text(start_from)
                .show_ui(ui, |ui| {
                    for (i, name) in &cx.zendesk_payloads {
                        if ui.selectable_label(false, name).clicked() {
                            out.push(WizardCommand::UseBody(*i));
                        }
                    }
                })
                .response
                .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, start_from));
            ui.json_editor(i18n.tr("wizard-body"), &mut wizard.custom_body, 18);
        } else {
            fields(i18n, wizard, false, ui, out);
            ui.add_space(6.0);
            fields(i18n, wizard, true, ui, out);
        }
        let ui = &mut cols[1];
        let l = ui.label(i18n.tr("wizard-sample-ticket"));
        ticket_combo(wizard, cx, ui).labelled_by(l.id);
        if let Some((_, (body, findings))) = &wizard.preview {
            match body {
                Ok(text) => {
                    code(ui, text.as_str());
                }
                Err(e) => {
                    ui.error_label(e.clone());
                }
            }
            if findings.is_empty() {
                ui.ok_label(i18n.tr("wizard-no-findings"));
            }
            for f in findings {
                if f.starts_with("error") {
                    ui.error_label(f.clone());
                } else {
                    ui.warning_label(f.clone());
                }
            }
        }
    });
}

/// The properties (or attribute updates) of the form: key, placeholder, remove.
fn fields(
    i18n: &Catalogue,
    wizard: &mut WizardState,
    attribute: bool,
    ui: &mut Ui,
    out: &mut Vec<WizardCommand>,
) {
    let (heading, add, kind) = if attribute {
        ("wizard-attributes", "wizard-add-attribute", "attribute")
    } else {
        ("wizard-properties", "wizard-add-property", "property")
    };
    ui.strong(i18n.tr(heading));
    let list = if attribute {
        &mut wizard.spec.event.attributes
    } else {
        &mut wizard.spec.event.properties
    };
    egui::Grid::new(format!("wizard_{kind}"))
        .num_columns(3)
        .show(ui, |ui| {
            for (i, f) in list.iter_mut().enumerate() {
                let key_label = i18n.format("wizard-field-key", &[("n", arg(i + 1))]);
                ui.add_sized([150.0, 20.0], egui::TextEdit::singleline(&mut f.key))
                    .on_hover_text(&key_label)
                    .widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::TextInput, true, &key_label)
                    });
                let placeholder_label =
                    i18n.format("wizard-field-placeholder", &[("n", arg(i + 1))]);
                egui::ComboBox::from_id_salt(format!("wizard_{kind}_{i}"))
                    .selected_text(RichText::new(format!("{{{{{}}}}}", f.placeholder)).monospace())
                    .width(260.0)
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
}

/// Text shown as written: monospace, indentation kept, selectable.
fn code(ui: &mut Ui, text: impl Into<RichText>) {
    ui.vertical(|ui| {
        ui.add(egui::Label::new(text.into().monospace()).selectable(true));
    });
}

fn ticket_combo(wizard: &mut WizardState, cx: &Context, ui: &mut Ui) -> egui::Response {
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

fn trigger(i18n: &Catalogue, wizard: &mut WizardState, cx: &Context, ui: &mut Ui) {
    ui.label(i18n.tr("wizard-trigger-help"));
    egui::Grid::new("wizard_trigger")
        .num_columns(2)
        .show(ui, |ui| {
            ui.label(i18n.tr("wizard-on"));
            ui.horizontal(|ui| {
                ui.checkbox(&mut wizard.on_solved, i18n.tr("wizard-on-solved"));
                ui.checkbox(&mut wizard.on_closed, i18n.tr("wizard-on-closed"));
            });
            ui.end_row();
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
            let update = &mut wizard.spec.rules.update_type;
            let shown = update_types()
                .iter()
                .find(|(u, _)| u == update)
                .map_or("", |(_, k)| i18n.tr(k));
            egui::ComboBox::from_id_salt("wizard_update")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    for (u, k) in update_types() {
                        ui.selectable_value(update, u, i18n.tr(k));
                    }
                })
                .response
                .labelled_by(l.id);
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
    if let Some(tag) = &cx.guard {
        let excluded = crate::setup::tags(&wizard.tags_exclude).contains(tag);
        if excluded {
            ui.ok_label(i18n.format("wizard-guard-on", &[("tag", arg(tag.clone()))]));
        } else {
            ui.horizontal_wrapped(|ui| {
                ui.warning_label(i18n.format("wizard-guard-suggest", &[("tag", arg(tag.clone()))]));
                if ui
                    .button(i18n.format("wizard-guard-add", &[("tag", arg(tag.clone()))]))
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
    ui.add_space(6.0);
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
    ui.add_space(6.0);
    ui.strong(i18n.tr("wizard-conditions"));
    let spec = wizard.current_spec();
    for c in conditions_messages(&spec.rules.conditions()) {
        ui.label(RichText::new(i18n.message(&c)).monospace());
    }
    for p in spec.problems() {
        ui.error_label(i18n.message(&p));
    }
}

fn webhook(i18n: &Catalogue, wizard: &mut WizardState, cx: &Context, ui: &mut Ui) {
    ui.label(i18n.tr("wizard-webhook-help"));
    let endpoint = cx
        .profile
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
                ("wizard-webhook-name", wizard.spec.name.clone()),
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
    ui.add_space(6.0);
    ui.checkbox(&mut wizard.spec.resend_key, i18n.tr("wizard-resend-key"));
    ui.weak(i18n.tr("wizard-resend-key-help"));
}

fn change_colour(ui: &Ui, change: Change) -> Color32 {
    let t = theme::tokens(ui);
    match change {
        Change::Create => t.ok,
        Change::Update | Change::Delete => t.warning,
        Change::Blocked => t.error,
        Change::Unchanged | Change::Absent => ui.visuals().weak_text_color(),
    }
}

fn plan(i18n: &Catalogue, wizard: &WizardState, ui: &mut Ui, out: &mut Vec<WizardCommand>) {
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                wizard.running.is_none(),
                egui::Button::new(i18n.tr("wizard-refresh-plan")),
            )
            .clicked()
        {
            out.push(WizardCommand::Plan);
        }
        let ready = wizard.plan.as_ref().is_some_and(|r| r.ok());
        if ui
            .add_enabled(
                ready && wizard.running.is_none(),
                egui::Button::new(i18n.tr("wizard-apply-now")),
            )
            .clicked()
        {
            out.push(WizardCommand::Apply);
            out.push(WizardCommand::Go(WizardStep::Apply));
        }
    });
    let Some(report) = &wizard.plan else {
        if wizard.running.is_some() {
            ui.weak(i18n.tr("wizard-reading"));
        }
        return;
    };
    ui.add_space(4.0);
    ui.strong(i18n.tr("wizard-exists-now"));
    for n in &report.now {
        ui.label(RichText::new(i18n.message(n)).monospace());
    }
    ui.add_space(6.0);
    ui.strong(i18n.tr("wizard-will-do"));
    if report.plan.is_noop() && report.ok() {
        ui.ok_label(i18n.tr("wizard-nothing-to-change"));
    }
    for b in &report.plan.blockers {
        ui.error_label(i18n.message(b));
    }
    if let Some(f) = report.failure.as_ref().filter(|_| !report.plan.blocked()) {
        ui.error_label(i18n.message(f));
    }
    for step in &report.plan.steps {
        ui.add_space(2.0);
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
    for n in &report.plan.notes {
        ui.weak(i18n.message(n));
    }
}

fn report_lines(i18n: &Catalogue, report: &Report, ui: &mut Ui) {
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
        let text = i18n.format("wizard-rolled-back", &[("what", arg(i18n.message(&l.text)))]);
        if l.ok {
            ui.warning_label(text);
        } else {
            ui.error_label(text);
        }
    }
    ui.add_space(4.0);
    ui.strong(i18n.tr("wizard-exists-now"));
    for n in &report.now {
        ui.label(RichText::new(i18n.message(n)).monospace());
    }
}

fn apply(i18n: &Catalogue, wizard: &WizardState, ui: &mut Ui, out: &mut Vec<WizardCommand>) {
    ui.label(i18n.tr("wizard-apply-help"));
    ui.horizontal(|ui| {
        let idle = wizard.running.is_none();
        if ui
            .add_enabled(idle, egui::Button::new(i18n.tr("wizard-apply-now")))
            .clicked()
        {
            out.push(WizardCommand::Apply);
        }
        if ui
            .add_enabled(idle, egui::Button::new(i18n.tr("wizard-remove")))
            .on_hover_text(i18n.tr("wizard-remove-help"))
            .clicked()
        {
            out.push(WizardCommand::Remove);
        }
    });
    if let Some(r) = &wizard.applied {
        if r.ok() && !r.changed() {
            ui.ok_label(i18n.tr("wizard-nothing-changed"));
        } else if r.ok() {
            ui.ok_label(i18n.tr("wizard-applied"));
        }
        report_lines(i18n, r, ui);
    }
    if let Some(r) = &wizard.removed {
        ui.strong(i18n.tr("wizard-removed"));
        report_lines(i18n, r, ui);
    }
}

fn verify(
    i18n: &Catalogue,
    wizard: &mut WizardState,
    cx: &Context,
    ui: &mut Ui,
    out: &mut Vec<WizardCommand>,
) {
    ui.label(i18n.tr("wizard-verify-help"));
    ui.horizontal(|ui| {
        let l = ui.label(i18n.tr("wizard-sample-ticket"));
        ticket_combo(wizard, cx, ui).labelled_by(l.id);
        if ui
            .add_enabled(
                wizard.running.is_none(),
                egui::Button::new(i18n.tr("wizard-verify")),
            )
            .clicked()
        {
            out.push(WizardCommand::Verify);
        }
    });
    let Some(v) = &wizard.verified else {
        return;
    };
    if let Some(t) = &v.test {
        let text = i18n.format(
            "wizard-test-answer",
            &[("status", arg(t.status_code.to_string()))],
        );
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

fn other_direction(i18n: &Catalogue, wizard: &mut WizardState, cx: &Context, ui: &mut Ui) {
    ui.label(i18n.tr("wizard-other-help"));
    if cx.braze_payloads.is_empty() {
        ui.weak(i18n.tr("wizard-other-none"));
        return;
    }
    let l = ui.label(i18n.tr("wizard-other-payload"));
    let shown = cx
        .braze_payloads
        .get(wizard.composer_payload)
        .cloned()
        .unwrap_or_default();
    egui::ComboBox::from_id_salt("wizard_composer_payload")
        .selected_text(shown)
        .show_ui(ui, |ui| {
            for (i, name) in cx.braze_payloads.iter().enumerate() {
                ui.selectable_value(&mut wizard.composer_payload, i, name);
            }
        })
        .response
        .labelled_by(l.id);
    let Some((_, settings)) = &cx.composer else {
        return;
    };
    let settings = match settings {
        Ok(s) => s,
        Err(e) => {
            ui.error_label(e.clone());
            return;
        }
    };
    let copy = i18n.tr("wizard-copy");
    egui::Grid::new("wizard_composer")
        .num_columns(3)
        .striped(true)
        .show(ui, |ui| {
            let row = |ui: &mut Ui, name: &str, value: &str| {
                ui.label(name);
                ui.label(RichText::new(value).monospace());
                if ui.small_button(copy).clicked() {
                    ui.ctx().copy_text(value.to_owned());
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
        }
    });
    code(ui, RichText::new(&settings.body).small());
    ui.weak(i18n.tr("wizard-other-token-note"));
    if cx.profile.as_ref().is_some_and(Profile::is_sandbox) {
        ui.weak(i18n.tr("wizard-other-sandbox-note"));
    }
}
