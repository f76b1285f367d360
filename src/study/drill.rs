//! A drill: a fixed list of items gone through in order instead of the queue. Practice ahead
//! (answers change nothing) and cram (answers are recorded and scheduled as usual, and Again
//! brings an item back a few cards later) are the two kinds.

use super::cram::{AGAIN_GAP, AGAIN_REPEATS, Target};

/// What a drill is for.
#[derive(Debug, Clone, PartialEq)]
pub enum DrillMode {
    /// Practice ahead: answers change nothing.
    Practice,
    /// Cram: answers count, ranked by recall at the target.
    Cram(CramRun),
}

/// What a cram keeps from its start, for its summary.
#[derive(Debug, Clone, PartialEq)]
pub struct CramRun {
    pub target: Target,
    /// The items it started with.
    pub items: Vec<usize>,
    /// Their mean predicted recall at the start.
    pub before: Option<f64>,
    /// The session's answer count at the start.
    pub answered_at_start: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Drill {
    pub mode: DrillMode,
    /// The items still to go, the next first.
    left: Vec<usize>,
    /// How often Again has put each item back.
    repeats: Vec<(usize, u8)>,
}

impl Drill {
    pub fn new(mode: DrillMode, items: Vec<usize>) -> Self {
        Drill {
            mode,
            left: items,
            repeats: Vec::new(),
        }
    }

    pub fn is_practice(&self) -> bool {
        self.mode == DrillMode::Practice
    }

    pub fn cram(&self) -> Option<&CramRun> {
        match &self.mode {
            DrillMode::Cram(run) => Some(run),
            DrillMode::Practice => None,
        }
    }

    pub fn next(&self) -> Option<usize> {
        self.left.first().copied()
    }

    pub fn len(&self) -> usize {
        self.left.len()
    }

    pub fn is_empty(&self) -> bool {
        self.left.is_empty()
    }

    /// The item leaves the list (buried, suspended).
    pub fn remove(&mut self, item: usize) {
        self.left.retain(|&i| i != item);
    }

    /// The item was answered: it leaves the list, unless it was forgotten in a cram, which
    /// puts it back [`AGAIN_GAP`] cards later, at most [`AGAIN_REPEATS`] times.
    pub fn answered(&mut self, item: usize, forgotten: bool) {
        self.remove(item);
        if !forgotten || self.is_practice() {
            return;
        }
        let at = match self.repeats.iter().position(|r| r.0 == item) {
            Some(at) => at,
            None => {
                self.repeats.push((item, 0));
                self.repeats.len() - 1
            }
        };
        let n = &mut self.repeats[at].1;
        if *n < AGAIN_REPEATS {
            *n += 1;
            let at = AGAIN_GAP.min(self.left.len());
            self.left.insert(at, item);
        }
    }

    /// An answer to the item was taken back: it is next again, and an Again no longer counts
    /// toward its repeats.
    pub fn taken_back(&mut self, item: usize, was_again: bool) {
        if was_again && let Some(r) = self.repeats.iter_mut().find(|r| r.0 == item) {
            r.1 = r.1.saturating_sub(1);
        }
        self.put_first(item);
    }

    /// The item is next (after an undo put it back on screen).
    pub fn put_first(&mut self, item: usize) {
        self.remove(item);
        self.left.insert(0, item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn again_in_a_cram_brings_an_item_back_a_few_cards_later_twice_at_most() {
        let target = Target {
            horizon: super::super::cram::Horizon::Now,
            at: jiff::Timestamp::UNIX_EPOCH,
        };
        let run = CramRun {
            target,
            items: vec![],
            before: None,
            answered_at_start: 0,
        };
        let mut d = Drill::new(DrillMode::Cram(run), vec![7, 1, 2, 3, 4]);
        d.answered(7, true);
        assert_eq!(d.left, vec![1, 2, 3, 7, 4]);
        for i in [1, 2, 3] {
            d.answered(i, false);
        }
        d.answered(7, true);
        assert_eq!(d.left, vec![4, 7], "near the end it comes back last");
        d.taken_back(7, true);
        assert_eq!(
            d.left,
            vec![7, 4],
            "undo puts it first and gives back a repeat"
        );
        d.answered(7, true);
        assert_eq!(d.left, vec![4, 7]);
        d.answered(4, false);
        d.answered(7, true);
        assert!(
            d.is_empty(),
            "a third Again leaves it to the relearning steps"
        );
        let mut p = Drill::new(DrillMode::Practice, vec![1, 2]);
        p.answered(1, true);
        assert_eq!(p.left, vec![2], "practice never repeats");
    }
}
