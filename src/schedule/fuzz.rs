//! Interval fuzz as Anki applies it to FSRS intervals, seeded from the item and its review
//! count so that replaying the log always gives the same schedule.

use rand::{Rng, SeedableRng};

/// The range of days a whole-day interval may be spread over.
pub fn range(interval: f64, max: u32) -> (u32, u32) {
    if interval < 2.5 {
        let i = interval.round().max(1.0) as u32;
        return (i.min(max), i.min(max));
    }
    const BANDS: [(f64, f64, f64); 3] =
        [(2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, f64::MAX, 0.05)];
    let delta: f64 = 1.0
        + BANDS
            .iter()
            .map(|&(start, end, f)| f * (interval.min(end) - start).max(0.0))
            .sum::<f64>();
    let lo = (interval - delta).round().max(2.0) as u32;
    let hi = (interval + delta).round() as u32;
    (lo.min(max), hi.min(max).max(lo.min(max)))
}

/// A fuzzed interval in days, the same every time for the same item and review count.
pub fn fuzzed(interval: f64, max: u32, item: &str, reps: u32) -> u32 {
    let (lo, hi) = range(interval, max);
    if lo == hi {
        return lo;
    }
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed(item, reps));
    rng.random_range(lo..=hi)
}

/// FNV-1a: stable across platforms and Rust versions, unlike `DefaultHasher`.
fn seed(item: &str, reps: u32) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in item.bytes().chain(reps.to_le_bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_intervals_are_not_fuzzed() {
        assert_eq!(range(1.2, 36500), (1, 1));
        assert_eq!(fuzzed(2.0, 36500, "a/b", 3), 2);
    }

    #[test]
    fn fuzz_stays_in_range_and_is_repeatable() {
        let (lo, hi) = range(30.0, 36500);
        assert!(lo < 30 && hi > 30, "{lo}..{hi}");
        for reps in 0..50 {
            let a = fuzzed(30.0, 36500, "deck/card", reps);
            assert!((lo..=hi).contains(&a));
            assert_eq!(a, fuzzed(30.0, 36500, "deck/card", reps));
        }
    }

    #[test]
    fn fuzz_respects_the_maximum() {
        assert_eq!(range(400.0, 100), (100, 100));
    }
}
