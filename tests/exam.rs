//! The exam plan through the real binary: setting and clearing the date, the plan's figures,
//! `new_per_day: auto` pacing line mode, and what is said once the exam is over.

mod bin_support;

use bin_support::{run, stderr, stdout};

const NOW: &str = "2026-12-02T10:00:00Z";

fn config(home: &std::path::Path) -> String {
    std::fs::read_to_string(home.join("config.ron")).unwrap_or_default()
}

#[test]
fn exam_sets_shows_and_clears_the_date_keeping_the_config_s_comments() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    std::fs::write(
        h.join("config.ron"),
        "// my settings\n(\n    desired_retention: 0.9, // as Anki\n)\n",
    )
    .unwrap();
    let out = run(h, NOW, &["exam"], "");
    assert!(out.status.success());
    assert!(
        stdout(&out).contains("No exam date is set"),
        "{}",
        stdout(&out)
    );

    // A day that has passed is refused, and the config is left as it was.
    let out = run(h, NOW, &["exam", "2026-11-30"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("has passed"), "{}", stderr(&out));
    let out = run(h, NOW, &["exam", "next friday"], "");
    assert!(
        stderr(&out).contains("not a date like 2027-03-01"),
        "{}",
        stderr(&out)
    );
    assert!(!config(h).contains("exam_date"));

    let out = run(h, NOW, &["exam", "2027-02-15"], "");
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Exam date set to 2027-02-15"), "{text}");
    assert!(text.contains("Exam 2027-02-15 in 75 days"), "{text}");
    assert!(
        text.contains("new a day meets them all by 2027-02-07"),
        "{text}"
    );
    assert!(text.contains("Predicted recall on the exam day:"), "{text}");
    assert!(text.contains("0% if you stop today"), "{text}");
    let c = config(h);
    assert!(
        c.starts_with("// my settings\n(\n    desired_retention: 0.9, // as Anki\n"),
        "{c}"
    );
    assert!(c.contains("exam_date: \"2027-02-15\""), "{c}");

    let out = run(h, NOW, &["exam", "--json"], "");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["state"], "ahead");
    assert_eq!(v["days_left"], 75);
    let recall = v["plan"]["outlook"]["recall_on_exam"].as_f64().unwrap();
    assert!(recall > 0.5 && recall <= 1.0, "{v}");

    let out = run(h, NOW, &["exam", "--clear"], "");
    assert!(out.status.success());
    let c = config(h);
    assert!(!c.contains("exam_date"), "{c}");
    assert!(c.contains("// as Anki"), "{c}");
}

/// Under `new_per_day: auto`, line mode says today's target and offers exactly that many new
/// items; once the exam is over it asks what comes next.
#[test]
fn auto_paces_new_items_by_the_plan_and_after_the_exam_asks_what_next() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    std::fs::write(
        h.join("config.ron"),
        "(new_per_day: auto, exam_date: \"2026-12-30\", prerequisites: off)\n",
    )
    .unwrap();
    let plan = run(h, NOW, &["exam", "--json"], "");
    let v: serde_json::Value = serde_json::from_slice(&plan.stdout).unwrap();
    let target = v["plan"]["new_per_day"].as_u64().unwrap();
    assert!(
        target > 20 && target <= 50,
        "21 days to meet every item: {v}"
    );
    // Enough "answer, Good" pairs to go through the day.
    let input = "1\n3\n".repeat(400);
    let out = run(h, NOW, &["study", "--plain"], &input);
    let text = stdout(&out);
    assert!(
        text.contains(&format!(
            "today's target is {target} new items (new_per_day: auto)"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "Today's target of {target} new cards from the exam plan is met"
        )),
        "{text}"
    );
    let stats = run(h, NOW, &["stats", "--json"], "");
    let s: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    let today = s["readiness"]["activity"]["days"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert!(today["reviews"].as_u64().unwrap() > 0, "{s}");
    let log = std::fs::read_to_string(h.join("data/reviews.log")).unwrap();
    let new = log.lines().filter(|l| l.ends_with(",New)")).count() as u64;
    assert_eq!(new, target, "new items met today");

    let after = run(h, "2027-01-03T10:00:00Z", &["study", "--plain"], "q\n");
    let text = stdout(&after);
    assert!(
        text.contains("Your exam on 2026-12-30 is over. What next?"),
        "{text}"
    );
    let exam = run(h, "2027-01-03T10:00:00Z", &["exam"], "");
    assert!(
        stdout(&exam).contains("was 4 days ago"),
        "{}",
        stdout(&exam)
    );
}

#[test]
fn a_read_only_config_is_not_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let path = h.join("config.ron");
    let text = "(\n    exam_date: \"2027-03-01\",\n)\n";
    std::fs::write(&path, text).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    for args in [&["exam", "--clear"][..], &["exam", "2027-04-01"]] {
        let out = run(h, NOW, args, "");
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stdout(&out));
        assert!(stderr(&out).contains("read-only"), "{}", stderr(&out));
        assert_eq!(config(h), text);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o444);
    }
}

#[test]
fn clearing_when_no_date_is_set_says_so_and_leaves_the_config_alone() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let out = run(h, NOW, &["exam", "--clear"], "");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("No exam date was set"),
        "{}",
        stdout(&out)
    );
    assert!(
        !h.join("config.ron").exists(),
        "no config is written for nothing"
    );
}

#[test]
fn under_auto_the_end_of_new_cards_names_the_plan_not_a_limit_to_raise() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    std::fs::write(
        h.join("config.ron"),
        "(new_per_day: auto, exam_date: \"2027-01-30\", prerequisites: off)\n",
    )
    .unwrap();
    let plan = run(h, NOW, &["exam", "--json"], "");
    assert!(
        !stdout(&plan).contains("-0.0"),
        "a negative zero: {}",
        stdout(&plan)
    );
    let plan: serde_json::Value = serde_json::from_slice(&plan.stdout).unwrap();
    let target = plan["plan"]["new_per_day"].as_u64().unwrap();
    assert!((10..=50).contains(&target), "{plan}");
    let out = run(h, NOW, &["study", "--plain"], &"1\n3\n".repeat(400));
    let text = stdout(&out);
    assert!(
        text.contains(&format!(
            "Today's target of {target} new cards from the exam plan is met"
        )),
        "{text}"
    );
    assert!(
        !text.contains("`new_per_day` in config.ron raises it"),
        "{text}"
    );
}
