//! Maintenance windows (`DescribeMaintenanceWindows`) and, as the selected
//! checks read them, each window's targets
//! (`DescribeMaintenanceWindowTargets`) and tasks
//! (`DescribeMaintenanceWindowTasks`). A Run Command task of a patching
//! document keeps the few parameters the checks judge ([`KEPT`]): from the
//! task listing when it registered them there (`TaskParameters`), else
//! from `GetMaintenanceWindowTask` (`TaskInvocationParameters`).
//!
//! A failed listing leaves `ssm.maintenance_windows` unread in the region;
//! a failed per-window call makes that window's targets or tasks unknown
//! (error); a task's failed `GetMaintenanceWindowTask` makes its parameters
//! unknown.

use super::{
    target, DESCRIBE_MAINTENANCE_WINDOWS, DESCRIBE_MAINTENANCE_WINDOW_TARGETS,
    DESCRIBE_MAINTENANCE_WINDOW_TASKS, GET_MAINTENANCE_WINDOW_TASK,
};
use crate::Cx;
use aws_sdk_ssm::types::{MaintenanceWindowIdentity, MaintenanceWindowTask};
use aws_sdk_ssm::Client;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::ssm::{self as data, MaintenanceWindow, WindowTarget, WindowTask};
use std::collections::{BTreeMap, HashMap};

/// The document parameters kept: what the patching checks judge. Others
/// (which may hold anything) are never stored.
pub(super) const KEPT: &[&str] = &["Operation", "RebootOption", "action", "name"];

/// The documents whose task parameters are read: the patching ones.
pub(super) fn is_patching_document(document: &str) -> bool {
    let name = document.rsplit('/').next().unwrap_or(document);
    name == "AWS-RunPatchBaseline"
        || name == "AWS-RunPatchBaselineAssociation"
        || name == "AWS-ApplyPatchBaseline"
        || (name.starts_with("AWS-QuickSetup-") && name.to_ascii_lowercase().contains("patch"))
}

/// Keeps the [`KEPT`] parameters of `params`.
pub(super) fn kept<'a>(
    params: impl IntoIterator<Item = (&'a String, &'a Vec<String>)>,
) -> BTreeMap<String, Vec<String>> {
    params
        .into_iter()
        .filter(|(k, _)| KEPT.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The region's maintenance windows; empty (and the part unread) when the
/// listing failed, or when no selected check reads them.
pub(super) async fn windows(cx: &Cx, client: &Client) -> Vec<MaintenanceWindow> {
    let listed = client
        .describe_maintenance_windows()
        .max_results(100)
        .into_paginator()
        .items()
        .send();
    let listed = cx
        .part(
            data::MAINTENANCE_WINDOWS,
            cx.list(DESCRIBE_MAINTENANCE_WINDOWS, listed),
        )
        .await;
    cx.bounded(listed, |w| window(cx, client, w))
        .await
        .into_iter()
        .flatten()
        .collect()
}

async fn window(
    cx: &Cx,
    client: &Client,
    w: MaintenanceWindowIdentity,
) -> Option<MaintenanceWindow> {
    let id = w.window_id()?.to_string();
    let (targets, tasks) = tokio::join!(
        cx.read_if(data::WINDOW_TARGETS, targets(cx, client, &id)),
        cx.read_if(data::WINDOW_TASKS, tasks(cx, client, &id)),
    );
    Some(MaintenanceWindow {
        arn: cx.arn("ssm", &format!("maintenancewindow/{id}")),
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        name: w.name().unwrap_or_default().to_string(),
        enabled: w.enabled(),
        schedule: crate::text(w.schedule()),
        duration: w.duration().map(i64::from),
        targets,
        tasks,
        id,
    })
}

async fn targets(cx: &Cx, client: &Client, id: &str) -> Collected<Vec<WindowTarget>> {
    let listed = client
        .describe_maintenance_window_targets()
        .window_id(id)
        .max_results(100)
        .into_paginator()
        .items()
        .send();
    match cx.list(DESCRIBE_MAINTENANCE_WINDOW_TARGETS, listed).await {
        Err(e) => Collected::Error(e),
        Ok(targets) => Collected::Value(
            targets
                .iter()
                .filter_map(|t| {
                    Some(WindowTarget {
                        id: t.window_target_id()?.to_string(),
                        resource_type: t
                            .resource_type()
                            .map(|r| r.as_str().to_string())
                            .unwrap_or_default(),
                        targets: t.targets().iter().filter_map(target).collect(),
                    })
                })
                .collect(),
        ),
    }
}

async fn tasks(cx: &Cx, client: &Client, id: &str) -> Collected<Vec<WindowTask>> {
    let listed = client
        .describe_maintenance_window_tasks()
        .window_id(id)
        .max_results(100)
        .into_paginator()
        .items()
        .send();
    let listed = match cx.list(DESCRIBE_MAINTENANCE_WINDOW_TASKS, listed).await {
        Err(e) => return Collected::Error(e),
        Ok(listed) => listed,
    };
    let tasks = cx
        .bounded(listed, |t| task(cx, client, id, t))
        .await
        .into_iter()
        .flatten()
        .collect();
    Collected::Value(tasks)
}

async fn task(
    cx: &Cx,
    client: &Client,
    window: &str,
    t: MaintenanceWindowTask,
) -> Option<WindowTask> {
    let id = t.window_task_id()?.to_string();
    let task_arn = t.task_arn().unwrap_or_default().to_string();
    // Absent when the answer omits it (moto 5.2.5 names the field `TaskType`).
    let task_type = t
        .r#type()
        .map(|k| k.as_str().to_string())
        .unwrap_or_default();
    // The patching documents are Command documents: a task of another type
    // cannot run them.
    let run_command = matches!(task_type.as_str(), "" | "RUN_COMMAND");
    let listed: HashMap<String, Vec<String>> = t
        .task_parameters()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.values().to_vec()))
        .collect();
    let parameters = if !run_command || !is_patching_document(&task_arn) {
        // Not a patching task: its parameters are not read.
        Collected::Absent
    } else if !listed.is_empty() {
        Collected::Value(kept(&listed))
    } else {
        invocation_parameters(cx, client, window, &id).await
    };
    Some(WindowTask {
        targets: t.targets().iter().filter_map(target).collect(),
        id,
        task_type,
        task_arn,
        parameters,
    })
}

/// `GetMaintenanceWindowTask`: a Run Command task's document parameters.
async fn invocation_parameters(
    cx: &Cx,
    client: &Client,
    window: &str,
    task: &str,
) -> Collected<BTreeMap<String, Vec<String>>> {
    let request = client
        .get_maintenance_window_task()
        .window_id(window)
        .window_task_id(task)
        .send();
    let got: Result<_, CollectError> = cx.call(GET_MAINTENANCE_WINDOW_TASK, request).await.ok();
    match got {
        Err(e) => Collected::Error(e),
        Ok(o) => Collected::Value(
            o.task_invocation_parameters()
                .and_then(|p| p.run_command())
                .and_then(|r| r.parameters())
                .map(kept)
                .unwrap_or_default(),
        ),
    }
}
