//! ## What it checks
//!
//! A pipeline whose actions run in more than one region has an artifact
//! store in each of those regions, and each store's bucket is in the region
//! it is declared for. The regions are each action's `region`, or the
//! pipeline's own region for an action that sets none.
//!
//! - SKIP: every action runs in one region (a single-region pipeline), or
//!   the pipeline disappeared during the scan.
//! - PASS: `artifactStores` has a store for every action region, and each
//!   store's bucket exists in its region.
//! - FAIL: an action region has no store (`artifactStores` has no key for
//!   it, or the pipeline has only the single `artifactStore`); a store's
//!   bucket does not exist (`NoSuchBucket`, or not among the account's
//!   buckets and not another account's); a store's bucket is in another
//!   region than its key (`GetBucketLocation` normalised: null → us-east-1,
//!   `EU` → eu-west-1).
//! - ERROR: the pipeline definition could not be read; a store's bucket
//!   belongs to another account whose bucket location could not be read, or
//!   S3 could not be listed, so a bucket that is not in the inventory cannot
//!   be called missing.
//!
//! Each regional store's KMS key is judged by `codepipeline-artifacts-kms`.
//!
//! ## Why it matters
//!
//! CodePipeline copies the input artifacts of a cross-region action into the
//! artifact store of the action's region, with that region's key. A region
//! with no store, or a store whose bucket is elsewhere or gone, makes the
//! cross-region action fail at run time (notes 000 › ## SDLC Automation ›
//! CodePipeline - advanced: multi-region actions need a read/write S3
//! artifact store per region).
//!
//! ## How to fix
//!
//! Create a bucket in each action region (and a KMS key there, see
//! `codepipeline-artifacts-kms`) and declare it as that region's store.
//!
//! - **Console**: CodePipeline › the pipeline › Edit › Edit: Pipeline
//!   settings; when you add an action in another region, the console offers
//!   to create the default store there. To name your own bucket, use the CLI.
//! - **CLI**: `aws codepipeline get-pipeline --name NAME > p.json`, replace
//!   `pipeline.artifactStore` with `pipeline.artifactStores` holding one entry
//!   per region (`{"eu-west-1": {"type": "S3", "location": "BUCKET-IN-EU", "encryptionKey": {...}}}`),
//!   drop `metadata`, then `aws codepipeline update-pipeline --cli-input-json file://p.json`.
//! - **CloudFormation**: on `AWS::CodePipeline::Pipeline`, use `ArtifactStores`
//!   with one `{Region, ArtifactStore: {Type: S3, Location, EncryptionKey}}`
//!   per action region (a StackSet or one stack per region creates the buckets).
//!
//! ## References
//!
//! - Study notes: 000 › ## SDLC Automation › CodePipeline - advanced
//!   (multi-region actions need an S3 artifact store per region).
//! - AWS: CodePipeline User Guide, "Add a cross-Region action in
//!   CodePipeline"; CodePipeline API Reference, `PipelineDeclaration.artifactStores`;
//!   S3 API Reference, `GetBucketLocation` (null means us-east-1, `EU` eu-west-1).
//! - AWS Config managed rule: none (`codepipeline-region-fanout-check` limits
//!   fan-out, it does not check the stores). Prowler: none.

use crate::engine::{name_list, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::codepipeline::{Pipeline, PipelineDefinition};
use crate::inventory::s3::BucketIndex;
use crate::inventory::{codepipeline, s3};
use crate::judge::reference::{self, Lookup};
use std::collections::BTreeMap;

pub static CHECK: Check = Check {
    id: "codepipeline-multiregion-artifact-stores",
    title: "Every action region of a pipeline has its own artifact store",
    service: "codepipeline",
    severity: Severity::Medium,
    section: "000 › ## SDLC Automation › CodePipeline - advanced",
    catalog: "SDLC-03",
    reads: &[
        codepipeline::PIPELINES,
        codepipeline::PIPELINE_DEFINITION,
        codepipeline::PIPELINE_TAGS,
        s3::BUCKETS,
        s3::OTHER_BUCKETS,
    ],
    tolerates: &[],
    settings: &[],
    config_rule: None,
    prowler: None,
    source: include_str!("multiregion_artifact_stores.rs"),
    run,
};

fn run(ctx: &Context, em: &mut Emitter) {
    let buckets = ctx.s3().index();
    for pipeline in &ctx.codepipeline().pipelines {
        let Some(def) = super::definition(pipeline, em) else {
            continue;
        };
        let regions = action_regions(pipeline, def);
        if regions.len() < 2 {
            let only = regions.keys().next().copied().unwrap_or(&pipeline.region);
            em.skip(pipeline, format!("every action runs in {only}"));
            continue;
        }
        let mut verdict = Verdict::new();
        let stores = &def.artifact_stores;
        if let Some(single) = &def.artifact_store {
            verdict.fail(format!(
                "the pipeline has the single artifact store {}, but its actions run in {}: a cross-region pipeline needs artifactStores, one store per region",
                single.location,
                regions.keys().copied().collect::<Vec<_>>().join(", ")
            ));
        }
        for (region, actions) in regions.iter().filter(|_| def.artifact_store.is_none()) {
            if !stores.contains_key(*region) {
                verdict.fail(format!(
                    "no artifact store for {region}, where action(s) {} run",
                    name_list(actions)
                ));
            }
        }
        for (region, store) in stores {
            judge_bucket(ctx, &buckets, region, &store.location, &mut verdict);
        }
        let listed: Vec<&str> = regions.keys().copied().collect();
        verdict.emit(
            em,
            pipeline,
            format!(
                "actions run in {} and each region has its own artifact store bucket",
                listed.join(", ")
            ),
        );
    }
}

/// Action region → the actions that run there (the pipeline's region for
/// an action that names none).
fn action_regions<'a>(
    pipeline: &'a Pipeline,
    def: &'a PipelineDefinition,
) -> BTreeMap<&'a str, Vec<&'a str>> {
    let mut regions: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for action in def.actions() {
        let region = action.region.as_deref().unwrap_or(&pipeline.region);
        regions.entry(region).or_default().push(&action.name);
    }
    regions
}

/// The store bucket `name` declared for `region` exists, and in that region.
fn judge_bucket(
    ctx: &Context,
    buckets: &BucketIndex,
    region: &str,
    name: &str,
    verdict: &mut Verdict,
) {
    let label = format!("artifact store bucket {name} for {region}");
    match reference::bucket_region(ctx, buckets, name, &label) {
        Lookup::Found((_, actual)) if actual != region => {
            verdict.fail(format!("{label} is in {actual}"));
        }
        other => {
            other.or_record(verdict);
        }
    }
}
