//! CloudFormation, per region: `DescribeStacks` (live stacks, with their
//! role, tags and recorded `DriftInformation`), then per stack
//! `ListStackResources` (each resource's drift status) and, for stacks with
//! a `MODIFIED` resource, `DescribeStackResourceDrifts` filtered to
//! `MODIFIED`/`DELETED`, keeping the property paths and difference types
//! that differ, never the expected or actual values (when a selected check
//! reads the stacks' resources).
//!
//! ## `--detect-drift`: the only call with a side effect
//!
//! By default the drift CloudFormation last recorded is read. With
//! `--detect-drift`, when a selected check reads the detection (a snapshot
//! does), before the resources are read, every stack whose drift
//! is judged (the statuses in [`DRIFT_EVALUABLE_STATUSES`], nested stacks included: a
//! detection on a parent does not cover them) gets a `DetectStackDrift`,
//! at most `--drift-concurrency` at a time per region, and each detection
//! is polled with `DescribeStackDriftDetectionStatus` with exponential
//! backoff until it ends or `--drift-timeout` runs out for the region.
//! `DetectStackDrift` changes nothing but the stacks' recorded drift
//! information. The outcome goes into `Stack::detection`:
//!
//! - the detection ended: its status (`DETECTION_COMPLETE` or
//!   `DETECTION_FAILED`) and reason, and `drift` is replaced by the status
//!   and time the detection reports;
//! - still running when the time ran out: `DETECTION_IN_PROGRESS`;
//! - a call failed (throttled after the retries, `AccessDenied`, a
//!   `ValidationError` saying a stack operation is in progress), or the time
//!   ran out before the detection could start: that error.
//!
//! `GetStackPolicy` gives each stack's policy and `GetTemplate` its
//! template, each when a selected check reads it. Secrets never enter the
//! inventory: parameter values are redacted (`****`, a `NoEcho` value, is
//! recorded as masked) and a template is reduced to its structure as it is
//! read. For stacks in a failed or rolled-back status, when a selected check reads
//! it, `DescribeStackEvents` (first page, newest first) gives the latest
//! failed resource event.
//!
//! ## Stack sets
//!
//! When a selected check reads them: `ListStackSets` (active ones) as
//! `CallAs=SELF` (the stack sets this account administers) and then as
//! `CallAs=DELEGATED_ADMIN` (those it administers for the organization as a
//! delegated administrator; a `ValidationError` there says it is not one,
//! and adds none), `DescribeStackSet` for each (permission model, automatic
//! deployment, administration role and execution role name, tags and the
//! recorded `StackSetDriftDetectionDetails`) and `ListStackInstances`
//! (status, detailed status, reason and drift of each instance). A failed
//! listing leaves the region's stack sets unread.
//!
//! With `--detect-drift`, when a selected check reads the stack sets'
//! detection, each stack set gets a drift detection before its instances
//! are listed: unless `ListStackSetOperations` (first page) shows another
//! operation on it `QUEUED`, `RUNNING` or `STOPPING` (recorded as an
//! `OperationInProgressException` error, never started),
//! `DetectStackSetDrift` (`MaxConcurrentPercentage` 25,
//! `FailureTolerancePercentage` 10) starts a StackSet operation, which
//! blocks every other operation on the stack set while it runs;
//! `DescribeStackSetOperation` follows it with the same backoff and
//! within the same `--drift-timeout` as the stacks' detections (a budget
//! of its own for the region's stack sets). When it ends, `DescribeStackSet`
//! is called again and the drift it recorded replaces the one read first;
//! an operation still running when the time runs out is recorded
//! `RUNNING`, and a failed call as its error (`OperationInProgressException`
//! included).
//!
//! A drift status CloudFormation did not return is recorded as `UNKNOWN`
//! (ERROR in the check), never as a verdict; a resource status
//! `UNSUPPORTED` (no drift support for the type) as `NOT_CHECKED`.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_cloudformation;

use crate::session::sdk_client;
use crate::{policy_json, Cx};
use aws_sdk_cloudformation::operation::get_template::GetTemplateOutput;
use aws_sdk_cloudformation::types::StackSetOperationStatus;
use aws_sdk_cloudformation::types::{self as sdk, StackDriftDetectionStatus};
use aws_sdk_cloudformation::types::{CallAs, StackSetOperationPreferences, StackSetStatus};
use aws_sdk_cloudformation::types::{StackResourceDriftStatus, StackStatus, TemplateStage};
use aws_sdk_cloudformation::Client;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::cloudformation::{
    self as data, AutoDeployment, CloudFormation, DriftDetection, FailedEvent, PropertyDifference,
    Stack, StackDrift, StackInstance, StackParameter, StackResource, StackSet, StackSetDetection,
    StackSetDrift,
};
use awscheck_model::inventory::PolicyJson;
use awscheck_model::secret::Secret;
use awscheck_model::template::Template;
use futures_util::StreamExt;
use tokio::time::Instant;

crate::registry::operations! {
    sdk "CloudFormation", iam "cloudformation" {
        DESCRIBE_STACKS = DescribeStacks,
        LIST_STACK_RESOURCES = ListStackResources,
        DESCRIBE_STACK_RESOURCE_DRIFTS = DescribeStackResourceDrifts,
        // Only with --detect-drift: updates the stacks' recorded drift information.
        DETECT_STACK_DRIFT = DetectStackDrift,
        DESCRIBE_STACK_DRIFT_DETECTION_STATUS = DescribeStackDriftDetectionStatus,
        DESCRIBE_STACK_EVENTS = DescribeStackEvents,
        GET_STACK_POLICY = GetStackPolicy,
        GET_TEMPLATE = GetTemplate,
        LIST_STACK_SETS = ListStackSets,
        DESCRIBE_STACK_SET = DescribeStackSet,
        LIST_STACK_INSTANCES = ListStackInstances,
        // Only with --detect-drift: a StackSet operation that updates the
        // stack set's recorded drift, and blocks its other operations while it runs.
        DETECT_STACK_SET_DRIFT = DetectStackSetDrift,
        DESCRIBE_STACK_SET_OPERATION = DescribeStackSetOperation,
        LIST_STACK_SET_OPERATIONS = ListStackSetOperations,
    }
}

crate::service!(CloudFormation);

/// How `DescribeStacks` shows a `NoEcho` parameter's value.
const MASKED: &str = "****";

async fn collect(cx: &Cx) -> Result<CloudFormation, CollectError> {
    let client = sdk_client!(aws_sdk_cloudformation, &cx.session, &cx.region);
    let listed = cx
        .list(
            DESCRIBE_STACKS,
            client.describe_stacks().into_paginator().items().send(),
        )
        .await?;
    let mut stacks: Vec<Stack> = listed
        .iter()
        .filter(|s| s.stack_status() != Some(&StackStatus::DeleteComplete))
        .map(|s| stack_of(cx, s))
        .collect();
    if cx.session.drift.detect && cx.wants(data::DRIFT_DETECTION) {
        detect_all(cx, &client, &mut stacks).await;
    }
    if cx.wants(data::STACK_FAILURE) {
        let failed: Vec<Option<String>> = stacks
            .iter()
            .map(|s| s.has_failed().then(|| s.arn.clone()))
            .collect();
        let events = cx
            .bounded(failed, |id| async {
                match id {
                    Some(id) => read_failure(cx, &client, id).await,
                    None => Collected::Absent,
                }
            })
            .await;
        for (stack, failure) in stacks.iter_mut().zip(events) {
            stack.failure = failure;
        }
    }
    if cx.wants(data::STACK_POLICY) {
        let ids: Vec<String> = stacks.iter().map(|s| s.arn.clone()).collect();
        let policies = cx.bounded(ids, |id| read_policy(cx, &client, id)).await;
        for (stack, policy) in stacks.iter_mut().zip(policies) {
            stack.policy = policy;
        }
    }
    if cx.wants(data::STACK_TEMPLATE) {
        let ids: Vec<String> = stacks.iter().map(|s| s.arn.clone()).collect();
        let templates = cx.bounded(ids, |id| read_template(cx, &client, id)).await;
        for (stack, template) in stacks.iter_mut().zip(templates) {
            stack.template = template;
        }
    }
    if cx.wants(data::STACK_RESOURCES) {
        let ids: Vec<String> = stacks.iter().map(|s| s.arn.clone()).collect();
        let resources = cx.bounded(ids, |id| read_resources(cx, &client, id)).await;
        for (stack, resources) in stacks.iter_mut().zip(resources) {
            stack.resources = resources;
        }
    }
    let stack_sets = if cx.wants(data::STACK_SETS) {
        read_stack_sets(cx, &client).await.unwrap_or_else(|e| {
            cx.unread(data::STACK_SETS, e);
            Vec::new()
        })
    } else {
        Vec::new()
    };
    Ok(CloudFormation { stacks, stack_sets })
}

/// The stack sets this account administers here: its own, then those it
/// administers as a delegated administrator (a `ValidationError` says it
/// is not one).
async fn read_stack_sets(cx: &Cx, client: &Client) -> Result<Vec<StackSet>, CollectError> {
    let deadline = Instant::now() + cx.session.drift.timeout;
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for call_as in [CallAs::SelfValue, CallAs::DelegatedAdmin] {
        let listed = client
            .list_stack_sets()
            .status(StackSetStatus::Active)
            .call_as(call_as.clone())
            .into_paginator()
            .items()
            .send();
        let names: Vec<String> = match cx.list(LIST_STACK_SETS, listed).await {
            // A stack set listed both ways (moto ignores CallAs) once.
            Ok(list) => list
                .iter()
                .filter(|s| seen.insert(s.stack_set_id().unwrap_or_default().to_string()))
                .filter_map(|s| s.stack_set_name().map(str::to_string))
                .collect(),
            Err(e) if call_as == CallAs::DelegatedAdmin && e.code == "ValidationError" => {
                Vec::new()
            }
            Err(e) => return Err(e),
        };
        let sets = cx
            .bounded(names, |name| {
                read_stack_set(cx, client, name, call_as.clone(), deadline)
            })
            .await;
        for set in sets {
            out.extend(set?);
        }
    }
    Ok(out)
}

/// `DescribeStackSet` (none when deleted since listed), with `--detect-drift`
/// a drift detection (after which it is described again), and its instances.
async fn read_stack_set(
    cx: &Cx,
    client: &Client,
    name: String,
    call_as: CallAs,
    deadline: Instant,
) -> Result<Option<StackSet>, CollectError> {
    let describe = || async {
        cx.call(
            DESCRIBE_STACK_SET,
            client
                .describe_stack_set()
                .stack_set_name(&name)
                .call_as(call_as.clone())
                .send(),
        )
        .await
        .read(&["StackSetNotFoundException"], |out| out.stack_set)
    };
    let mut set = match describe().await {
        Collected::Value(set) => set,
        Collected::Absent => return Ok(None),
        Collected::Error(e) => return Err(e),
    };
    let mut detection = Collected::Absent;
    if cx.session.drift.detect && cx.wants(data::STACK_SET_DRIFT_DETECTION) {
        detection = detect_stack_set(cx, client, &name, &call_as, deadline).await;
        if detection.value().is_some_and(|d| d.status != RUNNING) {
            // The drift the operation recorded.
            match describe().await {
                Collected::Value(after) => set = after,
                Collected::Absent => return Ok(None),
                Collected::Error(e) => detection = Collected::Error(e),
            }
        }
    }
    let drift = set.stack_set_drift_detection_details();
    let instances = if cx.wants(data::STACK_INSTANCES) {
        let listed = client
            .list_stack_instances()
            .stack_set_name(&name)
            .call_as(call_as.clone())
            .into_paginator()
            .items()
            .send();
        match cx.list(LIST_STACK_INSTANCES, listed).await {
            Ok(list) => Collected::Value(list.iter().map(instance_of).collect()),
            Err(e) => Collected::Error(e),
        }
    } else {
        Collected::default()
    };
    Ok(Some(StackSet {
        arn: set.stack_set_arn().unwrap_or_default().to_string(),
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        name,
        permission_model: set
            .permission_model()
            .map_or("SELF_MANAGED", |p| p.as_str())
            .to_string(),
        call_as: call_as.as_str().to_string(),
        drift: StackSetDrift {
            status: drift
                .and_then(|d| d.drift_status())
                .map_or("UNKNOWN", |s| s.as_str())
                .to_string(),
            last_check: drift
                .and_then(|d| d.last_drift_check_timestamp())
                .and_then(crate::utc),
            drifted_instances: drift.and_then(|d| d.drifted_stack_instances_count()),
        },
        auto_deployment: set.auto_deployment().map(|a| AutoDeployment {
            enabled: a.enabled().unwrap_or(false),
            retain_stacks_on_account_removal: a.retain_stacks_on_account_removal().unwrap_or(false),
        }),
        administration_role_arn: set.administration_role_arn().map(str::to_string),
        execution_role_name: set.execution_role_name().map(str::to_string),
        detection,
        instances,
        tags: set
            .tags()
            .iter()
            .filter_map(|t| Some((t.key()?.to_string(), t.value()?.to_string())))
            .collect(),
    }))
}

fn instance_of(i: &sdk::StackInstanceSummary) -> StackInstance {
    StackInstance {
        account: i.account().unwrap_or_default().to_string(),
        region: i.region().unwrap_or_default().to_string(),
        status: i
            .status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        detailed_status: i
            .stack_instance_status()
            .and_then(|s| s.detailed_status())
            .map(|s| s.as_str().to_string()),
        status_reason: i.status_reason().map(str::to_string),
        drift_status: i
            .drift_status()
            .map_or("UNKNOWN", |s| s.as_str())
            .to_string(),
        last_drift_check: i.last_drift_check_timestamp().and_then(crate::utc),
    }
}

fn stack_of(cx: &Cx, s: &sdk::Stack) -> Stack {
    let drift = s.drift_information();
    Stack {
        arn: s.stack_id().unwrap_or_default().to_string(),
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        name: s.stack_name().unwrap_or_default().to_string(),
        status: s
            .stack_status()
            .map(|v| v.as_str().to_string())
            .unwrap_or_default(),
        parent_id: s.parent_id().map(str::to_string),
        root_id: s.root_id().map(str::to_string),
        role_arn: s.role_arn().map(str::to_string),
        status_reason: s.stack_status_reason().map(str::to_string),
        created: s.creation_time().and_then(crate::utc),
        last_updated: s.last_updated_time().and_then(crate::utc),
        termination_protection: s.enable_termination_protection(),
        disable_rollback: s.disable_rollback().unwrap_or(false),
        parameters: s
            .parameters()
            .iter()
            .map(|p| StackParameter {
                key: p.parameter_key().unwrap_or_default().to_string(),
                value: p
                    .parameter_value()
                    .filter(|v| *v != MASKED)
                    .map(Secret::redact),
            })
            .collect(),
        drift: StackDrift {
            status: drift
                .and_then(|d| d.stack_drift_status())
                .map_or("UNKNOWN", |v| v.as_str())
                .to_string(),
            last_check: drift
                .and_then(|d| d.last_check_timestamp())
                .and_then(crate::utc),
        },
        // No detection run (yet), as the model's default says.
        detection: Collected::Absent,
        // Filled when a selected check reads them; not collected otherwise.
        resources: Collected::default(),
        failure: Collected::default(),
        policy: Collected::default(),
        template: Collected::default(),
        tags: s
            .tags()
            .iter()
            .filter_map(|t| Some((t.key()?.to_string(), t.value()?.to_string())))
            .collect(),
    }
}

/// `--detect-drift`: detects drift on every evaluated stack and records
/// the outcome in `detection` (and the detected status in `drift`).
async fn detect_all(cx: &Cx, client: &Client, stacks: &mut [Stack]) {
    let opts = &cx.session.drift;
    let deadline = Instant::now() + opts.timeout;
    let todo: Vec<(usize, String)> = stacks
        .iter()
        .enumerate()
        .filter(|(_, s)| s.is_drift_evaluable())
        .map(|(i, s)| (i, s.arn.clone()))
        .collect();
    let done: Vec<(usize, Detected)> = futures_util::stream::iter(todo)
        .map(|(i, id)| async move { (i, detect(cx, client, &id, deadline).await) })
        .buffer_unordered(opts.concurrency)
        .collect()
        .await;
    for (i, (detection, drift)) in done {
        stacks[i].detection = detection;
        if let Some(drift) = drift {
            stacks[i].drift = drift;
        }
    }
}

/// A detection's outcome, and the drift it found when it ended.
type Detected = (Collected<DriftDetection>, Option<StackDrift>);

async fn detect(cx: &Cx, client: &Client, stack_id: &str, deadline: Instant) -> Detected {
    let started = start_before(
        cx,
        deadline,
        "DetectStackDrift",
        cx.call(
            DETECT_STACK_DRIFT,
            client.detect_stack_drift().stack_name(stack_id).send(),
        ),
    )
    .await;
    let detection_id = match started.map(|out| out.stack_drift_detection_id) {
        Ok(Some(id)) => id,
        Ok(None) => {
            let e = CollectError::new(
                "DetectStackDrift",
                crate::error::INVALID_RESPONSE,
                "the response has no StackDriftDetectionId",
            );
            return (Collected::Error(e), None);
        }
        Err(e) => return (Collected::Error(e), None),
    };
    let polled = poll_until(cx, deadline, || async {
        let out = cx
            .call(
                DESCRIBE_STACK_DRIFT_DETECTION_STATUS,
                client
                    .describe_stack_drift_detection_status()
                    .stack_drift_detection_id(&detection_id)
                    .send(),
            )
            .await
            .ok()?;
        Ok(match out.detection_status() {
            None | Some(StackDriftDetectionStatus::DetectionInProgress) => None,
            Some(_) => Some(out),
        })
    })
    .await;
    match polled {
        None => {
            let running = DriftDetection {
                status: StackDriftDetectionStatus::DetectionInProgress
                    .as_str()
                    .to_string(),
                reason: Some(still_running(cx)),
            };
            (Collected::Value(running), None)
        }
        Some(Err(e)) => (Collected::Error(e), None),
        Some(Ok(out)) => {
            let drift = out.stack_drift_status().map(|d| StackDrift {
                status: d.as_str().to_string(),
                last_check: out.timestamp().and_then(crate::utc),
            });
            let detection = DriftDetection {
                status: out
                    .detection_status()
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default(),
                reason: out.detection_status_reason().map(str::to_string),
            };
            (Collected::Value(detection), drift)
        }
    }
}

/// How a StackSet operation still running when the time ran out is recorded.
const RUNNING: &str = "RUNNING";
/// StackSet operation statuses of an operation that has not ended.
const UNFINISHED: &[StackSetOperationStatus] = &[
    StackSetOperationStatus::Queued,
    StackSetOperationStatus::Running,
    StackSetOperationStatus::Stopping,
];
/// `DetectStackSetDrift`'s `OperationPreferences`: a quarter of the
/// instances at a time, and the operation goes on past a few failures.
const MAX_CONCURRENT_PERCENTAGE: i32 = 25;
const FAILURE_TOLERANCE_PERCENTAGE: i32 = 10;

/// `--detect-drift` on a stack set: never while another operation on it is
/// queued or running (`ListStackSetOperations`, first page: newest first);
/// then `DetectStackSetDrift`, followed with `DescribeStackSetOperation`
/// until it ends or the time runs out.
async fn detect_stack_set(
    cx: &Cx,
    client: &Client,
    name: &str,
    call_as: &CallAs,
    deadline: Instant,
) -> Collected<StackSetDetection> {
    let listed = cx
        .call(
            LIST_STACK_SET_OPERATIONS,
            client
                .list_stack_set_operations()
                .stack_set_name(name)
                .call_as(call_as.clone())
                .send(),
        )
        .await
        .ok();
    let busy = match listed {
        Err(e) => return Collected::Error(e),
        Ok(out) => out
            .summaries
            .unwrap_or_default()
            .into_iter()
            .find(|o| o.status().is_some_and(|s| UNFINISHED.contains(s))),
    };
    if let Some(op) = busy {
        return Collected::Error(CollectError::new(
            "DetectStackSetDrift",
            "OperationInProgressException",
            format!(
                "not started: operation {} ({}) is {} on the stack set",
                op.operation_id().unwrap_or_default(),
                op.action().map_or("", |a| a.as_str()),
                op.status().map_or("", |s| s.as_str())
            ),
        ));
    }
    let preferences = StackSetOperationPreferences::builder()
        .max_concurrent_percentage(MAX_CONCURRENT_PERCENTAGE)
        .failure_tolerance_percentage(FAILURE_TOLERANCE_PERCENTAGE)
        .build();
    let started = start_before(
        cx,
        deadline,
        "DetectStackSetDrift",
        cx.call(
            DETECT_STACK_SET_DRIFT,
            client
                .detect_stack_set_drift()
                .stack_set_name(name)
                .call_as(call_as.clone())
                .operation_preferences(preferences)
                .send(),
        ),
    )
    .await;
    let operation_id = match started.map(|out| out.operation_id) {
        Ok(Some(id)) => id,
        Ok(None) => {
            return Collected::Error(CollectError::new(
                "DetectStackSetDrift",
                crate::error::INVALID_RESPONSE,
                "the response has no OperationId",
            ))
        }
        Err(e) => return Collected::Error(e),
    };
    let polled = poll_until(cx, deadline, || async {
        let out = cx
            .call(
                DESCRIBE_STACK_SET_OPERATION,
                client
                    .describe_stack_set_operation()
                    .stack_set_name(name)
                    .operation_id(&operation_id)
                    .call_as(call_as.clone())
                    .send(),
            )
            .await
            .ok()?;
        let op = out.stack_set_operation;
        Ok(op.filter(|o| o.status().is_some_and(|s| !UNFINISHED.contains(s))))
    })
    .await;
    match polled {
        None => Collected::Value(StackSetDetection {
            operation_id,
            status: RUNNING.to_string(),
            reason: Some(still_running(cx)),
        }),
        Some(Err(e)) => Collected::Error(e),
        Some(Ok(op)) => Collected::Value(StackSetDetection {
            operation_id,
            status: op.status().map_or("", |s| s.as_str()).to_string(),
            reason: op.status_reason().map(str::to_string),
        }),
    }
}

/// Why a detection is recorded as still running.
fn still_running(cx: &Cx) -> String {
    format!(
        "still in progress when the --drift-timeout of {}s ran out",
        cx.session.drift.timeout.as_secs()
    )
}

/// Starts a drift detection with `call`, unless the region's
/// `--drift-timeout` has run out; the deadline bounds the call itself too
/// (the SDK's adaptive rate limiting may hold it back).
async fn start_before<O, E: crate::cx::SdkErrorKind>(
    cx: &Cx,
    deadline: Instant,
    operation: &str,
    call: impl std::future::Future<Output = crate::cx::Reply<'_, O, E>>,
) -> Result<O, CollectError> {
    let timeout = cx.session.drift.timeout.as_secs();
    if Instant::now() >= deadline {
        return Err(CollectError::new(
            operation,
            "Timeout",
            format!("not started: the --drift-timeout of {timeout}s ran out first"),
        ));
    }
    match tokio::time::timeout_at(deadline, call).await {
        Err(_) => Err(CollectError::new(
            operation,
            "Timeout",
            format!("no answer before the --drift-timeout of {timeout}s ran out"),
        )),
        Ok(reply) => reply.ok(),
    }
}

/// Polls with exponential backoff (`first_poll` doubled up to `max_poll`)
/// until `poll` gives the outcome or `deadline` passes (a poll unanswered
/// by then counts as not done): `None` when the time ran out.
async fn poll_until<T, F, Fut>(
    cx: &Cx,
    deadline: Instant,
    mut poll: F,
) -> Option<Result<T, CollectError>>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<Option<T>, CollectError>>,
{
    let opts = &cx.session.drift;
    let mut wait = opts.first_poll;
    loop {
        let now = Instant::now();
        if now >= deadline {
            return None;
        }
        tokio::time::sleep(wait.min(deadline - now)).await;
        wait = (wait * 2).min(opts.max_poll);
        match tokio::time::timeout_at(deadline, poll()).await {
            Err(_) => return None,
            Ok(Err(e)) => return Some(Err(e)),
            Ok(Ok(Some(t))) => return Some(Ok(t)),
            Ok(Ok(None)) => {}
        }
    }
}

/// `GetTemplate`: the original template, reduced on reading (nothing of
/// its text is kept but its structure); when it declares a `Transform`,
/// the processed template (macros expanded), keeping the transforms'
/// names.
async fn read_template(cx: &Cx, client: &Client, stack_id: String) -> Collected<Template> {
    let get = |stage: TemplateStage| {
        cx.call(
            GET_TEMPLATE,
            client
                .get_template()
                .stack_name(&stack_id)
                .template_stage(stage)
                .send(),
        )
    };
    let body = |out: GetTemplateOutput| out.template_body().map(Template::from_text);
    let original = get(TemplateStage::Original).await.read(&[], body);
    let transforms = match &original {
        Collected::Value(t) if !t.transforms.is_empty() => t.transforms.clone(),
        _ => return original,
    };
    match get(TemplateStage::Processed).await.read(&[], body) {
        Collected::Value(processed) => Collected::Value(Template {
            transforms,
            ..processed
        }),
        other => other,
    }
}

/// `GetStackPolicy`: the stack policy; absent when none is set.
async fn read_policy(cx: &Cx, client: &Client, stack_id: String) -> Collected<PolicyJson> {
    cx.call(
        GET_STACK_POLICY,
        client.get_stack_policy().stack_name(&stack_id).send(),
    )
    .await
    .read(&[], |out| {
        out.stack_policy_body()
            .filter(|b| !b.trim().is_empty())
            .map(policy_json)
    })
}

/// The latest resource event whose status ends in `_FAILED` among the
/// stack's most recent events (`DescribeStackEvents`, newest first: its
/// first page).
async fn read_failure(cx: &Cx, client: &Client, stack_id: String) -> Collected<FailedEvent> {
    cx.call(
        DESCRIBE_STACK_EVENTS,
        client.describe_stack_events().stack_name(&stack_id).send(),
    )
    .await
    .read(&[], |out| {
        // The stack's own events (its logical id is its name) only repeat
        // its status reason: the resource that failed is what helps.
        let e = out.stack_events().iter().find(|e| {
            e.logical_resource_id() != e.stack_name()
                && e.resource_status()
                    .is_some_and(|s| s.as_str().ends_with("_FAILED"))
        })?;
        Some(FailedEvent {
            logical_id: e.logical_resource_id().unwrap_or_default().to_string(),
            resource_type: e.resource_type().unwrap_or_default().to_string(),
            status: e
                .resource_status()
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
            reason: e.resource_status_reason().map(str::to_string),
            time: e.timestamp().and_then(crate::utc),
        })
    })
}

/// `ListStackResources`, and for `MODIFIED` resources the property paths
/// that differ (`DescribeStackResourceDrifts`). Either call failing makes
/// the whole list unknown: a `MODIFIED` resource without its paths could
/// not be matched against `drift_ignore`.
async fn read_resources(
    cx: &Cx,
    client: &Client,
    stack_id: String,
) -> Collected<Vec<StackResource>> {
    let listed = client
        .list_stack_resources()
        .stack_name(&stack_id)
        .into_paginator()
        .items()
        .send();
    let mut resources: Vec<StackResource> = match cx.list(LIST_STACK_RESOURCES, listed).await {
        Ok(list) => list.iter().map(resource_of).collect(),
        Err(e) => return Collected::Error(e),
    };
    if !resources.iter().any(|r| r.drift_status == "MODIFIED") {
        return Collected::Value(resources);
    }
    let drifts = client
        .describe_stack_resource_drifts()
        .stack_name(&stack_id)
        .stack_resource_drift_status_filters(StackResourceDriftStatus::Modified)
        .stack_resource_drift_status_filters(StackResourceDriftStatus::Deleted)
        .into_paginator()
        .send();
    let pages = match cx.list(DESCRIBE_STACK_RESOURCE_DRIFTS, drifts).await {
        Ok(pages) => pages,
        Err(e) => return Collected::Error(e),
    };
    for drift in pages.iter().flat_map(|p| p.stack_resource_drifts()) {
        let Some(r) = resources.iter_mut().find(|r| {
            r.drift_status == "MODIFIED"
                && Some(r.logical_id.as_str()) == drift.logical_resource_id()
        }) else {
            continue;
        };
        r.property_differences = drift
            .property_differences()
            .iter()
            .map(|d| PropertyDifference {
                path: d.property_path().unwrap_or_default().to_string(),
                difference_type: d
                    .difference_type()
                    .map(|t| t.as_str().to_string())
                    .unwrap_or_default(),
            })
            .collect();
    }
    Collected::Value(resources)
}

fn resource_of(r: &sdk::StackResourceSummary) -> StackResource {
    let drift_status = match r
        .drift_information()
        .and_then(|d| d.stack_resource_drift_status())
    {
        None => "UNKNOWN",
        Some(StackResourceDriftStatus::Unsupported) => "NOT_CHECKED",
        Some(s) => s.as_str(),
    };
    StackResource {
        logical_id: r.logical_resource_id().unwrap_or_default().to_string(),
        physical_id: r.physical_resource_id().map(str::to_string),
        resource_type: r.resource_type().unwrap_or_default().to_string(),
        drift_status: drift_status.to_string(),
        property_differences: Vec::new(),
    }
}
