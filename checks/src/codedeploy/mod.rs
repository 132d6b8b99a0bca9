//! Checks of the codedeploy service.

use crate::engine::{Check, Emitter};
use crate::inventory::codedeploy::{DeploymentGroup, DeploymentGroupConfig};

mod auto_rollback;
mod bluegreen_config;
mod ec2_prereqs;
mod no_allatonce_prod;

pub const CHECKS: &[&Check] = &[
    &auto_rollback::CHECK,
    &no_allatonce_prod::CHECK,
    &bluegreen_config::CHECK,
    &ec2_prereqs::CHECK,
];

/// A deployment group's configuration, or `None` once the group is
/// reported: SKIP when it was deleted after it was listed, ERROR when it
/// could not be read.
fn config_of<'g>(
    group: &'g DeploymentGroup,
    em: &mut Emitter,
) -> Option<&'g DeploymentGroupConfig> {
    match group.config.known() {
        Ok(Some(config)) => Some(config),
        Ok(None) => {
            em.skip(group, "the deployment group no longer exists");
            None
        }
        Err(e) => {
            em.error(group, e);
            None
        }
    }
}
