//! Which managed nodes a State Manager association or a maintenance window
//! targets, shared by the SSM checks that ask whether every node is covered
//! (inventory collection, patching).
//!
//! A target list matches a node when every entry matches (`InstanceIds`
//! with `*` or the node's id; `tag:KEY` with the node's value of KEY;
//! `tag-key` with one of its keys). A node's tags are its EC2 instance's
//! (`ec2.instances`); a hybrid node's tags are not collected, nor are
//! resource groups: a tag entry for a hybrid node, or a
//! `resource-groups:*` entry, leaves the answer unknown.

use crate::inventory::ec2::Instance;
use crate::inventory::ssm::{ManagedInstance, Target};
use crate::inventory::Tags;
use std::collections::HashMap;

/// Whether a target list matches a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Targeted {
    Yes,
    No,
    /// Cannot tell: why.
    Unknown(String),
}

/// The nodes' tags: EC2 instances' by region and instance id.
pub struct NodeTags<'a>(HashMap<(&'a str, &'a str), &'a Tags>);

impl<'a> NodeTags<'a> {
    pub fn new(instances: &'a [Instance]) -> NodeTags<'a> {
        NodeTags(
            instances
                .iter()
                .map(|i| ((i.region.as_str(), i.instance_id.as_str()), &i.tags))
                .collect(),
        )
    }

    /// The tags of `node`, its EC2 instance's (`None` when the instance is
    /// not in the inventory, or for a hybrid node).
    pub fn of(&self, node: &'a ManagedInstance) -> Option<&'a Tags> {
        self.0
            .get(&(node.region.as_str(), node.instance_id.as_str()))
            .copied()
    }
}

/// Whether every entry of `targets` matches `node` (an empty list matches
/// nothing).
pub fn matches(targets: &[Target], node: &ManagedInstance, tags: &NodeTags) -> Targeted {
    if targets.is_empty() {
        return Targeted::No;
    }
    let mut unknown = None;
    for t in targets {
        match entry(t, node, tags) {
            Targeted::No => return Targeted::No,
            Targeted::Unknown(why) => unknown = Some(why),
            Targeted::Yes => {}
        }
    }
    unknown.map_or(Targeted::Yes, Targeted::Unknown)
}

fn entry(t: &Target, node: &ManagedInstance, tags: &NodeTags) -> Targeted {
    let has = |v: &str| t.values.iter().any(|x| x == v);
    if t.key == "InstanceIds" {
        return bool_to(has("*") || has(&node.instance_id));
    }
    if t.key.starts_with("resource-groups:") {
        return Targeted::Unknown(format!(
            "targets resource group {} (resource groups are not in the inventory)",
            t.values.join(", ")
        ));
    }
    let by_tag = t.key.strip_prefix("tag:");
    if by_tag.is_none() && t.key != "tag-key" {
        return Targeted::Unknown(format!("unrecognised target key {}", t.key));
    }
    let Some(node_tags) = tags.of(node) else {
        return Targeted::Unknown(format!(
            "targets by tag, and the tags of {} are not in the inventory",
            node.instance_id
        ));
    };
    match by_tag {
        Some(key) => bool_to(node_tags.get(key).is_some_and(|v| has(v))),
        None => bool_to(node_tags.keys().any(|k| has(k))),
    }
}

fn bool_to(b: bool) -> Targeted {
    if b {
        Targeted::Yes
    } else {
        Targeted::No
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn node(id: &str) -> ManagedInstance {
        serde_json::from_value(
            json!({"arn": format!("arn:aws:ssm:us-east-1:1:managed-instance/{id}"),
            "region": "us-east-1", "account_id": "1", "instance_id": id, "ping_status": "Online"}),
        )
        .unwrap()
    }

    fn targets(v: serde_json::Value) -> Vec<Target> {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn targets_match_as_state_manager_matches() {
        let instances: Vec<Instance> = serde_json::from_value(json!([{"arn": "a", "region": "us-east-1",
            "account_id": "1", "instance_id": "i-1", "state": "running", "launch_time": "2026-01-01T00:00:00Z",
            "metadata_options": {}, "tags": {"Patch": "yes", "Env": "prod"}}]))
        .unwrap();
        let tags = NodeTags::new(&instances);
        let ec2 = node("i-1");
        let hybrid = node("mi-2");
        let unknown = node("i-3");
        let all = targets(json!([{"key": "InstanceIds", "values": ["*"]}]));
        let by_tag = targets(json!([{"key": "tag:Patch", "values": ["yes"]}]));
        let both = targets(
            json!([{"key": "tag:Patch", "values": ["yes"]}, {"key": "tag-key", "values": ["Env"]}]),
        );
        let group = targets(json!([{"key": "resource-groups:Name", "values": ["web"]}]));
        assert_eq!(matches(&all, &unknown, &tags), Targeted::Yes);
        assert_eq!(matches(&by_tag, &ec2, &tags), Targeted::Yes);
        assert!(matches!(
            matches(&by_tag, &hybrid, &tags),
            Targeted::Unknown(_)
        ));
        assert_eq!(matches(&all, &hybrid, &tags), Targeted::Yes);
        assert_eq!(matches(&both, &ec2, &tags), Targeted::Yes);
        let other = targets(
            json!([{"key": "tag:Patch", "values": ["no"]}, {"key": "tag-key", "values": ["Env"]}]),
        );
        assert_eq!(
            matches(&other, &ec2, &tags),
            Targeted::No,
            "every entry must match"
        );
        assert!(matches!(
            matches(&by_tag, &unknown, &tags),
            Targeted::Unknown(_)
        ));
        assert!(matches!(matches(&group, &ec2, &tags), Targeted::Unknown(_)));
        assert_eq!(matches(&[], &ec2, &tags), Targeted::No);
    }
}
