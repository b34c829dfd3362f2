//! The bulletin's data model: what the parser produces and the index stores.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar date (proleptic Gregorian), as printed in an issue header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    /// Year, e.g. 2024.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day of month, 1–31.
    pub day: u8,
}

impl Date {
    /// A date if `year`/`month`/`day` name a real calendar day.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || year == 0 {
            return None;
        }
        let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days_in_month = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        (day <= days_in_month).then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (for ordering, ranges and recency).
    pub fn days(self) -> i32 {
        // Howard Hinnant's days_from_civil.
        let y = i32::from(self.year) - i32::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i32::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i32::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let mut parts = s.split('-');
        let y = parts.next()?.parse().ok()?;
        let m = parts.next()?.parse().ok()?;
        let d = parts.next()?.parse().ok()?;
        if parts.next().is_some() {
            return None;
        }
        Date::new(y, m, d)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// One issue of the bulletin, as parsed from its text export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// The issue number (`第 431 期` → 431).
    pub number: u32,
    /// The publication date from the header.
    pub date: Date,
    /// The headlines of the `摘要` (summary) list, in order, as printed.
    pub summary: Vec<String>,
    /// The items, in document order.
    pub items: Vec<Item>,
}

/// One news item of an issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The issue number this item belongs to.
    pub issue: u32,
    /// The issue's date.
    pub date: Date,
    /// The section heading the item stands under (要闻, 行业, …).
    pub section: String,
    /// 1-based position of the item within its issue.
    pub ordinal: u32,
    /// The headline, as printed.
    pub headline: String,
    /// Body paragraphs, page breaks repaired; list lines inside a paragraph are joined with `\n`.
    pub body: Vec<String>,
    /// 1-based line of the headline in the export (for messages).
    pub line: usize,
}

impl Item {
    /// The stable identifier of an item: `<issue>-<ordinal>`, e.g. `431-5`.
    pub fn id(&self) -> String {
        format!("{}-{}", self.issue, self.ordinal)
    }

    /// The body as one text, paragraphs separated by blank lines.
    pub fn body_text(&self) -> String {
        self.body.join("\n\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_match_known_dates() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().days(), 0);
        assert_eq!(Date::new(2024, 9, 9).unwrap().days(), 19_975);
        assert_eq!(Date::new(2000, 3, 1).unwrap().days(), 11_017);
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(Date::new(2024, 13, 9).is_none());
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(2024, 2, 29).is_some());
        assert_eq!(Date::parse_iso("2024-09-09"), Date::new(2024, 9, 9));
        assert_eq!(Date::parse_iso("2024-9"), None);
    }
}
