//! The item ids a snapshot leaves out (those of the collection its states were bound to), kept
//! beside it in `state.ids` so that a snapshot still serves when the decks change: the states
//! are then matched by id to the new items instead of folding the whole log again.
//!
//! The file is written only when the ids change (a snapshot saved for the same decks finds it
//! already there), before the snapshot that needs it, through a temporary file renamed into
//! place. It is a shortcut like the snapshot: missing, damaged or for other ids, it is
//! ignored and progress is folded from the log.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use crate::study::IdList;
use crate::study::states::States;

const FILE: &str = "state.ids";
const MAGIC: &[u8] = b"somadeck ids v2\n";

/// Writes the ids `states` leave out of a snapshot to `dir`, unless the file holds them
/// already.
pub fn keep(dir: &Path, states: &States) -> Result<(), String> {
    let Some((ids, fingerprint)) = states.left_out() else {
        return Ok(());
    };
    let path = dir.join(FILE);
    if stored_fingerprint(&path) == Some(fingerprint) {
        return Ok(());
    }
    let mut bytes = MAGIC.to_vec();
    bytes.extend_from_slice(&fingerprint.to_le_bytes());
    bytes.extend_from_slice(&ids.encode());
    crate::store::write_atomically(&path, &bytes)
}

/// The ids kept in `dir` with fingerprint `fingerprint`, `len` of them, if the file holds
/// them undamaged.
pub fn find(dir: &Path, fingerprint: u64, len: usize) -> Option<Arc<IdList>> {
    let bytes = std::fs::read(dir.join(FILE)).ok()?;
    let (fp, body) = header(&bytes)?;
    if fp != fingerprint {
        return None;
    }
    let ids = IdList::decode(body)?;
    (ids.len() == len && ids.fingerprint() == fingerprint).then(|| Arc::new(ids))
}

/// The fingerprint the file at `path` says it holds, read from its first bytes.
fn stored_fingerprint(path: &Path) -> Option<u64> {
    let mut head = [0u8; MAGIC.len() + 8];
    std::fs::File::open(path).ok()?.read_exact(&mut head).ok()?;
    Some(header(&head)?.0)
}

/// The fingerprint a file's bytes start with (after the magic), and the ids' bytes after it.
fn header(bytes: &[u8]) -> Option<(u64, &[u8])> {
    let (fp, body) = bytes.strip_prefix(MAGIC)?.split_at_checked(8)?;
    Some((u64::from_le_bytes(fp.try_into().ok()?), body))
}

/// Matches states read from a snapshot to the items of `coll` (see `States::resolve`): to the
/// collection's own ids when the snapshot was saved for them, else to the ids kept in `dir`,
/// after which binding moves each state to its item by id. False when neither is found: the
/// snapshot cannot be read, and progress is to be folded from the log.
pub fn resolve(dir: &Path, states: &mut States, coll: &crate::study::Collection) -> bool {
    let (ids, fingerprint) = coll.id_list();
    if states.resolve(ids, fingerprint) {
        return true;
    }
    let Some((fingerprint, len)) = states.pending() else {
        return true;
    };
    find(dir, fingerprint, len).is_some_and(|old| states.resolve(&old, fingerprint))
}

/// A collection of one deck `d` with basic cards of the ids `cards`, for tests.
#[cfg(test)]
pub(crate) fn test_collection(cards: &[&str]) -> crate::study::Collection {
    let cards: String = cards
        .iter()
        .map(|c| format!("Card(id: \"{c}\", front: \"Q\", back: \"A\"),"))
        .collect();
    let text = format!("Deck(id: \"d\", title: \"D\", cards: [{cards}])");
    let p = crate::deck::load::parse("d.ron", text.as_bytes());
    crate::study::Collection::new(vec![p.deck.unwrap().deck])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::ItemState;

    fn coll(cards: &[&str]) -> crate::study::Collection {
        test_collection(cards)
    }

    /// States bound to `c` with a state for `d/b`, written and read back as a snapshot does.
    fn saved_and_read(c: &crate::study::Collection) -> (States, States) {
        let mut s = States::default();
        s.insert(
            "d/b",
            ItemState {
                due: 7,
                ..ItemState::default()
            },
        );
        s.bind(c.uid(), c.id_list().0);
        let back = postcard::from_bytes(&postcard::to_stdvec(&s).unwrap()).unwrap();
        (s, back)
    }

    #[test]
    fn kept_ids_let_other_decks_read_a_snapshot_and_damage_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let before = coll(&["a", "b"]);
        let after = coll(&["new", "b"]);
        let (bound, read) = saved_and_read(&before);
        // Nothing kept yet: other decks cannot read the snapshot; the same decks can.
        assert!(!resolve(dir.path(), &mut read.clone(), &after));
        assert!(resolve(dir.path(), &mut read.clone(), &before));
        keep(dir.path(), &bound).unwrap();
        let file = dir.path().join(FILE);
        let written = std::fs::metadata(&file).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        keep(dir.path(), &bound).unwrap();
        assert_eq!(
            std::fs::metadata(&file).unwrap().modified().unwrap(),
            written,
            "the same ids are not written again"
        );
        let mut states = read.clone();
        assert!(resolve(dir.path(), &mut states, &after));
        states.bind(after.uid(), after.id_list().0);
        assert_eq!(states.at(1).map(|s| s.due), Some(7), "d/b found by id");
        assert_eq!(states.at(0), None);
        // A damaged or foreign file is not used.
        let good = std::fs::read(&file).unwrap();
        for cut in [0, MAGIC.len(), MAGIC.len() + 8, good.len() - 1] {
            std::fs::write(&file, &good[..cut]).unwrap();
            assert!(
                !resolve(dir.path(), &mut read.clone(), &after),
                "cut at {cut}"
            );
        }
        let mut flipped = good.clone();
        *flipped.last_mut().unwrap() ^= 1;
        std::fs::write(&file, &flipped).unwrap();
        assert!(
            !resolve(dir.path(), &mut read.clone(), &after),
            "a changed id"
        );
        let (other, _) = saved_and_read(&coll(&["x"]));
        keep(dir.path(), &other).unwrap();
        assert!(
            !resolve(dir.path(), &mut read.clone(), &after),
            "another list"
        );
    }
}
