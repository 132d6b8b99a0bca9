//! The wave-5 data-store collectors with mocked SDK responses: the pages,
//! batches and per-resource parts moto cannot produce, and throttling that
//! survives the retries, AccessDenied and 5xx as an ERROR naming the
//! operation, never an empty PASS.

use super::*;

mod dms {
    use super::*;
    use aws_sdk_databasemigration::operation::*;
    use aws_sdk_databasemigration::types::{
        ComputeConfig, MigrationTypeValue, ReplicationConfig, ReplicationInstance, ReplicationTask,
        Tag,
    };
    use aws_sdk_databasemigration::Client;

    const DENIED: &str = r#"{"__type":"AccessDeniedFault","message":"not authorized to perform dms:DescribeReplicationInstances"}"#;
    const THROTTLED: &str = r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#;
    const INTERNAL: &str = r#"{"__type":"InternalFailure","message":"internal error"}"#;

    pub fn arn(kind: &str, id: &str) -> String {
        format!(
            "arn:aws:dms:us-east-1:{ACCOUNT}:{kind}:{}",
            id.to_uppercase()
        )
    }

    fn instance(id: &str, multi_az: bool) -> ReplicationInstance {
        ReplicationInstance::builder()
            .replication_instance_identifier(id)
            .replication_instance_arn(arn("rep", id))
            .replication_instance_status("available")
            .multi_az(multi_az)
            .availability_zone("us-east-1a")
            .set_secondary_availability_zone(multi_az.then(|| "us-east-1b".to_string()))
            .build()
    }

    /// `orders-prod` (Single-AZ) on the first page of
    /// `DescribeReplicationInstances`, `ledger-prod` (Multi-AZ) on the
    /// second (paged by `Marker`).
    pub fn instance_pages() -> [Rule; 2] {
        [
            mock!(Client::describe_replication_instances)
                .match_requests(|r| r.marker().is_none())
                .then_output(|| {
                    describe_replication_instances::DescribeReplicationInstancesOutput::builder()
                        .replication_instances(instance("orders-prod", false))
                        .marker("page-2")
                        .build()
                }),
            mock!(Client::describe_replication_instances)
                .match_requests(|r| r.marker() == Some("page-2"))
                .then_output(|| {
                    describe_replication_instances::DescribeReplicationInstancesOutput::builder()
                        .replication_instances(instance("ledger-prod", true))
                        .build()
                }),
        ]
    }

    /// A CDC task on `orders-prod`, asked without its settings.
    pub fn tasks() -> Rule {
        mock!(Client::describe_replication_tasks)
            .match_requests(|r| r.without_settings() == Some(true))
            .then_output(|| {
                describe_replication_tasks::DescribeReplicationTasksOutput::builder()
                    .replication_tasks(
                        ReplicationTask::builder()
                            .replication_task_identifier("orders-stream")
                            .replication_task_arn(arn("task", "orders-stream"))
                            .replication_instance_arn(arn("rep", "orders-prod"))
                            .migration_type(MigrationTypeValue::Cdc)
                            .status("running")
                            .build(),
                    )
                    .build()
            })
    }

    /// A serverless full-load configuration, Multi-AZ not set.
    fn configs() -> Rule {
        mock!(Client::describe_replication_configs).then_output(|| {
            describe_replication_configs::DescribeReplicationConfigsOutput::builder()
                .replication_configs(
                    ReplicationConfig::builder()
                        .replication_config_identifier("archive-prod")
                        .replication_config_arn(arn("replication-config", "archive-prod"))
                        .replication_type(MigrationTypeValue::FullLoad)
                        .compute_config(ComputeConfig::builder().max_capacity_units(16).build())
                        .build(),
                )
                .build()
        })
    }

    /// The tags of every resource asked, in one batch.
    fn tags() -> Rule {
        mock!(Client::list_tags_for_resource)
            .match_requests(|r| r.resource_arn_list().len() == 3 && r.resource_arn().is_none())
            .then_output(|| {
                let tag = |id: &str, kind: &str| {
                    Tag::builder()
                        .key("Environment")
                        .value("prod")
                        .resource_arn(arn(kind, id))
                        .build()
                };
                list_tags_for_resource::ListTagsForResourceOutput::builder()
                    .tag_list(tag("orders-prod", "rep"))
                    .tag_list(tag("ledger-prod", "rep"))
                    .tag_list(tag("archive-prod", "replication-config"))
                    .build()
            })
    }

    #[tokio::test]
    async fn instances_are_paged_and_tasks_configs_and_tags_read() {
        let (pages, tasks, configs, tags) = (instance_pages(), tasks(), configs(), tags());
        let s = session(&[&pages[0], &pages[1], &tasks, &configs, &tags]);
        let account = collect(&s, &["dms"]).await;
        assert_eq!(s.stats.errors(), 0);
        let dms = account.dms.as_ref().unwrap();
        let ids: Vec<&str> = dms
            .replication_instances
            .iter()
            .map(|i| i.id.as_str())
            .collect();
        assert_eq!(ids, ["orders-prod", "ledger-prod"]);
        assert_eq!(
            dms.replication_instances[1]
                .secondary_availability_zone
                .as_deref(),
            Some("us-east-1b")
        );
        assert_eq!(dms.tasks[0].migration_type, "cdc");
        assert_eq!(dms.replication_configs[0].multi_az, None);
        assert_eq!(
            dms.replication_configs[0]
                .tags
                .get("Environment")
                .map(String::as_str),
            Some("prod")
        );
        let findings = judge(&account, "dms-multi-az");
        expect(
            &findings,
            &arn("rep", "orders-prod"),
            Status::Fail,
            "runs CDC task orders-stream",
        );
        expect(
            &findings,
            &arn("rep", "ledger-prod"),
            Status::Pass,
            "standby in us-east-1b",
        );
        expect(
            &findings,
            &arn("replication-config", "archive-prod"),
            Status::Fail,
            "advisory: serverless full-load replication is not Multi-AZ",
        );
        assert_eq!(findings.len(), 3, "{findings:#?}");
    }

    #[tokio::test]
    async fn a_denied_instance_listing_blinds_the_region() {
        let denied =
            mock!(Client::describe_replication_instances).then_http_response(|| http(400, DENIED));
        let s = session(&[&denied]);
        let account = collect_for_check(&s, "dms", "dms-multi-az").await;
        assert_eq!(denied.num_calls(), 1, "AccessDenied is not retried");
        let findings = judge(&account, "dms-multi-az");
        expect(
            &findings,
            &format!("arn:aws:dms:us-east-1:{ACCOUNT}"),
            Status::Error,
            "dms could not be read in us-east-1: DescribeReplicationInstances failed: AccessDeniedFault",
        );
        assert_eq!(findings.len(), 1, "{findings:#?}");
    }

    #[tokio::test]
    async fn throttled_tags_and_failing_tasks_are_errors_naming_the_call() {
        let pages = instance_pages();
        let internal =
            mock!(Client::describe_replication_tasks).then_http_response(|| http(500, INTERNAL));
        let configs = mock!(Client::describe_replication_configs).then_output(|| {
            describe_replication_configs::DescribeReplicationConfigsOutput::builder().build()
        });
        let throttled =
            mock!(Client::list_tags_for_resource).then_http_response(|| http(400, THROTTLED));
        let s = session(&[&pages[0], &pages[1], &internal, &configs, &throttled]);
        let account = collect_for_check(&s, "dms", "dms-multi-az").await;
        assert_eq!(
            throttled.num_calls(),
            ATTEMPTS as usize,
            "throttling is retried"
        );
        let findings = judge(&account, "dms-multi-az");
        // The Multi-AZ instance would pass: its unread tags make it ERROR.
        // The Single-AZ one is ERROR already, for its unread tasks.
        expect(
            &findings,
            &arn("rep", "ledger-prod"),
            Status::Error,
            "its tags could not be read, so whether it is in scope (production, exempt) is unknown: throttled: ListTagsForResource (ThrottlingException)",
        );
        expect(
            &findings,
            &arn("rep", "orders-prod"),
            Status::Error,
            "the replication tasks could not be read: DescribeReplicationTasks failed: InternalFailure",
        );
        assert_eq!(findings.len(), 2, "{findings:#?}");
        // With the tags read, the tasks' 5xx leaves the Single-AZ instance
        // unknown and the Multi-AZ one passing.
        let tags = mock!(Client::list_tags_for_resource).then_output(|| {
            list_tags_for_resource::ListTagsForResourceOutput::builder()
                .tag_list(
                    Tag::builder()
                        .key("Environment")
                        .value("prod")
                        .resource_arn(arn("rep", "orders-prod"))
                        .build(),
                )
                .tag_list(
                    Tag::builder()
                        .key("Environment")
                        .value("prod")
                        .resource_arn(arn("rep", "ledger-prod"))
                        .build(),
                )
                .build()
        });
        let pages = instance_pages();
        let s = session(&[&pages[0], &pages[1], &internal, &configs, &tags]);
        let account = collect_for_check(&s, "dms", "dms-multi-az").await;
        let findings = judge(&account, "dms-multi-az");
        expect(
            &findings,
            &arn("rep", "orders-prod"),
            Status::Error,
            "the replication tasks could not be read: DescribeReplicationTasks failed: InternalFailure",
        );
        expect(
            &findings,
            &arn("rep", "ledger-prod"),
            Status::Pass,
            "Multi-AZ",
        );
    }
}

mod opensearch {
    use super::*;
    use aws_sdk_opensearch::operation::*;
    use aws_sdk_opensearch::types::{
        ClusterConfig, DomainInfo, DomainStatus, Tag, ZoneAwarenessConfig,
    };
    use aws_sdk_opensearch::Client;

    const DENIED: &str = r#"{"__type":"AccessDeniedException","message":"not authorized to perform es:ListDomainNames"}"#;
    const THROTTLED: &str = r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#;

    pub fn arn(name: &str) -> String {
        format!("arn:aws:es:us-east-1:{ACCOUNT}:domain/{name}")
    }

    /// The six names `ListDomainNames` answers: `d1` … `d6`.
    fn names() -> Rule {
        mock!(Client::list_domain_names).then_output(|| {
            let mut out = list_domain_names::ListDomainNamesOutput::builder();
            for i in 1..=6 {
                out = out.domain_names(DomainInfo::builder().domain_name(format!("d{i}")).build());
            }
            out.build()
        })
    }

    fn status(name: &str, zone_aware: bool) -> DomainStatus {
        DomainStatus::builder()
            .domain_id(format!("{ACCOUNT}/{name}"))
            .domain_name(name)
            .arn(arn(name))
            .engine_version("OpenSearch_2.13")
            .cluster_config(
                ClusterConfig::builder()
                    .instance_count(if zone_aware { 3 } else { 1 })
                    .zone_awareness_enabled(zone_aware)
                    .set_zone_awareness_config(zone_aware.then(|| {
                        ZoneAwarenessConfig::builder()
                            .availability_zone_count(3)
                            .build()
                    }))
                    .dedicated_master_enabled(zone_aware)
                    .build(),
            )
            .build()
            .unwrap()
    }

    /// `DescribeDomains` answers the names it is asked (at most five):
    /// `d1` zone-aware, the others not.
    fn described() -> [Rule; 2] {
        let answer = |names: &[&str]| {
            let mut out = describe_domains::DescribeDomainsOutput::builder();
            for n in names {
                out = out.domain_status_list(status(n, *n == "d1"));
            }
            out.build().unwrap()
        };
        [
            mock!(Client::describe_domains)
                .match_requests(|r| r.domain_names() == ["d1", "d2", "d3", "d4", "d5"])
                .then_output(move || answer(&["d1", "d2", "d3", "d4", "d5"])),
            mock!(Client::describe_domains)
                .match_requests(|r| r.domain_names() == ["d6"])
                .then_output(move || answer(&["d6"])),
        ]
    }

    fn prod_tags() -> Rule {
        mock!(Client::list_tags).then_output(|| {
            list_tags::ListTagsOutput::builder()
                .tag_list(
                    Tag::builder()
                        .key("Environment")
                        .value("prod")
                        .build()
                        .unwrap(),
                )
                .build()
        })
    }

    #[tokio::test]
    async fn domains_are_described_five_at_a_time_and_tagged() {
        let (names, [first, second], tags) = (names(), described(), prod_tags());
        let s = session(&[&names, &first, &second, &tags]);
        let account = collect(&s, &["opensearch"]).await;
        assert_eq!(s.stats.errors(), 0);
        assert_eq!((first.num_calls(), second.num_calls()), (1, 1));
        let domains = &account.opensearch.as_ref().unwrap().domains;
        assert_eq!(domains.len(), 6);
        let d1 = &domains[0];
        assert_eq!(
            (
                d1.cluster.instance_count,
                d1.cluster.zone_awareness_enabled,
                d1.cluster.availability_zone_count,
                d1.cluster.dedicated_master_enabled
            ),
            (3, true, Some(3), true)
        );
        assert_eq!(d1.tags.get("Environment").map(String::as_str), Some("prod"));
        let findings = judge(&account, "opensearch-zone-awareness");
        expect(&findings, &arn("d1"), Status::Pass, "zone-aware over 3 AZs");
        expect(&findings, &arn("d6"), Status::Fail, "zone awareness is off");
        assert_eq!(findings.len(), 6, "{findings:#?}");
    }

    #[tokio::test]
    async fn a_denied_domain_listing_blinds_the_region() {
        let denied = mock!(Client::list_domain_names).then_http_response(|| http(403, DENIED));
        let s = session(&[&denied]);
        let account = collect_for_check(&s, "opensearch", "opensearch-zone-awareness").await;
        let findings = judge(&account, "opensearch-zone-awareness");
        expect(
            &findings,
            &format!("arn:aws:opensearch:us-east-1:{ACCOUNT}"),
            Status::Error,
            "opensearch could not be read in us-east-1: ListDomainNames failed: AccessDeniedException",
        );
        assert_eq!(findings.len(), 1, "{findings:#?}");
    }

    #[tokio::test]
    async fn throttled_tags_and_a_failing_describe_are_errors_naming_the_call() {
        let (names, [first, _]) = (names(), described());
        let failing = mock!(Client::describe_domains)
            .then_http_response(|| http(500, r#"{"message":"internal error"}"#));
        let throttled = mock!(Client::list_tags).then_http_response(|| http(429, THROTTLED));
        let s = session(&[&names, &first, &failing, &throttled]);
        let account = collect_for_check(&s, "opensearch", "opensearch-zone-awareness").await;
        let findings = judge(&account, "opensearch-zone-awareness");
        expect(
            &findings,
            &format!("arn:aws:opensearch:us-east-1:{ACCOUNT}"),
            Status::Error,
            "DescribeDomains failed",
        );
        let s = session(&[&names, &first, &described()[1], &throttled]);
        let account = collect_for_check(&s, "opensearch", "opensearch-zone-awareness").await;
        assert!(
            throttled.num_calls() >= ATTEMPTS as usize,
            "throttling is retried"
        );
        let findings = judge(&account, "opensearch-zone-awareness");
        expect(
            &findings,
            &arn("d1"),
            Status::Error,
            "its tags could not be read, so whether it is in scope (production, exempt) is unknown: throttled: ListTags (ThrottlingException)",
        );
        assert_eq!(findings.len(), 6, "{findings:#?}");
    }
}
