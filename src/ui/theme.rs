//! Styles. With `NO_COLOR` every style is plain or bold/reversed only, so nothing depends on
//! colour: verdicts, grades and marks all carry their meaning in text too.

use ratatui::style::{Color, Modifier, Style};

use crate::app::Tone;
use crate::schedule::Grade;
use crate::study::TopicStatus;

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    color: bool,
}

impl Theme {
    pub fn new(color: bool) -> Self {
        Theme { color }
    }

    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn plain(self) -> Style {
        Style::new()
    }

    pub fn bold(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn dim(self) -> Style {
        self.fg(Color::DarkGray)
    }

    pub fn accent(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn grade(self, g: Grade) -> Style {
        self.fg(match g {
            Grade::Again => Color::Red,
            Grade::Hard => Color::Yellow,
            Grade::Good => Color::Green,
            Grade::Easy => Color::Blue,
        })
    }

    pub fn right(self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::BOLD)
    }

    pub fn close(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn wrong(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn new_count(self) -> Style {
        self.fg(Color::Blue)
    }

    pub fn learn_count(self) -> Style {
        self.fg(Color::Red)
    }

    pub fn review_count(self) -> Style {
        self.fg(Color::Green)
    }

    pub fn tone(self, t: Tone) -> Style {
        match t {
            Tone::Info => self.fg(Color::Cyan),
            Tone::Notice => self.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Tone::Error => self.fg(Color::Red).add_modifier(Modifier::BOLD),
        }
    }

    pub fn topic(self, s: TopicStatus) -> Style {
        match s {
            TopicStatus::Learned => self.fg(Color::Green),
            TopicStatus::InProgress => self.plain(),
            TopicStatus::Locked => self.dim(),
        }
    }
}

/// The text mark of a topic's status, so it reads without colour.
pub fn topic_mark(s: TopicStatus) -> &'static str {
    match s {
        TopicStatus::Learned => "✓",
        TopicStatus::InProgress => "○",
        TopicStatus::Locked => "–",
    }
}
