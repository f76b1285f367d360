//! A study session: the queue, answering (written to the journal before state changes), undo,
//! bury, suspend, flag, practice ahead, and the session's own tally.

use jiff::Timestamp;

use super::collection::Collection;
use super::event::{Event, ReviewKind};
use super::progress::{Applied, Progress};
use super::queue::{Counts, Ctx, Limits, Plan};
use super::why::Idle;
use crate::schedule::{Grade, ItemState, Scheduler};

/// Where events are made durable. An event is applied only after `record` succeeds.
pub trait Journal {
    fn record(&mut self, ev: &Event) -> Result<(), String>;

    /// Saves a snapshot of progress so the next start need not replay the whole log.
    fn checkpoint(&mut self, _progress: &Progress) -> Result<(), String> {
        Ok(())
    }
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

#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub answered: u32,
    pub correct: u32,
    pub ms: u64,
    /// Items that became leeches in this session.
    pub leeches: Vec<usize>,
}

struct UndoEntry {
    item: usize,
    before: ItemState,
    grade: Grade,
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
    undo: Vec<UndoEntry>,
    /// Practice ahead: the items still to go; answers change nothing.
    practice: Option<Vec<usize>>,
}

impl Session {
    pub fn new(coll: Collection, progress: Progress, sched: Scheduler, limits: Limits) -> Self {
        let scope = vec![true; coll.decks.len()];
        Session {
            coll,
            progress,
            sched,
            limits,
            scope,
            topic: None,
            tally: Tally::default(),
            undo: Vec::new(),
            practice: None,
        }
    }

    /// Study only the decks named (all when `ids` is empty); unknown ids are returned.
    pub fn set_scope(&mut self, ids: &[String]) -> Vec<String> {
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
        }
    }

    pub fn is_practice(&self) -> bool {
        self.practice.is_some()
    }

    /// The next item and what is left today.
    pub fn plan(&self, now: Timestamp) -> Plan {
        match &self.practice {
            Some(p) => Plan {
                next: p.first().map(|&i| (i, ReviewKind::Review)),
                counts: Counts {
                    review: p.len(),
                    ..Counts::default()
                },
            },
            None => self.ctx(now).plan(),
        }
    }

    /// Why nothing is offered now (`None` while something is, practice included).
    pub fn why_idle(&self, now: Timestamp) -> Option<Idle> {
        match &self.practice {
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

    /// Starts practising up to `n` seen items ahead of time, soonest due first; returns how many.
    pub fn start_practice(&mut self, n: usize) -> usize {
        let in_scope = |i: usize| {
            let it = &self.coll.items[i];
            match self.topic {
                Some(t) => it.topic == Some(t),
                None => self.scope[it.deck],
            }
        };
        let mut seen: Vec<(i64, usize)> = (0..self.coll.items.len())
            .filter(|&i| in_scope(i))
            .filter_map(|i| self.progress.state(&self.coll.items[i].id).map(|s| (s, i)))
            .filter(|(s, _)| !s.is_new() && !s.suspended)
            .map(|(s, i)| (s.due, i))
            .collect();
        seen.sort_unstable();
        let items: Vec<usize> = seen.into_iter().take(n).map(|x| x.1).collect();
        let len = items.len();
        self.practice = (len > 0).then_some(items);
        len
    }

    /// Records and applies an answer. In practice mode it only counts for the session.
    pub fn answer(
        &mut self,
        journal: &mut dyn Journal,
        item: usize,
        kind: ReviewKind,
        grade: Grade,
        now: Timestamp,
        ms: u32,
    ) -> Result<Applied, String> {
        if let Some(p) = &mut self.practice {
            p.retain(|&i| i != item);
            self.count(grade, ms);
            return Ok(Applied::Nothing);
        }
        let id = self.coll.items[item].id.clone();
        let before = self.progress.state(&id).cloned().unwrap_or_default();
        let ev = Event::Review {
            item: id,
            at: now,
            grade,
            ms,
            kind,
        };
        journal.record(&ev)?;
        self.count(grade, ms);
        let applied = self.progress.apply(&ev, &self.sched);
        if applied == (Applied::Answered { became_leech: true }) {
            self.tally.leeches.push(item);
        }
        self.undo.push(UndoEntry {
            item,
            before,
            grade,
        });
        Ok(applied)
    }

    fn count(&mut self, grade: Grade, ms: u32) {
        self.tally.answered += 1;
        self.tally.correct += u32::from(grade != Grade::Again);
        self.tally.ms += u64::from(ms);
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Takes back the latest answer of this session; returns the item to show again.
    pub fn undo(
        &mut self,
        journal: &mut dyn Journal,
        now: Timestamp,
    ) -> Result<Option<usize>, String> {
        let Some(top) = self.undo.last() else {
            return Ok(None);
        };
        let ev = Event::Undo {
            item: self.coll.items[top.item].id.clone(),
            at: now,
            undone: top.grade,
            restore: top.before.clone(),
        };
        journal.record(&ev)?;
        self.progress.apply(&ev, &self.sched);
        let top = self.undo.pop().map(|u| (u.item, u.grade));
        if let Some((item, grade)) = top {
            self.tally.answered = self.tally.answered.saturating_sub(1);
            self.tally.correct = self
                .tally
                .correct
                .saturating_sub(u32::from(grade != Grade::Again));
            self.tally.leeches.retain(|&l| l != item);
        }
        Ok(top.map(|t| t.0))
    }

    /// Hides an item until the next study day starts.
    pub fn bury(
        &mut self,
        journal: &mut dyn Journal,
        item: usize,
        now: Timestamp,
    ) -> Result<(), String> {
        let today = self.sched.days.day_of(now);
        let until = self.sched.days.end_of(today);
        let ev = Event::Bury {
            item: self.coll.items[item].id.clone(),
            at: now,
            until,
        };
        self.record(journal, ev)
    }

    pub fn set_suspended(
        &mut self,
        journal: &mut dyn Journal,
        item: usize,
        suspended: bool,
        now: Timestamp,
    ) -> Result<(), String> {
        let item = self.coll.items[item].id.clone();
        let ev = if suspended {
            Event::Suspend { item, at: now }
        } else {
            Event::Unsuspend { item, at: now }
        };
        self.record(journal, ev)
    }

    /// Flags an item for the deck author's attention, or clears the flag; returns the new flag.
    pub fn toggle_flag(
        &mut self,
        journal: &mut dyn Journal,
        item: usize,
        now: Timestamp,
    ) -> Result<bool, String> {
        let id = self.coll.items[item].id.clone();
        let flagged = self.progress.state(&id).is_some_and(|s| s.flagged);
        let ev = if flagged {
            Event::Unflag { item: id, at: now }
        } else {
            Event::Flag { item: id, at: now }
        };
        self.record(journal, ev)?;
        Ok(!flagged)
    }

    fn record(&mut self, journal: &mut dyn Journal, ev: Event) -> Result<(), String> {
        if let Some(p) = &mut self.practice {
            let id = ev.item();
            p.retain(|&i| self.coll.items[i].id != id);
        }
        journal.record(&ev)?;
        self.progress.apply(&ev, &self.sched);
        Ok(())
    }
}
