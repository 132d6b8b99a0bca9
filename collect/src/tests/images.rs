//! The AMI collectors with aws-smithy-mocks: what moto 5.2.5 cannot
//! produce (encrypted AMI snapshots and their KMS keys, the account's AMI
//! block public access state, launch permissions to an organization), the
//! requests made per resource (one `DescribeImageAttribute` per owned AMI,
//! one `DescribeSnapshots` for the shared AMIs' snapshots, none of it for a
//! check that does not read it), approved-AMI parameters kept in clear,
//! and the error paths: throttling that survives the retries,
//! AccessDenied, 5xx, each an ERROR naming the operation.

use super::*;
use aws_sdk_ec2::operation::{
    describe_image_attribute::DescribeImageAttributeOutput, describe_images::DescribeImagesOutput,
    describe_instances::DescribeInstancesOutput, describe_snapshots::DescribeSnapshotsOutput,
    get_image_block_public_access_state::GetImageBlockPublicAccessStateOutput,
};
use aws_sdk_ec2::types::{BlockDeviceMapping, EbsBlockDevice, Image, LaunchPermission, Snapshot};
use aws_smithy_mocks::{mock, Rule};
use awscheck_checks::Status;

const PARTNER: &str = "444455556666";
const ORG: &str = "arn:aws:organizations::999988887777:organization/o-a1b2c3d4e5";
const EC2_THROTTLED: &str = "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r</RequestID></Response>";
const EC2_DENIED: &str = "<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>r</RequestID></Response>";
const EC2_INTERNAL: &str = "<Response><Errors><Error><Code>InternalError</Code><Message>An internal error has occurred.</Message></Error></Errors><RequestID>r</RequestID></Response>";

fn key_arn(id: &str) -> String {
    format!("arn:aws:kms:us-east-1:{ACCOUNT}:key/{id}")
}

fn ami_arn(id: &str) -> String {
    format!("arn:aws:ec2:us-east-1::image/{id}")
}

/// An AMI of the account with one EBS snapshot (`Encrypted` as given).
fn owned(id: &str, snapshot: &str, encrypted: bool) -> Image {
    Image::builder()
        .image_id(id)
        .name(format!("{id}-name"))
        .owner_id(ACCOUNT)
        .creation_date("2026-11-02T06:10:00.000Z")
        .state(aws_sdk_ec2::types::ImageState::Available)
        .block_device_mappings(
            BlockDeviceMapping::builder()
                .device_name("/dev/xvda")
                .ebs(
                    EbsBlockDevice::builder()
                        .snapshot_id(snapshot)
                        .encrypted(encrypted)
                        .build(),
                )
                .build(),
        )
        .build()
}

/// Three owned AMIs: `ami-shared` (shared with the partner and the
/// organization, its snapshot on the sharing key), `ami-aws` (shared with
/// the partner, on the AWS managed key), `ami-private` (not shared); the
/// block public access state; and KMS's two keys.
fn sharing_rules() -> Vec<Rule> {
    let perms = |id: &'static str, p: Vec<LaunchPermission>| {
        mock!(aws_sdk_ec2::Client::describe_image_attribute)
            .match_requests(move |r| r.image_id() == Some(id))
            .then_output(move || {
                DescribeImageAttributeOutput::builder()
                    .image_id(id)
                    .set_launch_permissions(Some(p.clone()))
                    .build()
            })
    };
    let partner = LaunchPermission::builder().user_id(PARTNER).build();
    let org = LaunchPermission::builder().organization_arn(ORG).build();
    vec![
        mock!(aws_sdk_ec2::Client::describe_instances)
            .then_output(|| DescribeInstancesOutput::builder().build()),
        mock!(aws_sdk_ec2::Client::describe_images)
            .match_requests(|r| r.owners() == ["self"])
            .then_output(|| {
                DescribeImagesOutput::builder()
                    .images(owned("ami-shared", "snap-1", true))
                    .images(owned("ami-aws", "snap-2", true))
                    .images(owned("ami-private", "snap-3", true))
                    .build()
            }),
        perms("ami-shared", vec![partner.clone(), org]),
        perms("ami-aws", vec![partner]),
        perms("ami-private", vec![]),
        // One call for the shared AMIs' snapshots, by id: snap-3 (private) is not asked for.
        mock!(aws_sdk_ec2::Client::describe_snapshots)
            .match_requests(|r| r.filters()[0].values() == ["snap-1", "snap-2"])
            .then_output(|| {
                let snap = |id: &str, key: &str| {
                    Snapshot::builder()
                        .snapshot_id(id)
                        .owner_id(ACCOUNT)
                        .encrypted(true)
                        .kms_key_id(key_arn(key))
                        .build()
                };
                DescribeSnapshotsOutput::builder()
                    .snapshots(snap("snap-1", "k-share"))
                    .snapshots(snap("snap-2", "k-aws"))
                    .build()
            }),
        mock!(aws_sdk_ec2::Client::get_image_block_public_access_state).then_output(|| {
            GetImageBlockPublicAccessStateOutput::builder()
                .image_block_public_access_state("block-new-sharing")
                .build()
        }),
        kms_keys(),
        kms_describe("k-share", aws_sdk_kms::types::KeyManagerType::Customer),
        kms_describe("k-aws", aws_sdk_kms::types::KeyManagerType::Aws),
        mock!(aws_sdk_kms::Client::get_key_policy)
            .match_requests(|r| r.key_id() == Some("k-share"))
            .then_output(|| {
                aws_sdk_kms::operation::get_key_policy::GetKeyPolicyOutput::builder()
                    .policy(format!(
                        r#"{{"Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{PARTNER}:root"}},"Action":["kms:DescribeKey","kms:Decrypt","kms:ReEncrypt*","kms:CreateGrant","kms:GenerateDataKeyWithoutPlaintext"],"Resource":"*"}},{{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Condition":{{"StringEquals":{{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}}}}]}}"#
                    ))
                    .build()
            }),
        mock!(aws_sdk_kms::Client::get_key_policy).then_output(|| {
            aws_sdk_kms::operation::get_key_policy::GetKeyPolicyOutput::builder()
                .policy(r#"{"Statement":[]}"#)
                .build()
        }),
    ]
}

fn kms_keys() -> Rule {
    use aws_sdk_kms::types::KeyListEntry;
    mock!(aws_sdk_kms::Client::list_keys).then_output(|| {
        aws_sdk_kms::operation::list_keys::ListKeysOutput::builder()
            .keys(KeyListEntry::builder().key_id("k-share").build())
            .keys(KeyListEntry::builder().key_id("k-aws").build())
            .build()
    })
}

fn kms_describe(id: &'static str, manager: aws_sdk_kms::types::KeyManagerType) -> Rule {
    use aws_sdk_kms::types::{KeyMetadata, KeySpec, KeyState};
    mock!(aws_sdk_kms::Client::describe_key)
        .match_requests(move |r| r.key_id() == Some(id))
        .then_output(move || {
            aws_sdk_kms::operation::describe_key::DescribeKeyOutput::builder()
                .key_metadata(
                    KeyMetadata::builder()
                        .key_id(id)
                        .aws_account_id(ACCOUNT)
                        .arn(key_arn(id))
                        .key_manager(manager.clone())
                        .key_state(KeyState::Enabled)
                        .key_spec(KeySpec::SymmetricDefault)
                        .build()
                        .unwrap(),
                )
                .build()
        })
}

/// What `check` reads of EC2 and KMS, collected over `rules`.
async fn collect_reads(rules: &[&Rule], check: &str) -> Account {
    let s = session(rules);
    let check = checks::find(check).unwrap();
    let services: Vec<&'static Service> = SERVICES
        .iter()
        .filter(|s| check.reads.iter().any(|d| d.section == s.section))
        .collect();
    collect_account(s, &services, Wanted::only(check.reads), 4, false).await
}

const SHARING: &str = "ec2-shared-ami-encryption";

#[tokio::test]
async fn shared_amis_their_snapshots_and_keys_feed_the_sharing_check() {
    let rules = sharing_rules();
    let account = collect_reads(&rules.iter().collect::<Vec<_>>(), SHARING).await;
    assert!(
        account.collection_errors.is_empty(),
        "{:?}",
        account.collection_errors
    );
    let ec2 = account.ec2.as_ref().unwrap();
    assert_eq!(ec2.owned_images.len(), 3);
    let shared = &ec2.owned_images[0];
    let perms = shared.launch_permissions.value().unwrap();
    assert_eq!(perms[0].user_id.as_deref(), Some(PARTNER));
    assert_eq!(perms[1].organization_arn.as_deref(), Some(ORG));
    assert_eq!(shared.owner_id.as_deref(), Some(ACCOUNT));
    assert_eq!(shared.block_devices[0].encrypted, Some(true));
    assert_eq!(
        ec2.snapshots[0].kms_key_id.as_deref(),
        Some(key_arn("k-share").as_str())
    );
    assert_eq!(
        ec2.regions[0]
            .image_block_public_access
            .value()
            .map(String::as_str),
        Some("block-new-sharing")
    );
    assert!(ec2.images.is_empty(), "no AMI is in use here");
    assert_eq!(
        rules[2].num_calls() + rules[3].num_calls() + rules[4].num_calls(),
        3,
        "one DescribeImageAttribute per owned AMI"
    );
    assert_eq!(
        rules[5].num_calls(),
        1,
        "one DescribeSnapshots for both shared AMIs"
    );

    let findings = judge(&account, SHARING);
    expect(
        &findings,
        &ami_arn("ami-shared"),
        Status::Pass,
        &format!("shared with account {PARTNER}, organization {ORG}; its snapshots use customer managed key {}", key_arn("k-share")),
    );
    expect(
        &findings,
        &ami_arn("ami-aws"),
        Status::Fail,
        &format!(
            "snapshot snap-2 (/dev/xvda) is encrypted with the AWS managed key {}",
            key_arn("k-aws")
        ),
    );
    expect(
        &findings,
        &ami_arn("ami-private"),
        Status::Skip,
        "not shared",
    );
    assert_eq!(findings.len(), 3, "{findings:#?}");
}

#[tokio::test]
async fn a_check_that_does_not_read_owned_amis_never_asks_for_them() {
    let mut rules = sharing_rules();
    rules.push(no_groups());
    rules.push(
        mock!(aws_sdk_ssm::Client::describe_parameters).then_output(|| {
            aws_sdk_ssm::operation::describe_parameters::DescribeParametersOutput::builder().build()
        }),
    );
    let account = collect_reads(&rules.iter().collect::<Vec<_>>(), "ec2-approved-amis").await;
    assert!(
        account.collection_errors.is_empty(),
        "{:?}",
        account.collection_errors
    );
    for (i, what) in [
        (1, "DescribeImages Owners=self"),
        (2, "DescribeImageAttribute"),
        (5, "DescribeSnapshots"),
        (6, "GetImageBlockPublicAccessState"),
    ] {
        assert_eq!(rules[i].num_calls(), 0, "{what}");
    }
    assert!(account.ec2.as_ref().unwrap().owned_images.is_empty());
}

#[tokio::test]
async fn ami_reads_that_fail_give_errors_naming_the_operation() {
    // Throttled launch permissions of one AMI: that AMI alone is unknown.
    let mut rules = sharing_rules();
    rules[3] = mock!(aws_sdk_ec2::Client::describe_image_attribute)
        .match_requests(|r| r.image_id() == Some("ami-aws"))
        .then_http_response(|| http(503, EC2_THROTTLED));
    let account = collect_reads(&rules.iter().collect::<Vec<_>>(), SHARING).await;
    assert_eq!(rules[3].num_calls(), ATTEMPTS as usize);
    let findings = judge(&account, SHARING);
    expect(
        &findings,
        &ami_arn("ami-aws"),
        Status::Error,
        "throttled: DescribeImageAttribute (RequestLimitExceeded)",
    );
    expect(
        &findings,
        &ami_arn("ami-shared"),
        Status::Pass,
        "shared with",
    );

    // Snapshots denied: the part is unread in the region; the shared AMIs
    // are ERROR, the unshared one still SKIPs.
    let mut rules = sharing_rules();
    rules[5] =
        mock!(aws_sdk_ec2::Client::describe_snapshots).then_http_response(|| http(403, EC2_DENIED));
    let account = collect_reads(&rules.iter().collect::<Vec<_>>(), SHARING).await;
    let e = &account.collection_errors[0];
    assert_eq!(
        (
            e.error.operation.as_str(),
            e.error.code.as_str(),
            e.part.as_deref()
        ),
        (
            "DescribeSnapshots",
            "UnauthorizedOperation",
            Some("snapshots")
        )
    );
    let findings = judge(&account, SHARING);
    expect(
        &findings,
        &ami_arn("ami-shared"),
        Status::Error,
        "snapshot snap-1 (/dev/xvda) could not be read: DescribeSnapshots failed: UnauthorizedOperation",
    );
    expect(
        &findings,
        &ami_arn("ami-private"),
        Status::Skip,
        "not shared",
    );

    // A 5xx on the block public access state: unknown, never "not set".
    let mut rules = sharing_rules();
    rules[6] = mock!(aws_sdk_ec2::Client::get_image_block_public_access_state)
        .then_http_response(|| http(500, EC2_INTERNAL));
    let account = collect_reads(&rules.iter().collect::<Vec<_>>(), SHARING).await;
    let findings = judge(&account, SHARING);
    expect(
        &findings,
        &ami_arn("ami-shared"),
        Status::Error,
        "GetImageBlockPublicAccessState failed: InternalError",
    );
    // A confirmed failure still wins.
    expect(
        &findings,
        &ami_arn("ami-aws"),
        Status::Fail,
        "AWS managed key",
    );

    // The owned AMIs cannot be listed: their part is unread, and the
    // engine reports the region for the check.
    let mut rules = sharing_rules();
    rules[1] = mock!(aws_sdk_ec2::Client::describe_images)
        .match_requests(|r| r.owners() == ["self"])
        .then_http_response(|| http(403, EC2_DENIED));
    let account = collect_reads(&rules.iter().collect::<Vec<_>>(), SHARING).await;
    assert_eq!(rules[2].num_calls(), 0);
    let findings = judge(&account, SHARING);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].status, Status::Error);
    assert!(
        findings[0]
            .reason
            .contains("owned_images could not be read in us-east-1: DescribeImages failed: UnauthorizedOperation"),
        "{}",
        findings[0].reason
    );
}

fn no_groups() -> Rule {
    mock!(aws_sdk_autoscaling::Client::describe_auto_scaling_groups).then_output(|| {
        aws_sdk_autoscaling::operation::describe_auto_scaling_groups::DescribeAutoScalingGroupsOutput::builder().build()
    })
}

/// Two days ago, as `DescribeImages` gives a `CreationDate`.
fn two_days_ago() -> String {
    (chrono::Utc::now() - chrono::Duration::days(2))
        .format("%Y-%m-%dT%H:%M:%S.000Z")
        .to_string()
}

/// An instance on `ami-0aaaaaaaaaaaaaaa1` (DescribeImages by id: an
/// untagged AMI of another account), and an SSM parameter holding its id.
fn approved_rules() -> Vec<Rule> {
    use aws_sdk_ssm::operation::{describe_parameters, get_parameters};
    use aws_sdk_ssm::types::{Parameter, ParameterMetadata, ParameterType};
    vec![
        mock!(aws_sdk_ec2::Client::describe_instances).then_output(|| {
            DescribeInstancesOutput::builder()
                .reservations(
                    aws_sdk_ec2::types::Reservation::builder()
                        .instances(
                            aws_sdk_ec2::types::Instance::builder()
                                .instance_id("i-1")
                                .image_id("ami-0aaaaaaaaaaaaaaa1")
                                .state(
                                    aws_sdk_ec2::types::InstanceState::builder()
                                        .name(aws_sdk_ec2::types::InstanceStateName::Running)
                                        .build(),
                                )
                                .build(),
                        )
                        .build(),
                )
                .build()
        }),
        mock!(aws_sdk_ec2::Client::describe_images)
            .match_requests(|r| r.filters()[0].values() == ["ami-0aaaaaaaaaaaaaaa1"])
            .then_output(|| {
                DescribeImagesOutput::builder()
                    .images(
                        Image::builder()
                            .image_id("ami-0aaaaaaaaaaaaaaa1")
                            .owner_id("137112412989")
                            .creation_date(two_days_ago())
                            .build(),
                    )
                    .build()
            }),
        no_groups(),
        mock!(aws_sdk_ssm::Client::describe_parameters).then_output(|| {
            let p = |n: &str| {
                ParameterMetadata::builder()
                    .name(n)
                    .r#type(ParameterType::String)
                    .build()
            };
            describe_parameters::DescribeParametersOutput::builder()
                .parameters(p("/golden/web"))
                .parameters(p("/app/flags"))
                .build()
        }),
        mock!(aws_sdk_ssm::Client::get_parameters).then_output(|| {
            let p = |n: &str, v: &str| Parameter::builder().name(n).value(v).build();
            get_parameters::GetParametersOutput::builder()
                .parameters(p("/golden/web", "ami-0aaaaaaaaaaaaaaa1"))
                .parameters(p("/app/flags", "ami-0aaaaaaaaaaaaaaa1,beta"))
                .build()
        }),
    ]
}

#[tokio::test]
async fn approved_ami_parameters_are_kept_in_clear_and_approve_what_they_hold() {
    let rules = approved_rules();
    let account = collect_reads(&rules.iter().collect::<Vec<_>>(), "ec2-approved-amis").await;
    assert!(
        account.collection_errors.is_empty(),
        "{:?}",
        account.collection_errors
    );
    let image = &account.ec2.as_ref().unwrap().images[0];
    assert_eq!(image.owner_id.as_deref(), Some("137112412989"));
    let age = chrono::Utc::now() - image.creation_date.unwrap();
    assert_eq!(age.num_hours(), 48, "CreationDate parsed: {age}");
    let parameters = &account.ssm.as_ref().unwrap().parameters;
    assert_eq!(
        parameters[0].image_id.as_deref(),
        Some("ami-0aaaaaaaaaaaaaaa1")
    );
    assert_eq!(
        parameters[1].image_id, None,
        "a value that is not one AMI id stays redacted only"
    );
    assert!(parameters[1].value.value().is_some());

    let instance = format!("arn:aws:ec2:us-east-1:{ACCOUNT}:instance/i-1");
    let findings = judge(&account, "ec2-approved-amis");
    expect(
        &findings,
        &instance,
        Status::Fail,
        "owner 137112412989 is not in approved_ami_owners",
    );
    let mut settings = Settings::default();
    let known = awscheck_checks::registry::settings();
    settings
        .set(
            known,
            "approved_ami_parameters",
            serde_json::json!(["/golden/web"]),
        )
        .unwrap();
    let findings = judge_with(&account, "ec2-approved-amis", &settings);
    expect(
        &findings,
        &instance,
        Status::Pass,
        "the value of approved parameter /golden/web",
    );
}
