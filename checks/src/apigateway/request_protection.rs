//! ## What it checks
//!
//! REST APIs protect their backends from floods and from malformed
//! requests.
//!
//! **Each production stage** (one finding; production scoping by the
//! API's and the stage's tags, else the stage name; others are SKIP):
//!
//! - Advisory (FAIL at low): no throttle applies to it: no rate or burst
//!   limit in the stage's defaults (`methodSettings["*/*"]`) or in any
//!   per-method setting, and no usage plan that covers the stage has a
//!   throttle (of its own, or per method). A negative limit means none.
//! - PASS otherwise, naming what throttles it.
//!
//! **Each REST API** (one finding):
//!
//! - Advisory: a method declares request models (`requestModels`) or
//!   required request parameters but has no request validator, or its
//!   validator does not exist or does not validate what the method declares
//!   (the body for models, the parameters for required parameters).
//! - PASS otherwise; SKIP when the API has no methods.
//! - ERROR: its methods, stages or request validators could not be read.
//!
//! ## Why it matters
//!
//! API Gateway's throttle is an account-wide soft limit of 10,000 requests
//! per second: without stage or method limits, or usage plans per
//! customer, one client can exhaust it for every API in the region (429s
//! for everyone), and the backend takes whatever arrives (notes 000 ›
//! Resilient cloud solutions › "API Gateway", api gateway throttling).
//! Request validation, set up by importing OpenAPI definitions, rejects a
//! malformed request before it reaches the integration (notes 000 ›
//! Resilient cloud solutions › "API Gateway", Open API › request
//! validation).
//!
//! ## How to fix
//!
//! - **Console**: API Gateway › the API › Stages › the stage › Edit › Throttling (rate and burst), or Usage plans › Create (throttle) › Add API stage. Resources › the method › Method request › Edit › Request validator: Validate body, query string parameters, and headers.
//! - **CLI**: `aws apigateway update-stage --rest-api-id ID --stage-name STAGE --patch-operations op=replace,path=/*/*/throttling/rateLimit,value=100 op=replace,path=/*/*/throttling/burstLimit,value=200`; `aws apigateway create-request-validator --rest-api-id ID --name all --validate-request-body --validate-request-parameters` then `aws apigateway update-method ... --patch-operations op=replace,path=/requestValidatorId,value=VALIDATOR`.
//! - **CloudFormation**: `MethodSettings` with `ThrottlingRateLimit`/`ThrottlingBurstLimit` on `AWS::ApiGateway::Stage`, or an `AWS::ApiGateway::UsagePlan` with `Throttle` and `ApiStages`; an `AWS::ApiGateway::RequestValidator` referenced by `RequestValidatorId` on each `AWS::ApiGateway::Method` (or `x-amazon-apigateway-request-validators` in the OpenAPI body).
//!
//! ## References
//!
//! - Study notes: 000 › Resilient cloud solutions › "API Gateway" (api gateway throttling; Open API, request validation).
//! - AWS: API Gateway developer guide, "Throttle requests to your REST APIs for better throughput in API Gateway", "Usage plans and API keys for REST APIs" and "Request validation for REST APIs in API Gateway".
//! - No AWS Config managed rule; no Prowler check.

use super::stage::StageRef;
use crate::engine::{name_list, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::apigateway::{self, Method, RequestValidator, RestApi, UsagePlan};
use crate::settings::{PROD_NAME_WORDS, PROD_TAG_KEY, PROD_TAG_VALUES};
use std::collections::HashMap;

pub static CHECK: Check = Check {
    id: "apigateway-request-protection",
    title: "Stage/method throttling or usage plans, and request validation",
    service: "apigateway",
    severity: Severity::Low,
    section: "000 › Resilient cloud solutions › \"API Gateway\"",
    catalog: "RES-07",
    reads: &[
        apigateway::APIS,
        apigateway::REST_RESOURCES,
        apigateway::STAGES,
        apigateway::REQUEST_VALIDATORS,
        apigateway::USAGE_PLANS,
    ],
    tolerates: &[],
    settings: &[&PROD_TAG_KEY, &PROD_TAG_VALUES, &PROD_NAME_WORDS],
    config_rule: None,
    prowler: None,
    source: include_str!("request_protection.rs"),
    run,
};

fn run(ctx: &Context, em: &mut Emitter) {
    let apigw = ctx.apigateway();
    // (region, API id, stage) → the usage plans with a throttle covering it.
    let mut plans: HashMap<(&str, &str, &str), Vec<&UsagePlan>> = HashMap::new();
    for p in &apigw.usage_plans {
        for s in &p.api_stages {
            let throttled = p.throttle.as_ref().is_some_and(|t| t.is_set())
                || s.method_throttles.values().any(|t| t.is_set());
            if throttled {
                plans
                    .entry((p.region.as_str(), s.api_id.as_str(), s.stage.as_str()))
                    .or_default()
                    .push(p);
            }
        }
    }
    let production = ctx.production();
    for api in &apigw.rest_apis {
        // The API's own finding: its validation, and its stages if unread.
        let mut v = Verdict::new();
        match api.stages.known() {
            Err(e) => v.error(e),
            Ok(stages) => {
                for s in stages.into_iter().flatten() {
                    let subject = StageRef::rest(api, s);
                    if !subject.is_production(&production) {
                        em.skip(&subject, "not production");
                        continue;
                    }
                    let mut throttles: Vec<String> = s
                        .method_settings
                        .iter()
                        .filter(|(_, m)| {
                            m.throttling_rate_limit.is_some_and(|r| r >= 0.0)
                                || m.throttling_burst_limit.is_some_and(|b| b >= 0)
                        })
                        .map(|(k, _)| format!("method settings {k}"))
                        .collect();
                    let key = (api.region.as_str(), api.id.as_str(), s.name.as_str());
                    for p in plans.get(&key).into_iter().flatten() {
                        throttles.push(format!("usage plan {}", p.name));
                    }
                    if throttles.is_empty() {
                        em.warn(
                            &subject,
                            "no stage or method throttle and no usage plan with a throttle covers the stage: one client can use up the account's request limit",
                        );
                    } else {
                        em.pass(&subject, format!("throttled by {}", name_list(&throttles)));
                    }
                }
            }
        }
        judge_validation(api, v, em);
    }
}

/// What a method declares that a validator must check.
fn needs(m: &Method) -> (bool, bool) {
    (
        !m.request_models.is_empty(),
        m.request_parameters.values().any(|required| *required),
    )
}

fn judge_validation(api: &RestApi, mut v: Verdict, em: &mut Emitter) {
    let resources = match api.resources.known() {
        Err(e) => {
            v.error(e);
            return v.emit(em, api, "");
        }
        Ok(r) => r.map_or(&[][..], Vec::as_slice),
    };
    let declaring: Vec<(String, &Method)> = resources
        .iter()
        .flat_map(|r| {
            r.methods
                .iter()
                .map(move |m| (format!("{} {}", m.http_method, r.path), m))
        })
        .filter(|(_, m)| needs(m) != (false, false))
        .collect();
    if v.is_clean() && resources.iter().all(|r| r.methods.is_empty()) {
        return em.skip(api, "the API has no methods");
    }
    if declaring.is_empty() {
        return v.emit(
            em,
            api,
            "no method declares request models or required parameters",
        );
    }
    let validators: HashMap<&str, &RequestValidator> = match api.request_validators.known() {
        Err(e) if declaring.iter().any(|(_, m)| m.request_validator_id.is_some()) => {
            v.error(e);
            return v.emit(em, api, "");
        }
        Err(_) => HashMap::new(),
        Ok(v) => v
            .into_iter()
            .flatten()
            .map(|v| (v.id.as_str(), v))
            .collect(),
    };
    let mut unvalidated = Vec::new();
    for (name, m) in &declaring {
        let (body, params) = needs(m);
        let Some(id) = m.request_validator_id.as_deref() else {
            unvalidated.push(name.clone());
            continue;
        };
        match validators.get(id) {
            None => v.warn(format!("{name} names request validator {id}, which does not exist")),
            Some(val) => {
                let mut lacks = Vec::new();
                if body && !val.validate_request_body {
                    lacks.push("its body");
                }
                if params && !val.validate_request_parameters {
                    lacks.push("its required parameters");
                }
                if !lacks.is_empty() {
                    v.warn(format!(
                        "{name}: validator {} does not validate {}",
                        val.name,
                        lacks.join(" or ")
                    ));
                }
            }
        }
    }
    if !unvalidated.is_empty() {
        v.warn(format!(
            "{} declare request models or required parameters but have no request validator",
            name_list(&unvalidated)
        ));
    }
    v.emit(
        em,
        api,
        format!(
            "the {} methods declaring request models or required parameters are validated",
            declaring.len()
        ),
    );
}
