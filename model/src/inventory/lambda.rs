//! Lambda: functions, with environment variable values redacted on load.

use super::{merge, resource, Collected, PolicyJson, Tags};
use crate::data::Data;
use crate::secret::NamedSecret;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListFunctions`: functions, their environment (redacted), execution role and tracing mode.
pub const FUNCTIONS: Data = Data::listing("lambda");
/// `ListTags`: each function's tags.
pub const FUNCTION_TAGS: Data = Data::part("lambda", "functions.tags");
/// `GetPolicy`: each function's resource-based policy.
pub const POLICY: Data = Data::part("lambda", "functions.policy");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[FUNCTIONS, FUNCTION_TAGS, POLICY];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lambda {
    #[serde(default)]
    pub functions: Vec<Function>,
}
merge!(Lambda { functions });

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Function {
    /// The unqualified function ARN.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// Environment variables: names kept, values redacted (a plain string in
    /// a fixture becomes its hash on load).
    #[serde(default)]
    pub environment: Vec<NamedSecret>,
    /// The execution role's ARN (looked up in `iam.roles`); absent when not
    /// recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// `TracingConfig.Mode` of the `$LATEST` configuration: `Active` (X-Ray
    /// samples and records requests) or `PassThrough` (only requests that
    /// arrive traced); absent when not reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracing_mode: Option<String>,
    #[serde(default)]
    pub tags: Tags,
    /// `GetPolicy` (unqualified): the resource-based policy; absent = the
    /// function has none (`ResourceNotFoundException`).
    #[serde(default)]
    pub policy: Collected<PolicyJson>,
}
resource!(Function, tags);
