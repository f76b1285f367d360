//! Progress shared through a sync folder, with the real binary: homes studying in turn agree,
//! the settings in config.ron move the old log into the folder, a device killed in the middle
//! of an answer leaves a log the others read, and git with `merge=union` carries it too
//! (docs/reliability.md lists each promise and its test).

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};

mod bin_support;

use bin_support::{somadeck, stderr, stdout};

fn with_sync(home: &Path, sync: &Path, now: &str, args: &[&str], input: &str) -> Output {
    somadeck(home, now)
        .env("SOMADECK_SYNC_DIR", sync)
        .args(args)
        .write_stdin(input)
        .output()
        .unwrap()
}

fn study(home: &Path, sync: &Path, now: &str, answers: usize) {
    let out = with_sync(
        home,
        sync,
        now,
        &["study", "--plain"],
        &"1\n3\n".repeat(answers),
    );
    assert!(out.status.success(), "{}", stderr(&out));
}

fn stats(home: &Path, sync: &Path, now: &str) -> serde_json::Value {
    let out = with_sync(home, sync, now, &["stats", "--json"], "");
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Complete `Review(` lines in the `.log` files of `dir`.
fn reviews_in(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "log"))
        .map(|p| {
            let bytes = std::fs::read(p).unwrap();
            bytes
                .split_inclusive(|&b| b == b'\n')
                .filter(|l| l.ends_with(b"\n") && l.starts_with(b"Review("))
                .count()
        })
        .sum()
}

#[test]
fn two_homes_studying_in_turn_show_the_same_stats() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, sync) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("sync"),
    );
    for (day, home) in [&a, &b, &a, &b].into_iter().enumerate() {
        study(home, &sync, &format!("2026-11-{}T10:00:00Z", 23 + day), 3);
    }
    let now = "2026-11-28T10:00:00Z";
    let (sa, sb) = (stats(&a, &sync, now), stats(&b, &sync, now));
    assert_eq!(sa, sb);
    assert_eq!(sa["reviews"], 12);
    assert!(sa["seen"].as_u64().unwrap() >= 3, "{sa}");
    // `sync` lists both devices, with their answers.
    let out = with_sync(&a, &sync, now, &["sync"], "");
    let text = stdout(&out);
    assert_eq!(text.matches("6 answer(s)").count(), 2, "{text}");
    assert_eq!(text.matches("(this device)").count(), 1, "{text}");
    assert!(text.contains("last answer 2026-11-25 10:00 UTC"), "{text}");
}

#[test]
fn sync_dir_and_device_in_the_config_move_the_old_log_into_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    let plain = |args: &[&str], input: &str| {
        somadeck(&home, "2026-11-23T10:00:00Z")
            .args(args)
            .write_stdin(input)
            .output()
            .unwrap()
    };
    assert!(
        plain(&["study", "--plain"], &"1\n3\n".repeat(2))
            .status
            .success()
    );
    let before = std::fs::read(home.join("data/reviews.log")).unwrap();
    std::fs::write(
        home.join("config.ron"),
        "(sync_dir: \"../shared\", device: \"laptop\")",
    )
    .unwrap();
    assert!(plain(&["study", "--plain"], "1\n3\n").status.success());
    let log = std::fs::read(tmp.path().join("shared/laptop.log")).unwrap();
    assert!(
        log.starts_with(&before),
        "the old lines come first, unchanged"
    );
    assert_eq!(reviews_in(&tmp.path().join("shared")), 3);
    assert!(!home.join("data/reviews.log").exists());
    let reviews = |out: &Output| -> serde_json::Value {
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["reviews"].clone()
    };
    assert_eq!(reviews(&plain(&["stats", "--json"], "")), 3);
    // Sync off again: said so; what is studied meanwhile joins the folder when it is back on.
    std::fs::write(home.join("config.ron"), "(device: \"laptop\")").unwrap();
    let out = plain(&["stats", "--json"], "");
    assert!(
        stderr(&out).contains("sync_dir is not set"),
        "{}",
        stderr(&out)
    );
    assert_eq!(reviews(&out), 0);
    // A day later: an answer identical to a logged one to the nanosecond would be that one.
    let next_day = somadeck(&home, "2026-11-24T10:00:00Z")
        .args(["study", "--plain"])
        .write_stdin("1\n3\n")
        .output()
        .unwrap();
    assert!(next_day.status.success());
    std::fs::write(
        home.join("config.ron"),
        "(sync_dir: \"../shared\", device: \"laptop\")",
    )
    .unwrap();
    assert_eq!(
        reviews(&plain(&["stats", "--json"], "")),
        4,
        "read before the move"
    );
    assert!(plain(&["study", "--plain"], "").status.success());
    assert_eq!(reviews_in(&tmp.path().join("shared")), 4);
    assert!(!home.join("data/reviews.log").exists());
    assert_eq!(reviews(&plain(&["stats", "--json"], "")), 4);
}

#[test]
fn a_device_killed_while_answering_leaves_a_log_the_others_read() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, sync) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("sync"),
    );
    std::fs::create_dir_all(&a).unwrap();
    std::fs::write(a.join("config.ron"), "(new_per_day: 10000)").unwrap();
    let now = "2026-11-23T10:00:00Z";
    let mut seed = 0x5eed_u64;
    for round in 0..20 {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("somadeck"))
            .env("SOMADECK_HOME", &a)
            .env("SOMADECK_NOW", now)
            .env("SOMADECK_SYNC_DIR", &sync)
            .env("TZ", "UTC")
            .args(["study", "--plain"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let stop_after = 1 + seed % 4;
        let (mut graded, mut line) = (0, String::new());
        while out.read_line(&mut line).unwrap() > 0 {
            if line.starts_with("Q:") {
                stdin.write_all(b"1\n").unwrap();
            } else if line.starts_with("Grade:") {
                stdin.write_all(b"3\n").unwrap();
                graded += 1;
                if graded == stop_after {
                    // While the answer is being written, the other device reads.
                    assert!(
                        with_sync(&b, &sync, now, &["stats", "--json"], "")
                            .status
                            .success()
                    );
                    break;
                }
            }
            line.clear();
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let logged = reviews_in(&sync);
        assert_eq!(stats(&b, &sync, now)["reviews"], logged, "round {round}");
    }
    assert!(reviews_in(&sync) >= 20);
}

#[test]
fn two_homes_with_one_device_name_are_warned_and_keep_every_answer() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, sync) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("sync"),
    );
    for home in [&a, &b] {
        std::fs::create_dir_all(home).unwrap();
        std::fs::write(home.join("config.ron"), "(device: \"lap\")").unwrap();
    }
    study(&a, &sync, "2026-11-23T10:00:00Z", 2);
    study(&b, &sync, "2026-11-24T10:00:00Z", 1);
    let now = "2026-11-25T10:00:00Z";
    let out = with_sync(&b, &sync, now, &["stats", "--json"], "");
    assert!(
        stderr(&out).contains("another machine uses the device name \"lap\""),
        "{}",
        stderr(&out)
    );
    let sync_out = stdout(&with_sync(&b, &sync, now, &["sync"], ""));
    assert!(sync_out.contains("Warnings:"), "{sync_out}");
    assert_eq!(stats(&a, &sync, now)["reviews"], 3);
    assert_eq!(stats(&a, &sync, now), stats(&b, &sync, now));
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
}

#[test]
fn git_with_merge_union_merges_two_branches_without_losing_an_answer() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("git is not installed: skipped");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, repo) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("repo"),
    );
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    std::fs::write(repo.join(".gitattributes"), "*.log merge=union\n").unwrap();
    study(&a, &repo, "2026-11-23T10:00:00Z", 2);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "a"]);
    // Two branches: a studies on one, b on the other, and a again on the second too (a clone
    // that had not pulled yet), so a's log changed on both sides.
    git(&repo, &["checkout", "-qb", "other"]);
    study(&b, &repo, "2026-11-24T10:00:00Z", 2);
    study(&a, &repo, "2026-11-24T11:00:00Z", 1);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "b"]);
    git(&repo, &["checkout", "-q", "main"]);
    study(&a, &repo, "2026-11-24T12:00:00Z", 1);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "a again"]);
    git(&repo, &["merge", "-q", "--no-edit", "other"]);
    let now = "2026-11-26T10:00:00Z";
    let (sa, sb) = (stats(&a, &repo, now), stats(&b, &repo, now));
    assert_eq!(sa, sb);
    assert_eq!(sa["reviews"], 6);
}
