//! Partial matches: when no item holds every word of a query, the items that hold all of them but
//! one, offered apart from the results and naming the word each lacks (never mixed into the
//! ranked results, never counted in the total).

use super::parts::Part;
use super::{DocId, Index};
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
        // Per document: how many parts it holds, and the sum of their indices (so the one part
        // a document of `parts.len() - 1` lacks is the total's remainder).
        let mut held = vec![(0u16, 0u32); self.manifest.doc_count as usize];
        for (pi, part) in parts.iter().enumerate() {
            for &d in &part.matches.docs {
                if let Some(h) = held.get_mut(d as usize) {
                    h.0 = h.0.saturating_add(1);
                    h.1 += pi as u32;
                }
            }
        }
        let all: u32 = (0..parts.len() as u32).sum();
        let n = self.manifest.doc_count as f32;
        let idfs: Vec<f32> = parts.iter().map(|p| super::score::idf(n, p.matches.len() as f32)).collect();
        let mut found: Vec<(f32, DocId, usize)> = held
            .iter()
            .enumerate()
            .filter(|(_, h)| usize::from(h.0) + 1 == parts.len())
            .map(|(d, h)| (d as DocId, (all - h.1) as usize))
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
