//! Dialogs over the panels: the command palette, the file path prompt, and the question asked
//! before anything is deleted.

use egui::{Context, Key};

use super::UiExt as _;
use super::theme::{size, space};
use crate::app::chooser::ChoosePurpose;
use crate::app::{Command, PathPurpose, ZenbrazeApp};
use crate::msg;

/// Every action, searchable; Enter runs the highlighted one, Escape closes.
pub fn palette_ui(app: &mut ZenbrazeApp, ctx: &Context) {
    let Some(mut palette) = app.palette.take() else {
        return;
    };
    let query = palette.query.to_lowercase();
    let hits: Vec<Command> = Command::palette()
        .filter(|c| {
            c.label_key()
                .is_some_and(|k| app.tr(k).to_lowercase().contains(&query))
        })
        .collect();
    let mut run = None;
    let mut keep = true;
    let modal = egui::Modal::new(egui::Id::unique("palette")).show(ctx, |ui| {
        ui.set_width(size::PALETTE_WIDTH);
        let title = app.tr("palette-title");
        let response = ui.labelled(title, |ui| {
            ui.add(egui::TextEdit::singleline(&mut palette.query).hint_text(app.tr("palette-hint")))
        });
        response.request_focus();
        if response.changed() {
            palette.selected = 0;
        }
        if ui.input(|i| i.key_pressed(Key::ArrowDown)) {
            palette.selected = (palette.selected + 1).min(hits.len().saturating_sub(1));
        }
        if ui.input(|i| i.key_pressed(Key::ArrowUp)) {
            palette.selected = palette.selected.saturating_sub(1);
        }
        if hits.is_empty() {
            // An empty list under a query reads as a broken palette: say nothing matched.
            let text = app.say(&crate::msg!(
                "palette-no-matches",
                query = palette.query.trim()
            ));
            ui.weak(text);
        }
        egui::ScrollArea::vertical()
            .max_height(size::PALETTE_LIST_MAX_HEIGHT)
            .show(ui, |ui| {
                for (i, cmd) in hits.iter().enumerate() {
                    let name = cmd.label_key().map_or("", |k| app.tr(k));
                    let mut b = egui::Button::selectable(i == palette.selected, name);
                    if let Some(s) = cmd.shortcut() {
                        b = b.shortcut_text(ui.ctx().format_shortcut(&s));
                    }
                    if ui.add(b).clicked() {
                        run = Some(cmd.clone());
                    }
                }
            });
        if ui.input(|i| i.key_pressed(Key::Enter)) {
            run = hits.get(palette.selected).cloned();
        }
    });
    if modal.should_close() || run.is_some() {
        keep = false;
    }
    if let Some(cmd) = run {
        app.push(cmd);
    }
    if keep {
        app.palette = Some(palette);
    }
}

/// Asks where to open, save or export the workspace.
pub fn path_ui(app: &mut ZenbrazeApp, ctx: &Context) {
    let Some(mut dialog) = app.path_dialog.take() else {
        return;
    };
    let title = Command::Ask(dialog.purpose).label_key().unwrap_or_default();
    let action = match dialog.purpose {
        PathPurpose::Open => "action-open",
        PathPurpose::SaveAs => "action-save",
        PathPurpose::Export | PathPurpose::ExportCase => "action-export",
    };
    let mut keep = true;
    let modal = egui::Modal::new(egui::Id::unique("path_dialog")).show(ctx, |ui| {
        ui.set_width(size::PATH_DIALOG_WIDTH);
        ui.heading(app.tr(title));
        let edit = ui.labelled(app.tr("file-path"), |ui| {
            ui.add(egui::TextEdit::singleline(&mut dialog.path).desired_width(f32::INFINITY))
        });
        if edit.changed() {
            dialog.error = None;
        }
        if let Some(e) = &dialog.error {
            ui.error_label(app.say(e));
        }
        ui.horizontal(|ui| {
            let go = ui.button(app.tr(action)).clicked()
                || (edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)));
            if go {
                let path = std::path::PathBuf::from(dialog.path.trim());
                if dialog.path.trim().is_empty() {
                    dialog.error = Some(msg!("file-path-empty"));
                } else if dialog.purpose == PathPurpose::Open && !path.is_file() {
                    dialog.error = Some(msg!("file-not-found"));
                } else {
                    app.push(match dialog.purpose {
                        PathPurpose::Open => Command::Open(path),
                        PathPurpose::SaveAs => Command::SaveAs(path),
                        PathPurpose::Export => Command::Export(path),
                        PathPurpose::ExportCase => Command::ExportCase(path),
                    });
                    keep = false;
                }
            }
            if ui.button(app.tr("action-cancel")).clicked() {
                keep = false;
            }
            ui.separator();
            let choosing = app.background.choosing();
            if ui
                .add_enabled(!choosing, egui::Button::new(app.tr("action-choose-file")))
                .clicked()
            {
                app.push(Command::ChooseFile(match dialog.purpose {
                    PathPurpose::Open => ChoosePurpose::Open,
                    PathPurpose::SaveAs => ChoosePurpose::SaveAs,
                    PathPurpose::Export => ChoosePurpose::Export,
                    PathPurpose::ExportCase => ChoosePurpose::ExportCase,
                }));
            }
            if choosing {
                ui.spinner();
                ui.weak(app.tr("chooser-open"));
            }
        });
    });
    if modal.should_close() {
        keep = false;
    }
    if keep {
        app.path_dialog = Some(dialog);
    }
}

/// Asks before a destructive command runs: what will be lost, named; Escape or Cancel keeps it.
pub fn confirm_ui(app: &mut ZenbrazeApp, ctx: &Context) {
    let Some(confirm) = &app.confirm else {
        return;
    };
    let question = app.say(&confirm.question);
    let detail = confirm.detail.as_ref().map(|d| app.say(d));
    let action = app.tr(confirm.action).to_owned();
    let command = confirm.command.clone();
    let destructive = confirm.destructive;
    let mut answer = None;
    let modal = egui::Modal::new(egui::Id::unique("confirm_destructive")).show(ctx, |ui| {
        ui.set_width(size::CONFIRM_WIDTH);
        // A loss is asked in large type, in the danger colour; a question that only informs
        // (where a credential goes) reads as a plain sentence with a plain button.
        if destructive {
            ui.heading(question);
        } else {
            ui.label(egui::RichText::new(question).strong());
        }
        if let Some(detail) = detail {
            ui.label(detail);
        }
        if destructive {
            ui.label(app.tr("confirm-cannot-undo"));
        }
        ui.add_space(space::S);
        ui.horizontal(|ui| {
            let tokens = super::theme::tokens(ui);
            let mut text = egui::RichText::new(action);
            if destructive {
                text = text.color(tokens.error);
            }
            let go = egui::Button::new(text);
            if ui.add(go).clicked() {
                answer = Some(Command::Confirmed(Box::new(command)));
            }
            if ui.button(app.tr("action-cancel")).clicked() {
                answer = Some(Command::CancelConfirm);
            }
        });
    });
    if modal.should_close() && answer.is_none() {
        answer = Some(Command::CancelConfirm);
    }
    if let Some(a) = answer {
        app.push(a);
    }
}
