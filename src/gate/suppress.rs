//! Suppressions: the `[[suppress]]` entries of `awscheck.toml`.
//!
//! An entry names a check (id or glob), a resource (ARN glob), a required
//! reason and an optional expiry date. A FAIL or ERROR finding that an
//! entry matches becomes MUTED: shown and counted, never gating. The first
//! matching entry (in file order) wins. PASS and SKIP findings are left
//! alone.
//!
//! An entry is in force through its `expires` date; from the day after, it
//! mutes nothing and is reported. An entry in force that muted nothing is
//! reported too (like an unused `noqa`), but only when its check ran: a
//! scan narrowed by `--checks`, `--service` or `--pack` does not call the
//! other entries unused.

use super::{Mark, Muted, Notice, NoticeKind};
use crate::selection::id_matches;
use awscheck_checks::arn::wildcard_match;
use awscheck_checks::{Check, Finding, Status};
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// A check id or a glob over ids.
    pub check: String,
    /// A glob over resource ARNs (`*` and `?`, as in IAM).
    pub resource: String,
    pub reason: String,
    /// The last day the entry is in force.
    pub expires: Option<NaiveDate>,
    /// Where the entry is declared: `awscheck.toml:12`.
    pub origin: String,
}

impl Suppression {
    pub fn expired(&self, today: NaiveDate) -> bool {
        self.expires.is_some_and(|last| last < today)
    }

    pub fn matches(&self, f: &Finding) -> bool {
        id_matches(&self.check, f.check_id) && wildcard_match(&self.resource, &f.resource_arn)
    }

    fn describe(&self) -> String {
        format!(
            "{}: suppression of {} on {}",
            self.origin, self.check, self.resource
        )
    }
}

/// Mutes the FAIL and ERROR findings that an entry in force matches
/// (setting `marks[i].muted`), and returns the notices: expired entries,
/// and entries in force that muted nothing although their check ran.
pub fn apply(
    suppressions: &[Suppression],
    today: NaiveDate,
    ran: &[&'static Check],
    findings: &mut [Finding],
    marks: &mut [Mark],
) -> Vec<Notice> {
    let mut used = vec![false; suppressions.len()];
    for (f, mark) in findings.iter_mut().zip(marks.iter_mut()) {
        if !matches!(f.status, Status::Fail | Status::Error) {
            continue;
        }
        let hit = suppressions
            .iter()
            .enumerate()
            .find(|(_, s)| !s.expired(today) && s.matches(f));
        if let Some((i, s)) = hit {
            used[i] = true;
            mark.muted = Some(Muted {
                was: f.status,
                reason: s.reason.clone(),
                origin: s.origin.clone(),
            });
            f.status = Status::Muted;
        }
    }
    let mut notices = Vec::new();
    for (s, used) in suppressions.iter().zip(used) {
        if let Some(last) = s.expires.filter(|_| s.expired(today)) {
            notices.push(Notice {
                kind: NoticeKind::SuppressionExpired,
                message: format!(
                    "{} expired on {last}: it no longer mutes, renew or remove it",
                    s.describe()
                ),
            });
        } else if !used && ran.iter().any(|c| id_matches(&s.check, c.id)) {
            notices.push(Notice {
                kind: NoticeKind::SuppressionUnused,
                message: format!(
                    "{} matched no FAIL or ERROR finding: remove it",
                    s.describe()
                ),
            });
        }
    }
    notices
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gate::test_finding as finding;
    use awscheck_checks::registry;

    fn entry(check: &str, resource: &str, expires: Option<&str>) -> Suppression {
        Suppression {
            check: check.into(),
            resource: resource.into(),
            reason: "accepted".into(),
            expires: expires.map(|d| d.parse().unwrap()),
            origin: "awscheck.toml:3".into(),
        }
    }

    fn today() -> NaiveDate {
        "2026-11-21".parse().unwrap()
    }

    fn run(entries: &[Suppression], findings: &mut [Finding]) -> (Vec<Mark>, Vec<Notice>) {
        let mut marks = vec![Mark::default(); findings.len()];
        let ran = [registry::find("s3-https-only").unwrap()];
        let notices = apply(entries, today(), &ran, findings, &mut marks);
        (marks, notices)
    }

    #[test]
    fn mutes_exactly_matching_fail_and_error_findings() {
        let mut findings = [
            finding("arn:aws:s3:::legacy-a", Status::Fail),
            finding("arn:aws:s3:::legacy-b", Status::Error),
            finding("arn:aws:s3:::legacy-c", Status::Pass),
            finding("arn:aws:s3:::other", Status::Fail),
        ];
        let (marks, notices) = run(
            &[entry("s3-*", "arn:aws:s3:::legacy-*", None)],
            &mut findings,
        );
        let statuses: Vec<Status> = findings.iter().map(|f| f.status).collect();
        assert_eq!(
            statuses,
            [Status::Muted, Status::Muted, Status::Pass, Status::Fail]
        );
        assert_eq!(marks[0].muted.as_ref().unwrap().was, Status::Fail);
        assert_eq!(marks[1].muted.as_ref().unwrap().was, Status::Error);
        assert!(marks[2].muted.is_none() && marks[3].muted.is_none());
        assert!(notices.is_empty(), "{notices:?}");
    }

    #[test]
    fn in_force_through_the_expiry_date() {
        let mut findings = [finding("arn:aws:s3:::b", Status::Fail)];
        let (_, notices) = run(
            &[entry("s3-https-only", "*", Some("2026-11-21"))],
            &mut findings,
        );
        assert_eq!(findings[0].status, Status::Muted);
        assert!(notices.is_empty());

        let mut findings = [finding("arn:aws:s3:::b", Status::Fail)];
        let (marks, notices) = run(
            &[entry("s3-https-only", "*", Some("2026-11-20"))],
            &mut findings,
        );
        assert_eq!(findings[0].status, Status::Fail);
        assert!(marks[0].muted.is_none());
        assert_eq!(notices.len(), 1);
        assert_eq!(notices[0].kind, NoticeKind::SuppressionExpired);
        assert_eq!(
            notices[0].message,
            "awscheck.toml:3: suppression of s3-https-only on * expired on 2026-11-20: it no longer mutes, renew or remove it"
        );
    }

    #[test]
    fn unused_entries_are_reported_only_when_their_check_ran() {
        let mut findings = [finding("arn:aws:s3:::b", Status::Fail)];
        let entries = [
            entry("s3-https-only", "arn:aws:s3:::gone", None),
            entry("dynamodb-*", "*", None),
        ];
        let (_, notices) = run(&entries, &mut findings);
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert_eq!(notices[0].kind, NoticeKind::SuppressionUnused);
        assert!(notices[0].message.contains("arn:aws:s3:::gone"));
    }

    #[test]
    fn first_matching_entry_wins() {
        let mut findings = [finding("arn:aws:s3:::b", Status::Fail)];
        let mut second = entry("s3-https-only", "*", None);
        second.origin = "awscheck.toml:9".into();
        let (marks, notices) = run(
            &[entry("s3-https-only", "arn:aws:s3:::b", None), second],
            &mut findings,
        );
        assert_eq!(marks[0].muted.as_ref().unwrap().origin, "awscheck.toml:3");
        assert_eq!(notices.len(), 1);
        assert!(notices[0].message.starts_with("awscheck.toml:9:"));
    }
}
