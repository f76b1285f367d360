//! `somadeck install` and `somadeck uninstall`: deck files in and out of the installed decks
//! folder. Installing checks every deck as `check` does (against the built-in and installed
//! decks) and copies nothing unless all pass; each copy goes through a temp file and a rename.
//! Uninstalling removes the file only: progress lives in the review log, which is never
//! touched, so installing the deck again brings everything back.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::deck::diff::{self, DeckPrint};
use crate::deck::library;
use crate::deck::load::{self, LoadedDeck};
use crate::paths::Paths;
use crate::safe_text::printable;

/// A deck already in the installed folder.
struct Installed {
    path: PathBuf,
    deck: Option<LoadedDeck>,
}

/// The decks in the installed folder by file, each read if its outline reads.
fn installed(dir: &Path) -> Vec<Installed> {
    library::installed_deck_files(dir)
        .into_iter()
        .map(|path| {
            let deck = load::load_path(&path).deck;
            Installed { path, deck }
        })
        .collect()
}

fn id_of(i: &Installed) -> Option<&str> {
    i.deck.as_ref().map(|d| d.deck.id.as_str())
}

/// The files named, folders opened to their `.ron` files; each once.
fn named_files(args: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for a in args {
        if a.is_dir() {
            let found = library::deck_files_in(a);
            if found.is_empty() {
                return Err(format!(
                    "{}: no .ron deck files in this folder",
                    a.display()
                ));
            }
            files.extend(found);
        } else if a.exists() {
            files.push(a.clone());
        } else {
            return Err(format!("{}: no such file or folder", a.display()));
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    files.retain(|f| seen.insert(f.clone()));
    Ok(files)
}

/// One deck to copy: from where, to where, the edition it replaces, and that edition's file
/// when the new one goes elsewhere (an edition with pictures moves into a folder of its own).
struct Copy {
    deck: LoadedDeck,
    to: PathBuf,
    before: Option<DeckPrint>,
    moved_from: Option<PathBuf>,
}

pub fn install(paths: &Paths, args: &[PathBuf], out: &mut dyn Write) -> Result<i32, String> {
    let io = |e: std::io::Error| e.to_string();
    let files = named_files(args)?;
    let lib = library::from_paths(&files, Some(&paths.decks));
    let mut problems: Vec<_> = lib.diagnostics.iter().collect();
    problems.sort_by(|a, b| (&a.path, a.pos).cmp(&(&b.path, b.pos)));
    problems.dedup();
    for d in &problems {
        writeln!(out, "{d}").map_err(io)?;
    }
    let present = installed(&paths.decks);
    let broken = broken_dependants(&present, &lib.decks);
    for b in &broken {
        writeln!(out, "{}", printable(b)).map_err(io)?;
    }
    if lib.has_errors() || !lib.skipped.is_empty() || !broken.is_empty() {
        writeln!(
            out,
            "nothing was installed: fix the errors above (`somadeck check` shows the same) \
             and run install again"
        )
        .map_err(io)?;
        return Ok(1);
    }
    let mut plan = Vec::new();
    for deck in lib.decks {
        plan.push(plan_copy(paths, &present, deck)?);
    }
    copy_all(&paths.decks, &plan)?;
    for c in &plan {
        if let Some(old) = &c.moved_from {
            remove_flat_deck(&paths.decks, old, &present)?;
        }
    }
    for c in &plan {
        writeln!(out, "{}", printable(&report_line(c))).map_err(io)?;
    }
    Ok(0)
}

/// Installed decks (not themselves being installed) that require a topic a new edition in
/// `named` drops: they would fail to load once it is in. One error line each.
fn broken_dependants(present: &[Installed], named: &[LoadedDeck]) -> Vec<String> {
    let mut out = Vec::new();
    let others = present
        .iter()
        .filter_map(|i| i.deck.as_ref())
        .filter(|d| !named.iter().any(|n| n.deck.id == d.deck.id));
    for d in others {
        for r in d.deck.topics.iter().flat_map(|t| &t.requires) {
            let Some((deck, topic)) = r.split_once('/') else {
                continue;
            };
            let Some(n) = named.iter().find(|n| n.deck.id == deck) else {
                continue;
            };
            if !n.deck.topics.iter().any(|t| t.id == topic) {
                out.push(format!(
                    "{}: error: deck `{deck}` has no topic `{topic}`, which the installed deck \
                     `{}` requires (`{r}`, in {}); keep the topic, or uninstall `{}` first",
                    n.path, d.deck.id, d.path, d.deck.id
                ));
            }
        }
    }
    out
}

/// Where `deck` goes: a deck with pictures of its own into its own folder (`ID/ID.ron`, its
/// pictures beside it as in its source folder), so that another deck's picture of the same
/// name never overwrites its; any other deck over the installed file with its id, else
/// `ID.ron`.
fn plan_copy(paths: &Paths, present: &[Installed], deck: LoadedDeck) -> Result<Copy, String> {
    let id = deck.deck.id.clone();
    if library::is_builtin_id(&id) && deck.replaces.is_none() {
        return Err(format!(
            "{}: `{id}` is a built-in deck, which is always there; to install a new edition of \
             it, add `replaces: \"{id}\"`",
            deck.path
        ));
    }
    let same = present.iter().find(|i| id_of(i) == Some(id.as_str()));
    let own_folder = paths.decks.join(&id).join(format!("{id}.ron"));
    let to = match same {
        _ if deck.has_own_pictures() => own_folder,
        Some(i) => i.path.clone(),
        None => paths.decks.join(format!("{id}.ron")),
    };
    if same.is_none_or(|i| i.path != to) && to.exists() {
        return Err(format!(
            "{} holds another deck; nothing was installed (rename that file first)",
            to.display()
        ));
    }
    let moved_from = same.map(|i| i.path.clone()).filter(|p| *p != to);
    let before = same
        .and_then(|i| i.deck.as_ref())
        .map(|d| DeckPrint::of(&d.deck));
    Ok(Copy {
        deck,
        to,
        before,
        moved_from,
    })
}

/// Copies every deck to a temp file beside its place first, and renames them in only when all
/// were written, so a failure leaves the installed folder as it was.
fn copy_all(dir: &Path, plan: &[Copy]) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut result = Ok(());
    for c in plan {
        if let Some(parent) = c.to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        // Not `.ron`: a temp file left behind by a crash is never loaded as a deck.
        let tmp = PathBuf::from(format!("{}.installing", c.to.display()));
        let bytes = load::read_bytes(Path::new(&c.deck.path));
        let written =
            bytes.and_then(|b| crate::store::write_synced(&tmp, &b).map_err(|e| e.to_string()));
        staged.push((tmp, c.to.clone()));
        if let Err(e) = written {
            result = Err(format!("{}: {e}; nothing was installed", c.deck.path));
            break;
        }
        let deck_dir = c.to.parent().unwrap_or(dir);
        if let Err(e) = stage_pictures(deck_dir, &c.deck, &mut staged) {
            result = Err(format!("{}: {e}; nothing was installed", c.deck.path));
            break;
        }
    }
    if result.is_ok() {
        for (tmp, to) in &staged {
            std::fs::rename(tmp, to).map_err(|e| format!("{}: {e}", to.display()))?;
        }
        return Ok(());
    }
    for (tmp, _) in &staged {
        let _ = std::fs::remove_file(tmp);
    }
    result
}

/// Stages a copy of every picture the deck's cards name, at the same path relative to the
/// installed deck, so the installed deck finds them as the original did.
fn stage_pictures(
    dir: &Path,
    deck: &LoadedDeck,
    staged: &mut Vec<(PathBuf, PathBuf)>,
) -> Result<(), String> {
    let pictures = deck.deck.cards.iter().filter_map(|c| c.picture.as_ref());
    for pic in pictures.filter(|p| !p.builtin) {
        let to = dir.join(&pic.file);
        if staged.iter().any(|(_, t)| *t == to) {
            continue;
        }
        let tmp = PathBuf::from(format!("{}.installing", to.display()));
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        let bytes = crate::picture::source::bytes(pic)?;
        crate::store::write_synced(&tmp, &bytes).map_err(|e| format!("{}: {e}", tmp.display()))?;
        staged.push((tmp, to));
    }
    Ok(())
}

/// `anatomy-extra: v1 -> v2: 4 new cards, 2 changed, 1 removed`, or a fresh install.
fn report_line(c: &Copy) -> String {
    let d = &c.deck.deck;
    match &c.before {
        Some(before) => {
            let changes = diff::diff(before, d);
            let (from, to) = (changes.from_version, changes.to_version);
            // Learners are told of an update only when the version changes.
            let warning = if to < from {
                format!("; warning: v{to} is older than the installed v{from}")
            } else if to == from && !changes.is_empty() {
                format!(
                    "; warning: the version is still {to}, so learners are not told of these \
                     changes: raise `version` and install again"
                )
            } else {
                String::new()
            };
            format!("{}: v{from} -> v{to}: {changes}{warning}", d.id)
        }
        None => format!(
            "{}: installed v{}, {} cards, as {}",
            d.id,
            d.version,
            d.cards.len(),
            c.to.display()
        ),
    }
}

/// Refuses to remove deck `id` while another installed deck requires one of its topics: that
/// deck would fail to load and drop out of study. A built-in's replacement is exempt, since
/// the built-in comes back with its topics.
fn refuse_if_required(present: &[Installed], id: &str) -> Result<(), String> {
    if library::is_builtin_id(id) {
        return Ok(());
    }
    let prefix = format!("{id}/");
    let needing: Vec<&str> = present
        .iter()
        .filter_map(|i| i.deck.as_ref())
        .filter(|d| d.deck.id != id)
        .filter(|d| {
            d.deck
                .topics
                .iter()
                .any(|t| t.requires.iter().any(|r| r.starts_with(&prefix)))
        })
        .map(|d| d.deck.id.as_str())
        .collect();
    if needing.is_empty() {
        return Ok(());
    }
    Err(format!(
        "`{id}` was left installed: {} require{} its topics and would fail to load without it; \
         uninstall {} first",
        needing
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", "),
        if needing.len() == 1 { "s" } else { "" },
        needing.join(" and ")
    ))
}

pub fn uninstall(paths: &Paths, id: &str, out: &mut dyn Write) -> Result<i32, String> {
    let present = installed(&paths.decks);
    let files: Vec<&Installed> = present.iter().filter(|i| id_of(i) == Some(id)).collect();
    if files.is_empty() {
        if library::is_builtin_id(id) {
            return Err(format!(
                "`{id}` is a built-in deck, which cannot be uninstalled; to leave it out of \
                 study, add it to config.ron ({}): hidden_decks: [\"{id}\"]",
                paths.config_file.display()
            ));
        }
        let ids: Vec<&str> = present.iter().filter_map(id_of).collect();
        return Err(format!(
            "no installed deck `{id}`; the installed decks are: {} (in {})",
            if ids.is_empty() {
                "none".to_string()
            } else {
                ids.join(", ")
            },
            paths.decks.display()
        ));
    }
    refuse_if_required(&present, id)?;
    for f in &files {
        let folder = f
            .path
            .parent()
            .filter(|p| *p != paths.decks.as_path() && p.file_name().is_some_and(|n| n == id));
        match folder {
            // The deck's own folder: the deck file first (from then on it is uninstalled),
            // then its pictures with the folder.
            Some(folder) => {
                std::fs::remove_file(&f.path).map_err(|e| format!("{}: {e}", f.path.display()))?;
                std::fs::remove_dir_all(folder)
                    .map_err(|e| format!("{}: {e}", folder.display()))?;
            }
            None => remove_flat_deck(&paths.decks, &f.path, &present)?,
        }
    }
    let io = |e: std::io::Error| e.to_string();
    writeln!(
        out,
        "uninstalled {id}; your progress on it is kept: install it again to pick up where you left off"
    )
    .map_err(io)?;
    if library::is_builtin_id(id) {
        writeln!(out, "the built-in deck {id} is back in its place").map_err(io)?;
    }
    Ok(0)
}

/// Removes a deck file that sits directly in the installed folder (as decks were installed
/// before pictures had folders of their own), then the pictures it named that no other
/// installed deck names.
fn remove_flat_deck(dir: &Path, file: &Path, present: &[Installed]) -> Result<(), String> {
    std::fs::remove_file(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let own = |i: &Installed| -> Vec<PathBuf> {
        i.deck
            .iter()
            .flat_map(|d| &d.deck.cards)
            .filter_map(|c| c.picture.as_ref())
            .filter(|p| !p.builtin)
            .map(|p| PathBuf::from(&p.at))
            .collect()
    };
    let Some(gone) = present.iter().find(|i| i.path == file) else {
        return Ok(());
    };
    let kept: Vec<PathBuf> = present
        .iter()
        .filter(|i| i.path != file)
        .flat_map(own)
        .collect();
    for pic in own(gone).into_iter().filter(|p| !kept.contains(p)) {
        if std::fs::remove_file(&pic).is_ok() {
            // Empty picture folders go too, up to the installed folder itself.
            let mut folder = pic.parent();
            while let Some(f) = folder.filter(|f| f.starts_with(dir) && *f != dir) {
                if std::fs::remove_dir(f).is_err() {
                    break;
                }
                folder = f.parent();
            }
        }
    }
    Ok(())
}
