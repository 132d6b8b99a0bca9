//! API Gateway: REST APIs with their methods (v1), and HTTP/WebSocket APIs
//! with their routes (v2).

use super::{merge, resource, Collected, PolicyJson, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

// What checks can read of the section, one per call (see crate::data).
/// `GetRestApis` and `GetApis`: REST, HTTP and WebSocket APIs with their policies and tags.
pub const APIS: Data = Data::listing("apigateway");
/// `GetResources` (`embed=methods`): the methods of each REST API.
pub const REST_RESOURCES: Data = Data::part("apigateway", "rest_apis.resources");
/// `GetStages`: the stages of each REST API: web ACL, logging, tracing, cache and method settings.
pub const STAGES: Data = Data::part("apigateway", "rest_apis.stages");
/// `GetRoutes`: the routes of each HTTP or WebSocket API.
pub const ROUTES: Data = Data::part("apigateway", "v2_apis.routes");
/// `apigatewayv2:GetStages`: the stages of each HTTP or WebSocket API and their access logging.
pub const V2_STAGES: Data = Data::part("apigateway", "v2_apis.stages");
/// `GetAccount`: the account's CloudWatch Logs role for API Gateway, per region.
pub const ACCOUNT_SETTINGS: Data = Data::part("apigateway", "account_settings");
/// `GetRequestValidators`: the request validators of each REST API.
pub const REQUEST_VALIDATORS: Data = Data::part("apigateway", "rest_apis.request_validators");
/// `GetUsagePlans`: the usage plans of each region, their throttles and the stages they cover.
pub const USAGE_PLANS: Data = Data::part("apigateway", "usage_plans");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    APIS,
    REST_RESOURCES,
    STAGES,
    ROUTES,
    V2_STAGES,
    ACCOUNT_SETTINGS,
    REQUEST_VALIDATORS,
    USAGE_PLANS,
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
    /// The account's API Gateway settings, one per region.
    #[serde(default)]
    pub account_settings: Vec<AccountSettings>,
    /// Usage plans (throttles and quotas per API key).
    #[serde(default)]
    pub usage_plans: Vec<UsagePlan>,
}
merge!(ApiGateway {
    rest_apis,
    v2_apis,
    account_settings,
    usage_plans
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsagePlan {
    /// `arn:aws:apigateway:<region>::/usageplans/<id>`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub id: String,
    pub name: String,
    /// The plan's throttle for each API key; absent when none is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throttle: Option<Throttle>,
    /// The REST API stages the plan covers.
    #[serde(default)]
    pub api_stages: Vec<UsagePlanStage>,
}
resource!(UsagePlan);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsagePlanStage {
    /// The REST API's id (looked up in `rest_apis`).
    pub api_id: String,
    /// The stage name.
    pub stage: String,
    /// Per-method throttles, by `RESOURCE_PATH/METHOD` (`/items/GET`);
    /// empty when none is set.
    #[serde(default)]
    pub method_throttles: BTreeMap<String, Throttle>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Throttle {
    /// `burstLimit`; absent when not set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub burst_limit: Option<i64>,
    /// `rateLimit`, requests per second; absent when not set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountSettings {
    pub region: String,
    pub account_id: String,
    /// `cloudwatchRoleArn`: the role API Gateway assumes to write execution
    /// and access logs of REST and WebSocket APIs to CloudWatch Logs in
    /// this region (looked up in `iam.roles`); absent when none is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloudwatch_role_arn: Option<String>,
}

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
    /// `GetStages`: the API's stages (an empty list: none, the API is not
    /// deployed); absent = the API was deleted since it was listed.
    #[serde(default)]
    pub stages: Collected<Vec<Stage>>,
    /// `GetRequestValidators`: the API's request validators; absent = none.
    #[serde(default)]
    pub request_validators: Collected<Vec<RequestValidator>>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(RestApi, tags);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestValidator {
    /// The id methods name in `request_validator_id`.
    pub id: String,
    pub name: String,
    /// `validateRequestBody`: bodies are checked against the method's
    /// request models.
    #[serde(default)]
    pub validate_request_body: bool,
    /// `validateRequestParameters`: the method's required parameters must
    /// be present.
    #[serde(default)]
    pub validate_request_parameters: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// The stage name (`prod`); its ARN is
    /// `arn:aws:apigateway:<region>::/restapis/<id>/stages/<name>`.
    pub name: String,
    /// The associated WAFv2 web ACL (looked up in `wafv2.web_acls`);
    /// absent when none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web_acl_arn: Option<String>,
    /// `tracingEnabled`: X-Ray traces the stage's requests.
    #[serde(default)]
    pub tracing_enabled: bool,
    /// `accessLogSettings.destinationArn`: the CloudWatch Logs group or
    /// Firehose stream that receives the stage's access logs; absent when
    /// access logging is off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_log_destination: Option<String>,
    /// `cacheClusterEnabled`: the stage has a cache cluster.
    #[serde(default)]
    pub cache_cluster_enabled: bool,
    /// `methodSettings`: by method path, `*/*` for the stage's defaults or
    /// `RESOURCE_PATH/METHOD` for one method's override (the path's
    /// slashes written `~1`, as API Gateway returns it: `~1items/GET`);
    /// empty when none is set.
    #[serde(default)]
    pub method_settings: BTreeMap<String, MethodSetting>,
    /// The stage's own tags.
    #[serde(default)]
    pub tags: Tags,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MethodSetting {
    /// `loggingLevel`: execution logging, `OFF`, `ERROR` or `INFO`; absent
    /// when not set (off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logging_level: Option<String>,
    /// `dataTraceEnabled`: execution logs hold full request and response
    /// bodies.
    #[serde(default)]
    pub data_trace_enabled: bool,
    /// `metricsEnabled`: detailed CloudWatch metrics, per method.
    #[serde(default)]
    pub metrics_enabled: bool,
    /// `throttlingBurstLimit`; absent when not set (the API's `-1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throttling_burst_limit: Option<i64>,
    /// `throttlingRateLimit`, requests per second; absent when not set (the
    /// API's `-1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throttling_rate_limit: Option<f64>,
    /// `cachingEnabled`: responses are cached.
    #[serde(default)]
    pub caching_enabled: bool,
    /// `cacheDataEncrypted`: cached responses are encrypted.
    #[serde(default)]
    pub cache_data_encrypted: bool,
    /// `requireAuthorizationForCacheControl`: a client must be allowed
    /// `execute-api:InvalidateCache` to flush the cache with
    /// `Cache-Control: max-age=0`.
    #[serde(default)]
    pub require_authorization_for_cache_control: bool,
    /// `unauthorizedCacheControlHeaderStrategy`: the answer to an
    /// unauthorized flush, `FAIL_WITH_403`,
    /// `SUCCEED_WITH_RESPONSE_HEADER` or `SUCCEED_WITHOUT_RESPONSE_HEADER`;
    /// absent when not reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unauthorized_cache_control_header_strategy: Option<String>,
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
    /// `requestValidatorId`: the request validator applied (looked up in
    /// the API's `request_validators`); absent when none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_validator_id: Option<String>,
    /// `requestModels`: the model of the request body, by content type;
    /// empty when none is declared.
    #[serde(default)]
    pub request_models: BTreeMap<String, String>,
    /// `requestParameters`: the request parameters declared
    /// (`method.request.querystring.q`), each with whether it is required.
    #[serde(default)]
    pub request_parameters: BTreeMap<String, bool>,
}

impl Throttle {
    /// True when a rate or a burst limit is set.
    pub fn is_set(&self) -> bool {
        self.burst_limit.is_some() || self.rate_limit.is_some()
    }
}

impl MethodSetting {
    /// True when the scope sets a rate or a burst limit.
    pub fn throttles(&self) -> bool {
        self.throttling_burst_limit.is_some() || self.throttling_rate_limit.is_some()
    }
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
    /// `apigatewayv2:GetStages`: the API's stages (an empty list: none);
    /// absent = the API was deleted since it was listed.
    #[serde(default)]
    pub stages: Collected<Vec<V2Stage>>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(V2Api, tags);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct V2Stage {
    /// The stage name (`$default`, `prod`); its ARN is
    /// `arn:aws:apigateway:<region>::/apis/<id>/stages/<name>`.
    pub name: String,
    /// `AccessLogSettings.DestinationArn`: the CloudWatch Logs group that
    /// receives the stage's access logs; absent when access logging is off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_log_destination: Option<String>,
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
