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
    /// The last two days looked up, as (start, end, date), newest first: replaying a log asks
    /// about the same day (and the day of each item's previous answer) over and over, and a
    /// time-zone conversion is the dearest part of it.
    recent: Cell<[Option<(i64, i64, Date)>; 2]>,
}

impl DayClock {
    pub fn new(tz: TimeZone, start_hour: i8) -> Self {
        DayClock {
            tz,
            start_hour: start_hour.clamp(0, 23),
            recent: Cell::new([None; 2]),
        }
    }

    /// The study day that `t` falls in.
    pub fn day_of(&self, t: Timestamp) -> Date {
        let secs = t.as_second();
        let recent = self.recent.get();
        if let Some((_, _, date)) = recent
            .iter()
            .flatten()
            .find(|(start, end, _)| (*start..*end).contains(&secs))
        {
            return *date;
        }
        let date = self.day_of_uncached(t);
        let window = (
            self.start_of(date).as_second(),
            self.end_of(date).as_second(),
        );
        if (window.0..window.1).contains(&secs) {
            self.recent
                .set([Some((window.0, window.1, date)), recent[0]]);
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
        let dt = d.at(self.start_hour, 0, 0, 0);
        self.tz
            .to_ambiguous_timestamp(dt)
            .compatible()
            .unwrap_or(Timestamp::UNIX_EPOCH)
    }

    /// The instant the study day after `d` begins.
    pub fn end_of(&self, d: Date) -> Timestamp {
        self.start_of(d.checked_add(1.day()).unwrap_or(d))
    }

    /// Whole study days from `a` to `b` (negative if `b` is earlier).
    pub fn days_between(&self, a: Timestamp, b: Timestamp) -> i32 {
        let (da, db) = (self.day_of(a), self.day_of(b));
        da.until(db).map_or(0, |s| s.get_days())
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
}
