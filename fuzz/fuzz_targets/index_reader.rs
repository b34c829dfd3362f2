//! Any bytes as any index file: an error or a value, never a panic, a hang or unbounded memory.
#![no_main]

mod readers;

libfuzzer_sys::fuzz_target!(|data: &[u8]| readers::index_reader(data));
