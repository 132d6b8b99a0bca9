//! API Gateway: REST APIs with their resource policies, methods and
//! stages (with and without a web ACL; logging, tracing, cache and
//! method settings), HTTP and WebSocket APIs with their routes and
//! stages, and the account's CloudWatch role per region.

use super::fixture::{absent, de, denied, throttled, val};
use super::gen::Gen;
use super::kinds::{Generator, Kind};
use super::rng::Rng;
use super::{ACCOUNT, REGIONS};
use awscheck_checks::inventory::apigateway::AccountSettings;
use serde_json::{json, Value};

const REST_APIS: Kind = Kind::scaled("apigateway.rest_apis", 15);
const V2_APIS: Kind = Kind::scaled("apigateway.v2_apis", 12);
const ACCOUNT_SETTINGS: Kind = Kind::fixed("apigateway.account_settings");
/// About a quarter of the REST APIs have a usage plan: a scaled kind,
/// whose count also caps them.
const USAGE_PLANS: Kind = Kind::scaled("apigateway.usage_plans", 4);

pub const GENERATOR: Generator = Generator {
    kinds: &[REST_APIS, V2_APIS, ACCOUNT_SETTINGS, USAGE_PLANS],
    generate: |g, n| apigateway(g, n[REST_APIS], n[V2_APIS], n[USAGE_PLANS]),
};

/// REST APIs (regional, edge, private with resource policies that
/// restrict to a VPC endpoint, allow everyone, cover one stage only, or
/// do not parse) with methods of every authorization type, and HTTP and
/// WebSocket APIs with their routes.
fn apigateway(g: &mut Gen, n_rest: usize, n_v2: usize, n_plans: usize) {
    let mut gw = awscheck_checks::inventory::apigateway::ApiGateway::default();
    // The settings added after the first draws come from a stream of their
    // own, so the verdicts of the generators after this one do not shift.
    let mut extra = Rng(g.rng.0 ^ 0x0A91_57A6);
    gw.account_settings = account_settings(g, &mut extra);
    for i in 0..n_rest {
        let r = g.region();
        let region = REGIONS[r];
        let id = format!("r{i:09x}");
        let endpoint = *g
            .rng
            .pick(&["REGIONAL", "REGIONAL", "REGIONAL", "EDGE", "PRIVATE"]);
        let policy = if endpoint == "PRIVATE" {
            let invoke = |effect: &str, resource: &str| json!({"Effect": effect, "Principal": "*", "Action": "execute-api:Invoke", "Resource": resource});
            let mut deny = invoke("Deny", "execute-api:/*");
            deny["Condition"] =
                json!({"StringNotEquals": {"aws:SourceVpce": "vpce-0123456789abcdef0"}});
            let mut allow_vpce = invoke("Allow", "execute-api:/*");
            allow_vpce["Condition"] =
                json!({"StringEquals": {"aws:SourceVpce": ["vpce-0123456789abcdef0"]}});
            let mut stage_deny = deny.clone();
            stage_deny["Resource"] = json!("execute-api:/prod/*");
            let statements = match g.rng.pct() {
                0..=39 => json!([invoke("Allow", "execute-api:/*"), deny]),
                40..=64 => json!([allow_vpce]),
                65..=79 => json!([invoke("Allow", "execute-api:/*")]),
                80..=89 => json!([invoke("Allow", "execute-api:/*"), stage_deny]),
                90..=94 => Value::Null,
                _ => {
                    json!([{"Effect": "Permit", "Principal": "*", "Action": "execute-api:Invoke"}])
                }
            };
            (!statements.is_null())
                .then(|| json!({"Version": "2012-10-17", "Statement": statements}))
        } else {
            None
        };
        let secure = g.rng.chance(60);
        let paths = [
            "/",
            "/items",
            "/items/{id}",
            "/orders",
            "/orders/{id}/lines",
            "/health",
            "/admin",
            "/search",
        ];
        let resources: Vec<Value> = (0..2 + g.rng.below(7))
            .map(|k| {
                let methods: Vec<Value> = ["GET", "POST", "OPTIONS", "ANY", "DELETE"]
                    .iter()
                    .take(1 + g.rng.below(4))
                    .map(|verb| {
                        let auth = match (*verb, secure, g.rng.pct()) {
                            ("OPTIONS", _, _) => "NONE",
                            (_, true, p) => ["AWS_IAM", "COGNITO_USER_POOLS", "CUSTOM"][p % 3],
                            (_, false, 0..=29) => "AWS_IAM",
                            (_, false, 30..=49) => "CUSTOM",
                            (_, false, 50..=98) => "NONE",
                            _ => "OAUTH2",
                        };
                        json!({"http_method": verb, "authorization_type": auth, "api_key_required": g.rng.chance(30)})
                    })
                    .collect();
                json!({"path": paths[k % paths.len()], "methods": methods})
            })
            .collect();
        let resources: Vec<Value> = resources
            .into_iter()
            .map(|mut res| {
                for m in res["methods"].as_array_mut().into_iter().flatten() {
                    request_checks(&mut extra, m);
                }
                res
            })
            .collect();
        let request_validators = match extra.pct() {
            0..=89 => val(json!([
                {"id": "vall", "name": "all", "validate_request_body": true, "validate_request_parameters": true},
                {"id": "vparams", "name": "params-only", "validate_request_parameters": true}
            ])),
            90..=94 => absent(),
            _ => throttled("GetRequestValidators"),
        };
        if extra.chance(25) && gw.usage_plans.len() < n_plans {
            let mut plan = json!({
                "arn": format!("arn:aws:apigateway:{region}::/usageplans/p{i:09x}"),
                "region": region, "account_id": ACCOUNT, "id": format!("p{i:09x}"), "name": format!("plan-{i}"),
                "api_stages": [{"api_id": id, "stage": "prod"}]
            });
            if extra.chance(70) {
                plan["throttle"] = json!({"burst_limit": 100, "rate_limit": 50.0});
            }
            gw.usage_plans.push(de(plan));
        }
        let resources = match g.rng.pct() {
            0..=92 => val(resources),
            93..=97 => throttled("GetResources"),
            _ => absent(),
        };
        let stages: Vec<Value> = ["prod", "staging", "dev"]
            .iter()
            .take(g.rng.below(4))
            .map(|stage| match g.rng.pct() {
                0..=59 => json!({"name": stage, "web_acl_arn": format!("arn:aws:wafv2:{region}:{ACCOUNT}:regional/webacl/api-{r}/a{r}")}),
                _ => json!({"name": stage}),
            })
            .map(|mut stage| {
                rest_stage_settings(&mut extra, region, &mut stage);
                stage
            })
            .collect();
        let stages = match g.rng.pct() {
            0..=94 => val(stages),
            95..=97 => throttled("GetStages"),
            _ => absent(),
        };
        let mut tags = g.env_tags();
        if g.rng.chance(3) {
            tags["public-api"] = json!("true");
        }
        gw.rest_apis.push(de(json!({
            "arn": format!("arn:aws:apigateway:{region}::/restapis/{id}"),
            "region": region, "account_id": ACCOUNT, "id": id, "name": format!("api-{i}"),
            "endpoint_types": [endpoint], "policy": policy, "resources": resources, "stages": stages,
            "request_validators": request_validators, "tags": tags
        })));
    }
    for i in 0..n_v2 {
        let r = g.region();
        let region = REGIONS[r];
        let id = format!("h{i:09x}");
        let websocket = g.rng.chance(30);
        let auth = |rng: &mut Rng| *rng.pick(&["JWT", "AWS_IAM", "CUSTOM", "NONE"]);
        let routes: Vec<Value> = if websocket {
            let mut routes = vec![
                json!({"route_key": "$disconnect", "authorization_type": "NONE"}),
                json!({"route_key": "$default", "authorization_type": "NONE"}),
            ];
            if g.rng.chance(90) {
                let a = *g.rng.pick(&["CUSTOM", "AWS_IAM", "NONE"]);
                routes.push(json!({"route_key": "$connect", "authorization_type": a}));
            }
            routes
        } else {
            ["GET /items", "POST /items", "OPTIONS /items", "GET /items/{id}", "$default"]
                .iter()
                .take(2 + g.rng.below(4))
                .map(|k| json!({"route_key": k, "authorization_type": if k.starts_with("OPTIONS") { "NONE" } else { auth(&mut g.rng) },
                                "api_key_required": g.rng.chance(10)}))
                .collect()
        };
        let routes = if g.rng.chance(5) {
            denied("GetRoutes")
        } else {
            val(routes)
        };
        let tags = g.env_tags();
        let stages: Vec<Value> = ["$default", "prod"]
            .iter()
            .take(extra.below(3))
            .map(|name| match extra.chance(60) {
                true => json!({"name": name, "access_log_destination": format!("arn:aws:logs:{region}:{ACCOUNT}:log-group:http-{i}-access")}),
                false => json!({"name": name}),
            })
            .collect();
        let stages = match extra.pct() {
            0..=94 => val(stages),
            _ => denied("GetStages"),
        };
        gw.v2_apis.push(de(json!({
            "arn": format!("arn:aws:apigateway:{region}::/apis/{id}"),
            "region": region, "account_id": ACCOUNT, "id": id, "name": format!("http-{i}"),
            "protocol_type": if websocket { "WEBSOCKET" } else { "HTTP" },
            "routes": routes, "stages": stages, "tags": tags
        })));
    }
    g.acct.apigateway = Some(gw);
}

/// The account's CloudWatch role per region: a role trusting API Gateway
/// (added to the account's roles) in most, none or a deleted one in others.
fn account_settings(g: &mut Gen, rng: &mut Rng) -> Vec<AccountSettings> {
    let name = "apigateway-cloudwatch-logs";
    let arn = format!("arn:aws:iam::{ACCOUNT}:role/{name}");
    if let Some(iam) = g.acct.iam.as_mut() {
        iam.roles.push(de(json!({
            "arn": arn, "region": "global", "account_id": ACCOUNT, "name": name,
            "trust_policy": {"Statement": [{"Effect": "Allow", "Principal": {"Service": "apigateway.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
            "attached_policies": {"value": []},
            "inline_policies": {"value": [{"name": "push-to-cloudwatch-logs", "document": {"Statement": [
                {"Effect": "Allow", "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"}]}}]}
        })));
    }
    REGIONS
        .iter()
        .map(|region| {
            let role = match rng.pct() {
                0..=74 => Some(arn.clone()),
                75..=89 => None,
                _ => Some(format!("arn:aws:iam::{ACCOUNT}:role/deleted-apigw-logs")),
            };
            de(json!({"region": region, "account_id": ACCOUNT, "cloudwatch_role_arn": role}))
        })
        .collect()
}

/// A REST stage's logging, tracing, cache and method settings: the
/// defaults (`*/*`) and, now and then, one method's override.
fn rest_stage_settings(rng: &mut Rng, region: &str, stage: &mut Value) {
    stage["tracing_enabled"] = json!(rng.chance(60));
    match rng.pct() {
        0..=39 => {
            stage["access_log_destination"] =
                json!(format!("arn:aws:logs:{region}:{ACCOUNT}:log-group:api-access"))
        }
        40..=49 => {
            stage["access_log_destination"] = json!(format!(
                "arn:aws:firehose:{region}:{ACCOUNT}:deliverystream/amazon-apigateway-access"
            ))
        }
        _ => {}
    }
    let cached = rng.chance(30);
    stage["cache_cluster_enabled"] = json!(cached);
    let mut defaults = json!({
        "logging_level": *rng.pick(&[None, Some("OFF"), Some("ERROR"), Some("INFO"), Some("INFO")]),
        "metrics_enabled": rng.chance(70),
        "data_trace_enabled": rng.chance(15),
        "caching_enabled": cached,
        "cache_data_encrypted": cached && rng.chance(70),
        "require_authorization_for_cache_control": cached && rng.chance(70),
    });
    if rng.chance(50) {
        defaults["throttling_burst_limit"] = json!(500);
        defaults["throttling_rate_limit"] = json!(100.0);
    }
    let mut settings = json!({"*/*": defaults});
    if rng.chance(20) {
        settings["~1items/GET"] = json!({
            "caching_enabled": true,
            "cache_data_encrypted": rng.chance(50),
            "require_authorization_for_cache_control": rng.chance(50),
            "data_trace_enabled": rng.chance(30),
        });
    }
    stage["method_settings"] = settings;
}

/// A method's request models and parameters, and the validator it names:
/// one that checks them, one that checks only parameters, or none.
fn request_checks(rng: &mut Rng, method: &mut Value) {
    match rng.pct() {
        0..=29 => method["request_models"] = json!({"application/json": "Item"}),
        30..=49 => method["request_parameters"] = json!({"method.request.querystring.q": true}),
        50..=59 => method["request_parameters"] = json!({"method.request.querystring.page": false}),
        _ => return,
    }
    match rng.pct() {
        0..=59 => method["request_validator_id"] = json!("vall"),
        60..=74 => method["request_validator_id"] = json!("vparams"),
        _ => {}
    }
}
