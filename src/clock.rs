//! "Now": the system clock, or the fixed instant in `SOMADECK_NOW` (RFC 3339). The one place
//! that reads time; everything else is handed a timestamp.

use jiff::Timestamp;

#[derive(Debug, Clone, Copy)]
pub enum Clock {
    System,
    Fixed(Timestamp),
}

impl Clock {
    /// From `SOMADECK_NOW` when set; an unreadable value is an error, never ignored.
    pub fn from_env() -> Result<Self, String> {
        match std::env::var("SOMADECK_NOW") {
            Ok(v) if !v.trim().is_empty() => v.trim().parse::<Timestamp>().map(Clock::Fixed).map_err(|e| {
                format!("SOMADECK_NOW={v:?} is not an RFC 3339 time such as 2026-11-23T09:00:00Z: {e}")
            }),
            _ => Ok(Clock::System),
        }
    }

    /// Whether "now" is a simulated instant (`SOMADECK_NOW`).
    pub fn is_simulated(self) -> bool {
        matches!(self, Clock::Fixed(_))
    }

    /// A simulated clock may only write progress kept apart from the real one (under
    /// `SOMADECK_HOME`): answers dated in the future would land in the real log and switch off
    /// the daily limits. `home_set` says whether `SOMADECK_HOME` is set.
    pub fn check_writes(self, home_set: bool) -> Result<(), String> {
        if self.is_simulated() && !home_set {
            return Err(
                "SOMADECK_NOW is set but SOMADECK_HOME is not, and this command changes your \
                 real data (progress, settings or installed decks) while the date is simulated. \
                 To try out dates, also set SOMADECK_HOME to a folder for the trial (an empty \
                 one, or a copy of your data). Commands that only read (stats, cards, decks, \
                 check) run without it"
                    .into(),
            );
        }
        Ok(())
    }

    pub fn now(self) -> Timestamp {
        match self {
            Clock::System => Timestamp::now(),
            Clock::Fixed(t) => t,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Clock;

    #[test]
    fn a_simulated_clock_writes_only_with_a_home_of_its_own() {
        let fixed = Clock::Fixed("2030-01-01T10:00:00Z".parse().unwrap());
        let msg = fixed.check_writes(false).unwrap_err();
        assert!(msg.contains("SOMADECK_HOME to a folder"), "{msg}");
        assert!(fixed.check_writes(true).is_ok());
        assert!(Clock::System.check_writes(false).is_ok());
        assert!(Clock::System.check_writes(true).is_ok());
    }
}
