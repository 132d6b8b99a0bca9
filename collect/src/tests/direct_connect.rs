//! Direct Connect and the site-to-site VPN connections that back it up,
//! with mocked SDK responses: moto 5.2.5 answers `DescribeConnections`
//! only (no virtual interfaces, no Direct Connect gateways), so the paths
//! and their failures are proven here.

use super::*;
use aws_sdk_directconnect::operation::{
    describe_connections, describe_direct_connect_gateway_associations, describe_virtual_interfaces,
};
use aws_sdk_directconnect::types::{
    AssociatedGateway, Connection, ConnectionState, DirectConnectGatewayAssociation,
    DirectConnectGatewayAssociationState, GatewayType, VirtualInterface, VirtualInterfaceState,
};
use aws_sdk_directconnect::Client as Dx;
use aws_sdk_ec2::types as ec2;

const DXGW: &str = "dxgw-hub";
const EC2_DENIED: &str = "<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>r</RequestID></Response>";

fn connection(id: &str, location: &str) -> Connection {
    Connection::builder()
        .owner_account(ACCOUNT)
        .connection_id(id)
        .connection_name(id)
        .connection_state(ConnectionState::Available)
        .region("us-east-1")
        .location(location)
        .build()
}

/// `dxcon-a` on the first page of `DescribeConnections`, `dxcon-b` on the second.
fn connections() -> [Rule; 2] {
    [
        mock!(Dx::describe_connections)
            .match_requests(|r| r.next_token().is_none())
            .then_output(|| {
                describe_connections::DescribeConnectionsOutput::builder()
                    .connections(connection("dxcon-a", "EqDC2"))
                    .next_token("page-2")
                    .build()
            }),
        mock!(Dx::describe_connections)
            .match_requests(|r| r.next_token() == Some("page-2"))
            .then_output(|| {
                describe_connections::DescribeConnectionsOutput::builder()
                    .connections(connection("dxcon-b", "EqSE2"))
                    .build()
            }),
    ]
}

fn vif(
    id: &str,
    kind: &str,
    conn: &str,
    vgw: Option<&str>,
    dxgw: Option<&str>,
) -> VirtualInterface {
    VirtualInterface::builder()
        .owner_account(ACCOUNT)
        .virtual_interface_id(id)
        .virtual_interface_name(id)
        .virtual_interface_type(kind)
        .virtual_interface_state(VirtualInterfaceState::Available)
        .connection_id(conn)
        .location(if conn == "dxcon-a" { "EqDC2" } else { "EqSE2" })
        .set_virtual_gateway_id(vgw.map(str::to_string))
        .set_direct_connect_gateway_id(dxgw.map(str::to_string))
        .build()
}

/// A private VIF on the VGW; two transit VIFs on one Direct Connect gateway.
fn virtual_interfaces() -> Rule {
    mock!(Dx::describe_virtual_interfaces).then_output(|| {
        describe_virtual_interfaces::DescribeVirtualInterfacesOutput::builder()
            .virtual_interfaces(vif("dxvif-p", "private", "dxcon-a", Some("vgw-1"), None))
            .virtual_interfaces(vif("dxvif-t1", "transit", "dxcon-a", None, Some(DXGW)))
            .virtual_interfaces(vif("dxvif-t2", "transit", "dxcon-b", None, Some(DXGW)))
            .build()
    })
}

fn associations() -> Rule {
    mock!(Dx::describe_direct_connect_gateway_associations)
        .match_requests(|r| r.direct_connect_gateway_id() == Some(DXGW))
        .then_output(|| {
            describe_direct_connect_gateway_associations::DescribeDirectConnectGatewayAssociationsOutput::builder()
                .direct_connect_gateway_associations(
                    DirectConnectGatewayAssociation::builder()
                        .direct_connect_gateway_id(DXGW)
                        .association_id("assoc-1")
                        .association_state(DirectConnectGatewayAssociationState::Associated)
                        .associated_gateway(
                            AssociatedGateway::builder()
                                .id("tgw-hub")
                                .r#type(GatewayType::TransitGateway)
                                .owner_account(ACCOUNT)
                                .region("us-east-1")
                                .build(),
                        )
                        .build(),
                )
                .build()
        })
}

fn vpcs() -> Rule {
    mock!(aws_sdk_ec2::Client::describe_vpcs).then_output(|| {
        aws_sdk_ec2::operation::describe_vpcs::DescribeVpcsOutput::builder().build()
    })
}

/// One available VPN to the VGW with a tunnel up; none to the TGW.
fn vpn_connections() -> Rule {
    mock!(aws_sdk_ec2::Client::describe_vpn_connections).then_output(|| {
        let tunnel = |status: ec2::TelemetryStatus| {
            ec2::VgwTelemetry::builder()
                .outside_ip_address("203.0.113.1")
                .status(status)
                .status_message("2 BGP ROUTES")
                .build()
        };
        aws_sdk_ec2::operation::describe_vpn_connections::DescribeVpnConnectionsOutput::builder()
            .vpn_connections(
                ec2::VpnConnection::builder()
                    .vpn_connection_id("vpn-1")
                    .state(ec2::VpnState::Available)
                    .vpn_gateway_id("vgw-1")
                    .customer_gateway_id("cgw-1")
                    .customer_gateway_configuration("<psk>not kept</psk>")
                    .vgw_telemetry(tunnel(ec2::TelemetryStatus::Up))
                    .vgw_telemetry(tunnel(ec2::TelemetryStatus::Down))
                    .build(),
            )
            .build()
    })
}

fn gateway(kind: &str, id: &str) -> String {
    format!("arn:aws:ec2:us-east-1:{ACCOUNT}:{kind}/{id}")
}

#[tokio::test]
async fn paths_their_gateways_and_vpn_backups_are_read() {
    let [first, second] = connections();
    let (vifs, assoc, vpcs, vpns) = (
        virtual_interfaces(),
        associations(),
        vpcs(),
        vpn_connections(),
    );
    let s = session(&[&first, &second, &vifs, &assoc, &vpcs, &vpns]);
    let account = collect_sections_for_check(&s, &["directconnect", "vpc"], "dx-vpn-backup").await;
    assert_eq!(s.stats.errors(), 0, "{:#?}", account.collection_errors);
    assert_eq!(assoc.num_calls(), 1, "one call per Direct Connect gateway");
    let dx = account.directconnect.as_ref().unwrap();
    let ids: Vec<&str> = dx.connections.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["dxcon-a", "dxcon-b"], "both pages");
    assert_eq!(
        dx.connections[0].arn,
        format!("arn:aws:directconnect:us-east-1:{ACCOUNT}:dxcon/dxcon-a")
    );
    let private = &dx.virtual_interfaces[0];
    assert!(matches!(private.gateway_associations, Collected::Absent));
    let transit = &dx.virtual_interfaces[1];
    let reached = transit.gateway_associations.value().unwrap();
    assert_eq!(
        (
            reached[0].gateway_id.as_str(),
            reached[0].gateway_type.as_str()
        ),
        ("tgw-hub", "transitGateway")
    );
    let vpn = &account.vpc.as_ref().unwrap().vpn_connections[0];
    let tunnels: Vec<&str> = vpn.tunnels.iter().map(|t| t.status.as_str()).collect();
    assert_eq!(tunnels, ["UP", "DOWN"]);
    assert!(
        !serde_json::to_string(vpn).unwrap().contains("psk"),
        "the customer gateway configuration is not kept"
    );
    let findings = judge(&account, "dx-vpn-backup");
    expect(
        &findings,
        &gateway("vpn-gateway", "vgw-1"),
        Status::Pass,
        "VPN connection vpn-1 backs up the Direct Connect path to vgw-1 (through dxvif-p)",
    );
    expect(
        &findings,
        &gateway("transit-gateway", "tgw-hub"),
        Status::Fail,
        "advisory: no available site-to-site VPN connection ends on tgw-hub",
    );
}

#[tokio::test]
async fn a_denied_connection_listing_blinds_the_region() {
    let denied = mock!(Dx::describe_connections).then_http_response(|| http(403, DENIED));
    let (vpcs, vpns) = (vpcs(), vpn_connections());
    let s = session(&[&denied, &vpcs, &vpns]);
    let account = collect_sections_for_check(&s, &["directconnect", "vpc"], "dx-vpn-backup").await;
    assert_eq!(denied.num_calls(), 1, "AccessDenied is not retried");
    let findings = judge(&account, "dx-vpn-backup");
    expect(
        &findings,
        &format!("arn:aws:directconnect:us-east-1:{ACCOUNT}"),
        Status::Error,
        "directconnect could not be read in us-east-1: DescribeConnections failed: AccessDeniedException",
    );
    assert_eq!(findings.len(), 1, "{findings:#?}");
}

#[tokio::test]
async fn failed_vif_and_association_reads_are_errors_naming_the_call() {
    for (status, body, reason) in faults("DescribeVirtualInterfaces") {
        let [first, second] = connections();
        let failing =
            mock!(Dx::describe_virtual_interfaces).then_http_response(move || http(status, body));
        let (vpcs, vpns) = (vpcs(), vpn_connections());
        let s = session(&[&first, &second, &failing, &vpcs, &vpns]);
        let account =
            collect_sections_for_check(&s, &["directconnect", "vpc"], "dx-vpn-backup").await;
        let findings = judge(&account, "dx-vpn-backup");
        let f = expect(
            &findings,
            &format!("arn:aws:directconnect:us-east-1:{ACCOUNT}"),
            Status::Error,
            &reason,
        );
        assert!(f.reason.contains("virtual_interfaces"), "{f:#?}");
        assert_eq!(
            findings.len(),
            1,
            "the region is not skipped: {findings:#?}"
        );
    }
    for (status, body, reason) in faults("DescribeDirectConnectGatewayAssociations") {
        let [first, second] = connections();
        let (vifs, vpcs, vpns) = (virtual_interfaces(), vpcs(), vpn_connections());
        let failing = mock!(Dx::describe_direct_connect_gateway_associations)
            .then_http_response(move || http(status, body));
        let s = session(&[&first, &second, &vifs, &failing, &vpcs, &vpns]);
        let account =
            collect_sections_for_check(&s, &["directconnect", "vpc"], "dx-vpn-backup").await;
        let findings = judge(&account, "dx-vpn-backup");
        for vif in ["dxvif-t1", "dxvif-t2"] {
            expect(
                &findings,
                &format!("arn:aws:directconnect:us-east-1:{ACCOUNT}:dxvif/{vif}"),
                Status::Error,
                &reason,
            );
        }
        expect(
            &findings,
            &gateway("vpn-gateway", "vgw-1"),
            Status::Pass,
            "vpn-1",
        );
    }
}

#[tokio::test]
async fn unreadable_vpn_connections_make_the_gateways_errors() {
    let [first, second] = connections();
    let (vifs, assoc, vpcs) = (virtual_interfaces(), associations(), vpcs());
    let denied = mock!(aws_sdk_ec2::Client::describe_vpn_connections)
        .then_http_response(|| http(403, EC2_DENIED));
    let s = session(&[&first, &second, &vifs, &assoc, &vpcs, &denied]);
    let account = collect_sections_for_check(&s, &["directconnect", "vpc"], "dx-vpn-backup").await;
    let findings = judge(&account, "dx-vpn-backup");
    for (kind, id) in [("vpn-gateway", "vgw-1"), ("transit-gateway", "tgw-hub")] {
        expect(
            &findings,
            &gateway(kind, id),
            Status::Error,
            "its VPN connections could not be read: DescribeVpnConnections failed: UnauthorizedOperation",
        );
    }
    assert_eq!(
        findings.len(),
        2,
        "no region ERROR for the tolerated part: {findings:#?}"
    );
}
