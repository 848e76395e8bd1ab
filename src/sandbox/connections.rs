//! How many connections the sandbox holds, and which one goes when it must make room. A
//! connection costs a file descriptor, and so do the journal, the state file and each webhook
//! delivery. The sandbox keeps a reserve of descriptors for those and caps its connections
//! below the process's limit. At the cap, a new connection still gets in: the oldest one that
//! is not in the middle of a request (idle between requests, or still sending its headers) is
//! closed for it. So a few hundred half-sent requests cannot starve the clients that finish
//! theirs, and an acknowledged change always has a descriptor to be saved with.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

use tokio_util::sync::CancellationToken;

/// Descriptors kept free of connections: the journal and state file, webhook deliveries, the
/// runtime's own (epoll, eventfd), standard streams, and a margin.
pub const RESERVE: u64 = 64;

/// The most connections a process whose descriptor limit is `nofile` may hold, given the cap
/// its configuration asks for.
pub fn cap(configured: usize, nofile: Option<u64>) -> usize {
    let by_limit = match nofile {
        None => u64::MAX,
        Some(n) if n > 2 * RESERVE => n - RESERVE,
        Some(n) => n / 2,
    };
    let by_limit = usize::try_from(by_limit).unwrap_or(usize::MAX);
    configured.min(by_limit).max(1)
}

/// The process's soft limit on open files, where the system says.
pub fn descriptor_limit() -> Option<u64> {
    #[cfg(unix)]
    {
        let limit = rustix::process::getrlimit(rustix::process::Resource::Nofile);
        limit.current
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// What the registry knows of one connection's activity.
#[derive(Default)]
pub struct Activity {
    /// Set while a request is being answered: such a connection is never closed for room.
    busy: AtomicBool,
    /// When it was accepted or last finished answering, in ms since the registry began.
    last: AtomicU64,
}

/// One connection as the registry sees it.
struct Entry {
    activity: Arc<Activity>,
    close: CancellationToken,
}

/// The connections being served.
pub struct Connections {
    open: Mutex<BTreeMap<u64, Entry>>,
    next: AtomicU64,
    began: Instant,
}

impl Default for Connections {
    fn default() -> Self {
        Connections {
            open: Mutex::default(),
            next: AtomicU64::new(0),
            began: Instant::now(),
        }
    }
}

/// A connection's place in the registry; dropping it removes the connection.
pub struct Slot {
    registry: Arc<Connections>,
    id: u64,
    pub activity: Arc<Activity>,
    pub close: CancellationToken,
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Ok(mut open) = self.registry.open.lock() {
            open.remove(&self.id);
        }
    }
}

/// What became of a new connection.
pub enum Admission {
    /// It is served; another may have been closed to make room.
    Admitted(Slot),
    /// Every connection is answering a request: this one is closed at once.
    Full,
}

impl Connections {
    fn now(&self) -> u64 {
        u64::try_from(self.began.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Registers a new connection under `cap`, closing the idle one that has waited longest
    /// if it must (a client that was just answered is the last to go).
    pub fn admit(self: &Arc<Self>, cap: usize) -> Admission {
        let Ok(mut open) = self.open.lock() else {
            return Admission::Full;
        };
        if open.len() >= cap {
            let idle = open
                .iter()
                .filter(|(_, e)| !e.activity.busy.load(Ordering::Acquire))
                .min_by_key(|(_, e)| e.activity.last.load(Ordering::Acquire))
                .map(|(id, _)| *id);
            match idle {
                Some(id) => {
                    if let Some(evicted) = open.remove(&id) {
                        evicted.close.cancel();
                    }
                }
                None => return Admission::Full,
            }
        }
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let activity = Arc::new(Activity {
            busy: AtomicBool::new(false),
            last: AtomicU64::new(self.now()),
        });
        let close = CancellationToken::new();
        open.insert(
            id,
            Entry {
                activity: Arc::clone(&activity),
                close: close.clone(),
            },
        );
        Admission::Admitted(Slot {
            registry: Arc::clone(self),
            id,
            activity,
            close,
        })
    }

    /// Marks a connection busy for as long as the guard lives: one request being answered.
    pub fn answering(self: &Arc<Self>, activity: &Arc<Activity>) -> Busy {
        activity.busy.store(true, Ordering::Release);
        Busy {
            registry: Arc::clone(self),
            activity: Arc::clone(activity),
        }
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.open.lock().map_or(0, |o| o.len())
    }
}

/// A request being answered on a connection; when it goes, the connection is idle again and
/// was active just now.
pub struct Busy {
    registry: Arc<Connections>,
    activity: Arc<Activity>,
}

impl Drop for Busy {
    fn drop(&mut self) {
        let now = self.registry.now();
        self.activity.last.store(now, Ordering::Release);
        self.activity.busy.store(false, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_keeps_a_reserve_below_the_descriptor_limit() {
        assert_eq!(cap(2048, Some(256)), 192);
        assert_eq!(cap(2048, Some(1_048_576)), 2048);
        assert_eq!(cap(2048, Some(100)), 50);
        assert_eq!(cap(2048, Some(1)), 1);
        assert_eq!(cap(2048, None), 2048);
    }

    #[test]
    fn at_the_cap_the_oldest_idle_connection_makes_room() {
        let registry = Arc::new(Connections::default());
        let slot = |r: &Arc<Connections>| match r.admit(2) {
            Admission::Admitted(s) => s,
            Admission::Full => panic!("full"),
        };
        let first = slot(&registry);
        let second = slot(&registry);
        let _answering = registry.answering(&first.activity);
        // The first is answering a request: the second, idle, goes.
        let third = slot(&registry);
        assert!(!first.close.is_cancelled());
        assert!(second.close.is_cancelled());
        assert_eq!(registry.len(), 2);
        let _also = registry.answering(&third.activity);
        assert!(matches!(registry.admit(2), Admission::Full));
        drop(second);
        assert_eq!(registry.len(), 2, "an evicted slot was already gone");
    }

    #[test]
    fn a_connection_just_answered_is_the_last_idle_one_to_go() {
        let registry = Arc::new(Connections::default());
        let Admission::Admitted(old) = registry.admit(2) else {
            panic!()
        };
        let Admission::Admitted(young) = registry.admit(2) else {
            panic!()
        };
        std::thread::sleep(std::time::Duration::from_millis(5));
        // The older connection finished a request a moment ago; the younger never sent one.
        drop(registry.answering(&old.activity));
        let Admission::Admitted(_new) = registry.admit(2) else {
            panic!()
        };
        assert!(young.close.is_cancelled());
        assert!(!old.close.is_cancelled());
    }
}
