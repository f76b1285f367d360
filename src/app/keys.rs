//! The key map: one table that both `map_key` and the help screen read, so the help can never
//! disagree with what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::Screen;
use super::action::Action;
use crate::schedule::Grade;

/// Which keys are live: the screen, and for study, the stage of the card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Home,
    /// Typing a deck filter on the home screen.
    Filter,
    /// Typing the exam date on the home screen.
    ExamDate,
    /// The front of a card, with the answer box (every card but multiple choice).
    Typing,
    /// A multiple-choice card before an option is picked.
    Choosing,
    /// The back is shown; waiting for a grade.
    Answer,
    Summary,
    Help,
    /// The topic map.
    Topics,
    /// The stats screen.
    Stats,
    /// Typing the note that goes with a flag.
    Note,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A character with no Ctrl or Alt (Shift is part of the character).
    Char(char),
    Code(KeyCode),
    Ctrl(char),
}

/// What a binding produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Does {
    Act(Action),
    /// `1`-`9` or `a`-`d`: the option with that number or letter.
    Choose,
    /// Any printable character: inserted into the text field.
    Insert,
}

#[derive(Clone, Copy)]
pub struct Binding {
    pub keys: &'static [Key],
    pub does: Does,
    pub help: &'static str,
    /// Modes of the section where this binding is not live (another binding owns the key).
    pub not_in: &'static [Mode],
}

pub struct Section {
    pub title: &'static str,
    pub modes: &'static [Mode],
    pub bindings: &'static [Binding],
}

const fn bind(keys: &'static [Key], action: Action, help: &'static str) -> Binding {
    Binding {
        keys,
        does: Does::Act(action),
        help,
        not_in: &[],
    }
}

use Key::{Char, Code, Ctrl};

const ALL: &[Mode] = &[
    Mode::Home,
    Mode::Filter,
    Mode::Typing,
    Mode::Choosing,
    Mode::Answer,
    Mode::Summary,
    Mode::Help,
    Mode::Topics,
    Mode::Stats,
    Mode::Note,
];

const CHOICE_KEYS: &[Key] = &[
    Char('1'),
    Char('2'),
    Char('3'),
    Char('4'),
    Char('5'),
    Char('6'),
    Char('7'),
    Char('8'),
    Char('9'),
];

const EDITING: [Binding; 6] = [
    bind(
        &[Code(KeyCode::Backspace)],
        Action::Backspace,
        "delete before the cursor",
    ),
    bind(
        &[Code(KeyCode::Delete)],
        Action::Delete,
        "delete under the cursor",
    ),
    bind(&[Code(KeyCode::Left)], Action::Left, "cursor left"),
    bind(&[Code(KeyCode::Right)], Action::Right, "cursor right"),
    bind(
        &[Code(KeyCode::Home)],
        Action::LineStart,
        "cursor to the start",
    ),
    bind(&[Code(KeyCode::End)], Action::LineEnd, "cursor to the end"),
];

/// Every key, by where it works; the first matching binding wins.
pub static SECTIONS: &[Section] = &[
    Section {
        title: "Everywhere",
        modes: ALL,
        bindings: &[
            bind(&[Ctrl('c')], Action::Quit, "quit (progress is saved)"),
            bind(
                &[Code(KeyCode::F(1))],
                Action::Help,
                "this help (also ? where not typing)",
            ),
        ],
    },
    Section {
        title: "Decks",
        modes: &[Mode::Home],
        bindings: &[
            bind(&[Code(KeyCode::Up), Char('k')], Action::Up, "previous deck"),
            bind(&[Code(KeyCode::Down), Char('j')], Action::Down, "next deck"),
            bind(
                &[Code(KeyCode::Enter)],
                Action::Open,
                "study the selected deck",
            ),
            bind(&[Char('a')], Action::StudyAll, "study all decks together"),
            bind(
                &[Char('c')],
                Action::Cram,
                "cram the selected deck: studied cards weakest on the exam day first, due or not",
            ),
            bind(
                &[Char('t')],
                Action::Topics,
                "the topic map: every topic, its progress, what it needs",
            ),
            bind(
                &[Char('S')],
                Action::Stats,
                "stats: activity, forecast, retention, recall on the exam day",
            ),
            bind(
                &[Char('E')],
                Action::ExamDate,
                "exam date: set, change or clear the day the plan works toward",
            ),
            bind(&[Char('/')], Action::Filter, "filter the decks by name"),
            bind(&[Code(KeyCode::Esc)], Action::Back, "clear the filter"),
            bind(&[Char('?')], Action::Help, "help"),
            bind(&[Char('q')], Action::Quit, "quit"),
        ],
    },
    Section {
        title: "Filtering decks",
        modes: &[Mode::Filter],
        bindings: &[
            Binding {
                keys: &[],
                does: Does::Insert,
                help: "type part of a deck's name",
                not_in: &[],
            },
            EDITING[0],
            EDITING[1],
            EDITING[2],
            EDITING[3],
            bind(&[Code(KeyCode::Up)], Action::Up, "previous deck"),
            bind(&[Code(KeyCode::Down)], Action::Down, "next deck"),
            bind(&[Code(KeyCode::Enter)], Action::Submit, "keep the filter"),
            bind(&[Code(KeyCode::Esc)], Action::Back, "clear the filter"),
        ],
    },
    Section {
        title: "Exam date",
        modes: &[Mode::ExamDate],
        bindings: &[
            Binding {
                keys: &[],
                does: Does::Insert,
                help: "type the day of the exam, like 2027-03-01",
                not_in: &[],
            },
            EDITING[0],
            EDITING[1],
            EDITING[2],
            EDITING[3],
            bind(
                &[Code(KeyCode::Enter)],
                Action::Submit,
                "save it (left empty: clear it, back to normal FSRS)",
            ),
            bind(&[Code(KeyCode::Esc)], Action::Back, "cancel"),
        ],
    },
    Section {
        title: "Answer box (the question)",
        modes: &[Mode::Typing],
        bindings: &[
            Binding {
                keys: &[],
                does: Does::Insert,
                help: "type your answer (any script or accent); on a card you grade yourself it is only shown beside the answer",
                not_in: &[],
            },
            EDITING[0],
            EDITING[1],
            EDITING[2],
            EDITING[3],
            EDITING[4],
            EDITING[5],
            bind(
                &[Code(KeyCode::Enter)],
                Action::Submit,
                "check it, or show the answer (Space too, while the box is empty)",
            ),
            bind(&[Code(KeyCode::Up)], Action::Up, "scroll up"),
            bind(&[Code(KeyCode::Down)], Action::Down, "scroll down"),
            bind(&[Code(KeyCode::PageUp)], Action::PageUp, "scroll up a page"),
            bind(
                &[Code(KeyCode::PageDown)],
                Action::PageDown,
                "scroll down a page",
            ),
            bind(&[Code(KeyCode::Esc)], Action::Back, "back to the decks"),
        ],
    },
    Section {
        title: "Multiple choice",
        modes: &[Mode::Choosing],
        bindings: &[Binding {
            keys: CHOICE_KEYS,
            does: Does::Choose,
            help: "pick an option by its number",
            not_in: &[],
        }],
    },
    Section {
        title: "Grading",
        modes: &[Mode::Answer],
        bindings: &[
            bind(
                &[Char('1')],
                Action::Grade(Grade::Again),
                "Again: forgot, show it again soon",
            ),
            bind(
                &[Char('2')],
                Action::Grade(Grade::Hard),
                "Hard: recalled with effort",
            ),
            bind(&[Char('3')], Action::Grade(Grade::Good), "Good: recalled"),
            bind(
                &[Char('4')],
                Action::Grade(Grade::Easy),
                "Easy: recalled at once",
            ),
            bind(
                &[Code(KeyCode::Enter), Char(' ')],
                Action::TakeSuggested,
                "take the suggested grade (Good after a reveal)",
            ),
        ],
    },
    Section {
        title: "At the question (letters are your answer, so commands take Ctrl)",
        modes: &[Mode::Typing, Mode::Choosing],
        bindings: &[
            bind(&[Ctrl('u')], Action::Undo, "undo the last change"),
            bind(
                &[Ctrl('b')],
                Action::Bury,
                "bury: hide the card until tomorrow",
            ),
            bind(
                &[Ctrl('s')],
                Action::Suspend,
                "suspend: stop showing the card",
            ),
            bind(
                &[Ctrl('f')],
                Action::Flag,
                "flag the card for the deck's authors",
            ),
            bind(&[Code(KeyCode::PageUp)], Action::PageUp, "scroll up a page"),
            bind(
                &[Code(KeyCode::PageDown)],
                Action::PageDown,
                "scroll down a page",
            ),
            bind(&[Code(KeyCode::Esc)], Action::Back, "back to the decks"),
        ],
    },
    Section {
        title: "Once the answer is shown",
        modes: &[Mode::Answer],
        bindings: &[
            bind(
                &[Char('u'), Ctrl('u')],
                Action::Undo,
                "undo the last change (grade, bury, suspend, flag)",
            ),
            bind(
                &[Char('b'), Ctrl('b')],
                Action::Bury,
                "bury: hide the card until tomorrow",
            ),
            bind(
                &[Char('s'), Ctrl('s')],
                Action::Suspend,
                "suspend: stop showing the card",
            ),
            bind(
                &[Char('f'), Ctrl('f')],
                Action::Flag,
                "flag the card for the deck's authors (again: unflag)",
            ),
            bind(&[Code(KeyCode::Up)], Action::Up, "scroll up"),
            bind(&[Code(KeyCode::Down)], Action::Down, "scroll down"),
            bind(
                &[Code(KeyCode::PageUp), Char('K')],
                Action::PageUp,
                "scroll up a page",
            ),
            bind(
                &[Code(KeyCode::PageDown), Char('J')],
                Action::PageDown,
                "scroll down a page",
            ),
            bind(&[Char('?')], Action::Help, "help"),
            bind(
                &[Char('q'), Code(KeyCode::Esc)],
                Action::Back,
                "back to the decks",
            ),
        ],
    },
    Section {
        title: "Note for the deck's author (after flagging)",
        modes: &[Mode::Note],
        bindings: &[
            Binding {
                keys: &[],
                does: Does::Insert,
                help: "type what is wrong with the card, in one line",
                not_in: &[],
            },
            EDITING[0],
            EDITING[1],
            EDITING[2],
            EDITING[3],
            EDITING[4],
            EDITING[5],
            bind(
                &[Code(KeyCode::Enter)],
                Action::Submit,
                "flag the card with the note (an empty note: flag it without one)",
            ),
            bind(
                &[Code(KeyCode::Esc)],
                Action::Back,
                "cancel: the card is not flagged",
            ),
        ],
    },
    Section {
        title: "Summary",
        modes: &[Mode::Summary],
        bindings: &[
            bind(
                &[Char('p')],
                Action::Practice,
                "practise 20 cards ahead (the schedule is not changed)",
            ),
            bind(&[Char('u')], Action::Undo, "undo the last answer"),
            bind(
                &[Code(KeyCode::Enter), Char('q'), Code(KeyCode::Esc)],
                Action::Back,
                "back to the decks",
            ),
            bind(&[Char('?')], Action::Help, "help"),
        ],
    },
    Section {
        title: "Topic map",
        modes: &[Mode::Topics],
        bindings: &[
            bind(
                &[Code(KeyCode::Up), Char('k')],
                Action::Up,
                "previous topic",
            ),
            bind(
                &[Code(KeyCode::Down), Char('j')],
                Action::Down,
                "next topic",
            ),
            bind(
                &[Code(KeyCode::PageUp), Char('K')],
                Action::PageUp,
                "up a page",
            ),
            bind(
                &[Code(KeyCode::PageDown), Char('J')],
                Action::PageDown,
                "down a page",
            ),
            bind(
                &[Code(KeyCode::Enter)],
                Action::Open,
                "study this topic alone (a locked one too: answer its cards right the first time to place out of it)",
            ),
            bind(&[Char('?')], Action::Help, "help"),
            bind(
                &[Code(KeyCode::Esc), Char('q')],
                Action::Back,
                "back to the decks",
            ),
        ],
    },
    Section {
        title: "Stats",
        modes: &[Mode::Stats],
        bindings: &[
            bind(
                &[Code(KeyCode::PageUp), Code(KeyCode::Left), Char('h')],
                Action::PageUp,
                "previous page",
            ),
            bind(
                &[Code(KeyCode::PageDown), Code(KeyCode::Right), Char('l')],
                Action::PageDown,
                "next page",
            ),
            bind(
                &[Code(KeyCode::Tab)],
                Action::SwitchScope,
                "all decks, or the deck that was under the cursor",
            ),
            bind(
                &[Code(KeyCode::Enter)],
                Action::Open,
                "study the weakest topic now",
            ),
            bind(&[Char('?')], Action::Help, "help"),
            bind(
                &[Code(KeyCode::Esc), Char('q')],
                Action::Back,
                "back to the decks",
            ),
        ],
    },
    Section {
        title: "Help",
        modes: &[Mode::Help],
        bindings: &[
            bind(&[Code(KeyCode::Up), Char('k')], Action::Up, "scroll up"),
            bind(
                &[Code(KeyCode::Down), Char('j')],
                Action::Down,
                "scroll down",
            ),
            bind(
                &[Code(KeyCode::PageUp), Char('K')],
                Action::PageUp,
                "scroll up a page",
            ),
            bind(
                &[Code(KeyCode::PageDown), Char('J')],
                Action::PageDown,
                "scroll down a page",
            ),
            bind(
                &[
                    Code(KeyCode::Esc),
                    Char('q'),
                    Char('?'),
                    Code(KeyCode::Enter),
                ],
                Action::Back,
                "close the help",
            ),
        ],
    },
];

fn plain(m: KeyModifiers) -> bool {
    !m.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

/// AltGr arrives as Ctrl+Alt on some terminals; the character it makes is still text.
fn text_char(key: KeyEvent) -> Option<char> {
    let altgr = key
        .modifiers
        .contains(KeyModifiers::CONTROL | KeyModifiers::ALT);
    match key.code {
        KeyCode::Char(c) if !c.is_control() && (plain(key.modifiers) || altgr) => Some(c),
        _ => None,
    }
}

impl Key {
    fn matches(self, key: KeyEvent) -> bool {
        match self {
            Key::Char(c) => key.code == KeyCode::Char(c) && plain(key.modifiers),
            Key::Code(code) => key.code == code && plain(key.modifiers),
            Key::Ctrl(c) => {
                key.code == KeyCode::Char(c)
                    && key.modifiers.contains(KeyModifiers::CONTROL)
                    && !key.modifiers.contains(KeyModifiers::ALT)
            }
        }
    }

    /// How the help names the key.
    pub fn label(self) -> String {
        match self {
            Key::Char(' ') => "Space".to_string(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{c}"),
            Key::Code(code) => match code {
                KeyCode::Up => "↑".to_string(),
                KeyCode::Down => "↓".to_string(),
                KeyCode::Left => "←".to_string(),
                KeyCode::Right => "→".to_string(),
                KeyCode::PageUp => "PgUp".to_string(),
                KeyCode::PageDown => "PgDn".to_string(),
                KeyCode::Backspace => "Backspace".to_string(),
                KeyCode::Delete => "Del".to_string(),
                other => other.to_string(),
            },
        }
    }
}

impl Binding {
    fn action(&self, key: KeyEvent) -> Option<Action> {
        match self.does {
            Does::Act(a) => self.keys.iter().any(|k| k.matches(key)).then_some(a),
            Does::Insert => text_char(key).map(Action::Insert),
            Does::Choose => {
                let k = self.keys.iter().find(|k| k.matches(key))?;
                match k {
                    Key::Char(c @ '1'..='9') => Some(Action::Choose(*c as usize - '1' as usize)),
                    _ => None,
                }
            }
        }
    }

    /// The keys as the help shows them.
    pub fn keys_label(&self) -> String {
        match self.does {
            Does::Insert => "text".to_string(),
            Does::Choose => "1-9".to_string(),
            Does::Act(_) => self
                .keys
                .iter()
                .map(|k| k.label())
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}

/// The action a key press asks for on `screen`, if any. Releases and repeats are ignored.
pub fn map_key(key: KeyEvent, screen: &Screen) -> Option<Action> {
    if key.kind != KeyEventKind::Press {
        return None;
    }
    let mode = screen.mode();
    let action = SECTIONS
        .iter()
        .filter(|s| s.modes.contains(&mode))
        .flat_map(|s| s.bindings)
        .filter(|b| !b.not_in.contains(&mode))
        .find_map(|b| b.action(key))?;
    match action {
        Action::Choose(i) if i >= screen.option_count() => None,
        a => Some(a),
    }
}
