//! Line mode: the study turn the app drives, as plain text in and out, one line per step. For
//! screen readers, scripts, pipes and tests. Durations are written out ("10 minutes"), since a
//! screen reader reads `10m` as metres.

use std::io::{BufRead, Write};
use std::time::Instant;

use crate::answer::Verdict;
use crate::line_input::{Line, LineReader, MAX_LINE};
use crate::open::Opened;
use crate::safe_text::printable;
use crate::schedule::{Grade, spoken_duration};
use crate::study::picture_items;
use crate::study::progress::Applied;
use crate::study::turn::{Turn, choice_seed};
use crate::study::{Counts, Judged, ReviewKind};

type Io<T> = std::io::Result<T>;
type Input<'a> = LineReader<&'a mut dyn BufRead>;

/// How line mode ended, for the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// Nothing left, `q`, or the end of input: everything answered was saved.
    Done,
    /// An answer could not be saved; the session stopped there.
    SaveFailed,
}

/// Studies until nothing is left, `q`, or the end of input; progress is saved either way, and
/// the session's summary is printed.
pub fn run(o: &mut Opened, input: &mut dyn BufRead, out: &mut dyn Write) -> Io<Ending> {
    for w in &o.warnings {
        writeln!(out, "warning: {}", printable(w))?;
    }
    if let Some(note) = crate::study::exam::note(&o.session, o.now()) {
        writeln!(out, "{note}")?;
    }
    for n in &o.notices {
        writeln!(out, "{}", printable(n))?;
    }
    let started = o.now();
    let result = study_loop(o, &mut LineReader::new(input), out);
    if let Err(e) = o.session.checkpoint() {
        writeln!(out, "warning: {}", printable(&e.to_string()))?;
    }
    let t = &o.session.tally;
    if t.answered > 0 {
        let mins = o.now().duration_since(started).as_mins();
        writeln!(
            out,
            "Session: {} answered, {} right ({}%){}.",
            t.answered,
            t.correct,
            100 * t.correct / t.answered,
            if mins > 0 {
                format!(", {}", crate::schedule::count(mins, "minute"))
            } else {
                String::new()
            }
        )?;
    }
    result
}

enum Step {
    Quit,
    Next,
    Failed,
}

fn study_loop(o: &mut Opened, input: &mut Input<'_>, out: &mut dyn Write) -> Io<Ending> {
    let run_started = o.now();
    loop {
        let now = o.now();
        let plan = o.session.plan(now);
        let Some(next) = plan.next else {
            finished(o, out)?;
            return Ok(Ending::Done);
        };
        let turn = Turn::new(&o.session.coll, next, choice_seed(run_started, next.0));
        match card(o, turn, plan.counts, input, out)? {
            Step::Quit => return Ok(Ending::Done),
            Step::Failed => return Ok(Ending::SaveFailed),
            Step::Next => {}
        }
    }
}

fn finished(o: &Opened, out: &mut dyn Write) -> Io<()> {
    if o.session.is_cram() {
        return writeln!(out, "Nothing more to cram.");
    }
    let now = o.now();
    let why = crate::study::why::explain(&o.session, now);
    writeln!(out, "Nothing more to study now. {}", printable(&why))
}

/// The next line, or `None` at the end of input; a rejected line is said so and read again.
fn read(input: &mut Input<'_>, out: &mut dyn Write) -> Io<Option<String>> {
    out.flush()?;
    loop {
        let line = match input.next_line()? {
            Line::Text(text) => Some(text),
            Line::End => None,
            Line::NotUtf8 => {
                writeln!(out, "that line was not valid UTF-8 text; type it again")?;
                continue;
            }
            Line::TooLong => {
                let kib = MAX_LINE / 1024;
                writeln!(
                    out,
                    "that line was longer than {kib} KiB; type it again, shorter"
                )?;
                continue;
            }
        };
        // Until the next prompt, there is nothing to print again after a stop.
        crate::resume::PROMPT.set("");
        return Ok(line);
    }
}

fn kind_word(kind: ReviewKind) -> &'static str {
    match kind {
        ReviewKind::New => "new",
        ReviewKind::Learn | ReviewKind::Relearn => "learning",
        ReviewKind::Review => "review",
        ReviewKind::Cram => "cram",
    }
}

fn card(
    o: &mut Opened,
    mut turn: Turn,
    c: Counts,
    input: &mut Input<'_>,
    out: &mut dyn Write,
) -> Io<Step> {
    let id = o.session.card_name(turn.item);
    let left = if o.session.is_cram() {
        format!("{} to cram", c.review)
    } else {
        format!("{} new, {} learning, {} due", c.new, c.learning, c.review)
    };
    writeln!(out)?;
    writeln!(
        out,
        "[{left}] {} ({})",
        printable(&id),
        kind_word(turn.kind)
    )?;
    let mut question = String::new();
    if let Some(shown) = turn.picture(&o.session.coll) {
        for line in picture_items::in_words(&shown) {
            question.push_str(&format!("{}\n", printable(&line)));
        }
    }
    question.push_str(&format!("Q: {}\n", printable(&turn.prompt.question)));
    // A locate item's options are the numbers its regions carry, listed above with their hints.
    if !turn.is_locate(&o.session.coll) {
        for (i, opt) in turn.options().iter().enumerate() {
            question.push_str(&format!("  {}) {}\n", i + 1, printable(opt)));
        }
    }
    let hint = if turn.is_choice() {
        format!(
            "(type 1-{}; :u undo, :b bury, :s suspend, :f flag, q quit)",
            turn.options().len()
        )
    } else if turn.is_typed() {
        "(type your answer; :u undo, :b bury, :s suspend, :f flag, q quit)".to_string()
    } else {
        "(answer in your head or type it, then Enter to see the answer; :u undo, :b bury, :s suspend, :f flag, q quit)".to_string()
    };
    question.push_str(&hint);
    let started = Instant::now();
    writeln!(out, "{question}")?;
    loop {
        crate::resume::PROMPT.set(&question);
        let Some(given) = read(input, out)? else {
            return Ok(Step::Quit);
        };
        match given.trim() {
            "q" => return Ok(Step::Quit),
            ":u" => return undo(o, out),
            ":b" | ":s" | ":f" => {
                if let Some(step) = change(o, &turn, given.trim(), input, out)? {
                    return Ok(step);
                }
                continue;
            }
            _ => {}
        }
        if turn.answer(&o.session.coll, &given) {
            break;
        }
        writeln!(
            out,
            "Type an option's number, from 1 to {}.",
            turn.options().len()
        )?;
    }
    show_back(o, &turn, out)?;
    grade(o, &turn, started, input, out)
}

fn show_back(o: &Opened, turn: &Turn, out: &mut dyn Write) -> Io<()> {
    let back = &turn.back;
    if let Some(Judged::Revealed { given }) = turn.judged()
        && !given.is_empty()
    {
        writeln!(out, "You wrote: {}", printable(given))?;
    }
    writeln!(out, "A: {}", printable(&back.answer))?;
    // What the answer adds: a picture shown only with the answer, and which numbered region
    // was which for a locate item.
    if let Some(shown) = turn.picture(&o.session.coll) {
        if shown.picture.on_back {
            writeln!(out, "Picture: {}", printable(&shown.picture.alt))?;
        }
        if turn.is_locate(&o.session.coll) {
            for line in &shown.overlay.legend {
                writeln!(out, "{}", printable(line))?;
            }
        }
    }
    if let Some(line) = verdict_line(turn) {
        writeln!(out, "{}", printable(&line))?;
    }
    if !back.explain.is_empty() {
        writeln!(out, "Why: {}", printable(&back.explain))?;
    }
    if !back.source.is_empty() {
        writeln!(out, "Source: {}", printable(&back.source))?;
    }
    Ok(())
}

fn verdict_line(turn: &Turn) -> Option<String> {
    Some(match turn.judged()? {
        Judged::Typed { verdict, .. } => match verdict {
            Verdict::Right => "Right.".to_string(),
            Verdict::Close { expected } => {
                format!("Close: accepted with a typo (expected \"{expected}\").")
            }
            Verdict::OtherTerm { given, expected } => {
                format!("Wrong: you wrote \"{given}\", a different term; expected \"{expected}\".")
            }
            Verdict::Wrong => "Wrong.".to_string(),
        },
        Judged::Chose { chosen, correct } if chosen == correct => "Right.".to_string(),
        Judged::Chose { correct, .. } => format!("Wrong: the answer is option {}.", correct + 1),
        Judged::Revealed { .. } => return None,
    })
}

fn undo(o: &mut Opened, out: &mut dyn Write) -> Io<Step> {
    let now = o.now();
    match o.session.undo(now) {
        Ok(Some(n)) => writeln!(out, "{}", printable(&n.text))?,
        Ok(None) => writeln!(out, "Nothing to undo in this session.")?,
        Err(e) => writeln!(
            out,
            "error: could not undo ({}); nothing was changed",
            printable(&e.to_string())
        )?,
    }
    Ok(Step::Next)
}

/// Bury, suspend or flag the card (flagging asks for a note for the deck's author; unflagging
/// asks nothing); `Some(step)` when the card leaves the screen.
fn change(
    o: &mut Opened,
    turn: &Turn,
    cmd: &str,
    input: &mut Input<'_>,
    out: &mut dyn Write,
) -> Io<Option<Step>> {
    let now = o.now();
    let done = match cmd.trim_start_matches(':') {
        "b" => o.session.bury(turn.item, now),
        "s" => o.session.suspend(turn.item, now),
        _ if o.session.flagged(turn.item) => o.session.unflag(turn.item, now),
        _ => {
            let prompt = "Note for the deck's author (Enter to skip):";
            writeln!(out, "{prompt}")?;
            crate::resume::PROMPT.set(prompt);
            // The end of input here still flags the card, without a note.
            let note = read(input, out)?;
            o.session.flag(turn.item, note.as_deref(), o.now())
        }
    };
    match done {
        Ok(n) => {
            // A card that leaves is followed by a question, where commands start with `:`.
            let flag = cmd.ends_with('f');
            let hint = if flag && !cmd.starts_with(':') {
                "u undoes it"
            } else {
                ":u undoes it"
            };
            writeln!(out, "{} ({hint}).", printable(&n.text))?;
            Ok((!flag).then_some(Step::Next))
        }
        Err(e) => {
            writeln!(
                out,
                "error: could not save that ({}); nothing was changed",
                printable(&e.to_string())
            )?;
            Ok(None)
        }
    }
}

fn grade(
    o: &mut Opened,
    turn: &Turn,
    started: Instant,
    input: &mut Input<'_>,
    out: &mut dyn Write,
) -> Io<Step> {
    let suggested = turn.suggested();
    loop {
        let now = o.now();
        let s = &o.session;
        let id = s.coll.id(turn.item);
        let state = s.state(turn.item).cloned().unwrap_or_default();
        let labels: Vec<String> = if s.is_practice() {
            Grade::ALL
                .iter()
                .map(|g| format!("{} {}", g.number(), g.label()))
                .collect()
        } else {
            let waits = s.sched.preview(id, &state, now);
            Grade::ALL
                .iter()
                .zip(waits)
                .map(|(g, w)| format!("{} {} {}", g.number(), g.label(), spoken_duration(w)))
                .collect()
        };
        let prompt = format!(
            "Grade: {} (Enter = {} {}; u undo, b bury, s suspend, f flag, q quit)",
            labels.join(", "),
            suggested.number(),
            suggested.label()
        );
        writeln!(out, "{prompt}")?;
        crate::resume::PROMPT.set(&prompt);
        let Some(line) = read(input, out)? else {
            return Ok(Step::Quit);
        };
        let chosen = match line.trim().trim_start_matches(':') {
            "q" => return Ok(Step::Quit),
            "u" => return undo(o, out),
            cmd @ ("b" | "s" | "f") => {
                if let Some(step) = change(o, turn, cmd, input, out)? {
                    return Ok(step);
                }
                continue;
            }
            "" => Some(suggested),
            t => t.parse::<u8>().ok().and_then(Grade::from_number),
        };
        let Some(g) = chosen else {
            writeln!(
                out,
                "Type 1, 2, 3 or 4 to grade (Enter takes {}), u to undo, b bury, s suspend, f flag, q to quit.",
                suggested.number()
            )?;
            continue;
        };
        let ms = u32::try_from(started.elapsed().as_millis().min(60_000)).unwrap_or(60_000);
        match o.session.answer(turn, g, now, ms) {
            Ok(Applied::Answered { became_leech: true }) => {
                let s = &o.session;
                let lapses = s.state(turn.item).map_or(0, |st| st.lapses);
                writeln!(
                    out,
                    "This card has been forgotten {lapses} times: it is now a leech and suspended. Rewrite it or study it another way; :u takes this back, `somadeck unsuspend {}` brings it back later.",
                    printable(s.coll.id(turn.item))
                )?;
            }
            Ok(_) => {}
            Err(e) => {
                writeln!(
                    out,
                    "error: your answer could not be saved ({}). Every earlier answer is kept; this one was not counted.",
                    printable(&e.to_string())
                )?;
                return Ok(Step::Failed);
            }
        }
        return Ok(Step::Next);
    }
}
