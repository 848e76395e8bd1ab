//! The workspace on disk: atomic saves that keep the previous version as a backup, and opening
//! that never loses a file — a corrupt or newer one opens in recovery, and edits are saved
//! beside it, not over it. Called off the UI thread.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::{Workspace, WorkspaceError, parse, to_string};
use crate::i18n::Message;
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
    crate::secrets::paths::data_dir().map(|d| d.join("workspace.json"))
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

/// Writes beside the target and syncs; the current file becomes the backup; then the new one
/// takes its place. A crash leaves either version, never half of one.
pub fn save(path: &Path, workspace: &Workspace) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = path.with_extension(format!("json.{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(to_string(workspace).as_bytes())?;
        file.sync_all()?;
        if path.exists() {
            std::fs::rename(path, backup_path(path))?;
        }
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
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
        // Only the file and its backup: no temporary files left.
        let mut names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["workspace.json", "workspace.json.bak"]);
        // A save interrupted between its renames: the backup opens.
        std::fs::remove_file(&path).unwrap();
        assert!(
            matches!(open(&path).unwrap(), Opened::Ready { warnings, .. } if warnings[0].to_string().contains("was missing"))
        );
    }

    #[test]
    fn a_corrupt_or_newer_file_opens_in_recovery_and_is_never_overwritten() {
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
        std::fs::write(&path, "{\"zenbraze_workspace\": 2}").unwrap();
        assert!(matches!(
            open(&path).unwrap(),
            Opened::Recovery {
                error: WorkspaceError::Newer { found: 2 },
                ..
            }
        ));
    }
}
