//! Line mode after a stop: when the learner stops somadeck (Ctrl-Z) and brings it back with
//! `fg`, the shell's own output has pushed the question off the last lines, so the prompt that
//! is waiting for an answer is printed again.

use std::io::{self, Write};
use std::sync::{Mutex, PoisonError};

use signal_hook::consts::SIGCONT;
use signal_hook::iterator::Signals;

/// The text of the prompt that is waiting for input.
pub struct Reprint {
    text: Mutex<String>,
}

/// Line mode's prompt, printed again by [`reprint_on_continue`].
pub static PROMPT: Reprint = Reprint::new();

impl Reprint {
    pub const fn new() -> Self {
        Reprint {
            text: Mutex::new(String::new()),
        }
    }

    /// Makes `text` the prompt to print again (set just before input is read).
    pub fn set(&self, text: &str) {
        let mut held = self.text.lock().unwrap_or_else(PoisonError::into_inner);
        held.clear();
        held.push_str(text);
    }

    /// Writes the prompt (ending with a line end), if there is one.
    pub fn write_to(&self, out: &mut dyn Write) -> io::Result<()> {
        let text = self
            .text
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if text.is_empty() {
            return Ok(());
        }
        out.write_all(text.as_bytes())?;
        if !text.ends_with('\n') {
            out.write_all(b"\n")?;
        }
        out.flush()
    }
}

impl Default for Reprint {
    fn default() -> Self {
        Self::new()
    }
}

/// Standard output written directly, not through `std::io::Stdout`: line mode holds that lock
/// for the whole session (while it waits for input, too), and everything it wrote before
/// waiting has been flushed, since each prompt ends with a line end.
struct RawStdout;

impl Write for RawStdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Ok(rustix::io::write(rustix::stdio::stdout(), buf)?)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// From now on, every SIGCONT (the shell's `fg` or `bg`) prints [`PROMPT`] again on standard
/// output, from a thread of its own.
pub fn reprint_on_continue() -> io::Result<()> {
    let mut signals = Signals::new([SIGCONT])?;
    std::thread::Builder::new()
        .name("reprint".into())
        .spawn(move || {
            for _ in signals.forever() {
                // Nowhere to report a failed write to: the terminal is the thing that failed.
                let _ = PROMPT.write_to(&mut RawStdout);
            }
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_text_set_is_written_once_per_call_with_a_line_end() {
        let r = Reprint::new();
        let mut out = Vec::new();
        r.write_to(&mut out).unwrap();
        assert!(out.is_empty(), "nothing before a prompt is set");
        r.set("Q: first\n(type)");
        r.set("Q: second\n(type)");
        r.write_to(&mut out).unwrap();
        r.write_to(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "Q: second\n(type)\nQ: second\n(type)\n"
        );
    }
}
