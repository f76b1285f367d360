//! Property: whatever order the devices' lines arrive in, and whenever this device starts in
//! between (folding onto its snapshot or from the start) or answers, progress is the same as
//! folding every line arrived so far, sorted once by time, device and place in its log.

use std::fs;

use proptest::prelude::*;

use super::{Ev, device, ev, fold, home, line, open, start};

/// One step: a device's log gains some of its next lines (a copy that arrives), a conflict
/// copy of what it has so far appears, or this device answers and saves its snapshot.
#[derive(Debug, Clone)]
enum Step {
    Arrive { device: usize, lines: usize },
    ConflictCopy { device: usize },
    Answer { t: i64 },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        5 => (0..3usize, 1..4usize).prop_map(|(device, lines)| Step::Arrive { device, lines }),
        1 => (0..3usize).prop_map(|device| Step::ConflictCopy { device }),
        2 => (0..12i64).prop_map(|t| Step::Answer { t }),
    ]
}

const NAMES: [&str; 3] = ["a", "b", "n"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn any_arrival_order_folds_as_all_events_sorted_once(
        times in proptest::collection::vec(proptest::collection::vec(0..12i64, 0..8), 3),
        steps in proptest::collection::vec(step(), 1..14),
    ) {
        let h = home();
        let me = device("m", "x");
        // Each device's whole log, and how much of it has arrived.
        let logs: Vec<Vec<Ev>> = times.iter().enumerate().map(|(d, ts)| {
            ts.iter().enumerate().map(|(i, &t)| ev(t, (d as u32 + 1) * 100 + i as u32)).collect()
        }).collect();
        let mut arrived = [0usize; 3];
        let mut mine: Vec<Ev> = Vec::new();
        for (n, s) in steps.iter().enumerate() {
            match *s {
                Step::Arrive { device, lines } => {
                    arrived[device] = (arrived[device] + lines).min(logs[device].len());
                    let text: String = logs[device][..arrived[device]].iter().map(line).collect();
                    fs::write(h.sync.join(format!("{}.log", NAMES[device])), text).unwrap();
                }
                Step::ConflictCopy { device } => {
                    let text: String = logs[device][..arrived[device]].iter().map(line).collect();
                    let name = format!("{}.sync-conflict-2026-{n}.log", NAMES[device]);
                    fs::write(h.sync.join(name), text).unwrap();
                }
                Step::Answer { t } => {
                    let mut store = open(&h.data, &h.sync, &me);
                    let (mut ids, _) = fold(&mut store);
                    let e = ev(t, 900 + mine.len() as u32);
                    store.append(&e).unwrap();
                    ids.push(e.id);
                    store.save_snapshot(&ids).unwrap();
                    mine.push(e);
                }
            }
            let mut all: Vec<(i64, &str, usize, u32)> = mine
                .iter()
                .enumerate()
                .map(|(i, e)| (e.t, "m", i, e.id))
                .collect();
            for d in 0..3 {
                all.extend(logs[d][..arrived[d]].iter().enumerate().map(|(i, e)| (e.t, NAMES[d], i, e.id)));
            }
            all.sort();
            let expected: Vec<u32> = all.iter().map(|x| x.3).collect();
            prop_assert_eq!(start(&h.data, &h.sync, &me).0, expected, "after step {}", n);
        }
    }
}
