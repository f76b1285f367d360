//! What the deck cache keeps of every card besides its encoding: the head (id, topic, how
//! many review items), the offsets and hashes of the encoded cards, and where those are.

use std::sync::Arc;

use super::model::{Card, CardKind};

/// The review items a card yields, as far as its head tells: one, a front and a reverse, or
/// whatever the card itself says (cloze and occlusion cards).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Forward,
    ForwardReverse,
    Other,
}

impl Shape {
    pub(super) fn of(card: &Card) -> Shape {
        match &card.kind {
            CardKind::Basic { reverse: true, .. } => Shape::ForwardReverse,
            CardKind::Basic { .. } | CardKind::Typed { .. } | CardKind::Choice { .. } => {
                Shape::Forward
            }
            _ => Shape::Other,
        }
    }

    fn code(self) -> u8 {
        self as u8
    }

    fn from_code(c: u8) -> Shape {
        match c {
            0 => Shape::Forward,
            1 => Shape::ForwardReverse,
            _ => Shape::Other,
        }
    }
}

/// What the collection needs of every card, read without decoding it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Head<'a> {
    pub id: &'a str,
    pub topic: Option<&'a str>,
    pub shape: Shape,
}

/// Every card's postcard encoding, one after another (`heads.body_ends` says where each ends):
/// in memory, or in a file from a given offset, read one card at a time. The deck cache
/// replaces its files by renaming new ones over them, so an open file keeps its bytes.
#[derive(Clone)]
pub(super) enum Bodies {
    Memory(Arc<Vec<u8>>),
    File { file: Arc<std::fs::File>, at: u64 },
}

impl Bodies {
    pub(super) fn read(&self, range: std::ops::Range<usize>) -> Option<std::borrow::Cow<'_, [u8]>> {
        match self {
            Bodies::Memory(b) => b.get(range).map(std::borrow::Cow::Borrowed),
            Bodies::File { file, at } => {
                let mut buf = vec![0; range.len()];
                read_at(file, at + range.start as u64, &mut buf).ok()?;
                Some(std::borrow::Cow::Owned(buf))
            }
        }
    }
}

#[cfg(unix)]
fn read_at(file: &std::fs::File, at: u64, buf: &mut [u8]) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    file.read_exact_at(buf, at)
}

#[cfg(windows)]
fn read_at(file: &std::fs::File, mut at: u64, mut buf: &mut [u8]) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, at)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut std::mem::take(&mut buf)[n..];
                at += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(not(any(unix, windows)))]
fn read_at(_: &std::fs::File, _: u64, _: &mut [u8]) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// The heads of every card, and where each card's encoding ends: what the deck cache keeps
/// in front of the encoded cards.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Heads {
    /// Every card's id, one after another.
    pub(super) names: String,
    pub(super) id_ends: Vec<u32>,
    /// The topics cards name, and each card's (`u32::MAX`: none).
    pub(super) topic_names: Vec<String>,
    pub(super) topics: Vec<u32>,
    pub(super) shapes: Vec<u8>,
    /// Cards that list ids they had before (`renamed_from`).
    pub(super) renamed: Vec<u32>,
    pub(super) body_ends: Vec<u32>,
    /// A hash of each card's encoding, checked before it is decoded.
    pub(super) sums: Vec<u32>,
}

pub(super) fn body_sum(bytes: &[u8]) -> u32 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(bytes);
    h.finish() as u32
}

pub(super) fn span(ends: &[u32], i: usize) -> std::ops::Range<usize> {
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    start..ends[i] as usize
}

fn offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Heads {
    pub(super) fn len(&self) -> usize {
        self.id_ends.len()
    }

    pub(super) fn head(&self, i: usize) -> Head<'_> {
        Head {
            id: self.names.get(span(&self.id_ends, i)).unwrap_or(""),
            topic: self
                .topic_names
                .get(self.topics[i] as usize)
                .map(String::as_str),
            shape: Shape::from_code(self.shapes[i]),
        }
    }

    /// Whether the offsets hold together (a damaged cache entry must not index out of range).
    pub(super) fn sound(&self) -> bool {
        let n = self.len();
        let ascending = |ends: &[u32], limit: usize| {
            let mut at = 0;
            ends.iter().all(|&e| {
                let ok = e >= at && e as usize <= limit;
                at = e;
                ok
            })
        };
        self.topics.len() == n
            && self.shapes.len() == n
            && self.body_ends.len() == n
            && self.sums.len() == n
            && ascending(&self.id_ends, self.names.len())
            && self
                .id_ends
                .iter()
                .all(|&e| self.names.is_char_boundary(e as usize))
            && self
                .topics
                .iter()
                .all(|&t| t == u32::MAX || (t as usize) < self.topic_names.len())
            && self.renamed.iter().all(|&r| (r as usize) < n)
            && ascending(&self.body_ends, usize::MAX)
    }

    /// The heads of `cards` and their encodings.
    pub(super) fn encode(cards: &[Card]) -> (Heads, Vec<u8>) {
        let mut h = Heads::default();
        let mut bodies = Vec::new();
        let mut topic_ix: rustc_hash::FxHashMap<&str, u32> = Default::default();
        for (i, c) in cards.iter().enumerate() {
            h.names.push_str(&c.id);
            h.id_ends.push(offset(h.names.len()));
            let t = c.topic.as_deref().map_or(u32::MAX, |t| {
                *topic_ix.entry(t).or_insert_with(|| {
                    h.topic_names.push(t.to_string());
                    offset(h.topic_names.len() - 1)
                })
            });
            h.topics.push(t);
            h.shapes.push(Shape::of(c).code());
            if !c.renamed_from.is_empty() {
                h.renamed.push(offset(i));
            }
            // A card of the model always encodes; were it not to, the card reads back as
            // damaged rather than taking another's bytes.
            let b = postcard::to_stdvec(c).unwrap_or_default();
            h.sums.push(body_sum(&b));
            bodies.extend_from_slice(&b);
            h.body_ends.push(offset(bodies.len()));
        }
        (h, bodies)
    }
}
