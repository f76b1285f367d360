//! Which review items a card makes, and the fingerprint of a list of item ids, made so that a
//! deck's share is worked out once, when its cache entry is written, and joined with the
//! other decks' shares at each start without making or reading the ids.

use serde::{Deserialize, Serialize};

use super::cards::{Head, Shape};
use super::{Deck, Variant};

/// Calls `push` with each item of card `c` of `deck` (whose head is `head`): its variant and
/// the suffix of its id. Most cards' items are told by the head; the rest are decoded.
pub fn card_items(deck: &Deck, c: usize, head: &Head<'_>, mut push: impl FnMut(Variant, &str)) {
    match head.shape {
        Shape::Forward => push(Variant::Forward, ""),
        Shape::ForwardReverse => {
            push(Variant::Forward, "");
            push(Variant::Reverse, "#reverse");
        }
        Shape::Other => {
            let card = &deck.cards[c];
            for v in card.variants() {
                push(v, &card.suffix(v));
            }
        }
    }
}

/// The multiplier of the fingerprint's polynomial (odd, so no two lists that differ in one
/// id's place are told apart by less than all 64 bits).
const BASE: u64 = 0x9e37_79b9_7f4a_7c15;

/// A list of ids summed up: their number, and each id's hash in a polynomial over their
/// order, so that the print of two lists one after the other follows from theirs
/// ([`Print::then`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Print {
    count: u64,
    sum: u64,
}

impl Print {
    pub fn add(&mut self, id: &str) {
        use std::hash::Hasher;
        let mut one = rustc_hash::FxHasher::default();
        one.write(id.as_bytes());
        one.write_usize(id.len());
        self.sum = self.sum.wrapping_mul(BASE).wrapping_add(one.finish());
        self.count += 1;
    }

    /// The print of this list followed by the list of `next`.
    pub fn then(self, next: Print) -> Print {
        Print {
            count: self.count + next.count,
            sum: self
                .sum
                .wrapping_mul(pow(BASE, next.count))
                .wrapping_add(next.sum),
        }
    }

    pub fn count(&self) -> u64 {
        self.count
    }

    /// The fingerprint: equal lists have equal fingerprints, and two lists that differ in any
    /// id or in their order practically never do.
    pub fn finish(self) -> u64 {
        use std::hash::Hasher;
        let mut h = rustc_hash::FxHasher::default();
        h.write_u64(self.sum);
        h.write_u64(self.count);
        h.finish()
    }
}

/// `base` to the power `exp`, wrapping.
fn pow(mut base: u64, mut exp: u64) -> u64 {
    let mut out = 1u64;
    while exp > 0 {
        if exp & 1 == 1 {
            out = out.wrapping_mul(base);
        }
        base = base.wrapping_mul(base);
        exp >>= 1;
    }
    out
}

/// The print of every item id of `deck` (`deck/card` plus the variant's suffix), in order.
pub fn deck_print(deck: &Deck) -> Print {
    let prefix = format!("{}/", deck.id);
    let mut print = Print::default();
    let mut id = String::new();
    deck.cards.for_each_head(|c, head, _| {
        card_items(deck, c, &head, |_, suffix| {
            id.clear();
            id.extend([prefix.as_str(), head.id, suffix]);
            print.add(&id);
        });
    });
    print
}

#[cfg(test)]
mod tests {
    use super::*;

    fn print(ids: &[&str]) -> Print {
        let mut p = Print::default();
        for id in ids {
            p.add(id);
        }
        p
    }

    #[test]
    fn prints_join_and_tell_lists_apart() {
        let whole = print(&["a/x", "a/y", "b/x", "b/x#reverse", "c/z"]);
        for cut in 0..=5 {
            let ids = ["a/x", "a/y", "b/x", "b/x#reverse", "c/z"];
            let (l, r) = ids.split_at(cut);
            assert_eq!(print(l).then(print(r)), whole, "cut at {cut}");
        }
        assert_eq!(whole.count(), 5);
        let fp = whole.finish();
        for other in [
            print(&["a/y", "a/x", "b/x", "b/x#reverse", "c/z"]),
            print(&["a/x", "a/y", "b/x", "b/x#reverse"]),
            print(&["a/x", "a/y", "b/x", "b/x#reverse", "c/z", ""]),
            print(&["a/x", "a/yb/x", "", "b/x#reverse", "c/z"]),
            print(&["a/x", "a/y", "b/x", "b/x#Reverse", "c/z"]),
        ] {
            assert_ne!(other.finish(), fp);
        }
        assert_ne!(print(&[]).finish(), print(&[""]).finish());
    }
}
