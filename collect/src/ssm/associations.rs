//! State Manager associations (`ListAssociations`) and, as the selected
//! checks read them, the kept parameters of those that run a patching
//! document or install a package (`AWS-ConfigureAWSPackage`: which one)
//! (`DescribeAssociation`, one call each; see
//! [`super::windows::KEPT`]). A failed listing leaves `ssm.associations`
//! unread in the region; a failed `DescribeAssociation` makes that
//! association's parameters unknown (error); one deleted since it was
//! listed (`AssociationDoesNotExist`) has none (absent).

use super::windows::{is_patching_document, kept};
use super::{target, DESCRIBE_ASSOCIATION, LIST_ASSOCIATIONS};
use crate::{text, utc, Cx};
use aws_sdk_ssm::Client;
use awscheck_model::collected::Collected;
use awscheck_model::inventory::ssm::{self as data, Association, Target, CONFIGURE_PACKAGE};

/// The region's associations; empty (and the part unread) when the listing
/// failed, or when no selected check reads them.
pub(super) async fn associations(cx: &Cx, client: &Client) -> Vec<Association> {
    let listed = client
        .list_associations()
        .max_results(50)
        .into_paginator()
        .items()
        .send();
    let listed = cx
        .part(data::ASSOCIATIONS, cx.list(LIST_ASSOCIATIONS, listed))
        .await;
    let read_parameters = cx.wants(data::ASSOCIATION_PARAMETERS);
    cx.bounded(listed, |a| async move {
        let id = a.association_id()?.to_string();
        let document = a.name().unwrap_or_default().to_string();
        let parameters = if read_parameters && has_kept_parameters(&document) {
            parameters(cx, client, &id).await
        } else {
            // Not read: no selected check reads it, or not a patching document.
            Collected::Absent
        };
        let mut targets: Vec<Target> = a.targets().iter().filter_map(target).collect();
        if let (true, Some(instance)) = (targets.is_empty(), a.instance_id()) {
            // A legacy association names its one instance.
            targets.push(Target {
                key: "InstanceIds".into(),
                values: vec![instance.to_string()],
            });
        }
        Some(Association {
            arn: cx.arn("ssm", &format!("association/{id}")),
            region: cx.region.clone(),
            account_id: cx.account_id().to_string(),
            name: text(a.association_name()),
            targets,
            schedule: text(a.schedule_expression()),
            last_execution: a.last_execution_date().and_then(utc),
            status: a.overview().and_then(|o| text(o.status())),
            parameters,
            document,
            id,
        })
    })
    .await
    .into_iter()
    .flatten()
    .collect()
}

/// The documents whose kept parameters the checks judge: the patching
/// ones, and the package installer (which package: `name`, `action`).
fn has_kept_parameters(document: &str) -> bool {
    let name = document.rsplit('/').next().unwrap_or(document);
    is_patching_document(document) || name == CONFIGURE_PACKAGE
}

async fn parameters(
    cx: &Cx,
    client: &Client,
    id: &str,
) -> Collected<std::collections::BTreeMap<String, Vec<String>>> {
    let request = client.describe_association().association_id(id).send();
    cx.call(DESCRIBE_ASSOCIATION, request)
        .await
        .read(&["AssociationDoesNotExist"], |o| {
            let d = o.association_description?;
            Some(d.parameters().map(kept).unwrap_or_default())
        })
}
