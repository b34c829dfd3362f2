//! Partial matches: when no item holds every word of a query, the items that hold all of them but
//! one, offered apart from the results and naming the word each lacks (never mixed into the
//! ranked results, never counted in the total).

use super::parts::Part;
use super::{DocId, Index};
use crate::order::{minor, sort_key, sorted_keys};
use crate::query::Query;

impl Index {
    /// The best `limit` documents that hold every part but one, that one a word (a character
    /// that only counts beside its neighbours is never left out), within the filters and not
    /// excluded: (score, document, the part it lacks), best first. Scored as the full results
    /// are, without proximity. Nothing for a query of fewer than two parts.
    pub(super) fn partial_page(
        &self,
        parts: &[Part],
        excluded: &[DocId],
        q: &Query,
        limit: usize,
    ) -> Vec<(f32, DocId, usize)> {
        if parts.len() < 2 || limit == 0 {
            return Vec::new();
        }
        // Every (document, part) pair, by document: a document of `parts.len() - 1` pairs lacks
        // one part. (Sorted keys rather than a table of every document: a query of common words
        // at 100,000 items holds tens of thousands of pairs, not a hundred thousand documents.)
        let pairs = sorted_keys(
            parts.iter().enumerate().flat_map(|(pi, p)| p.matches.docs.iter().map(move |&d| sort_key(d, pi as u32))),
        );
        let mut lacking: Vec<(DocId, usize)> = Vec::new();
        for same_doc in pairs.chunk_by(|a, b| a >> 32 == b >> 32) {
            if same_doc.len() + 1 == parts.len() {
                // The one part index missing from an ascending run of the others.
                let missing = same_doc
                    .iter()
                    .enumerate()
                    .find(|&(i, &k)| minor(k) as usize != i)
                    .map_or(same_doc.len(), |(i, _)| i);
                lacking.push(((same_doc[0] >> 32) as DocId, missing));
            }
        }
        let n = self.manifest.doc_count as f32;
        let idfs: Vec<f32> = parts.iter().map(|p| super::score::idf(n, p.matches.len() as f32)).collect();
        let mut found: Vec<(f32, DocId, usize)> = lacking
            .into_iter()
            .filter(|&(d, missing)| parts[missing].word && excluded.binary_search(&d).is_err())
            .filter(|&(d, _)| self.passes_filters(d, q, None))
            .map(|(d, missing)| {
                let score = parts
                    .iter()
                    .zip(&idfs)
                    .filter_map(|(p, &idf)| {
                        let i = p.matches.docs.binary_search(&d).ok()?;
                        Some(self.group_score(p.matches.at(i), idf, p.whole.binary_search(&d).is_ok()))
                    })
                    .sum();
                (score, d, missing)
            })
            .collect();
        // Best first, then the later document (as the full results); a handful at most is kept.
        let better = |a: &(f32, DocId, usize), b: &(f32, DocId, usize)| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1));
        let mut out = Vec::with_capacity(limit.min(found.len()));
        while out.len() < limit {
            let Some(best) = (0..found.len()).min_by(|&i, &j| better(&found[i], &found[j])) else { break };
            out.push(found.swap_remove(best));
        }
        out
    }
}
