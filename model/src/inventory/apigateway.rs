//! API Gateway: REST APIs with their methods, stages, request validators
//! (v1) and the usage plans and CloudWatch role of each region; HTTP and
//! WebSocket APIs with their routes and stages (v2).

use super::{merge, resource, Collected, PolicyJson, Tags};
use crate::data::Data;
use crate::secret::NamedSecret;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

// What checks can read of the section, one per call (see crate::data).
/// `GetRestApis` and `GetApis`: REST, HTTP and WebSocket APIs with their policies and tags.
pub const APIS: Data = Data::listing("apigateway");
/// `GetResources` (`embed=methods`): the methods of each REST API.
pub const REST_RESOURCES: Data = Data::part("apigateway", "rest_apis.resources");
/// `GetRoutes`: the routes of each HTTP or WebSocket API.
pub const ROUTES: Data = Data::part("apigateway", "v2_apis.routes");
/// `GetStages`: the stages of each REST API, with their method settings.
pub const STAGES: Data = Data::part("apigateway", "rest_apis.stages");
/// `GetRequestValidators`: the request validators of each REST API.
pub const REQUEST_VALIDATORS: Data = Data::part("apigateway", "rest_apis.request_validators");
/// `apigatewayv2:GetStages`: the stages of each HTTP or WebSocket API.
pub const V2_STAGES: Data = Data::part("apigateway", "v2_apis.stages");
/// `GetUsagePlans`: the usage plans of each region.
pub const USAGE_PLANS: Data = Data::part("apigateway", "usage_plans");
/// `GetAccount`: the account's CloudWatch role in each region.
pub const ACCOUNT: Data = Data::part("apigateway", "regions");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    APIS,
    REST_RESOURCES,
    ROUTES,
    STAGES,
    REQUEST_VALIDATORS,
    V2_STAGES,
    USAGE_PLANS,
    ACCOUNT,
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiGateway {
    /// REST APIs (v1).
    #[serde(default)]
    pub rest_apis: Vec<RestApi>,
    /// HTTP and WebSocket APIs (`apigatewayv2:GetApis`).
    #[serde(default)]
    pub v2_apis: Vec<V2Api>,
    /// Usage plans (`GetUsagePlans`).
    #[serde(default)]
    pub usage_plans: Vec<UsagePlan>,
    /// One entry per collected region.
    #[serde(default)]
    pub regions: Vec<ApiGatewayRegion>,
}
merge!(ApiGateway {
    rest_apis,
    v2_apis,
    usage_plans,
    regions
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RestApi {
    /// `arn:aws:apigateway:<region>::/restapis/<id>`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub id: String,
    pub name: String,
    /// `EDGE`, `REGIONAL`, `PRIVATE`.
    #[serde(default)]
    pub endpoint_types: Vec<String>,
    /// The resource policy; absent when none is set (this one is not
    /// Collected: leave it out when the API has none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyJson>,
    /// `GetResources` (`embed=methods`): the API's resources with their
    /// methods; absent = no resources.
    #[serde(default)]
    pub resources: Collected<Vec<ApiResource>>,
    /// `GetStages`: the API's stages; absent = none deployed.
    #[serde(default)]
    pub stages: Collected<Vec<Stage>>,
    /// `GetRequestValidators`: the API's request validators; absent = none.
    #[serde(default)]
    pub request_validators: Collected<Vec<RequestValidator>>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(RestApi, tags);

impl RestApi {
    /// `arn:aws:apigateway:<region>::/restapis/<id>/stages/<name>`.
    pub fn stage_arn(&self, stage: &str) -> String {
        format!("{}/stages/{stage}", self.arn)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiResource {
    /// The resource path (`/`, `/items`, …).
    pub path: String,
    #[serde(default)]
    pub methods: Vec<Method>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Method {
    /// `GET`, `POST`, …, `ANY`.
    pub http_method: String,
    /// `NONE`, `AWS_IAM`, `COGNITO_USER_POOLS` or `CUSTOM`.
    pub authorization_type: String,
    #[serde(default)]
    pub api_key_required: bool,
    /// `requestValidatorId`: the validator that checks requests; absent
    /// when requests are not validated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_validator_id: Option<String>,
    /// `requestModels`: content type → model of the request body.
    #[serde(default)]
    pub request_models: BTreeMap<String, String>,
    /// `requestParameters`: parameter (`method.request.querystring.q`, …)
    /// → whether it is required.
    #[serde(default)]
    pub request_parameters: BTreeMap<String, bool>,
    /// `methodIntegration.uri`: what the method calls (a Lambda function
    /// through `arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function ARN>/invocations`,
    /// an HTTP endpoint, an AWS service); absent for mock integrations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integration_uri: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub name: String,
    /// `cacheClusterEnabled`: a cache cluster is provisioned for the stage.
    #[serde(default)]
    pub cache_cluster_enabled: bool,
    /// `tracingEnabled`: X-Ray tracing.
    #[serde(default)]
    pub tracing_enabled: bool,
    /// `accessLogSettings.destinationArn`: a CloudWatch Logs group or
    /// Firehose stream; absent when access logging is off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_log_destination_arn: Option<String>,
    /// `methodSettings`: `*/*` (the stage's defaults) and per-method
    /// overrides (`items/GET`, with `~1` for `/` in the resource path).
    #[serde(default)]
    pub method_settings: BTreeMap<String, MethodSetting>,
    /// Stage variables: names kept, values redacted (a plain string in a
    /// fixture becomes its hash on load).
    #[serde(default)]
    pub variables: Vec<NamedSecret>,
    #[serde(default)]
    pub tags: Tags,
}

/// A stage's settings for all methods (`*/*`) or one method; every field is
/// as `GetStages` reports it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MethodSetting {
    /// `loggingLevel`: `OFF`, `ERROR` or `INFO`; absent = `OFF`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logging_level: Option<String>,
    /// `dataTraceEnabled`: full requests and responses are logged.
    #[serde(default)]
    pub data_trace_enabled: bool,
    /// `metricsEnabled`: detailed CloudWatch metrics.
    #[serde(default)]
    pub metrics_enabled: bool,
    /// `throttlingRateLimit` (requests per second); absent or negative =
    /// not limited at this level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throttling_rate_limit: Option<f64>,
    /// `throttlingBurstLimit`; absent or negative = not limited at this level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throttling_burst_limit: Option<i64>,
    /// `cachingEnabled`: responses are cached.
    #[serde(default)]
    pub caching_enabled: bool,
    /// `cacheDataEncrypted`.
    #[serde(default)]
    pub cache_data_encrypted: bool,
    /// `requireAuthorizationForCacheControl`: a `Cache-Control: max-age=0`
    /// flush needs `execute-api:InvalidateCache` permission.
    #[serde(default)]
    pub require_authorization_for_cache_control: bool,
    /// `unauthorizedCacheControlHeaderStrategy`: `FAIL_WITH_403`,
    /// `SUCCEED_WITH_RESPONSE_HEADER` or `SUCCEED_WITHOUT_RESPONSE_HEADER`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unauthorized_cache_control_header_strategy: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestValidator {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub validate_request_body: bool,
    #[serde(default)]
    pub validate_request_parameters: bool,
}

/// A usage plan: the throttle it applies to the API stages it covers.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsagePlan {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub id: String,
    pub name: String,
    /// The plan's throttle; absent when the plan does not throttle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throttle: Option<Throttle>,
    /// The API stages the plan covers.
    #[serde(default)]
    pub api_stages: Vec<PlanStage>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(UsagePlan, tags);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanStage {
    pub api_id: String,
    pub stage: String,
    /// Per-method throttles (`/items/GET` → throttle).
    #[serde(default)]
    pub method_throttles: BTreeMap<String, Throttle>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Throttle {
    /// Requests per second; absent when not set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<f64>,
    /// Absent when not set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub burst_limit: Option<i64>,
}

impl Throttle {
    /// True when a rate or burst limit is set (a negative value means none).
    pub fn is_set(&self) -> bool {
        self.rate_limit.is_some_and(|r| r >= 0.0) || self.burst_limit.is_some_and(|b| b >= 0)
    }
}

/// The account's API Gateway settings in one region.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiGatewayRegion {
    pub region: String,
    /// `GetAccount` `cloudwatchRoleArn`: the role API Gateway writes
    /// CloudWatch logs with (looked up in `iam.roles`); absent = unset.
    #[serde(default)]
    pub cloudwatch_role_arn: Collected<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct V2Api {
    /// `arn:aws:apigateway:<region>::/apis/<id>`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub id: String,
    pub name: String,
    /// `HTTP` or `WEBSOCKET`.
    pub protocol_type: String,
    /// `GetRoutes`: the API's routes; absent = no routes.
    #[serde(default)]
    pub routes: Collected<Vec<Route>>,
    /// `apigatewayv2:GetStages`: the API's stages; absent = none.
    #[serde(default)]
    pub stages: Collected<Vec<V2Stage>>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(V2Api, tags);

impl V2Api {
    /// `arn:aws:apigateway:<region>::/apis/<id>/stages/<name>`.
    pub fn stage_arn(&self, stage: &str) -> String {
        format!("{}/stages/{stage}", self.arn)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct V2Stage {
    pub name: String,
    /// `AccessLogSettings.DestinationArn`; absent when access logging is off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_log_destination_arn: Option<String>,
    #[serde(default)]
    pub tags: Tags,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// `GET /items`, `$connect`, `$default`, …
    pub route_key: String,
    /// `NONE`, `AWS_IAM`, `CUSTOM` or `JWT`.
    pub authorization_type: String,
    #[serde(default)]
    pub api_key_required: bool,
}
