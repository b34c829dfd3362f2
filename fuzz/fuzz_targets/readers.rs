//! The calls the `index_reader` target makes, shared with `tests/fuzz_regressions.rs` so every
//! finding is replayed through exactly the code that found it.

use bulletin_search::format::{Container, DocBlock, Kind, Manifest, TermShard};
use bulletin_search::{Index, SearchOptions};

/// Any bytes as any index file. The first byte picks the file kind; the rest is framed with a valid
/// header and checksum so the body decoders are reached (the raw bytes are tried as a file too).
pub fn index_reader(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else { return };
    let _ = Manifest::from_bytes("raw", data);
    match selector % 3 {
        0 => {
            let file = Container::write(Kind::Manifest, body);
            if let Ok(m) = Manifest::from_bytes("manifest.bin", &file) {
                for doc in [0, 1, m.doc_count.saturating_sub(1), m.doc_count, u32::MAX] {
                    let _ = (m.section_of(doc), m.issue_of(doc), m.block_of(doc));
                }
                let _ = m.shards_for_range(b"g", Some(b"h"));
                if let Ok(index) = Index::open(&file) {
                    // Every file is missing: the engine must ask for them, not fail or panic.
                    let _ = index.search("微短剧 gpt", &SearchOptions::default());
                }
            }
        }
        1 => {
            let file = Container::write(Kind::TermShard, body);
            if let Ok(shard) = TermShard::from_bytes("t.bin", &file) {
                for (_, offset) in shard.range(b"", None).into_iter().take(1000) {
                    let _ = (shard.doc_count(offset), shard.postings(offset), shard.word_postings(offset));
                }
            }
        }
        _ => {
            if let Ok(block) = DocBlock::from_bytes("d.bin", &Container::write(Kind::DocBlock, body), 0) {
                let _ = block.get(0);
            }
        }
    }
}
