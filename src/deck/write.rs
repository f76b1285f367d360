//! Writing a deck back out as RON, in the same format the loader reads.

use super::file::{CardFile, DeckOut, TopicFile};
use super::model::{Card, CardKind, Deck};

pub fn to_ron(deck: &Deck) -> String {
    let out = DeckOut {
        id: deck.id.clone(),
        title: deck.title.clone(),
        version: deck.version,
        authors: deck.authors.clone(),
        description: deck.description.clone(),
        licence: deck.licence.clone(),
        sources: deck.sources.clone(),
        topics: deck
            .topics
            .iter()
            .map(|t| TopicFile {
                id: t.id.clone(),
                title: t.title.clone(),
                requires: t.requires.clone(),
            })
            .collect(),
        cards: deck.cards.iter().map(card_file).collect(),
    };
    let pretty = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME)
        .indentor("    ".to_string());
    ron::ser::to_string_pretty(&out, pretty).unwrap_or_default()
}

fn card_file(c: &Card) -> CardFile {
    let mut f = CardFile {
        id: c.id.clone(),
        topic: c.topic.clone(),
        tags: c.tags.clone(),
        explain: Some(c.explain.clone()).filter(|s| !s.is_empty()),
        source: Some(c.source.clone()).filter(|s| !s.is_empty()),
        renamed_from: c.renamed_from.clone(),
        ..CardFile::default()
    };
    match &c.kind {
        CardKind::Basic {
            front,
            back,
            reverse,
        } => {
            f.front = Some(front.clone());
            f.back = Some(back.clone());
            f.reverse = reverse.then_some(true);
        }
        CardKind::Typed { front, answers } => {
            f.front = Some(front.clone());
            f.answers = Some(answers.clone());
        }
        CardKind::Choice {
            front,
            choices,
            correct,
        } => {
            f.front = Some(front.clone());
            f.choices = Some(choices.clone());
            f.correct = Some(correct.clone());
        }
        CardKind::Cloze { text, gap } => {
            f.cloze = Some(text.clone());
            f.gap = gap.map(|g| g.as_str().to_string());
        }
    }
    f
}
