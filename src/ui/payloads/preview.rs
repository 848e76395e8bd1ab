//! The three previews: the rendered body for one subject, the request as it would be sent, and
//! every subject at once.

use std::ops::Range;

use egui::{RichText, TextStyle, Ui};

use crate::app::send::{aborted, template_error};
use crate::app::{Command, PreviewTab, ZenbrazeApp, json_text};
use crate::lint::{self, Severity};
use crate::msg;
use crate::preview::{Preview, RowStatus, Shaped};
use crate::ui::UiExt as _;
use crate::ui::theme::{self, Tokens, size, space};
use crate::workspace::Direction;

pub(super) fn preview_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    paused_ui(app, ui);
    subject_picker_ui(app, ui);
    let all = if app.uses_tickets() {
        "tab-all-tickets"
    } else {
        "tab-all-users"
    };
    let tabs = [
        (PreviewTab::Body, app.i18n.tr("tab-body")),
        (PreviewTab::Request, app.i18n.tr("tab-request")),
        (PreviewTab::AllSubjects, app.i18n.tr(all)),
    ];
    ui.tab_bar(&mut app.remembered.preview_tab, &tabs);
    ui.separator();
    match app.remembered.preview_tab {
        PreviewTab::Body => body_preview_ui(app, ui),
        PreviewTab::Request => request_preview_ui(app, ui),
        PreviewTab::AllSubjects => all_subjects_ui(app, ui),
    }
}

/// After a start that stopped while rendering: why nothing renders, and the way back.
fn paused_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    let Some(unfinished) = &app.previews_paused else {
        return;
    };
    let text = app.say(&msg!(
        "previews-paused",
        workspace = unfinished.workspace.clone()
    ));
    ui.warning_label(text);
    ui.horizontal_wrapped(|ui| {
        if ui.button(app.tr("previews-resume")).clicked() {
            app.push(Command::ResumePreviews);
        }
        ui.weak(app.tr("previews-resume-hint"));
    });
    ui.separator();
}

fn subject_picker_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    let tickets = app.uses_tickets();
    let label = app
        .tr(if tickets {
            "preview-ticket"
        } else {
            "preview-user"
        })
        .to_owned();
    let current = app
        .subject()
        .map(|s| lint::user_label(s, app.subject_index()))
        .unwrap_or_else(|| app.tr("none").to_owned());
    let mut chosen = None;
    ui.horizontal(|ui| {
        let l = ui.label(&label);
        egui::ComboBox::from_id_salt("subject")
            .selected_text(current)
            .height(size::SUBJECT_PICKER_HEIGHT)
            .show_ui(ui, |ui| {
                for (i, s) in app.subjects().iter().enumerate() {
                    if ui
                        .selectable_label(i == app.subject_index(), lint::user_label(s, i))
                        .clicked()
                    {
                        chosen = Some(i);
                    }
                }
            })
            .response
            .labelled_by(l.id);
        if ui
            .small_button("▲")
            .on_hover_text(app.tr("cmd-previous-subject"))
            .clicked()
        {
            app.push(Command::PreviousSubject);
        }
        if ui
            .small_button("▼")
            .on_hover_text(app.tr("cmd-next-subject"))
            .clicked()
        {
            app.push(Command::NextSubject);
        }
    });
    // The context on a line of its own: beside the subject it runs out of a narrow preview.
    if !tickets {
        ui.horizontal(|ui| {
            let l = ui.label(app.tr("preview-context"));
            let none = app.tr("none").to_owned();
            let contexts: Vec<String> = app
                .doc
                .workspace
                .contexts
                .iter()
                .map(|c| c.name.clone())
                .collect();
            let selected = app
                .remembered
                .context
                .and_then(|c| contexts.get(c))
                .cloned()
                .unwrap_or(none.clone());
            egui::ComboBox::from_id_salt("context")
                .selected_text(selected)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut app.remembered.context, None, &none);
                    for (i, name) in contexts.iter().enumerate() {
                        ui.selectable_value(&mut app.remembered.context, Some(i), name);
                    }
                })
                .response
                .labelled_by(l.id);
        });
    }
    if let Some(i) = chosen {
        app.push(Command::SelectSubject(i));
    }
    if let Some(e) = app.environment_error() {
        let text = app.say(&msg!("context-invalid", error = e.clone()));
        ui.error_label(text);
    }
}

fn body_preview_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    // Rendering runs on the preview's worker: until its first result, and while a newer one is
    // on its way, say so (the last result stays on screen meanwhile).
    if app.preview_updating() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.weak(app.tr("preview-updating"));
        });
    }
    if app.preview_failed() {
        ui.error_label(app.tr("engine-failed"));
        return;
    }
    let Some(preview) = app.preview().cloned() else {
        return;
    };
    let tokens = theme::tokens(ui);
    match preview {
        Preview::Output(text) => {
            let key = app.preview_key().unwrap_or(0);
            if app.editor.shaped.as_ref().is_none_or(|(k, _)| *k != key) {
                app.editor.shaped = Some((key, crate::preview::shape_output(&text)));
            }
            let Some((_, shaped)) = &app.editor.shaped else {
                return;
            };
            let mut copied = false;
            match shaped {
                Shaped::Empty => {
                    ui.weak(app.tr("preview-empty"));
                }
                Shaped::Json(pretty) => {
                    ui.ok_label(app.tr("preview-valid-json"));
                    copied = scroll_text(ui, app.i18n.tr("copy-output"), pretty, None, tokens);
                }
                Shaped::Broken {
                    line,
                    column,
                    message,
                    line_range,
                } => {
                    ui.error_label(app.say(&msg!(
                        "preview-json-breaks",
                        line = *line,
                        column = *column,
                        message = json_text::problem(message)
                    )));
                    copied = scroll_text(
                        ui,
                        app.i18n.tr("copy-output"),
                        &text,
                        Some(line_range.clone()),
                        tokens,
                    );
                }
            }
            if copied {
                // The clipboard shows nothing: say it worked, for a moment.
                app.notify(false, msg!("copied-output"));
            }
        }
        Preview::Aborted(reason) => {
            ui.warning_label(app.say(&aborted(reason)));
        }
        Preview::TemplateError(e) => {
            ui.error_label(app.say(&template_error(&e)));
        }
        Preview::SubjectError(e) => {
            ui.error_label(app.say(&msg!("subject-invalid", error = e)));
        }
    }
}

/// Monospace text in a scroll area, one line highlighted as the place it breaks. Only the
/// visible lines are laid out: a 200 KB preview costs what a screenful does. Whether its Copy
/// button copied the text.
fn scroll_text(
    ui: &mut Ui,
    copy: &str,
    text: &str,
    broken: Option<Range<usize>>,
    tokens: &Tokens,
) -> bool {
    let copied = ui.small_button(copy).clicked();
    if copied {
        ui.ctx().copy_text(text.to_owned());
    }
    let lines: Vec<(usize, &str)> = text
        .split('\n')
        .scan(0, |at, line| {
            let start = *at;
            *at += line.len() + 1;
            Some((start, line))
        })
        .collect();
    let font = TextStyle::Monospace.resolve(ui.style());
    let row_height = ui.fonts_mut(|f| f.row_height(&font));
    let colour = ui.visuals().text_color();
    egui::ScrollArea::both()
        .id_salt("preview_scroll")
        .auto_shrink(false)
        .show_rows(ui, row_height, lines.len(), |ui, rows| {
            ui.spacing_mut().item_spacing.y = 0.0;
            for (start, line) in &lines[rows] {
                let is_broken = broken
                    .as_ref()
                    .is_some_and(|b| b.start <= *start && *start <= b.end);
                let mut rich = RichText::new(*line).font(font.clone()).color(colour);
                if is_broken {
                    rich = rich.background_color(tokens.break_background).underline();
                }
                ui.add(egui::Label::new(rich).extend());
            }
        });
    copied
}

fn request_preview_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    let Some(p) = app.payload() else {
        return;
    };
    let method = p.method.clone();
    let direction = p.direction;
    let Some(r) = app.rendered_request().cloned() else {
        return;
    };
    // URLs and header values wrap in their cell: cut at the pane's edge, the end of the URL
    // (the endpoint) was what could not be seen.
    let wrapped =
        |ui: &mut Ui, text: &str| ui.add(egui::Label::new(RichText::new(text).monospace()).wrap());
    // First what a send from the console does: the active profile's address and headers.
    let profile = app.active_profile_name().to_owned();
    ui.strong(app.say(&msg!("request-console", profile = profile.clone())));
    match app.planned_request() {
        Some(Ok(planned)) => {
            egui::Grid::new("request_console_grid")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    ui.strong(planned.method);
                    wrapped(ui, &planned.url);
                    ui.end_row();
                    for (name, value) in &planned.headers {
                        ui.monospace(*name);
                        wrapped(ui, value);
                        ui.end_row();
                    }
                    // The credential comes from the profile and is never shown.
                    ui.monospace("Authorization");
                    let auth = match &planned.auth_user {
                        Some(user) => msg!(
                            "auth-masked-user",
                            scheme = planned.auth_scheme,
                            mask = crate::secrets::MASK,
                            user = user.clone(),
                            profile = profile.clone()
                        ),
                        None => msg!(
                            "auth-masked",
                            scheme = planned.auth_scheme,
                            mask = crate::secrets::MASK,
                            profile = profile.clone()
                        ),
                    };
                    wrapped(ui, &app.say(&auth));
                    ui.end_row();
                });
        }
        Some(Err(why)) => {
            ui.error_label(app.say(&why));
        }
        None => {}
    }
    ui.separator();
    // Then the webhook's own URL and headers: what the service calling it is set up with.
    ui.strong(app.tr(match direction {
        Direction::BrazeToZendesk => "request-webhook-braze",
        Direction::ZendeskToBraze => "request-webhook-zendesk",
    }));
    egui::Grid::new("request_grid")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            ui.strong(&method);
            match &r.url {
                Ok(url) => wrapped(ui, url),
                Err(e) => ui.error_label(app.say(e)),
            };
            ui.end_row();
            for (name, value) in &r.headers {
                ui.monospace(name);
                match value {
                    Ok(v) => wrapped(ui, v),
                    Err(e) => ui.error_label(app.say(e)),
                };
                ui.end_row();
            }
        });
    if !r.findings.is_empty() {
        ui.separator();
        for f in &r.findings {
            let text = format!("{}: {}", f.field, app.say(&f.message));
            match f.severity {
                Severity::Error => ui.error_label(text),
                _ => ui.warning_label(text),
            };
        }
    }
}

fn all_subjects_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    let (rows, updating) = app.survey();
    let Some(rows) = rows else {
        ui.weak(app.tr("survey-running"));
        return;
    };
    let rows = match rows {
        Ok(rows) => rows.clone(),
        Err(e) => {
            let e = app.say(e);
            ui.error_label(e);
            return;
        }
    };
    let ok = rows.iter().filter(|r| r.status == RowStatus::Ok).count();
    let aborted_rows = rows
        .iter()
        .filter(|r| matches!(r.status, RowStatus::Aborted(_)))
        .count();
    let problems = rows.len() - ok - aborted_rows;
    ui.horizontal(|ui| {
        ui.label(app.say(&msg!(
            "survey-summary",
            ok = ok,
            problems = problems,
            aborted = aborted_rows
        )));
        if updating {
            ui.weak(app.tr("survey-updating"));
        }
    });
    let tokens = theme::tokens(ui);
    let row_height = ui.text_style_height(&TextStyle::Body) + space::XS;
    let selected = app.subject_index();
    let mut chosen = None;
    // The user's column gives way in a narrow preview, so the counts beside it stay whole.
    let name_width =
        (ui.available_width() * 0.35).clamp(size::NAME_COLUMN_MIN_WIDTH, size::NAME_COLUMN_WIDTH);
    egui::ScrollArea::vertical()
        .id_salt("survey")
        .auto_shrink(false)
        .show_rows(ui, row_height, rows.len(), |ui, range| {
            for i in range {
                let row = &rows[i];
                ui.horizontal(|ui| {
                    let label = egui::Button::selectable(i == selected, &row.label);
                    if ui
                        .add_sized(egui::vec2(name_width, row_height - space::XXS), label)
                        .clicked()
                    {
                        chosen = Some(i);
                    }
                    match &row.status {
                        RowStatus::Ok => {
                            ui.label(RichText::new(app.tr("row-ok")).color(tokens.ok));
                        }
                        RowStatus::Findings {
                            errors,
                            warnings,
                            first,
                        } => {
                            let colour = if *errors > 0 {
                                tokens.error
                            } else {
                                tokens.warning
                            };
                            ui.label(
                                RichText::new(app.say(&msg!(
                                    "row-findings",
                                    errors = *errors,
                                    warnings = *warnings
                                )))
                                .color(colour),
                            );
                            // Cut with … where the pane ends, the whole finding on hover.
                            ui.add(
                                egui::Label::new(RichText::new(app.say(first)).weak()).truncate(),
                            );
                        }
                        RowStatus::Aborted(reason) => {
                            ui.label(
                                RichText::new(app.say(&aborted(reason.clone()))).color(tokens.hint),
                            );
                        }
                        RowStatus::Failed(e) => {
                            ui.label(RichText::new(app.say(e)).color(tokens.error));
                        }
                    }
                });
            }
        });
    if let Some(i) = chosen {
        app.push(Command::SelectSubject(i));
        app.remembered.preview_tab = PreviewTab::Body;
    }
}
