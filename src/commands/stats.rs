//! `somadeck stats`: reviews, progress per deck, weak topics, and the exam plan.

use std::io::Write;

use serde::Serialize;

use crate::open::Opened;
use crate::schedule::day_count;
use crate::study::TopicStatus;

#[derive(Debug, Serialize, PartialEq)]
pub struct Stats {
    pub reviews: u64,
    /// Review items (a reversed card counts twice, a cloze once per deletion).
    pub cards: usize,
    pub seen: usize,
    pub due: usize,
    pub new_available: usize,
    pub learned_topics: usize,
    pub topics: usize,
    pub leeches: usize,
    pub streak_days: u32,
    pub exam: Option<ExamPlan>,
    pub decks: Vec<DeckStats>,
    /// Up to five topics with the most lapses per seen item.
    pub weak_topics: Vec<WeakTopic>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct DeckStats {
    pub id: String,
    pub cards: usize,
    pub seen: usize,
    pub due: usize,
}

/// A topic whose seen items were forgotten most often.
#[derive(Debug, Serialize, PartialEq)]
pub struct WeakTopic {
    pub id: String,
    pub title: String,
    pub seen: usize,
    pub lapses: u32,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct ExamPlan {
    pub date: String,
    pub days_left: i32,
    pub unseen: usize,
    /// New items a day needed to have met them all a week before the exam.
    pub new_per_day_needed: usize,
}

pub fn compute(o: &Opened) -> Stats {
    let now = o.now();
    let s = &o.session;
    let by_deck = s.ctx(now).counts_by_deck();
    // Cards and seen cards per deck, in one pass over the items.
    let mut per_deck = vec![(0usize, 0usize); s.coll.decks.len()];
    for item in &s.coll.items {
        let seen = s.progress.state(&item.id).is_some_and(|st| !st.is_new());
        per_deck[item.deck].0 += 1;
        per_deck[item.deck].1 += usize::from(seen);
    }
    let decks: Vec<DeckStats> = s
        .coll
        .decks
        .iter()
        .zip(&per_deck)
        .zip(&by_deck)
        .map(|((deck, &(cards, seen)), c)| DeckStats {
            id: deck.id.clone(),
            cards,
            seen,
            due: c.review + c.learning,
        })
        .collect();
    let totals = decks
        .iter()
        .fold((0, 0, 0), |t, d| (t.0 + d.cards, t.1 + d.seen, t.2 + d.due));
    let ctx = s.ctx(now);
    let status = ctx.topic_status();
    let today = s.sched.days.day_of(now);
    let exam = o.config.exam().ok().flatten().map(|date| {
        let days_left = today.until(date).map_or(0, |sp| sp.get_days());
        let unseen = totals.0 - totals.1;
        let span = usize::try_from((days_left - 7).max(1)).unwrap_or(1);
        ExamPlan {
            date: date.to_string(),
            days_left,
            unseen,
            new_per_day_needed: unseen.div_ceil(span),
        }
    });
    Stats {
        reviews: s.progress.reviews,
        cards: totals.0,
        seen: totals.1,
        due: totals.2,
        new_available: by_deck.iter().map(|c| c.new).sum(),
        learned_topics: status
            .iter()
            .filter(|t| **t == TopicStatus::Learned)
            .count(),
        topics: status.len(),
        leeches: s.progress.states.values().filter(|st| st.leech).count(),
        streak_days: s.progress.streak(today),
        exam,
        decks,
        weak_topics: weak_topics(o),
    }
}

fn weak_topics(o: &Opened) -> Vec<WeakTopic> {
    let s = &o.session;
    let mut weak: Vec<WeakTopic> = s
        .coll
        .topics
        .iter()
        .map(|t| {
            let states: Vec<_> = t
                .items
                .iter()
                .filter_map(|&i| s.progress.state(&s.coll.items[i].id))
                .filter(|st| !st.is_new())
                .collect();
            WeakTopic {
                id: t.id.clone(),
                title: t.title.clone(),
                seen: states.len(),
                lapses: states.iter().map(|st| st.lapses).sum(),
            }
        })
        .filter(|w| w.lapses > 0)
        .collect();
    weak.sort_by(|a, b| {
        let ra = f64::from(a.lapses) / a.seen.max(1) as f64;
        let rb = f64::from(b.lapses) / b.seen.max(1) as f64;
        rb.total_cmp(&ra).then_with(|| a.id.cmp(&b.id))
    });
    weak.truncate(5);
    weak
}

pub fn run(o: &Opened, json: bool, out: &mut dyn Write) -> std::io::Result<i32> {
    let st = compute(o);
    if json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&st).unwrap_or_default()
        )?;
        return Ok(0);
    }
    writeln!(
        out,
        "Reviews so far: {}   Streak: {}",
        st.reviews,
        day_count(i64::from(st.streak_days))
    )?;
    writeln!(
        out,
        "Review items: {} seen of {}; {} due now; {} new available today",
        st.seen, st.cards, st.due, st.new_available
    )?;
    writeln!(
        out,
        "Topics learned: {} of {}   Leeches: {}",
        st.learned_topics, st.topics, st.leeches
    )?;
    if let Some(e) = &st.exam {
        writeln!(
            out,
            "Exam {} in {}: {} card(s) not yet started; about {} new a day meets them all a week before.",
            e.date,
            day_count(i64::from(e.days_left)),
            e.unseen,
            e.new_per_day_needed
        )?;
    }
    for w in &st.weak_topics {
        writeln!(
            out,
            "Weak: {} ({}): {} lapse(s) over {} seen card(s)",
            crate::safe_text::printable_inline(&w.title),
            w.id,
            w.lapses,
            w.seen
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{:<26} {:>6} {:>6} {:>5}",
        "deck", "cards", "seen", "due"
    )?;
    for d in &st.decks {
        writeln!(
            out,
            "{:<26} {:>6} {:>6} {:>5}",
            d.id, d.cards, d.seen, d.due
        )?;
    }
    Ok(0)
}
