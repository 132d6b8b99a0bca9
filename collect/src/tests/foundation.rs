//! The services the check waves share (EventBridge, ELB, ELBv2,
//! Organizations, CloudFront, Route 53, Route 53 Resolver, VPC networking,
//! Inspector2): throttling that survives the retries, AccessDenied and a
//! 5xx on each one's first listing blind the service with the operation
//! and the code; Organizations tells "not in an organization" and "not
//! visible from a member account" (absent) from an error.

use super::*;
use awscheck_model::inventory::organizations::OrganizationView;

/// What a failed first listing must leave: one collection error naming
/// `operation` and `code` for `section`, after `calls` attempts.
async fn assert_blinded(rule: Rule, section: &str, operation: &str, code: &str, calls: usize) {
    let s = session(&[&rule]);
    let account = collect(&s, &[section]).await;
    assert_eq!(
        rule.num_calls(),
        calls,
        "{section} {operation} {code}: attempts"
    );
    assert_eq!(
        account.collection_errors.len(),
        1,
        "{section}: {:?}",
        account.collection_errors
    );
    let e = &account.collection_errors[0];
    assert_eq!(
        (
            e.service.as_str(),
            e.error.operation.as_str(),
            e.error.code.as_str()
        ),
        (section, operation, code),
        "{e:?}"
    );
}

const ATTEMPTED: usize = ATTEMPTS as usize;

fn json_error(code: &'static str) -> &'static str {
    match code {
        "ThrottlingException" => r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#,
        "TooManyRequestsException" => {
            r#"{"__type":"TooManyRequestsException","message":"Rate exceeded"}"#
        }
        "AccessDeniedException" => {
            r#"{"__type":"AccessDeniedException","message":"not authorized"}"#
        }
        "AWSOrganizationsNotInUseException" => {
            r#"{"__type":"AWSOrganizationsNotInUseException","message":"not in an organization"}"#
        }
        _ => r#"{"__type":"InternalException","message":"internal error"}"#,
    }
}

/// An awsQuery / restXml error document (ELB, ELBv2, CloudFront, Route 53).
fn xml_error(code: &'static str) -> &'static str {
    match code {
        "Throttling" => {
            r#"<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>"#
        }
        _ => {
            r#"<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized</Message></Error><RequestId>r</RequestId></ErrorResponse>"#
        }
    }
}

/// An EC2 error document.
fn ec2_error(code: &'static str) -> &'static str {
    match code {
        "RequestLimitExceeded" => {
            r#"<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r</RequestID></Response>"#
        }
        _ => {
            r#"<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>not authorized</Message></Error></Errors><RequestID>r</RequestID></Response>"#
        }
    }
}

/// One service's first listing answering `status` with `body`.
macro_rules! failing {
    ($op:path, $status:expr, $body:expr) => {{
        let body = $body;
        mock!($op).then_http_response(move || http($status, body))
    }};
}

/// Throttled, denied and 5xx on `$op`, the first listing of `$section`.
macro_rules! three_failures {
    ($section:literal, $name:literal, $op:path, throttled: $t:literal, denied: $d:literal, $err:ident, $denied_status:literal) => {
        assert_blinded(failing!($op, 400, $err($t)), $section, $name, $t, ATTEMPTED).await;
        assert_blinded(
            failing!($op, $denied_status, $err($d)),
            $section,
            $name,
            $d,
            1,
        )
        .await;
        assert_blinded(
            failing!($op, 500, ""),
            $section,
            $name,
            "Http500",
            ATTEMPTED,
        )
        .await;
    };
}

#[tokio::test]
async fn events_throttled_denied_and_5xx_blind_the_region() {
    three_failures!("events", "ListEventBuses", aws_sdk_eventbridge::Client::list_event_buses,
        throttled: "ThrottlingException", denied: "AccessDeniedException", json_error, 400);
}

#[tokio::test]
async fn elb_throttled_denied_and_5xx_blind_the_region() {
    three_failures!("elb", "DescribeLoadBalancers",
        aws_sdk_elasticloadbalancing::Client::describe_load_balancers,
        throttled: "Throttling", denied: "AccessDenied", xml_error, 403);
}

#[tokio::test]
async fn elbv2_throttled_denied_and_5xx_blind_the_region() {
    three_failures!("elbv2", "DescribeLoadBalancers",
        aws_sdk_elasticloadbalancingv2::Client::describe_load_balancers,
        throttled: "Throttling", denied: "AccessDenied", xml_error, 403);
}

#[tokio::test]
async fn cloudfront_throttled_denied_and_5xx_blind_the_service() {
    three_failures!("cloudfront", "ListDistributions",
        aws_sdk_cloudfront::Client::list_distributions,
        throttled: "Throttling", denied: "AccessDenied", xml_error, 403);
}

#[tokio::test]
async fn route53_throttled_denied_and_5xx_blind_the_service() {
    three_failures!("route53", "ListHostedZones", aws_sdk_route53::Client::list_hosted_zones,
        throttled: "Throttling", denied: "AccessDenied", xml_error, 403);
}

#[tokio::test]
async fn route53resolver_throttled_denied_and_5xx_blind_the_region() {
    three_failures!("route53resolver", "ListResolverQueryLogConfigs",
        aws_sdk_route53resolver::Client::list_resolver_query_log_configs,
        throttled: "ThrottlingException", denied: "AccessDeniedException", json_error, 400);
}

#[tokio::test]
async fn vpc_throttled_denied_and_5xx_blind_the_region() {
    three_failures!("vpc", "DescribeVpcs", aws_sdk_ec2::Client::describe_vpcs,
        throttled: "RequestLimitExceeded", denied: "UnauthorizedOperation", ec2_error, 403);
}

#[tokio::test]
async fn inspector2_throttled_denied_and_5xx_blind_the_region() {
    three_failures!("inspector2", "BatchGetAccountStatus",
        aws_sdk_inspector2::Client::batch_get_account_status,
        throttled: "ThrottlingException", denied: "AccessDeniedException", json_error, 403);
}

#[tokio::test]
async fn organizations_throttled_denied_and_5xx_blind_the_service() {
    three_failures!("organizations", "DescribeOrganization",
        aws_sdk_organizations::Client::describe_organization,
        throttled: "TooManyRequestsException", denied: "AccessDeniedException", json_error, 400);
}

fn roots_denied() -> Rule {
    failing!(
        aws_sdk_organizations::Client::list_roots,
        400,
        json_error("AccessDeniedException")
    )
}

/// The organization as seen by a scan that reads the organization and its
/// roots (the parts these tests mock).
async fn organization_view(rules: &[&Rule]) -> (Account, OrganizationView) {
    use awscheck_model::inventory::organizations as data;
    let s = session(rules);
    let services: Vec<&'static Service> = SERVICES
        .iter()
        .filter(|s| s.section == "organizations")
        .collect();
    let wanted = Wanted::only(&[data::ORGANIZATION, data::ROOTS]);
    let account = collect_account(s.clone(), &services, wanted, 4, false).await;
    let view = account.organizations.as_ref().unwrap().views[0].clone();
    (account, view)
}

#[tokio::test]
async fn organizations_not_in_use_is_absent_not_an_error() {
    let not_in_use = failing!(
        aws_sdk_organizations::Client::describe_organization,
        400,
        json_error("AWSOrganizationsNotInUseException")
    );
    let roots = roots_denied();
    let (account, view) = organization_view(&[&not_in_use, &roots]).await;
    assert!(account.collection_errors.is_empty());
    assert!(matches!(view.organization, Collected::Absent));
    assert!(matches!(view.roots, Collected::Absent));
    assert_eq!(roots.num_calls(), 0, "no other call");
}

#[tokio::test]
async fn organizations_denied_from_a_member_is_absent_from_the_management_an_error() {
    // A member account (111122223333 in 999988887777's organization).
    let (described_rule, roots) = (described("999988887777"), roots_denied());
    let (account, view) = organization_view(&[&described_rule, &roots]).await;
    assert!(account.collection_errors.is_empty());
    let organization = view.organization.value().expect("described");
    assert_eq!(organization.management_account_id, "999988887777");
    assert!(roots.num_calls() >= 1, "a member still tries");
    assert!(
        matches!(view.roots, Collected::Absent),
        "not visible from a member: {:?}",
        view.roots
    );

    // The management account itself: the same denial is an error.
    let (described_rule, roots) = (described(ACCOUNT), roots_denied());
    let (_, view) = organization_view(&[&described_rule, &roots]).await;
    let err = view
        .roots
        .error()
        .expect("an error in the management account");
    assert_eq!(
        (err.operation.as_str(), err.code.as_str()),
        ("ListRoots", "AccessDeniedException")
    );
}
