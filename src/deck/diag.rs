//! Diagnostics: one problem in one deck file, printed as `path:line:col: level: message`.

use std::fmt;

use crate::safe_text::printable_inline;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Level {
    Error,
    Warning,
}

/// A line and column, both counted from 1; the column counts characters, not bytes.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

impl Pos {
    pub const START: Pos = Pos { line: 1, col: 1 };

    /// The position of byte `offset` in `text`.
    pub fn of_offset(text: &str, offset: usize) -> Pos {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = text.get(..offset).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before.get(line_start..).unwrap_or_default().chars().count() + 1;
        Pos { line, col }
    }

    /// A position given relative to a slice that starts at `base`.
    pub fn relative_to(self, base: Pos) -> Pos {
        if self.line <= 1 {
            Pos {
                line: base.line,
                col: base.col + self.col.saturating_sub(1),
            }
        } else {
            Pos {
                line: base.line + self.line - 1,
                col: self.col,
            }
        }
    }
}

/// Line starts of a text, so that many offsets can be placed without rescanning it.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// The position of byte `offset`.
    pub fn pos(&self, offset: usize) -> Pos {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        Pos {
            line,
            col: self
                .text
                .get(start..offset)
                .unwrap_or_default()
                .chars()
                .count()
                + 1,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub path: String,
    pub pos: Pos,
    pub level: Level,
    /// The card's id, or `#n` (its index from 1) when it has none.
    pub card: Option<String>,
    pub message: String,
}

impl Diagnostic {
    pub fn error(path: &str, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_string(),
            pos,
            level: Level::Error,
            card: None,
            message: message.into(),
        }
    }

    pub fn warning(path: &str, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Warning,
            ..Diagnostic::error(path, pos, message)
        }
    }

    #[must_use]
    pub fn on_card(mut self, card: impl Into<String>) -> Self {
        self.card = Some(card.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        // Everything here may come from a deck file; a terminal must not act on any of it.
        write!(
            f,
            "{}:{}:{}: {level}: ",
            printable_inline(&self.path),
            self.pos.line,
            self.pos.col
        )?;
        if let Some(card) = &self.card {
            write!(f, "card {}: ", printable_inline(card))?;
        }
        f.write_str(&printable_inline(&self.message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_char_columns() {
        let t = "ab\ncé d\n";
        assert_eq!(Pos::of_offset(t, 0), Pos { line: 1, col: 1 });
        assert_eq!(Pos::of_offset(t, 3), Pos { line: 2, col: 1 });
        assert_eq!(Pos::of_offset(t, 6), Pos { line: 2, col: 3 });
    }

    #[test]
    fn line_index_agrees_with_a_scan() {
        let t = "ab\ncé d\n\nxyz";
        let idx = LineIndex::new(t);
        for o in 0..=t.len() {
            assert_eq!(idx.pos(o), Pos::of_offset(t, o), "offset {o}");
        }
    }

    #[test]
    fn control_characters_in_a_message_are_shown_not_sent() {
        let d = Diagnostic::error("a\u{1b}]0;x\u{7}.ron", Pos::START, "bad `\u{1b}[2J`\nnext")
            .on_card("'c\u{9b}'");
        let shown = d.to_string();
        assert!(!shown.chars().any(char::is_control), "{shown:?}");
        assert_eq!(
            shown,
            "a\\e]0;x\\u{7}.ron:1:1: error: card 'c\\u{9b}': bad `\\e[2J`\\nnext"
        );
    }

    #[test]
    fn relative_positions() {
        let base = Pos { line: 10, col: 5 };
        assert_eq!(
            Pos { line: 1, col: 3 }.relative_to(base),
            Pos { line: 10, col: 7 }
        );
        assert_eq!(
            Pos { line: 3, col: 2 }.relative_to(base),
            Pos { line: 12, col: 2 }
        );
    }
}
