//! `update`: the one place the UI's state changes. Every answer, undo, bury, suspend and flag
//! goes through the session, which writes it to the journal before changing anything, so by
//! the time the next card is up the last answer is durable.

use jiff::Timestamp;

use super::study::{self as st, Stage, Study};
use super::{Action, App, HelpView, Home, Screen, Status, Summary, Tone};
use crate::schedule::Grade;
use crate::study::progress::Applied;

/// How many seen cards practice ahead offers.
pub const PRACTICE_CARDS: usize = 20;

pub fn update(app: &mut App<'_>, action: Action, now: Timestamp) {
    app.status = None;
    app.warnings.clear();
    match action {
        Action::Quit => {
            app.checkpoint();
            app.quit = true;
        }
        Action::Help if !matches!(app.screen, Screen::Help(..)) => {
            let under = std::mem::replace(&mut app.screen, Screen::Home(Home::default()));
            app.screen = Screen::Help(HelpView::default(), Box::new(under));
        }
        _ => match app.screen {
            Screen::Home(_) => home(app, action, now),
            Screen::Study(_) => study(app, action, now),
            Screen::Summary(_) => summary(app, action, now),
            Screen::Help(..) => help(app, action),
        },
    }
}

fn say(app: &mut App<'_>, tone: Tone, text: impl Into<String>) {
    // An earlier error (a failed snapshot) outranks news.
    if app.status.as_ref().is_none_or(|s| s.tone != Tone::Error) {
        app.status = Some(Status {
            text: text.into(),
            tone,
        });
    }
}

fn help(app: &mut App<'_>, action: Action) {
    let (page, max) = crate::ui::scroll_limits(app);
    let Screen::Help(view, _) = &mut app.screen else {
        return;
    };
    match action {
        Action::Back | Action::Help => {
            let old = std::mem::replace(&mut app.screen, Screen::Home(Home::default()));
            if let Screen::Help(_, under) = old {
                app.screen = *under;
            }
        }
        _ => view.scroll = scrolled(view.scroll, action, page, max),
    }
}

fn scrolled(at: u16, action: Action, page: u16, max: u16) -> u16 {
    let page = page.max(1);
    let to = match action {
        Action::Up => at.saturating_sub(1),
        Action::Down => at.saturating_add(1),
        Action::PageUp => at.saturating_sub(page),
        Action::PageDown => at.saturating_add(page),
        _ => at,
    };
    to.min(max)
}

fn home(app: &mut App<'_>, action: Action, now: Timestamp) {
    let Screen::Home(h) = &mut app.screen else {
        return;
    };
    if h.filtering && h.filter.edit(action) {
        h.selected = 0;
        return;
    }
    match action {
        Action::Up => h.selected = h.selected.saturating_sub(1),
        Action::Down => {
            h.selected += 1;
            h.clamp_selection();
        }
        Action::Filter => h.filtering = true,
        Action::Submit => h.filtering = false,
        Action::Back => {
            let current = h.selected_row().map(|r| r.deck);
            h.filter.clear();
            h.filtering = false;
            if let Some(d) = current {
                h.select_deck(d);
            }
        }
        Action::Open => {
            if let Some(row) = h.selected_row() {
                let (id, title, deck) = (row.id.clone(), row.title.clone(), row.deck);
                app.last_deck = deck;
                start(app, &[id], title, now);
            }
        }
        Action::StudyAll => start(app, &[], "All decks".to_string(), now),
        _ => {}
    }
}

/// Starts studying the decks named (all when empty) straight away, as `somadeck study` does.
pub fn study_now(app: &mut App<'_>, ids: &[String], now: Timestamp) {
    let coll = &app.opened.session.coll;
    let title = if ids.is_empty() {
        "All decks".to_string()
    } else {
        ids.iter()
            .map(|id| {
                coll.deck_index(id)
                    .map_or(id.clone(), |d| coll.decks[d].title.clone())
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    start(app, ids, title, now);
}

/// Starts a study run over the decks named (all when empty).
fn start(app: &mut App<'_>, ids: &[String], title: String, now: Timestamp) {
    let s = &mut app.opened.session;
    // Practice ahead ends with an empty list still set; asking for none clears it.
    if s.is_practice() {
        s.start_practice(0);
    }
    s.set_scope(ids);
    app.tally_start = s.tally.clone();
    app.scope = title;
    next_card(app, now);
}

/// Puts up the next card, or the summary when nothing is left.
fn next_card(app: &mut App<'_>, now: Timestamp) {
    let plan = app.opened.session.plan(now);
    match plan.next {
        Some((item, kind)) => show(app, item, kind, now, plan.counts),
        None => {
            app.checkpoint();
            app.screen = Screen::Summary(make_summary(app, now));
        }
    }
}

fn show(
    app: &mut App<'_>,
    item: usize,
    kind: crate::study::ReviewKind,
    now: Timestamp,
    counts: crate::study::Counts,
) {
    let s = &app.opened.session;
    let done = s.tally.answered.saturating_sub(app.tally_start.answered);
    let seed = st::choice_seed(app.started, item);
    let study = Study::new(s, (item, kind), app.scope.clone(), done, now, seed, counts);
    app.screen = Screen::Study(Box::new(study));
    app.shown += 1;
}

fn make_summary(app: &App<'_>, now: Timestamp) -> Summary {
    let s = &app.opened.session;
    let (t, t0) = (&s.tally, &app.tally_start);
    let first_new = t0.leeches.len().min(t.leeches.len());
    Summary {
        scope: app.scope.clone(),
        answered: t.answered.saturating_sub(t0.answered),
        correct: t.correct.saturating_sub(t0.correct),
        ms: t.ms.saturating_sub(t0.ms),
        leeches: t.leeches[first_new..]
            .iter()
            .map(|&i| s.coll.card(i).prompt_text().to_string())
            .collect(),
        next_due: s.ctx(now).next_due().map(|d| d.duration_since(now)),
        practice: s.is_practice(),
        can_undo: s.can_undo() && !s.is_practice(),
    }
}

/// Back to the decks: a snapshot is saved and practice, if any, ends.
fn leave(app: &mut App<'_>, now: Timestamp) {
    app.checkpoint();
    let s = &mut app.opened.session;
    if s.is_practice() {
        s.start_practice(0);
    }
    let mut home = Home::new(s, now);
    home.select_deck(app.last_deck);
    app.screen = Screen::Home(home);
}

fn study(app: &mut App<'_>, action: Action, now: Timestamp) {
    let (page, max) = crate::ui::scroll_limits(app);
    let Screen::Study(card) = &mut app.screen else {
        return;
    };
    if card.stage == Stage::Typing && card.input.edit(action) {
        return;
    }
    match action {
        Action::Reveal if card.stage == Stage::Front => {
            card.stage = Stage::Answer(None);
            card.scroll = 0;
        }
        Action::Submit if card.stage == Stage::Typing => {
            card.submit(&app.opened.session.coll.lexicon);
        }
        Action::Choose(i) if card.stage == Stage::Choosing => card.choose(i),
        Action::Grade(g) if card.revealed() => answer(app, g, now),
        Action::TakeSuggested if card.revealed() => {
            let g = card.suggested();
            answer(app, g, now);
        }
        Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
            card.scroll = scrolled(card.scroll, action, page, max);
        }
        Action::Undo => undo(app, now),
        Action::Bury | Action::Suspend | Action::Flag => hide_or_flag(app, action, now),
        Action::Back => leave(app, now),
        _ => {}
    }
}

fn current(app: &App<'_>) -> Option<(usize, crate::study::ReviewKind)> {
    app.study().map(|s| (s.item, s.kind))
}

fn answer(app: &mut App<'_>, grade: Grade, now: Timestamp) {
    let Some((item, kind)) = current(app) else {
        return;
    };
    let o = &mut *app.opened;
    match o
        .session
        .answer(o.journal.as_mut(), item, kind, grade, now, app.elapsed_ms)
    {
        Ok(applied) => {
            next_card(app, now);
            if applied == (Applied::Answered { became_leech: true }) {
                let s = &app.opened.session;
                let n = s
                    .progress
                    .state(&s.coll.items[item].id)
                    .map_or(0, |st| st.lapses);
                say(
                    app,
                    Tone::Notice,
                    format!(
                        "Leech: the last card was forgotten {n} times and is now suspended; \
                         rewriting it in your own words often helps."
                    ),
                );
            }
        }
        Err(e) => say(
            app,
            Tone::Error,
            format!("could not save the answer ({e}); nothing was changed, so try again"),
        ),
    }
}

fn undo(app: &mut App<'_>, now: Timestamp) {
    if app.opened.session.is_practice() {
        say(
            app,
            Tone::Info,
            "Practice answers change nothing, so there is nothing to undo",
        );
        return;
    }
    // Undo stays within this run: an answer from a run on other decks is not pulled in here.
    if app.opened.session.tally.answered <= app.tally_start.answered {
        say(app, Tone::Info, "Nothing to undo in this run");
        return;
    }
    let o = &mut *app.opened;
    match o.session.undo(o.journal.as_mut(), now) {
        Ok(Some(item)) => {
            let kind = st::kind_of(&app.opened.session, item);
            let counts = app.opened.session.counts(now);
            show(app, item, kind, now, counts);
            say(app, Tone::Info, "Took back the last answer");
        }
        Ok(None) => say(app, Tone::Info, "Nothing to undo in this session"),
        Err(e) => say(
            app,
            Tone::Error,
            format!("could not undo ({e}); nothing was changed"),
        ),
    }
}

fn hide_or_flag(app: &mut App<'_>, action: Action, now: Timestamp) {
    let Some((item, _)) = current(app) else {
        return;
    };
    let o = &mut *app.opened;
    let (s, j) = (&mut o.session, o.journal.as_mut());
    // The flag's new value, for a flag; hiding moves on to the next card.
    let done = match action {
        Action::Bury => s
            .bury(j, item, now)
            .map(|()| ("Buried until tomorrow", None)),
        Action::Suspend => s
            .set_suspended(j, item, true, now)
            .map(|()| ("Suspended: the card will not come up again", None)),
        _ => s.toggle_flag(j, item, now).map(|on| {
            let msg = if on {
                "Flagged for the deck's authors"
            } else {
                "Flag removed"
            };
            (msg, Some(on))
        }),
    };
    match done {
        Ok((msg, Some(on))) => {
            if let Screen::Study(card) = &mut app.screen {
                card.flagged = on;
            }
            say(app, Tone::Info, msg);
        }
        Ok((msg, None)) => {
            next_card(app, now);
            say(app, Tone::Info, msg);
        }
        Err(e) => say(
            app,
            Tone::Error,
            format!("could not save that ({e}); nothing was changed"),
        ),
    }
}

fn summary(app: &mut App<'_>, action: Action, now: Timestamp) {
    match action {
        Action::Practice => {
            let n = app.opened.session.start_practice(PRACTICE_CARDS);
            if n == 0 {
                say(
                    app,
                    Tone::Info,
                    "Nothing to practise yet: study some cards first",
                );
                return;
            }
            app.tally_start = app.opened.session.tally.clone();
            app.scope = format!("Practice · {}", app.scope.trim_start_matches("Practice · "));
            next_card(app, now);
        }
        Action::Undo => undo(app, now),
        Action::Back => leave(app, now),
        _ => {}
    }
}
