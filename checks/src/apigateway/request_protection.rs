//! ## What it checks
//!
//! REST APIs protect their backend from floods and malformed requests:
//! production stages are throttled, and methods that declare what a
//! request must hold have API Gateway validate it.
//!
//! Each stage of a REST API (one finding per stage):
//!
//! - PASS: the stage's defaults (`*/*`) or a method override set a
//!   throttling rate or burst limit, or a usage plan with a throttle (for
//!   the plan, or for some of the stage's methods) covers the stage
//!   (`GetUsagePlans`).
//! - Advisory (FAIL at low): a production stage with none of these: one
//!   client can use up the account's regional request quota (10,000
//!   requests per second by default) that every API shares. Production:
//!   the stage's or the API's production tag, else a name word of the API
//!   or the stage.
//! - ERROR: the stage has no throttle of its own and the region's usage
//!   plans could not be read.
//! - SKIP: not production.
//!
//! Each REST API (one finding per API), over its methods
//! (`GetResources`) and request validators (`GetRequestValidators`):
//!
//! - Advisory: a method declares request models (`requestModels`) or
//!   required request parameters but has no request validator
//!   (`requestValidatorId`), or its validator does not check what it
//!   declares (bodies for models, parameters for required parameters):
//!   the declarations are then documentation only.
//! - PASS: every such method is validated.
//! - ERROR: the methods, the validators a method names, or the API's
//!   stages could not be read.
//! - SKIP: no method declares request models or required parameters; the
//!   API was deleted since it was listed.
//!
//! ## Why it matters
//!
//! API Gateway throttles all APIs of an account and region together: a
//! single client without a stage, method or usage-plan limit can take the
//! whole pool and leave every other API answering 429. Requests that skip
//! validation reach the backend malformed, where they cost an invocation
//! and fail late. The notes describe throttling at stage and method level
//! and usage plans per customer (notes 000 › Resilient cloud solutions ›
//! "API Gateway", throttling), and request validation from imported
//! OpenAPI definitions (notes 000 › Resilient cloud solutions › "Open
//! API").
//!
//! ## How to fix
//!
//! - **Console**: API Gateway › the API › Stages › the stage › Stage details › Edit › Throttling: rate and burst; or Usage plans › Create (throttling), add the API stage and the API keys. Resources › the method › Method request › Edit › Request validator: `Validate body, query string parameters, and headers`.
//! - **CLI**: `aws apigateway update-stage --rest-api-id ID --stage-name prod --patch-operations op=replace,path=/*/*/throttling/rateLimit,value=500 op=replace,path=/*/*/throttling/burstLimit,value=1000`; `aws apigateway create-usage-plan --name partners --throttle burstLimit=200,rateLimit=100 --api-stages apiId=ID,stage=prod`; `aws apigateway create-request-validator --rest-api-id ID --name all --validate-request-body --validate-request-parameters` then `aws apigateway update-method ... --patch-operations op=replace,path=/requestValidatorId,value=VALIDATOR_ID` and redeploy.
//! - **CloudFormation**: `MethodSettings` with `ThrottlingRateLimit`/`ThrottlingBurstLimit` on `AWS::ApiGateway::Stage`; `AWS::ApiGateway::UsagePlan` (`Throttle`, `ApiStages`); `AWS::ApiGateway::RequestValidator` and `RequestValidatorId` on `AWS::ApiGateway::Method` (or `x-amazon-apigateway-request-validators` in the imported OpenAPI definition).
//!
//! ## References
//!
//! - Study notes: 000 › Resilient cloud solutions › "API Gateway" (throttling; usage plans); 000 › Resilient cloud solutions › "Open API" (request validation).
//! - AWS: API Gateway developer guide, "Throttle requests to your REST APIs for better throughput in API Gateway", "Usage plans and API keys for REST APIs in API Gateway" and "Request validation for REST APIs in API Gateway".
//! - No AWS Config managed rule or Prowler check.

use super::stages::StageRef;
use crate::collected::CollectError;
use crate::engine::{name_list, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::apigateway::{self, Method, RestApi, UsagePlan};
use crate::settings::{Production, PROD_NAME_WORDS, PROD_TAG_KEY, PROD_TAG_VALUES};
use std::collections::HashMap;

pub static CHECK: Check = Check {
    id: "apigateway-request-protection",
    title: "API stages are throttled (stage, method or usage plan) and methods validate their requests",
    service: "apigateway",
    severity: Severity::Low,
    section: "000 › Resilient cloud solutions › \"API Gateway\"; 000 › Resilient cloud solutions › \"Open API\"",
    catalog: "RES-07",
    reads: &[
        apigateway::APIS,
        apigateway::STAGES,
        apigateway::REST_RESOURCES,
        apigateway::REQUEST_VALIDATORS,
        apigateway::USAGE_PLANS,
    ],
    tolerates: &[apigateway::USAGE_PLANS],
    settings: &[&PROD_TAG_KEY, &PROD_TAG_VALUES, &PROD_NAME_WORDS],
    config_rule: None,
    prowler: None,
    source: include_str!("request_protection.rs"),
    run,
};

/// Usage plans by the stage they cover: (region, API id, stage name).
type PlansByStage<'a> = HashMap<(&'a str, &'a str, &'a str), Vec<&'a UsagePlan>>;

fn run(ctx: &Context, em: &mut Emitter) {
    let gw = ctx.apigateway();
    let production = ctx.production();
    let mut plans: PlansByStage = HashMap::new();
    for plan in &gw.usage_plans {
        for s in &plan.api_stages {
            plans
                .entry((plan.region.as_str(), s.api_id.as_str(), s.stage.as_str()))
                .or_default()
                .push(plan);
        }
    }
    for api in &gw.rest_apis {
        let mut v = Verdict::new();
        match api.stages.known() {
            Err(e) => v.error(e),
            Ok(None) => {
                em.skip(
                    api,
                    format!("REST API {} was deleted since it was listed", api.name),
                );
                continue;
            }
            Ok(Some(stages)) => {
                let unreadable = ctx.unreadable(apigateway::USAGE_PLANS, &api.region);
                for stage in stages {
                    let stage = StageRef::new(api, stage);
                    judge_throttle(&stage, &plans, unreadable, &production, em);
                }
            }
        }
        judge_validation(api, v, em);
    }
}

fn judge_throttle(
    stage: &StageRef,
    plans: &PlansByStage,
    plans_unreadable: Option<&CollectError>,
    production: &Production,
    em: &mut Emitter,
) {
    let label = stage.label();
    if !stage.is_production(production) {
        return em.skip(stage, format!("{label} is not production"));
    }
    if let Some(d) = stage.defaults().filter(|d| d.throttles()) {
        return em.pass(
            stage,
            format!(
                "{label} throttles every method (rate {}, burst {})",
                shown(d.throttling_rate_limit),
                shown(d.throttling_burst_limit)
            ),
        );
    }
    let methods: Vec<String> = stage
        .overrides()
        .filter(|(_, m)| m.throttles())
        .map(|(method, _)| method)
        .collect();
    if !methods.is_empty() {
        return em.pass(stage, format!("{label} throttles {}", name_list(&methods)));
    }
    let key = (
        stage.api.region.as_str(),
        stage.api.id.as_str(),
        stage.stage.name.as_str(),
    );
    let covering: Vec<&str> = plans
        .get(&key)
        .into_iter()
        .flatten()
        .filter(|p| {
            p.throttle.is_some()
                || p.api_stages.iter().any(|s| {
                    s.api_id == stage.api.id
                        && s.stage == stage.stage.name
                        && !s.method_throttles.is_empty()
                })
        })
        .map(|p| p.name.as_str())
        .collect();
    if !covering.is_empty() {
        return em.pass(
            stage,
            format!(
                "{label} is throttled per API key by usage plan {}",
                name_list(&covering)
            ),
        );
    }
    match plans_unreadable {
        Some(e) => em.error_reason(
            stage,
            format!("{label} has no throttle of its own and the usage plans that could cover it are unknown: {e}"),
        ),
        None => em.warn(
            stage,
            format!("production {label} has no stage or method throttle and no usage plan with a throttle covers it: one client can use up the account's regional request quota"),
        ),
    }
}

/// A limit for a reason: its value, or `unset`.
fn shown<T: std::fmt::Display>(limit: Option<T>) -> String {
    limit.map_or_else(|| "unset".to_string(), |l| l.to_string())
}

/// What a method declares that a validator should check.
fn declares(m: &Method) -> (bool, bool) {
    (
        !m.request_models.is_empty(),
        m.request_parameters.values().any(|required| *required),
    )
}

/// The API's methods that declare request models or required parameters,
/// judged for a validator that checks them; `v` may already hold an error.
fn judge_validation(api: &RestApi, mut v: Verdict, em: &mut Emitter) {
    let resources = match api.resources.known() {
        Err(e) => return em.error(api, e),
        Ok(r) => r.map(Vec::as_slice).unwrap_or_default(),
    };
    let mut declaring = 0;
    let mut lacking = Vec::new();
    for res in resources {
        for m in &res.methods {
            let (body, params) = declares(m);
            if !body && !params {
                continue;
            }
            declaring += 1;
            let name = format!("{} {}", m.http_method.to_ascii_uppercase(), res.path);
            let Some(id) = m.request_validator_id.as_deref() else {
                lacking.push(format!("{name} (no request validator)"));
                continue;
            };
            let validators = match api.request_validators.known() {
                Err(e) => {
                    v.error(e);
                    continue;
                }
                Ok(list) => list.map(Vec::as_slice).unwrap_or_default(),
            };
            match validators.iter().find(|r| r.id == id) {
                None => lacking.push(format!(
                    "{name} (validator {id}, which the API does not have)"
                )),
                Some(r) if body && !r.validate_request_body => lacking.push(format!(
                    "{name} (validator {} does not check bodies)",
                    r.name
                )),
                Some(r) if params && !r.validate_request_parameters => lacking.push(format!(
                    "{name} (validator {} does not check parameters)",
                    r.name
                )),
                Some(_) => {}
            }
        }
    }
    if declaring == 0 && v.is_clean() {
        return em.skip(
            api,
            format!(
                "no method of REST API {} declares request models or required parameters",
                api.name
            ),
        );
    }
    if !lacking.is_empty() {
        v.warn(format!(
            "{} of {declaring} methods of REST API {} that declare request models or required parameters are not validated: {}",
            lacking.len(),
            api.name,
            name_list(&lacking)
        ));
    }
    v.emit(
        em,
        api,
        format!(
            "all {declaring} methods of REST API {} that declare request models or required parameters are validated",
            api.name
        ),
    );
}
