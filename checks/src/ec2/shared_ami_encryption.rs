//! ## What it checks
//!
//! The account's own AMIs that are shared (any launch permission: an
//! account `UserId`, an `OrganizationArn`, an `OrganizationalUnitArn`, or
//! `Group=all`) are not public by accident, and their EBS snapshots are
//! encrypted with customer managed KMS keys that the accounts they are
//! shared with may use. AMIs with no launch permission SKIP.
//!
//! - **FAIL** when the AMI is public (`Group=all`) and not tagged
//!   `public-ami=true`.
//! - Advisory (FAIL at low) when the account's AMI block public access in
//!   the AMI's region is not `block-new-sharing`.
//! - For each encrypted snapshot of the AMI (`DescribeSnapshots`):
//!   - **FAIL** when its key is AWS managed (`aws/ebs`): the accounts it is
//!     shared with cannot use it;
//!   - **FAIL** unless the key policy grants each account it is shared with
//!     (or, for an organization or organizational unit, the organization
//!     through `aws:PrincipalOrgID`) `kms:DescribeKey`, `kms:Decrypt`,
//!     `kms:CreateGrant`, `kms:ReEncrypt*` (`ReEncryptFrom` and
//!     `ReEncryptTo`) and `kms:GenerateDataKeyWithoutPlaintext`. An account
//!     granted only through an organization condition is not counted (a key
//!     policy does not tell the organization's members).
//! - Advisory (FAIL at low) when a snapshot of the AMI is unencrypted: the
//!   notes allow sharing unencrypted AMIs, a policy may not.
//! - ERROR when the launch permissions, a snapshot, the block public access
//!   state, a key or its policy could not be read.
//!
//! ## Why it matters
//!
//! An AMI encrypted with the default `aws/ebs` key cannot be launched or
//! copied by the accounts it is shared with: only a customer managed key
//! whose policy lets them use it (and create grants for Auto Scaling and
//! EC2) can be shared. A public AMI exposes whatever is on its disks to
//! everyone (notes 000 › Security and Compliance › "EC2 instance migration
//! using AMIs": share only unencrypted or CMK-encrypted AMIs, and share the
//! key; notes 001 › ## Amazon EC2 AMI Encryption & Cross-Account Sharing:
//! the key policy grants the target account CreateGrant, DescribeKey and
//! Decrypt).
//!
//! ## How to fix
//!
//! Copy the AMI with a customer managed key, add the accounts (or the
//! organization) to the key policy, share the copy, and stop sharing the
//! original; make AMIs private unless they are meant to be public, and turn
//! on AMI block public access.
//!
//! - **Console**: EC2 › AMIs › the image › Actions › Copy AMI › Encrypt EBS snapshots with a customer managed key; KMS › the key › Key policy › add the accounts; EC2 › AMIs › the image › Actions › Edit AMI permissions › Private (or the accounts and organization); EC2 Dashboard › Account attributes › Data protection and security › Block public access for AMIs › Manage › Block new public sharing.
//! - **CLI**: `aws ec2 copy-image --source-image-id ami-… --source-region us-east-1 --name web-cmk --encrypted --kms-key-id alias/ami-sharing`; `aws kms put-key-policy --key-id alias/ami-sharing --policy-name default --policy file://policy.json`; `aws ec2 modify-image-attribute --image-id ami-… --launch-permission "Remove=[{Group=all}]"`; `aws ec2 enable-image-block-public-access --image-block-public-access-state block-new-sharing`.
//! - **CloudFormation**: an `AWS::KMS::Key` whose `KeyPolicy` has a statement allowing `arn:aws:iam::ACCOUNT:root` (or `Principal: "*"` with `Condition: {StringEquals: {aws:PrincipalOrgID: o-…}}`) `kms:DescribeKey`, `kms:Decrypt`, `kms:ReEncrypt*`, `kms:CreateGrant` and `kms:GenerateDataKeyWithoutPlaintext`; an `AWS::ImageBuilder::DistributionConfiguration` with `AmiDistributionConfiguration: {KmsKeyId: …, LaunchPermissionConfiguration: {UserIds: […]}}`.
//!
//! ## References
//!
//! - Study notes: 000 › Security and Compliance › "EC2 instance migration using AMIs"; 001 › ## Amazon EC2 AMI Encryption & Cross-Account Sharing.
//! - AWS: "Share an AMI with specific AWS accounts", "Share AMIs with organizations or OUs", "Block public access to your AMIs" (EC2 User Guide); "Allowing users in other accounts to use a KMS key" (KMS Developer Guide).
//! - No AWS Config managed rule (related: `ec2-ebs-encryption-by-default`); Prowler `ec2_ami_public`.

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::ec2::{self, Image, LaunchPermission, Snapshot};
use crate::inventory::kms::{self, KeyIndex};
use crate::judge::kms::{key, KmsKey};
use crate::policy::Grantee;
use std::collections::HashMap;

pub static CHECK: Check = Check {
    id: "ec2-shared-ami-encryption",
    title: "Shared AMIs use CMK-encrypted snapshots whose keys are shared with the same accounts",
    service: "ec2",
    severity: Severity::High,
    section: "001 › ## Amazon EC2 AMI Encryption & Cross-Account Sharing",
    catalog: "SEC-24",
    reads: &[
        ec2::OWNED_IMAGES,
        ec2::LAUNCH_PERMISSIONS,
        ec2::SNAPSHOTS,
        ec2::IMAGE_BLOCK_PUBLIC_ACCESS,
        kms::KEYS,
        kms::KEY_METADATA,
        kms::KEY_POLICY,
    ],
    tolerates: &[],
    settings: &[],
    config_rule: None,
    prowler: Some("ec2_ami_public"),
    source: include_str!("shared_ami_encryption.rs"),
    run,
};

/// What the accounts an AMI is shared with need of its snapshots' key.
const SHARING_ACTIONS: [&str; 6] = [
    "kms:DescribeKey",
    "kms:Decrypt",
    "kms:CreateGrant",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:GenerateDataKeyWithoutPlaintext",
];

/// The AMI block public access state that blocks new public sharing.
const BLOCK_NEW_SHARING: &str = "block-new-sharing";

fn run(ctx: &Context, em: &mut Emitter) {
    let keys = ctx.kms().index();
    let snapshots: HashMap<(&str, &str), &Snapshot> = ctx
        .ec2()
        .snapshots
        .iter()
        .map(|s| ((s.region.as_str(), s.snapshot_id.as_str()), s))
        .collect();
    for image in &ctx.ec2().owned_images {
        let permissions = match image.launch_permissions.known() {
            Err(e) => {
                em.error(image, e);
                continue;
            }
            Ok(p) => p.map(Vec::as_slice).unwrap_or_default(),
        };
        if permissions.is_empty() {
            em.skip(image, "not shared (no launch permissions)");
            continue;
        }
        let mut v = Verdict::new();
        judge_public(ctx, image, permissions, &mut v);
        let grantees: Vec<(String, Grantee)> = permissions.iter().filter_map(grantee).collect();
        let mut unencrypted = Vec::new();
        let mut keys_used = Vec::new();
        for device in &image.block_devices {
            let label = format!("snapshot {} ({})", device.snapshot_id, device.device_name);
            if device.encrypted == Some(false) {
                unencrypted.push(label);
                continue;
            }
            let Some(snapshot) =
                snapshots.get(&(image.region.as_str(), device.snapshot_id.as_str()))
            else {
                match ctx.unreadable(ec2::SNAPSHOTS, &image.region) {
                    Some(e) => v.error_reason(format!("{label} could not be read: {e}")),
                    None => v.error_reason(format!(
                        "{label} is not in the inventory (DescribeSnapshots did not return it)"
                    )),
                }
                continue;
            };
            match (&snapshot.kms_key_id, snapshot.encrypted) {
                (_, false) => unencrypted.push(label),
                (None, true) => v.error_reason(format!(
                    "{label} is encrypted with a key that was not reported"
                )),
                (Some(key_id), true) => {
                    if let Some(arn) =
                        judge_key(ctx, &keys, image, &label, key_id, &grantees, &mut v)
                    {
                        keys_used.push(arn);
                    }
                }
            }
        }
        if !unencrypted.is_empty() {
            v.warn(format!(
                "shared with unencrypted snapshots: {}",
                unencrypted.join(", ")
            ));
        }
        keys_used.sort();
        keys_used.dedup();
        let shared: Vec<&str> = grantees.iter().map(|(label, _)| label.as_str()).collect();
        let pass = match (shared.is_empty(), keys_used.is_empty()) {
            (true, _) => "public as tagged (public-ami=true)".to_string(),
            (false, true) => format!("shared with {}", shared.join(", ")),
            (false, false) => format!(
                "shared with {}; its snapshots use customer managed key {}, whose policy grants them the sharing actions",
                shared.join(", "),
                keys_used.join(", ")
            ),
        };
        v.emit(em, image, pass);
    }
}

/// Public without the tag; the region's block public access state.
fn judge_public(ctx: &Context, image: &Image, permissions: &[LaunchPermission], v: &mut Verdict) {
    let public = permissions
        .iter()
        .any(|p| p.group.as_deref() == Some("all"));
    if public && image.tags.get("public-ami").is_none_or(|t| t != "true") {
        v.fail("public (launch permission Group=all) and not tagged public-ami=true");
    }
    let region = &image.region;
    let Some(state) = ctx.ec2().regions.iter().find(|r| &r.region == region) else {
        return v.error_reason(format!(
            "the AMI block public access state of {region} was not collected"
        ));
    };
    match state.image_block_public_access.known() {
        Err(e) => v.error(e),
        Ok(Some(s)) if s == BLOCK_NEW_SHARING => {}
        Ok(s) => v.warn(format!(
            "AMI block public access in {region} is {}, not {BLOCK_NEW_SHARING}",
            s.map_or("not set", String::as_str)
        )),
    }
}

/// Whom a launch permission shares with, labelled; `None` for `Group=all`
/// (a public AMI cannot have encrypted snapshots, so no key grants it).
fn grantee(p: &LaunchPermission) -> Option<(String, Grantee<'_>)> {
    if let Some(account) = &p.user_id {
        return Some((format!("account {account}"), Grantee::Account(account)));
    }
    // arn:aws:organizations::MGMT:organization/o-… or …:ou/o-…/ou-…
    let (label, arn) = match (&p.organization_arn, &p.organizational_unit_arn) {
        (Some(arn), _) => ("organization", arn),
        (None, Some(arn)) => ("organizational unit", arn),
        (None, None) => return None,
    };
    let org = arn.split('/').nth(1)?;
    Some((format!("{label} {arn}"), Grantee::Organization(org)))
}

/// Judges the key of one encrypted snapshot; its ARN when it is customer
/// managed and grants every grantee the sharing actions.
fn judge_key(
    ctx: &Context,
    keys: &KeyIndex,
    image: &Image,
    label: &str,
    key_id: &str,
    grantees: &[(String, Grantee)],
    v: &mut Verdict,
) -> Option<String> {
    let described = match key(
        ctx,
        keys,
        key_id,
        &image.region,
        &ctx.account.account_id,
        format!("the key {key_id} of {label}"),
    )
    .or_record(v)?
    {
        KmsKey::Described(k) if k.meta.is_customer_managed() => k,
        KmsKey::Described(_) | KmsKey::AwsManagedAlias => {
            v.fail(format!(
                "{label} is encrypted with the AWS managed key {key_id}, which the accounts it is shared with cannot use"
            ));
            return None;
        }
    };
    let policy = described.policy().or_record(v)?;
    let mut granted = true;
    for (who, grantee) in grantees {
        let missing: Vec<&str> = SHARING_ACTIONS
            .iter()
            .copied()
            .filter(|a| !policy.grants(*grantee, a, described.arn()))
            .collect();
        if !missing.is_empty() {
            granted = false;
            v.fail(format!(
                "the policy of key {} ({label}) does not grant {who} {}",
                described.arn(),
                missing.join(", ")
            ));
        }
    }
    granted.then(|| described.arn().to_string())
}
