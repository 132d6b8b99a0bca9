//! IAM (global): `GetAccountAuthorizationDetails` (filter `Role`, and
//! `LocalManagedPolicy` when the managed policies are read), every page:
//! one call returns up to 1,000 roles with their trust policy, inline
//! policies, attached managed policies and tags, where reading them role
//! by role took four calls per role (`ListRoles`, `ListRoleTags`,
//! `ListAttachedRolePolicies`, `ListRolePolicies` + `GetRolePolicy` per
//! inline policy). Policy documents come URL-encoded and are stored
//! decoded. Each attached customer managed policy's default version comes
//! with the same call; an attached AWS managed policy is read on its own
//! (`GetPolicy` + `GetPolicyVersion`: the `AWSManagedPolicy` filter would
//! page through every AWS managed policy and version there is).
//! `ListInstanceProfiles` (a failure leaves the instance profiles unread,
//! the roles kept).

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_iam;

use crate::session::sdk_client;
use crate::{policy_json, tags_of, Cx};
use aws_sdk_iam::types::{EntityType, ManagedPolicyDetail, RoleDetail};
use aws_sdk_iam::Client;
use awscheck_model::arn::Arn;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::iam::{
    self as data, Iam, InlinePolicy, InstanceProfile, ManagedPolicy, Role,
};
use awscheck_model::inventory::{PolicyJson, GLOBAL};
use std::collections::{BTreeSet, HashMap};

crate::registry::operations! {
    sdk "IAM", iam "iam" {
        GET_ACCOUNT_AUTHORIZATION_DETAILS = GetAccountAuthorizationDetails,
        GET_POLICY = GetPolicy,
        GET_POLICY_VERSION = GetPolicyVersion,
        LIST_INSTANCE_PROFILES = ListInstanceProfiles,
    }
}

crate::service!(Iam, global: true);

/// Items per `GetAccountAuthorizationDetails` page (its maximum).
const PAGE: i32 = 1000;

async fn collect(cx: &Cx) -> Result<Iam, CollectError> {
    let client = sdk_client!(aws_sdk_iam, &cx.session, &cx.region);
    let (details, local) = details(cx, &client).await?;
    let roles: Vec<Role> = details.iter().map(|r| role_of(cx, r)).collect();
    let policies = if cx.wants(data::MANAGED_POLICIES) {
        // Every managed policy a role attaches: customer managed ones came
        // with the details, AWS managed ones are read one by one.
        let attached: BTreeSet<String> = details
            .iter()
            .flat_map(|r| r.attached_managed_policies())
            .filter_map(|p| p.policy_arn().map(str::to_string))
            .collect();
        let (client, local) = (&client, &local);
        cx.bounded(attached, |arn| async move {
            match local.get(&arn) {
                Some(detail) => local_policy(cx, arn, detail),
                None => read_policy(cx, client, arn).await,
            }
        })
        .await
    } else {
        Vec::new()
    };
    let instance_profiles = if cx.wants(data::INSTANCE_PROFILES) {
        let listed = client
            .list_instance_profiles()
            .into_paginator()
            .items()
            .send();
        match cx.list(LIST_INSTANCE_PROFILES, listed).await {
            Ok(profiles) => profiles
                .iter()
                .map(|p| InstanceProfile {
                    arn: p.arn().to_string(),
                    region: GLOBAL.to_string(),
                    account_id: cx.account_id().to_string(),
                    name: p.instance_profile_name().to_string(),
                    role_arns: p.roles().iter().map(|r| r.arn().to_string()).collect(),
                })
                .collect(),
            Err(e) => {
                cx.unread(data::INSTANCE_PROFILES, e);
                Vec::new()
            }
        }
    } else {
        Vec::new()
    };
    Ok(Iam {
        roles,
        policies,
        instance_profiles,
    })
}

/// Every page of `GetAccountAuthorizationDetails`: the roles, and the
/// customer managed policies by ARN when a check reads managed policies.
async fn details(
    cx: &Cx,
    client: &Client,
) -> Result<(Vec<RoleDetail>, HashMap<String, ManagedPolicyDetail>), CollectError> {
    let mut filter = vec![EntityType::Role];
    if cx.wants(data::MANAGED_POLICIES) {
        filter.push(EntityType::LocalManagedPolicy);
    }
    let pages = client
        .get_account_authorization_details()
        .set_filter(Some(filter))
        .max_items(PAGE)
        .into_paginator()
        .send()
        .try_collect();
    let pages = cx
        .call(GET_ACCOUNT_AUTHORIZATION_DETAILS, pages)
        .await
        .ok()?;
    let mut roles = Vec::new();
    let mut policies = HashMap::new();
    for page in pages {
        roles.extend(page.role_detail_list().iter().cloned());
        for p in page.policies() {
            if let Some(arn) = p.arn() {
                policies.insert(arn.to_string(), p.clone());
            }
        }
    }
    Ok((roles, policies))
}

/// A role as its details describe it; the parts no selected check reads
/// keep their default (not collected).
fn role_of(cx: &Cx, r: &RoleDetail) -> Role {
    let wanted = |d| cx.wants(d);
    Role {
        arn: r.arn().unwrap_or_default().to_string(),
        region: GLOBAL.to_string(),
        account_id: cx.account_id().to_string(),
        name: r.role_name().unwrap_or_default().to_string(),
        trust_policy: r
            .assume_role_policy_document()
            .map(policy_json)
            .unwrap_or(PolicyJson(serde_json::Value::Null)),
        attached_policies: if wanted(data::ATTACHED_POLICIES) {
            Collected::Value(
                r.attached_managed_policies()
                    .iter()
                    .filter_map(|p| p.policy_arn().map(str::to_string))
                    .collect(),
            )
        } else {
            Collected::default()
        },
        inline_policies: if wanted(data::INLINE_POLICIES) {
            Collected::Value(
                r.role_policy_list()
                    .iter()
                    .map(|p| InlinePolicy {
                        name: p.policy_name().unwrap_or_default().to_string(),
                        document: p
                            .policy_document()
                            .map(policy_json)
                            .unwrap_or(PolicyJson(serde_json::Value::Null)),
                    })
                    .collect(),
            )
        } else {
            Collected::default()
        },
        tags: if wanted(data::ROLE_TAGS) {
            tags_of(r.tags().iter().map(|t| (t.key(), t.value())))
        } else {
            Default::default()
        },
    }
}

/// A customer managed policy from the details: its default version's
/// document (one is always marked default).
fn local_policy(cx: &Cx, arn: String, p: &ManagedPolicyDetail) -> ManagedPolicy {
    let default = p
        .policy_version_list()
        .iter()
        .find(|v| v.is_default_version());
    let document = match default.and_then(|v| v.document()) {
        Some(doc) => Collected::Value(policy_json(doc)),
        None => {
            cx.count_failure();
            Collected::Error(CollectError::new(
                "GetAccountAuthorizationDetails",
                crate::error::INVALID_RESPONSE,
                format!("{arn}: no default policy version in the details"),
            ))
        }
    };
    ManagedPolicy {
        region: GLOBAL.to_string(),
        account_id: cx.account_id().to_string(),
        // moto (5.2.5, 5.2.6) leaves `PolicyName` out of the details.
        name: p
            .policy_name()
            .unwrap_or_else(|| arn.rsplit('/').next().unwrap_or(&arn))
            .to_string(),
        arn,
        document,
    }
}

async fn read_policy(cx: &Cx, client: &Client, arn: String) -> ManagedPolicy {
    let parsed = Arn::parse(&arn);
    let account_id = parsed
        .as_ref()
        .map_or_else(|| cx.account_id().to_string(), |a| a.account.to_string());
    let mut name = arn.rsplit('/').next().unwrap_or(&arn).to_string();
    let got = cx
        .call(GET_POLICY, client.get_policy().policy_arn(&arn).send())
        .await
        .read(&["NoSuchEntity"], |o| o.policy);
    let document = match got {
        Collected::Value(p) => {
            if let Some(n) = p.policy_name() {
                name = n.to_string();
            }
            match p.default_version_id() {
                Some(version) => {
                    let request = client
                        .get_policy_version()
                        .policy_arn(&arn)
                        .version_id(version)
                        .send();
                    cx.call(GET_POLICY_VERSION, request)
                        .await
                        .read(&["NoSuchEntity"], |o| {
                            o.policy_version?.document().map(policy_json)
                        })
                }
                None => Collected::Error(CollectError::new(
                    "GetPolicy",
                    "NoDefaultVersion",
                    "the policy has no default version id",
                )),
            }
        }
        Collected::Absent => Collected::Absent,
        Collected::Error(e) => Collected::Error(e),
    };
    ManagedPolicy {
        arn,
        region: GLOBAL.to_string(),
        account_id,
        name,
        document,
    }
}
