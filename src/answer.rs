//! Judging typed answers to anatomical terms: forgiving of case, accents, punctuation, a leading
//! article, British/US spelling and small typos; numeric ranges accept any value inside.

use unicode_normalization::UnicodeNormalization;

use crate::schedule::Grade;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Right,
    /// Accepted with a typo; `expected` is the answer it was matched to.
    Close {
        expected: String,
    },
    Wrong,
}

impl Verdict {
    /// The grade to suggest: right -> Good, a typo -> Hard, wrong -> Again.
    pub fn suggested(&self) -> Grade {
        match self {
            Verdict::Right => Grade::Good,
            Verdict::Close { .. } => Grade::Hard,
            Verdict::Wrong => Grade::Again,
        }
    }

    pub fn is_accepted(&self) -> bool {
        !matches!(self, Verdict::Wrong)
    }
}

/// Lower case, accents and punctuation removed, spaces collapsed, leading article dropped,
/// ordinal endings dropped (`4th` -> `4`), British spellings folded to US ones.
pub fn normalize(s: &str) -> String {
    let folded: String = s
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'æ' | 'œ' => 'e',
            c if c.is_alphanumeric() || c == '.' => c,
            _ => ' ',
        })
        .collect();
    let words: Vec<String> = folded
        .split_whitespace()
        .map(|w| {
            let w = w.trim_end_matches('.');
            // `.5` is a number; a dot before a word is punctuation.
            match w.strip_prefix('.') {
                Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => format!("0{w}"),
                Some(rest) => rest.trim_start_matches('.').to_string(),
                None => w.to_string(),
            }
        })
        .filter(|w| !w.is_empty())
        .map(|w| us_spelling(&drop_ordinal(&w)))
        .collect();
    let start = usize::from(
        matches!(words.first().map(String::as_str), Some("the" | "a" | "an")) && words.len() > 1,
    );
    words[start..].join(" ")
}

/// `4th`, `1st`, `2nd`, `3rd` -> the number.
fn drop_ordinal(w: &str) -> String {
    for suffix in ["st", "nd", "rd", "th"] {
        if let Some(n) = w.strip_suffix(suffix)
            && !n.is_empty()
            && n.chars().all(|c| c.is_ascii_digit())
        {
            return n.to_string();
        }
    }
    w.to_string()
}

/// British to US spelling for the patterns common in anatomy: haem/hem, oe/e, ae/e,
/// -re/-er (fibre, fibres, centre), -ise/-ize (and -ised, -ising, -isation), -our/-or
/// (colour, colourless, tumours). Both the answer and the accepted answers are folded, so
/// folding a word that has no other spelling does no harm.
fn us_spelling(w: &str) -> String {
    let mut w = w
        .replace("haem", "hem")
        .replace("oe", "e")
        .replace("ae", "e");
    for (uk, us) in [("tre", "ter"), ("bre", "ber")] {
        for plural in ["", "s"] {
            let end = format!("{uk}{plural}");
            if w.len() >= end.len() + 2 && w.ends_with(&end) {
                w.truncate(w.len() - end.len());
                w.push_str(us);
                w.push_str(plural);
            }
        }
    }
    for (uk, us) in [
        ("isation", "ization"),
        ("ising", "izing"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("ise", "ize"),
    ] {
        if w.len() >= uk.len() + 2 && w.ends_with(uk) {
            w.truncate(w.len() - uk.len());
            w.push_str(us);
            break;
        }
    }
    if w.len() >= 5
        && let Some(i) = w[1..].find("our").map(|i| i + 1)
    {
        w.replace_range(i..i + 3, "or");
    }
    w
}

/// A number, or a range of numbers, with the unit written after it (lower case, may be empty):
/// `125-150 mL`, `3 to 4 cm`, `140 ml`, `7`.
fn quantity(s: &str) -> Option<(f64, f64, String)> {
    let t = s.trim().replace('–', "-").replace(" to ", "-");
    let number = |x: &str| -> Option<(f64, usize)> {
        let x = x.trim_start();
        let n: String = x
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        n.parse::<f64>().ok().map(|v| (v, n.len()))
    };
    let (lo, used) = number(&t)?;
    let rest = t.trim_start()[used..].trim_start();
    let (hi, rest) = match rest.strip_prefix('-') {
        Some(r) => {
            let (hi, used) = number(r)?;
            (hi, r.trim_start()[used..].to_string())
        }
        None => (lo, rest.to_string()),
    };
    let unit = rest.trim().to_lowercase();
    (lo <= hi).then_some((lo, hi, unit))
}

/// How many typos a word of `len` characters may have: none up to 5 letters (optic/otic,
/// ilium/ileum), one up to 11, then one in six.
fn allowed_typos(len: usize) -> usize {
    match len {
        0..=5 => 0,
        6..=11 => 1,
        _ => len / 6,
    }
}

/// Judges `given` against the accepted answers (the first is the one shown).
pub fn judge(given: &str, accepted: &[String]) -> Verdict {
    let g = normalize(given);
    if g.is_empty() {
        return Verdict::Wrong;
    }
    for a in accepted {
        if normalize(a) == g {
            return Verdict::Right;
        }
        // A number inside an accepted range, or a range inside it; a unit, when both give one,
        // must be the same.
        if let (Some((lo, hi, unit)), Some((x, y, given_unit))) = (quantity(a), quantity(given))
            && (unit.is_empty() || given_unit.is_empty() || unit == given_unit)
            && lo <= x
            && y <= hi
            && quantity_is_whole(a)
            && quantity_is_whole(given)
        {
            return Verdict::Right;
        }
    }
    let best = accepted
        .iter()
        .filter_map(|a| typos(&normalize(a), &g).map(|d| (d, a)))
        .min_by_key(|x| x.0);
    match best {
        Some((_, a)) => Verdict::Close {
            expected: a.clone(),
        },
        None => Verdict::Wrong,
    }
}

/// Whether the text is nothing but a quantity (so `CN 7 nerve` is not read as `7`).
fn quantity_is_whole(s: &str) -> bool {
    quantity(s)
        .is_some_and(|(_, _, unit)| unit.split_whitespace().count() <= 1 && !unit.contains('-'))
}

/// The number of typos between two normalized answers, when each word is within its own
/// tolerance: short words, numbers and Roman numerals must be exact.
fn typos(expected: &str, given: &str) -> Option<usize> {
    let e: Vec<&str> = expected.split(' ').collect();
    let g: Vec<&str> = given.split(' ').collect();
    if e.len() != g.len() {
        return None;
    }
    let roman = |w: &str| w.chars().all(|c| matches!(c, 'i' | 'v' | 'x' | 'l' | 'c'));
    let mut total = 0;
    for (a, b) in e.iter().zip(&g) {
        let d = strsim::damerau_levenshtein(a, b);
        if d == 0 {
            continue;
        }
        let exact = [a, b]
            .iter()
            .any(|w| w.chars().any(|c| c.is_ascii_digit()) || roman(w));
        if exact || d > allowed_typos(a.chars().count()) {
            return None;
        }
        total += d;
    }
    (total > 0).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acc(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn forgives_case_accents_articles_and_punctuation() {
        let a = acc(&["sphenoid", "os sphenoidale"]);
        assert_eq!(judge("  The Sphenoid. ", &a), Verdict::Right);
        assert_eq!(judge("os sphénoidale", &a), Verdict::Right);
        assert_eq!(judge("ethmoid", &a), Verdict::Wrong);
    }

    #[test]
    fn folds_british_and_us_spelling() {
        assert_eq!(
            judge(
                "anulus fibrosus",
                &acc(&["annulus fibrosus", "anulus fibrosus"])
            ),
            Verdict::Right
        );
        assert_eq!(
            judge(
                "subarachnoid hemorrhage",
                &acc(&["subarachnoid haemorrhage"])
            ),
            Verdict::Right
        );
        assert_eq!(judge("oesophagus", &acc(&["esophagus"])), Verdict::Right);
        assert_eq!(judge("fiber", &acc(&["fibre"])), Verdict::Right);
    }

    #[test]
    fn accepts_a_small_typo_and_says_so() {
        let a = acc(&["tentorium cerebelli"]);
        assert_eq!(
            judge("tentorium cerebeli", &a),
            Verdict::Close {
                expected: "tentorium cerebelli".into()
            }
        );
        assert_eq!(judge("falx cerebri", &a), Verdict::Wrong);
    }

    #[test]
    fn short_words_need_to_be_exact() {
        assert_eq!(judge("CN V", &acc(&["CN VI"])), Verdict::Wrong);
        assert_eq!(judge("L2", &acc(&["L1"])), Verdict::Wrong);
    }

    #[test]
    fn numeric_ranges_accept_values_inside() {
        let a = acc(&["125-150 mL"]);
        assert_eq!(judge("140", &a), Verdict::Right);
        assert_eq!(judge("140 ml", &a), Verdict::Right);
        assert_eq!(judge("130 to 150", &a), Verdict::Right);
        assert_eq!(judge("500", &a), Verdict::Wrong);
        assert_eq!(judge("7", &acc(&["7", "seven"])), Verdict::Right);
        assert_eq!(judge("8", &acc(&["7", "seven"])), Verdict::Wrong);
    }

    #[test]
    fn near_homonyms_and_numerals_are_wrong_not_typos() {
        assert_eq!(
            judge("CN VII", &acc(&["vestibulocochlear nerve", "CN VIII"])),
            Verdict::Wrong
        );
        assert_eq!(judge("ileum", &acc(&["ilium"])), Verdict::Wrong);
        assert_eq!(judge("otic", &acc(&["optic"])), Verdict::Wrong);
        assert_eq!(
            judge("occipitl", &acc(&["occipital"])),
            Verdict::Close {
                expected: "occipital".into()
            }
        );
    }

    #[test]
    fn more_british_and_us_forms() {
        assert_eq!(
            judge("sensory fibers", &acc(&["sensory fibres"])),
            Verdict::Right
        );
        assert_eq!(judge("colorless", &acc(&["colourless"])), Verdict::Right);
        assert_eq!(judge("tumors", &acc(&["tumours"])), Verdict::Right);
        assert_eq!(judge("ossified", &acc(&["ossified"])), Verdict::Right);
        assert_eq!(judge("centers", &acc(&["centres"])), Verdict::Right);
    }

    #[test]
    fn ranges_numbers_and_units() {
        let a = acc(&["125-150 mL"]);
        assert_eq!(
            judge("130-900", &a),
            Verdict::Wrong,
            "a range must lie inside"
        );
        assert_eq!(judge("130-140 ml", &a), Verdict::Right);
        assert_eq!(judge("140 L", &a), Verdict::Wrong, "another unit");
        assert_eq!(judge(".5", &acc(&["0.5"])), Verdict::Right);
        assert_eq!(judge("4th", &acc(&["4", "four"])), Verdict::Right);
        assert_eq!(judge("20 mmH2O", &acc(&["6-25 cmH2O"])), Verdict::Wrong);
        assert_eq!(judge("L1", &acc(&["L1-L2", "L1", "L2"])), Verdict::Right);
        assert_eq!(judge("L3", &acc(&["L1-L2", "L1", "L2"])), Verdict::Wrong);
    }

    #[test]
    fn every_accepted_answer_of_the_built_in_decks_is_judged_right() {
        let lib = crate::deck::library::standard(None);
        let mut checked = 0;
        for d in &lib.decks {
            for c in &d.deck.cards {
                if let crate::deck::CardKind::Typed { answers, .. } = &c.kind {
                    for a in answers {
                        assert_eq!(
                            judge(a, answers),
                            Verdict::Right,
                            "{}/{}: {a}",
                            d.deck.id,
                            c.id
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 300, "{checked}");
    }

    #[test]
    fn suggested_grades() {
        assert_eq!(Verdict::Right.suggested(), Grade::Good);
        assert_eq!(Verdict::Wrong.suggested(), Grade::Again);
    }
}
