//! The lexicon: every word the loaded decks accept, offer or hide in a cloze, plus the curated
//! anatomical words and opposites. A typo that lands on one of these words is not a typo but
//! another term, and judging says so.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::normalize::normalize;
use super::terms::{OPPOSITES, PREFIX_SWAPS, WORDS};
use crate::deck::{CardKind, Deck, cloze};

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
                CardKind::Basic { .. } => {}
            }
        }
        lex
    }

    /// Adds the words of a term (ignored when it reads like a sentence).
    pub fn add(&mut self, term: &str) {
        // Most answers are plain lower-case ASCII words already: skip normalising those.
        let plain = |w: &str| {
            w.bytes().all(|b| b.is_ascii_lowercase())
                && !["ae", "oe", "our", "re", "is"]
                    .iter()
                    .any(|p| w.contains(p))
        };
        if term.split(' ').count() == 1 && plain(term) {
            if !self.words.contains(term) {
                self.words.insert(term.to_string());
            }
            return;
        }
        let n = normalize(term);
        if n.split(' ').count() > TERM_WORDS {
            return;
        }
        for w in n.split(' ') {
            if w.chars().any(char::is_alphabetic) && !self.words.contains(w) {
                self.words.insert(w.to_string());
            }
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

    /// How many words the lexicon knows.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}
