//! Direct Connect, per region: `DescribeConnections`, then, when a
//! selected check reads them, `DescribeVirtualInterfaces` and, once per
//! Direct Connect gateway the region's virtual interfaces attach to (none
//! when no VIF names one), `DescribeDirectConnectGatewayAssociations`. The
//! API has no SDK paginators: each listing follows its `nextToken`.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_directconnect;

use crate::session::sdk_client;
use crate::{pages, tags_of, text, Cx};
use aws_sdk_directconnect::types as sdk;
use aws_sdk_directconnect::Client;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::directconnect::{
    self as data, Connection, DirectConnect, GatewayAssociation, VirtualInterface,
};
use awscheck_model::inventory::Tags;
use std::collections::{BTreeSet, HashMap};

crate::registry::operations! {
    sdk "Direct Connect", iam "directconnect" {
        DESCRIBE_CONNECTIONS = DescribeConnections,
        DESCRIBE_VIRTUAL_INTERFACES = DescribeVirtualInterfaces,
        DESCRIBE_DIRECT_CONNECT_GATEWAY_ASSOCIATIONS = DescribeDirectConnectGatewayAssociations,
    }
}

crate::service!(DirectConnect);

async fn collect(cx: &Cx) -> Result<DirectConnect, CollectError> {
    let client = sdk_client!(aws_sdk_directconnect, &cx.session, &cx.region);
    let listed = pages(
        |token| client.describe_connections().set_next_token(token).send(),
        |o| (o.connections.unwrap_or_default(), o.next_token),
    );
    let listed = cx.call(DESCRIBE_CONNECTIONS, listed).await.ok()?;
    let connections = listed.iter().filter_map(|c| connection(cx, c)).collect();
    let mut virtual_interfaces = cx
        .part(data::VIRTUAL_INTERFACES, async {
            let listed = pages(
                |token| {
                    client
                        .describe_virtual_interfaces()
                        .set_next_token(token)
                        .send()
                },
                |o| (o.virtual_interfaces.unwrap_or_default(), o.next_token),
            );
            let vifs = cx.call(DESCRIBE_VIRTUAL_INTERFACES, listed).await.ok()?;
            Ok(vifs
                .iter()
                .filter_map(|v| virtual_interface(cx, v))
                .collect::<Vec<_>>())
        })
        .await;
    if cx.wants(data::GATEWAY_ASSOCIATIONS) {
        let gateways: BTreeSet<String> = virtual_interfaces
            .iter()
            .filter_map(|v| v.direct_connect_gateway_id.clone())
            .collect();
        let read = cx
            .bounded(gateways, |id| associations(cx, &client, id))
            .await;
        let by_gateway: HashMap<String, Collected<Vec<GatewayAssociation>>> =
            read.into_iter().collect();
        for v in &mut virtual_interfaces {
            v.gateway_associations = match &v.direct_connect_gateway_id {
                Some(id) => by_gateway[id].clone(),
                None => Collected::Absent,
            };
        }
    }
    Ok(DirectConnect {
        connections,
        virtual_interfaces,
    })
}

/// The gateways associated with one Direct Connect gateway.
async fn associations(
    cx: &Cx,
    client: &Client,
    id: String,
) -> (String, Collected<Vec<GatewayAssociation>>) {
    let listed = pages(
        |token| {
            client
                .describe_direct_connect_gateway_associations()
                .direct_connect_gateway_id(&id)
                .set_next_token(token)
                .send()
        },
        |o| {
            (
                o.direct_connect_gateway_associations.unwrap_or_default(),
                o.next_token,
            )
        },
    );
    let read = cx
        .call(DESCRIBE_DIRECT_CONNECT_GATEWAY_ASSOCIATIONS, listed)
        .await
        .read(&[], |listed| {
            Some(listed.iter().filter_map(association).collect())
        });
    (id, read)
}

fn association(a: &sdk::DirectConnectGatewayAssociation) -> Option<GatewayAssociation> {
    let gateway = a.associated_gateway()?;
    Some(GatewayAssociation {
        id: a.association_id().unwrap_or_default().to_string(),
        state: a
            .association_state()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        gateway_id: gateway.id()?.to_string(),
        gateway_type: gateway
            .r#type()
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        gateway_region: gateway.region().unwrap_or_default().to_string(),
        gateway_account_id: gateway.owner_account().unwrap_or_default().to_string(),
    })
}

fn tags(tags: &[sdk::Tag]) -> Tags {
    tags_of(
        tags.iter()
            .map(|t| (t.key(), t.value().unwrap_or_default())),
    )
}

/// The owner the API names, else the audited account.
fn owner(cx: &Cx, account: Option<&str>) -> String {
    account
        .filter(|a| !a.is_empty())
        .unwrap_or(cx.account_id())
        .to_string()
}

fn connection(cx: &Cx, c: &sdk::Connection) -> Option<Connection> {
    let id = c.connection_id()?.to_string();
    let account_id = owner(cx, c.owner_account());
    Some(Connection {
        arn: format!(
            "arn:{}:directconnect:{}:{account_id}:dxcon/{id}",
            cx.partition(),
            cx.region
        ),
        region: cx.region.clone(),
        account_id,
        name: c.connection_name().unwrap_or_default().to_string(),
        state: c
            .connection_state()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        location: text(c.location()),
        lag_id: text(c.lag_id()),
        tags: tags(c.tags()),
        id,
    })
}

fn virtual_interface(cx: &Cx, v: &sdk::VirtualInterface) -> Option<VirtualInterface> {
    let id = v.virtual_interface_id()?.to_string();
    let account_id = owner(cx, v.owner_account());
    Some(VirtualInterface {
        arn: format!(
            "arn:{}:directconnect:{}:{account_id}:dxvif/{id}",
            cx.partition(),
            cx.region
        ),
        region: cx.region.clone(),
        account_id,
        name: v.virtual_interface_name().unwrap_or_default().to_string(),
        vif_type: v.virtual_interface_type().unwrap_or_default().to_string(),
        state: v
            .virtual_interface_state()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        connection_id: text(v.connection_id()),
        location: text(v.location()),
        virtual_gateway_id: text(v.virtual_gateway_id()),
        direct_connect_gateway_id: text(v.direct_connect_gateway_id()),
        gateway_associations: Collected::default(),
        tags: tags(v.tags()),
        id,
    })
}
