//! IAM through `GetAccountAuthorizationDetails`: every page read (the
//! marker followed), documents URL-decoded, customer managed policies taken
//! from the details and AWS managed ones read one by one; a failed details
//! call blinds the roles.

use super::*;
use aws_sdk_iam::operation::get_account_authorization_details::GetAccountAuthorizationDetailsOutput;
use aws_sdk_iam::operation::*;
use aws_sdk_iam::types::*;
use aws_sdk_iam::Client;
use aws_smithy_mocks::{mock, Rule};
use awscheck_checks::Status;

const LOCAL: &str = "arn:aws:iam::111122223333:policy/deploy";
const AWS_MANAGED: &str = "arn:aws:iam::aws:policy/ReadOnlyAccess";

/// URL-encoded, as IAM returns documents.
fn encoded(json: &str) -> String {
    percent_encoding::utf8_percent_encode(json, percent_encoding::NON_ALPHANUMERIC).to_string()
}

fn role(name: &str, attached: &[&str]) -> RoleDetail {
    let mut r = RoleDetail::builder()
        .role_name(name)
        .arn(format!("arn:aws:iam::111122223333:role/{name}"))
        .assume_role_policy_document(encoded(
            r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
        ))
        .role_policy_list(
            PolicyDetail::builder()
                .policy_name("logs")
                .policy_document(encoded(
                    r#"{"Statement":[{"Effect":"Allow","Action":"logs:PutLogEvents","Resource":"*"}]}"#,
                ))
                .build(),
        )
        .tags(Tag::builder().key("env").value(name).build().unwrap());
    for arn in attached {
        r = r.attached_managed_policies(AttachedPolicy::builder().policy_arn(*arn).build());
    }
    r.build()
}

/// Two pages: the first truncated with a marker, the second with the
/// customer managed policy's versions (v2 the default).
fn details() -> Rule {
    mock!(Client::get_account_authorization_details)
        .match_requests(|r| r.marker().is_none())
        .then_output(|| {
            GetAccountAuthorizationDetailsOutput::builder()
                .role_detail_list(role("app", &[LOCAL, AWS_MANAGED]))
                .is_truncated(true)
                .marker("page-2")
                .build()
        })
}

fn details_page_2() -> Rule {
    mock!(Client::get_account_authorization_details)
        .match_requests(|r| r.marker() == Some("page-2"))
        .then_output(|| {
            let version = |id: &str, default: bool, action: &str| {
                PolicyVersion::builder()
                    .version_id(id)
                    .is_default_version(default)
                    .document(encoded(&format!(
                        r#"{{"Statement":[{{"Effect":"Allow","Action":"{action}","Resource":"*"}}]}}"#
                    )))
                    .build()
            };
            GetAccountAuthorizationDetailsOutput::builder()
                .role_detail_list(role("batch", &[LOCAL]))
                .policies(
                    ManagedPolicyDetail::builder()
                        .arn(LOCAL)
                        .policy_name("deploy")
                        .default_version_id("v2")
                        .policy_version_list(version("v1", false, "s3:*"))
                        .policy_version_list(version("v2", true, "s3:GetObject"))
                        .build(),
                )
                .is_truncated(false)
                .build()
        })
}

fn aws_managed() -> [Rule; 2] {
    [
        mock!(Client::get_policy)
            .match_requests(|r| r.policy_arn() == Some(AWS_MANAGED))
            .then_output(|| {
                get_policy::GetPolicyOutput::builder()
                    .policy(
                        Policy::builder()
                            .arn(AWS_MANAGED)
                            .policy_name("ReadOnlyAccess")
                            .default_version_id("v9")
                            .build(),
                    )
                    .build()
            }),
        mock!(Client::get_policy_version)
            .match_requests(|r| r.version_id() == Some("v9"))
            .then_output(|| {
                get_policy_version::GetPolicyVersionOutput::builder()
                    .policy_version(
                        PolicyVersion::builder()
                            .document(encoded(
                                r#"{"Statement":[{"Effect":"Allow","Action":"*:Describe*","Resource":"*"}]}"#,
                            ))
                            .build(),
                    )
                    .build()
            }),
    ]
}

fn profiles() -> Rule {
    mock!(Client::list_instance_profiles).then_output(|| {
        list_instance_profiles::ListInstanceProfilesOutput::builder()
            .set_instance_profiles(Some(Vec::new()))
            .build()
            .unwrap()
    })
}

#[tokio::test]
async fn roles_and_their_policies_come_from_every_page_of_the_details() {
    let [get_policy, get_version] = aws_managed();
    let (page1, page2, profiles) = (details(), details_page_2(), profiles());
    let s = session(&[&page1, &page2, &get_policy, &get_version, &profiles]);
    let account = collect(&s, &["iam"]).await;
    assert!(
        account.collection_errors.is_empty(),
        "{:?}",
        account.collection_errors
    );
    let iam = account.iam.as_ref().unwrap();
    let names: Vec<&str> = iam.roles.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["app", "batch"], "both pages");
    let app = &iam.roles[0];
    assert_eq!(
        app.trust_policy.0["Statement"][0]["Principal"]["Service"], "ec2.amazonaws.com",
        "decoded"
    );
    let inline = app.inline_policies.value().unwrap();
    assert_eq!(inline[0].name, "logs");
    assert_eq!(
        inline[0].document.0["Statement"][0]["Action"],
        "logs:PutLogEvents"
    );
    assert_eq!(
        app.attached_policies.value().unwrap(),
        &vec![LOCAL.to_string(), AWS_MANAGED.to_string()]
    );
    assert_eq!(app.tags.get("env").map(String::as_str), Some("app"));
    let policy = |arn: &str| iam.policies.iter().find(|p| p.arn == arn).unwrap();
    assert_eq!(iam.policies.len(), 2, "each attached policy once");
    assert_eq!(
        policy(LOCAL).document.value().unwrap().0["Statement"][0]["Action"],
        "s3:GetObject",
        "the default version, from the details"
    );
    assert_eq!(policy(AWS_MANAGED).name, "ReadOnlyAccess");
    assert_eq!(
        policy(AWS_MANAGED).document.value().unwrap().0["Statement"][0]["Action"],
        "*:Describe*"
    );
    // One details call per page, two for the AWS managed policy, one for
    // the instance profiles: no call per role.
    assert_eq!(s.stats.calls(), 5);
}

#[tokio::test]
async fn denied_details_blind_the_roles() {
    let denied = mock!(Client::get_account_authorization_details).then_http_response(|| {
        http(
            403,
            r#"<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized</Message></Error></ErrorResponse>"#,
        )
    });
    let profiles = profiles();
    let s = session(&[&denied, &profiles]);
    let account = collect(&s, &["iam"]).await;
    let blind = account
        .collection_errors
        .iter()
        .find(|e| e.service == "iam")
        .unwrap_or_else(|| panic!("{:?}", account.collection_errors));
    assert_eq!(blind.part, None, "the whole section");
    assert_eq!(blind.error.operation, "GetAccountAuthorizationDetails");
    assert_eq!(blind.error.code, "AccessDenied");
    let findings = judge(&account, "cicd-service-roles");
    assert!(
        !findings.is_empty() && findings.iter().all(|f| f.status == Status::Error),
        "{findings:#?}"
    );
}
