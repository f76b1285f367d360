//! Turning a parsed card into a model card: which kind it is, and whether its fields make sense.

use rustc_hash::FxHashSet;

use super::check;
use super::cloze;
use super::diag::{Diagnostic, Pos};
use super::file::CardFile;
use super::model::{Card, CardKind, Deck, Gap};
use super::occlusion::{self, Pictures};
use crate::safe_text;

/// Options are chosen with the keys 1 to 9.
pub const MAX_CHOICES: usize = 9;

/// Builds a card, pushing a diagnostic for each problem; `None` when it cannot be studied.
/// `at(field)` gives the position of a field of this card; `topics` holds the deck's topic ids.
pub fn card_from_file(
    cf: CardFile,
    deck: &Deck,
    topics: &FxHashSet<String>,
    pictures: Pictures,
    path: &str,
    at: &dyn Fn(&str) -> Pos,
    out: &mut Vec<Diagnostic>,
) -> Option<Card> {
    let before = out.iter().filter(|d| d.is_error()).count();
    check::id(path, || at("id"), "card id", &cf.id, out);
    for (field, value) in [
        ("front", &cf.front),
        ("back", &cf.back),
        ("cloze", &cf.cloze),
        ("explain", &cf.explain),
        ("source", &cf.source),
    ] {
        if let Some(v) = value {
            check::text(path, || at(field), format_args!("`{field}`"), v, out);
        }
    }
    for (field, value) in [("correct", &cf.correct), ("topic", &cf.topic)] {
        if let Some(v) = value {
            check::text(path, || at(field), format_args!("`{field}`"), v, out);
        }
    }
    for t in &cf.tags {
        check::text(path, || at("tags"), "a tag", t, out);
    }
    for old in &cf.renamed_from {
        check::id(
            path,
            || at("renamed_from"),
            "an id in `renamed_from`",
            old,
            out,
        );
        if *old == cf.id {
            let msg = format!("`renamed_from` lists the card's own id `{old}`");
            out.push(Diagnostic::error(path, at("renamed_from"), msg));
        }
    }
    for (field, list) in [("answers", &cf.answers), ("choices", &cf.choices)] {
        for v in list.iter().flatten() {
            let what = format_args!("an entry of `{field}`");
            check::chars(path, || at(field), what, v, out);
        }
    }
    if let Some(topic) = &cf.topic
        && !safe_text::is_blank(topic)
        && !topics.contains(topic)
    {
        out.push(Diagnostic::error(
            path,
            at("topic"),
            format!(
                "unknown topic `{}` ({})",
                topic.escape_debug(),
                check::known_topics_hint(&deck.topics)
            ),
        ));
    }
    check_source(&cf, deck, path, at, out);
    let picture = occlusion::picture(&cf, pictures, path, at, out);
    let kind = kind_of(&cf, path, at, out);
    if let (Some(CardKind::Occlusion { regions, .. }), Ok(Some(pic))) = (&kind, &picture) {
        occlusion::regions_inside(pic, regions, path, at, out);
    }
    let failed = out.iter().filter(|d| d.is_error()).count() > before;
    let kind = kind.filter(|_| !failed)?;
    let picture = picture.ok()?;
    if let CardKind::Choice { choices, .. } = &kind {
        option_lengths(choices, path, at, out);
    }
    Some(Card {
        id: cf.id,
        topic: cf.topic,
        tags: cf.tags,
        explain: cf.explain.unwrap_or_default(),
        source: cf.source.unwrap_or_default(),
        renamed_from: cf.renamed_from,
        picture,
        kind,
    })
}

fn check_source(
    cf: &CardFile,
    deck: &Deck,
    path: &str,
    at: &dyn Fn(&str) -> Pos,
    out: &mut Vec<Diagnostic>,
) {
    match &cf.source {
        None => out.push(Diagnostic::warning(
            path,
            at("id"),
            "no `source`: say where a learner can check this",
        )),
        Some(s) => {
            if let Some(rest) = s.strip_prefix('@') {
                let key = rest.split_whitespace().next().unwrap_or("");
                if !deck.sources.contains_key(key) {
                    out.push(Diagnostic::error(
                        path,
                        at("source"),
                        format!(
                            "`source` cites `@{key}`, which the deck's `sources` does not define"
                        ),
                    ));
                }
            }
        }
    }
    if cf.explain.is_none() {
        out.push(Diagnostic::warning(
            path,
            at("id"),
            "no `explain`: a short explanation helps the answer stick",
        ));
    }
}

/// Decides the card's kind from the fields it sets, and checks that kind's rules.
fn kind_of(
    cf: &CardFile,
    path: &str,
    at: &dyn Fn(&str) -> Pos,
    out: &mut Vec<Diagnostic>,
) -> Option<CardKind> {
    let mut err = |field: &str, msg: String| {
        out.push(Diagnostic::error(path, at(field), msg));
        None
    };
    let present: Vec<&str> = [
        ("front", cf.front.is_some()),
        ("back", cf.back.is_some()),
        ("reverse", cf.reverse.is_some()),
        ("answers", cf.answers.is_some()),
        ("choices", cf.choices.is_some()),
        ("correct", cf.correct.is_some()),
        ("cloze", cf.cloze.is_some()),
        ("gap", cf.gap.is_some()),
        ("regions", cf.regions.is_some()),
        ("prompt", cf.prompt.is_some()),
        ("mode", cf.mode.is_some()),
        ("locate", cf.locate.is_some()),
    ]
    .into_iter()
    .filter_map(|(f, p)| p.then_some(f))
    .collect();
    let allowed: &[&str] = if cf.regions.is_some() {
        &["regions", "prompt", "mode", "locate"]
    } else if cf.cloze.is_some() {
        &["cloze", "gap"]
    } else if cf.choices.is_some() || cf.correct.is_some() {
        &["front", "choices", "correct"]
    } else if cf.answers.is_some() {
        &["front", "answers"]
    } else {
        &["front", "back", "reverse"]
    };
    if let Some(extra) = present.iter().find(|f| !allowed.contains(f)) {
        let kind = kind_name(allowed);
        let a = if kind.starts_with('o') { "an" } else { "a" };
        return err(
            extra,
            format!(
                "`{extra}` does not belong on {a} {kind} card ({a} {kind} card uses {})",
                allowed.join(", ")
            ),
        );
    }
    if let Some(regions) = &cf.regions {
        return occlusion::kind(cf, regions, path, at, out);
    }
    if let Some(text) = &cf.cloze {
        let gap = match cf.gap.as_deref().map(|g| (g, Gap::parse(g))) {
            None => None,
            Some((_, Some(gap))) => Some(gap),
            Some((g, None)) => {
                return err(
                    "gap",
                    format!(
                        "`gap` is `{g}`: write \"type\" (the learner types the hidden words) \
                         or \"reveal\" (the learner reveals them)"
                    ),
                );
            }
        };
        return match cloze::deletions(text) {
            Ok(_) => Some(CardKind::Cloze {
                text: text.clone(),
                gap,
            }),
            Err(e) => err("cloze", e.to_string()),
        };
    }
    let Some(front) = cf.front.clone() else {
        let kind = kind_name(allowed);
        return err(
            "id",
            format!("missing `front`: a {kind} card needs a question"),
        );
    };
    if let Some(choices) = &cf.choices {
        return choice(front, choices, cf.correct.as_deref(), &mut err);
    }
    if cf.correct.is_some() {
        return err(
            "correct",
            "`correct` needs `choices` to choose from".to_string(),
        );
    }
    if let Some(answers) = &cf.answers {
        if answers.is_empty() {
            return err(
                "answers",
                "`answers` is empty: list at least one accepted answer".to_string(),
            );
        }
        if answers.iter().any(|a| safe_text::is_blank(a)) {
            return err("answers", "`answers` has a blank entry".to_string());
        }
        return Some(CardKind::Typed {
            front,
            answers: answers.clone(),
        });
    }
    let Some(back) = cf.back.clone() else {
        return err(
            "id",
            "missing `back`: a basic card needs an answer (or use `answers`, `choices` or `cloze`)"
                .to_string(),
        );
    };
    Some(CardKind::Basic {
        front,
        back,
        reverse: cf.reverse.unwrap_or(false),
    })
}

fn choice(
    front: String,
    choices: &[String],
    correct: Option<&str>,
    err: &mut dyn FnMut(&str, String) -> Option<CardKind>,
) -> Option<CardKind> {
    if choices.len() < 2 {
        return err(
            "choices",
            format!(
                "a choice card needs at least 2 `choices`, found {}",
                choices.len()
            ),
        );
    }
    if choices.len() > MAX_CHOICES {
        return err(
            "choices",
            format!(
                "a choice card has at most {MAX_CHOICES} `choices` (one key each), found {}",
                choices.len()
            ),
        );
    }
    if choices.iter().any(|c| safe_text::is_blank(c)) {
        return err("choices", "`choices` has a blank option".to_string());
    }
    let key = |c: &String| c.trim().to_lowercase();
    for (i, c) in choices.iter().enumerate() {
        if choices[..i].iter().any(|o| key(o) == key(c)) {
            return err(
                "choices",
                format!("option `{}` is listed twice", c.escape_debug()),
            );
        }
    }
    let Some(correct) = correct else {
        return err(
            "choices",
            "missing `correct`: name the right option".to_string(),
        );
    };
    if !choices.iter().any(|c| c == correct) {
        return err(
            "correct",
            format!(
                "`correct` is `{}`, which is not one of the `choices`",
                correct.escape_debug()
            ),
        );
    }
    Some(CardKind::Choice {
        front,
        choices: choices.to_vec(),
        correct: correct.to_string(),
    })
}

fn len(s: &str) -> usize {
    s.trim().chars().count()
}

/// An option far longer than the others gives the answer away (or marks a distractor).
fn option_lengths(
    choices: &[String],
    path: &str,
    at: &dyn Fn(&str) -> Pos,
    out: &mut Vec<Diagnostic>,
) {
    let mut lens: Vec<usize> = choices.iter().map(|c| len(c)).collect();
    lens.sort_unstable();
    let n = lens.len();
    // Twice the median, kept in whole numbers: the median of an even count is the mean of the
    // middle two.
    let twice_median = if n % 2 == 1 {
        2 * lens[n / 2]
    } else {
        lens[n / 2 - 1] + lens[n / 2]
    };
    if let Some(long) = choices.iter().find(|c| len(c) > twice_median) {
        let shown: String = long.trim().chars().take(40).collect();
        out.push(Diagnostic::warning(
            path,
            at("choices"),
            format!(
                "option `{}` is more than twice as long as the median option; \
                 learners pick the odd one out without knowing the answer",
                shown.escape_debug()
            ),
        ));
    }
}

/// Whether the right option is longer than every other one (a cue test-takers learn to use).
pub fn correct_is_longest(choices: &[String], correct: &str) -> bool {
    let right = len(correct);
    choices
        .iter()
        .filter(|c| c.as_str() != correct)
        .all(|c| len(c) < right)
}

fn kind_name(allowed: &[&str]) -> &'static str {
    match allowed.first() {
        Some(&"cloze") => "cloze",
        Some(&"regions") => "occlusion",
        _ if allowed.contains(&"choices") => "multiple-choice",
        _ if allowed.contains(&"answers") => "typed",
        _ => "basic",
    }
}
