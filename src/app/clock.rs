//! The app's clock, for its pauses: the autosave after typing stops, and re-rendering a long body
//! or every sample once typing pauses. The desktop reads the system clock; tests hold a manual one
//! and move it forward, so no test waits for a pause to pass.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[derive(Clone, Debug, Default)]
pub struct Clock {
    manual: Option<Arc<Manual>>,
}

#[derive(Debug)]
struct Manual {
    start: Instant,
    /// Nanoseconds since `start`.
    elapsed: AtomicU64,
}

impl Clock {
    /// The system's clock.
    pub fn system() -> Clock {
        Clock { manual: None }
    }

    /// A clock that stands still until [`Clock::advance`] moves it (clones share it).
    pub fn manual() -> Clock {
        Clock {
            manual: Some(Arc::new(Manual {
                start: Instant::now(),
                elapsed: AtomicU64::new(0),
            })),
        }
    }

    pub fn now(&self) -> Instant {
        match &self.manual {
            None => Instant::now(),
            Some(m) => m.start + Duration::from_nanos(m.elapsed.load(Ordering::SeqCst)),
        }
    }

    /// Moves a manual clock forward (the system clock moves by itself).
    pub fn advance(&self, by: Duration) {
        if let Some(m) = &self.manual {
            let nanos = u64::try_from(by.as_nanos()).unwrap_or(u64::MAX);
            m.elapsed.fetch_add(nanos, Ordering::SeqCst);
        }
    }

    pub fn is_manual(&self) -> bool {
        self.manual.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told_and_clones_share_it() {
        let clock = Clock::manual();
        let copy = clock.clone();
        let t0 = clock.now();
        assert_eq!(clock.now(), t0);
        copy.advance(Duration::from_millis(800));
        assert_eq!(clock.now() - t0, Duration::from_millis(800));
        assert!(!Clock::system().is_manual());
    }
}
