//! The payload's fields above its body: name, URL, direction, method, lint target, headers.

use egui::Ui;

use super::editor::body_ui;
use super::fields_height_id;
use super::insert::insert_menu_ui;
use crate::app::ZenbrazeApp;
use crate::msg;
use crate::target::Target;
use crate::ui::theme::size;
use crate::workspace::Direction;

const METHODS: [&str; 5] = ["POST", "PUT", "PATCH", "GET", "DELETE"];

pub(super) fn editor_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    let mut changed = false;
    let (t_name, t_direction, t_method, t_target, t_url) = (
        app.tr("field-name").to_owned(),
        app.tr("field-direction").to_owned(),
        app.tr("field-method").to_owned(),
        app.tr("field-lint-as").to_owned(),
        app.tr("field-url").to_owned(),
    );
    let (t_nothing, t_b2z, t_z2b) = (
        app.tr("lint-nothing").to_owned(),
        app.tr("direction-braze-to-zendesk").to_owned(),
        app.tr("direction-zendesk-to-braze").to_owned(),
    );
    let index = app.remembered.payload;
    let Some(p) = app.doc.workspace.payloads.get_mut(index) else {
        return;
    };
    egui::Grid::new("payload_fields")
        .num_columns(2)
        .show(ui, |ui| {
            let l = ui.label(&t_name);
            changed |= ui
                .add(egui::TextEdit::singleline(&mut p.name).desired_width(f32::INFINITY))
                .labelled_by(l.id)
                .changed();
            ui.end_row();
            let l = ui.label(&t_url);
            changed |= ui
                .add(
                    egui::TextEdit::singleline(&mut p.url)
                        .code_editor()
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(l.id)
                .changed();
            ui.end_row();
        });
    // Its own wrapped row, outside the grid: in a grid's cell a wrapped second line would run
    // over the URL's row below; here it pushes what follows down.
    ui.horizontal_wrapped(|ui| {
        let l = ui.label(&t_direction);
        let before = p.direction;
        egui::ComboBox::from_id_salt("direction")
            .selected_text(match p.direction {
                Direction::BrazeToZendesk => &t_b2z,
                Direction::ZendeskToBraze => &t_z2b,
            })
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut p.direction, Direction::BrazeToZendesk, &t_b2z);
                ui.selectable_value(&mut p.direction, Direction::ZendeskToBraze, &t_z2b);
            })
            .response
            .labelled_by(l.id);
        if p.direction != before {
            // A direction comes with its own dialect: keep the lint target consistent.
            p.target = Some(match p.direction {
                Direction::BrazeToZendesk => Target::ZendeskTicket,
                Direction::ZendeskToBraze => Target::ZendeskWebhookBody,
            });
            changed = true;
        }
        let l = ui.label(&t_method);
        egui::ComboBox::from_id_salt("method")
            .selected_text(p.method.as_str())
            .show_ui(ui, |ui| {
                for m in METHODS {
                    changed |= ui
                        .selectable_value(&mut p.method, m.to_owned(), m)
                        .changed();
                }
            })
            .response
            .labelled_by(l.id);
        let l = ui.label(&t_target);
        egui::ComboBox::from_id_salt("target")
            .selected_text(p.target.map_or(t_nothing.clone(), |t| t.name().to_owned()))
            .show_ui(ui, |ui| {
                changed |= ui
                    .selectable_value(&mut p.target, None, &t_nothing)
                    .changed();
                for t in Target::ALL {
                    changed |= ui
                        .selectable_value(&mut p.target, Some(t), t.name())
                        .changed();
                }
            })
            .response
            .labelled_by(l.id);
    });
    changed |= headers_ui(app.i18n, &mut app.doc.workspace.payloads[index].headers, ui);
    if changed {
        app.edited();
    }
    let label = ui
        .horizontal(|ui| {
            let label = ui.strong(app.tr("field-body"));
            insert_menu_ui(app, ui);
            label.id
        })
        .inner;
    // Measured for the next frame's findings pane, with the pane's margins.
    let fields = ui.cursor().top() - ui.max_rect().top()
        + ui.spacing().window_margin.sum().y
        + ui.spacing().item_spacing.y;
    ui.ctx()
        .data_mut(|d| d.insert_temp(fields_height_id(), fields));
    body_ui(app, ui, label);
}

fn headers_ui(
    i18n: &crate::i18n::Catalogue,
    headers: &mut Vec<(String, String)>,
    ui: &mut Ui,
) -> bool {
    let mut changed = false;
    let mut remove = None;
    egui::CollapsingHeader::new(i18n.message(&msg!("headers-count", count = headers.len())))
        .id_salt("headers")
        .show(ui, |ui| {
            // Name, value and the remove button share the editor's width.
            let room = (ui.available_width() - size::HEADER_BUTTONS_WIDTH)
                .max(size::HEADER_FIELDS_MIN_WIDTH);
            let (name_width, value_width) = (room * 0.35, room * 0.65);
            egui::Grid::new("headers_grid")
                .num_columns(3)
                .show(ui, |ui| {
                    for (i, (name, value)) in headers.iter_mut().enumerate() {
                        changed |= ui
                            .add(
                                egui::TextEdit::singleline(name)
                                    .hint_text(i18n.tr("header-name"))
                                    .desired_width(name_width),
                            )
                            .changed();
                        changed |= ui
                            .add(
                                egui::TextEdit::singleline(value)
                                    .hint_text(i18n.tr("header-value"))
                                    .desired_width(value_width),
                            )
                            .changed();
                        if ui.button(i18n.tr("action-remove")).clicked() {
                            remove = Some(i);
                        }
                        ui.end_row();
                    }
                });
            if ui.button(i18n.tr("action-add-header")).clicked() {
                headers.push((String::new(), String::new()));
                changed = true;
            }
            ui.weak(i18n.tr("headers-no-secrets"));
        });
    if let Some(i) = remove {
        headers.remove(i);
        changed = true;
    }
    changed
}
