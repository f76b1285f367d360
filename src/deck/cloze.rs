//! Cloze text: `{{deletion}}` and `{{shown|also accepted}}`.

use super::model::Gap;

/// One deletion of a cloze text: its byte range in the text (braces included) and its answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deletion {
    pub start: usize,
    pub end: usize,
    pub answers: Vec<String>,
}

/// Why a cloze text is malformed, with the byte offset where it goes wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClozeError {
    Unclosed(usize),
    UnexpectedClose(usize),
    Nested(usize),
    Empty(usize),
    /// A single `{` or `}` (at this character index): braces come in pairs, `{{` and `}}`.
    LoneBrace(usize),
    NoDeletion,
}

impl std::fmt::Display for ClozeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ClozeError::Unclosed(_) => write!(f, "cloze has a `{{{{` that is never closed"),
            ClozeError::UnexpectedClose(_) => {
                write!(f, "cloze has a `}}}}` with no `{{{{` before it")
            }
            ClozeError::Nested(_) => write!(f, "cloze deletions cannot be nested"),
            ClozeError::Empty(_) => write!(f, "cloze has an empty deletion `{{{{}}}}`"),
            ClozeError::LoneBrace(at) => write!(
                f,
                "cloze has a single brace at character {}: deletions are written {{{{like this}}}}",
                at + 1
            ),
            ClozeError::NoDeletion => write!(
                f,
                "cloze has no deletion: mark the hidden part as {{{{like this}}}}"
            ),
        }
    }
}

/// Finds the deletions of a cloze text.
pub fn deletions(text: &str) -> Result<Vec<Deletion>, ClozeError> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let pair = bytes.get(i..i + 2);
        match (pair, open) {
            (Some(b"{{"), None) => {
                open = Some(i);
                i += 2;
            }
            (Some(b"{{"), Some(_)) => return Err(ClozeError::Nested(i)),
            (Some(b"}}"), Some(start)) => {
                let inner = text.get(start + 2..i).unwrap_or_default();
                let answers: Vec<String> = inner
                    .split('|')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect();
                if answers.is_empty() {
                    return Err(ClozeError::Empty(start));
                }
                out.push(Deletion {
                    start,
                    end: i + 2,
                    answers,
                });
                open = None;
                i += 2;
            }
            (Some(b"}}"), None) => return Err(ClozeError::UnexpectedClose(i)),
            _ if matches!(bytes[i], b'{' | b'}') => {
                return Err(ClozeError::LoneBrace(
                    text.get(..i).unwrap_or_default().chars().count(),
                ));
            }
            _ => i += 1,
        }
    }
    if let Some(start) = open {
        return Err(ClozeError::Unclosed(start));
    }
    if out.is_empty() {
        return Err(ClozeError::NoDeletion);
    }
    Ok(out)
}

/// A deletion of at most this many words is typed unless the card says `gap: "reveal"`.
pub const MAX_TYPED_WORDS: usize = 4;

/// Whether the learner types the deletions of this cloze: as `gap` says, or by default when the
/// shown text of every deletion is at most `MAX_TYPED_WORDS` words (a longer one is a phrase
/// to recall, not a term to spell).
pub fn typed(text: &str, gap: Option<Gap>) -> bool {
    match gap {
        Some(g) => g == Gap::Type,
        None => deletions(text).is_ok_and(|dels| {
            dels.iter()
                .all(|d| d.answers[0].split_whitespace().count() <= MAX_TYPED_WORDS)
        }),
    }
}

/// The text with deletion `n` (from 1) hidden as `[...]` and the others shown.
pub fn render(text: &str, n: usize, reveal: bool) -> String {
    let Ok(dels) = deletions(text) else {
        return text.to_string();
    };
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (i, d) in dels.iter().enumerate() {
        out.push_str(text.get(last..d.start).unwrap_or_default());
        if i + 1 == n && !reveal {
            out.push_str("[...]");
        } else if i + 1 == n {
            out.push('[');
            out.push_str(&d.answers[0]);
            out.push(']');
        } else {
            out.push_str(&d.answers[0]);
        }
        last = d.end;
    }
    out.push_str(text.get(last..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_deletions_with_alternatives() {
        let d = deletions("The {{a|b}} and {{c}}.").unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].answers, vec!["a", "b"]);
        assert_eq!(d[1].answers, vec!["c"]);
    }

    #[test]
    fn rejects_malformed() {
        assert_eq!(deletions("no deletion"), Err(ClozeError::NoDeletion));
        assert_eq!(deletions("open {{ here"), Err(ClozeError::Unclosed(5)));
        assert_eq!(deletions("x }} y"), Err(ClozeError::UnexpectedClose(2)));
        assert_eq!(deletions("{{a {{b}} }}"), Err(ClozeError::Nested(4)));
        assert_eq!(deletions("{{ }}"), Err(ClozeError::Empty(0)));
        assert_eq!(deletions("{{a} and {b}}"), Err(ClozeError::LoneBrace(3)));
        assert_eq!(deletions("{{a}}}"), Err(ClozeError::LoneBrace(5)));
        assert_eq!(deletions("x { y {{z}}"), Err(ClozeError::LoneBrace(2)));
    }

    #[test]
    fn renders_hidden_and_revealed() {
        let t = "The {{sphenoid}} holds the {{sella turcica|sella}}.";
        assert_eq!(render(t, 1, false), "The [...] holds the sella turcica.");
        assert_eq!(render(t, 2, false), "The sphenoid holds the [...].");
        assert_eq!(
            render(t, 2, true),
            "The sphenoid holds the [sella turcica]."
        );
    }
}
