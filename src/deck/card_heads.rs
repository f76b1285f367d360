//! What the deck cache keeps of every card besides its encoding: the head (id, topic, how
//! many review items), the offsets and hashes of the encoded cards, and where those are.

use std::sync::Arc;

use super::model::{Card, CardKind};
use crate::file_bytes::Bytes;

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

impl<'a> Head<'a> {
    /// The head of a card in memory.
    pub fn of(card: &'a Card) -> Head<'a> {
        Head {
            id: &card.id,
            topic: card.topic.as_deref(),
            shape: Shape::of(card),
        }
    }
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

/// The heads of every card, in the form the deck cache keeps them and reads them back in place:
/// the ids in one string, and a table of fixed-width fields (no decoding per card). At
/// 100,000 cards, decoding seven vectors of variable-length numbers was a fifth of opening.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Heads {
    /// Every card's id, one after another (UTF-8, checked when the heads are made).
    pub(super) names: Bytes,
    /// Where each card's id ends in `names` (u32, little endian, one per card), then each
    /// card's topic as an index of `meta.topic_names` (u32; `u32::MAX`: none), then each
    /// card's shape (one byte).
    pub(super) table: Bytes,
    pub(super) meta: HeadsMeta,
}

/// What the heads hold besides the ids and the table: small, kept in the cache entry's header.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HeadsMeta {
    pub(super) count: u32,
    pub(super) names_len: u64,
    /// The topics cards name.
    pub(super) topic_names: Vec<String>,
    /// Cards that list ids they had before (`renamed_from`).
    pub(super) renamed: Vec<u32>,
}

/// The bytes of a field of the table: `u32` little endian at `at`.
fn u32_at(bytes: &[u8], at: usize) -> u32 {
    match bytes.get(at..at + 4) {
        Some(b) => u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
        None => u32::MAX,
    }
}

pub(super) fn body_sum(bytes: &[u8]) -> u32 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(bytes);
    h.finish() as u32
}

fn offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The width of one card's entry in the index in front of the bodies: where its encoding
/// ends (u32) and the hash of that encoding (u32), little endian.
pub(super) const INDEX_ENTRY: usize = 8;

impl Heads {
    pub(super) fn len(&self) -> usize {
        self.meta.count as usize
    }

    fn id_end(&self, i: usize) -> usize {
        u32_at(&self.table, 4 * i) as usize
    }

    fn topic(&self, i: usize) -> u32 {
        u32_at(&self.table, 4 * (self.len() + i))
    }

    fn shape(&self, i: usize) -> Shape {
        Shape::from_code(
            self.table
                .get(8 * self.len() + i)
                .copied()
                .unwrap_or(u8::MAX),
        )
    }

    pub(super) fn head(&self, i: usize) -> Head<'_> {
        debug_assert!(i < self.len(), "card {i} of {}", self.len());
        let start = if i == 0 { 0 } else { self.id_end(i - 1) };
        Head {
            id: self
                .names
                .get(start..self.id_end(i))
                .and_then(|id| std::str::from_utf8(id).ok())
                .unwrap_or(""),
            topic: self
                .meta
                .topic_names
                .get(self.topic(i) as usize)
                .map(String::as_str),
            shape: self.shape(i),
        }
    }

    /// Every card's head and the index of its topic in [`Heads::topic_names`], in order. The
    /// ids are checked as text once for them all, and the table is read where it lies: at
    /// 100,000 cards, doing both card by card was a fifth of building the collection.
    pub(super) fn all(&self) -> impl Iterator<Item = (Head<'_>, Option<usize>)> + '_ {
        let names = std::str::from_utf8(&self.names).unwrap_or("");
        let table: &[u8] = &self.table;
        let n = self.len();
        let topic_names = &self.meta.topic_names;
        let mut start = 0;
        (0..n).map(move |i| {
            let end = u32_at(table, 4 * i) as usize;
            let id = names.get(start..end).unwrap_or("");
            start = end;
            let t = u32_at(table, 4 * (n + i)) as usize;
            let topic = topic_names.get(t);
            let shape = Shape::from_code(table.get(8 * n + i).copied().unwrap_or(u8::MAX));
            let head = Head {
                id,
                topic: topic.map(String::as_str),
                shape,
            };
            (head, topic.map(|_| t))
        })
    }

    pub(super) fn topic_names(&self) -> &[String] {
        &self.meta.topic_names
    }

    pub(super) fn renamed(&self) -> impl Iterator<Item = usize> + '_ {
        self.meta.renamed.iter().map(|&r| r as usize)
    }

    /// Whether the parts hold together (a damaged cache entry must not index out of range).
    pub(super) fn sound(&self) -> bool {
        let n = self.len();
        // The parts looked up once: each lookup of a part checks where it lies.
        let (names, table): (&[u8], &[u8]) = (&self.names, &self.table);
        if table.len() != 9 * n || names.len() as u64 != self.meta.names_len {
            return false;
        }
        let (ends, rest) = table.split_at(4 * n);
        let topics = &rest[..4 * n];
        let word = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        // In ASCII text (nearly every deck's ids) every byte starts a character.
        let ascii = names.is_ascii();
        let mut at = 0;
        let ids = ends.chunks_exact(4).all(|e| {
            let e = word(e) as usize;
            let ok = e >= at && e <= names.len() && (ascii || is_char_boundary(names, e));
            at = e;
            ok
        });
        let known = self.meta.topic_names.len();
        ids && topics.chunks_exact(4).all(|t| {
            let t = word(t);
            t == u32::MAX || (t as usize) < known
        }) && self.meta.renamed.iter().all(|&r| (r as usize) < n)
    }

    /// The heads of `cards`, and their encodings behind an index of where each ends and its
    /// hash ([`INDEX_ENTRY`] bytes per card).
    pub(super) fn encode(cards: &[Card]) -> (Heads, Vec<u8>) {
        let n = cards.len();
        let mut h = Heads::default();
        let mut names = String::new();
        let mut table = vec![0; 9 * n];
        h.meta.count = offset(n);
        let mut index = Vec::with_capacity(INDEX_ENTRY * n);
        let mut bodies = Vec::new();
        let mut topic_ix: rustc_hash::FxHashMap<&str, u32> = Default::default();
        for (i, c) in cards.iter().enumerate() {
            names.push_str(&c.id);
            let end = offset(names.len());
            let t = c.topic.as_deref().map_or(u32::MAX, |t| {
                *topic_ix.entry(t).or_insert_with(|| {
                    h.meta.topic_names.push(t.to_string());
                    offset(h.meta.topic_names.len() - 1)
                })
            });
            table[4 * i..4 * i + 4].copy_from_slice(&end.to_le_bytes());
            table[4 * (n + i)..4 * (n + i) + 4].copy_from_slice(&t.to_le_bytes());
            table[8 * n + i] = Shape::of(c).code();
            if !c.renamed_from.is_empty() {
                h.meta.renamed.push(offset(i));
            }
            // A card of the model always encodes; were it not to, the card reads back as
            // damaged rather than taking another's bytes.
            let b = postcard::to_stdvec(c).unwrap_or_default();
            bodies.extend_from_slice(&b);
            index.extend_from_slice(&offset(bodies.len()).to_le_bytes());
            index.extend_from_slice(&body_sum(&b).to_le_bytes());
        }
        h.meta.names_len = names.len() as u64;
        h.names = Bytes::from(names.into_bytes());
        h.table = Bytes::from(table);
        index.extend_from_slice(&bodies);
        (h, index)
    }

    /// The heads from their parts as the deck cache stores them; `None` when the ids are not
    /// text. Whether the rest holds together is checked once, by `Cards::in_file`.
    pub(super) fn from_parts(meta: HeadsMeta, names: Bytes, table: Bytes) -> Option<Heads> {
        std::str::from_utf8(&names).ok()?;
        Some(Heads { names, table, meta })
    }
}

/// Whether byte `at` of UTF-8 `text` starts a character (or is its end), as
/// `str::is_char_boundary`.
fn is_char_boundary(text: &[u8], at: usize) -> bool {
    match text.get(at) {
        None => at == text.len(),
        // Continuation bytes are 0b10xxxxxx.
        Some(&b) => (b as i8) >= -0x40,
    }
}

/// An entry of the index in front of the bodies: where a card's encoding ends, and its hash.
pub(super) fn index_entry(bytes: &[u8]) -> (u32, u32) {
    (u32_at(bytes, 0), u32_at(bytes, 4))
}
