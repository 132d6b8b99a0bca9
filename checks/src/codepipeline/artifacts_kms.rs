//! ## What it checks
//!
//! Every artifact store of every pipeline is encrypted with an enabled,
//! symmetric, customer-managed KMS key. The stores are the pipeline's
//! `artifactStore`, or each value of `artifactStores` for a multi-region
//! pipeline; each is judged in its own region. A pipeline is *cross-account*
//! when any action's `roleArn` belongs to another account.
//!
//! - PASS: every store names a key (key id, key ARN, alias name or alias ARN)
//!   that resolves, in the store's region, to a customer-managed key that is
//!   `Enabled` and `SYMMETRIC_DEFAULT`.
//! - FAIL: a store names a key that does not exist; a key that is not
//!   `Enabled` (Disabled, PendingDeletion, PendingImport, Unavailable); an AWS
//!   managed key (such as `alias/aws/s3`); an asymmetric key; or, on a
//!   cross-account pipeline, a key referenced by alias (aliases resolve only
//!   in the account that owns the key).
//! - No encryption key on a store: CodePipeline falls back to the AWS managed
//!   key `aws/s3`. Advisory (FAIL at low); FAIL when the setting
//!   `require_cmk` is true; always FAIL on a cross-account pipeline, because
//!   an AWS managed key cannot be used by another account.
//! - ERROR: the pipeline definition could not be read; the key could not be
//!   described (e.g. `DescribeKey` denied on another account's key); or KMS
//!   could not be listed in the key's region, so a key that is not in the
//!   inventory cannot be called missing.
//! - SKIP: the pipeline disappeared between listing and `GetPipeline`.
//! - Note (information only): a store bucket whose default encryption is
//!   SSE-S3 is not a failure, since CodePipeline requests SSE-KMS for every
//!   artifact it writes; the finding mentions it.
//!
//! ## Why it matters
//!
//! Artifacts hold source code and build outputs. With the AWS managed key
//! there is no key policy to control who decrypts them, and another account
//! can never use it, so cross-account deployments break. The notes say to
//! store artifacts in S3 encrypted with a KMS key the pipeline can use, and to
//! create a customer-managed key shared with the target account for
//! cross-account deployments (notes 001 › ## CodePipeline › ### Key Concepts &
//! Common Pitfalls, items 1 and 2; notes 000 › ## SDLC Automation ›
//! CodeBuild: artifacts uploaded to S3 using KMS; notes 001 › ## Examination
//! Tips & ‘Wrong Answer’ Context › CodePipeline KMS & Versioning).
//!
//! ## How to fix
//!
//! Create (or pick) a symmetric customer-managed key in each store's region
//! whose key policy lets the pipeline role (and, cross-account, the target
//! account) use it, then set it on the store. Refer to it by key ARN on
//! cross-account pipelines.
//!
//! - **Console**: CodePipeline › the pipeline › Edit › Edit: Pipeline settings
//!   (or Artifact store) › Encryption key › Customer managed key › choose the key, Save.
//! - **CLI**: `aws codepipeline get-pipeline --name NAME > p.json`, set
//!   `pipeline.artifactStore.encryptionKey` to `{"id": "KEY_ARN", "type": "KMS"}`
//!   (or each entry of `artifactStores`), drop `metadata`, then
//!   `aws codepipeline update-pipeline --cli-input-json file://p.json`.
//!   Re-enable a disabled key with `aws kms enable-key --key-id KEY`, or cancel a
//!   pending deletion with `aws kms cancel-key-deletion --key-id KEY`.
//! - **CloudFormation**: on `AWS::CodePipeline::Pipeline`, set
//!   `ArtifactStore.EncryptionKey: {Id: !GetAtt Key.Arn, Type: KMS}` (or on
//!   each `ArtifactStores[].ArtifactStore`), with an `AWS::KMS::Key` whose
//!   `KeyPolicy` grants the pipeline role `kms:Encrypt`, `kms:Decrypt`,
//!   `kms:ReEncrypt*`, `kms:GenerateDataKey*` and `kms:DescribeKey`.
//!
//! ## References
//!
//! - Study notes: 001 › ## CodePipeline › ### Key Concepts & Common Pitfalls
//!   (1 "S3 as Artifact Store", 2 "Cross-Account Deployments"); 000 › ## SDLC
//!   Automation › CodeBuild (buildspec: artifacts uploaded to S3 using KMS);
//!   001 › ## Examination Tips & ‘Wrong Answer’ Context › CodePipeline KMS & Versioning.
//! - AWS: CodePipeline User Guide, "Configure server-side encryption for
//!   artifacts stored in Amazon S3 for CodePipeline" and "Create a pipeline in
//!   CodePipeline that uses resources from another AWS account"; KMS Developer
//!   Guide, "Using aliases" (aliases are account-local).
//! - AWS Config managed rule: none (the closest, `codebuild-project-artifact-encryption`,
//!   covers CodeBuild only). Prowler: none.

use crate::arn::{account_of, Arn};
use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::codepipeline::{ArtifactStore, Pipeline, PipelineDefinition};
use crate::inventory::kms::{is_alias, KeyIndex, KeyLookup};
use crate::inventory::s3::{BucketIndex, BucketRef};
use crate::inventory::{codepipeline, kms, s3};

pub static CHECK: Check = Check {
    id: "codepipeline-artifacts-kms",
    title: "Pipeline artifact stores use an enabled customer-managed KMS key",
    service: "codepipeline",
    severity: Severity::High,
    section: "001 › ## CodePipeline › ### Key Concepts & Common Pitfalls",
    catalog: "SDLC-01",
    reads: &[
        codepipeline::PIPELINES,
        codepipeline::PIPELINE_DEFINITION,
        codepipeline::PIPELINE_TAGS,
        kms::KEYS,
        kms::KEY_METADATA,
        kms::KEY_POLICY,
        kms::ALIASES,
        s3::BUCKETS,
        s3::ENCRYPTION,
        s3::OTHER_BUCKETS,
    ],
    tolerates: &[],
    config_rule: None,
    prowler: None,
    source: include_str!("artifacts_kms.rs"),
    run,
};

fn run(ctx: &Context, em: &mut Emitter) {
    let keys = ctx.kms().index();
    let buckets = ctx.s3().index();
    for pipeline in &ctx.codepipeline().pipelines {
        let Some(def) = super::definition(pipeline, em) else {
            continue;
        };
        let cross = cross_account_actions(pipeline, def);
        let mut verdict = Verdict::new();
        let mut regions = Vec::new();
        for (region, store) in def.stores(&pipeline.region) {
            regions.push(region);
            judge_store(ctx, &keys, region, store, &cross, &mut verdict);
            sse_s3_note(&buckets, store, &mut verdict);
        }
        if regions.is_empty() {
            verdict.error_reason("the pipeline definition has no artifact store");
        }
        verdict.emit(
            em,
            pipeline,
            format!(
                "artifact store(s) in {} use enabled customer-managed symmetric KMS keys",
                regions.join(", ")
            ),
        );
    }
}

/// `action NAME assumes a role in account N` for every action whose role
/// belongs to another account than the pipeline's.
fn cross_account_actions(pipeline: &Pipeline, def: &PipelineDefinition) -> Vec<String> {
    def.actions()
        .filter_map(|a| {
            let account = account_of(a.role_arn.as_deref()?)?;
            (account != pipeline.account_id)
                .then(|| format!("action {} assumes a role in account {account}", a.name))
        })
        .collect()
}

fn judge_store(
    ctx: &Context,
    keys: &KeyIndex,
    region: &str,
    store: &ArtifactStore,
    cross: &[String],
    verdict: &mut Verdict,
) {
    let label = super::store_label(region, store);
    let Some(key) = &store.encryption_key else {
        let reason = format!(
            "{label} has no encryption key, so CodePipeline uses the AWS managed key aws/s3"
        );
        if let Some(first) = cross.first() {
            verdict.fail(format!(
                "{reason}, which other accounts cannot use ({first})"
            ));
        } else if ctx.settings.require_cmk {
            verdict.fail(format!("{reason} (require_cmk is set)"));
        } else {
            verdict.warn(reason);
        }
        return;
    };
    let id = key.id.as_str();
    let key_region = Arn::parse(id)
        .map(|a| a.region)
        .filter(|r| !r.is_empty())
        .unwrap_or(region);
    match keys.resolve(id, region) {
        KeyLookup::Found(_, meta) => {
            let mut problems = Vec::new();
            if !meta.is_enabled() {
                problems.push(format!("is {}", meta.key_state));
            }
            if !meta.is_customer_managed() {
                problems.push("is an AWS managed key".to_string());
            }
            if !meta.is_symmetric() {
                problems.push(format!("is {}, not SYMMETRIC_DEFAULT", meta.key_spec));
            }
            if let (true, Some(first)) = (is_alias(id), cross.first()) {
                problems.push(format!(
                    "is referenced by alias on a cross-account pipeline ({first}); aliases resolve only in the key's own account, use the key ARN"
                ));
            }
            if !problems.is_empty() {
                verdict.fail(format!("{label}: key {id} {}", problems.join(", ")));
            }
        }
        KeyLookup::Unreadable(_, e) => verdict.error_reason(format!("{label}: key {id}: {e}")),
        KeyLookup::NotFound if ctx.blind("kms", key_region) => verdict.error_reason(format!(
            "{label}: key {id} cannot be resolved because KMS could not be read in {key_region}"
        )),
        KeyLookup::NotFound if is_aws_managed_alias(id) => {
            verdict.fail(format!("{label}: key {id} is an AWS managed key"))
        }
        KeyLookup::NotFound => {
            verdict.fail(format!("{label}: key {id} does not exist in {key_region}"))
        }
    }
}

/// `alias/aws/…` (name or ARN): an AWS managed alias, which may have no key yet.
fn is_aws_managed_alias(id: &str) -> bool {
    let resource = Arn::parse(id).map_or(id, |a| a.resource);
    resource.starts_with("alias/aws/")
}

/// Information only: an SSE-S3 bucket default does not weaken the store,
/// because CodePipeline asks for SSE-KMS on every object it writes.
fn sse_s3_note(buckets: &BucketIndex, store: &ArtifactStore, verdict: &mut Verdict) {
    if let BucketRef::Owned(bucket) = buckets.get(&store.location) {
        if bucket
            .encryption
            .value()
            .is_some_and(|e| e.sse_algorithm == "AES256")
        {
            verdict.note(format!(
                "bucket {}'s default encryption is SSE-S3, which is fine: CodePipeline requests SSE-KMS for each artifact",
                bucket.name
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::engine::{Severity, Status};
    use crate::settings::Settings;
    use crate::testing::{assert_finding, assert_one, run, run_with};
    use serde_json::{json, Value};

    const ARN: &str = "arn:aws:codepipeline:us-east-1:111122223333:p";
    const KEY_ARN: &str = "arn:aws:kms:us-east-1:111122223333:key/k1";
    const PARTNER_ROLE: Option<&str> = Some("arn:aws:iam::444455556666:role/deployer");

    fn key(region: &str, id: &str, manager: &str, state: &str, spec: &str) -> Value {
        json!({
            "arn": format!("arn:aws:kms:{region}:111122223333:key/{id}"),
            "region": region, "account_id": "111122223333", "key_id": id,
            "metadata": {"value": {"key_manager": manager, "key_state": state, "key_spec": spec}},
            "policy": "absent"
        })
    }

    fn cmk(region: &str, id: &str) -> Value {
        key(region, id, "CUSTOMER", "Enabled", "SYMMETRIC_DEFAULT")
    }

    fn alias(region: &str, name: &str, target: Option<&str>) -> Value {
        json!({"arn": format!("arn:aws:kms:{region}:111122223333:{name}"), "region": region,
               "account_id": "111122223333", "name": name, "target_key_id": target})
    }

    fn store(bucket: &str, key_id: Option<&str>) -> Value {
        let mut s = json!({"type": "S3", "location": bucket});
        if let Some(id) = key_id {
            s["encryption_key"] = json!({"id": id, "type": "KMS"});
        }
        s
    }

    /// A pipeline definition with one Deploy action assuming `role_arn`;
    /// `stores` is one store, or `[us-east-1 store, eu-west-1 store]`.
    fn definition(stores: Value, role_arn: Option<&str>) -> Value {
        let mut action = json!({"name": "Deploy", "category": "Deploy", "owner": "AWS", "provider": "CloudFormation"});
        if let Some(r) = role_arn {
            action["role_arn"] = json!(r);
        }
        let mut d = json!({
            "role_arn": "arn:aws:iam::111122223333:role/pipeline",
            "stages": [{"name": "Deploy", "actions": [action]}]
        });
        if stores.is_array() {
            d["artifact_stores"] = json!({"us-east-1": stores[0], "eu-west-1": stores[1]});
        } else {
            d["artifact_store"] = stores;
        }
        json!({"value": d})
    }

    fn account(definition: Value, keys: Value, aliases: Value) -> Value {
        json!({
            "codepipeline": {"pipelines": [{"arn": ARN, "region": "us-east-1", "account_id": "111122223333",
                                            "name": "p", "definition": definition}]},
            "kms": {"keys": keys, "aliases": aliases},
            "s3": {"buckets": []}
        })
    }

    /// One pipeline whose single store uses `key_id`, with `keys` and no aliases.
    fn with_key(key_id: &str, keys: Value) -> Value {
        account(definition(store("b", Some(key_id)), None), keys, json!([]))
    }

    #[test]
    fn customer_managed_keys_pass_by_id_arn_and_alias() {
        for id in [
            "k1",
            KEY_ARN,
            "alias/app",
            "arn:aws:kms:us-east-1:111122223333:alias/app",
        ] {
            let mut a = with_key(id, json!([cmk("us-east-1", "k1")]));
            a["kms"]["aliases"] = json!([alias("us-east-1", "alias/app", Some("k1"))]);
            assert_one(
                &CHECK,
                a,
                Status::Pass,
                Severity::High,
                "in us-east-1 use enabled",
            );
        }
    }

    #[test]
    fn no_key_is_advisory_or_fails_with_require_cmk_or_cross_account() {
        let no_key = account(definition(store("b", None), None), json!([]), json!([]));
        let f = assert_one(
            &CHECK,
            no_key.clone(),
            Status::Fail,
            Severity::Low,
            "aws/s3",
        );
        assert!(f.reason.starts_with("advisory:"), "{}", f.reason);

        let strict = Settings {
            require_cmk: true,
            ..Settings::default()
        };
        let f = assert_finding(
            &run_with(&CHECK, no_key, &strict),
            ARN,
            Status::Fail,
            "require_cmk",
        );
        assert_eq!(f.severity, Severity::High);

        let cross = account(
            definition(store("b", None), PARTNER_ROLE),
            json!([]),
            json!([]),
        );
        assert_one(
            &CHECK,
            cross,
            Status::Fail,
            Severity::High,
            "other accounts cannot use (action Deploy assumes a role in account 444455556666)",
        );
    }

    #[test]
    fn unusable_keys_fail() {
        for (k, needle) in [
            (
                key(
                    "us-east-1",
                    "k1",
                    "CUSTOMER",
                    "Disabled",
                    "SYMMETRIC_DEFAULT",
                ),
                "is Disabled",
            ),
            (
                key(
                    "us-east-1",
                    "k1",
                    "CUSTOMER",
                    "PendingDeletion",
                    "SYMMETRIC_DEFAULT",
                ),
                "is PendingDeletion",
            ),
            (
                key(
                    "us-east-1",
                    "k1",
                    "CUSTOMER",
                    "PendingImport",
                    "SYMMETRIC_DEFAULT",
                ),
                "is PendingImport",
            ),
            (
                key(
                    "us-east-1",
                    "k1",
                    "CUSTOMER",
                    "Unavailable",
                    "SYMMETRIC_DEFAULT",
                ),
                "is Unavailable",
            ),
            (
                key("us-east-1", "k1", "AWS", "Enabled", "SYMMETRIC_DEFAULT"),
                "AWS managed key",
            ),
            (
                key("us-east-1", "k1", "CUSTOMER", "Enabled", "RSA_2048"),
                "is RSA_2048, not SYMMETRIC_DEFAULT",
            ),
        ] {
            assert_one(
                &CHECK,
                with_key("k1", json!([k])),
                Status::Fail,
                Severity::High,
                needle,
            );
        }
    }

    #[test]
    fn missing_keys_fail() {
        let (fail, high) = (Status::Fail, Severity::High);
        assert_one(
            &CHECK,
            with_key(KEY_ARN, json!([])),
            fail,
            high,
            "does not exist in us-east-1",
        );

        let mut gone = cmk("us-east-1", "k1");
        gone["metadata"] = json!("absent");
        assert_one(
            &CHECK,
            with_key("k1", json!([gone])),
            fail,
            high,
            "key k1 does not exist",
        );

        let mut aws_alias = with_key("alias/aws/s3", json!([]));
        aws_alias["kms"]["aliases"] = json!([alias("us-east-1", "alias/aws/s3", None)]);
        assert_one(&CHECK, aws_alias, fail, high, "AWS managed key");

        // A key id resolves in the store's region only.
        let elsewhere = with_key("k1", json!([cmk("eu-west-1", "k1")]));
        assert_one(&CHECK, elsewhere, fail, high, "does not exist in us-east-1");
    }

    #[test]
    fn alias_on_cross_account_pipeline_fails_and_key_arn_passes() {
        let keys = json!([cmk("us-east-1", "k1")]);
        let aliases = json!([alias("us-east-1", "alias/app", Some("k1"))]);
        let alias_arn = "arn:aws:kms:us-east-1:111122223333:alias/app";
        for (id, role, status, needle) in [
            (
                alias_arn,
                PARTNER_ROLE,
                Status::Fail,
                "referenced by alias on a cross-account pipeline",
            ),
            (
                "alias/app",
                PARTNER_ROLE,
                Status::Fail,
                "aliases resolve only in the key's own account",
            ),
            (KEY_ARN, PARTNER_ROLE, Status::Pass, "customer-managed"),
            (
                "alias/app",
                Some("arn:aws:iam::111122223333:role/deployer"),
                Status::Pass,
                "customer-managed",
            ),
        ] {
            let a = account(
                definition(store("b", Some(id)), role),
                keys.clone(),
                aliases.clone(),
            );
            assert_one(&CHECK, a, status, Severity::High, needle);
        }
    }

    #[test]
    fn unreadable_key_and_blind_kms_are_errors() {
        let foreign = "arn:aws:kms:eu-west-1:444455556666:key/x";
        let denied = json!({
            "arn": foreign, "region": "eu-west-1", "account_id": "444455556666", "key_id": "x",
            "metadata": {"error": {"operation": "DescribeKey", "code": "AccessDeniedException"}},
            "policy": "absent"
        });
        assert_one(
            &CHECK,
            with_key(foreign, json!([denied.clone()])),
            Status::Error,
            Severity::High,
            "DescribeKey failed: AccessDeniedException",
        );

        // A confirmed failure in another store wins over the unknown.
        let disabled = key(
            "us-east-1",
            "k1",
            "CUSTOMER",
            "Disabled",
            "SYMMETRIC_DEFAULT",
        );
        let both = account(
            definition(
                json!([store("b", Some("k1")), store("c", Some(foreign))]),
                None,
            ),
            json!([disabled, denied]),
            json!([]),
        );
        let f = assert_one(&CHECK, both, Status::Fail, Severity::High, "is Disabled");
        assert!(f.reason.contains("also could not evaluate"), "{}", f.reason);

        let mut blind = with_key("k1", json!([]));
        blind["collection_errors"] = json!([{"service": "kms", "region": "us-east-1",
            "operation": "ListKeys", "code": "AccessDeniedException", "message": ""}]);
        let f = run(&CHECK, blind);
        assert_finding(&f, ARN, Status::Error, "KMS could not be read in us-east-1");
        assert_finding(
            &f,
            "arn:aws:kms:us-east-1:111122223333",
            Status::Error,
            "ListKeys failed",
        );
    }

    #[test]
    fn multi_region_stores_are_each_judged_in_their_region() {
        let keys = json!([cmk("us-east-1", "k1"), cmk("eu-west-1", "k2")]);
        let good = definition(
            json!([store("b-us", Some("k1")), store("b-eu", Some("k2"))]),
            None,
        );
        assert_one(
            &CHECK,
            account(good, keys.clone(), json!([])),
            Status::Pass,
            Severity::High,
            "in eu-west-1, us-east-1 use",
        );
        let bad = definition(
            json!([store("b-us", Some("k1")), store("b-eu", Some("k1"))]),
            None,
        );
        assert_one(
            &CHECK,
            account(bad, keys, json!([])),
            Status::Fail,
            Severity::High,
            "artifact store b-eu in eu-west-1: key k1 does not exist in eu-west-1",
        );
    }

    #[test]
    fn sse_s3_bucket_default_is_only_noted() {
        let mut a = with_key("k1", json!([cmk("us-east-1", "k1")]));
        a["s3"]["buckets"] = json!([{"arn": "arn:aws:s3:::b", "region": "us-east-1", "account_id": "111122223333",
            "name": "b", "encryption": {"value": {"sse_algorithm": "AES256"}}}]);
        assert_one(
            &CHECK,
            a,
            Status::Pass,
            Severity::High,
            "default encryption is SSE-S3",
        );
    }

    #[test]
    fn unreadable_or_vanished_definition() {
        let throttled =
            json!({"error": {"operation": "GetPipeline", "code": "ThrottlingException"}});
        let a = account(throttled, json!([]), json!([]));
        assert_one(
            &CHECK,
            a,
            Status::Error,
            Severity::High,
            "throttled: GetPipeline",
        );
        let a = account(json!("absent"), json!([]), json!([]));
        assert_one(&CHECK, a, Status::Skip, Severity::High, "no such pipeline");
    }
}
