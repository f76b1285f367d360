//! The home screen's state: each deck with what is left today, its topics and how far along
//! they are, today's totals and the streak. Computed once when the screen opens, so drawing
//! stays cheap.

use jiff::Timestamp;

use super::input::Input;
use crate::study::progress::DayCount;
use crate::study::{Counts, Session, TopicStatus};

#[derive(Debug, Clone)]
pub struct TopicRow {
    pub title: String,
    pub status: TopicStatus,
    /// For a locked topic: the titles of the topics still to learn first.
    pub needs: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct DeckRow {
    /// Index in the collection.
    pub deck: usize,
    pub id: String,
    pub title: String,
    pub counts: Counts,
    pub cards: usize,
    pub topics: Vec<TopicRow>,
}

#[derive(Debug, Clone, Default)]
pub struct Home {
    /// Every deck, in the collection's order.
    pub rows: Vec<DeckRow>,
    /// What is left today over all decks.
    pub total: Counts,
    pub today: DayCount,
    /// Consecutive study days up to today (or yesterday, when nothing is done yet today).
    pub streak: u32,
    /// Days until the exam date in the config, while it is ahead.
    pub exam_in_days: Option<i32>,
    /// Today's new-item target when the exam plan sets it (`new_per_day: auto`).
    pub new_target: Option<u32>,
    /// The exam date, once it is over (the student is asked what next).
    pub exam_over: Option<jiff::civil::Date>,
    pub filter: Input,
    pub filtering: bool,
    /// The exam date being typed, while it is.
    pub exam_edit: Option<Input>,
    /// Index into `visible()`.
    pub selected: usize,
}

impl Home {
    pub fn new(session: &Session, now: Timestamp) -> Self {
        let ctx = session.ctx(now);
        let status = ctx.topic_status();
        let coll = &session.coll;
        let overview = ctx.overview();
        let by_deck = &overview.by_deck;
        let rows = coll
            .decks
            .iter()
            .enumerate()
            .map(|(d, deck)| {
                let counts = by_deck[d];
                let topics = coll
                    .topics
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| t.deck == d)
                    .map(|(i, t)| TopicRow {
                        title: t.title.clone(),
                        status: status[i],
                        needs: t
                            .requires
                            .iter()
                            .filter(|&&r| status[r] != TopicStatus::Learned)
                            .map(|&r| coll.topics[r].title.clone())
                            .collect(),
                    })
                    .collect();
                DeckRow {
                    deck: d,
                    id: deck.id.clone(),
                    title: deck.title.clone(),
                    counts,
                    cards: deck.cards.len(),
                    topics,
                }
            })
            .collect();
        // The daily limits are totals: all decks together leave less than the sum of each.
        let total = overview.total;
        let today = session.sched.days.day_of(now);
        Home {
            rows,
            total,
            today: session
                .progress
                .days
                .get(&today)
                .copied()
                .unwrap_or_default(),
            streak: session.progress.streak(today),
            exam_in_days: session
                .sched
                .params
                .exam
                .and_then(|exam| today.until(exam).ok())
                .map(|span| span.get_days())
                .filter(|&d| d >= 0),
            new_target: session
                .paced_target()
                .filter(|_| session.sched.params.exam.is_some_and(|e| e >= today)),
            exam_over: session.sched.params.exam.filter(|e| *e < today),
            ..Home::default()
        }
    }

    /// Indices into `rows` of the decks whose title or id contains the filter (any case).
    pub fn visible(&self) -> Vec<usize> {
        let f = self.filter.text().to_lowercase();
        self.rows
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                f.is_empty() || r.title.to_lowercase().contains(&f) || r.id.contains(&f)
            })
            .map(|(i, _)| i)
            .collect()
    }

    pub fn selected_row(&self) -> Option<&DeckRow> {
        self.visible().get(self.selected).map(|&i| &self.rows[i])
    }

    /// Selects the deck with collection index `deck` when it is visible.
    pub fn select_deck(&mut self, deck: usize) {
        if let Some(p) = self
            .visible()
            .iter()
            .position(|&i| self.rows[i].deck == deck)
        {
            self.selected = p;
        }
    }

    pub fn clamp_selection(&mut self) {
        let n = self.visible().len();
        self.selected = self.selected.min(n.saturating_sub(1));
    }
}
