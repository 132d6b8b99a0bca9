//! The account's sections, for what knows no section's type: counting
//! probes every one of them.

use super::probe;
use awscheck_checks::inventory::Account;

/// True for a section's list that holds resources: every list but
/// `regions`, which holds one entry of settings per collected region (EC2's
/// metadata defaults, SSM's default host management role).
pub fn lists_resources(field: &str) -> bool {
    field != "regions"
}

/// `count`, over every section of the model.
macro_rules! by_name {
    ($( $name:ident : $ty:ty ),* $(,)?) => {
        /// How many resources `acct` holds: the entries of every resource
        /// list of every section.
        pub fn count(acct: &Account) -> usize {
            0 $(+ acct.$name.as_ref().map_or(0, probe::resources))*
        }
    };
}
awscheck_model::with_sections!(by_name);
