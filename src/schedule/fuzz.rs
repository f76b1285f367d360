//! Interval fuzz as Anki applies it to FSRS intervals. The spread comes from a hash of the item
//! and its review count, so replaying the log always gives the same schedule, and no random
//! state is read or kept.

/// The days a review of `days` (the FSRS interval, already rounded) may be spread over, as
/// py-fsrs's `_get_fuzz_range` computes them: none below 3 days; otherwise `days` plus or minus
/// a delta that grows by band (15% of the part between 2.5 and 7 days, 10% up to 20, 5% above,
/// plus a day), each end rounded, at least 2 and at most `max`.
pub fn range(days: u32, max: u32) -> (u32, u32) {
    if days < 3 {
        return (days.min(max), days.min(max));
    }
    const BANDS: [(f64, f64, f64); 3] =
        [(2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, f64::MAX, 0.05)];
    let x = f64::from(days);
    let delta: f64 = 1.0
        + BANDS
            .iter()
            .map(|&(start, end, f)| f * (x.min(end) - start).max(0.0))
            .sum::<f64>();
    let whole = |v: f64| v.round_ties_even().max(0.0) as u32;
    let hi = whole(x + delta).min(max);
    let lo = whole(x - delta).max(2).min(hi);
    (lo, hi)
}

/// A fuzzed interval in days, the same every time for the same item and review count.
pub fn fuzzed(days: u32, max: u32, item: &str, reps: u32) -> u32 {
    spread(days, max, seed(item, reps))
}

/// As [`fuzzed`], with the item's [`seed`] worked out once for all four grades: any day of
/// [`range`], each as likely. The draw is one fraction of the range, the same for every
/// interval with the same seed, so a longer interval never comes out shorter than a shorter
/// one (both ends of the range grow with the interval).
pub fn spread(days: u32, max: u32, seed: u64) -> u32 {
    let (lo, hi) = range(days, max);
    let fraction = (mix(seed) >> 11) as f64 / (1u64 << 53) as f64;
    let offset = (fraction * f64::from(hi - lo + 1)).floor() as u32;
    lo + offset.min(hi - lo)
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
        assert_eq!(range(1, 36500), (1, 1));
        assert_eq!(range(2, 36500), (2, 2));
        assert_eq!(fuzzed(2, 36500, "a/b", 3), 2);
    }

    /// The ranges py-fsrs 6.3.2's `_get_fuzz_range` gives for these intervals (its code run on
    /// each of them).
    #[test]
    fn ranges_are_those_of_py_fsrs() {
        let want = [
            (3, (2, 4)),
            (4, (3, 5)),
            (5, (4, 6)),
            (6, (4, 8)),
            (7, (5, 9)),
            (10, (8, 12)),
            (20, (17, 23)),
            (30, (27, 33)),
            (51, (46, 56)),
            (100, (93, 107)),
            (365, (345, 385)),
        ];
        for (days, range_) in want {
            assert_eq!(range(days, 36500), range_, "{days} days");
        }
    }

    #[test]
    fn fuzz_stays_in_range_and_is_repeatable() {
        let (lo, hi) = range(30, 36500);
        assert!(lo < 30 && hi > 30, "{lo}..{hi}");
        for reps in 0..50 {
            let a = fuzzed(30, 36500, "deck/card", reps);
            assert!((lo..=hi).contains(&a));
            assert_eq!(a, fuzzed(30, 36500, "deck/card", reps));
        }
    }

    #[test]
    fn fuzz_spreads_over_the_whole_range() {
        let (lo, hi) = range(30, 36500);
        let seen: std::collections::BTreeSet<u32> = (0..200)
            .map(|i| fuzzed(30, 36500, &format!("d/c{i}"), 4))
            .collect();
        assert_eq!(seen.first(), Some(&lo));
        assert_eq!(seen.last(), Some(&hi));
    }

    #[test]
    fn fuzz_keeps_longer_intervals_at_least_as_long() {
        for i in 0..500u32 {
            let seed = seed("d/c", i);
            let fuzzed: Vec<u32> = (1..400).map(|d| spread(d, 36500, seed)).collect();
            assert!(fuzzed.is_sorted(), "seed {seed}: {fuzzed:?}");
        }
    }

    #[test]
    fn fuzz_respects_the_maximum() {
        assert_eq!(range(400, 100), (100, 100));
        assert_eq!(range(30, 31), (27, 31));
        assert_eq!(range(3, 1), (1, 1));
    }
}
