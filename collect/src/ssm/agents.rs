//! The agents a managed node has installed, from its SSM inventory
//! (`ListInventoryEntries`, type `AWS:Application`, every page), when a
//! selected check reads them: only the applications named in
//! [`AGENTS`] are kept. A node whose inventory was never collected (no
//! capture time, no entry) has none (absent); a failed call makes that
//! node's agents unknown (error).

use super::LIST_INVENTORY_ENTRIES;
use crate::Cx;
use aws_sdk_ssm::Client;
use awscheck_model::collected::Collected;
use awscheck_model::inventory::ssm::{self as data, InstalledAgent, ManagedInstance, AGENTS};
use std::collections::HashMap;

/// The inventory type of installed applications.
const APPLICATIONS: &str = "AWS:Application";

/// `nodes` with their agents read.
pub(super) async fn attach(
    cx: &Cx,
    client: &Client,
    nodes: Vec<ManagedInstance>,
) -> Vec<ManagedInstance> {
    if !cx.wants(data::INSTALLED_AGENTS) {
        return nodes;
    }
    cx.bounded(nodes, |node| async move {
        let agents = agents(cx, client, &node.instance_id).await;
        ManagedInstance { agents, ..node }
    })
    .await
}

async fn agents(cx: &Cx, client: &Client, id: &str) -> Collected<Vec<InstalledAgent>> {
    let pages = crate::pages(
        |token| {
            client
                .list_inventory_entries()
                .instance_id(id)
                .type_name(APPLICATIONS)
                .set_next_token(token)
                .send()
        },
        |page| {
            let captured = page.capture_time().is_some();
            let entries: Vec<(bool, Option<InstalledAgent>)> = page
                .entries()
                .iter()
                .map(|e| (captured, agent(e)))
                .collect();
            let entries = if entries.is_empty() {
                vec![(captured, None)]
            } else {
                entries
            };
            (entries, page.next_token().map(str::to_string))
        },
    );
    cx.call(LIST_INVENTORY_ENTRIES, pages).await.read(
        &[],
        |entries: Vec<(bool, Option<InstalledAgent>)>| {
            let captured = entries.iter().any(|(c, a)| *c || a.is_some());
            captured.then(|| entries.into_iter().filter_map(|(_, a)| a).collect())
        },
    )
}

/// The entry as an agent, when it is one of [`AGENTS`].
fn agent(entry: &HashMap<String, String>) -> Option<InstalledAgent> {
    let name = entry.get("Name")?;
    AGENTS.contains(&name.as_str()).then(|| InstalledAgent {
        name: name.clone(),
        version: entry.get("Version").cloned(),
    })
}
