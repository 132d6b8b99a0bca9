//! `GetBucketReplication` with mocked SDK responses: asked only for the
//! buckets whose tags ask for replication (or could not be read), and a
//! denied call is an ERROR naming the operation, never "no configuration".

use super::*;
use aws_sdk_s3::operation::*;
use aws_sdk_s3::types::{
    BucketVersioningStatus, Destination, ReplicationConfiguration, ReplicationRule,
    ReplicationRuleStatus, Tag,
};
use aws_sdk_s3::Client as S3;

const DENIED_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>R</RequestId></Error>"#;
const CHECK: &str = "s3-replication-critical";

fn tagging(
    tags: &'static [(&'static str, &'static str)],
) -> get_bucket_tagging::GetBucketTaggingOutput {
    get_bucket_tagging::GetBucketTaggingOutput::builder()
        .set_tag_set(Some(
            tags.iter()
                .map(|(k, v)| Tag::builder().key(*k).value(*v).build().unwrap())
                .collect(),
        ))
        .build()
        .unwrap()
}

#[tokio::test]
async fn replication_is_read_for_tagged_buckets_only_and_a_denial_is_an_error() {
    let rules = [
        mock!(S3::list_buckets).then_output(|| {
            let b = |n: &str| {
                aws_sdk_s3::types::Bucket::builder()
                    .name(n)
                    .bucket_region("us-east-1")
                    .build()
            };
            list_buckets::ListBucketsOutput::builder()
                .buckets(b("denied"))
                .buckets(b("untagged"))
                .buckets(b("tags-unread"))
                .build()
        }),
        mock!(S3::get_bucket_tagging)
            .match_requests(|r| r.bucket() == Some("denied"))
            .then_output(|| tagging(&[("dr-tier", "gold")])),
        mock!(S3::get_bucket_tagging)
            .match_requests(|r| r.bucket() == Some("untagged"))
            .then_output(|| tagging(&[("team", "web")])),
        mock!(S3::get_bucket_tagging)
            .match_requests(|r| r.bucket() == Some("tags-unread"))
            .then_http_response(|| http(403, DENIED_XML)),
        mock!(S3::get_bucket_versioning).then_output(|| {
            get_bucket_versioning::GetBucketVersioningOutput::builder()
                .status(BucketVersioningStatus::Enabled)
                .build()
        }),
        mock!(S3::get_bucket_replication)
            .match_requests(|r| r.bucket() == Some("denied"))
            .then_http_response(|| http(403, DENIED_XML)),
        mock!(S3::get_bucket_replication)
            .match_requests(|r| r.bucket() == Some("tags-unread"))
            .then_output(|| {
                get_bucket_replication::GetBucketReplicationOutput::builder()
                    .replication_configuration(
                        ReplicationConfiguration::builder()
                            .role(format!("arn:aws:iam::{ACCOUNT}:role/replicator"))
                            .rules(
                                ReplicationRule::builder()
                                    .status(ReplicationRuleStatus::Enabled)
                                    .destination(
                                        Destination::builder()
                                            .bucket("arn:aws:s3:::vault")
                                            .account("444455556666")
                                            .build()
                                            .unwrap(),
                                    )
                                    .build()
                                    .unwrap(),
                            )
                            .build()
                            .unwrap(),
                    )
                    .build()
            }),
        mock!(S3::get_bucket_location).then_output(|| {
            get_bucket_location::GetBucketLocationOutput::builder()
                .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::UsWest2)
                .build()
        }),
    ];
    let all: Vec<&Rule> = rules.iter().collect();
    let s = session(&all);
    let account = collect_for_check(&s, "s3", CHECK).await;
    let s3 = account.s3.as_ref().unwrap();
    let bucket = |name: &str| s3.buckets.iter().find(|b| b.name == name).unwrap();
    assert_eq!(
        bucket("denied")
            .replication
            .error()
            .map(|e| e.operation.as_str()),
        Some("GetBucketReplication")
    );
    assert_eq!(
        bucket("untagged")
            .replication
            .error()
            .map(|e| e.code.as_str()),
        Some(awscheck_model::collected::NOT_COLLECTED),
        "an untagged bucket is not asked"
    );
    let read = bucket("tags-unread").replication.value().unwrap();
    assert_eq!(read.rules[0].destination_name(), "vault");
    assert_eq!(
        read.rules[0].destination_account.as_deref(),
        Some("444455556666")
    );
    assert!(!read.rules[0].replication_time);
    let vault = s3.other_buckets.iter().find(|b| b.name == "vault").unwrap();
    assert_eq!(vault.region, Collected::Value("us-west-2".to_string()));

    let account = with_sections(account, serde_json::json!({"iam": {"roles": []}}));
    let findings = judge(&account, CHECK);
    expect(
        &findings,
        "arn:aws:s3:::denied",
        Status::Error,
        "GetBucketReplication failed: AccessDenied",
    );
    expect(
        &findings,
        "arn:aws:s3:::untagged",
        Status::Skip,
        "not tagged",
    );
    expect(
        &findings,
        "arn:aws:s3:::tags-unread",
        Status::Error,
        "its tags could not be read",
    );
}
