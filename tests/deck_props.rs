//! Property tests for the deck format: what the model can express survives write-then-load,
//! and no input, however hostile, makes the loader panic or lose the position of its error.

use std::collections::BTreeMap;

use proptest::prelude::*;
use somadeck::deck::load::parse;
use somadeck::deck::write::to_ron;
use somadeck::deck::{Card, CardKind, Deck, Gap, Topic};

fn ident() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_.-]{0,11}"
}

/// Any non-blank text, including quotes, backslashes, braces, newlines and non-ASCII.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 \"\\\\'(),.:;é漢\n-]{0,20}[a-zA-Z0-9é漢]"
}

fn kind() -> impl Strategy<Value = CardKind> {
    prop_oneof![
        (text(), text(), any::<bool>()).prop_map(|(front, back, reverse)| CardKind::Basic {
            front,
            back,
            reverse
        }),
        (text(), prop::collection::vec(text(), 1..4))
            .prop_map(|(front, answers)| CardKind::Typed { front, answers }),
        (
            text(),
            prop::collection::btree_set(text(), 2..5),
            any::<prop::sample::Index>()
        )
            .prop_map(|(front, set, pick)| {
                // Options that differ only in case or outer spaces are duplicates to the checker.
                let key = |c: &String| c.trim().to_lowercase();
                let mut choices: Vec<String> = Vec::new();
                for c in set {
                    if !choices.iter().any(|o| key(o) == key(&c)) {
                        choices.push(c);
                    }
                }
                if choices.len() < 2 {
                    choices.push(format!("{} (other)", choices[0]));
                }
                let correct = choices[pick.index(choices.len())].clone();
                CardKind::Choice {
                    front,
                    choices,
                    correct,
                }
            }),
        (
            "[a-z ]{0,8}",
            "[a-z]{1,8}",
            "[a-z ]{0,8}",
            prop::option::of(prop_oneof![Just(Gap::Type), Just(Gap::Reveal)])
        )
            .prop_map(|(a, d, b, gap)| CardKind::Cloze {
                text: format!("{a}{{{{{d}}}}}{b}"),
                gap,
            }),
    ]
}

fn deck() -> impl Strategy<Value = Deck> {
    let topics = prop::collection::btree_set(ident(), 0..4);
    (
        ident(),
        text(),
        1u32..50,
        prop::collection::vec(text(), 0..3),
        topics,
        prop::collection::vec(
            (
                kind(),
                any::<prop::sample::Index>(),
                text(),
                text(),
                prop::collection::vec(text(), 0..3),
            ),
            1..8,
        ),
    )
        .prop_map(|(id, title, version, authors, topic_ids, cards)| {
            let topic_ids: Vec<String> = topic_ids.into_iter().collect();
            let topics: Vec<Topic> = topic_ids
                .iter()
                .enumerate()
                .map(|(i, t)| Topic {
                    id: t.clone(),
                    title: format!("Topic {t}"),
                    requires: topic_ids[..i].iter().take(1).cloned().collect(),
                })
                .collect();
            let cards = cards
                .into_iter()
                .enumerate()
                .map(|(i, (kind, pick, explain, source, tags))| Card {
                    id: format!("c{i}"),
                    topic: (!topic_ids.is_empty())
                        .then(|| topic_ids[pick.index(topic_ids.len())].clone()),
                    tags,
                    explain,
                    source,
                    renamed_from: Vec::new(),
                    picture: None,
                    kind,
                })
                .collect();
            Deck {
                id,
                title,
                version,
                authors,
                description: "generated".into(),
                licence: "CC0".into(),
                sources: BTreeMap::from([("k".to_string(), "A source".to_string())]),
                topics,
                cards,
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn written_decks_load_back_unchanged(d in deck()) {
        let text = to_ron(&d);
        let parsed = parse("gen.ron", text.as_bytes());
        let errors: Vec<String> = parsed.diagnostics.iter().filter(|x| x.is_error()).map(ToString::to_string).collect();
        prop_assert!(errors.is_empty(), "{errors:?}\n{text}");
        prop_assert_eq!(parsed.deck.unwrap().deck, d);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let p = parse("x.ron", &bytes);
        if p.deck.is_none() {
            prop_assert!(!p.diagnostics.is_empty());
        }
        for d in &p.diagnostics {
            prop_assert!(d.pos.line >= 1 && d.pos.col >= 1);
        }
    }

    #[test]
    fn mutated_valid_decks_never_panic(d in deck(), cut in any::<prop::sample::Index>(), insert in "[\\[\\](){}\",:a-z]{0,3}") {
        let text = to_ron(&d);
        let mut at = cut.index(text.len() + 1);
        while !text.is_char_boundary(at) { at -= 1; }
        let (head, tail) = text.split_at(at);
        let mut tail = tail.chars();
        tail.next();
        let mutated = format!("{head}{insert}{}", tail.as_str());
        let p = parse("m.ron", mutated.as_bytes());
        let lines = mutated.lines().count().max(1) + 1;
        for diag in &p.diagnostics {
            prop_assert!(diag.pos.line >= 1 && diag.pos.line <= lines, "{diag}");
            prop_assert!(diag.to_string().starts_with("m.ron:"));
        }
    }
}
