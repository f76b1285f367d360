//! The home screen's state: each deck with what is left today, its topics and how far along
//! they are, today's totals and the streak. Computed once when the screen opens, so drawing
//! stays cheap.

use jiff::Timestamp;
use jiff::civil::Date;

use super::input::Input;
use crate::study::progress::DayCount;
use crate::study::queue::Ctx;
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
    pub items: usize,
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
    pub filter: Input,
    pub filtering: bool,
    /// Index into `visible()`.
    pub selected: usize,
}

impl Home {
    pub fn new(session: &Session, now: Timestamp) -> Self {
        let ctx = session.ctx(now);
        let status = ctx.topic_status();
        let coll = &session.coll;
        let rows = coll
            .decks
            .iter()
            .enumerate()
            .map(|(d, deck)| {
                let scope: Vec<bool> = (0..coll.decks.len()).map(|i| i == d).collect();
                let counts = Ctx {
                    scope: &scope,
                    ..session.ctx(now)
                }
                .counts();
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
                    items: deck.item_count(),
                    topics,
                }
            })
            .collect();
        let all = vec![true; coll.decks.len()];
        let total = Ctx { scope: &all, ..ctx }.counts();
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
            streak: streak(
                session.progress.days.iter().map(|(d, c)| (*d, c.reviews)),
                today,
            ),
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

/// Consecutive days with at least one answer, ending today, or yesterday if today has none yet
/// (a streak is not lost before the day is over).
pub fn streak(days: impl Iterator<Item = (Date, u32)>, today: Date) -> u32 {
    let studied: std::collections::BTreeSet<Date> =
        days.filter(|&(_, n)| n > 0).map(|(d, _)| d).collect();
    let mut day = if studied.contains(&today) {
        today
    } else {
        match today.yesterday() {
            Ok(d) => d,
            Err(_) => return 0,
        }
    };
    let mut n = 0;
    while studied.contains(&day) {
        n += 1;
        match day.yesterday() {
            Ok(d) => day = d,
            Err(_) => break,
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn streak_counts_back_from_today_or_yesterday() {
        let d = |n: i8| date(2026, 3, n);
        let days = [(d(1), 3), (d(2), 0), (d(3), 5), (d(4), 1), (d(5), 2)];
        assert_eq!(streak(days.into_iter(), d(5)), 3);
        assert_eq!(streak(days.into_iter(), d(6)), 3);
        assert_eq!(streak(days.into_iter(), d(7)), 0);
        assert_eq!(streak(days.into_iter(), d(2)), 1);
    }
}
