//! The calls the `index_reader` target makes, shared with `tests/fuzz_regressions.rs` so every
//! finding is replayed through exactly the code that found it.

use bulletin_search::format::{Container, DocBlock, FileKind, FileRef, KeyPage, Manifest, SegmentRef, TermShard};
use bulletin_search::{Index, SearchOptions};

/// Any bytes as any index file. The first byte picks the file kind; the rest is framed with a valid
/// header and checksum so the body decoders are reached (the raw bytes are tried as a file too).
pub fn index_reader(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else { return };
    let _ = Manifest::from_bytes("raw", data);
    match selector % 4 {
        0 => {
            let file = Container::write(FileKind::Manifest, body);
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
            let file = Container::write(FileKind::TermShard, body);
            if let Ok(shard) = TermShard::from_bytes("t.bin", &file) {
                for (_, offset) in shard.range(b"", None).into_iter().take(1000) {
                    let _ = (shard.doc_count(offset), shard.postings(offset), shard.word_postings(offset));
                    let _ = shard.char_postings(offset);
                }
            }
        }
        2 => {
            if let Ok(block) = DocBlock::from_bytes("d.bin", &Container::write(FileKind::DocBlock, body), 0) {
                let _ = block.get(0);
            }
        }
        _ => {
            // The body as the middle key page of a manifest of 130 shards (keys k000…k129), with
            // the tag that page must carry: the page parser and its checks are reached.
            let mut m = paged_manifest();
            let mut page = Container::write(FileKind::KeyPage, body);
            Container::set_tag(&mut page, m.key_pages[1].file.tag());
            if m.supply_page(1, "k.bin", &page).is_ok() {
                let _ = m.shards_for_range(b"k070", Some(b"k071"));
            }
        }
    }
}

/// A manifest of one segment of 130 shards whose keys are in three key pages, none supplied.
fn paged_manifest() -> Manifest {
    let id = 1;
    let segments = vec![SegmentRef { id, shards: 130, blocks: 1 }];
    let mut m = Manifest {
        build_id: 0,
        doc_count: 1,
        avg_title_len: 1.0,
        avg_body_len: 1.0,
        sections: vec!["s".into()],
        issues: vec![bulletin_search::format::IssueEntry { number: 1, date_days: 0, first_doc: 0, runs: vec![(0, 1)] }],
        term_shards: (0..130)
            .map(|i| (format!("k{i:03}").into_bytes(), FileRef::new(FileKind::TermShard, id, i)))
            .collect(),
        key_pages: KeyPage::of(&segments),
        segments,
        doc_blocks: vec![(0, FileRef::new(FileKind::DocBlock, id, 0))],
    };
    m.key_pages.iter_mut().for_each(|p| p.loaded = true);
    Manifest::from_bytes("manifest.bin", &m.to_bytes()).expect("a valid manifest")
}
