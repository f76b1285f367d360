//! The exam readiness figures of `somadeck stats` as plain text: words, not units, at most 80
//! columns, no control characters (titles are made printable and cut to fit).

use std::io::{self, Write};

use crate::safe_text::printable_inline;
use crate::study::stats::{MasteryRow, Report, Retention};

use crate::study::stats::percent;

/// `title` made printable and cut to `width` characters (an ellipsis marks the cut).
fn fit(title: &str, width: usize) -> String {
    let clean = printable_inline(title);
    if clean.chars().count() <= width {
        return clean.into_owned();
    }
    let mut cut: String = clean.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

pub fn write(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    activity(r, out)?;
    forecast(r, out)?;
    retention(r, out)?;
    mastery(r, out)?;
    calibration(r, out)
}

fn activity(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    let a = &r.activity;
    let reviews: u64 = a.days.iter().map(|d| u64::from(d.reviews)).sum();
    let minutes: u64 = a.days.iter().map(|d| d.minutes).sum();
    let studied = a.days.iter().filter(|d| d.reviews > 0).count() as u64;
    writeln!(out)?;
    writeln!(
        out,
        "Activity over the last 26 weeks: {} on {}, {} studied",
        crate::schedule::count(reviews, "review"),
        crate::schedule::count(studied, "day"),
        crate::schedule::count(minutes, "minute")
    )?;
    writeln!(out, "  Reviews per week, oldest first:")?;
    let weeks: Vec<String> = a
        .days
        .chunks(7)
        .map(|w| w.iter().map(|d| d.reviews).sum::<u32>().to_string())
        .collect();
    for half in weeks.chunks(13) {
        writeln!(out, "    {}", half.join(" "))?;
    }
    writeln!(out, "  Last 7 days:")?;
    for d in a.days.iter().rev().take(7).rev() {
        writeln!(
            out,
            "    {}  {}, {}",
            d.date,
            crate::schedule::count(u64::from(d.reviews), "review"),
            crate::schedule::count(d.minutes, "minute")
        )?;
    }
    Ok(())
}

fn forecast(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    let total: u64 = r.forecast.iter().map(|&n| u64::from(n)).sum();
    writeln!(out)?;
    writeln!(
        out,
        "Forecast: {} due in the next {} days",
        crate::schedule::count(total, "review"),
        r.forecast.len()
    )?;
    for (i, chunk) in r.forecast.chunks(10).enumerate() {
        let from = i * 10;
        let counts: Vec<String> = chunk.iter().map(u32::to_string).collect();
        let label = if from == 0 {
            "  Today and the next 9 days:".to_string()
        } else {
            format!("  Days {} to {} from now:", from, from + chunk.len() - 1)
        };
        writeln!(out, "{label:<30}{}", counts.join(" "))?;
    }
    Ok(())
}

fn share(r: Retention) -> String {
    match r.rate {
        Some(x) => format!("{} of {}", percent(Some(x)), r.answers),
        None => "none".into(),
    }
}

fn retention(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "True retention: review answers not Again (young: interval under 21 days)"
    )?;
    writeln!(
        out,
        "  {:<18}{:<16}{:<16}all",
        "over the last", "young", "mature"
    )?;
    for w in &r.retention {
        writeln!(
            out,
            "  {:<18}{:<16}{:<16}{}",
            crate::schedule::count(u64::from(w.days), "day"),
            share(w.young),
            share(w.mature),
            share(w.total)
        )?;
    }
    Ok(())
}

fn mastery_line(row: &MasteryRow, exam: bool, out: &mut dyn Write) -> io::Result<()> {
    let exam_col = if exam {
        percent(row.recall_on_exam)
    } else {
        String::new()
    };
    let line = format!(
        "  {:<34} {:>5} {:>9} {:>5} {:>9}",
        fit(&row.title, 34),
        row.seen,
        row.items,
        percent(row.recall_now),
        exam_col
    );
    writeln!(out, "{}", line.trim_end())
}

fn mastery(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    let m = &r.mastery;
    writeln!(out)?;
    match m.exam {
        Some(day) => writeln!(
            out,
            "Mastery: mean predicted recall of seen questions, now and on the exam day\n  \
             ({day}) if nothing more is studied"
        )?,
        None => writeln!(out, "Mastery: mean predicted recall of seen questions now")?,
    }
    let exam_head = if m.exam.is_some() { "exam day" } else { "" };
    let head = format!(
        "  {:<34} {:>5} {:>9} {:>5} {:>9}",
        "deck", "seen", "questions", "now", exam_head
    );
    writeln!(out, "{}", head.trim_end())?;
    for row in &m.decks {
        mastery_line(row, m.exam.is_some(), out)?;
    }
    if m.weakest.is_empty() {
        return Ok(());
    }
    writeln!(out, "  Weakest topics:")?;
    for row in &m.weakest {
        mastery_line(row, m.exam.is_some(), out)?;
    }
    Ok(())
}

fn calibration(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "Calibration: predicted recall against actual, review answers"
    )?;
    writeln!(
        out,
        "  {:<20}{:>9}{:>12}{:>10}",
        "predicted between", "answers", "predicted", "actual"
    )?;
    for b in &r.calibration {
        writeln!(
            out,
            "  {:<20}{:>9}{:>12}{:>10}",
            format!("{:.0}% and {:.0}%", b.from * 100.0, b.to * 100.0),
            b.answers,
            percent(b.predicted),
            percent(b.actual)
        )?;
    }
    Ok(())
}
