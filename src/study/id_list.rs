//! Review item ids one after another in one string, each ending where its entry of `ends`
//! says. The collection keeps its items' ids this way (100,000 strings of their own were a
//! tenth of opening, most of it in the allocator and in page faults), and the states share
//! that list for the slots of the items they are bound to.

use std::sync::{Arc, OnceLock};

/// Run `i` of runs laid one after another, each ending where `ends` says (empty past the end).
pub(super) fn span(ends: &[u32], i: usize) -> std::ops::Range<usize> {
    let start = match i {
        0 => 0,
        _ => ends.get(i - 1).map_or(0, |&e| e as usize),
    };
    start..ends.get(i).map_or(start, |&e| e as usize)
}

/// Ids in one string: the text and where each id ends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Names {
    names: String,
    ends: Vec<u32>,
}

impl Names {
    fn get(&self, i: usize) -> &str {
        self.names.get(span(&self.ends, i)).unwrap_or("")
    }
}

/// What makes a list's ids when they are first needed.
type Make = Arc<dyn Fn() -> IdList + Send + Sync>;

/// Ids in one string; or, for a list made with [`IdList::lazy`], how many they are and their
/// fingerprint, the ids themselves made on first use.
#[derive(Clone, Default)]
pub struct IdList {
    names: OnceLock<Names>,
    /// How many ids a lazy list holds (the number of `names` once made).
    len: usize,
    /// [`IdList::fingerprint`], once worked out.
    fingerprint: OnceLock<u64>,
    make: Option<Make>,
}

impl IdList {
    /// An empty list with room for `ids` ids of `bytes` bytes in all. Room that no id fills
    /// is never touched, so reserving generously costs nothing.
    pub fn with_capacity(bytes: usize, ids: usize) -> Self {
        Self::of(Names {
            names: String::with_capacity(bytes),
            ends: Vec::with_capacity(ids),
        })
    }

    fn of(names: Names) -> Self {
        IdList {
            names: OnceLock::from(names),
            ..IdList::default()
        }
    }

    /// A list of `len` ids with fingerprint `fingerprint`, made by `make` when first read:
    /// a start needs only their number and fingerprint (to match a snapshot to them), and
    /// making 100,000 ids was a third of building the collection.
    pub fn lazy(
        len: usize,
        fingerprint: u64,
        make: impl Fn() -> IdList + Send + Sync + 'static,
    ) -> Self {
        IdList {
            names: OnceLock::new(),
            len,
            fingerprint: OnceLock::from(fingerprint),
            make: Some(Arc::new(make)),
        }
    }

    fn names(&self) -> &Names {
        self.names.get_or_init(|| {
            let Some(make) = &self.make else {
                return Names::default();
            };
            let made = make();
            debug_assert_eq!(made.len(), self.len, "a lazy list made other ids");
            debug_assert_eq!(
                Some(&made.fingerprint()),
                self.fingerprint.get(),
                "a lazy list made other ids"
            );
            made.names.into_inner().unwrap_or_default()
        })
    }

    /// Makes the ids of a lazy list now, if they are not made yet.
    pub fn make_now(&self) {
        self.names();
    }

    /// Whether the ids are made (always, but for a lazy list not read yet).
    pub fn is_made(&self) -> bool {
        self.names.get().is_some()
    }

    /// Adds the id made of `parts`, one after another.
    pub fn push(&mut self, parts: &[&str]) {
        self.names();
        self.fingerprint = OnceLock::new();
        self.make = None;
        let Some(n) = self.names.get_mut() else {
            return;
        };
        for p in parts {
            n.names.push_str(p);
        }
        n.ends
            .push(u32::try_from(n.names.len()).unwrap_or(u32::MAX));
    }

    pub fn len(&self) -> usize {
        self.names.get().map_or(self.len, |n| n.ends.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Id `i` ("" past the end).
    pub fn get(&self, i: usize) -> &str {
        self.names().get(i)
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + Clone + '_ {
        let names = self.names();
        (0..names.ends.len()).map(|i| names.get(i))
    }

    /// What tells this list from any other: equal lists have equal fingerprints, and two
    /// lists that differ in any id or in their order practically never do. Made from each
    /// id's hash (`deck::item_ids::Print`), so that it is worked out without the list too.
    pub fn fingerprint(&self) -> u64 {
        *self.fingerprint.get_or_init(|| {
            let mut print = crate::deck::item_ids::Print::default();
            for id in self.iter() {
                print.add(id);
            }
            print.finish()
        })
    }

    /// The list as bytes of its own (for `progress_ids`): the text and the ends, as the
    /// snapshot writes them.
    pub fn encode(&self) -> Vec<u8> {
        let (names, ends) = self.parts();
        let ends = super::states_codec::encode_ends(ends);
        postcard::to_stdvec(&(names, super::states_codec::Bytes(&ends))).unwrap_or_default()
    }

    /// What [`IdList::encode`] wrote; `None` when it is damaged.
    pub fn decode(bytes: &[u8]) -> Option<Self> {
        let (names, ends): (&str, super::states_codec::Bytes<'_>) =
            postcard::from_bytes(bytes).ok()?;
        Self::from_parts(names.to_string(), super::states_codec::decode_ends(ends.0)?)
    }

    /// The parts a snapshot stores: the ids' text and where each ends.
    pub(super) fn parts(&self) -> (&str, &[u32]) {
        let n = self.names();
        (&n.names, &n.ends)
    }

    /// The list from its parts; `None` when they do not fit together.
    pub(super) fn from_parts(names: String, ends: Vec<u32>) -> Option<Self> {
        let mut start = 0usize;
        for &end in &ends {
            let end = end as usize;
            if end < start || end > names.len() || !names.is_char_boundary(end) {
                return None;
            }
            start = end;
        }
        (start == names.len()).then(|| Self::of(Names { names, ends }))
    }
}

impl PartialEq for IdList {
    fn eq(&self, other: &Self) -> bool {
        self.names() == other.names()
    }
}

impl Eq for IdList {}

impl std::fmt::Debug for IdList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_back_and_fingerprints_tell_lists_apart() {
        let mut a = IdList::default();
        a.push(&["d", "/", "x"]);
        a.push(&["d/é", "#reverse"]);
        assert_eq!(a.iter().collect::<Vec<_>>(), ["d/x", "d/é#reverse"]);
        assert_eq!(a.get(2), "");
        let mut b = IdList::default();
        b.push(&["d/"]);
        b.push(&["xd/é#reverse"]);
        assert_ne!(a.fingerprint(), b.fingerprint(), "same text, other ids");
        assert_eq!(a.fingerprint(), a.clone().fingerprint());
        let (names, ends) = a.parts();
        assert_eq!(
            IdList::from_parts(names.to_string(), ends.to_vec()),
            Some(a.clone())
        );
        assert_eq!(
            IdList::from_parts("d/é".into(), vec![3]),
            None,
            "inside a character"
        );
        assert_eq!(
            IdList::from_parts("abc".into(), vec![2]),
            None,
            "text left over"
        );
        assert_eq!(
            IdList::from_parts("abc".into(), vec![2, 1, 3]),
            None,
            "backwards"
        );
    }
}
