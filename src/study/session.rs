//! A study session: the queue, answering (written to the journal before state changes), one
//! undo stack for every change a learner makes (grade, bury, suspend, flag, unsuspend), drills
//! (practice ahead and cram), and the session's own tally. The session owns its journal, so no
//! change can skip it.

use jiff::Timestamp;

use super::collection::Collection;
use super::drill::Drill;
use super::event::{Event, ReviewKind};
use super::progress::{Applied, Progress};
use super::queue::{Counts, Ctx, Limits, Plan};
use super::turn::Turn;
use super::why::Idle;
use crate::schedule::{Grade, ItemState, Phase, Scheduler};

mod drill;
mod flag;
pub use flag::MAX_NOTE_CHARS;

/// Where events are made durable. An event is applied only after `record` succeeds.
pub trait Journal {
    fn record(&mut self, ev: &Event) -> Result<(), String>;

    /// Saves a snapshot of progress so the next start need not replay the whole log.
    fn checkpoint(&mut self, _progress: &Progress) -> Result<(), String> {
        Ok(())
    }

    /// The next checkpoint should save progress even if nothing was recorded: its layout
    /// changed (see `States::bind`), and a snapshot in the new layout opens faster.
    fn mark_unsaved(&mut self) {}
}

/// A journal that keeps nothing (practice, tests).
pub struct NoJournal;

impl Journal for NoJournal {
    fn record(&mut self, _: &Event) -> Result<(), String> {
        Ok(())
    }
}

impl Journal for Vec<Event> {
    fn record(&mut self, ev: &Event) -> Result<(), String> {
        self.push(ev.clone());
        Ok(())
    }
}

/// A change could not be made durable, so it was not made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SaveError(pub String);

#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub answered: u32,
    /// Answers that were right: the checker's verdict where it judged, else the grade.
    pub correct: u32,
    pub ms: u64,
    /// Items that became leeches in this session.
    pub leeches: Vec<usize>,
}

/// What a change did, for the one-line notice both front ends show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    /// The item to put up again (after undo), if any.
    pub show: Option<usize>,
}

/// One entry of the undo stack: enough to put things back exactly.
#[derive(Debug, Clone)]
enum Change {
    Answer {
        item: usize,
        before: ItemState,
        grade: Grade,
        right: bool,
        /// A cram answer: its undo says so, since the daily counts never counted it.
        cram: bool,
    },
    /// Items buried, each with the burial it had before.
    Bury(Vec<(usize, Option<i64>)>),
    /// Items suspended that were not suspended before.
    Suspend(Vec<usize>),
    /// Items unsuspended, each with whether it was a leech.
    Unsuspend(Vec<usize>),
    /// `on`: the item was flagged (else unflagged); `note`: the note it had before, which an
    /// undone unflag puts back.
    Flag {
        item: usize,
        on: bool,
        note: Option<String>,
    },
}

pub struct Session {
    pub coll: Collection,
    pub progress: Progress,
    pub sched: Scheduler,
    pub limits: Limits,
    pub scope: Vec<bool>,
    /// When set, only this topic is studied, locked or not (see [`Session::set_topic_scope`]).
    topic: Option<usize>,
    pub tally: Tally,
    journal: Box<dyn Journal>,
    undo: Vec<Change>,
    /// The `new_per_day` setting: under `auto`, `limits.new_per_day` is the exam plan's pace.
    pub(super) new_setting: super::exam::NewPerDay,
    /// Practice ahead or cram: a fixed list gone through instead of the queue.
    drill: Option<Drill>,
    topic_cache: super::topics::TopicCache,
}

impl Session {
    pub fn new(
        coll: Collection,
        mut progress: Progress,
        sched: Scheduler,
        limits: Limits,
        journal: Box<dyn Journal>,
    ) -> Self {
        let mut journal = journal;
        if progress.states.bind(coll.uid(), coll.id_list().0) {
            journal.mark_unsaved();
        }
        let scope = vec![true; coll.decks.len()];
        let limits_new = limits.new_per_day;
        Session {
            coll,
            progress,
            sched,
            limits,
            scope,
            topic: None,
            tally: Tally::default(),
            journal,
            undo: Vec::new(),
            new_setting: super::exam::NewPerDay::Fixed(limits_new),
            drill: None,
            topic_cache: super::topics::TopicCache::default(),
        }
    }

    /// Study only the decks named (all when `ids` is empty); unknown ids are returned. Undo
    /// starts afresh: a change made while studying other decks is not taken back here.
    pub fn set_scope(&mut self, ids: &[String]) -> Vec<String> {
        self.undo.clear();
        if ids.is_empty() {
            self.scope = vec![true; self.coll.decks.len()];
            return Vec::new();
        }
        self.scope = self
            .coll
            .decks
            .iter()
            .map(|d| ids.contains(&d.id))
            .collect();
        ids.iter()
            .filter(|i| self.coll.deck_index(i).is_none())
            .cloned()
            .collect()
    }

    /// Study one topic (index into `coll.topics`) whatever the deck scope, even while it is
    /// locked: how a student who knows a topic places out of it (see [`super::topics`]).
    /// `None` goes back to the decks in scope. An index out of range is ignored.
    pub fn set_topic_scope(&mut self, topic: Option<usize>) {
        self.topic = topic.filter(|&t| t < self.coll.topics.len());
    }

    /// The topic studied on its own, if any.
    pub fn topic_scope(&self) -> Option<usize> {
        self.topic
    }

    pub fn ctx(&self, now: Timestamp) -> Ctx<'_> {
        Ctx {
            coll: &self.coll,
            progress: &self.progress,
            sched: &self.sched,
            limits: &self.limits,
            scope: &self.scope,
            topic: self.topic,
            now,
            topics: Some(&self.topic_cache),
        }
    }

    /// Folds one event in, keeping the topic cache up to date for `item`'s change alone.
    fn apply(&mut self, ev: &Event, item: Option<usize>) -> Applied {
        let before = self.progress.states.generation();
        if let Some(i) = item.filter(|_| self.progress.states.bound_to(self.coll.uid())) {
            self.progress.states.expect(i);
        }
        let applied = self.progress.apply(ev, &self.sched);
        if let Some(item) = item {
            // Any `now` does: topic progress does not depend on it.
            self.topic_cache
                .changed(&self.ctx(ev.at()).topic_view(), before, item);
        }
        applied
    }

    /// The next item and what is left today; in a drill, what is left of it (as reviews).
    pub fn plan(&self, now: Timestamp) -> Plan {
        match &self.drill {
            Some(d) => Plan {
                next: d.next().map(|i| (i, self.drill_kind())),
                counts: Counts {
                    review: d.len(),
                    ..Counts::default()
                },
            },
            None => self.ctx(now).plan(),
        }
    }

    /// Why nothing is offered now (`None` while something is, a drill included).
    pub fn why_idle(&self, now: Timestamp) -> Option<Idle> {
        match &self.drill {
            Some(_) if self.next(now).is_some() => None,
            _ => self.ctx(now).why_idle(),
        }
    }

    pub fn next(&self, now: Timestamp) -> Option<(usize, ReviewKind)> {
        self.plan(now).next
    }

    pub fn counts(&self, now: Timestamp) -> Counts {
        self.plan(now).counts
    }

    /// Ends the session of a process about to exit: the journal is closed (a store settles
    /// its backup and lets go of its lock), and the rest is left for the system to take back
    /// with the process: freeing 100,000 items' states and strings one by one took a tenth of
    /// a short run at that size.
    pub fn close_for_exit(self) {
        let Session {
            journal,
            coll,
            progress,
            ..
        } = self;
        drop(journal);
        std::mem::forget((coll, progress));
    }

    /// Hands the session another journal (tests and tools that watch what is written).
    pub fn set_journal(&mut self, journal: Box<dyn Journal>) {
        self.journal = journal;
    }

    /// Saves a snapshot of progress (every change is already in the journal).
    pub fn checkpoint(&mut self) -> Result<(), SaveError> {
        self.journal.checkpoint(&self.progress).map_err(SaveError)
    }

    /// Records and applies the grade for `turn`. In practice mode it only counts for the
    /// session; in a cram it is recorded as a cram answer, whatever kind the turn says.
    pub fn answer(
        &mut self,
        turn: &Turn,
        grade: Grade,
        now: Timestamp,
        ms: u32,
    ) -> Result<Applied, SaveError> {
        let item = turn.item;
        let right = turn.judged_right().unwrap_or(grade != Grade::Again);
        if let Some(p) = self.drill.as_mut().filter(|d| d.is_practice()) {
            p.answered(item, false);
            self.count(right, ms);
            return Ok(Applied::Nothing);
        }
        let id = self.coll.id(item).to_string();
        let before = self.state_of(item);
        let cram = self.is_cram();
        let ev = Event::Review {
            item: id,
            at: now,
            grade,
            ms,
            kind: if cram { ReviewKind::Cram } else { turn.kind },
        };
        self.journal.record(&ev).map_err(SaveError)?;
        self.count(right, ms);
        let applied = self.apply(&ev, Some(item));
        if applied == (Applied::Answered { became_leech: true }) {
            self.tally.leeches.push(item);
        }
        self.undo.push(Change::Answer {
            item,
            before,
            grade,
            right,
            cram,
        });
        let suspended = self.state_of(item).suspended;
        if let Some(d) = &mut self.drill {
            d.answered(item, grade == Grade::Again && !suspended);
        }
        Ok(applied)
    }

    fn count(&mut self, right: bool, ms: u32) {
        self.tally.answered += 1;
        self.tally.correct += u32::from(right);
        self.tally.ms += u64::from(ms);
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty() && !self.is_practice()
    }

    /// `deck/card`: how a card is named in notices.
    pub fn card_name(&self, item: usize) -> String {
        let it = &self.coll.items[item];
        format!(
            "{}/{}",
            self.coll.decks[it.deck()].id,
            self.coll.card(item).id
        )
    }

    /// The item and its siblings (every item of the same card), in order.
    fn card_items(&self, item: usize) -> Vec<usize> {
        let mut all: Vec<usize> = self.coll.siblings(item).collect();
        all.push(item);
        all.sort_unstable();
        all
    }

    /// Item `item`'s state, if it has one.
    pub fn state(&self, item: usize) -> Option<&ItemState> {
        self.progress.item_state(&self.coll, item)
    }

    fn state_of(&self, item: usize) -> ItemState {
        self.state(item).cloned().unwrap_or_default()
    }

    /// Takes back exactly the last change of this session; `Ok(None)` when there is none.
    pub fn undo(&mut self, now: Timestamp) -> Result<Option<Notice>, SaveError> {
        if self.is_practice() {
            return Ok(None);
        }
        let Some(top) = self.undo.last().cloned() else {
            return Ok(None);
        };
        let notice = match &top {
            Change::Answer {
                item,
                before,
                grade,
                right,
                cram,
            } => {
                let ev = Event::Undo {
                    item: self.coll.id(*item).to_string(),
                    at: now,
                    undone: *grade,
                    restore: before.clone(),
                    cram: *cram,
                };
                self.commit(*item, ev)?;
                self.tally.answered = self.tally.answered.saturating_sub(1);
                self.tally.correct = self.tally.correct.saturating_sub(u32::from(*right));
                self.tally.leeches.retain(|l| l != item);
                Notice {
                    text: format!(
                        "Took back the answer to {} ({})",
                        self.card_name(*item),
                        grade.label()
                    ),
                    show: Some(*item),
                }
            }
            Change::Bury(items) => {
                for &(i, until) in items {
                    // A burial that ends now is no burial: the item is back at once.
                    let until = match until {
                        Some(b) if b > now.as_second() => crate::schedule::ts(b),
                        _ => now,
                    };
                    let ev = Event::Bury {
                        item: self.coll.id(i).to_string(),
                        at: now,
                        until,
                    };
                    self.commit(i, ev)?;
                }
                let first = items[0].0;
                Notice {
                    text: format!("{} is back in today's study", self.card_name(first)),
                    show: Some(first),
                }
            }
            Change::Suspend(items) => {
                for &i in items {
                    self.commit(
                        i,
                        Event::Unsuspend {
                            item: self.coll.id(i).to_string(),
                            at: now,
                        },
                    )?;
                }
                let first = items[0];
                Notice {
                    text: format!("Unsuspended {}", self.card_name(first)),
                    show: Some(first),
                }
            }
            Change::Unsuspend(items) => {
                for &i in items {
                    self.commit(
                        i,
                        Event::Suspend {
                            item: self.coll.id(i).to_string(),
                            at: now,
                        },
                    )?;
                }
                Notice {
                    text: format!("Suspended {} again", self.card_name(items[0])),
                    show: None,
                }
            }
            Change::Flag { item, on, note } => {
                let id = self.coll.id(*item).to_string();
                let ev = if *on {
                    Event::Unflag { item: id, at: now }
                } else {
                    Event::Flag {
                        item: id,
                        at: now,
                        note: note.clone(),
                    }
                };
                self.commit(*item, ev)?;
                Notice {
                    text: format!(
                        "{} {}",
                        if *on { "Unflagged" } else { "Flagged" },
                        self.card_name(*item)
                    ),
                    show: None,
                }
            }
        };
        self.undo.pop();
        if let (Some(d), Some(item)) = (&mut self.drill, notice.show) {
            let again = matches!(top, Change::Answer { grade, .. } if grade == Grade::Again);
            d.taken_back(item, again);
        }
        Ok(Some(notice))
    }

    /// Hides the card (with its siblings) until the next study day starts.
    pub fn bury(&mut self, item: usize, now: Timestamp) -> Result<Notice, SaveError> {
        let today = self.sched.days.day_of(now);
        let until = self.sched.days.end_of(today);
        let mut done = Vec::new();
        for i in self.card_items(item) {
            let before = self.state_of(i).buried_until.get();
            let ev = Event::Bury {
                item: self.coll.id(i).to_string(),
                at: now,
                until,
            };
            self.commit(i, ev)?;
            done.push((i, before));
        }
        self.undo.push(Change::Bury(done));
        Ok(Notice {
            text: format!("Buried {} until tomorrow", self.card_name(item)),
            show: None,
        })
    }

    /// Stops showing the card (with its siblings) until it is unsuspended.
    pub fn suspend(&mut self, item: usize, now: Timestamp) -> Result<Notice, SaveError> {
        let mut done = Vec::new();
        for i in self.card_items(item) {
            if self.state_of(i).suspended {
                continue;
            }
            self.commit(
                i,
                Event::Suspend {
                    item: self.coll.id(i).to_string(),
                    at: now,
                },
            )?;
            done.push(i);
        }
        if !done.is_empty() {
            self.undo.push(Change::Suspend(done));
        }
        Ok(Notice {
            text: format!(
                "Suspended {}: it will not come up until you unsuspend it",
                self.card_name(item)
            ),
            show: None,
        })
    }

    /// Puts a suspended card (with its siblings, leeches too) back into study.
    pub fn unsuspend(&mut self, item: usize, now: Timestamp) -> Result<Notice, SaveError> {
        let mut done = Vec::new();
        for i in self.card_items(item) {
            if !self.state_of(i).suspended {
                continue;
            }
            self.commit(
                i,
                Event::Unsuspend {
                    item: self.coll.id(i).to_string(),
                    at: now,
                },
            )?;
            done.push(i);
        }
        let text = if done.is_empty() {
            format!("{} was not suspended", self.card_name(item))
        } else {
            self.undo.push(Change::Unsuspend(done));
            format!("Unsuspended {}", self.card_name(item))
        };
        Ok(Notice { text, show: None })
    }

    /// The review kind the item's state implies (for an item put up again after undo).
    pub fn review_kind(&self, item: usize) -> ReviewKind {
        if self.drill.is_some() {
            return self.drill_kind();
        }
        match self.state_of(item).phase {
            Phase::Learning(_) => ReviewKind::Learn,
            Phase::Relearning(_) => ReviewKind::Relearn,
            Phase::Review => ReviewKind::Review,
            Phase::New => ReviewKind::New,
        }
    }

    /// Whether the item is flagged.
    pub fn flagged(&self, item: usize) -> bool {
        self.state_of(item).flagged
    }

    /// Writes one event about `item`, then applies it; in a drill, an item buried or suspended
    /// also leaves the list.
    fn commit(&mut self, item: usize, ev: Event) -> Result<(), SaveError> {
        let hides = match &ev {
            Event::Suspend { .. } => true,
            Event::Bury { at, until, .. } => until > at,
            _ => false,
        };
        if let Some(d) = self.drill.as_mut().filter(|_| hides) {
            d.remove(item);
        }
        self.journal.record(&ev).map_err(SaveError)?;
        self.apply(&ev, Some(item));
        Ok(())
    }
}
