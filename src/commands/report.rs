//! `somadeck report FILE...`: the instructor's side. Reads a class's exports, leaves out (and
//! names) any file that is not one, and prints the merged report, the most troublesome cards
//! first; `--json` prints the same data for scripts.

use std::io::Write;
use std::path::PathBuf;

use crate::feedback::{self, CardReport, ExportFile, Report};
use crate::safe_text::printable_inline;

/// Exports are small; a file this large is not one.
const MAX_FILE: u64 = 64 * 1024 * 1024;

/// The exit status when some file was left out: the report of the rest is still printed.
const SOME_LEFT_OUT: i32 = 1;

/// Reads every file; the ones that are not exports are named on standard error. A file with
/// the same bytes as one read before is the same export (sent twice, named twice, or copied)
/// and is counted once.
fn read_all(paths: &[PathBuf]) -> (Vec<ExportFile>, usize) {
    let mut files = Vec::new();
    let mut bad = 0;
    let mut seen: Vec<(Vec<u8>, String)> = Vec::new();
    for p in paths {
        let shown = printable_inline(&p.display().to_string()).into_owned();
        let bytes = crate::ron_file::read_capped(p, MAX_FILE);
        if let Ok(b) = &bytes
            && let Some((_, first)) = seen.iter().find(|(s, _)| s == b)
        {
            eprintln!("somadeck: {shown} is the same export as {first}; counted once");
            continue;
        }
        if let Ok(b) = &bytes {
            seen.push((b.clone(), shown.clone()));
        }
        let read = bytes
            .map_err(|e| format!("{shown}: {e}"))
            .and_then(|bytes| {
                feedback::parse(&bytes).map_err(|e| match e {
                    feedback::FileError::Syntax { .. } | feedback::FileError::Shape { .. } => {
                        format!("{shown}:{e}")
                    }
                    _ => format!("{shown}: {e}"),
                })
            });
        match read {
            Ok(f) => files.push(f),
            Err(msg) => {
                eprintln!(
                    "somadeck: {}; left out of the report",
                    printable_inline(&msg)
                );
                bad += 1;
            }
        }
    }
    (files, bad)
}

pub fn run(paths: &[PathBuf], json: bool, out: &mut dyn Write) -> Result<i32, String> {
    let (files, bad) = read_all(paths);
    if files.is_empty() {
        return Err(
            "none of the files is a somadeck feedback export, so there is no report".into(),
        );
    }
    let report = feedback::merge(&files);
    let io = |e: std::io::Error| e.to_string();
    if json {
        serde_json::to_writer_pretty(&mut *out, &report).map_err(|e| e.to_string())?;
        writeln!(out).map_err(io)?;
    } else {
        text(&report, out).map_err(io)?;
    }
    Ok(if bad > 0 { SOME_LEFT_OUT } else { 0 })
}

fn percent(x: Option<f64>) -> String {
    x.map_or("-".to_string(), |r| format!("{:.0}%", r * 100.0))
}

fn text(r: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{} merged, {}; class lapse rate {}. Most troublesome first.",
        crate::schedule::count(r.files as i64, "file"),
        crate::schedule::count(r.cards.len() as i64, "card"),
        percent(Some(r.class_lapse_rate))
    )?;
    writeln!(
        out,
        "{:>4}  {:<44} {:>8} {:>7} {:>6} {:>5} {:>5}",
        "rank", "card", "students", "answers", "lapse%", "diff", "flags"
    )?;
    for (i, c) in r.cards.iter().enumerate() {
        card(i + 1, c, out)?;
    }
    Ok(())
}

fn card(rank: usize, c: &CardReport, out: &mut dyn Write) -> std::io::Result<()> {
    let versions: Vec<String> = c.deck_versions.iter().map(|v| format!("v{v}")).collect();
    writeln!(
        out,
        "{rank:>4}  {:<44} {:>8} {:>7} {:>6} {:>5} {:>5}  {}",
        printable_inline(&c.item),
        c.students,
        c.answers,
        percent(c.lapse_rate),
        c.mean_difficulty
            .map_or("-".to_string(), |d| format!("{d:.1}")),
        c.flags.len(),
        versions.join(",")
    )?;
    for f in &c.flags {
        let who = f
            .student
            .as_deref()
            .map(|s| format!(" ({})", printable_inline(s)))
            .unwrap_or_default();
        let note = f
            .note
            .as_deref()
            .map_or("(no note)".into(), printable_inline);
        writeln!(
            out,
            "{:6}flag {}{who}: {note}",
            "",
            f.at.strftime("%Y-%m-%d")
        )?;
    }
    Ok(())
}
