//! Checks across decks: one id per deck, prerequisites that exist, no cycles.

use rustc_hash::FxHashMap as HashMap;

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

/// Problems that only show when decks are seen together.
pub fn check_set(decks: &[LoadedDeck]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut by_id: HashMap<&str, &LoadedDeck> = HashMap::default();
    for d in decks {
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
    for d in decks {
        for (i, t) in d.deck.topics.iter().enumerate() {
            for r in t.requires.iter().filter(|r| r.contains('/')) {
                let (deck_id, topic_id) = r.split_once('/').unwrap_or_default();
                let known = by_id
                    .get(deck_id)
                    .is_some_and(|o| o.deck.topic(topic_id).is_some());
                if !known {
                    let why = if by_id.contains_key(deck_id) {
                        format!("deck `{deck_id}` has no topic `{topic_id}`")
                    } else {
                        format!("no deck `{deck_id}` is loaded")
                    };
                    out.push(Diagnostic::error(
                        &d.path,
                        d.map.topics[i],
                        format!("topic `{}` requires `{r}`, but {why}", t.id),
                    ));
                }
            }
        }
    }
    out.extend(cycles(decks));
    out
}

/// Each prerequisite cycle once, printed in full (`a -> b -> a`).
fn cycles(decks: &[LoadedDeck]) -> Vec<Diagnostic> {
    let mut graph: HashMap<String, Vec<String>> = HashMap::default();
    let mut place = HashMap::default();
    for d in decks {
        for (i, t) in d.deck.topics.iter().enumerate() {
            let id = qualify(&d.deck.id, &t.id);
            let reqs = t.requires.iter().map(|r| qualify(&d.deck.id, r)).collect();
            graph.insert(id.clone(), reqs);
            place.insert(id, (d.path.clone(), d.map.topics[i]));
        }
    }
    let mut state: HashMap<String, u8> = HashMap::default();
    let mut out = Vec::new();
    let mut keys: Vec<&String> = graph.keys().collect();
    keys.sort();
    for start in keys {
        let mut stack = vec![start.clone()];
        visit(start, &graph, &mut state, &mut stack, &mut |cycle| {
            let (path, pos) = &place[&cycle[0]];
            out.push(Diagnostic::error(
                path,
                *pos,
                format!("prerequisite cycle: {}", cycle.join(" -> ")),
            ));
        });
    }
    out
}

fn visit(
    node: &str,
    graph: &HashMap<String, Vec<String>>,
    state: &mut HashMap<String, u8>,
    stack: &mut Vec<String>,
    report: &mut dyn FnMut(Vec<String>),
) {
    match state.get(node) {
        Some(2) => return,
        Some(1) => {
            let from = stack.iter().position(|n| n == node).unwrap_or(0);
            report(stack[from..].to_vec());
            return;
        }
        _ => {}
    }
    state.insert(node.to_string(), 1);
    for next in graph.get(node).into_iter().flatten() {
        if graph.contains_key(next) {
            stack.push(next.clone());
            visit(next, graph, state, stack, report);
            stack.pop();
        }
    }
    state.insert(node.to_string(), 2);
}
