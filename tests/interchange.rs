//! `somadeck import` and `somadeck export` through the real binary: CSV quoting, Anki's
//! plain-text files (headers as in the Anki manual, "Importing > Text Files > File Headers",
//! https://docs.ankiweb.net/importing/text-files.html#file-headers), bad rows, `--strict`,
//! stable ids, and export -> import round trips on every built-in deck.

mod bin_support;

use std::path::Path;

use bin_support::{run, stderr, stdout};
use somadeck::deck::{CardKind, Deck, library, load};

const NOW: &str = "2027-01-15T09:00:00Z";
const FIXTURE: &str = "tests/fixtures/interchange/anki-notes.txt";

fn load_deck(path: &Path) -> Deck {
    let parsed = load::load_path(path);
    let errors: Vec<String> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    parsed.deck.unwrap().deck
}

/// `somadeck check FILE` exits 0: the deck has no errors.
fn passes_check(home: &Path, file: &Path) {
    let out = run(home, NOW, &["check", file.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", stdout(&out));
}

fn import(home: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    run(home, NOW, &all, "")
}

#[test]
fn csv_cells_with_quoted_commas_and_line_breaks_survive() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("my cards.csv");
    std::fs::write(
        &csv,
        "front,back,explanation,tags\n\
         \"Bones of the vault, named\",\"frontal, parietal\noccipital\",\"He said \"\"yes\"\"\",exam | vault\n\
         Which bone holds the sella turcica?,sphenoid,,\n",
    )
    .unwrap();
    let out_file = dir.path().join("deck.ron");
    let out = import(
        dir.path(),
        &[csv.to_str().unwrap(), "--out", out_file.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains("imported 2 cards"),
        "{}",
        stdout(&out)
    );
    passes_check(dir.path(), &out_file);
    let deck = load_deck(&out_file);
    assert_eq!(deck.id, "my-cards");
    let c = &deck.cards[0];
    assert_eq!(c.id, "bones-of-the-vault-named");
    assert_eq!(
        c.kind,
        CardKind::Basic {
            front: "Bones of the vault, named".into(),
            back: "frontal, parietal\noccipital".into(),
            reverse: false
        }
    );
    assert_eq!(c.explain, "He said \"yes\"");
    assert_eq!(c.tags, ["exam", "vault"]);
    assert_eq!(deck.cards[1].id, "which-bone-holds-the-sella-turcica");
}

#[test]
fn without_out_the_deck_goes_to_its_id_in_the_current_folder() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = std::fs::canonicalize(FIXTURE).unwrap();
    let out = bin_support::somadeck(dir.path(), NOW)
        .current_dir(dir.path())
        .args(["import", fixture.to_str().unwrap(), "--deck-id", "mine"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains("imported 5 cards into mine.ron"),
        "{}",
        stdout(&out)
    );
    assert_eq!(load_deck(&dir.path().join("mine.ron")).id, "mine");
}

#[test]
fn an_anki_plain_text_file_becomes_basic_reversed_and_cloze_cards() {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("anki.ron");
    let out = import(dir.path(), &[FIXTURE, "--out", out_file.to_str().unwrap()]);
    let text = stdout(&out);
    assert!(out.status.success(), "{text}{}", stderr(&out));
    // The Cloze note without a deletion is skipped, named by its line.
    assert!(
        text.contains(
            "anki-notes.txt:14:1: error: card 'anki-e5Xx7In1uS': a Cloze note needs a deletion"
        ),
        "{text}"
    );
    assert!(text.contains("1 row skipped"), "{text}");
    assert!(
        text.contains("note: 1 [sound:...] reference(s) dropped"),
        "{text}"
    );
    assert!(text.contains("note: 1 cloze hint(s) dropped"), "{text}");
    assert!(
        text.contains("note: 1 cloze note(s) used one number"),
        "{text}"
    );
    passes_check(dir.path(), &out_file);

    let deck = load_deck(&out_file);
    assert_eq!(deck.title, "Anatomy");
    let ids: Vec<&str> = deck.cards.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "anki-Ok_2b9rc_3a_2f_24L",
            "anki-b7Hq2Lm0xP",
            "anki-c1Zz9Kp3wQ",
            "anki-d4Yy8Jo2vR",
            "anki-f6Ww6Hm0tT"
        ]
    );
    assert_eq!(
        deck.cards[0].kind,
        CardKind::Basic {
            front: "Which bone holds the sella turcica?".into(),
            back: "the sphenoid bone\nat its body".into(),
            reverse: false
        }
    );
    assert_eq!(deck.cards[0].tags, ["skull", "exam"]);
    assert_eq!(deck.cards[0].topic.as_deref(), Some("skull"));
    assert_eq!(
        deck.cards[1].kind,
        CardKind::Basic {
            front: "pterion".into(),
            back: "where the frontal, parietal, temporal & sphenoid meet".into(),
            reverse: true
        }
    );
    assert_eq!(
        deck.cards[2].kind,
        CardKind::Cloze {
            text: "CSF is made by the {{choroid plexus}} and absorbed by the {{arachnoid granulations}}."
                .into(),
            gap: None
        }
    );
    assert_eq!(deck.cards[2].explain, "About 500 mL a day.");
    // One Anki number over two spans: two deletions in somadeck.
    assert_eq!(deck.cards[3].variants().len(), 3);
    assert_eq!(
        deck.cards[4].prompt_text(),
        "Quoted, with a tab\there and a\nline break"
    );
    let topics: Vec<(&str, &str)> = deck
        .topics
        .iter()
        .map(|t| (t.id.as_str(), t.title.as_str()))
        .collect();
    assert_eq!(
        topics,
        [("skull", "Skull"), ("csf", "CSF"), ("meninges", "Meninges")]
    );
}

#[test]
fn importing_again_keeps_the_ids_the_guids_gave() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.ron");
    assert!(
        import(dir.path(), &[FIXTURE, "--out", first.to_str().unwrap()])
            .status
            .success()
    );
    // The same notes, edited in Anki and exported again: other text, same GUIDs.
    let edited = dir.path().join("edited.txt");
    let text = std::fs::read_to_string(FIXTURE)
        .unwrap()
        .replace("sella turcica", "hypophyseal fossa")
        .replace("pterion", "the pterion");
    std::fs::write(&edited, text).unwrap();
    let second = dir.path().join("second.ron");
    let out = import(
        dir.path(),
        &[
            edited.to_str().unwrap(),
            "--format",
            "anki",
            "--deck-id",
            "anki-notes",
            "--out",
            second.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stdout(&out));
    let (a, b) = (load_deck(&first), load_deck(&second));
    assert_ne!(a.cards, b.cards);
    let ids = |d: &Deck| d.cards.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&a), ids(&b));
    assert_eq!(a.id, b.id);
}

#[test]
fn bad_rows_are_counted_and_strict_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("cards.tsv");
    std::fs::write(
        &tsv,
        "Question\tAnswer\tchoices\tcorrect\tkind\n\
         Largest foramen?\tforamen magnum\t\t\t\n\
         Which nerve?\t\tfacial | optic\tvagus\tchoice\n\
         How many cranial nerves?\t12\t\t\ttyped\n\
         A good one\tyes\t\t\tbasic\n",
    )
    .unwrap();
    let out_file = dir.path().join("cards.ron");
    let args = [
        tsv.to_str().unwrap(),
        "--map",
        "Question=front",
        "--map",
        "answer=back",
        "--out",
        out_file.to_str().unwrap(),
    ];
    let out = import(dir.path(), &args);
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("cards.tsv:3:1: error: card 'which-nerve': `correct` is `vagus`, which is not one of the `choices`"), "{text}");
    assert!(
        text.contains("cards.tsv:4:1: error: card 'how-many-cranial-nerves': `kind` says typed"),
        "{text}"
    );
    assert!(
        text.contains("imported 2 cards") && text.contains("2 rows skipped"),
        "{text}"
    );
    passes_check(dir.path(), &out_file);
    std::fs::remove_file(&out_file).unwrap();

    let mut strict = args.to_vec();
    strict.push("--strict");
    let out = import(dir.path(), &strict);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("2 row(s) could not be converted and --strict is set"));
    assert!(!out_file.exists());
}

#[test]
fn a_built_in_deck_id_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = import(
        dir.path(),
        &[FIXTURE, "--deck-id", "skull", "--out", "x.ron"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("`skull` is the id of a built-in deck"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_file_with_no_good_row_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("bad.csv");
    std::fs::write(&csv, "front,back,reverse\nQ,,\nR,S,maybe\n").unwrap();
    let out = import(dir.path(), &[csv.to_str().unwrap()]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("bad.csv:2:1: error:") && text.contains("bad.csv:3:1: error:"),
        "{text}"
    );
    assert!(
        text.contains("no row could be converted (2 skipped)"),
        "{text}"
    );
    assert!(!Path::new("bad.ron").exists() && !dir.path().join("bad.ron").exists());

    let none = dir.path().join("cols.csv");
    std::fs::write(&none, "question,answer\nQ,A\n").unwrap();
    let out = import(dir.path(), &[none.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("cols.csv:1:1: error: the first row must name the columns"));
}

/// The built-in deck as CSV can carry it: sources written out as the citations they stand for.
/// What a deck's CSV holds: sources written out, and no pictures (occlusion cards are left
/// out, a picture on another card is dropped).
fn csv_view(deck: &Deck) -> Deck {
    let mut d = deck.clone();
    d.cards
        .retain(|c| !matches!(c.kind, somadeck::deck::CardKind::Occlusion { .. }));
    for c in &mut d.cards {
        c.source = deck.cite(&c.source);
        c.picture = None;
    }
    d
}

#[test]
fn export_to_csv_then_import_gives_back_every_built_in_deck() {
    let dir = tempfile::tempdir().unwrap();
    let lib = library::standard(None);
    assert_eq!(lib.decks.len(), 12);
    for loaded in &lib.decks {
        let deck = &loaded.deck;
        let csv = dir.path().join(format!("{}.csv", deck.id));
        let out = run(
            dir.path(),
            NOW,
            &[
                "export",
                &deck.id,
                "--to",
                "csv",
                "--out",
                csv.to_str().unwrap(),
            ],
            "",
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let ron = dir.path().join(format!("{}.ron", deck.id));
        let out = import(
            dir.path(),
            &[
                csv.to_str().unwrap(),
                "--deck-id",
                "again",
                "--out",
                ron.to_str().unwrap(),
                "--strict",
            ],
        );
        assert!(out.status.success(), "{}: {}", deck.id, stdout(&out));
        let back = load_deck(&ron);
        let view = csv_view(deck);
        assert_eq!(back.cards, view.cards, "deck {}", deck.id);
        // Topics come back as the ids the cards use, in the order first used.
        let mut want: Vec<&str> = Vec::new();
        for t in view.cards.iter().filter_map(|c| c.topic.as_deref()) {
            if !want.contains(&t) {
                want.push(t);
            }
        }
        let got: Vec<&str> = back.topics.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(got, want, "deck {}", deck.id);
    }
}

#[test]
fn export_to_anki_writes_headers_one_line_per_note_and_guids_that_import_back() {
    let dir = tempfile::tempdir().unwrap();
    let lib = library::standard(None);
    let deck = &lib
        .decks
        .iter()
        .find(|d| d.deck.id == "meninges-dura")
        .unwrap()
        .deck;
    let out = run(dir.path(), NOW, &["export", "meninges-dura"], "");
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let mut lines = text.lines();
    let headers: Vec<&str> = lines.by_ref().take(6).collect();
    assert_eq!(
        headers,
        [
            "#separator:tab",
            "#html:true",
            "#guid column:1",
            "#notetype column:2",
            "#deck column:3",
            "#tags column:6"
        ]
    );
    let notes: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
    assert_eq!(notes.len(), deck.cards.len());
    for (n, card) in notes.iter().zip(&deck.cards) {
        assert_eq!(n.len(), 6, "{n:?}");
        assert_eq!(n[0], format!("somadeck/meninges-dura/{}", card.id));
        let want = match card.kind {
            CardKind::Basic { reverse: true, .. } => "Basic (and reversed card)",
            CardKind::Cloze { .. } => "Cloze",
            _ => "Basic",
        };
        assert_eq!(n[1], want);
        if want == "Cloze" {
            assert!(n[3].contains("{{c1::"), "{}", n[3]);
        }
    }
    // Anki's GUIDs bring the card ids back.
    let file = dir.path().join("m.txt");
    std::fs::write(&file, &text).unwrap();
    let ron = dir.path().join("m.ron");
    let out = import(
        dir.path(),
        &[file.to_str().unwrap(), "--out", ron.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stdout(&out));
    let back = load_deck(&ron);
    let ids = |d: &Deck| d.cards.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&back), ids(deck));
    assert_eq!(back.title, deck.title);
}

#[test]
fn export_names_the_decks_when_the_id_is_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), NOW, &["export", "nope"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no deck named nope; the decks are: "),
        "{}",
        stderr(&out)
    );
}
