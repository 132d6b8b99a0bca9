//! The account's sections by name, for what knows no section's type:
//! replication reads and writes them as JSON, and counting probes them.

use super::fixture::de;
use super::probe;
use awscheck_checks::inventory::Account;
use serde_json::{Map, Value};

/// True for a section's list that holds resources: every list but
/// `regions`, which holds one entry of settings per collected region (EC2's
/// metadata defaults, SSM's default host management role).
pub fn lists_resources(field: &str) -> bool {
    field != "regions"
}

/// A section as a JSON object.
fn object(section: &impl serde::Serialize) -> Map<String, Value> {
    match serde_json::to_value(section) {
        Ok(Value::Object(body)) => body,
        other => panic!("a section serializes as a JSON object, not {other:?}"),
    }
}

/// `count`, `get` and `set`, over every section of the model.
macro_rules! by_name {
    ($( $name:ident : $ty:ty ),* $(,)?) => {
        /// How many resources `acct` holds: the entries of every resource
        /// list of every section.
        pub fn count(acct: &Account) -> usize {
            0 $(+ acct.$name.as_ref().map_or(0, probe::resources))*
        }

        /// Section `name` of `acct` as JSON (`None` when not collected).
        pub fn get(acct: &Account, name: &str) -> Option<Map<String, Value>> {
            match name {
                $(stringify!($name) => acct.$name.as_ref().map(object),)*
                _ => None,
            }
        }

        /// Sets section `name` of `acct` from its JSON.
        pub fn set(acct: &mut Account, name: &str, body: Map<String, Value>) {
            match name {
                $(stringify!($name) => acct.$name = Some(de(Value::Object(body))),)*
                _ => panic!("{name} is not a section of the model"),
            }
        }
    };
}
awscheck_model::with_sections!(by_name);
