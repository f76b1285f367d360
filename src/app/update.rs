//! `update`: the one place the UI's state changes. Every answer, undo, bury, suspend and flag
//! goes through the session, which writes it to the journal before changing anything, so by
//! the time the next card is up the last answer is durable.

use jiff::Timestamp;

use super::stats::StatsView;
use super::study::{Stage, Study};
use super::topics::TopicMap;
use super::{Action, App, HelpView, Home, Mode, Screen, Status, Summary, Tone};
use crate::schedule::Grade;
use crate::study::progress::Applied;
use crate::study::turn::{Turn, choice_seed};

mod opening;
pub use opening::{Start, cram_now, open_on, study_now};
mod exam_date;
mod note;

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
            Screen::Topics(_) => topics(app, action, now),
            Screen::Stats(_) => stats(app, action, now),
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
    let (page, max) = app.scroll_limits;
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
    if h.exam_edit.is_some() {
        exam_date::edit(app, action, now);
        return;
    }
    match action {
        Action::ExamDate => {
            let mut input = super::Input::default();
            if let Some(d) = app.opened.session.sched.params.exam {
                for c in d.to_string().chars() {
                    input.insert(c);
                }
            }
            h.exam_edit = Some(input);
        }
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
        Action::Cram => {
            let ids: Vec<String> = h.selected_row().map(|r| r.id.clone()).into_iter().collect();
            if let Some(r) = h.selected_row() {
                app.last_deck = r.deck;
            }
            cram_now(app, &ids, false, now);
        }
        Action::Topics => {
            let mut map = TopicMap::new(&app.opened.session, now);
            if let Some(t) = app.last_topic {
                map.select_topic(t);
            }
            app.screen = Screen::Topics(map);
        }
        Action::Stats => {
            let deck = h.selected_row().map(|r| r.deck);
            if let Some(d) = deck {
                app.last_deck = d;
            }
            app.screen = Screen::Stats(StatsView::new(
                &app.opened.session,
                now,
                deck,
                &mut app.plan_job,
            ));
        }
        _ => {}
    }
}

fn stats(app: &mut App<'_>, action: Action, now: Timestamp) {
    let Screen::Stats(view) = &mut app.screen else {
        return;
    };
    match action {
        Action::PageUp => view.turn(-1, app.view.1),
        Action::PageDown => view.turn(1, app.view.1),
        Action::SwitchScope => view.toggle_scope(&app.opened.session, now),
        Action::Open => match view.weakest_topic(&app.opened.session) {
            Some((topic, title)) => study_topic(app, topic, &title, now),
            None => say(app, Tone::Info, "no topic has been studied yet"),
        },
        Action::Back => leave(app, now),
        _ => {}
    }
}

/// Starts studying one topic alone, locked or not.
fn study_topic(app: &mut App<'_>, topic: usize, title: &str, now: Timestamp) {
    app.last_topic = Some(topic);
    let s = &mut app.opened.session;
    s.stop_drill();
    s.set_scope(&[]);
    s.set_topic_scope(Some(topic));
    app.tally_start = s.tally.clone();
    app.scope = format!("Topic · {title}");
    next_card(app, now);
}

fn topics(app: &mut App<'_>, action: Action, now: Timestamp) {
    let Screen::Topics(map) = &mut app.screen else {
        return;
    };
    let page = isize::try_from(app.view.1.saturating_sub(6).max(1)).unwrap_or(1);
    match action {
        Action::Up => map.step(-1),
        Action::Down => map.step(1),
        Action::PageUp => map.step(-page),
        Action::PageDown => map.step(page),
        Action::Open => {
            if let Some(row) = map.selected_row() {
                let (topic, title) = (row.topic, row.title.clone());
                study_topic(app, topic, &title, now);
            }
        }
        Action::Back => leave(app, now),
        _ => {}
    }
}

/// Starts a study run over the decks named (all when empty).
fn start(app: &mut App<'_>, ids: &[String], title: String, now: Timestamp) {
    let s = &mut app.opened.session;
    s.stop_drill();
    s.set_topic_scope(None);
    s.set_scope(ids);
    app.tally_start = s.tally.clone();
    app.scope = title;
    next_card(app, now);
}

/// Puts up the next card, or the summary when nothing is left.
fn next_card(app: &mut App<'_>, now: Timestamp) {
    let plan = app.opened.session.plan(now);
    match plan.next {
        Some((item, kind)) => show(app, item, kind, Some(plan.counts), now),
        None => {
            app.checkpoint();
            app.screen = Screen::Summary(make_summary(app, now));
        }
    }
}

/// Puts `item` up; `counts`, when the caller has them, are what is left today.
fn show(
    app: &mut App<'_>,
    item: usize,
    kind: crate::study::ReviewKind,
    counts: Option<crate::study::Counts>,
    now: Timestamp,
) {
    let s = &app.opened.session;
    let done = s.tally.answered.saturating_sub(app.tally_start.answered);
    let turn = Turn::new(&s.coll, (item, kind), choice_seed(app.started, item));
    let counts = counts.unwrap_or_else(|| s.counts(now));
    let study = Study::new(s, turn, app.scope.clone(), done, now, counts);
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
        cram: s.cram_report(now),
        can_undo: s.can_undo() && !s.is_practice(),
    }
}

/// Back to the decks: a snapshot is saved and practice, if any, ends.
fn leave(app: &mut App<'_>, now: Timestamp) {
    app.checkpoint();
    let s = &mut app.opened.session;
    s.stop_drill();
    // A topic studied from the topic map goes back to the map, with its progress updated.
    if s.topic_scope().is_some() && !matches!(app.screen, Screen::Topics(_)) {
        s.set_topic_scope(None);
        let mut map = TopicMap::new(s, now);
        if let Some(t) = app.last_topic {
            map.select_topic(t);
        }
        app.screen = Screen::Topics(map);
        return;
    }
    s.set_topic_scope(None);
    // A new study day may have begun: the exam plan sets a new pace for it.
    s.repace(now);
    let mut home = Home::new(s, now);
    home.select_deck(app.last_deck);
    app.screen = Screen::Home(home);
}

fn study(app: &mut App<'_>, action: Action, now: Timestamp) {
    let (page, max) = app.scroll_limits;
    let Screen::Study(card) = &mut app.screen else {
        return;
    };
    if card.note.is_some() {
        return note::edit(app, action, now);
    }
    let stage = card.stage();
    // Space on an empty answer box shows the back of a card the learner grades themselves.
    let reveal = action == Action::Insert(' ') && card.input.is_empty() && card.self_graded();
    if stage == Stage::Typing && !reveal && card.input.edit(action) {
        return;
    }
    match action {
        Action::Submit | Action::Insert(' ') if stage == Stage::Typing => {
            let given = card.input.text().to_string();
            card.turn.answer(&app.opened.session.coll, &given);
            card.scroll = 0;
        }
        Action::Choose(i) if stage == Stage::Choosing => {
            card.turn.choose(i);
        }
        Action::Grade(g) if card.revealed() => answer(app, g, now),
        Action::TakeSuggested if card.revealed() => {
            let g = card.suggested();
            answer(app, g, now);
        }
        Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
            card.scroll = scrolled(card.scroll, action, page, max);
        }
        Action::Undo => undo(app, now),
        Action::Flag if !card.flagged => note::ask(card),
        Action::Bury | Action::Suspend | Action::Flag => change(app, action, now),
        Action::Back => leave(app, now),
        _ => {}
    }
}

fn answer(app: &mut App<'_>, grade: Grade, now: Timestamp) {
    let Some(study) = app.study() else {
        return;
    };
    let turn = study.turn.clone();
    let ms = app.elapsed_ms;
    match app.opened.session.answer(&turn, grade, now, ms) {
        Ok(applied) => {
            next_card(app, now);
            if applied == (Applied::Answered { became_leech: true }) {
                let s = &app.opened.session;
                let n = s.state(turn.item).map_or(0, |st| st.lapses);
                let name = s.card_name(turn.item);
                say(
                    app,
                    Tone::Notice,
                    format!(
                        "Leech: {name} was forgotten {n} times and is now suspended; \
                         rewriting it in your own words often helps{}",
                        undo_hint(app)
                    ),
                );
            }
        }
        Err(e) => say(
            app,
            Tone::Error,
            format!("could not save the answer ({e}); it was not counted, so grade it again"),
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
    match app.opened.session.undo(now) {
        Ok(Some(notice)) => {
            if app.opened.session.tally.answered < app.tally_start.answered {
                app.tally_start = app.opened.session.tally.clone();
            }
            match notice.show {
                Some(item) => {
                    let kind = app.opened.session.review_kind(item);
                    show(app, item, kind, None, now);
                }
                None => refresh_flag(app),
            }
            say(app, Tone::Info, notice.text);
        }
        Ok(None) => say(app, Tone::Info, "Nothing to undo in this run"),
        Err(e) => say(
            app,
            Tone::Error,
            format!("could not undo ({e}); nothing was changed"),
        ),
    }
}

/// How to undo from the screen now up: at a question letters are the answer, so it takes Ctrl.
fn undo_hint(app: &App<'_>) -> &'static str {
    match app.screen.mode() {
        Mode::Typing | Mode::Choosing => " · Ctrl-U undoes it",
        Mode::Answer | Mode::Summary => " · u undoes it",
        Mode::Note => match app.study().map(Study::stage) {
            Some(Stage::Answer(_)) => " · u undoes it",
            _ => " · Ctrl-U undoes it",
        },
        _ => "",
    }
}

/// Keeps the flag mark of the card on screen in step with its state.
fn refresh_flag(app: &mut App<'_>) {
    let s = &app.opened.session;
    if let Screen::Study(card) = &mut app.screen {
        card.flagged = s.flagged(card.item());
    }
}

/// Bury, suspend or unflag the card on screen (flagging asks for a note first, see `note`);
/// hiding it moves on to the next card.
fn change(app: &mut App<'_>, action: Action, now: Timestamp) {
    let Some(item) = app.study().map(Study::item) else {
        return;
    };
    let s = &mut app.opened.session;
    let done = match action {
        Action::Bury => s.bury(item, now),
        Action::Suspend => s.suspend(item, now),
        _ => s.unflag(item, now),
    };
    changed(app, action, done, now);
}

/// Tells what a bury, suspend or flag did, or why it was not done.
fn changed(
    app: &mut App<'_>,
    action: Action,
    done: Result<crate::study::session::Notice, crate::study::session::SaveError>,
    now: Timestamp,
) {
    match done {
        Ok(notice) => {
            if action == Action::Flag {
                refresh_flag(app);
            } else {
                next_card(app, now);
            }
            let text = format!("{}{}", notice.text, undo_hint(app));
            say(app, Tone::Info, text);
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
