//! Normalising answers before they are compared: case, accents, punctuation, a leading article,
//! ordinal endings and British spellings.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower case, accents and punctuation removed, spaces collapsed, leading article dropped,
/// ordinal endings dropped (`4th` -> `4`), British spellings folded to US ones.
pub fn normalize(s: &str) -> String {
    let folded: String = s
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
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
        .map(|w| fold_word(&w))
        .collect();
    without_article(words).join(" ")
}

/// The words as written (case, accents and spelling kept), split where `normalize` splits them,
/// so a word can be quoted back to the learner as they typed it.
pub fn written_words(s: &str) -> Vec<String> {
    let spaced: String = s
        .chars()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| {
            if c.is_alphanumeric() || c == '.' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let words = spaced
        .split_whitespace()
        .map(|w| w.trim_matches('.'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    without_article(words)
}

/// Drops a leading `the`, `a` or `an` unless it is the only word.
fn without_article(mut words: Vec<String>) -> Vec<String> {
    let article = words
        .first()
        .is_some_and(|w| ["the", "a", "an"].iter().any(|a| w.eq_ignore_ascii_case(a)));
    if article && words.len() > 1 {
        words.remove(0);
    }
    words
}

/// The ordinal and spelling folding of one lower-case word.
pub(super) fn fold_word(w: &str) -> String {
    us_spelling(&drop_ordinal(w))
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
            if let Some(stem) = w.strip_suffix(&end)
                && stem.chars().count() >= 2
            {
                w = format!("{stem}{us}{plural}");
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
        if let Some(stem) = w.strip_suffix(uk)
            && stem.chars().count() >= 2
        {
            w = format!("{stem}{us}");
            break;
        }
    }
    // Positions from `match_indices` are always character boundaries, and `our` is ASCII.
    if w.chars().count() >= 5
        && let Some((i, _)) = w.match_indices("our").find(|(i, _)| *i > 0)
    {
        w.replace_range(i..i + 3, "or");
    }
    w
}
