//! AppSync, per region: GraphQL APIs with their authorization modes,
//! visibility and the WAF web ACL associated with them.

use super::{merge, resource, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListGraphqlApis`: GraphQL APIs, their authorization modes, visibility, web ACL and tags.
pub const APIS: Data = Data::listing("appsync");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[APIS];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppSync {
    #[serde(default)]
    pub graphql_apis: Vec<GraphqlApi>,
}
merge!(AppSync { graphql_apis });

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GraphqlApi {
    /// `arn:aws:appsync:<region>:<account>:apis/<id>`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub id: String,
    pub name: String,
    /// The default authorization mode: `API_KEY`, `AWS_IAM`,
    /// `AMAZON_COGNITO_USER_POOLS`, `OPENID_CONNECT` or `AWS_LAMBDA`.
    pub authentication_type: String,
    /// The additional authorization modes, as `authentication_type`.
    #[serde(default)]
    pub additional_authentication_types: Vec<String>,
    /// `GLOBAL` (reachable from the internet) or `PRIVATE` (only from VPC
    /// endpoints); absent is `GLOBAL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visibility: Option<String>,
    /// The associated WAFv2 web ACL (looked up in `wafv2.web_acls`);
    /// absent when none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waf_web_acl_arn: Option<String>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(GraphqlApi, tags);
