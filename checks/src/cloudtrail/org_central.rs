//! ## What it checks
//!
//! Whether the account's CloudTrail logs leave the account, to the
//! organization's log archive, and whether that archive can be tampered
//! with (`cloudtrail:DescribeTrails`, `cloudtrail:GetTrailStatus`,
//! `s3:GetBucketPolicy`). One finding for the account
//! (`arn:aws:cloudtrail::ACCOUNT`):
//!
//! - PASS: an organization trail (owned here or, seen from a member
//!   account, by the management account) is multi-region and logging.
//! - Otherwise the account needs a multi-region, logging trail of its own
//!   that delivers to a bucket of the log-archive account:
//!   - PASS when its bucket is another account's and its name carries the
//!     setting `log_archive_account_id` (as Control Tower's
//!     `aws-controltower-logs-<log-archive id>-<region>` does: S3 does not
//!     tell one account who owns another's bucket, so the name is the only
//!     evidence the inventory has);
//!   - advisory (FAIL at low) when the bucket is another account's but
//!     cannot be tied to the log archive (the setting is empty, or the
//!     bucket's name does not carry it);
//!   - FAIL when its bucket is in this account's own S3 (`s3.buckets`): a
//!     compromised account can delete its own logs; or the bucket does not
//!     exist; or there is no such trail at all.
//! - Advisory (adjacent) on the trail that carries the PASS: no `KmsKeyId`
//!   (log files under SSE-S3 only), or `LogFileValidationEnabled=false`.
//! - ERROR when a trail that could decide it could not be read (its status,
//!   or whether its bucket exists); nothing is failed when CloudTrail could
//!   not be listed in a region (the engine's ERROR stands).
//!
//! The log-archive side, one finding per bucket of this account that a
//! trail delivers to (the log-archive account sees the organization trail
//! and owns its bucket): FAIL when the bucket policy allows principals of
//! other accounts (a `*` principal, whether or not narrowed with
//! `aws:PrincipalOrgID`, or another account's principals) to run
//! `s3:DeleteObject`, `s3:DeleteObjectVersion` or `s3:PutBucketPolicy` on
//! it, unless an unconditional `Deny` for every principal takes it back;
//! PASS otherwise (no policy: only the owner has access); ERROR when the
//! policy could not be read or parsed. Service principals (CloudTrail's
//! `s3:PutObject` grant) are not members' principals. Conditions of a
//! `Deny` are not evaluated: a conditional `Deny` does not take an `Allow`
//! back.
//!
//! ## Why it matters
//!
//! Trails and buckets in the account they audit die with it: whoever takes
//! the account over stops the trail and deletes the logs. The notes'
//! multi-account strategy sends CloudTrail of every account to a central S3
//! bucket in a dedicated account, and Control Tower keeps the logs in a
//! centralised log-archive account (notes 000 › Security and Compliance ›
//! "AWS organizations"; "AWS control tower"). The archive is only central
//! if the member accounts cannot delete from it or rewrite its policy.
//!
//! ## How to fix
//!
//! - **Console**: CloudTrail (in the management account) › Trails › Create trail › Enable for all accounts in my organization, an S3 bucket in the log-archive account, a KMS key, Log file validation: Enabled. In the log-archive account: S3 › the bucket › Permissions › Bucket policy: grant `cloudtrail.amazonaws.com` `s3:PutObject` only, and no `s3:Delete*`/`s3:PutBucketPolicy` to other accounts.
//! - **CLI**: `aws cloudtrail create-trail --name org-trail --s3-bucket-name LOG_ARCHIVE_BUCKET --is-organization-trail --is-multi-region-trail --enable-log-file-validation --kms-key-id KEY_ARN`, then `aws cloudtrail start-logging --name org-trail`; `aws s3api put-bucket-policy --bucket LOG_ARCHIVE_BUCKET --policy file://policy.json`.
//! - **CloudFormation**: an `AWS::CloudTrail::Trail` with `IsOrganizationTrail: true`, `IsMultiRegionTrail: true`, `IsLogging: true`, `EnableLogFileValidation: true`, `KMSKeyId` and `S3BucketName` naming the log-archive bucket, whose `AWS::S3::BucketPolicy` (a stack in the log-archive account) grants CloudTrail `s3:PutObject` only.
//!
//! ## References
//!
//! - Study notes: 000 › Security and Compliance › "AWS organizations" (multi-account strategies: CloudTrail on all accounts to a central S3 bucket, a dedicated security account); "AWS control tower" (logs in a centralised log archive account).
//! - AWS: CloudTrail user guide, "Creating a trail for an organization", "Validating CloudTrail log file integrity", "Encrypting CloudTrail log files with AWS KMS keys (SSE-KMS)"; Control Tower user guide, "Log archive account".
//! - AWS Config managed rules `cloudtrail-security-trail-enabled`, `cloud-trail-encryption-enabled`, `cloud-trail-log-file-validation-enabled` (related); Prowler `cloudtrail_multi_region_enabled_logging_management_events`, `cloudtrail_kms_encryption_enabled`, `cloudtrail_log_file_validation_enabled` (related).

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::cloudtrail::{self, Trail};
use crate::inventory::s3::{self, Bucket, BucketRef};
use crate::judge::reference::{self, Lookup};
use crate::judge::regions;
use crate::policy::{Effect, Principals, Statement};
use crate::settings::LOG_ARCHIVE_ACCOUNT_ID;
use std::collections::BTreeSet;

pub static CHECK: Check = Check {
    id: "cloudtrail-org-central",
    title: "An organization trail (or every account) delivers to a central log-archive bucket",
    service: "cloudtrail",
    severity: Severity::High,
    section: "000 › Security and Compliance › \"AWS organizations\"",
    catalog: "SEC-08",
    reads: &[
        cloudtrail::TRAILS,
        cloudtrail::TRAIL_STATUS,
        s3::BUCKETS,
        s3::BUCKET_TAGS,
        s3::POLICY,
        s3::OTHER_BUCKETS,
    ],
    tolerates: &[],
    settings: &[&LOG_ARCHIVE_ACCOUNT_ID],
    config_rule: Some("cloudtrail-security-trail-enabled"),
    prowler: Some("cloudtrail_multi_region_enabled_logging_management_events"),
    source: include_str!("org_central.rs"),
    run,
};

/// What the members of the organization must not do to the log archive.
const TAMPERING: [&str; 3] = [
    "s3:DeleteObject",
    "s3:DeleteObjectVersion",
    "s3:PutBucketPolicy",
];

fn run(ctx: &Context, em: &mut Emitter) {
    let archive = ctx.setting(&LOG_ARCHIVE_ACCOUNT_ID);
    let buckets = ctx.s3().index();
    let trails = &ctx.cloudtrail().trails;
    coverage(ctx, &buckets, trails, &archive, em);
    let mut judged = BTreeSet::new();
    for trail in trails {
        if let BucketRef::Owned(bucket) = buckets.get(&trail.s3_bucket_name) {
            if judged.insert(bucket.name.as_str()) {
                log_bucket(bucket, em);
            }
        }
    }
}

/// How one trail answers "do this account's logs reach the archive?".
enum Answer {
    Central(String),
    Unconfirmed(String),
    Fails(String),
    Unknown(String),
}

fn coverage(
    ctx: &Context,
    buckets: &s3::BucketIndex,
    trails: &[Trail],
    archive: &str,
    em: &mut Emitter,
) {
    let account = ctx.account.account_id.as_str();
    let subject = regions::account_subject(ctx, "cloudtrail");
    let mut unconfirmed: Option<(&Trail, String)> = None;
    let (mut fails, mut unknowns) = (Vec::new(), Vec::new());
    for trail in trails {
        let answer = if trail.is_organization_trail {
            organization_trail(trail)
        } else if trail.account_id == account {
            own_trail(ctx, buckets, trail, archive)
        } else {
            continue;
        };
        match answer {
            Answer::Central(pass) => return adjacent(trail).emit(em, &subject, pass),
            Answer::Unconfirmed(why) => {
                unconfirmed.get_or_insert((trail, why));
            }
            Answer::Fails(why) => fails.push(why),
            Answer::Unknown(why) => unknowns.push(why),
        }
    }
    if !unknowns.is_empty() {
        return em.error_reason(
            &subject,
            format!(
                "no trail is known to deliver to the log archive; could not evaluate {}",
                unknowns.join("; ")
            ),
        );
    }
    if let Some((trail, why)) = unconfirmed {
        let mut v = adjacent(trail);
        v.warn(why);
        return v.emit(em, &subject, "");
    }
    if ctx.blind_anywhere("cloudtrail") {
        return;
    }
    if fails.is_empty() {
        fails.push("no organization trail and no multi-region trail of its own".to_string());
    }
    em.fail(
        &subject,
        format!(
            "the account's CloudTrail logs do not reach a central log archive: {}",
            fails.join("; ")
        ),
    );
}

/// Whether an organization trail is multi-region and logging.
fn organization_trail(trail: &Trail) -> Answer {
    let label = format!(
        "organization trail {} (account {})",
        trail.name, trail.account_id
    );
    if !trail.is_multi_region {
        return Answer::Fails(format!("{label} is single-region"));
    }
    match trail.status.known() {
        Err(e) => Answer::Unknown(format!("{label}: {e}")),
        Ok(Some(s)) if s.is_logging => Answer::Central(format!(
            "{label} is multi-region and logging, to bucket {}",
            trail.s3_bucket_name
        )),
        Ok(_) => Answer::Fails(format!("{label} is not logging")),
    }
}

/// Whether a trail of the account's own delivers to the log archive.
fn own_trail(ctx: &Context, buckets: &s3::BucketIndex, trail: &Trail, archive: &str) -> Answer {
    let label = format!("trail {}", trail.name);
    if !trail.is_multi_region {
        return Answer::Fails(format!("{label} is single-region"));
    }
    match trail.status.known() {
        Err(e) => return Answer::Unknown(format!("{label}: {e}")),
        Ok(Some(s)) if s.is_logging => {}
        Ok(_) => return Answer::Fails(format!("{label} is not logging")),
    }
    let name = trail.s3_bucket_name.as_str();
    let bucket_label = format!("{label}'s bucket {name}");
    match reference::bucket(ctx, buckets, name, &bucket_label) {
        Lookup::Found(BucketRef::Owned(_)) => Answer::Fails(format!(
            "{label} delivers to bucket {name}, owned by this account itself"
        )),
        Lookup::Found(_) if archive.is_empty() => Answer::Unconfirmed(format!(
            "{label} delivers to bucket {name} of another account; log_archive_account_id is not set, so it cannot be tied to the log archive"
        )),
        Lookup::Found(_) if name.contains(archive) => Answer::Central(format!(
            "{label} is multi-region and logging, to bucket {name} of log-archive account {archive}"
        )),
        Lookup::Found(_) => Answer::Unconfirmed(format!(
            "{label} delivers to bucket {name} of another account, whose name does not carry log-archive account {archive}"
        )),
        Lookup::Missing(why) => Answer::Fails(why),
        Lookup::Unknown(why) => Answer::Unknown(why),
    }
}

/// The adjacent advisories on the trail that carries the account's logs.
fn adjacent(trail: &Trail) -> Verdict {
    let mut v = Verdict::new();
    if trail.kms_key_id.is_none() {
        v.warn(format!(
            "trail {}'s log files are not encrypted with a KMS key (KmsKeyId unset)",
            trail.name
        ));
    }
    if !trail.log_file_validation_enabled {
        v.warn(format!(
            "trail {} has log file validation off (LogFileValidationEnabled=false)",
            trail.name
        ));
    }
    v
}

/// The log-archive side: may other accounts delete the logs or rewrite
/// the policy of this bucket?
fn log_bucket(bucket: &Bucket, em: &mut Emitter) {
    let policy = match bucket.policy.known() {
        Err(e) => return em.error(bucket, e),
        Ok(None) => {
            return em.pass(
                bucket,
                "trail log bucket without a bucket policy: no other account has access",
            )
        }
        Ok(Some(p)) => match p.parse() {
            Ok(p) => p,
            Err(e) => return em.error_reason(bucket, format!("its policy cannot be read: {e}")),
        },
    };
    let bucket_arn = format!("arn:aws:s3:::{}", bucket.name);
    let object_arn = format!("{bucket_arn}/AWSLogs/{}/log.json.gz", bucket.account_id);
    let target = |action: &str| {
        if action == "s3:PutBucketPolicy" {
            bucket_arn.as_str()
        } else {
            object_arn.as_str()
        }
    };
    let denied = |action: &str| {
        policy.statements.iter().any(|s| {
            s.effect == Effect::Deny
                && s.conditions.is_empty()
                && s.principal.as_ref().is_some_and(Principals::is_all)
                && s.matches_action(action)
                && s.matches_resource(target(action))
        })
    };
    let mut v = Verdict::new();
    for s in policy
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Allow)
    {
        let Some(who) = outsiders(s, &bucket.account_id) else {
            continue;
        };
        let actions: Vec<&str> = TAMPERING
            .into_iter()
            .filter(|a| s.matches_action(a) && s.matches_resource(target(a)) && !denied(a))
            .collect();
        if !actions.is_empty() {
            let name = s.label();
            v.fail(format!("{name} lets {who} run {}", actions.join(", ")));
        }
    }
    v.emit(
        em,
        bucket,
        format!(
            "trail log bucket {}: no other account may delete its logs or change its policy",
            bucket.name
        ),
    );
}

/// Who, outside the bucket's account, a statement names: every principal
/// (narrowed to the organization or not) or other accounts' principals.
fn outsiders(s: &Statement, owner: &str) -> Option<String> {
    if s.not_principal.is_some() {
        return Some("every principal but those it names (NotPrincipal)".to_string());
    }
    match s.principal.as_ref()? {
        Principals::All if s.conditions_on("aws:PrincipalOrgID").next().is_some() => {
            Some("every principal of the organization (aws:PrincipalOrgID)".to_string())
        }
        Principals::All => Some("every principal (Principal *)".to_string()),
        p => {
            let others: Vec<String> = p
                .aws_accounts()
                .into_iter()
                .filter(|a| a != owner)
                .collect();
            (!others.is_empty()).then(|| format!("account(s) {}", others.join(", ")))
        }
    }
}
