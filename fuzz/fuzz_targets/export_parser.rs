//! Any bytes as an export: an issue or an error naming the file, never a panic.
#![no_main]

use bulletin_search::parse_export;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = parse_export(data, "fuzz.txt") {
        assert!(e.to_string().starts_with("fuzz.txt"));
    }
});
