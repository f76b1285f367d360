//! Why there is nothing to study right now, so that every front end can say so and say what
//! the student can do about it.

use jiff::{SignedDuration, Timestamp};

use super::queue::{Ctx, LimitHit, limit_hit};
use super::topics::TopicStatus;

/// The reason the queue offers nothing now, in priority order: the first that applies wins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Idle {
    /// A learning item comes back after this wait (beyond the learn-ahead window).
    LearningDueIn(SignedDuration),
    /// A daily limit holds items back: which one for new items and which for reviews (`None`
    /// where that kind is not held back). The UI can name the setting to raise.
    LimitReached {
        new: Option<LimitHit>,
        reviews: Option<LimitHit>,
    },
    /// What is left is locked. `topic` (index into `coll.topics`, maybe in another deck) is
    /// the one to finish: `learned` of its `total` cards are learned. `needed_by` lists the
    /// locked topics in scope waiting on it, directly or through others.
    Locked {
        topic: usize,
        learned: usize,
        total: usize,
        needed_by: Vec<usize>,
    },
    /// Everything in scope is done for now; `next_due` is when something can next be studied
    /// (a card falls due, or siblings and buried cards open with the next study day).
    Done { next_due: Option<Timestamp> },
}

impl Ctx<'_> {
    /// Why the queue offers nothing now; `None` when it does offer something.
    pub fn why_idle(&self) -> Option<Idle> {
        if self.plan().next.is_some() {
            return None;
        }
        let pool = self.pool(false);
        if let Some(due) = pool.later_learning {
            return Some(Idle::LearningDueIn(
                crate::schedule::ts(due).duration_since(self.now),
            ));
        }
        let room = self.room();
        let new = limit_hit(self, &pool, &room, false);
        let reviews = limit_hit(self, &pool, &room, true);
        if new.is_some() || reviews.is_some() {
            return Some(Idle::LimitReached { new, reviews });
        }
        if let Some(idle) = self.locked_reason(&pool.locked_topics, &pool.status) {
            return Some(idle);
        }
        Some(Idle::Done {
            next_due: self.next_due_in(&pool),
        })
    }

    /// The topic to finish for the shallowest locked topic in scope to open.
    fn locked_reason(&self, locked: &[usize], status: &[TopicStatus]) -> Option<Idle> {
        let depth = |t: &usize| (self.coll.topics[*t].depth, *t);
        let first = locked.iter().copied().min_by_key(depth)?;
        let topic = self.blocker(first, status)?;
        let mut needed_by: Vec<usize> = locked
            .iter()
            .copied()
            .filter(|&l| self.blocks(topic, l, status))
            .collect();
        needed_by.sort_unstable_by_key(depth);
        let progress = self.topic_progress()[topic];
        Some(Idle::Locked {
            topic,
            learned: progress.learned,
            total: progress.cards,
            needed_by,
        })
    }

    /// Whether `locked` waits on `topic` through unlearned requirements.
    fn blocks(&self, topic: usize, locked: usize, status: &[TopicStatus]) -> bool {
        let mut seen = vec![false; self.coll.topics.len()];
        let mut stack = vec![locked];
        while let Some(t) = stack.pop() {
            if t == topic {
                return true;
            }
            if std::mem::replace(&mut seen[t], true) {
                continue;
            }
            stack.extend(
                self.coll.topics[t]
                    .requires
                    .iter()
                    .filter(|&&r| status[r] != TopicStatus::Learned),
            );
        }
        false
    }
}

/// The reason in words, the same for both front ends: what stopped study and what the learner
/// can do about it. Empty while something can be studied.
pub fn explain(session: &super::Session, now: Timestamp) -> String {
    use crate::schedule::spoken_duration;
    let coll = &session.coll;
    let Some(idle) = session.why_idle(now) else {
        return String::new();
    };
    match idle {
        Idle::LearningDueIn(wait) => format!(
            "The next learning card comes back in {}; stay, or come back then.",
            spoken_duration(wait)
        ),
        Idle::LimitReached { new, reviews } => {
            let mut out = Vec::new();
            let says = |hit: LimitHit, what: &str, setting: &str| match hit.which {
                super::queue::LimitScope::Total => format!(
                    "Today's limit of {} {what} (all decks together) is reached; \
                     `{setting}` in config.ron raises it.",
                    hit.limit
                ),
                super::queue::LimitScope::Deck(d) => format!(
                    "The deck {} has reached its own limit of {} {what} today; \
                     `decks: {{\"{}\": ({setting}: ..)}}` in config.ron raises it.",
                    coll.decks[d].title, hit.limit, coll.decks[d].id
                ),
            };
            // Under `new_per_day: auto` the limit is the exam plan's pace: raising it would
            // mean giving the plan up, so the plan is named instead.
            let paced = session.paced_target().is_some();
            match new {
                Some(hit) if paced && hit.which == super::queue::LimitScope::Total => {
                    out.push(format!(
                        "Today's target of {} new cards from the exam plan is met \
                         (new_per_day: auto; `somadeck exam` shows the plan).",
                        hit.limit
                    ));
                }
                Some(hit) => out.push(says(hit, "new cards", "new_per_day")),
                None => {}
            }
            if let Some(hit) = reviews {
                out.push(says(hit, "reviews", "reviews_per_day"));
            }
            out.join(" ")
        }
        Idle::Locked {
            topic,
            learned,
            total,
            needed_by,
        } => {
            let t = &coll.topics[topic];
            let waiting: Vec<&str> = needed_by
                .iter()
                .take(3)
                .map(|&n| coll.topics[n].title.as_str())
                .collect();
            let more = needed_by.len().saturating_sub(waiting.len());
            let waiting = match (waiting.is_empty(), more) {
                (true, _) => String::new(),
                (false, 0) => format!(" {} wait on it.", waiting.join("; ")),
                (false, n) => format!(" {} and {n} more wait on it.", waiting.join("; ")),
            };
            format!(
                "What is left is locked until you learn \"{}\" (deck {}): {learned} of {total} \
                 cards learned so far; its cards come back as they fall due.{waiting} \
                 Know it already? Study a locked topic on its own from the topic map and \
                 answer its cards right the first time, or set `prerequisites: off`.",
                t.title, coll.decks[t.deck].id
            )
        }
        Idle::Done { next_due } => match next_due {
            Some(t) => format!(
                "Everything is done for now; the next card is due in {}.",
                spoken_duration(t.duration_since(now))
            ),
            None => "Everything in these decks is done, and nothing is scheduled yet.".to_string(),
        },
    }
}
