//! Remembers whether the last start of the app got as far as rendering its workspace. A marker
//! file is written as the app opens and removed once the first preview has come back; a marker
//! found at the next start means that start stopped on the way (killed, aborted, the power cut)
//! while the workspace was being rendered. The app then opens with previews paused, so that a
//! body that takes the process down cannot lock the person out of the one place they could fix
//! it.

use std::path::{Path, PathBuf};

/// What a marker left behind says about the start that wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnfinishedStart {
    /// The workspace that start opened, as it wrote it (may be empty when unreadable).
    pub workspace: String,
}

/// The marker of this start, armed until the first preview arrives.
#[derive(Debug, Default)]
pub struct StartGuard {
    path: Option<PathBuf>,
    armed: bool,
}

/// The most a marker is read: it holds one path.
const MARKER_LIMIT: u64 = 64 * 1024;

impl StartGuard {
    /// Arms the guard at `path` (none keeps no marker, as in tests that do not ask for one),
    /// and says whether the last start left its marker behind. A marker that cannot be written
    /// only costs the protection: the app opens as usual.
    pub fn arm(path: Option<&Path>, workspace: &Path) -> (StartGuard, Option<UnfinishedStart>) {
        let Some(path) = path else {
            return (StartGuard::default(), None);
        };
        let previous = read_marker(path);
        let armed = write_marker(path, workspace).is_ok();
        let guard = StartGuard {
            path: Some(path.to_path_buf()),
            armed,
        };
        (guard, previous)
    }

    /// The start reached its first preview: the marker goes.
    pub fn disarm(&mut self) {
        if !self.armed {
            return;
        }
        self.armed = false;
        if let Some(path) = &self.path {
            std::fs::remove_file(path).ok();
        }
    }

    /// Whether the marker is still on disk (this start has not rendered yet).
    pub fn armed(&self) -> bool {
        self.armed
    }
}

fn read_marker(path: &Path) -> Option<UnfinishedStart> {
    use std::io::Read as _;
    let file = std::fs::File::open(path).ok()?;
    let mut text = String::new();
    // A marker is ours and small; whatever it holds, its presence is what counts.
    file.take(MARKER_LIMIT).read_to_string(&mut text).ok();
    Some(UnfinishedStart {
        workspace: text.lines().next().unwrap_or_default().to_owned(),
    })
}

fn write_marker(path: &Path, workspace: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    // Durable, so that a power cut right after the start still finds it.
    crate::durable::write_atomic(
        path,
        workspace.display().to_string().as_bytes(),
        crate::durable::Privacy::Private,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_start_that_never_rendered_is_found_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let marker = dir.path().join("starting");
        let ws = Path::new("/home/ana/workspace.json");
        let (first, previous) = StartGuard::arm(Some(&marker), ws);
        assert!(previous.is_none(), "a first start has nothing behind it");
        assert!(first.armed() && marker.exists());
        // The first start stops here (killed): its guard is never disarmed.
        std::mem::forget(first);
        let (mut second, previous) = StartGuard::arm(Some(&marker), ws);
        assert_eq!(
            previous,
            Some(UnfinishedStart {
                workspace: "/home/ana/workspace.json".into()
            })
        );
        second.disarm();
        assert!(!marker.exists());
        let (_, previous) = StartGuard::arm(Some(&marker), ws);
        assert!(previous.is_none(), "a start that rendered leaves nothing");
    }

    #[test]
    fn a_marker_that_cannot_be_written_costs_only_the_protection() {
        let dir = tempfile::tempdir().unwrap();
        // Its folder is a file: nothing can be written there.
        let blocker = dir.path().join("file");
        std::fs::write(&blocker, b"x").unwrap();
        let (mut guard, previous) = StartGuard::arm(Some(&blocker.join("starting")), dir.path());
        assert!(previous.is_none());
        assert!(!guard.armed());
        guard.disarm();
    }
}
