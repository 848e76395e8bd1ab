//! The workspace on disk: atomic saves under the file's lock that keep the previous version as a
//! backup and merge in what another process saved meanwhile, and opening that never loses a
//! file — a corrupt one opens in recovery, and edits are saved beside it, not over it. Called
//! off the UI thread.

use std::path::{Path, PathBuf};

use serde_json::Value as Json;

use super::{Workspace, WorkspaceError, merge, parse, text_of, to_json};
use crate::durable::{FileError, FileLock, Privacy, write_atomic};
use crate::i18n::{Localize, Message};
use crate::msg;

/// What opening a workspace file found.
#[derive(Debug, PartialEq)]
pub enum Opened {
    /// No file yet: the presets.
    New(Workspace),
    Ready {
        workspace: Workspace,
        /// Parts that could not be used, and whether the backup was used.
        warnings: Vec<Message>,
    },
    /// The file cannot be used and stays as it is; edits are saved to `save_to`.
    Recovery {
        error: WorkspaceError,
        /// The backup's content when it could be read, else the presets.
        workspace: Workspace,
        from_backup: bool,
        save_to: PathBuf,
    },
}

/// The previous version, kept by every save.
pub fn backup_path(path: &Path) -> PathBuf {
    path.with_extension("json.bak")
}

/// Where a workspace in recovery is saved: beside the original, never over it.
pub fn recovery_path(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map_or_else(|| "workspace".into(), |s| s.to_string_lossy().into_owned());
    path.with_file_name(format!("{stem}.recovered.json"))
}

/// `workspace.json` in the data directory.
pub fn default_path() -> Option<PathBuf> {
    crate::paths::data_dir().map(|d| d.join("workspace.json"))
}

fn read_backup(path: &Path) -> Option<(Workspace, Vec<Message>)> {
    let text = std::fs::read_to_string(backup_path(path)).ok()?;
    parse(&text).ok()
}

pub fn open(path: &Path) -> std::io::Result<Opened> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // A save interrupted between its two renames leaves only the backup.
            return Ok(match read_backup(path) {
                Some((workspace, mut warnings)) => {
                    warnings.insert(
                        0,
                        msg!("workspace-opened-backup", path = path.display().to_string()),
                    );
                    Opened::Ready {
                        workspace,
                        warnings,
                    }
                }
                None => Opened::New(Workspace::default()),
            });
        }
        Err(e) => return Err(e),
    };
    Ok(match parse(&text) {
        Ok((workspace, warnings)) => Opened::Ready {
            workspace,
            warnings,
        },
        Err(error) => {
            let backup = read_backup(path);
            Opened::Recovery {
                error,
                from_backup: backup.is_some(),
                workspace: backup.map(|(w, _)| w).unwrap_or_default(),
                save_to: recovery_path(path),
            }
        }
    })
}

/// Why a save wrote nothing.
#[derive(Debug)]
pub enum SaveError {
    File(FileError),
    /// The file changed on disk (another program wrote it) into something that is not a
    /// workspace: it is not saved over.
    NotAWorkspace {
        path: PathBuf,
        error: WorkspaceError,
    },
}

impl Localize for SaveError {
    fn message(&self) -> Message {
        match self {
            SaveError::File(e) => e.message(),
            SaveError::NotAWorkspace { path, error } => msg!(
                "files-changed-not-workspace",
                path = path.display().to_string(),
                reason = error.message()
            ),
        }
    }
}

crate::display_via_message!(SaveError);

impl std::error::Error for SaveError {}

/// Saves `workspace` to `path`, replacing whatever is there (a new file, "Save as", a recovery
/// copy). See [`save_merging`].
pub fn save(path: &Path, workspace: &Workspace) -> Result<(), SaveError> {
    save_merging(path, workspace, None)
}

/// Saves `workspace` to `path` under the file's lock: the file as it is now becomes the backup
/// (`.json.bak`), then the new content replaces it atomically. `base` is the file's content as
/// this document last read or wrote it: when the file has changed since (another process saved
/// it), what it holds now is merged in entry by entry ([`super::merge`]), so neither loses the
/// other's change. Called off the UI thread.
pub fn save_merging(
    path: &Path,
    workspace: &Workspace,
    base: Option<&Json>,
) -> Result<(), SaveError> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let write_error = |e| SaveError::File(FileError::write(path, e));
    std::fs::create_dir_all(dir).map_err(write_error)?;
    let _lock = FileLock::acquire(path).map_err(|e| SaveError::File(FileError::lock(path, e)))?;
    let current = match std::fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(SaveError::File(FileError::read(path, e))),
    };
    let ours = to_json(workspace);
    let content = match (base, &current) {
        (Some(base), Some(text)) if *text != text_of(base) => {
            let (theirs, _) = parse(text).map_err(|error| SaveError::NotAWorkspace {
                path: path.to_owned(),
                error,
            })?;
            merge::merge(base, &ours, &to_json(&theirs))
        }
        _ => ours,
    };
    if let Some(previous) = &current {
        write_atomic(&backup_path(path), previous.as_bytes(), Privacy::Normal)
            .map_err(|e| SaveError::File(FileError::write(&backup_path(path), e)))?;
    }
    write_atomic(path, text_of(&content).as_bytes(), Privacy::Normal).map_err(write_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("zb-workspace-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("workspace.json")
    }

    #[test]
    fn saves_keep_the_previous_version_and_reopen_everything() {
        let path = temp("save");
        assert_eq!(open(&path).unwrap(), Opened::New(Workspace::default()));
        let mut ws = Workspace::default();
        save(&path, &ws).unwrap();
        ws.payloads[0].name = "Edited".into();
        save(&path, &ws).unwrap();
        match open(&path).unwrap() {
            Opened::Ready {
                workspace,
                warnings,
            } => {
                assert_eq!(workspace, ws);
                assert!(warnings.is_empty());
            }
            other => panic!("{other:?}"),
        }
        let (previous, _) = parse(&std::fs::read_to_string(backup_path(&path)).unwrap()).unwrap();
        assert_eq!(previous, Workspace::default());
        // Only the file, its backup and its lock: no temporary files left.
        let mut names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                "workspace.json",
                "workspace.json.bak",
                "workspace.json.lock"
            ]
        );
        // A save interrupted between its renames: the backup opens.
        std::fs::remove_file(&path).unwrap();
        assert!(
            matches!(open(&path).unwrap(), Opened::Ready { warnings, .. } if warnings[0].to_string().contains("was missing"))
        );
    }

    #[test]
    fn a_corrupt_file_opens_in_recovery_and_is_never_overwritten() {
        let path = temp("corrupt");
        let mut ws = Workspace::default();
        ws.payloads.truncate(1);
        save(&path, &ws).unwrap();
        save(&path, &ws).unwrap();
        std::fs::write(&path, "{\"zenbraze_workspace\": 1, \"payloads\": [").unwrap();
        match open(&path).unwrap() {
            Opened::Recovery {
                error,
                workspace,
                from_backup,
                save_to,
            } => {
                assert!(matches!(error, WorkspaceError::Corrupt { .. }));
                assert!(from_backup);
                assert_eq!(workspace, ws);
                assert_eq!(save_to, path.with_file_name("workspace.recovered.json"));
                save(&save_to, &workspace).unwrap();
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "{\"zenbraze_workspace\": 1, \"payloads\": ["
        );
    }

    /// Issue 16: a workspace with parts this version cannot use (here a newer zenbraze's), edited
    /// and autosaved again and again: every part is still in the file and in its backup.
    #[test]
    fn autosaves_keep_what_this_version_cannot_use_in_the_file_and_its_backup() {
        use super::super::document::Document;
        let path = temp("kept");
        let text = r#"{"zenbraze_workspace": 2,
            "payloads": [{"name": "p", "direction": "sideways", "body": "{}", "transport": "grpc"}, 7],
            "users": ["b"], "tickets": [], "contexts": [{"name": "c", "context": 3}],
            "folders": [{"name": "Campaigns"}]}"#;
        std::fs::write(&path, text).unwrap();
        let original: Json = serde_json::from_str(text).unwrap();
        let mut doc = Document::open(&path);
        assert!(doc.recovery().is_none());
        assert_eq!(doc.workspace.unusable().count(), 7);
        for n in 0..4 {
            doc.workspace.payloads[0].body = format!("{{\"n\": {n}}}");
            doc.touch(std::time::Instant::now());
            let job = doc.begin_save().unwrap();
            let result = job.run();
            doc.finish_save(job.revision, result);
            assert!(!doc.is_dirty(), "{:?}", doc.last_error());
            for file in [path.clone(), backup_path(&path)] {
                let saved: Json =
                    serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
                let at = file.display();
                assert_eq!(saved["zenbraze_workspace"], 2, "{at}");
                assert_eq!(saved["folders"], original["folders"], "{at}");
                assert_eq!(saved["payloads"][0]["direction"], "sideways", "{at}");
                assert_eq!(saved["payloads"][0]["transport"], "grpc", "{at}");
                assert_eq!(saved["payloads"][1], 7, "{at}");
                assert_eq!(saved["users"], original["users"], "{at}");
                assert_eq!(saved["contexts"], original["contexts"], "{at}");
            }
        }
        let (reopened, _) = parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(reopened.payloads[0].body, "{\"n\": 3}");
        assert_eq!(reopened.unusable().count(), 7);
    }

    /// Two processes with the same workspace open, both saving: each save folds in what the
    /// other saved, so both changes are in the file.
    #[test]
    fn two_documents_saving_one_file_keep_each_others_changes() {
        use super::super::document::Document;
        let path = temp("two");
        save(&path, &Workspace::default()).unwrap();
        let mut a = Document::open(&path);
        let mut b = Document::open(&path);
        let save_doc = |doc: &mut Document| {
            doc.touch(std::time::Instant::now());
            let job = doc.begin_save().unwrap();
            let result = job.run();
            doc.finish_save(job.revision, result);
            assert!(!doc.is_dirty(), "{:?}", doc.last_error());
        };
        a.workspace.payloads[0].body = "edited in a".into();
        a.workspace
            .users
            .push(serde_json::json!({"external_id": "from-a"}));
        save_doc(&mut a);
        b.workspace.payloads.remove(2);
        b.workspace
            .users
            .push(serde_json::json!({"external_id": "from-b"}));
        save_doc(&mut b);
        // a saves again, unaware of b's change: b's change stays.
        a.workspace.payloads[1].name = "renamed in a".into();
        save_doc(&mut a);
        let (on_disk, _) = parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let names: Vec<&str> = on_disk.payloads.iter().map(|p| p.name.as_str()).collect();
        let preset = Workspace::default();
        assert_eq!(names, [preset.payloads[0].name.as_str(), "renamed in a"]);
        assert_eq!(on_disk.payloads[0].body, "edited in a");
        let ids: Vec<&str> = on_disk
            .users
            .iter()
            .filter_map(|u| u["external_id"].as_str())
            .collect();
        assert!(
            ids.contains(&"from-a") && ids.contains(&"from-b"),
            "{ids:?}"
        );
        assert_eq!(on_disk.users.len(), preset.users.len() + 2);
    }

    /// Eight threads (as eight processes would) each add a payload and save at the same time:
    /// the lock makes them take turns and the merge keeps all eight.
    #[test]
    fn concurrent_saves_take_turns_and_lose_nothing() {
        use super::super::document::Document;
        let path = temp("eight");
        save(&path, &Workspace::empty()).unwrap();
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(8));
        let workers: Vec<_> = (0..8)
            .map(|n| {
                let path = path.clone();
                let barrier = barrier.clone();
                std::thread::Builder::new()
                    .name(format!("saver-{n}"))
                    .spawn(move || {
                        let mut doc = Document::open(&path);
                        let mut payload = Workspace::default().payloads[0].clone();
                        payload.name = format!("payload {n}");
                        doc.workspace.payloads.push(payload);
                        doc.touch(std::time::Instant::now());
                        let job = doc.begin_save().unwrap();
                        barrier.wait();
                        job.run().unwrap();
                    })
                    .unwrap()
            })
            .collect();
        for w in workers {
            w.join().unwrap();
        }
        let (on_disk, _) = parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let mut names: Vec<String> = on_disk.payloads.into_iter().map(|p| p.name).collect();
        names.sort();
        assert_eq!(
            names,
            (0..8).map(|n| format!("payload {n}")).collect::<Vec<_>>()
        );
    }

    /// A file another program turned into something else is not saved over.
    #[test]
    fn a_file_changed_into_garbage_is_not_saved_over() {
        use super::super::document::Document;
        let path = temp("garbage");
        save(&path, &Workspace::default()).unwrap();
        let mut doc = Document::open(&path);
        std::fs::write(&path, "not json").unwrap();
        doc.touch(std::time::Instant::now());
        let job = doc.begin_save().unwrap();
        let e = job.run().unwrap_err();
        assert!(e.to_string().contains("changed by another program"), "{e}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "not json");
    }
}
