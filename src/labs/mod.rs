//! Hands-on labs: a scoped, ordered checklist over existing checks that
//! tells a learner, step by step, whether a lab is really done.
//!
//! A lab is data: `labs/<id>/lab.toml` (id, title, notes section, goal,
//! scope, steps; see [`file`]) and `labs/<id>/README.md` (the guide), with
//! `labs/<id>/solution.yaml` (the solved state as CloudFormation) and
//! `mocks/labs/<id>/{start,solved}.json` proving it. The shipped labs are
//! compiled into the binary; `labs verify ./path/lab.toml` loads one from
//! disk.
//!
//! Verifying: [`scope`] narrows the account to the lab's resources,
//! [`verdict`] runs each step's checks and turns their findings into done,
//! missing, misconfigured or could not tell, [`render`] shows it,
//! [`hints`] reveals hints one failure at a time, and [`watch`] repeats it.

pub mod file;
pub mod hints;
pub mod kind;
pub mod render;
pub mod scope;
pub mod verdict;
pub mod watch;

use crate::suggest::hint;
use awscheck_checks::engine::Data;
pub use file::Lab;
use scope::Scope;

/// The shipped labs: (source path, contents), in `labs list` order.
const SHIPPED: &[(&str, &str)] = &[
    (
        "labs/pipeline-artifact-cmk/lab.toml",
        include_str!("../../labs/pipeline-artifact-cmk/lab.toml"),
    ),
    (
        "labs/codedeploy-rollback/lab.toml",
        include_str!("../../labs/codedeploy-rollback/lab.toml"),
    ),
    (
        "labs/cloudformation-drift/lab.toml",
        include_str!("../../labs/cloudformation-drift/lab.toml"),
    ),
    (
        "labs/lambda-failure-queue/lab.toml",
        include_str!("../../labs/lambda-failure-queue/lab.toml"),
    ),
    (
        "labs/s3-secure-bucket/lab.toml",
        include_str!("../../labs/s3-secure-bucket/lab.toml"),
    ),
    (
        "labs/cloudtrail-alarms/lab.toml",
        include_str!("../../labs/cloudtrail-alarms/lab.toml"),
    ),
    (
        "labs/waf-logging/lab.toml",
        include_str!("../../labs/waf-logging/lab.toml"),
    ),
    (
        "labs/config-remediation/lab.toml",
        include_str!("../../labs/config-remediation/lab.toml"),
    ),
];

/// Every shipped lab.
pub fn shipped() -> Vec<Lab> {
    SHIPPED
        .iter()
        .map(|(file, text)| {
            Lab::parse(file, text).unwrap_or_else(|e| panic!("shipped lab does not parse: {e}"))
        })
        .collect()
}

/// The source paths of the shipped labs.
pub fn shipped_files() -> impl Iterator<Item = &'static str> {
    SHIPPED.iter().map(|(file, _)| *file)
}

/// True when a lab reference names a file rather than a shipped lab.
pub fn is_path(reference: &str) -> bool {
    crate::packs::is_path(reference)
}

/// A shipped lab by id, or a lab file by path.
pub fn find(reference: &str) -> Result<Lab, String> {
    if is_path(reference) {
        let text = std::fs::read_to_string(reference)
            .map_err(|e| format!("{reference}: cannot read: {e}"))?;
        return Lab::parse(reference, &text);
    }
    let labs = shipped();
    match labs.into_iter().find(|l| l.id == reference) {
        Some(lab) => Ok(lab),
        None => {
            let ids: Vec<&str> = SHIPPED
                .iter()
                .filter_map(|(f, _)| f.split('/').nth(1))
                .collect();
            Err(format!(
                "unknown lab {reference:?}{} (shipped: {}; a lab file is a path such as ./my-lab/lab.toml)",
                hint(reference, ids.iter().copied()),
                ids.join(", ")
            ))
        }
    }
}

impl Lab {
    /// The scope a verification uses: the stack given, else the lab's own.
    pub fn scope(&self, stack: Option<String>) -> Scope {
        match stack {
            Some(name) => Scope::Stack(name),
            None => Scope::Lab {
                id: self.id.clone(),
                names: self.names.clone(),
            },
        }
    }

    /// What live collection must read to verify the lab in `scope`: what
    /// its checks read, and what scoping needs.
    pub fn reads(&self, scope: &Scope) -> Vec<Data> {
        let kinds: Vec<kind::Kind> = self.steps.iter().filter_map(|s| s.resource).collect();
        let mut out: Vec<Data> = self
            .checks()
            .iter()
            .flat_map(|c| c.reads.iter().copied())
            .chain(scope.reads(&kinds))
            .collect();
        out.sort();
        out.dedup();
        out
    }
}
