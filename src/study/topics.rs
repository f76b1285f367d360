//! Topics: which are locked, in progress or learned, how far along each one is, and the topic
//! map the front ends draw.
//!
//! A topic is *learned* once `learned_share` of its cards (suspended ones aside) have an item
//! learned. It is *locked* while a topic it requires is not learned, unless:
//! - it is learned itself (a student who learned it some other way has nothing left to unlock);
//! - it was *placed*: every one of its cards (suspended ones aside) has an item whose first
//!   answer was Good or Easy. A student who already knows a topic studies it on its own
//!   ([`super::Session::set_topic_scope`], which ignores its lock) and, answering each card right
//!   the first time, opens it and what builds on it as soon as its cards are learned;
//! - `prerequisites` is `Off` in the config: nothing is ever locked.

use serde::Deserialize;

use super::collection::Collection;
use super::progress::Progress;
use super::queue::{Ctx, Limits};
use crate::schedule::Phase;

/// Whether topics wait for the topics they require (`prerequisites: strict | off`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Prerequisites {
    #[default]
    Strict,
    Off,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopicStatus {
    /// Some required topic is not learned yet (and the topic was not placed out of).
    Locked,
    InProgress,
    Learned,
}

/// How far along one topic is, counted in cards (a card's siblings drill the same fact).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TopicProgress {
    /// Cards with an item learned.
    pub learned: usize,
    /// Cards, suspended ones aside.
    pub cards: usize,
    /// Every card has an item whose first answer was Good or Easy.
    pub placed: bool,
}

/// One row of the topic map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicRow {
    /// Index into `coll.topics`.
    pub topic: usize,
    /// Index into `coll.decks`.
    pub deck: usize,
    pub title: String,
    pub status: TopicStatus,
    /// Cards learned, of `cards`.
    pub learned: usize,
    pub cards: usize,
    /// Titles of the required topics not learned yet, in the order the deck lists them.
    pub needs: Vec<String>,
}

/// What topic progress reads: the collection, the states and the rules (no clock), so that
/// it can be worked out on another core (see `Ctx::status_beside`).
#[derive(Clone, Copy)]
pub(super) struct Topics<'a> {
    pub coll: &'a Collection,
    pub progress: &'a Progress,
    pub limits: &'a Limits,
    pub cache: Option<&'a TopicCache>,
}

impl Topics<'_> {
    fn state(&self, i: usize) -> Option<&crate::schedule::ItemState> {
        self.progress.item_state(self.coll, i)
    }

    fn learned_state(&self, s: &crate::schedule::ItemState) -> bool {
        s.phase == Phase::Review && s.stability >= self.limits.learned_stability_days
    }

    /// Every topic's progress, by topic index: from the session's cache when it has one and
    /// nothing changed since (see [`TopicCache`]).
    pub fn topic_progress(&self) -> Vec<TopicProgress> {
        match self.cache {
            Some(cache) => cache.get(self),
            None => self.every_topic_progress(),
        }
    }

    /// Every topic's progress from one pass over the cards in collection order (as
    /// [`Ctx::one_topic_progress`] for each topic, without going back and forth in memory).
    fn every_topic_progress(&self) -> Vec<TopicProgress> {
        let mut out = vec![TopicProgress::default(); self.coll.topics.len()];
        let mut passed_all = vec![true; self.coll.topics.len()];
        for deck in 0..self.coll.decks.len() {
            for card in self.coll.cards_of_deck(deck) {
                let Some(t) = self.coll.items[card.start].topic() else {
                    continue;
                };
                let (mut any, mut learned, mut passed) = (false, false, false);
                // Whether the card was passed matters only while every card of its topic so
                // far was.
                let placing = passed_all.get(t).copied().unwrap_or(false);
                for i in card.clone() {
                    let state = self.state(i);
                    if state.is_some_and(|s| s.suspended) {
                        continue;
                    }
                    any = true;
                    learned |= state.is_some_and(|s| self.learned_state(s));
                    passed |= placing && state.is_some_and(|s| !s.is_new() && !s.first_missed);
                }
                if any && let Some(p) = out.get_mut(t) {
                    p.cards += 1;
                    p.learned += usize::from(learned);
                    passed_all[t] &= passed;
                }
            }
        }
        for (p, passed) in out.iter_mut().zip(passed_all) {
            p.placed = p.cards > 0 && passed;
        }
        out
    }

    /// One topic's progress, from its own items only.
    fn one_topic_progress(&self, topic: usize) -> TopicProgress {
        // ((deck, card), learned, passed first) per card, its items being next to each other.
        let mut cards: Vec<((usize, usize), bool, bool)> = Vec::new();
        for i in self.coll.topic_items(topic) {
            let state = self.state(i);
            if state.is_some_and(|s| s.suspended) {
                continue;
            }
            let card = (self.coll.items[i].deck(), self.coll.items[i].card());
            let learned = state.is_some_and(|s| self.learned_state(s));
            let passed = state.is_some_and(|s| !s.is_new() && !s.first_missed);
            match cards.last_mut() {
                Some((c, l, p)) if *c == card => {
                    *l |= learned;
                    *p |= passed;
                }
                _ => cards.push((card, learned, passed)),
            }
        }
        TopicProgress {
            learned: cards.iter().filter(|c| c.1).count(),
            cards: cards.len(),
            placed: !cards.is_empty() && cards.iter().all(|c| c.2),
        }
    }

    fn learned(&self, p: &TopicProgress) -> bool {
        p.cards == 0 || p.learned as f32 >= self.limits.learned_share * p.cards as f32
    }

    pub fn topic_status(&self) -> Vec<TopicStatus> {
        self.status_from(&self.topic_progress())
    }

    fn status_from(&self, progress: &[TopicProgress]) -> Vec<TopicStatus> {
        let learned: Vec<bool> = progress.iter().map(|p| self.learned(p)).collect();
        self.coll
            .topics
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if learned[i] {
                    TopicStatus::Learned
                } else if self.limits.prerequisites == Prerequisites::Off
                    || progress[i].placed
                    || t.requires.iter().all(|&r| learned[r])
                {
                    TopicStatus::InProgress
                } else {
                    TopicStatus::Locked
                }
            })
            .collect()
    }
}

impl Ctx<'_> {
    /// What of this context topic progress reads.
    pub(super) fn topic_view(&self) -> Topics<'_> {
        Topics {
            coll: self.coll,
            progress: self.progress,
            limits: self.limits,
            cache: self.topics,
        }
    }

    /// Every topic's progress, by topic index (see [`Topics::topic_progress`]).
    pub fn topic_progress(&self) -> Vec<TopicProgress> {
        self.topic_view().topic_progress()
    }

    pub fn topic_status(&self) -> Vec<TopicStatus> {
        self.topic_view().topic_status()
    }

    /// The topic map: every topic, in collection order (decks in prerequisite order, topics in
    /// deck order), with its state, progress and what it still needs.
    pub fn topic_map(&self) -> Vec<TopicRow> {
        let topics = self.topic_view();
        let progress = topics.topic_progress();
        let status = topics.status_from(&progress);
        self.coll
            .topics
            .iter()
            .enumerate()
            .map(|(i, t)| TopicRow {
                topic: i,
                deck: t.deck,
                title: t.title.clone(),
                status: status[i],
                learned: progress[i].learned,
                cards: progress[i].cards,
                needs: t
                    .requires
                    .iter()
                    .filter(|&&r| status[r] != TopicStatus::Learned)
                    .map(|&r| self.coll.topics[r].title.clone())
                    .collect(),
            })
            .collect()
    }

    /// Why a new item is not offered yet: the titles of the topics it still needs.
    pub fn locked_by(&self, item: usize, status: &[TopicStatus]) -> Vec<String> {
        let Some(t) = self.coll.items[item].topic() else {
            return Vec::new();
        };
        if status[t] != TopicStatus::Locked {
            return Vec::new();
        }
        self.coll.topics[t]
            .requires
            .iter()
            .filter(|&&r| status[r] != TopicStatus::Learned)
            .map(|&r| self.coll.topics[r].title.clone())
            .collect()
    }

    /// The topic to finish first so that `locked` opens: following unlearned requirements down
    /// from it to one that is not locked itself.
    pub(super) fn blocker(&self, locked: usize, status: &[TopicStatus]) -> Option<usize> {
        let mut seen = vec![false; self.coll.topics.len()];
        let mut stack = vec![locked];
        while let Some(t) = stack.pop() {
            if std::mem::replace(&mut seen[t], true) {
                continue;
            }
            if t != locked && status[t] == TopicStatus::InProgress {
                return Some(t);
            }
            let reqs = &self.coll.topics[t].requires;
            stack.extend(
                reqs.iter()
                    .rev()
                    .filter(|&&r| status[r] != TopicStatus::Learned),
            );
        }
        None
    }
}

/// Every topic's progress, kept by a session between queue passes: a pass over every item of
/// every topic took a third of choosing the next card at 100,000 items. Worked out in full
/// when first asked for, or when the states changed in a way the session did not report;
/// after an answer (or a bury, suspend, flag), only the topic of the item changed is worked
/// out again ([`TopicCache::changed`]).
#[derive(Debug, Default)]
pub struct TopicCache {
    cached: std::sync::Mutex<Option<Cached>>,
}

#[derive(Debug)]
struct Cached {
    key: CacheKey,
    progress: Vec<TopicProgress>,
}

/// What topic progress depends on besides the topics themselves: the collection, the states
/// (by their generation) and what counts as learned.
type CacheKey = (u64, u64, u32);

fn key(ctx: &Topics<'_>, generation: u64) -> CacheKey {
    (
        ctx.coll.uid(),
        generation,
        ctx.limits.learned_stability_days.to_bits(),
    )
}

impl TopicCache {
    fn get(&self, ctx: &Topics<'_>) -> Vec<TopicProgress> {
        let want = key(ctx, ctx.progress.states.generation());
        let mut cached = self.cached.lock().unwrap_or_else(|e| e.into_inner());
        match &*cached {
            Some(c) if c.key == want => c.progress.clone(),
            _ => {
                let progress = ctx.every_topic_progress();
                *cached = Some(Cached {
                    key: want,
                    progress: progress.clone(),
                });
                progress
            }
        }
    }

    /// Whether the progress kept is that of `ctx`'s states as they are now.
    pub(super) fn is_fresh(&self, ctx: &Topics<'_>) -> bool {
        let want = key(ctx, ctx.progress.states.generation());
        let cached = self.cached.lock().unwrap_or_else(|e| e.into_inner());
        cached.as_ref().is_some_and(|c| c.key == want)
    }

    /// The states changed from generation `before` by a change to `item` (and its card's
    /// other items) alone: its topic is worked out again, if the rest is up to date.
    pub(super) fn changed(&self, ctx: &Topics<'_>, before: u64, item: usize) {
        let mut cached = self.cached.lock().unwrap_or_else(|e| e.into_inner());
        let Some(c) = cached.as_mut() else {
            return;
        };
        if c.key != key(ctx, before) {
            *cached = None;
            return;
        }
        if let Some(t) = ctx.coll.items.get(item).and_then(|it| it.topic())
            && let Some(p) = c.progress.get_mut(t)
        {
            *p = ctx.one_topic_progress(t);
        }
        c.key = key(ctx, ctx.progress.states.generation());
    }
}
