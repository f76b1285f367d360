//! Which item comes next, and why: learning steps that are due, then reviews, then new items in
//! prerequisite order, then learning items shown early when nothing else is left.

use jiff::Timestamp;

use super::collection::Collection;
use super::event::ReviewKind;
use super::progress::Progress;
use crate::schedule::{ItemState, Phase, Scheduler};

/// Daily limits and the rules for prerequisites.
#[derive(Debug, Clone)]
pub struct Limits {
    pub new_per_day: u32,
    pub reviews_per_day: u32,
    /// Per-deck overrides: (deck id, new per day, reviews per day).
    pub per_deck: Vec<(String, Option<u32>, Option<u32>)>,
    /// Learning items due within this many seconds are shown when nothing else is left.
    pub learn_ahead_secs: i64,
    /// An item counts as learned once on day-scale review with at least this stability (days).
    pub learned_stability_days: f32,
    /// A topic counts as learned once this share of its cards (suspended ones aside) have an
    /// item learned.
    pub learned_share: f32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            new_per_day: 20,
            reviews_per_day: 200,
            per_deck: Vec::new(),
            learn_ahead_secs: 20 * 60,
            learned_stability_days: 2.0,
            learned_share: 0.9,
        }
    }
}

impl Limits {
    fn for_deck(&self, deck: &str) -> (u32, u32) {
        let o = self.per_deck.iter().find(|(d, _, _)| d == deck);
        (
            o.and_then(|o| o.1).unwrap_or(self.new_per_day),
            o.and_then(|o| o.2).unwrap_or(self.reviews_per_day),
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopicStatus {
    /// Some required topic is not learned yet.
    Locked,
    InProgress,
    Learned,
}

/// How many items of each kind are left today.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub new: usize,
    pub learning: usize,
    pub review: usize,
}

impl std::iter::Sum for Counts {
    fn sum<I: Iterator<Item = Counts>>(iter: I) -> Counts {
        iter.fold(Counts::default(), |a, b| Counts {
            new: a.new + b.new,
            learning: a.learning + b.learning,
            review: a.review + b.review,
        })
    }
}

impl Counts {
    pub fn total(&self) -> usize {
        self.new + self.learning + self.review
    }
}

/// What comes next, and what is left today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub next: Option<(usize, ReviewKind)>,
    pub counts: Counts,
}

/// Everything the queue needs to decide, borrowed for one decision.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub coll: &'a Collection,
    pub progress: &'a Progress,
    pub sched: &'a Scheduler,
    pub limits: &'a Limits,
    /// Which decks (by index in the collection) are being studied.
    pub scope: &'a [bool],
    pub now: Timestamp,
}

struct Lists {
    learning: Vec<(i64, usize)>,
    ahead: Vec<(i64, usize)>,
    review: Vec<(i64, usize)>,
    new: Vec<usize>,
}

impl Ctx<'_> {
    fn state(&self, item: usize) -> Option<&ItemState> {
        self.progress.state(&self.coll.items[item].id)
    }

    pub fn topic_status(&self) -> Vec<TopicStatus> {
        let learned: Vec<bool> = self
            .coll
            .topics
            .iter()
            .map(|t| {
                // Counted per card: a card's siblings drill the same fact, and they wait a day.
                let mut cards: Vec<(usize, bool)> = Vec::new();
                for &i in &t.items {
                    if self.state(i).is_some_and(|s| s.suspended) {
                        continue;
                    }
                    let card = self.coll.items[i].card;
                    let learned = self.is_learned(i);
                    match cards.last_mut() {
                        Some((c, l)) if *c == card => *l |= learned,
                        _ => cards.push((card, learned)),
                    }
                }
                let done = cards.iter().filter(|c| c.1).count();
                cards.is_empty() || done as f32 >= self.limits.learned_share * cards.len() as f32
            })
            .collect();
        self.coll
            .topics
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if !t.requires.iter().all(|&r| learned[r]) {
                    TopicStatus::Locked
                } else if learned[i] {
                    TopicStatus::Learned
                } else {
                    TopicStatus::InProgress
                }
            })
            .collect()
    }

    fn is_learned(&self, item: usize) -> bool {
        self.state(item).is_some_and(|s| {
            s.phase == Phase::Review && s.stability >= self.limits.learned_stability_days
        })
    }

    /// Why a new item is not offered yet: the titles of the topics it still needs.
    pub fn locked_by(&self, item: usize, status: &[TopicStatus]) -> Vec<String> {
        let Some(t) = self.coll.items[item].topic else {
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

    fn lists(&self) -> Lists {
        let today = self.sched.days.day_of(self.now);
        let day_start = self.sched.days.start_of(today).as_second();
        let day_end = self.sched.days.end_of(today).as_second();
        let now = self.now.as_second();
        let status = self.topic_status();
        let mut l = Lists {
            learning: Vec::new(),
            ahead: Vec::new(),
            review: Vec::new(),
            new: Vec::new(),
        };
        let mut new_left: Vec<u32> = Vec::new();
        let mut review_left: Vec<u32> = Vec::new();
        for deck in &self.coll.decks {
            let (n, r) = self.limits.for_deck(&deck.id);
            let done = self.progress.today(&deck.id, today);
            new_left.push(n.saturating_sub(done.new));
            review_left.push(r.saturating_sub(done.review));
        }
        for (i, item) in self.coll.items.iter().enumerate() {
            if !self.scope.get(item.deck).copied().unwrap_or(false) {
                continue;
            }
            let st = self.state(i);
            if st.is_some_and(|s| s.suspended || s.buried_until.is_some_and(|b| b > now)) {
                continue;
            }
            let learning = st.is_some_and(ItemState::is_learning);
            let same_card = |j: usize| {
                let other = &self.coll.items[j];
                other.deck == item.deck && other.card == item.card
            };
            let sibling_today = || {
                self.coll.siblings(i).any(|j| {
                    self.state(j)
                        .and_then(|s| s.last)
                        .is_some_and(|t| t >= day_start)
                })
            };
            match st {
                Some(s) if learning => {
                    if s.due <= now {
                        l.learning.push((s.due, i));
                    } else if s.due <= now + self.limits.learn_ahead_secs {
                        l.ahead.push((s.due, i));
                    }
                }
                Some(s) if s.phase == Phase::Review => {
                    let sibling_listed = l.review.last().is_some_and(|&(_, j)| same_card(j));
                    if s.due < day_end && !sibling_listed && !sibling_today() {
                        l.review.push((s.due, i));
                    }
                }
                _ => {
                    let unlocked = item.topic.is_none_or(|t| status[t] != TopicStatus::Locked);
                    // Siblings are next to each other: only the first of a card counts today.
                    let sibling_listed = l.new.last().is_some_and(|&j| same_card(j));
                    if unlocked && !sibling_listed && !sibling_today() {
                        l.new.push(i);
                    }
                }
            }
        }
        l.learning.sort_unstable();
        l.ahead.sort_unstable();
        l.review.sort_unstable();
        l.review = take_per_deck(l.review, &mut review_left, |&(_, i)| {
            self.coll.items[i].deck
        });
        l.new = take_per_deck(l.new, &mut new_left, |&i| self.coll.items[i].deck);
        l
    }

    /// The next item to show and what is left today, from one pass over the collection.
    pub fn plan(&self) -> Plan {
        let l = self.lists();
        let kind = |i: usize| match self.state(i).map(|s| s.phase) {
            Some(Phase::Learning(_)) => ReviewKind::Learn,
            Some(Phase::Relearning(_)) => ReviewKind::Relearn,
            Some(Phase::Review) => ReviewKind::Review,
            Some(Phase::New) | None => ReviewKind::New,
        };
        let first = l
            .learning
            .first()
            .map(|x| x.1)
            .or_else(|| l.review.first().map(|x| x.1))
            .or_else(|| l.new.first().copied())
            .or_else(|| l.ahead.first().map(|x| x.1));
        Plan {
            next: first.map(|i| (i, kind(i))),
            counts: Counts {
                new: l.new.len(),
                learning: l.learning.len() + l.ahead.len(),
                review: l.review.len(),
            },
        }
    }

    /// What is left today in each deck (by index), whatever the scope, from one pass.
    pub fn counts_by_deck(&self) -> Vec<Counts> {
        let all = vec![true; self.coll.decks.len()];
        let l = Ctx {
            scope: &all,
            ..*self
        }
        .lists();
        let mut out = vec![Counts::default(); self.coll.decks.len()];
        let deck = |i: usize| self.coll.items[i].deck;
        for &(_, i) in l.learning.iter().chain(&l.ahead) {
            out[deck(i)].learning += 1;
        }
        for &(_, i) in &l.review {
            out[deck(i)].review += 1;
        }
        for &i in &l.new {
            out[deck(i)].new += 1;
        }
        out
    }

    /// The next item to show, and what kind of answer it will be.
    pub fn next(&self) -> Option<(usize, ReviewKind)> {
        self.plan().next
    }

    /// What is left today (learning counts the items shown early too).
    pub fn counts(&self) -> Counts {
        self.plan().counts
    }

    /// When the next item falls due after today's work, if any.
    pub fn next_due(&self) -> Option<Timestamp> {
        let now = self.now.as_second();
        self.coll
            .items
            .iter()
            .filter(|it| self.scope.get(it.deck).copied().unwrap_or(false))
            .filter_map(|it| self.progress.state(&it.id))
            .filter(|s| !s.suspended && !s.is_new() && s.due > now)
            .map(|s| s.due)
            .min()
            .map(crate::schedule::ts)
    }
}

/// Keeps items in order while each deck still has room under its limit.
fn take_per_deck<T>(items: Vec<T>, left: &mut [u32], deck: impl Fn(&T) -> usize) -> Vec<T> {
    items
        .into_iter()
        .filter(|x| {
            let d = deck(x);
            if left[d] > 0 {
                left[d] -= 1;
                true
            } else {
                false
            }
        })
        .collect()
}
