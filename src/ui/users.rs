//! Sample users, tickets and render contexts: a searchable table, a form for the standard
//! fields, JSON editors for what is nested. Text being typed stays as typed: invalid JSON is
//! named with its line and column and never thrown away.

use egui::{RichText, TextStyle, Ui};
use serde_json::{Map, Value as Json};

use super::UiExt as _;
use super::theme::{size, space};
use crate::app::state::{JsonBuffer, JsonTarget, UserForm};
use crate::app::{Command, UsersTab, ZenbrazeApp, json_text};
use crate::lint::user_label;
use crate::msg;

/// The context namespaces with their own editor; everything else goes in the last one.
const CONTEXT_PARTS: [(&str, &str); 4] = [
    ("event_properties", "context-event-properties"),
    ("canvas_entry_properties", "context-canvas"),
    ("api_trigger_properties", "context-api-trigger"),
    ("", "context-other"),
];

pub fn ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    let tabs = [
        (UsersTab::Users, app.i18n.tr("tab-users")),
        (UsersTab::Tickets, app.i18n.tr("tab-tickets")),
        (UsersTab::Contexts, app.i18n.tr("tab-contexts")),
    ];
    ui.tab_bar(&mut app.remembered.users_tab, &tabs);
    ui.separator();
    match app.remembered.users_tab {
        UsersTab::Users => users_ui(app, ui),
        UsersTab::Tickets => tickets_ui(app, ui),
        UsersTab::Contexts => contexts_ui(app, ui),
    }
}

fn users_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    egui::Panel::left("users_table")
        .resizable(true)
        .default_size(size::USERS_TABLE_WIDTH)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                let label = app.tr("search").to_owned();
                ui.labelled(&label, |ui| {
                    ui.text_edit_singleline(&mut app.users_view.search)
                });
            });
            ui.horizontal_wrapped(|ui| {
                for (cmd, key) in [
                    (Command::AddUser, "action-add"),
                    (Command::DuplicateUser, "action-duplicate"),
                    (Command::DeleteUser, "action-delete"),
                    (Command::OpenImport, "action-import"),
                ] {
                    if ui.button(app.tr(key)).clicked() {
                        app.push(cmd);
                    }
                }
            });
            table_ui(app, ui);
        });
    egui::CentralPanel::default().show(ui, |ui| form_ui(app, ui));
}

fn table_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    let query = app.users_view.search.to_lowercase();
    let users = &app.doc.workspace.users;
    let shown: Vec<usize> = (0..users.len())
        .filter(|&i| query.is_empty() || users[i].to_string().to_lowercase().contains(&query))
        .collect();
    ui.weak(app.say(&msg!(
        "users-shown",
        shown = shown.len(),
        total = users.len()
    )));
    let text = |u: &Json, k: &str| u.get(k).and_then(Json::as_str).unwrap_or("").to_owned();
    let row_height = ui.text_style_height(&TextStyle::Body) + space::S;
    let mut chosen = None;
    egui::ScrollArea::vertical()
        .id_salt("users_rows")
        .auto_shrink(false)
        .show_rows(ui, row_height, shown.len(), |ui, range| {
            for &i in &shown[range] {
                let u = &users[i];
                let name = format!("{} {}", text(u, "first_name"), text(u, "last_name"));
                let line = super::joined([
                    user_label(u, i).as_str(),
                    name.as_str(),
                    text(u, "email").as_ref(),
                ]);
                if ui
                    .selectable_label(i == app.remembered.user, line)
                    .clicked()
                {
                    chosen = Some(i);
                }
            }
        });
    if let Some(i) = chosen {
        app.remembered.user = i;
    }
}

fn form_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    let index = app.remembered.user;
    let Some(user) = app.doc.workspace.users.get(index) else {
        ui.weak(app.tr("no-users"));
        return;
    };
    let revision = app.doc.data_revision();
    let stale = app
        .users_view
        .form
        .as_ref()
        .is_none_or(|f| f.index != index || f.revision != revision);
    if stale {
        app.users_view.form = Some(UserForm {
            index,
            revision,
            fields: UserForm::fields()
                .map(|k| match user.get(k) {
                    Some(Json::String(s)) => s.clone(),
                    Some(Json::Null) | None => String::new(),
                    Some(other) => other.to_string(),
                })
                .collect(),
            custom: user
                .get("custom_attributes")
                .map(|c| serde_json::to_string_pretty(c).unwrap_or_default())
                .unwrap_or_else(|| "{}".into()),
            custom_error: None,
        });
    }
    let Some(form) = app.users_view.form.as_mut() else {
        return;
    };
    let mut edited = false;
    egui::ScrollArea::vertical()
        .id_salt("user_form")
        .show(ui, |ui| {
            ui.heading(user_label(&app.doc.workspace.users[index], index));
            egui::Grid::new("user_fields")
                .num_columns(2)
                .show(ui, |ui| {
                    for (name, value) in UserForm::fields().zip(form.fields.iter_mut()) {
                        let l = ui.label(name);
                        if ui
                            .add(
                                egui::TextEdit::singleline(&mut *value)
                                    .desired_width(size::FIELD_WIDTH),
                            )
                            .labelled_by(l.id)
                            .changed()
                        {
                            let user = &mut app.doc.workspace.users[index];
                            if let Some(o) = user.as_object_mut() {
                                if value.is_empty() {
                                    o.remove(name);
                                } else {
                                    o.insert(name.to_owned(), Json::String(value.clone()));
                                }
                            }
                            edited = true;
                        }
                        ui.end_row();
                    }
                });
            ui.add_space(space::S);
            let l = ui.label(app.i18n.tr("custom-attributes"));
            let r = ui
                .add(
                    egui::TextEdit::multiline(&mut form.custom)
                        .code_editor()
                        .desired_rows(size::ATTRIBUTES_ROWS)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(l.id);
            if r.changed() {
                match serde_json::from_str::<Json>(&form.custom) {
                    Ok(Json::Object(o)) => {
                        form.custom_error = None;
                        if let Some(u) = app.doc.workspace.users[index].as_object_mut() {
                            u.insert("custom_attributes".into(), Json::Object(o));
                        }
                        edited = true;
                    }
                    Ok(_) => form.custom_error = Some(msg!("custom-not-object")),
                    Err(e) => form.custom_error = Some(json_text::error_at(&e)),
                }
            }
            if let Some(e) = &form.custom_error {
                ui.error_label(app.i18n.message(e));
            }
        });
    if edited {
        app.edited_data();
        if let Some(f) = app.users_view.form.as_mut() {
            f.revision = app.doc.data_revision();
        }
    }
}

fn tickets_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    egui::Panel::left("tickets_list")
        .resizable(true)
        .default_size(size::SIDE_LIST_WIDTH)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                if ui.button(app.tr("action-add")).clicked() {
                    app.push(Command::AddTicket);
                }
                if ui.button(app.tr("action-delete")).clicked() {
                    app.push(Command::DeleteTicket);
                }
            });
            let mut chosen = None;
            for (i, t) in app.doc.workspace.tickets.iter().enumerate() {
                let subject = t
                    .pointer("/ticket/subject")
                    .and_then(Json::as_str)
                    .unwrap_or("");
                if ui
                    .selectable_label(
                        i == app.remembered.ticket,
                        format!("{} · {subject}", user_label(t, i)),
                    )
                    .clicked()
                {
                    chosen = Some(i);
                }
            }
            if let Some(i) = chosen {
                app.remembered.ticket = i;
            }
        });
    egui::CentralPanel::default().show(ui, |ui| {
        let i = app.remembered.ticket;
        if i >= app.doc.workspace.tickets.len() {
            ui.weak(app.tr("no-tickets"));
            return;
        }
        ui.weak(app.tr("ticket-help"));
        let label = app.tr("ticket-json").to_owned();
        json_buffer_ui(app, ui, JsonTarget::Ticket(i), &label, size::BODY_ROWS);
    });
}

fn contexts_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    egui::Panel::left("contexts_list")
        .resizable(true)
        .default_size(size::SIDE_LIST_WIDTH)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                if ui.button(app.tr("action-add")).clicked() {
                    app.push(Command::AddContext);
                }
                if ui.button(app.tr("action-delete")).clicked() {
                    app.push(Command::DeleteContext);
                }
            });
            let mut chosen = None;
            for (i, c) in app.doc.workspace.contexts.iter().enumerate() {
                if ui
                    .selectable_label(app.remembered.context == Some(i), &c.name)
                    .clicked()
                {
                    chosen = Some(i);
                }
            }
            if let Some(i) = chosen {
                app.remembered.context = Some(i);
            }
            ui.weak(app.tr("context-help"));
        });
    egui::CentralPanel::default().show(ui, |ui| {
        let Some(i) = app
            .remembered
            .context
            .filter(|c| *c < app.doc.workspace.contexts.len())
        else {
            ui.weak(app.tr("no-context"));
            return;
        };
        let l = ui.label(app.tr("field-name"));
        if ui
            .add(egui::TextEdit::singleline(
                &mut app.doc.workspace.contexts[i].name,
            ))
            .labelled_by(l.id)
            .changed()
        {
            app.edited_data();
        }
        egui::ScrollArea::vertical()
            .id_salt("context_parts")
            .show(ui, |ui| {
                for (part, key) in CONTEXT_PARTS {
                    let label = app.tr(key).to_owned();
                    json_buffer_ui(
                        app,
                        ui,
                        JsonTarget::Context(i, part),
                        &label,
                        size::CONTEXT_PART_ROWS,
                    );
                }
            });
    });
}

/// The JSON a buffer edits, from the workspace.
fn current_json(app: &ZenbrazeApp, target: &JsonTarget) -> Option<Json> {
    match target {
        JsonTarget::Ticket(i) => app.doc.workspace.tickets.get(*i).cloned(),
        JsonTarget::Context(i, part) => {
            let c = &app.doc.workspace.contexts.get(*i)?.context;
            Some(if part.is_empty() {
                let rest: Map<String, Json> = c
                    .as_object()
                    .into_iter()
                    .flatten()
                    .filter(|(k, _)| !CONTEXT_PARTS.iter().any(|(p, _)| !p.is_empty() && p == k))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                Json::Object(rest)
            } else {
                c.get(*part)
                    .cloned()
                    .unwrap_or_else(|| Json::Object(Map::new()))
            })
        }
    }
}

/// Writes a valid edit back into the workspace.
fn store_json(app: &mut ZenbrazeApp, target: &JsonTarget, value: Json) {
    match target {
        JsonTarget::Ticket(i) => {
            if let Some(t) = app.doc.workspace.tickets.get_mut(*i) {
                *t = value;
            }
        }
        JsonTarget::Context(i, part) => {
            let Some(c) = app.doc.workspace.contexts.get_mut(*i) else {
                return;
            };
            if !c.context.is_object() {
                c.context = Json::Object(Map::new());
            }
            let Some(o) = c.context.as_object_mut() else {
                return;
            };
            if part.is_empty() {
                o.retain(|k, _| CONTEXT_PARTS.iter().any(|(p, _)| !p.is_empty() && p == k));
                if let Json::Object(rest) = value {
                    o.extend(rest);
                }
            } else {
                o.insert((*part).to_owned(), value);
            }
        }
    }
}

fn json_buffer_ui(
    app: &mut ZenbrazeApp,
    ui: &mut Ui,
    target: JsonTarget,
    label: &str,
    rows: usize,
) {
    let revision = app.doc.data_revision();
    let pos = app.users_view.json.iter().position(|b| b.target == target);
    let fresh = pos.is_none_or(|p| app.users_view.json[p].revision != revision);
    if fresh {
        let text = current_json(app, &target)
            .map(|v| serde_json::to_string_pretty(&v).unwrap_or_default())
            .unwrap_or_default();
        let buffer = JsonBuffer {
            target: target.clone(),
            revision,
            text,
            error: None,
        };
        match pos {
            Some(p) if app.users_view.json[p].error.is_none() => app.users_view.json[p] = buffer,
            Some(_) => {}
            None => app.users_view.json.push(buffer),
        }
    }
    let Some(p) = app.users_view.json.iter().position(|b| b.target == target) else {
        return;
    };
    let mut buffer = app.users_view.json.swap_remove(p);
    let r = ui.json_editor(label, &mut buffer.text, rows);
    if r.changed() {
        match serde_json::from_str::<Json>(&buffer.text) {
            Ok(v) if v.is_object() => {
                buffer.error = None;
                store_json(app, &target, v);
                app.edited_data();
                buffer.revision = app.doc.data_revision();
                // The other buffers are still right: they describe other parts.
                for b in &mut app.users_view.json {
                    if b.error.is_none() {
                        b.revision = buffer.revision;
                    }
                }
            }
            Ok(_) => buffer.error = Some(msg!("json-not-object")),
            Err(e) => buffer.error = Some(json_text::error_at(&e)),
        }
    }
    if let Some(e) = &buffer.error {
        ui.label(RichText::new(app.say(e)).color(super::theme::tokens(ui).error));
    }
    app.users_view.json.push(buffer);
}
