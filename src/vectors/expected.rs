//! Expected failures: the vectors a suite records that this engine is known
//! to fail under the spec profile, each with the reason.
//!
//! A transcribed suite says what its tests expect; where a test disagrees
//! with the Fetch Standard text, the engine follows the spec and the vector
//! is listed here with the reasoning. The list is checked both ways: a
//! listed vector that passes is an error too, so the list cannot go stale.
//!
//! # Format
//!
//! Plain text. An entry starts at column 0 with `FILE :: VECTOR` (the vector
//! file's name, as in its directory, and the vector's exact name); the
//! indented lines after it are the reason, which must not be empty. Lines
//! starting with `#` at column 0 are comments; blank lines are ignored.
//!
//! ```text
//! # Max-Age
//! cors-preflight-cache.json :: age = -1, should not be cached
//!     `-1` is not a delta-seconds, so the spec falls back to 5 seconds.
//! ```

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;

use super::replay::VectorResult;

/// One listed vector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedFailure {
    /// The vector file's name.
    pub file: String,
    /// The vector's name.
    pub vector: String,
    /// Why the engine fails it, from the spec text.
    pub reason: String,
    /// Line of the entry in the list (1-based), for messages.
    pub line: usize,
}

/// Why an expected-failures list was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExpectedFailuresError {
    /// A line at column 0 that is neither a comment nor `FILE :: VECTOR`.
    #[error("line {line}: expected `FILE :: VECTOR`, found `{text}`")]
    Malformed {
        /// The line number.
        line: usize,
        /// The line.
        text: String,
    },
    /// An indented line before any entry.
    #[error("line {line}: a reason line before any entry")]
    OrphanReason {
        /// The line number.
        line: usize,
    },
    /// An entry without reason lines.
    #[error("line {line}: `{file} :: {vector}` has no reason")]
    NoReason {
        /// The line number.
        line: usize,
        /// The file.
        file: String,
        /// The vector.
        vector: String,
    },
    /// The same vector listed twice.
    #[error("line {line}: `{file} :: {vector}` is listed twice")]
    Duplicate {
        /// The line number of the second entry.
        line: usize,
        /// The file.
        file: String,
        /// The vector.
        vector: String,
    },
}

/// A parsed expected-failures list.
///
/// ```
/// use fetch_cors::vectors::ExpectedFailures;
/// let list = ExpectedFailures::parse(
///     "# one entry\nsuite.json :: age = -1\n    -1 is not delta-seconds; the default applies.\n",
/// ).unwrap();
/// assert_eq!(list.len(), 1);
/// assert!(list.get("suite.json", "age = -1").is_some());
/// assert!(ExpectedFailures::parse("suite.json :: no reason\n").is_err());
/// ```
#[derive(Clone, Debug, Default)]
pub struct ExpectedFailures {
    entries: Vec<ExpectedFailure>,
    index: HashMap<(String, String), usize>,
}

impl ExpectedFailures {
    /// Parses the list's text.
    pub fn parse(text: &str) -> Result<Self, ExpectedFailuresError> {
        let mut list = ExpectedFailures::default();
        let mut reason: Vec<&str> = Vec::new();
        let mut open: Option<(usize, String, String)> = None;
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            if raw.trim().is_empty() || raw.starts_with('#') {
                continue;
            }
            if raw.starts_with([' ', '\t']) {
                if open.is_none() {
                    return Err(ExpectedFailuresError::OrphanReason { line });
                }
                reason.push(raw.trim());
                continue;
            }
            if let Some(entry) = open.take() {
                list.push(entry, &reason)?;
                reason.clear();
            }
            let (file, vector) = raw
                .split_once(" :: ")
                .map(|(f, v)| (f.trim(), v.trim_end()))
                .filter(|(f, v)| !f.is_empty() && !v.is_empty())
                .ok_or_else(|| ExpectedFailuresError::Malformed {
                    line,
                    text: raw.to_string(),
                })?;
            open = Some((line, file.to_string(), vector.to_string()));
        }
        if let Some(entry) = open {
            list.push(entry, &reason)?;
        }
        Ok(list)
    }

    fn push(
        &mut self,
        (line, file, vector): (usize, String, String),
        reason: &[&str],
    ) -> Result<(), ExpectedFailuresError> {
        if reason.is_empty() {
            return Err(ExpectedFailuresError::NoReason { line, file, vector });
        }
        let key = (file.clone(), vector.clone());
        if self.index.contains_key(&key) {
            return Err(ExpectedFailuresError::Duplicate { line, file, vector });
        }
        self.index.insert(key, self.entries.len());
        self.entries.push(ExpectedFailure {
            file,
            vector,
            reason: reason.join(" "),
            line,
        });
        Ok(())
    }

    /// The entry for a vector, if listed.
    pub fn get(&self, file: &str, vector: &str) -> Option<&ExpectedFailure> {
        // Lists are short and looked up once per vector: an owned key is fine.
        self.index
            .get(&(file.to_string(), vector.to_string()))
            .map(|&i| &self.entries[i])
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries, in list order.
    pub fn iter(&self) -> impl Iterator<Item = &ExpectedFailure> {
        self.entries.iter()
    }

    /// Judges one file's results against the list. `file` is the vector
    /// file's name as the list spells it.
    pub fn judge(&self, file: &str, results: &[VectorResult]) -> Vec<Verdict> {
        results
            .iter()
            .map(|r| match (r.passed(), self.get(file, &r.name).is_some()) {
                (true, false) => Verdict::Pass,
                (false, false) => Verdict::Fail,
                (false, true) => Verdict::ExpectedFailure,
                (true, true) => Verdict::UnexpectedPass,
            })
            .collect()
    }

    /// Entries that name no replayed vector: a stale list. `replayed` is
    /// each replayed file's name with its results. With `complete`, every
    /// file the list names must have been replayed (the list belongs to the
    /// replayed directory); otherwise entries for other files are skipped.
    pub fn stale<'a>(
        &'a self,
        replayed: &[(&str, &[VectorResult])],
        complete: bool,
    ) -> Vec<&'a ExpectedFailure> {
        self.entries
            .iter()
            .filter(
                |e| match replayed.iter().find(|(file, _)| *file == e.file) {
                    Some((_, results)) => !results.iter().any(|r| r.name == e.vector),
                    None => complete,
                },
            )
            .collect()
    }
}

/// A vector's result read against an expected-failures list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Passed, not listed.
    Pass,
    /// Failed, not listed: a regression or a new disagreement.
    Fail,
    /// Failed and listed.
    ExpectedFailure,
    /// Listed but passed: the list is stale.
    UnexpectedPass,
}

impl Verdict {
    /// Whether this verdict fails a run.
    pub fn is_bad(self) -> bool {
        matches!(self, Verdict::Fail | Verdict::UnexpectedPass)
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "FAIL",
            Verdict::ExpectedFailure => "expected failure",
            Verdict::UnexpectedPass => "UNEXPECTED PASS",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vectors::Mismatch;

    fn result(name: &str, passed: bool) -> VectorResult {
        VectorResult {
            name: name.into(),
            mismatch: (!passed).then(|| Mismatch {
                fetch: 0,
                difference: "x".into(),
            }),
        }
    }

    #[test]
    fn entries_take_their_indented_lines_as_reason() {
        let list = ExpectedFailures::parse(
            "# c\n\na.json :: v 1\n  first\n\tsecond\n\nb.json :: w :: x\n  r\n",
        )
        .unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list.get("a.json", "v 1").unwrap().reason, "first second");
        // Only the first ` :: ` separates: vector names may contain it.
        assert_eq!(list.get("b.json", "w :: x").unwrap().line, 7);
    }

    #[test]
    fn malformed_lists_are_refused_with_the_line() {
        use ExpectedFailuresError::*;
        let err = |t: &str| ExpectedFailures::parse(t).unwrap_err();
        assert!(matches!(err("a.json v\n  r\n"), Malformed { line: 1, .. }));
        assert!(matches!(err("  r\n"), OrphanReason { line: 1 }));
        assert!(matches!(
            err("a.json :: v\nb.json :: w\n  r\n"),
            NoReason { line: 1, .. }
        ));
        assert!(matches!(
            err("a.json :: v\n  r\na.json :: v\n  r\n"),
            Duplicate { line: 3, .. }
        ));
    }

    #[test]
    fn verdicts_cover_all_four_cases_and_stale_entries() {
        let list =
            ExpectedFailures::parse("f.json :: b\n  r\nf.json :: d\n  r\nf.json :: gone\n  r\n")
                .unwrap();
        let results = [
            result("a", true),
            result("b", true),
            result("c", false),
            result("d", false),
        ];
        assert_eq!(
            list.judge("f.json", &results),
            [
                Verdict::Pass,
                Verdict::UnexpectedPass,
                Verdict::Fail,
                Verdict::ExpectedFailure
            ]
        );
        let replayed = [("f.json", &results[..])];
        let stale: Vec<_> = list
            .stale(&replayed, false)
            .iter()
            .map(|e| &e.vector)
            .collect();
        assert_eq!(stale, ["gone"]);
        // Entries for a file that was not replayed count only when the list
        // belongs to the replayed directory.
        let other = ExpectedFailures::parse("g.json :: v\n  r\n").unwrap();
        assert!(other.stale(&replayed, false).is_empty());
        assert_eq!(other.stale(&replayed, true).len(), 1);
        assert_eq!(list.judge("other.json", &results)[1], Verdict::Pass);
    }
}
