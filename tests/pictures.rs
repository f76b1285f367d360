//! Picture and occlusion cards through the real binary: line mode puts the picture in words,
//! and `install` takes a deck's pictures along.

mod bin_support;

use bin_support::{run, somadeck, stdout};

const DAY1: &str = "2026-11-23T10:00:00Z";
const DECK: &str = "tests/fixtures/occlusion/shapes.ron";

#[test]
fn line_mode_describes_the_picture_and_judges_the_hidden_region_by_name() {
    let home = tempfile::tempdir().unwrap();
    assert!(
        run(home.path(), DAY1, &["install", DECK], "")
            .status
            .success()
    );
    let out = stdout(&run(
        home.path(),
        DAY1,
        &["study", "--plain", "shapes"],
        " Circle\n3\nq\n",
    ));
    assert!(
        out.contains("Picture: A teal circle on the left and an apricot square on the right"),
        "{out}"
    );
    assert!(
        out.contains("Hidden region: the round shape on the left"),
        "{out}"
    );
    assert!(
        out.contains("Q: What is the highlighted structure?"),
        "{out}"
    );
    // The other region's name is not read out before the answer.
    let question = out.split("A: ").next().unwrap();
    assert!(!question.contains("1 square"), "{question}");
    assert!(out.contains("A: circle  (also: disc)"), "{out}");
    assert!(out.contains("Right."), "{out}");
    let log = std::fs::read_to_string(home.path().join("data/reviews.log")).unwrap();
    assert!(log.contains("\"shapes/two-shapes#circle\""), "{log}");
}

#[test]
fn check_accepts_the_occlusion_fixture_and_install_copies_its_picture() {
    let home = tempfile::tempdir().unwrap();
    let out = run(home.path(), DAY1, &["check", "--strict", DECK], "");
    assert!(out.status.success(), "{}", stdout(&out));
    let out = run(home.path(), DAY1, &["install", DECK], "");
    assert!(out.status.success(), "{}", stdout(&out));
    let installed = home.path().join("decks/shapes/images/shapes.svg");
    assert_eq!(
        std::fs::read(&installed).unwrap(),
        std::fs::read("tests/fixtures/occlusion/images/shapes.svg").unwrap()
    );
    let out = somadeck(home.path(), DAY1)
        .args(["study", "--plain"])
        .write_stdin("q\n")
        .output()
        .unwrap();
    assert!(out.status.success());
    let decks = stdout(&run(home.path(), DAY1, &["decks"], ""));
    assert!(decks.contains("shapes"), "{decks}");
}

/// Writes deck `id` into `dir`, naming `images/shapes.svg`, with `svg` as that picture.
fn deck_with_picture(dir: &std::path::Path, id: &str, svg: &str) -> std::path::PathBuf {
    let text = std::fs::read_to_string(DECK)
        .unwrap()
        .replace("id: \"shapes\"", &format!("id: \"{id}\""));
    std::fs::create_dir_all(dir.join("images")).unwrap();
    std::fs::write(dir.join("images/shapes.svg"), svg).unwrap();
    let file = dir.join(format!("{id}.ron"));
    std::fs::write(&file, text).unwrap();
    file
}

#[test]
fn two_installed_decks_keep_their_own_pictures_of_the_same_name() {
    let home = tempfile::tempdir().unwrap();
    let src = tempfile::tempdir().unwrap();
    let first_svg = std::fs::read_to_string("tests/fixtures/occlusion/images/shapes.svg").unwrap();
    // The same name, another picture: half the width, so `first`'s square would lie outside it.
    let second_svg = first_svg
        .replace("width=\"200\"", "width=\"100\"")
        .replace("viewBox=\"0 0 200 100\"", "viewBox=\"0 0 100 100\"")
        .replace(
            "x=\"120\" y=\"20\" width=\"60\"",
            "x=\"60\" y=\"20\" width=\"30\"",
        );
    let second_deck = std::fs::read_to_string(DECK)
        .unwrap()
        .replace("id: \"shapes\"", "id: \"second\"")
        .replace(
            "Rect(x: 120, y: 20, w: 60, h: 60)",
            "Rect(x: 60, y: 20, w: 30, h: 60)",
        );
    let first = deck_with_picture(&src.path().join("a"), "first", &first_svg);
    let second = deck_with_picture(&src.path().join("b"), "second", &second_svg);
    std::fs::write(&second, second_deck).unwrap();

    for file in [&first, &second] {
        let out = run(home.path(), DAY1, &["install", file.to_str().unwrap()], "");
        assert!(out.status.success(), "{}", stdout(&out));
    }
    let out = run(home.path(), DAY1, &["check", "--strict"], "");
    assert!(out.status.success(), "{}", stdout(&out));
    let decks = stdout(&run(home.path(), DAY1, &["decks"], ""));
    assert!(
        decks.contains("first") && decks.contains("second"),
        "{decks}"
    );
    let picture_of = |id: &str| {
        std::fs::read_to_string(home.path().join(format!("decks/{id}/images/shapes.svg"))).unwrap()
    };
    assert_eq!(picture_of("first"), first_svg);
    assert_eq!(picture_of("second"), second_svg);

    // Uninstalling one deck takes its pictures with it and leaves the other whole.
    let out = run(home.path(), DAY1, &["uninstall", "first"], "");
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(!home.path().join("decks/first").exists());
    assert_eq!(picture_of("second"), second_svg);
    let out = run(home.path(), DAY1, &["check", "--strict"], "");
    assert!(out.status.success(), "{}", stdout(&out));
}

#[test]
fn a_deck_installed_before_pictures_had_folders_moves_into_its_own() {
    let home = tempfile::tempdir().unwrap();
    // The earlier layout: the deck beside the installed folder's shared `images/`.
    let old = deck_with_picture(
        &home.path().join("decks"),
        "shapes",
        &std::fs::read_to_string("tests/fixtures/occlusion/images/shapes.svg").unwrap(),
    );
    let decks = stdout(&run(home.path(), DAY1, &["decks"], ""));
    assert!(decks.contains("shapes"), "{decks}");
    let out = run(home.path(), DAY1, &["install", DECK], "");
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(
        !old.exists(),
        "the old copy is replaced, not kept beside the new one"
    );
    assert!(home.path().join("decks/shapes/shapes.ron").exists());
    let out = run(home.path(), DAY1, &["check", "--strict"], "");
    assert!(out.status.success(), "{}", stdout(&out));
    let out = run(home.path(), DAY1, &["uninstall", "shapes"], "");
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(!home.path().join("decks/shapes").exists());
    // The old layout's picture, named by no deck now, is gone too.
    assert!(!home.path().join("decks/images/shapes.svg").exists());
}

#[test]
fn export_says_what_becomes_of_a_basic_cards_picture() {
    let home = tempfile::tempdir().unwrap();
    let src = tempfile::tempdir().unwrap();
    let svg = std::fs::read_to_string("tests/fixtures/occlusion/images/shapes.svg").unwrap();
    let file = deck_with_picture(src.path(), "pictured", &svg);
    std::fs::write(
        &file,
        r#"Deck(id: "pictured", title: "Pictured", cards: [
    Card(id: "shapes", front: "Which shape is on the left?", back: "The circle.",
         image: "images/shapes.svg", alt: "A circle and a square side by side.",
         explain: "e", source: "s"),
])"#,
    )
    .unwrap();
    let out = run(home.path(), DAY1, &["install", file.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", stdout(&out));
    let txt = home.path().join("out.txt");
    let said = stdout(&run(
        home.path(),
        DAY1,
        &["export", "pictured", "--out", txt.to_str().unwrap()],
        "",
    ));
    assert!(
        said.contains("the pictures of 1 card are written as their descriptions"),
        "{said}"
    );
    let text = std::fs::read_to_string(&txt).unwrap();
    assert!(
        text.contains("<i>Picture: A circle and a square side by side.</i><br>Which shape"),
        "{text}"
    );
    let csv = home.path().join("out.csv");
    let said = stdout(&run(
        home.path(),
        DAY1,
        &[
            "export",
            "pictured",
            "--to",
            "csv",
            "--out",
            csv.to_str().unwrap(),
        ],
        "",
    ));
    assert!(
        said.contains("the pictures of 1 card are left out"),
        "{said}"
    );
}
