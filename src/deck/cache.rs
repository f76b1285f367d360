//! A cache of checked decks, so that starting the app does not parse every deck's RON again.
//! An entry is used only when the deck file is unchanged and the entry was written by this
//! version of somadeck; any doubt means the deck is parsed and checked as usual.
//! `somadeck check` never uses it.
//!
//! "Unchanged" is judged by the file's metadata where the system keeps a change time that no
//! program can set (Unix: length, modification and status-change times to the nanosecond,
//! inode and device): reading and hashing a 30 MB deck at every start took longer than the
//! rest of opening. Any write to the file moves its status-change time, so an edit that keeps
//! the size and the modification time is still seen. Elsewhere, and for built-in decks, the
//! key is a hash of the bytes.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::card_heads::HeadsMeta;
use super::cards::{Cards, Heads};
use super::diag::Diagnostic;
use super::item_ids::Print;
use super::load::{LoadedDeck, Parsed};
use crate::file_bytes::Bytes;

/// The version written into every entry: somadeck's, and the shape of the cached model, so an
/// entry from a build whose model differs is never decoded as this one's.
const FORMAT: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "/cloze-gap/replaces/renamed-from/pictures/card-heads/heads-in-place/no-card-places/items-print"
);

#[derive(Serialize, Deserialize, PartialEq, Eq)]
struct Key {
    version: String,
    source: String,
    len: u64,
    hash: u64,
}

impl Key {
    fn of(name: &str, bytes: &[u8]) -> Self {
        Self::with(name, bytes.len() as u64, content_hash(bytes))
    }

    fn with(name: &str, len: u64, hash: u64) -> Self {
        Key {
            version: format!("{FORMAT}/{:x}", builtin_pictures_hash()),
            source: name.to_string(),
            len,
            hash,
        }
    }

    /// The key of a file on disk from its metadata alone, where that tells every edit apart
    /// (see the module's comment); `None` elsewhere.
    fn of_file(name: &str, path: &Path) -> Option<Self> {
        let (len, stamp) = file_stamp(path)?;
        Some(Self::with(name, len, stamp))
    }
}

/// A file's length and a hash of what changes whenever it is written: modification and
/// status-change times (nanoseconds), inode and device. `None` when it cannot be read, or on
/// a system without a status-change time.
#[cfg(unix)]
pub fn file_stamp(path: &Path) -> Option<(u64, u64)> {
    use std::hash::Hasher;
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    if !m.is_file() {
        return None;
    }
    let mut h = rustc_hash::FxHasher::default();
    for v in [m.mtime(), m.mtime_nsec(), m.ctime(), m.ctime_nsec()] {
        h.write_i64(v);
    }
    h.write_u64(m.ino());
    h.write_u64(m.dev());
    Some((m.len(), h.finish()))
}

#[cfg(not(unix))]
pub fn file_stamp(_path: &Path) -> Option<(u64, u64)> {
    None
}

/// A hash of a file's bytes, eight at a time: it runs at every start over every deck, so the
/// byte-at-a-time FNV-1a was a tenth of start-up on a 3 MB deck. Any edit changes it (the length
/// is in the key too); the files are the user's own, not an attacker's.
fn content_hash(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(bytes);
    h.finish()
}

/// The built-in pictures' fingerprint: a built-in deck's checked sizes depend on them. Worked
/// out once per run, not once per deck.
fn builtin_pictures_hash() -> u64 {
    static HASH: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *HASH.get_or_init(|| {
        use std::hash::Hasher;
        let mut h = rustc_hash::FxHasher::default();
        for (name, bytes) in crate::picture::source::BUILTIN_IMAGES {
            h.write(name.as_bytes());
            h.write(bytes);
        }
        h.finish()
    })
}

/// An entry's file, in four parts:
/// - the length of this header (eight bytes, little endian), then the header (postcard);
/// - every card's id, one after another (`heads.names_len` bytes);
/// - the heads' table, read in place (see [`Heads`]);
/// - the cards' bodies behind their index, each read from the file and decoded when its card
///   is first asked for (see `deck::cards`).
#[derive(Serialize, Deserialize)]
struct Entry {
    key: Key,
    /// The deck with no cards: they are in the parts after the header.
    deck: LoadedDeck,
    diagnostics: Vec<Diagnostic>,
    heads: HeadsMeta,
    /// The print of the deck's item ids (see `item_ids`), so that a start joins the decks'
    /// prints instead of hashing every id.
    items: Print,
}

pub struct DeckCache {
    dir: PathBuf,
}

impl DeckCache {
    pub fn new(dir: PathBuf) -> Self {
        DeckCache { dir }
    }

    fn entry_path(&self, name: &str) -> PathBuf {
        let safe: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        // `.v5`: the items' print kept; older entries are never read.
        self.dir.join(format!("{safe}.v{ENTRY_VERSION}.deck"))
    }

    /// The parsed deck for a file on disk, from the cache when the file is unchanged. The
    /// deck keeps the key it was found by as its `source` (see [`LoadedDeck::source`]).
    pub fn load_path(&self, path: &Path) -> Parsed {
        let name = path.display().to_string();
        // Keyed by the file's metadata where it can be, else by its bytes (read once, then
        // parsed from them on a miss).
        let (key, bytes) = match Key::of_file(&name, path) {
            Some(key) => (key, None),
            None => match super::load::read_bytes(path) {
                Ok(bytes) => (Key::of(&name, &bytes), Some(bytes)),
                Err(msg) => return super::load::failed(&name, msg),
            },
        };
        let source = key.hash ^ key.len;
        let mut parsed = self.through(&name, key, || match &bytes {
            Some(b) => super::load::parse_with(&name, b, super::load::Pictures::Beside(path)),
            None => super::load::load_path(path),
        });
        let clean = !parsed.diagnostics.iter().any(Diagnostic::is_error);
        if let Some(d) = &mut parsed.deck {
            d.source = clean.then_some(source);
        }
        parsed
    }

    /// The parsed deck for built-in text, from the cache when it was made from the same text.
    pub fn parse(&self, name: &str, text: &str) -> Parsed {
        self.through(name, Key::of(name, text.as_bytes()), || {
            super::load::parse_builtin(name, text)
        })
    }

    fn through(&self, name: &str, key: Key, parse: impl FnOnce() -> Parsed) -> Parsed {
        let path = self.entry_path(name);
        if let Some(found) = read_entry(&path, &key) {
            return found;
        }
        let mut parsed = parse();
        let clean = !parsed.diagnostics.iter().any(Diagnostic::is_error);
        if let (true, Some(deck)) = (clean, &mut parsed.deck)
            // A deck whose pictures are files of its own is not cached: its entry could not
            // tell when a picture changed.
            && !deck.has_own_pictures()
        {
            // The cache is only a shortcut: failing to write it changes nothing.
            if self.write(&path, key, deck, &parsed.diagnostics).is_ok() {
                remove_older_entries(&path);
            }
        }
        parsed
    }

    fn write(
        &self,
        path: &Path,
        key: Key,
        deck: &mut LoadedDeck,
        diagnostics: &[Diagnostic],
    ) -> std::io::Result<()> {
        let items = super::item_ids::deck_print(&deck.deck);
        let (heads, bodies) = deck.deck.cards.encode();
        let cards = std::mem::take(&mut deck.deck.cards);
        // Where each card stands in the file is only for placing problems, and a cached deck's
        // problems are kept with it, already placed: 100,000 positions were a tenth of reading
        // the entry.
        let card_places = std::mem::take(&mut deck.map.cards);
        let Heads { names, table, meta } = heads;
        let entry = Entry {
            key,
            deck: deck.clone(),
            diagnostics: diagnostics.to_vec(),
            heads: meta,
            items,
        };
        deck.deck.cards = cards;
        deck.map.cards = card_places;
        let head = postcard::to_stdvec(&entry).map_err(std::io::Error::other)?;
        let mut bytes =
            Vec::with_capacity(8 + head.len() + names.len() + table.len() + bodies.len());
        bytes.extend_from_slice(&(head.len() as u64).to_le_bytes());
        bytes.extend_from_slice(&head);
        bytes.extend_from_slice(&names);
        bytes.extend_from_slice(&table);
        bytes.extend_from_slice(&bodies);
        std::fs::create_dir_all(&self.dir)?;
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(tmp, path)
    }
}

/// The version in entry file names (`.v5.deck`); entries of other versions are never read.
const ENTRY_VERSION: u32 = 5;

/// Removes the entries an older somadeck left for the same deck as the entry at `path` (its
/// name with another version), which no version reads again.
fn remove_older_entries(path: &Path) {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    let Some(stem) = name.strip_suffix(&format!(".v{ENTRY_VERSION}.deck")) else {
        return;
    };
    for older in 1..ENTRY_VERSION {
        let _ = std::fs::remove_file(path.with_file_name(format!("{stem}.v{older}.deck")));
    }
}

/// The deck in the entry at `path` when it was made for `key`; `None` on any doubt. The ids
/// and the table are used where they lie in the file, mapped (see `file_bytes`); each card's
/// body is read when it is shown.
fn read_entry(path: &Path, key: &Key) -> Option<Parsed> {
    let file = std::fs::File::open(path).ok()?;
    let bytes = std::sync::Arc::new(crate::file_bytes::FileBytes::of(&file).ok()?);
    // Each part is taken only when it fits in what is left of the file: a damaged length must
    // not reach past its end.
    let mut at = 0usize;
    let mut part = |len: u64| -> Option<std::ops::Range<usize>> {
        let end = at.checked_add(usize::try_from(len).ok()?)?;
        bytes.get(at..end)?;
        let range = at..end;
        at = end;
        Some(range)
    };
    let head_len = u64::from_le_bytes(bytes.get(part(8)?)?.try_into().ok()?);
    let entry: Entry = postcard::from_bytes(bytes.get(part(head_len)?)?).ok()?;
    if entry.key != *key {
        return None;
    }
    let names = Bytes::part(&bytes, part(entry.heads.names_len)?)?;
    let table = Bytes::part(&bytes, part(9 * u64::from(entry.heads.count))?)?;
    let heads = Heads::from_parts(entry.heads, names, table)?;
    let at = at as u64;
    let left = (bytes.len() as u64).checked_sub(at)?;
    let mut deck = entry.deck;
    deck.deck.cards = Cards::in_file(heads, file, at, left)?.with_items_print(entry.items);
    Some(Parsed {
        deck: Some(deck),
        diagnostics: entry.diagnostics,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DECK: &str =
        r#"Deck(id: "c", title: "C", cards: [Card(id: "a", front: "Q", back: "A")])"#;

    #[test]
    fn a_cached_deck_equals_a_parsed_one_and_changes_are_seen() {
        let dir = tempfile::tempdir().unwrap();
        let cache = DeckCache::new(dir.path().join("cache"));
        let file = dir.path().join("c.ron");
        std::fs::write(&file, DECK).unwrap();
        let first = cache.load_path(&file);
        assert_eq!(
            std::fs::read_dir(dir.path().join("cache")).unwrap().count(),
            1
        );
        let second = cache.load_path(&file);
        assert_eq!(first.deck.unwrap().deck, second.deck.unwrap().deck);
        assert_eq!(first.diagnostics, second.diagnostics);
        // An edit (another length) is parsed afresh, errors and all.
        std::fs::write(&file, DECK.replace("back: \"A\"", "back: \"\"")).unwrap();
        let edited = cache.load_path(&file);
        assert!(edited.diagnostics.iter().any(Diagnostic::is_error));
    }

    #[test]
    fn an_edit_that_keeps_the_size_and_time_is_seen() {
        let dir = tempfile::tempdir().unwrap();
        let cache = DeckCache::new(dir.path().join("cache"));
        let file = dir.path().join("c.ron");
        std::fs::write(&file, DECK).unwrap();
        let stamp = std::fs::metadata(&file).unwrap().modified().unwrap();
        assert_eq!(first_back(&cache.load_path(&file)), "A");
        // Same length, same modification time, other text.
        std::fs::write(&file, DECK.replace("back: \"A\"", "back: \"B\"")).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(stamp)
            .unwrap();
        assert_eq!(std::fs::metadata(&file).unwrap().modified().unwrap(), stamp);
        assert_eq!(first_back(&cache.load_path(&file)), "B");
    }

    fn first_back(p: &Parsed) -> String {
        match &p.deck.as_ref().unwrap().deck.cards[0].kind {
            crate::deck::CardKind::Basic { back, .. } => back.clone(),
            k => panic!("{k:?}"),
        }
    }

    #[test]
    fn an_entry_cut_short_anywhere_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let cache = DeckCache::new(dir.path().to_path_buf());
        let first = cache.parse("decks/c.ron", DECK).deck.unwrap().deck;
        let path = cache.entry_path("decks/c.ron");
        let whole = std::fs::read(&path).unwrap();
        for cut in 0..whole.len() {
            std::fs::write(&path, &whole[..cut]).unwrap();
            let again = cache.parse("decks/c.ron", DECK).deck.unwrap().deck;
            assert_eq!(again, first, "cut at {cut} of {}", whole.len());
            assert_eq!(std::fs::read(&path).unwrap(), whole, "written again");
        }
    }

    #[test]
    fn entries_of_older_versions_are_removed_when_the_deck_is_cached_again() {
        let dir = tempfile::tempdir().unwrap();
        let cache = DeckCache::new(dir.path().to_path_buf());
        let older = dir.path().join("decks_c.ron.v3.deck");
        let other = dir.path().join("decks_d.ron.v3.deck");
        std::fs::write(&older, b"old").unwrap();
        std::fs::write(&other, b"old").unwrap();
        cache.parse("decks/c.ron", DECK);
        assert!(cache.entry_path("decks/c.ron").exists());
        assert!(!older.exists(), "the same deck's older entry");
        assert!(
            other.exists(),
            "another deck's entry stays until that deck is cached"
        );
    }

    #[test]
    fn a_damaged_entry_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let cache = DeckCache::new(dir.path().to_path_buf());
        let first = cache.parse("decks/c.ron", DECK);
        std::fs::write(cache.entry_path("decks/c.ron"), b"garbage").unwrap();
        let again = cache.parse("decks/c.ron", DECK);
        assert_eq!(first.deck.unwrap().deck, again.deck.unwrap().deck);
    }
}
