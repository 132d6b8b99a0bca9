//! CodePipeline: pipelines with their artifact stores, sources, stages and
//! roles.

use super::fixture::{absent, de, denied, val};
use super::gen::Gen;
use super::iam::{self, CFN, PIPELINE};
use super::kinds::{Generator, Kind};
use super::kms::key_ref;
use super::s3::Buckets;
use super::{ACCOUNT, OTHER, REGIONS};
use serde_json::{json, Value};

const PIPELINES: Kind = Kind::scaled("codepipeline.pipelines", 25);

pub const GENERATOR: Generator = Generator {
    kinds: &[PIPELINES],
    generate: |g, n| codepipeline(g, n[PIPELINES]),
};

/// Pipelines: single- and multi-region artifact stores with keys by id,
/// ARN and alias (some disabled, AWS managed, missing); S3 or connection
/// sources (S3 buckets owned, another account's, missing or unnamed);
/// cross-account deploy actions; production (`Prod`) or other deploy
/// stages, with or without an approval and a staging stage before them;
/// unreadable or vanished definitions.
fn codepipeline(g: &mut Gen, n: usize) {
    let mut cp = awscheck_checks::inventory::codepipeline::CodePipeline::default();
    for i in 0..n {
        let r = g.region();
        let region = REGIONS[r];
        let name = format!("pipeline-{i:05}");
        let role = match g.rng.pct() {
            0..=91 => iam::role(g, PIPELINE).arn,
            92..=96 => iam::missing_role(g, PIPELINE).arn,
            _ => format!("arn:aws:iam::{OTHER}:role/pipeline-role"),
        };
        let source = if g.rng.chance(50) {
            let mut config = json!({"S3ObjectKey": "source.zip"});
            match g.rng.pct() {
                0..=84 => {
                    let b = g.region();
                    if let Some(bucket) = g.made.of::<Buckets>().by_region[b].first().cloned() {
                        let bucket = if g.rng.chance(50) {
                            bucket
                        } else {
                            g.rng.pick(&g.made.of::<Buckets>().by_region[b]).clone()
                        };
                        config["S3Bucket"] = json!(bucket);
                    }
                }
                85..=91 => {
                    config["S3Bucket"] = json!(*g.rng.pick(&[
                        "partner-source-bucket",
                        "partner-unversioned",
                        "partner-locked"
                    ]))
                }
                92..=94 => config["S3Bucket"] = json!(format!("deleted-source-{i}")),
                _ => {}
            }
            json!({"name": "Source", "category": "Source", "owner": "AWS", "provider": "S3", "configuration": config})
        } else {
            json!({"name": "Source", "category": "Source", "owner": "AWS", "provider": "CodeStarSourceConnection",
                   "configuration": {"FullRepositoryId": format!("example/repo-{i}"), "BranchName": "main"}})
        };
        let deploy_role = match g.rng.pct() {
            0..=79 => json!(iam::role(g, CFN).arn),
            80..=89 => json!(format!("arn:aws:iam::{OTHER}:role/deploy-target")),
            _ => Value::Null,
        };
        let mut stages = vec![
            json!({"name": "Source", "actions": [source]}),
            json!({"name": "Build", "actions": [{"name": "Build", "category": "Build", "owner": "AWS", "provider": "CodeBuild",
                "configuration": {"ProjectName": format!("build-{:05}", i % 97)}}]}),
        ];
        if g.rng.chance(50) {
            stages.push(json!({"name": "Staging", "actions": [{"name": "Staging", "category": "Deploy", "owner": "AWS",
                "provider": "CloudFormation", "configuration": {"ActionMode": "CREATE_UPDATE", "StackName": format!("stack-{i}-staging")}}]}));
        }
        if g.rng.chance(60) {
            stages.push(json!({"name": "Approve", "actions": [{"name": "Approve", "category": "Approval", "owner": "AWS",
                "provider": "Manual", "configuration": {"NotificationArn": format!("arn:aws:sns:{region}:{ACCOUNT}:approvals")}}]}));
        }
        let deploy_stage = if g.rng.chance(50) { "Prod" } else { "Deploy" };
        stages.push(json!({"name": deploy_stage, "actions": [{"name": "Deploy", "category": "Deploy", "owner": "AWS", "provider": "CloudFormation",
                "role_arn": deploy_role, "configuration": {"ActionMode": "CREATE_UPDATE", "StackName": format!("stack-{i}")}}]}));
        let deploy = stages.len() - 1;
        let mut definition = json!({"role_arn": role, "stages": Value::Null});
        if g.rng.chance(20) {
            let other = (r + 1 + g.rng.below(REGIONS.len() - 1)) % REGIONS.len();
            let (a, b) = (store(g, r), store(g, other));
            definition["artifact_stores"] = json!({region: a, REGIONS[other]: b});
            stages[deploy]["actions"][0]["region"] = json!(REGIONS[other]);
        } else {
            definition["artifact_store"] = store(g, r);
        }
        definition["stages"] = Value::Array(stages);
        let definition = match g.rng.pct() {
            0..=87 => val(definition),
            88..=91 => absent(),
            _ => denied("GetPipeline"),
        };
        let tags = g.env_tags();
        cp.pipelines.push(de(json!({
            "arn": format!("arn:aws:codepipeline:{region}:{ACCOUNT}:{name}"),
            "region": region, "account_id": ACCOUNT, "name": name, "tags": tags, "definition": definition
        })));
    }
    g.acct.codepipeline = Some(cp);
}

/// An artifact store in `r`: a bucket of the region (or the trail bucket),
/// with a key reference or none.
fn store(g: &mut Gen, r: usize) -> Value {
    let buckets = g.made.of::<Buckets>();
    let bucket = match buckets.by_region[r].is_empty() {
        false => g.rng.pick(&buckets.by_region[r]).clone(),
        true => buckets.trail.clone(),
    };
    match key_ref(g, r) {
        Some(k) => {
            json!({"type": "S3", "location": bucket, "encryption_key": {"id": k, "type": "KMS"}})
        }
        None => json!({"type": "S3", "location": bucket}),
    }
}
