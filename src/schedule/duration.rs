//! How a wait is put into words: short for the compact grade labels (`10m`, `6d`), spoken for
//! front ends that read it out or write it in a sentence ("10 minutes", "6 days").

use jiff::SignedDuration;

/// The scale a wait is told in, with its count: minutes, hours and days whole, months and
/// years to one decimal.
enum Scale {
    UnderAMinute,
    Minutes(i64),
    Hours(i64),
    Days(i64),
    Months(f64),
    Years(f64),
}

fn scale(d: SignedDuration) -> Scale {
    let s = d.as_secs().max(0);
    let days = s as f64 / 86_400.0;
    if s < 60 {
        Scale::UnderAMinute
    } else if s < 3600 {
        Scale::Minutes((s + 30) / 60)
    } else if s < 86_400 {
        Scale::Hours((s + 1800) / 3600)
    } else if days < 30.0 {
        Scale::Days((s + 43_200) / 86_400)
    } else if days < 365.0 {
        Scale::Months(days / 30.44)
    } else {
        Scale::Years(days / 365.25)
    }
}

/// A short form of a wait: `10m`, `5h`, `4d`, `3.2mo`, `1.5y`.
pub fn short_duration(d: SignedDuration) -> String {
    match scale(d) {
        Scale::UnderAMinute => "<1m".to_string(),
        Scale::Minutes(n) => format!("{n}m"),
        Scale::Hours(n) => format!("{n}h"),
        Scale::Days(n) => format!("{n}d"),
        Scale::Months(n) => format!("{n:.1}mo"),
        Scale::Years(n) => format!("{n:.1}y"),
    }
}

/// A wait in words: "1 minute", "10 minutes", "5 hours", "1 day", "6 days", "3 months",
/// "1.2 years"; "less than a minute" below one.
pub fn spoken_duration(d: SignedDuration) -> String {
    match scale(d) {
        Scale::UnderAMinute => "less than a minute".to_string(),
        Scale::Minutes(n) => count(n, "minute"),
        Scale::Hours(n) => count(n, "hour"),
        Scale::Days(n) => count(n, "day"),
        Scale::Months(n) => tenths(n, "month"),
        Scale::Years(n) => tenths(n, "year"),
    }
}

/// A number of days in words: "1 day", "5 days".
pub fn day_count(n: i64) -> String {
    count(n, "day")
}

/// `1 day`, `3 days`: a number with its unit, never "day(s)".
pub fn count<N: Copy + Into<i128> + std::fmt::Display>(n: N, unit: &str) -> String {
    if n.into() == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

/// To one decimal, without a trailing ".0": "3 months", "1.2 years", "1 year".
fn tenths(n: f64, unit: &str) -> String {
    let t = (n * 10.0).round() / 10.0;
    if t.fract() == 0.0 {
        count(t as i64, unit)
    } else {
        format!("{t:.1} {unit}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mins(m: i64) -> SignedDuration {
        SignedDuration::from_mins(m)
    }

    fn days(d: i64) -> SignedDuration {
        SignedDuration::from_hours(24 * d)
    }

    #[test]
    fn short_forms() {
        assert_eq!(short_duration(SignedDuration::from_secs(30)), "<1m");
        assert_eq!(short_duration(mins(10)), "10m");
        assert_eq!(short_duration(SignedDuration::from_secs(330)), "6m");
        assert_eq!(short_duration(mins(300)), "5h");
        assert_eq!(short_duration(days(4)), "4d");
        assert_eq!(short_duration(days(90)), "3.0mo");
        assert_eq!(short_duration(days(438)), "1.2y");
    }

    #[test]
    fn spoken_forms() {
        assert_eq!(
            spoken_duration(SignedDuration::from_secs(20)),
            "less than a minute"
        );
        assert_eq!(spoken_duration(mins(1)), "1 minute");
        assert_eq!(spoken_duration(mins(10)), "10 minutes");
        assert_eq!(spoken_duration(mins(60)), "1 hour");
        assert_eq!(spoken_duration(mins(300)), "5 hours");
        assert_eq!(spoken_duration(days(1)), "1 day");
        assert_eq!(spoken_duration(days(6)), "6 days");
        assert_eq!(spoken_duration(days(90)), "3 months");
        assert_eq!(spoken_duration(days(46)), "1.5 months");
        assert_eq!(spoken_duration(days(365)), "1 year");
        assert_eq!(spoken_duration(days(438)), "1.2 years");
    }

    #[test]
    fn day_counts() {
        assert_eq!(day_count(0), "0 days");
        assert_eq!(day_count(1), "1 day");
        assert_eq!(day_count(12), "12 days");
    }

    #[test]
    fn the_spoken_form_never_hedges_the_plural() {
        for secs in [
            0, 59, 60, 61, 3599, 3600, 86_399, 86_400, 2_591_999, 31_557_600,
        ] {
            let s = spoken_duration(SignedDuration::from_secs(secs));
            assert!(!s.contains("(s)"), "{s}");
        }
    }
}
