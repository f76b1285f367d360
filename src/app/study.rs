//! The study screen's state: the card in front of the learner, how far it has got (question,
//! typing, choosing, answer shown), the verdict, and the numbers for the header.

use jiff::Timestamp;

use super::input::Input;
use crate::answer::{Lexicon, Verdict};
use crate::schedule::{Grade, Phase, short_duration};
use crate::study::present::{self, Back, Mode, Prompt};
use crate::study::{Counts, ReviewKind, Session};

/// What the learner did to a typed or multiple-choice card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Judged {
    Typed { given: String, verdict: Verdict },
    Chose { chosen: usize, correct: usize },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    /// A card graded by the learner, front only.
    Front,
    Typing,
    Choosing,
    /// The back is shown; `None` after a plain reveal.
    Answer(Option<Judged>),
}

#[derive(Debug, Clone)]
pub struct Study {
    pub item: usize,
    pub kind: ReviewKind,
    /// What is being studied: a deck's title, "All decks".
    pub scope: String,
    pub deck_title: String,
    pub topic_title: Option<String>,
    pub prompt: Prompt,
    pub back: Back,
    pub stage: Stage,
    pub input: Input,
    /// The next interval each grade would give, Again to Easy; `None` in practice.
    pub intervals: Option<[String; 4]>,
    /// Lines the body is scrolled down.
    pub scroll: u16,
    /// Left today in scope, this card included.
    pub counts: Counts,
    /// Answered since this study run started.
    pub done: u32,
    pub practice: bool,
    pub flagged: bool,
    /// A cloze card: the back is the question's sentence with the gap filled in.
    pub cloze: bool,
}

/// The review kind an item's state implies (for an item shown again after undo).
pub fn kind_of(session: &Session, item: usize) -> ReviewKind {
    match session
        .progress
        .state(&session.coll.items[item].id)
        .map(|s| s.phase)
    {
        Some(Phase::Learning(_)) => ReviewKind::Learn,
        Some(Phase::Relearning(_)) => ReviewKind::Relearn,
        Some(Phase::Review) => ReviewKind::Review,
        Some(Phase::New) | None => ReviewKind::New,
    }
}

/// The shuffle seed for a card's options: fixed for the session, different across sessions.
pub fn choice_seed(started: Timestamp, item: usize) -> u64 {
    let t = started.as_second().cast_unsigned();
    t.rotate_left(21) ^ (item as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

impl Study {
    pub fn new(
        session: &Session,
        (item, kind): (usize, ReviewKind),
        scope: String,
        done: u32,
        now: Timestamp,
        seed: u64,
        counts: crate::study::Counts,
    ) -> Self {
        let coll = &session.coll;
        let prompt = present::prompt(coll, item, seed);
        let stage = match prompt.mode {
            Mode::Reveal => Stage::Front,
            Mode::Type { .. } => Stage::Typing,
            Mode::Choose { .. } => Stage::Choosing,
        };
        let id = &coll.items[item].id;
        let state = session.progress.state(id).cloned().unwrap_or_default();
        let intervals = (!session.is_practice())
            .then(|| session.sched.preview(id, &state, now).map(short_duration));
        Study {
            item,
            kind,
            scope,
            deck_title: coll.deck_of(item).title.clone(),
            topic_title: coll.items[item].topic.map(|t| coll.topics[t].title.clone()),
            back: present::back(coll, item),
            prompt,
            stage,
            input: Input::default(),
            intervals,
            scroll: 0,
            counts,
            done,
            practice: session.is_practice(),
            flagged: state.flagged,
            cloze: matches!(coll.card(item).kind, crate::deck::CardKind::Cloze { .. }),
        }
    }

    /// The grade Enter takes: from the verdict, or Good after a plain reveal.
    pub fn suggested(&self) -> Grade {
        match &self.stage {
            Stage::Answer(Some(Judged::Typed { verdict, .. })) => verdict.suggested(),
            Stage::Answer(Some(Judged::Chose { chosen, correct })) if chosen != correct => {
                Grade::Again
            }
            _ => Grade::Good,
        }
    }

    pub fn option_count(&self) -> usize {
        match &self.prompt.mode {
            Mode::Choose { options, .. } => options.len().min(9),
            _ => 0,
        }
    }

    pub fn revealed(&self) -> bool {
        matches!(self.stage, Stage::Answer(_))
    }

    /// Checks the typed answer and shows the back.
    pub fn submit(&mut self, lexicon: &Lexicon) {
        if let Mode::Type { accepted } = &self.prompt.mode {
            let given = self.input.text().to_string();
            let verdict = crate::answer::judge(&given, accepted, lexicon);
            self.stage = Stage::Answer(Some(Judged::Typed { given, verdict }));
            self.scroll = 0;
        }
    }

    pub fn choose(&mut self, chosen: usize) {
        if let Mode::Choose { options, correct } = &self.prompt.mode
            && chosen < options.len()
        {
            self.stage = Stage::Answer(Some(Judged::Chose {
                chosen,
                correct: *correct,
            }));
        }
    }
}
