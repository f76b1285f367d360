//! Embeds every deck in `decks/` and every picture in `decks/images/` into the binary, so the
//! app runs from any folder.

use std::fmt::Write as _;

fn main() {
    println!("cargo:rerun-if-changed=decks");
    let mut files: Vec<_> = std::fs::read_dir("decks")
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "ron"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut code = String::from("pub static BUILTIN: &[(&str, &str)] = &[\n");
    for f in &files {
        let abs = std::fs::canonicalize(f).expect("deck path");
        let name = f.file_name().and_then(|n| n.to_str()).expect("deck name");
        println!("cargo:rerun-if-changed={}", f.display());
        writeln!(code, "    ({name:?}, include_str!({:?})),", abs.display()).expect("write");
    }
    code.push_str("];\n");
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("builtin.rs");
    std::fs::write(out, code).expect("write builtin.rs");
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("images.rs");
    std::fs::write(out, images()).expect("write images.rs");
}

/// Every picture in `decks/images/`, keyed by its path relative to the decks (`images/x.svg`).
fn images() -> String {
    println!("cargo:rerun-if-changed=decks/images");
    let mut files: Vec<_> = std::fs::read_dir("decks/images")
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    let mut code = String::from("pub static BUILTIN_IMAGES: &[(&str, &[u8])] = &[\n");
    for f in files.iter().filter(|p| p.is_file()) {
        let abs = std::fs::canonicalize(f).expect("image path");
        let name = f.file_name().and_then(|n| n.to_str()).expect("image name");
        println!("cargo:rerun-if-changed={}", f.display());
        writeln!(
            code,
            "    (\"images/{name}\", include_bytes!({:?})),",
            abs.display()
        )
        .expect("write");
    }
    code.push_str("];\n");
    code
}
