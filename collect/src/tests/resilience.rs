//! The wave-3 resilience collectors with mocked SDK responses: what moto
//! cannot produce (throttling that survives the retries, AccessDenied,
//! 5xx) becomes an ERROR naming the operation, never an empty PASS.

use super::*;
use aws_sdk_kinesis::operation::*;
use aws_sdk_kinesis::types::{
    Consumer, ConsumerStatus, EncryptionType, StreamDescriptionSummary, StreamStatus, Tag,
};
use aws_sdk_kinesis::Client as Kinesis;

const KINESIS_DENIED: &str = r#"{"__type":"AccessDeniedException","message":"not authorized to perform kinesis:ListStreams"}"#;
const KINESIS_THROTTLED: &str =
    r#"{"__type":"LimitExceededException","message":"Rate exceeded for stream"}"#;
const KINESIS_INTERNAL: &str = r#"{"__type":"InternalFailure","message":"internal error"}"#;

fn stream_arn(name: &str) -> String {
    format!("arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/{name}")
}

/// `a` on the first page of `ListStreams`, `b` on the second (paged by
/// `ExclusiveStartStreamName`).
fn two_pages() -> [Rule; 2] {
    [
        mock!(Kinesis::list_streams)
            .match_requests(|r| r.exclusive_start_stream_name().is_none())
            .then_output(|| {
                list_streams::ListStreamsOutput::builder()
                    .stream_names("a")
                    .has_more_streams(true)
                    .build()
                    .unwrap()
            }),
        mock!(Kinesis::list_streams)
            .match_requests(|r| r.exclusive_start_stream_name() == Some("a"))
            .then_output(|| {
                list_streams::ListStreamsOutput::builder()
                    .stream_names("b")
                    .has_more_streams(false)
                    .build()
                    .unwrap()
            }),
    ]
}

fn summary(name: &str, encryption: EncryptionType, key: Option<&str>) -> StreamDescriptionSummary {
    StreamDescriptionSummary::builder()
        .stream_name(name)
        .stream_arn(stream_arn(name))
        .stream_status(StreamStatus::Active)
        .retention_period_hours(24)
        .stream_creation_timestamp(secs_ago(3600))
        .set_enhanced_monitoring(Some(vec![]))
        .open_shard_count(1)
        .encryption_type(encryption)
        .set_key_id(key.map(str::to_string))
        .build()
        .unwrap()
}

#[tokio::test]
async fn kinesis_streams_are_paged_and_read_per_stream() {
    let pages = two_pages();
    let summaries = mock!(Kinesis::describe_stream_summary).then_output(|| {
        describe_stream_summary::DescribeStreamSummaryOutput::builder()
            .stream_description_summary(summary(
                "a",
                EncryptionType::Kms,
                Some("alias/aws/kinesis"),
            ))
            .build()
    });
    let b_summary = mock!(Kinesis::describe_stream_summary)
        .match_requests(|r| r.stream_arn() == Some(stream_arn("b").as_str()))
        .then_output(|| {
            describe_stream_summary::DescribeStreamSummaryOutput::builder()
                .stream_description_summary(summary("b", EncryptionType::None, None))
                .build()
        });
    let consumers = mock!(Kinesis::list_stream_consumers).then_output(|| {
        list_stream_consumers::ListStreamConsumersOutput::builder()
            .consumers(
                Consumer::builder()
                    .consumer_name("analytics")
                    .consumer_arn(format!("{}/consumer/analytics:1", stream_arn("a")))
                    .consumer_status(ConsumerStatus::Active)
                    .consumer_creation_timestamp(secs_ago(60))
                    .build()
                    .unwrap(),
            )
            .build()
    });
    // Tags in two pages, by `ExclusiveStartTagKey`.
    let tags_first = mock!(Kinesis::list_tags_for_stream)
        .match_requests(|r| r.exclusive_start_tag_key().is_none())
        .then_output(|| {
            list_tags_for_stream::ListTagsForStreamOutput::builder()
                .tags(
                    Tag::builder()
                        .key("Environment")
                        .value("prod")
                        .build()
                        .unwrap(),
                )
                .has_more_tags(true)
                .build()
                .unwrap()
        });
    let tags_second = mock!(Kinesis::list_tags_for_stream)
        .match_requests(|r| r.exclusive_start_tag_key() == Some("Environment"))
        .then_output(|| {
            list_tags_for_stream::ListTagsForStreamOutput::builder()
                .tags(Tag::builder().key("Team").value("data").build().unwrap())
                .has_more_tags(false)
                .build()
                .unwrap()
        });
    let s = session(&[
        &pages[0],
        &pages[1],
        &b_summary,
        &summaries,
        &consumers,
        &tags_first,
        &tags_second,
    ]);
    let account = collect(&s, &["kinesis"]).await;
    assert_eq!(s.stats.errors(), 0);
    let streams = &account.kinesis.as_ref().unwrap().streams;
    let names: Vec<&str> = streams.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
    let a = &streams[0];
    assert_eq!(a.arn, stream_arn("a"));
    let enc = a.encryption.value().unwrap();
    assert_eq!(
        (enc.encryption_type.as_str(), enc.key_id.as_deref()),
        ("KMS", Some("alias/aws/kinesis"))
    );
    assert_eq!(a.consumers.value(), Some(&vec!["analytics".to_string()]));
    assert_eq!(
        a.tags
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect::<Vec<_>>(),
        [("Environment", "prod"), ("Team", "data")]
    );
    let findings = judge(&account, "kinesis-stream-encryption");
    expect(
        &findings,
        &stream_arn("a"),
        Status::Pass,
        "the AWS managed key alias/aws/kinesis",
    );
    expect(
        &findings,
        &stream_arn("b"),
        Status::Fail,
        "EncryptionType NONE",
    );
}

#[tokio::test]
async fn a_denied_stream_listing_blinds_the_region() {
    let denied = mock!(Kinesis::list_streams).then_http_response(|| http(400, KINESIS_DENIED));
    let s = session(&[&denied]);
    let account = collect_for_check(&s, "kinesis", "kinesis-stream-encryption").await;
    assert_eq!(denied.num_calls(), 1, "AccessDenied is not retried");
    let e = &account.collection_errors[0];
    assert_eq!(
        (
            e.service.as_str(),
            e.region.as_str(),
            e.error.operation.as_str(),
            e.error.code.as_str()
        ),
        (
            "kinesis",
            "us-east-1",
            "ListStreams",
            "AccessDeniedException"
        )
    );
    let findings = judge(&account, "kinesis-stream-encryption");
    expect(
        &findings,
        &format!("arn:aws:kinesis:us-east-1:{ACCOUNT}"),
        Status::Error,
        "kinesis could not be read in us-east-1: ListStreams failed: AccessDeniedException",
    );
    assert_eq!(findings.len(), 1, "{findings:#?}");
}

#[tokio::test]
async fn throttled_and_failing_stream_reads_are_errors_naming_the_call() {
    let pages = two_pages();
    let throttled = mock!(Kinesis::describe_stream_summary)
        .match_requests(|r| r.stream_arn() == Some(stream_arn("a").as_str()))
        .then_http_response(|| http(400, KINESIS_THROTTLED));
    let gone = mock!(Kinesis::describe_stream_summary).then_http_response(|| {
        http(
            400,
            r#"{"__type":"ResourceNotFoundException","message":"Stream b not found"}"#,
        )
    });
    let internal =
        mock!(Kinesis::list_stream_consumers).then_http_response(|| http(500, KINESIS_INTERNAL));
    let tags = mock!(Kinesis::list_tags_for_stream).then_output(|| {
        list_tags_for_stream::ListTagsForStreamOutput::builder()
            .set_tags(Some(vec![]))
            .has_more_tags(false)
            .build()
            .unwrap()
    });
    let s = session(&[&pages[0], &pages[1], &throttled, &gone, &internal, &tags]);
    let account = collect(&s, &["kinesis"]).await;
    assert_eq!(
        throttled.num_calls(),
        ATTEMPTS as usize,
        "throttling is retried"
    );
    let streams = &account.kinesis.as_ref().unwrap().streams;
    assert!(
        matches!(streams[1].encryption, Collected::Absent),
        "{:?}",
        streams[1]
    );
    let findings = judge(&account, "kinesis-stream-encryption");
    expect(
        &findings,
        &stream_arn("a"),
        Status::Error,
        "throttled: DescribeStreamSummary (LimitExceededException)",
    );
    expect(
        &findings,
        &stream_arn("b"),
        Status::Skip,
        "deleted since it was listed",
    );
    let a = &streams[0];
    assert_eq!(
        a.consumers
            .error()
            .map(|e| (e.operation.as_str(), e.code.as_str())),
        Some(("ListStreamConsumers", "InternalFailure"))
    );
}

mod efs_rules {
    use super::*;
    use aws_sdk_efs::operation::*;
    use aws_sdk_efs::types::Tag;
    use aws_sdk_efs::types::*;
    use aws_sdk_efs::Client;

    pub fn fs_id(name: &str) -> String {
        format!("fs-0{name}")
    }

    fn file_system(name: &str, zone: Option<&str>) -> FileSystemDescription {
        FileSystemDescription::builder()
            .owner_id(ACCOUNT)
            .creation_token(name)
            .file_system_id(fs_id(name))
            .file_system_arn(format!(
                "arn:aws:elasticfilesystem:us-east-1:{ACCOUNT}:file-system/{}",
                fs_id(name)
            ))
            .creation_time(secs_ago(86400))
            .life_cycle_state(LifeCycleState::Available)
            .name(name)
            .number_of_mount_targets(1)
            .performance_mode(PerformanceMode::GeneralPurpose)
            .set_availability_zone_name(zone.map(str::to_string))
            .tags(
                Tag::builder()
                    .key("Environment")
                    .value("prod")
                    .build()
                    .unwrap(),
            )
            .tags(
                Tag::builder()
                    .key("dr-tier")
                    .value("multi-region")
                    .build()
                    .unwrap(),
            )
            .build()
            .unwrap()
    }

    /// `media` (Regional) and `cache` (One Zone, us-east-1a).
    pub fn file_systems() -> Rule {
        mock!(Client::describe_file_systems).then_output(|| {
            describe_file_systems::DescribeFileSystemsOutput::builder()
                .file_systems(file_system("media", None))
                .file_systems(file_system("cache", Some("us-east-1a")))
                .build()
        })
    }

    /// One mount target in each of us-east-1a and us-east-1b.
    pub fn mount_targets() -> Rule {
        mock!(Client::describe_mount_targets).then_output(|| {
            let target = |id: &str, zone: &str| {
                MountTargetDescription::builder()
                    .mount_target_id(id)
                    .file_system_id(fs_id("media"))
                    .subnet_id(format!("subnet-{zone}"))
                    .availability_zone_name(zone)
                    .vpc_id("vpc-1")
                    .life_cycle_state(LifeCycleState::Available)
                    .build()
                    .unwrap()
            };
            describe_mount_targets::DescribeMountTargetsOutput::builder()
                .mount_targets(target("fsmt-a", "us-east-1a"))
                .mount_targets(target("fsmt-b", "us-east-1b"))
                .build()
        })
    }

    /// `media` replicated to us-west-2.
    pub fn replications() -> Rule {
        mock!(Client::describe_replication_configurations).then_output(|| {
            describe_replication_configurations::DescribeReplicationConfigurationsOutput::builder()
                .replications(
                    ReplicationConfigurationDescription::builder()
                        .source_file_system_id(fs_id("media"))
                        .source_file_system_region("us-east-1")
                        .source_file_system_arn("arn")
                        .original_source_file_system_arn("arn")
                        .creation_time(secs_ago(3600))
                        .destinations(
                            Destination::builder()
                                .status(ReplicationStatus::Enabled)
                                .file_system_id("fs-0west")
                                .region("us-west-2")
                                .build()
                                .unwrap(),
                        )
                        .build()
                        .unwrap(),
                )
                .build()
        })
    }
}

const EFS_DENIED: &str = r#"{"__type":"AccessDeniedException","message":"not authorized to perform elasticfilesystem:DescribeFileSystems"}"#;
const EFS_THROTTLED: &str = r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#;
const EFS_INTERNAL: &str = r#"{"__type":"InternalServerError","message":"internal error"}"#;

fn efs_arn(name: &str) -> String {
    format!(
        "arn:aws:elasticfilesystem:us-east-1:{ACCOUNT}:file-system/{}",
        efs_rules::fs_id(name)
    )
}

/// `account` with an empty VPC section (the check reads its subnets).
fn with_vpc(account: Account) -> Account {
    with_sections(account, serde_json::json!({"vpc": {}}))
}

#[tokio::test]
async fn efs_file_systems_mount_targets_and_replications_are_read() {
    let (fs, targets, replications) = (
        efs_rules::file_systems(),
        efs_rules::mount_targets(),
        efs_rules::replications(),
    );
    let s = session(&[&fs, &targets, &replications]);
    let account = collect(&s, &["efs"]).await;
    assert_eq!(s.stats.errors(), 0);
    let efs = account.efs.as_ref().unwrap();
    let media = &efs.file_systems[0];
    assert_eq!(
        (media.arn.as_str(), media.name.as_deref()),
        (efs_arn("media").as_str(), Some("media"))
    );
    let zones: Vec<&str> = media
        .mount_targets
        .value()
        .unwrap()
        .iter()
        .map(|t| t.availability_zone.as_str())
        .collect();
    assert_eq!(zones, ["us-east-1a", "us-east-1b"]);
    assert_eq!(
        efs.file_systems[1].availability_zone.as_deref(),
        Some("us-east-1a")
    );
    assert_eq!(efs.replications[0].destinations[0].region, "us-west-2");
    let findings = judge(&with_vpc(account), "efs-resilience");
    expect(
        &findings,
        &efs_arn("media"),
        Status::Pass,
        "replicated to fs-0west in us-west-2",
    );
    expect(
        &findings,
        &efs_arn("cache"),
        Status::Fail,
        "One Zone file system in us-east-1a",
    );
}

#[tokio::test]
async fn efs_failures_are_errors_naming_the_call() {
    // AccessDenied on the listing blinds EFS in the region.
    let denied = mock!(aws_sdk_efs::Client::describe_file_systems)
        .then_http_response(|| http(403, EFS_DENIED));
    let s = session(&[&denied]);
    let account = collect_for_check(&s, "efs", "efs-resilience").await;
    assert_eq!(denied.num_calls(), 1, "AccessDenied is not retried");
    let findings = judge(&with_vpc(account), "efs-resilience");
    expect(
        &findings,
        &format!("arn:aws:efs:us-east-1:{ACCOUNT}"),
        Status::Error,
        "efs could not be read in us-east-1: DescribeFileSystems failed: AccessDeniedException",
    );

    // Throttled mount targets and a 5xx replication listing: the Regional
    // file system is unknown, the One Zone one still fails.
    let fs = efs_rules::file_systems();
    let throttled = mock!(aws_sdk_efs::Client::describe_mount_targets)
        .then_http_response(|| http(429, EFS_THROTTLED));
    let internal = mock!(aws_sdk_efs::Client::describe_replication_configurations)
        .then_http_response(|| http(500, EFS_INTERNAL));
    let s = session(&[&fs, &throttled, &internal]);
    let account = collect(&s, &["efs"]).await;
    assert_eq!(
        throttled.num_calls(),
        2 * ATTEMPTS as usize,
        "throttling is retried"
    );
    let e = &account.collection_errors[0];
    assert_eq!(
        (
            e.part.as_deref(),
            e.error.operation.as_str(),
            e.error.code.as_str()
        ),
        (
            Some("replications"),
            "DescribeReplicationConfigurations",
            "InternalServerError"
        )
    );
    let findings = judge(&with_vpc(account), "efs-resilience");
    expect(
        &findings,
        &efs_arn("media"),
        Status::Error,
        "throttled: DescribeMountTargets (ThrottlingException)",
    );
    expect(
        &findings,
        &efs_arn("cache"),
        Status::Fail,
        "One Zone file system in us-east-1a",
    );
    assert_eq!(
        findings.len(),
        2,
        "the tolerated part adds no region ERROR: {findings:#?}"
    );
}

mod elasticache_rules {
    use super::*;
    use aws_sdk_elasticache::operation::{describe_replication_groups, list_tags_for_resource};
    use aws_sdk_elasticache::types::{
        AutomaticFailoverStatus, MultiAzStatus, NodeGroup, NodeGroupMember, ReplicationGroup, Tag,
    };
    use aws_sdk_elasticache::Client;

    pub fn group_arn(id: &str) -> String {
        format!("arn:aws:elasticache:us-east-1:{ACCOUNT}:replicationgroup:{id}")
    }

    /// A replication group whose one node group has members in `zones`.
    fn group(id: &str, failover: bool, zones: &[&str]) -> ReplicationGroup {
        let status = |on| {
            if on {
                AutomaticFailoverStatus::Enabled
            } else {
                AutomaticFailoverStatus::Disabled
            }
        };
        let members = zones.iter().enumerate().map(|(i, z)| {
            NodeGroupMember::builder()
                .cache_cluster_id(format!("{id}-00{}", i + 1))
                .preferred_availability_zone(*z)
                .build()
        });
        ReplicationGroup::builder()
            .replication_group_id(id)
            .arn(group_arn(id))
            .engine("redis")
            .status("available")
            .automatic_failover(status(failover))
            .multi_az(if failover {
                MultiAzStatus::Enabled
            } else {
                MultiAzStatus::Disabled
            })
            .snapshot_retention_limit(7)
            .node_groups(
                NodeGroup::builder()
                    .node_group_id("0001")
                    .set_node_group_members(Some(members.collect()))
                    .build(),
            )
            .build()
    }

    /// `sessions-prod` (failover, two AZs) on the first page of
    /// `DescribeReplicationGroups`, `cart-prod` (one node, no failover) on
    /// the second (paged by `Marker`).
    pub fn two_pages() -> [Rule; 2] {
        [
            mock!(Client::describe_replication_groups)
                .match_requests(|r| r.marker().is_none())
                .then_output(|| {
                    describe_replication_groups::DescribeReplicationGroupsOutput::builder()
                        .replication_groups(group(
                            "sessions-prod",
                            true,
                            &["us-east-1a", "us-east-1b"],
                        ))
                        .marker("page-2")
                        .build()
                }),
            mock!(Client::describe_replication_groups)
                .match_requests(|r| r.marker() == Some("page-2"))
                .then_output(|| {
                    describe_replication_groups::DescribeReplicationGroupsOutput::builder()
                        .replication_groups(group("cart-prod", false, &["us-east-1a"]))
                        .build()
                }),
        ]
    }

    /// `Team=storefront` on every replication group.
    pub fn tags() -> Rule {
        mock!(Client::list_tags_for_resource).then_output(|| {
            list_tags_for_resource::ListTagsForResourceOutput::builder()
                .tag_list(Tag::builder().key("Team").value("storefront").build())
                .build()
        })
    }
}

/// ElastiCache's awsQuery error document.
fn elasticache_error(status: u16, code: &str) -> HttpResponse {
    HttpResponse::new(
        StatusCode::try_from(status).unwrap(),
        SdkBody::from(format!(
            r#"<ErrorResponse xmlns="http://elasticache.amazonaws.com/doc/2015-02-02/"><Error><Type>Sender</Type><Code>{code}</Code><Message>{code}</Message></Error><RequestId>r1</RequestId></ErrorResponse>"#
        )),
    )
}

#[tokio::test]
async fn elasticache_replication_groups_are_paged_and_tagged() {
    let [first, second] = elasticache_rules::two_pages();
    let tags = elasticache_rules::tags();
    let s = session(&[&first, &second, &tags]);
    let account = collect(&s, &["elasticache"]).await;
    assert_eq!(s.stats.errors(), 0);
    let groups = &account.elasticache.as_ref().unwrap().replication_groups;
    let ids: Vec<&str> = groups.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(ids, ["sessions-prod", "cart-prod"]);
    assert_eq!(tags.num_calls(), 2);
    let sessions = &groups[0];
    assert_eq!(
        (
            sessions.automatic_failover.as_str(),
            sessions.multi_az.as_str(),
            sessions.snapshot_retention_limit,
            sessions.tags.get("Team").map(String::as_str),
        ),
        ("enabled", "enabled", 7, Some("storefront"))
    );
    let zones: Vec<Option<&str>> = sessions.node_groups[0]
        .members
        .iter()
        .map(|m| m.availability_zone.as_deref())
        .collect();
    assert_eq!(zones, [Some("us-east-1a"), Some("us-east-1b")]);
    let findings = judge(&account, "elasticache-redis-multi-az");
    expect(
        &findings,
        &elasticache_rules::group_arn("sessions-prod"),
        Status::Pass,
        "automatic failover and Multi-AZ on",
    );
    expect(
        &findings,
        &elasticache_rules::group_arn("cart-prod"),
        Status::Fail,
        "AutomaticFailover is disabled",
    );
}

#[tokio::test]
async fn elasticache_failures_are_errors_naming_the_call() {
    use aws_sdk_elasticache::Client as ElastiCache;
    // AccessDenied on the listing blinds ElastiCache in the region.
    let denied = mock!(ElastiCache::describe_replication_groups)
        .then_http_response(|| elasticache_error(403, "AccessDenied"));
    let s = session(&[&denied]);
    let account = collect_for_check(&s, "elasticache", "elasticache-redis-multi-az").await;
    assert_eq!(denied.num_calls(), 1, "AccessDenied is not retried");
    let findings = judge(&account, "elasticache-redis-multi-az");
    expect(
        &findings,
        &format!("arn:aws:elasticache:us-east-1:{ACCOUNT}"),
        Status::Error,
        "elasticache could not be read in us-east-1: DescribeReplicationGroups failed: AccessDenied",
    );

    // Throttled tags: whether the groups are production is unknown.
    let [first, second] = elasticache_rules::two_pages();
    let throttled = mock!(ElastiCache::list_tags_for_resource)
        .then_http_response(|| elasticache_error(400, "Throttling"));
    let s = session(&[&first, &second, &throttled]);
    let account = collect(&s, &["elasticache"]).await;
    assert_eq!(
        throttled.num_calls(),
        2 * ATTEMPTS as usize,
        "throttling is retried"
    );
    let e = &account.collection_errors[0];
    assert_eq!(
        (e.part.as_deref(), e.error.operation.as_str()),
        (Some("replication_groups.tags"), "ListTagsForResource")
    );
    let findings = judge(&account, "elasticache-redis-multi-az");
    expect(
        &findings,
        &elasticache_rules::group_arn("cart-prod"),
        Status::Error,
        "its tags could not be read, so whether it is in scope (production, exempt) is unknown: throttled: ListTagsForResource (Throttling)",
    );
    assert_eq!(findings.len(), 2, "no region ERROR: {findings:#?}");

    // A 5xx on the tags is unread too; a group deleted since the listing
    // is not.
    let [first, second] = elasticache_rules::two_pages();
    let gone = mock!(ElastiCache::list_tags_for_resource)
        .match_requests(|r| r.resource_name().is_some_and(|a| a.ends_with(":cart-prod")))
        .then_http_response(|| elasticache_error(404, "ReplicationGroupNotFoundFault"));
    let internal = mock!(ElastiCache::list_tags_for_resource)
        .then_http_response(|| elasticache_error(500, "InternalFailure"));
    let s = session(&[&first, &second, &gone, &internal]);
    let account = collect(&s, &["elasticache"]).await;
    assert_eq!(account.collection_errors.len(), 1);
    assert_eq!(
        account.collection_errors[0].error.code.as_str(),
        "InternalFailure"
    );
}

/// API Gateway's stage settings and the account's CloudWatch role, judged
/// by `apigateway-observability`.
mod apigateway {
    use super::*;
    use aws_sdk_apigateway::operation::get_account::GetAccountOutput;
    use aws_sdk_apigateway::operation::get_rest_apis::GetRestApisOutput;
    use aws_sdk_apigateway::operation::get_stages::GetStagesOutput;
    use aws_sdk_apigateway::types::{AccessLogSettings, MethodSetting, RestApi, Stage};
    use aws_sdk_apigateway::Client as V1;
    use aws_sdk_apigatewayv2::Client as V2;
    use serde_json::json;

    const CHECK: &str = "apigateway-observability";
    const ROLE: &str = "arn:aws:iam::111122223333:role/apigw-logs";
    const STAGE: &str = "arn:aws:apigateway:us-east-1::/restapis/r1/stages/prod";

    fn rest_api() -> Rule {
        mock!(V1::get_rest_apis).then_output(|| {
            GetRestApisOutput::builder()
                .items(RestApi::builder().id("r1").name("orders").build())
                .build()
        })
    }

    fn one_http_api() -> Rule {
        mock!(V2::get_apis).then_output(|| {
            aws_sdk_apigatewayv2::operation::get_apis::GetApisOutput::builder()
                .items(
                    aws_sdk_apigatewayv2::types::Api::builder()
                        .api_id("h1")
                        .name("hooks")
                        .protocol_type(aws_sdk_apigatewayv2::types::ProtocolType::Http)
                        .build(),
                )
                .build()
        })
    }

    /// A stage logging at ERROR, traced, with throttling unset (`-1`).
    fn stages() -> Rule {
        mock!(V1::get_stages).then_output(|| {
            let defaults = MethodSetting::builder()
                .logging_level("ERROR")
                .metrics_enabled(true)
                .throttling_burst_limit(-1)
                .throttling_rate_limit(-1.0)
                .build();
            GetStagesOutput::builder()
                .item(
                    Stage::builder()
                        .stage_name("prod")
                        .tracing_enabled(true)
                        .access_log_settings(
                            AccessLogSettings::builder()
                                .destination_arn("arn:aws:firehose:us-east-1:111122223333:deliverystream/amazon-apigateway-orders")
                                .build(),
                        )
                        .method_settings("*/*", defaults)
                        .tags("Environment", "prod")
                        .build(),
                )
                .build()
        })
    }

    fn account_role() -> Rule {
        mock!(V1::get_account).then_output(|| {
            GetAccountOutput::builder()
                .cloudwatch_role_arn(ROLE)
                .build()
        })
    }

    fn http_stages() -> Rule {
        mock!(V2::get_stages).then_output(|| {
            aws_sdk_apigatewayv2::operation::get_stages::GetStagesOutput::builder()
                .items(
                    aws_sdk_apigatewayv2::types::Stage::builder()
                        .stage_name("$default")
                        .build(),
                )
                .build()
        })
    }

    /// `account` with the account's CloudWatch role in IAM.
    fn with_role(account: Account) -> Account {
        with_sections(
            account,
            json!({"iam": {"roles": [{"arn": ROLE, "region": "global", "account_id": ACCOUNT, "name": "apigw-logs",
                "trust_policy": {"Statement": [{"Effect": "Allow", "Principal": {"Service": "apigateway.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}]}}),
        )
    }

    #[tokio::test]
    async fn stage_settings_and_the_account_role_are_read() {
        let s = session(&[
            &rest_api(),
            &one_http_api(),
            &stages(),
            &account_role(),
            &http_stages(),
        ]);
        let account = with_role(collect_for_check(&s, "apigateway", CHECK).await);
        let gw = account.apigateway.as_ref().unwrap();
        let stage = &gw.rest_apis[0].stages.value().unwrap()[0];
        let defaults = &stage.method_settings["*/*"];
        assert_eq!(
            (
                defaults.logging_level.as_deref(),
                defaults.throttling_burst_limit,
                defaults.throttling_rate_limit
            ),
            (Some("ERROR"), None, None),
            "-1 reads as not set"
        );
        assert_eq!(stage.tags["Environment"], "prod");
        assert_eq!(
            gw.account_settings[0].cloudwatch_role_arn.as_deref(),
            Some(ROLE)
        );
        let findings = judge(&account, CHECK);
        expect(&findings, STAGE, Status::Pass, "execution logging ERROR");
        expect(
            &findings,
            "arn:aws:apigateway:us-east-1::/apis/h1/stages/$default",
            Status::Fail,
            "stage $default of HTTP API hooks has no access logging",
        );
    }

    #[tokio::test]
    async fn get_account_and_http_stage_faults_are_errors_naming_the_call() {
        for (code, body, needle) in faults("GetAccount") {
            let failing = mock!(V1::get_account).then_http_response(move || http(code, body));
            let s = session(&[
                &rest_api(),
                &one_http_api(),
                &stages(),
                &failing,
                &http_stages(),
            ]);
            let account = with_role(collect_for_check(&s, "apigateway", CHECK).await);
            assert_eq!(
                account.collection_errors[0].part.as_deref(),
                Some("account_settings"),
                "{:?}",
                account.collection_errors
            );
            expect(&judge(&account, CHECK), STAGE, Status::Error, &needle);
        }
        for (code, body, needle) in faults("GetStages") {
            let failing = mock!(V2::get_stages).then_http_response(move || http(code, body));
            let s = session(&[
                &rest_api(),
                &one_http_api(),
                &stages(),
                &account_role(),
                &failing,
            ]);
            let account = with_role(collect_for_check(&s, "apigateway", CHECK).await);
            expect(
                &judge(&account, CHECK),
                "arn:aws:apigateway:us-east-1::/apis/h1",
                Status::Error,
                &needle,
            );
        }
    }

    /// A usage plan with a throttle covering stage prod, and no plan's page 2.
    fn plans() -> [Rule; 2] {
        use aws_sdk_apigateway::operation::get_usage_plans::GetUsagePlansOutput;
        use aws_sdk_apigateway::types::{ApiStage, ThrottleSettings, UsagePlan};
        [
            mock!(V1::get_usage_plans)
                .match_requests(|r| r.position().is_none())
                .then_output(|| {
                    GetUsagePlansOutput::builder()
                        .items(
                            UsagePlan::builder()
                                .id("u1")
                                .name("partners")
                                .api_stages(ApiStage::builder().api_id("r1").stage("prod").build())
                                .throttle(
                                    ThrottleSettings::builder()
                                        .burst_limit(0)
                                        .rate_limit(-1.0)
                                        .build(),
                                )
                                .build(),
                        )
                        .position("p2")
                        .build()
                }),
            mock!(V1::get_usage_plans)
                .match_requests(|r| r.position() == Some("p2"))
                .then_output(|| {
                    GetUsagePlansOutput::builder()
                        .items(
                            UsagePlan::builder()
                                .id("u2")
                                .name("gold")
                                .api_stages(ApiStage::builder().api_id("r1").stage("prod").build())
                                .throttle(
                                    ThrottleSettings::builder()
                                        .burst_limit(20)
                                        .rate_limit(10.0)
                                        .build(),
                                )
                                .build(),
                        )
                        .build()
                }),
        ]
    }

    fn no_v2() -> Rule {
        mock!(V2::get_apis).then_output(|| {
            aws_sdk_apigatewayv2::operation::get_apis::GetApisOutput::builder().build()
        })
    }

    /// `POST /orders` declaring a body model, validated by `v1`.
    fn validated_method() -> Rule {
        use aws_sdk_apigateway::operation::get_resources::GetResourcesOutput;
        mock!(V1::get_resources).then_output(|| {
            let method = aws_sdk_apigateway::types::Method::builder()
                .http_method("POST")
                .authorization_type("AWS_IAM")
                .request_validator_id("v1")
                .request_models("application/json", "NewOrder")
                .request_parameters("method.request.header.Idempotency-Key", true)
                .build();
            GetResourcesOutput::builder()
                .items(
                    aws_sdk_apigateway::types::Resource::builder()
                        .path("/orders")
                        .resource_methods("POST", method)
                        .build(),
                )
                .build()
        })
    }

    fn validators() -> Rule {
        use aws_sdk_apigateway::operation::get_request_validators::GetRequestValidatorsOutput;
        use aws_sdk_apigateway::types::RequestValidator;
        mock!(V1::get_request_validators).then_output(|| {
            GetRequestValidatorsOutput::builder()
                .items(
                    RequestValidator::builder()
                        .id("v1")
                        .name("all")
                        .validate_request_body(true)
                        .validate_request_parameters(true)
                        .build(),
                )
                .build()
        })
    }

    #[tokio::test]
    async fn usage_plans_and_request_validators_are_read_and_faults_are_errors() {
        const PROTECTION: &str = "apigateway-request-protection";
        let api = "arn:aws:apigateway:us-east-1::/restapis/r1";
        // The stage has no throttle of its own (-1): the usage plans decide.
        let unthrottled = mock!(V1::get_stages).then_output(|| {
            GetStagesOutput::builder()
                .item(
                    Stage::builder()
                        .stage_name("prod")
                        .method_settings(
                            "*/*",
                            MethodSetting::builder()
                                .throttling_burst_limit(-1)
                                .throttling_rate_limit(-1.0)
                                .build(),
                        )
                        .build(),
                )
                .build()
        });
        let [page1, page2] = plans();
        let s = session(&[
            &rest_api(),
            &no_v2(),
            &unthrottled,
            &page1,
            &page2,
            &validated_method(),
            &validators(),
        ]);
        let account = collect_for_check(&s, "apigateway", PROTECTION).await;
        let gw = account.apigateway.as_ref().unwrap();
        assert_eq!(
            gw.usage_plans
                .iter()
                .map(|p| (p.name.as_str(), p.throttle.is_some()))
                .collect::<Vec<_>>(),
            [("partners", false), ("gold", true)],
            "both pages; a 0/-1 throttle is no throttle"
        );
        let method = &gw.rest_apis[0].resources.value().unwrap()[0].methods[0];
        assert_eq!(
            (
                method.request_validator_id.as_deref(),
                method.request_models.len(),
                method
                    .request_parameters
                    .get("method.request.header.Idempotency-Key")
            ),
            (Some("v1"), 1, Some(&true))
        );
        let findings = judge(&account, PROTECTION);
        expect(&findings, STAGE, Status::Pass, "usage plan gold");
        expect(&findings, api, Status::Pass, "all 1 methods");

        for (code, body, needle) in faults("GetUsagePlans") {
            let failing = mock!(V1::get_usage_plans).then_http_response(move || http(code, body));
            let s = session(&[
                &rest_api(),
                &no_v2(),
                &unthrottled,
                &failing,
                &validated_method(),
                &validators(),
            ]);
            let account = collect_for_check(&s, "apigateway", PROTECTION).await;
            expect(&judge(&account, PROTECTION), STAGE, Status::Error, &needle);
        }
        for (code, body, needle) in faults("GetRequestValidators") {
            let failing =
                mock!(V1::get_request_validators).then_http_response(move || http(code, body));
            let [page1, page2] = plans();
            let s = session(&[
                &rest_api(),
                &no_v2(),
                &unthrottled,
                &page1,
                &page2,
                &validated_method(),
                &failing,
            ]);
            let account = collect_for_check(&s, "apigateway", PROTECTION).await;
            expect(&judge(&account, PROTECTION), api, Status::Error, &needle);
        }
    }
}
