//! The workspace file: the autosave once typing pauses, Save, Save as, Open, Export, and what
//! opening found (a recovery, skipped parts). Every write runs off the UI thread.

use super::ZenbrazeApp;
use super::jobs::{spawn_blocking, take_ready};
use super::state::{PathDialog, PathPurpose};
use crate::msg;
use crate::workspace::document::Document;
use crate::workspace::file;

impl ZenbrazeApp {
    /// Opens the path dialog for `purpose`, with a suggestion beside the open file.
    pub(crate) fn ask_path(&mut self, purpose: PathPurpose) {
        let dir = self
            .doc
            .path()
            .parent()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default();
        let name = match purpose {
            PathPurpose::Open | PathPurpose::SaveAs => self.doc.path().to_path_buf(),
            PathPurpose::Export => dir.join("zenbraze-export.json"),
            PathPurpose::ExportCase => dir.join(crate::publish::via_braze::CASE_FILE),
        };
        self.path_dialog = Some(PathDialog::new(purpose, name));
    }

    pub(crate) fn start_save(&mut self, ctx: &egui::Context) {
        if let Some(job) = self.doc.begin_save() {
            self.background.save = Some(spawn_blocking(ctx, move || {
                let result = job.run();
                (job.path, job.revision, result)
            }));
        }
    }

    /// Whatever is unsaved goes first (to its own file), then the other one opens.
    pub(crate) fn open(&mut self, ctx: &egui::Context, path: std::path::PathBuf) {
        self.start_save(ctx);
        self.background.open = Some(spawn_blocking(ctx, move || {
            file::open(&path).map(|o| (path.clone(), o)).map_err(|e| {
                msg!(
                    "open-failed",
                    path = path.display().to_string(),
                    error = e.to_string()
                )
            })
        }));
        self.path_dialog = None;
    }

    /// Saves go to `path` from now on.
    pub(crate) fn save_as(&mut self, ctx: &egui::Context, path: &std::path::Path) {
        self.doc.save_as(path);
        self.doc.touch(self.clock.now());
        self.start_save(ctx);
        self.path_dialog = None;
    }

    /// A copy of the workspace elsewhere; the open file stays where it is.
    pub(crate) fn export(&mut self, ctx: &egui::Context, path: std::path::PathBuf) {
        let text = crate::workspace::to_string(&self.doc.workspace);
        self.background.export = Some(spawn_blocking(ctx, move || {
            crate::durable::write_atomic(&path, text.as_bytes(), crate::durable::Privacy::Normal)
                .map(|()| path.clone())
                .map_err(|e| {
                    msg!(
                        "export-failed",
                        path = path.display().to_string(),
                        error = e.to_string()
                    )
                })
        }));
        self.path_dialog = None;
    }

    /// What opening found, said once.
    pub(crate) fn announce_opening(&mut self) {
        if let Some(r) = self.doc.recovery().cloned() {
            let text = msg!(
                "recovery-banner",
                path = r.original.display().to_string(),
                error = r.error,
                saveto = self.doc.path().display().to_string()
            );
            self.notify(true, text);
        }
        for w in std::mem::take(&mut self.doc.warnings) {
            self.notify(false, w);
        }
        let kept = self.doc.workspace.unusable().count();
        if kept > 0 {
            // Listed in Settings; kept in the file on every save.
            let file = self.doc.path().display().to_string();
            self.notify(false, msg!("files-kept-heading", file = file, count = kept));
        }
    }

    /// Saves once the person paused for the autosave delay; one wake-up when it is due, not a
    /// loop.
    pub(crate) fn schedule_autosave(&mut self, ctx: &egui::Context) {
        match self
            .doc
            .autosave_in(self.clock.now(), self.config.autosave_delay)
        {
            Some(wait) if wait.is_zero() => self.start_save(ctx),
            Some(wait) => ctx.request_repaint_after(wait),
            None => {}
        }
    }

    pub(crate) fn poll_files(&mut self) {
        if let Some((path, revision, result)) = take_ready(&mut self.background.save) {
            if let Err(e) = &result {
                self.notify(true, msg!("save-failed", error = e.clone()));
            }
            // A save of the document that was open before "Open" belongs to that one.
            if path == self.doc.path() {
                self.doc.finish_save(revision, result);
            } else {
                self.doc.finish_save_elsewhere();
            }
        }
        if let Some(opened) = take_ready(&mut self.background.open) {
            match opened {
                Ok((path, opened)) => {
                    self.doc = Document::from_opened(&path, opened);
                    self.users_view.form = None;
                    self.users_view.json.clear();
                    self.clamp_selection();
                    self.notify(false, msg!("opened", path = path.display().to_string()));
                    self.announce_opening();
                }
                Err(e) => self.notify(true, e),
            }
        }
        if let Some(result) = take_ready(&mut self.background.export) {
            match result {
                Ok(path) => self.notify(false, msg!("exported", path = path.display().to_string())),
                Err(e) => self.notify(true, e),
            }
        }
    }
}
