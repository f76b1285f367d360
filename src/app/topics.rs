//! The topic map's state: every topic of every deck with its state (locked, in progress,
//! learned), how many of its cards are learned, and what it still needs. From here a learner
//! studies one topic, locked or not: answering a locked topic's cards right the first time is
//! the placement check that opens it.

use jiff::Timestamp;

use crate::study::Session;
use crate::study::topics::TopicRow;

/// A line of the map: a deck's heading, or one of its topics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Deck(String),
    Topic(TopicRow),
}

#[derive(Debug, Clone, Default)]
pub struct TopicMap {
    pub lines: Vec<Line>,
    /// Index into `lines` of the selected topic.
    pub selected: usize,
}

impl TopicMap {
    pub fn new(session: &Session, now: Timestamp) -> Self {
        let rows = session.ctx(now).topic_map();
        let mut lines = Vec::new();
        let mut deck = None;
        for r in rows {
            if deck != Some(r.deck) {
                deck = Some(r.deck);
                lines.push(Line::Deck(session.coll.decks[r.deck].title.clone()));
            }
            lines.push(Line::Topic(r));
        }
        let mut map = TopicMap { lines, selected: 0 };
        map.step(0);
        map
    }

    /// Selects the topic of collection index `topic`, if on the map.
    pub fn select_topic(&mut self, topic: usize) {
        if let Some(i) = self
            .lines
            .iter()
            .position(|l| matches!(l, Line::Topic(r) if r.topic == topic))
        {
            self.selected = i;
        }
    }

    /// Moves the selection by `by` topics (headings are skipped), staying on the map.
    pub fn step(&mut self, by: isize) {
        let topics: Vec<usize> = self
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| matches!(l, Line::Topic(_)))
            .map(|(i, _)| i)
            .collect();
        if topics.is_empty() {
            return;
        }
        let at = topics.iter().position(|&i| i >= self.selected).unwrap_or(0);
        let to = at.saturating_add_signed(by).min(topics.len() - 1);
        self.selected = topics[to];
    }

    pub fn selected_row(&self) -> Option<&TopicRow> {
        match self.lines.get(self.selected) {
            Some(Line::Topic(r)) => Some(r),
            _ => None,
        }
    }
}
