//! ## What it checks
//!
//! Every CodeBuild project sends its build logs somewhere (`logsConfig`):
//! CloudWatch Logs, S3, or both, and S3 logs are encrypted.
//!
//! - FAIL: both CloudWatch Logs and S3 logs are `DISABLED`. A project
//!   without a CloudWatch Logs block logs to CloudWatch (CodeBuild's
//!   default); one without an S3 block does not log to S3.
//! - FAIL: S3 logs are enabled with `encryptionDisabled=true`.
//! - advisory: the CloudWatch log group the project names (`groupName`)
//!   does not exist yet. CodeBuild creates it on the first build, so this
//!   is not a failure, but nothing has been logged there so far (a group
//!   deleted by a clean-up shows up here too). Projects logging to the
//!   default group `/aws/codebuild/<project>` are not looked up.
//! - PASS: otherwise, naming where the logs go.
//!
//! Where the log group cannot be looked up (CloudWatch Logs not collected,
//! or not listed in the project's region), the verdict stands with a note:
//! a group that is missing would only add the advisory.
//!
//! ## Why it matters
//!
//! Build logs are the audit trail of what a build ran and the only data to
//! troubleshoot a failed one; CodeBuild stores them in S3 and CloudWatch
//! Logs (notes 000 › ## SDLC Automation › CodeBuild; 001 › ## Codebuild ›
//! Key Concepts, "Logs"). Unencrypted S3 logs expose whatever the build
//! printed.
//!
//! ## How to fix
//!
//! - **Console**: CodeBuild › the project › Edit › Logs: tick "CloudWatch
//!   logs" (and/or "S3 logs" with "Disable S3 log encryption" unticked).
//! - **CLI**: `aws codebuild update-project --name NAME --logs-config "cloudWatchLogs={status=ENABLED},s3Logs={status=ENABLED,location=BUCKET/prefix,encryptionDisabled=false}"`.
//! - **CloudFormation**: on `AWS::CodeBuild::Project`,
//!   `LogsConfig.CloudWatchLogs.Status: ENABLED` and/or
//!   `LogsConfig.S3Logs` with `Status: ENABLED`, `EncryptionDisabled: false`.
//!
//! ## References
//!
//! - Study notes: 000 › ## SDLC Automation › CodeBuild; 001 › ## Codebuild
//!   › Key Concepts ("Logs").
//! - AWS: CodeBuild User Guide, "View a build's details" and "Logging and
//!   monitoring in AWS CodeBuild"; CodeBuild API Reference, `LogsConfig`.
//! - AWS Config managed rules `codebuild-project-logging-enabled` and
//!   `codebuild-project-s3-logs-encrypted`; Prowler
//!   `codebuild_project_logging_enabled`.

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::codebuild::{self, Project};
use crate::inventory::logs::{self, LogGroup};
use crate::judge::reference::{self, ByPlace, Lookup, Reference};

pub static CHECK: Check = Check {
    id: "codebuild-logging",
    title: "CodeBuild build logs go to CloudWatch Logs or S3, S3 logs encrypted",
    service: "codebuild",
    severity: Severity::Medium,
    section: "000 › SDLC Automation › \"CodeBuild\"; 001 › ## Codebuild › Key Concepts",
    catalog: "SDLC-13",
    reads: &[codebuild::PROJECTS, logs::LOG_GROUPS],
    tolerates: &[logs::LOG_GROUPS],
    settings: &[],
    config_rule: Some("codebuild-project-logging-enabled"),
    prowler: Some("codebuild_project_logging_enabled"),
    source: include_str!("logging.rs"),
    run,
};

const ENABLED: &str = "ENABLED";

fn run(ctx: &Context, em: &mut Emitter) {
    // `None` when CloudWatch Logs was not collected: no group can be looked up.
    let groups = ctx
        .account
        .has_section("logs")
        .then(|| reference::log_groups(&ctx.logs().log_groups));
    for project in &ctx.codebuild().projects {
        judge(ctx, groups.as_ref(), project, em);
    }
}

fn judge(ctx: &Context, groups: Option<&ByPlace<LogGroup>>, project: &Project, em: &mut Emitter) {
    let mut v = Verdict::new();
    let cloudwatch = project
        .logs
        .cloudwatch
        .as_ref()
        .is_none_or(|c| c.status.eq_ignore_ascii_case(ENABLED));
    let s3 = project
        .logs
        .s3
        .as_ref()
        .filter(|s| s.status.eq_ignore_ascii_case(ENABLED));
    let mut places = Vec::new();
    if cloudwatch {
        let named = project
            .logs
            .cloudwatch
            .as_ref()
            .and_then(|c| c.group_name.as_deref());
        let group = named.map_or_else(
            || format!("/aws/codebuild/{}", project.name),
            str::to_string,
        );
        places.push(format!("CloudWatch Logs group {group}"));
        match (named, groups) {
            (None, _) => {}
            (Some(name), None) => v.note(format!(
                "log group {name} could not be looked up: CloudWatch Logs was not collected"
            )),
            (Some(name), _) if ctx.unreadable(logs::LOG_GROUPS, &project.region).is_some() => {
                v.note(format!(
                    "log group {name} could not be looked up: CloudWatch Logs could not be listed in {}",
                    project.region
                ));
            }
            (Some(name), Some(groups)) => {
                let label = format!("log group {name}");
                let at = Reference::regional(label, "logs", &project.region, &project.account_id);
                match at.resolve(ctx, groups.get(&project.account_id, &project.region, name)) {
                Lookup::Found(_) => {}
                Lookup::Missing(why) => v.warn(format!(
                    "{why}: CodeBuild creates it on the first build, nothing has been logged there yet"
                )),
                Lookup::Unknown(why) => v.note(why),
                }
            }
        }
    }
    if let Some(s3) = s3 {
        let location = s3.location.as_deref().unwrap_or("(no location)");
        if s3.encryption_disabled {
            v.fail(format!(
                "S3 logs to {location} are written unencrypted (encryptionDisabled=true)"
            ));
        }
        places.push(format!("S3 {location}"));
    }
    if places.is_empty() {
        v.fail("build logs go nowhere: CloudWatch Logs and S3 logs are both DISABLED");
    }
    v.emit(
        em,
        project,
        format!("build logs go to {}", places.join(" and ")),
    );
}
