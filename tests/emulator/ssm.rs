//! Systems Manager end to end against the emulator. moto 5.2.5 cannot list
//! managed nodes (`DescribeInstanceInformation` answers 500): that failure
//! blinds only the checks that read the nodes, never the parameters.
//! Maintenance windows (with targets and tasks) and patch baselines are
//! read from moto; its snapshot, given the nodes moto cannot list, judges
//! patching both ways. Patch groups, associations, data syncs, activations
//! and compliance summaries moto does not implement: see
//! `collect/src/tests/systems_manager.rs`.

use crate::common::{json, statuses, stderr, want, Lab};
#[allow(unused_imports)]
use crate::sdk::*;
use aws_sdk_ssm::types::{
    MaintenanceWindowResourceType, MaintenanceWindowTaskParameterValueExpression,
    MaintenanceWindowTaskType, OperatingSystem, ParameterType, Target,
};
use serde_json::{json, Value};

#[tokio::test]
async fn parameters_are_judged_though_the_managed_nodes_cannot_be_listed() {
    let Some(lab) = Lab::new("ssm-parameters").await else {
        return;
    };
    let ssm = aws_sdk_ssm::Client::new(&lab.sdk);
    for (name, kind, value) in [
        (
            "/shop/db-password",
            ParameterType::SecureString,
            "synthetic",
        ),
        ("/shop/api-token", ParameterType::String, "synthetic"),
        ("/shop/page-size", ParameterType::String, "50"),
    ] {
        ssm.put_parameter()
            .name(name)
            .r#type(kind)
            .value(value)
            .send()
            .await
            .unwrap();
    }
    let check = "ssm-parameter-securestring";
    let (doc, account) = lab.scan_and_snapshot(check, &["us-east-1"], &[]);
    let arn = |name: &str| format!("arn:aws:ssm:us-east-1:{}:parameter{name}", lab.account);
    assert_eq!(
        statuses(&doc, check),
        want(&[
            (arn("/shop/api-token"), "fail"),
            (arn("/shop/db-password"), "pass"),
            (arn("/shop/page-size"), "pass"),
        ]),
        "no ERROR: the node listing is not read for this check"
    );
    // The snapshot reads everything: the nodes are unread, nothing else.
    crate::common::assert_only_moto_gaps(&account);
    assert_eq!(account["ssm"]["parameters"].as_array().unwrap().len(), 3);

    // With a check that reads the nodes too, their failure is that check's
    // ERROR only.
    let out = lab.run(&[
        "scan",
        "--format",
        "json",
        "--region",
        "us-east-1",
        "--checks",
        "ssm-parameter-securestring,ssm-patch-compliance",
    ]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let doc = json(&out);
    assert_eq!(statuses(&doc, check).len(), 3, "{doc}");
    let patch = statuses(&doc, "ssm-patch-compliance");
    assert_eq!(
        patch,
        want(&[(format!("arn:aws:ssm:us-east-1:{}", lab.account), "error")]),
    );
}

/// A running instance of an Amazon AMI, tagged `tags`; its id.
async fn instance(lab: &Lab, tags: &[(&str, &str)]) -> String {
    use aws_sdk_ec2::types::{ResourceType, Tag, TagSpecification};
    let ec2 = aws_sdk_ec2::Client::new(&lab.sdk);
    let ami = crate::compute::amazon_ami(&ec2).await;
    let mut spec = TagSpecification::builder().resource_type(ResourceType::Instance);
    for (k, v) in tags {
        spec = spec.tags(Tag::builder().key(*k).value(*v).build());
    }
    let mut run = ec2.run_instances().image_id(ami).min_count(1).max_count(1);
    if !tags.is_empty() {
        run = run.tag_specifications(spec.build());
    }
    let out = run.send().await.unwrap();
    out.instances()[0].instance_id().unwrap().to_string()
}

/// A maintenance window running `AWS-RunPatchBaseline` with `operation` on
/// `target` (registered as its window target); its id.
async fn patch_window(
    ssm: &aws_sdk_ssm::Client,
    name: &str,
    target: Target,
    operation: &str,
) -> String {
    let id = ssm
        .create_maintenance_window()
        .name(name)
        .schedule("cron(0 3 ? * SUN *)")
        .duration(3)
        .cutoff(1)
        .allow_unassociated_targets(false)
        .send()
        .await
        .unwrap()
        .window_id()
        .unwrap()
        .to_string();
    let target_id = ssm
        .register_target_with_maintenance_window()
        .window_id(&id)
        .resource_type(MaintenanceWindowResourceType::Instance)
        .targets(target)
        .send()
        .await
        .unwrap()
        .window_target_id()
        .unwrap()
        .to_string();
    ssm.register_task_with_maintenance_window()
        .window_id(&id)
        .task_type(MaintenanceWindowTaskType::RunCommand)
        .task_arn("AWS-RunPatchBaseline")
        .targets(
            Target::builder()
                .key("WindowTargetIds")
                .values(target_id)
                .build(),
        )
        .task_parameters(
            "Operation",
            MaintenanceWindowTaskParameterValueExpression::builder()
                .values(operation)
                .build(),
        )
        .max_concurrency("10")
        .max_errors("1")
        .send()
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn maintenance_windows_and_baselines_are_collected_and_judge_patching() {
    let Some(lab) = Lab::new("ssm-patching").await else {
        return;
    };
    let ssm = aws_sdk_ssm::Client::new(&lab.sdk);
    let tagged = instance(&lab, &[("Patch", "yes")]).await;
    let other = instance(&lab, &[]).await;
    patch_window(
        &ssm,
        "sunday-patching",
        Target::builder().key("tag:Patch").values("yes").build(),
        "Install",
    )
    .await;
    patch_window(
        &ssm,
        "scan-only",
        Target::builder().key("InstanceIds").values(&other).build(),
        "Scan",
    )
    .await;
    ssm.create_patch_baseline()
        .name("storefront-al2")
        .operating_system(OperatingSystem::AmazonLinux2)
        .send()
        .await
        .unwrap();

    // Live: moto cannot list the managed nodes, so the check is blind in
    // the region (ERROR), while the windows and baselines are read.
    let check = "ssm-patch-orchestration";
    let (doc, account) = lab.scan_and_snapshot(check, &["us-east-1"], &[]);
    let region = format!("arn:aws:ssm:us-east-1:{}", lab.account);
    assert_eq!(statuses(&doc, check), want(&[(region.as_str(), "error")]));
    crate::common::assert_only_moto_gaps(&account);
    let windows = account["ssm"]["maintenance_windows"].as_array().unwrap();
    assert_eq!(windows.len(), 2, "{windows:?}");
    let window = windows
        .iter()
        .find(|w| w["name"] == "sunday-patching")
        .unwrap();
    assert_eq!(window["enabled"], true);
    assert_eq!(
        window["targets"]["value"][0]["targets"][0]["key"],
        "tag:Patch"
    );
    let task = &window["tasks"]["value"][0];
    assert_eq!(task["task_arn"], "AWS-RunPatchBaseline");
    assert_eq!(task["parameters"]["value"]["Operation"], json!(["Install"]));
    let baselines = account["ssm"]["patch_baselines"].as_array().unwrap();
    assert!(
        baselines.iter().any(|b| b["name"] == "storefront-al2"),
        "{baselines:?}"
    );

    // The snapshot with the two nodes moto cannot list, and none of the
    // patch groups and associations it cannot list either: the collected
    // windows decide the verdicts.
    let snap = lab.path("patching-with-nodes.json");
    let mut inventory: Value =
        serde_json::from_str(&std::fs::read_to_string(lab.path(&format!("{check}.json"))).unwrap())
            .unwrap();
    let acct = &mut inventory["accounts"][0];
    let node = |id: &str| {
        json!({"arn": format!("arn:aws:ssm:us-east-1:{}:managed-instance/{id}", lab.account),
            "region": "us-east-1", "account_id": lab.account, "instance_id": id,
            "ping_status": "Online", "platform_type": "Linux", "platform_name": "Amazon Linux",
            "platform_version": "2"})
    };
    acct["ssm"]["managed_instances"] = json!([node(&tagged), node(&other)]);
    acct["collection_errors"]
        .as_array_mut()
        .unwrap()
        .retain(|e| e["service"] != "ssm");
    std::fs::write(&snap, serde_json::to_string(&inventory).unwrap()).unwrap();
    let out = lab.scan_fixture(&snap, check);
    let doc = json(&out);
    let node_arn = |id: &str| {
        format!(
            "arn:aws:ssm:us-east-1:{}:managed-instance/{id}",
            lab.account
        )
    };
    assert_eq!(
        statuses(&doc, check),
        want(&[(node_arn(&tagged), "pass"), (node_arn(&other), "fail")]),
        "{doc}"
    );
    crate::common::assert_finding(
        &doc,
        check,
        &node_arn(&tagged),
        "pass",
        "maintenance window sunday-patching",
    );
    crate::common::assert_finding(
        &doc,
        check,
        &node_arn(&other),
        "fail",
        "only scans: maintenance window scan-only (Operation=Scan)",
    );
}
