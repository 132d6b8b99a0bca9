//! CloudFormation: root and nested stacks with their service roles, drift
//! and resources.

use super::fixture::{absent, de, throttled, uuid, val};
use super::gen::Gen;
use super::iam::{self, CFN, PIPELINE};
use super::kinds::{Generator, Kind};
use super::{ACCOUNT, OTHER, REGIONS};
use serde_json::{json, Value};

const STACKS: Kind = Kind::scaled("cloudformation.stacks", 45);
const STACK_SETS: Kind = Kind::fixed("cloudformation.stack_sets");

pub const GENERATOR: Generator = Generator {
    kinds: &[STACKS, STACK_SETS],
    generate: |g, n| cloudformation(g, n[STACKS]),
};

/// Stacks: root and nested (naming their root), service-owned, in every
/// status; service roles that trust CloudFormation, do not, are gone,
/// are another account's or are named without their path; recorded,
/// stale, detected, failed and in-progress drift; resources in sync,
/// modified (some differences ignored by the settings), deleted, custom.
fn cloudformation(g: &mut Gen, n: usize) {
    let mut cf = awscheck_checks::inventory::cloudformation::CloudFormation::default();
    let mut roots: [Vec<(String, String)>; 4] = Default::default();
    for i in 0..n {
        let r = g.region();
        let region = REGIONS[r];
        let nested = g.rng.chance(15) && !roots[r].is_empty();
        let (name, parent) = if nested {
            let (root_arn, root_name) = g.rng.pick(&roots[r]).clone();
            (format!("{root_name}-Nested-{i}"), Some(root_arn))
        } else {
            let name = match g.rng.pct() {
                0..=2 => format!("awseb-e-{i:05}-stack"),
                3..=4 => format!("StackSet-ops-{i:05}"),
                5 => format!("aws-sam-cli-managed-default-{i}"),
                _ => format!("stack-{i:05}"),
            };
            (name, None)
        };
        let arn = format!(
            "arn:aws:cloudformation:{region}:{ACCOUNT}:stack/{name}/{}",
            uuid(i, 0xcf)
        );
        if parent.is_none() {
            roots[r].push((arn.clone(), name.clone()));
        }
        let status = match g.rng.pct() {
            0..=49 => "CREATE_COMPLETE",
            50..=79 => "UPDATE_COMPLETE",
            80..=84 => "UPDATE_ROLLBACK_COMPLETE",
            85..=88 => "ROLLBACK_COMPLETE",
            89..=91 => "UPDATE_IN_PROGRESS",
            92..=94 => "DELETE_FAILED",
            _ => "IMPORT_COMPLETE",
        };
        let role = if nested {
            Value::Null
        } else {
            match g.rng.pct() {
                0..=61 => json!(iam::role(g, CFN).arn),
                62..=69 => {
                    let role = iam::role(g, CFN);
                    json!(format!("arn:aws:iam::{ACCOUNT}:role/{}", role.name))
                }
                70..=84 => Value::Null,
                85..=89 => json!(iam::missing_role(g, CFN).arn),
                90..=92 => json!(format!("arn:aws:iam::{OTHER}:role/cfn-deployer")),
                _ => json!(iam::role(g, PIPELINE).arn),
            }
        };
        let drift = match g.rng.pct() {
            0..=44 => "IN_SYNC",
            45..=64 => "DRIFTED",
            65..=89 => "NOT_CHECKED",
            _ => "UNKNOWN",
        };
        let last_check = match g.rng.pct() {
            0..=69 => json!(g.ago(6)),
            70..=94 => json!(g.ago(72)),
            _ => Value::Null,
        };
        let detection = match g.rng.pct() {
            0..=84 => absent(),
            85..=91 => val(json!({"status": "DETECTION_COMPLETE"})),
            92..=94 => val(
                json!({"status": "DETECTION_FAILED", "reason": "Failed to detect drift on resource [Queue]"}),
            ),
            95..=96 => {
                json!({"error": {"operation": "DetectStackDrift", "code": "ValidationError",
                "message": format!("Stack [{name}] is in UPDATE_IN_PROGRESS state")}})
            }
            _ => throttled("DetectStackDrift"),
        };
        let resources = match g.rng.pct() {
            0..=91 => val(stack_resources(g, drift)),
            92..=93 => val(
                json!([{"logical_id": "Hook", "resource_type": "Custom::Hook", "drift_status": "NOT_CHECKED"}]),
            ),
            94..=97 => throttled("ListStackResources"),
            _ => absent(),
        };
        let tags = g.env_tags();
        let health = health(g, status);
        cf.stacks.push(de(json!({
            "arn": arn, "region": region, "account_id": ACCOUNT, "name": name, "status": status,
            "parent_id": parent, "root_id": parent, "role_arn": role,
            "status_reason": health.reason, "created": g.ago(24 * 400),
            "last_updated": health.updated, "termination_protection": health.protection,
            "disable_rollback": health.no_rollback,
            "drift": {"status": drift, "last_check": last_check},
            "detection": detection, "resources": resources, "failure": health.failure,
            "policy": stack_policy(g), "template": template(g), "tags": tags
        })));
    }
    cf.stack_sets = stack_sets();
    g.acct.cloudformation = Some(cf);
}

/// A few stack sets, one per drift verdict (in sync, drifted, never
/// checked, an instance UNKNOWN), made without random draws so that the
/// other generators' draws do not move.
fn stack_sets() -> Vec<awscheck_checks::inventory::cloudformation::StackSet> {
    [
        ("IN_SYNC", "IN_SYNC"),
        ("DRIFTED", "DRIFTED"),
        ("NOT_CHECKED", "NOT_CHECKED"),
        ("IN_SYNC", "UNKNOWN"),
    ]
    .iter()
    .enumerate()
    .map(|(i, (set, instance))| {
        de(json!({
            "arn": format!("arn:aws:cloudformation:us-east-1:{ACCOUNT}:stackset/baseline-{i}:{}", uuid(i, 0x5e7)),
            "region": "us-east-1", "account_id": ACCOUNT, "name": format!("baseline-{i}"),
            "permission_model": "SERVICE_MANAGED", "call_as": "SELF",
            "drift": {"status": set, "last_check": "2026-11-21T06:00:00Z"},
            "instances": val(json!([{"account": OTHER, "region": "eu-west-1", "status": "CURRENT",
                "drift_status": instance, "last_drift_check": "2026-11-21T06:00:00Z"}]))
        }))
    })
    .collect()
}

/// What `DescribeStacks` and `DescribeStackEvents` say of a stack's health.
struct Health {
    reason: Value,
    updated: Value,
    protection: Value,
    no_rollback: bool,
    failure: Value,
}

/// Termination protection on, off or unreported; rollback sometimes
/// disabled; an update hours or minutes ago (stuck or not when in
/// progress); a failed stack's latest failed event, none, or unreadable.
fn health(g: &mut Gen, status: &str) -> Health {
    let failed = status.ends_with("_FAILED") || status.ends_with("ROLLBACK_COMPLETE");
    let failure = match (failed, g.rng.pct()) {
        (false, _) => absent(),
        (true, 0..=79) => val(json!({
            "logical_id": "Queue", "resource_type": "AWS::SQS::Queue", "status": "UPDATE_FAILED",
            "reason": "Resource handler returned message: \"Access denied\"", "time": g.ago(5)
        })),
        (true, 80..=89) => absent(),
        (true, _) => throttled("DescribeStackEvents"),
    };
    Health {
        reason: if failed {
            json!("The following resource(s) failed to update: [Queue].")
        } else {
            Value::Null
        },
        updated: match g.rng.pct() {
            0..=69 => json!(g.ago(30)),
            70..=89 => json!(g.ago(1)),
            _ => Value::Null,
        },
        protection: match g.rng.pct() {
            0..=54 => json!(true),
            55..=96 => json!(false),
            _ => Value::Null,
        },
        no_rollback: g.rng.chance(8),
        failure,
    }
}

/// No stack policy, one that allows everything, one that protects buckets
/// by type, or an unreadable one.
fn stack_policy(g: &mut Gen) -> Value {
    let allow = json!({"Effect": "Allow", "Action": "Update:*", "Principal": "*", "Resource": "*"});
    match g.rng.pct() {
        0..=39 => absent(),
        40..=54 => val(json!({"Statement": [allow]})),
        55..=91 => val(json!({"Statement": [allow, {
            "Effect": "Deny", "Action": ["Update:Replace", "Update:Delete"], "Principal": "*",
            "Resource": "*", "Condition": {"StringEquals": {"ResourceType": ["AWS::S3::Bucket"]}}
        }]})),
        _ => throttled("GetStackPolicy"),
    }
}

/// A reduced template: a table kept on both halves, on deletion only, not
/// at all, or nothing that holds data; a snapshotted cluster; a body that
/// did not parse; or an unreadable template.
fn template(g: &mut Gen) -> Value {
    let table = |deletion: Value, replace: Value| {
        json!({"logical_id": "Table", "resource_type": "AWS::DynamoDB::Table",
               "deletion_policy": deletion, "update_replace_policy": replace})
    };
    let retain = json!({"value": "Retain"});
    let queue = json!({"logical_id": "Queue", "resource_type": "AWS::SQS::Queue"});
    let resources = match g.rng.pct() {
        0..=39 => json!([queue, table(retain.clone(), retain)]),
        40..=54 => json!([table(retain, Value::Null)]),
        55..=74 => json!([queue, table(Value::Null, Value::Null)]),
        75..=84 => json!([{"logical_id": "Db", "resource_type": "AWS::RDS::DBCluster"}]),
        85..=91 => json!([queue]),
        92..=94 => return val(json!({"parse_error": "not valid YAML: mapping values are not allowed"})),
        _ => return throttled("GetTemplate"),
    };
    val(json!({"resources": resources}))
}

/// A stack's resources, in sync or drifted as the stack's `drift` says.
fn stack_resources(g: &mut Gen, drift: &str) -> Value {
    const TYPES: [&str; 6] = [
        "AWS::S3::Bucket",
        "AWS::Lambda::Function",
        "AWS::IAM::Role",
        "AWS::AutoScaling::AutoScalingGroup",
        "Custom::Seeder",
        "AWS::SQS::Queue",
    ];
    let n = 3 + g.rng.below(6);
    let drifted = if drift == "DRIFTED" {
        1 + g.rng.below(2)
    } else {
        0
    };
    (0..n)
        .map(|k| {
            let t = TYPES[(k + n) % TYPES.len()];
            let status = match (k < drifted, drift, t.starts_with("Custom::")) {
                (_, _, true) => "NOT_CHECKED",
                (true, _, _) if g.rng.chance(20) => "DELETED",
                (true, _, _) => "MODIFIED",
                (false, "NOT_CHECKED", _) => "NOT_CHECKED",
                (false, "UNKNOWN", _) if k == 0 => "UNKNOWN",
                _ => "IN_SYNC",
            };
            let diffs = if status == "MODIFIED" {
                match t {
                    "AWS::AutoScaling::AutoScalingGroup" => json!([{"path": "/DesiredCapacity", "difference_type": "NOT_EQUAL"}]),
                    _ => json!([{"path": "/Tags/0/Value", "difference_type": "NOT_EQUAL"},
                                {"path": "/Properties/Timeout", "difference_type": "ADD"}]),
                }
            } else {
                json!([])
            };
            json!({"logical_id": format!("Resource{k}"), "resource_type": t, "drift_status": status,
                   "property_differences": diffs})
        })
        .collect()
}
