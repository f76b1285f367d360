//! Judging: the forgiving cases, the near misses that are other terms, and the built-in decks.

use super::*;

use crate::deck::{CardKind, Deck, cloze};

/// Judged with the curated lexicon alone.
fn judge_(given: &str, accepted: &[String]) -> Verdict {
    judge(given, accepted, &Lexicon::default())
}

fn other(given: &str, expected: &str) -> Verdict {
    Verdict::OtherTerm {
        given: given.into(),
        expected: expected.into(),
    }
}

fn close(expected: &str) -> Verdict {
    Verdict::Close {
        expected: expected.into(),
    }
}

fn built_in() -> Vec<Deck> {
    crate::deck::library::standard(None)
        .decks
        .into_iter()
        .map(|d| d.deck)
        .collect()
}

/// Every list of accepted answers in `decks`: typed cards and cloze deletions.
fn accepted_lists(decks: &[Deck]) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for d in decks {
        for c in &d.cards {
            let name = format!("{}/{}", d.id, c.id);
            match &c.kind {
                CardKind::Typed { answers, .. } => out.push((name, answers.clone())),
                CardKind::Cloze { text, .. } => {
                    for del in cloze::deletions(text).unwrap() {
                        out.push((name.clone(), del.answers));
                    }
                }
                _ => {}
            }
        }
    }
    out
}

fn acc(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn forgives_case_accents_articles_and_punctuation() {
    let a = acc(&["sphenoid", "os sphenoidale"]);
    assert_eq!(judge_("  The Sphenoid. ", &a), Verdict::Right);
    assert_eq!(judge_("os sphénoidale", &a), Verdict::Right);
    assert_eq!(judge_("ethmoid", &a), Verdict::Wrong);
}

#[test]
fn folds_british_and_us_spelling() {
    assert_eq!(
        judge_(
            "anulus fibrosus",
            &acc(&["annulus fibrosus", "anulus fibrosus"])
        ),
        Verdict::Right
    );
    assert_eq!(
        judge_(
            "subarachnoid hemorrhage",
            &acc(&["subarachnoid haemorrhage"])
        ),
        Verdict::Right
    );
    assert_eq!(judge_("oesophagus", &acc(&["esophagus"])), Verdict::Right);
    assert_eq!(judge_("fiber", &acc(&["fibre"])), Verdict::Right);
}

#[test]
fn accepts_a_small_typo_and_says_so() {
    let a = acc(&["tentorium cerebelli"]);
    assert_eq!(
        judge_("tentorium cerebeli", &a),
        Verdict::Close {
            expected: "tentorium cerebelli".into()
        }
    );
    assert_eq!(judge_("falx cerebri", &a), Verdict::Wrong);
}

#[test]
fn short_words_need_to_be_exact() {
    assert_eq!(judge_("CN V", &acc(&["CN VI"])), Verdict::Wrong);
    assert_eq!(judge_("L2", &acc(&["L1"])), Verdict::Wrong);
}

#[test]
fn numeric_ranges_accept_values_inside() {
    let a = acc(&["125-150 mL"]);
    assert_eq!(judge_("140", &a), Verdict::Right);
    assert_eq!(judge_("140 ml", &a), Verdict::Right);
    assert_eq!(judge_("130 to 150", &a), Verdict::Right);
    assert_eq!(judge_("500", &a), Verdict::Wrong);
    assert_eq!(judge_("7", &acc(&["7", "seven"])), Verdict::Right);
    assert_eq!(judge_("8", &acc(&["7", "seven"])), Verdict::Wrong);
}

#[test]
fn near_homonyms_and_numerals_are_wrong_not_typos() {
    assert_eq!(
        judge_("CN VII", &acc(&["vestibulocochlear nerve", "CN VIII"])),
        Verdict::Wrong
    );
    assert_eq!(judge_("ileum", &acc(&["ilium"])), other("ileum", "ilium"));
    assert_eq!(judge_("otic", &acc(&["optic"])), other("otic", "optic"));
    assert_eq!(judge_("ilim", &acc(&["ilium"])), Verdict::Wrong);
    assert_eq!(
        judge_("occipitl", &acc(&["occipital"])),
        Verdict::Close {
            expected: "occipital".into()
        }
    );
}

#[test]
fn more_british_and_us_forms() {
    assert_eq!(
        judge_("sensory fibers", &acc(&["sensory fibres"])),
        Verdict::Right
    );
    assert_eq!(judge_("colorless", &acc(&["colourless"])), Verdict::Right);
    assert_eq!(judge_("tumors", &acc(&["tumours"])), Verdict::Right);
    assert_eq!(judge_("ossified", &acc(&["ossified"])), Verdict::Right);
    assert_eq!(judge_("centers", &acc(&["centres"])), Verdict::Right);
}

#[test]
fn ranges_numbers_and_units() {
    let a = acc(&["125-150 mL"]);
    assert_eq!(
        judge_("130-900", &a),
        Verdict::Wrong,
        "a range must lie inside"
    );
    assert_eq!(judge_("130-140 ml", &a), Verdict::Right);
    assert_eq!(judge_("140 L", &a), Verdict::Wrong, "another unit");
    assert_eq!(judge_(".5", &acc(&["0.5"])), Verdict::Right);
    assert_eq!(judge_("4th", &acc(&["4", "four"])), Verdict::Right);
    assert_eq!(judge_("20 mmH2O", &acc(&["6-25 cmH2O"])), Verdict::Wrong);
    assert_eq!(judge_("L1", &acc(&["L1-L2", "L1", "L2"])), Verdict::Right);
    assert_eq!(judge_("L3", &acc(&["L1-L2", "L1", "L2"])), Verdict::Wrong);
}

#[test]
fn every_accepted_answer_of_the_built_in_decks_is_judged_right() {
    let decks = built_in();
    let lexicon = Lexicon::from_decks(&decks);
    let lists = accepted_lists(&decks);
    for (card, answers) in &lists {
        for a in answers {
            assert_eq!(judge(a, answers, &lexicon), Verdict::Right, "{card}: {a}");
        }
    }
    assert!(lists.len() > 300, "{}", lists.len());
}

#[test]
fn suggested_grades() {
    assert_eq!(Verdict::Right.suggested(), Grade::Good);
    assert_eq!(Verdict::Wrong.suggested(), Grade::Again);
    assert_eq!(other("a", "b").suggested(), Grade::Again);
    assert!(!other("a", "b").is_accepted());
    assert!(close("a").is_accepted());
}

#[test]
fn afferent_is_not_a_typo_of_efferent_on_the_built_in_card() {
    let decks = built_in();
    let lexicon = Lexicon::from_decks(&decks);
    let card = decks
        .iter()
        .flat_map(|d| &d.cards)
        .find(|c| c.id == "efferent-fibre")
        .unwrap();
    let CardKind::Typed { answers, .. } = &card.kind else {
        panic!("efferent-fibre is typed");
    };
    assert_eq!(
        judge("afferent", answers, &lexicon),
        other("afferent", "efferent")
    );
    assert_eq!(
        judge("Afferent fibres", answers, &lexicon),
        other("Afferent", "efferent")
    );
    assert_eq!(judge("eferent", answers, &lexicon), close("efferent"));
}

/// The traps found on a custom deck: each word a typo away from the answer, and each a term.
#[test]
fn other_terms_one_typo_away_are_wrong_on_a_custom_deck() {
    let deck: Deck = crate::deck::load::parse(
        "custom.ron",
        br#"Deck(id: "c", title: "C", cards: [
            Card(id: "a", front: "Inside the skull?", answers: ["intracranial"]),
            Card(id: "b", front: "The midline plane?", answers: ["median"]),
            Card(id: "c", front: "Toward the belly?", answers: ["ventral"]),
        ])"#,
    )
    .deck
    .unwrap()
    .deck;
    let lexicon = Lexicon::from_decks(&[deck]);
    let j = |given: &str, answer: &str| judge(given, &acc(&[answer]), &lexicon);
    assert_eq!(
        j("extracranial", "intracranial"),
        other("extracranial", "intracranial")
    );
    assert_eq!(j("medial", "median"), other("medial", "median"));
    assert_eq!(j("mesial", "median"), other("mesial", "median"));
    assert_eq!(j("central", "ventral"), other("central", "ventral"));
    assert_eq!(j("intracranal", "intracranial"), close("intracranial"));
    assert_eq!(j("meidan", "median"), close("median"));
    assert_eq!(j("ventrl", "ventral"), close("ventral"));
}

#[test]
fn known_opposites_are_named_at_any_distance() {
    let j = |given: &str, answer: &str| judge_(given, &acc(&[answer]));
    assert_eq!(j("inferior", "superior"), other("inferior", "superior"));
    assert_eq!(j("Superior", "inferior"), other("Superior", "inferior"));
    assert_eq!(j("posterior", "anterior"), other("posterior", "anterior"));
    assert_eq!(j("dorsal", "ventral"), other("dorsal", "ventral"));
    assert_eq!(j("caudal", "cranial"), other("caudal", "cranial"));
    assert_eq!(
        j("hypotonic", "hypertonic"),
        other("hypotonic", "hypertonic")
    );
    assert_eq!(
        j("hypolordosis", "hyperlordosis"),
        other("hypolordosis", "hyperlordosis")
    );
    assert_eq!(
        j("supination", "pronation"),
        other("supination", "pronation")
    );
    assert_eq!(j("eversion", "inversion"), other("eversion", "inversion"));
    assert_eq!(j("adduction", "abduction"), other("adduction", "abduction"));
    assert_eq!(
        j("parasympathetic", "sympathetic"),
        other("parasympathetic", "sympathetic")
    );
    assert_eq!(
        j("infraspinatus", "supraspinatus"),
        other("infraspinatus", "supraspinatus")
    );
    // A prefix swap needs no list: `subscapular` for `suprascapular`.
    assert_eq!(
        j("subscapular nerve", "suprascapular nerve"),
        other("subscapular", "suprascapular")
    );
    assert_eq!(
        j("postganglionic", "preganglionic"),
        other("postganglionic", "preganglionic")
    );
    // The opposite inside an answer whose other words are wrong is just wrong.
    assert_eq!(j("inferior vena", "superior orbital"), Verdict::Wrong);
}

#[test]
fn real_typos_stay_close() {
    let j = |given: &str, answer: &str| judge_(given, &acc(&[answer]));
    assert_eq!(j("posterir", "posterior"), close("posterior"));
    assert_eq!(j("cranail", "cranial"), close("cranial"));
    assert_eq!(j("superoir", "superior"), close("superior"));
    assert_eq!(j("afferant", "afferent"), close("afferent"));
    assert_eq!(j("supinaton", "supination"), close("supination"));
    assert_eq!(j("intracranail", "intracranial"), close("intracranial"));
    // Another form of the same word is not another term, though both are known.
    assert_eq!(j("nerve", "nerves"), close("nerves"));
    assert_eq!(j("suture", "sutures"), close("sutures"));
}

#[test]
fn a_word_the_card_itself_accepts_is_not_another_term() {
    // `sensory` and `motor` are opposites, but this card accepts both words.
    let a = acc(&["sensory and motor", "motor and sensory"]);
    assert_eq!(judge_("motor and sensory", &a), Verdict::Right);
    let a = acc(&["sensory root", "dorsal root"]);
    assert_eq!(judge_("dorsal root", &a), Verdict::Right);
    assert_eq!(judge_("ventral root", &a), other("ventral", "dorsal"));
}

#[test]
fn a_typo_of_one_accepted_answer_wins_over_another_term() {
    // `vertebra` is a known word one letter from `vertebral`, and a form of `vertebras`.
    let a = acc(&["vertebral", "vertebras"]);
    assert_eq!(judge_("vertebra", &a), close("vertebras"));
    assert_eq!(
        judge_("vertebra", &acc(&["vertebral"])),
        other("vertebra", "vertebral")
    );
}

#[test]
fn the_lexicon_holds_answers_options_and_cloze_gaps() {
    let deck: Deck = crate::deck::load::parse(
        "custom.ron",
        br#"Deck(id: "c", title: "C", cards: [
            Card(id: "a", front: "Q", answers: ["Glabellar Notch"]),
            Card(id: "b", front: "Q", choices: ["quadratus", "trapezius"], correct: "trapezius"),
            Card(id: "c", cloze: "The {{pterion|pterional point}} is thin."),
            Card(id: "d", front: "Q", back: "backword"),
            Card(id: "e", front: "Q", choices: ["one two three four five six seven", "x"], correct: "x"),
        ])"#,
    )
    .deck
    .unwrap()
    .deck;
    let lexicon = Lexicon::from_decks(&[deck]);
    for w in [
        "glabellar",
        "notch",
        "quadratus",
        "trapezius",
        "pterion",
        "pterional",
    ] {
        assert!(lexicon.is_word(w), "{w}");
    }
    assert!(
        !lexicon.is_word("backword"),
        "backs are sentences, not terms"
    );
    assert!(
        !lexicon.is_word("seven"),
        "a sentence offered as a choice is not a term"
    );
    assert!(Lexicon::default().is_word("efferent"));
}

#[test]
fn multi_byte_first_words_do_not_panic() {
    let lexicon = Lexicon::default();
    for given in [
        "øyour",
        "Жжжжж",
        "ßours",
        "αβγδε",
        "éour",
        "ñoursñ",
        "ø our",
    ] {
        for answer in ["tumours", "colour", "efferent", "125-150 mL", "øyours"] {
            let v = judge(given, &acc(&[answer]), &lexicon);
            assert!(
                !matches!(v, Verdict::Right) || given == answer,
                "{given}: {v:?}"
            );
        }
    }
    assert_eq!(normalize("Øyour"), "øyor", "folded like any other `our`");
}

#[test]
fn typos_of_built_in_answers_are_close_unless_they_make_a_known_word() {
    let decks = built_in();
    let lexicon = Lexicon::from_decks(&decks);
    let mut checked = 0;
    for (card, answers) in accepted_lists(&decks) {
        let n = normalize(&answers[0]);
        let Some(word) = n.split(' ').find(|w| w.len() >= 7 && w.is_ascii()) else {
            continue;
        };
        // Swap two letters in the middle of the word: one typo.
        let mut b = word.as_bytes().to_vec();
        b.swap(3, 4);
        let typo_word = String::from_utf8(b).unwrap();
        // (A swap that spelling folding undoes, such as `oe`, is not a typo here.)
        if typo_word == word || lexicon.is_word(&typo_word) || normalize(&typo_word) != typo_word {
            continue;
        }
        let typo = n.replacen(word, &typo_word, 1);
        assert_eq!(
            judge(&typo, &answers, &lexicon),
            close(&answers[0]),
            "{card}: {typo}"
        );
        checked += 1;
    }
    assert!(checked > 100, "{checked}");
}
