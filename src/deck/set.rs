//! Checks across decks: one id per deck, prerequisites that exist, no cycles.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::diag::Diagnostic;
use super::load::LoadedDeck;

/// The full id of a topic (`deck/topic`) named by `req` from inside `deck`.
pub fn qualify(deck: &str, req: &str) -> String {
    if req.contains('/') {
        req.to_string()
    } else {
        format!("{deck}/{req}")
    }
}

/// How a deck is named in a message about another deck: its id, and its file when it is an
/// installed edition that replaces a built-in deck.
pub fn deck_name(d: &LoadedDeck) -> String {
    match &d.replaces {
        Some(_) => format!(
            "deck `{}` ({}, which replaces the built-in deck)",
            d.deck.id, d.path
        ),
        None => format!("deck `{}`", d.deck.id),
    }
}

/// Problems that only show when decks are seen together.
pub fn check_set(decks: &[&LoadedDeck]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut by_id: HashMap<&str, &LoadedDeck> = HashMap::default();
    for &d in decks {
        if let Some(first) = by_id.insert(&d.deck.id, d) {
            out.push(Diagnostic::error(
                &d.path,
                d.map.id,
                format!(
                    "deck id `{}` is already used by {}; each deck needs its own id",
                    d.deck.id, first.path
                ),
            ));
        }
    }
    let topics: HashSet<(&str, &str)> = decks
        .iter()
        .flat_map(|d| {
            d.deck
                .topics
                .iter()
                .map(|t| (d.deck.id.as_str(), t.id.as_str()))
        })
        .collect();
    for &d in decks {
        for (i, t) in d.deck.topics.iter().enumerate() {
            for r in t.requires.iter().filter(|r| r.contains('/')) {
                let (deck_id, topic_id) = r.split_once('/').unwrap_or_default();
                if topics.contains(&(deck_id, topic_id)) {
                    continue;
                }
                let why = match by_id.get(deck_id) {
                    Some(other) => format!("{} has no topic `{topic_id}`", deck_name(other)),
                    None => format!("no deck `{deck_id}` is loaded"),
                };
                out.push(Diagnostic::error(
                    &d.path,
                    d.map.topics[i],
                    format!("topic `{}` requires `{r}`, but {why}", t.id),
                ));
            }
        }
    }
    out.extend(cycles(decks));
    out
}

/// At most this many cycles are reported; fixing them usually breaks the others.
const MAX_CYCLES: usize = 20;
/// A longer cycle is shown by its ends.
const MAX_CYCLE_SHOWN: usize = 12;

/// Each prerequisite cycle once, printed in full (`a -> b -> a`) or by its ends when long.
/// The walk keeps its own stack: a chain of 30,000 topics must not overflow the thread's.
fn cycles(decks: &[&LoadedDeck]) -> Vec<Diagnostic> {
    let mut ids: Vec<String> = Vec::new();
    let mut place = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::default();
    for &d in decks {
        for (i, t) in d.deck.topics.iter().enumerate() {
            let id = qualify(&d.deck.id, &t.id);
            if !index.contains_key(&id) {
                index.insert(id.clone(), ids.len());
                ids.push(id);
                place.push((d.path.as_str(), d.map.topics[i]));
            }
        }
    }
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); ids.len()];
    for &d in decks {
        for t in &d.deck.topics {
            let me = index[&qualify(&d.deck.id, &t.id)];
            if !edges[me].is_empty() {
                continue; // a duplicate id, reported elsewhere
            }
            edges[me] = t
                .requires
                .iter()
                .filter_map(|r| index.get(&qualify(&d.deck.id, r)).copied())
                .collect();
        }
    }
    let mut order: Vec<usize> = (0..ids.len()).collect();
    order.sort_by(|&a, &b| ids[a].cmp(&ids[b]));
    let (found, total) = back_edges(&edges, &order);
    let mut out = Vec::new();
    for cycle in found.iter().take(MAX_CYCLES) {
        let (path, pos) = place[cycle[0]];
        let names: Vec<&str> = cycle.iter().map(|&n| ids[n].as_str()).collect();
        out.push(Diagnostic::error(
            path,
            pos,
            format!("prerequisite cycle: {}", show_cycle(&names)),
        ));
    }
    if total > MAX_CYCLES {
        let (path, pos) = place[found[0][0]];
        out.push(Diagnostic::error(
            path,
            pos,
            format!(
                "{} more prerequisite cycles not shown; fix the ones above first",
                total - MAX_CYCLES
            ),
        ));
    }
    out
}

/// `a -> b -> c -> a`, or its first and last steps around `...` when long.
fn show_cycle(names: &[&str]) -> String {
    let first = names[0];
    if names.len() <= MAX_CYCLE_SHOWN {
        return format!("{} -> {first}", names.join(" -> "));
    }
    let half = MAX_CYCLE_SHOWN / 2;
    format!(
        "{} -> ... ({} more topics) ... -> {} -> {first}",
        names[..half].join(" -> "),
        names.len() - 2 * half,
        names[names.len() - half..].join(" -> ")
    )
}

/// A depth-first walk in `order`; each edge back to a topic on the current path closes one
/// cycle, returned as the path from that topic, with the number of cycles found. Each cycle
/// is found once; only the first few are kept, so a tangle cannot make the report quadratic.
fn back_edges(edges: &[Vec<usize>], order: &[usize]) -> (Vec<Vec<usize>>, usize) {
    const WHITE: u8 = 0;
    const GREY: u8 = 1;
    const BLACK: u8 = 2;
    let mut colour = vec![WHITE; edges.len()];
    // Where each grey topic stands on the path.
    let mut depth = vec![0usize; edges.len()];
    let mut path: Vec<usize> = Vec::new();
    let mut stack: Vec<(usize, usize)> = Vec::new();
    let mut found = Vec::new();
    let mut more = 0usize;
    for &start in order {
        if colour[start] != WHITE {
            continue;
        }
        colour[start] = GREY;
        depth[start] = 0;
        path.push(start);
        stack.push((start, 0));
        while let Some(top) = stack.last_mut() {
            let (node, next) = *top;
            let Some(&to) = edges[node].get(next) else {
                colour[node] = BLACK;
                path.pop();
                stack.pop();
                continue;
            };
            top.1 += 1;
            match colour[to] {
                WHITE => {
                    colour[to] = GREY;
                    depth[to] = path.len();
                    path.push(to);
                    stack.push((to, 0));
                }
                GREY if found.len() < MAX_CYCLES => found.push(path[depth[to]..].to_vec()),
                GREY => more += 1,
                _ => {}
            }
        }
    }
    let total = found.len() + more;
    (found, total)
}
