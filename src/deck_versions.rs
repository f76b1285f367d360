//! The editions of the installed decks last seen by the app: `deck-versions.ron` in the data
//! folder holds, per deck, its version and card fingerprints. When a deck's version differs
//! from the one recorded, the app says once what changed ("Deck X updated to v3: 4 new
//! cards, 2 changed, 1 removed") and records the new edition. Written atomically; a damaged
//! file is moved aside, never overwritten in place.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::deck::Deck;
use crate::deck::diff::{self, DeckPrint};
use crate::ron_file::ReadError;

pub const FILE: &str = "deck-versions.ron";

/// A few hundred decks of a thousand cards fit well under this.
const MAX_BYTES: u64 = 16 * 1024 * 1024;

type Seen = BTreeMap<String, DeckPrint>;

/// Beside the record: which editions of the installed deck files it was last brought up to
/// date with, so a start where no deck file changed neither reads the record nor works out
/// every card's fingerprint (at 100,000 cards those took a third of start-up).
const STAMP_FILE: &str = "deck-versions.key";

pub fn path(data: &Path) -> PathBuf {
    data.join(FILE)
}

/// As [`announce`], skipped when `editions` (a hash of the installed deck files' identities,
/// see `LoadedDeck::source`; `None` when one is unknown) and the record are what they were
/// when the record was last brought up to date.
pub fn announce_editions(
    data: &Path,
    decks: &[&Deck],
    editions: Option<u64>,
) -> (Vec<String>, Vec<String>) {
    let stamp = |e: u64| {
        crate::deck::cache::file_stamp(&path(data)).map(|(len, h)| format!("{:016x}", e ^ h ^ len))
    };
    let stamp_path = data.join(STAMP_FILE);
    if let Some(now) = editions.and_then(stamp)
        && std::fs::read_to_string(&stamp_path).is_ok_and(|s| s == now)
    {
        return (Vec::new(), Vec::new());
    }
    let (notices, warnings) = announce(data, decks);
    if warnings.is_empty()
        && let Some(now) = editions.and_then(stamp)
    {
        // Only a shortcut: when it cannot be written, the next start compares in full.
        let _ = std::fs::write(&stamp_path, now);
    }
    (notices, warnings)
}

/// The notices for `decks` whose version changed since last seen, and warnings about the
/// record (damaged, not writable). A deck seen for the first time is recorded silently.
pub fn announce(data: &Path, decks: &[&Deck]) -> (Vec<String>, Vec<String>) {
    let mut warnings = Vec::new();
    let mut seen = load(data, &mut warnings);
    let mut notices = Vec::new();
    let mut dirty = false;
    for deck in decks {
        let now = DeckPrint::of(deck);
        match seen.get(&deck.id) {
            Some(before) if *before == now => continue,
            Some(before) if before.version != deck.version => {
                let changes = diff::diff(before, deck);
                notices.push(format!(
                    "Deck {} updated to v{}: {changes}",
                    deck.id, deck.version
                ));
            }
            _ => {}
        }
        seen.insert(deck.id.clone(), now);
        dirty = true;
    }
    if dirty {
        let text = ron::ser::to_string_pretty(&seen, ron::ser::PrettyConfig::default())
            .map_err(|e| e.to_string());
        let saved = text.and_then(|t| crate::store::write_atomically(&path(data), t.as_bytes()));
        if let Err(e) = saved {
            warnings.push(format!(
                "could not record the deck versions seen ({e}); deck updates may be announced again"
            ));
        }
    }
    (notices, warnings)
}

/// The record; empty when there is none. A file that cannot be read as one is moved aside
/// with a warning, so it is kept for a look and the app still starts.
fn load(data: &Path, warnings: &mut Vec<String>) -> Seen {
    let p = path(data);
    let bytes = match crate::ron_file::read_capped(&p, MAX_BYTES) {
        Ok(b) => b,
        Err(ReadError::NotFound) => return Seen::new(),
        Err(e) => {
            warnings.push(format!("{}: {e}", p.display()));
            return set_aside(&p, warnings);
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    match crate::ron_file::ron_options().from_str::<Seen>(crate::ron_file::strip_bom(&text)) {
        Ok(seen) => seen,
        Err(e) => {
            warnings.push(format!(
                "{}:{}:{}: the record of deck versions seen is damaged ({})",
                p.display(),
                e.span.start.line,
                e.span.start.col,
                e.code
            ));
            set_aside(&p, warnings)
        }
    }
}

fn set_aside(p: &Path, warnings: &mut Vec<String>) -> Seen {
    let aside = crate::store::aside_path(p, "damaged");
    match std::fs::rename(p, &aside) {
        Ok(()) => warnings.push(format!(
            "it was moved to {}; deck updates are tracked afresh from now",
            aside.display()
        )),
        Err(e) => warnings.push(format!("moving it aside failed too ({e})")),
    }
    Seen::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deck(version: u32, cards: &str) -> Deck {
        let text = format!(r#"Deck(id: "x", title: "X", version: {version}, cards: [{cards}])"#);
        crate::deck::load::parse("x.ron", text.as_bytes())
            .deck
            .unwrap()
            .deck
    }

    #[test]
    fn a_new_version_is_announced_once() {
        let dir = tempfile::tempdir().unwrap();
        let v1 = deck(1, r#"Card(id: "a", front: "Q", back: "A")"#);
        let v2 = deck(
            2,
            r#"Card(id: "a", front: "Q", back: "B"), Card(id: "b", front: "Q", back: "A")"#,
        );
        assert_eq!(announce(dir.path(), &[&v1]), (vec![], vec![]), "first seen");
        let (notices, warnings) = announce(dir.path(), &[&v2]);
        assert_eq!(notices, vec!["Deck x updated to v2: 1 new card, 1 changed"]);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(announce(dir.path(), &[&v2]), (vec![], vec![]), "only once");
    }

    #[test]
    fn unchanged_editions_skip_the_comparison_and_a_changed_record_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let v1 = deck(1, r#"Card(id: "a", front: "Q", back: "A")"#);
        let v2 = deck(2, r#"Card(id: "a", front: "Q", back: "B")"#);
        assert_eq!(
            announce_editions(dir.path(), &[&v1], Some(1)),
            (vec![], vec![])
        );
        // The same editions: the decks are not compared, so even another deck says nothing.
        assert_eq!(
            announce_editions(dir.path(), &[&v2], Some(1)),
            (vec![], vec![])
        );
        // Other editions are compared.
        let (notices, _) = announce_editions(dir.path(), &[&v2], Some(2));
        assert_eq!(notices, vec!["Deck x updated to v2: 1 changed"]);
        // A record replaced behind the stamp's back is compared again.
        std::fs::remove_file(path(dir.path())).unwrap();
        announce(dir.path(), &[&v1]);
        let (notices, _) = announce_editions(dir.path(), &[&v2], Some(2));
        assert_eq!(notices, vec!["Deck x updated to v2: 1 changed"]);
        // Unknown editions always compare.
        let v3 = deck(3, r#"Card(id: "a", front: "Q", back: "C")"#);
        let (notices, _) = announce_editions(dir.path(), &[&v3], None);
        assert_eq!(notices, vec!["Deck x updated to v3: 1 changed"]);
    }

    #[test]
    fn a_damaged_record_is_moved_aside_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(path(dir.path()), "{ not ron").unwrap();
        let v1 = deck(1, r#"Card(id: "a", front: "Q", back: "A")"#);
        let (notices, warnings) = announce(dir.path(), &[&v1]);
        assert!(notices.is_empty());
        assert!(
            warnings.iter().any(|w| w.contains("damaged")),
            "{warnings:?}"
        );
        let aside: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("deck-versions.ron.damaged-"))
            .collect();
        assert_eq!(aside.len(), 1, "{aside:?}");
        let kept = std::fs::read_to_string(dir.path().join(&aside[0])).unwrap();
        assert_eq!(kept, "{ not ron");
    }
}
