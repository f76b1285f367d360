//! Every review item's scheduling state, in a dense table: each item id has a slot, states sit
//! in a vector by slot, and the ids in one string. Bound to a collection
//! ([`States::bind`]), the first slots are that collection's items in order, so the queue
//! reads item `i`'s state at slot `i` without hashing its id; at 100,000 items a pass through
//! a hash map keyed by id strings missed the CPU cache on every lookup.
//!
//! Lookups by id (folding the log, answers, tools) go through an index of the slots, built on
//! first use. Slots are never removed: the items of removed cards keep their state, unseen.

use std::sync::OnceLock;

use hashbrown::HashTable;
use serde::{Deserialize, Serialize};

use super::states_codec::{Bytes, decode_ends, decode_slots, encode_ends, encode_slots};
use crate::schedule::ItemState;

#[derive(Clone, Default)]
pub struct States {
    /// Every slot's id, one after another.
    names: String,
    /// Where each slot's id ends in `names`.
    ends: Vec<u32>,
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

/// Slot `slot`'s id: `names` holds every id one after another, each ending at its `ends`.
fn id_in<'a>(names: &'a str, ends: &[u32], slot: usize) -> &'a str {
    let start = if slot == 0 {
        0
    } else {
        ends[slot - 1] as usize
    };
    names.get(start..ends[slot] as usize).unwrap_or("")
}

impl States {
    fn id(&self, slot: usize) -> &str {
        id_in(&self.names, &self.ends, slot)
    }

    fn index(&self) -> &HashTable<u32> {
        self.index.get_or_init(|| {
            let mut t = HashTable::with_capacity(self.ends.len());
            for slot in 0..self.ends.len() {
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
        let slot = self.slots.len();
        self.names.push_str(id);
        self.ends
            .push(u32::try_from(self.names.len()).unwrap_or(u32::MAX));
        self.count += usize::from(state.is_some());
        self.slots.push(state);
        if self.index.get().is_some() {
            let (names, ends) = (&self.names, &self.ends);
            if let Some(t) = self.index.get_mut() {
                t.insert_unique(hash(id), slot as u32, |&s| {
                    hash(id_in(names, ends, s as usize))
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
    /// state (those of ids not among them after). Cheap when they are there already, as in a
    /// snapshot written after a bind to the same decks. Returns whether any slot moved.
    pub fn bind<'a>(
        &mut self,
        uid: u64,
        ids: impl ExactSizeIterator<Item = &'a str> + Clone,
    ) -> bool {
        let n = ids.len();
        let in_place =
            self.slots.len() >= n && ids.clone().enumerate().all(|(i, id)| self.id(i) == id);
        if !in_place {
            let mut taken = vec![false; self.slots.len()];
            let mut out = States {
                names: String::with_capacity(self.names.len()),
                ends: Vec::with_capacity(n.max(self.slots.len())),
                slots: Vec::with_capacity(n.max(self.slots.len())),
                ..States::default()
            };
            for id in ids {
                let state = match self.slot_of(id) {
                    Some(old) if !taken[old] => {
                        taken[old] = true;
                        self.slots[old].take()
                    }
                    _ => None,
                };
                out.push(id, state);
            }
            let rest: Vec<usize> = (0..self.slots.len()).filter(|&o| !taken[o]).collect();
            for old in rest {
                let state = self.slots[old].take();
                let id = self.id(old).to_string();
                out.push(&id, state);
            }
            out.generation = self.generation;
            *self = out;
        }
        self.bound = Some(uid);
        self.touched();
        !in_place
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

/// The snapshot's layout: the ids in one string, where each ends, and the slots in order
/// (the last two encoded by `states_codec`).
#[derive(Serialize, Deserialize)]
struct Layout<'a> {
    names: &'a str,
    #[serde(borrow)]
    ends: Bytes<'a>,
    count: u64,
    #[serde(borrow)]
    slots: Bytes<'a>,
}

impl Serialize for States {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Layout {
            names: &self.names,
            ends: Bytes(&encode_ends(&self.ends)),
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
        let count = usize::try_from(l.count).map_err(D::Error::custom)?;
        let slots = decode_slots(l.slots.0, count)
            .ok_or_else(|| D::Error::custom("item states damaged"))?;
        let mut start = 0usize;
        for &end in &ends {
            let end = end as usize;
            if end < start || end > l.names.len() || !l.names.is_char_boundary(end) {
                return Err(D::Error::custom("item ids out of place"));
            }
            start = end;
        }
        if ends.len() != slots.len() || start != l.names.len() {
            return Err(D::Error::custom("item ids and states do not match"));
        }
        Ok(States {
            count: slots.iter().flatten().count(),
            names: l.names.to_string(),
            ends,
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

    #[test]
    fn binding_puts_the_items_first_and_keeps_every_state() {
        let mut s = States::default();
        s.insert("d/gone", st(1));
        s.insert("d/b", st(2));
        s.entry("d/a").suspended = true;
        assert_eq!(s.len(), 3);
        let before = s.clone();
        let ids = ["d/a", "d/b", "d/new"];
        assert!(s.bind(7, ids.iter().copied()), "moved");
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
        assert!(!s.bind(9, ids.iter().copied()));
        assert_eq!(s.at(2), Some(&st(3)));
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
        s.bind(1, ["x/c#reverse", "x/none"].into_iter());
        let bytes = postcard::to_stdvec(&s).unwrap();
        let back: States = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back, s);
        assert_eq!(back.get("x/é"), Some(&st(0)));
        assert_eq!(back.len(), 3);
        let bytes = postcard::to_stdvec(&Layout {
            names: "x/é",
            ends: Bytes(&encode_ends(&[3])),
            count: 1,
            slots: Bytes(&encode_slots(&[None])),
        })
        .unwrap();
        assert!(
            postcard::from_bytes::<States>(&bytes).is_err(),
            "inside a character"
        );
    }
}
