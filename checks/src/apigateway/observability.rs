//! ## What it checks
//!
//! Every deployed stage of a REST API leaves a trail: its requests are
//! logged where API Gateway can deliver the logs, traced by X-Ray, and
//! measured. One finding per stage; per REST API when its stages cannot be
//! judged; per stage of an HTTP API.
//!
//! REST API stages (`GetStages`):
//!
//! - FAIL: neither execution logging (the stage defaults `*/*` have
//!   `loggingLevel` `ERROR` or `INFO`) nor access logging
//!   (`accessLogSettings.destinationArn`) is on.
//! - FAIL: logging that goes through CloudWatch Logs is on (execution
//!   logging, or access logs to a log group), but the account has no
//!   CloudWatch Logs role for API Gateway in the region (`GetAccount`
//!   `cloudwatchRoleArn` unset), or that role does not exist or does not
//!   trust `apigateway.amazonaws.com` (looked up in `iam.roles`): the logs
//!   are silently not delivered. Access logs to a Firehose stream need no
//!   such role.
//! - Advisory (FAIL at low): X-Ray tracing is off (`tracingEnabled=false`).
//! - Advisory: a production stage logs full request and response bodies
//!   (`dataTraceEnabled=true` in its defaults or any method's override).
//!   Production: the stage's or the API's production tag, else a name word
//!   of the API or the stage (`prod`).
//! - PASS: otherwise, noting when detailed CloudWatch metrics
//!   (`metricsEnabled`) are off.
//! - ERROR: the stages could not be read (for the API); the account's
//!   settings (`GetAccount`) could not be read in the region, or IAM could
//!   not be listed, while logging through CloudWatch Logs is on.
//! - SKIP: a REST API with no stage, or deleted since it was listed.
//!
//! HTTP API stages (`apigatewayv2:GetStages`): FAIL when the stage has no
//! `AccessLogSettings`, else PASS; ERROR when the stages could not be read,
//! SKIP for an API with none. (HTTP APIs support neither execution logs
//! nor X-Ray, and write access logs without the account's role.)
//! WebSocket APIs are not judged: the catalog asks for REST and HTTP APIs.
//!
//! ## Why it matters
//!
//! Without logs, traces and metrics there is no record of who called the
//! API and no way to tell where a 4xx, 5xx or 504 came from. The notes list
//! CloudWatch execution and access logs per stage, X-Ray tracing and
//! detailed metrics as API Gateway's monitoring (notes 000 › Resilient
//! cloud solutions › "API Gateway", monitoring, logging and tracing; 000 ›
//! Incident and Event Response › "AWS X-Ray"). Execution and access logs
//! of REST APIs reach CloudWatch Logs only through the role set in the
//! account's API Gateway settings: a stage with logging "on" and no role
//! logs nothing.
//!
//! ## How to fix
//!
//! - **Console**: API Gateway › Settings › Logging: CloudWatch log role ARN (a role trusting `apigateway.amazonaws.com` with `AmazonAPIGatewayPushToCloudWatchLogs`); the API › Stages › the stage › Logs and tracing › Edit: CloudWatch logs `Errors and info logs` (data tracing off in production), Detailed metrics, Custom access logging with a log group ARN, X-Ray tracing. For HTTP APIs: Monitor › Logging › the stage › access logging.
//! - **CLI**: `aws apigateway update-account --patch-operations op=replace,path=/cloudwatchRoleArn,value=ROLE_ARN`; `aws apigateway update-stage --rest-api-id ID --stage-name prod --patch-operations op=replace,path=/*/*/logging/loglevel,value=ERROR op=replace,path=/*/*/metrics/enabled,value=true op=replace,path=/tracingEnabled,value=true op=replace,path=/accessLogSettings/destinationArn,value=LOG_GROUP_ARN`; `aws apigatewayv2 update-stage --api-id ID --stage-name '$default' --access-log-settings DestinationArn=LOG_GROUP_ARN,Format=...`.
//! - **CloudFormation**: `AWS::ApiGateway::Account` `CloudWatchRoleArn`; on `AWS::ApiGateway::Stage`, `TracingEnabled: true`, `AccessLogSetting`, and `MethodSettings` with `ResourcePath: "/*"`, `HttpMethod: "*"`, `LoggingLevel: ERROR`, `MetricsEnabled: true`, `DataTraceEnabled: false`; `AccessLogSettings` on `AWS::ApiGatewayV2::Stage`.
//!
//! ## References
//!
//! - Study notes: 000 › Resilient cloud solutions › "API Gateway" (monitoring, logging and tracing); 000 › Incident and Event Response › "AWS X-Ray" (API Gateway).
//! - AWS: API Gateway developer guide, "Set up CloudWatch logging for REST APIs in API Gateway", "Trace user requests to REST APIs using X-Ray" and "Configure logging for HTTP APIs in API Gateway".
//! - AWS Config managed rules `api-gw-execution-logging-enabled`, `api-gw-xray-enabled`, `api-gwv2-access-logs-enabled`; Prowler `apigateway_restapi_logging_enabled` (and `apigateway_restapi_tracing_enabled`, `apigatewayv2_api_access_logging_enabled`).

use super::stages::{self, StageRef};
use crate::arn::Arn;
use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::apigateway::{self, AccountSettings, V2Api};
use crate::inventory::iam;
use crate::judge::reference::Lookup;
use crate::judge::role::Roles;
use crate::settings::{Production, PROD_NAME_WORDS, PROD_TAG_KEY, PROD_TAG_VALUES};
use awscheck_model::resource::PartOf;
use std::collections::HashMap;

pub static CHECK: Check = Check {
    id: "apigateway-observability",
    title: "API stages log (with the account's CloudWatch role set), trace with X-Ray and publish metrics",
    service: "apigateway",
    severity: Severity::Medium,
    section: "000 › Resilient cloud solutions › \"API Gateway\"; 000 › Incident and Event Response › \"AWS X-Ray\"",
    catalog: "RES-06",
    reads: &[
        apigateway::APIS,
        apigateway::STAGES,
        apigateway::V2_STAGES,
        apigateway::ACCOUNT_SETTINGS,
        iam::ROLES,
    ],
    tolerates: &[apigateway::ACCOUNT_SETTINGS],
    settings: &[&PROD_TAG_KEY, &PROD_TAG_VALUES, &PROD_NAME_WORDS],
    config_rule: Some("api-gw-execution-logging-enabled"),
    prowler: Some("apigateway_restapi_logging_enabled"),
    source: include_str!("observability.rs"),
    run,
};

/// The principal that must be able to assume the account's CloudWatch role.
const APIGATEWAY_SERVICE: &str = "apigateway.amazonaws.com";

fn run(ctx: &Context, em: &mut Emitter) {
    let gw = ctx.apigateway();
    let production = ctx.production();
    let roles = Roles::new(ctx);
    let settings: HashMap<(&str, &str), &AccountSettings> = gw
        .account_settings
        .iter()
        .map(|s| ((s.account_id.as_str(), s.region.as_str()), s))
        .collect();
    let mut delivery: HashMap<&str, Lookup<()>> = HashMap::new();
    for stage in stages::deployed(&gw.rest_apis, em) {
        let region = stage.api.region.as_str();
        let account = stage.api.account_id.as_str();
        let role = delivery.entry(region).or_insert_with(|| {
            log_role(
                ctx,
                &roles,
                settings.get(&(account, region)).copied(),
                region,
            )
        });
        judge_stage(&stage, role, &production, em);
    }
    for api in gw
        .v2_apis
        .iter()
        .filter(|a| a.protocol_type.eq_ignore_ascii_case("HTTP"))
    {
        judge_http_api(api, em);
    }
}

/// Whether API Gateway can write to CloudWatch Logs in `region`: the
/// account's role is set, exists and trusts API Gateway.
fn log_role(
    ctx: &Context,
    roles: &Roles,
    settings: Option<&AccountSettings>,
    region: &str,
) -> Lookup<()> {
    if let Some(e) = ctx.unreadable(apigateway::ACCOUNT_SETTINGS, region) {
        return Lookup::Unknown(format!("the account's CloudWatch role is unknown: {e}"));
    }
    let Some(settings) = settings else {
        return Lookup::Unknown(format!(
            "the account's API Gateway settings (GetAccount) were not read in {region}"
        ));
    };
    match settings.cloudwatch_role_arn.as_deref() {
        None => Lookup::Missing(format!(
            "the account has no CloudWatch Logs role for API Gateway in {region} (GetAccount cloudwatchRoleArn is unset): logs are silently not delivered"
        )),
        Some(arn) => {
            let label = format!("the account's API Gateway CloudWatch role {arn}");
            roles
                .assumable_by(ctx, arn, APIGATEWAY_SERVICE, &label)
                .map(|_| ())
        }
    }
}

fn judge_stage(stage: &StageRef, role: &Lookup<()>, production: &Production, em: &mut Emitter) {
    let label = stage.label();
    let defaults = stage.defaults();
    let level = defaults
        .and_then(|d| d.logging_level.as_deref())
        .map(str::to_ascii_uppercase)
        .filter(|l| l == "ERROR" || l == "INFO");
    let access = stage.stage.access_log_destination.as_deref();
    let mut v = Verdict::new();
    let mut pass = Vec::new();
    match (&level, access) {
        (None, None) => v.fail(format!(
            "{label} has neither execution logging (loggingLevel of */* is {}) nor access logging",
            defaults
                .and_then(|d| d.logging_level.as_deref())
                .unwrap_or("not set")
        )),
        _ => {
            if let Some(level) = &level {
                pass.push(format!("execution logging {level}"));
            }
            if let Some(destination) = access {
                pass.push(format!("access logs to {destination}"));
            }
            let through_logs = level.is_some() || access.is_some_and(is_log_group);
            if through_logs {
                match role {
                    Lookup::Found(()) => {}
                    Lookup::Missing(why) => v.fail(format!("{label} logs, but {why}")),
                    Lookup::Unknown(why) => v.error_reason(format!("{label}: {why}")),
                }
            }
        }
    }
    if stage.stage.tracing_enabled {
        pass.push("X-Ray tracing on".into());
    } else {
        v.warn(format!(
            "{label} does not trace requests with X-Ray (tracingEnabled is false)"
        ));
    }
    let traced: Vec<String> = defaults
        .filter(|d| d.data_trace_enabled)
        .map(|_| "*/*".to_string())
        .into_iter()
        .chain(
            stage
                .overrides()
                .filter(|(_, m)| m.data_trace_enabled)
                .map(|(method, _)| method),
        )
        .collect();
    if !traced.is_empty() && stage.is_production(production) {
        v.warn(format!(
            "production {label} logs full request and response bodies (dataTraceEnabled on {})",
            crate::engine::name_list(&traced)
        ));
    }
    if !defaults.is_some_and(|d| d.metrics_enabled) {
        v.note("detailed CloudWatch metrics are off (metricsEnabled)");
    }
    v.emit(em, stage, format!("{label}: {}", pass.join(", ")));
}

/// True when a log destination is a CloudWatch Logs group (not a Firehose stream).
fn is_log_group(destination: &str) -> bool {
    Arn::parse(destination).is_some_and(|a| a.service == "logs")
}

fn judge_http_api(api: &V2Api, em: &mut Emitter) {
    let stages = match api.stages.known() {
        Err(e) => return em.error(api, e),
        Ok(None) => {
            return em.skip(
                api,
                format!("HTTP API {} was deleted since it was listed", api.name),
            )
        }
        Ok(Some(stages)) => stages,
    };
    if stages.is_empty() {
        return em.skip(api, format!("HTTP API {} has no stage", api.name));
    }
    for stage in stages {
        let subject = PartOf {
            arn: format!("{}/stages/{}", api.arn, stage.name),
            owner: api,
        };
        let label = format!("stage {} of HTTP API {}", stage.name, api.name);
        match &stage.access_log_destination {
            Some(destination) => {
                em.pass(&subject, format!("{label}: access logs to {destination}"))
            }
            None => em.fail(&subject, format!("{label} has no access logging")),
        }
    }
}
