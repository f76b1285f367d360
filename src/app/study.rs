//! The study screen's state: the turn in front of the learner (shared with line mode), the
//! answer box, and the numbers for the header.

use jiff::Timestamp;

use super::input::Input;
use crate::deck::model::{Picture, Region};
use std::borrow::Cow;

use crate::picture::{Format, Overlay};
use crate::schedule::{Grade, short_duration};
use crate::study::collection::Collection;
use crate::study::picture_items;
use crate::study::present::{Back, Mode, Prompt};
use crate::study::{Counts, Judged, Session, Turn};

/// Where the card is, as the keys see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    /// The front, with the answer box (typed cards, and cards the learner grades themselves).
    Typing,
    /// A multiple-choice card before an option is picked.
    Choosing,
    /// The back is shown, with what the learner did.
    Answer(Judged),
}

#[derive(Debug, Clone)]
pub struct Study {
    pub turn: Turn,
    /// What is being studied: a deck's title, "All decks".
    pub scope: String,
    pub deck_title: String,
    pub topic_title: Option<String>,
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
    pub cram: bool,
    pub flagged: bool,
    /// The note for the deck's author being typed, while flagging asks for one.
    pub note: Option<Input>,
    /// A cloze card: the back is the question's sentence with the gap filled in.
    pub cloze: bool,
    /// The card's picture, with what is drawn over it at the question and at the answer.
    pub picture: Option<StudyPicture>,
    /// A locate item: the options are the numbers the picture's regions carry.
    pub locate: bool,
}

/// A picture as the study screen shows it; the overlays are worked out once per card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudyPicture {
    pub picture: Picture,
    pub regions: Vec<Region>,
    /// `None` when the picture comes only with the answer.
    pub front: Option<Overlay>,
    pub back: Overlay,
    pub format: Format,
    /// The picture's file, read once per card (an error draws the description instead).
    pub bytes: Result<Cow<'static, [u8]>, String>,
}

impl StudyPicture {
    fn of(coll: &Collection, turn: &Turn) -> Option<Self> {
        let back = picture_items::shown(coll, turn.item, turn.seed, true)?;
        let front = picture_items::shown(coll, turn.item, turn.seed, false).map(|s| s.overlay);
        let format = crate::picture::probe::format_of(&back.picture.file).ok()?;
        Some(StudyPicture {
            format,
            bytes: crate::picture::source::bytes(back.picture),
            picture: back.picture.clone(),
            regions: back.regions.to_vec(),
            front,
            back: back.overlay,
        })
    }
}

impl Study {
    /// The study screen for `turn`, with what is left today already known (from the plan that
    /// chose the turn: a second pass over the collection cost as much as the first).
    pub fn new(
        session: &Session,
        turn: Turn,
        scope: String,
        done: u32,
        now: Timestamp,
        counts: crate::study::Counts,
    ) -> Self {
        let coll = &session.coll;
        let item = turn.item;
        let id = coll.id(item);
        let state = session.state(item).cloned().unwrap_or_default();
        let intervals = (!session.is_practice())
            .then(|| session.sched.preview(id, &state, now).map(short_duration));
        Study {
            scope,
            deck_title: coll.deck_of(item).title.clone(),
            topic_title: coll.items[item]
                .topic()
                .map(|t| coll.topics[t].title.clone()),
            input: Input::default(),
            intervals,
            scroll: 0,
            counts,
            done,
            practice: session.is_practice(),
            cram: session.is_cram(),
            flagged: state.flagged,
            note: None,
            cloze: matches!(coll.card(item).kind, crate::deck::CardKind::Cloze { .. }),
            picture: StudyPicture::of(coll, &turn),
            locate: turn.is_locate(coll),
            turn,
        }
    }

    pub fn item(&self) -> usize {
        self.turn.item
    }

    pub fn prompt(&self) -> &Prompt {
        &self.turn.prompt
    }

    pub fn back(&self) -> &Back {
        &self.turn.back
    }

    pub fn stage(&self) -> Stage {
        match self.turn.judged() {
            Some(j) => Stage::Answer(j.clone()),
            None if self.turn.is_choice() => Stage::Choosing,
            None => Stage::Typing,
        }
    }

    /// A card the learner grades themselves (not typed, not multiple choice).
    pub fn self_graded(&self) -> bool {
        matches!(self.turn.prompt.mode, Mode::Reveal)
    }

    /// The grade Enter takes: from the verdict, or Good after a plain reveal.
    pub fn suggested(&self) -> Grade {
        self.turn.suggested()
    }

    pub fn option_count(&self) -> usize {
        self.turn.options().len()
    }

    pub fn revealed(&self) -> bool {
        self.turn.revealed()
    }

    /// The picture and what covers it now, when there is one to show.
    pub fn shown_picture(&self) -> Option<(&StudyPicture, &Overlay)> {
        let p = self.picture.as_ref()?;
        if self.revealed() {
            Some((p, &p.back))
        } else {
            p.front.as_ref().map(|o| (p, o))
        }
    }
}
