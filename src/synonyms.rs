//! Other names: the publisher's list of alias groups (`bulletins/synonyms.txt`).
//!
//! A visitor types 广电总局 where the bulletin writes 国家广播电视总局, ByteDance where it writes
//! 字节跳动. The list names the bodies that go by several names, a group per line:
//!
//! ```text
//! # regulators
//! 国家广播电视总局 = 广电总局 = NRTA
//! 字节跳动 = ByteDance
//! ```
//!
//! Names are separated by `=`; spaces around them are ignored, `#` starts a comment. Names are
//! compared folded as the analyzer folds text ([`crate::analysis::fold_str`]: case, width,
//! traditional characters, spaces), so a name stands for all its spellings, and a name may
//! belong to one group only. The builder compiles the list into the index as `n` terms (see
//! [`crate::analysis`]): the key of each name, with the group's other names that occur in the
//! segment as its value. A query word that is a name then also searches those names (see
//! [`crate::search`]).

use crate::analysis::{fold_str, units, UnitKind};
use crate::error::{Error, Result};

/// The alias groups of a synonyms file, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Synonyms {
    groups: Vec<Vec<String>>,
}

impl Synonyms {
    /// Parses and validates a synonyms file. `file` names it in errors, which carry the 1-based
    /// line: bytes that are not UTF-8, a group of fewer than two names, an empty name, a name of
    /// one character (it would stand for every word containing it), a name that nothing in it
    /// can match (punctuation only), and a name already in another group (or twice in one).
    pub fn parse(file: &str, bytes: &[u8]) -> Result<Synonyms> {
        let error = |line: usize, message: String| Error::Parse { file: file.to_string(), line, message };
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let line = 1 + bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count();
                return Err(error(line, "not UTF-8 text: save the file as UTF-8".into()));
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut groups: Vec<Vec<String>> = Vec::new();
        // Each folded name with the line that gave it, to name both lines of a duplicate.
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let content = raw.split('#').next().unwrap_or("").trim();
            if content.is_empty() {
                continue;
            }
            let names: Vec<&str> = content.split('=').map(str::trim).collect();
            if names.len() < 2 {
                return Err(error(line, format!("a group needs two or more names separated by '=': {content}")));
            }
            let mut group = Vec::with_capacity(names.len());
            for name in names {
                if name.is_empty() {
                    return Err(error(line, "an empty name (two '=' in a row, or one at an end)".into()));
                }
                let u = units(name);
                if u.is_empty() {
                    return Err(error(line, format!("the name '{name}' has no letters, digits or characters")));
                }
                if let [one] = u.as_slice() {
                    if matches!(one.kind, UnitKind::Cjk(_)) {
                        return Err(error(line, format!("the name '{name}' is one character: too short to be a name")));
                    }
                }
                let folded = fold_str(name);
                if let Some(&first) = seen.get(&folded) {
                    let where_ =
                        if first == line { "earlier on this line".to_string() } else { format!("on line {first}") };
                    return Err(error(line, format!("the name '{name}' is already in a group {where_}")));
                }
                seen.insert(folded, line);
                group.push(name.to_string());
            }
            groups.push(group);
        }
        Ok(Synonyms { groups })
    }

    /// The groups, each its names as written, in file order.
    pub fn groups(&self) -> &[Vec<String>] {
        &self.groups
    }

    /// Number of groups.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// True when there are no groups.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// A stable digest of the groups (names and order), for cache keys of what they went into.
    pub fn digest(&self) -> u64 {
        let mut bytes = Vec::new();
        for g in &self.groups {
            for name in g {
                bytes.extend_from_slice(name.as_bytes());
                bytes.push(0);
            }
            bytes.push(1);
        }
        crate::bytes::crc64(&bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> (usize, String) {
        match Synonyms::parse("synonyms.txt", text.as_bytes()) {
            Err(Error::Parse { line, message, .. }) => (line, message),
            other => panic!("expected a parse error, got {other:?}"),
        }
    }

    #[test]
    fn groups_are_read_with_comments_blank_lines_and_spaces() {
        let s = Synonyms::parse(
            "s",
            "\u{feff}# heading\n\n国家广播电视总局 = 广电总局=NRTA  # trailing\r\n字节跳动=ByteDance\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(
            s.groups(),
            &[
                vec!["国家广播电视总局".to_string(), "广电总局".into(), "NRTA".into()],
                vec!["字节跳动".into(), "ByteDance".into()]
            ]
        );
    }

    #[test]
    fn a_name_in_two_groups_names_both_lines() {
        let (line, message) = err("甲乙 = AB\n# x\n丙丁 = ab\n");
        assert_eq!(line, 3);
        assert!(message.contains("line 1"), "{message}");
        // Folding makes traditional and simplified one name.
        assert_eq!(err("广电总局 = 甲乙\n廣電總局 = 丙丁\n").0, 2);
        assert_eq!(err("腾讯 = Tencent = TENCENT\n").0, 1);
    }

    #[test]
    fn bad_groups_and_names_are_errors_with_their_line() {
        assert_eq!(err("甲乙 = 丙丁\n只有一个\n").0, 2);
        assert_eq!(err("甲乙 == 丙丁\n").0, 1);
        assert_eq!(err("甲乙 = 丙丁 =\n").0, 1);
        assert_eq!(err("\n甲 = 乙丙\n").0, 2);
        assert_eq!(err("甲乙 = ---\n").0, 1);
    }

    #[test]
    fn bytes_that_are_not_utf8_name_their_line() {
        let mut bytes = "甲乙 = 丙丁\n".as_bytes().to_vec();
        bytes.extend_from_slice(b"ab = \xff\xfe\n");
        match Synonyms::parse("s", &bytes) {
            Err(Error::Parse { line: 2, message, .. }) => assert!(message.contains("UTF-8")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_digest_follows_the_names() {
        let a = Synonyms::parse("s", "甲乙 = 丙丁\n".as_bytes()).unwrap();
        let b = Synonyms::parse("s", "甲乙 = 丙丁 = 戊己\n".as_bytes()).unwrap();
        assert_ne!(a.digest(), b.digest());
        assert_eq!(a.digest(), Synonyms::parse("s", "# c\n甲乙=丙丁\n".as_bytes()).unwrap().digest());
    }
}
