//! ## What it checks
//!
//! API stages leave a trail: execution or access logs (delivered through
//! the account's CloudWatch role), X-Ray traces and metrics. One finding
//! per stage.
//!
//! **REST API stages**:
//!
//! - FAIL: neither execution logging (`methodSettings["*/*"].loggingLevel`
//!   `ERROR` or `INFO`) nor access logging (`accessLogSettings.destinationArn`)
//!   is on.
//! - FAIL: logging to CloudWatch Logs is on but the region's
//!   `cloudwatchRoleArn` (API Gateway's account settings) is unset, names a
//!   role that does not exist, or a role API Gateway may not assume: the
//!   logs are then silently not delivered. Access logs to Firehose need no
//!   role.
//! - Advisory (FAIL at low): X-Ray tracing is off (`tracingEnabled=false`);
//!   a production stage logs full requests and responses
//!   (`dataTraceEnabled=true` in any method setting; production scoping by
//!   the tags, else the stage name).
//! - Noted with the verdict: detailed metrics are off (`metricsEnabled=false`).
//! - ERROR: the API's stages, the account's settings or the role could not
//!   be read (the finding on unreadable stages is on the API).
//!
//! **HTTP and WebSocket API stages**: FAIL when the stage has no access log
//! destination (`AccessLogSettings`); PASS otherwise.
//!
//! ## Why it matters
//!
//! API Gateway logs per stage to CloudWatch Logs, traces through X-Ray
//! (with Lambda, the full picture of a request) and publishes stage
//! metrics for 4xx, 5xx and latency (notes 000 › Resilient cloud solutions ›
//! "API Gateway", monitoring, logging and tracing; 000 › Incident and Event
//! Response › "AWS X-Ray"). Without them there is no way to tell why a
//! client got a 502 or a 504. Execution logs with data tracing contain
//! whole request and response bodies, which production should not keep.
//!
//! ## How to fix
//!
//! - **Console**: API Gateway › Settings (per region) › Logging › CloudWatch log role ARN (a role trusting `apigateway.amazonaws.com` with `AmazonAPIGatewayPushToCloudWatchLogs`). Then the API › Stages › the stage › Logs and tracing › Edit: CloudWatch logs (Errors only or Errors and info logs), Detailed metrics, X-Ray tracing, Custom access logging; leave Data tracing off in production. HTTP APIs: Monitor › Logging › Edit › Access logging.
//! - **CLI**: `aws apigateway update-account --patch-operations op=replace,path=/cloudwatchRoleArn,value=ROLE_ARN`; `aws apigateway update-stage --rest-api-id ID --stage-name STAGE --patch-operations op=replace,path=/*/*/logging/loglevel,value=ERROR op=replace,path=/tracingEnabled,value=true op=replace,path=/*/*/metrics/enabled,value=true`; `aws apigatewayv2 update-stage --api-id ID --stage-name STAGE --access-log-settings DestinationArn=LOG_GROUP_ARN,Format='$context.requestId'`.
//! - **CloudFormation**: `AWS::ApiGateway::Account` with `CloudWatchRoleArn`; on `AWS::ApiGateway::Stage`, `TracingEnabled: true`, `AccessLogSetting` and `MethodSettings` (`LoggingLevel: ERROR`, `MetricsEnabled: true`, `DataTraceEnabled: false`); `AccessLogSettings` on `AWS::ApiGatewayV2::Stage`.
//!
//! ## References
//!
//! - Study notes: 000 › Resilient cloud solutions › "API Gateway" (monitoring, logging and tracing); 000 › Incident and Event Response › "AWS X-Ray".
//! - AWS: API Gateway developer guide, "Set up CloudWatch logging for REST APIs in API Gateway", "Trace user requests to REST APIs using X-Ray" and "Configure logging for HTTP APIs".
//! - AWS Config managed rules `api-gw-execution-logging-enabled`, `api-gw-xray-enabled` and `api-gwv2-access-logs-enabled`; Prowler `apigateway_restapi_logging_enabled` (and `apigateway_restapi_tracing_enabled`).

use super::stage::{self, StageRef};
use crate::arn::Arn;
use crate::engine::{Check, Context, Emitter, Resource, Severity, Verdict};
use crate::inventory::apigateway::{self, ApiGatewayRegion, Stage};
use crate::inventory::iam;
use crate::judge::role::Roles;
use crate::settings::{Production, PROD_NAME_WORDS, PROD_TAG_KEY, PROD_TAG_VALUES};
use std::collections::HashMap;

pub static CHECK: Check = Check {
    id: "apigateway-observability",
    title: "Stage logging, X-Ray and metrics are on (with the account CloudWatch role set)",
    service: "apigateway",
    severity: Severity::Medium,
    section: "000 › Resilient cloud solutions › \"API Gateway\"; 000 › Incident and Event Response › \"AWS X-Ray\"",
    catalog: "RES-06",
    reads: &[
        apigateway::APIS,
        apigateway::STAGES,
        apigateway::V2_STAGES,
        apigateway::ACCOUNT,
        iam::ROLES,
    ],
    tolerates: &[],
    settings: &[&PROD_TAG_KEY, &PROD_TAG_VALUES, &PROD_NAME_WORDS],
    config_rule: Some("api-gw-execution-logging-enabled"),
    prowler: Some("apigateway_restapi_logging_enabled"),
    source: include_str!("observability.rs"),
    run,
};

/// Execution logging levels that log.
const LOGGING_LEVELS: &[&str] = &["ERROR", "INFO"];

/// What a stage's region says about log delivery.
struct Delivery<'a> {
    regions: HashMap<&'a str, &'a ApiGatewayRegion>,
    roles: Roles<'a>,
}

fn run(ctx: &Context, em: &mut Emitter) {
    let apigw = ctx.apigateway();
    let delivery = Delivery {
        regions: apigw.regions.iter().map(|r| (r.region.as_str(), r)).collect(),
        roles: Roles::new(ctx),
    };
    let production = ctx.production();
    for api in &apigw.rest_apis {
        match api.stages.known() {
            Err(e) => em.error(api, e),
            Ok(stages) => {
                for s in stages.into_iter().flatten() {
                    judge_rest(ctx, &delivery, &production, &StageRef::rest(api, s), s, em);
                }
            }
        }
    }
    for api in &apigw.v2_apis {
        match api.stages.known() {
            Err(e) => em.error(api, e),
            Ok(stages) => {
                for s in stages.into_iter().flatten() {
                    let subject = StageRef::v2(api, s);
                    match &s.access_log_destination_arn {
                        Some(dest) => em.pass(&subject, format!("access logs go to {dest}")),
                        None => em.fail(
                            &subject,
                            format!("{} API stage without access logging", api.protocol_type),
                        ),
                    }
                }
            }
        }
    }
}

fn judge_rest(
    ctx: &Context,
    delivery: &Delivery,
    production: &Production,
    subject: &StageRef,
    s: &Stage,
    em: &mut Emitter,
) {
    let defaults = stage::defaults(s);
    let level = defaults
        .logging_level
        .as_deref()
        .filter(|l| LOGGING_LEVELS.iter().any(|x| x.eq_ignore_ascii_case(l)));
    let access = s.access_log_destination_arn.as_deref();
    let mut v = Verdict::new();
    let mut pass = Vec::new();
    if let Some(level) = level {
        pass.push(format!("execution logs at {level}"));
    }
    if let Some(dest) = access {
        pass.push(format!("access logs to {dest}"));
    }
    if level.is_none() && access.is_none() {
        v.fail("neither execution logging (ERROR or INFO) nor access logging is on");
    }
    // Execution logs, and access logs to CloudWatch Logs, go through the role.
    let to_logs = level.is_some()
        || access.is_some_and(|d| Arn::parse(d).is_some_and(|a| a.service == "logs"));
    if to_logs {
        judge_role(ctx, delivery, subject.region(), &mut v);
    }
    if !s.tracing_enabled {
        v.warn("X-Ray tracing is off");
    }
    let traced: Vec<&str> = s
        .method_settings
        .iter()
        .filter(|(_, m)| m.data_trace_enabled)
        .map(|(k, _)| k.as_str())
        .collect();
    if !traced.is_empty() && subject.is_production(production) {
        v.warn(format!(
            "production stage logs full requests and responses (data tracing on in {})",
            traced.join(", ")
        ));
    }
    if !defaults.metrics_enabled {
        v.note("detailed metrics are off");
    }
    v.emit(em, subject, pass.join("; "));
}

/// The region's CloudWatch role must be set, exist and trust API Gateway.
fn judge_role(ctx: &Context, delivery: &Delivery, region: &str, v: &mut Verdict) {
    let Some(settings) = delivery.regions.get(region) else {
        return v.error_reason(format!(
            "API Gateway's account settings in {region} were not read"
        ));
    };
    match settings.cloudwatch_role_arn.known() {
        Err(e) => v.error(e),
        Ok(None) => v.fail(format!(
            "the account's CloudWatch role in {region} (API Gateway settings) is not set: logs are silently not delivered"
        )),
        Ok(Some(arn)) => {
            delivery
                .roles
                .assumable_by(
                    ctx,
                    arn,
                    "apigateway.amazonaws.com",
                    &format!("the account's CloudWatch role {arn}"),
                )
                .or_record(v);
        }
    }
}
