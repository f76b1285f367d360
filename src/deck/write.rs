//! Writing a deck back out as RON, in the same format the loader reads.

use super::file::{CardFile, DeckOut, RegionFile, TopicFile};
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
    if let Some(p) = &c.picture {
        f.image = Some(p.file.clone());
        f.alt = Some(p.alt.clone());
        f.image_on = p.on_back.then(|| "back".to_string());
    }
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
        CardKind::Occlusion {
            prompt,
            regions,
            mode,
            locate,
        } => {
            f.prompt.clone_from(prompt);
            f.mode = (*mode != super::model::Gap::Type).then(|| mode.as_str().to_string());
            f.locate = locate.then_some(true);
            f.regions = Some(
                regions
                    .iter()
                    .map(|r| RegionFile {
                        id: r.id.clone(),
                        label: r.label.clone(),
                        alternatives: r.alternatives.clone(),
                        hint: r.hint.clone(),
                        shape: r.shape,
                    })
                    .collect(),
            );
        }
    }
    f
}
