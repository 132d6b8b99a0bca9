//! AWS Backup, per region: `ListBackupPlans`, then per plan, as the
//! selected checks read them, `GetBackupPlan` (its rules and schedules) and
//! `ListBackupSelections` with `GetBackupSelection` per selection (what it
//! backs up, with which role); and one region-wide
//! `ListProtectedResources` (the resources with a recovery point, and the
//! time of the latest; when it fails, they are unread, and nothing else).

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_backup;

use crate::session::sdk_client;
use crate::{text, utc, Cx};
use aws_sdk_backup::types::{BackupPlansListMember, ConditionParameter, Conditions};
use aws_sdk_backup::Client;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::backup::{
    self as data, Backup, BackupPlan, BackupRule, BackupSelection, ProtectedResource, TagCondition,
};

crate::registry::operations! {
    sdk "Backup", iam "backup" {
        LIST_BACKUP_PLANS = ListBackupPlans,
        GET_BACKUP_PLAN = GetBackupPlan,
        LIST_BACKUP_SELECTIONS = ListBackupSelections,
        GET_BACKUP_SELECTION = GetBackupSelection,
        LIST_PROTECTED_RESOURCES = ListProtectedResources,
    }
}

crate::service!(Backup);

/// A plan or selection deleted since it was listed answers this.
const GONE: &[&str] = &["ResourceNotFoundException"];

async fn collect(cx: &Cx) -> Result<Backup, CollectError> {
    let client = sdk_client!(aws_sdk_backup, &cx.session, &cx.region);
    let listed = cx
        .list(
            LIST_BACKUP_PLANS,
            client.list_backup_plans().into_paginator().items().send(),
        )
        .await?;
    let plans = cx.bounded(listed, |p| read_plan(cx, &client, p)).await;
    let protected_resources = cx
        .part(data::PROTECTED_RESOURCES, async {
            let listed = client
                .list_protected_resources()
                .into_paginator()
                .items()
                .send();
            let resources = cx.list(LIST_PROTECTED_RESOURCES, listed).await?;
            Ok(resources
                .iter()
                .filter_map(|r| {
                    Some(ProtectedResource {
                        region: cx.region.clone(),
                        resource_arn: r.resource_arn()?.to_string(),
                        resource_type: r.resource_type().unwrap_or_default().to_string(),
                        last_backup_time: r.last_backup_time().and_then(utc),
                    })
                })
                .collect())
        })
        .await;
    Ok(Backup {
        plans: plans.into_iter().flatten().collect(),
        protected_resources,
    })
}

async fn read_plan(cx: &Cx, client: &Client, p: BackupPlansListMember) -> Option<BackupPlan> {
    let id = p.backup_plan_id()?.to_string();
    let rules = cx
        .read_if(data::RULES, async {
            let request = client.get_backup_plan().backup_plan_id(&id).send();
            cx.call(GET_BACKUP_PLAN, request).await.read(GONE, |o| {
                Some(
                    o.backup_plan()?
                        .rules()
                        .iter()
                        .map(|r| BackupRule {
                            name: r.rule_name().to_string(),
                            schedule: text(r.schedule_expression()),
                        })
                        .collect(),
                )
            })
        })
        .await;
    let selections = cx
        .read_if(data::SELECTIONS, selections(cx, client, &id))
        .await;
    Some(BackupPlan {
        arn: p.backup_plan_arn().map_or_else(
            || cx.arn("backup", &format!("backup-plan:{id}")),
            str::to_string,
        ),
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        name: p.backup_plan_name().unwrap_or_default().to_string(),
        id,
        rules,
        selections,
    })
}

/// The plan's selections: `ListBackupSelections`, then `GetBackupSelection`
/// for each (a selection deleted in between is left out). Either call
/// failing leaves them all unknown: a missing one could cover anything.
async fn selections(cx: &Cx, client: &Client, plan_id: &str) -> Collected<Vec<BackupSelection>> {
    let listed = client
        .list_backup_selections()
        .backup_plan_id(plan_id)
        .into_paginator()
        .items()
        .send()
        .try_collect();
    let reply = cx.call(LIST_BACKUP_SELECTIONS, listed).await;
    if reply.failed_with(GONE) {
        return Collected::Absent;
    }
    let members = match reply.ok() {
        Ok(members) => members,
        Err(e) => return Collected::Error(e),
    };
    let ids: Vec<String> = members
        .iter()
        .filter_map(|m| m.selection_id().map(str::to_string))
        .collect();
    let read = cx
        .bounded(ids, |selection_id| async move {
            let request = client
                .get_backup_selection()
                .backup_plan_id(plan_id)
                .selection_id(&selection_id)
                .send();
            cx.call(GET_BACKUP_SELECTION, request)
                .await
                .read(GONE, |o| {
                    let s = o.backup_selection()?;
                    Some(BackupSelection {
                        id: selection_id.clone(),
                        name: s.selection_name().to_string(),
                        iam_role_arn: s.iam_role_arn().to_string(),
                        resources: s.resources().to_vec(),
                        not_resources: s.not_resources().to_vec(),
                        list_of_tags: s
                            .list_of_tags()
                            .iter()
                            .map(|c| TagCondition {
                                operator: c.condition_type().as_str().to_string(),
                                key: c.condition_key().to_string(),
                                value: c.condition_value().to_string(),
                            })
                            .collect(),
                        conditions: s.conditions().map(conditions).unwrap_or_default(),
                    })
                })
        })
        .await;
    let mut out = Vec::new();
    for selection in read {
        match selection {
            Collected::Value(s) => out.push(s),
            Collected::Absent => {}
            Collected::Error(e) => return Collected::Error(e),
        }
    }
    Collected::Value(out)
}

/// A selection's `Conditions`, one entry per key and value, its operator
/// in `ListOfTags`' spelling.
fn conditions(c: &Conditions) -> Vec<TagCondition> {
    let groups: [(&str, &[ConditionParameter]); 4] = [
        ("STRINGEQUALS", c.string_equals()),
        ("STRINGNOTEQUALS", c.string_not_equals()),
        ("STRINGLIKE", c.string_like()),
        ("STRINGNOTLIKE", c.string_not_like()),
    ];
    groups
        .iter()
        .flat_map(|(operator, params)| {
            params.iter().filter_map(|p| {
                Some(TagCondition {
                    operator: operator.to_string(),
                    key: p.condition_key()?.to_string(),
                    value: p.condition_value().unwrap_or_default().to_string(),
                })
            })
        })
        .collect()
}
