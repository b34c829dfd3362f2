//! Lists the committed index (`../index`) for the engine's tests: `$OUT_DIR/index_files.rs`
//! defines `INDEX_FILES: &[(&str, &[u8])]`, each index file's name and bytes as published
//! (packed). The tests feed the engine from it the way `www/engine.js` does from the network; the
//! library itself never includes it.

use std::path::PathBuf;
use std::{env, fs};

fn main() {
    let root = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let index = root.join("..").join("index");
    println!("cargo:rerun-if-changed={}", index.display());
    let mut names: Vec<String> = fs::read_dir(&index)
        .map(|dir| {
            dir.filter_map(|entry| entry.ok())
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".bin"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut out = String::from("pub const INDEX_FILES: &[(&str, &[u8])] = &[\n");
    for name in &names {
        out += &format!("    ({name:?}, include_bytes!({:?})),\n", index.join(name).display().to_string());
    }
    out += "];\n";
    let dest = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("index_files.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}
