//! Lambda: functions, with environment variable values redacted on load.

use super::{resource, Tags};
use crate::secret::NamedSecret;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lambda {
    #[serde(default)]
    pub functions: Vec<Function>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Function {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// Environment variables: names kept, values redacted (a plain string in
    /// a fixture becomes its hash on load).
    #[serde(default)]
    pub environment: Vec<NamedSecret>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(Function, tags);
