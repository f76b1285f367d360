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
    let installed = home.path().join("decks/images/shapes.svg");
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
