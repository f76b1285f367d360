//! `somadeck new`: a commented deck template to start from, with every card kind once, a
//! topic that builds on a built-in deck's topic, and a sources map. The template is
//! `docs/deck-template.ron`, embedded, with the deck's id and title put in.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::deck::load;

const TEMPLATE: &str = include_str!("../../docs/deck-template.ron");
/// The template's own id and title, replaced by the new deck's.
const TEMPLATE_ID: &str = r#"id: "my-deck""#;
const TEMPLATE_TITLE: &str = r#"title: "My deck""#;

/// The template for a deck `id` titled `title`, or the problems with the id or title.
pub fn template(id: &str, title: &str) -> Result<String, String> {
    if crate::deck::library::is_builtin_id(id) {
        return Err(format!(
            "`{id}` is the id of a built-in deck; choose another id for a deck of your own"
        ));
    }
    // Debug formatting quotes and escapes as RON reads strings.
    let text = TEMPLATE
        .replacen(TEMPLATE_ID, &format!("id: {id:?}"), 1)
        .replacen(TEMPLATE_TITLE, &format!("title: {title:?}"), 1);
    let parsed = load::parse("the new deck", text.as_bytes());
    let errors: Vec<String> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect();
    if errors.is_empty() {
        Ok(text)
    } else {
        Err(errors.join("; "))
    }
}

/// Writes the template to `to` (default `ID.ron` here), refusing to replace an existing file.
pub fn run(
    id: &str,
    title: Option<&str>,
    to: Option<PathBuf>,
    out: &mut dyn Write,
) -> Result<i32, String> {
    let text = template(id, title.unwrap_or(id))?;
    let mut to = to.unwrap_or_else(|| PathBuf::from(format!("{id}.ron")));
    // A bare file name has an empty parent, where no temp file can be made and synced.
    if to.parent().is_some_and(|p| p.as_os_str().is_empty()) {
        to = Path::new(".").join(to);
    }
    if to.symlink_metadata().is_ok() {
        return Err(format!(
            "{} already exists and was left as it is; choose another name with --out",
            to.display()
        ));
    }
    crate::store::write_atomically(&to, text.as_bytes())?;
    let shown = to.display().to_string();
    let word = crate::safe_text::shell_word(&shown);
    writeln!(
        out,
        "wrote {shown}: edit it, check it with `somadeck check --strict {word}`, then \
         `somadeck install {word}`"
    )
    .map_err(|e| e.to_string())?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_placeholders_are_there_once() {
        assert_eq!(TEMPLATE.matches(TEMPLATE_ID).count(), 1);
        assert_eq!(TEMPLATE.matches(TEMPLATE_TITLE).count(), 1);
    }

    #[test]
    fn a_built_in_deck_id_is_refused() {
        // The template must pass `check --strict` as written, which a built-in's id never does.
        let msg = template("skull", "Skull").unwrap_err();
        assert!(
            msg.contains("`skull` is the id of a built-in deck"),
            "{msg}"
        );
    }

    #[test]
    fn id_and_title_are_put_in_and_a_bad_id_refused() {
        let t = template("anatomy-extra", "Extra \"anatomy\"").unwrap();
        let deck = load::parse("t", t.as_bytes()).deck.unwrap().deck;
        assert_eq!(deck.id, "anatomy-extra");
        assert_eq!(deck.title, "Extra \"anatomy\"");
        let e = template("bad id", "T").unwrap_err();
        assert!(e.contains("deck id"), "{e}");
    }
}
