//! The line on standard error that says how far a long replay of the review log has got (a
//! rebuild of progress from the whole log can take seconds on a big history). Shown only on a
//! terminal, only after a second, and cleared when done, so short starts and piped output
//! (line mode writes its questions to standard output) never see it.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// How long a replay runs before it says so.
const QUIET_FOR: Duration = Duration::from_secs(1);

/// Reports a replay's progress on standard error when that is a terminal.
pub struct RebuildNote {
    started: Instant,
    on_terminal: bool,
    shown: Option<u64>,
}

impl RebuildNote {
    pub fn start() -> RebuildNote {
        RebuildNote {
            started: Instant::now(),
            on_terminal: std::io::stderr().is_terminal(),
            shown: None,
        }
    }

    /// `done` of `total` bytes of the log are read.
    pub fn report(&mut self, done: u64, total: u64) {
        if !self.on_terminal {
            return;
        }
        let Some((percent, line)) = note_line(self.started.elapsed(), done, total) else {
            return;
        };
        if self.shown != Some(percent) {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r{line}");
            let _ = err.flush();
            self.shown = Some(percent);
        }
    }

    /// Clears the line if it was shown.
    pub fn finish(&mut self) {
        if self.shown.take().is_some() {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }
}

/// The line to show after `elapsed`, with its percentage, or `None` while it is too early.
fn note_line(elapsed: Duration, done: u64, total: u64) -> Option<(u64, String)> {
    if elapsed < QUIET_FOR || total == 0 {
        return None;
    }
    let percent = done.min(total) * 100 / total;
    Some((
        percent,
        format!("rebuilding progress from the review log: {percent}%"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_for_a_second_then_says_how_far() {
        assert_eq!(note_line(Duration::from_millis(999), 43, 100), None);
        let (percent, line) = note_line(Duration::from_millis(1000), 43, 100).unwrap();
        assert_eq!(percent, 43);
        assert_eq!(line, "rebuilding progress from the review log: 43%");
        assert_eq!(note_line(Duration::from_secs(5), 7, 7).unwrap().0, 100);
        assert_eq!(note_line(Duration::from_secs(5), 0, 0), None);
    }
}
