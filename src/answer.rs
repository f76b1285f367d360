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
/// British spellings folded to US ones.
pub fn normalize(s: &str) -> String {
    let folded: String = s
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'æ' => 'e',
            'œ' => 'e',
            c if c.is_alphanumeric() || c == '.' => c,
            _ => ' ',
        })
        .collect();
    let words: Vec<String> = folded
        .split_whitespace()
        .map(|w| w.trim_matches('.'))
        .filter(|w| !w.is_empty())
        .map(us_spelling)
        .collect();
    let start = usize::from(
        matches!(words.first().map(String::as_str), Some("the" | "a" | "an")) && words.len() > 1,
    );
    words[start..].join(" ")
}

/// British to US spelling for the patterns common in anatomy (haem, oe, ae, -re, -ise).
fn us_spelling(w: &str) -> String {
    let mut w = w
        .replace("haem", "hem")
        .replace("oe", "e")
        .replace("ae", "e");
    for (uk, us) in [
        ("tre", "ter"),
        ("bre", "ber"),
        ("ise", "ize"),
        ("isation", "ization"),
    ] {
        if w.len() >= uk.len() + 2 && w.ends_with(uk) {
            w.truncate(w.len() - uk.len());
            w.push_str(us);
        }
    }
    w
}

/// A number range written in an answer such as `125-150 mL` or `3 to 4 cm`.
fn range_of(s: &str) -> Option<(f64, f64)> {
    let t = s.replace('–', "-").replace(" to ", "-");
    let (a, rest) = t.split_once('-')?;
    let a: f64 = a.trim().parse().ok()?;
    let b_str: String = rest
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let b: f64 = b_str.parse().ok()?;
    (a <= b).then_some((a, b))
}

/// The number a typed answer gives, ignoring a unit after it (`140 ml` -> 140).
fn number_of(s: &str) -> Option<f64> {
    let t = s.trim();
    let n: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    if n.is_empty() {
        return None;
    }
    n.parse().ok()
}

/// How many typos a word of `len` characters may have: about one in six, none under 4.
fn allowed_typos(len: usize) -> usize {
    if len < 4 { 0 } else { (len / 6).max(1) }
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
        if let (Some((lo, hi)), Some(n)) = (range_of(a), number_of(given))
            && (lo..=hi).contains(&n)
        {
            return Verdict::Right;
        }
        if let (Some((lo, hi)), Some((x, y))) = (range_of(a), range_of(given))
            && lo <= x
            && y <= hi
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

/// The number of typos between two normalized answers, when each word is within its own
/// tolerance (so short words, numbers and Roman numerals must be exact).
fn typos(expected: &str, given: &str) -> Option<usize> {
    let e: Vec<&str> = expected.split(' ').collect();
    let g: Vec<&str> = given.split(' ').collect();
    if e.len() != g.len() {
        return None;
    }
    let mut total = 0;
    for (a, b) in e.iter().zip(&g) {
        let d = strsim::damerau_levenshtein(a, b);
        let digits = a.chars().any(|c| c.is_ascii_digit()) || b.chars().any(|c| c.is_ascii_digit());
        if d > 0 && (digits || d > allowed_typos(a.chars().count())) {
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
    fn suggested_grades() {
        assert_eq!(Verdict::Right.suggested(), Grade::Good);
        assert_eq!(Verdict::Wrong.suggested(), Grade::Again);
    }
}
