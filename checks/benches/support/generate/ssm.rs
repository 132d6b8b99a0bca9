//! Systems Manager: managed nodes (the EC2 instances, then hybrid nodes),
//! each region's default host management role, the remediation
//! documents, the Session Manager preferences, and per region a patching
//! maintenance window (on production-tagged nodes) and a custom default
//! baseline; inventory associations (synced to S3 in the first region,
//! failing in the second, none in the others); two hybrid activations
//! (one expired, one open for a month on a role that does not exist).

use super::ec2::Instances;
use super::fixture::{absent, de, denied, throttled, val};
use super::gen::Gen;
use super::kinds::{Generator, Kind};
use super::{ACCOUNT, BLIND, REGIONS};
use serde_json::json;

const MANAGED_INSTANCES: Kind = Kind::scaled("ssm.managed_instances", 70);

pub const GENERATOR: Generator = Generator {
    kinds: &[
        MANAGED_INSTANCES,
        Kind::fixed("ssm.regions"),
        Kind::fixed("ssm.documents"),
        Kind::fixed("ssm.session_preferences"),
        Kind::fixed("ssm.maintenance_windows"),
        Kind::fixed("ssm.patch_baselines"),
        Kind::fixed("ssm.associations"),
        Kind::fixed("ssm.data_syncs"),
        Kind::fixed("ssm.activations"),
    ],
    generate: |g, n| ssm(g, n[MANAGED_INSTANCES]),
};

/// Managed nodes for the first instances (Online, ConnectionLost,
/// Inactive) and hybrid `mi-` nodes beyond them, with patch states and
/// compliance summaries of every kind; DHMC and the remediation
/// documents per region.
fn ssm(g: &mut Gen, n: usize) {
    let mut ssm = awscheck_checks::inventory::ssm::Ssm::default();
    for j in 0..n {
        let (r, id) = match g.made.of::<Instances>().0.get(j) {
            Some((r, id)) => (*r, id.clone()),
            None => (g.region(), format!("mi-{j:017x}")),
        };
        let region = REGIONS[r];
        let ping = match g.rng.pct() {
            0..=84 => "Online",
            85..=90 => "ConnectionLost",
            _ => "Inactive",
        };
        let patch_state = match g.rng.pct() {
            0..=84 => {
                let missing = if g.rng.chance(20) {
                    g.rng.below(12)
                } else {
                    0
                };
                let failed = usize::from(g.rng.chance(5));
                let reboot = usize::from(g.rng.chance(8));
                let age = if g.rng.chance(80) { 48 } else { 24 * 20 };
                val(json!({"missing_count": missing, "failed_count": failed,
                    "installed_pending_reboot_count": reboot, "installed_rejected_count": usize::from(g.rng.chance(3)),
                    "operation_end_time": g.ago(age)}))
            }
            85..=92 => absent(),
            _ => denied("DescribeInstancePatchStates"),
        };
        let compliance = match g.rng.pct() {
            0..=69 => val(json!({"status": "COMPLIANT"})),
            70..=89 => {
                let sev = *g.rng.pick(&[
                    "CRITICAL",
                    "HIGH",
                    "MEDIUM",
                    "LOW",
                    "INFORMATIONAL",
                    "SEVERE",
                ]);
                val(json!({"status": "NON_COMPLIANT", "overall_severity": sev}))
            }
            90..=94 => absent(),
            _ => throttled("ListResourceComplianceSummaries"),
        };
        let associated = match g.rng.pct() {
            0..=79 => val(json!({"status": "COMPLIANT"})),
            80..=89 => val(json!({"status": "NON_COMPLIANT", "overall_severity": "HIGH"})),
            90..=96 => absent(),
            _ => throttled("ListResourceComplianceSummaries"),
        };
        // By index, not drawn: the other draws stay where they were.
        let agents = match j % 10 {
            0..=5 => val(json!([
                {"name": "amazon-cloudwatch-agent", "version": "1.300"},
                {"name": "codedeploy-agent"}
            ])),
            6 | 7 => val(json!([{"name": "codedeploy-agent"}])),
            8 => absent(),
            _ => throttled("ListInventoryEntries"),
        };
        ssm.managed_instances.push(de(json!({
            "arn": format!("arn:aws:ssm:{region}:{ACCOUNT}:managed-instance/{id}"),
            "region": region, "account_id": ACCOUNT, "instance_id": id, "ping_status": ping,
            "is_latest_version": !g.rng.chance(10), "last_ping": g.ago(3),
            "platform_type": "Linux", "platform_name": "Amazon Linux", "platform_version": "2023",
            "patch_state": patch_state, "patch_compliance": compliance,
            "association_compliance": associated, "agents": agents
        })));
    }
    let dhmc = [
        val("AWSSystemsManagerDefaultEC2InstanceManagementRole"),
        absent(),
        val("AWSSystemsManagerDefaultEC2InstanceManagementRole"),
        denied("GetServiceSetting"),
    ];
    for (region, role) in REGIONS.iter().zip(dhmc) {
        ssm.regions
            .push(de(json!({"region": region, "dhmc_role": role})));
    }
    for (r, region) in REGIONS.iter().enumerate() {
        let info = if r == BLIND {
            absent()
        } else {
            val(
                json!({"document_type": "Automation", "latest_version": "3", "default_version": "1"}),
            )
        };
        ssm.documents.push(de(
            json!({"region": region, "name": "AWS-ConfigureS3BucketLogging", "info": info}),
        ));
    }
    ssm.documents.push(de(
        json!({"region": "eu-west-1", "name": "Custom-FixLogging",
        "info": val(json!({"document_type": "Command", "latest_version": "1"}))}),
    ));
    // Session logging to the trails' log groups (encrypted in the first
    // region, not in the second), never saved in the third, unreadable in
    // the fourth.
    let sessions = [
        val(json!({"cloudwatch_log_group_name": "aws-cloudtrail-logs-main", "cloudwatch_encryption_enabled": true})),
        val(json!({"cloudwatch_log_group_name": "aws-cloudtrail-logs-secondary"})),
        absent(),
        denied("GetDocument"),
    ];
    for (region, settings) in REGIONS.iter().zip(sessions) {
        ssm.session_preferences
            .push(de(json!({"region": region, "settings": settings})));
    }
    // Patching of the production-tagged nodes, and a custom default
    // baseline, in each region.
    for (r, region) in REGIONS.iter().enumerate() {
        let id = format!("mw-{r:017x}");
        ssm.maintenance_windows.push(de(json!({
            "arn": format!("arn:aws:ssm:{region}:{ACCOUNT}:maintenancewindow/{id}"),
            "region": region, "account_id": ACCOUNT, "id": id, "name": "weekly-patching",
            "enabled": true, "schedule": "cron(0 3 ? * SUN *)", "duration": 3,
            "targets": val(json!([{"id": "prod", "resource_type": "INSTANCE",
                "targets": [{"key": "tag:Environment", "values": ["prod", "production"]}]}])),
            "tasks": val(json!([{"id": "patch", "task_type": "RUN_COMMAND", "task_arn": "AWS-RunPatchBaseline",
                "targets": [{"key": "WindowTargetIds", "values": ["prod"]}],
                "parameters": val(json!({"Operation": ["Install"]}))}]))
        })));
        ssm.patch_baselines.push(de(json!({
            "region": region, "id": format!("pb-{r:017x}"), "name": "al2023",
            "operating_system": "AMAZON_LINUX_2023", "default": true
        })));
    }
    for (r, region) in REGIONS.iter().enumerate().take(2) {
        let id = format!("{r:08x}-0000-4000-8000-000000000000");
        ssm.associations.push(de(json!({
            "arn": format!("arn:aws:ssm:{region}:{ACCOUNT}:association/{id}"),
            "region": region, "account_id": ACCOUNT, "id": id,
            "document": "AWS-GatherSoftwareInventory", "name": "inventory",
            "targets": [{"key": "InstanceIds", "values": ["*"]}], "schedule": "rate(30 minutes)",
            "last_execution": g.ago(1), "status": if r == 0 { "Success" } else { "Failed" },
            "parameters": absent()
        })));
    }
    ssm.data_syncs.push(de(json!({
        "region": REGIONS[0], "name": "inventory", "sync_type": "SyncToDestination",
        "last_status": "Successful"
    })));
    for (k, (expired, role, age)) in [(true, None, 24 * 90), (false, Some("ssm-hybrid"), 24 * 30)]
        .into_iter()
        .enumerate()
    {
        let id = format!("{k:08x}-1111-4000-8000-000000000000");
        ssm.activations.push(de(json!({
            "arn": format!("arn:aws:ssm:{}:{ACCOUNT}:activation/{id}", REGIONS[0]),
            "region": REGIONS[0], "account_id": ACCOUNT, "id": id, "iam_role": role,
            "registration_limit": 10, "registrations_count": 2, "expired": expired,
            "created": g.ago(age)
        })));
    }
    g.acct.ssm = Some(ssm);
}
