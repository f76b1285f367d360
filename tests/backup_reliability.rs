//! The day's backup is made on a background thread while study goes on: a process killed at
//! any moment of it leaves no backup under a dated name that is not a whole prefix of the log,
//! and the next start makes a good one (docs/reliability.md, "Backups").

use std::path::{Path, PathBuf};
use std::time::Duration;

mod bin_support;

use bin_support::{run, spawn_plain};

const NOW: &str = "2026-11-23T10:00:00Z";
/// An old date, so that this copy is never today's and is always the newest other backup.
const SEEDED: &str = "reviews-2000-01-03.log";

/// xorshift: repeatable pseudo-random numbers without a dependency.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// A log of about 10 MB of real records: a few answers, their lines repeated.
fn big_log(home: &Path) -> Vec<u8> {
    let out = run(home, NOW, &["study", "--plain"], &"1\n3\n".repeat(8));
    assert!(out.status.success());
    let log = home.join("data/reviews.log");
    let lines = std::fs::read(&log).unwrap();
    let mut big = Vec::with_capacity(11 << 20);
    while big.len() < 10 << 20 {
        big.extend_from_slice(&lines);
    }
    std::fs::write(&log, &big).unwrap();
    std::fs::remove_file(home.join("data/state.bin")).unwrap();
    // The first study session began with an empty log, so it made no backup.
    std::fs::create_dir_all(home.join("data/backups")).unwrap();
    big
}

fn dated_backups(backups: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(backups)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.starts_with("reviews-") && name.ends_with(".log")
        })
        .collect()
}

/// Every backup under a dated name is a prefix of the log that ends at a line.
fn assert_backups_are_prefixes(backups: &Path, log: &[u8], round: usize) {
    for path in dated_backups(backups) {
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            log.starts_with(&bytes) && bytes.ends_with(b"\n"),
            "round {round}: {} ({} bytes) is not a whole prefix of the log",
            path.display(),
            bytes.len()
        );
    }
}

#[test]
fn sigkill_during_the_background_backup_never_leaves_a_torn_backup() {
    let home = tempfile::tempdir().unwrap();
    let log = big_log(home.path());
    let backups = home.path().join("data/backups");
    let mut rng = Rng(0x0bac_c0de_5eed);
    // The first start rebuilds progress from the whole log and writes a snapshot.
    assert!(
        run(home.path(), NOW, &["study", "--plain"], "q\n")
            .status
            .success()
    );
    let mut abandoned = 0;
    for round in 0..40 {
        // Only the seeded copy: this start makes today's backup again, comparing the log
        // with the seed instead of parsing it.
        for path in dated_backups(&backups) {
            std::fs::remove_file(path).unwrap();
        }
        std::fs::write(backups.join(SEEDED), &log).unwrap();
        let mut child = spawn_plain(home.path(), NOW);
        std::thread::sleep(Duration::from_millis(rng.below(400)));
        child.kill().unwrap();
        child.wait().unwrap();
        let log_now = std::fs::read(home.path().join("data/reviews.log")).unwrap();
        assert_backups_are_prefixes(&backups, &log_now, round);
        abandoned += bin_support::files_starting_with(&backups, ".reviews-");
    }
    eprintln!("temp files left by killed backups, over 40 rounds: {abandoned}");
    // The next start makes (or keeps) a whole backup and removes what killed ones left.
    let out = run(home.path(), NOW, &["study", "--plain"], "q\n");
    assert!(out.status.success(), "{}", bin_support::stderr(&out));
    let log_now = std::fs::read(home.path().join("data/reviews.log")).unwrap();
    assert_backups_are_prefixes(&backups, &log_now, 40);
    let whole = dated_backups(&backups)
        .into_iter()
        .any(|p| p.file_name().unwrap() != SEEDED && std::fs::read(&p).unwrap() == log_now);
    assert!(whole, "today's backup holds the whole log");
    assert_eq!(bin_support::files_starting_with(&backups, ".reviews-"), 0);
}
