//! ## What it checks
//!
//! Every enabled customer managed symmetric KMS key whose key material KMS
//! generated (`KeyManager=CUSTOMER`, `KeySpec=SYMMETRIC_DEFAULT`,
//! `Origin=AWS_KMS`, `KeyState=Enabled`) has automatic key rotation on.
//! Only this account's keys in the collected regions are judged (keys of
//! other accounts that its resources use are judged in their own account).
//!
//! - PASS: `GetKeyRotationStatus` says `KeyRotationEnabled=true` (the
//!   reason gives the rotation period).
//! - FAIL: automatic rotation is off.
//! - SKIP: keys that cannot rotate automatically or are out of scope: AWS
//!   managed keys (AWS rotates them every year), asymmetric and HMAC keys,
//!   imported key material (`EXTERNAL`: rotate it by hand), keys in a
//!   custom key store (`AWS_CLOUDHSM`, `EXTERNAL_KEY_STORE`), keys that are
//!   not enabled (disabled, pending deletion or import), and a key KMS
//!   says does not support rotation.
//! - ERROR: `DescribeKey` or `GetKeyRotationStatus` could not be read, the
//!   key's origin is not known, or KMS could not be listed in a region.
//!
//! ## Why it matters
//!
//! Automatic rotation creates new key material every year (or the period
//! you set) while keeping the old material to decrypt what it encrypted:
//! it limits how much data one piece of key material protects, at no cost
//! to applications, which keep using the same key id. The notes mention
//! customer managed keys "with key rotation" in passing (notes 001 › ## AWS
//! KMS: Throttling Considerations); this check is adjacent to them, a
//! standard KMS practice.
//!
//! ## How to fix
//!
//! - **Console**: KMS › Customer managed keys › the key › Key rotation › Automatically rotate this KMS key every year (or set the period) › Save.
//! - **CLI**: `aws kms enable-key-rotation --key-id KEY_ID --rotation-period-in-days 365`.
//! - **CloudFormation**: on the `AWS::KMS::Key`, set `EnableKeyRotation: true` (and `RotationPeriodInDays` if not 365).
//!
//! ## References
//!
//! - Study notes: 001 › ## AWS KMS: Throttling Considerations (CMKs "with key rotation").
//! - AWS: KMS developer guide, "Rotate AWS KMS keys" and "GetKeyRotationStatus".
//! - AWS Config managed rule `cmk-backing-key-rotation-enabled`; Prowler `kms_cmk_rotation_enabled`.

use crate::engine::{Check, Context, Emitter, Severity};
use crate::inventory::kms;
use crate::inventory::kms::{Key, KeyMetadata};

pub static CHECK: Check = Check {
    id: "kms-key-rotation",
    title: "Customer managed symmetric KMS keys rotate automatically",
    service: "kms",
    severity: Severity::Low,
    section: "001 › ## AWS KMS: Throttling Considerations",
    catalog: "SEC-29",
    reads: &[
        kms::KEYS,
        kms::KEY_METADATA,
        kms::KEY_ROTATION,
        kms::KEY_TAGS,
    ],
    tolerates: &[],
    settings: &[],
    config_rule: Some("cmk-backing-key-rotation-enabled"),
    prowler: Some("kms_cmk_rotation_enabled"),
    source: include_str!("key_rotation.rs"),
    run,
};

fn run(ctx: &Context, em: &mut Emitter) {
    let account = ctx.account.account_id.as_str();
    let regions = &ctx.account.regions;
    for key in &ctx.kms().keys {
        if key.account_id == account && regions.contains(&key.region) {
            judge(key, em);
        }
    }
}

fn judge(key: &Key, em: &mut Emitter) {
    let meta = match key.metadata.known() {
        Err(e) => return em.error(key, e),
        Ok(None) => {
            return em.skip(
                key,
                "the key no longer exists (DescribeKey: NotFoundException)",
            )
        }
        Ok(Some(m)) => m,
    };
    if let Some(why) = out_of_scope(meta) {
        return em.skip(key, why);
    }
    if meta.origin.is_none() {
        return em.error_reason(
            key,
            "the key's origin is not known, so whether it can rotate automatically cannot be told",
        );
    }
    match key.rotation.known() {
        Err(e) => em.error(key, e),
        Ok(None) => em.skip(key, "KMS says this key does not support automatic rotation"),
        Ok(Some(r)) if r.enabled => {
            let period = r
                .period_days
                .map_or(String::new(), |d| format!(" every {d} days"));
            em.pass(key, format!("automatic key rotation is on{period}"))
        }
        Ok(Some(_)) => em.fail(key, "automatic key rotation is off"),
    }
}

/// Why the key is not one that should rotate automatically, if it is not.
fn out_of_scope(meta: &KeyMetadata) -> Option<String> {
    if !meta.is_customer_managed() {
        return Some("AWS managed key: AWS rotates it every year".into());
    }
    if !meta.is_symmetric() {
        let kind = if meta.key_spec.starts_with("HMAC") {
            "HMAC"
        } else {
            "asymmetric"
        };
        return Some(format!(
            "{kind} key ({}): automatic rotation applies to symmetric encryption keys only",
            meta.key_spec
        ));
    }
    match meta.origin.as_deref() {
        Some("EXTERNAL") => {
            return Some("imported key material (origin EXTERNAL): rotate it by hand".into())
        }
        Some(store @ ("AWS_CLOUDHSM" | "EXTERNAL_KEY_STORE")) => {
            return Some(format!(
                "key in a custom key store (origin {store}): automatic rotation is not supported"
            ))
        }
        _ => {}
    }
    if !meta.is_enabled() {
        return Some(format!(
            "key is {}: rotation is judged on enabled keys",
            meta.key_state
        ));
    }
    None
}
