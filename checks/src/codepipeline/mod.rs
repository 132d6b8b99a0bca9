//! Checks of the codepipeline service.

use crate::engine::{Check, Emitter};
use crate::inventory::codepipeline::{ArtifactStore, Pipeline, PipelineDefinition};

mod artifacts_kms;
mod cfn_action_config;
mod cross_account_artifacts;
mod event_based_source;
mod manual_approval_before_prod;
mod multiregion_artifact_stores;
mod s3_source_versioning;

pub const CHECKS: &[&Check] = &[
    &artifacts_kms::CHECK,
    &s3_source_versioning::CHECK,
    &multiregion_artifact_stores::CHECK,
    &cross_account_artifacts::CHECK,
    &manual_approval_before_prod::CHECK,
    &event_based_source::CHECK,
    &cfn_action_config::CHECK,
];

/// The pipeline's definition; `None` after emitting ERROR (`GetPipeline`
/// failed) or SKIP (the pipeline was deleted between listing and reading).
fn definition<'a>(pipeline: &'a Pipeline, em: &mut Emitter) -> Option<&'a PipelineDefinition> {
    match pipeline.definition.known() {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            em.skip(
                pipeline,
                "GetPipeline found no such pipeline (deleted during the scan)",
            );
            None
        }
        Err(e) => {
            em.error(pipeline, e);
            None
        }
    }
}

/// `artifact store <bucket> in <region>`, for reasons.
fn store_label(region: &str, store: &ArtifactStore) -> String {
    format!("artifact store {} in {region}", store.location)
}
