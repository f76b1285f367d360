//! The collection: every review item of the loaded decks, with its topic and siblings, and the
//! topic graph across decks. Decks are put in prerequisite order.

use rustc_hash::FxHashMap as HashMap;

use crate::answer::Lexicon;
use crate::deck::set::qualify;
use crate::deck::{Card, Deck, Variant};

#[derive(Debug, Clone)]
pub struct Item {
    /// `deck/card` plus the variant's suffix.
    pub id: String,
    pub deck: usize,
    pub card: usize,
    pub variant: Variant,
    pub topic: Option<usize>,
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
    pub items: Vec<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Collection {
    pub decks: Vec<Deck>,
    pub items: Vec<Item>,
    pub topics: Vec<TopicNode>,
    /// Every term the decks accept or offer, for telling typos from other terms.
    pub lexicon: Lexicon,
    by_id: HashMap<String, usize>,
}

impl Collection {
    /// Builds the collection; decks that others build on come first.
    pub fn new(decks: Vec<Deck>) -> Self {
        let decks = prerequisite_order(decks);
        // The lexicon (a few milliseconds at 10,000 typed cards) is built on the other core.
        let (lexicon, (topics, items, by_id)) =
            rayon::join(|| Lexicon::from_decks(&decks), || Self::index(&decks));
        Collection {
            lexicon,
            decks,
            items,
            topics,
            by_id,
        }
    }

    /// The topics with their prerequisites, and the review items with their ids.
    fn index(decks: &[Deck]) -> (Vec<TopicNode>, Vec<Item>, HashMap<String, usize>) {
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
                    items: Vec::new(),
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
        let mut items = Vec::new();
        let mut by_id = HashMap::default();
        for (d, deck) in decks.iter().enumerate() {
            for (c, card) in deck.cards.iter().enumerate() {
                let topic = card
                    .topic
                    .as_ref()
                    .and_then(|t| topic_ix.get(&qualify(&deck.id, t)).copied());
                for variant in card.variants() {
                    let id = format!("{}/{}{}", deck.id, card.id, card.suffix(variant));
                    if let Some(t) = topic {
                        topics[t].items.push(items.len());
                    }
                    by_id.insert(id.clone(), items.len());
                    items.push(Item {
                        id,
                        deck: d,
                        card: c,
                        variant,
                        topic,
                    });
                }
            }
        }
        (topics, items, by_id)
    }

    pub fn card(&self, item: usize) -> &Card {
        let it = &self.items[item];
        &self.decks[it.deck].cards[it.card]
    }

    pub fn deck_of(&self, item: usize) -> &Deck {
        &self.decks[self.items[item].deck]
    }

    pub fn find(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
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
