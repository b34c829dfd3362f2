//! Every input a fuzzer once crashed on (fuzz/regressions/<target>-<what>) runs again here,
//! through the same calls as the fuzz target, on the stable toolchain.

use bulletin_search::format::{Container, FileKind, TermShard};
use bulletin_search::parse_export;

#[path = "../fuzz/fuzz_targets/readers.rs"]
mod readers;
use readers::index_reader;

#[test]
fn fuzz_findings_stay_fixed() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/regressions");
    let mut ran = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let data = std::fs::read(&path).unwrap();
        match name.split('-').next() {
            Some("index_reader") => index_reader(&data),
            Some("export_parser") => {
                let _ = parse_export(&data, "fuzz.txt");
            }
            _ => panic!("{name}: unknown fuzz target prefix"),
        }
        ran += 1;
    }
    assert!(ran > 0);
}

/// Both findings were term dictionaries whose nodes are malformed behind valid checksums (the
/// fuzzer satisfies a CRC by comparison tracing): a transition below the start of the bytes, and
/// a root address far past the end, which fst's own header check lets through. fst indexed out
/// of bounds walking them; the structural check (src/fstcheck.rs) now refuses both up front.
#[test]
fn malformed_term_dictionaries_are_errors() {
    for name in ["index_reader-fst-nodes", "index_reader-fst-root"] {
        let data = std::fs::read(format!("{}/fuzz/regressions/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let file = Container::write(FileKind::TermShard, &data[1..]);
        let err = TermShard::from_bytes("t-x.bin", &file).unwrap_err();
        assert!(err.to_string().starts_with("t-x.bin: corrupt index file: term dictionary"), "{name}: {err}");
    }
}
