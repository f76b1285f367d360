//! What changed between two editions of a deck: cards new, changed, renamed and removed, and
//! the versions. One comparison serves `somadeck install`'s report and the notice the app
//! gives when an installed deck was updated; both compare a deck against a [`DeckPrint`],
//! the small record of an edition (its version and a fingerprint per card).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::model::{Card, Deck};

/// An edition of a deck as far as changes go: its version and each card's fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeckPrint {
    pub version: u32,
    pub cards: BTreeMap<String, u64>,
}

impl DeckPrint {
    pub fn of(deck: &Deck) -> Self {
        DeckPrint {
            version: deck.version,
            cards: deck
                .cards
                .iter()
                .map(|c| (c.id.clone(), fingerprint(c)))
                .collect(),
        }
    }
}

/// A hash of everything a card says, its id and old ids aside.
fn fingerprint(card: &Card) -> u64 {
    let text = format!(
        "{:?}|{:?}|{:?}|{:?}|{:?}",
        card.topic, card.tags, card.explain, card.source, card.kind
    );
    crate::hash::fnv1a(text.into_bytes())
}

/// The difference from one edition to the next.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub from_version: u32,
    pub to_version: u32,
    pub new: usize,
    /// Cards whose text or answers changed (a renamed card counts here when it changed too).
    pub changed: usize,
    /// Cards now under another id, their progress kept through `renamed_from`.
    pub renamed: usize,
    pub removed: usize,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.new + self.changed + self.renamed + self.removed == 0
    }
}

/// `4 new cards, 2 changed, 1 removed` (only the counts that are not zero; `no card
/// changed` when none is).
impl fmt::Display for Changes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if self.new > 0 {
            parts.push(crate::schedule::count(self.new as u64, "new card"));
        }
        for (n, what) in [
            (self.changed, "changed"),
            (self.renamed, "renamed"),
            (self.removed, "removed"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        }
        if parts.is_empty() {
            return f.write_str("no card changed");
        }
        f.write_str(&parts.join(", "))
    }
}

/// How `new` differs from the edition `old` records. A card whose `renamed_from` names a card
/// of `old` is that card under a new id, not a new card; the old id is then not removed.
pub fn diff(old: &DeckPrint, new: &Deck) -> Changes {
    let mut c = Changes {
        from_version: old.version,
        to_version: new.version,
        ..Changes::default()
    };
    let mut carried: Vec<&str> = Vec::new();
    for card in &new.cards {
        let print = fingerprint(card);
        if let Some(&before) = old.cards.get(&card.id) {
            c.changed += usize::from(before != print);
            continue;
        }
        let was = card
            .renamed_from
            .iter()
            .find(|o| old.cards.contains_key(o.as_str()));
        match was {
            Some(o) => {
                carried.push(o);
                c.renamed += 1;
                c.changed += usize::from(old.cards[o.as_str()] != print);
            }
            None => c.new += 1,
        }
    }
    let live: std::collections::BTreeSet<&str> = new.cards.iter().map(|c| c.id.as_str()).collect();
    c.removed = old
        .cards
        .keys()
        .filter(|id| !live.contains(id.as_str()) && !carried.contains(&id.as_str()))
        .count();
    c
}

/// Card ids of `old` that `new` drops without a card naming them in `renamed_from`: a
/// learner's progress on them would be lost.
pub fn lost_ids(old: &Deck, new: &Deck) -> Vec<String> {
    let kept: std::collections::BTreeSet<&str> = new
        .cards
        .iter()
        .flat_map(|c| std::iter::once(&c.id).chain(&c.renamed_from))
        .map(String::as_str)
        .collect();
    old.cards
        .iter()
        .map(|c| c.id.clone())
        .filter(|id| !kept.contains(id.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deck(version: u32, cards: &str) -> Deck {
        let text = format!(r#"Deck(id: "d", title: "D", version: {version}, cards: [{cards}])"#);
        let parsed = crate::deck::load::parse("d.ron", text.as_bytes());
        parsed.deck.unwrap().deck
    }

    #[test]
    fn counts_new_changed_renamed_and_removed() {
        let old = deck(
            1,
            r#"Card(id: "same", front: "Q", back: "A"),
               Card(id: "edit", front: "Q", back: "A"),
               Card(id: "old", front: "Q", back: "A"),
               Card(id: "gone", front: "Q", back: "A"),"#,
        );
        let new = deck(
            2,
            r#"Card(id: "same", front: "Q", back: "A"),
               Card(id: "edit", front: "Q", back: "B"),
               Card(id: "renamed", front: "Q", back: "A", renamed_from: ["old"]),
               Card(id: "fresh", front: "Q", back: "A"),
               Card(id: "fresh2", front: "Q", back: "A"),"#,
        );
        let c = diff(&DeckPrint::of(&old), &new);
        assert_eq!(
            (
                c.from_version,
                c.to_version,
                c.new,
                c.changed,
                c.renamed,
                c.removed
            ),
            (1, 2, 2, 1, 1, 1)
        );
        assert_eq!(
            c.to_string(),
            "2 new cards, 1 changed, 1 renamed, 1 removed"
        );
        assert_eq!(lost_ids(&old, &new), vec!["gone".to_string()]);
        let none = diff(&DeckPrint::of(&new), &new);
        assert!(none.is_empty());
        assert_eq!(none.to_string(), "no card changed");
    }
}
