//! AWS CodeStar Notifications, per region: `ListNotificationRules`
//! (paged), then `DescribeNotificationRule` for each rule (a rule deleted
//! since the listing is left out; any other failure leaves the region
//! unread, since which resource the rule watches is then unknown).

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_codestarnotifications;

use crate::session::sdk_client;
use crate::Cx;
use aws_sdk_codestarnotifications::operation::describe_notification_rule::DescribeNotificationRuleOutput;
use awscheck_model::collected::CollectError;
use awscheck_model::inventory::codestarnotifications::{
    CodeStarNotifications, NotificationRule, NotificationTarget,
};

crate::registry::operations! {
    sdk "codestar notifications", iam "codestar-notifications" {
        LIST_NOTIFICATION_RULES = ListNotificationRules,
        DESCRIBE_NOTIFICATION_RULE = DescribeNotificationRule,
    }
}

crate::service!(CodeStarNotifications);

/// A rule deleted since the listing answers this.
const GONE: &[&str] = &["ResourceNotFoundException"];

async fn collect(cx: &Cx) -> Result<CodeStarNotifications, CollectError> {
    let client = sdk_client!(aws_sdk_codestarnotifications, &cx.session, &cx.region);
    let listed = cx
        .list(
            LIST_NOTIFICATION_RULES,
            client
                .list_notification_rules()
                .into_paginator()
                .items()
                .send(),
        )
        .await?;
    let arns: Vec<String> = listed
        .iter()
        .filter_map(|r| r.arn().map(str::to_string))
        .collect();
    let described = cx
        .bounded(arns, |arn| {
            let request = client.describe_notification_rule().arn(arn).send();
            async move {
                let reply = cx.call(DESCRIBE_NOTIFICATION_RULE, request).await;
                if reply.failed_with(GONE) {
                    return Ok(None);
                }
                reply.ok().map(Some)
            }
        })
        .await;
    let mut rules = Vec::new();
    for rule in described {
        if let Some(rule) = rule? {
            rules.push(rule_of(cx, rule));
        }
    }
    Ok(CodeStarNotifications { rules })
}

fn rule_of(cx: &Cx, o: DescribeNotificationRuleOutput) -> NotificationRule {
    NotificationRule {
        arn: o.arn().to_string(),
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        name: o.name().unwrap_or_default().to_string(),
        resource: o.resource().unwrap_or_default().to_string(),
        event_type_ids: o
            .event_types()
            .iter()
            .filter_map(|e| e.event_type_id().map(str::to_string))
            .collect(),
        status: o.status().map_or("", |s| s.as_str()).to_string(),
        targets: o
            .targets()
            .iter()
            .map(|t| NotificationTarget {
                address: t.target_address().unwrap_or_default().to_string(),
                target_type: t.target_type().unwrap_or_default().to_string(),
                status: t.target_status().map(|s| s.as_str().to_string()),
            })
            .collect(),
    }
}
