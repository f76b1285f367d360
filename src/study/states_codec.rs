//! How the snapshot stores the states' table: the ids' ends as fixed-width numbers and the
//! slots in a compact encoding of their own, each part one byte string read in a single loop.
//! Decoding 100,000 slots field by field through serde was the largest part of opening.
//!
//! A slot is one byte of flags (present, suspended, leech, flagged, answered, buried, first
//! answer missed; the last bit unused, so refused); a slot holding a state follows it with
//! [`BODY`] bytes at fixed places: the phase (two bytes), stability and difficulty (`f32`),
//! the due time, the last answer and the time buried until (`i64`, 0 when the flags say
//! there is none), reps and lapses (`u32`), all little endian. Fixed places read in a third of
//! the time varints took, for a snapshot about half again as large.

use crate::schedule::{ItemState, Phase};

const PRESENT: u8 = 1;
const SUSPENDED: u8 = 1 << 1;
const LEECH: u8 = 1 << 2;
const FLAGGED: u8 = 1 << 3;
const LAST: u8 = 1 << 4;
const BURIED: u8 = 1 << 5;
const FIRST_MISSED: u8 = 1 << 6;
const UNUSED: u8 = 1 << 7;

/// A byte string in the serde data model (postcard writes its length, then the bytes, and
/// lends them back on reading without a copy).
pub(super) struct Bytes<'a>(pub &'a [u8]);

impl serde::Serialize for Bytes<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self.0)
    }
}

impl<'de: 'a, 'a> serde::Deserialize<'de> for Bytes<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Bytes<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("bytes")
            }
            fn visit_borrowed_bytes<E: serde::de::Error>(
                self,
                v: &'de [u8],
            ) -> Result<Self::Value, E> {
                Ok(Bytes(v))
            }
        }
        d.deserialize_bytes(V)
    }
}

pub(super) fn encode_ends(ends: &[u32]) -> Vec<u8> {
    ends.iter().flat_map(|e| e.to_le_bytes()).collect()
}

pub(super) fn decode_ends(bytes: &[u8]) -> Option<Vec<u32>> {
    bytes.len().is_multiple_of(4).then(|| {
        bytes
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect()
    })
}

/// The bytes after the flags of a slot holding a state: phase and step, stability,
/// difficulty, due, last answer, buried until, reps, lapses.
const BODY: usize = 2 + 4 + 4 + 8 + 8 + 8 + 4 + 4;

pub(super) fn encode_slots(slots: &[Option<ItemState>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(slots.len() * (1 + BODY));
    for slot in slots {
        let Some(s) = slot else {
            out.push(0);
            continue;
        };
        let flags = PRESENT
            | if s.suspended { SUSPENDED } else { 0 }
            | if s.leech { LEECH } else { 0 }
            | if s.flagged { FLAGGED } else { 0 }
            | if s.last.is_some() { LAST } else { 0 }
            | if s.buried_until.is_some() { BURIED } else { 0 }
            | if s.first_missed { FIRST_MISSED } else { 0 };
        out.push(flags);
        let (phase, step) = match s.phase {
            Phase::New => (0, 0),
            Phase::Learning(n) => (1, n),
            Phase::Review => (2, 0),
            Phase::Relearning(n) => (3, n),
        };
        out.extend_from_slice(&[phase, step]);
        out.extend_from_slice(&s.stability.to_le_bytes());
        out.extend_from_slice(&s.difficulty.to_le_bytes());
        out.extend_from_slice(&s.due.to_le_bytes());
        out.extend_from_slice(&s.last.get().unwrap_or(0).to_le_bytes());
        out.extend_from_slice(&s.buried_until.get().unwrap_or(0).to_le_bytes());
        out.extend_from_slice(&s.reps.to_le_bytes());
        out.extend_from_slice(&s.lapses.to_le_bytes());
    }
    out
}

/// `N` bytes of `b` from `at`, as an array (`at` and `N` are within a checked body).
fn le<const N: usize>(b: &[u8; BODY], at: usize) -> [u8; N] {
    let mut out = [0; N];
    out.copy_from_slice(&b[at..at + N]);
    out
}

/// The slot whose flags are `flags` and whose body (for a slot holding a state) is `b`;
/// `None` on anything out of place.
fn slot(flags: u8, b: &[u8; BODY]) -> Option<ItemState> {
    let phase = match (b[0], b[1]) {
        (0, 0) => Phase::New,
        (1, n) => Phase::Learning(n),
        (2, 0) => Phase::Review,
        (3, n) => Phase::Relearning(n),
        _ => return None,
    };
    let time = |at: usize, flag: u8| (flags & flag != 0).then(|| i64::from_le_bytes(le(b, at)));
    Some(ItemState {
        phase,
        stability: f32::from_le_bytes(le(b, 2)),
        difficulty: f32::from_le_bytes(le(b, 6)),
        due: i64::from_le_bytes(le(b, 10)),
        last: time(18, LAST).into(),
        buried_until: time(26, BURIED).into(),
        reps: u32::from_le_bytes(le(b, 34)),
        lapses: u32::from_le_bytes(le(b, 38)),
        suspended: flags & SUSPENDED != 0,
        leech: flags & LEECH != 0,
        flagged: flags & FLAGGED != 0,
        first_missed: flags & FIRST_MISSED != 0,
    })
}

/// The `count` slots [`encode_slots`] wrote; `None` when the bytes are damaged.
pub(super) fn decode_slots(bytes: &[u8], count: usize) -> Option<Vec<Option<ItemState>>> {
    // Every slot takes at least a byte: a damaged count cannot ask for more than that.
    if count > bytes.len() {
        return None;
    }
    let mut out = Vec::with_capacity(count);
    crate::large_pages::advise(&mut out);
    let mut at = 0;
    for _ in 0..count {
        let flags = *bytes.get(at)?;
        at += 1;
        if flags & PRESENT == 0 {
            if flags != 0 {
                return None;
            }
            out.push(None);
            continue;
        }
        if flags & UNUSED != 0 {
            return None;
        }
        let body: &[u8; BODY] = bytes.get(at..at + BODY)?.try_into().ok()?;
        at += BODY;
        out.push(Some(slot(flags, body)?));
    }
    (at == bytes.len()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn phase() -> impl Strategy<Value = Phase> {
        prop_oneof![
            Just(Phase::New),
            any::<u8>().prop_map(Phase::Learning),
            Just(Phase::Review),
            any::<u8>().prop_map(Phase::Relearning),
        ]
    }

    fn state() -> impl Strategy<Value = ItemState> {
        (
            phase(),
            any::<f32>(),
            any::<f32>(),
            any::<i64>(),
            any::<Option<i64>>(),
            any::<u32>(),
            any::<u32>(),
            any::<(bool, bool, bool, bool)>(),
            any::<Option<i64>>(),
        )
            .prop_map(
                |(phase, stability, difficulty, due, last, reps, lapses, marks, buried_until)| {
                    ItemState {
                        phase,
                        stability,
                        difficulty,
                        due,
                        last: last.into(),
                        reps,
                        lapses,
                        suspended: marks.0,
                        leech: marks.1,
                        flagged: marks.2,
                        buried_until: buried_until.into(),
                        first_missed: marks.3,
                    }
                },
            )
    }

    /// Equal field by field, with floats compared by their bits (a NaN is kept as it was).
    fn same(a: &Option<ItemState>, b: &Option<ItemState>) -> bool {
        match (a, b) {
            (None, None) => true,
            (Some(a), Some(b)) => {
                a.stability.to_bits() == b.stability.to_bits()
                    && a.difficulty.to_bits() == b.difficulty.to_bits()
                    && ItemState {
                        stability: 0.0,
                        difficulty: 0.0,
                        ..a.clone()
                    } == ItemState {
                        stability: 0.0,
                        difficulty: 0.0,
                        ..b.clone()
                    }
            }
            _ => false,
        }
    }

    proptest! {
        #[test]
        fn slots_read_back_as_written(slots in proptest::collection::vec(proptest::option::of(state()), 0..40)) {
            let bytes = encode_slots(&slots);
            let back = decode_slots(&bytes, slots.len()).unwrap();
            prop_assert_eq!(back.len(), slots.len());
            for (a, b) in slots.iter().zip(&back) {
                prop_assert!(same(a, b), "{:?} != {:?}", a, b);
            }
            // One slot more or fewer than written, or a byte cut off, is refused.
            prop_assert!(decode_slots(&bytes, slots.len() + 1).is_none());
            if !slots.is_empty() {
                prop_assert!(decode_slots(&bytes, slots.len() - 1).is_none());
                prop_assert!(decode_slots(&bytes[..bytes.len() - 1], slots.len()).is_none());
            }
        }

        #[test]
        fn damaged_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200), count in 0usize..50) {
            let _ = decode_slots(&bytes, count);
        }
    }

    #[test]
    fn a_slot_with_the_unused_flag_is_refused() {
        let slot = Some(ItemState {
            first_missed: true,
            ..ItemState::default()
        });
        let mut bytes = encode_slots(std::slice::from_ref(&slot));
        assert_eq!(decode_slots(&bytes, 1), Some(vec![slot]));
        bytes[0] |= UNUSED;
        assert_eq!(decode_slots(&bytes, 1), None);
    }

    #[test]
    fn ends_read_back_and_a_ragged_length_is_refused() {
        let ends = [3, 7, u32::MAX];
        assert_eq!(decode_ends(&encode_ends(&ends)).unwrap(), ends);
        assert!(decode_ends(&[1, 2, 3]).is_none());
    }
}
