//! The collection: every review item of the loaded decks, with its topic and siblings, and the
//! topic graph across decks. Decks are put in prerequisite order.

use rustc_hash::FxHashMap as HashMap;

use std::sync::Arc;

use super::id_list::IdList;
use crate::answer::Lexicon;
use crate::deck::item_ids::{Print, card_items, deck_print};
use crate::deck::set::qualify;
use crate::deck::{Card, Deck, Variant};

/// One review item: which deck and card it comes from, which side or part of the card it asks
/// for, and its topic. Sixteen bytes, since a collection may hold 100,000 of them.
#[derive(Debug, Clone, Copy)]
pub struct Item {
    deck: u32,
    card: u32,
    pub variant: Variant,
    /// `NO_TOPIC`: none.
    topic: u32,
}

const NO_TOPIC: u32 = u32::MAX;

impl Item {
    pub fn deck(&self) -> usize {
        self.deck as usize
    }

    pub fn card(&self) -> usize {
        self.card as usize
    }

    pub fn topic(&self) -> Option<usize> {
        (self.topic != NO_TOPIC).then_some(self.topic as usize)
    }
}

/// Each card's items (a range of the collection's items), for the cards of one deck in
/// order ([`Collection::cards_of_deck`]).
pub enum CardItems<'a> {
    Even {
        next: usize,
        left: usize,
        per_card: usize,
    },
    Listed(std::slice::Iter<'a, std::ops::Range<u32>>),
}

impl Iterator for CardItems<'_> {
    type Item = std::ops::Range<usize>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            CardItems::Even {
                next,
                left,
                per_card,
            } => {
                *left = left.checked_sub(1)?;
                let start = *next;
                *next += *per_card;
                Some(start..*next)
            }
            CardItems::Listed(spans) => spans.next().map(|r| r.start as usize..r.end as usize),
        }
    }
}

/// The items of each topic in order, all in one list, topic after topic (a list per topic
/// was one allocation per topic, and eight bytes per item).
#[derive(Debug, Clone, Default)]
struct TopicItems {
    items: Vec<u32>,
    /// Where each topic's items end in `items`.
    ends: Vec<u32>,
}

impl TopicItems {
    fn of(items: &[Item], topics: usize) -> TopicItems {
        let mut ends = vec![0u32; topics];
        for t in items.iter().filter_map(Item::topic) {
            ends[t] += 1;
        }
        let mut total = 0;
        let mut next = Vec::with_capacity(topics);
        for end in &mut ends {
            next.push(total);
            total += *end;
            *end = total;
        }
        let mut listed = vec![0u32; total as usize];
        for (i, item) in items.iter().enumerate() {
            if let Some(t) = item.topic() {
                listed[next[t] as usize] = narrow(i);
                next[t] += 1;
            }
        }
        TopicItems {
            items: listed,
            ends,
        }
    }

    fn of_topic(&self, t: usize) -> impl ExactSizeIterator<Item = usize> + '_ {
        self.items
            .get(super::id_list::span(&self.ends, t))
            .unwrap_or(&[])
            .iter()
            .map(|&i| i as usize)
    }
}

/// Every item's id, in the order of the collection's items: `deck/card` plus the variant's
/// suffix.
fn item_ids(decks: &[Deck]) -> IdList {
    let cards: usize = decks.iter().map(|d| d.cards.len()).sum();
    // Room for every id, reserved once: growing by doubling copied megabytes into fresh
    // pages. Reserved room that no id fills is never touched, so it costs nothing.
    let room: usize = decks
        .iter()
        .map(|d| d.cards.ids_len() + d.cards.len() * (d.id.len() + 1 + "#reverse".len()))
        .sum();
    let mut ids = IdList::with_capacity(room, cards);
    for deck in decks {
        let prefix = format!("{}/", deck.id);
        deck.cards.for_each_head(|c, head, _| {
            card_items(deck, c, &head, |_, suffix| {
                ids.push(&[&prefix, head.id, suffix]);
            });
        });
    }
    ids
}

/// A number for a deck, card or topic of an item: a collection never holds four billion.
fn narrow(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[derive(Debug, Clone)]
pub struct TopicNode {
    /// `deck/topic`.
    pub id: String,
    pub title: String,
    pub deck: usize,
    pub requires: Vec<usize>,
    /// The longest chain of required topics below this one (0 for a topic that needs none).
    pub depth: u32,
}

/// What [`Collection::index`] works out from the decks.
struct Index {
    topics: Vec<TopicNode>,
    items: Vec<Item>,
    /// The fingerprint of the items' ids ([`IdList::fingerprint`]).
    fingerprint: u64,
    card_spans: Vec<std::ops::Range<u32>>,
    deck_spans: Vec<DeckCards>,
}

/// Where a deck's cards' items lie.
#[derive(Debug, Clone)]
enum DeckCards {
    /// Every card has `per_card` items, card after card from item `first`: the spans are not
    /// kept (a deck of basic cards, or of basic cards with their reverse, is one of these).
    Even {
        first: u32,
        cards: u32,
        per_card: u32,
    },
    /// Each card's items as listed in `card_spans` (this range of it).
    Listed(std::ops::Range<usize>),
}

#[derive(Debug, Clone, Default)]
pub struct Collection {
    /// Shared with the items' ids, which are made from them when first needed.
    pub decks: Arc<Vec<Deck>>,
    pub items: Vec<Item>,
    /// Each item's id (`deck/card` plus the variant's suffix), in the order of `items`; the
    /// states bound to this collection share it. Made on first use: a start needs only their
    /// fingerprint, worked out with the items.
    ids: Arc<IdList>,
    /// Set once the ids were asked for on another thread ([`Collection::make_ids_in_background`]).
    ids_asked: std::sync::OnceLock<()>,
    pub topics: Vec<TopicNode>,
    /// The items of each topic; worked out when first asked for (after the first answer, or
    /// for the stats), not at every start.
    topic_items: std::sync::OnceLock<TopicItems>,
    /// Every term the decks accept or offer, for telling typos from other terms; built on the
    /// first typed answer judged (see [`Collection::lexicon`]).
    lexicon: std::sync::OnceLock<Lexicon>,
    /// Each item by its id; built on the first lookup by id (a session answers by index).
    by_id: std::sync::OnceLock<HashMap<String, usize>>,
    /// Tells this collection from every other built in the process (0: none was built), so
    /// that states bound to it are read by item index (see `States::bind`).
    uid: u64,
    /// Each card's items, as a range of `items`, in order, for the decks whose cards' items
    /// are not even (eight bytes each: a pass over 100,000 cards reads them on each key press).
    card_spans: Vec<std::ops::Range<u32>>,
    /// Where each deck's cards' items lie.
    deck_spans: Vec<DeckCards>,
}

impl Collection {
    /// Builds the collection; decks that others build on come first.
    pub fn new(decks: Vec<Deck>) -> Self {
        static BUILT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let decks = prerequisite_order(decks);
        let Index {
            topics,
            items,
            fingerprint,
            card_spans,
            deck_spans,
        } = Self::index(&decks);
        let decks = Arc::new(decks);
        let ids = {
            let decks = Arc::clone(&decks);
            IdList::lazy(items.len(), fingerprint, move || item_ids(&decks))
        };
        Collection {
            lexicon: std::sync::OnceLock::new(),
            decks,
            items,
            ids: Arc::new(ids),
            ids_asked: std::sync::OnceLock::new(),
            topics,
            topic_items: std::sync::OnceLock::new(),
            by_id: std::sync::OnceLock::new(),
            uid: BUILT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            card_spans,
            deck_spans,
        }
    }

    /// The items of topic `t`, in order.
    pub fn topic_items(&self, t: usize) -> impl ExactSizeIterator<Item = usize> + '_ {
        self.topic_items
            .get_or_init(|| TopicItems::of(&self.items, self.topics.len()))
            .of_topic(t)
    }

    /// What tells this collection from every other built in the process.
    pub fn uid(&self) -> u64 {
        self.uid
    }

    /// Each card's items (a range of `items`), for the cards of deck `deck` in order.
    pub fn cards_of_deck(&self, deck: usize) -> CardItems<'_> {
        match self.deck_spans.get(deck) {
            Some(&DeckCards::Even {
                first,
                cards,
                per_card,
            }) => CardItems::Even {
                next: first as usize,
                left: cards as usize,
                per_card: per_card as usize,
            },
            Some(DeckCards::Listed(cards)) => {
                CardItems::Listed(self.card_spans.get(cards.clone()).unwrap_or(&[]).iter())
            }
            None => CardItems::Listed([].iter()),
        }
    }

    /// The topics with their prerequisites, the review items with their ids, and where each
    /// card's and deck's items lie (worked out as the items are made: a second pass over
    /// 100,000 of them was a tenth of the work).
    fn index(decks: &[Deck]) -> Index {
        let mut topics = Vec::new();
        let mut topic_ix = HashMap::default();
        for (d, deck) in decks.iter().enumerate() {
            for t in &deck.topics {
                topic_ix.insert(qualify(&deck.id, &t.id), topics.len());
                topics.push(TopicNode {
                    id: qualify(&deck.id, &t.id),
                    title: t.title.clone(),
                    deck: d,
                    requires: Vec::new(),
                    depth: 0,
                });
            }
        }
        for deck in decks {
            for t in &deck.topics {
                let me = topic_ix[&qualify(&deck.id, &t.id)];
                topics[me].requires = t
                    .requires
                    .iter()
                    .filter_map(|r| topic_ix.get(&qualify(&deck.id, r)).copied())
                    .collect();
            }
        }
        let depths = depths(&topics);
        for (t, d) in topics.iter_mut().zip(depths) {
            t.depth = d;
        }
        let cards: usize = decks.iter().map(|d| d.cards.len()).sum();
        let mut items = Vec::with_capacity(cards);
        // The ids' fingerprint, joined from each deck's share (the ids' list is made only
        // when needed).
        let mut print = Print::default();
        let mut card_spans = Vec::with_capacity(cards);
        let mut deck_spans = Vec::with_capacity(decks.len());
        for (d, deck) in decks.iter().enumerate() {
            let first_card = card_spans.len();
            // A card names a topic of its own deck or `deck/topic`: looked up without building
            // the qualified name for each of (possibly) 100,000 cards.
            let local: HashMap<&str, usize> = deck
                .topics
                .iter()
                .filter_map(|t| Some((t.id.as_str(), *topic_ix.get(&qualify(&deck.id, &t.id))?)))
                .collect();
            let find = |t: &str| match local.get(t) {
                Some(&i) => Some(i),
                None => topic_ix.get(&qualify(&deck.id, t)).copied(),
            };
            // Cards kept encoded name their topics by number: each name is looked up once.
            let by_number: Vec<Option<usize>> = deck
                .cards
                .topic_names()
                .map(|names| names.iter().map(|t| find(t)).collect())
                .unwrap_or_default();
            // As the deck's cache entry knows it; a deck parsed now has just been read whole.
            print = print.then(deck.cards.items_print().unwrap_or_else(|| deck_print(deck)));
            let first = items.len();
            // Whether every card so far has `per_card` items (the first card's count); the
            // spans are listed from the first card that does not.
            let mut even = true;
            let mut per_card = None;
            deck.cards.for_each_head(|c, head, topic_of| {
                let first_item = items.len();
                let topic = match topic_of {
                    Some(n) => by_number.get(n).copied().flatten(),
                    None => head.topic.and_then(find),
                };
                card_items(deck, c, &head, |variant, _| {
                    items.push(Item {
                        deck: narrow(d),
                        card: narrow(c),
                        variant,
                        topic: topic.map_or(NO_TOPIC, narrow),
                    });
                });
                let n = items.len() - first_item;
                if even && n > 0 && n == *per_card.get_or_insert(n) {
                    return;
                }
                if even {
                    // The cards before this one, each with `per_card` items.
                    even = false;
                    let k = per_card.unwrap_or(0);
                    for before in 0..c {
                        let at = first + before * k;
                        card_spans.push(narrow(at)..narrow(at + k));
                    }
                }
                if n > 0 {
                    card_spans.push(narrow(first_item)..narrow(items.len()));
                }
            });
            deck_spans.push(if even {
                DeckCards::Even {
                    first: narrow(first),
                    cards: narrow(deck.cards.len()),
                    per_card: narrow(per_card.unwrap_or(0)),
                }
            } else {
                DeckCards::Listed(first_card..card_spans.len())
            });
        }
        Index {
            topics,
            items,
            fingerprint: print.finish(),
            card_spans,
            deck_spans,
        }
    }

    /// Every term the decks accept or offer. Built when first asked for (a few milliseconds
    /// at 10,000 typed cards, and a session of basic cards never needs it).
    pub fn lexicon(&self) -> &Lexicon {
        self.lexicon
            .get_or_init(|| Lexicon::from_decks(&self.decks))
    }

    /// Item `item`'s id: `deck/card` plus its variant's suffix.
    pub fn id(&self, item: usize) -> &str {
        self.ids.get(item)
    }

    /// Every item's id, in the order of `items`.
    pub fn ids(&self) -> impl ExactSizeIterator<Item = &str> + Clone + '_ {
        self.ids.iter()
    }

    /// Makes the items' ids on another thread, when they are many and not made yet: the
    /// first answer needs them, and at 100,000 items making them took about 2 ms, which a
    /// start leaves out. The app calls it once the first card is drawn, while the student
    /// reads it; line mode leaves them to the first answer, where 2 ms go unseen.
    pub fn make_ids_in_background(&self) {
        if self.items.len() < 20_000 || self.ids.is_made() || self.ids_asked.set(()).is_err() {
            return;
        }
        let ids = Arc::clone(&self.ids);
        // Without a thread, the first answer makes them.
        let _ = std::thread::Builder::new()
            .name("item ids".into())
            .spawn(move || ids.make_now());
    }

    /// The items' ids as one shared list, and its fingerprint (for states bound to them).
    pub fn id_list(&self) -> (&Arc<IdList>, u64) {
        (&self.ids, self.ids.fingerprint())
    }

    pub fn card(&self, item: usize) -> &Card {
        let it = &self.items[item];
        &self.decks[it.deck()].cards[it.card()]
    }

    pub fn deck_of(&self, item: usize) -> &Deck {
        &self.decks[self.items[item].deck()]
    }

    pub fn find(&self, id: &str) -> Option<usize> {
        let by_id = self.by_id.get_or_init(|| {
            let mut m = HashMap::with_capacity_and_hasher(self.items.len(), Default::default());
            for (i, id) in self.ids().enumerate() {
                // The first of two items with one id is the one found, as before.
                m.entry(id.to_string()).or_insert(i);
            }
            m
        });
        by_id.get(id).copied()
    }

    pub fn deck_index(&self, id: &str) -> Option<usize> {
        self.decks.iter().position(|d| d.id == id)
    }

    /// The other items of the same card (reverse side, other cloze deletions), which are
    /// always next to it in `items`.
    pub fn siblings(&self, item: usize) -> impl Iterator<Item = usize> + '_ {
        let it = &self.items[item];
        let same =
            move |j: &usize| self.items[*j].deck == it.deck && self.items[*j].card == it.card;
        let before = (0..item).rev().take_while(same);
        let after = (item + 1..self.items.len()).take_while(same);
        before.chain(after)
    }
}

/// Each topic's depth: the longest chain of requirements below it. A cycle (refused by
/// `check`, but a collection is built whatever it holds) is cut where it closes.
fn depths(topics: &[TopicNode]) -> Vec<u32> {
    const OPEN: u32 = u32::MAX;
    fn visit(t: usize, topics: &[TopicNode], memo: &mut [Option<u32>]) -> u32 {
        match memo[t] {
            Some(OPEN) => return 0,
            Some(d) => return d,
            None => {}
        }
        memo[t] = Some(OPEN);
        let d = topics[t]
            .requires
            .iter()
            .map(|&r| visit(r, topics, memo) + 1)
            .max()
            .unwrap_or(0);
        memo[t] = Some(d);
        d
    }
    let mut memo = vec![None; topics.len()];
    (0..topics.len())
        .map(|t| visit(t, topics, &mut memo))
        .collect()
}

/// Decks ordered so that a deck whose topics require another deck's come after it; otherwise
/// the original order is kept.
fn prerequisite_order(decks: Vec<Deck>) -> Vec<Deck> {
    let ids: Vec<String> = decks.iter().map(|d| d.id.clone()).collect();
    let needs: Vec<Vec<usize>> = decks
        .iter()
        .map(|d| {
            let mut n: Vec<usize> = d
                .topics
                .iter()
                .flat_map(|t| &t.requires)
                .filter_map(|r| r.split_once('/'))
                .filter_map(|(deck, _)| ids.iter().position(|i| i == deck))
                .filter(|&j| ids[j] != d.id)
                .collect();
            n.sort_unstable();
            n.dedup();
            n
        })
        .collect();
    let mut placed = vec![false; decks.len()];
    let mut order = Vec::with_capacity(decks.len());
    while order.len() < decks.len() {
        let next = (0..decks.len())
            .find(|&i| !placed[i] && needs[i].iter().all(|&j| placed[j]))
            .or_else(|| (0..decks.len()).find(|&i| !placed[i]));
        let Some(i) = next else { break };
        placed[i] = true;
        order.push(i);
    }
    let mut slots: Vec<Option<Deck>> = decks.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}
