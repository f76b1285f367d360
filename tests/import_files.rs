//! `somadeck import` with files as teachers have them: a deck file already at the target (a
//! hand-written deck must survive, an earlier import's output is replaced) and spreadsheets
//! saved as CSV with `;` between cells, as LibreOffice and Excel do where `,` is the decimal
//! separator.

mod bin_support;

use std::path::Path;

use bin_support::{run, stderr, stdout};

const NOW: &str = "2027-01-15T09:00:00Z";

fn import(home: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    run(home, NOW, &all, "")
}

fn write_csv(dir: &Path) -> String {
    let csv = dir.join("cards.csv");
    std::fs::write(&csv, "front,back\nWhich bone holds the sella?,sphenoid\n").unwrap();
    csv.to_str().unwrap().to_string()
}

#[test]
fn a_file_import_did_not_write_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write_csv(dir.path());
    let mine = dir.path().join("my-deck.ron");
    let hand_written = "// my deck, three evenings of work\nDeck(id: \"my-deck\")\n";
    std::fs::write(&mine, hand_written).unwrap();
    let out = import(dir.path(), &[&csv, "--out", mine.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), hand_written);
    let said = stderr(&out);
    assert!(
        said.contains("my-deck.ron") && said.contains("not written by `somadeck import`"),
        "{said}"
    );
}

#[test]
fn importing_again_replaces_the_file_the_last_import_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write_csv(dir.path());
    let deck = dir.path().join("deck.ron");
    let first = import(dir.path(), &[&csv, "--out", deck.to_str().unwrap()]);
    assert!(first.status.success(), "{}", stderr(&first));
    std::fs::write(
        &csv,
        "front,back\nWhich bone holds the sella?,sphenoid\nAnd the foramen magnum?,occipital\n",
    )
    .unwrap();
    let again = import(dir.path(), &[&csv, "--out", deck.to_str().unwrap()]);
    assert!(
        again.status.success(),
        "{}{}",
        stdout(&again),
        stderr(&again)
    );
    assert!(
        std::fs::read_to_string(&deck)
            .unwrap()
            .contains("foramen magnum")
    );
}

#[test]
fn a_csv_with_semicolons_between_cells_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("tabelle.csv");
    std::fs::write(
        &csv,
        "\u{feff}Frage;Antwort\r\nWas bildet den Liquor?;\"Plexus choroideus; Ependym\"\r\n\
         Welcher Knochen trägt die Sella, kurz?;Keilbein\r\n",
    )
    .unwrap();
    let deck = dir.path().join("deck.ron");
    let out = import(
        dir.path(),
        &[
            csv.to_str().unwrap(),
            "--map",
            "Frage=front",
            "--map",
            "Antwort=back",
            "--out",
            deck.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let text = std::fs::read_to_string(&deck).unwrap();
    assert!(text.contains("\"Plexus choroideus; Ependym\""), "{text}");
    assert!(
        text.contains("Welcher Knochen trägt die Sella, kurz?"),
        "{text}"
    );
}

#[test]
fn the_check_command_suggested_for_warnings_can_be_pasted_into_a_shell() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write_csv(dir.path());
    let deck = dir.path().join("out dir").join("my deck.ron");
    let out = import(dir.path(), &[&csv, "--out", deck.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let quoted = format!("`somadeck check '{}'`", deck.display());
    assert!(stdout(&out).contains(&quoted), "{}", stdout(&out));
}

#[test]
fn renamed_from_is_read_and_a_clash_is_the_rows_error() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("renames.csv");
    std::fs::write(
        &csv,
        "id,renamed_from,front,back\n\
         sella-bone,sella | sella-old,Which bone holds the sella?,sphenoid\n\
         magnum,,Which bone has the foramen magnum?,occipital\n\
         clash,magnum,Names a live card?,no\n\
         twice,sella-old,Claims an old id again?,no\n",
    )
    .unwrap();
    let deck = dir.path().join("deck.ron");
    let out = import(
        dir.path(),
        &[csv.to_str().unwrap(), "--out", deck.to_str().unwrap()],
    );
    let said = stdout(&out);
    assert!(out.status.success(), "{said}{}", stderr(&out));
    assert!(
        said.contains("renames.csv:4:1: error: card 'clash'"),
        "{said}"
    );
    assert!(
        said.contains("renames.csv:5:1: error: card 'twice'"),
        "{said}"
    );
    assert!(said.contains("2 rows skipped"), "{said}");
    let loaded = somadeck::deck::load::load_path(&deck).deck.unwrap().deck;
    assert_eq!(loaded.cards[0].renamed_from, ["sella", "sella-old"]);
}

#[test]
fn export_never_writes_over_a_deck_file() {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("my-deck.ron");
    let source = "Deck(id: \"my-deck\", title: \"Mine\", cards: [])\n";
    std::fs::write(&deck, source).unwrap();
    for to in ["csv", "anki"] {
        let out = run(
            dir.path(),
            NOW,
            &[
                "export",
                "skull",
                "--to",
                to,
                "--out",
                deck.to_str().unwrap(),
            ],
            "",
        );
        assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
        assert!(stderr(&out).contains(".ron"), "{}", stderr(&out));
        assert_eq!(std::fs::read_to_string(&deck).unwrap(), source);
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_at_the_target_is_refused_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write_csv(dir.path());
    let fifo = dir.path().join("pipe.ron");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).unwrap();
    let out = bin_support::somadeck(dir.path(), NOW)
        .args(["import", &csv, "--out", fifo.to_str().unwrap()])
        // A hang guard only: the command answers at once when it works.
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("not written by `somadeck import`"),
        "{}",
        stderr(&out)
    );
}
