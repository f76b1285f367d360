//! The deck model: what a deck file means once it has been read and checked.
//!
//! These types know nothing of files or positions; `load` builds them and `write` turns them
//! back into RON.

use std::collections::BTreeMap;

/// One deck: metadata, topics in teaching order, cards in teaching order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Deck {
    pub id: String,
    pub title: String,
    pub version: u32,
    pub authors: Vec<String>,
    pub description: String,
    pub licence: String,
    pub sources: BTreeMap<String, String>,
    pub topics: Vec<Topic>,
    pub cards: super::cards::Cards,
}

/// A sequence read into a vector of its announced length: serde's own grows by doubling from
/// a cautious guess, which at 100,000 cards held a 33 MB vector beside the 16 MB it was
/// copied from.
pub(crate) fn sized_vec<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    struct Seq<T>(std::marker::PhantomData<T>);
    impl<'de, T: serde::Deserialize<'de>> serde::de::Visitor<'de> for Seq<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a sequence")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            // A damaged length cannot ask for more than 64 MB up front.
            let most = (64 << 20) / std::mem::size_of::<T>().max(1);
            let mut v = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(most));
            while let Some(x) = seq.next_element()? {
                v.push(x);
            }
            Ok(v)
        }
    }
    d.deserialize_seq(Seq(std::marker::PhantomData))
}

/// A topic and the topics a learner must know first (`topic` in this deck or `deck/topic`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Topic {
    pub id: String,
    pub title: String,
    pub requires: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Card {
    pub id: String,
    pub topic: Option<String>,
    pub tags: Vec<String>,
    pub explain: String,
    pub source: String,
    /// Card ids this card was known by before (same deck): their progress carries over.
    pub renamed_from: Vec<String>,
    /// A picture shown with the card; always set on an occlusion card.
    pub picture: Option<Picture>,
    pub kind: CardKind,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CardKind {
    /// Reveal and grade yourself; `reverse` adds a back-to-front item.
    Basic {
        front: String,
        back: String,
        reverse: bool,
    },
    /// Type the answer; the first accepted answer is the one shown.
    Typed { front: String, answers: Vec<String> },
    /// Pick one of `choices`; `correct` is one of them.
    Choice {
        front: String,
        choices: Vec<String>,
        correct: String,
    },
    /// A sentence with `{{deletions}}`, one review item per deletion; `gap` is how a deletion
    /// is answered, as the author wrote it (`None`: the default, see `cloze::typed`).
    Cloze { text: String, gap: Option<Gap> },
    /// Name the covered region of the card's picture, one review item per region; with
    /// `locate`, also find each named region among numbered ones.
    Occlusion {
        prompt: Option<String>,
        regions: Vec<Region>,
        mode: Gap,
        locate: bool,
    },
}

/// The question an occlusion item asks when the author gives none.
pub const DEFAULT_OCCLUSION_PROMPT: &str = "What is the highlighted structure?";

/// How the learner answers a cloze deletion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Gap {
    /// Type the hidden words; judged like a typed answer.
    Type,
    /// Think, reveal, grade yourself.
    Reveal,
}

impl Gap {
    /// The value of the `gap` field: `"type"` or `"reveal"`.
    pub fn parse(s: &str) -> Option<Gap> {
        match s {
            "type" => Some(Gap::Type),
            "reveal" => Some(Gap::Reveal),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Gap::Type => "type",
            Gap::Reveal => "reveal",
        }
    }
}

/// Which side or part of a card a review item drills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Variant {
    Forward,
    Reverse,
    /// The n-th deletion of a cloze, counted from 1.
    Deletion(u16),
    /// Name the n-th region of an occlusion card (from 0).
    Region(u16),
    /// Find the n-th region of an occlusion card among numbered ones (from 0).
    Locate(u16),
}

impl Variant {
    /// The region a region or locate item drills.
    pub fn region(self) -> Option<usize> {
        match self {
            Variant::Region(n) | Variant::Locate(n) => Some(usize::from(n)),
            _ => None,
        }
    }
}

impl Card {
    /// The review items this card yields, in order.
    pub fn variants(&self) -> Vec<Variant> {
        match &self.kind {
            CardKind::Basic { reverse: true, .. } => vec![Variant::Forward, Variant::Reverse],
            CardKind::Cloze { text, .. } => {
                let n = crate::deck::cloze::deletions(text).map_or(0, |d| d.len());
                (1..=n)
                    .map(|i| Variant::Deletion(u16::try_from(i).unwrap_or(u16::MAX)))
                    .collect()
            }
            CardKind::Occlusion {
                regions, locate, ..
            } => {
                let n = u16::try_from(regions.len()).unwrap_or(u16::MAX);
                let names = (0..n).map(Variant::Region);
                let finds = (0..n).map(Variant::Locate).filter(|_| *locate);
                names.chain(finds).collect()
            }
            _ => vec![Variant::Forward],
        }
    }

    /// The suffix that makes a review item's id from the card's full id: `#reverse`, `#2` for
    /// a cloze deletion, `#pterion` and `#where-pterion` for a region (by its id, so moving or
    /// reordering regions keeps progress).
    pub fn suffix(&self, v: Variant) -> String {
        match (v, &self.kind) {
            (Variant::Forward, _) => String::new(),
            (Variant::Reverse, _) => "#reverse".to_string(),
            (Variant::Deletion(n), _) => format!("#{n}"),
            (Variant::Region(n), CardKind::Occlusion { regions, .. }) => regions
                .get(usize::from(n))
                .map_or_else(|| format!("#{n}"), |r| format!("#{}", r.id)),
            (Variant::Locate(n), CardKind::Occlusion { regions, .. }) => regions
                .get(usize::from(n))
                .map_or_else(|| format!("#where-{n}"), |r| format!("#where-{}", r.id)),
            (Variant::Region(n), _) => format!("#{n}"),
            (Variant::Locate(n), _) => format!("#where-{n}"),
        }
    }

    /// A short label for lists: the front, or the cloze text.
    pub fn prompt_text(&self) -> &str {
        match &self.kind {
            CardKind::Basic { front, .. }
            | CardKind::Typed { front, .. }
            | CardKind::Choice { front, .. } => front,
            CardKind::Cloze { text, .. } => text,
            CardKind::Occlusion { prompt, .. } => {
                prompt.as_deref().unwrap_or(DEFAULT_OCCLUSION_PROMPT)
            }
        }
    }

    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            CardKind::Basic { .. } => "basic",
            CardKind::Typed { .. } => "typed",
            CardKind::Choice { .. } => "choice",
            CardKind::Cloze { .. } => "cloze",
            CardKind::Occlusion { .. } => "occlusion",
        }
    }
}

impl Deck {
    /// The number of review items (a reversed card counts twice, a cloze once per deletion).
    pub fn item_count(&self) -> usize {
        (0..self.cards.len())
            .map(|i| self.cards.item_count(i))
            .sum()
    }

    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.id == id)
    }

    /// The citation a card's `source` refers to, with `@key` expanded.
    pub fn cite(&self, source: &str) -> String {
        if let Some(rest) = source.strip_prefix('@') {
            let (key, locator) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            if let Some(full) = self.sources.get(key) {
                let locator = locator.trim();
                return if locator.is_empty() {
                    full.clone()
                } else {
                    format!("{full}, {locator}")
                };
            }
        }
        source.to_string()
    }
}

/// A picture shown with a card: a file beside the deck (or built in), with a text description
/// for line mode, screen readers and terminals that cannot draw it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Picture {
    /// The path as written in the deck, relative to the deck file (`images/skull-lateral.svg`).
    pub file: String,
    pub alt: String,
    /// Shown with the answer rather than with the question (`image_on: "back"`).
    pub on_back: bool,
    /// The image's own width and height (SVG user units or PNG pixels), which regions use;
    /// `(0, 0)` until the file has been read (`deck::pictures`).
    pub size: (u32, u32),
    /// Where the bytes are: a built-in picture's key (`images/x.svg`), or the file's path.
    pub at: String,
    pub builtin: bool,
}

/// A named place on a picture: one occlusion item ("What is the highlighted structure?").
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Region {
    pub id: String,
    /// The answer shown, and the first accepted.
    pub label: String,
    /// Other accepted answers.
    pub alternatives: Vec<String>,
    /// Where the region is, in words, for line mode and screen readers.
    pub hint: Option<String>,
    pub shape: Shape,
}

/// A region's outline, in the image's own coordinates (origin top left, y downwards).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Shape {
    Rect { x: u32, y: u32, w: u32, h: u32 },
    Ellipse { cx: u32, cy: u32, rx: u32, ry: u32 },
}

impl Shape {
    /// The smallest rectangle holding the shape: (left, top, right, bottom).
    pub fn bounds(self) -> (u32, u32, u32, u32) {
        match self {
            Shape::Rect { x, y, w, h } => (x, y, x.saturating_add(w), y.saturating_add(h)),
            Shape::Ellipse { cx, cy, rx, ry } => (
                cx.saturating_sub(rx),
                cy.saturating_sub(ry),
                cx.saturating_add(rx),
                cy.saturating_add(ry),
            ),
        }
    }

    /// The centre, where a marker is placed.
    pub fn centre(self) -> (u32, u32) {
        let (l, t, r, b) = self.bounds();
        (l + (r - l) / 2, t + (b - t) / 2)
    }
}
