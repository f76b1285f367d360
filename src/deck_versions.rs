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

pub fn path(data: &Path) -> PathBuf {
    data.join(FILE)
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
