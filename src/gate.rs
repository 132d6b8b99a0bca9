//! The gate: turns findings into the exit code.
//!
//! Exit 1 when any FAIL is at or above `--fail-on` (default high); ERROR
//! findings count too only under `--strict`. MUTED findings (see
//! [`suppress`]) never gate, and neither do FAILs recorded in the baseline
//! (see [`baseline`]).

use awscheck_checks::{Finding, Severity, Status};
use serde::Serialize;

pub mod baseline;
pub mod suppress;

/// What the gate's inputs say about one finding beyond its status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mark {
    /// The suppression that muted the finding (its status is then `Muted`).
    pub muted: Option<Muted>,
    /// A FAIL recorded in the baseline: shown and counted, not gating.
    pub baselined: bool,
}

/// Why a finding is muted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Muted {
    /// The status the check gave (FAIL or ERROR).
    pub was: Status,
    /// The suppression's reason.
    pub reason: String,
    /// Where the suppression is declared: `awscheck.toml:12`.
    pub origin: String,
}

/// Something the user should act on that is not a finding: an expired or
/// unused suppression, a baseline entry that is now fixed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    pub kind: NoticeKind,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoticeKind {
    SuppressionExpired,
    SuppressionUnused,
    BaselineFixed,
    BaselineWritten,
}

impl NoticeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::SuppressionExpired => "suppression-expired",
            NoticeKind::SuppressionUnused => "suppression-unused",
            NoticeKind::BaselineFixed => "baseline-fixed",
            NoticeKind::BaselineWritten => "baseline-written",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gate {
    pub fail_on: Severity,
    pub strict: bool,
}

impl Default for Gate {
    fn default() -> Self {
        Gate {
            fail_on: Severity::High,
            strict: false,
        }
    }
}

/// What the gate decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub gate: Gate,
    /// FAIL findings at or above the threshold.
    pub gating_failures: usize,
    /// ERROR findings at or above the threshold (gating only when strict).
    pub gating_errors: usize,
    /// FAIL findings at or above the threshold that the baseline accepts.
    pub baselined: usize,
}

impl Gate {
    /// True when this finding fails the gate (ignoring the baseline).
    pub fn gates(&self, f: &Finding) -> bool {
        f.severity >= self.fail_on
            && (f.status == Status::Fail || (self.strict && f.status == Status::Error))
    }

    pub fn evaluate(&self, findings: &[Finding]) -> Outcome {
        self.evaluate_marked(findings, &[])
    }

    /// Like [`Gate::evaluate`], with `marks[i]` for `findings[i]` (missing
    /// marks are default): baselined FAILs are counted apart and do not gate.
    pub fn evaluate_marked(&self, findings: &[Finding], marks: &[Mark]) -> Outcome {
        let baselined = |i: usize| marks.get(i).is_some_and(|m| m.baselined);
        let mut outcome = Outcome {
            gate: *self,
            gating_failures: 0,
            gating_errors: 0,
            baselined: 0,
        };
        for (i, f) in findings.iter().enumerate() {
            if f.severity < self.fail_on {
                continue;
            }
            match f.status {
                Status::Fail if baselined(i) => outcome.baselined += 1,
                Status::Fail => outcome.gating_failures += 1,
                Status::Error => outcome.gating_errors += 1,
                _ => {}
            }
        }
        outcome
    }
}

impl Outcome {
    pub fn failed(&self) -> bool {
        self.gating_failures > 0 || (self.gate.strict && self.gating_errors > 0)
    }

    pub fn exit_code(&self) -> i32 {
        i32::from(self.failed())
    }

    /// One line: `FAILED: 3 failures at or above high (--fail-on high)`.
    pub fn verdict(&self) -> String {
        let level = self.gate.fail_on;
        let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        if self.failed() {
            let mut parts = vec![];
            if self.gating_failures > 0 {
                let what = if self.baselined > 0 {
                    "new failure"
                } else {
                    "failure"
                };
                parts.push(plural(self.gating_failures, what));
            }
            if self.gate.strict && self.gating_errors > 0 {
                parts.push(plural(self.gating_errors, "error"));
            }
            let strict = if self.gate.strict { " --strict" } else { "" };
            let mut s = format!(
                "FAILED: {} at or above {level} (--fail-on {level}{strict})",
                parts.join(" and ")
            );
            self.push_baselined(&mut s);
            s
        } else {
            let new = if self.baselined > 0 { "new " } else { "" };
            let mut s = format!("PASSED: no {new}failures at or above {level} (--fail-on {level})");
            self.push_baselined(&mut s);
            if self.gating_errors > 0 {
                s.push_str(&format!(
                    "; {} could not be evaluated (use --strict to gate on errors)",
                    plural(self.gating_errors, "finding")
                ));
            }
            s
        }
    }

    fn push_baselined(&self, s: &mut String) {
        match self.baselined {
            0 => {}
            1 => s.push_str("; 1 failure in the baseline does not gate"),
            n => s.push_str(&format!("; {n} failures in the baseline do not gate")),
        }
    }
}

/// A high-severity `s3-https-only` finding in account 111122223333, for tests.
#[cfg(test)]
pub(crate) fn test_finding(arn: &str, status: Status) -> Finding {
    Finding {
        check_id: "s3-https-only",
        resource_arn: arn.into(),
        region: "us-east-1".into(),
        account_id: "111122223333".into(),
        status,
        severity: Severity::High,
        reason: "no bucket policy".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(status: Status, severity: Severity) -> Finding {
        Finding {
            severity,
            ..test_finding("arn", status)
        }
    }

    #[test]
    fn threshold_and_strict() {
        let gate = Gate::default();
        assert!(!gate.evaluate(&[f(Status::Fail, Severity::Medium)]).failed());
        assert!(gate.evaluate(&[f(Status::Fail, Severity::High)]).failed());
        assert!(gate
            .evaluate(&[f(Status::Fail, Severity::Critical)])
            .failed());
        assert!(!gate
            .evaluate(&[f(Status::Error, Severity::Critical)])
            .failed());
        assert!(!gate
            .evaluate(&[f(Status::Muted, Severity::Critical)])
            .failed());
        let strict = Gate {
            strict: true,
            ..gate
        };
        assert!(strict
            .evaluate(&[f(Status::Error, Severity::Critical)])
            .failed());
        let low = Gate {
            fail_on: Severity::Low,
            strict: false,
        };
        assert_eq!(
            low.evaluate(&[f(Status::Fail, Severity::Low)]).exit_code(),
            1
        );
        assert_eq!(
            low.evaluate(&[f(Status::Fail, Severity::Info)]).exit_code(),
            0
        );
    }

    #[test]
    fn verdict_lines() {
        let out = Gate::default().evaluate(&[
            f(Status::Fail, Severity::High),
            f(Status::Error, Severity::High),
        ]);
        assert_eq!(
            out.verdict(),
            "FAILED: 1 failure at or above high (--fail-on high)"
        );
        let out = Gate::default().evaluate(&[f(Status::Error, Severity::High)]);
        assert_eq!(out.verdict(), "PASSED: no failures at or above high (--fail-on high); 1 finding could not be evaluated (use --strict to gate on errors)");
    }

    #[test]
    fn baselined_failures_do_not_gate() {
        let findings = [
            f(Status::Fail, Severity::High),
            f(Status::Fail, Severity::High),
        ];
        let old = Mark {
            baselined: true,
            ..Mark::default()
        };
        let out = Gate::default().evaluate_marked(&findings, &[old.clone(), old.clone()]);
        assert_eq!(out.exit_code(), 0);
        assert_eq!(
            out.verdict(),
            "PASSED: no new failures at or above high (--fail-on high); 2 failures in the baseline do not gate"
        );
        let out = Gate::default().evaluate_marked(&findings, &[old]);
        assert_eq!(out.exit_code(), 1);
        assert_eq!(
            out.verdict(),
            "FAILED: 1 new failure at or above high (--fail-on high); 1 failure in the baseline does not gate"
        );
    }
}
