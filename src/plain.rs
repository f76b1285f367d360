//! Line mode: the same study logic as the app, as plain text in and out, one line per step.
//! For screen readers, scripts, pipes and tests.

use std::io::{BufRead, Write};
use std::time::Instant;

use crate::answer::{self, Lexicon, Verdict};
use crate::open::Opened;
use crate::schedule::{Grade, short_duration};
use crate::study::present::{self, Mode};
use crate::study::progress::Applied;
use crate::study::{Counts, ReviewKind, TopicStatus};

type Io<T> = std::io::Result<T>;

/// Studies until nothing is left, `q`, or the end of input; progress is saved either way.
pub fn run(o: &mut Opened, input: &mut dyn BufRead, out: &mut dyn Write) -> Io<()> {
    for w in &o.warnings {
        writeln!(out, "warning: {w}")?;
    }
    let started = o.now();
    let result = study_loop(o, input, out);
    if let Err(e) = o.journal.checkpoint(&o.session.progress) {
        writeln!(out, "warning: {e}")?;
    }
    let t = &o.session.tally;
    if let Some(pct) = (100 * t.correct).checked_div(t.answered) {
        let mins = o.now().duration_since(started).as_mins();
        writeln!(
            out,
            "Session: {} answered, {pct}% correct{}.",
            t.answered,
            if mins > 0 {
                format!(", {mins} min")
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
}

fn study_loop(o: &mut Opened, input: &mut dyn BufRead, out: &mut dyn Write) -> Io<()> {
    let mut shown = 0u64;
    loop {
        let now = o.now();
        let plan = o.session.plan(now);
        let Some(next) = plan.next else {
            finished(o, out)?;
            return Ok(());
        };
        shown += 1;
        match card(o, next, plan.counts, shown, input, out)? {
            Step::Quit => return Ok(()),
            Step::Next => {}
        }
    }
}

fn finished(o: &Opened, out: &mut dyn Write) -> Io<()> {
    let ctx = o.session.ctx(o.now());
    write!(out, "Nothing more to study now.")?;
    match ctx.next_due() {
        Some(t) => writeln!(
            out,
            " Next card due in {}.",
            short_duration(t.duration_since(o.now()))
        ),
        None => writeln!(out),
    }?;
    let blockers = blocking_topics(o);
    if !blockers.is_empty() {
        writeln!(
            out,
            "More topics open once you have learned: {}.",
            blockers.join("; ")
        )?;
    }
    Ok(())
}

/// The topics that hold locked topics of the studied decks back, in collection order.
fn blocking_topics(o: &Opened) -> Vec<String> {
    let s = &o.session;
    let status = s.ctx(o.now()).topic_status();
    let mut out: Vec<usize> = Vec::new();
    for (t, topic) in s.coll.topics.iter().enumerate() {
        if status[t] != TopicStatus::Locked || !s.scope.get(topic.deck).copied().unwrap_or(false) {
            continue;
        }
        for &r in &topic.requires {
            if status[r] == TopicStatus::InProgress && !out.contains(&r) {
                out.push(r);
            }
        }
    }
    out.sort_unstable();
    out.iter()
        .map(|&t| {
            let topic = &s.coll.topics[t];
            format!("{} (deck {})", topic.title, s.coll.decks[topic.deck].id)
        })
        .collect()
}

fn read(input: &mut dyn BufRead) -> Io<Option<String>> {
    let mut line = String::new();
    if input.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    Ok(Some(line.trim_end_matches(['\n', '\r']).to_string()))
}

fn card(
    o: &mut Opened,
    (item, kind): (usize, ReviewKind),
    c: Counts,
    shown: u64,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Io<Step> {
    let now = o.now();
    let seed = now.as_second().unsigned_abs() ^ (item as u64).wrapping_mul(0x9e37_79b9) ^ shown;
    let prompt = present::prompt(&o.session.coll, item, seed);
    let id = &o.session.coll.items[item].id;
    let kind_word = match kind {
        ReviewKind::New => "new",
        ReviewKind::Learn | ReviewKind::Relearn => "learning",
        ReviewKind::Review => "review",
    };
    writeln!(out)?;
    writeln!(
        out,
        "[{} new, {} learning, {} due] {id} ({kind_word})",
        c.new, c.learning, c.review
    )?;
    writeln!(out, "Q: {}", prompt.question)?;
    let hint = match &prompt.mode {
        Mode::Reveal => "(press Enter to show the answer, q to quit)".to_string(),
        Mode::Type { .. } => "(type your answer, q to quit)".to_string(),
        Mode::Choose { options, .. } => {
            for (i, opt) in options.iter().enumerate() {
                writeln!(out, "  {}) {opt}", i + 1)?;
            }
            format!("(type 1-{}, q to quit)", options.len())
        }
    };
    writeln!(out, "{hint}")?;
    let started = Instant::now();
    let Some(given) = read(input)? else {
        return Ok(Step::Quit);
    };
    if given == "q" {
        return Ok(Step::Quit);
    }
    let verdict = verdict(&prompt.mode, &given, &o.session.coll.lexicon);
    let back = present::back(&o.session.coll, item);
    writeln!(out, "A: {}", back.answer)?;
    if let Some(v) = &verdict {
        writeln!(out, "{}", verdict_line(v))?;
    }
    if !back.explain.is_empty() {
        writeln!(out, "Why: {}", back.explain)?;
    }
    if !back.source.is_empty() {
        writeln!(out, "Source: {}", back.source)?;
    }
    grade(o, item, kind, verdict.as_ref(), started, input, out)
}

fn verdict(mode: &Mode, given: &str, lexicon: &Lexicon) -> Option<Verdict> {
    match mode {
        Mode::Reveal => None,
        Mode::Type { accepted } => Some(answer::judge(given, accepted, lexicon)),
        Mode::Choose { options, correct } => {
            let t = given.trim().to_lowercase();
            let picked = t
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .or_else(|| {
                    let c = t.chars().next()?;
                    (t.len() == 1 && c.is_ascii_lowercase()).then(|| (c as u8 - b'a') as usize)
                });
            Some(match picked {
                Some(p) if p == *correct => Verdict::Right,
                Some(p) if p < options.len() => Verdict::Wrong,
                _ => Verdict::Wrong,
            })
        }
    }
}

fn verdict_line(v: &Verdict) -> String {
    match v {
        Verdict::Right => "Right.".to_string(),
        Verdict::Close { expected } => {
            format!("Close: accepted with a typo (expected \"{expected}\").")
        }
        Verdict::OtherTerm { given, expected } => {
            format!("Wrong: you wrote \"{given}\", a different term; expected \"{expected}\".")
        }
        Verdict::Wrong => "Wrong.".to_string(),
    }
}

fn grade(
    o: &mut Opened,
    item: usize,
    kind: ReviewKind,
    verdict: Option<&Verdict>,
    started: Instant,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Io<Step> {
    let suggested = verdict.map(Verdict::suggested);
    loop {
        let now = o.now();
        let state = o
            .session
            .progress
            .state(&o.session.coll.items[item].id)
            .cloned()
            .unwrap_or_default();
        let waits = o
            .session
            .sched
            .preview(&o.session.coll.items[item].id, &state, now);
        let labels: Vec<String> = Grade::ALL
            .iter()
            .zip(waits)
            .map(|(g, w)| format!("{} {} {}", g.number(), g.label(), short_duration(w)))
            .collect();
        let default = suggested.map_or(String::new(), |g| {
            format!(", Enter = {} {}", g.number(), g.label())
        });
        writeln!(
            out,
            "Grade: {} (u undo, q quit{default})",
            labels.join(", ")
        )?;
        let Some(line) = read(input)? else {
            return Ok(Step::Quit);
        };
        let chosen = match line.trim() {
            "q" => return Ok(Step::Quit),
            "u" => {
                match o.session.undo(o.journal.as_mut(), now) {
                    Ok(Some(back)) => writeln!(
                        out,
                        "Undone: {} will be asked again.",
                        o.session.coll.items[back].id
                    )?,
                    Ok(None) => writeln!(out, "Nothing to undo in this session.")?,
                    Err(e) => writeln!(out, "error: {e}")?,
                }
                return Ok(Step::Next);
            }
            "" => suggested,
            t => t.parse::<u8>().ok().and_then(Grade::from_number),
        };
        let Some(g) = chosen else {
            writeln!(out, "Type 1, 2, 3 or 4 to grade, u to undo, q to quit.")?;
            continue;
        };
        let ms = u32::try_from(started.elapsed().as_millis().min(60_000)).unwrap_or(60_000);
        match o.session.answer(o.journal.as_mut(), item, kind, g, now, ms) {
            Ok(Applied::Answered { became_leech: true }) => writeln!(
                out,
                "This card has been forgotten {} times: it is now a leech and suspended. Rewrite it or study it another way; `u` takes this back, `somadeck unsuspend {}` brings it back later.",
                o.session
                    .progress
                    .state(&o.session.coll.items[item].id)
                    .map_or(0, |s| s.lapses),
                o.session.coll.items[item].id
            )?,
            Ok(_) => {}
            Err(e) => {
                writeln!(out, "error: your answer could not be saved: {e}")?;
                return Ok(Step::Quit);
            }
        }
        return Ok(Step::Next);
    }
}
