//! Lambda, per region: `ListFunctions` (the `$LATEST` configuration of each
//! function, environment variables included), then per function, as the
//! selected checks read them, `ListTags` and `GetPolicy`.
//! Environment variable values are redacted as they are read
//! ([`Secret::redact`]): only their names and short hashes enter the
//! inventory.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_lambda;

use crate::session::sdk_client;
use crate::{policy_json, Cx};
use aws_sdk_lambda::types::FunctionConfiguration;
use awscheck_model::collected::CollectError;
use awscheck_model::inventory::lambda::{self as data, Function, Lambda};
use awscheck_model::secret::{NamedSecret, Secret};

crate::registry::operations! {
    sdk "Lambda", iam "lambda" {
        LIST_FUNCTIONS = ListFunctions,
        LIST_TAGS = ListTags,
        GET_POLICY = GetPolicy,
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
    Ok(Lambda { functions })
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
    let (tags, policy) = tokio::join!(
        cx.read_if(data::FUNCTION_TAGS, async {
            cx.call(LIST_TAGS, client.list_tags().resource(&arn).send())
                .await
                .tags(|o| o.tags.unwrap_or_default().into_iter().collect())
        }),
        cx.read_if(data::POLICY, async {
            cx.call(GET_POLICY, client.get_policy().function_name(&arn).send())
                .await
                .read(&["ResourceNotFoundException"], |o| {
                    o.policy().map(policy_json)
                })
        }),
    );
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
        arn,
        name,
    }
}
