//! Lambda: functions, with environment variable values redacted on load.

use super::{merge, resource, Tags};
use crate::data::Data;
use crate::secret::NamedSecret;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListFunctions`: functions and their environment (redacted).
pub const FUNCTIONS: Data = Data::listing("lambda");
/// `ListTags`: each function's tags.
pub const FUNCTION_TAGS: Data = Data::part("lambda", "functions.tags");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[FUNCTIONS, FUNCTION_TAGS];

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
