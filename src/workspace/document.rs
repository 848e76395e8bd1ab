//! The open workspace and when it must be saved: edits bump a revision, a save starts once the
//! person pauses (debounced), runs off the UI thread, and a document in recovery saves beside
//! the file it could not read, never over it. Pure: the app supplies the clock and the thread.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value as Json;

use super::file::{self, Opened};
use super::{Workspace, to_json};
use crate::i18n::{Localize, Message};
use crate::msg;

/// The file's content as this document last read or wrote it: what the next save merges
/// against when another process changed the file meanwhile. Shared with the running save, which
/// updates it when it succeeds. None: saves replace the file (a new path, a recovery copy).
type Base = Arc<Mutex<Option<Json>>>;

#[derive(Debug, Clone, PartialEq)]
pub struct Recovery {
    /// The file that could not be used; it is left exactly as it was.
    pub original: PathBuf,
    pub error: Message,
    /// Whether the content came from its backup (else the presets).
    pub from_backup: bool,
}

#[derive(Debug)]
pub struct Document {
    pub workspace: Workspace,
    /// Where saves go.
    path: PathBuf,
    recovery: Option<Recovery>,
    /// What opening reported: skipped parts, a backup used.
    pub warnings: Vec<Message>,
    revision: u64,
    /// Changes only when users, tickets or contexts do (the all-users view keys on it).
    data_revision: u64,
    saved_revision: u64,
    edited_at: Option<Instant>,
    saving: Option<u64>,
    last_error: Option<Message>,
    /// Whether `path` holds this workspace: false for a new one until its first save.
    on_disk: bool,
    base: Base,
}

/// What a save needs, taken from the document so it can run elsewhere.
#[derive(Debug, Clone)]
pub struct SaveJob {
    pub path: PathBuf,
    pub workspace: Workspace,
    pub revision: u64,
    base: Base,
}

impl SaveJob {
    /// Saves under the file's lock, merging in what another process saved since this document
    /// last read or wrote the file.
    pub fn run(&self) -> Result<(), Message> {
        let mut base = self.base.lock().unwrap_or_else(|p| p.into_inner());
        file::save_merging(&self.path, &self.workspace, base.as_ref()).map_err(|e| e.message())?;
        *base = Some(to_json(&self.workspace));
        Ok(())
    }
}

impl Document {
    /// Opens `path` (reading it: call before the first frame or off the UI thread).
    pub fn open(path: &Path) -> Document {
        match file::open(path) {
            Ok(opened) => Document::from_opened(path, opened),
            Err(e) => {
                // Unreadable (permissions, a directory): keep it, work on a recovery copy.
                let mut doc = Document::new(path, Workspace::default());
                doc.path = file::recovery_path(path);
                doc.recovery = Some(Recovery {
                    original: path.to_owned(),
                    error: msg!("workspace-unreadable", reason = e.to_string()),
                    from_backup: false,
                });
                doc
            }
        }
    }

    pub fn from_opened(path: &Path, opened: Opened) -> Document {
        match opened {
            // No file yet: whatever another process creates meanwhile is merged in.
            Opened::New(ws) => Document {
                base: Arc::new(Mutex::new(Some(to_json(&Workspace::empty())))),
                ..Document::new(path, ws)
            },
            Opened::Ready {
                workspace,
                warnings,
            } => Document {
                warnings,
                on_disk: true,
                base: Arc::new(Mutex::new(Some(to_json(&workspace)))),
                ..Document::new(path, workspace)
            },
            Opened::Recovery {
                error,
                workspace,
                from_backup,
                save_to,
            } => Document {
                path: save_to,
                recovery: Some(Recovery {
                    original: path.to_owned(),
                    error: error.message(),
                    from_backup,
                }),
                ..Document::new(path, workspace)
            },
        }
    }

    pub fn new(path: &Path, workspace: Workspace) -> Document {
        Document {
            workspace,
            path: path.to_owned(),
            recovery: None,
            warnings: Vec::new(),
            revision: 0,
            data_revision: 0,
            saved_revision: 0,
            edited_at: None,
            saving: None,
            last_error: None,
            on_disk: false,
            base: Base::default(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn recovery(&self) -> Option<&Recovery> {
        self.recovery.as_ref()
    }

    /// Changes revision on every edit: derived views key on it.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn data_revision(&self) -> u64 {
        self.data_revision
    }

    /// Records an edit made to `workspace`'s payloads.
    pub fn touch(&mut self, now: Instant) {
        self.revision += 1;
        self.edited_at = Some(now);
    }

    /// Records an edit made to its users, tickets or contexts.
    pub fn touch_data(&mut self, now: Instant) {
        self.data_revision += 1;
        self.touch(now);
    }

    /// How long since the last edit (long ago when there was none).
    pub fn edited_ago(&self, now: Instant) -> Duration {
        self.edited_at
            .map_or(Duration::MAX, |t| now.saturating_duration_since(t))
    }

    pub fn is_dirty(&self) -> bool {
        self.revision != self.saved_revision
    }

    pub fn is_saving(&self) -> bool {
        self.saving.is_some()
    }

    pub fn last_error(&self) -> Option<&Message> {
        self.last_error.as_ref()
    }

    /// Whether its file exists with a saved version (a new workspace has none until it saves).
    pub fn is_on_disk(&self) -> bool {
        self.on_disk
    }

    /// How long until the autosave is due, `Some(ZERO)` when it is; none when nothing waits.
    pub fn autosave_in(&self, now: Instant, delay: Duration) -> Option<Duration> {
        if !self.is_dirty() || self.saving.is_some() {
            return None;
        }
        let since = self
            .edited_at
            .map_or(delay, |t| now.saturating_duration_since(t));
        Some(delay.saturating_sub(since))
    }

    /// Starts a save of the current revision (the caller runs the job off the UI thread).
    pub fn begin_save(&mut self) -> Option<SaveJob> {
        if self.saving.is_some() {
            return None;
        }
        self.saving = Some(self.revision);
        Some(SaveJob {
            path: self.path.clone(),
            workspace: self.workspace.clone(),
            revision: self.revision,
            base: Arc::clone(&self.base),
        })
    }

    /// A save that wrote another file (started before "Save as" or "Open") has finished: it
    /// no longer blocks the next save, and it says nothing about this file.
    pub fn finish_save_elsewhere(&mut self) {
        self.saving = None;
    }

    pub fn finish_save(&mut self, job_revision: u64, result: Result<(), Message>) {
        self.saving = None;
        match result {
            Ok(()) => {
                self.saved_revision = job_revision;
                self.last_error = None;
                self.on_disk = true;
            }
            Err(e) => {
                self.last_error = Some(e);
                // Try again after the next pause rather than in a loop.
                self.edited_at = Some(Instant::now());
            }
        }
    }

    /// Saves go to `path` from now on ("Save as"); recovery ends there.
    pub fn save_as(&mut self, path: &Path) {
        self.path = path.to_owned();
        self.on_disk = false;
        self.recovery = None;
        // The file there is replaced, not merged with.
        self.base = Base::default();
        self.revision += 1;
        self.edited_at = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("zb-doc-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("workspace.json")
    }

    #[test]
    fn autosave_waits_for_a_pause_and_saves_the_revision_it_took() {
        let path = temp("debounce");
        let mut doc = Document::open(&path);
        let delay = Duration::from_millis(800);
        let t0 = Instant::now();
        assert_eq!(doc.autosave_in(t0, delay), None, "nothing to save yet");
        doc.workspace.users.clear();
        doc.touch(t0);
        assert_eq!(doc.autosave_in(t0, delay), Some(delay));
        let later = t0 + Duration::from_millis(500);
        assert_eq!(
            doc.autosave_in(later, delay),
            Some(Duration::from_millis(300))
        );
        assert_eq!(doc.autosave_in(t0 + delay, delay), Some(Duration::ZERO));
        let job = doc.begin_save().unwrap();
        assert!(doc.begin_save().is_none(), "one save at a time");
        doc.touch(t0 + delay); // an edit while saving
        job.run().unwrap();
        doc.finish_save(job.revision, Ok(()));
        assert!(doc.is_dirty(), "the edit made during the save still waits");
        let job = doc.begin_save().unwrap();
        job.run().unwrap();
        doc.finish_save(job.revision, Ok(()));
        assert!(!doc.is_dirty());
        assert!(Document::open(&path).workspace.users.is_empty());
    }

    #[test]
    fn save_as_during_a_save_still_saves_to_the_new_file() {
        let path = temp("save-as");
        let mut doc = Document::open(&path);
        doc.touch(Instant::now());
        let first = doc.begin_save().unwrap();
        let moved = path.with_file_name("moved.json");
        doc.save_as(&moved);
        assert!(
            doc.begin_save().is_none(),
            "the first save is still running"
        );
        first.run().unwrap();
        assert_ne!(first.path, doc.path());
        doc.finish_save_elsewhere();
        let job = doc.begin_save().expect("the next save can start");
        assert_eq!(job.path, moved);
        job.run().unwrap();
        doc.finish_save(job.revision, Ok(()));
        assert!(!doc.is_dirty());
        assert!(moved.exists());
    }

    #[test]
    fn a_corrupt_file_opens_in_recovery_and_saves_beside_it() {
        let path = temp("corrupt");
        std::fs::write(&path, "{\"format\": 1, \"payloads\": [").unwrap();
        let mut doc = Document::open(&path);
        let recovery = doc.recovery().unwrap().clone();
        assert_eq!(recovery.original, path);
        assert!(
            recovery.error.to_string().contains("line 1"),
            "{}",
            recovery.error
        );
        assert_ne!(doc.path(), path.as_path());
        doc.touch(Instant::now());
        let job = doc.begin_save().unwrap();
        job.run().unwrap();
        doc.finish_save(job.revision, Ok(()));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "{\"format\": 1, \"payloads\": [",
            "the corrupt file is untouched"
        );
        assert!(file::recovery_path(&path).exists());
    }

    #[test]
    fn a_failed_save_is_reported_and_retried_later() {
        let dir = temp("fail");
        let blocker = dir.parent().unwrap().join("not-a-dir");
        std::fs::write(&blocker, "x").unwrap();
        let mut doc = Document::new(&blocker.join("w.json"), Workspace::default());
        doc.touch(Instant::now());
        let job = doc.begin_save().unwrap();
        let result = job.run();
        assert!(result.is_err());
        doc.finish_save(job.revision, result);
        assert!(doc.is_dirty());
        assert!(doc.last_error().unwrap().to_string().contains("not-a-dir"));
    }
}
