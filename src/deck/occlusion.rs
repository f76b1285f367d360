//! A card's picture fields and an occlusion card's regions: what they mean and whether they
//! make sense. Reading the picture file itself (its format and size, whether regions fit) is
//! done only when the deck says where pictures come from (`Pictures`).

use rustc_hash::FxHashSet;

use super::check;
use super::diag::{Diagnostic, Pos};
use super::file::{CardFile, RegionFile};
use super::model::{CardKind, Gap, Picture, Region, Shape};
use super::scan;
use crate::picture::{probe, source};
use crate::safe_text;

/// More regions than this on one picture cannot be told apart on a terminal.
pub const MAX_REGIONS: usize = 64;

/// Where a deck's pictures are read from, to check them as the deck is loaded.
#[derive(Debug, Clone, Copy)]
pub enum Pictures<'a> {
    /// Not read: only the fields are checked (the picture's size stays unknown).
    Unchecked,
    /// The pictures built into the binary.
    Builtin,
    /// Files beside the deck file at this path.
    Beside(&'a std::path::Path),
}

/// The card's picture, `Ok(None)` when it has none, `Err(())` when its fields are wrong (each
/// problem pushed to `out`).
pub(super) fn picture(
    cf: &CardFile,
    pictures: Pictures,
    path: &str,
    at: &dyn Fn(&str) -> Pos,
    out: &mut Vec<Diagnostic>,
) -> Result<Option<Picture>, ()> {
    let before = errors(out);
    let err = |out: &mut Vec<Diagnostic>, field: &str, msg: String| {
        out.push(Diagnostic::error(path, at(field), msg));
    };
    let Some(file) = &cf.image else {
        for (field, set) in [
            ("alt", cf.alt.is_some()),
            ("image_on", cf.image_on.is_some()),
        ] {
            if set {
                err(out, field, format!("`{field}` needs an `image`"));
            }
        }
        if cf.regions.is_some() {
            err(
                out,
                "regions",
                "`regions` needs an `image` to place them on".to_string(),
            );
        }
        return if errors(out) > before {
            Err(())
        } else {
            Ok(None)
        };
    };
    check::text(path, || at("image"), "`image`", file, out);
    if std::path::Path::new(file).is_absolute() || file.split(['/', '\\']).any(|p| p == "..") {
        err(
            out,
            "image",
            format!(
                "`image` is `{}`: give a path inside the deck's folder, relative to the deck file",
                file.escape_debug()
            ),
        );
    }
    if let Err(e) = probe::format_of(file) {
        err(out, "image", e.to_string());
    }
    let alt = match &cf.alt {
        Some(alt) => {
            check::text(path, || at("alt"), "`alt`", alt, out);
            alt.clone()
        }
        None => {
            err(
                out,
                "image",
                "`image` needs `alt`: describe the picture in words, for line mode, screen \
                 readers and terminals that cannot draw it"
                    .to_string(),
            );
            String::new()
        }
    };
    let on_back = match cf.image_on.as_deref() {
        None | Some("front") => false,
        Some("back") if cf.regions.is_some() => {
            err(
                out,
                "image_on",
                "an occlusion card shows its picture with the question: leave out `image_on`"
                    .to_string(),
            );
            true
        }
        Some("back") => true,
        Some(other) => {
            err(
                out,
                "image_on",
                format!(
                    "`image_on` is `{}`: write \"front\" or \"back\"",
                    other.escape_debug()
                ),
            );
            false
        }
    };
    if errors(out) > before {
        return Err(());
    }
    let mut pic = Picture {
        file: file.clone(),
        alt,
        on_back,
        size: (0, 0),
        at: String::new(),
        builtin: false,
    };
    read(&mut pic, pictures, path, at, out)?;
    Ok(Some(pic))
}

fn errors(out: &[Diagnostic]) -> usize {
    out.iter().filter(|d| d.is_error()).count()
}

/// Reads the picture to learn its size, refusing a missing, oversized or unreadable file.
fn read(
    pic: &mut Picture,
    pictures: Pictures,
    path: &str,
    at: &dyn Fn(&str) -> Pos,
    out: &mut Vec<Diagnostic>,
) -> Result<(), ()> {
    let (at_path, builtin) = match pictures {
        Pictures::Unchecked => return Ok(()),
        Pictures::Builtin => (pic.file.clone(), true),
        Pictures::Beside(deck) => (source::beside(deck, &pic.file).display().to_string(), false),
    };
    pic.at = at_path;
    pic.builtin = builtin;
    let fail = |out: &mut Vec<Diagnostic>, msg: String| {
        out.push(Diagnostic::error(path, at("image"), msg));
        Err(())
    };
    let bytes = match source::bytes(pic) {
        Ok(b) => b,
        Err(e) => return fail(out, format!("`image`: {e}")),
    };
    let format = probe::format_of(&pic.file).map_err(|_| ())?;
    match probe::probe(format, &bytes) {
        Ok(info) => pic.size = (info.width, info.height),
        Err(e) => return fail(out, format!("`image` {}: {e}", pic.file.escape_debug())),
    }
    if format == probe::Format::Svg && probe::svg_has_text(&bytes) {
        out.push(Diagnostic::warning(
            path,
            at("image"),
            format!(
                "`image` {} has <text>, which is not drawn: put labels in `regions`",
                pic.file.escape_debug()
            ),
        ));
    }
    Ok(())
}

/// An occlusion card's kind from its `regions`, `prompt`, `mode` and `locate`.
pub fn kind(
    cf: &CardFile,
    regions: &[RegionFile],
    path: &str,
    at: &dyn Fn(&str) -> Pos,
    out: &mut Vec<Diagnostic>,
) -> Option<CardKind> {
    let before = errors(out);
    let err = |out: &mut Vec<Diagnostic>, field: &str, msg: String| {
        out.push(Diagnostic::error(path, at(field), msg));
    };
    if regions.is_empty() {
        err(
            out,
            "regions",
            "`regions` is empty: name at least one".into(),
        );
    }
    if regions.len() > MAX_REGIONS {
        let msg = format!(
            "{} regions: at most {MAX_REGIONS} fit on one picture",
            regions.len()
        );
        err(out, "regions", msg);
    }
    let mut ids = FxHashSet::default();
    for (i, r) in regions.iter().enumerate() {
        let here = element("regions", i);
        region(r, path, &|| at(&here), out);
        if !ids.insert(r.id.as_str()) {
            err(
                out,
                &here,
                format!("region id `{}` is used twice", r.id.escape_debug()),
            );
        }
    }
    if let Some(p) = &cf.prompt {
        check::text(path, || at("prompt"), "`prompt`", p, out);
    }
    let mode = match cf.mode.as_deref() {
        None => Gap::Type,
        Some(m) => Gap::parse(m).unwrap_or_else(|| {
            let msg = format!(
                "`mode` is `{}`: write \"type\" (the learner types the name) or \"reveal\" \
                 (the learner reveals it)",
                m.escape_debug()
            );
            err(out, "mode", msg);
            Gap::Type
        }),
    };
    let locate = cf.locate.unwrap_or(false);
    if locate && regions.len() < 2 {
        let msg = "`locate` needs at least 2 regions to choose among".to_string();
        err(out, "locate", msg);
    }
    (errors(out) == before).then(|| CardKind::Occlusion {
        prompt: cf.prompt.clone(),
        regions: regions.iter().map(model_region).collect(),
        mode,
        locate,
    })
}

/// For a card that failed to parse inside its `regions`: which region, and, for a number out
/// of range, what a region's numbers are. Appended to the parser's message.
pub fn region_of_error(body: &str, e: &ron::error::SpannedError) -> Option<String> {
    let at = Pos {
        line: e.span.start.line,
        col: e.span.start.col,
    };
    let (starts, end) = scan::list_elements(body, "regions")?;
    if at > Pos::of_offset(body, end) {
        return None;
    }
    let i = starts
        .iter()
        .rposition(|&s| Pos::of_offset(body, s) <= at)?;
    let text = body.get(starts[i]..starts.get(i + 1).copied().unwrap_or(end))?;
    let name = scan::string_field(text, "id").map_or_else(
        || format!("region {}", i + 1),
        |id| format!("region `{}`", id.escape_debug()),
    );
    Some(match e.code {
        ron::Error::IntegerOutOfBounds => format!(
            " in {name}: a region's x, y, w, h (or cx, cy, rx, ry) are whole numbers from 0 up, \
             in the picture's own units"
        ),
        _ => format!(" (in {name})"),
    })
}

/// How a diagnostic's position names element `i` of list field `field` (see `scan::path_offset`).
fn element(field: &str, i: usize) -> String {
    format!("{field}[{i}]")
}

fn region(r: &RegionFile, path: &str, pos: &dyn Fn() -> Pos, out: &mut Vec<Diagnostic>) {
    check::id(path, pos, "a region id", &r.id, out);
    if r.id.starts_with("where-") {
        out.push(Diagnostic::error(
            path,
            pos(),
            format!(
                "region id `{}` starts with `where-`, which names the region's locate item",
                r.id.escape_debug()
            ),
        ));
    }
    let what = format!("the `label` of region `{}`", r.id.escape_debug());
    check::text(path, pos, &what, &r.label, out);
    for a in &r.alternatives {
        if safe_text::is_blank(a) {
            let msg = format!("region `{}` has a blank alternative", r.id.escape_debug());
            out.push(Diagnostic::error(path, pos(), msg));
        }
        check::chars(path, pos, "an alternative", a, out);
    }
    match &r.hint {
        Some(h) => check::text(path, pos, "a region's `hint`", h, out),
        None => out.push(Diagnostic::warning(
            path,
            pos(),
            format!(
                "region `{}` has no `hint`: say where it is in words, for line mode and screen \
                 readers",
                r.id.escape_debug()
            ),
        )),
    }
    let (l, t, r_, b) = r.shape.bounds();
    if r_ <= l || b <= t {
        out.push(Diagnostic::error(
            path,
            pos(),
            format!("region `{}` has no area", r.id.escape_debug()),
        ));
    }
}

fn model_region(r: &RegionFile) -> Region {
    Region {
        id: r.id.clone(),
        label: r.label.clone(),
        alternatives: r.alternatives.clone(),
        hint: r.hint.clone(),
        shape: r.shape,
    }
}

/// Every region must lie inside the picture (known once the file has been read).
pub fn regions_inside(
    pic: &Picture,
    regions: &[Region],
    path: &str,
    at: &dyn Fn(&str) -> Pos,
    out: &mut Vec<Diagnostic>,
) {
    let (w, h) = pic.size;
    if w == 0 || h == 0 {
        return;
    }
    for (i, r) in regions.iter().enumerate() {
        let (left, top, right, bottom) = r.shape.bounds();
        let outside = match r.shape {
            Shape::Ellipse { cx, cy, rx, ry } => rx > cx || ry > cy || right > w || bottom > h,
            Shape::Rect { .. } => right > w || bottom > h,
        };
        if outside {
            out.push(Diagnostic::error(
                path,
                at(&element("regions", i)),
                format!(
                    "region `{}` ({left},{top} to {right},{bottom}) lies outside the picture, \
                     which is {w}x{h}",
                    r.id.escape_debug()
                ),
            ));
        }
    }
}
