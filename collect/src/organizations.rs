//! AWS Organizations (global): `DescribeOrganization`, then, as the selected
//! checks read them, the organization-wide listings: `ListRoots`,
//! `ListAccounts`, the tree (`ListOrganizationalUnitsForParent` and
//! `ListAccountsForParent` from each root down), `ListPolicies` (service
//! control and tag policies) with `DescribePolicy` and
//! `ListTargetsForPolicy` per policy, `ListDelegatedAdministrators` with
//! `ListDelegatedServicesForAccount` per administrator, and
//! `ListAWSServiceAccessForOrganization`.
//!
//! An account in no organization (`AWSOrganizationsNotInUseException`)
//! makes no other call: everything is absent. In a member account each
//! listing is tried (a delegated administrator may read it), and an
//! `AccessDeniedException` there is absent, "not visible from this
//! account"; in the management account it is an error.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_organizations;

use crate::session::sdk_client;
use crate::{text, utc, Cx};
use aws_sdk_organizations::types::{self as sdk, ChildType, PolicyType};
use aws_sdk_organizations::Client;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::organizations::{
    self as data, DelegatedAdministrator, EnabledService, Organization, OrganizationAccount,
    OrganizationPolicy, OrganizationView, Organizations, Parent, PolicyTarget, PolicyTypeStatus,
    Root,
};
use awscheck_model::inventory::GLOBAL;

crate::registry::operations! {
    sdk "Organizations", iam "organizations" {
        DESCRIBE_ORGANIZATION = DescribeOrganization,
        LIST_ROOTS = ListRoots,
        LIST_ACCOUNTS = ListAccounts,
        LIST_ORGANIZATIONAL_UNITS_FOR_PARENT = ListOrganizationalUnitsForParent,
        LIST_ACCOUNTS_FOR_PARENT = ListAccountsForParent,
        LIST_POLICIES = ListPolicies,
        DESCRIBE_POLICY = DescribePolicy,
        LIST_TARGETS_FOR_POLICY = ListTargetsForPolicy,
        LIST_DELEGATED_ADMINISTRATORS = ListDelegatedAdministrators,
        LIST_DELEGATED_SERVICES_FOR_ACCOUNT = ListDelegatedServicesForAccount,
        LIST_AWS_SERVICE_ACCESS_FOR_ORGANIZATION = ListAWSServiceAccessForOrganization,
    }
}

crate::service!(Organizations, global: true);

/// The account is in no organization.
const NOT_IN_USE: &[&str] = &["AWSOrganizationsNotInUseException"];

/// A member account may not read the organization's structure.
const DENIED: &[&str] = &["AccessDeniedException", "AccessDenied"];

/// A policy deleted since it was listed.
const POLICY_GONE: &[&str] = &["PolicyNotFoundException"];

/// An account that is no longer a delegated administrator.
const NOT_REGISTERED: &[&str] = &["AccountNotRegisteredException"];

/// The policy types whose policies are listed: the ones checks judge.
const POLICY_TYPES: [PolicyType; 2] = [PolicyType::ServiceControlPolicy, PolicyType::TagPolicy];

async fn collect(cx: &Cx) -> Result<Organizations, CollectError> {
    let client = sdk_client!(aws_sdk_organizations, &cx.session, &cx.region);
    let described = cx
        .call(DESCRIBE_ORGANIZATION, client.describe_organization().send())
        .await;
    if described.failed_with(NOT_IN_USE) {
        return Ok(Organizations {
            views: vec![OrganizationView {
                region: GLOBAL.to_string(),
                account_id: cx.account_id().to_string(),
                organization: Collected::Absent,
                roots: cx.keep(data::ROOTS, Collected::Absent),
                accounts: cx.keep(data::ACCOUNTS, Collected::Absent),
                parents: cx.keep(data::TREE, Collected::Absent),
                policies: cx.keep(data::POLICIES, Collected::Absent),
                delegated_administrators: cx
                    .keep(data::DELEGATED_ADMINISTRATORS, Collected::Absent),
                enabled_services: cx.keep(data::SERVICE_ACCESS, Collected::Absent),
            }],
        });
    }
    let organization = described
        .ok()?
        .organization()
        .map(organization)
        .ok_or_else(|| {
            cx.count_failure();
            CollectError::new(
                DESCRIBE_ORGANIZATION.name,
                crate::error::INVALID_RESPONSE,
                "no organization in the response",
            )
        })?;
    // Only a member account may be denied without an error.
    let hidden: &[&str] = if organization.management_account_id == cx.account_id() {
        &[]
    } else {
        DENIED
    };
    let client = &client;
    let (roots, accounts, parents, policies, delegated_administrators, enabled_services) = tokio::join!(
        cx.read_if(data::ROOTS, async {
            list_roots(cx, client).await.read(hidden, |roots| {
                Some(roots.iter().filter_map(root).collect())
            })
        }),
        cx.read_if(data::ACCOUNTS, async {
            let pages = client.list_accounts().into_paginator().send().try_collect();
            cx.call(LIST_ACCOUNTS, pages).await.read(hidden, |pages| {
                Some(
                    pages
                        .iter()
                        .flat_map(|p| p.accounts())
                        .filter_map(account)
                        .collect(),
                )
            })
        }),
        cx.read_if(data::TREE, tree(cx, client, hidden)),
        cx.read_if(data::POLICIES, policies(cx, client, hidden)),
        cx.read_if(
            data::DELEGATED_ADMINISTRATORS,
            delegated_administrators(cx, client, hidden)
        ),
        cx.read_if(data::SERVICE_ACCESS, async {
            let pages = client
                .list_aws_service_access_for_organization()
                .into_paginator()
                .send()
                .try_collect();
            cx.call(LIST_AWS_SERVICE_ACCESS_FOR_ORGANIZATION, pages)
                .await
                .read(hidden, |pages| {
                    Some(
                        pages
                            .iter()
                            .flat_map(|p| p.enabled_service_principals())
                            .filter_map(|s| {
                                Some(EnabledService {
                                    service_principal: s.service_principal()?.to_string(),
                                    date_enabled: s.date_enabled().and_then(utc),
                                })
                            })
                            .collect(),
                    )
                })
        }),
    );
    Ok(Organizations {
        views: vec![OrganizationView {
            region: GLOBAL.to_string(),
            account_id: cx.account_id().to_string(),
            organization: Collected::Value(organization),
            roots,
            accounts,
            parents,
            policies,
            delegated_administrators,
            enabled_services,
        }],
    })
}

fn organization(o: &sdk::Organization) -> Organization {
    Organization {
        arn: o.arn().unwrap_or_default().to_string(),
        id: o.id().unwrap_or_default().to_string(),
        feature_set: o
            .feature_set()
            .map(|f| f.as_str().to_string())
            .unwrap_or_default(),
        management_account_id: o.master_account_id().unwrap_or_default().to_string(),
    }
}

/// `ListRoots`, every page.
async fn list_roots<'a>(
    cx: &'a Cx,
    client: &Client,
) -> crate::cx::Reply<
    'a,
    Vec<sdk::Root>,
    aws_sdk_organizations::operation::list_roots::ListRootsError,
> {
    let pages = client.list_roots().into_paginator().send().try_collect();
    let mut reply = cx.call(LIST_ROOTS, pages).await;
    reply.result = reply
        .result
        .map(|pages| pages.iter().flat_map(|p| p.roots()).cloned().collect());
    reply
}

fn root(r: &sdk::Root) -> Option<Root> {
    Some(Root {
        arn: r.arn().unwrap_or_default().to_string(),
        id: r.id()?.to_string(),
        name: r.name().unwrap_or_default().to_string(),
        policy_types: r
            .policy_types()
            .iter()
            .filter_map(|t| {
                Some(PolicyTypeStatus {
                    policy_type: t.r#type()?.as_str().to_string(),
                    status: t.status()?.as_str().to_string(),
                })
            })
            .collect(),
    })
}

fn account(a: &sdk::Account) -> Option<OrganizationAccount> {
    Some(OrganizationAccount {
        arn: a.arn().unwrap_or_default().to_string(),
        id: a.id()?.to_string(),
        name: a.name().unwrap_or_default().to_string(),
        state: a
            .state()
            .map(|s| s.as_str().to_string())
            .or_else(|| a.status().map(|s| s.as_str().to_string()))
            .unwrap_or_default(),
        joined_method: a
            .joined_method()
            .map(|m| m.as_str().to_string())
            .unwrap_or_default(),
        joined_timestamp: a.joined_timestamp().and_then(utc),
    })
}

/// The tree from each root down, one level at a time: each parent's
/// organizational units and accounts.
async fn tree(cx: &Cx, client: &Client, hidden: &[&str]) -> Collected<Vec<Parent>> {
    let roots = match list_roots(cx, client).await.read(hidden, Some) {
        Collected::Value(roots) => roots,
        Collected::Absent => return Collected::Absent,
        Collected::Error(e) => return Collected::Error(e),
    };
    let mut level: Vec<Parent> = roots
        .iter()
        .filter_map(|r| {
            Some(Parent {
                arn: r.arn().unwrap_or_default().to_string(),
                id: r.id()?.to_string(),
                parent_type: "ROOT".to_string(),
                name: r.name().unwrap_or_default().to_string(),
                parent_id: None,
                account_ids: Vec::new(),
            })
        })
        .collect();
    let mut all = Vec::new();
    while !level.is_empty() {
        let children = cx
            .bounded(level.iter(), |p| children(cx, client, &p.id))
            .await;
        let mut next = Vec::new();
        for (mut parent, found) in level.into_iter().zip(children) {
            match found {
                Ok((units, accounts)) => {
                    parent.account_ids = accounts;
                    next.extend(units);
                    all.push(parent);
                }
                Err(e) => return Collected::Error(e),
            }
        }
        level = next;
    }
    Collected::Value(all)
}

/// The organizational units directly under `parent` (as tree nodes) and
/// the accounts directly in it.
async fn children(
    cx: &Cx,
    client: &Client,
    parent: &str,
) -> Result<(Vec<Parent>, Vec<String>), CollectError> {
    let units = client
        .list_organizational_units_for_parent()
        .parent_id(parent)
        .into_paginator()
        .send()
        .try_collect();
    let accounts = client
        .list_accounts_for_parent()
        .parent_id(parent)
        .into_paginator()
        .send()
        .try_collect();
    let (units, accounts) = tokio::join!(
        cx.call(LIST_ORGANIZATIONAL_UNITS_FOR_PARENT, units),
        cx.call(LIST_ACCOUNTS_FOR_PARENT, accounts),
    );
    let units = units
        .ok()?
        .iter()
        .flat_map(|p| p.organizational_units())
        .filter_map(|u| {
            Some(Parent {
                arn: u.arn().unwrap_or_default().to_string(),
                id: u.id()?.to_string(),
                parent_type: ChildType::OrganizationalUnit.as_str().to_string(),
                name: u.name().unwrap_or_default().to_string(),
                parent_id: Some(parent.to_string()),
                account_ids: Vec::new(),
            })
        })
        .collect();
    let accounts = accounts
        .ok()?
        .iter()
        .flat_map(|p| p.accounts())
        .filter_map(|a| a.id().map(str::to_string))
        .collect();
    Ok((units, accounts))
}

/// `ListPolicies` for each of [`POLICY_TYPES`], then each policy's
/// document and targets (when read).
async fn policies(cx: &Cx, client: &Client, hidden: &[&str]) -> Collected<Vec<OrganizationPolicy>> {
    let mut all: Vec<OrganizationPolicy> = Vec::new();
    for policy_type in POLICY_TYPES {
        let pages = client
            .list_policies()
            .filter(policy_type.clone())
            .into_paginator()
            .send()
            .try_collect();
        let listed = cx.call(LIST_POLICIES, pages).await.read(hidden, |pages| {
            Some(
                pages
                    .iter()
                    .flat_map(|p| p.policies())
                    .filter_map(|s| policy(s, &policy_type))
                    .collect::<Vec<_>>(),
            )
        });
        match listed {
            Collected::Value(list) => all.extend(list),
            other => return other,
        }
    }
    let details = cx
        .bounded(all.iter(), |p| async move {
            tokio::join!(
                cx.read_if(data::POLICY_CONTENT, async {
                    let request = client.describe_policy().policy_id(&p.id).send();
                    cx.call(DESCRIBE_POLICY, request)
                        .await
                        .read(POLICY_GONE, |o| {
                            o.policy()?.content().map(crate::policy_json)
                        })
                }),
                cx.read_if(data::POLICY_TARGETS, async {
                    let pages = client
                        .list_targets_for_policy()
                        .policy_id(&p.id)
                        .into_paginator()
                        .send()
                        .try_collect();
                    cx.call(LIST_TARGETS_FOR_POLICY, pages)
                        .await
                        .read(POLICY_GONE, |pages| {
                            Some(
                                pages
                                    .iter()
                                    .flat_map(|p| p.targets())
                                    .filter_map(target)
                                    .collect(),
                            )
                        })
                }),
            )
        })
        .await;
    for (policy, (content, targets)) in all.iter_mut().zip(details) {
        policy.content = content;
        policy.targets = targets;
    }
    Collected::Value(all)
}

fn policy(s: &sdk::PolicySummary, policy_type: &PolicyType) -> Option<OrganizationPolicy> {
    Some(OrganizationPolicy {
        arn: s.arn().unwrap_or_default().to_string(),
        id: s.id()?.to_string(),
        name: s.name().unwrap_or_default().to_string(),
        policy_type: policy_type.as_str().to_string(),
        aws_managed: s.aws_managed(),
        content: Collected::default(),
        targets: Collected::default(),
    })
}

fn target(t: &sdk::PolicyTargetSummary) -> Option<PolicyTarget> {
    Some(PolicyTarget {
        target_id: t.target_id()?.to_string(),
        target_type: t
            .r#type()
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        name: t.name().unwrap_or_default().to_string(),
    })
}

/// `ListDelegatedAdministrators`, then the services of each.
async fn delegated_administrators(
    cx: &Cx,
    client: &Client,
    hidden: &[&str],
) -> Collected<Vec<DelegatedAdministrator>> {
    let pages = client
        .list_delegated_administrators()
        .into_paginator()
        .send()
        .try_collect();
    let listed = cx
        .call(LIST_DELEGATED_ADMINISTRATORS, pages)
        .await
        .read(hidden, |pages| {
            Some(
                pages
                    .iter()
                    .flat_map(|p| p.delegated_administrators())
                    .filter_map(|a| {
                        Some(DelegatedAdministrator {
                            account_id: a.id()?.to_string(),
                            name: a.name().unwrap_or_default().to_string(),
                            state: a
                                .state()
                                .map(|s| s.as_str().to_string())
                                .or_else(|| a.status().map(|s| s.as_str().to_string()))
                                .unwrap_or_default(),
                            services: Collected::default(),
                        })
                    })
                    .collect::<Vec<_>>(),
            )
        });
    let Collected::Value(mut admins) = listed else {
        return listed;
    };
    let services = cx
        .bounded(admins.iter(), |a| async move {
            let pages = client
                .list_delegated_services_for_account()
                .account_id(&a.account_id)
                .into_paginator()
                .send()
                .try_collect();
            cx.call(LIST_DELEGATED_SERVICES_FOR_ACCOUNT, pages)
                .await
                .read(NOT_REGISTERED, |pages| {
                    Some(
                        pages
                            .iter()
                            .flat_map(|p| p.delegated_services())
                            .filter_map(|s| text(s.service_principal()))
                            .collect(),
                    )
                })
        })
        .await;
    for (admin, services) in admins.iter_mut().zip(services) {
        admin.services = services;
    }
    Collected::Value(admins)
}
