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

    pub fn now(self) -> Timestamp {
        match self {
            Clock::System => Timestamp::now(),
            Clock::Fixed(t) => t,
        }
    }
}
