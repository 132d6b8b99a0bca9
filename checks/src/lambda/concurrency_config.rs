//! ## What it checks
//!
//! Lambda concurrency is set deliberately: each region keeps headroom in
//! the shared pool, no function is silently switched off by a reserved
//! concurrency of zero, critical production functions have a reservation,
//! and provisioned concurrency was allocated.
//!
//! Per region (`GetAccountSettings`):
//! - advisory: `UnreservedConcurrentExecutions` is within 10% of the
//!   enforced minimum of 100 (110 or less): reservations have used up the
//!   pool every other function shares, and no more can be made.
//! - PASS otherwise, naming what is left.
//! - ERROR (from the engine) where the settings could not be read.
//!
//! Per function:
//! - FAIL: a provisioned-concurrency configuration (`ListProvisionedConcurrencyConfigs`)
//!   has `Status=FAILED`; the reason names the qualifier and AWS's reason.
//! - advisory: `ReservedConcurrentExecutions=0`: every invocation is
//!   throttled, the function is effectively disabled.
//! - advisory *[prod-scoped]*: a production function tagged
//!   `criticality=high` has no reserved concurrency, so a burst elsewhere
//!   in the account can starve it.
//! - ERROR: its reserved or provisioned concurrency could not be read
//!   (a confirmed failure still wins).
//! - PASS otherwise.
//!
//! Not judged (the catalog's information only): provisioned concurrency
//! without an Application Auto Scaling target (no Application Auto Scaling
//! reads in this release), and a missing alarm on `Throttles`.
//!
//! ## Why it matters
//!
//! A region has 1,000 concurrent executions by default; reserved
//! concurrency caps and isolates a function, provisioned concurrency keeps
//! it warm, and Application Auto Scaling manages the latter (notes 000 ›
//! ## Resilient cloud solutions › Lambda). Throttled invocations (429s)
//! and a starved shared pool are outages that look like a healthy
//! deployment.
//!
//! ## How to fix
//!
//! - **Console**: Lambda › the function › Configuration › Concurrency:
//!   edit the reserved concurrency (not 0; a reservation for critical
//!   functions); Service Quotas to raise the regional limit; Provisioned
//!   concurrency: delete and recreate a failed configuration.
//! - **CLI**: `aws lambda put-function-concurrency --function-name F --reserved-concurrent-executions 50`
//!   (or `delete-function-concurrency`);
//!   `aws lambda get-provisioned-concurrency-config --function-name F --qualifier live`
//!   to read the failure, then `put-provisioned-concurrency-config`.
//! - **CloudFormation**: `AWS::Lambda::Function` `ReservedConcurrentExecutions`;
//!   `AWS::Lambda::Alias` `ProvisionedConcurrencyConfig`.
//!
//! ## References
//!
//! - Study notes: 000 › ## Resilient cloud solutions › Lambda (concurrency,
//!   reserved and provisioned concurrency).
//! - AWS: Lambda Developer Guide, "Lambda function scaling", "Configuring
//!   reserved concurrency" and "Configuring provisioned concurrency".
//! - AWS Config managed rule `lambda-concurrency-check`; Prowler has no
//!   equivalent check.

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::lambda::{self, AccountSettings, Function};
use crate::judge::regions;
use crate::settings::{Production, PROD_NAME_WORDS, PROD_TAG_KEY, PROD_TAG_VALUES};

pub static CHECK: Check = Check {
    id: "lambda-concurrency-config",
    title: "Lambda concurrency is deliberate: headroom kept, no zero reservations, provisioned concurrency healthy",
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

/// The unreserved concurrency Lambda never lets reservations go below.
const MINIMUM_UNRESERVED: i64 = 100;
/// Within 10% of the minimum: the pool is as good as exhausted.
const HEADROOM_FLOOR: i64 = MINIMUM_UNRESERVED + MINIMUM_UNRESERVED / 10;

fn run(ctx: &Context, em: &mut Emitter) {
    let lambda = ctx.lambda();
    for settings in &lambda.account_settings {
        judge_region(ctx, settings, em);
    }
    let production = ctx.production();
    for function in &lambda.functions {
        judge_function(&production, function, em);
    }
}

fn judge_region(ctx: &Context, s: &AccountSettings, em: &mut Emitter) {
    let subject = regions::region_subject(ctx, "lambda", &s.region);
    let (left, limit) = (s.unreserved_concurrent_executions, s.concurrent_executions);
    if left <= HEADROOM_FLOOR {
        em.warn(
            &subject,
            format!("only {left} of {limit} concurrent executions are left unreserved in {} (the minimum is {MINIMUM_UNRESERVED}): no reservation can grow and every other function shares what is left", s.region),
        );
    } else {
        em.pass(
            &subject,
            format!(
                "{left} of {limit} concurrent executions unreserved in {}",
                s.region
            ),
        );
    }
}

fn judge_function(production: &Production, f: &Function, em: &mut Emitter) {
    let mut v = Verdict::new();
    let mut pass = Vec::new();
    match f.reserved_concurrency.known() {
        Err(e) => v.error(e),
        Ok(Some(0)) => {
            v.warn("reserved concurrency is 0: every invocation is throttled, the function is effectively disabled");
        }
        Ok(Some(n)) => pass.push(format!("reserved concurrency {n}")),
        Ok(None) => {
            let critical = f
                .tags
                .get("criticality")
                .is_some_and(|c| c.eq_ignore_ascii_case("high"));
            if critical && production.is_production(Some(&f.tags), &f.name) {
                v.warn("critical production function (criticality=high) has no reserved concurrency: a burst elsewhere in the account can throttle it");
            } else {
                pass.push("no reserved concurrency".to_string());
            }
        }
    }
    match f.provisioned_concurrency.known() {
        Err(e) => v.error(e),
        Ok(configs) => {
            for c in configs.into_iter().flatten() {
                if c.status.eq_ignore_ascii_case("FAILED") {
                    v.fail(format!(
                        "provisioned concurrency of {} ({} requested) FAILED: {}",
                        c.qualifier,
                        c.requested,
                        c.status_reason.as_deref().unwrap_or("no reason given")
                    ));
                } else {
                    pass.push(format!(
                        "{} provisioned for {} ({})",
                        c.allocated, c.qualifier, c.status
                    ));
                }
            }
        }
    }
    v.emit(em, f, pass.join(", "));
}
