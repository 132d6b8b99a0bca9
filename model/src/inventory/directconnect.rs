//! Direct Connect, per region: the account's connections, its virtual
//! interfaces (VIFs), and, for each VIF that attaches to a Direct Connect
//! gateway, the virtual private gateways and transit gateways that gateway
//! is associated with (they may be in other regions and accounts). The
//! site-to-site VPN connections that back these paths up are EC2's, in the
//! `vpc` section.

use super::{merge, resource, Collected, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `DescribeConnections`: dedicated and hosted connections, their state and location.
pub const CONNECTIONS: Data = Data::listing("directconnect");
/// `DescribeVirtualInterfaces`: virtual interfaces, their type, state,
/// connection and the gateway they attach to.
pub const VIRTUAL_INTERFACES: Data = Data::part("directconnect", "virtual_interfaces");
/// `DescribeDirectConnectGatewayAssociations`, once per Direct Connect
/// gateway a virtual interface attaches to: the gateways associated with it.
pub const GATEWAY_ASSOCIATIONS: Data =
    Data::part("directconnect", "virtual_interfaces.gateway_associations");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[CONNECTIONS, VIRTUAL_INTERFACES, GATEWAY_ASSOCIATIONS];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DirectConnect {
    #[serde(default)]
    pub connections: Vec<Connection>,
    #[serde(default)]
    pub virtual_interfaces: Vec<VirtualInterface>,
}
merge!(DirectConnect {
    connections,
    virtual_interfaces
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Connection {
    /// `arn:<partition>:directconnect:<region>:<account>:dxcon/dxcon-…`.
    pub arn: String,
    pub region: String,
    /// The owner (the partner's account for a hosted connection it provisions).
    pub account_id: String,
    /// `dxcon-…`.
    pub id: String,
    pub name: String,
    /// `ordering`, `requested`, `pending`, `available`, `down`, `deleting`,
    /// `deleted`, `rejected` or `unknown`.
    pub state: String,
    /// The Direct Connect location (`EqDC2`): the facility it lands in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The link aggregation group (`dxlag-…`) it belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lag_id: Option<String>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(Connection, tags);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VirtualInterface {
    /// `arn:<partition>:directconnect:<region>:<account>:dxvif/dxvif-…`.
    pub arn: String,
    pub region: String,
    /// The owner (the account that accepted a hosted VIF).
    pub account_id: String,
    /// `dxvif-…`.
    pub id: String,
    pub name: String,
    /// `private` (to a VPC through a virtual private gateway or a Direct
    /// Connect gateway), `transit` (to transit gateways through a Direct
    /// Connect gateway) or `public` (AWS public endpoints).
    #[serde(rename = "type")]
    pub vif_type: String,
    /// `confirming`, `verifying`, `pending`, `available`, `down`,
    /// `testing`, `deleting`, `deleted`, `rejected` or `unknown`.
    pub state: String,
    /// The connection or link aggregation group it runs on (`dxcon-…`,
    /// `dxlag-…`), looked up in `connections` (a hosted VIF's connection
    /// is the partner's, not listed here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_id: Option<String>,
    /// The Direct Connect location (`EqDC2`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// A private VIF attached directly to a virtual private gateway
    /// (`vgw-…`, in the VIF's region and account).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virtual_gateway_id: Option<String>,
    /// The Direct Connect gateway it attaches to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direct_connect_gateway_id: Option<String>,
    /// `DescribeDirectConnectGatewayAssociations` for its Direct Connect
    /// gateway: the gateways associated with it; absent = it attaches to
    /// no Direct Connect gateway.
    #[serde(default)]
    pub gateway_associations: Collected<Vec<GatewayAssociation>>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(VirtualInterface, tags);

/// A virtual private gateway or transit gateway associated with a Direct
/// Connect gateway.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GatewayAssociation {
    /// The association's id.
    pub id: String,
    /// `associating`, `associated`, `disassociating`, `disassociated` or `updating`.
    pub state: String,
    /// `vgw-…` or `tgw-…`.
    pub gateway_id: String,
    /// `virtualPrivateGateway` or `transitGateway`.
    pub gateway_type: String,
    /// The gateway's region.
    pub gateway_region: String,
    /// The gateway's account (another account for a cross-account association).
    pub gateway_account_id: String,
}
