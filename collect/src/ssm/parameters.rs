//! Parameter Store: the region's parameters (`DescribeParameters`,
//! metadata only) and, as a selected check reads them, the values of the
//! `String` and `StringList` ones (`GetParameters`, ten names a call,
//! never decrypted), redacted here: the inventory keeps a short hash and
//! the credential patterns matched, never the value, except a value that
//! is one AMI id (an approved-AMI parameter), kept in clear. A
//! `SecureString`'s value is never read.
//!
//! A failed listing leaves `ssm.parameters` unread in the region; a failed
//! `GetParameters` batch makes the values of its ten parameters unknown
//! (error); a parameter deleted between the two calls (`InvalidParameters`)
//! has no value (absent).

use super::{DESCRIBE_PARAMETERS, GET_PARAMETERS};
use crate::Cx;
use aws_sdk_ssm::types::ParameterMetadata;
use aws_sdk_ssm::Client;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::ec2::is_image_id;
use awscheck_model::inventory::ssm::{self as data, Parameter};
use awscheck_model::secret::Secret;
use std::collections::HashMap;

/// The most names `GetParameters` takes in one call.
const NAMES_PER_CALL: usize = 10;

/// The region's parameters; empty (and the part unread) when the listing
/// failed, or when no selected check reads them.
pub(super) async fn parameters(cx: &Cx, client: &Client) -> Vec<Parameter> {
    if !cx.wants(data::PARAMETERS) {
        return Vec::new();
    }
    // The paginator has pages only (no item stream).
    let pages = client
        .describe_parameters()
        .max_results(50)
        .into_paginator()
        .send();
    let listed: Vec<ParameterMetadata> = match cx.list(DESCRIBE_PARAMETERS, pages).await {
        Ok(pages) => pages
            .into_iter()
            .flat_map(|page| page.parameters.unwrap_or_default())
            .collect(),
        Err(e) => {
            cx.unread(data::PARAMETERS, e);
            return Vec::new();
        }
    };
    let plain: Vec<String> = listed
        .iter()
        .filter(|p| !is_secure(p))
        .filter_map(|p| p.name().map(str::to_string))
        .collect();
    let values = cx
        .read_if(data::PARAMETER_VALUES, async {
            Some(values(cx, client, plain).await)
        })
        .await;
    listed
        .iter()
        .filter_map(|p| {
            let name = p.name()?.to_string();
            // A part not read keeps its default (not collected); a
            // SecureString's value is never read (absent).
            let (value, image_id) = match &values {
                None => (Collected::default(), None),
                Some(_) if is_secure(p) => (Collected::Absent, None),
                Some(values) => values
                    .get(&name)
                    .cloned()
                    .unwrap_or((Collected::Absent, None)),
            };
            Some(Parameter {
                arn: p.arn().map_or_else(
                    || {
                        cx.arn(
                            "ssm",
                            &format!("parameter/{}", name.trim_start_matches('/')),
                        )
                    },
                    str::to_string,
                ),
                region: cx.region.clone(),
                account_id: cx.account_id().to_string(),
                parameter_type: p
                    .r#type()
                    .map(|t| t.as_str().to_string())
                    .unwrap_or_default(),
                key_id: p.key_id().map(str::to_string),
                tier: p.tier().map(|t| t.as_str().to_string()),
                policies: p
                    .policies()
                    .iter()
                    .filter_map(|policy| policy.policy_type().map(str::to_string))
                    .collect(),
                value,
                image_id,
                name,
            })
        })
        .collect()
}

fn is_secure(p: &ParameterMetadata) -> bool {
    p.r#type().is_some_and(|t| t.as_str() == "SecureString")
}

/// A parameter's redacted value and, when the value is one AMI id, that id.
type Value = (Collected<Secret>, Option<String>);

/// Name → the value, or the error of the batch that covered it. Names
/// `GetParameters` did not find are not in the map.
async fn values(cx: &Cx, client: &Client, names: Vec<String>) -> HashMap<String, Value> {
    let batches: Vec<Vec<String>> = names.chunks(NAMES_PER_CALL).map(<[_]>::to_vec).collect();
    let results = cx
        .bounded(batches, |batch| async move {
            let request = client
                .get_parameters()
                .set_names(Some(batch.clone()))
                .with_decryption(false)
                .send();
            let got: Result<_, CollectError> = cx.call(GET_PARAMETERS, request).await.ok();
            (batch, got)
        })
        .await;
    let mut out = HashMap::new();
    for (batch, got) in results {
        match got {
            Ok(reply) => {
                for p in reply.parameters() {
                    if let (Some(name), Some(value)) = (p.name(), p.value()) {
                        let image_id = is_image_id(value).then(|| value.to_string());
                        out.insert(
                            name.to_string(),
                            (Collected::Value(Secret::redact(value)), image_id),
                        );
                    }
                }
            }
            Err(e) => {
                for name in batch {
                    out.insert(name, (Collected::Error(e.clone()), None));
                }
            }
        }
    }
    out
}
