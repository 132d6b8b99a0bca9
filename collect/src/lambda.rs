//! Lambda, per region: `ListFunctions` (the `$LATEST` configuration of each
//! function, environment variables, execution role and dead-letter queue
//! included), then per function, each only when a selected check reads it:
//! `ListTags`, `GetPolicy` (the unqualified resource-based policy) and
//! `ListFunctionEventInvokeConfigs` (asynchronous-invocation settings of
//! every qualifier in one paginated call), `GetFunctionConcurrency` and
//! `ListProvisionedConcurrencyConfigs`; and once per region, when read,
//! `ListEventSourceMappings` and `GetAccountSettings` (each failure leaves
//! its part unread in the region).
//! Environment variable values are redacted as they are read
//! ([`Secret::redact`]): only their names and short hashes enter the
//! inventory.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_lambda;

use crate::session::sdk_client;
use crate::{policy_json, Cx};
use aws_sdk_lambda::types::{
    DestinationConfig, EventSourceMappingConfiguration, FunctionConfiguration,
    FunctionEventInvokeConfig,
};
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::lambda::{
    self as data, AccountSettings, EventInvokeConfig, EventSourceMapping, Function, Lambda,
    ProvisionedConcurrency,
};
use awscheck_model::secret::{NamedSecret, Secret};

crate::registry::operations! {
    sdk "Lambda", iam "lambda" {
        LIST_FUNCTIONS = ListFunctions,
        LIST_TAGS = ListTags,
        GET_POLICY = GetPolicy,
        LIST_FUNCTION_EVENT_INVOKE_CONFIGS = ListFunctionEventInvokeConfigs,
        LIST_EVENT_SOURCE_MAPPINGS = ListEventSourceMappings,
        GET_FUNCTION_CONCURRENCY = GetFunctionConcurrency,
        LIST_PROVISIONED_CONCURRENCY_CONFIGS = ListProvisionedConcurrencyConfigs,
        GET_ACCOUNT_SETTINGS = GetAccountSettings,
    }
}

crate::service!(Lambda);

async fn collect(cx: &Cx) -> Result<Lambda, CollectError> {
    let client = sdk_client!(aws_sdk_lambda, &cx.session, &cx.region);
    let listed = cx
        .list(
            LIST_FUNCTIONS,
            client
                .list_functions()
                .max_items(50)
                .into_paginator()
                .items()
                .send(),
        )
        .await?;
    let listed: Vec<_> = listed
        .into_iter()
        .filter(|f| f.function_name().is_some())
        .collect();
    let functions = cx.bounded(listed, |f| read_function(cx, &client, f)).await;
    let event_source_mappings = if cx.wants(data::EVENT_SOURCE_MAPPINGS) {
        event_source_mappings(cx, &client)
            .await
            .unwrap_or_else(|e| {
                cx.unread(data::EVENT_SOURCE_MAPPINGS, e);
                Vec::new()
            })
    } else {
        Vec::new()
    };
    let account_settings = if cx.wants(data::ACCOUNT_SETTINGS) {
        let request = client.get_account_settings().send();
        match cx.call(GET_ACCOUNT_SETTINGS, request).await.ok() {
            Ok(out) => out
                .account_limit()
                .map(|l| AccountSettings {
                    region: cx.region.clone(),
                    account_id: cx.account_id().to_string(),
                    concurrent_executions: i64::from(l.concurrent_executions()),
                    unreserved_concurrent_executions: i64::from(
                        l.unreserved_concurrent_executions()
                            .unwrap_or(l.concurrent_executions()),
                    ),
                })
                .into_iter()
                .collect(),
            Err(e) => {
                cx.unread(data::ACCOUNT_SETTINGS, e);
                Vec::new()
            }
        }
    } else {
        Vec::new()
    };
    Ok(Lambda {
        functions,
        event_source_mappings,
        account_settings,
    })
}

/// The function's error code for "it has no resource-based policy".
const NO_POLICY: &[&str] = &["ResourceNotFoundException"];

/// `DestinationConfig.OnFailure.Destination`, when set.
fn on_failure(d: Option<&DestinationConfig>) -> Option<String> {
    crate::convert::text(d?.on_failure()?.destination())
}

/// Environment variables, values redacted, sorted by name.
pub fn environment(f: &FunctionConfiguration) -> Vec<NamedSecret> {
    let mut vars: Vec<NamedSecret> = f
        .environment()
        .and_then(|e| e.variables())
        .into_iter()
        .flatten()
        .map(|(name, value)| NamedSecret {
            name: name.clone(),
            value: Secret::redact(value),
        })
        .collect();
    vars.sort_by(|a, b| a.name.cmp(&b.name));
    vars
}

async fn read_function(
    cx: &Cx,
    client: &aws_sdk_lambda::Client,
    f: FunctionConfiguration,
) -> Function {
    let name = f.function_name().unwrap_or_default().to_string();
    let arn = f.function_arn().map_or_else(
        || cx.arn("lambda", &format!("function:{name}")),
        str::to_string,
    );
    let (tags, policy, event_invoke_configs, reserved_concurrency, provisioned_concurrency) = tokio::join!(
        cx.read_if(data::FUNCTION_TAGS, async {
            cx.call(LIST_TAGS, client.list_tags().resource(&arn).send())
                .await
                .tags(data::FUNCTION_TAGS, &arn, &[], |o| {
                    o.tags.unwrap_or_default().into_iter().collect()
                })
        }),
        cx.read_if(data::POLICY, async {
            cx.call(GET_POLICY, client.get_policy().function_name(&arn).send())
                .await
                .read(NO_POLICY, |o| o.policy().map(policy_json))
        }),
        cx.read_if(
            data::EVENT_INVOKE_CONFIGS,
            event_invoke_configs(cx, client, &arn),
        ),
        cx.read_if(data::RESERVED_CONCURRENCY, async {
            let request = client.get_function_concurrency().function_name(&arn).send();
            cx.call(GET_FUNCTION_CONCURRENCY, request)
                .await
                .read(&[], |o| o.reserved_concurrent_executions().map(i64::from))
        }),
        cx.read_if(
            data::PROVISIONED_CONCURRENCY,
            provisioned_concurrency(cx, client, &arn),
        ),
    );
    let dead_letter_target_arn =
        crate::convert::text(f.dead_letter_config().and_then(|d| d.target_arn()));
    Function {
        tags,
        policy,
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        environment: environment(&f),
        role: f.role().map(str::to_string),
        tracing_mode: f
            .tracing_config()
            .and_then(|t| t.mode())
            .map(|m| m.as_str().to_string()),
        dead_letter_target_arn,
        event_invoke_configs,
        reserved_concurrency,
        provisioned_concurrency,
        arn,
        name,
    }
}

/// Every qualifier's provisioned concurrency; absent when none has any.
async fn provisioned_concurrency(
    cx: &Cx,
    client: &aws_sdk_lambda::Client,
    arn: &str,
) -> Collected<Vec<ProvisionedConcurrency>> {
    let listed = cx
        .list(
            LIST_PROVISIONED_CONCURRENCY_CONFIGS,
            client
                .list_provisioned_concurrency_configs()
                .function_name(arn)
                .max_items(50)
                .into_paginator()
                .items()
                .send(),
        )
        .await;
    every_or_absent(listed, |c| ProvisionedConcurrency {
        qualifier: c
            .function_arn()
            .and_then(|a| a.strip_prefix(arn)?.strip_prefix(':'))
            .unwrap_or_default()
            .to_string(),
        requested: c
            .requested_provisioned_concurrent_executions()
            .map_or(0, i64::from),
        allocated: c
            .allocated_provisioned_concurrent_executions()
            .map_or(0, i64::from),
        status: c
            .status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        status_reason: crate::convert::text(c.status_reason()),
    })
}

/// Every qualifier's asynchronous-invocation settings; absent when none
/// has any.
async fn event_invoke_configs(
    cx: &Cx,
    client: &aws_sdk_lambda::Client,
    arn: &str,
) -> Collected<Vec<EventInvokeConfig>> {
    let listed = cx
        .list(
            LIST_FUNCTION_EVENT_INVOKE_CONFIGS,
            client
                .list_function_event_invoke_configs()
                .function_name(arn)
                .max_items(50)
                .into_paginator()
                .items()
                .send(),
        )
        .await;
    every_or_absent(listed, |c| event_invoke_config(arn, c))
}

/// A per-function listing as the model keeps it: each entry through
/// `entry`, absent when there is none, the failed call as the error.
fn every_or_absent<T, U>(
    listed: Result<Vec<T>, CollectError>,
    entry: impl Fn(&T) -> U,
) -> Collected<Vec<U>> {
    match listed {
        Err(e) => Collected::Error(e),
        Ok(items) if items.is_empty() => Collected::Absent,
        Ok(items) => Collected::Value(items.iter().map(entry).collect()),
    }
}

/// One qualifier's settings; the qualifier is what follows the function's
/// ARN in the config's (`$LATEST` when it is unqualified).
fn event_invoke_config(function_arn: &str, c: &FunctionEventInvokeConfig) -> EventInvokeConfig {
    let qualifier = c
        .function_arn()
        .and_then(|a| a.strip_prefix(function_arn)?.strip_prefix(':'))
        .filter(|q| !q.is_empty())
        .unwrap_or("$LATEST");
    EventInvokeConfig {
        qualifier: qualifier.to_string(),
        on_failure: on_failure(c.destination_config()),
        maximum_retry_attempts: c.maximum_retry_attempts().map(i64::from),
        maximum_event_age_seconds: c.maximum_event_age_in_seconds().map(i64::from),
    }
}

/// The region's event source mappings.
async fn event_source_mappings(
    cx: &Cx,
    client: &aws_sdk_lambda::Client,
) -> Result<Vec<EventSourceMapping>, CollectError> {
    let listed = cx
        .list(
            LIST_EVENT_SOURCE_MAPPINGS,
            client
                .list_event_source_mappings()
                .max_items(100)
                .into_paginator()
                .items()
                .send(),
        )
        .await?;
    Ok(listed
        .iter()
        .filter_map(|m| event_source_mapping(cx, m))
        .collect())
}

fn event_source_mapping(
    cx: &Cx,
    m: &EventSourceMappingConfiguration,
) -> Option<EventSourceMapping> {
    let uuid = m.uuid()?.to_string();
    Some(EventSourceMapping {
        arn: m.event_source_mapping_arn().map_or_else(
            || cx.arn("lambda", &format!("event-source-mapping:{uuid}")),
            str::to_string,
        ),
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        function_arn: m.function_arn().unwrap_or_default().to_string(),
        event_source_arn: crate::convert::text(m.event_source_arn()),
        state: m.state().unwrap_or_default().to_string(),
        on_failure: on_failure(m.destination_config()),
        maximum_retry_attempts: m.maximum_retry_attempts().map(i64::from),
        bisect_batch_on_function_error: m.bisect_batch_on_function_error().unwrap_or(false),
        uuid,
    })
}
