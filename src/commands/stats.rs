//! `somadeck stats`: reviews, progress per deck, weak topics, and the exam plan.

use std::io::Write;

use serde::Serialize;

use crate::open::Opened;
use crate::schedule::day_count;
use crate::study::TopicStatus;
use crate::study::exam::{self, ExamPlan};
use crate::study::stats::{self, Report};

use super::readiness;

#[derive(Debug, Serialize, PartialEq)]
pub struct Stats {
    pub reviews: u64,
    /// Cards (a card asked both ways, or with several gaps, counts once).
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
    /// Activity, forecast, true retention, mastery and calibration (see `study::stats`).
    pub readiness: Report,
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

pub fn compute(o: &Opened) -> Stats {
    let now = o.now();
    let s = &o.session;
    let ctx = s.ctx(now);
    let overview = ctx.overview();
    let status = ctx.topic_status();
    // Cards and seen cards per deck: a card is seen once any of its sides is.
    let mut per_deck = vec![(0usize, 0usize); s.coll.decks.len()];
    let mut last: Option<(usize, usize)> = None;
    let mut card_seen = false;
    let mut close = |key: Option<(usize, usize)>, seen: bool| {
        if let Some((deck, _)) = key {
            per_deck[deck].0 += 1;
            per_deck[deck].1 += usize::from(seen);
        }
    };
    for (i, item) in s.coll.items.iter().enumerate() {
        let key = Some((item.deck(), item.card()));
        if key != last {
            close(last, card_seen);
            last = key;
            card_seen = false;
        }
        card_seen |= s
            .progress
            .item_state(&s.coll, i)
            .is_some_and(|st| !st.is_new());
    }
    close(last, card_seen);
    let decks: Vec<DeckStats> = s
        .coll
        .decks
        .iter()
        .zip(&per_deck)
        .zip(&overview.by_deck)
        .map(|((deck, &(cards, seen)), c)| DeckStats {
            id: deck.id.clone(),
            cards,
            seen,
            due: c.review + c.learning,
        })
        .collect();
    let totals = decks
        .iter()
        .fold((0, 0), |t, d| (t.0 + d.cards, t.1 + d.seen));
    let today = s.sched.days.day_of(now);
    let exam = o
        .config
        .exam()
        .ok()
        .flatten()
        .map(|date| exam::plan(s, now, date, s.new_setting()));
    Stats {
        reviews: s.progress.reviews,
        cards: totals.0,
        seen: totals.1,
        due: overview.total.review + overview.total.learning,
        new_available: overview.total.new,
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
        readiness: stats::report(&s.progress, &s.coll, &s.sched, now, None),
    }
}

fn weak_topics(o: &Opened) -> Vec<WeakTopic> {
    let s = &o.session;
    let mut weak: Vec<WeakTopic> = s
        .coll
        .topics
        .iter()
        .enumerate()
        .map(|(n, t)| {
            let states: Vec<_> = s
                .coll
                .topic_items(n)
                .filter_map(|i| s.progress.item_state(&s.coll, i))
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
        "Cards: {} seen of {}; {} due today; {} new available today",
        st.seen, st.cards, st.due, st.new_available
    )?;
    writeln!(
        out,
        "Topics learned: {} of {}   Leeches: {}",
        st.learned_topics, st.topics, st.leeches
    )?;
    if let Some(e) = &st.exam {
        writeln!(out, "{}", e.describe())?;
    }
    for w in &st.weak_topics {
        writeln!(
            out,
            "Weak: {} ({}): forgotten {} over {}",
            crate::safe_text::printable_inline(&w.title),
            w.id,
            crate::schedule::count(u64::from(w.lapses), "time"),
            crate::schedule::count(w.seen as u64, "seen card")
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
    readiness::write(&st.readiness, out)?;
    writeln!(out, "{}", o.fsrs_in_use.describe())?;
    Ok(0)
}
