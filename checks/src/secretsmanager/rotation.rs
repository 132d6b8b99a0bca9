//! ## What it checks
//!
//! Every Secrets Manager secret rotates, on a schedule no longer than
//! `max_rotation_days` (default 90), and its rotation actually happens; its
//! encryption allows the sharing it is configured for; and secrets tagged for
//! multi-region disaster recovery have a replica in sync.
//!
//! - SKIP: secrets managed by another service (`OwningService`, e.g. `rds`):
//!   they are evaluated by that service's rules.
//! - FAIL: rotation is disabled (`RotationEnabled=false`).
//! - FAIL: the rotation interval exceeds `max_rotation_days`. The interval is
//!   `AutomaticallyAfterDays` and/or the one derived from `ScheduleExpression`
//!   (the longer, when both are given): `rate(N days)` and `rate(N hours)`
//!   are exact; for `cron(...)` the longest gap between consecutive firings
//!   over the next eight years is derived (UTC; `L`, `W`, `#` supported). A
//!   cron schedule that never fires again fails. A cron expression that
//!   cannot be interpreted is reported as a limitation: ERROR when it is the
//!   only source of the interval, a note when `AutomaticallyAfterDays` is
//!   there as well.
//! - FAIL: rotation is failing: `LastRotatedDate` (or `CreatedDate` when the
//!   secret was never rotated) is older than the interval plus the rotation
//!   window plus `rotation_grace_days` (default 7) at the scan time. The
//!   window is `RotationRules.Duration` (`Nh`, 1 to 24 hours: Secrets
//!   Manager rotates any time within it after each scheduled start); without
//!   one, AWS's default: an hour for `rate(N hours)`, else up to the end of
//!   the UTC day (a day is counted). A `Duration` that is not 1 to 24 hours
//!   is noted, and a day is counted.
//! - FAIL: the rotation Lambda (`RotationLambdaARN`, any version or alias
//!   qualifier ignored) is not among the account's Lambda functions in its
//!   region. ERROR when Lambda could not be listed in that region, when the
//!   region was not collected, or when the function is in another account.
//!   A rotating secret with no rotation Lambda (managed rotation) is noted.
//! - Advisory (FAIL at low): the secret uses the AWS managed key
//!   `aws/secretsmanager` (no `KmsKeyId`) and its resource policy allows
//!   another account (an AWS principal of another account, or `*` not
//!   narrowed to this account by `aws:PrincipalAccount`): AWS managed keys
//!   cannot be used across accounts. With `require_cmk = true` the AWS managed
//!   key is advisory whatever the policy. ERROR when the policy could not be
//!   read or parsed and it matters.
//! - Advisory: the secret is tagged `dr-tier=multi-region` and has no replica
//!   with status `InSync`. A replica (its `PrimaryRegion` is another region)
//!   is noted instead: replication is judged at its primary.
//! - ERROR: the interval or the last rotation cannot be known (rotation
//!   enabled with no rules; no `LastRotatedDate` nor `CreatedDate`).
//!
//! ## Why it matters
//!
//! A secret that never rotates is a standing credential: once leaked, it
//! works until someone notices. The notes present forced rotation every X
//! days through a Lambda function, KMS encryption, and multi-region replicas
//! for disaster recovery as what Secrets Manager is for (notes 000 › ##
//! Security and Compliance › - AWS secrets manager), and CloudFormation's
//! `SecretTargetAttachment` to wire rotation to a database (notes 000 › ##
//! Configuration Management and IaC › - cloudformation:). Rotation that is
//! enabled but failing (the Lambda deleted, a permission missing) is worse
//! than none: everyone believes it works.
//!
//! ## How to fix
//!
//! - **Console**: Secrets Manager › the secret › Rotation › Edit rotation: turn on automatic rotation, set a schedule of at most 90 days, choose (or create) the rotation function; check the last rotation in the secret's details, and the function's CloudWatch logs when it is failing. Replicate secret (Replication) for DR; Encryption key for a customer managed key.
//! - **CLI**: `aws secretsmanager rotate-secret --secret-id NAME --rotation-lambda-arn LAMBDA_ARN --rotation-rules '{"ScheduleExpression": "rate(30 days)"}'`; `aws secretsmanager replicate-secret-to-regions --secret-id NAME --add-replica-regions Region=eu-west-1`; `aws secretsmanager update-secret --secret-id NAME --kms-key-id KEY_ARN`.
//! - **CloudFormation**: an `AWS::SecretsManager::RotationSchedule` with `RotationLambdaARN` (or `HostedRotationLambda`) and `RotationRules: {ScheduleExpression: rate(30 days)}`, a `AWS::SecretsManager::SecretTargetAttachment` for database secrets, and on the `AWS::SecretsManager::Secret` a `KmsKeyId` and `ReplicaRegions`.
//!
//! ## References
//!
//! - Study notes: 000 › ## Security and Compliance › - AWS secrets manager; 000 › ## Configuration Management and IaC › - cloudformation:.
//! - AWS: Secrets Manager user guide, "Rotate AWS Secrets Manager secrets", "Rotation schedules" (`rate` and `cron` expressions), "Troubleshoot rotation", "Replicate secrets across Regions" and "Secret encryption and decryption"; API reference, `DescribeSecret`.
//! - AWS Config managed rules `secretsmanager-rotation-enabled-check`, `secretsmanager-scheduled-rotation-success-check`, `secretsmanager-secret-periodic-rotation`, `secretsmanager-using-cmk`; Prowler `secretsmanager_automatic_rotation_enabled`.

use crate::arn::{self, Arn};
use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::lambda::Function;
use crate::inventory::secretsmanager::SecretEntry;
use crate::inventory::{lambda, secretsmanager};
use crate::judge::reference::{ByPlace, Reference};
use crate::judge::schedule;
use crate::policy::{Effect, Policy, Principals};
use crate::settings::{at_least_one, zero_or_more, Setting, REQUIRE_CMK};
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;

/// The longest acceptable rotation interval.
static MAX_ROTATION_DAYS: Setting<i64> = Setting::new(
    "max_rotation_days",
    "The longest acceptable rotation interval, in days.",
    "90",
    at_least_one,
);

/// Slack after the interval before rotation counts as failing.
static ROTATION_GRACE_DAYS: Setting<i64> = Setting::new(
    "rotation_grace_days",
    "Days of slack after the rotation interval before a secret counts as not rotating.",
    "7",
    zero_or_more,
);

pub static CHECK: Check = Check {
    id: "secretsmanager-rotation",
    title: "Secrets rotate on schedule and successfully; replicated where DR requires it",
    service: "secretsmanager",
    severity: Severity::High,
    section: "000 › Security and Compliance › \"AWS secrets manager\"",
    catalog: "SEC-26",
    reads: &[
        secretsmanager::SECRETS,
        secretsmanager::SECRET_POLICY,
        lambda::FUNCTIONS,
    ],
    tolerates: &[],
    settings: &[&MAX_ROTATION_DAYS, &ROTATION_GRACE_DAYS, &REQUIRE_CMK],
    config_rule: Some("secretsmanager-rotation-enabled-check"),
    prowler: Some("secretsmanager_automatic_rotation_enabled"),
    source: include_str!("rotation.rs"),
    run,
};

/// The tag and value that ask for a multi-region replica.
const DR_TAG: (&str, &str) = ("dr-tier", "multi-region");

fn run(ctx: &Context, em: &mut Emitter) {
    let mut seen = Seen {
        functions: ByPlace::new(&ctx.lambda().functions, |f| {
            (&f.account_id, &f.region, &f.name)
        }),
        gaps: HashMap::new(),
    };
    for secret in &ctx.secretsmanager().secrets {
        judge(ctx, &mut seen, secret, em);
    }
}

/// What the secrets of one account are judged against, computed once.
struct Seen<'a> {
    /// Every Lambda function.
    functions: ByPlace<'a, Function>,
    /// Each schedule expression's longest gap: it depends only on the
    /// expression and the scan time, and cron takes years of days to walk.
    gaps: HashMap<&'a str, Result<Option<Duration>, String>>,
}

fn judge<'a>(ctx: &Context, seen: &mut Seen<'a>, s: &'a SecretEntry, em: &mut Emitter) {
    if let Some(owner) = &s.owning_service {
        return em.skip(
            s,
            format!("managed by {owner}: evaluated by that service's rules"),
        );
    }
    let mut v = Verdict::new();
    let mut pass = format!("secret {}", s.name);
    if s.rotation_enabled {
        if let Some(interval) = rotation_interval(ctx, seen, s, &mut v) {
            pass.push_str(&format!(" rotates every {}", span(interval)));
            rotation_age(ctx, s, interval, &mut v);
        }
        rotation_lambda(ctx, seen, s, &mut v);
    } else {
        v.fail(format!("rotation is disabled for secret {}", s.name));
    }
    encryption(ctx, s, &mut v);
    replication(s, &mut v);
    v.emit(em, s, pass);
}

/// The rotation interval, failing it against `max_rotation_days`.
fn rotation_interval<'a>(
    ctx: &Context,
    seen: &mut Seen<'a>,
    s: &'a SecretEntry,
    v: &mut Verdict,
) -> Option<Duration> {
    let rules = s.rotation_rules.as_ref();
    let days = rules
        .and_then(|r| r.automatically_after_days)
        .map(Duration::days);
    let mut interval = days;
    if let Some(expr) = rules.and_then(|r| r.schedule_expression.as_deref()) {
        let gap = seen
            .gaps
            .entry(expr)
            .or_insert_with(|| schedule::longest_gap(expr, ctx.now));
        match gap.clone() {
            Ok(Some(gap)) => interval = interval.max(Some(gap)),
            Ok(None) => {
                v.fail(format!(
                    "schedule {expr} does not fire again within {} days",
                    schedule::HORIZON_DAYS
                ));
                return None;
            }
            Err(why) if days.is_some() => v.note(format!(
                "cannot derive the interval from {expr} ({why}); AutomaticallyAfterDays is used"
            )),
            Err(why) => {
                v.error_reason(format!(
                    "cannot derive the rotation interval from {expr}: {why}"
                ));
                return None;
            }
        }
    }
    let Some(interval) = interval else {
        v.error_reason("rotation is enabled but no rotation schedule is known");
        return None;
    };
    let max = ctx.setting(&MAX_ROTATION_DAYS);
    if interval > Duration::days(max) {
        v.fail(format!(
            "rotation interval {} exceeds the maximum of {max} days",
            span(interval)
        ));
    }
    Some(interval)
}

/// How long after each scheduled start rotation may still happen, and the
/// window as `Duration` states it (`None` when AWS's default applies).
fn rotation_window(s: &SecretEntry, v: &mut Verdict) -> (Duration, Option<String>) {
    let rules = s.rotation_rules.as_ref();
    let whole_day = Duration::hours(24);
    let Some(given) = rules.and_then(|r| r.duration.as_deref()) else {
        let hourly = rules
            .and_then(|r| r.schedule_expression.as_deref())
            .is_some_and(schedule::is_hourly_rate);
        return (
            if hourly {
                Duration::hours(1)
            } else {
                whole_day
            },
            None,
        );
    };
    let hours = given
        .trim()
        .strip_suffix(['h', 'H'])
        .and_then(|n| n.trim().parse::<i64>().ok())
        .filter(|h| (1..=24).contains(h));
    match hours {
        Some(h) => (Duration::hours(h), Some(given.trim().to_string())),
        None => {
            v.note(format!(
                "rotation window {given:?} is not 1h to 24h; a whole day is counted"
            ));
            (whole_day, None)
        }
    }
}

/// Fails when the last rotation (or the creation) is older than the
/// interval plus the rotation window plus grace.
fn rotation_age(ctx: &Context, s: &SecretEntry, interval: Duration, v: &mut Verdict) {
    let (last, what) = match (s.last_rotated_date, s.created_date) {
        (Some(t), _) => (t, "last rotated"),
        (None, Some(t)) => (t, "never rotated; created"),
        (None, None) => {
            return v.error_reason(
                "neither LastRotatedDate nor CreatedDate is known, so rotation cannot be dated",
            )
        }
    };
    let grace = ctx.setting(&ROTATION_GRACE_DAYS);
    let (window, stated) = rotation_window(s, v);
    let age = ctx.now - last;
    if age > interval + window + Duration::days(grace) {
        let window = stated
            .map(|w| format!(" and its {w} rotation window"))
            .unwrap_or_default();
        v.fail(format!(
            "rotation is failing: {what} {} ({} days ago), beyond the {} interval plus {grace} days' grace{window}",
            date(last),
            age.num_days(),
            span(interval)
        ));
    }
}

/// The rotation Lambda must exist where its ARN says.
fn rotation_lambda(ctx: &Context, seen: &Seen, s: &SecretEntry, v: &mut Verdict) {
    let Some(lambda_arn) = s.rotation_lambda_arn.as_deref() else {
        return v.note("no rotation Lambda (managed rotation)");
    };
    let parsed = Arn::parse(lambda_arn).and_then(|a| {
        let name = a.resource.strip_prefix("function:")?.split(':').next()?;
        (!name.is_empty()).then_some((a.region, a.account, name))
    });
    let Some((region, account, name)) = parsed else {
        return v.error_reason(format!(
            "rotation Lambda {lambda_arn} is not a Lambda function ARN"
        ));
    };
    Reference::regional(format!("rotation Lambda {name}"), "lambda", region, account)
        .resolve(ctx, seen.functions.get(account, region, name))
        .or_record(v);
}

/// The AWS managed key cannot be shared: advisory when the secret is shared
/// with another account, or when `require_cmk` is set.
fn encryption(ctx: &Context, s: &SecretEntry, v: &mut Verdict) {
    let aws_managed = s.kms_key_id.as_deref().is_none_or(|k| {
        k == "alias/aws/secretsmanager" || k.ends_with(":alias/aws/secretsmanager")
    });
    if !aws_managed {
        return;
    }
    if ctx.setting(&REQUIRE_CMK) {
        return v
            .warn("encrypted with the AWS managed key aws/secretsmanager, and require_cmk is set");
    }
    let policy = match s.policy.known() {
        Err(e) => {
            return v.error_reason(format!(
                "uses the AWS managed key, and its resource policy could not be read: {e}"
            ))
        }
        Ok(None) => return,
        Ok(Some(doc)) => match doc.parse() {
            Ok(p) => p,
            Err(e) => return v.error_reason(format!("resource policy: {e}")),
        },
    };
    let others = other_accounts_allowed(&policy, &ctx.account.account_id);
    if !others.is_empty() {
        v.warn(format!(
            "encrypted with the AWS managed key aws/secretsmanager, but its resource policy allows account(s) {}: AWS managed keys cannot be used across accounts",
            others.join(", ")
        ));
    }
}

/// Accounts other than `own` that the policy's Allow statements admit: their
/// ids, or `*` for a principal (or `NotPrincipal`) open to everyone that
/// `StringEquals aws:PrincipalAccount` does not narrow to `own`.
fn other_accounts_allowed(policy: &Policy, own: &str) -> Vec<String> {
    let mut others: Vec<String> = Vec::new();
    for st in policy
        .statements
        .iter()
        .filter(|st| st.effect == Effect::Allow)
    {
        let granted: Vec<String> = match (&st.principal, &st.not_principal) {
            (_, Some(_)) | (Some(Principals::All), _) => {
                let narrowed = st.conditions_on("aws:PrincipalAccount").any(|c| {
                    c.operator_is("StringEquals")
                        && !c.values.is_empty()
                        && c.values.iter().all(|a| a == own)
                });
                if narrowed {
                    vec![]
                } else {
                    vec!["*".to_string()]
                }
            }
            (Some(p), None) => p
                .of_type("AWS")
                .iter()
                .map(|a| match a.as_str() {
                    "*" => "*".to_string(),
                    a => arn::account_of(a).unwrap_or(a).to_string(),
                })
                .filter(|a| a != own)
                .collect(),
            (None, None) => vec![],
        };
        for a in granted {
            if !others.contains(&a) {
                others.push(a);
            }
        }
    }
    others
}

/// `dr-tier=multi-region` needs a replica in sync.
fn replication(s: &SecretEntry, v: &mut Verdict) {
    let wants_dr = s.tags.iter().any(|(k, val)| {
        k.trim().eq_ignore_ascii_case(DR_TAG.0) && val.trim().eq_ignore_ascii_case(DR_TAG.1)
    });
    if !wants_dr {
        return;
    }
    if let Some(primary) = s.primary_region.as_deref().filter(|p| *p != s.region) {
        return v.note(format!(
            "replica of the primary in {primary}: replication is judged there"
        ));
    }
    if s.replication_status
        .iter()
        .any(|r| r.status.eq_ignore_ascii_case("InSync"))
    {
        return;
    }
    let replicas: Vec<String> = s
        .replication_status
        .iter()
        .map(|r| format!("{} {}", r.region, r.status))
        .collect();
    let have = if replicas.is_empty() {
        "no replicas".to_string()
    } else {
        format!("replicas: {}", replicas.join(", "))
    };
    v.warn(format!(
        "tagged dr-tier=multi-region but no replica is InSync ({have})"
    ));
}

/// `30 days`, or `4 hours` when not a whole number of days.
fn span(d: Duration) -> String {
    if d.num_hours() % 24 == 0 {
        format!("{} days", d.num_days())
    } else {
        format!("{} hours", d.num_hours())
    }
}

fn date(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d").to_string()
}
