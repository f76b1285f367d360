//! Study days: a day starts at a configurable local hour (default 04:00), so a late-night
//! session counts as the evening before. DST-safe through `jiff`.

use std::cell::Cell;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

#[derive(Debug, Clone)]
pub struct DayClock {
    pub tz: TimeZone,
    pub start_hour: i8,
    /// Days looked up before: replaying a log asks about the day of each answer, of the item's
    /// previous answer and of its next due date, ten million times for a long history, and a
    /// time-zone conversion is the dearest part of it.
    known: Box<Known>,
}

/// How many days each table of [`Known`] holds: more than a year, so that the days a replay
/// asks about (the answer's, a few weeks back, a few months ahead) are nearly always there.
const KNOWN_DAYS: usize = 512;

/// Two direct-mapped tables: study days by the instant (each slot one 24-hour stretch), and
/// the instants days start by the date. Every entry is checked before it is used, so a slot
/// taken by another day only costs a conversion.
#[derive(Clone)]
struct Known {
    /// Where, in a UTC day, study days start (learnt from the first one worked out), so that
    /// a slot's 24 hours are one study day in a zone without daylight saving time.
    phase: Cell<Option<i64>>,
    /// (start, end, date) of a study day.
    windows: [Cell<Option<(i64, i64, Date)>>; KNOWN_DAYS],
    /// (date, the second it starts).
    starts: [Cell<Option<(Date, i64)>>; KNOWN_DAYS],
}

impl std::fmt::Debug for Known {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Known { .. }")
    }
}

impl Known {
    fn new() -> Known {
        Known {
            phase: Cell::new(None),
            windows: std::array::from_fn(|_| Cell::new(None)),
            starts: std::array::from_fn(|_| Cell::new(None)),
        }
    }

    fn window_slot(&self, secs: i64) -> &Cell<Option<(i64, i64, Date)>> {
        let day = (secs - self.phase.get().unwrap_or(0)).div_euclid(86_400);
        &self.windows[slot(day)]
    }

    fn start_slot(&self, d: Date) -> &Cell<Option<(Date, i64)>> {
        let day = i64::from(d.year()) * 366 + i64::from(d.day_of_year());
        &self.starts[slot(day)]
    }
}

fn slot(n: i64) -> usize {
    usize::try_from(n.rem_euclid(KNOWN_DAYS as i64)).unwrap_or(0)
}

impl DayClock {
    pub fn new(tz: TimeZone, start_hour: i8) -> Self {
        DayClock {
            tz,
            start_hour: start_hour.clamp(0, 23),
            known: Box::new(Known::new()),
        }
    }

    /// The study day that `t` falls in.
    pub fn day_of(&self, t: Timestamp) -> Date {
        let secs = t.as_second();
        if let Some((start, end, date)) = self.known.window_slot(secs).get()
            && (start..end).contains(&secs)
        {
            return date;
        }
        let date = self.day_of_uncached(t);
        let window = (
            self.start_of(date).as_second(),
            self.end_of(date).as_second(),
        );
        if (window.0..window.1).contains(&secs) {
            let known = &self.known;
            if known.phase.get().is_none() {
                known.phase.set(Some(window.0.rem_euclid(86_400)));
            }
            known
                .window_slot(secs)
                .set(Some((window.0, window.1, date)));
        }
        date
    }

    fn day_of_uncached(&self, t: Timestamp) -> Date {
        let local = self.tz.to_datetime(t);
        let date = local.date();
        if local.hour() < self.start_hour {
            date.yesterday().unwrap_or(date)
        } else {
            date
        }
    }

    /// The instant study day `d` begins (on a DST gap, the first valid instant after it).
    pub fn start_of(&self, d: Date) -> Timestamp {
        let slot = self.known.start_slot(d);
        if let Some((date, secs)) = slot.get()
            && date == d
        {
            return Timestamp::from_second(secs).unwrap_or(Timestamp::UNIX_EPOCH);
        }
        let dt = d.at(self.start_hour, 0, 0, 0);
        let start = self
            .tz
            .to_ambiguous_timestamp(dt)
            .compatible()
            .unwrap_or(Timestamp::UNIX_EPOCH);
        slot.set(Some((d, start.as_second())));
        start
    }

    /// The instant the study day after `d` begins.
    pub fn end_of(&self, d: Date) -> Timestamp {
        self.start_of(d.checked_add(1.day()).unwrap_or(d))
    }

    /// Whole study days from `a` to `b` (negative if `b` is earlier).
    pub fn days_between(&self, a: Timestamp, b: Timestamp) -> i32 {
        let (da, db) = (self.day_of(a), self.day_of(b));
        // Civil days, worked out from the two dates' day numbers (a `Span` would do the same
        // through more general and slower arithmetic).
        i32::try_from(da.duration_until(db).as_secs() / 86_400).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn late_night_counts_as_the_evening_before() {
        let c = DayClock::new(TimeZone::UTC, 4);
        assert_eq!(
            c.day_of(ts("2026-03-10T03:59:00Z")).to_string(),
            "2026-03-09"
        );
        assert_eq!(
            c.day_of(ts("2026-03-10T04:00:00Z")).to_string(),
            "2026-03-10"
        );
        assert_eq!(
            c.start_of("2026-03-10".parse().unwrap()),
            ts("2026-03-10T04:00:00Z")
        );
    }

    #[test]
    fn dst_change_keeps_local_day_start() {
        let tz = TimeZone::get("Europe/Berlin").unwrap();
        let c = DayClock::new(tz, 4);
        // Clocks go forward on 2026-03-29 at 02:00 local: that day is 23 hours long.
        let d28: Date = "2026-03-28".parse().unwrap();
        let start = c.start_of(d28);
        let end = c.end_of(d28);
        assert_eq!(start, ts("2026-03-28T03:00:00Z"));
        assert_eq!(end, ts("2026-03-29T02:00:00Z"));
        assert_eq!(c.day_of(ts("2026-03-29T01:59:00Z")), d28);
        assert_eq!(c.days_between(start, end), 1);
    }

    /// Study days between two instants are whole calendar days, either way round, across
    /// daylight saving changes and leap days, as `Date::until` counts them.
    #[test]
    fn days_between_counts_calendar_days_both_ways() {
        let c = DayClock::new(TimeZone::get("Europe/Berlin").unwrap(), 4);
        let instants = [
            "2023-12-31T22:00:00Z",
            "2024-02-28T12:00:00Z",
            "2024-03-01T02:30:00Z",
            "2026-03-29T01:59:00Z",
            "2026-03-29T02:01:00Z",
            "2026-10-25T03:30:00Z",
            "2031-07-01T12:00:00Z",
        ];
        for a in instants {
            for b in instants {
                let (da, db) = (c.day_of(ts(a)), c.day_of(ts(b)));
                let expected = da.until(db).unwrap().get_days();
                assert_eq!(c.days_between(ts(a), ts(b)), expected, "{a} to {b}");
            }
        }
        assert_eq!(
            c.days_between(ts("2024-02-28T12:00:00Z"), ts("2024-03-01T12:00:00Z")),
            2
        );
        assert_eq!(
            c.days_between(ts("2024-03-01T12:00:00Z"), ts("2024-02-28T12:00:00Z")),
            -2
        );
    }

    /// The tables of days already worked out never change an answer: instants over six years
    /// in an order that jumps back and forth, in a zone with daylight saving time and in one
    /// with a half-hour offset, asked twice each.
    #[test]
    fn days_remembered_are_the_days_worked_out() {
        for zone in ["Europe/Berlin", "Asia/Kolkata", "America/St_Johns"] {
            let c = DayClock::new(TimeZone::get(zone).unwrap(), 4);
            let fresh = DayClock::new(TimeZone::get(zone).unwrap(), 4);
            let mut x: i64 = 0x2545_f491;
            let base = ts("2024-01-01T00:00:00Z").as_second();
            for round in 0..40_000 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let secs = base + x.rem_euclid(6 * 366 * 86_400);
                let t = Timestamp::from_second(secs).unwrap();
                let want = fresh.day_of_uncached(t);
                assert_eq!(c.day_of(t), want, "{zone} {t} (round {round})");
                assert_eq!(c.day_of(t), want, "{zone} {t}, asked again");
                let start = fresh
                    .tz
                    .to_ambiguous_timestamp(want.at(4, 0, 0, 0))
                    .compatible();
                assert_eq!(c.start_of(want), start.unwrap(), "{zone} {want}");
            }
        }
    }

    #[test]
    fn days_looked_up_again_in_any_order_are_the_days_worked_out_afresh() {
        // A time zone with clock changes, day starts in and around the changed hours, and
        // instants over five years (more days than the table has slots) asked in a scattered
        // order, each twice: the table must never hand back another day's window.
        let tz = TimeZone::get("America/New_York").unwrap();
        let from = ts("2024-01-01T00:00:00Z").as_second();
        let span = 5 * 366 * 86_400_i64;
        for hour in [0, 1, 2, 3, 4, 23] {
            let c = DayClock::new(tz.clone(), hour);
            let fresh = DayClock::new(tz.clone(), hour);
            let mut x: i64 = 12_345;
            for _ in 0..2 {
                for _ in 0..20_000 {
                    // A linear congruential walk: repeatable, scattered over the span.
                    x = (x * 1_103_515_245 + 12_345).rem_euclid(1 << 31);
                    let t = Timestamp::from_second(from + x % span).unwrap();
                    assert_eq!(c.day_of(t), fresh.day_of_uncached(t), "{t} at {hour}h");
                }
            }
            // Around a clock change, minute by minute.
            let change = ts("2026-11-01T04:00:00Z").as_second();
            for m in -600..600 {
                let t = Timestamp::from_second(change + m * 60).unwrap();
                assert_eq!(c.day_of(t), fresh.day_of_uncached(t), "{t} at {hour}h");
            }
        }
    }
}
