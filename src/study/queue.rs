//! Which item comes next, and what is left today: learning steps that are due, then reviews,
//! then new items, then learning items shown early when nothing else is left.
//!
//! New items are introduced with the decks taking turns, one card each, in collection order:
//! the deck that has introduced the fewest new cards today goes next, with its first unlocked
//! card in teaching order. Locks keep prerequisites first; the turns keep one deck from holding
//! back another, so a topic that opens late in a late deck (the safety topics) is met as soon as
//! it opens, not after every card of the decks before it.
//!
//! The daily limits in [`Limits`] are totals across all decks; a deck's own limit caps it on top.
//! One card's items (a reverse side, cloze deletions) are never offered on the same study day:
//! once one was answered today, or one is in learning and due today, the others wait.

use std::ops::Range;

use jiff::Timestamp;

use super::collection::Collection;
use super::event::ReviewKind;
use super::progress::Progress;
use super::topics::{Prerequisites, TopicStatus};
use crate::schedule::{ItemState, Phase, Scheduler};

/// Daily limits and the rules for prerequisites.
#[derive(Debug, Clone)]
pub struct Limits {
    /// New items introduced per study day, over all decks together.
    pub new_per_day: u32,
    /// Answers to day-scale reviews per study day, over all decks together.
    pub reviews_per_day: u32,
    /// Per-deck caps on top of the totals: (deck id, new per day, reviews per day).
    pub per_deck: Vec<(String, Option<u32>, Option<u32>)>,
    /// Learning items due within this many seconds are shown when nothing else is left.
    pub learn_ahead_secs: i64,
    /// An item counts as learned once on day-scale review with at least this stability (days).
    pub learned_stability_days: f32,
    /// A topic counts as learned once this share of its cards (suspended ones aside) have an
    /// item learned.
    pub learned_share: f32,
    /// Whether topics wait for the topics they require.
    pub prerequisites: Prerequisites,
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
            prerequisites: Prerequisites::Strict,
        }
    }
}

impl Limits {
    /// The deck's own caps (new, reviews), when it has any.
    pub fn deck_caps(&self, deck: &str) -> (Option<u32>, Option<u32>) {
        self.per_deck
            .iter()
            .find(|(d, _, _)| d == deck)
            .map_or((None, None), |o| (o.1, o.2))
    }
}

/// How many items the queue will still offer today, if every answer were Good: learning items
/// due now or within the learn-ahead window, reviews due today and new items, within the daily
/// limits and one item per card. Siblings that wait for another day are not counted, so a count
/// falls by one for each answer and never because a sibling was answered. Every front end gets
/// its counts from here ([`Ctx::plan`], [`Ctx::overview`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub new: usize,
    pub learning: usize,
    pub review: usize,
}

/// Adds counts up. The daily limits are totals across decks, so per-deck counts do not add up
/// to what all decks leave together: take that from [`Overview::total`].
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

/// Counts for the home screen: all decks together, and each deck as if studied alone. The
/// total is not the sum of the rows, because the daily limits are totals across decks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overview {
    pub total: Counts,
    pub by_deck: Vec<Counts>,
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
    /// Study only this topic (index into `coll.topics`), whatever its deck and even while it is
    /// locked: how a student places out of a topic. `None`: the decks in `scope`.
    pub topic: Option<usize>,
    pub now: Timestamp,
    /// Topic progress kept between passes (a session's); `None` works it out every time.
    pub topics: Option<&'a super::topics::TopicCache>,
}

/// Where new items are introduced: the deck with the fewest new cards today first, then
/// collection order.
type NewKey = (u32, usize, usize);

/// One deck's share of a pass, before the daily limits.
#[derive(Debug, Clone, Default)]
pub(super) struct DeckPool {
    pub new: usize,
    pub review: usize,
    pub learning: usize,
    first_new: Option<(NewKey, usize)>,
    first_review: Option<(i64, usize)>,
}

impl DeckPool {
    /// `count` new cards to offer, the first of them `first`, introduced in turn `key`.
    fn offer_new(&mut self, count: usize, key: NewKey, first: usize) {
        self.new += count;
        self.first_new = min(self.first_new, (key, first));
    }
}

/// One pass over the items in scope.
#[derive(Debug, Clone, Default)]
pub(super) struct Pool {
    pub decks: Vec<DeckPool>,
    /// The learning item due soonest among those due now.
    learning_now: Option<(i64, usize)>,
    /// The learning item due soonest among those due within the learn-ahead window.
    ahead: Option<(i64, usize)>,
    /// When the soonest learning item beyond the learn-ahead window is due.
    pub later_learning: Option<i64>,
    /// Topics (by index) with new cards in scope held back by their prerequisites.
    pub locked_topics: Vec<usize>,
    /// Something in scope opens when the next study day starts (a sibling waits, or buried).
    pub waiting: bool,
    pub status: Vec<TopicStatus>,
}

impl Pool {
    /// Notes a topic whose new cards in scope are held back by its prerequisites.
    fn lock(&mut self, topic: usize) {
        if !self.locked_topics.contains(&topic) {
            self.locked_topics.push(topic);
        }
    }
}

/// What one pass measures against: today's bounds, the topics' status when it is known, the
/// decks' turns, and the states by item index when they are bound to the collection.
struct Pass<'a> {
    slots: Option<&'a [Option<ItemState>]>,
    day_start: i64,
    day_end: i64,
    now: i64,
    ahead_until: i64,
    status: Option<&'a [TopicStatus]>,
    turns: Vec<u32>,
}

/// New cards in a pass whose topic may be locked, by deck and topic in the order first met:
/// how many, and the first in teaching order.
struct Held {
    entries: Vec<HeldTopic>,
    /// Each topic's entry for the deck being passed over (`u32::MAX`: none yet).
    at: Vec<u32>,
    /// Where the deck being passed over starts in `entries`.
    deck_start: usize,
}

struct HeldTopic {
    deck: usize,
    topic: usize,
    count: usize,
    key: NewKey,
    first: usize,
}

impl Held {
    fn new(topics: usize) -> Held {
        Held {
            entries: Vec::new(),
            at: vec![u32::MAX; topics],
            deck_start: 0,
        }
    }

    /// The pass moves on to another deck.
    fn next_deck(&mut self) {
        for e in &self.entries[self.deck_start..] {
            self.at[e.topic] = u32::MAX;
        }
        self.deck_start = self.entries.len();
    }

    /// New card `item` of `deck`, of `topic`; cards come in teaching order, so the first one
    /// noted for a topic stays first.
    fn note(&mut self, deck: usize, topic: usize, key: NewKey, item: usize) {
        match self.at.get(topic).copied() {
            Some(u32::MAX) => {
                self.at[topic] = u32::try_from(self.entries.len()).unwrap_or(u32::MAX);
                self.entries.push(HeldTopic {
                    deck,
                    topic,
                    count: 1,
                    key,
                    first: item,
                });
            }
            Some(e) => self.entries[e as usize].count += 1,
            None => {}
        }
    }
}

/// What is left under the daily limits.
#[derive(Debug, Clone)]
pub(super) struct Room {
    pub new_total: u32,
    pub review_total: u32,
    /// Per deck (by index): what its own cap leaves, `u32::MAX` without one.
    new_deck: Vec<u32>,
    review_deck: Vec<u32>,
}

/// A daily limit that holds items back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LimitHit {
    /// The limit's value.
    pub limit: u32,
    pub which: LimitScope,
}

/// Which setting a [`LimitHit`] is: raise `new_per_day` / `reviews_per_day`, or the deck's
/// entry in `decks: {..}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitScope {
    Total,
    /// A deck's own cap (index into `coll.decks`).
    Deck(usize),
}

impl Ctx<'_> {
    pub(super) fn state(&self, item: usize) -> Option<&ItemState> {
        self.progress.item_state(self.coll, item)
    }

    /// Whether the item's card is studied in this context.
    pub(super) fn in_scope(&self, item: usize) -> bool {
        let it = &self.coll.items[item];
        match self.topic {
            Some(t) => it.topic() == Some(t),
            None => self.scope.get(it.deck()).copied().unwrap_or(false),
        }
    }

    pub(super) fn room(&self) -> Room {
        let today = self.sched.days.day_of(self.now);
        let all = self.progress.day(today);
        let mut new_deck = Vec::with_capacity(self.coll.decks.len());
        let mut review_deck = Vec::with_capacity(self.coll.decks.len());
        for deck in self.coll.decks.iter() {
            let (n, r) = self.limits.deck_caps(&deck.id);
            let done = self.progress.today(&deck.id, today);
            new_deck.push(n.map_or(u32::MAX, |n| n.saturating_sub(done.new)));
            review_deck.push(r.map_or(u32::MAX, |r| r.saturating_sub(done.review)));
        }
        Room {
            new_total: self.limits.new_per_day.saturating_sub(all.new),
            review_total: self.limits.reviews_per_day.saturating_sub(all.review),
            new_deck,
            review_deck,
        }
    }

    /// One pass over the items in scope (every deck when `all_decks`), card by card.
    ///
    /// When the topics' status has to be worked out in full (the session's cache is out of
    /// date) on a large collection, it is worked out on another core beside the pass: at
    /// 100,000 items each took about half of the first pass. The pass then counts the new
    /// cards of topics that may be locked per deck and topic, and settles them once the status
    /// is known. Otherwise the status comes first and the pass decides card by card.
    pub(super) fn pool(&self, all_decks: bool) -> Pool {
        const BESIDE_FROM: usize = 20_000;
        let topics = self.topic_view();
        let cached = self.topics.is_some_and(|c| c.is_fresh(&topics));
        if cached || self.coll.items.len() < BESIDE_FROM {
            let status = topics.topic_status();
            let (mut pool, _) = self.pass(all_decks, Some(&status));
            pool.status = status;
            return pool;
        }
        let (status, (mut pool, held)) = std::thread::scope(|scope| {
            let status = scope.spawn(move || topics.topic_status());
            let passed = self.pass(all_decks, None);
            let status = status
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            (status, passed)
        });
        for h in held.entries {
            if status[h.topic] == TopicStatus::Locked {
                pool.lock(h.topic);
            } else {
                pool.decks[h.deck].offer_new(h.count, h.key, h.first);
            }
        }
        pool.status = status;
        pool
    }

    /// The pass itself, with the topics' `status` when it is known; without it, the new cards
    /// of topics that may be locked are held for it.
    fn pass(&self, all_decks: bool, status: Option<&[TopicStatus]>) -> (Pool, Held) {
        let today = self.sched.days.day_of(self.now);
        let now = self.now.as_second();
        let pass = Pass {
            slots: self.progress.states.bound_slots(self.coll.uid()),
            day_start: self.sched.days.start_of(today).as_second(),
            day_end: self.sched.days.end_of(today).as_second(),
            now,
            ahead_until: now + self.limits.learn_ahead_secs,
            status,
            // Each deck's turn: the new cards it has introduced today.
            turns: self
                .coll
                .decks
                .iter()
                .map(|d| self.progress.today(&d.id, today).new)
                .collect(),
        };
        let mut pool = Pool {
            decks: vec![DeckPool::default(); self.coll.decks.len()],
            ..Pool::default()
        };
        // A table per topic only when cards are to be held: not on every key press.
        let mut held = Held::new(match status {
            Some(_) => 0,
            None => self.coll.topics.len(),
        });
        for deck in 0..self.coll.decks.len() {
            let studied =
                all_decks || self.topic.is_some() || self.scope.get(deck).copied().unwrap_or(false);
            if !studied {
                continue;
            }
            held.next_deck();
            // A studied deck is in scope whole unless a topic narrows it: only then is each
            // card's topic looked up (reading every item's record cost a third of a pass).
            let whole = all_decks || self.topic.is_none();
            for card_items in self.coll.cards_of_deck(deck) {
                if whole || self.in_scope(card_items.start) {
                    self.card(card_items, deck, &pass, &mut pool, &mut held);
                }
            }
        }
        (pool, held)
    }

    /// One card's share of a pass: at most one of its items is offered.
    fn card(
        &self,
        card_items: Range<usize>,
        deck: usize,
        pass: &Pass<'_>,
        pool: &mut Pool,
        held: &mut Held,
    ) {
        let dp = &mut pool.decks[deck];
        let mut busy = false;
        let mut review: Option<(i64, usize)> = None;
        let mut new: Option<usize> = None;
        for j in card_items {
            let st = match pass.slots {
                Some(slots) => slots.get(j).and_then(Option::as_ref),
                None => self.state(j),
            };
            busy |= st
                .and_then(|s| s.last.get())
                .is_some_and(|t| t >= pass.day_start);
            let Some(s) = st else {
                new = new.or(Some(j));
                continue;
            };
            if s.suspended {
                continue;
            }
            if s.buried_until.get().is_some_and(|b| b > pass.now) {
                pool.waiting = true;
                continue;
            }
            match s.phase {
                Phase::Learning(_) | Phase::Relearning(_) => {
                    busy |= s.due < pass.day_end;
                    if s.due <= pass.now {
                        dp.learning += 1;
                        pool.learning_now = min(pool.learning_now, (s.due, j));
                    } else if s.due <= pass.ahead_until {
                        dp.learning += 1;
                        pool.ahead = min(pool.ahead, (s.due, j));
                    } else {
                        pool.later_learning =
                            Some(pool.later_learning.map_or(s.due, |l: i64| l.min(s.due)));
                    }
                }
                Phase::Review if s.due < pass.day_end => review = min(review, (s.due, j)),
                Phase::Review => {}
                Phase::New => new = new.or(Some(j)),
            }
        }
        if busy {
            pool.waiting |= review.is_some() || new.is_some();
        } else if let Some(r) = review {
            dp.review += 1;
            dp.first_review = min(dp.first_review, r);
        } else if let Some(n) = new {
            let key = (pass.turns[deck], deck, n);
            let topic = self.coll.items[n].topic();
            let locked = match (topic, pass.status) {
                (Some(t), _)
                    if self.limits.prerequisites == Prerequisites::Off || self.topic == Some(t) =>
                {
                    false
                }
                (Some(t), Some(status)) => status[t] == TopicStatus::Locked,
                (Some(t), None) => {
                    // Held until its topic's status is known.
                    held.note(deck, t, key, n);
                    return;
                }
                (None, _) => false,
            };
            match topic {
                Some(t) if locked => pool.lock(t),
                _ => dp.offer_new(1, key, n),
            }
        }
    }

    fn kind(&self, item: usize) -> ReviewKind {
        match self.state(item).map(|s| s.phase) {
            Some(Phase::Learning(_)) => ReviewKind::Learn,
            Some(Phase::Relearning(_)) => ReviewKind::Relearn,
            Some(Phase::Review) => ReviewKind::Review,
            Some(Phase::New) | None => ReviewKind::New,
        }
    }

    /// The next item to show and what is left today, from one pass over the collection.
    pub fn plan(&self) -> Plan {
        let pool = self.pool(false);
        let room = self.room();
        let open = |d: usize, left: &[u32], total: u32| total > 0 && left[d] > 0;
        let review = pool
            .decks
            .iter()
            .enumerate()
            .filter(|(d, _)| open(*d, &room.review_deck, room.review_total))
            .filter_map(|(_, p)| p.first_review)
            .min();
        let new = pool
            .decks
            .iter()
            .enumerate()
            .filter(|(d, _)| open(*d, &room.new_deck, room.new_total))
            .filter_map(|(_, p)| p.first_new)
            .min();
        let first = pool
            .learning_now
            .map(|x| x.1)
            .or(review.map(|x| x.1))
            .or(new.map(|x| x.1))
            .or(pool.ahead.map(|x| x.1));
        Plan {
            next: first.map(|i| (i, self.kind(i))),
            counts: counts(&pool.decks, 0..pool.decks.len(), &room),
        }
    }

    /// What is left today over all decks, and in each deck as if it were studied alone,
    /// whatever the scope; from one pass.
    pub fn overview(&self) -> Overview {
        let pool = Ctx {
            topic: None,
            ..*self
        }
        .pool(true);
        let room = self.room();
        let n = pool.decks.len();
        Overview {
            total: counts(&pool.decks, 0..n, &room),
            by_deck: (0..n)
                .map(|d| counts(&pool.decks, d..d + 1, &room))
                .collect(),
        }
    }

    /// What is left today in each deck (by index), as if it were studied alone.
    pub fn counts_by_deck(&self) -> Vec<Counts> {
        self.overview().by_deck
    }

    /// The next item to show, and what kind of answer it will be.
    pub fn next(&self) -> Option<(usize, ReviewKind)> {
        self.plan().next
    }

    /// What is left today (learning counts the items shown early too).
    pub fn counts(&self) -> Counts {
        self.plan().counts
    }

    /// When something in scope can next be studied: the soonest due time after now of an item
    /// already seen, or the start of the next study day when a sibling or a buried item waits
    /// for it. `None` when nothing seen is left and nothing waits.
    pub fn next_due(&self) -> Option<Timestamp> {
        self.next_due_in(&self.pool(false))
    }

    pub(super) fn next_due_in(&self, pool: &Pool) -> Option<Timestamp> {
        let now = self.now.as_second();
        let seen = (0..self.coll.items.len())
            .filter(|&i| self.in_scope(i))
            .filter_map(|i| self.state(i))
            .filter(|s| !s.suspended && !s.is_new() && s.due > now)
            .map(|s| s.due)
            .min();
        let today = self.sched.days.day_of(self.now);
        let tomorrow = pool
            .waiting
            .then(|| self.sched.days.end_of(today).as_second());
        [seen, tomorrow]
            .into_iter()
            .flatten()
            .min()
            .map(crate::schedule::ts)
    }
}

fn min<T: Ord>(a: Option<T>, b: T) -> Option<T> {
    Some(match a {
        Some(a) if a <= b => a,
        _ => b,
    })
}

/// What the decks in `decks` leave today together, under the total and their own caps.
fn counts(pool: &[DeckPool], decks: std::ops::Range<usize>, room: &Room) -> Counts {
    let capped = |avail: usize, left: u32| avail.min(usize::try_from(left).unwrap_or(usize::MAX));
    let total = |left: u32| usize::try_from(left).unwrap_or(usize::MAX);
    let mut c = Counts::default();
    let (mut new, mut review) = (0usize, 0usize);
    for d in decks {
        c.learning += pool[d].learning;
        new += capped(pool[d].new, room.new_deck[d]);
        review += capped(pool[d].review, room.review_deck[d]);
    }
    c.new = new.min(total(room.new_total));
    c.review = review.min(total(room.review_total));
    c
}

/// Which limit holds back the items that `avail` counts, if any: the total when it is used up,
/// else the first deck whose own cap is.
pub(super) fn limit_hit(
    ctx: &Ctx<'_>,
    pool: &Pool,
    room: &Room,
    reviews: bool,
) -> Option<LimitHit> {
    let avail = |p: &DeckPool| if reviews { p.review } else { p.new };
    let (total_left, deck_left, total_limit) = if reviews {
        (
            room.review_total,
            &room.review_deck,
            ctx.limits.reviews_per_day,
        )
    } else {
        (room.new_total, &room.new_deck, ctx.limits.new_per_day)
    };
    let waiting: Vec<usize> = (0..pool.decks.len())
        .filter(|&d| avail(&pool.decks[d]) > 0)
        .collect();
    if waiting.is_empty() {
        return None;
    }
    if total_left == 0 {
        return Some(LimitHit {
            limit: total_limit,
            which: LimitScope::Total,
        });
    }
    let d = waiting.into_iter().find(|&d| deck_left[d] == 0)?;
    let (n, r) = ctx.limits.deck_caps(&ctx.coll.decks[d].id);
    Some(LimitHit {
        limit: if reviews { r } else { n }.unwrap_or(0),
        which: LimitScope::Deck(d),
    })
}
