//! Items with a picture: what an occlusion item asks and accepts, and what is drawn over the
//! picture at the question and at the answer. Both front ends take the picture from here.

use rand::SeedableRng;
use rand::seq::SliceRandom;

use super::collection::Collection;
use super::present::{Mode, Prompt};
use crate::deck::model::{DEFAULT_OCCLUSION_PROMPT, Picture, Region};
use crate::deck::{Card, CardKind, Gap, Variant};
use crate::picture::Overlay;

/// A locate item offers the region and at most this many others (one key each, 1 to 9).
pub const LOCATE_CHOICES: usize = 9;

/// The picture of an item as it is to be shown now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown<'a> {
    pub picture: &'a Picture,
    /// The card's regions (empty for a card that only carries a picture).
    pub regions: &'a [Region],
    pub overlay: Overlay,
}

/// The picture to show for `item`, or `None` (no picture, or one shown only with the answer
/// before the answer is revealed). `seed` is the turn's shuffle seed.
pub fn shown(coll: &Collection, item: usize, seed: u64, revealed: bool) -> Option<Shown<'_>> {
    let card = coll.card(item);
    let picture = card.picture.as_ref()?;
    let CardKind::Occlusion { regions, .. } = &card.kind else {
        return (revealed || !picture.on_back).then(|| Shown {
            picture,
            regions: &[],
            overlay: Overlay::default(),
        });
    };
    let overlay = match coll.items[item].variant {
        Variant::Locate(n) => locate_overlay(regions, usize::from(n), seed, revealed),
        v => name_overlay(regions, v.region().unwrap_or(0), revealed),
    };
    Some(Shown {
        picture,
        regions,
        overlay,
    })
}

/// Naming a region: it is covered, every other region carries a number and its label in the
/// legend; at the answer it is outlined and named too.
fn name_overlay(regions: &[Region], target: usize, revealed: bool) -> Overlay {
    let mut o = Overlay::default();
    let mut number = 0;
    for (i, r) in regions.iter().enumerate() {
        if i == target && !revealed {
            continue;
        }
        number += 1;
        o.marks.push((i, number.to_string()));
        let arrow = if i == target { "▶ " } else { "" };
        o.legend.push(format!("{arrow}{number} {}", r.label));
    }
    if revealed {
        o.outlined.push(target);
    } else {
        o.covered.push(target);
    }
    o
}

/// Finding a region: the candidates carry numbers and no labels; at the answer the region is
/// outlined and every candidate is named.
fn locate_overlay(regions: &[Region], target: usize, seed: u64, revealed: bool) -> Overlay {
    let mut o = Overlay::default();
    for (k, &i) in locate_candidates(regions, target, seed).iter().enumerate() {
        o.marks.push((i, (k + 1).to_string()));
        if revealed {
            let arrow = if i == target { "▶ " } else { "" };
            o.legend
                .push(format!("{arrow}{} {}", k + 1, regions[i].label));
        }
    }
    if revealed {
        o.outlined.push(target);
    }
    o
}

/// The regions a locate item offers, in the order they are numbered: the region itself and
/// its nearest neighbours (the hardest to tell apart), at most [`LOCATE_CHOICES`], shuffled.
pub fn locate_candidates(regions: &[Region], target: usize, seed: u64) -> Vec<usize> {
    let Some(t) = regions.get(target) else {
        return Vec::new();
    };
    let (tx, ty) = t.shape.centre();
    let mut others: Vec<usize> = (0..regions.len()).filter(|&i| i != target).collect();
    others.sort_by_key(|&i| {
        let (x, y) = regions[i].shape.centre();
        let (dx, dy) = (i64::from(x) - i64::from(tx), i64::from(y) - i64::from(ty));
        (dx * dx + dy * dy, i)
    });
    others.truncate(LOCATE_CHOICES - 1);
    others.push(target);
    others.shuffle(&mut rand::rngs::StdRng::seed_from_u64(seed));
    others
}

/// The question and answer mode of an occlusion item.
pub fn prompt(card: &Card, variant: Variant, seed: u64) -> Option<Prompt> {
    let CardKind::Occlusion {
        prompt,
        regions,
        mode,
        ..
    } = &card.kind
    else {
        return None;
    };
    let target = variant.region()?;
    let region = regions.get(target)?;
    Some(match variant {
        Variant::Locate(_) => {
            let candidates = locate_candidates(regions, target, seed);
            let correct = candidates.iter().position(|&i| i == target).unwrap_or(0);
            Prompt {
                question: format!(
                    "Where is the {}? Pick the number it carries on the picture.",
                    region.label
                ),
                mode: Mode::Choose {
                    options: (1..=candidates.len()).map(|k| k.to_string()).collect(),
                    correct,
                },
            }
        }
        _ => Prompt {
            question: prompt
                .as_deref()
                .unwrap_or(DEFAULT_OCCLUSION_PROMPT)
                .to_string(),
            mode: match mode {
                Gap::Type => Mode::Type {
                    accepted: std::iter::once(&region.label)
                        .chain(&region.alternatives)
                        .cloned()
                        .collect(),
                },
                Gap::Reveal => Mode::Reveal,
            },
        },
    })
}

/// The answer shown on the back of an occlusion item: the region's name, with what else is
/// accepted.
pub fn answer(card: &Card, variant: Variant) -> Option<String> {
    let CardKind::Occlusion { regions, .. } = &card.kind else {
        return None;
    };
    let r = regions.get(variant.region()?)?;
    let mut s = r.label.clone();
    if !r.alternatives.is_empty() && !matches!(variant, Variant::Locate(_)) {
        s.push_str(&format!("  (also: {})", r.alternatives.join(", ")));
    }
    Some(s)
}

/// The words line mode and screen readers get instead of the picture: the description, then
/// what the overlay would show (the hidden region's hint, the numbered regions).
pub fn in_words(shown: &Shown) -> Vec<String> {
    let mut out = vec![format!("Picture: {}", shown.picture.alt)];
    let hint = |i: usize| {
        shown
            .regions
            .get(i)
            .and_then(|r| r.hint.clone())
            .unwrap_or_else(|| "(no description)".to_string())
    };
    for &i in &shown.overlay.covered {
        out.push(format!("Hidden region: {}", hint(i)));
    }
    if shown.overlay.legend.is_empty() {
        for (i, text) in &shown.overlay.marks {
            out.push(format!("Region {text}: {}", hint(*i)));
        }
    }
    // The other regions' names are for the eye; read out, they would bury the question.
    if shown.overlay.covered.is_empty() {
        out.extend(shown.overlay.legend.iter().cloned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::load;
    use crate::study::present;

    fn collection(regions: usize, mode: &str) -> Collection {
        let list: Vec<String> = (0..regions)
            .map(|i| {
                format!(
                    r#"(id: "r{i}", label: "label {i}", alternatives: ["alt {i}"], hint: "hint {i}", shape: Rect(x: {}, y: 0, w: 10, h: 10))"#,
                    i * 10
                )
            })
            .collect();
        let text = format!(
            r#"Deck(id: "d", title: "D", cards: [Card(id: "c", image: "p.svg", alt: "the picture", mode: "{mode}", locate: true, regions: [{}])])"#,
            list.join(",")
        );
        let parsed = load::parse("d.ron", text.as_bytes());
        assert!(
            !parsed.diagnostics.iter().any(|d| d.is_error()),
            "{:?}",
            parsed.diagnostics
        );
        Collection::new(vec![parsed.deck.unwrap().deck])
    }

    #[test]
    fn naming_covers_the_region_and_labels_the_others_then_outlines_it() {
        let coll = collection(3, "type");
        let front = shown(&coll, 1, 7, false).unwrap().overlay;
        assert_eq!(front.covered, [1]);
        assert!(front.outlined.is_empty());
        assert_eq!(front.marks, [(0, "1".to_string()), (2, "2".to_string())]);
        assert_eq!(front.legend, ["1 label 0", "2 label 2"]);
        let back = shown(&coll, 1, 7, true).unwrap().overlay;
        assert!(back.covered.is_empty());
        assert_eq!(back.outlined, [1]);
        assert_eq!(back.legend, ["1 label 0", "▶ 2 label 1", "3 label 2"]);
        let p = present::prompt(&coll, 1, 7);
        assert_eq!(p.question, DEFAULT_OCCLUSION_PROMPT);
        assert_eq!(
            p.mode,
            Mode::Type {
                accepted: vec!["label 1".into(), "alt 1".into()]
            }
        );
        assert_eq!(present::back(&coll, 1).answer, "label 1  (also: alt 1)");
    }

    #[test]
    fn a_revealed_occlusion_card_is_graded_by_the_learner() {
        let coll = collection(2, "reveal");
        assert_eq!(present::prompt(&coll, 0, 0).mode, Mode::Reveal);
    }

    #[test]
    fn locating_offers_the_region_and_its_nearest_neighbours_numbered_alike_everywhere() {
        let coll = collection(12, "type");
        // Items: 12 names, then 12 locates; region 5's locate item.
        let item = 12 + 5;
        for seed in 0..50 {
            let p = present::prompt(&coll, item, seed);
            let Mode::Choose { options, correct } = p.mode else {
                panic!("{:?}", p.mode)
            };
            assert_eq!(options.len(), LOCATE_CHOICES);
            let CardKind::Occlusion { regions, .. } = &coll.decks[0].cards[0].kind else {
                panic!()
            };
            let cands = locate_candidates(regions, 5, seed);
            assert_eq!(cands[correct], 5);
            // The nearest 8 of regions 0..12 on a row around region 5: 1..=9 but 5, plus 5.
            let mut sorted = cands.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (1..=9).collect::<Vec<_>>());
            let o = shown(&coll, item, seed, false).unwrap().overlay;
            assert!(o.covered.is_empty() && o.legend.is_empty());
            assert_eq!(o.marks[correct], (5, (correct + 1).to_string()));
            let back = shown(&coll, item, seed, true).unwrap().overlay;
            assert_eq!(back.outlined, [5]);
            assert!(back.legend[correct].starts_with("▶ "), "{:?}", back.legend);
        }
        assert!(
            present::prompt(&coll, item, 0)
                .question
                .contains("Where is the label 5?")
        );
    }

    #[test]
    fn line_mode_gets_the_picture_in_words_without_the_answer() {
        let coll = collection(3, "type");
        let words = in_words(&shown(&coll, 1, 0, false).unwrap());
        assert_eq!(words, ["Picture: the picture", "Hidden region: hint 1"]);
        let locate = in_words(&shown(&coll, 3, 0, false).unwrap());
        assert_eq!(locate.len(), 4, "{locate:?}");
        assert!(
            locate[1..]
                .iter()
                .all(|l| l.starts_with("Region ") && l.contains("hint"))
        );
        assert!(!locate.iter().any(|l| l.contains("label")), "{locate:?}");
    }
}
