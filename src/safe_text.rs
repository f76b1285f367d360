//! Text that is safe to print on a terminal.
//!
//! Deck files come from anyone. A control character in a card (ESC, BEL, CSI, OSC) can make a
//! terminal set its title, write the clipboard (OSC 52), clear the screen or hide text, and a bidi
//! override can make text read differently from what it says. Everything that prints deck or file
//! text in plain output goes through [`printable`], which writes such characters visibly instead.

use std::borrow::Cow;
use std::fmt::Write as _;

/// C0 controls other than newline and tab, DEL, and C1 controls.
#[must_use]
pub fn is_unsafe_control(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// The bidi embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069): they
/// reorder the text that follows them.
#[must_use]
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Characters that print nothing visible on their own: zero-width spaces and joiners, the word
/// joiner, the byte-order mark, the soft hyphen, bidi marks and controls. A field made only of
/// these (or of control characters and whitespace) is as good as empty.
#[must_use]
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || is_bidi_control(c)
        || matches!(
            c,
            '\u{00ad}'
                | '\u{034f}'
                | '\u{061c}'
                | '\u{115f}'
                | '\u{1160}'
                | '\u{17b4}'
                | '\u{17b5}'
                | '\u{180b}'..='\u{180f}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2060}'..='\u{2064}'
                | '\u{206a}'..='\u{206f}'
                | '\u{3164}'
                | '\u{fe00}'..='\u{fe0f}'
                | '\u{feff}'
                | '\u{ffa0}'
                | '\u{fff0}'..='\u{fff8}'
        )
}

/// True when `s` has no character that shows: empty, or only whitespace, control and invisible
/// characters.
#[must_use]
pub fn is_blank(s: &str) -> bool {
    s.chars().all(is_invisible)
}

fn needs_escape(c: char) -> bool {
    is_unsafe_control(c) || is_bidi_control(c)
}

/// `s` with every control character other than newline and tab (C0, DEL, C1) and every bidi
/// control written as a visible escape: ESC becomes `\e`, other characters `\u{..}`. Borrowed
/// when there is nothing to escape.
#[must_use]
pub fn printable(s: &str) -> Cow<'_, str> {
    escape_where(s, needs_escape)
}

/// As [`printable`], and newlines and tabs are escaped too (`\n`, `\t`): for a value quoted
/// inside a one-line message.
#[must_use]
pub fn printable_inline(s: &str) -> Cow<'_, str> {
    escape_where(s, |c| c == '\n' || c == '\t' || needs_escape(c))
}

fn escape_where(s: &str, escape: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(&escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !escape(c) {
            out.push(c);
            continue;
        }
        match c {
            '\u{1b}' => out.push_str("\\e"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            _ => {
                // Writing to a String cannot fail.
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
        }
    }
    Cow::Owned(out)
}

/// `s` as one word a POSIX shell reads back as `s`, for commands printed to be copied: kept
/// as it is when it holds only characters no shell treats specially, else in single quotes.
#[must_use]
pub fn shell_word(s: &str) -> Cow<'_, str> {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_-./:@%+=,".contains(c);
    if !s.is_empty() && s.chars().all(plain) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(format!("'{}'", s.replace('\'', r"'\''")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words_quote_spaces_and_quotes_only_when_needed() {
        assert_eq!(shell_word("decks/my-deck.ron"), "decks/my-deck.ron");
        assert_eq!(shell_word("out dir/a.ron"), "'out dir/a.ron'");
        assert_eq!(shell_word("it's.ron"), r"'it'\''s.ron'");
        assert_eq!(shell_word("$HOME"), "'$HOME'");
        assert_eq!(shell_word(""), "''");
    }

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        let s = "Sella turcica — fossa hypophysialis\n\tline two, ü é 日本";
        assert!(matches!(printable(s), Cow::Borrowed(t) if t == s));
    }

    #[test]
    fn escape_and_osc_sequences_are_visible() {
        // OSC 52 (clipboard write) and a title change.
        let s = "a\u{1b}]52;c;ZXZpbA==\u{7}b\u{1b}]0;title\u{1b}\\";
        let out = printable(s);
        assert_eq!(out, "a\\e]52;c;ZXZpbA==\\u{7}b\\e]0;title\\e\\");
        assert!(!out.chars().any(char::is_control));
    }

    #[test]
    fn every_c0_c1_and_del_is_escaped_except_newline_and_tab() {
        for code in (0u32..0x20).chain(0x7f..0xa0) {
            let c = char::from_u32(code).unwrap();
            let s = c.to_string();
            let out = printable(&s);
            if c == '\n' || c == '\t' {
                assert_eq!(out, s);
            } else {
                assert_ne!(out, s, "U+{code:04X} passed through");
                assert!(out.starts_with('\\'));
                assert!(!out.chars().any(char::is_control), "U+{code:04X}: {out:?}");
            }
        }
    }

    #[test]
    fn csi_clear_screen_and_c1_csi_are_escaped() {
        assert_eq!(printable("\u{1b}[2J\u{1b}[8m"), "\\e[2J\\e[8m");
        assert_eq!(printable("\u{9b}2J"), "\\u{9b}2J");
        assert_eq!(printable("x\u{7f}\r\0"), "x\\u{7f}\\r\\0");
    }

    #[test]
    fn bidi_controls_are_escaped_but_marks_and_letters_are_not() {
        for code in (0x202a..=0x202e).chain(0x2066..=0x2069) {
            let c = char::from_u32(code).unwrap();
            assert_eq!(printable(&c.to_string()), format!("\\u{{{code:x}}}"));
        }
        assert_eq!(printable("abc\u{202e}def"), "abc\\u{202e}def");
        // Hebrew and Arabic letters are text, not controls.
        assert_eq!(printable("שלום مرحبا"), "שלום مرحبا");
    }

    #[test]
    fn inline_escapes_newline_and_tab_too() {
        assert_eq!(printable_inline("a\nb\tc\u{1b}"), "a\\nb\\tc\\e");
        assert!(matches!(printable_inline("plain"), Cow::Borrowed(_)));
    }

    proptest::proptest! {
        #[test]
        fn nothing_a_terminal_acts_on_survives(s in "\\PC*|[\\x00-\\x{a0}\\x{2028}-\\x{206f}]*") {
            let out = printable(&s);
            proptest::prop_assert!(!out.chars().any(needs_escape), "{out:?}");
            let inline = printable_inline(&s);
            proptest::prop_assert!(!inline.chars().any(char::is_control), "{inline:?}");
            // Text without anything to escape is returned as it is.
            if !s.chars().any(needs_escape) {
                proptest::prop_assert_eq!(out.as_ref(), s.as_str());
            }
        }
    }

    #[test]
    fn blank_means_nothing_visible() {
        assert!(is_blank(""));
        assert!(is_blank("\0"));
        assert!(is_blank("\u{200b}\u{200b}"));
        assert!(is_blank(" \u{feff}\u{202e}\t\n\u{00ad}"));
        assert!(!is_blank("\u{200b}a"));
        assert!(!is_blank("·"));
    }
}
