//! The quick reading of a deck (its card list cut up by a scan) against reading the whole file
//! with `ron`: whenever the quick way gives an answer, it is the same deck, with the same
//! problems at the same places.

use proptest::prelude::*;

use super::builtin::BUILTIN;
use super::load::{Parsed, parse_split, parse_whole};
use super::occlusion::Pictures;

fn same(a: &Parsed, b: &Parsed) -> Result<(), TestCaseError> {
    let (x, y) = (format!("{:?}", a.deck), format!("{:?}", b.deck));
    if x != y {
        let at = x.bytes().zip(y.bytes()).take_while(|(p, q)| p == q).count();
        let around = |s: &str| {
            s.get(at.saturating_sub(80)..(at + 80).min(s.len()))
                .unwrap_or("")
                .to_string()
        };
        prop_assert!(
            false,
            "decks differ at byte {}:\n{}\n{}",
            at,
            around(&x),
            around(&y)
        );
    }
    let shown = |p: &Parsed| {
        p.diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    };
    prop_assert_eq!(shown(a), shown(b));
    Ok(())
}

#[test]
fn every_built_in_deck_is_read_the_quick_way_and_the_same() {
    for (name, text) in BUILTIN {
        let quick = parse_split(name, text, Pictures::Builtin);
        let quick = quick.unwrap_or_else(|| panic!("{name} was not read the quick way"));
        same(&quick, &parse_whole(name, text, Pictures::Builtin)).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Cuts and insertions anywhere in a built-in deck: the two ways agree whenever the quick
    /// one answers (often it gives up, and the whole file is read).
    #[test]
    fn a_damaged_deck_reads_the_same_either_way(
        deck in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        cut in 0usize..6,
        insert in "[\\[\\](){}\",:a-z \n]{0,4}",
    ) {
        let (name, text) = BUILTIN[deck.index(BUILTIN.len())];
        let chars: Vec<char> = text.chars().collect();
        let i = at.index(chars.len());
        let end = (i + cut).min(chars.len());
        let damaged: String = chars[..i]
            .iter()
            .copied()
            .chain(insert.chars())
            .chain(chars[end..].iter().copied())
            .collect();
        if let Some(quick) = parse_split(name, &damaged, Pictures::Unchecked) {
            same(&quick, &parse_whole(name, &damaged, Pictures::Unchecked))?;
        }
    }
}
