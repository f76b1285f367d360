//! The session's drills: practice ahead (answers change nothing) and cram (answers count,
//! weakest on the exam day first). A child of `session`, so it works on the session's own
//! fields.

use jiff::Timestamp;

use super::Session;
use crate::study::cram::{self, CramError, CramReport};
use crate::study::drill::{CramRun, Drill, DrillMode};
use crate::study::event::ReviewKind;

impl Session {
    pub fn is_practice(&self) -> bool {
        self.drill.as_ref().is_some_and(Drill::is_practice)
    }

    pub fn is_cram(&self) -> bool {
        self.drill.as_ref().is_some_and(|d| d.cram().is_some())
    }

    /// The kind a drill's answers are: practice ones are never logged; cram ones are logged
    /// as [`ReviewKind::Cram`], which the daily limits do not count.
    pub(super) fn drill_kind(&self) -> ReviewKind {
        if self.is_cram() {
            ReviewKind::Cram
        } else {
            ReviewKind::Review
        }
    }

    /// Starts practising up to `n` seen items ahead of time, soonest due first; returns how many.
    pub fn start_practice(&mut self, n: usize) -> usize {
        let in_scope = |i: usize| {
            let it = &self.coll.items[i];
            match self.topic {
                Some(t) => it.topic() == Some(t),
                None => self.scope[it.deck()],
            }
        };
        let mut seen: Vec<(i64, usize)> = (0..self.coll.items.len())
            .filter(|&i| in_scope(i))
            .filter_map(|i| self.progress.state(self.coll.id(i)).map(|s| (s, i)))
            .filter(|(s, _)| !s.is_new() && !s.suspended)
            .map(|(s, i)| (s.due, i))
            .collect();
        seen.sort_unstable();
        let items: Vec<usize> = seen.into_iter().take(n).map(|x| x.1).collect();
        let len = items.len();
        self.drill = (len > 0).then(|| Drill::new(DrillMode::Practice, items));
        len
    }

    /// Starts a cram over the decks (or topic) in scope: the started items with the lowest
    /// predicted recall on the exam day first, then (`with_new`) unseen cards; returns how many.
    /// Undo starts afresh, as with a change of scope.
    pub fn start_cram(&mut self, with_new: bool, now: Timestamp) -> Result<usize, CramError> {
        let ctx = self.ctx(now);
        let target = cram::target(&ctx)?;
        let items = cram::order(&ctx, target.at, with_new);
        if items.is_empty() {
            return Err(if with_new {
                CramError::NothingAtAll
            } else {
                CramError::Nothing
            });
        }
        let run = CramRun {
            target,
            before: cram::mean_recall(&ctx, &items, target.at),
            items: items.clone(),
            answered_at_start: self.tally.answered,
        };
        let len = items.len();
        self.undo.clear();
        self.drill = Some(Drill::new(DrillMode::Cram(run), items));
        Ok(len)
    }

    /// What the cram under way has done so far: answers, and how the mean predicted recall
    /// of its items on the exam day moved. `None` outside a cram.
    pub fn cram_report(&self, now: Timestamp) -> Option<CramReport> {
        let run = self.drill.as_ref()?.cram()?;
        Some(CramReport {
            drilled: self.tally.answered.saturating_sub(run.answered_at_start),
            horizon: run.target.horizon,
            before: run.before,
            after: cram::mean_recall(&self.ctx(now), &run.items, run.target.at),
        })
    }

    /// Ends practice ahead or cram, if on.
    pub fn stop_drill(&mut self) {
        self.drill = None;
    }
}
