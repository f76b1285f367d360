//! Judging typed answers to anatomical terms: forgiving of case, accents, punctuation, a leading
//! article, British/US spelling and small typos, but not of a "typo" that is itself another
//! known term (`afferent` for `efferent`); numeric ranges accept any value inside.

mod lexicon;
mod normalize;
mod terms;
#[cfg(test)]
mod tests;

use rustc_hash::FxHashSet as HashSet;

pub use lexicon::Lexicon;
pub use normalize::normalize;
use normalize::written_words;

use crate::schedule::Grade;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Right,
    /// Accepted with a typo; `expected` is the answer it was matched to.
    Close {
        expected: String,
    },
    /// Wrong: a word of the answer is another known term (`given`) in place of `expected`,
    /// near enough to pass for a typo or a known opposite of it.
    OtherTerm {
        given: String,
        expected: String,
    },
    Wrong,
}

impl Verdict {
    /// The grade to suggest: right -> Good, a typo -> Hard, wrong or another term -> Again.
    pub fn suggested(&self) -> Grade {
        match self {
            Verdict::Right => Grade::Good,
            Verdict::Close { .. } => Grade::Hard,
            Verdict::OtherTerm { .. } | Verdict::Wrong => Grade::Again,
        }
    }

    pub fn is_accepted(&self) -> bool {
        matches!(self, Verdict::Right | Verdict::Close { .. })
    }
}

/// A number, or a range of numbers, with the unit written after it (lower case, may be empty):
/// `125-150 mL`, `3 to 4 cm`, `140 ml`, `7`.
fn quantity(s: &str) -> Option<(f64, f64, String)> {
    let t = s.trim().replace('–', "-").replace(" to ", "-");
    // The length of the leading number in bytes; it is all ASCII, so a boundary.
    let number = |x: &str| -> Option<(f64, usize)> {
        let x = x.trim_start();
        let n: String = x
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        n.parse::<f64>().ok().map(|v| (v, n.len()))
    };
    let (lo, used) = number(&t)?;
    let rest = t.trim_start().get(used..)?.trim_start();
    let (hi, rest) = match rest.strip_prefix('-') {
        Some(r) => {
            let (hi, used) = number(r)?;
            (hi, r.trim_start().get(used..)?.to_string())
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

/// Judges `given` against the accepted answers (the first is the one shown); `lexicon` holds
/// the other terms a near miss may be.
pub fn judge(given: &str, accepted: &[String], lexicon: &Lexicon) -> Verdict {
    let g = normalize(given);
    if g.is_empty() {
        return Verdict::Wrong;
    }
    let norm: Vec<String> = accepted.iter().map(|a| normalize(a)).collect();
    for (a, n) in accepted.iter().zip(&norm) {
        if *n == g {
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
    // A word some accepted answer uses is never "another term" for this card.
    let own: HashSet<&str> = norm.iter().flat_map(|n| n.split(' ')).collect();
    let mut close: Option<(usize, &String)> = None;
    let mut other: Option<(&String, usize)> = None;
    for (a, n) in accepted.iter().zip(&norm) {
        match compare(n, &g, lexicon, &own) {
            Some(Near::Typos(d)) if close.is_none_or(|c| d < c.0) => close = Some((d, a)),
            Some(Near::OtherTerm(word)) if other.is_none() => other = Some((a, word)),
            _ => {}
        }
    }
    // A near miss that passes as a typo of one accepted answer is that typo, even when it is
    // another term next to a second one: the learner most likely meant the first.
    if let Some((_, a)) = close {
        return Verdict::Close {
            expected: a.clone(),
        };
    }
    match other {
        Some((a, word)) => Verdict::OtherTerm {
            given: shown_word(given, &g, word),
            expected: shown_word(a, &normalize(a), word),
        },
        None => Verdict::Wrong,
    }
}

/// Word `i` of `text` as it was written, or as normalized when the two split differently.
fn shown_word(text: &str, normalized: &str, i: usize) -> String {
    let written = written_words(text);
    let norm: Vec<&str> = normalized.split(' ').collect();
    if written.len() == norm.len()
        && let Some(w) = written.get(i)
    {
        return w.clone();
    }
    norm.get(i).map_or_else(String::new, |w| (*w).to_string())
}

/// Whether the text is nothing but a quantity (so `CN 7 nerve` is not read as `7`).
fn quantity_is_whole(s: &str) -> bool {
    quantity(s)
        .is_some_and(|(_, _, unit)| unit.split_whitespace().count() <= 1 && !unit.contains('-'))
}

/// How a given answer that is not right is near an accepted one.
#[derive(Debug, PartialEq, Eq)]
enum Near {
    /// Within typo tolerance: this many typos in all.
    Typos(usize),
    /// Word `i` is another known term, or the known opposite of the expected word, and every
    /// other word is right or a typo.
    OtherTerm(usize),
}

/// Compares two normalized answers word by word. Short words, numbers and Roman numerals must
/// be exact; a word may differ by its own tolerance unless it is another known term.
fn compare(expected: &str, given: &str, lexicon: &Lexicon, own: &HashSet<&str>) -> Option<Near> {
    let e: Vec<&str> = expected.split(' ').collect();
    let g: Vec<&str> = given.split(' ').collect();
    if e.len() != g.len() {
        return None;
    }
    let roman = |w: &str| w.chars().all(|c| matches!(c, 'i' | 'v' | 'x' | 'l' | 'c'));
    let mut total = 0;
    let mut other = None;
    for (i, (a, b)) in e.iter().zip(&g).enumerate() {
        if a == b {
            continue;
        }
        let foreign = !own.contains(b);
        if foreign && lexicon.are_opposites(a, b) {
            other.get_or_insert(i);
            continue;
        }
        let d = strsim::damerau_levenshtein(a, b);
        let exact = [a, b]
            .iter()
            .any(|w| w.chars().any(|c| c.is_ascii_digit()) || roman(w));
        if exact || d > allowed_typos(a.chars().count()) {
            return None;
        }
        if foreign && lexicon.is_word(b) && !same_word(a, b) {
            other.get_or_insert(i);
        }
        total += d;
    }
    match other {
        Some(i) => Some(Near::OtherTerm(i)),
        None => (total > 0).then_some(Near::Typos(total)),
    }
}

/// Whether two words are forms of one word (`nerve`/`nerves`, `vertebra`/`vertebrae`,
/// `ganglion`/`ganglia`): some stem left after dropping a common ending is shared.
fn same_word(a: &str, b: &str) -> bool {
    const ENDINGS: [&str; 9] = ["es", "s", "a", "e", "i", "us", "um", "is", "on"];
    let stems = |w: &'_ str| -> Vec<String> {
        let mut v = vec![w.to_string()];
        v.extend(
            ENDINGS
                .iter()
                .filter_map(|e| w.strip_suffix(e))
                .filter(|s| s.chars().count() >= 3)
                .map(str::to_string),
        );
        v
    };
    let sa = stems(a);
    stems(b).iter().any(|s| sa.contains(s))
}
