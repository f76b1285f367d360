//! A deck's cards: a vector, or (for a deck read from the deck cache) each card's encoded
//! bytes, decoded the first time the card is asked for. Opening 100,000 cards decoded every
//! field of every card, a third of start-up and most of its memory, though a study session
//! shows a few hundred; what the queue needs of every card (its id, topic and how many review
//! items it has) is kept apart, in [`Head`]s, and read without decoding the card.

use std::sync::{Arc, OnceLock};

use super::card_heads::{Bodies, INDEX_ENTRY, body_sum, index_entry};
pub use super::card_heads::{Head, Heads, Shape};
use super::model::{Card, CardKind};

#[derive(Default, Clone)]
pub struct Cards {
    repr: Repr,
}

#[derive(Clone)]
enum Repr {
    Owned(Vec<Card>),
    Lazy(Box<Lazy>),
}

impl Default for Repr {
    fn default() -> Self {
        Repr::Owned(Vec::new())
    }
}

/// Cards kept encoded: their heads, and their bodies decoded on first use.
#[derive(Clone)]
struct Lazy {
    heads: Heads,
    /// Each card's index entry (where its encoding ends, and its hash), then the encodings.
    bodies: Bodies,
    /// The length of `bodies`.
    len: usize,
    /// The decoded cards, in blocks of [`BLOCK`] made when a card of theirs is first asked
    /// for: a cell per card, made up front, was 1.6 MB of fresh memory at 100,000 cards.
    blocks: Vec<OnceLock<Block>>,
    /// The print of the deck's item ids, as the cache entry the cards were read from knew it
    /// (see `item_ids`).
    items_print: Option<super::item_ids::Print>,
}

/// The cells of [`BLOCK`] cards, each filled when its card is decoded.
type Block = Box<[OnceLock<Box<Card>>]>;

/// How many cards' cells are made at once.
const BLOCK: usize = 256;

impl Lazy {
    fn new(heads: Heads, bodies: Bodies, len: usize) -> Self {
        let blocks = heads.len().div_ceil(BLOCK);
        Lazy {
            heads,
            bodies,
            len,
            blocks: std::iter::repeat_with(OnceLock::new).take(blocks).collect(),
            items_print: None,
        }
    }

    fn cell(&self, i: usize) -> &OnceLock<Box<Card>> {
        let block = self.blocks[i / BLOCK]
            .get_or_init(|| std::iter::repeat_with(OnceLock::new).take(BLOCK).collect());
        &block[i % BLOCK]
    }

    /// Whether card `i` has been decoded.
    #[cfg(test)]
    fn decoded(&self, i: usize) -> bool {
        self.blocks[i / BLOCK]
            .get()
            .is_some_and(|b| b[i % BLOCK].get().is_some())
    }

    fn card(&self, i: usize) -> &Card {
        self.cell(i).get_or_init(|| {
            let decoded = self
                .encoding(i)
                .and_then(|bytes| postcard::from_bytes::<Card>(&bytes).ok());
            Box::new(decoded.unwrap_or_else(|| unreadable(self.heads.head(i))))
        })
    }

    /// Card `i`'s encoding, when its index entry holds together and its hash matches.
    fn encoding(&self, i: usize) -> Option<std::borrow::Cow<'_, [u8]>> {
        let n = self.heads.len();
        let (start, (end, sum)) = if i == 0 {
            (0, index_entry(&self.bodies.read(0..INDEX_ENTRY)?))
        } else {
            let two = self
                .bodies
                .read((i - 1) * INDEX_ENTRY..(i + 1) * INDEX_ENTRY)?;
            (index_entry(&two).0, index_entry(&two[INDEX_ENTRY..]))
        };
        let base = n * INDEX_ENTRY;
        let (start, end) = (start as usize, end as usize);
        if start > end || base + end > self.len {
            return None;
        }
        let bytes = self.bodies.read(base + start..base + end)?;
        (body_sum(&bytes) == sum).then_some(bytes)
    }
}

/// What stands in for a card whose bytes cannot be read or do not match their hash (a cache
/// file damaged on disk): the learner is told what to do rather than the app stopping.
fn unreadable(head: Head<'_>) -> Card {
    Card {
        id: head.id.to_string(),
        topic: head.topic.map(str::to_string),
        tags: Vec::new(),
        explain: String::new(),
        source: String::new(),
        renamed_from: Vec::new(),
        picture: None,
        kind: CardKind::Basic {
            front: "This card could not be read from the deck cache. Quit, delete the \
                    `cache` folder in somadeck's data folder, and start again."
                .to_string(),
            back: String::new(),
            reverse: false,
        },
    }
}

impl Cards {
    pub fn new() -> Self {
        Cards::default()
    }

    pub fn len(&self) -> usize {
        match &self.repr {
            Repr::Owned(v) => v.len(),
            Repr::Lazy(l) => l.heads.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, i: usize) -> Option<&Card> {
        match &self.repr {
            Repr::Owned(v) => v.get(i),
            Repr::Lazy(l) => (i < l.heads.len()).then(|| l.card(i)),
        }
    }

    /// What the collection needs of card `i`, without decoding it.
    pub fn head(&self, i: usize) -> Head<'_> {
        match &self.repr {
            Repr::Owned(v) => Head::of(&v[i]),
            Repr::Lazy(l) => l.heads.head(i),
        }
    }

    /// Calls `f` with each card's index and head in order, and, for cards kept encoded, which
    /// of [`Cards::topic_names`] it names.
    pub fn for_each_head(&self, mut f: impl FnMut(usize, Head<'_>, Option<usize>)) {
        match &self.repr {
            Repr::Owned(v) => {
                for (i, c) in v.iter().enumerate() {
                    f(i, Head::of(c), None);
                }
            }
            Repr::Lazy(l) => {
                for (i, (head, topic)) in l.heads.all().enumerate() {
                    f(i, head, topic);
                }
            }
        }
    }

    /// The topics cards name, each once, when the cards are kept encoded: then
    /// [`Cards::for_each_head`] says which of them each card names, without comparing names.
    pub fn topic_names(&self) -> Option<&[String]> {
        match &self.repr {
            Repr::Owned(_) => None,
            Repr::Lazy(l) => Some(l.heads.topic_names()),
        }
    }

    /// The length of every card's id, together.
    pub fn ids_len(&self) -> usize {
        match &self.repr {
            Repr::Owned(v) => v.iter().map(|c| c.id.len()).sum(),
            Repr::Lazy(l) => l.heads.names.len(),
        }
    }

    /// The review items card `i` yields, decoding it only when its head cannot tell.
    pub fn item_count(&self, i: usize) -> usize {
        match self.head(i).shape {
            Shape::Forward => 1,
            Shape::ForwardReverse => 2,
            Shape::Other => self[i].variants().len(),
        }
    }

    /// The cards that list ids they had before.
    pub fn renamed(&self) -> Box<dyn Iterator<Item = &Card> + '_> {
        match &self.repr {
            Repr::Owned(v) => Box::new(v.iter().filter(|c| !c.renamed_from.is_empty())),
            Repr::Lazy(l) => Box::new(l.heads.renamed().map(|i| l.card(i))),
        }
    }

    pub fn iter(&self) -> Iter<'_> {
        Iter {
            cards: self,
            range: 0..self.len(),
        }
    }

    /// The cards as a vector, decoding any still encoded.
    fn owned(&mut self) -> &mut Vec<Card> {
        if let Repr::Lazy(l) = &self.repr {
            let all = (0..l.heads.len()).map(|i| l.card(i).clone()).collect();
            self.repr = Repr::Owned(all);
        }
        match &mut self.repr {
            Repr::Owned(v) => v,
            Repr::Lazy(_) => unreachable!("made owned above"),
        }
    }

    pub fn push(&mut self, card: Card) {
        self.owned().push(card);
    }

    pub fn retain(&mut self, f: impl FnMut(&Card) -> bool) {
        self.owned().retain(f);
    }

    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, Card> {
        self.owned().iter_mut()
    }

    /// The heads and encoded bodies, for the deck cache.
    pub fn encode(&self) -> (Heads, Vec<u8>) {
        match &self.repr {
            Repr::Owned(v) => Heads::encode(v),
            Repr::Lazy(l) => match &l.bodies {
                Bodies::Memory(b) => (l.heads.clone(), b.as_ref().clone()),
                Bodies::File { .. } => {
                    let all: Vec<Card> = self.iter().cloned().collect();
                    Heads::encode(&all)
                }
            },
        }
    }

    /// Cards from their heads and encoded bodies (as [`Cards::encode`] made them: an index,
    /// then the encodings); `None` when they do not fit together.
    pub fn decode(heads: Heads, bodies: Vec<u8>) -> Option<Cards> {
        let len = bodies.len() as u64;
        Self::lazy(heads, Bodies::Memory(Arc::new(bodies)), len)
    }

    /// As [`Cards::decode`], with the bodies the `len` bytes of `file` from offset `at`, read
    /// a card at a time when asked for.
    pub fn in_file(heads: Heads, file: std::fs::File, at: u64, len: u64) -> Option<Cards> {
        let file = Arc::new(file);
        Self::lazy(heads, Bodies::File { file, at }, len)
    }

    /// These cards, with the print of their deck's item ids known (from a cache entry made
    /// with the deck); cards in memory work it out when asked.
    pub fn with_items_print(mut self, print: super::item_ids::Print) -> Cards {
        if let Repr::Lazy(l) = &mut self.repr {
            l.items_print = Some(print);
        }
        self
    }

    /// The print of the deck's item ids, when known without reading every card.
    pub fn items_print(&self) -> Option<super::item_ids::Print> {
        match &self.repr {
            Repr::Owned(_) => None,
            Repr::Lazy(l) => l.items_print,
        }
    }

    /// Checked as far as can be without reading every card: the heads hold together, and the
    /// last card's encoding ends where the bodies do. Each card's own entry is checked when
    /// it is decoded.
    fn lazy(heads: Heads, bodies: Bodies, len: u64) -> Option<Cards> {
        let n = heads.len();
        let index = (n * INDEX_ENTRY) as u64;
        let last_end = match n {
            0 => 0,
            _ => {
                let at = (n - 1) * INDEX_ENTRY;
                u64::from(index_entry(&bodies.read(at..at + INDEX_ENTRY)?).0)
            }
        };
        let fits = heads.sound() && len.checked_sub(index) == Some(last_end);
        let len = usize::try_from(len).ok()?;
        fits.then(|| Cards {
            repr: Repr::Lazy(Box::new(Lazy::new(heads, bodies, len))),
        })
    }
}

/// The cards in order, each decoded as it is reached.
#[derive(Clone)]
pub struct Iter<'a> {
    cards: &'a Cards,
    range: std::ops::Range<usize>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a Card;
    fn next(&mut self) -> Option<&'a Card> {
        let i = self.range.next()?;
        self.cards.get(i)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.range.size_hint()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let i = self.range.next_back()?;
        self.cards.get(i)
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a Cards {
    type Item = &'a Card;
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl<'a> IntoIterator for &'a mut Cards {
    type Item = &'a mut Card;
    type IntoIter = std::slice::IterMut<'a, Card>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

impl std::ops::Index<usize> for Cards {
    type Output = Card;
    fn index(&self, i: usize) -> &Card {
        match self.get(i) {
            Some(c) => c,
            None => panic!("card {i} of {}", self.len()),
        }
    }
}

impl std::ops::IndexMut<usize> for Cards {
    fn index_mut(&mut self, i: usize) -> &mut Card {
        &mut self.owned()[i]
    }
}

impl From<Vec<Card>> for Cards {
    fn from(v: Vec<Card>) -> Self {
        Cards {
            repr: Repr::Owned(v),
        }
    }
}

impl FromIterator<Card> for Cards {
    fn from_iter<I: IntoIterator<Item = Card>>(iter: I) -> Self {
        Cards::from(iter.into_iter().collect::<Vec<_>>())
    }
}

impl PartialEq for Cards {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Cards {}

impl PartialEq<Vec<Card>> for Cards {
    fn eq(&self, other: &Vec<Card>) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl std::fmt::Debug for Cards {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// As a sequence of cards: what a deck is anywhere but in the deck cache, which keeps heads
/// and bodies itself ([`Cards::encode`]).
impl serde::Serialize for Cards {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> serde::Deserialize<'de> for Cards {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Cards::from(super::model::sized_vec::<D, Card>(d)?))
    }
}

#[cfg(test)]
#[path = "tests_cards.rs"]
mod tests;
