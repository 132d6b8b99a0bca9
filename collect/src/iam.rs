//! IAM (global): `ListRoles` (trust policies come with it, URL-encoded:
//! stored decoded), and as the selected checks read them, per role
//! `ListAttachedRolePolicies`, `ListRolePolicies` + `GetRolePolicy` and
//! `ListRoleTags`; every attached managed policy's default version
//! (`GetPolicy` + `GetPolicyVersion`); `ListInstanceProfiles` (a failure
//! leaves the instance profiles unread, the roles kept).

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_iam;

use crate::session::sdk_client;
use crate::{policy_json, tags_of, Cx};
use aws_sdk_iam::Client;
use awscheck_model::arn::Arn;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::iam::{
    self as data, Iam, InlinePolicy, InstanceProfile, ManagedPolicy, Role,
};
use awscheck_model::inventory::{PolicyJson, GLOBAL};
use std::collections::BTreeSet;

crate::registry::operations! {
    sdk "IAM", iam "iam" {
        LIST_ROLES = ListRoles,
        LIST_ROLE_TAGS = ListRoleTags,
        LIST_ATTACHED_ROLE_POLICIES = ListAttachedRolePolicies,
        LIST_ROLE_POLICIES = ListRolePolicies,
        GET_ROLE_POLICY = GetRolePolicy,
        GET_POLICY = GetPolicy,
        GET_POLICY_VERSION = GetPolicyVersion,
        LIST_INSTANCE_PROFILES = ListInstanceProfiles,
    }
}

crate::service!(Iam, global: true);

async fn collect(cx: &Cx) -> Result<Iam, CollectError> {
    let client = sdk_client!(aws_sdk_iam, &cx.session, &cx.region);
    let roles = cx
        .list(
            LIST_ROLES,
            client.list_roles().into_paginator().items().send(),
        )
        .await?;
    let roles = cx.bounded(roles, |r| read_role(cx, &client, r)).await;
    // The attached policies are listed for the managed policies too.
    let (roles, attached): (Vec<Role>, Vec<Collected<Vec<String>>>) = roles.into_iter().unzip();
    let attached: BTreeSet<String> = attached
        .iter()
        .filter_map(Collected::value)
        .flatten()
        .cloned()
        .collect();
    let policies = if cx.wants(data::MANAGED_POLICIES) {
        cx.bounded(attached, |arn| read_policy(cx, &client, arn))
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

/// The role, and its attached policies as listed (also when only the
/// managed policies are read, which are named by them).
async fn read_role(
    cx: &Cx,
    client: &Client,
    role: aws_sdk_iam::types::Role,
) -> (Role, Collected<Vec<String>>) {
    let name = role.role_name().to_string();
    let attached = cx.wants(data::ATTACHED_POLICIES) || cx.wants(data::MANAGED_POLICIES);
    // One call at a time per role: IAM's request rate is low.
    let attached = if attached {
        let listed = client
            .list_attached_role_policies()
            .role_name(&name)
            .into_paginator()
            .items()
            .send();
        match cx.list(LIST_ATTACHED_ROLE_POLICIES, listed).await {
            Ok(list) => Collected::Value(
                list.iter()
                    .filter_map(|p| p.policy_arn().map(str::to_string))
                    .collect(),
            ),
            Err(e) => Collected::Error(e),
        }
    } else {
        Collected::default()
    };
    let inline_policies = cx
        .read_if(data::INLINE_POLICIES, inline_policies(cx, client, &name))
        .await;
    let tags = cx
        .read_if(data::ROLE_TAGS, async {
            let listed = client
                .list_role_tags()
                .role_name(&name)
                .into_paginator()
                .items()
                .send()
                .try_collect();
            cx.call(LIST_ROLE_TAGS, listed)
                .await
                .tags(|tags| tags_of(tags.iter().map(|t| (t.key(), t.value()))))
        })
        .await;
    let role = Role {
        arn: role.arn().to_string(),
        region: GLOBAL.to_string(),
        account_id: cx.account_id().to_string(),
        name,
        trust_policy: role
            .assume_role_policy_document()
            .map(policy_json)
            .unwrap_or(PolicyJson(serde_json::Value::Null)),
        attached_policies: if cx.wants(data::ATTACHED_POLICIES) {
            attached.clone()
        } else {
            Collected::default()
        },
        inline_policies,
        tags,
    };
    (role, attached)
}

async fn inline_policies(cx: &Cx, client: &Client, role: &str) -> Collected<Vec<InlinePolicy>> {
    let listed = client
        .list_role_policies()
        .role_name(role)
        .into_paginator()
        .items()
        .send();
    let names = match cx.list(LIST_ROLE_POLICIES, listed).await {
        Ok(n) => n,
        Err(e) => return Collected::Error(e),
    };
    let mut out = Vec::with_capacity(names.len());
    for policy_name in names {
        let request = client
            .get_role_policy()
            .role_name(role)
            .policy_name(&policy_name)
            .send();
        match cx.call(GET_ROLE_POLICY, request).await.ok() {
            Ok(p) => out.push(InlinePolicy {
                name: policy_name,
                document: policy_json(p.policy_document()),
            }),
            Err(e) => return Collected::Error(e),
        }
    }
    Collected::Value(out)
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
