//! IAM (global): `ListRoles` (trust policies come with it, URL-encoded:
//! stored decoded), per role `ListAttachedRolePolicies`, `ListRolePolicies` +
//! `GetRolePolicy` and `ListRoleTags`; every attached managed policy's
//! default version (`GetPolicy` + `GetPolicyVersion`); `ListInstanceProfiles`.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_iam;

use crate::session::sdk_client;
use crate::{policy_json, tags_of, Cx};
use aws_sdk_iam::Client;
use awscheck_model::arn::Arn;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::iam::{Iam, InlinePolicy, InstanceProfile, ManagedPolicy, Role};
use awscheck_model::inventory::{PolicyJson, GLOBAL};
use std::collections::BTreeSet;

crate::service!(Iam, iam, [roles, policies, instance_profiles], global: true);

async fn collect(cx: &Cx) -> Result<Iam, CollectError> {
    let client = sdk_client!(aws_sdk_iam, &cx.session, &cx.region);
    let roles = cx
        .list(
            "ListRoles",
            client.list_roles().into_paginator().items().send(),
        )
        .await?;
    let profiles = cx
        .list(
            "ListInstanceProfiles",
            client
                .list_instance_profiles()
                .into_paginator()
                .items()
                .send(),
        )
        .await?;
    let roles = cx.bounded(roles, |r| read_role(cx, &client, r)).await;
    let attached: BTreeSet<String> = roles
        .iter()
        .filter_map(|r| r.attached_policies.value())
        .flatten()
        .cloned()
        .collect();
    let policies = cx
        .bounded(attached, |arn| read_policy(cx, &client, arn))
        .await;
    let instance_profiles = profiles
        .iter()
        .map(|p| InstanceProfile {
            arn: p.arn().to_string(),
            region: GLOBAL.to_string(),
            account_id: cx.account_id().to_string(),
            name: p.instance_profile_name().to_string(),
            role_arns: p.roles().iter().map(|r| r.arn().to_string()).collect(),
        })
        .collect();
    Ok(Iam {
        roles,
        policies,
        instance_profiles,
    })
}

async fn read_role(cx: &Cx, client: &Client, role: aws_sdk_iam::types::Role) -> Role {
    let name = role.role_name().to_string();
    let attached = client
        .list_attached_role_policies()
        .role_name(&name)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await;
    let attached_policies = match attached {
        Ok(list) => Collected::Value(
            list.iter()
                .filter_map(|p| p.policy_arn().map(str::to_string))
                .collect(),
        ),
        Err(e) => Collected::Error(cx.fail("ListAttachedRolePolicies", &e)),
    };
    let inline_policies = inline_policies(cx, client, &name).await;
    let tags = client
        .list_role_tags()
        .role_name(&name)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map(|tags: Vec<_>| tags_of(tags.iter().map(|t| (t.key(), t.value()))));
    let tags = cx.tags("ListRoleTags", tags);
    Role {
        arn: role.arn().to_string(),
        region: GLOBAL.to_string(),
        account_id: cx.account_id().to_string(),
        name,
        trust_policy: role
            .assume_role_policy_document()
            .map(policy_json)
            .unwrap_or(PolicyJson(serde_json::Value::Null)),
        attached_policies,
        inline_policies,
        tags,
    }
}

async fn inline_policies(cx: &Cx, client: &Client, role: &str) -> Collected<Vec<InlinePolicy>> {
    let names = client
        .list_role_policies()
        .role_name(role)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await;
    let names = match names {
        Ok(n) => n,
        Err(e) => return Collected::Error(cx.fail("ListRolePolicies", &e)),
    };
    let mut out = Vec::with_capacity(names.len());
    for policy_name in names {
        let got = client
            .get_role_policy()
            .role_name(role)
            .policy_name(&policy_name)
            .send()
            .await;
        match got {
            Ok(p) => out.push(InlinePolicy {
                name: policy_name,
                document: policy_json(p.policy_document()),
            }),
            Err(e) => return Collected::Error(cx.fail("GetRolePolicy", &e)),
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
    let got = client.get_policy().policy_arn(&arn).send().await;
    let document = match cx.read("GetPolicy", got, &["NoSuchEntity"], |o| o.policy) {
        Collected::Value(p) => {
            if let Some(n) = p.policy_name() {
                name = n.to_string();
            }
            match p.default_version_id() {
                Some(version) => {
                    let v = client
                        .get_policy_version()
                        .policy_arn(&arn)
                        .version_id(version)
                        .send()
                        .await;
                    cx.read("GetPolicyVersion", v, &["NoSuchEntity"], |o| {
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
