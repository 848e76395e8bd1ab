//! The import dialog: a file, pasted text, or Braze. What the text holds is read off the UI
//! thread (`app::import`); this draws it, the CSV mapping step, and the "Add N users" button.

use egui::{Context, Ui};

use super::UiExt as _;
use super::theme::size;
use crate::app::import::{BRAZE_EXPORT_LIMIT, Parsed};
use crate::app::{Command, ImportDialog, ImportSource, ZenbrazeApp};
use crate::msg;
use crate::users::STANDARD_ATTRIBUTES;
use crate::users::csv::Field;

pub fn ui(app: &mut ZenbrazeApp, ctx: &Context) {
    let Some(mut dialog) = app.import.take() else {
        return;
    };
    let mut keep = true;
    // Anchored by its top, not its centre: its height changes with the tab and what was read,
    // and a centred dialog moved its tabs from under the pointer.
    let id = egui::Id::unique("import");
    let area = egui::Modal::default_area(id).anchor(
        egui::Align2::CENTER_TOP,
        egui::vec2(0.0, size::DIALOG_TOP_OFFSET),
    );
    let modal = egui::Modal::new(id).area(area).show(ctx, |ui| {
        ui.set_width(size::IMPORT_WIDTH);
        ui.heading(app.tr("import-title"));
        let tabs = [
            (ImportSource::File, app.i18n.tr("import-from-file")),
            (ImportSource::Paste, app.i18n.tr("import-paste")),
            (ImportSource::Braze, app.i18n.tr("import-from-braze")),
        ];
        ui.tab_bar(&mut dialog.source, &tabs);
        ui.separator();
        match dialog.source {
            ImportSource::File => file_ui(app, ui, &mut dialog),
            ImportSource::Paste => {
                ui.weak(app.tr("import-formats"));
                let label = app.tr("import-text").to_owned();
                if ui.json_editor(&label, &mut dialog.text, 8).changed() {
                    dialog.text_changed();
                }
            }
            ImportSource::Braze => braze_ui(app, ui, &mut dialog),
        }
        if dialog.source != ImportSource::Braze {
            if let Some(e) = dialog.error() {
                ui.error_label(app.say(e));
            }
            result_ui(app, ui, &mut dialog);
        }
        ui.separator();
        if ui.button(app.tr("action-cancel")).clicked() {
            keep = false;
        }
    });
    if modal.should_close() {
        keep = false;
    }
    // Adding users closes the dialog (the command clears it).
    if keep && app.import.is_none() {
        app.import = Some(dialog);
    }
}

fn file_ui(app: &mut ZenbrazeApp, ui: &mut Ui, dialog: &mut ImportDialog) {
    ui.weak(app.tr("import-formats"));
    ui.horizontal(|ui| {
        let label = app.tr("file-path").to_owned();
        ui.labelled(&label, |ui| {
            ui.add(
                egui::TextEdit::singleline(&mut dialog.path).desired_width(size::LONG_FIELD_WIDTH),
            )
        });
        let reading = dialog.reading();
        let read = ui.add_enabled(!reading, egui::Button::new(app.tr("action-read")));
        if read.clicked() {
            app.push(Command::ReadImportFile);
        }
        let choosing = app.background.choosing();
        if ui
            .add_enabled(
                !reading && !choosing,
                egui::Button::new(app.tr("action-choose-file")),
            )
            .clicked()
        {
            app.push(Command::ChooseFile(
                crate::app::chooser::ChoosePurpose::Import,
            ));
        }
        if reading || choosing {
            ui.spinner();
        }
    });
}

fn braze_ui(app: &mut ZenbrazeApp, ui: &mut Ui, dialog: &mut ImportDialog) {
    let profile = app.active_profile_name().to_owned();
    ui.label(app.say(&msg!("import-braze-help", profile = profile)));
    let label = app.tr("import-braze-ids").to_owned();
    ui.labelled(&label, |ui| {
        ui.add(
            egui::TextEdit::multiline(&mut dialog.braze_ids)
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        )
    });
    let ids = dialog.braze_id_list();
    let busy = app.importing_from_braze();
    ui.horizontal(|ui| {
        let go = ui.add_enabled(
            !ids.is_empty() && !busy && ids.len() <= BRAZE_EXPORT_LIMIT,
            egui::Button::new(app.say(&msg!("import-braze-go", count = ids.len()))),
        );
        if go.clicked() {
            app.push(Command::ImportFromBraze(ids.clone()));
        }
        if busy {
            ui.spinner();
        }
    });
    if ids.len() > BRAZE_EXPORT_LIMIT {
        ui.error_label(app.say(&msg!("import-braze-limit", limit = BRAZE_EXPORT_LIMIT)));
    }
    if let Some(e) = &dialog.braze_error {
        ui.error_label(app.say(e));
    }
}

/// "Add N users"; whether it was clicked.
fn add_button_ui(app: &ZenbrazeApp, ui: &mut Ui, count: Option<usize>) -> bool {
    let label = app.say(&msg!("import-add", count = count.unwrap_or(0)));
    ui.horizontal(|ui| {
        let clicked = ui
            .add_enabled(count.is_some_and(|n| n > 0), egui::Button::new(label))
            .clicked();
        if count.is_none() {
            ui.spinner();
        }
        clicked
    })
    .inner
}

fn result_ui(app: &mut ZenbrazeApp, ui: &mut Ui, dialog: &mut ImportDialog) {
    if dialog.reading() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.weak(app.tr("import-reading"));
        });
    }
    if let Some(Parsed::Json(users)) = dialog.parsed() {
        ui.label(app.say(&msg!("import-found", count = users.len())));
        if add_button_ui(app, ui, Some(users.len())) {
            app.push(Command::AddImportedUsers);
        }
    }
    let ready = dialog.mapped().map(|(users, _)| users.len());
    let warnings: Vec<String> = dialog
        .mapped()
        .map(|(_, w)| w.iter().take(5).map(|p| app.i18n.say(p)).collect())
        .unwrap_or_default();
    let Some((table, mapping)) = dialog.csv_mut() else {
        return;
    };
    ui.label(app.say(&msg!(
        "import-csv-mapping",
        rows = table.rows.len(),
        columns = table.headers.len()
    )));
    let skip = app.tr("mapping-skip").to_owned();
    let custom = app.tr("mapping-custom").to_owned();
    egui::ScrollArea::vertical()
        .max_height(size::MAPPING_LIST_MAX_HEIGHT)
        .id_salt("mapping")
        .show(ui, |ui| {
            egui::Grid::new("mapping_grid")
                .num_columns(3)
                .striped(true)
                .show(ui, |ui| {
                    for (i, (header, field)) in
                        table.headers.iter().zip(mapping.iter_mut()).enumerate()
                    {
                        let l = ui.label(header);
                        let example = table
                            .rows
                            .first()
                            .and_then(|r| r.get(i))
                            .cloned()
                            .unwrap_or_default();
                        let shown = match field {
                            Field::Skip => skip.clone(),
                            Field::Standard(s) => (*s).to_owned(),
                            Field::Custom(c) => format!("{custom}: {c}"),
                        };
                        egui::ComboBox::from_id_salt(("map", i))
                            .selected_text(shown)
                            .show_ui(ui, |ui| {
                                ui.selectable_value(field, Field::Skip, &skip);
                                for s in std::iter::once("external_id")
                                    .chain(STANDARD_ATTRIBUTES.iter().copied())
                                {
                                    ui.selectable_value(field, Field::Standard(s), s);
                                }
                                let as_custom = Field::Custom(header.trim().to_owned());
                                ui.selectable_value(
                                    field,
                                    as_custom,
                                    format!("{custom}: {}", header.trim()),
                                );
                            })
                            .response
                            .labelled_by(l.id);
                        ui.weak(example);
                        ui.end_row();
                    }
                });
        });
    for w in &warnings {
        ui.warning_label(w);
    }
    if add_button_ui(app, ui, ready) {
        app.push(Command::AddImportedUsers);
    }
}
