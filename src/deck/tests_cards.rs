//! Cards kept encoded: heads read without decoding, bodies decoded when asked for, damage.
use super::*;

fn card(id: &str, topic: Option<&str>, kind: CardKind) -> Card {
    Card {
        id: id.into(),
        topic: topic.map(Into::into),
        tags: vec!["x".into()],
        explain: format!("about {id}"),
        source: "a book".into(),
        renamed_from: Vec::new(),
        picture: None,
        kind,
    }
}

struct Deck {
    cards: Cards,
}

fn deck() -> Deck {
    let mut b = card(
        "b",
        None,
        CardKind::Typed {
            front: "Q2".into(),
            answers: vec!["one".into()],
        },
    );
    b.renamed_from = vec!["old-b".into()];
    let cards = vec![
        card(
            "a",
            Some("t"),
            CardKind::Basic {
                front: "Q".into(),
                back: "A".into(),
                reverse: true,
            },
        ),
        b,
        card(
            "c",
            Some("t"),
            CardKind::Cloze {
                text: "The {{sella}} and the {{clivus}}".into(),
                gap: None,
            },
        ),
    ];
    Deck {
        cards: cards.into(),
    }
}

#[test]
fn encoded_cards_read_back_the_same_and_heads_need_no_decoding() {
    let d = deck();
    let (heads, bodies) = d.cards.encode();
    let lazy = Cards::decode(heads.clone(), bodies.clone()).unwrap();
    assert_eq!(lazy.head(0), d.cards.head(0));
    assert_eq!(
        lazy.head(0),
        Head {
            id: "a",
            topic: Some("t"),
            shape: Shape::ForwardReverse
        }
    );
    assert_eq!(lazy.head(1).topic, None);
    assert_eq!(lazy.head(2).shape, Shape::Other);
    let Repr::Lazy(l) = &lazy.repr else {
        panic!("lazy")
    };
    assert!((0..3).all(|i| !l.decoded(i)), "nothing decoded");
    assert_eq!(lazy.item_count(0), 2);
    assert!(!l.decoded(0), "counted from the head");
    assert_eq!(lazy.item_count(2), 2);
    assert_eq!(
        lazy.renamed().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        ["b"]
    );
    assert_eq!(lazy, d.cards);
    // A damaged card reads as one that says so; the others are untouched.
    let mut bad = bodies.clone();
    bad[3 * INDEX_ENTRY + 3] ^= 0xff;
    let damaged = Cards::decode(heads.clone(), bad).unwrap();
    assert!(damaged[0].prompt_text().contains("could not be read"));
    assert_eq!(damaged[0].id, "a");
    assert_eq!(damaged[1], d.cards[1]);
    // Offsets that do not fit are refused as a whole.
    assert!(Cards::decode(heads.clone(), bodies[1..].to_vec()).is_none());
    let mut shifted = heads.clone();
    shifted.table = edited(&shifted.table, 0, 99);
    assert!(Cards::decode(shifted, bodies.clone()).is_none());
    let mut no_topic = heads.clone();
    no_topic.table = edited(&no_topic.table, 4 * 3, 7);
    assert!(Cards::decode(no_topic, bodies.clone()).is_none());
    // An index entry that points past the bodies reads as a damaged card, not a huge read.
    let mut far = bodies.clone();
    far[INDEX_ENTRY..INDEX_ENTRY + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    let cards = Cards::decode(heads, far).unwrap();
    assert!(cards[1].prompt_text().contains("could not be read"));
    assert!(cards[2].prompt_text().contains("could not be read"));
    assert_eq!(cards[0], d.cards[0]);
}

#[test]
fn cards_in_a_file_are_read_one_at_a_time() {
    use std::io::Write;
    let d = deck();
    let (heads, bodies) = d.cards.encode();
    let mut f = tempfile::tempfile().unwrap();
    f.write_all(b"0123456789").unwrap();
    f.write_all(&bodies).unwrap();
    let len = bodies.len() as u64;
    assert!(Cards::in_file(heads.clone(), f.try_clone().unwrap(), 10, len + 1).is_none());
    let cards = Cards::in_file(heads, f, 10, len).unwrap();
    assert_eq!(cards[2], d.cards[2]);
    assert_eq!(cards, d.cards);
}

#[test]
fn changing_encoded_cards_decodes_them_first() {
    let d = deck();
    let (heads, bodies) = d.cards.encode();
    let mut lazy = Cards::decode(heads, bodies).unwrap();
    lazy[1].explain = "edited".into();
    lazy.push(d.cards[0].clone());
    assert_eq!(lazy.len(), 4);
    assert_eq!(lazy[1].explain, "edited");
    assert_eq!(lazy[2], d.cards[2]);
    assert_eq!(lazy.iter().next_back(), Some(&d.cards[0]));
}

/// `bytes` with byte `at` set to `to`.
fn edited(bytes: &[u8], at: usize, to: u8) -> crate::file_bytes::Bytes {
    let mut v = bytes.to_vec();
    v[at] = to;
    v.into()
}

/// Ids that are not plain ASCII read back whole, and an id that would end inside a character
/// (a damaged table) is refused as a whole.
#[test]
fn an_id_ending_inside_a_character_is_refused() {
    let basic = |id: &str| {
        card(
            id,
            None,
            CardKind::Basic {
                front: "Q".into(),
                back: "A".into(),
                reverse: false,
            },
        )
    };
    let cards: Cards = vec![basic("é1"), basic("b")].into();
    let (heads, bodies) = cards.encode();
    let back = Cards::decode(heads.clone(), bodies.clone()).unwrap();
    assert_eq!((back[0].id.as_str(), back[1].id.as_str()), ("é1", "b"));
    let mut inside = heads.clone();
    // "é" is two bytes: an end of 1 falls between them.
    inside.table = edited(&inside.table, 0, 1);
    assert!(Cards::decode(inside, bodies).is_none());
}
