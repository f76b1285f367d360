//! Review item ids one after another in one string, each ending where its entry of `ends`
//! says. The collection keeps its items' ids this way (100,000 strings of their own were a
//! tenth of opening, most of it in the allocator and in page faults), and the states share
//! that list for the slots of the items they are bound to.

/// Run `i` of runs laid one after another, each ending where `ends` says (empty past the end).
pub(super) fn span(ends: &[u32], i: usize) -> std::ops::Range<usize> {
    let start = match i {
        0 => 0,
        _ => ends.get(i - 1).map_or(0, |&e| e as usize),
    };
    start..ends.get(i).map_or(start, |&e| e as usize)
}

/// Ids in one string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdList {
    names: String,
    ends: Vec<u32>,
}

impl IdList {
    /// An empty list with room for `ids` ids of `bytes` bytes in all. Room that no id fills
    /// is never touched, so reserving generously costs nothing.
    pub fn with_capacity(bytes: usize, ids: usize) -> Self {
        IdList {
            names: String::with_capacity(bytes),
            ends: Vec::with_capacity(ids),
        }
    }

    /// Adds the id made of `parts`, one after another.
    pub fn push(&mut self, parts: &[&str]) {
        for p in parts {
            self.names.push_str(p);
        }
        self.ends
            .push(u32::try_from(self.names.len()).unwrap_or(u32::MAX));
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Id `i` ("" past the end).
    pub fn get(&self, i: usize) -> &str {
        self.names.get(span(&self.ends, i)).unwrap_or("")
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + Clone + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// What tells this list from any other: equal lists have equal fingerprints, and two
    /// lists that differ in any id or in their order practically never do.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::Hasher;
        let mut h = rustc_hash::FxHasher::default();
        h.write_usize(self.ends.len());
        for e in &self.ends {
            h.write_u32(*e);
        }
        h.write(self.names.as_bytes());
        h.finish()
    }

    /// The list as bytes of its own (for `progress_ids`): the text and the ends, as the
    /// snapshot writes them.
    pub fn encode(&self) -> Vec<u8> {
        let ends = super::states_codec::encode_ends(&self.ends);
        postcard::to_stdvec(&(self.names.as_str(), super::states_codec::Bytes(&ends)))
            .unwrap_or_default()
    }

    /// What [`IdList::encode`] wrote; `None` when it is damaged.
    pub fn decode(bytes: &[u8]) -> Option<Self> {
        let (names, ends): (&str, super::states_codec::Bytes<'_>) =
            postcard::from_bytes(bytes).ok()?;
        Self::from_parts(names.to_string(), super::states_codec::decode_ends(ends.0)?)
    }

    /// The parts a snapshot stores: the ids' text and where each ends.
    pub(super) fn parts(&self) -> (&str, &[u32]) {
        (&self.names, &self.ends)
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
        (start == names.len()).then_some(IdList { names, ends })
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
