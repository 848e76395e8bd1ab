//! Importing sample users: a file or pasted text (JSON: an export answer, an array or JSON
//! Lines; CSV with a column mapping step), or straight from Braze through the active profile.

use egui::{Context, Ui};

use super::UiExt as _;
use crate::app::{Command, ImportDialog, ImportSource, ZenbrazeApp};
use crate::i18n::arg;
use crate::users::STANDARD_ATTRIBUTES;
use crate::users::csv::{self, Field};

/// Reads the dialog's text as JSON or CSV (pure; called when the text changes).
pub fn prepare(dialog: &mut ImportDialog, i18n: &crate::i18n::Catalogue) {
    dialog.json = None;
    dialog.csv = None;
    dialog.error = None;
    let text = dialog.text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return;
    }
    if text.trim_start().starts_with(['{', '[']) {
        match crate::users::parse_json(text) {
            Ok(users) => dialog.json = Some(users),
            Err(e) => dialog.error = Some(i18n.say(&e)),
        }
    } else {
        match csv::parse(text) {
            Ok(table) => {
                let mapping = csv::guess_mapping(&table.headers);
                dialog.csv = Some((table, mapping));
            }
            Err(e) => dialog.error = Some(i18n.say(&e)),
        }
    }
}

pub fn ui(app: &mut ZenbrazeApp, ctx: &Context) {
    let Some(mut dialog) = app.import.take() else {
        return;
    };
    let mut keep = true;
    let modal = egui::Modal::new(egui::Id::unique("import")).show(ctx, |ui| {
        ui.set_width(680.0);
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
                    prepare(&mut dialog, app.i18n);
                }
            }
            ImportSource::Braze => braze_ui(app, ui, &mut dialog),
        }
        if let Some(e) = &dialog.error {
            ui.error_label(e);
        }
        if dialog.source != ImportSource::Braze {
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
            ui.add(egui::TextEdit::singleline(&mut dialog.path).desired_width(420.0))
        });
        let read = ui.add_enabled(!dialog.loading, egui::Button::new(app.tr("action-read")));
        if read.clicked() {
            let path = std::path::PathBuf::from(dialog.path.trim());
            dialog.loading = true;
            app.background.read_import = Some(crate::app::read_file(ui.ctx(), path));
        }
        if dialog.loading {
            ui.spinner();
        }
    });
}

fn braze_ui(app: &mut ZenbrazeApp, ui: &mut Ui, dialog: &mut ImportDialog) {
    let profile = app.active_profile_name().to_owned();
    ui.label(
        app.i18n
            .format("import-braze-help", &[("profile", arg(profile))]),
    );
    let label = app.tr("import-braze-ids").to_owned();
    ui.labelled(&label, |ui| {
        ui.add(
            egui::TextEdit::multiline(&mut app.users_view.braze_ids)
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        )
    });
    let ids: Vec<String> = app
        .users_view
        .braze_ids
        .split([',', ' ', '\n', '\t', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    ui.horizontal(|ui| {
        let go = ui.add_enabled(
            !ids.is_empty() && !dialog.loading && ids.len() <= 50,
            egui::Button::new(
                app.i18n
                    .format("import-braze-go", &[("count", arg(ids.len()))]),
            ),
        );
        if go.clicked() {
            dialog.loading = true;
            dialog.error = None;
            app.push(Command::ImportFromBraze(ids.clone()));
        }
        if dialog.loading {
            ui.spinner();
        }
    });
    if ids.len() > 50 {
        ui.error_label(app.tr("import-braze-limit"));
    }
}

/// "Add N users"; whether it was clicked.
fn add_button_ui(app: &ZenbrazeApp, ui: &mut Ui, count: usize) -> bool {
    let label = app.i18n.format("import-add", &[("count", arg(count))]);
    ui.add_enabled(count > 0, egui::Button::new(label))
        .clicked()
}

fn result_ui(app: &mut ZenbrazeApp, ui: &mut Ui, dialog: &mut ImportDialog) {
    if let Some(users) = &dialog.json {
        ui.label(
            app.i18n
                .format("import-found", &[("count", arg(users.len()))]),
        );
        if add_button_ui(app, ui, users.len()) {
            app.push(Command::AddUsers(users.clone()));
        }
    }
    let Some((table, mapping)) = &mut dialog.csv else {
        return;
    };
    ui.label(app.i18n.format(
        "import-csv-mapping",
        &[
            ("rows", arg(table.rows.len())),
            ("columns", arg(table.headers.len())),
        ],
    ));
    let skip = app.tr("mapping-skip").to_owned();
    let custom = app.tr("mapping-custom").to_owned();
    egui::ScrollArea::vertical()
        .max_height(260.0)
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
    let (users, warnings) = csv::apply(table, mapping);
    for w in warnings.iter().take(5) {
        ui.warning_label(app.i18n.say(w));
    }
    if add_button_ui(app, ui, users.len()) {
        app.push(Command::AddUsers(users));
    }
}
