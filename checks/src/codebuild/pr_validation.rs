//! ## What it checks
//!
//! A CodeBuild project built from a repository validates pull requests and
//! publishes test reports.
//!
//! - SKIP: the project's source is not a repository (`CODEPIPELINE`, `S3`,
//!   `NO_SOURCE`): a pipeline or an upload starts its builds, never a pull
//!   request.
//! - PASS: both parts are wired:
//!   - **PR trigger**: a webhook filter group has an `EVENT` filter (not
//!     excluded) with `PULL_REQUEST_CREATED` or `PULL_REQUEST_UPDATED`; or,
//!     for a CodeCommit source, an enabled EventBridge rule that matches the
//!     repository's pull-request events (`pullRequestCreated` or
//!     `pullRequestSourceBranchUpdated`) targets the project;
//!   - **test reports**: a report group holds a report from one of the
//!     project's builds created in the last `max_report_age_days` days.
//! - advisory: either part is missing (the reason names which).
//! - advisory: a report group the project reports to exports its raw
//!   reports to S3 with `encryptionDisabled=true`.
//! - ERROR: what would decide could not be read: the report groups of a
//!   group the project might report to, or, for a CodeCommit project with
//!   no webhook trigger, EventBridge's rules or targets in its region.
//!   Where CodeBuild's report groups could not be listed, the engine
//!   reports ERROR for the region and its projects are not judged.
//!
//! Report groups are read from their newest 100 reports: a project whose
//! last report is older than the group's 100 newest reads as reporting
//! nothing recent.
//!
//! ## Why it matters
//!
//! Builds started by webhooks validate pull requests before they merge, and
//! report groups keep the test results that prove it (notes 000 › ## SDLC
//! Automation › CodeBuild - advanced). Without both, broken changes reach
//! the main branch unseen.
//!
//! ## How to fix
//!
//! - **Console**: CodeBuild › the project › Edit › Primary source webhook
//!   events: tick "Rebuild every time a code change is pushed", event types
//!   `PULL_REQUEST_CREATED` and `PULL_REQUEST_UPDATED`; add a `reports:`
//!   section to the buildspec. For CodeCommit, an EventBridge rule on
//!   "CodeCommit Pull Request State Change" targeting the project.
//! - **CLI**: `aws codebuild create-webhook --project-name NAME --filter-groups '[[{"type":"EVENT","pattern":"PULL_REQUEST_CREATED,PULL_REQUEST_UPDATED"}]]'`;
//!   `aws codebuild update-report-group --arn ARN --export-config 'exportConfigType=S3,s3Destination={bucket=BUCKET,encryptionDisabled=false}'`.
//! - **CloudFormation**: on `AWS::CodeBuild::Project`,
//!   `Triggers: {Webhook: true, FilterGroups: [[{Type: EVENT, Pattern: "PULL_REQUEST_CREATED,PULL_REQUEST_UPDATED"}]]}`;
//!   an `AWS::CodeBuild::ReportGroup` with
//!   `ExportConfig.S3Destination.EncryptionDisabled: false`.
//!
//! ## References
//!
//! - Study notes: 000 › ## SDLC Automation › CodeBuild - advanced.
//! - AWS: CodeBuild User Guide, "Filter GitHub webhook events", "Working
//!   with test reporting" and "Report groups"; CodeCommit User Guide,
//!   "CodeCommit pull request events".
//! - No AWS Config managed rule or Prowler check.

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::codebuild::{self, Project, ReportGroup};
use crate::inventory::events::{self, Rule};
use crate::judge::event_pattern::{Match, Pattern};
use crate::settings::{at_least_one, Setting};
use chrono::Duration;

pub static CHECK: Check = Check {
    id: "codebuild-pr-validation",
    title: "CodeBuild validates pull requests and publishes test reports",
    service: "codebuild",
    severity: Severity::Info,
    section: "000 › SDLC Automation › \"CodeBuild - advanced\"",
    catalog: "SDLC-17",
    reads: &[
        codebuild::PROJECTS,
        codebuild::REPORT_GROUPS,
        events::BUSES,
        events::RULES,
        events::TARGETS,
    ],
    tolerates: &[events::BUSES, events::RULES, events::TARGETS],
    settings: &[&MAX_REPORT_AGE_DAYS],
    config_rule: None,
    prowler: None,
    source: include_str!("pr_validation.rs"),
    run,
};

static MAX_REPORT_AGE_DAYS: Setting<i64> = Setting::new(
    "max_report_age_days",
    "A project's newest test report must be at most this many days old to count as wired (`codebuild-pr-validation`).",
    "30",
    at_least_one,
);

/// Source types whose builds no pull request starts.
const NOT_REPOSITORIES: &[&str] = &["CODEPIPELINE", "S3", "NO_SOURCE"];
/// Webhook events of a pull request opened or pushed to.
const PR_EVENTS: &[&str] = &["PULL_REQUEST_CREATED", "PULL_REQUEST_UPDATED"];
/// CodeCommit's pull-request events that start a validation.
const CODECOMMIT_PR_EVENTS: &[&str] = &["pullRequestCreated", "pullRequestSourceBranchUpdated"];

fn run(ctx: &Context, em: &mut Emitter) {
    let oldest = ctx.now - Duration::days(ctx.setting(&MAX_REPORT_AGE_DAYS));
    let codebuild = ctx.codebuild();
    for project in &codebuild.projects {
        let source = project.source.source_type.as_str();
        if NOT_REPOSITORIES
            .iter()
            .any(|t| source.eq_ignore_ascii_case(t))
        {
            em.skip(
                project,
                format!("source {source}: no pull request starts its builds"),
            );
            continue;
        }
        if ctx.blind("codebuild", &project.region) {
            // The engine reports ERROR for the report groups there.
            continue;
        }
        let mut v = Verdict::new();
        let trigger = pr_trigger(ctx, project, &mut v);
        let reports = reports(&codebuild.report_groups, project, oldest, &mut v);
        match (trigger, reports) {
            (Some(t), Some(r)) => v.emit(em, project, format!("{t}; {r}")),
            (t, r) => {
                let missing: Vec<&str> = [
                    t.is_none().then_some("no pull-request trigger"),
                    r.is_none().then_some("no recent test report"),
                ]
                .into_iter()
                .flatten()
                .collect();
                v.warn(missing.join(" and "));
                v.emit(em, project, "");
            }
        }
    }
}

/// How pull requests start the project's builds, if they do; `None` also
/// when that could not be read (recorded in `v`).
fn pr_trigger(ctx: &Context, project: &Project, v: &mut Verdict) -> Option<String> {
    let webhook = project.webhook.iter().flat_map(|w| &w.filter_groups);
    let on_pr = webhook.into_iter().any(|group| {
        group.filters.iter().any(|f| {
            f.filter_type.eq_ignore_ascii_case("EVENT")
                && !f.exclude_matched_pattern
                && f.pattern
                    .split(',')
                    .any(|e| PR_EVENTS.iter().any(|p| e.trim().eq_ignore_ascii_case(p)))
        })
    });
    if on_pr {
        return Some("its webhook builds pull requests".to_string());
    }
    if !project
        .source
        .source_type
        .eq_ignore_ascii_case("CODECOMMIT")
    {
        return None;
    }
    codecommit_rule(ctx, project, v)
}

/// An enabled EventBridge rule that sends the CodeCommit repository's
/// pull-request events to the project.
fn codecommit_rule(ctx: &Context, project: &Project, v: &mut Verdict) -> Option<String> {
    let unread = [events::BUSES, events::RULES, events::TARGETS]
        .into_iter()
        .find_map(|d| ctx.unreadable(d, &project.region));
    if let Some(e) = unread {
        v.error_reason(format!(
            "whether an EventBridge rule builds its pull requests could not be read: {e}"
        ));
        return None;
    }
    if !ctx.account.has_section("events") {
        v.error_reason("whether an EventBridge rule builds its pull requests could not be read: EventBridge was not collected");
        return None;
    }
    let repository = project
        .source
        .location
        .as_ref()
        .and_then(|l| l.url.rsplit_once("/repos/"))
        .map(|(_, name)| name.trim_end_matches('/'))?;
    let repository_arn = format!(
        "arn:{}:codecommit:{}:{}:{repository}",
        ctx.account.partition, project.region, project.account_id
    );
    let rules = ctx.events().rules.iter().filter(|r| {
        r.region == project.region
            && r.account_id == project.account_id
            && r.state.starts_with("ENABLED")
            && matches_pull_requests(r, &repository_arn)
    });
    let mut unknown = Vec::new();
    for rule in rules {
        match rule.targets.known() {
            Err(e) => unknown.push(format!("targets of rule {}: {e}", rule.name)),
            Ok(targets) => {
                if targets.into_iter().flatten().any(|t| t.arn == project.arn) {
                    return Some(format!(
                        "EventBridge rule {} builds its repository's pull requests",
                        rule.name
                    ));
                }
            }
        }
    }
    for u in unknown {
        v.error_reason(u);
    }
    None
}

/// Whether the rule's pattern matches a pull-request event of the
/// repository (a pattern that narrows on fields beyond those, such as the
/// destination branch, still matches some).
fn matches_pull_requests(rule: &Rule, repository_arn: &str) -> bool {
    let Some(pattern) = rule
        .event_pattern
        .as_ref()
        .and_then(|p| Pattern::from_value(&p.0).ok())
    else {
        return false;
    };
    CODECOMMIT_PR_EVENTS.iter().any(|event| {
        !matches!(
            pattern.covers(&[
                ("source", "aws.codecommit"),
                ("detail-type", "CodeCommit Pull Request State Change"),
                ("detail.event", event),
                ("resources", repository_arn),
            ]),
            Match::No(_)
        )
    })
}

/// The project's recent reports, if any; unencrypted exports are advisory
/// and groups whose reports could not be read are unknown (both in `v`).
fn reports(
    groups: &[ReportGroup],
    project: &Project,
    oldest: chrono::DateTime<chrono::Utc>,
    v: &mut Verdict,
) -> Option<String> {
    let mut recent = Vec::new();
    let mut unknown = Vec::new();
    for g in groups
        .iter()
        .filter(|g| g.region == project.region && g.account_id == project.account_id)
    {
        match g.latest_reports.known() {
            Err(e) => unknown.push(format!("reports of group {}: {e}", g.name)),
            Ok(reports) => {
                let newest = reports
                    .into_iter()
                    .flatten()
                    .filter(|r| r.project == project.name)
                    .map(|r| r.created)
                    .max();
                if newest.is_some_and(|t| t >= oldest) {
                    recent.push(g.name.as_str());
                    if let Some(export) = g.s3_export.as_ref().filter(|e| e.encryption_disabled) {
                        v.warn(format!(
                            "report group {} exports to S3 {} unencrypted (encryptionDisabled=true)",
                            g.name,
                            export.bucket.as_deref().unwrap_or("(no bucket)")
                        ));
                    }
                }
            }
        }
    }
    if recent.is_empty() {
        for u in unknown {
            v.error_reason(u);
        }
        return None;
    }
    Some(format!(
        "recent test reports in report group(s) {}",
        recent.join(", ")
    ))
}
