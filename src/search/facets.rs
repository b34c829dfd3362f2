//! Filters and facets: whether a document passes the query's filters, and the counts of a
//! query's documents per section, issue and year.

use super::matching::count_below;
use super::{DocId, FacetCount, Index, MAX_FACET_VALUES};
use crate::analysis::fold_str;
use crate::format::IssueEntry;
use crate::model::Date;
use crate::order::{minor, sort_key, sorted_keys};
use crate::query::Query;

/// Which filter a facet ignores when it counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Facet {
    Section,
    Issue,
    Date,
}

impl Index {
    /// The query's filters, except the one a facet counting across its values ignores.
    pub(super) fn passes_filters(&self, doc: DocId, q: &Query, ignore: Option<Facet>) -> bool {
        if !q.has_filters() {
            return true;
        }
        let (Some(issue), Some(section)) = (self.manifest.issue_of(doc), self.manifest.section_of(doc)) else {
            return false;
        };
        self.passes_filters_in(issue, section, q, ignore)
    }

    /// [`Self::passes_filters`] for the documents of `section` in `issue`.
    fn passes_filters_in(&self, issue: &IssueEntry, section: u32, q: &Query, ignore: Option<Facet>) -> bool {
        if ignore != Some(Facet::Issue) && q.issues.is_some_and(|(lo, hi)| !(lo..=hi).contains(&issue.number)) {
            return false;
        }
        if ignore != Some(Facet::Date)
            && (q.date_from.is_some_and(|d| issue.date_days < d.days())
                || q.date_to.is_some_and(|d| issue.date_days > d.days()))
        {
            return false;
        }
        if ignore != Some(Facet::Section) {
            if let Some(wanted) = &q.section {
                let name = self.manifest.sections.get(section as usize);
                if name.is_none_or(|name| fold_str(name) != fold_str(wanted)) {
                    return false;
                }
            }
        }
        true
    }

    /// Counts of `docs` (ascending) per section, issue and year, each counting the documents
    /// that pass every filter but its own.
    pub(super) fn facets(&self, docs: &[DocId], q: &Query) -> [Vec<FacetCount>; 3] {
        // Documents per run of a section in an issue (issues are ascending doc ranges and their
        // runs tile them): the filters hold or fail for a whole run at once.
        let mut runs: Vec<(&IssueEntry, u32, usize)> = Vec::new();
        let mut rest = docs;
        while let Some(&first) = rest.first() {
            let Some(issue) = self.manifest.issue_of(first) else {
                rest = &rest[1..];
                continue;
            };
            let mut end = issue.first_doc;
            let before = rest.len();
            for &(section, n) in &issue.runs {
                end += n;
                let k = count_below(rest, end);
                if k > 0 {
                    runs.push((issue, section, k));
                    rest = &rest[k..];
                }
            }
            if rest.len() == before {
                rest = &rest[1..];
            }
        }
        [Facet::Section, Facet::Issue, Facet::Date].map(|facet| {
            // Counted by key, ascending: sections by id (then by count, below), issues and years
            // newest first (complemented; a year's sign bit flipped first so that it orders as a
            // u32); each key's text is made once, at the end.
            const SIGN: u32 = 1 << 31;
            let year_key = |year: i32| !(year as u32 ^ SIGN);
            let passing = runs.iter().filter(|r| self.passes_filters_in(r.0, r.1, q, Some(facet)));
            let mut counts: Vec<(u32, usize)> = Vec::new();
            if facet == Facet::Section {
                // A handful of sections: counted in place, by id.
                let mut by_id = vec![0; self.manifest.sections.len()];
                for &(_, section, n) in passing {
                    if let Some(count) = by_id.get_mut(section as usize) {
                        *count += n;
                    }
                }
                counts.extend(by_id.into_iter().enumerate().filter(|&(_, n)| n > 0).map(|(id, n)| (id as u32, n)));
            } else {
                // Adjacent runs of one issue (and of one year: issues are in doc order) add up
                // first, so the sort (see crate::order) has a key per issue or year, not one per
                // run (an issue has a run per section it holds).
                let mut keyed: Vec<(u32, usize)> = Vec::new();
                let mut last_issue = None;
                let mut key = 0;
                for &(issue, _, n) in passing {
                    if last_issue != Some(issue.first_doc) {
                        last_issue = Some(issue.first_doc);
                        key = match facet {
                            Facet::Issue => !issue.number,
                            _ => year_key(i32::from(Date::from_days(issue.date_days).year)),
                        };
                    }
                    add_count(&mut keyed, key, n);
                }
                for k in sorted_keys(keyed.iter().enumerate().map(|(i, &(key, _))| sort_key(key, i as u32))) {
                    add_count(&mut counts, (k >> 32) as u32, keyed[minor(k) as usize].1);
                }
            }
            // Issues and years come newest first: only the first few are made, and those the
            // query's own filter selects (its chips stay, with their counts).
            let selected = |key: u32| match facet {
                Facet::Section => true,
                Facet::Issue => q.issues.is_some_and(|(lo, hi)| (lo..=hi).contains(&!key)),
                Facet::Date => {
                    (q.date_from.is_some() || q.date_to.is_some())
                        && q.date_from.is_none_or(|d| year_key(i32::from(d.year)) >= key)
                        && q.date_to.is_none_or(|d| key >= year_key(i32::from(d.year)))
                }
            };
            let mut out: Vec<FacetCount> = counts
                .into_iter()
                .enumerate()
                .filter(|&(i, (key, _))| facet == Facet::Section || i < MAX_FACET_VALUES || selected(key))
                .filter_map(|(_, (key, count))| {
                    let value = match facet {
                        Facet::Section => self.manifest.sections.get(key as usize)?.clone(),
                        Facet::Issue => (!key).to_string(),
                        Facet::Date => ((!key ^ SIGN) as i32).to_string(),
                    };
                    Some(FacetCount { value, count })
                })
                .collect();
            if facet == Facet::Section {
                // Most documents first, then by name. A handful of sections: sorted by insertion
                // (a `sort_by` would add a copy of the sort code for this type).
                let before = |a: &FacetCount, b: &FacetCount| (b.count, &a.value) < (a.count, &b.value);
                for i in 1..out.len() {
                    let mut j = i;
                    while j > 0 && before(&out[j], &out[j - 1]) {
                        out.swap(j, j - 1);
                        j -= 1;
                    }
                }
                out.truncate(MAX_FACET_VALUES);
            }
            out
        })
    }
}

/// Adds `n` to the last count if it is `key`'s, else counts `key` anew: counting keys that come
/// grouped.
fn add_count(counts: &mut Vec<(u32, usize)>, key: u32, n: usize) {
    match counts.last_mut() {
        Some(last) if last.0 == key => last.1 += n,
        _ => counts.push((key, n)),
    }
}
