//! Baselines: the FAILs a CI job has already accepted, so that only new
//! failures gate.
//!
//! A baseline file is JSON, `{"format": 1, "entries": [{"check", "account",
//! "resource"}, ...]}`, sorted and without timestamps so that it diffs well
//! when committed. `--write-baseline FILE` records the current FAILs (every
//! severity; muted findings are the suppressions' business, not the
//! baseline's). `--baseline FILE` marks the FAILs it lists as baselined:
//! shown and counted, not gating.
//!
//! An entry is reported fixed when its check ran on its account and the
//! resource now passes (or is skipped), or is gone while the check reported
//! no ERROR on that account (an unreadable resource is not a fixed one).

use super::{Mark, Notice, NoticeKind};
use crate::located::{at, one_line};
use awscheck_checks::{Check, Finding, Status};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::Path;

/// The baseline file format this build reads and writes.
pub const FORMAT: u32 = 1;

/// One accepted FAIL.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub check: String,
    pub account: String,
    pub resource: String,
}

impl Entry {
    fn of(f: &Finding) -> Entry {
        Entry {
            check: f.check_id.to_string(),
            account: f.account_id.clone(),
            resource: f.resource_arn.clone(),
        }
    }

    fn is(&self, f: &Finding) -> bool {
        self.check == f.check_id && self.account == f.account_id && self.resource == f.resource_arn
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    format: u32,
    entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Baseline {
    /// The file, as the user named it (labels notices).
    pub name: String,
    pub entries: BTreeSet<Entry>,
}

impl Baseline {
    /// Reads the baseline at `path`; errors name the file (and line).
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let name = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("{name}: cannot read: {e}"))?;
        Baseline::parse(&name, &text)
    }

    pub fn parse(name: &str, text: &str) -> Result<Baseline, String> {
        let doc: Document = serde_json::from_str(text).map_err(|e| {
            let what = e.to_string().replace('`', "\"");
            let what = what.split(" at line ").next().unwrap_or(&what).to_string();
            let offset = offset_of(text, e.line(), e.column());
            at(
                name,
                text,
                offset,
                &format!("not an awscheck baseline: {what}"),
            )
        })?;
        if doc.format != FORMAT {
            return Err(format!(
                "{name}: unsupported baseline format {}, expected {FORMAT}",
                doc.format
            ));
        }
        Ok(Baseline {
            name: name.to_string(),
            entries: doc.entries.into_iter().collect(),
        })
    }

    /// The current FAILs of `findings`.
    pub fn of(name: &str, findings: &[Finding]) -> Baseline {
        Baseline {
            name: name.to_string(),
            entries: findings
                .iter()
                .filter(|f| f.status == Status::Fail)
                .map(Entry::of)
                .collect(),
        }
    }

    pub fn write(&self, path: &Path) -> Result<(), String> {
        let doc = Document {
            format: FORMAT,
            entries: self.entries.iter().cloned().collect(),
        };
        let mut json = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
        json.push('\n');
        std::fs::write(path, json).map_err(|e| {
            format!(
                "{}: cannot write: {}",
                path.display(),
                one_line(&e.to_string())
            )
        })
    }

    pub fn contains(&self, f: &Finding) -> bool {
        self.entries.contains(&Entry::of(f))
    }

    /// Marks the FAILs the baseline lists, and returns a notice per entry
    /// that is now fixed (see the module doc). `ran` and `accounts` say what
    /// this scan looked at: entries of other checks or accounts are left alone.
    pub fn apply(
        &self,
        findings: &[Finding],
        marks: &mut [Mark],
        ran: &[&'static Check],
        accounts: &[&str],
    ) -> Vec<Notice> {
        for (f, mark) in findings.iter().zip(marks.iter_mut()) {
            mark.baselined = f.status == Status::Fail && self.contains(f);
        }
        // The status a check gave, before any suppression muted it.
        let given = |i: usize| -> Status {
            marks[i]
                .muted
                .as_ref()
                .map(|m| m.was)
                .unwrap_or(findings[i].status)
        };
        let mut notices = Vec::new();
        for e in &self.entries {
            if !ran.iter().any(|c| c.id == e.check) || !accounts.contains(&e.account.as_str()) {
                continue;
            }
            let same: Vec<Status> = (0..findings.len())
                .filter(|&i| e.is(&findings[i]))
                .map(given)
                .collect();
            let fixed = if same.is_empty() {
                !(0..findings.len()).any(|i| {
                    findings[i].check_id == e.check
                        && findings[i].account_id == e.account
                        && given(i) == Status::Error
                })
            } else {
                same.iter()
                    .all(|s| matches!(s, Status::Pass | Status::Skip))
            };
            if fixed {
                notices.push(Notice {
                    kind: NoticeKind::BaselineFixed,
                    message: format!(
                        "{}: {} on {} (account {}) is fixed: refresh the baseline with --write-baseline",
                        self.name, e.check, e.resource, e.account
                    ),
                });
            }
        }
        notices
    }
}

/// The byte offset of a 1-based line and column (serde_json's position).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gate::test_finding as finding;
    use crate::gate::Muted;
    use awscheck_checks::registry;

    fn apply(base: &Baseline, findings: &[Finding]) -> (Vec<Mark>, Vec<String>) {
        let mut marks = vec![Mark::default(); findings.len()];
        let ran = [registry::find("s3-https-only").unwrap()];
        let notices = base.apply(findings, &mut marks, &ran, &["111122223333"]);
        (marks, notices.into_iter().map(|n| n.message).collect())
    }

    #[test]
    fn round_trips_sorted_current_failures() {
        let findings = [
            finding("arn:aws:s3:::z", Status::Fail),
            finding("arn:aws:s3:::a", Status::Fail),
            finding("arn:aws:s3:::p", Status::Pass),
            finding("arn:aws:s3:::m", Status::Muted),
        ];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.json");
        Baseline::of("b.json", &findings).write(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.find(":::a").unwrap() < text.find(":::z").unwrap());
        let back = Baseline::load(&path).unwrap();
        assert_eq!(back.entries.len(), 2);
        assert!(back.contains(&findings[0]) && !back.contains(&findings[2]));
    }

    #[test]
    fn errors_name_the_file_and_position() {
        let e = Baseline::parse(
            "b.json",
            "{\n  \"format\": 1,\n  \"entries\": [{\"check\": 1}]\n}",
        )
        .unwrap_err();
        assert!(
            e.starts_with("b.json:3:") && e.contains("invalid type: integer"),
            "{e}"
        );
        let e = Baseline::parse("b.json", r#"{"format": 2, "entries": []}"#).unwrap_err();
        assert_eq!(e, "b.json: unsupported baseline format 2, expected 1");
        let e = Baseline::parse("b.json", "[").unwrap_err();
        assert!(e.starts_with("b.json:1:"), "{e}");
        let e = Baseline::load(Path::new("/nonexistent/b.json")).unwrap_err();
        assert!(e.starts_with("/nonexistent/b.json: cannot read:"), "{e}");
    }

    #[test]
    fn marks_known_failures_and_reports_fixed_entries() {
        let base = Baseline::of(
            "b.json",
            &[
                finding("arn:aws:s3:::old", Status::Fail),
                finding("arn:aws:s3:::now-passing", Status::Fail),
                finding("arn:aws:s3:::gone", Status::Fail),
            ],
        );
        let findings = [
            finding("arn:aws:s3:::old", Status::Fail),
            finding("arn:aws:s3:::new", Status::Fail),
            finding("arn:aws:s3:::now-passing", Status::Pass),
        ];
        let (marks, notices) = apply(&base, &findings);
        assert_eq!(
            marks.iter().map(|m| m.baselined).collect::<Vec<_>>(),
            [true, false, false]
        );
        assert_eq!(notices.len(), 2, "{notices:?}");
        assert!(notices[0].contains("arn:aws:s3:::gone"));
        assert!(notices[1].starts_with(
            "b.json: s3-https-only on arn:aws:s3:::now-passing (account 111122223333) is fixed"
        ));
    }

    #[test]
    fn unreadable_or_muted_is_not_fixed() {
        let base = Baseline::of(
            "b.json",
            &[
                finding("arn:aws:s3:::gone", Status::Fail),
                finding("arn:aws:s3:::muted", Status::Fail),
            ],
        );
        let findings = [
            finding("arn:aws:s3:::other", Status::Error),
            finding("arn:aws:s3:::muted", Status::Muted),
        ];
        let mut marks = vec![Mark::default(); 2];
        marks[1].muted = Some(Muted {
            was: Status::Fail,
            reason: "r".into(),
            origin: "o".into(),
        });
        let ran = [registry::find("s3-https-only").unwrap()];
        let notices = base.apply(&findings, &mut marks, &ran, &["111122223333"]);
        assert!(notices.is_empty(), "{notices:?}");
        assert!(
            !marks[1].baselined,
            "a muted finding is not a baselined FAIL"
        );
        let other_account = base.apply(&[], &mut [], &ran, &["444455556666"]);
        assert!(other_account.is_empty());
    }
}
