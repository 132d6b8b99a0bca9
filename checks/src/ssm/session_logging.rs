//! ## What it checks
//!
//! In every region that has managed instances, Session Manager logs
//! sessions, encrypted, to S3 and/or CloudWatch Logs, judged from the
//! Session Manager preferences (the `SSM-SessionManagerRunShell` document).
//!
//! - PASS: `s3BucketName` or `cloudWatchLogGroupName` is set and that
//!   destination exists (the bucket anywhere S3 names are global, the log
//!   group in the region).
//! - FAIL: the preferences were never saved (no such document) or name no
//!   destination: sessions are not logged; or a destination they name does
//!   not exist.
//! - Advisory (FAIL at low): S3 logging with `s3EncryptionEnabled` off, or
//!   CloudWatch logging with `cloudWatchEncryptionEnabled` off.
//! - SKIP: a region with no managed instances. Where the managed nodes
//!   could not be listed, the preferences are judged all the same, with a
//!   note (they are read on their own).
//! - ERROR: the preferences could not be read, or a destination could not
//!   be looked up (S3 or CloudWatch Logs could not be listed).
//! - Noted: the idle session timeout and whether Run As is enabled.
//!
//! Not judged: the catalog's optional sub-rule (an S3 event notification on
//! the session-log bucket alerting on new logs) needs the buckets'
//! notification configuration, which the inventory does not hold.
//!
//! ## Why it matters
//!
//! Session Manager replaces SSH with audited shell sessions, but only the
//! `StartSession` call reaches CloudTrail: what was typed in the session is
//! recorded only when session logging sends it to S3 or CloudWatch Logs
//! (notes 000 › Configuration Management and IaC › "SSM session manager";
//! 000 › Filling the gap › "practice exam #1", session details logged to S3
//! with an S3 event notification alerting security).
//!
//! ## How to fix
//!
//! - **Console**: Systems Manager › Session Manager › Preferences › Edit: enable CloudWatch logging and/or S3 logging, choose the log group or bucket, keep "Allow only encrypted …" selected; Save. Do it in each region.
//! - **CLI**: write the preferences document (`{"schemaVersion":"1.0","sessionType":"Standard_Stream","inputs":{"s3BucketName":"…","s3EncryptionEnabled":true,"cloudWatchLogGroupName":"…","cloudWatchEncryptionEnabled":true,"kmsKeyId":"…"}}`) and run `aws ssm update-document --name SSM-SessionManagerRunShell --content file://prefs.json --document-version '$LATEST'` (or `create-document --document-type Session` the first time).
//! - **CloudFormation**: an `AWS::SSM::Document` named `SSM-SessionManagerRunShell` with `DocumentType: Session` and the content above (only when the document does not exist yet).
//!
//! ## References
//!
//! - Study notes: 000 › Configuration Management and IaC › "SSM session manager"; 000 › Filling the gap › "practice exam #1".
//! - AWS: "Logging session activity" and "Create a Session Manager preferences document (command line)" (Systems Manager User Guide).
//! - No AWS Config managed rule; no Prowler equivalent.

use crate::engine::{Check, Context, Emitter, Severity, Subject, Verdict};
use crate::inventory::ssm::{SessionPreferences, SessionSettings};
use crate::inventory::{logs, s3, ssm};
use crate::judge::{reference, regions};
use std::collections::{BTreeMap, HashSet};

pub static CHECK: Check = Check {
    id: "ssm-session-logging",
    title: "Session Manager sessions are logged, encrypted, to S3 or CloudWatch Logs",
    service: "ssm",
    severity: Severity::Medium,
    section: "000 › Configuration Management and IaC › \"SSM session manager\"",
    catalog: "IAC-17",
    reads: &[
        ssm::MANAGED_INSTANCES,
        ssm::SESSION_PREFERENCES,
        s3::BUCKETS,
        logs::LOG_GROUPS,
    ],
    tolerates: &[ssm::MANAGED_INSTANCES],
    settings: &[],
    config_rule: None,
    prowler: None,
    source: include_str!("session_logging.rs"),
    run,
};

/// The document that holds a region's Session Manager preferences.
const PREFERENCES_DOCUMENT: &str = "SSM-SessionManagerRunShell";

fn run(ctx: &Context, em: &mut Emitter) {
    let ssm = ctx.ssm();
    let managed: HashSet<&str> = ssm
        .managed_instances
        .iter()
        .map(|m| m.region.as_str())
        .collect();
    let unlisted: BTreeMap<&str, String> = regions::part_unreadable(ctx, ssm::MANAGED_INSTANCES)
        .into_iter()
        .map(|(region, e)| (region, e.to_string()))
        .collect();
    let destinations = Destinations {
        buckets: ctx.s3().index(),
        groups: reference::log_groups(&ctx.logs().log_groups),
    };
    for prefs in &ssm.session_preferences {
        let subject = Subject::arn(
            &format!(
                "arn:{}:ssm:{}:{}:document/{PREFERENCES_DOCUMENT}",
                ctx.account.partition, prefs.region, ctx.account.account_id
            ),
            &prefs.region,
        );
        let unlisted = unlisted.get(prefs.region.as_str());
        if unlisted.is_none() && !managed.contains(prefs.region.as_str()) {
            em.skip(
                &subject,
                format!("no managed instances in {}", prefs.region),
            );
            continue;
        }
        judge(ctx, &destinations, prefs, unlisted, &subject, em);
    }
}

struct Destinations<'a> {
    buckets: crate::inventory::s3::BucketIndex<'a>,
    groups: reference::ByPlace<'a, crate::inventory::logs::LogGroup>,
}

fn judge(
    ctx: &Context,
    destinations: &Destinations,
    prefs: &SessionPreferences,
    unlisted: Option<&String>,
    subject: &Subject,
    em: &mut Emitter,
) {
    let mut v = Verdict::new();
    if let Some(e) = unlisted {
        v.note(format!(
            "the managed nodes could not be listed ({e}): judged as if the region had some"
        ));
    }
    let settings = match prefs.settings.known() {
        Err(e) => return em.error(subject, e),
        Ok(None) => {
            v.fail("Session Manager preferences were never saved (no SSM-SessionManagerRunShell document): sessions are not logged");
            return v.emit(em, subject, "");
        }
        Ok(Some(s)) => s,
    };
    let bucket = settings.s3_bucket_name.as_deref().filter(|b| !b.is_empty());
    let group = settings
        .cloudwatch_log_group_name
        .as_deref()
        .filter(|g| !g.is_empty());
    let mut logged_to = Vec::new();
    if let Some(name) = bucket {
        let found = reference::bucket(
            ctx,
            &destinations.buckets,
            name,
            format!("session-log bucket {name}"),
        );
        if found.map(|_| ()).or_record(&mut v).is_some() {
            logged_to.push(format!("S3 bucket {name}"));
            if !settings.s3_encryption_enabled {
                v.warn(
                    "S3 session logs are not required to be encrypted (s3EncryptionEnabled is off)",
                );
            }
        }
    }
    if let Some(name) = group {
        let found = reference::Reference::regional(
            format!("session log group {name}"),
            "logs",
            &prefs.region,
            &ctx.account.account_id,
        )
        .resolve(
            ctx,
            destinations
                .groups
                .get(&ctx.account.account_id, &prefs.region, name),
        );
        if found.map(|_| ()).or_record(&mut v).is_some() {
            logged_to.push(format!("log group {name}"));
            if !settings.cloudwatch_encryption_enabled {
                v.warn("CloudWatch session logs are not required to be encrypted (cloudWatchEncryptionEnabled is off)");
            }
        }
    }
    if bucket.is_none() && group.is_none() {
        v.fail("Session Manager preferences name neither an S3 bucket nor a CloudWatch log group: sessions are not logged");
    }
    notes(settings, &mut v);
    let pass = format!("sessions are logged to {}", logged_to.join(" and "));
    v.emit(em, subject, pass);
}

/// The settings worth knowing that do not change the verdict.
fn notes(settings: &SessionSettings, v: &mut Verdict) {
    if let Some(timeout) = &settings.idle_session_timeout {
        v.note(format!("idle sessions end after {timeout} minutes"));
    }
    if settings.run_as_enabled {
        v.note("Run As is enabled");
    }
}
