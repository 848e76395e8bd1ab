//! Dialogs over the panels: the command palette and the file path prompt.

use egui::{Context, Key};

use super::UiExt as _;
use crate::app::{Command, PathPurpose, ZenbrazeApp, command};

/// Every action, searchable; Enter runs the highlighted one, Escape closes.
pub fn palette_ui(app: &mut ZenbrazeApp, ctx: &Context) {
    let Some(mut palette) = app.palette.take() else {
        return;
    };
    let entries = command::palette_entries();
    let query = palette.query.to_lowercase();
    let hits: Vec<_> = entries
        .iter()
        .filter(|(_, key, _)| app.tr(key).to_lowercase().contains(&query))
        .collect();
    let mut run = None;
    let mut keep = true;
    let modal = egui::Modal::new(egui::Id::unique("palette")).show(ctx, |ui| {
        ui.set_width(420.0);
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
        egui::ScrollArea::vertical()
            .max_height(320.0)
            .show(ui, |ui| {
                for (i, (cmd, key, shortcut)) in hits.iter().enumerate() {
                    let mut b = egui::Button::selectable(i == palette.selected, app.tr(key));
                    if let Some(s) = shortcut {
                        b = b.shortcut_text(ui.ctx().format_shortcut(s));
                    }
                    if ui.add(b).clicked() {
                        run = Some(cmd.clone());
                    }
                }
            });
        if ui.input(|i| i.key_pressed(Key::Enter)) {
            run = hits.get(palette.selected).map(|(c, _, _)| c.clone());
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
    let (title, action) = match dialog.purpose {
        PathPurpose::Open => ("cmd-open", "action-open"),
        PathPurpose::SaveAs => ("cmd-save-as", "action-save"),
        PathPurpose::Export => ("cmd-export", "action-export"),
    };
    let mut keep = true;
    let modal = egui::Modal::new(egui::Id::unique("path_dialog")).show(ctx, |ui| {
        ui.set_width(520.0);
        ui.heading(app.tr(title));
        let edit = ui.labelled(app.tr("file-path"), |ui| {
            ui.add(egui::TextEdit::singleline(&mut dialog.path).desired_width(f32::INFINITY))
        });
        if edit.changed() {
            dialog.error = None;
        }
        if let Some(e) = &dialog.error {
            ui.error_label(e);
        }
        ui.horizontal(|ui| {
            let go = ui.button(app.tr(action)).clicked()
                || (edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)));
            if go {
                let path = std::path::PathBuf::from(dialog.path.trim());
                if dialog.path.trim().is_empty() {
                    dialog.error = Some(app.tr("file-path-empty").to_owned());
                } else if dialog.purpose == PathPurpose::Open && !path.is_file() {
                    dialog.error = Some(app.tr("file-not-found").to_owned());
                } else {
                    app.push(match dialog.purpose {
                        PathPurpose::Open => Command::Open(path),
                        PathPurpose::SaveAs => Command::SaveAs(path),
                        PathPurpose::Export => Command::Export(path),
                    });
                    keep = false;
                }
            }
            if ui.button(app.tr("action-cancel")).clicked() {
                keep = false;
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
