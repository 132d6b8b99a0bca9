//! Each group's lifecycle hooks (`DescribeLifecycleHooks`, one call per
//! group), when a selected check reads them: a failed call makes that
//! group's hooks unknown (error); a group deleted since it was listed
//! (`ValidationError`) has none (absent).

use super::DESCRIBE_LIFECYCLE_HOOKS;
use crate::Cx;
use aws_sdk_autoscaling::Client;
use awscheck_model::inventory::autoscaling::{self as data, AutoScalingGroup, LifecycleHook};

/// What `DescribeLifecycleHooks` answers for a group that no longer exists.
const GONE: &str = "ValidationError";

/// `groups` with their lifecycle hooks read.
pub(super) async fn attach(
    cx: &Cx,
    client: &Client,
    groups: Vec<AutoScalingGroup>,
) -> Vec<AutoScalingGroup> {
    if !cx.wants(data::LIFECYCLE_HOOKS) {
        return groups;
    }
    cx.bounded(groups, |group| async move {
        let request = client
            .describe_lifecycle_hooks()
            .auto_scaling_group_name(&group.name)
            .send();
        let lifecycle_hooks = cx
            .call(DESCRIBE_LIFECYCLE_HOOKS, request)
            .await
            .read(&[GONE], |o| {
                Some(o.lifecycle_hooks().iter().filter_map(hook).collect())
            });
        AutoScalingGroup {
            lifecycle_hooks,
            ..group
        }
    })
    .await
}

fn hook(h: &aws_sdk_autoscaling::types::LifecycleHook) -> Option<LifecycleHook> {
    Some(LifecycleHook {
        name: h.lifecycle_hook_name()?.to_string(),
        transition: h.lifecycle_transition().unwrap_or_default().to_string(),
        default_result: h.default_result().map(str::to_string),
        heartbeat_timeout: h.heartbeat_timeout().map(i64::from),
    })
}
