//! Embeds every message catalogue in `lang/` (one TOML file per language), so a
//! new language is a new file there and nothing else.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=lang");
    // Where the package is now, asked when the script runs: `env!` would keep the
    // folder the script was compiled in, and a script compiled for another checkout
    // sharing the target folder would embed that checkout's catalogues.
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&root).join("lang");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the lang/ folder of message catalogues")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut out = String::from("&[\n");
    for p in files {
        println!("cargo:rerun-if-changed={}", p.display());
        let code = p.file_stem().unwrap().to_string_lossy().into_owned();
        writeln!(
            out,
            "    ({code:?}, include_str!({:?})),",
            p.display().to_string()
        )
        .unwrap();
    }
    out.push_str("]\n");
    let target = Path::new(&std::env::var("OUT_DIR").unwrap()).join("catalogues.rs");
    std::fs::write(target, out).unwrap();
}
