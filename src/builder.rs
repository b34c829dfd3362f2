//! [`IndexBuilder`]: from parsed issues to the bytes of every index file (native only: it runs
//! jieba and computes pinyin). Writes nothing itself; the CLI decides where the bytes go.

use crate::analysis::{self, alias_key, index_terms, query_pieces, units, UnitKind, MAX_PINYIN_READINGS, STARTS_WORDS};
use crate::bytes::SmallBytes;
use crate::error::{Error, Result};
use crate::format::{
    self, compound_key, encode_norm, gram_char_key, initials_key, pinyin_key, starts_key, word_key, write_word_list,
    Container, DocBlock, FileKind, FileRef, IssueEntry, KeyPage, ListedWord, Manifest, PostingRows, SegmentRef,
    StoredDoc, TermShard, BODY_BASE, MANIFEST_NAME,
};
use crate::model::Issue;
use crate::synonyms::Synonyms;
use pinyin::ToPinyinMulti;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// Postings bytes after which a term shard is closed (before compression on the wire), at the
/// least: small shards keep a query's bytes low (a query reads a few shards of each kind of term
/// it looks up), and with key pages (see [`format::PAGE_SHARDS`]) a shard costs the manifest
/// little. A segment of more postings than [`MAX_TERM_SHARDS`] such shards gets larger ones.
pub const TERM_SHARD_TARGET: usize = 3 * 1024;
/// Term shards a segment is cut into at most (about: a term's postings are never cut, so a shard
/// can outgrow its target). With [`MAX_DOC_BLOCKS`], this bounds the files of an index, whatever
/// its size, below what static hosts accept in one deploy (20,000 files on some).
pub const MAX_TERM_SHARDS: usize = 4096;
/// Doc blocks of a segment at most: one document per block (a page of hits fetches exactly the
/// items it shows) until a segment has more documents than this, then as few per block as keep
/// the blocks within it.
pub const MAX_DOC_BLOCKS: usize = 4096;
/// Which layout [`build_segment`] gives the same analyses: part of the name a built segment is
/// cached under, so a change of shard sizes, block contents or keys is never mixed with a segment
/// cached before it. Bump it with any such change.
pub const LAYOUT: u32 = 12;
/// Occurrences a compound of two adjacent segmenter words needs to become a `w` word (and so a
/// pinyin word).
pub const COMPOUND_MIN_COUNT: u32 = 2;
/// Function characters that never start or end a compound (`和网络`, `发展的` are not words).
const NOT_IN_COMPOUNDS: &str = "的了着过和与及或并且而将在是为对向从被把于之也都就又还等其该此这那我你他她它们年月日";

/// The toneless pinyin spellings of a CJK word, the most likely first: every combination of the
/// first two readings of each character (`行业` → `xingye`, `hangye`), at most
/// [`MAX_PINYIN_READINGS`] (past that, further characters keep their first reading only). `ü` is
/// spelled `v`, as pinyin keyboards type it, and `u`. Empty when a character has no pinyin.
pub fn pinyin_spellings(word: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    for readings in word.to_pinyin_multi() {
        let Some(readings) = readings else { return Vec::new() };
        let mut plain: Vec<&str> = Vec::new();
        for r in readings {
            if !plain.contains(&r.plain()) {
                plain.push(r.plain());
            }
        }
        plain.truncate(2);
        let Some(first) = plain.first() else { return Vec::new() };
        out = if out.len() * plain.len() <= MAX_PINYIN_READINGS {
            out.iter().flat_map(|o| plain.iter().map(move |p| format!("{o}{p}"))).collect()
        } else {
            out.iter().map(|o| format!("{o}{first}")).collect()
        };
    }
    let mut spellings = Vec::new();
    for s in out {
        for variant in [s.replace('ü', "v"), s.replace('ü', "u")] {
            if analysis::could_be_pinyin(&variant) && !spellings.contains(&variant) {
                spellings.push(variant);
            }
        }
    }
    spellings.truncate(MAX_PINYIN_READINGS);
    spellings
}

/// The initials of a word's first reading (`微短剧` → `wdj`), if every character has pinyin.
pub fn pinyin_initials(word: &str) -> Option<String> {
    let mut out = String::new();
    for readings in word.to_pinyin_multi() {
        let first = readings?.get_opt(0)?.plain().chars().next()?;
        out.push(if first == 'ü' { 'v' } else { first });
    }
    analysis::could_be_pinyin(&out).then_some(out)
}

/// Collects issues and turns them into index files.
///
/// Building has two stages: [`IndexBuilder::analyze`] runs the segmenter over one issue (the
/// expensive part, and independent per issue, so its [`AnalyzedIssue`] can be cached), and
/// [`IndexBuilder::build`] assembles every analyzed issue into the index files.
pub struct IndexBuilder {
    issues: BTreeMap<u32, AnalyzedIssue>,
    /// The alias groups compiled into every segment (see [`crate::synonyms`]).
    synonyms: Synonyms,
    /// Loaded on first use: an incremental build whose issues all come from a cache needs none.
    jieba: std::sync::OnceLock<jieba_rs::Jieba>,
}

/// One issue after analysis: everything [`IndexBuilder::build`] needs from it, and nothing that
/// depends on the other issues (doc ids, section ids and word statistics are assigned when the
/// index is assembled).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzedIssue {
    /// Issue number.
    pub number: u32,
    /// Publication date, days since 1970-01-01.
    pub date_days: i32,
    pub(crate) items: Vec<AnalyzedItem>,
}

/// One item of an [`AnalyzedIssue`] (its cache layout is in [`crate::format::cache`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AnalyzedItem {
    pub(crate) section: String,
    pub(crate) ordinal: u32,
    pub(crate) title: String,
    pub(crate) body: String,
    /// Units of the title (capped at `BODY_BASE`) and of the body.
    pub(crate) title_len: u32,
    pub(crate) body_len: u32,
    /// Positional terms, ascending by key, positions ascending.
    pub(crate) terms: Vec<(Vec<u8>, Vec<u32>)>,
    /// Segmenter words and compounds with (title tf, body tf), ascending.
    pub(crate) words: Vec<(String, u32, u32)>,
    pub(crate) compounds: Vec<(String, u32, u32)>,
}

/// What [`IndexBuilder::build`] produces.
#[derive(Debug, Clone)]
pub struct BuildOutput {
    /// `(file name, bytes)` of every file; the manifest comes last, so writing in order publishes
    /// atomically once the manifest is renamed into place.
    pub files: Vec<(String, Vec<u8>)>,
    /// Counts for the build summary.
    pub stats: BuildStats,
}

/// Counts for the build summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BuildStats {
    /// Issues indexed.
    pub issues: usize,
    /// Items (documents) indexed.
    pub items: usize,
    /// Distinct terms in the dictionary.
    pub terms: usize,
    /// Total bytes of all files.
    pub bytes: usize,
}

impl Default for IndexBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl IndexBuilder {
    /// A builder; jieba's default dictionary is loaded when the first issue is analyzed.
    pub fn new() -> Self {
        IndexBuilder { issues: BTreeMap::new(), synonyms: Synonyms::default(), jieba: std::sync::OnceLock::new() }
    }

    /// Sets the alias groups the index compiles in (none by default).
    pub fn set_synonyms(&mut self, synonyms: Synonyms) {
        self.synonyms = synonyms;
    }

    /// The alias groups the index compiles in.
    pub fn synonyms(&self) -> &Synonyms {
        &self.synonyms
    }

    fn jieba(&self) -> &jieba_rs::Jieba {
        self.jieba.get_or_init(jieba_rs::Jieba::new)
    }

    /// Adds a parsed issue (analyzing it). `file` names its source for the duplicate-number error.
    pub fn add_issue(&mut self, issue: Issue, file: &str) -> Result<()> {
        let analyzed = self.analyze(&issue);
        self.add_analyzed(analyzed, file)
    }

    /// Adds an issue analyzed earlier (by [`IndexBuilder::analyze`], possibly read from a cache).
    pub fn add_analyzed(&mut self, issue: AnalyzedIssue, file: &str) -> Result<()> {
        if self.issues.contains_key(&issue.number) {
            return Err(Error::Parse {
                file: file.to_string(),
                line: 0,
                message: format!("issue {} is already present in another input file", issue.number),
            });
        }
        self.issues.insert(issue.number, issue);
        Ok(())
    }

    /// The text's CJK runs, folded exactly as the analyzer folds them (so a word key equals what
    /// a query run folds to) and separated by a space wherever a Latin word or punctuation breaks
    /// them (so no word spans a break).
    fn folded_runs(text: &str) -> String {
        let mut folded = String::new();
        for u in units(text) {
            match u.kind {
                UnitKind::Cjk(c) => {
                    if u.break_before {
                        folded.push(' ');
                    }
                    folded.push(c);
                }
                UnitKind::Word(_) => folded.push(' '),
            }
        }
        folded
    }

    /// The segmenter's words of a text: CJK, at least two characters.
    fn words(&self, text: &str) -> Vec<String> {
        self.jieba()
            .cut_for_search(&Self::folded_runs(text), true)
            .into_iter()
            .map(|t| t.word)
            .filter(|w| w.chars().count() >= 2 && w.chars().all(analysis::is_cjk))
            .map(str::to_string)
            .collect()
    }

    /// Compounds of two adjacent segmenter words, three or four characters long, that may be
    /// words the segmenter's dictionary lacks (`微` + `短剧`): candidates for `w` words.
    fn compounds(&self, text: &str) -> Vec<String> {
        let folded = Self::folded_runs(text);
        let tokens: Vec<&str> = self.jieba().cut(&folded, true).into_iter().map(|t| t.word).collect();
        let glue = |w: &str| {
            !w.is_empty()
                && w.chars().all(analysis::is_cjk)
                && (w.chars().count() > 1 || !w.chars().all(|c| NOT_IN_COMPOUNDS.contains(c)))
        };
        tokens
            .windows(2)
            .filter(|pair| glue(pair[0]) && glue(pair[1]))
            .map(|pair| format!("{}{}", pair[0], pair[1]))
            .filter(|c| (3..=4).contains(&c.chars().count()))
            .collect()
    }

    /// Runs the analyzer and the segmenter over one issue. Pure: the same issue (and program)
    /// gives the same result, whatever else is in the archive.
    pub fn analyze(&self, issue: &Issue) -> AnalyzedIssue {
        let tfs = |title: Vec<String>, body: Vec<String>| -> Vec<(String, u32, u32)> {
            let mut m: BTreeMap<String, (u32, u32)> = BTreeMap::new();
            for w in title {
                m.entry(w).or_default().0 += 1;
            }
            for w in body {
                m.entry(w).or_default().1 += 1;
            }
            m.into_iter().map(|(w, (t, b))| (w, t, b)).collect()
        };
        let items = issue
            .items
            .iter()
            .map(|item| {
                let body = item.body_text();
                let title_units = units(&item.headline);
                let body_units = units(&body);
                let mut terms: BTreeMap<Vec<u8>, Vec<u32>> = BTreeMap::new();
                index_terms(&title_units, 0, BODY_BASE, |k, p| terms.entry(k).or_default().push(p));
                index_terms(&body_units, BODY_BASE, u32::MAX, |k, p| terms.entry(k).or_default().push(p));
                let terms = terms
                    .into_iter()
                    .map(|(k, mut positions)| {
                        positions.sort_unstable();
                        positions.dedup();
                        (k, positions)
                    })
                    .collect();
                AnalyzedItem {
                    section: item.section.clone(),
                    ordinal: item.ordinal,
                    title: item.headline.clone(),
                    title_len: title_units.len().min(BODY_BASE as usize) as u32,
                    body_len: body_units.len() as u32,
                    terms,
                    words: tfs(self.words(&item.headline), self.words(&body)),
                    compounds: tfs(self.compounds(&item.headline), self.compounds(&body)),
                    body,
                }
            })
            .collect();
        AnalyzedIssue { number: issue.number, date_days: issue.date.days(), items }
    }

    /// Builds every file of the index. Deterministic: the same issues give the same bytes, and
    /// the same bytes as a build that reuses a base segment built earlier.
    pub fn build(&self) -> BuildOutput {
        let issues: Vec<&AnalyzedIssue> = self.issues.values().collect();
        let (segments, files) = crate::publish::build_all(&issues, |issues, previous| {
            build_segment_with(issues.iter().copied(), previous, &self.synonyms)
        });
        BuildOutput { stats: BuildStats::of(&segments, &files), files }
    }
}

impl BuildStats {
    /// The counts of an index made of `segments` whose manifest is among `files`.
    pub fn of(segments: &[Segment], files: &[(String, Vec<u8>)]) -> BuildStats {
        let manifest = files.iter().filter(|(n, _)| n == MANIFEST_NAME).map(|(_, b)| b.len()).sum::<usize>();
        BuildStats {
            issues: segments.iter().map(|s| s.issues.len()).sum(),
            items: segments.iter().map(|s| s.doc_count as usize).sum(),
            terms: segments.iter().map(|s| s.terms).sum(),
            bytes: segments.iter().map(|s| s.bytes).sum::<usize>() + manifest,
        }
    }
}

/// One segment of an index (see [`crate::format`]): its part of the manifest, and counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// The segment's id: a hash of its files (see [`crate::format`]).
    pub id: u64,
    /// First doc id.
    pub first_doc: u32,
    /// Documents in the segment.
    pub doc_count: u32,
    /// Sum of the title lengths, in units (for the manifest's averages).
    pub title_total: u64,
    /// Sum of the body lengths, in units.
    pub body_total: u64,
    /// Every section name seen up to the end of this segment; section ids index it.
    pub sections: Vec<String>,
    /// The segment's issues.
    pub issues: Vec<IssueEntry>,
    /// The segment's term shards, ascending by first key (the first key is empty).
    pub term_shards: Vec<(Vec<u8>, FileRef)>,
    /// The segment's doc blocks, by first doc.
    pub doc_blocks: Vec<(u32, FileRef)>,
    /// The segment's key pages (none for a segment of few shards; see [`format::PAGE_SHARDS`]).
    pub key_pages: Vec<FileRef>,
    /// Distinct terms in the segment's dictionary.
    pub terms: usize,
    /// Total bytes of the segment's files.
    pub bytes: usize,
}

impl Segment {
    /// The names of the segment's files.
    pub fn files(&self) -> impl Iterator<Item = String> + '_ {
        let shards = self.term_shards.iter().map(|(_, r)| r.name());
        shards.chain(self.doc_blocks.iter().map(|(_, r)| r.name())).chain(self.key_pages.iter().map(FileRef::name))
    }
}

/// Builds the segment of `issues` (ascending by number) that follows `previous`, or the base
/// segment from doc 0 when there is none: its files (term shards, then doc blocks) and its
/// [`Segment`]. Deterministic.
pub fn build_segment<'a>(
    issues: impl IntoIterator<Item = &'a AnalyzedIssue>,
    previous: Option<&Segment>,
) -> (Segment, Vec<(String, Vec<u8>)>) {
    build_segment_with(issues, previous, &Synonyms::default())
}

/// [`build_segment`] with the alias groups of `synonyms` compiled in (its `n` terms).
pub fn build_segment_with<'a>(
    issues: impl IntoIterator<Item = &'a AnalyzedIssue>,
    previous: Option<&Segment>,
    synonyms: &Synonyms,
) -> (Segment, Vec<(String, Vec<u8>)>) {
    let mut segment = SegmentBuilder::new(previous, synonyms);
    for issue in issues {
        segment.add(issue);
    }
    segment.finish()
}

/// A segment being built, one issue at a time ([`SegmentBuilder::add`]), then its files
/// ([`SegmentBuilder::finish`]): what [`build_segment_with`] does, for a caller that analyzes (or
/// reads from a cache) an issue, adds it and drops it. It holds each term's postings as
/// [`PostingRows`] and each item's text, never the analyses: at 100,000 items the analyses alone
/// were more than the index.
pub struct SegmentBuilder<'s> {
    synonyms: &'s Synonyms,
    first_doc: u32,
    doc: u32,
    sections: Vec<String>,
    issues: Vec<IssueEntry>,
    // Hash maps while collecting (millions of lookups), sorted once at the end.
    positional: TermMap<SmallBytes, PostingRows>,
    chars: TermMap<SmallBytes, PostingRows>,
    /// Keyed by the words' UTF-8 bytes.
    words: TermMap<SmallBytes, PostingRows>,
    /// Compounds of adjacent segmenter words: how often each was seen, and its postings.
    compounds: TermMap<CompoundKey, (u32, PostingRows)>,
    stored: Vec<StoredDoc>,
    title_total: u64,
    body_total: u64,
}

impl<'s> SegmentBuilder<'s> {
    /// The segment after `previous`, or the base segment from doc 0 when there is none.
    pub fn new(previous: Option<&Segment>, synonyms: &'s Synonyms) -> SegmentBuilder<'s> {
        let first_doc = previous.map_or(0, |p| p.first_doc + p.doc_count);
        SegmentBuilder {
            synonyms,
            first_doc,
            doc: first_doc,
            sections: previous.map_or_else(Vec::new, |p| p.sections.clone()),
            issues: Vec::new(),
            positional: TermMap::default(),
            chars: TermMap::default(),
            words: TermMap::default(),
            compounds: TermMap::default(),
            stored: Vec::new(),
            title_total: 0,
            body_total: 0,
        }
    }

    /// Adds the next issue (issues ascend by number).
    pub fn add(&mut self, issue: &AnalyzedIssue) {
        let mut entry =
            IssueEntry { number: issue.number, date_days: issue.date_days, first_doc: self.doc, runs: Vec::new() };
        for item in &issue.items {
            let doc = self.doc;
            let section = match self.sections.iter().position(|s| *s == item.section) {
                Some(i) => i as u32,
                None => {
                    self.sections.push(item.section.clone());
                    (self.sections.len() - 1) as u32
                }
            };
            match entry.runs.last_mut() {
                Some((s, n)) if *s == section => *n += 1,
                _ => entry.runs.push((section, 1)),
            }
            self.title_total += u64::from(item.title_len);
            self.body_total += u64::from(item.body_len);
            let norm = encode_norm(item.body_len);
            // A character's counts add up its grams' positions: grams ascend by key, so the grams
            // of one first character are adjacent.
            let mut char_counts: Option<(Vec<u8>, u32, u32)> = None;
            for (key, positions) in &item.terms {
                self.positional.update(key.as_slice(), |r| r.push_positions(doc, norm, positions));
                let Some(char_key) = gram_char_key(key) else { continue };
                let title_tf = positions.partition_point(|&p| p < BODY_BASE) as u32;
                let body_tf = positions.len() as u32 - title_tf;
                match &mut char_counts {
                    Some((k, t, b)) if *k == char_key => {
                        *t += title_tf;
                        *b += body_tf;
                    }
                    _ => {
                        if let Some((k, t, b)) = char_counts.replace((char_key, title_tf, body_tf)) {
                            self.chars.update(k.as_slice(), |r| r.push_counts(doc, Some(norm), t, b));
                        }
                    }
                }
            }
            if let Some((k, t, b)) = char_counts {
                self.chars.update(k.as_slice(), |r| r.push_counts(doc, Some(norm), t, b));
            }
            for (w, title_tf, body_tf) in &item.words {
                self.words.update(w.as_bytes(), |r| r.push_counts(doc, None, *title_tf, *body_tf));
            }
            for (c, title_tf, body_tf) in &item.compounds {
                let Some(key) = CompoundKey::new(c) else { continue };
                self.compounds.update(&key, |(seen, rows)| {
                    *seen += title_tf + body_tf;
                    rows.push_counts(doc, None, *title_tf, *body_tf);
                });
            }
            self.stored.push(StoredDoc {
                title: item.title.clone(),
                body: item.body.clone(),
                section,
                ordinal: item.ordinal,
            });
            self.doc += 1;
        }
        self.issues.push(entry);
    }

    /// The segment's files (term shards, then doc blocks, then key pages) and its [`Segment`].
    /// Deterministic: the same issues give the same bytes, however they were added.
    pub fn finish(self) -> (Segment, Vec<(String, Vec<u8>)>) {
        let SegmentBuilder {
            synonyms,
            first_doc,
            doc,
            sections,
            issues,
            positional,
            chars,
            words,
            compounds,
            stored,
            title_total,
            body_total,
        } = self;
        // A compound seen often enough (in this segment) is a word, unless the segmenter already
        // has it; a `k` marker says which words are compounds (a run-together query is split into
        // the segmenter's words, see crate::search).
        let mut compound_keys = Vec::new();
        let mut word_rows: Vec<(Vec<u8>, PostingRows)> = Vec::with_capacity(words.len());
        for (c, (seen, rows)) in compounds.into_vec() {
            let c = c.text();
            if seen >= COMPOUND_MIN_COUNT && !words.contains_key(c.as_bytes()) {
                word_rows.push((word_key(c), rows));
                compound_keys.push(compound_key(c));
            }
        }
        word_rows.extend(words.into_vec().into_iter().map(|(w, rows)| (word_key(utf8(&w)), rows)));
        word_rows.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut positional = positional.into_vec();
        positional.sort_unstable_by(|a, b| a.0.as_slice().cmp(b.0.as_slice()));
        let aliases = alias_terms(synonyms, &positional);

        // Every term's key and value bytes, sorted once at the end (the kinds' keys differ by
        // tag). Each term's rows are dropped as soon as its postings are written.
        let mut encoded: Vec<(Vec<u8>, Vec<u8>)> = Vec::with_capacity(positional.len() + chars.len() + word_rows.len());
        let positional_bytes = |(k, rows): (SmallBytes, PostingRows)| {
            let mut b = Vec::new();
            rows.write_positional(&mut b);
            (k.as_slice().to_vec(), b)
        };
        let char_bytes = |(k, rows): (Vec<u8>, PostingRows)| {
            let mut b = Vec::new();
            rows.write_counts(&mut b, true);
            (k, b)
        };
        let word_bytes = |(k, rows): (Vec<u8>, PostingRows)| {
            let mut b = Vec::new();
            rows.write_counts(&mut b, false);
            (k, b)
        };
        encoded.extend(crate::par::map(positional, positional_bytes));
        let chars = chars.into_vec().into_iter().map(|(k, rows)| (k.as_slice().to_vec(), rows)).collect();
        encoded.extend(crate::par::map(chars, char_bytes));
        let derived: Vec<(Vec<u8>, Vec<ListedWord>)> =
            pinyin_terms(&word_rows).into_iter().chain(starts_lists(&word_rows)).chain(aliases).collect();
        encoded.extend(crate::par::map(word_rows, word_bytes));
        for k in compound_keys {
            // (An empty word list: every term owns bytes.)
            let mut b = Vec::new();
            write_word_list(&mut b, &[]);
            encoded.push((k, b));
        }
        for (k, list) in derived {
            let mut b = Vec::new();
            write_word_list(&mut b, &list);
            encoded.push((k, b));
        }
        encoded.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        debug_assert!(encoded.windows(2).all(|w| w[0].0 < w[1].0), "a term key of two kinds");
        let head = Segment {
            id: 0,
            first_doc,
            doc_count: doc - first_doc,
            title_total,
            body_total,
            sections,
            issues,
            term_shards: Vec::new(),
            doc_blocks: Vec::new(),
            key_pages: Vec::new(),
            terms: 0,
            bytes: 0,
        };
        write_segment(head, encoded, &stored)
    }
}

/// A compound candidate's key: its UTF-8 bytes padded with zeros, in 16 bytes (three or four
/// CJK characters, none of them a zero byte). A segment meets millions of candidates, most of
/// them once; this key holds them in half the bytes of a [`SmallBytes`].
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct CompoundKey([u8; 16]);

impl CompoundKey {
    /// The key of `compound`, if it fits (a compound is at most four characters of four bytes).
    fn new(compound: &str) -> Option<CompoundKey> {
        let mut key = [0u8; 16];
        key.get_mut(..compound.len())?.copy_from_slice(compound.as_bytes());
        Some(CompoundKey(key))
    }

    fn text(&self) -> &str {
        std::str::from_utf8(self.as_ref()).expect("a compound's key holds its UTF-8 bytes")
    }
}

impl AsRef<[u8]> for CompoundKey {
    fn as_ref(&self) -> &[u8] {
        &self.0[..self.0.iter().position(|&b| b == 0).unwrap_or(16)]
    }
}

impl From<&CompoundKey> for CompoundKey {
    fn from(key: &CompoundKey) -> Self {
        *key
    }
}

/// The text of a word key of a [`TermMap`] (its bytes came from a `&str`).
fn utf8(word: &SmallBytes) -> &str {
    std::str::from_utf8(word.as_slice()).expect("words are keyed by their UTF-8 bytes")
}

/// The builder's maps from terms to their postings: sixteen hash maps, a key's last byte picks
/// one. A map that grows copies its table; one map of every term held both copies at once (0.9 GB
/// of the 1.8 GB peak at 100,000 items), sixteen hold a sixteenth more.
struct TermMap<K, V> {
    maps: Vec<KeyMap<K, V>>,
}

impl<K, V> Default for TermMap<K, V> {
    fn default() -> Self {
        TermMap { maps: (0..16).map(|_| KeyMap::default()).collect() }
    }
}

impl<K: std::hash::Hash + Eq, V: Default> TermMap<K, V> {
    /// The map that holds `key`.
    fn slot<Q: AsRef<[u8]> + ?Sized>(&self, key: &Q) -> usize {
        key.as_ref().last().map_or(0, |&b| usize::from(b) % self.maps.len())
    }

    /// Changes the value of `key` with `f`, from the default on first use (the key is copied only
    /// then).
    fn update<Q>(&mut self, key: &Q, f: impl FnOnce(&mut V))
    where
        K: std::borrow::Borrow<Q> + for<'q> From<&'q Q>,
        Q: AsRef<[u8]> + std::hash::Hash + Eq + ?Sized,
    {
        let slot = self.slot(key);
        let map = &mut self.maps[slot];
        match map.get_mut(key) {
            Some(value) => f(value),
            None => {
                let mut value = V::default();
                f(&mut value);
                map.insert(K::from(key), value);
            }
        }
    }

    fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: std::borrow::Borrow<Q>,
        Q: AsRef<[u8]> + std::hash::Hash + Eq + ?Sized,
    {
        self.maps[self.slot(key)].contains_key(key)
    }

    fn len(&self) -> usize {
        self.maps.iter().map(HashMap::len).sum()
    }

    /// Every entry, in no order; each map's table is freed once its entries are moved out.
    fn into_vec(self) -> Vec<(K, V)> {
        let mut out = Vec::with_capacity(self.len());
        for map in self.maps {
            out.extend(map);
        }
        out
    }
}

/// Cuts a segment's sorted terms into term shards and its documents into doc blocks, names them
/// by the segment's id and fills in `head`'s files, counts and id.
fn write_segment(
    mut head: Segment,
    encoded: Vec<(Vec<u8>, Vec<u8>)>,
    stored: &[StoredDoc],
) -> (Segment, Vec<(String, Vec<u8>)>) {
    let first_doc = head.first_doc;
    let terms = encoded.len();

    // Containers first (tag 0); the segment's id hashes them all, then names and tags them.
    let postings_bytes: usize = encoded.iter().map(|(k, p)| k.len() + p.len()).sum();
    let shard_target = TERM_SHARD_TARGET.max(postings_bytes.div_ceil(MAX_TERM_SHARDS));
    // Terms in key order, cut where a shard reaches its target; each shard's first key is the
    // shortest that separates it from the shard before. The terms are written in place, and each
    // shard's terms freed once it is written (a copy of the list of every term was a tenth of the
    // peak at 100,000 items).
    let mut encoded = encoded;
    let mut ends = Vec::new();
    let mut bytes = 0;
    for (i, (k, p)) in encoded.iter().enumerate() {
        bytes += k.len() + p.len();
        if bytes >= shard_target || i + 1 == encoded.len() {
            ends.push(i + 1);
            bytes = 0;
        }
    }
    let mut groups: Vec<(Vec<u8>, &mut [Term])> = Vec::with_capacity(ends.len());
    let (mut rest, mut start) = (encoded.as_mut_slice(), 0);
    for end in ends {
        let (group, after) = std::mem::take(&mut rest).split_at_mut(end - start);
        let last = groups.last().and_then(|(_, terms)| terms.last()).map(|(k, _)| k.as_slice());
        let key = last.map_or_else(Vec::new, |last| separator(last, &group[0].0));
        groups.push((key, group));
        (rest, start) = (after, end);
    }
    let shards: Vec<(Vec<u8>, Vec<u8>)> = crate::par::map(groups, |(key, terms)| {
        let shard = TermShard::write(terms);
        terms.iter_mut().for_each(|term| *term = Term::default());
        (key, shard)
    });
    drop(encoded);

    // Documents per block: see MAX_DOC_BLOCKS.
    let per_block = stored.len().div_ceil(MAX_DOC_BLOCKS).max(1);
    let blocks: Vec<(u32, Vec<u8>)> = crate::par::map(stored.chunks(per_block).enumerate().collect(), |(i, docs)| {
        (first_doc + (i * per_block) as u32, DocBlock::write(docs))
    });

    // The keys of a segment of many shards go to key pages (the manifest keeps each page's first).
    let pages: Vec<Vec<u8>> = if format::page_count(shards.len()) > 0 {
        shards.chunks(format::PAGE_SHARDS).map(|page| KeyPage::write(page.iter().map(|(k, _)| k.as_slice()))).collect()
    } else {
        Vec::new()
    };
    let id = shards
        .iter()
        .map(|(_, b)| b)
        .chain(blocks.iter().map(|(_, b)| b))
        .chain(&pages)
        .fold(crate::bytes::crc64(&first_doc.to_le_bytes()), |crc, bytes| crate::bytes::crc64_extend(crc, bytes));
    let mut files = Vec::with_capacity(shards.len() + blocks.len());
    let mut named = |kind: FileKind, n: usize, mut bytes: Vec<u8>| {
        let r = FileRef::new(kind, id, n as u32);
        Container::set_tag(&mut bytes, r.tag());
        files.push((r.name(), bytes));
        r
    };
    let term_shards: Vec<(Vec<u8>, FileRef)> =
        shards.into_iter().enumerate().map(|(i, (key, bytes))| (key, named(FileKind::TermShard, i, bytes))).collect();
    let doc_blocks: Vec<(u32, FileRef)> = blocks
        .into_iter()
        .enumerate()
        .map(|(j, (first, bytes))| (first, named(FileKind::DocBlock, j, bytes)))
        .collect();
    let key_pages: Vec<FileRef> =
        pages.into_iter().enumerate().map(|(p, bytes)| named(FileKind::KeyPage, p, bytes)).collect();
    head.id = id;
    head.term_shards = term_shards;
    head.doc_blocks = doc_blocks;
    head.key_pages = key_pages;
    head.terms = terms;
    head.bytes = files.iter().map(|(_, b)| b.len()).sum();
    (head, files)
}

/// A term's key and its value's bytes, as a term shard holds them.
type Term = (Vec<u8>, Vec<u8>);

/// The builder's hash maps: keyed by term bytes, filled millions of times a build.
type KeyMap<K, V> = HashMap<K, V, BuildHasherDefault<KeyHasher>>;

/// FxHash's multiply-and-rotate over eight bytes at a time, with a final mix: the builder hashes
/// its own terms, so it needs no defence against chosen keys, and SipHash was a tenth of a
/// build's time.
#[derive(Default, Clone, Copy)]
struct KeyHasher(u64);

impl KeyHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            self.add(u64::from_le_bytes(word.try_into().expect("eight bytes")));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    /// The multiply leaves the high bits well mixed and the low ones poor, and the map picks a
    /// bucket by the low bits: without this last mix (murmur3's), the terms of 100,000 items
    /// collided into probe chains that made a build minutes slower.
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// The manifest of an index made of `segments` (consecutive, the first from doc 0; empty ones are
/// left out). Its build id is a hash of everything else it says.
pub fn assemble(segments: &[Segment]) -> Manifest {
    let segments: Vec<&Segment> = segments.iter().filter(|s| s.doc_count > 0).collect();
    let doc_count = segments.iter().map(|s| s.doc_count).sum::<u32>();
    let n = f64::from(doc_count.max(1));
    let mut manifest = Manifest {
        build_id: 0,
        doc_count,
        avg_title_len: (segments.iter().map(|s| s.title_total).sum::<u64>() as f64 / n) as f32,
        avg_body_len: (segments.iter().map(|s| s.body_total).sum::<u64>() as f64 / n) as f32,
        sections: segments.last().map_or_else(Vec::new, |s| s.sections.clone()),
        issues: segments.iter().flat_map(|s| s.issues.iter().cloned()).collect(),
        term_shards: segments.iter().flat_map(|s| s.term_shards.iter().cloned()).collect(),
        key_pages: Vec::new(),
        segments: segments
            .iter()
            .map(|s| SegmentRef { id: s.id, shards: s.term_shards.len() as u32, blocks: s.doc_blocks.len() as u32 })
            .collect(),
        doc_blocks: segments.iter().flat_map(|s| s.doc_blocks.iter().cloned()).collect(),
    };
    manifest.key_pages = KeyPage::of(&manifest.segments);
    manifest.key_pages.iter_mut().for_each(|p| p.loaded = true);
    let digest = Sha256::digest(manifest.to_bytes());
    let mut id = [0u8; 8];
    id.copy_from_slice(&digest[..8]);
    manifest.build_id = u64::from_le_bytes(id);
    manifest
}

/// The shortest key that separates two shards: a prefix of `first` (the next shard's first key)
/// greater than `last` (the previous shard's last key), so the manifest stores fewer bytes and
/// every key still falls in the shard whose range `[key, next key)` holds it. `last < first`.
fn separator(last: &[u8], first: &[u8]) -> Vec<u8> {
    let shared = last.iter().zip(first).take_while(|(a, b)| a == b).count();
    first[..(shared + 1).min(first.len())].to_vec()
}

/// The `p` and `i` terms of the pinyin words, which are the `w` terms (see [`crate::analysis`]).
fn pinyin_terms(word_postings: &[(Vec<u8>, PostingRows)]) -> BTreeMap<Vec<u8>, Vec<ListedWord>> {
    let vocabulary = word_postings.iter().filter_map(|(key, postings)| {
        let word = std::str::from_utf8(key.get(1..)?).ok()?.to_string();
        Some((word, postings.docs()))
    });
    let mut spelled: BTreeMap<Vec<u8>, Vec<ListedWord>> = BTreeMap::new();
    let mut initials: BTreeMap<String, Vec<ListedWord>> = BTreeMap::new();
    for (word, doc_count) in vocabulary {
        for s in pinyin_spellings(&word) {
            spelled.entry(pinyin_key(&s)).or_default().push(ListedWord { word: word.clone(), doc_count });
        }
        if let Some(i) = pinyin_initials(&word) {
            initials.entry(i).or_default().push(ListedWord { word, doc_count });
        }
    }
    // Initials stand for a word only where no other pinyin word shares them.
    spelled.extend(initials.into_iter().filter(|(_, l)| l.len() == 1).map(|(i, l)| (initials_key(&i), l)));
    for list in spelled.values_mut() {
        list.sort_by(|a, b| b.doc_count.cmp(&a.doc_count).then_with(|| a.word.cmp(&b.word)));
    }
    spelled
}

/// The `n` terms of the alias groups: for each name, the group's other names that occur in the
/// segment, with the documents holding each (most first). A name none of whose group's others
/// occur has no term: a query of it has nothing to add.
fn alias_terms(synonyms: &Synonyms, positional: &[(SmallBytes, PostingRows)]) -> BTreeMap<Vec<u8>, Vec<ListedWord>> {
    let mut out = BTreeMap::new();
    for group in synonyms.groups() {
        let counts: Vec<u32> = group.iter().map(|name| phrase_doc_count(name, positional)).collect();
        for (i, name) in group.iter().enumerate() {
            let mut others: Vec<ListedWord> = group
                .iter()
                .zip(&counts)
                .enumerate()
                .filter(|&(j, (_, &n))| j != i && n > 0)
                .map(|(_, (word, &doc_count))| ListedWord { word: word.clone(), doc_count })
                .collect();
            if !others.is_empty() {
                others.sort_by_key(|w| std::cmp::Reverse(w.doc_count));
                out.insert(alias_key(name), others);
            }
        }
    }
    out
}

/// How many documents hold `text` verbatim, found as a query finds it: its [`query_pieces`] at
/// their offsets in one field, over the segment's positional postings (ascending by key).
fn phrase_doc_count(text: &str, positional: &[(SmallBytes, PostingRows)]) -> u32 {
    let pieces = query_pieces(&units(text), false);
    // Each piece's postings by document: a prefix piece (a lone character) merges its terms.
    let mut lists: Vec<BTreeMap<u32, Vec<u32>>> = Vec::with_capacity(pieces.len());
    for piece in &pieces {
        let from = positional.partition_point(|(k, _)| k.as_slice() < piece.key.as_slice());
        let mut by_doc: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
        for (key, postings) in &positional[from..] {
            let key = key.as_slice();
            if !(key == piece.key.as_slice() || piece.prefix && key.starts_with(&piece.key)) {
                break;
            }
            for (doc, positions) in postings.positional() {
                by_doc.entry(doc).or_default().extend(positions);
            }
        }
        if by_doc.is_empty() {
            return 0;
        }
        by_doc.values_mut().for_each(|v| v.sort_unstable());
        lists.push(by_doc);
    }
    let Some((first, rest)) = lists.split_first() else { return 0 };
    let span = pieces.last().map_or(0, |p| p.offset);
    let found = first.iter().filter(|(doc, starts)| {
        let others: Option<Vec<&Vec<u32>>> = rest.iter().map(|l| l.get(doc)).collect();
        others.is_some_and(|others| {
            starts.iter().any(|&s| {
                (s < BODY_BASE) == (s + span < BODY_BASE)
                    && others.iter().zip(&pieces[1..]).all(|(ps, piece)| ps.binary_search(&(s + piece.offset)).is_ok())
            })
        })
    });
    found.count() as u32
}

/// The `s` lists: for each first character of the `w` words, the [`STARTS_WORDS`] of them in the
/// most documents (then in word order), so completing a one-character prefix reads one list
/// rather than the postings of every word that starts with it (at 100,000 generated items, the
/// words of `中` filled 117 term shards, 307 KB packed).
fn starts_lists(word_postings: &[(Vec<u8>, PostingRows)]) -> BTreeMap<Vec<u8>, Vec<ListedWord>> {
    let mut by_char: BTreeMap<char, Vec<ListedWord>> = BTreeMap::new();
    for (key, postings) in word_postings {
        let Some(word) = key.get(1..).and_then(|w| std::str::from_utf8(w).ok()) else { continue };
        if let Some(c) = word.chars().next() {
            by_char.entry(c).or_default().push(ListedWord { word: word.to_string(), doc_count: postings.docs() });
        }
    }
    by_char
        .into_iter()
        .map(|(c, mut list)| {
            list.sort_by(|a, b| b.doc_count.cmp(&a.doc_count).then_with(|| a.word.cmp(&b.word)));
            list.truncate(STARTS_WORDS);
            (starts_key(c), list)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_analyzed_issue_read_back_builds_the_same_index() {
        let export = include_bytes!("../bulletins/0431.txt");
        let issue = crate::parse_export(export, "0431.txt").unwrap();
        let mut direct = IndexBuilder::new();
        let analyzed = direct.analyze(&issue);
        let cached = AnalyzedIssue::from_bytes(&analyzed.to_bytes()).unwrap();
        direct.add_issue(issue, "0431.txt").unwrap();
        let mut from_cache = IndexBuilder::new();
        from_cache.add_analyzed(cached, "0431.txt").unwrap();
        assert!(from_cache.jieba.get().is_none(), "a cached issue needs no segmenter");
        assert_eq!(from_cache.build().files, direct.build().files);
    }

    #[test]
    fn separators_are_the_shortest_prefix_of_the_next_key_above_the_last() {
        assert_eq!(separator(b"g\xe5\xbe\xae\xe7\x9f\xad", b"g\xe5\xbe\xae\xe8\xbd\xaf"), b"g\xe5\xbe\xae\xe8");
        assert_eq!(separator(b"gab", b"gabc"), b"gabc");
        assert_eq!(separator(b"g", b"t"), b"t");
        proptest::proptest!(|(mut a: Vec<u8>, mut b: Vec<u8>)| {
            if a == b {
                b.push(0);
            }
            if a > b {
                std::mem::swap(&mut a, &mut b);
            }
            let s = separator(&a, &b);
            proptest::prop_assert!(a < s && s <= b && b.starts_with(&s));
        });
    }

    #[test]
    fn pinyin_spellings_put_the_first_reading_first() {
        assert_eq!(pinyin_spellings("微短剧"), vec!["weiduanju"]);
        assert_eq!(pinyin_spellings("曹淑敏")[0], "caoshumin");
        assert!(pinyin_spellings("行业").contains(&"hangye".to_string()));
        assert!(pinyin_spellings("重庆").contains(&"chongqing".to_string()));
        assert!(pinyin_spellings("绿色").contains(&"lvse".to_string()));
        assert!(pinyin_spellings("绿色").contains(&"luse".to_string()));
        assert!(pinyin_spellings("国家广播电视总局").len() <= MAX_PINYIN_READINGS);
        assert_eq!(pinyin_spellings("ひらがな"), Vec::<String>::new());
    }

    #[test]
    fn initials_of_the_first_reading() {
        assert_eq!(pinyin_initials("微短剧").as_deref(), Some("wdj"));
        assert_eq!(pinyin_initials("中国").as_deref(), Some("zg"));
        assert_eq!(pinyin_initials("ab"), None);
    }

    #[test]
    fn compounds_glue_what_the_segmenter_split_but_not_function_characters() {
        let b = IndexBuilder::new();
        assert!(b.compounds("国际微短剧大赛").contains(&"微短剧".to_string()));
        assert!(b.compounds("发展的方向").iter().all(|c| !c.contains('的')));
        assert!(b.compounds("中心，心等").iter().all(|c| c != "心心等" && c != "中心心"));
    }
}
