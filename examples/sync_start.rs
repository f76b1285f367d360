//! Times a start with `sync_dir`: three devices' logs of `N` answers in all (default 300000),
//! first start (copy the other logs in, fold all), a start with nothing new, and a start after
//! another device answered 10 more cards:
//! `cargo run --release --example sync_start -- 300000`.

use std::io::Write;
use std::time::Instant;

use rustc_hash::FxHashMap;
use somadeck::config::Config;
use somadeck::progress_file::Access;
use somadeck::schedule::Grade;
use somadeck::study::{Event, ReviewKind};
use somadeck::sync_setting::SyncSetting;

fn answer(i: usize, minute: i64) -> Event {
    Event::Review {
        item: format!("skull/card-{}", i % 2000),
        at: jiff::Timestamp::from_second(1_767_225_600 + minute * 60).expect("time"),
        grade: if i.is_multiple_of(7) {
            Grade::Again
        } else {
            Grade::Good
        },
        ms: 4000,
        kind: ReviewKind::Review,
    }
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .map_or(300_000, |a| a.parse().expect("a number of answers"));
    let tmp = tempfile::tempdir().expect("tempdir");
    let (data, sync) = (tmp.path().join("data"), tmp.path().join("sync"));
    std::fs::create_dir_all(&sync).expect("sync folder");
    for (d, name) in ["desk", "tablet", "laptop"].iter().enumerate() {
        let mut text = String::new();
        for i in (d..n).step_by(3) {
            text.push_str(&ron::to_string(&answer(i, i as i64)).expect("encode"));
            text.push('\n');
        }
        std::fs::write(sync.join(format!("{name}.log")), text).expect("write a log");
    }
    let setting = SyncSetting {
        dir: sync.clone(),
        device: Some("laptop".into()),
    };
    let sched = somadeck::open::scheduler(&Config::default()).expect("scheduler");
    let start = |what: &str| {
        let t = Instant::now();
        let (_, progress, _) = somadeck::progress_sync::open(
            &data,
            &setting,
            &sched,
            Access::Write,
            &FxHashMap::default(),
            &somadeck::study::Collection::default(),
        )
        .expect("open");
        println!("{what}: {:?} ({} reviews)", t.elapsed(), progress.reviews);
    };
    start("first start (copy in, fold all)");
    start("nothing new");
    let mut desk = std::fs::OpenOptions::new()
        .append(true)
        .open(sync.join("desk.log"))
        .expect("desk log");
    for i in 0..10 {
        let line = ron::to_string(&answer(n + i, (n + i) as i64)).expect("encode");
        writeln!(desk, "{line}").expect("append");
    }
    start("10 newer answers from another device");
}
