//! A lab judged against an inventory: each step done, not done (the
//! resource is **missing**, or **misconfigured** with the failing check's
//! reason) or "could not tell" (an ERROR never counts as done).
//!
//! Each step runs its checks over the account narrowed to the lab's scope
//! (see [`super::scope`]). When the check judged every resource in scope,
//! only those findings count: an ERROR elsewhere (a region where a service
//! the check also reads could not be listed) cannot overturn them. When it
//! did not (the check reports on something else, such as the log group of
//! the lab's trail, or on the account), all its findings count.

use super::file::{Expect, Lab, Step};
use super::scope::Scope;
use awscheck_checks::inventory::Inventory;
use awscheck_checks::{engine, Check, Finding, Status};

/// A step's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StepStatus {
    Done,
    /// Nothing in scope to judge: the learner has not built it yet.
    Missing,
    /// Built, but a check fails on it (or finds it not applicable).
    Misconfigured,
    /// A check could not evaluate it (ERROR): never counted as done.
    Unknown,
    /// Was done, and reads as missing once: AWS's eventual consistency
    /// (`--watch` only); shown as re-checking, not as failed.
    Rechecking,
}

impl StepStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            StepStatus::Done => "done",
            StepStatus::Missing => "missing",
            StepStatus::Misconfigured => "misconfigured",
            StepStatus::Unknown => "unknown",
            StepStatus::Rechecking => "rechecking",
        }
    }

    /// How the checklist says it.
    pub fn label(self) -> &'static str {
        match self {
            StepStatus::Done => "done",
            StepStatus::Missing => "not done: missing",
            StepStatus::Misconfigured => "not done: misconfigured",
            StepStatus::Unknown => "could not tell",
            StepStatus::Rechecking => "re-checking",
        }
    }

    /// ✓, ✗, ? or ↻.
    pub fn symbol(self) -> &'static str {
        match self {
            StepStatus::Done => "✓",
            StepStatus::Missing | StepStatus::Misconfigured => "✗",
            StepStatus::Unknown => "?",
            StepStatus::Rechecking => "↻",
        }
    }

    /// Not done because of the learner's work (hints count these).
    pub fn is_failure(self) -> bool {
        matches!(self, StepStatus::Missing | StepStatus::Misconfigured)
    }
}

/// Why a step has its state: a finding's reason, or what is missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    pub check: Option<&'static str>,
    pub resource: Option<String>,
    pub text: String,
}

impl Reason {
    fn of(f: &Finding) -> Reason {
        let text = match f.status {
            Status::Skip => format!("not applicable: {}", f.reason),
            _ => f.reason.clone(),
        };
        Reason {
            check: Some(f.check_id),
            resource: Some(f.resource_arn.clone()),
            text,
        }
    }

    fn plain(text: String) -> Reason {
        Reason {
            check: None,
            resource: None,
            text,
        }
    }

    /// `resource-name: reason`, for the checklist.
    pub fn line(&self) -> String {
        match &self.resource {
            Some(arn) => format!("{}: {}", short_name(arn), self.text),
            None => self.text.clone(),
        }
    }
}

/// The readable end of an ARN: `arn:aws:s3:::b` → `b`,
/// `…:trail/t` → `t`, `…:webacl/name/id` → `name/id`.
fn short_name(arn: &str) -> &str {
    let resource = arn.splitn(6, ':').nth(5).unwrap_or(arn);
    match resource.split_once('/') {
        Some((_, rest)) if !rest.is_empty() => rest,
        _ if resource.is_empty() => arn,
        _ => resource,
    }
}

/// One step's verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepVerdict {
    pub status: StepStatus,
    pub reasons: Vec<Reason>,
}

/// A lab judged once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub steps: Vec<StepVerdict>,
}

impl Verification {
    pub fn done(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| s.status == StepStatus::Done)
            .count()
    }

    pub fn complete(&self) -> bool {
        self.done() == self.steps.len()
    }

    /// The first step not done (0-based).
    pub fn next(&self) -> Option<usize> {
        self.steps.iter().position(|s| s.status != StepStatus::Done)
    }

    /// 0 when every step is done, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        i32::from(!self.complete())
    }
}

/// Judges every step of `lab` over `inventory`, within `scope`.
pub fn verify(lab: &Lab, scope: &Scope, inventory: &Inventory) -> Verification {
    Verification {
        steps: lab
            .steps
            .iter()
            .map(|s| verify_step(s, scope, inventory))
            .collect(),
    }
}

fn verify_step(step: &Step, scope: &Scope, inventory: &Inventory) -> StepVerdict {
    let mut view = inventory.clone();
    let mut in_scope: Vec<String> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    if let Some(kind) = step.resource {
        let mut stack_found = false;
        for account in &mut view.accounts {
            let narrowed = scope.narrow(account, kind);
            in_scope.extend(narrowed.in_scope);
            unknown.extend(narrowed.unknown);
            stack_found |= narrowed.stack_found;
        }
        if in_scope.is_empty() {
            return match unknown.is_empty() {
                true => StepVerdict {
                    status: StepStatus::Missing,
                    reasons: vec![Reason::plain(scope.missing(kind, stack_found))],
                },
                false => StepVerdict {
                    status: StepStatus::Unknown,
                    reasons: unknown.into_iter().map(Reason::plain).collect(),
                },
            };
        }
    }
    let findings = engine::run(&view, &step.checks, &step.settings);
    let verdicts: Vec<StepVerdict> = step
        .checks
        .iter()
        .map(|c| judge_check(c, step, &findings, &in_scope))
        .collect();
    let worst = [
        StepStatus::Misconfigured,
        StepStatus::Unknown,
        StepStatus::Missing,
    ]
    .into_iter()
    .find(|s| verdicts.iter().any(|v| v.status == *s))
    .unwrap_or(StepStatus::Done);
    StepVerdict {
        status: worst,
        reasons: verdicts
            .into_iter()
            .filter(|v| v.status == worst)
            .flat_map(|v| v.reasons)
            .collect(),
    }
}

/// One check's verdict within a step.
fn judge_check(
    check: &Check,
    step: &Step,
    findings: &[Finding],
    in_scope: &[String],
) -> StepVerdict {
    let own: Vec<&Finding> = findings.iter().filter(|f| f.check_id == check.id).collect();
    let about_scope: Vec<&Finding> = own
        .iter()
        .copied()
        .filter(|f| in_scope.contains(&f.resource_arn))
        .collect();
    let judged_all = !in_scope.is_empty()
        && in_scope
            .iter()
            .all(|arn| about_scope.iter().any(|f| &f.resource_arn == arn));
    let counted = if judged_all { about_scope } else { own };
    let with = |status: Status| -> Vec<Reason> {
        counted
            .iter()
            .filter(|f| f.status == status)
            .map(|f| Reason::of(f))
            .collect()
    };
    let verdict = |status, reasons| StepVerdict { status, reasons };
    let passes = counted.iter().any(|f| f.status == Status::Pass);
    if step.expect == Expect::Any && passes {
        return verdict(StepStatus::Done, Vec::new());
    }
    let (fails, errors, skips) = (with(Status::Fail), with(Status::Error), with(Status::Skip));
    if !fails.is_empty() {
        verdict(StepStatus::Misconfigured, fails)
    } else if !errors.is_empty() {
        verdict(StepStatus::Unknown, errors)
    } else if passes {
        verdict(StepStatus::Done, Vec::new())
    } else if !skips.is_empty() && step.resource.is_none() {
        // An account-wide check with nothing to judge here ("rule not deployed").
        verdict(StepStatus::Missing, skips)
    } else if !skips.is_empty() {
        // The lab's resource is there, but not what the check judges.
        verdict(StepStatus::Misconfigured, skips)
    } else {
        verdict(
            StepStatus::Missing,
            vec![Reason::plain(format!(
                "nothing to judge: {} reported nothing in the regions verified",
                check.id
            ))],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_the_readable_end_of_an_arn() {
        assert_eq!(short_name("arn:aws:s3:::b"), "b");
        assert_eq!(short_name("arn:aws:cloudtrail:us-east-1:1:trail/t"), "t");
        assert_eq!(short_name("arn:aws:codepipeline:us-east-1:1:p"), "p");
        assert_eq!(
            short_name("arn:aws:wafv2:us-east-1:1:regional/webacl/n/id"),
            "webacl/n/id"
        );
        assert_eq!(short_name("arn:aws:cloudtrail::1"), "arn:aws:cloudtrail::1");
        assert_eq!(short_name("not-an-arn"), "not-an-arn");
    }
}
