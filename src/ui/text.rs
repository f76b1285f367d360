//! Word wrapping of styled text to a width, done here rather than by `Paragraph` so the study
//! screen knows exactly how many lines its body has and can scroll it precisely.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

pub fn str_width(s: &str) -> usize {
    Span::raw(s).width()
}

fn char_width(c: char) -> usize {
    str_width(c.encode_utf8(&mut [0; 4]))
}

struct Wrapper {
    width: usize,
    lines: Vec<Line<'static>>,
    cur: Vec<Span<'static>>,
    cur_w: usize,
    /// Nothing on the current line yet.
    fresh: bool,
}

impl Wrapper {
    fn push(&mut self, text: &str, style: Style) {
        match self.cur.last_mut() {
            Some(last) if last.style == style => last.content.to_mut().push_str(text),
            _ => self.cur.push(Span::styled(text.to_string(), style)),
        }
        self.cur_w += str_width(text);
    }

    fn break_line(&mut self) {
        self.lines.push(Line::from(std::mem::take(&mut self.cur)));
        self.cur_w = 0;
        self.fresh = true;
    }

    fn word(&mut self, word: &str, style: Style) {
        let w = str_width(word);
        let gap = usize::from(!self.fresh);
        if self.cur_w + gap + w <= self.width {
            if gap == 1 {
                self.push(" ", style);
            }
            self.push(word, style);
            self.fresh = false;
            return;
        }
        if !self.fresh {
            self.break_line();
        }
        // A word longer than the line is cut wherever the line ends.
        for c in word.chars() {
            if self.cur_w + char_width(c) > self.width && !self.fresh {
                self.break_line();
            }
            self.push(c.encode_utf8(&mut [0; 4]), style);
            self.fresh = false;
        }
    }
}

/// Wraps `spans` into lines at most `width` columns wide, breaking at whitespace (runs of it
/// become one space) and at newlines.
pub fn wrap(spans: &[Span<'_>], width: u16) -> Vec<Line<'static>> {
    let mut w = Wrapper {
        width: usize::from(width.max(1)),
        lines: Vec::new(),
        cur: Vec::new(),
        cur_w: 0,
        fresh: true,
    };
    for span in spans {
        for (i, para) in span.content.split('\n').enumerate() {
            if i > 0 {
                w.break_line();
            }
            for word in para.split_whitespace() {
                w.word(word, span.style);
            }
        }
    }
    if !w.cur.is_empty() || w.lines.is_empty() {
        w.lines.push(Line::from(w.cur));
    }
    w.lines
}

/// `prefix` as it is (spaces kept) on the first line, `body` wrapped beside it, and later
/// lines indented to line up under the body: for labels, option keys and marks.
pub fn hang(prefix: &[Span<'static>], body: &[Span<'_>], width: u16) -> Vec<Line<'static>> {
    let pw: usize = prefix.iter().map(Span::width).sum();
    let pw = pw.min(usize::from(width) / 2);
    let inner_w = u16::try_from(usize::from(width) - pw).unwrap_or(width);
    wrap(body, inner_w)
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let mut spans = if i == 0 {
                prefix.to_vec()
            } else {
                vec![Span::raw(" ".repeat(pw))]
            };
            spans.extend(line.spans);
            Line::from(spans)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lines: &[Line<'_>]) -> Vec<String> {
        lines.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn wraps_at_spaces_and_cuts_long_words() {
        let l = wrap(&[Span::raw("the falx cerebri divides the hemispheres")], 12);
        assert_eq!(
            plain(&l),
            ["the falx", "cerebri", "divides the", "hemispheres"]
        );
        let l = wrap(&[Span::raw("abcdefghij")], 4);
        assert_eq!(plain(&l), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn hangs_continuations_under_the_body() {
        let l = hang(
            &[Span::raw("1 a  ")],
            &[Span::raw("one two three\nfour")],
            12,
        );
        assert_eq!(plain(&l), ["1 a  one two", "     three", "     four"]);
    }
}
