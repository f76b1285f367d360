//! Renamed cards: a card's `renamed_from` lists ids it had before, so progress recorded under
//! them carries over. Checked here (an old id may not be a live card's id, nor claimed twice),
//! and turned into the map from old review item ids to new ones that progress is folded with.

use rustc_hash::FxHashMap;

use super::diag::{Diagnostic, Pos};
use super::model::Deck;

/// Errors for old ids that clash with a live card of the deck or are claimed by two cards.
/// `card_pos[i]` is where card `i` starts.
pub fn check(name: &str, deck: &Deck, card_pos: &[Pos], out: &mut Vec<Diagnostic>) {
    let live: FxHashMap<&str, usize> = deck
        .cards
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut claimed: FxHashMap<&str, &str> = FxHashMap::default();
    for (i, card) in deck.cards.iter().enumerate() {
        let pos = card_pos.get(i).copied().unwrap_or(Pos::START);
        for old in &card.renamed_from {
            let msg = if live.contains_key(old.as_str()) && *old != card.id {
                format!(
                    "`renamed_from` names `{old}`, which is the id of another card of this deck; \
                     an old id must no longer be in use (its progress would go to two cards)"
                )
            } else if let Some(first) = claimed.insert(old, &card.id) {
                format!(
                    "`renamed_from` names `{old}`, which card `{first}` already lists; \
                     progress can carry over to one card only"
                )
            } else {
                continue;
            };
            out.push(Diagnostic::error(name, pos, msg).on_card(format!("'{}'", card.id)));
        }
    }
}

/// Old review item id -> the item id it is now, for every renamed card of `decks`. Each
/// variant keeps its suffix: `deck/old#reverse` becomes `deck/new#reverse`.
pub fn aliases<'a>(decks: impl IntoIterator<Item = &'a Deck>) -> FxHashMap<String, String> {
    let mut map = FxHashMap::default();
    for deck in decks {
        for card in deck.cards.renamed() {
            for v in card.variants() {
                let suffix = card.suffix(v);
                let now = format!("{}/{}{suffix}", deck.id, card.id);
                for old in &card.renamed_from {
                    map.insert(format!("{}/{old}{suffix}", deck.id), now.clone());
                }
            }
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::load::parse;

    fn errors(text: &str) -> Vec<String> {
        parse("d.ron", text.as_bytes())
            .diagnostics
            .into_iter()
            .filter(Diagnostic::is_error)
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn an_old_id_may_not_be_a_live_card_or_claimed_twice() {
        let clash = r#"Deck(id: "d", title: "D", cards: [
            Card(id: "a", front: "Q", back: "A"),
            Card(id: "b", front: "Q", back: "A", renamed_from: ["a"]),
        ])"#;
        let e = errors(clash);
        assert!(
            e.iter()
                .any(|m| m.contains("d.ron:3:") && m.contains("another card")),
            "{e:?}"
        );
        let twice = r#"Deck(id: "d", title: "D", cards: [
            Card(id: "a", front: "Q", back: "A", renamed_from: ["old"]),
            Card(id: "b", front: "Q", back: "A", renamed_from: ["old"]),
        ])"#;
        let e = errors(twice);
        assert!(e.iter().any(|m| m.contains("already lists")), "{e:?}");
        let own = r#"Deck(id: "d", title: "D", cards: [
            Card(id: "a", front: "Q", back: "A", renamed_from: ["a"]),
        ])"#;
        assert!(errors(own).iter().any(|m| m.contains("own id")));
        let bad = r#"Deck(id: "d", title: "D", cards: [
            Card(id: "a", front: "Q", back: "A", renamed_from: ["a b"]),
        ])"#;
        assert!(errors(bad).iter().any(|m| m.contains("renamed_from")));
    }

    #[test]
    fn aliases_keep_each_variant_suffix() {
        let text = r#"Deck(id: "d", title: "D", cards: [
            Card(id: "new", front: "Q", back: "A", reverse: true, renamed_from: ["old"]),
            Card(id: "c", cloze: "{{x}} and {{y}}", renamed_from: ["k"]),
        ])"#;
        let deck = parse("d.ron", text.as_bytes()).deck.unwrap().deck;
        let map = aliases([&deck]);
        assert_eq!(map["d/old"], "d/new");
        assert_eq!(map["d/old#reverse"], "d/new#reverse");
        assert_eq!(map["d/k#2"], "d/c#2");
        assert_eq!(map.len(), 4);
        let written = crate::deck::write::to_ron(&deck);
        let again = parse("w.ron", written.as_bytes()).deck.unwrap().deck;
        assert_eq!(
            again.cards[0].renamed_from,
            vec!["old".to_string()],
            "{written}"
        );
    }
}
