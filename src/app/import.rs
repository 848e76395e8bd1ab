//! Importing sample users: a file or pasted text (JSON: an export answer, an array or JSON Lines;
//! CSV with a column mapping step), or straight from Braze through the active profile. Reading a
//! file, parsing the text and applying a CSV mapping all run off the UI thread: an import can be
//! tens of megabytes. What was read is keyed by the text's revision, so a result that arrives
//! after the text changed again is dropped.

use std::path::PathBuf;
use std::sync::Arc;

use poll_promise::Promise;
use serde_json::Value as Json;

use super::ZenbrazeApp;
use super::jobs::{spawn_async, spawn_blocking, take_ready};
use crate::api::ClientOptions;
use crate::api::braze::ExportRequest;
use crate::i18n::Message;
use crate::msg;
use crate::users::csv::{self, Field, Table};

/// The largest file the import reads.
pub const MAX_IMPORT_BYTES: u64 = 64 << 20;

/// Braze's `/users/export/ids` takes at most this many external ids.
pub const BRAZE_EXPORT_LIMIT: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ImportSource {
    #[default]
    File,
    Paste,
    Braze,
}

/// What the text holds, once read.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    /// Nothing yet (no text).
    Empty,
    /// Users from JSON.
    Json(Vec<Json>),
    /// A CSV table and where each column goes (the mapping step edits it).
    Csv(Arc<Table>, Vec<Field>),
    /// Why the text could not be read.
    Failed(Message),
}

/// Users from a CSV table under one mapping, and what did not fit.
pub type Mapped = (Vec<Json>, Vec<csv::CsvProblem>);

/// Names a table (by the text's revision) under one mapping.
type MappingKey = (u64, Vec<Field>);

/// The import dialog.
#[derive(Default)]
pub struct ImportDialog {
    pub source: ImportSource,
    pub path: String,
    pub text: String,
    /// Bumped whenever `text` changes; results for an older text are dropped.
    revision: u64,
    /// What the text at this revision holds.
    parsed: Option<(u64, Parsed)>,
    /// Reading a file or parsing text: the revision it is for.
    reading: Option<(u64, Promise<Parsed>)>,
    /// The users a CSV mapping gives, keyed by the text's revision and the mapping; the run for
    /// a newer one.
    mapped: Option<(MappingKey, Mapped)>,
    mapping_run: Option<(MappingKey, Promise<Mapped>)>,
    /// A Braze export in flight, or why the last one failed.
    pub braze_ids: String,
    pub(crate) braze_error: Option<Message>,
}

impl ImportDialog {
    /// The person changed the text: read it again (off the UI thread, in the next `logic`).
    pub fn text_changed(&mut self) {
        self.revision += 1;
    }

    /// What the current text holds; None while it is being read.
    pub fn parsed(&self) -> Option<&Parsed> {
        self.parsed
            .as_ref()
            .filter(|(r, _)| *r == self.revision)
            .map(|(_, p)| p)
    }

    /// Whether a file is being read or text parsed.
    pub fn reading(&self) -> bool {
        self.reading.is_some()
    }

    /// The CSV mapping being edited, when the text is CSV.
    pub fn csv_mut(&mut self) -> Option<(&Table, &mut Vec<Field>)> {
        let revision = self.revision;
        match self.parsed.as_mut() {
            Some((r, Parsed::Csv(table, mapping))) if *r == revision => Some((table, mapping)),
            _ => None,
        }
    }

    /// The users the current mapping gives, and the rows it could not use; None while they are
    /// being worked out.
    pub fn mapped(&self) -> Option<&Mapped> {
        let key = self.mapping_key()?;
        self.mapped
            .as_ref()
            .filter(|(k, _)| *k == key)
            .map(|(_, m)| m)
    }

    /// The users ready to add: from JSON, or from CSV under the current mapping.
    pub fn ready_users(&self) -> Option<&[Json]> {
        match self.parsed()? {
            Parsed::Json(users) => Some(users),
            Parsed::Csv(..) => self.mapped().map(|(users, _)| users.as_slice()),
            _ => None,
        }
    }

    /// Why the text or the file could not be read.
    pub fn error(&self) -> Option<&Message> {
        match self.parsed() {
            Some(Parsed::Failed(e)) => Some(e),
            _ => None,
        }
    }

    /// Names the CSV mapping (and its table) as it is now.
    fn mapping_key(&self) -> Option<MappingKey> {
        match self.parsed.as_ref()? {
            (r, Parsed::Csv(_, mapping)) if *r == self.revision => Some((*r, mapping.clone())),
            _ => None,
        }
    }

    /// Starts what the dialog waits for and collects what finished. Cheap when nothing changed.
    pub(crate) fn update(&mut self, ctx: &egui::Context) {
        if let Some((revision, promise)) = self.reading.take() {
            match promise.try_take() {
                Ok(parsed) => {
                    if revision == self.revision {
                        self.parsed = Some((revision, parsed));
                    }
                }
                Err(pending) => {
                    self.reading = Some((revision, pending));
                    return;
                }
            }
        }
        let stale = self
            .parsed
            .as_ref()
            .is_none_or(|(r, _)| *r != self.revision);
        if stale {
            let text = self.text.clone();
            let revision = self.revision;
            self.reading = Some((revision, spawn_blocking(ctx, move || read_users(&text))));
            return;
        }
        self.update_mapping(ctx);
    }

    fn update_mapping(&mut self, ctx: &egui::Context) {
        if let Some((key, promise)) = self.mapping_run.take() {
            match promise.try_take() {
                Ok(mapped) => self.mapped = Some((key, mapped)),
                Err(pending) => {
                    self.mapping_run = Some((key, pending));
                    return;
                }
            }
        }
        let Some(key) = self.mapping_key() else {
            return;
        };
        if self.mapped.as_ref().is_some_and(|(k, _)| *k == key) {
            return;
        }
        if let Some((_, Parsed::Csv(table, mapping))) = &self.parsed {
            let (table, mapping) = (Arc::clone(table), mapping.clone());
            self.mapping_run = Some((
                key,
                spawn_blocking(ctx, move || csv::apply(&table, &mapping)),
            ));
        }
    }

    /// Reads the file at `path` (at most [`MAX_IMPORT_BYTES`]), then its users. The file's
    /// text is not kept: only what it holds.
    pub(crate) fn read_file(&mut self, ctx: &egui::Context) {
        let path = PathBuf::from(self.path.trim());
        self.revision += 1;
        let revision = self.revision;
        self.reading = Some((
            revision,
            spawn_blocking(ctx, move || match read_text(&path) {
                Ok(text) => read_users(&text),
                Err(e) => Parsed::Failed(e),
            }),
        ));
    }

    /// The external ids typed for a Braze export.
    pub fn braze_id_list(&self) -> Vec<String> {
        self.braze_ids
            .split([',', ' ', '\n', '\t', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

/// A text file of at most [`MAX_IMPORT_BYTES`], as UTF-8.
pub fn read_text(path: &std::path::Path) -> Result<String, Message> {
    let shown = path.display().to_string();
    let failed = |e: std::io::Error| {
        msg!(
            "import-file-unreadable",
            path = shown.clone(),
            error = e.to_string()
        )
    };
    let meta = std::fs::metadata(path).map_err(failed)?;
    if meta.len() > MAX_IMPORT_BYTES {
        return Err(msg!("import-file-too-large", path = shown, megabytes = 64));
    }
    std::fs::read_to_string(path).map_err(failed)
}

/// Reads users from text: JSON (an export answer, an array, JSON Lines) or CSV with a header
/// row. Pure, and run off the UI thread.
pub fn read_users(text: &str) -> Parsed {
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Parsed::Empty;
    }
    if text.trim_start().starts_with(['{', '[']) {
        match crate::users::parse_json(text) {
            Ok(users) => Parsed::Json(users),
            Err(e) => Parsed::Failed(crate::i18n::Localize::message(&e)),
        }
    } else {
        match csv::parse(text) {
            Ok(table) => {
                let mapping = csv::guess_mapping(&table.headers);
                Parsed::Csv(Arc::new(table), mapping)
            }
            Err(e) => Parsed::Failed(crate::i18n::Localize::message(&e)),
        }
    }
}

impl ZenbrazeApp {
    /// Exports these users from Braze with the active profile.
    pub(crate) fn start_braze_import(&mut self, ctx: &egui::Context, ids: Vec<String>) {
        let Some(profile) = self.active_profile() else {
            return;
        };
        let store = Arc::clone(&self.config.store);
        self.background.braze_import = Some(spawn_async(ctx, async move {
            let client =
                crate::connect::braze_client(&profile, store.as_ref(), ClientOptions::default())
                    .map_err(|e| crate::i18n::Localize::message(&e))?;
            let request = ExportRequest {
                external_ids: ids,
                ..ExportRequest::default()
            };
            let outcome = client.export_ids(&request).await;
            outcome
                .result
                .map(|r| (r.users, r.invalid_user_ids))
                .map_err(|e| crate::i18n::Localize::message(&e))
        }));
        if let Some(dialog) = &mut self.import {
            dialog.braze_error = None;
        }
    }

    /// Whether a Braze export runs.
    pub fn importing_from_braze(&self) -> bool {
        self.background.braze_import.is_some()
    }

    /// Adds the users the dialog read.
    pub(crate) fn add_imported_users(&mut self) {
        let users = self
            .import
            .as_ref()
            .and_then(ImportDialog::ready_users)
            .map(<[Json]>::to_vec);
        if let Some(users) = users {
            self.add_users(users);
        }
    }

    pub(crate) fn poll_import(&mut self, ctx: &egui::Context) {
        if let Some(dialog) = &mut self.import {
            dialog.update(ctx);
        }
        if let Some(result) = take_ready(&mut self.background.braze_import) {
            match result {
                Ok((users, invalid)) => {
                    if !invalid.is_empty() {
                        self.notify(true, msg!("braze-unknown-ids", ids = invalid.join(", ")));
                    }
                    self.add_users(users);
                }
                Err(e) => {
                    if let Some(d) = &mut self.import {
                        d.braze_error = Some(e);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_csv_and_nothing_are_told_apart() {
        assert_eq!(read_users("  \n"), Parsed::Empty);
        match read_users("\u{feff}[{\"external_id\": \"a\"}]") {
            Parsed::Json(users) => assert_eq!(users.len(), 1),
            other => panic!("{other:?}"),
        }
        match read_users("external_id;first_name;plan\nimp-3;Zoë;gold\n") {
            Parsed::Csv(table, mapping) => {
                assert_eq!(table.rows.len(), 1);
                assert_eq!(mapping[2], Field::Custom("plan".into()));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            read_users("[{\"external_id\": }]"),
            Parsed::Failed(_)
        ));
    }

    #[test]
    fn a_missing_or_huge_file_is_named() {
        let missing = std::env::temp_dir().join("zb-no-such-import.csv");
        let e = read_text(&missing).unwrap_err();
        assert_eq!(e.id(), "import-file-unreadable");
        assert_eq!(
            e.text_arg("path"),
            Some(missing.display().to_string().as_str())
        );
    }

    #[test]
    fn braze_ids_split_on_commas_spaces_and_lines() {
        let dialog = ImportDialog {
            braze_ids: "a, b\nc;;d\t e".into(),
            ..ImportDialog::default()
        };
        assert_eq!(dialog.braze_id_list(), ["a", "b", "c", "d", "e"]);
    }

    /// A result for text that changed meanwhile is dropped, and the new text is read instead.
    #[test]
    fn a_result_for_older_text_is_not_shown() {
        let ctx = egui::Context::default();
        let mut dialog = ImportDialog {
            text: "[{\"external_id\": \"old\"}]".into(),
            ..ImportDialog::default()
        };
        dialog.text_changed();
        dialog.update(&ctx);
        assert!(dialog.reading());
        dialog.text = "[{\"external_id\": \"new\"}, {\"external_id\": \"two\"}]".into();
        dialog.text_changed();
        settle(&ctx, &mut dialog);
        match dialog.parsed() {
            Some(Parsed::Json(users)) => assert_eq!(users.len(), 2),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_csv_mapping_is_applied_off_the_ui_thread_and_again_when_it_changes() {
        let ctx = egui::Context::default();
        let mut dialog = ImportDialog {
            text: "external_id,first_name,plan\nu1,Ada,gold\nu2,Alan,free\n".into(),
            ..ImportDialog::default()
        };
        dialog.text_changed();
        settle(&ctx, &mut dialog);
        let users = dialog.ready_users().unwrap().to_vec();
        assert_eq!(users.len(), 2);
        assert_eq!(users[0]["custom_attributes"]["plan"], "gold");
        let (_, mapping) = dialog.csv_mut().unwrap();
        mapping[2] = Field::Skip;
        assert!(dialog.ready_users().is_none(), "being worked out again");
        settle(&ctx, &mut dialog);
        let users = dialog.ready_users().unwrap();
        assert!(users[0].get("custom_attributes").is_none(), "{users:?}");
    }

    /// Runs `update` until nothing is pending, waiting on each job rather than on the clock.
    fn settle(ctx: &egui::Context, dialog: &mut ImportDialog) {
        loop {
            dialog.update(ctx);
            if let Some((_, promise)) = &dialog.reading {
                promise.block_until_ready();
                continue;
            }
            if let Some((_, promise)) = &dialog.mapping_run {
                promise.block_until_ready();
                continue;
            }
            break;
        }
    }
}
