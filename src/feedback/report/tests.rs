//! The ranking: evidence weighs, flags count, copies of a flag count once.

use super::*;
use crate::feedback::file::{FLAGS_FORMAT, FlagRecord, PROGRESS_FORMAT};

fn t(s: &str) -> Timestamp {
    format!("2026-12-01T{s}:00Z").parse().unwrap()
}

fn rec(item: &str, answers: u32, lapses: u32) -> CardRecord {
    CardRecord {
        deck: "d".into(),
        deck_version: 1,
        item: item.into(),
        answers,
        lapses: Some(lapses),
        difficulty: Some(5.0),
        stability: Some(3.0),
        history: None,
        flag: None,
    }
}

fn file(format: &str, cards: Vec<CardRecord>) -> ExportFile {
    ExportFile {
        format: format.into(),
        name: None,
        exported_at: t("12:00"),
        cards,
    }
}

fn order(r: &Report) -> Vec<&str> {
    r.cards.iter().map(|c| c.item.as_str()).collect()
}

#[test]
fn much_evidence_of_lapses_outranks_a_little() {
    // d/few: one student, 2 answers, 1 lapse (50%); d/many: three students, 30 answers,
    // 12 lapses (40%); d/easy: 30 answers, no lapse.
    let students = [
        vec![
            rec("d/few", 2, 1),
            rec("d/many", 10, 4),
            rec("d/easy", 10, 0),
        ],
        vec![rec("d/many", 10, 4), rec("d/easy", 10, 0)],
        vec![rec("d/many", 10, 4), rec("d/easy", 10, 0)],
    ];
    let files: Vec<ExportFile> = students
        .into_iter()
        .map(|c| file(PROGRESS_FORMAT, c))
        .collect();
    let r = merge(&files);
    assert_eq!(order(&r), ["d/many", "d/few", "d/easy"]);
    let many = &r.cards[0];
    assert_eq!((many.students, many.answers, many.lapses), (3, 30, 12));
    assert_eq!(many.lapse_rate, Some(0.4));
    assert_eq!(many.mean_difficulty, Some(5.0));
    assert!((r.class_lapse_rate - 13.0 / 62.0).abs() < 1e-12);
}

#[test]
fn a_flag_lifts_a_card_and_its_copy_counts_once() {
    let mut flagged = rec("d/b", 10, 1);
    flagged.flag = Some(FlagRecord {
        at: t("10:00"),
        note: Some("the answer contradicts the source".into()),
    });
    let progress = file(PROGRESS_FORMAT, vec![rec("d/a", 10, 2), flagged.clone()]);
    // The same student's flags export holds the same flag again.
    let mut copy = flagged;
    copy.lapses = None;
    copy.difficulty = None;
    copy.history = Some(Vec::new());
    let flags = file(FLAGS_FORMAT, vec![copy]);
    let r = merge(&[flags, progress]);
    assert_eq!(order(&r), ["d/b", "d/a"]);
    let b = &r.cards[0];
    assert_eq!(b.students, 1, "the copy is not another student");
    assert_eq!(b.flags.len(), 1);
    assert_eq!(
        b.flags[0].note.as_deref(),
        Some("the answer contradicts the source")
    );
    assert_eq!(r.files, 2);
}

#[test]
fn flags_exports_alone_give_no_lapse_rate() {
    let mut only = rec("d/x", 3, 0);
    only.lapses = None;
    only.difficulty = None;
    only.flag = Some(FlagRecord {
        at: t("09:00"),
        note: None,
    });
    let r = merge(&[file(FLAGS_FORMAT, vec![only])]);
    let x = &r.cards[0];
    assert_eq!((x.answers, x.counted_answers, x.lapse_rate), (3, 0, None));
    assert_eq!(x.mean_difficulty, None);
    assert!((x.score - FLAG_WEIGHT).abs() < 1e-12);
}
