//! Embeds every deck in `decks/` into the binary, so the app runs from any folder.

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
}
