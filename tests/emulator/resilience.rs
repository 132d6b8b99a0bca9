//! Resilience checks of the wave-3 collectors judged live: Kinesis stream
//! encryption and consumer-lag alarms, EFS zones and replication,
//! ElastiCache failover.

use crate::common::{assert_finding, assert_only_moto_gaps, statuses, want, Lab};
#[allow(unused_imports)]
use crate::sdk::*;

/// `kinesis-stream-encryption` and `kinesis-iterator-age-alarm` over twelve
/// streams (ListStreams answers ten a page: the listing is paged): a stream
/// on a customer managed key and one on the AWS managed key pass, the
/// unencrypted ones fail. The production stream with an enhanced fan-out
/// consumer is ERROR for the alarm check (moto 5.2.5 cannot answer
/// `DescribeAlarms`, so whether an alarm watches it is unknown); the one
/// without a consumer, and those that are not production, skip.
#[tokio::test(flavor = "multi_thread")]
async fn kinesis_encryption_and_consumers_live() {
    use aws_sdk_kinesis::types::{EncryptionType, StreamMode, StreamModeDetails};
    let Some(lab) = Lab::new("kinesis-streams").await else {
        return;
    };
    let kinesis = aws_sdk_kinesis::Client::new(&lab.sdk);
    let key = lab
        .kms("us-east-1")
        .create_key()
        .send()
        .await
        .unwrap()
        .key_metadata()
        .unwrap()
        .arn()
        .unwrap()
        .to_string();
    let names: Vec<String> = (1..=9)
        .map(|i| format!("plain-{i:02}"))
        .chain(["orders-prod", "clicks-prod", "audit"].map(String::from))
        .collect();
    for name in &names {
        kinesis
            .create_stream()
            .stream_name(name)
            .stream_mode_details(
                StreamModeDetails::builder()
                    .stream_mode(StreamMode::OnDemand)
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .unwrap();
    }
    let arn = |n: &str| format!("arn:aws:kinesis:us-east-1:{}:stream/{n}", lab.account);
    for (name, key_id) in [
        ("orders-prod", key.as_str()),
        ("audit", "alias/aws/kinesis"),
    ] {
        kinesis
            .start_stream_encryption()
            .stream_name(name)
            .encryption_type(EncryptionType::Kms)
            .key_id(key_id)
            .send()
            .await
            .unwrap();
    }
    kinesis
        .register_stream_consumer()
        .stream_arn(arn("orders-prod"))
        .consumer_name("analytics")
        .send()
        .await
        .unwrap();
    kinesis
        .add_tags_to_stream()
        .stream_name("clicks-prod")
        .tags("Environment", "dev")
        .send()
        .await
        .unwrap();

    let checks = "kinesis-stream-encryption,kinesis-iterator-age-alarm";
    let (doc, account) = lab.scan_and_snapshot(checks, &["us-east-1"], &[]);
    let mut expected: Vec<(String, &str)> = names
        .iter()
        .filter(|n| n.starts_with("plain-"))
        .map(|n| (arn(n), "fail"))
        .collect();
    expected.extend([
        (arn("orders-prod"), "pass"),
        (arn("clicks-prod"), "fail"),
        (arn("audit"), "pass"),
    ]);
    assert_eq!(
        statuses(&doc, "kinesis-stream-encryption"),
        want(&expected),
        "{doc:#}"
    );
    assert_finding(
        &doc,
        "kinesis-stream-encryption",
        &arn("orders-prod"),
        "pass",
        &format!("encrypted at rest with KMS key {key}"),
    );
    assert_finding(
        &doc,
        "kinesis-stream-encryption",
        &arn("audit"),
        "pass",
        "the AWS managed key alias/aws/kinesis",
    );
    assert_finding(
        &doc,
        "kinesis-stream-encryption",
        &arn("plain-01"),
        "fail",
        "EncryptionType NONE",
    );
    let cloudwatch = format!("arn:aws:cloudwatch:us-east-1:{}", lab.account);
    let mut lag: Vec<(String, &str)> = names
        .iter()
        .filter(|n| *n != "orders-prod")
        .map(|n| (arn(n), "skip"))
        .collect();
    lag.extend([(arn("orders-prod"), "error"), (cloudwatch, "error")]);
    assert_eq!(
        statuses(&doc, "kinesis-iterator-age-alarm"),
        want(&lag),
        "{doc:#}"
    );
    assert_finding(
        &doc,
        "kinesis-iterator-age-alarm",
        &arn("orders-prod"),
        "error",
        "CloudWatch could not be listed in us-east-1",
    );
    assert_finding(
        &doc,
        "kinesis-iterator-age-alarm",
        &arn("clicks-prod"),
        "skip",
        "not production",
    );
    assert_finding(
        &doc,
        "kinesis-iterator-age-alarm",
        &arn("audit"),
        "skip",
        "not production",
    );
    let streams = account["kinesis"]["streams"].as_array().unwrap();
    assert_eq!(streams.len(), 12, "every page of ListStreams: {streams:#?}");
    let orders = streams.iter().find(|s| s["name"] == "orders-prod").unwrap();
    assert_eq!(
        orders["consumers"],
        serde_json::json!({"value": ["analytics"]})
    );
    let clicks = streams.iter().find(|s| s["name"] == "clicks-prod").unwrap();
    assert_eq!(clicks["tags"], serde_json::json!({"Environment": "dev"}));
    assert_only_moto_gaps(&account);
}

/// `efs-resilience` on five production file systems and one that is not:
/// Regional with a mount target in both AZs of its VPC passes, One Zone
/// fails, a single mount target is an advisory. moto 5.2.5 has no
/// `DescribeReplicationConfigurations`: the replications are unread, so the
/// `dr-tier=multi-region` file system is ERROR (never a FAIL), and the
/// others, which do not depend on replication, are judged.
#[tokio::test(flavor = "multi_thread")]
async fn efs_zones_and_replication_live() {
    use aws_sdk_efs::types::Tag;
    let Some(lab) = Lab::new("efs-resilience").await else {
        return;
    };
    let (_, subnets) =
        crate::traffic::vpc_with_subnets(&lab, "10.40.0.0/16", &["us-east-1a", "us-east-1b"]).await;
    let efs = aws_sdk_efs::Client::new(&lab.sdk);
    let mut ids = std::collections::BTreeMap::new();
    for (name, env, zone, targets, dr) in [
        ("regional", "prod", None, 2, false),
        ("onezone", "prod", Some("us-east-1a"), 1, false),
        ("single", "prod", None, 1, false),
        ("scratch", "dev", None, 1, false),
        ("replicated", "prod", None, 2, true),
    ] {
        let mut request = efs
            .create_file_system()
            .creation_token(name)
            .set_availability_zone_name(zone.map(String::from))
            .tags(Tag::builder().key("Name").value(name).build().unwrap())
            .tags(
                Tag::builder()
                    .key("Environment")
                    .value(env)
                    .build()
                    .unwrap(),
            );
        if dr {
            request = request.tags(
                Tag::builder()
                    .key("dr-tier")
                    .value("multi-region")
                    .build()
                    .unwrap(),
            );
        }
        let id = request.send().await.unwrap().file_system_id().to_string();
        for subnet in subnets.iter().take(targets) {
            efs.create_mount_target()
                .file_system_id(&id)
                .subnet_id(subnet)
                .send()
                .await
                .unwrap();
        }
        ids.insert(name, id);
    }
    let check = "efs-resilience";
    let (doc, account) = lab.scan_and_snapshot(check, &["us-east-1"], &[]);
    let arn = |n: &str| {
        format!(
            "arn:aws:elasticfilesystem:us-east-1:{}:file-system/{}",
            lab.account, ids[n]
        )
    };
    assert_eq!(
        statuses(&doc, check),
        want(&[
            (arn("regional"), "pass"),
            (arn("onezone"), "fail"),
            (arn("single"), "fail"),
            (arn("scratch"), "skip"),
            (arn("replicated"), "error"),
        ]),
        "{doc:#}"
    );
    assert_finding(
        &doc,
        check,
        &arn("onezone"),
        "fail",
        "One Zone file system in us-east-1a",
    );
    assert_finding(
        &doc,
        check,
        &arn("single"),
        "fail",
        "advisory: mount targets in 1 AZ only (us-east-1a)",
    );
    assert_finding(
        &doc,
        check,
        &arn("replicated"),
        "error",
        "its replication could not be read: DescribeReplicationConfigurations failed",
    );
    let file_systems = account["efs"]["file_systems"].as_array().unwrap();
    let regional = file_systems
        .iter()
        .find(|f| f["id"] == ids["regional"].as_str())
        .unwrap();
    assert_eq!(regional["name"], "regional");
    assert_eq!(
        regional["mount_targets"]["value"].as_array().unwrap().len(),
        2
    );
    assert_only_moto_gaps(&account);
}

/// `elasticache-redis-multi-az` on three production replication groups and
/// one that is not: automatic failover and Multi-AZ with a replica in
/// another AZ passes, a lone primary without failover fails, a replica in
/// the primary's AZ is an advisory. moto 5.2.5 builds the members of a
/// cluster-mode-disabled group from `ReplicasPerNodeGroup` (it ignores
/// `NumCacheClusters`).
#[tokio::test(flavor = "multi_thread")]
async fn elasticache_failover_and_zones_live() {
    use aws_sdk_elasticache::types::Tag;
    let Some(lab) = Lab::new("elasticache-redis-multi-az").await else {
        return;
    };
    let elasticache = aws_sdk_elasticache::Client::new(&lab.sdk);
    for (id, env, failover, zones) in [
        ("sessions", "prod", true, &["us-east-1a", "us-east-1b"][..]),
        ("cart", "prod", false, &["us-east-1a"][..]),
        (
            "leaderboard",
            "prod",
            true,
            &["us-east-1a", "us-east-1a"][..],
        ),
        ("feed", "dev", false, &["us-east-1a"][..]),
    ] {
        elasticache
            .create_replication_group()
            .replication_group_id(id)
            .replication_group_description(id)
            .engine("redis")
            .cache_node_type("cache.t4g.small")
            .automatic_failover_enabled(failover)
            .multi_az_enabled(failover)
            .replicas_per_node_group(zones.len() as i32 - 1)
            .set_preferred_cache_cluster_azs(Some(zones.iter().map(|z| z.to_string()).collect()))
            .snapshot_retention_limit(7)
            .tags(Tag::builder().key("Environment").value(env).build())
            .send()
            .await
            .unwrap();
    }
    let check = "elasticache-redis-multi-az";
    let (doc, account) = lab.scan_and_snapshot(check, &["us-east-1"], &[]);
    let arn = |id: &str| {
        format!(
            "arn:aws:elasticache:us-east-1:{}:replicationgroup:{id}",
            lab.account
        )
    };
    assert_eq!(
        statuses(&doc, check),
        want(&[
            (arn("sessions"), "pass"),
            (arn("cart"), "fail"),
            (arn("leaderboard"), "fail"),
            (arn("feed"), "skip"),
        ]),
        "{doc:#}"
    );
    assert_finding(
        &doc,
        check,
        &arn("cart"),
        "fail",
        "AutomaticFailover is disabled",
    );
    assert_finding(
        &doc,
        check,
        &arn("leaderboard"),
        "fail",
        "advisory: all members of node group 0001 are in us-east-1a",
    );
    let groups = account["elasticache"]["replication_groups"]
        .as_array()
        .unwrap();
    let sessions = groups.iter().find(|g| g["id"] == "sessions").unwrap();
    assert_eq!(sessions["tags"], serde_json::json!({"Environment": "prod"}));
    assert_eq!(sessions["snapshot_retention_limit"], 7);
    assert_only_moto_gaps(&account);
}

/// `backup-coverage` on what moto 5.2.5 holds of it: RDS retention (7 days
/// passes, 0 fails), an EFS file system created with automatic backups
/// (`DescribeBackupPolicy` ENABLED: PASS), one without (`PolicyNotFound`),
/// a production EBS volume (`DescribeVolumes`) and a backup plan with a
/// scheduled rule (`ListBackupPlans`, `GetBackupPlan`). moto has no
/// `ListBackupSelections` or `ListProtectedResources`: the plan's
/// selections are unknown and the recovery points unread, so what EFS
/// automatic backups do not protect is ERROR, never a FAIL, while the file
/// system they protect still passes.
#[tokio::test(flavor = "multi_thread")]
async fn backup_coverage_live() {
    use aws_sdk_backup::types::{BackupPlanInput, BackupRuleInput};
    let Some(lab) = Lab::new("backup-coverage").await else {
        return;
    };
    let rds = aws_sdk_rds::Client::new(&lab.sdk);
    let mut dbs = std::collections::BTreeMap::new();
    for (id, days) in [("ledger-prod", 7), ("scratch", 0)] {
        let out = rds
            .create_db_instance()
            .db_instance_identifier(id)
            .db_instance_class("db.t3.micro")
            .engine("postgres")
            .master_username("admin")
            .master_user_password("not-a-real-password")
            .allocated_storage(20)
            .backup_retention_period(days)
            .send()
            .await
            .unwrap();
        let arn = out.db_instance().unwrap().db_instance_arn().unwrap();
        dbs.insert(id, arn.to_string());
    }
    let efs = aws_sdk_efs::Client::new(&lab.sdk);
    let mut file_systems = std::collections::BTreeMap::new();
    for (name, backup) in [("media-prod", true), ("exports-prod", false)] {
        let out = efs
            .create_file_system()
            .creation_token(name)
            .backup(backup)
            .tags(
                aws_sdk_efs::types::Tag::builder()
                    .key("Name")
                    .value(name)
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .unwrap();
        file_systems.insert(name, out.file_system_arn().unwrap().to_string());
    }
    let ec2 = aws_sdk_ec2::Client::new(&lab.sdk);
    let tag = |k: &str, v: &str| aws_sdk_ec2::types::Tag::builder().key(k).value(v).build();
    let volume = ec2
        .create_volume()
        .availability_zone("us-east-1a")
        .size(8)
        .tag_specifications(
            aws_sdk_ec2::types::TagSpecification::builder()
                .resource_type(aws_sdk_ec2::types::ResourceType::Volume)
                .tags(tag("Environment", "prod"))
                .tags(tag("Name", "search-index"))
                .build(),
        )
        .send()
        .await
        .unwrap();
    let volume_id = volume.volume_id().unwrap().to_string();
    let backup = aws_sdk_backup::Client::new(&lab.sdk);
    backup
        .create_backup_plan()
        .backup_plan(
            BackupPlanInput::builder()
                .backup_plan_name("daily-35d")
                .rules(
                    BackupRuleInput::builder()
                        .rule_name("daily-0500")
                        .target_backup_vault_name("Default")
                        .schedule_expression("cron(0 5 ? * * *)")
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let check = "backup-coverage";
    let (doc, account) = lab.scan_and_snapshot(check, &["us-east-1"], &[]);
    let volume_arn = format!("arn:aws:ec2:us-east-1:{}:volume/{volume_id}", lab.account);
    let mut expected: Vec<(String, &str)> = vec![
        (dbs["ledger-prod"].clone(), "pass"),
        (dbs["scratch"].clone(), "fail"),
        (file_systems["media-prod"].clone(), "pass"),
        (file_systems["exports-prod"].clone(), "error"),
        (volume_arn.clone(), "error"),
    ];
    // The volumes of the instances other tests of this account launched
    // are not production: whatever else DescribeVolumes lists skips.
    for (arn, status) in statuses(&doc, check) {
        if arn.contains(":volume/") && arn != volume_arn {
            assert_eq!(status, "skip", "{arn}");
            expected.push((arn, "skip"));
        }
    }
    assert_eq!(statuses(&doc, check), want(&expected), "{doc:#}");
    assert_finding(
        &doc,
        check,
        &dbs["scratch"],
        "fail",
        "BackupRetentionPeriod 0",
    );
    assert_finding(
        &doc,
        check,
        &file_systems["media-prod"],
        "pass",
        "EFS automatic backups are on (backup policy ENABLED) (note: the selections of backup plan daily-35d: ListBackupSelections failed",
    );
    assert_finding(
        &doc,
        check,
        &file_systems["exports-prod"],
        "error",
        "it has no EFS backup policy (automatic backups are off)",
    );
    assert_finding(
        &doc,
        check,
        &volume_arn,
        "error",
        "its recovery points: ListProtectedResources failed",
    );
    let plan = &account["backup"]["plans"][0];
    assert_eq!(
        plan["rules"]["value"][0]["schedule"], "cron(0 5 ? * * *)",
        "{plan}"
    );
    let volumes = account["ec2"]["volumes"].as_array().unwrap();
    let listed = volumes
        .iter()
        .find(|v| v["volume_id"] == volume_id.as_str())
        .unwrap();
    assert_eq!(listed["tags"]["Environment"], "prod");
    assert_only_moto_gaps(&account);
}
