//! ## What it checks
//!
//! Concurrency is set deliberately: the account keeps headroom in each
//! region, no function is silently disabled, critical production functions
//! have concurrency of their own, and provisioned concurrency is healthy.
//!
//! **Each region** (one finding, on `arn:aws:lambda:<region>:<account>`):
//!
//! - Advisory (FAIL at low): `UnreservedConcurrentExecutions` is within 10%
//!   of the enforced minimum of 100 (110 or less): reserving more for one
//!   function starves all the others.
//! - PASS otherwise; ERROR when `GetAccountSettings` could not be read.
//!
//! **Each function** (one finding):
//!
//! - FAIL: a provisioned-concurrency configuration has `Status=FAILED`.
//! - Advisory: reserved concurrency 0 (every invocation is throttled: the
//!   function is effectively disabled); a production function tagged
//!   `criticality=high` with no reserved concurrency (production scoping:
//!   the production tag, else a name word).
//! - PASS otherwise, naming its reserved and provisioned concurrency.
//! - ERROR: its reserved or provisioned concurrency could not be read.
//!
//! Not covered: the catalog's two information items (provisioned
//! concurrency without an Application Auto Scaling target, and no alarm on
//! `Throttles`), which would make every finding depend on the Application
//! Auto Scaling and CloudWatch sections for a note.
//!
//! ## Why it matters
//!
//! A region's functions share 1,000 concurrent executions by default.
//! Reserved concurrency caps a function and isolates it from the others;
//! provisioned concurrency keeps environments warm so there are no cold
//! starts; synchronous callers of a throttled function get 429s and
//! asynchronous events are retried, then dropped (notes 000 › Resilient
//! cloud solutions › "Lambda": concurrency; cold starts & provisioned
//! concurrency; reserved and provisioned concurrency). Reserving too much
//! leaves too little for the rest; a reservation of 0 stops a function;
//! failed provisioned concurrency brings the cold starts back.
//!
//! ## How to fix
//!
//! - **Console**: Lambda › the function › Configuration › Concurrency › Edit › Reserve concurrency (a number above 0, or Use unreserved account concurrency); Provisioned concurrency configurations › Add or fix the failed one. Service Quotas › Lambda › Concurrent executions › Request increase when the account runs out of headroom.
//! - **CLI**: `aws lambda put-function-concurrency --function-name F --reserved-concurrent-executions 50` (or `delete-function-concurrency`); `aws lambda put-provisioned-concurrency-config --function-name F --qualifier live --provisioned-concurrent-executions 10`; `aws lambda get-account-settings`.
//! - **CloudFormation**: `ReservedConcurrentExecutions` on `AWS::Lambda::Function`; `ProvisionedConcurrencyConfig` on `AWS::Lambda::Alias` (scaled by an `AWS::ApplicationAutoScaling::ScalableTarget`).
//!
//! ## References
//!
//! - Study notes: 000 › Resilient cloud solutions › "Lambda" (concurrency; cold starts & provisioned concurrency; reserved and provisioned concurrency).
//! - AWS: Lambda developer guide, "Lambda function scaling", "Configuring reserved concurrency" and "Configuring provisioned concurrency".
//! - AWS Config managed rule `lambda-concurrency-check`; no Prowler check.

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::lambda;
use crate::inventory::lambda::Function;
use crate::judge::regions;
use crate::settings::{PROD_NAME_WORDS, PROD_TAG_KEY, PROD_TAG_VALUES};

pub static CHECK: Check = Check {
    id: "lambda-concurrency-config",
    title: "Concurrency is deliberate: headroom kept, no zero-reserved surprises, provisioned concurrency healthy",
    service: "lambda",
    severity: Severity::Low,
    section: "000 › Resilient cloud solutions › \"Lambda\"",
    catalog: "RES-02",
    reads: &[
        lambda::FUNCTIONS,
        lambda::FUNCTION_TAGS,
        lambda::RESERVED_CONCURRENCY,
        lambda::PROVISIONED_CONCURRENCY,
        lambda::ACCOUNT_SETTINGS,
    ],
    tolerates: &[],
    settings: &[&PROD_TAG_KEY, &PROD_TAG_VALUES, &PROD_NAME_WORDS],
    config_rule: Some("lambda-concurrency-check"),
    prowler: None,
    source: include_str!("concurrency_config.rs"),
    run,
};

/// The unreserved concurrency Lambda always keeps for functions without a reservation.
const ENFORCED_MINIMUM: i64 = 100;
/// Within 10% of the minimum: the advisory threshold.
const HEADROOM_FLOOR: i64 = ENFORCED_MINIMUM + ENFORCED_MINIMUM / 10;
/// The tag (and value) that marks a critical function.
const CRITICALITY_TAG: (&str, &str) = ("criticality", "high");

fn run(ctx: &Context, em: &mut Emitter) {
    let lambda = ctx.lambda();
    for r in &lambda.regions {
        let subject = regions::region_subject(ctx, "lambda", &r.region);
        match r.account_settings.known() {
            Err(e) => em.error(&subject, e),
            Ok(None) => em.error_reason(&subject, "GetAccountSettings returned no account limit"),
            Ok(Some(s)) if s.unreserved_concurrent_executions <= HEADROOM_FLOOR => em.warn(
                &subject,
                format!(
                    "only {} of the region's {} concurrent executions are unreserved, within 10% of the minimum of {ENFORCED_MINIMUM} Lambda keeps: functions without a reservation will be throttled",
                    s.unreserved_concurrent_executions, s.concurrent_executions
                ),
            ),
            Ok(Some(s)) => em.pass(
                &subject,
                format!(
                    "{} of {} concurrent executions unreserved",
                    s.unreserved_concurrent_executions, s.concurrent_executions
                ),
            ),
        }
    }
    let production = ctx.production();
    for f in &lambda.functions {
        let critical = f.tags.iter().any(|(k, v)| {
            k.eq_ignore_ascii_case(CRITICALITY_TAG.0) && v.trim().eq_ignore_ascii_case(CRITICALITY_TAG.1)
        }) && production.is_production(Some(&f.tags), &f.name);
        judge_function(f, critical, em);
    }
}

fn judge_function(f: &Function, critical: bool, em: &mut Emitter) {
    let mut v = Verdict::new();
    let mut pass = Vec::new();
    match f.reserved_concurrency.known() {
        Err(e) => v.error(e),
        Ok(Some(0)) => v.warn(
            "reserved concurrency is 0: every invocation is throttled (the function is effectively disabled)",
        ),
        Ok(Some(n)) => pass.push(format!("reserved concurrency {n}")),
        Ok(None) if critical => v.warn(format!(
            "tagged {}={} in production but has no reserved concurrency: other functions can starve it",
            CRITICALITY_TAG.0, CRITICALITY_TAG.1
        )),
        Ok(None) => pass.push("no reserved concurrency".to_string()),
    }
    match f.provisioned_concurrency.known() {
        Err(e) => v.error(e),
        Ok(configs) => {
            for c in configs.into_iter().flatten() {
                if c.status.eq_ignore_ascii_case("FAILED") {
                    let why = c
                        .status_reason
                        .as_deref()
                        .map(|r| format!(": {r}"))
                        .unwrap_or_default();
                    v.fail(format!(
                        "provisioned concurrency on {} FAILED{why}",
                        c.qualifier
                    ));
                } else {
                    pass.push(format!(
                        "provisioned concurrency {} on {} ({} of {} allocated)",
                        c.status, c.qualifier, c.allocated, c.requested
                    ));
                }
            }
        }
    }
    v.emit(em, f, pass.join("; "));
}
