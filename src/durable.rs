//! Every file zenbraze writes goes through here, so none is ever half-written or lost to a race:
//! - [`write_atomic`]: a unique temporary file beside the target, written and fsync'd, renamed
//!   over the target, then the directory fsync'd. A crash at any point leaves the old file or the
//!   new one, never a mix; two writers never share a temporary name.
//! - [`FileLock`]: an advisory lock (`flock`) on `<file>.lock`, held around a read-modify-write so
//!   that concurrent CLI and app processes take turns instead of overwriting each other's change.
//! - [`Privacy::Private`] creates the file `0600` (on Unix): for files that hold or point at
//!   secrets.
//! - A symlink is followed ([`real_path`]): the write goes to the file it points at (the temporary
//!   file beside that file, then renamed over it), so a `profiles.json` linked from a dotfiles
//!   folder stays a link; and the lock is the real file's, so two paths to one file share it.

use std::fs::{File, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::i18n::{Localize, Message};
use crate::msg;

/// A file that could not be read, locked or written: it names the file and what the system said.
/// Nothing was changed when one is returned.
#[derive(Debug)]
pub struct FileError {
    pub action: FileAction,
    pub path: PathBuf,
    pub source: io::Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileAction {
    Read,
    Lock,
    Write,
}

impl FileError {
    pub fn read(path: &Path, source: io::Error) -> FileError {
        FileError {
            action: FileAction::Read,
            path: path.to_owned(),
            source,
        }
    }
    pub fn lock(path: &Path, source: io::Error) -> FileError {
        FileError {
            action: FileAction::Lock,
            path: path.to_owned(),
            source,
        }
    }
    pub fn write(path: &Path, source: io::Error) -> FileError {
        FileError {
            action: FileAction::Write,
            path: path.to_owned(),
            source,
        }
    }
}

impl Localize for FileError {
    fn message(&self) -> Message {
        let path = self.path.display().to_string();
        if let Some(timed_out) = lock_timed_out(&self.source) {
            return msg!(
                "files-cannot-lock",
                path = path,
                reason = timed_out.message()
            );
        }
        let reason = self.source.to_string();
        match self.action {
            FileAction::Read => msg!("files-cannot-read", path = path, reason = reason),
            FileAction::Lock => msg!("files-cannot-lock", path = path, reason = reason),
            FileAction::Write => msg!("files-cannot-write", path = path, reason = reason),
        }
    }
}

crate::display_via_message!(FileError);

/// The [`LockTimedOut`] inside an I/O error, when that is what it is.
pub fn lock_timed_out(e: &io::Error) -> Option<LockTimedOut> {
    e.get_ref()?.downcast_ref::<LockTimedOut>().copied()
}

impl std::error::Error for FileError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Who may read the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Privacy {
    /// The user's umask decides (usually `0644`).
    Normal,
    /// Only the owner (`0600` on Unix), whatever the umask.
    Private,
}

/// Replaces `path` with `bytes` atomically and durably. The directory must exist.
pub fn write_atomic(path: &Path, bytes: &[u8], privacy: Privacy) -> io::Result<()> {
    write_atomic_with(path, privacy, |out| out.write_all(bytes)).map(|_| ())
}

/// Replaces `path` atomically and durably with what `write` writes, straight into a unique
/// temporary file beside it (fsync, rename, fsync of the directory): a large value is
/// serialised without a copy of it in memory. Returns the bytes written.
pub fn write_atomic_with(
    path: &Path,
    privacy: Privacy,
    write: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
) -> io::Result<u64> {
    let path = &real_path(path);
    let dir = parent_dir(path);
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?
        .to_string_lossy();
    let (tmp, file) = create_unique(&dir, &name, privacy)?;
    let mut out = io::BufWriter::with_capacity(1 << 16, file);
    let written = write(&mut out)
        .and_then(|()| out.into_inner().map_err(io::IntoInnerError::into_error))
        .and_then(|file| {
            file.sync_all()?;
            let len = file.metadata()?.len();
            drop(file);
            std::fs::rename(&tmp, path)?;
            Ok(len)
        });
    match written {
        Ok(len) => sync_dir(&dir).map(|()| len),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Appends `bytes` to `path` (created with `privacy` if missing) and fsyncs it before returning:
/// for journals and histories, where one record is one call. When the write or the fsync fails
/// (a full disk), the file is cut back to its length before the call, so a partial record is
/// never left for the next one to be glued onto.
pub fn append_durable(path: &Path, bytes: &[u8], privacy: Privacy) -> io::Result<()> {
    let path = &real_path(path);
    let existed = path.exists();
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    set_mode(&mut options, privacy);
    let mut file = options.open(path)?;
    if privacy == Privacy::Private && existed {
        // A file made by an older version (or by hand) may be readable by others.
        make_private(&file)?;
    }
    let before = file.metadata()?.len();
    if let Err(e) = file.write_all(bytes).and_then(|()| file.sync_data()) {
        let _ = file.set_len(before).and_then(|()| file.sync_data());
        return Err(e);
    }
    if !existed {
        sync_dir(&parent_dir(path))?;
    }
    Ok(())
}

/// Cuts `path` back to `len` bytes, durably (a journal whose last append failed and whose own
/// cut-back failed too is cut before anything else is written).
pub fn truncate_durable(path: &Path, len: u64) -> io::Result<()> {
    let file = OpenOptions::new().write(true).open(real_path(path))?;
    file.set_len(len)?;
    file.sync_data()
}

/// An exclusive advisory lock on `<path>.lock`, released when dropped. Every process that
/// read-modify-writes `path` takes it first, so their changes are applied one after the other.
#[derive(Debug)]
pub struct FileLock {
    file: File,
    path: PathBuf,
}

/// How long a read-modify-write waits for another zenbraze to finish with the same file before
/// it gives up (the other one is stuck, or holding the file open in a debugger).
pub const LOCK_WAIT: Duration = Duration::from_secs(30);

/// After this long a waiter is told why it waits (see [`on_lock_wait`]).
const LOCK_NOTICE: Duration = Duration::from_secs(1);

static LOCK_WAIT_HOOK: OnceLock<fn(&Path)> = OnceLock::new();

/// What to do once a lock has been waited on for a second, with the file waited for: the CLI
/// says "waiting for … (held by another zenbraze)" on standard error. Set once per process.
pub fn on_lock_wait(hook: fn(&Path)) {
    let _ = LOCK_WAIT_HOOK.set(hook);
}

/// The lock was held by someone else for the whole of [`LOCK_WAIT`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockTimedOut {
    pub seconds: u64,
}

impl Localize for LockTimedOut {
    fn message(&self) -> Message {
        msg!("files-lock-timed-out", seconds = self.seconds)
    }
}
crate::display_via_message!(LockTimedOut);
impl std::error::Error for LockTimedOut {}

impl FileLock {
    fn open(path: &Path) -> io::Result<(File, PathBuf)> {
        let lock_path = lock_path(path);
        let mut options = OpenOptions::new();
        options.create(true).truncate(false).read(true).write(true);
        set_mode(&mut options, Privacy::Private);
        Ok((options.open(&lock_path)?, lock_path))
    }

    /// Waits for the lock on `path` (the lock file is created beside it, `0600`): at most
    /// [`LOCK_WAIT`], saying so after a second (an `io::ErrorKind::TimedOut` wrapping
    /// [`LockTimedOut`] past it).
    pub fn acquire(path: &Path) -> io::Result<FileLock> {
        Self::acquire_within(path, LOCK_WAIT)
    }

    /// [`FileLock::acquire`] with a limit of its own.
    pub fn acquire_within(path: &Path, limit: Duration) -> io::Result<FileLock> {
        let (file, lock_path) = Self::open(path)?;
        let start = Instant::now();
        let mut told = false;
        loop {
            match file.try_lock() {
                Ok(()) => {
                    return Ok(FileLock {
                        file,
                        path: lock_path,
                    });
                }
                Err(std::fs::TryLockError::WouldBlock) => {}
                Err(std::fs::TryLockError::Error(e)) => return Err(e),
            }
            let waited = start.elapsed();
            if waited >= limit {
                let seconds = limit.as_secs();
                return Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    LockTimedOut { seconds },
                ));
            }
            if !told && waited >= LOCK_NOTICE {
                told = true;
                if let Some(hook) = LOCK_WAIT_HOOK.get() {
                    hook(path);
                }
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// The lock on `path` if no other process holds it, without waiting (a server that owns a
    /// file for its whole life refuses to start rather than wait).
    pub fn try_acquire(path: &Path) -> io::Result<Option<FileLock>> {
        let (file, lock_path) = Self::open(path)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(FileLock {
                file,
                path: lock_path,
            })),
            Err(std::fs::TryLockError::WouldBlock) => Ok(None),
            Err(std::fs::TryLockError::Error(e)) => Err(e),
        }
    }

    /// The lock file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

/// The file `path` names once symlinks are followed: the link's target (its target's, and so on),
/// in a directory made canonical. A path that does not exist yet is kept as it is but for its
/// directory. Two paths to one file give the same answer, so they share a lock.
pub fn real_path(path: &Path) -> PathBuf {
    let mut current = path.to_path_buf();
    // As many hops as the system allows (ELOOP): past that the path is used as it is.
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => match std::fs::read_link(&current) {
                Ok(target) if target.is_absolute() => current = target,
                Ok(target) => current = parent_dir(&current).join(target),
                Err(_) => break,
            },
            _ => break,
        }
    }
    let Some(name) = current.file_name().map(ToOwned::to_owned) else {
        return current;
    };
    parent_dir(&current)
        .canonicalize()
        .map_or(current, |dir| dir.join(name))
}

fn lock_path(path: &Path) -> PathBuf {
    let path = &real_path(path);
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    path.with_file_name(name)
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `.<name>.<pid>.<random>.tmp` in `dir`, created exclusively so no two writers share it.
fn create_unique(dir: &Path, name: &str, privacy: Privacy) -> io::Result<(PathBuf, File)> {
    loop {
        let tmp = dir.join(format!(
            ".{name}.{}.{:016x}.tmp",
            std::process::id(),
            fastrand::u64(..)
        ));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        set_mode(&mut options, privacy);
        match options.open(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(unix)]
fn set_mode(options: &mut OpenOptions, privacy: Privacy) {
    use std::os::unix::fs::OpenOptionsExt as _;
    if privacy == Privacy::Private {
        options.mode(0o600);
    }
}

#[cfg(not(unix))]
fn set_mode(_: &mut OpenOptions, _: Privacy) {}

#[cfg(unix)]
fn make_private(file: &File) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    if file.metadata()?.permissions().mode() & 0o077 != 0 {
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn make_private(_: &File) -> io::Result<()> {
    Ok(())
}

/// Makes a rename or a new file in `dir` survive a power cut (Unix; elsewhere a no-op).
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// A small tmpfs mounted for a test, to fail writes on a really full disk (root only).
#[cfg(all(test, target_os = "linux"))]
pub(crate) mod full_disk {
    use std::path::{Path, PathBuf};
    use std::process::Command;

    pub struct Tmpfs {
        pub dir: PathBuf,
    }

    impl Tmpfs {
        /// Mounts a tmpfs of `kib` KiB on `dir` (created). A test that needs it is
        /// `#[ignore = "needs root …"]`; run without root, it fails here naming what it needs,
        /// never passes having done nothing.
        pub fn mount(dir: &Path, kib: u64) -> Tmpfs {
            std::fs::create_dir_all(dir).expect("the mount point is created");
            let ok = Command::new("mount")
                .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
                .arg(dir)
                .stderr(std::process::Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            assert!(
                ok,
                "needs root to mount a small tmpfs (a full disk): run as root, as .ci/run does"
            );
            Tmpfs {
                dir: dir.to_owned(),
            }
        }

        /// Fills the disk: a file that takes every free block.
        pub fn fill(&self) -> PathBuf {
            use std::io::Write as _;
            let path = self.dir.join("filler");
            let mut f = std::fs::File::create(&path).unwrap();
            let block = vec![0x5a; 4096];
            while f.write_all(&block).is_ok() {}
            let _ = f.flush();
            path
        }
    }

    impl Drop for Tmpfs {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.dir).status();
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static WAITED_FOR: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

    /// A lock held by someone else is waited for, said after a second (once), and given up after
    /// the limit with a message in the person's language; free again, it is taken at once.
    #[test]
    fn a_held_lock_is_said_after_a_second_and_given_up_after_the_limit() {
        on_lock_wait(|p| WAITED_FOR.lock().unwrap().push(p.to_owned()));
        let dir = temp_dir("lock-wait");
        let path = dir.join("profiles.json");
        let held = FileLock::acquire(&path).unwrap();
        let waiter = {
            let path = path.clone();
            std::thread::Builder::new()
                .name("waiter".into())
                .spawn(move || FileLock::acquire_within(&path, Duration::from_secs(2)))
                .unwrap()
        };
        let Err(e) = waiter.join().unwrap() else {
            panic!("the lock was taken while another held it");
        };
        assert_eq!(e.kind(), io::ErrorKind::TimedOut);
        assert_eq!(lock_timed_out(&e), Some(LockTimedOut { seconds: 2 }));
        assert_eq!(*WAITED_FOR.lock().unwrap(), vec![path.clone()]);
        let said = FileError::lock(&path, e).message();
        assert!(
            said.to_string()
                .contains("another zenbraze held it for more than 2 s"),
            "{said}"
        );
        assert!(
            said.to_string_in(crate::i18n::Language::Spanish)
                .contains("otro zenbraze"),
            "{said:?}"
        );
        drop(held);
        FileLock::acquire_within(&path, Duration::from_secs(2)).unwrap();
        std::fs::remove_dir_all(dir).unwrap();
    }

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "zenbraze-durable-{name}-{}-{:x}",
            std::process::id(),
            fastrand::u64(..)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_write_replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = temp_dir("write");
        let path = dir.join("a.json");
        write_atomic(&path, b"one", Privacy::Normal).unwrap();
        write_atomic(&path, b"two", Privacy::Normal).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.json")]);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_write_into_a_missing_directory_fails_and_names_nothing_written() {
        let dir = temp_dir("missing");
        let path = dir.join("no/such/dir/a.json");
        let e = write_atomic(&path, b"x", Privacy::Normal).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::NotFound);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn private_files_are_created_for_the_owner_only() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = temp_dir("private");
        let path = dir.join("secret.json");
        write_atomic(&path, b"{}", Privacy::Private).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let journal = dir.join("journal");
        // One made readable by others (an older version) becomes private on the next append.
        std::fs::write(&journal, b"").unwrap();
        std::fs::set_permissions(&journal, std::fs::Permissions::from_mode(0o644)).unwrap();
        append_durable(&journal, b"1\n", Privacy::Private).unwrap();
        append_durable(&journal, b"2\n", Privacy::Private).unwrap();
        assert_eq!(std::fs::read(&journal).unwrap(), b"1\n2\n");
        let mode = std::fs::metadata(&journal).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        std::fs::remove_dir_all(dir).unwrap();
    }

    /// Eight writers each add their line under the lock: without it, read-modify-write loses
    /// most of them (each reads the same old file).
    #[test]
    fn the_lock_serialises_read_modify_write() {
        let dir = temp_dir("lock");
        let path = dir.join("list.txt");
        write_atomic(&path, b"", Privacy::Normal).unwrap();
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(8));
        let workers: Vec<_> = (0..8)
            .map(|n| {
                let path = path.clone();
                let barrier = barrier.clone();
                std::thread::Builder::new()
                    .name(format!("writer-{n}"))
                    .spawn(move || {
                        barrier.wait();
                        let _lock = FileLock::acquire(&path).unwrap();
                        let mut text = std::fs::read_to_string(&path).unwrap();
                        // Give the others every chance to interleave.
                        std::thread::yield_now();
                        text.push_str(&format!("{n}\n"));
                        write_atomic(&path, text.as_bytes(), Privacy::Normal).unwrap();
                    })
                    .unwrap()
            })
            .collect();
        for w in workers {
            w.join().unwrap();
        }
        let mut lines: Vec<String> = std::fs::read_to_string(&path)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect();
        lines.sort();
        assert_eq!(lines, (0..8).map(|n| n.to_string()).collect::<Vec<_>>());
        std::fs::remove_dir_all(dir).unwrap();
    }

    /// A file reached through a symlink (a dotfiles folder, as stow makes them) is written where
    /// the link points: the link stays a link, the temporary file is made beside the target, and
    /// both paths share one lock.
    #[cfg(unix)]
    #[test]
    fn a_symlink_is_followed_and_shares_its_targets_lock() {
        let dir = temp_dir("symlink");
        std::fs::create_dir_all(dir.join("dotfiles/zenbraze")).unwrap();
        std::fs::create_dir_all(dir.join("config")).unwrap();
        let target = dir.join("dotfiles/zenbraze/profiles.json");
        std::fs::write(&target, b"old").unwrap();
        let link = dir.join("config/profiles.json");
        // A relative link, as stow makes them.
        std::os::unix::fs::symlink("../dotfiles/zenbraze/profiles.json", &link).unwrap();
        write_atomic(&link, b"new", Privacy::Private).unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        append_durable(&link, b"+", Privacy::Private).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"new+");
        // Nothing was left beside the link.
        let names: Vec<_> = std::fs::read_dir(dir.join("config"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [std::ffi::OsString::from("profiles.json")]);
        // One lock for both paths, and a link to a link too.
        let second = dir.join("second.json");
        std::os::unix::fs::symlink(&link, &second).unwrap();
        let held = FileLock::try_acquire(&target).unwrap().expect("free");
        assert!(FileLock::try_acquire(&link).unwrap().is_none());
        assert!(FileLock::try_acquire(&second).unwrap().is_none());
        assert_eq!(
            held.path(),
            real_path(&target).with_file_name("profiles.json.lock")
        );
        drop(held);
        assert!(FileLock::try_acquire(&link).unwrap().is_some());
        // A link to a file not made yet: the file is created where it points.
        let dangling = dir.join("config/state.json");
        std::os::unix::fs::symlink(dir.join("dotfiles/state.json"), &dangling).unwrap();
        write_atomic(&dangling, b"{}", Privacy::Private).unwrap();
        assert!(
            std::fs::symlink_metadata(&dangling)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            std::fs::read(dir.join("dotfiles/state.json")).unwrap(),
            b"{}"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
