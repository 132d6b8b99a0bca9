//! ## What it checks
//!
//! Public endpoints are probed by CloudWatch Synthetics canaries that are
//! running, passing, on a supported runtime and alarmed.
//!
//! One finding per canary:
//!
//! - Advisory (FAIL at low) when any of these holds: its state
//!   (`Status.State`) is not `RUNNING`; its last run `FAILED`; its runtime
//!   version's `DeprecationDate` has passed; no CloudWatch alarm of its
//!   region watches its `SuccessPercent` (namespace `CloudWatchSynthetics`,
//!   dimension `CanaryName`).
//! - PASS otherwise.
//! - ERROR when its last run, its region's runtime versions (when its
//!   runtime is not among those read), or its region's alarms could not be
//!   read: an unknown wins over an advisory.
//!
//! One finding for the account (`arn:aws:synthetics::ACCOUNT`) on the
//! endpoints of the setting `canary_endpoints` (host names or URLs): a
//! canary covers an endpoint when its `endpoint` tag names it (compared
//! ignoring case and a trailing `/`).
//!
//! - Advisory: an endpoint has no canary.
//! - PASS: every endpoint has one.
//! - SKIP: no endpoint is configured (the default).
//! - ERROR: an endpoint has no canary among those seen, and Synthetics
//!   could not be listed in a region.
//!
//! Gap: the catalog asks for the *public production endpoints*. A canary's
//! target URL lives in its script (or in environment variables the
//! auditor must not read), so which endpoint a canary probes is only
//! known from the `endpoint` tag; the endpoints are configured rather than
//! derived from API Gateway stages, load balancers and distributions.
//!
//! ## Why it matters
//!
//! A canary notices a broken page or API before customers do, but only if
//! it runs, passes when things are well, runs on a runtime that still gets
//! fixes, and raises an alarm when it fails. The notes: CloudWatch
//! Synthetics canaries are scripts that monitor APIs and URLs on a
//! schedule, from heartbeat and API blueprints (notes 000 › Monitoring and
//! Logging › "cloudwatch synthetics canary").
//!
//! ## How to fix
//!
//! - **Console**: CloudWatch › Application Signals › Synthetics Canaries › Create canary (Heartbeat monitoring or API canary blueprint) for each endpoint, tag it `endpoint=<host>`, and in its Alarms tab create an alarm on `SuccessPercent` below 100 for 2 of 2 periods; Actions › Start for a stopped canary; Edit › Runtime version for a deprecated runtime.
//! - **CLI**: `aws synthetics create-canary --name NAME --runtime-version syn-nodejs-puppeteer-9.1 --schedule Expression='rate(5 minutes)' --code Handler=index.handler,S3Bucket=…,S3Key=… --artifact-s3-location s3://… --execution-role-arn ROLE --tags endpoint=HOST`; `aws synthetics start-canary --name NAME`; `aws cloudwatch put-metric-alarm --namespace CloudWatchSynthetics --metric-name SuccessPercent --dimensions Name=CanaryName,Value=NAME --statistic Average --period 300 --evaluation-periods 2 --threshold 100 --comparison-operator LessThanThreshold --alarm-actions TOPIC_ARN`.
//! - **CloudFormation**: `AWS::Synthetics::Canary` with `StartCanaryAfterCreation: true`, a current `RuntimeVersion` and `Tags` naming the endpoint; an `AWS::CloudWatch::Alarm` on `SuccessPercent` with the `CanaryName` dimension.
//!
//! ## References
//!
//! - Study notes: 000 › Monitoring and Logging › "cloudwatch synthetics canary".
//! - AWS: "Synthetic monitoring (canaries)", "Canary runtime versions" (deprecation), "CloudWatch metrics published by canaries" (CloudWatch user guide).
//! - No AWS Config managed rule or Prowler check.

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::cloudwatch::{self, Alarm};
use crate::inventory::synthetics::{self, Canary, RuntimeVersion};
use crate::judge::regions;
use crate::settings::{patterns, Setting, Tunable};
use std::collections::{HashMap, HashSet};

/// The endpoints that must have a canary.
static ENDPOINTS: Setting<Vec<String>> = Setting::new(
    "canary_endpoints",
    "Endpoints (host names or URLs) that must be probed by a CloudWatch Synthetics canary; a canary covers the endpoint its `endpoint` tag names. Empty (the default): the endpoint finding is a SKIP.",
    "[]",
    patterns,
);

pub static CHECK: Check = Check {
    id: "synthetics-canaries",
    title: "Public endpoints have healthy canaries with alarms",
    service: "cloudwatch",
    severity: Severity::Info,
    section: "000 › Monitoring and Logging › \"cloudwatch synthetics canary\"",
    catalog: "MON-14",
    reads: &[
        synthetics::CANARIES,
        synthetics::LAST_RUNS,
        synthetics::RUNTIME_VERSIONS,
        cloudwatch::ALARMS,
    ],
    tolerates: &[synthetics::RUNTIME_VERSIONS],
    settings: &[&ENDPOINTS],
    config_rule: None,
    prowler: None,
    source: include_str!("synthetics_canaries.rs"),
    run,
};

/// The tag that names the endpoint a canary probes.
const ENDPOINT_TAG: &str = "endpoint";

fn run(ctx: &Context, em: &mut Emitter) {
    let s = ctx.synthetics();
    let runtimes: HashMap<(&str, &str), &RuntimeVersion> = s
        .runtime_versions
        .iter()
        .map(|v| ((v.region.as_str(), v.name.as_str()), v))
        .collect();
    let alarmed = alarmed_canaries(&ctx.cloudwatch().alarms);
    for canary in &s.canaries {
        judge_canary(ctx, canary, &runtimes, &alarmed, em);
    }
    endpoints(ctx, &s.canaries, em);
}

/// `(region, canary name)` of every canary an alarm watches the
/// `SuccessPercent` of.
fn alarmed_canaries(alarms: &[Alarm]) -> HashSet<(&str, &str)> {
    alarms
        .iter()
        .filter(|a| {
            a.namespace.as_deref() == Some("CloudWatchSynthetics")
                && a.metric_name.as_deref() == Some("SuccessPercent")
        })
        .filter_map(|a| Some((a.region.as_str(), a.dimension("CanaryName")?)))
        .collect()
}

fn judge_canary(
    ctx: &Context,
    c: &Canary,
    runtimes: &HashMap<(&str, &str), &RuntimeVersion>,
    alarmed: &HashSet<(&str, &str)>,
    em: &mut Emitter,
) {
    let mut v = Verdict::new();
    if c.state != "RUNNING" {
        v.warn(format!("canary is {}, not RUNNING", c.state));
    }
    match c.last_run.known() {
        Ok(Some(state)) if state == "FAILED" => v.warn("its last run FAILED"),
        Ok(Some(_)) => {}
        Ok(None) => v.note("it has not run yet"),
        Err(e) => v.error(e),
    }
    let runtime = c.runtime_version.as_str();
    match runtimes.get(&(c.region.as_str(), runtime)) {
        Some(r) => {
            if let Some(date) = r.deprecation_date.filter(|d| *d <= ctx.now) {
                v.warn(format!(
                    "runtime {runtime} was deprecated on {}",
                    date.format("%Y-%m-%d")
                ));
            }
        }
        None => match ctx.unreadable(synthetics::RUNTIME_VERSIONS, &c.region) {
            Some(e) => v.error_reason(format!("runtime versions of {}: {e}", c.region)),
            None => v.note(format!(
                "runtime {runtime} is not among the region's runtime versions"
            )),
        },
    }
    if !alarmed.contains(&(c.region.as_str(), c.name.as_str())) {
        if ctx.blind("cloudwatch", &c.region) {
            v.error_reason(format!(
                "whether an alarm watches it is unknown: CloudWatch alarms could not be listed in {}",
                c.region
            ));
        } else {
            v.warn("no CloudWatch alarm watches its SuccessPercent");
        }
    }
    v.emit(
        em,
        c,
        format!("canary is RUNNING, passing, on runtime {runtime}, and alarmed on SuccessPercent"),
    );
}

/// An endpoint as compared: lower case, without a trailing `/`.
fn normal(endpoint: &str) -> String {
    endpoint.trim().trim_end_matches('/').to_ascii_lowercase()
}

fn endpoints(ctx: &Context, canaries: &[Canary], em: &mut Emitter) {
    let subject = regions::account_subject(ctx, "synthetics");
    let wanted = ctx.setting(&ENDPOINTS);
    if wanted.is_empty() {
        return em.skip(
            &subject,
            format!("no endpoint configured ({} is empty)", ENDPOINTS.key()),
        );
    }
    let covered: HashSet<String> = canaries
        .iter()
        .filter_map(|c| c.tags.get(ENDPOINT_TAG))
        .map(|e| normal(e))
        .collect();
    let missing: Vec<&str> = wanted
        .iter()
        .filter(|e| !covered.contains(&normal(e)))
        .map(String::as_str)
        .collect();
    if missing.is_empty() {
        return em.pass(
            &subject,
            format!("every endpoint has a canary: {}", wanted.join(", ")),
        );
    }
    let blind = regions::blind(ctx, "synthetics");
    if blind.is_empty() {
        em.warn(
            &subject,
            format!(
                "no canary probes {} (no canary tagged {ENDPOINT_TAG}=<endpoint>)",
                missing.join(", ")
            ),
        );
    } else {
        em.error_reason(
            &subject,
            format!(
                "no canary seen probes {}, and Synthetics could not be listed in {}",
                missing.join(", "),
                blind.join(", ")
            ),
        );
    }
}
