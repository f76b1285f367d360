//! Interval fuzz as Anki applies it to FSRS intervals. The spread comes from a hash of the item
//! and its review count, so replaying the log always gives the same schedule, and no random
//! state is read or kept.

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
    spread(interval, max, seed(item, reps))
}

/// As [`fuzzed`], with the item's [`seed`] worked out once for all four grades.
pub fn spread(interval: f64, max: u32, seed: u64) -> u32 {
    let (lo, hi) = range(interval, max);
    if lo == hi {
        return lo;
    }
    let span = u64::from(hi - lo) + 1;
    lo + u32::try_from(mix(seed) % span).unwrap_or(0)
}

/// SplitMix64's finaliser: spreads FNV's low bits, which cluster for similar ids.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The item's fuzz seed for its `reps`-th answer: stable across machines and versions.
pub fn seed(item: &str, reps: u32) -> u64 {
    crate::hash::fnv1a(item.bytes().chain(reps.to_le_bytes()))
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
    fn fuzz_spreads_over_the_whole_range() {
        let (lo, hi) = range(30.0, 36500);
        let seen: std::collections::BTreeSet<u32> = (0..200)
            .map(|i| fuzzed(30.0, 36500, &format!("d/c{i}"), 4))
            .collect();
        assert_eq!(seen.first(), Some(&lo));
        assert_eq!(seen.last(), Some(&hi));
    }

    #[test]
    fn fuzz_respects_the_maximum() {
        assert_eq!(range(400.0, 100), (100, 100));
    }
}
