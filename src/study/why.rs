//! Why there is nothing to study right now, in words both front ends print.

use jiff::Timestamp;

use super::Session;
use crate::schedule::spoken_duration;

/// One or two sentences: why study stopped, and what the learner can do.
pub fn explain(session: &Session, now: Timestamp) -> String {
    match session.ctx(now).next_due() {
        Some(t) => format!(
            "The next card is due in {}.",
            spoken_duration(t.duration_since(now))
        ),
        None => String::new(),
    }
}
