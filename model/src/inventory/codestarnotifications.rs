//! AWS CodeStar Notifications (developer tools notifications), per region:
//! notification rules on pipelines, build projects and CodeDeploy
//! applications, with the events they notify on and their targets.

use super::merge;
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListNotificationRules` (paged), then `DescribeNotificationRule` for
/// each: the rules with their resource, event types, status and targets
/// (a rule that cannot be described leaves the region unread: which
/// resource it watches is unknown).
pub const RULES: Data = Data::listing("codestarnotifications");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[RULES];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeStarNotifications {
    #[serde(default)]
    pub rules: Vec<NotificationRule>,
}
merge!(CodeStarNotifications { rules });

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotificationRule {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// `Resource`: the ARN of the pipeline, build project or CodeDeploy
    /// application (`arn:aws:codedeploy:REGION:ACCOUNT:application:NAME`)
    /// the rule watches.
    pub resource: String,
    /// `EventTypes[].EventTypeId` (`codepipeline-pipeline-pipeline-execution-failed`,
    /// `codebuild-project-build-state-failed`,
    /// `codedeploy-application-deployment-failed`, …).
    #[serde(default)]
    pub event_type_ids: Vec<String>,
    /// `Status`: `ENABLED` or `DISABLED`.
    pub status: String,
    /// `Targets`: where notifications go.
    #[serde(default)]
    pub targets: Vec<NotificationTarget>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotificationTarget {
    /// `TargetAddress`: an SNS topic ARN (looked up in `sns`) or an AWS
    /// Chatbot client's ARN.
    pub address: String,
    /// `TargetType`: `SNS`, `AWSChatbotSlack` or `AWSChatbotMicrosoftTeams`.
    pub target_type: String,
    /// `TargetStatus`: `ACTIVE`, `PENDING`, `UNREACHABLE`, `INACTIVE` or
    /// `DEACTIVATED`; absent when not reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}
