//! Pictures and occlusion cards as the loader reads them: fields, files, regions, item ids.

use std::path::Path;

use super::load::{self, Pictures};
use super::model::{CardKind, Gap, Shape};
use super::{Diagnostic, write};

const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100"><rect width="200" height="100" fill="#faf7f0"/></svg>"##;

fn deck(cards: &str) -> String {
    format!(r#"Deck(id: "d", title: "D", cards: [{cards}])"#)
}

const OCCLUSION: &str = r#"Card(
    id: "c",
    image: "pic.svg",
    alt: "two shapes",
    regions: [
        (id: "left", label: "circle", alternatives: ["ring"], hint: "on the left", shape: Ellipse(cx: 50, cy: 50, rx: 30, ry: 30)),
        (id: "right", label: "square", hint: "on the right", shape: Rect(x: 120, y: 20, w: 60, h: 60)),
    ],
    locate: true,
    explain: "e",
    source: "s",
)"#;

fn errors(d: &[Diagnostic]) -> Vec<String> {
    d.iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect()
}

fn load_beside(dir: &Path, text: &str) -> load::Parsed {
    let path = dir.join("d.ron");
    std::fs::write(&path, text).unwrap();
    load::load_path(&path)
}

#[test]
fn an_occlusion_card_reads_its_picture_and_gives_one_item_per_region_and_direction() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pic.svg"), SVG).unwrap();
    let parsed = load_beside(dir.path(), &deck(OCCLUSION));
    assert!(
        errors(&parsed.diagnostics).is_empty(),
        "{:?}",
        parsed.diagnostics
    );
    let d = parsed.deck.unwrap().deck;
    let card = &d.cards[0];
    let pic = card.picture.as_ref().unwrap();
    assert_eq!(pic.size, (200, 100));
    assert!(!pic.builtin && pic.at.ends_with("pic.svg"), "{pic:?}");
    let CardKind::Occlusion {
        regions,
        mode,
        locate,
        ..
    } = &card.kind
    else {
        panic!("{:?}", card.kind)
    };
    assert_eq!((regions.len(), *mode, *locate), (2, Gap::Type, true));
    assert_eq!(
        regions[1].shape,
        Shape::Rect {
            x: 120,
            y: 20,
            w: 60,
            h: 60
        }
    );
    let coll = crate::study::collection::Collection::new(vec![d]);
    let ids: Vec<&str> = coll.ids().collect();
    assert_eq!(
        ids,
        ["d/c#left", "d/c#right", "d/c#where-left", "d/c#where-right"]
    );
}

#[test]
fn an_occlusion_card_is_written_back_as_it_was_read() {
    let parsed = load::parse("d.ron", deck(OCCLUSION).as_bytes());
    assert!(
        errors(&parsed.diagnostics).is_empty(),
        "{:?}",
        parsed.diagnostics
    );
    let d = parsed.deck.unwrap().deck;
    let again = load::parse("d.ron", write::to_ron(&d).as_bytes());
    assert_eq!(again.deck.unwrap().deck, d);
}

#[test]
fn a_picture_over_the_size_cap_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let big = vec![b' '; usize::try_from(crate::picture::probe::MAX_IMAGE_BYTES).unwrap() + 1];
    std::fs::write(dir.path().join("pic.svg"), big).unwrap();
    let parsed = load_beside(dir.path(), &deck(OCCLUSION));
    let errs = errors(&parsed.diagnostics);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].contains("card 'c'") && errs[0].contains("limit"),
        "{errs:?}"
    );
}

#[test]
fn a_picture_on_the_back_and_field_mistakes_are_reported() {
    let ok = load::parse(
        "d.ron",
        deck(r#"Card(id: "a", front: "Q", back: "A", image: "p.png", alt: "x", image_on: "back")"#)
            .as_bytes(),
    );
    assert!(errors(&ok.diagnostics).is_empty(), "{:?}", ok.diagnostics);
    assert!(
        ok.deck.unwrap().deck.cards[0]
            .picture
            .as_ref()
            .unwrap()
            .on_back
    );
    for (card, want) in [
        (
            r#"Card(id: "a", front: "Q", back: "A", alt: "x")"#,
            "`alt` needs an `image`",
        ),
        (
            r#"Card(id: "a", front: "Q", back: "A", image: "p.svg", alt: "x", image_on: "side")"#,
            "`image_on` is `side`",
        ),
        (
            r#"Card(id: "a", image: "p.svg", alt: "x", regions: [])"#,
            "`regions` is empty",
        ),
        (
            r#"Card(id: "a", image: "p.svg", alt: "x", mode: "guess", regions: [(id: "r", label: "l", hint: "h", shape: Rect(x: 0, y: 0, w: 5, h: 5))])"#,
            "`mode` is `guess`",
        ),
        (
            r#"Card(id: "a", image: "p.svg", alt: "x", regions: [(id: "where-r", label: "l", hint: "h", shape: Rect(x: 0, y: 0, w: 5, h: 5))])"#,
            "starts with `where-`",
        ),
        (
            r#"Card(id: "a", image: "p.svg", alt: "x", regions: [(id: "r", label: "l", hint: "h", shape: Rect(x: 3, y: 3, w: 0, h: 5))])"#,
            "region `r` has no area",
        ),
        (
            r#"Card(id: "a", front: "Q", image: "p.svg", alt: "x", regions: [(id: "r", label: "l", hint: "h", shape: Rect(x: 0, y: 0, w: 5, h: 5))])"#,
            "`front` does not belong on an occlusion card",
        ),
    ] {
        let parsed = load::parse("d.ron", deck(card).as_bytes());
        let errs = errors(&parsed.diagnostics);
        assert!(
            errs.iter().any(|e| e.contains(want)),
            "{card}: want {want} in {errs:?}"
        );
    }
}

#[test]
fn every_built_in_picture_card_reads_its_embedded_picture() {
    let lib = crate::deck::library::standard(None);
    assert!(!lib.has_errors(), "{:?}", lib.errors().collect::<Vec<_>>());
    for d in &lib.decks {
        for c in &d.deck.cards {
            if let Some(p) = &c.picture {
                assert!(
                    p.builtin && p.size.0 > 0 && p.size.1 > 0,
                    "{}/{}: {p:?}",
                    d.deck.id,
                    c.id
                );
            }
        }
    }
}

#[test]
fn unchecked_pictures_keep_their_fields_but_no_size() {
    let parsed = load::parse_with("d.ron", deck(OCCLUSION).as_bytes(), Pictures::Unchecked);
    let d = parsed.deck.unwrap().deck;
    assert_eq!(d.cards[0].picture.as_ref().unwrap().size, (0, 0));
}
