//! Line mode's input, one line at a time, from whatever arrives on standard input: a line that
//! is not UTF-8 or is absurdly long is rejected on its own (the session goes on), and "\n",
//! "\r\n" and a lone "\r" all end a line, as terminals, Windows files and old Mac files send.

use std::io::{self, BufRead};

/// The longest line kept, in bytes (line end excluded). Nothing a learner types comes near it;
/// past it the rest of the line is read and dropped, so memory stays bounded whatever comes in.
pub const MAX_LINE: usize = 64 * 1024;

/// One line of input, or why there is none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// A line, without its line end.
    Text(String),
    /// A line that is not valid UTF-8; it was read and dropped.
    NotUtf8,
    /// A line longer than the limit; it was read and dropped.
    TooLong,
    /// The end of the input.
    End,
}

/// Reads [`Line`]s from any [`BufRead`].
pub struct LineReader<R> {
    inner: R,
    max: usize,
    /// The last line ended with "\r": a "\n" that comes next is part of the same line end, even
    /// when it arrives in a later read.
    after_cr: bool,
}

impl<R: BufRead> LineReader<R> {
    /// A reader that keeps lines of up to [`MAX_LINE`] bytes.
    pub fn new(inner: R) -> Self {
        Self::with_limit(inner, MAX_LINE)
    }

    /// A reader that keeps lines of up to `max` bytes.
    pub fn with_limit(inner: R, max: usize) -> Self {
        LineReader {
            inner,
            max,
            after_cr: false,
        }
    }

    /// The next line. Waits only for the line itself: a "\r" ends it at once, without waiting
    /// to see whether a "\n" follows.
    pub fn next_line(&mut self) -> io::Result<Line> {
        let mut line = Vec::new();
        let mut too_long = false;
        let mut started = false;
        loop {
            let buf = match self.inner.fill_buf() {
                Ok(buf) => buf,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                self.after_cr = false;
                return Ok(if started {
                    finish(line, too_long)
                } else {
                    Line::End
                });
            }
            let skip = usize::from(std::mem::take(&mut self.after_cr) && buf[0] == b'\n');
            let rest = &buf[skip..];
            let end = rest.iter().position(|&b| b == b'\n' || b == b'\r');
            let part = &rest[..end.unwrap_or(rest.len())];
            if too_long || line.len() + part.len() > self.max {
                too_long = true;
                line = Vec::new();
            } else {
                line.extend_from_slice(part);
            }
            if let Some(end) = end {
                self.after_cr = rest[end] == b'\r';
                self.inner.consume(skip + end + 1);
                return Ok(finish(line, too_long));
            }
            started |= !rest.is_empty();
            let used = buf.len();
            self.inner.consume(used);
        }
    }
}

fn finish(line: Vec<u8>, too_long: bool) -> Line {
    if too_long {
        return Line::TooLong;
    }
    String::from_utf8(line).map_or(Line::NotUtf8, Line::Text)
}

#[cfg(test)]
mod tests {
    use std::io::{BufReader, Read};

    use super::*;

    fn lines(input: &[u8], capacity: usize, max: usize) -> Vec<Line> {
        let mut r = LineReader::with_limit(BufReader::with_capacity(capacity, input), max);
        let mut out = Vec::new();
        loop {
            let l = r.next_line().unwrap();
            if l == Line::End {
                return out;
            }
            out.push(l);
            assert!(out.len() <= input.len() + 1, "no progress");
        }
    }

    fn text(s: &str) -> Line {
        Line::Text(s.to_string())
    }

    #[test]
    fn every_line_end_ends_a_line_and_crlf_is_one() {
        let want = vec![text("a"), text("b"), text("c"), text(""), text("d")];
        for capacity in 1..8 {
            assert_eq!(lines(b"a\nb\r\nc\r\rd", capacity, 100), want, "{capacity}");
        }
    }

    #[test]
    fn crlf_split_across_two_reads_is_one_line_end() {
        // A reader that hands out one byte per read puts "\r" and "\n" in separate refills.
        let want = vec![text("x"), text("3"), text("")];
        assert_eq!(lines(b"x\r\n3\r\n\n", 1, 100), want);
    }

    #[test]
    fn a_cr_does_not_wait_for_what_follows() {
        /// Fails the test if read past the first line.
        struct Once(Option<&'static [u8]>);
        impl Read for Once {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let data = self.0.take().expect("read past the first line");
                buf[..data.len()].copy_from_slice(data);
                Ok(data.len())
            }
        }
        let mut r = LineReader::new(BufReader::new(Once(Some(b"x\r"))));
        assert_eq!(r.next_line().unwrap(), text("x"));
    }

    #[test]
    fn a_bad_line_is_rejected_alone() {
        let got = lines(b"x\n3\ncaf\xe9\n3\n", 4, 100);
        assert_eq!(got, vec![text("x"), text("3"), Line::NotUtf8, text("3")]);
    }

    #[test]
    fn a_long_line_is_rejected_alone_and_the_limit_itself_is_kept() {
        let got = lines(b"12345\n123456\r\nok", 3, 5);
        assert_eq!(got, vec![text("12345"), Line::TooLong, text("ok")]);
    }

    #[test]
    fn a_line_split_inside_a_character_is_joined_first() {
        assert_eq!(lines("café\n".as_bytes(), 4, 100), vec![text("café")]);
    }

    #[test]
    fn interrupted_reads_are_retried_and_the_end_repeats() {
        struct Flaky(bool, &'static [u8]);
        impl Read for Flaky {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                self.0 = !self.0;
                if self.0 {
                    return Err(io::ErrorKind::Interrupted.into());
                }
                self.1.read(buf)
            }
        }
        let mut r = LineReader::new(BufReader::with_capacity(2, Flaky(false, b"ab\ncd")));
        assert_eq!(r.next_line().unwrap(), text("ab"));
        assert_eq!(r.next_line().unwrap(), text("cd"));
        assert_eq!(r.next_line().unwrap(), Line::End);
        assert_eq!(r.next_line().unwrap(), Line::End);
    }

    #[test]
    fn empty_input_and_a_lone_line_end() {
        assert_eq!(lines(b"", 4, 100), vec![]);
        assert_eq!(lines(b"\r\n", 1, 100), vec![text("")]);
        assert_eq!(lines(b"\n\r", 1, 100), vec![text(""), text("")]);
    }
}
