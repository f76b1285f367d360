//! `somadeck cards` and `somadeck unsuspend`: the cards that need attention, and putting
//! suspended ones back into study.

use std::io::Write;

use crate::open::Opened;
use crate::schedule::{short_duration, ts};

/// Which cards to list; none set means all three kinds.
#[derive(Debug, Clone, Copy, Default)]
pub struct Filter {
    pub suspended: bool,
    pub flagged: bool,
    pub leeches: bool,
}

pub fn list(o: &Opened, f: Filter, out: &mut dyn Write) -> std::io::Result<i32> {
    let all = !(f.suspended || f.flagged || f.leeches);
    let s = &o.session;
    let now = o.now();
    let mut n = 0;
    for i in 0..s.coll.items.len() {
        let Some(st) = s.progress.item_state(&s.coll, i) else {
            continue;
        };
        let wanted = (all || f.suspended) && st.suspended
            || (all || f.flagged) && st.flagged
            || (all || f.leeches) && st.leech;
        if !wanted {
            continue;
        }
        let marks: Vec<&str> = [
            (st.leech, "leech"),
            (st.suspended && !st.leech, "suspended"),
            (st.flagged, "flagged"),
        ]
        .into_iter()
        .filter_map(|(on, m)| on.then_some(m))
        .collect();
        let due = if st.is_new() {
            "new".to_string()
        } else if st.due <= now.as_second() {
            "due now".to_string()
        } else {
            format!("due in {}", short_duration(ts(st.due).duration_since(now)))
        };
        let prompt: String = s.coll.card(i).prompt_text().chars().take(60).collect();
        let prompt = crate::safe_text::printable_inline(&prompt);
        writeln!(
            out,
            "{:<44} {:<16} {:>2} lapses  {:<12} {prompt}",
            s.coll.id(i),
            marks.join(","),
            st.lapses,
            due
        )?;
        if let Some(note) = st.flagged.then(|| s.flag_note(i)).flatten() {
            writeln!(
                out,
                "    note: {}",
                crate::safe_text::printable_inline(note)
            )?;
        }
        n += 1;
    }
    if n == 0 {
        writeln!(out, "No cards need attention.")?;
    }
    Ok(0)
}

/// Unsuspends each item named; unknown ids are reported and make the exit status 1.
pub fn unsuspend(o: &mut Opened, items: &[String], out: &mut dyn Write) -> std::io::Result<i32> {
    let mut code = 0;
    let now = o.now();
    for id in items {
        let Some(i) = o.session.coll.find(id) else {
            writeln!(
                out,
                "no card {}: use an id as `somadeck cards` prints it",
                crate::safe_text::printable_inline(id)
            )?;
            code = 1;
            continue;
        };
        let suspended = o.session.progress.state(id).is_some_and(|s| s.suspended);
        if !suspended {
            writeln!(out, "{id} is not suspended")?;
            continue;
        }
        match o.session.unsuspend(i, now) {
            Ok(_) => writeln!(out, "{id} is back in study")?,
            Err(e) => {
                writeln!(out, "could not unsuspend {id}: {e}")?;
                code = 1;
            }
        }
    }
    if let Err(e) = o.session.checkpoint() {
        writeln!(out, "warning: {e}")?;
    }
    Ok(code)
}
