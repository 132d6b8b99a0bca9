//! Firewall Manager, which moto 5.2.5 does not serve, with aws-smithy-mocks:
//! the administrator's policies (every page), their compliance and
//! violators; the non-administrator answers that must not be read as
//! failures; throttling, AccessDenied and 5xx on each call. Each collected
//! account is judged by `fms-policies-compliant`.

use super::*;
use aws_sdk_fms::operation::*;
use aws_sdk_fms::types::*;
use aws_sdk_fms::Client;
use aws_smithy_mocks::{mock, Rule};
use awscheck_checks::Status;

const CHECK: &str = "fms-policies-compliant";
const REGION: &str = "arn:aws:fms:us-east-1:111122223333";
const WAF: &str = "arn:aws:fms:us-east-1:111122223333:policy/p-waf";
const SG: &str = "arn:aws:fms:us-east-1:111122223333:policy/p-sg";
const ALB: &str = "arn:aws:elasticloadbalancing:us-east-1:444455556666:loadbalancer/app/shop/1";

fn admin(account: &'static str) -> Rule {
    mock!(Client::get_admin_account).then_output(move || {
        get_admin_account::GetAdminAccountOutput::builder()
            .admin_account(account)
            .role_status(AccountRoleStatus::Ready)
            .build()
    })
}

fn summary(id: &str, ty: SecurityServiceType) -> PolicySummary {
    PolicySummary::builder()
        .policy_arn(format!("arn:aws:fms:us-east-1:111122223333:policy/{id}"))
        .policy_id(id)
        .policy_name(format!("{id}-name"))
        .security_service_type(ty)
        .remediation_enabled(true)
        .build()
}

/// Two policies on two pages.
fn policies() -> Rule {
    mock!(Client::list_policies)
        .sequence()
        .output(|| {
            list_policies::ListPoliciesOutput::builder()
                .policy_list(summary("p-waf", SecurityServiceType::Wafv2))
                .next_token("2")
                .build()
        })
        .output(|| {
            list_policies::ListPoliciesOutput::builder()
                .policy_list(summary(
                    "p-sg",
                    SecurityServiceType::SecurityGroupsUsageAudit,
                ))
                .build()
        })
        .repeatedly()
        .build()
}

fn member(
    account: &str,
    status: PolicyComplianceStatusType,
    violators: i64,
) -> PolicyComplianceStatus {
    PolicyComplianceStatus::builder()
        .member_account(account)
        .evaluation_results(
            EvaluationResult::builder()
                .compliance_status(status)
                .violator_count(violators)
                .build(),
        )
        .build()
}

/// The WAF policy: 444455556666 is non-compliant; the SG policy: all compliant.
fn compliance() -> Rule {
    mock!(Client::list_compliance_status).then_output(|| {
        list_compliance_status::ListComplianceStatusOutput::builder()
            .policy_compliance_status_list(member(
                "111122223333",
                PolicyComplianceStatusType::Compliant,
                0,
            ))
            .build()
    })
}

fn non_compliant_waf() -> Rule {
    mock!(Client::list_compliance_status)
        .match_requests(|r| r.policy_id() == Some("p-waf"))
        .then_output(|| {
            list_compliance_status::ListComplianceStatusOutput::builder()
                .policy_compliance_status_list(member(
                    "444455556666",
                    PolicyComplianceStatusType::NonCompliant,
                    1,
                ))
                .build()
        })
}

fn detail() -> Rule {
    mock!(Client::get_compliance_detail)
        .match_requests(|r| r.member_account() == Some("444455556666"))
        .then_output(|| {
            get_compliance_detail::GetComplianceDetailOutput::builder()
                .policy_compliance_detail(
                    PolicyComplianceDetail::builder()
                        .violators(
                            ComplianceViolator::builder()
                                .resource_id(ALB)
                                .resource_type("AWS::ElasticLoadBalancingV2::LoadBalancer")
                                .violation_reason(ViolationReason::ResourceMissingWebAcl)
                                .build(),
                        )
                        .build(),
                )
                .build()
        })
}

#[tokio::test]
async fn the_administrators_policies_compliance_and_violators_are_read() {
    let rules = [
        admin(ACCOUNT),
        policies(),
        non_compliant_waf(),
        compliance(),
        detail(),
    ];
    let s = session(&rules.iter().collect::<Vec<_>>());
    let account = collect_for_check(&s, "fms", CHECK).await;
    let fms = account.fms.as_ref().unwrap();
    assert_eq!(fms.policies.len(), 2, "both pages are read");
    let f = judge(&account, CHECK);
    expect(
        &f,
        WAF,
        Status::Fail,
        &format!("444455556666 (AWS::ElasticLoadBalancingV2::LoadBalancer {ALB} RESOURCE_MISSING_WEB_ACL)"),
    );
    expect(
        &f,
        SG,
        Status::Pass,
        "1 member account(s) in scope, all COMPLIANT",
    );
    expect(
        &f,
        REGION,
        Status::Fail,
        "no Firewall Manager policy of type SHIELD_ADVANCED, SECURITY_GROUPS_CONTENT_AUDIT, DNS_FIREWALL, NETWORK_FIREWALL in us-east-1",
    );
}

#[tokio::test]
async fn another_account_is_skipped_and_its_policies_never_asked_for() {
    let refused = |message: &'static str| {
        mock!(Client::get_admin_account)
            .then_http_response(move || cbor_error(400, "AccessDeniedException", message))
    };
    let cases = [
        (
            admin("999988887777"),
            "the Firewall Manager administrator is account 999988887777",
        ),
        (
            refused("Operation: GetAdminAccount is only available to Administration account in AWS Firewall Manager."),
            "Firewall Manager refuses this account its administration calls",
        ),
        (
            refused("No default admin could be found for account 111122223333"),
            "the organization has no Firewall Manager administrator",
        ),
    ];
    for (get, needle) in cases {
        let list = policies();
        let s = session(&[&get, &list]);
        let account = collect_for_check(&s, "fms", CHECK).await;
        assert_eq!(list.num_calls(), 0, "only the administrator lists policies");
        let f = judge(&account, CHECK);
        expect(&f, REGION, Status::Skip, needle);
        assert_eq!(f.len(), 1, "{f:#?}");
    }
}

/// An error response as Firewall Manager writes it: rpc-v2-cbor, a map of
/// `__type` and `message` (text strings shorter than 256 bytes).
fn cbor_error(status: u16, code: &str, message: &str) -> HttpResponse {
    let mut body = vec![0xa2];
    for text in ["__type", code, "message", message] {
        let len = u8::try_from(text.len()).expect("short text");
        if len < 24 {
            body.push(0x60 | len);
        } else {
            body.extend([0x78, len]);
        }
        body.extend(text.as_bytes());
    }
    let mut response =
        HttpResponse::new(StatusCode::try_from(status).unwrap(), SdkBody::from(body));
    response
        .headers_mut()
        .insert("smithy-protocol", "rpc-v2-cbor");
    response
        .headers_mut()
        .insert("content-type", "application/cbor");
    response
}

const DENIED: &str =
    "User: arn:aws:sts::111122223333:assumed-role/audit/s is not authorized to perform: fms:X";

/// Throttled past the retries, IAM's denial, and a 5xx: status, code,
/// message and what the ERROR reason says.
fn faults(op: &str) -> [(u16, &'static str, &'static str, String); 3] {
    [
        (
            400,
            "ThrottlingException",
            "Rate exceeded",
            format!("throttled: {op} (ThrottlingException)"),
        ),
        (
            400,
            "AccessDeniedException",
            DENIED,
            format!("{op} failed: AccessDeniedException"),
        ),
        (
            500,
            "InternalErrorException",
            "oops",
            format!("{op} failed: InternalErrorException"),
        ),
    ]
}

#[tokio::test]
async fn faults_are_errors_naming_the_call() {
    for (status, code, message, needle) in faults("GetAdminAccount") {
        let get = mock!(Client::get_admin_account)
            .then_http_response(move || cbor_error(status, code, message));
        let s = session(&[&get]);
        let f = judge(&collect_for_check(&s, "fms", CHECK).await, CHECK);
        expect(&f, REGION, Status::Error, &needle);
    }
    for (status, code, message, needle) in faults("ListPolicies") {
        let list = mock!(Client::list_policies)
            .then_http_response(move || cbor_error(status, code, message));
        let rules = [admin(ACCOUNT), list];
        let s = session(&rules.iter().collect::<Vec<_>>());
        let f = judge(&collect_for_check(&s, "fms", CHECK).await, CHECK);
        expect(&f, REGION, Status::Error, &needle);
        assert_eq!(f.len(), 1, "no missing type is judged: {f:#?}");
    }
    for (status, code, message, needle) in faults("ListComplianceStatus") {
        let status = mock!(Client::list_compliance_status)
            .then_http_response(move || cbor_error(status, code, message));
        let rules = [admin(ACCOUNT), policies(), status];
        let s = session(&rules.iter().collect::<Vec<_>>());
        let f = judge(&collect_for_check(&s, "fms", CHECK).await, CHECK);
        expect(&f, WAF, Status::Error, &needle);
        expect(&f, SG, Status::Error, &needle);
    }
    for (status, code, message, needle) in faults("GetComplianceDetail") {
        let get = mock!(Client::get_compliance_detail)
            .then_http_response(move || cbor_error(status, code, message));
        let rules = [
            admin(ACCOUNT),
            policies(),
            non_compliant_waf(),
            compliance(),
            get,
        ];
        let s = session(&rules.iter().collect::<Vec<_>>());
        let f = judge(&collect_for_check(&s, "fms", CHECK).await, CHECK);
        let finding = expect(&f, WAF, Status::Fail, "444455556666 (1 violators)");
        assert!(finding.reason.contains(&needle), "{}", finding.reason);
    }
}
