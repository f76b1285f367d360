//! Anki's cloze markers (`{{c1::text::hint}}`) to and from somadeck's (`{{text|also}}`).
//!
//! somadeck drills each `{{deletion}}` on its own and has no hints, so two spans under one
//! Anki number become two deletions, and hints are dropped; both are counted for the report.

use crate::deck::cloze::deletions;

/// A cloze field in somadeck's syntax, with what was lost on the way.
#[derive(Debug, PartialEq, Eq)]
pub struct FromAnki {
    pub text: String,
    pub hints: usize,
    /// Whether one number marked more than one span.
    pub grouped: bool,
}

/// Converts Anki cloze markers; an error names what is wrong.
pub fn from_anki(field: &str) -> Result<FromAnki, String> {
    let mut out = String::with_capacity(field.len());
    let (mut hints, mut numbers) = (0, Vec::new());
    let mut rest = field;
    while let Some((start, number, body_at)) = next_marker(rest) {
        out.push_str(rest.get(..start).unwrap_or_default());
        let body = rest.get(body_at..).unwrap_or_default();
        let end = body
            .find("}}")
            .ok_or_else(|| format!("cloze c{number} is never closed with `}}}}`"))?;
        let inner = body.get(..end).unwrap_or_default();
        if next_marker(inner).is_some() {
            return Err("nested cloze deletions are not supported: un-nest them".into());
        }
        let (text, hint) = inner.split_once("::").unwrap_or((inner, ""));
        if text.trim().is_empty() {
            return Err(format!("cloze c{number} hides nothing"));
        }
        hints += usize::from(!hint.trim().is_empty());
        numbers.push(number);
        out.push_str("{{");
        out.push_str(text);
        out.push_str("}}");
        rest = body.get(end + 2..).unwrap_or_default();
    }
    out.push_str(rest);
    if numbers.is_empty() {
        return Err("a Cloze note needs a deletion such as {{c1::text}}".into());
    }
    let mut distinct = numbers.clone();
    distinct.sort_unstable();
    distinct.dedup();
    Ok(FromAnki {
        text: out,
        hints,
        grouped: distinct.len() < numbers.len(),
    })
}

/// The next `{{cN::`: where it starts, N, and where its text starts.
fn next_marker(s: &str) -> Option<(usize, u32, usize)> {
    let mut from = 0;
    while let Some(i) = s.get(from..)?.find("{{c") {
        let at = from + i;
        let after = s.get(at + 3..)?;
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        if digits > 0
            && after.get(digits..)?.starts_with("::")
            && let Ok(n) = after.get(..digits)?.parse()
        {
            return Some((at, n, at + 3 + digits + 2));
        }
        from = at + 3;
    }
    None
}

/// A somadeck cloze in Anki's syntax: deletion n becomes `{{cn::shown}}`, each piece passed
/// through `esc`. Returns the field and, per deletion, its other accepted answers.
pub fn to_anki(text: &str, esc: impl Fn(&str) -> String) -> (String, Vec<Vec<String>>) {
    let Ok(dels) = deletions(text) else {
        return (esc(text), Vec::new());
    };
    let mut out = String::new();
    let mut also = Vec::new();
    let mut last = 0;
    for (i, d) in dels.iter().enumerate() {
        out.push_str(&esc(text.get(last..d.start).unwrap_or_default()));
        out.push_str(&format!("{{{{c{}::{}}}}}", i + 1, esc(&d.answers[0])));
        also.push(d.answers[1..].to_vec());
        last = d.end;
    }
    out.push_str(&esc(text.get(last..).unwrap_or_default()));
    (out, also)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anki_markers_become_deletions() {
        let c = from_anki("The {{c1::falx::sickle}} and {{c2::tentorium}}.").unwrap();
        assert_eq!(c.text, "The {{falx}} and {{tentorium}}.");
        assert_eq!((c.hints, c.grouped), (1, false));
        let c = from_anki("{{c1::CSF}} leaves by {{c1::arachnoid granulations}}").unwrap();
        assert_eq!(c.text, "{{CSF}} leaves by {{arachnoid granulations}}");
        assert!(c.grouped);
        assert!(from_anki("no marker {{here}}").is_err());
        assert!(from_anki("{{c1::open").is_err());
        assert!(from_anki("{{c1::a {{c2::b}} }}").is_err());
    }

    #[test]
    fn deletions_become_numbered_markers() {
        let (t, also) = to_anki("The {{a|b}} and {{c}}.", str::to_string);
        assert_eq!(t, "The {{c1::a}} and {{c2::c}}.");
        assert_eq!(also, vec![vec!["b".to_string()], vec![]]);
        assert_eq!(from_anki(&t).unwrap().text, "The {{a}} and {{c}}.");
    }
}
