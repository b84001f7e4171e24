//! Time as the caller gives it. The engine never reads a clock: every call
//! that needs the time takes a [`Timestamp`].

use std::time::Duration;

/// A point on the caller's monotonic clock, counted from any epoch the
/// caller chooses (process start, a test's virtual zero). Only differences
/// matter.
///
/// ```
/// use fetch_cors::Timestamp;
/// let t = Timestamp::from_secs_f64(1.5);
/// assert_eq!(t.saturating_add_secs(5), Timestamp::from_secs_f64(6.5));
/// assert!(Timestamp::ZERO < t);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(u64);

impl Timestamp {
    /// The epoch.
    pub const ZERO: Timestamp = Timestamp(0);
    /// The latest representable time (about 584 years after the epoch).
    pub const MAX: Timestamp = Timestamp(u64::MAX);

    /// Whole seconds after the epoch.
    pub fn from_secs(secs: u64) -> Self {
        Timestamp(secs.saturating_mul(1_000_000_000))
    }

    /// Seconds after the epoch; negative and NaN give the epoch, huge values
    /// saturate.
    pub fn from_secs_f64(secs: f64) -> Self {
        // `as` saturates and maps NaN to 0.
        Timestamp((secs * 1e9) as u64)
    }

    /// Time after the epoch.
    pub fn from_duration(since_epoch: Duration) -> Self {
        Timestamp(u64::try_from(since_epoch.as_nanos()).unwrap_or(u64::MAX))
    }

    /// This time plus `secs` seconds, saturating.
    pub fn saturating_add_secs(self, secs: u64) -> Self {
        Timestamp(self.0.saturating_add(secs.saturating_mul(1_000_000_000)))
    }

    /// Seconds after the epoch.
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / 1e9
    }
}

impl From<Duration> for Timestamp {
    fn from(d: Duration) -> Self {
        Timestamp::from_duration(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_saturate() {
        assert_eq!(Timestamp::from_secs(u64::MAX), Timestamp::MAX);
        assert_eq!(Timestamp::from_secs_f64(-3.0), Timestamp::ZERO);
        assert_eq!(Timestamp::from_secs_f64(f64::NAN), Timestamp::ZERO);
        assert_eq!(Timestamp::from_secs_f64(1e300), Timestamp::MAX);
        assert_eq!(Timestamp::MAX.saturating_add_secs(1), Timestamp::MAX);
        assert_eq!(
            Timestamp::from(Duration::from_millis(1500)),
            Timestamp::from_secs_f64(1.5)
        );
    }
}
