//! Agents installed as AWS packages on managed nodes: whether a node's SSM
//! inventory lists an agent (`ssm.managed_instances[].agents`), and whether
//! a State Manager association of `AWS-ConfigureAWSPackage` installing a
//! package (its `name` parameter) targets the node and so keeps the agent
//! installed and updated. Shared by the checks that ask about the
//! CodeDeploy agent and the unified CloudWatch agent.

use crate::engine::{Context, Data};
use crate::inventory::ssm::{self, Association, ManagedInstance, CONFIGURE_PACKAGE};
use crate::ssm::targets::{matches, NodeTags, Targeted};
use std::collections::HashMap;

/// The SSM parts an agent verdict needs.
const PARTS: [Data; 4] = [
    ssm::MANAGED_INSTANCES,
    ssm::INSTALLED_AGENTS,
    ssm::ASSOCIATIONS,
    ssm::ASSOCIATION_PARAMETERS,
];

/// The account's managed nodes and package associations, indexed once.
pub struct Packages<'a> {
    /// Managed nodes by (region, instance id).
    nodes: HashMap<(&'a str, &'a str), &'a ManagedInstance>,
    node_tags: NodeTags<'a>,
    /// The `AWS-ConfigureAWSPackage` associations, by region.
    installers: HashMap<&'a str, Vec<&'a Association>>,
}

/// What the inventory says about one agent on one instance.
pub enum Agent<'a> {
    /// The instance is not a managed node: the reason words it.
    Unmanaged,
    /// A managed node: whether the agent is in its inventory (the version
    /// when it is), and whether an association keeps it installed.
    Managed {
        node: &'a ManagedInstance,
        installed: Option<Option<&'a str>>,
        kept: bool,
    },
}

impl<'a> Packages<'a> {
    pub fn new(ctx: &'a Context) -> Packages<'a> {
        let ssm = ctx.ssm();
        let mut installers: HashMap<&str, Vec<&Association>> = HashMap::new();
        for a in ssm
            .associations
            .iter()
            .filter(|a| a.document.rsplit('/').next() == Some(CONFIGURE_PACKAGE))
        {
            installers.entry(a.region.as_str()).or_default().push(a);
        }
        Packages {
            nodes: ssm
                .managed_instances
                .iter()
                .map(|n| ((n.region.as_str(), n.instance_id.as_str()), n))
                .collect(),
            node_tags: NodeTags::new(&ctx.ec2().instances),
            installers,
        }
    }

    /// Why the agents of `region` cannot be told, if they cannot: a part
    /// the verdict needs was not read there.
    pub fn unreadable(ctx: &Context, region: &str) -> Option<String> {
        PARTS.iter().find_map(|part| {
            ctx.unreadable(*part, region)
                .map(|e| format!("ssm {} could not be read: {e}", part.path))
        })
    }

    /// The agent `names` (inventory names) installed by `package` on
    /// instance `id` of `region`; `Err` says why that is unknown.
    pub fn agent(
        &self,
        region: &str,
        id: &str,
        names: &[&str],
        package: &str,
    ) -> Result<Agent<'a>, String> {
        let Some(node) = self.nodes.get(&(region, id)).copied() else {
            return Ok(Agent::Unmanaged);
        };
        let installed = match node.agents.known() {
            Ok(agents) => agents
                .into_iter()
                .flatten()
                .find(|a| names.contains(&a.name.as_str()))
                .map(|a| a.version.as_deref()),
            Err(e) => return Err(format!("the SSM inventory of {id} could not be read: {e}")),
        };
        let kept = self.kept(node, package).map_err(|why| {
            format!("whether an association installs {package} on {id} is unknown: {why}")
        })?;
        Ok(Agent::Managed {
            node,
            installed,
            kept,
        })
    }

    /// Whether an association installing `package` targets `node`.
    fn kept(&self, node: &ManagedInstance, package: &str) -> Result<bool, String> {
        let installers = self
            .installers
            .get(node.region.as_str())
            .map_or(&[][..], Vec::as_slice);
        let mut unknown = None;
        for a in installers {
            let installs = match a.parameters.known() {
                Ok(p) => p
                    .and_then(|p| p.get("name"))
                    .is_some_and(|n| n.iter().any(|n| n == package)),
                Err(e) => {
                    unknown = Some(format!(
                        "the parameters of association {} could not be read: {e}",
                        a.id
                    ));
                    continue;
                }
            };
            if !installs {
                continue;
            }
            match matches(&a.targets, node, &self.node_tags) {
                Targeted::Yes => return Ok(true),
                Targeted::No => {}
                Targeted::Unknown(why) => unknown = Some(format!("association {} {why}", a.id)),
            }
        }
        unknown.map_or(Ok(false), Err)
    }
}
