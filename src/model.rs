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

    /// The first date a [`Date`] holds, 0001-01-01.
    pub const MIN: Date = Date { year: 1, month: 1, day: 1 };
    /// The last date a [`Date`] holds, 65535-12-31.
    pub const MAX: Date = Date { year: u16::MAX, month: 12, day: 31 };

    /// The date `days` after 1970-01-01: the inverse of [`Date::days`] (Howard Hinnant's
    /// civil_from_days). A day number outside [`Date::MIN`]..=[`Date::MAX`] (only a damaged index
    /// holds one) gives the nearer of the two.
    pub fn from_days(days: i32) -> Date {
        let z = days.clamp(Date::MIN.days(), Date::MAX.days()) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i32::from(month <= 2);
        // In range after the clamp: years 1..=65535, months 1..=12, days 1..=31.
        Date { year: year as u16, month: month as u8, day: day as u8 }
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
    /// The stable identifier of an item: [`item_id`].
    pub fn id(&self) -> String {
        item_id(self.issue, self.ordinal)
    }

    /// The body as one text, paragraphs separated by blank lines.
    pub fn body_text(&self) -> String {
        self.body.join("\n\n")
    }
}

/// The stable identifier of item `ordinal` of issue `issue`: `<issue>-<ordinal>`, e.g. `431-5`
/// (a hit's `id`).
pub fn item_id(issue: u32, ordinal: u32) -> String {
    format!("{issue}-{ordinal}")
}

/// The file name of an issue's page, relative to the pages folder: `431.html`.
pub fn issue_page_name(issue: u32) -> String {
    format!("{issue}.html")
}

/// The anchor of item `ordinal` on its issue's page (its `<article id>`): `item-5`.
pub fn item_anchor(ordinal: u32) -> String {
    format!("item-{ordinal}")
}

/// Where a hit links, relative to the search page: the item's anchor on its issue's page in the
/// `issues/` folder, `issues/431.html#item-5`.
pub fn item_url(issue: u32, ordinal: u32) -> String {
    format!("issues/{}#{}", issue_page_name(issue), item_anchor(ordinal))
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
    fn from_days_inverts_days() {
        for (y, m, d) in [(1970, 1, 1), (2024, 9, 9), (2000, 2, 29), (2099, 12, 31)] {
            let date = Date::new(y, m, d).unwrap();
            assert_eq!(Date::from_days(date.days()), date);
            assert_eq!(Date::from_days(date.days()).to_string(), date.to_string());
        }
        for days in (Date::MIN.days()..=Date::MAX.days()).step_by(997) {
            assert_eq!(Date::from_days(days).days(), days);
        }
        assert_eq!(Date::from_days(i32::MIN), Date::MIN);
        assert_eq!(Date::from_days(i32::MAX), Date::MAX);
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
