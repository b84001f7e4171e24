//! The user agent's clock: tokio's, so that tests with paused time drive
//! preflight cache expiry, plus an offset a test can move by hand.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use fetch_cors::Timestamp;

/// A monotonic clock for the preflight cache: the time since the clock was
/// made, on [`tokio::time::Instant`] (so `tokio::time::pause` and
/// `tokio::time::advance` move it), plus whatever [`Clock::advance`] added.
/// Clones share the offset.
///
/// ```
/// use std::time::Duration;
/// use fetch_cors_tower::Clock;
/// let clock = Clock::new();
/// let before = clock.now();
/// clock.clone().advance(Duration::from_secs(600));
/// assert!(clock.now().as_secs_f64() - before.as_secs_f64() >= 600.0);
/// ```
#[derive(Clone, Debug)]
pub struct Clock {
    epoch: tokio::time::Instant,
    offset_nanos: Arc<AtomicU64>,
}

impl Clock {
    /// A clock starting now.
    pub fn new() -> Self {
        Clock {
            epoch: tokio::time::Instant::now(),
            offset_nanos: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Moves this clock and its clones forward by `by`.
    pub fn advance(&self, by: Duration) {
        let nanos = u64::try_from(by.as_nanos()).unwrap_or(u64::MAX);
        // fetch_update with a saturating add: the offset never wraps.
        let _ = self
            .offset_nanos
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                Some(n.saturating_add(nanos))
            });
    }

    /// The time on this clock.
    pub fn now(&self) -> Timestamp {
        let offset = Duration::from_nanos(self.offset_nanos.load(Ordering::Relaxed));
        Timestamp::from_duration(self.epoch.elapsed().saturating_add(offset))
    }
}

impl Default for Clock {
    fn default() -> Self {
        Clock::new()
    }
}
