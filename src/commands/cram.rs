//! `somadeck cram --plain`: starts a cram over the decks in scope, says what it ranks by, runs
//! it through line mode's study turn, and ends with how predicted recall on the exam day moved.

use std::io::{BufRead, Write};

use crate::open::Opened;
use crate::plain::{self, Ending};
use crate::schedule::count;

/// Runs the cram; `Err` with the reason when there is nothing to cram (or the exam is over).
pub fn plain(
    o: &mut Opened,
    with_new: bool,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<Ending, String> {
    let io = |e: std::io::Error| e.to_string();
    let now = o.now();
    let n = o
        .session
        .start_cram(with_new, now)
        .map_err(|e| e.to_string())?;
    if let Some(r) = o.session.cram_report(now) {
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        writeln!(
            out,
            "Cram: {}, lowest {} first.",
            count(n, "card"),
            r.label()
        )
        .map_err(io)?;
    }
    let ending = plain::run(o, input, out).map_err(io)?;
    if let Some(r) = o.session.cram_report(o.now()) {
        writeln!(
            out,
            "Cram: {} drilled; {}: {}.",
            count(r.drilled, "card"),
            r.label(),
            r.change()
        )
        .map_err(io)?;
    }
    Ok(ending)
}
