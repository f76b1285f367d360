//! A cache of checked decks, so that starting the app does not parse every deck's RON again.
//! An entry is used only when the deck's bytes are unchanged (same length and hash: a file
//! edited within the same second at the same size still counts as changed) and it was written
//! by this version of somadeck; any doubt means the deck is parsed and checked as usual.
//! `somadeck check` never uses it.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::diag::Diagnostic;
use super::load::{LoadedDeck, Parsed};

/// The version written into every entry: somadeck's, and the shape of the cached model, so an
/// entry from a build whose model differs is never decoded as this one's.
const FORMAT: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "/cloze-gap/replaces/renamed-from/pictures"
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
        Key {
            version: format!("{FORMAT}/{:x}", builtin_pictures_hash()),
            source: name.to_string(),
            len: bytes.len() as u64,
            hash: content_hash(bytes),
        }
    }
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

/// A deck whose pictures are files of its own is not cached: its entry could not tell when a
/// picture changed.
fn has_own_pictures(deck: &LoadedDeck) -> bool {
    deck.deck
        .cards
        .iter()
        .any(|c| c.picture.as_ref().is_some_and(|p| !p.builtin))
}

#[derive(Serialize, Deserialize)]
struct Entry {
    key: Key,
    deck: LoadedDeck,
    diagnostics: Vec<Diagnostic>,
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
        // `.v2`: entries keyed by a hash of the content; older entries are never read.
        self.dir.join(format!("{safe}.v2.deck"))
    }

    /// The parsed deck for a file on disk, from the cache when its bytes are unchanged.
    /// Hashing the bytes costs little next to parsing them.
    pub fn load_path(&self, path: &Path) -> Parsed {
        let name = path.display().to_string();
        match super::load::read_bytes(path) {
            Ok(bytes) => self.through(&name, Key::of(&name, &bytes), || {
                super::load::parse_with(&name, &bytes, super::load::Pictures::Beside(path))
            }),
            Err(msg) => super::load::failed(&name, msg),
        }
    }

    /// The parsed deck for built-in text, from the cache when it was made from the same text.
    pub fn parse(&self, name: &str, text: &str) -> Parsed {
        self.through(name, Key::of(name, text.as_bytes()), || {
            super::load::parse_builtin(name, text)
        })
    }

    fn through(&self, name: &str, key: Key, parse: impl FnOnce() -> Parsed) -> Parsed {
        let path = self.entry_path(name);
        if let Ok(bytes) = std::fs::read(&path)
            && let Ok(entry) = postcard::from_bytes::<Entry>(&bytes)
            && entry.key == key
        {
            return Parsed {
                deck: Some(entry.deck),
                diagnostics: entry.diagnostics,
            };
        }
        let parsed = parse();
        let clean = !parsed.diagnostics.iter().any(Diagnostic::is_error);
        if let (true, Some(deck)) = (clean, &parsed.deck)
            && !has_own_pictures(deck)
        {
            let entry = Entry {
                key,
                deck: deck.clone(),
                diagnostics: parsed.diagnostics.clone(),
            };
            // The cache is only a shortcut: failing to write it changes nothing.
            let _ = self.write(&path, &entry);
        }
        parsed
    }

    fn write(&self, path: &Path, entry: &Entry) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let bytes = postcard::to_stdvec(entry).map_err(std::io::Error::other)?;
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(tmp, path)
    }
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
    fn a_damaged_entry_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let cache = DeckCache::new(dir.path().to_path_buf());
        let first = cache.parse("decks/c.ron", DECK);
        std::fs::write(cache.entry_path("decks/c.ron"), b"garbage").unwrap();
        let again = cache.parse("decks/c.ron", DECK);
        assert_eq!(first.deck.unwrap().deck, again.deck.unwrap().deck);
    }
}
