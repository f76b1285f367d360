//! `somadeck exam`: the exam plan, and setting or clearing the exam date in `config.ron`.

use std::io::Write;

use crate::clock::Clock;
use crate::open::Opened;
use crate::paths::Paths;
use crate::study::exam;

/// What `exam` was asked to do.
pub enum Change {
    Show,
    Set(String),
    Clear,
}

pub fn run(
    paths: &Paths,
    clock: &Clock,
    change: Change,
    json: bool,
    out: &mut dyn Write,
) -> Result<i32, String> {
    let io = |e: std::io::Error| e.to_string();
    // Only the config is written: progress is read as a read-only command does.
    let mut o = Opened::open_read_only(paths, *clock, || Opened::library(paths))?;
    for w in &o.warnings {
        eprintln!("somadeck: warning: {}", crate::safe_text::printable(w));
    }
    match change {
        Change::Show => {}
        Change::Clear if o.config.exam_date.is_none() => {
            writeln!(
                out,
                "No exam date was set in {}; nothing changed.",
                paths.config_file.display()
            )
            .map_err(io)?;
            return Ok(0);
        }
        Change::Clear => {
            o.set_exam(None)?;
            writeln!(
                out,
                "Exam date cleared in {}: scheduling is back to normal FSRS.",
                paths.config_file.display()
            )
            .map_err(io)?;
            return Ok(0);
        }
        Change::Set(text) => {
            let today = o.session.sched.days.day_of(o.now());
            let date = exam::parse_day(&text, today)?;
            o.set_exam(Some(date))?;
            writeln!(
                out,
                "Exam date set to {date} in {}.",
                paths.config_file.display()
            )
            .map_err(io)?;
        }
    }
    let Some(date) = o.session.sched.params.exam else {
        if json {
            writeln!(out, "null").map_err(io)?;
        } else {
            writeln!(
                out,
                "No exam date is set. Set one with `somadeck exam YYYY-MM-DD`: reviews are then \
                 kept short enough to land before it, and the plan says how many new items a \
                 day meet every item in time."
            )
            .map_err(io)?;
        }
        return Ok(0);
    };
    let s = &o.session;
    let plan = exam::plan(s, o.now(), date, s.new_setting());
    if json {
        let text = serde_json::to_string_pretty(&plan).map_err(|e| e.to_string())?;
        writeln!(out, "{text}").map_err(io)?;
    } else {
        for line in plan.lines() {
            writeln!(out, "{line}").map_err(io)?;
        }
    }
    Ok(0)
}
