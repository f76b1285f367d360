//! Every review item's scheduling state, in a dense table: each item id has a slot, states sit
//! in a vector by slot, and the ids in one string. Bound to a collection
//! ([`States::bind`]), the first slots are that collection's items in order, so the queue
//! reads item `i`'s state at slot `i` without hashing its id; at 100,000 items a pass through
//! a hash map keyed by id strings missed the CPU cache on every lookup. Those slots' ids are
//! the collection's own list, shared, and a snapshot leaves them out: it keeps their
//! fingerprint, and states read back are matched to the collection again
//! ([`States::resolve`]) before anything else is done with them.
//!
//! Lookups by id (folding the log, answers, tools) go through an index of the slots, built on
//! first use. Slots are never removed: the items of removed cards keep their state, unseen.

use std::sync::{Arc, OnceLock};

use hashbrown::HashTable;
use serde::{Deserialize, Serialize};

use super::id_list::IdList;
use super::states_codec::{Bytes, decode_ends, decode_slots, encode_ends, encode_slots};
use crate::schedule::ItemState;

#[derive(Clone, Default)]
pub struct States {
    /// The ids of the first slots: the items of the collection the states are bound to, in
    /// order, shared with it (empty when they are not bound).
    prefix: Arc<IdList>,
    /// The ids of the slots after those.
    rest: IdList,
    /// Read from a snapshot that left the first slots' ids out: their fingerprint and how
    /// many they are, until [`States::resolve`] finds them.
    pending: Option<(u64, usize)>,
    /// `prefix.fingerprint()`, worked out when first needed.
    prefix_fp: OnceLock<u64>,
    /// `None`: a slot kept for an item of the bound collection that has no state yet.
    slots: Vec<Option<ItemState>>,
    /// Slots holding a state.
    count: usize,
    /// Each slot by its id's hash; built on the first lookup by id.
    index: OnceLock<HashTable<u32>>,
    /// The collection whose items fill the first slots (its [`Collection::uid`]), if any.
    ///
    /// [`Collection::uid`]: super::Collection::uid
    bound: Option<u64>,
    /// Bumped by every change, so that what is worked out from the states can tell it is
    /// out of date (see `topics::TopicCache`).
    generation: u64,
    /// The slot the next lookup by id is likely for ([`States::expect`]).
    hint: Option<usize>,
}

fn hash(id: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(id.as_bytes());
    h.finish()
}

/// Slot `slot`'s id: the first slots' ids are in `prefix` (`first` of them, missing while a
/// snapshot's are pending), the others in `rest`.
fn id_of<'a>(prefix: &'a IdList, rest: &'a IdList, first: usize, slot: usize) -> &'a str {
    if slot < first {
        prefix.get(slot)
    } else {
        rest.get(slot - first)
    }
}

impl States {
    /// How many of the first slots take their ids from `prefix`.
    fn first(&self) -> usize {
        self.slots.len() - self.rest.len()
    }

    fn id(&self, slot: usize) -> &str {
        id_of(&self.prefix, &self.rest, self.first(), slot)
    }

    fn index(&self) -> &HashTable<u32> {
        self.index.get_or_init(|| {
            let mut t = HashTable::with_capacity(self.slots.len());
            for slot in 0..self.slots.len() {
                let id = self.id(slot);
                let h = hash(id);
                // A repeated id keeps its first slot.
                if t.find(h, |&s| self.id(s as usize) == id).is_none() {
                    t.insert_unique(h, slot as u32, |&s| hash(self.id(s as usize)));
                }
            }
            t
        })
    }

    fn slot_of(&self, id: &str) -> Option<usize> {
        debug_assert!(self.pending.is_none(), "looked up before `resolve`");
        if let Some(h) = self.hint
            && h < self.slots.len()
            && self.id(h) == id
        {
            return Some(h);
        }
        self.index()
            .find(hash(id), |&s| self.id(s as usize) == id)
            .map(|&s| s as usize)
    }

    /// A new slot for `id` (not already present).
    fn push(&mut self, id: &str, state: Option<ItemState>) -> usize {
        debug_assert!(self.pending.is_none(), "changed before `resolve`");
        let slot = self.slots.len();
        let first = self.first();
        self.rest.push(&[id]);
        self.count += usize::from(state.is_some());
        self.slots.push(state);
        if self.index.get().is_some() {
            let (prefix, rest) = (&self.prefix, &self.rest);
            if let Some(t) = self.index.get_mut() {
                t.insert_unique(hash(id), slot as u32, |&s| {
                    hash(id_of(prefix, rest, first, s as usize))
                });
            }
        }
        slot
    }

    fn touched(&mut self) {
        self.generation = self.generation.wrapping_add(1);
    }

    pub fn get(&self, id: &str) -> Option<&ItemState> {
        self.slots[self.slot_of(id)?].as_ref()
    }

    /// The slot of `id`, made (without a state) if it has none: one lookup by id for a caller
    /// that reads and then sets the state, as folding an answer does.
    pub fn slot_for(&mut self, id: &str) -> usize {
        match self.slot_of(id) {
            Some(slot) => slot,
            None => self.push(id, None),
        }
    }

    /// Sets the state in `slot` (from [`States::slot_for`]), returning the one it had.
    pub fn set_at(&mut self, slot: usize, state: ItemState) -> Option<ItemState> {
        self.touched();
        let before = self.slots[slot].replace(state);
        self.count += usize::from(before.is_none());
        before
    }

    /// Sets `id`'s state, returning the one it had.
    pub fn insert(&mut self, id: impl AsRef<str>, state: ItemState) -> Option<ItemState> {
        let id = id.as_ref();
        match self.slot_of(id) {
            Some(slot) => self.set_at(slot, state),
            None => {
                self.touched();
                self.push(id, Some(state));
                None
            }
        }
    }

    /// `id`'s state, made a new item's first if it has none.
    pub fn entry(&mut self, id: &str) -> &mut ItemState {
        self.touched();
        let slot = self.slot_for(id);
        let s = &mut self.slots[slot];
        if s.is_none() {
            self.count += 1;
        }
        s.get_or_insert_with(ItemState::default)
    }

    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &ItemState)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| Some((self.id(i), s.as_ref()?)))
    }

    pub fn values(&self) -> impl Iterator<Item = &ItemState> {
        self.slots.iter().flatten()
    }

    /// A number that changes whenever any state does.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Puts the items `ids` of collection `uid` in the first slots, in order, keeping every
    /// state (those of ids not among them after), and shares the list. Cheap when they are
    /// there already, as in a snapshot written after a bind to the same decks. Returns whether
    /// any slot moved.
    ///
    /// States read from a snapshot must have been matched to their collection first
    /// ([`States::resolve`]): the ids of their first slots are not known before.
    pub fn bind(&mut self, uid: u64, ids: &Arc<IdList>) -> bool {
        assert!(
            self.pending.is_none(),
            "states read from a snapshot are bound before they were matched to their decks"
        );
        let n = ids.len();
        let in_place = self.slots.len() >= n
            && (Arc::ptr_eq(&self.prefix, ids)
                || ids.iter().enumerate().all(|(i, id)| self.id(i) == id));
        if in_place {
            if !Arc::ptr_eq(&self.prefix, ids) {
                // The same ids, held elsewhere: share the collection's list.
                let mut rest = IdList::default();
                for slot in n..self.slots.len() {
                    rest.push(&[self.id(slot)]);
                }
                self.prefix = Arc::clone(ids);
                self.prefix_fp = OnceLock::new();
                self.rest = rest;
            }
        } else {
            let mut taken = vec![false; self.slots.len()];
            let mut slots = Vec::with_capacity(n.max(self.slots.len()));
            for id in ids.iter() {
                let state = match self.slot_of(id) {
                    Some(old) if !taken[old] => {
                        taken[old] = true;
                        self.slots[old].take()
                    }
                    _ => None,
                };
                slots.push(state);
            }
            let mut rest = IdList::default();
            for old in (0..self.slots.len()).filter(|&o| !taken[o]) {
                rest.push(&[self.id(old)]);
                slots.push(self.slots[old].take());
            }
            *self = States {
                prefix: Arc::clone(ids),
                rest,
                count: slots.iter().flatten().count(),
                slots,
                generation: self.generation,
                ..States::default()
            };
        }
        self.bound = Some(uid);
        self.touched();
        !in_place
    }

    /// Matches states read from a snapshot to the collection whose item ids are `ids` (with
    /// fingerprint `fingerprint`): when the snapshot was saved bound to the same ids, they
    /// become the ids of its first slots. Returns false when they are not the same: the
    /// states cannot be read, and progress is to be folded from the log again.
    pub fn resolve(&mut self, ids: &Arc<IdList>, fingerprint: u64) -> bool {
        match self.pending {
            None => true,
            Some((fp, len)) if fp == fingerprint && len == ids.len() => {
                self.prefix = Arc::clone(ids);
                self.prefix_fp = OnceLock::from(fp);
                self.pending = None;
                // Nothing was looked up before, but an index or hint must not outlive the ids.
                self.index = OnceLock::new();
                self.hint = None;
                true
            }
            Some(_) => false,
        }
    }

    /// The fingerprint and number of the first slots' ids, while states read from a snapshot
    /// wait for [`States::resolve`].
    pub fn pending(&self) -> Option<(u64, usize)> {
        self.pending
    }

    /// The ids of the first slots, which a snapshot leaves out, and their fingerprint: what
    /// must be kept elsewhere for the snapshot to be read by other decks (`progress_ids`).
    pub fn left_out(&self) -> Option<(&Arc<IdList>, u64)> {
        (self.pending.is_none() && !self.prefix.is_empty())
            .then(|| (&self.prefix, self.prefix_fingerprint()))
    }

    fn prefix_fingerprint(&self) -> u64 {
        *self.prefix_fp.get_or_init(|| self.prefix.fingerprint())
    }

    /// Says that the next lookups by id are likely for `slot`: a session answering item `i`
    /// of the bound collection finds its state without the index, which need not be built.
    pub fn expect(&mut self, slot: usize) {
        self.hint = Some(slot);
    }

    /// Whether the first slots are the items of collection `uid`, in order.
    pub fn bound_to(&self, uid: u64) -> bool {
        self.bound == Some(uid)
    }

    /// Every slot, item `i` of collection `uid` at `i`, when the states are bound to it.
    pub fn bound_slots(&self, uid: u64) -> Option<&[Option<ItemState>]> {
        self.bound_to(uid).then_some(&self.slots[..])
    }

    /// The state in `slot`: item `slot` of the collection the states are bound to.
    pub fn at(&self, slot: usize) -> Option<&ItemState> {
        self.slots.get(slot).and_then(Option::as_ref)
    }
}

impl std::ops::Index<&str> for States {
    type Output = ItemState;
    fn index(&self, id: &str) -> &ItemState {
        self.get(id).expect("no state for this item")
    }
}

/// Equal when they hold the same states under the same ids, whatever their slots.
impl PartialEq for States {
    fn eq(&self, other: &Self) -> bool {
        self.count == other.count && self.iter().all(|(id, s)| other.get(id) == Some(s))
    }
}

impl std::fmt::Debug for States {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// The snapshot's layout: the fingerprint and number of the first slots' ids, which are left
/// out (they are the bound collection's), the other slots' ids in one string with where each
/// ends, and the slots in order (the last two encoded by `states_codec`).
#[derive(Serialize, Deserialize)]
struct Layout<'a> {
    prefix: u64,
    prefix_len: u64,
    names: &'a str,
    #[serde(borrow)]
    ends: Bytes<'a>,
    count: u64,
    #[serde(borrow)]
    slots: Bytes<'a>,
}

impl Serialize for States {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (prefix, prefix_len) = match self.pending {
            Some(p) => p,
            None => (self.prefix_fingerprint(), self.prefix.len()),
        };
        let (names, ends) = self.rest.parts();
        Layout {
            prefix,
            prefix_len: prefix_len as u64,
            names,
            ends: Bytes(&encode_ends(ends)),
            count: self.slots.len() as u64,
            slots: Bytes(&encode_slots(&self.slots)),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for States {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let l = Layout::deserialize(d)?;
        let ends = decode_ends(l.ends.0).ok_or_else(|| D::Error::custom("item ids damaged"))?;
        let rest = IdList::from_parts(l.names.to_string(), ends)
            .ok_or_else(|| D::Error::custom("item ids out of place"))?;
        let count = usize::try_from(l.count).map_err(D::Error::custom)?;
        let prefix_len = usize::try_from(l.prefix_len).map_err(D::Error::custom)?;
        if prefix_len.checked_add(rest.len()) != Some(count) {
            return Err(D::Error::custom("item ids and states do not match"));
        }
        let slots = decode_slots(l.slots.0, count)
            .ok_or_else(|| D::Error::custom("item states damaged"))?;
        Ok(States {
            count: slots.iter().flatten().count(),
            rest,
            pending: (prefix_len > 0).then_some((l.prefix, prefix_len)),
            slots,
            ..States::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(due: i64) -> ItemState {
        ItemState {
            due,
            ..ItemState::default()
        }
    }

    fn list(ids: &[&str]) -> Arc<IdList> {
        let mut l = IdList::default();
        for id in ids {
            l.push(&[id]);
        }
        Arc::new(l)
    }

    #[test]
    fn binding_puts_the_items_first_and_keeps_every_state() {
        let mut s = States::default();
        s.insert("d/gone", st(1));
        s.insert("d/b", st(2));
        s.entry("d/a").suspended = true;
        assert_eq!(s.len(), 3);
        let before = s.clone();
        let ids = list(&["d/a", "d/b", "d/new"]);
        assert!(s.bind(7, &ids), "moved");
        assert!(s.bound_to(7) && !s.bound_to(8));
        assert!(s.at(0).unwrap().suspended);
        assert_eq!(s.at(1), Some(&st(2)));
        assert_eq!(s.at(2), None, "an item without a state keeps an empty slot");
        assert_eq!(s.get("d/gone"), Some(&st(1)));
        assert_eq!(s, before);
        // A state set later for the new item lands in its slot.
        s.insert("d/new", st(3));
        assert_eq!(s.at(2), Some(&st(3)));
        assert_eq!(s.len(), 4);
        // A second bind to the same items moves nothing.
        let g = s.generation();
        assert!(!s.bind(9, &ids));
        assert_eq!(s.at(2), Some(&st(3)));
        // As does a bind to another collection with the same items, whose list is then shared.
        let again = list(&["d/a", "d/b", "d/new"]);
        assert!(!s.bind(10, &again));
        assert!(Arc::ptr_eq(&s.prefix, &again));
        assert_eq!(s.get("d/gone"), Some(&st(1)));
        assert_eq!(s.get("d/new"), Some(&st(3)));
        // A hint that is wrong costs a comparison, nothing more.
        s.expect(0);
        assert_eq!(s.get("d/b"), Some(&st(2)));
        s.expect(1);
        assert_eq!(s.get("d/b"), Some(&st(2)));
        assert!(s.generation() != g);
    }

    #[test]
    fn the_snapshot_layout_round_trips_and_refuses_damage() {
        let mut s = States::default();
        for (i, id) in ["x/é", "x/b", "x/c#reverse"].iter().enumerate() {
            s.insert(*id, st(i as i64));
        }
        // Unbound states are written whole.
        let back: States = postcard::from_bytes(&postcard::to_stdvec(&s).unwrap()).unwrap();
        assert_eq!(back, s);
        let ids = list(&["x/c#reverse", "x/none"]);
        s.bind(1, &ids);
        let bytes = postcard::to_stdvec(&s).unwrap();
        // Bound ones leave the collection's ids out, and are matched to it again.
        let mut back: States = postcard::from_bytes(&bytes).unwrap();
        let other = list(&["x/c#reverse", "x/other"]);
        assert!(!back.resolve(&other, other.fingerprint()), "other items");
        assert!(!back.resolve(&ids, other.fingerprint()));
        assert!(back.resolve(&ids, ids.fingerprint()));
        assert_eq!(back, s);
        assert_eq!(back.get("x/é"), Some(&st(0)));
        assert_eq!(back.at(0), Some(&st(2)));
        assert_eq!(back.len(), 3);
        let damaged = |prefix_len: u64, names: &str, ends: &[u32], count: u64| {
            let bytes = postcard::to_stdvec(&Layout {
                prefix: 0,
                prefix_len,
                names,
                ends: Bytes(&encode_ends(ends)),
                count,
                slots: Bytes(&encode_slots(&vec![None; count as usize])),
            })
            .unwrap();
            postcard::from_bytes::<States>(&bytes).is_err()
        };
        assert!(!damaged(0, "x/é", &[4], 1), "sound");
        assert!(damaged(0, "x/é", &[3], 1), "inside a character");
        assert!(damaged(1, "x/é", &[4], 1), "one slot more than ids");
        assert!(damaged(0, "x/é", &[4], 2), "one id fewer than slots");
    }
}
