//! ## What it checks
//!
//! Every S3 bucket's policy explicitly denies requests that do not use TLS.
//! A statement qualifies when it is a `Deny`, applies to all principals
//! (`"*"`, `{"AWS": "*"}`), covers `s3:*` (or `*`) with no `NotAction`, and has
//! exactly one condition: `Bool` (or `BoolIfExists`) `aws:SecureTransport` =
//! `false`. Any other condition narrows the deny (for example
//! `StringNotEquals aws:PrincipalAccount` exempts principals) and disqualifies
//! it. The qualifying statements' `Resource` patterns must together cover both
//! the bucket (`arn:aws:s3:::NAME`) and its objects (`arn:aws:s3:::NAME/*`);
//! split statements are fine, wildcards follow IAM (`*`, `?`).
//!
//! - PASS: both the bucket and its objects are covered.
//! - FAIL: no bucket policy; no qualifying statement (the reason lists what
//!   each near-miss lacked); only one of the two ARNs covered; or only an
//!   `Allow` conditioned on `aws:SecureTransport=true`, which other grants
//!   (identity policies, ACLs) can bypass.
//! - Advisory (FAIL at low): the deny also matches `true`, so it denies every
//!   request; or the bucket has a website configuration and is tagged
//!   `website-endpoint=true` (website endpoints are HTTP-only, so a deny would
//!   break them).
//! - ERROR: the policy could not be read (e.g. `AccessDenied`: a restrictive
//!   policy may deny the auditor `GetBucketPolicy`), or does not parse.
//! - A separate `NumericLessThan s3:TlsVersion` deny is noted; it complements
//!   the HTTPS deny but does not replace it.
//!
//! ## Why it matters
//!
//! Plain-HTTP requests expose data and request signatures in transit. IAM
//! permissions alone do not force TLS: only an explicit deny in the bucket
//! policy does, whatever else grants access. The study notes put it bluntly:
//! always deny HTTP explicitly (notes 001 › ## Amazon S3: Enforcing HTTPS
//! Only).
//!
//! ## How to fix
//!
//! Add this statement to the bucket policy (replace `NAME`):
//!
//! ```json
//! {
//!   "Sid": "DenyInsecureTransport",
//!   "Effect": "Deny",
//!   "Principal": "*",
//!   "Action": "s3:*",
//!   "Resource": ["arn:aws:s3:::NAME", "arn:aws:s3:::NAME/*"],
//!   "Condition": {"Bool": {"aws:SecureTransport": "false"}}
//! }
//! ```
//!
//! - **Console**: S3 › the bucket › Permissions › Bucket policy › Edit, add the statement, Save.
//! - **CLI**: `aws s3api get-bucket-policy --bucket NAME` to fetch the current policy, merge the statement, then `aws s3api put-bucket-policy --bucket NAME --policy file://policy.json`.
//! - **CloudFormation**: an `AWS::S3::BucketPolicy` whose `PolicyDocument` contains the statement, with `Resource` set to `!GetAtt Bucket.Arn` and `!Sub '${Bucket.Arn}/*'`.
//!
//! ## References
//!
//! - Study notes: 001 › ## Amazon S3: Enforcing HTTPS Only.
//! - AWS: "How can I use bucket policies to require HTTPS (TLS) for requests to S3?" and the S3 user guide's "Enforcing encryption in transit".
//! - AWS Config managed rule `s3-bucket-ssl-requests-only`; Prowler `s3_bucket_secure_transport_policy`.

use crate::engine::{Check, Context, Emitter, Severity};
use crate::inventory::s3;
use crate::inventory::s3::Bucket;
use crate::policy::{Effect, Policy, Statement};

pub static CHECK: Check = Check {
    id: "s3-https-only",
    title: "S3 bucket policies deny all non-TLS access",
    service: "s3",
    severity: Severity::High,
    section: "001 › ## Amazon S3: Enforcing HTTPS Only",
    catalog: "SEC-27",
    reads: &[s3::BUCKETS, s3::POLICY, s3::WEBSITE, s3::BUCKET_TAGS],
    tolerates: &[],
    settings: &[],
    config_rule: Some("s3-bucket-ssl-requests-only"),
    prowler: Some("s3_bucket_secure_transport_policy"),
    source: include_str!("https_only.rs"),
    run,
};

/// Tag marking a bucket deliberately served through the (HTTP-only) website endpoint.
const WEBSITE_TAG: &str = "website-endpoint";

fn run(ctx: &Context, em: &mut Emitter) {
    for bucket in &ctx.s3().buckets {
        judge(bucket, em);
    }
}

fn judge(bucket: &Bucket, em: &mut Emitter) {
    let policy = match bucket.policy.known() {
        Err(e) => return em.error(bucket, e),
        Ok(None) => return fail_or_website_warn(bucket, em, "no bucket policy".to_string()),
        Ok(Some(doc)) => match doc.parse() {
            Ok(p) => p,
            Err(e) => return em.error_reason(bucket, format!("bucket policy: {e}")),
        },
    };
    let partition = bucket.arn.split(':').nth(1).unwrap_or("aws");
    let bucket_arn = format!("arn:{partition}:s3:::{}", bucket.name);
    let object_arn = format!("{bucket_arn}/x");

    let mut near_misses = Vec::new();
    let mut denies_all = false;
    let qualifying: Vec<&Statement> = policy
        .statements
        .iter()
        .filter(|s| match qualifies(s) {
            Ok(all) => {
                denies_all |= all;
                true
            }
            Err(why) => {
                if let Some(why) = why {
                    near_misses.push(why);
                }
                false
            }
        })
        .collect();
    let covers = |arn: &str| qualifying.iter().any(|s| s.matches_resource(arn));
    let (bucket_covered, objects_covered) = (covers(&bucket_arn), covers(&object_arn));
    let tls_version_note = has_tls_version_deny(&policy);

    let reason = match (bucket_covered, objects_covered) {
        (true, true) if denies_all => {
            return em.warn(bucket, "the aws:SecureTransport deny matches both true and false, so it denies every request");
        }
        (true, true) => {
            let mut r = format!("bucket policy denies non-TLS access to {bucket_arn} and {bucket_arn}/*");
            if tls_version_note {
                r.push_str(" (note: also denies TLS versions below the minimum)");
            }
            return em.pass(bucket, r);
        }
        (true, false) => format!("the non-TLS deny covers {bucket_arn} but not its objects ({bucket_arn}/*)"),
        (false, true) => format!("the non-TLS deny covers {bucket_arn}/* but not the bucket itself ({bucket_arn})"),
        (false, false) if allows_with_tls_only(&policy) => {
            "allow-with-TLS-condition only: an Allow conditioned on aws:SecureTransport=true does not stop other grants from allowing HTTP".to_string()
        }
        (false, false) => {
            let mut r = format!("bucket policy has no Deny for aws:SecureTransport=false on {bucket_arn}/*");
            if !near_misses.is_empty() {
                r.push_str(&format!(" ({})", near_misses.join("; ")));
            }
            r
        }
    };
    fail_or_website_warn(bucket, em, reason);
}

/// Website endpoints are HTTP-only: a bucket deliberately served that way
/// gets an advisory instead of a FAIL.
fn fail_or_website_warn(bucket: &Bucket, em: &mut Emitter, reason: String) {
    let website = bucket.website.value().is_some();
    let tagged = bucket
        .tags
        .get(WEBSITE_TAG)
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    if website && tagged {
        em.warn(
            bucket,
            format!("{reason}; the bucket is served through its HTTP-only website endpoint"),
        );
    } else {
        em.fail(bucket, reason);
    }
}

/// `Ok(denies_all)` when `s` is a qualifying TLS deny (`denies_all`: its value
/// set also holds `true`); `Err(Some(why))` for a near miss worth reporting,
/// `Err(None)` for statements unrelated to TLS.
fn qualifies(s: &Statement) -> Result<bool, Option<String>> {
    let sid = s
        .sid
        .as_deref()
        .map(|x| format!("statement {x:?}"))
        .unwrap_or_else(|| "a statement".into());
    let tls: Vec<_> = s
        .conditions_on("aws:SecureTransport")
        .filter(|c| c.operator_is("Bool") || c.operator_is("BoolIfExists"))
        .collect();
    if s.effect != Effect::Deny || tls.is_empty() {
        return Err(None);
    }
    let values: Vec<String> = tls
        .iter()
        .flat_map(|c| c.values.iter().map(|v| v.to_ascii_lowercase()))
        .collect();
    if !values.iter().any(|v| v == "false") {
        return Err(Some(format!(
            "{sid} denies aws:SecureTransport={} rather than false",
            values.join(",")
        )));
    }
    if s.not_principal.is_some() {
        return Err(Some(format!(
            "{sid} uses NotPrincipal, which exempts principals"
        )));
    }
    if !s.principal.as_ref().is_some_and(|p| p.is_all()) {
        return Err(Some(format!(
            "{sid} applies to specific principals, not \"*\""
        )));
    }
    if s.not_action.is_some() {
        return Err(Some(format!("{sid} uses NotAction")));
    }
    if !(s.lists_action("s3:*") || s.lists_action("*")) {
        let listed = s.action.as_ref().map(|a| a.join(",")).unwrap_or_default();
        return Err(Some(format!("{sid} denies only {listed}, not s3:*")));
    }
    if s.not_resource.is_some() {
        return Err(Some(format!("{sid} uses NotResource")));
    }
    if s.conditions.len() != tls.len() {
        let extra: Vec<String> = s
            .conditions
            .iter()
            .filter(|c| !tls.iter().any(|t| std::ptr::eq(*t, *c)))
            .map(|c| format!("{} {}", c.operator, c.key))
            .collect();
        return Err(Some(format!("{sid} is narrowed by {}", extra.join(", "))));
    }
    Ok(values.iter().any(|v| v == "true"))
}

fn allows_with_tls_only(policy: &Policy) -> bool {
    policy.statements.iter().any(|s| {
        s.effect == Effect::Allow
            && s.conditions_on("aws:SecureTransport")
                .any(|c| c.values.iter().any(|v| v.eq_ignore_ascii_case("true")))
    })
}

fn has_tls_version_deny(policy: &Policy) -> bool {
    policy.statements.iter().any(|s| {
        s.effect == Effect::Deny
            && s.conditions_on("s3:TlsVersion")
                .any(|c| c.operator_is("NumericLessThan"))
    })
}
