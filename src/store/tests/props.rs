//! Property: opening a log of arbitrary bytes never panics and never loses a record that a
//! complete line (or a last line that only lacks its newline) holds.

use std::fs;
use std::path::Path;

use proptest::prelude::*;

use super::super::{Store, StoreError};
use super::{Rec, day0, rec};

/// Pieces of a log: whole record lines, and arbitrary bytes (which may hold newlines).
#[derive(Debug, Clone)]
enum Piece {
    Record(u32),
    Bytes(Vec<u8>),
}

fn piece() -> impl Strategy<Value = Piece> {
    prop_oneof![
        4 => (0u32..1000).prop_map(Piece::Record),
        1 => proptest::collection::vec(any::<u8>(), 0..24).prop_map(Piece::Bytes),
        1 => proptest::collection::vec(
            prop_oneof![Just(b'\n'), Just(b'('), Just(b')'), Just(b'"'), any::<u8>()], 0..12
        ).prop_map(Piece::Bytes),
    ]
}

fn render(pieces: &[Piece], drop_last_newline: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for p in pieces {
        match p {
            Piece::Record(n) => {
                out.extend_from_slice(ron::to_string(&rec(*n)).unwrap().as_bytes());
                out.push(b'\n');
            }
            Piece::Bytes(b) => out.extend_from_slice(b),
        }
    }
    if drop_last_newline && out.last() == Some(&b'\n') {
        out.pop();
    }
    out
}

/// What the log holds, line by line: the records of its complete lines (or the 1-based number
/// of the first one that does not parse), and the record of an unterminated last line.
fn expected(bytes: &[u8]) -> (Result<Vec<Rec>, u64>, Option<Rec>) {
    let end = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let mut records = Vec::new();
    let mut bad = None;
    for (i, line) in bytes[..end].split_inclusive(|&b| b == b'\n').enumerate() {
        match super::super::log::parse_line::<Rec>(line) {
            Ok(r) => records.push(r),
            Err(_) => {
                bad = Some(i as u64 + 1);
                break;
            }
        }
    }
    let last = super::super::log::parse_line::<Rec>(&bytes[end..]).ok();
    (bad.map_or(Ok(records), Err), last)
}

fn copies(dir: &Path, prefix: &str) -> Vec<Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .map(|p| fs::read(p).unwrap())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn opening_arbitrary_bytes_never_panics_or_loses_a_record(
        pieces in proptest::collection::vec(piece(), 0..12),
        drop_last_newline in any::<bool>(),
    ) {
        let bytes = render(&pieces, drop_last_newline);
        let (lines, last) = expected(&bytes);
        let end = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let log = dir.join("reviews.log");
        fs::write(&log, &bytes).unwrap();

        // A reader: the same records, nothing changed.
        let reader = Store::open_read_only::<Rec>(dir).unwrap();
        let mut read = Vec::new();
        let result = reader.replay(0, |r: Rec| read.push(r));
        match (&lines, result) {
            (Ok(records), Ok(_)) => {
                let mut all = records.clone();
                all.extend(last.clone());
                prop_assert_eq!(&read, &all);
            }
            (Err(line), Err(StoreError::Damaged { line: got, .. })) => prop_assert_eq!(*line, got),
            (want, got) => prop_assert!(false, "expected {:?}, got {:?}", want, got),
        }
        prop_assert_eq!(fs::read(&log).unwrap(), bytes.clone());
        drop(reader);

        // A writer: the tail mended (dropped bytes copied aside first), then the records, or
        // the first damaged line refused with the log left as it was.
        let opened = Store::open::<Rec>(dir, day0());
        let now = fs::read(&log).unwrap();
        if last.is_some() {
            prop_assert_eq!(&now[..end], &bytes[..end]);
            prop_assert_eq!(&now[end..now.len() - 1], &bytes[end..]);
            prop_assert_eq!(now.last(), Some(&b'\n'));
        } else {
            prop_assert_eq!(&now[..], &bytes[..end]);
            if end < bytes.len() {
                prop_assert_eq!(copies(dir, "reviews.log.tail-"), vec![bytes[end..].to_vec()]);
            }
        }
        match (&lines, opened) {
            (Ok(records), Ok(store)) => {
                let mut got = Vec::new();
                store.replay(0, |r: Rec| got.push(r)).unwrap();
                let mut all = records.clone();
                all.extend(last);
                prop_assert_eq!(got, all);
            }
            (Err(line), Err(StoreError::Damaged { line: got, copy, .. })) => {
                prop_assert_eq!(*line, got);
                prop_assert_eq!(fs::read(copy.unwrap()).unwrap(), now);
            }
            (want, got) => prop_assert!(false, "expected {:?}, got {:?}", want, got.map(|_| ())),
        }
    }
}
