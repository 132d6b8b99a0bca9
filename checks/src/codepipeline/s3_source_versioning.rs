//! ## What it checks
//!
//! Every S3 source action of a pipeline (category `Source`, owner `AWS`,
//! provider `S3`) reads from a bucket whose versioning status is `Enabled`,
//! whether or not the bucket uses KMS. The bucket is the action's
//! `S3Bucket` configuration value, owned by this account or by another one.
//!
//! - PASS: every S3 source bucket is versioned (and so is every artifact
//!   store bucket).
//! - FAIL: a source bucket's versioning is `Suspended` or was never enabled,
//!   or the bucket does not exist.
//! - Advisory (FAIL at low): an artifact store bucket is not versioned. AWS
//!   does not require it; the notes recommend it.
//! - ERROR: the pipeline definition could not be read; a bucket's versioning
//!   could not be read (e.g. `AccessDenied` on another account's source
//!   bucket); an S3 source action names no bucket; or S3 could not be listed
//!   everywhere, so an unknown bucket cannot be called missing.
//! - SKIP: pipelines with no S3 source action (their artifact stores are not
//!   judged either), and pipelines that disappeared during the scan.
//!
//! ## Why it matters
//!
//! An S3 source action detects a new revision by the object's version and
//! pins every run to it. On an unversioned or suspended bucket the pipeline
//! does not start or cannot tell which revision it built, and traceability
//! is lost. The notes say the artifact bucket "must have versioning enabled
//! if you plan to use S3 actions" (notes 001 › ## CodePipeline › ### Key
//! Concepts & Common Pitfalls, item 1), then that versioning is needed "only
//! with KMS" (item 4, and notes 001 › ## Examination Tips & ‘Wrong Answer’
//! Context › CodePipeline KMS & Versioning). That second claim is wrong: the
//! AWS S3 source action reference requires a versioned bucket in every case,
//! so this check does not look at the bucket's encryption.
//!
//! ## How to fix
//!
//! - **Console**: S3 › the bucket › Properties › Bucket Versioning › Edit › Enable, Save.
//! - **CLI**: `aws s3api put-bucket-versioning --bucket NAME --versioning-configuration Status=Enabled`
//!   (for a bucket in another account, run it with that account's credentials).
//! - **CloudFormation**: on the `AWS::S3::Bucket`, set
//!   `VersioningConfiguration: {Status: Enabled}`.
//!
//! ## References
//!
//! - Study notes: 001 › ## CodePipeline › ### Key Concepts & Common Pitfalls
//!   (1 "S3 as Artifact Store", 4 "KMS and S3 Versioning"); 001 › ##
//!   Examination Tips & ‘Wrong Answer’ Context › CodePipeline KMS & Versioning.
//! - AWS: CodePipeline User Guide, "Amazon S3 source action reference"
//!   (the bucket must be versioned) and "Tutorial: Create a simple pipeline
//!   (S3 bucket)"; S3 User Guide, "Enabling versioning on buckets".
//! - AWS Config managed rule `s3-bucket-versioning-enabled` (bucket side only). Prowler: none for the pipeline side
//!   (`s3_bucket_object_versioning` judges buckets alone).

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::codepipeline::Action;
use crate::inventory::s3::BucketIndex;
use crate::inventory::{codepipeline, s3};
use crate::judge::reference::{self, Lookup, Reference};

pub static CHECK: Check = Check {
    id: "codepipeline-s3-source-versioning",
    title: "S3 source buckets of pipelines are versioned",
    service: "codepipeline",
    severity: Severity::Medium,
    section: "001 › ## CodePipeline › ### Key Concepts & Common Pitfalls",
    catalog: "SDLC-02",
    reads: &[
        codepipeline::PIPELINES,
        codepipeline::PIPELINE_DEFINITION,
        codepipeline::PIPELINE_TAGS,
        s3::BUCKETS,
        s3::VERSIONING,
        s3::OTHER_BUCKETS,
    ],
    tolerates: &[],
    settings: &[],
    config_rule: Some("s3-bucket-versioning-enabled"),
    prowler: None,
    source: include_str!("s3_source_versioning.rs"),
    run,
};

fn run(ctx: &Context, em: &mut Emitter) {
    let buckets = ctx.s3().index();
    for pipeline in &ctx.codepipeline().pipelines {
        let Some(def) = super::definition(pipeline, em) else {
            continue;
        };
        let sources: Vec<&Action> = def.actions().filter(|a| is_s3_source(a)).collect();
        if sources.is_empty() {
            em.skip(pipeline, "no S3 source action");
            continue;
        }
        let mut verdict = Verdict::new();
        let mut names = Vec::new();
        for action in sources {
            let Some(bucket) = action.configuration.get("S3Bucket") else {
                verdict.error_reason(format!(
                    "S3 source action {} has no S3Bucket in its configuration",
                    action.name
                ));
                continue;
            };
            names.push(bucket.as_str());
            let label = format!("source bucket {bucket} (action {})", action.name);
            match versioning(ctx, &buckets, bucket, &label) {
                Lookup::Found(None) => {}
                Lookup::Found(Some(problem)) => verdict.fail(format!("{label} {problem}")),
                Lookup::Missing(why) => verdict.fail(why),
                Lookup::Unknown(why) => verdict.error_reason(why),
            }
        }
        for (region, store) in def.stores(&pipeline.region) {
            let label = super::store_label(region, store);
            match versioning(ctx, &buckets, &store.location, &label) {
                Lookup::Found(None) => {}
                Lookup::Found(Some(problem)) => {
                    verdict.warn(format!("{label}: the bucket {problem}"))
                }
                Lookup::Missing(why) => verdict.warn(why),
                Lookup::Unknown(why) => verdict.error_reason(why),
            }
        }
        names.sort_unstable();
        names.dedup();
        verdict.emit(
            em,
            pipeline,
            format!(
                "S3 source bucket(s) {} and the artifact store(s) are versioned",
                names.join(", ")
            ),
        );
    }
}

fn is_s3_source(action: &Action) -> bool {
    action.category.eq_ignore_ascii_case("Source")
        && action.owner.eq_ignore_ascii_case("AWS")
        && action.provider.eq_ignore_ascii_case("S3")
}

/// What is wrong with the versioning of bucket `name` (`label` in reasons):
/// found with `None` when it is versioned. Another account's bucket whose
/// location could not be read is judged by its versioning all the same.
fn versioning(
    ctx: &Context,
    buckets: &BucketIndex,
    name: &str,
    label: &str,
) -> Lookup<Option<String>> {
    let reference = Reference::unplaced(label, "s3");
    reference::bucket(ctx, buckets, name, label).and_then(|bucket| {
        let Some(versioning) = bucket.versioning() else {
            return reference.missing();
        };
        match versioning.known() {
            Ok(Some(status)) if status == "Enabled" => Lookup::Found(None),
            Ok(Some(status)) => Lookup::Found(Some(format!("has versioning {status}"))),
            Ok(None) => Lookup::Found(Some("has never had versioning enabled".into())),
            Err(e) => reference.unreadable(e),
        }
    })
}
