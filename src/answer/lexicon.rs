//! The lexicon: every word the loaded decks accept, offer or hide in a cloze, plus the curated
//! anatomical words and opposites. A typo that lands on one of these words is not a typo but
//! another term, and judging says so.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::normalize::{fold_word, normalize};
use super::terms::{OPPOSITES, PREFIX_SWAPS, WORDS};
use crate::deck::{CardKind, Deck, cloze};

/// Whether `fold_word` may change a lower-case ASCII word: it holds `ae`, `oe` or `ur` (as in
/// `our`), ends in `re`, `res` or an `-ise` form, or starts with a digit (an ordinal). A false
/// "yes" only costs the slower path.
fn may_fold(w: &[u8]) -> bool {
    let pair = w
        .windows(2)
        .any(|p| matches!(p, [b'a' | b'o', b'e'] | [b'u', b'r']));
    let end = matches!(w, [.., b'r', b'e'] | [.., b'r', b'e', b's'])
        || w.ends_with(b"ise")
        || w.ends_with(b"ised")
        || w.ends_with(b"ises")
        || w.ends_with(b"ising")
        || w.ends_with(b"isation");
    pair || end || w.first().is_some_and(u8::is_ascii_digit)
}

/// Texts longer than this many words (a sentence offered as a choice) are not terms; their
/// words would fill the lexicon with everyday English.
const TERM_WORDS: usize = 6;

/// Normalized words known to be terms, and the opposite of each word that has one.
#[derive(Debug, Clone)]
pub struct Lexicon {
    words: HashSet<String>,
    opposites: HashMap<String, Vec<String>>,
}

impl Default for Lexicon {
    /// The curated words and opposites alone.
    fn default() -> Self {
        let mut lex = Lexicon {
            words: HashSet::default(),
            opposites: HashMap::default(),
        };
        for w in WORDS {
            lex.add(w);
        }
        for (a, b) in OPPOSITES {
            let (a, b) = (normalize(a), normalize(b));
            lex.add(&a);
            lex.add(&b);
            lex.opposites.entry(a.clone()).or_default().push(b.clone());
            lex.opposites.entry(b).or_default().push(a);
        }
        lex
    }
}

impl Lexicon {
    /// The curated lexicon plus every answer, alternative, choice option and cloze deletion of
    /// `decks`.
    pub fn from_decks(decks: &[Deck]) -> Self {
        let mut lex = Lexicon::default();
        for card in decks.iter().flat_map(|d| &d.cards) {
            match &card.kind {
                CardKind::Typed { answers, .. } => answers.iter().for_each(|a| lex.add(a)),
                CardKind::Choice { choices, .. } => choices.iter().for_each(|c| lex.add(c)),
                CardKind::Cloze { text, .. } => {
                    for d in cloze::deletions(text).unwrap_or_default() {
                        d.answers.iter().for_each(|a| lex.add(a));
                    }
                }
                CardKind::Occlusion { regions, .. } => {
                    for r in regions {
                        lex.add(&r.label);
                        r.alternatives.iter().for_each(|a| lex.add(a));
                    }
                }
                CardKind::Basic { .. } => {}
            }
        }
        lex
    }

    /// Adds the words of a term (ignored when it reads like a sentence).
    pub fn add(&mut self, term: &str) {
        if term.is_ascii() {
            return self.add_ascii(term);
        }
        let n = normalize(term);
        if n.split(' ').count() > TERM_WORDS {
            return;
        }
        for w in n.split(' ') {
            self.insert(w);
        }
    }

    /// `add` for ASCII text, the usual case, without the Unicode folding that makes `normalize`
    /// cost a microsecond a call (10,000 cards hold some 30,000 answers and options). Gives the
    /// words `normalize` gives; only words that spelling or ordinals fold take its path.
    fn add_ascii(&mut self, term: &str) {
        let mut words = [""; TERM_WORDS];
        let mut n = 0;
        for w in term
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
            .map(|w| w.trim_matches('.'))
            .filter(|w| !w.is_empty())
        {
            let Some(slot) = words.get_mut(n) else { return };
            *slot = w;
            n += 1;
        }
        let mut lower = String::new();
        for w in words.iter().take(n) {
            lower.clear();
            lower.push_str(w);
            lower.make_ascii_lowercase();
            if may_fold(lower.as_bytes()) {
                self.insert(&fold_word(&lower));
            } else {
                self.insert(&lower);
            }
        }
    }

    /// Inserts a normalized word; articles and words without a letter are not terms.
    fn insert(&mut self, w: &str) {
        if matches!(w, "the" | "a" | "an") || !w.chars().any(char::is_alphabetic) {
            return;
        }
        if !self.words.contains(w) {
            self.words.insert(w.to_string());
        }
    }

    /// Whether a normalized word is a known term.
    pub fn is_word(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// Whether two normalized words are known opposites: a listed pair, or the same word with
    /// a listed prefix swapped (`intracranial`, `extracranial`).
    pub fn are_opposites(&self, a: &str, b: &str) -> bool {
        if self
            .opposites
            .get(a)
            .is_some_and(|o| o.iter().any(|x| x == b))
        {
            return true;
        }
        PREFIX_SWAPS.iter().any(|(p, q)| {
            [(p, q), (q, p)].iter().any(|(p, q)| {
                matches!(
                    (a.strip_prefix(**p), b.strip_prefix(**q)),
                    (Some(x), Some(y)) if x == y && x.chars().count() >= 3
                )
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty() -> Lexicon {
        Lexicon {
            words: HashSet::default(),
            opposites: HashMap::default(),
        }
    }

    #[test]
    fn the_ascii_shortcut_gives_the_words_normalize_gives() {
        let mut texts: Vec<String> = [
            "The Fibres",
            "4th ventricle",
            "haemorrhage",
            "Colour",
            ".5 mL",
            "centre of the disc",
            "Supraspinatus.",
            "Annulus fibrosus (anulus)",
            "L1-L2",
            "an ossified centre",
            "oesophagus",
            "organised tumours",
        ]
        .map(String::from)
        .to_vec();
        for card in crate::deck::library::standard(None)
            .decks
            .iter()
            .flat_map(|d| &d.deck.cards)
        {
            match &card.kind {
                CardKind::Typed { answers, .. } => texts.extend(answers.iter().cloned()),
                CardKind::Choice { choices, .. } => texts.extend(choices.iter().cloned()),
                CardKind::Cloze { text, .. } => texts.extend(
                    cloze::deletions(text)
                        .unwrap()
                        .into_iter()
                        .flat_map(|d| d.answers),
                ),
                CardKind::Occlusion { regions, .. } => texts.extend(
                    regions
                        .iter()
                        .flat_map(|r| std::iter::once(&r.label).chain(&r.alternatives))
                        .cloned(),
                ),
                CardKind::Basic { .. } => {}
            }
        }
        let mut compared = 0;
        for t in texts.iter().filter(|t| t.is_ascii()) {
            let n = normalize(t);
            if n.split(' ').count() >= TERM_WORDS {
                continue;
            }
            let mut fast = empty();
            fast.add(t);
            let mut slow = empty();
            n.split(' ').for_each(|w| slow.insert(w));
            assert_eq!(fast.words, slow.words, "{t}");
            compared += 1;
        }
        assert!(compared > 500, "{compared}");
    }

    #[test]
    fn opposites_are_listed_pairs_or_prefix_swaps() {
        let lex = Lexicon::default();
        assert!(lex.are_opposites("efferent", "afferent"));
        assert!(lex.are_opposites("extracranial", "intracranial"));
        assert!(lex.are_opposites("infrapatellar", "suprapatellar"));
        assert!(!lex.are_opposites("efferent", "eferent"));
        assert!(
            !lex.are_opposites("intra", "extra"),
            "a bare prefix is no word"
        );
        assert!(!lex.are_opposites("anterior", "enterior"));
    }
}
