//! API Gateway, per region: REST APIs (`GetRestApis`, which carries the
//! resource policy and tags; per API `GetResources` with `embed=methods`,
//! and `GetStages`, each stage's web ACL, logging, tracing, cache and
//! method settings, absent when the API was deleted in between, and
//! `GetRequestValidators`) and HTTP/WebSocket APIs (`apigatewayv2:GetApis`;
//! per API `GetRoutes` and `apigatewayv2:GetStages`), each per-API call only
//! when a selected check reads what it fills; and once per region, when
//! read, `GetAccount` (the CloudWatch Logs role) and `GetUsagePlans` (each
//! failure leaves its part unread in the region).
//! Either listing failing blinds the section in the region. IAM authorizes
//! API Gateway's reads by HTTP verb: every operation is `apigateway:GET`.
//!
//! API Gateway returns a REST API's policy as JSON text with its quotes
//! backslash-escaped (`{\"Version\":...}`): it is unescaped before parsing.

/// The SDK crates, for tests that build an account through them.
pub use {aws_sdk_apigateway, aws_sdk_apigatewayv2};

use crate::session::sdk_client;
use crate::{pages, policy_json, text, Cx};
use awscheck_model::collected::CollectError;
use awscheck_model::inventory::apigateway::{
    self as data, AccountSettings, ApiGateway, ApiResource, Method, MethodSetting,
    RequestValidator, RestApi, Route, Stage, Throttle, UsagePlan, UsagePlanStage, V2Api, V2Stage,
};
use awscheck_model::inventory::{PolicyJson, Tags};
use std::collections::HashMap;

crate::registry::operations! {
    sdk "API Gateway", iam "apigateway" {
        GET_REST_APIS = GetRestApis as "apigateway:GET",
        GET_RESOURCES = GetResources as "apigateway:GET",
        GET_STAGES = GetStages as "apigateway:GET",
        GET_ACCOUNT = GetAccount as "apigateway:GET",
        GET_REQUEST_VALIDATORS = GetRequestValidators as "apigateway:GET",
        GET_USAGE_PLANS = GetUsagePlans as "apigateway:GET",
    }
    sdk "ApiGatewayV2", iam "apigateway" {
        GET_APIS = GetApis as "apigateway:GET",
        GET_ROUTES = GetRoutes as "apigateway:GET",
        GET_V2_STAGES = GetStages as "apigateway:GET",
    }
}

crate::service!(ApiGateway);

async fn collect(cx: &Cx) -> Result<ApiGateway, CollectError> {
    let v1 = sdk_client!(aws_sdk_apigateway, &cx.session, &cx.region);
    let v2 = sdk_client!(aws_sdk_apigatewayv2, &cx.session, &cx.region);
    let rest = cx
        .list(
            GET_REST_APIS,
            v1.get_rest_apis()
                .limit(500)
                .into_paginator()
                .items()
                .send(),
        )
        .await?;
    let listed = pages(
        |token| {
            v2.get_apis()
                .max_results("500")
                .set_next_token(token)
                .send()
        },
        |o| (o.items.unwrap_or_default(), o.next_token),
    );
    let apis = cx.call(GET_APIS, listed).await.ok()?;
    let rest: Vec<_> = rest.into_iter().filter(|a| a.id().is_some()).collect();
    let apis: Vec<_> = apis.into_iter().filter(|a| a.api_id().is_some()).collect();
    let rest_apis = cx.bounded(rest, |api| read_rest_api(cx, &v1, api)).await;
    let v2_apis = cx.bounded(apis, |api| read_v2_api(cx, &v2, api)).await;
    let account_settings = if cx.wants(data::ACCOUNT_SETTINGS) {
        match cx.call(GET_ACCOUNT, v1.get_account().send()).await.ok() {
            Ok(out) => vec![AccountSettings {
                region: cx.region.clone(),
                account_id: cx.account_id().to_string(),
                cloudwatch_role_arn: text(out.cloudwatch_role_arn()),
            }],
            Err(e) => {
                cx.unread(data::ACCOUNT_SETTINGS, e);
                Vec::new()
            }
        }
    } else {
        Vec::new()
    };
    let usage_plans = if cx.wants(data::USAGE_PLANS) {
        let listed = v1
            .get_usage_plans()
            .limit(500)
            .into_paginator()
            .items()
            .send();
        match cx.list(GET_USAGE_PLANS, listed).await {
            Ok(plans) => plans.iter().filter_map(|p| usage_plan(cx, p)).collect(),
            Err(e) => {
                cx.unread(data::USAGE_PLANS, e);
                Vec::new()
            }
        }
    } else {
        Vec::new()
    };
    Ok(ApiGateway {
        rest_apis,
        v2_apis,
        account_settings,
        usage_plans,
    })
}

/// A usage plan with its throttles and the stages it covers.
fn usage_plan(cx: &Cx, p: &aws_sdk_apigateway::types::UsagePlan) -> Option<UsagePlan> {
    let id = p.id()?.to_string();
    Some(UsagePlan {
        arn: format!(
            "arn:{}:apigateway:{}::/usageplans/{id}",
            cx.partition(),
            cx.region
        ),
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        name: p.name().unwrap_or_default().to_string(),
        throttle: p.throttle().map(throttle).filter(Throttle::is_set),
        api_stages: p
            .api_stages()
            .iter()
            .map(|s| UsagePlanStage {
                api_id: s.api_id().unwrap_or_default().to_string(),
                stage: s.stage().unwrap_or_default().to_string(),
                method_throttles: s
                    .throttle()
                    .into_iter()
                    .flatten()
                    .map(|(method, t)| (method.clone(), throttle(t)))
                    .filter(|(_, t)| t.is_set())
                    .collect(),
            })
            .collect(),
        id,
    })
}

/// A limit as the model keeps it: absent when API Gateway reports it unset
/// (`-1`) or leaves it out (`0`).
fn limit<T: PartialOrd + Default>(value: T) -> Option<T> {
    Some(value).filter(|v| *v > T::default())
}

fn throttle(t: &aws_sdk_apigateway::types::ThrottleSettings) -> Throttle {
    Throttle {
        burst_limit: limit(i64::from(t.burst_limit())),
        rate_limit: limit(t.rate_limit()),
    }
}

fn tags(map: Option<&HashMap<String, String>>) -> Tags {
    map.map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}

/// A REST API policy as API Gateway returns it: escaped JSON text (or
/// plain JSON text), stored as a JSON object when it parses.
pub fn rest_api_policy(text: &str) -> PolicyJson {
    if serde_json::from_str::<serde_json::Value>(text).is_err() {
        // Read the text as the body of a JSON string literal: `\"` → `"`, `\\` → `\`, `\/` → `/`.
        if let Ok(unescaped) = serde_json::from_str::<String>(&format!("\"{text}\"")) {
            return policy_json(&unescaped);
        }
    }
    policy_json(text)
}

async fn read_rest_api(
    cx: &Cx,
    client: &aws_sdk_apigateway::Client,
    api: aws_sdk_apigateway::types::RestApi,
) -> RestApi {
    let id = api.id().unwrap_or_default().to_string();
    let resources = cx.read_if(data::REST_RESOURCES, async {
        let listed = client
            .get_resources()
            .rest_api_id(&id)
            .embed("methods")
            .limit(500)
            .into_paginator()
            .items()
            .send()
            .try_collect();
        cx.call(GET_RESOURCES, listed).await.read(&[], |resources| {
            Some(resources.iter().map(api_resource).collect())
        })
    });
    let stages = cx.read_if(data::STAGES, async {
        let request = client.get_stages().rest_api_id(&id).send();
        cx.call(GET_STAGES, request)
            .await
            .read(&["NotFoundException"], |o| {
                Some(o.item().iter().map(stage).collect())
            })
    });
    let request_validators = cx.read_if(data::REQUEST_VALIDATORS, async {
        let listed = pages(
            |position| {
                client
                    .get_request_validators()
                    .rest_api_id(&id)
                    .limit(500)
                    .set_position(position)
                    .send()
            },
            |o| (o.items.unwrap_or_default(), o.position),
        );
        cx.call(GET_REQUEST_VALIDATORS, listed)
            .await
            .read(&["NotFoundException"], |validators| {
                Some(
                    validators
                        .iter()
                        .map(|v| RequestValidator {
                            id: v.id().unwrap_or_default().to_string(),
                            name: v.name().unwrap_or_default().to_string(),
                            validate_request_body: v.validate_request_body(),
                            validate_request_parameters: v.validate_request_parameters(),
                        })
                        .collect(),
                )
                .filter(|v: &Vec<RequestValidator>| !v.is_empty())
            })
    });
    let (resources, stages, request_validators) =
        tokio::join!(resources, stages, request_validators);
    RestApi {
        arn: format!(
            "arn:{}:apigateway:{}::/restapis/{id}",
            cx.partition(),
            cx.region
        ),
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        name: api.name().unwrap_or_default().to_string(),
        endpoint_types: api
            .endpoint_configuration()
            .map(|c| c.types().iter().map(|t| t.as_str().to_string()).collect())
            .unwrap_or_default(),
        policy: api
            .policy()
            .filter(|p| !p.trim().is_empty())
            .map(rest_api_policy),
        resources,
        stages,
        request_validators,
        tags: tags(api.tags()),
        id,
    }
}

/// A REST API stage as `GetStages` describes it.
fn stage(s: &aws_sdk_apigateway::types::Stage) -> Stage {
    Stage {
        name: s.stage_name().unwrap_or_default().to_string(),
        web_acl_arn: text(s.web_acl_arn()),
        tracing_enabled: s.tracing_enabled(),
        access_log_destination: text(s.access_log_settings().and_then(|a| a.destination_arn())),
        cache_cluster_enabled: s.cache_cluster_enabled(),
        method_settings: s
            .method_settings()
            .into_iter()
            .flatten()
            .map(|(path, m)| (path.clone(), method_setting(m)))
            .collect(),
        tags: tags(s.tags()),
    }
}

/// One scope's method settings; a throttling limit the API reports as
/// `-1` (or leaves out) is not set.
fn method_setting(m: &aws_sdk_apigateway::types::MethodSetting) -> MethodSetting {
    MethodSetting {
        logging_level: text(m.logging_level()),
        data_trace_enabled: m.data_trace_enabled(),
        metrics_enabled: m.metrics_enabled(),
        throttling_burst_limit: limit(i64::from(m.throttling_burst_limit())),
        throttling_rate_limit: limit(m.throttling_rate_limit()),
        caching_enabled: m.caching_enabled(),
        cache_data_encrypted: m.cache_data_encrypted(),
        require_authorization_for_cache_control: m.require_authorization_for_cache_control(),
        unauthorized_cache_control_header_strategy: m
            .unauthorized_cache_control_header_strategy()
            .map(|s| s.as_str().to_string()),
    }
}

/// A REST API resource with its methods, sorted by HTTP method.
fn api_resource(r: &aws_sdk_apigateway::types::Resource) -> ApiResource {
    let mut methods: Vec<Method> = r
        .resource_methods()
        .into_iter()
        .flatten()
        .map(|(verb, m)| Method {
            http_method: m.http_method().unwrap_or(verb).to_string(),
            // Always reported; an empty type reads as unknown to checks.
            authorization_type: m.authorization_type().unwrap_or_default().to_string(),
            api_key_required: m.api_key_required().unwrap_or(false),
            request_validator_id: text(m.request_validator_id()),
            request_models: m
                .request_models()
                .into_iter()
                .flatten()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            request_parameters: m
                .request_parameters()
                .into_iter()
                .flatten()
                .map(|(k, v)| (k.clone(), *v))
                .collect(),
        })
        .collect();
    methods.sort_by(|a, b| a.http_method.cmp(&b.http_method));
    ApiResource {
        path: r.path().unwrap_or_default().to_string(),
        methods,
    }
}

async fn read_v2_api(
    cx: &Cx,
    client: &aws_sdk_apigatewayv2::Client,
    api: aws_sdk_apigatewayv2::types::Api,
) -> V2Api {
    let id = api.api_id().unwrap_or_default().to_string();
    let routes = cx.read_if(data::ROUTES, async {
        let listed = pages(
            |token| {
                client
                    .get_routes()
                    .api_id(&id)
                    .max_results("500")
                    .set_next_token(token)
                    .send()
            },
            |o| (o.items.unwrap_or_default(), o.next_token),
        );
        cx.call(GET_ROUTES, listed).await.read(&[], |routes| {
            Some(
                routes
                    .iter()
                    .map(|r| Route {
                        route_key: r.route_key().unwrap_or_default().to_string(),
                        // Always reported; an empty type reads as unknown to checks.
                        authorization_type: r
                            .authorization_type()
                            .map(|t| t.as_str().to_string())
                            .unwrap_or_default(),
                        api_key_required: r.api_key_required().unwrap_or(false),
                    })
                    .collect(),
            )
        })
    });
    let stages = cx.read_if(data::V2_STAGES, async {
        let listed = pages(
            |token| {
                client
                    .get_stages()
                    .api_id(&id)
                    .max_results("500")
                    .set_next_token(token)
                    .send()
            },
            |o| (o.items.unwrap_or_default(), o.next_token),
        );
        cx.call(GET_V2_STAGES, listed)
            .await
            .read(&["NotFoundException"], |stages| {
                Some(
                    stages
                        .iter()
                        .map(|s| V2Stage {
                            name: s.stage_name().unwrap_or_default().to_string(),
                            access_log_destination: text(
                                s.access_log_settings().and_then(|a| a.destination_arn()),
                            ),
                        })
                        .collect(),
                )
            })
    });
    let (routes, stages) = tokio::join!(routes, stages);
    V2Api {
        arn: format!(
            "arn:{}:apigateway:{}::/apis/{id}",
            cx.partition(),
            cx.region
        ),
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        name: api.name().unwrap_or_default().to_string(),
        protocol_type: api
            .protocol_type()
            .map(|p| p.as_str().to_string())
            .unwrap_or_default(),
        routes,
        stages,
        tags: tags(api.tags()),
        id,
    }
}
