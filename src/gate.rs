//! The gate: turns findings into the exit code.
//!
//! Exit 1 when any FAIL is at or above `--fail-on` (default high); ERROR
//! findings count too only under `--strict`. MUTED findings never gate.

use awscheck_checks::{Finding, Severity, Status};

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
}

impl Gate {
    /// True when this finding fails the gate.
    pub fn gates(&self, f: &Finding) -> bool {
        f.severity >= self.fail_on
            && (f.status == Status::Fail || (self.strict && f.status == Status::Error))
    }

    pub fn evaluate(&self, findings: &[Finding]) -> Outcome {
        let at_or_above = |status| {
            findings
                .iter()
                .filter(|f| f.status == status && f.severity >= self.fail_on)
                .count()
        };
        Outcome {
            gate: *self,
            gating_failures: at_or_above(Status::Fail),
            gating_errors: at_or_above(Status::Error),
        }
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
                parts.push(plural(self.gating_failures, "failure"));
            }
            if self.gate.strict && self.gating_errors > 0 {
                parts.push(plural(self.gating_errors, "error"));
            }
            let strict = if self.gate.strict { " --strict" } else { "" };
            format!(
                "FAILED: {} at or above {level} (--fail-on {level}{strict})",
                parts.join(" and ")
            )
        } else {
            let mut s = format!("PASSED: no failures at or above {level} (--fail-on {level})");
            if self.gating_errors > 0 {
                s.push_str(&format!(
                    "; {} could not be evaluated (use --strict to gate on errors)",
                    plural(self.gating_errors, "finding")
                ));
            }
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(status: Status, severity: Severity) -> Finding {
        Finding {
            check_id: "x",
            resource_arn: "arn".into(),
            region: "r".into(),
            account_id: "a".into(),
            status,
            severity,
            reason: String::new(),
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
}
