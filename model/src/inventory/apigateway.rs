//! API Gateway: REST APIs with their methods (v1), and HTTP/WebSocket APIs
//! with their routes (v2).

use super::{merge, resource, Collected, PolicyJson, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `GetRestApis` and `GetApis`: REST, HTTP and WebSocket APIs with their policies and tags.
pub const APIS: Data = Data::listing("apigateway");
/// `GetResources` (`embed=methods`): the methods of each REST API.
pub const REST_RESOURCES: Data = Data::part("apigateway", "rest_apis.resources");
/// `GetStages`: the stages of each REST API and their web ACL.
pub const STAGES: Data = Data::part("apigateway", "rest_apis.stages");
/// `GetRoutes`: the routes of each HTTP or WebSocket API.
pub const ROUTES: Data = Data::part("apigateway", "v2_apis.routes");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[APIS, REST_RESOURCES, STAGES, ROUTES];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiGateway {
    /// REST APIs (v1).
    #[serde(default)]
    pub rest_apis: Vec<RestApi>,
    /// HTTP and WebSocket APIs (`apigatewayv2:GetApis`).
    #[serde(default)]
    pub v2_apis: Vec<V2Api>,
}
merge!(ApiGateway { rest_apis, v2_apis });

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
    #[serde(default)]
    pub tags: Tags,
}
resource!(RestApi, tags);

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
    #[serde(default)]
    pub tags: Tags,
}
resource!(V2Api, tags);

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
