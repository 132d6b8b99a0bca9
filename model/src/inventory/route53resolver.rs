//! Route 53 Resolver, per region: query logging configurations (where the
//! DNS queries of VPCs are logged) and the VPCs associated with them.

use super::{merge, resource};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListResolverQueryLogConfigs`: query logging configurations and their destinations (own and shared).
pub const QUERY_LOG_CONFIGS: Data = Data::listing("route53resolver");
/// `ListResolverQueryLogConfigAssociations`: the VPCs whose queries each configuration logs.
pub const QUERY_LOG_ASSOCIATIONS: Data =
    Data::part("route53resolver", "query_log_config_associations");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[QUERY_LOG_CONFIGS, QUERY_LOG_ASSOCIATIONS];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route53Resolver {
    #[serde(default)]
    pub query_log_configs: Vec<QueryLogConfig>,
    #[serde(default)]
    pub query_log_config_associations: Vec<QueryLogConfigAssociation>,
}
merge!(Route53Resolver {
    query_log_configs,
    query_log_config_associations
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryLogConfig {
    pub arn: String,
    pub region: String,
    /// The owner (another account for a configuration shared through RAM).
    pub account_id: String,
    /// `rqlc-…`.
    pub id: String,
    pub name: String,
    /// `CREATING`, `CREATED`, `DELETING` or `FAILED`.
    pub status: String,
    /// Where queries go: a log group, an S3 bucket or a Firehose stream ARN.
    pub destination_arn: String,
    /// `NOT_SHARED`, `SHARED_WITH_ME` or `SHARED_BY_ME`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_status: Option<String>,
}
resource!(QueryLogConfig);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryLogConfigAssociation {
    /// `rqlca-…`.
    pub id: String,
    pub region: String,
    /// The configuration, looked up in `query_log_configs`.
    pub resolver_query_log_config_id: String,
    /// The VPC whose queries are logged, looked up in `vpc.vpcs`.
    pub resource_id: String,
    /// `CREATING`, `ACTIVE`, `ACTION_NEEDED`, `DELETING` or `FAILED`.
    pub status: String,
    /// Why the association needs action or failed
    /// (`DESTINATION_NOT_FOUND`, `ACCESS_DENIED`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}
