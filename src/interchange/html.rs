//! HTML as Anki stores fields, to and from somadeck's plain text.

/// Plain text from an Anki field: `<br>` and block starts (`<div>`, `<p>`, `<li>`) become line
/// breaks, other tags are dropped, entities decoded, no-break spaces made plain. Returns the
/// text and the number of `<img>` tags dropped.
pub fn to_text(html: &str) -> (String, usize) {
    let mut out = String::with_capacity(html.len());
    let mut images = 0;
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(rest.get(..i).unwrap_or_default());
        let after = rest.get(i + 1..).unwrap_or_default();
        let is_tag = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!'));
        let end = after.find('>');
        let (true, Some(end)) = (is_tag, end) else {
            out.push('<');
            rest = after;
            continue;
        };
        let tag = after.get(..end).unwrap_or_default();
        let closing = tag.starts_with('/');
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match name.as_str() {
            "br" => out.push('\n'),
            "div" | "p" | "li" | "tr" if !closing && !out.is_empty() && !out.ends_with('\n') => {
                out.push('\n');
            }
            "img" => images += 1,
            _ => {}
        }
        rest = after.get(end + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    let text = html_escape::decode_html_entities(&out).replace('\u{a0}', " ");
    (text, images)
}

/// Text as an HTML field: markup characters escaped, line breaks as `<br>`, tabs as `&#9;`,
/// so that a field never needs quoting in a tab-separated file.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("<br>"),
            '\t' => out.push_str("&#9;"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_dropped_breaks_kept_entities_decoded() {
        let (t, img) = to_text("<b>CSF</b> &amp; <i>dura</i><br>line 2<div>line 3</div>");
        assert_eq!(t, "CSF & dura\nline 2\nline 3");
        assert_eq!(img, 0);
        let (t, img) = to_text("a &lt; b&nbsp;c <img src=\"x.png\"> 3 < 4 &eacute;");
        assert_eq!(t, "a < b c  3 < 4 é");
        assert_eq!(img, 1);
    }

    #[test]
    fn escaped_text_reads_back_the_same() {
        let s = "a < b & \"c\"\nnext\tcell";
        let e = escape(s);
        assert!(!e.contains(['\n', '\t', '"']), "{e}");
        assert_eq!(to_text(&e).0, s);
    }
}
