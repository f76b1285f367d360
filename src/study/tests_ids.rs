//! The items' ids, made on first use, and their fingerprint, joined at each start from each
//! deck's share as its cache entry knows it.

use super::*;
use crate::deck::cache::DeckCache;

const BASICS: &str = r#"Deck(id: "b", title: "B", cards: [
    Card(id: "one", front: "Q", back: "A"),
    Card(id: "two", front: "Q", back: "A", reverse: true),
    Card(id: "gap", cloze: "{{dura}} and {{pia}}"),
    Card(id: "three", front: "Q", back: "A"),
])"#;

const MORE: &str = r#"Deck(id: "m", title: "M", cards: [
    Card(id: "x", front: "Q", back: "A", reverse: true),
    Card(id: "z.9", front: "Q", back: "A"),
])"#;

/// The decks as read through a cache in `dir` (the second read finds the entries), or parsed.
fn decks(dir: Option<&std::path::Path>) -> Vec<crate::deck::Deck> {
    [("b.ron", BASICS), ("m.ron", MORE)]
        .iter()
        .map(|(name, text)| {
            let parsed = match dir {
                Some(d) => {
                    let file = d.join(name);
                    std::fs::write(&file, text).unwrap();
                    let cache = DeckCache::new(d.join("cache"));
                    cache.load_path(&file);
                    cache.load_path(&file)
                }
                None => crate::deck::load::parse(name, text.as_bytes()),
            };
            assert!(
                !parsed
                    .diagnostics
                    .iter()
                    .any(crate::deck::Diagnostic::is_error),
                "{:?}",
                parsed.diagnostics
            );
            parsed.deck.unwrap().deck
        })
        .collect()
}

#[test]
fn the_fingerprint_joined_from_cached_decks_is_that_of_the_ids() {
    let dir = tempfile::tempdir().unwrap();
    let cached = Collection::new(decks(Some(dir.path())));
    assert!(
        cached.decks.iter().all(|d| d.cards.items_print().is_some()),
        "the decks were read from their cache entries"
    );
    let parsed = Collection::new(decks(None));
    assert!(parsed.decks.iter().all(|d| d.cards.items_print().is_none()));
    let (ids, fp) = cached.id_list();
    assert!(!ids.is_made(), "a start does not make the ids");
    assert_eq!(ids.len(), cached.items.len());
    assert_eq!(fp, parsed.id_list().1);
    let made: Vec<&str> = cached.ids().collect();
    assert_eq!(
        made,
        [
            "b/one",
            "b/two",
            "b/two#reverse",
            "b/gap#1",
            "b/gap#2",
            "b/three",
            "m/x",
            "m/x#reverse",
            "m/z.9"
        ]
    );
    assert_eq!(made, parsed.ids().collect::<Vec<_>>());
    let mut again = IdList::default();
    for id in &made {
        again.push(&[id]);
    }
    assert_eq!(again.fingerprint(), fp, "a list of the same ids");
    again.push(&["b/more"]);
    assert_ne!(again.fingerprint(), fp, "one id more");
}

#[test]
fn ids_made_on_another_thread_are_the_ids() {
    let coll = crate::progress_ids::test_collection(&["a", "b"]);
    coll.make_ids_in_background();
    assert_eq!(coll.id(1), "d/b");
    assert_eq!(coll.find("d/a"), Some(0));
}
