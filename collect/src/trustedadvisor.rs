//! AWS Trusted Advisor (global), through the AWS Support API, which answers
//! from the partition's us-east-1 endpoint only: `DescribeTrustedAdvisorChecks`
//! (in English), then `DescribeTrustedAdvisorCheckSummaries` of the
//! security and service-limits checks. An account without a Business,
//! Enterprise On-Ramp or Enterprise support plan gets
//! `SubscriptionRequiredException`, kept on the part for the check to weigh.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_support;

use crate::session::sdk_client;
use crate::Cx;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::trustedadvisor::{
    self as data, AdvisorAccount, AdvisorCheck, CheckSummary, TrustedAdvisor,
};
use awscheck_model::inventory::GLOBAL;

crate::registry::operations! {
    sdk "Support", iam "support" {
        DESCRIBE_TRUSTED_ADVISOR_CHECKS = DescribeTrustedAdvisorChecks,
        DESCRIBE_TRUSTED_ADVISOR_CHECK_SUMMARIES = DescribeTrustedAdvisorCheckSummaries,
    }
}

crate::service!(TrustedAdvisor, global: true);

/// The region of the Support API's endpoint of each partition.
fn endpoint_region(partition: &str) -> &'static str {
    match partition {
        "aws-cn" => "cn-north-1",
        "aws-us-gov" => "us-gov-west-1",
        _ => "us-east-1",
    }
}

/// The categories whose statuses are summarised.
const SUMMARISED: &[&str] = &["security", "service_limits"];

async fn collect(cx: &Cx) -> Result<TrustedAdvisor, CollectError> {
    let client = sdk_client!(
        aws_sdk_support,
        &cx.session,
        endpoint_region(cx.partition())
    );
    let wants_summaries = cx.wants(data::SUMMARIES);
    let checks = if cx.wants(data::CHECKS) || wants_summaries {
        let request = client
            .describe_trusted_advisor_checks()
            .language("en")
            .send();
        cx.call(DESCRIBE_TRUSTED_ADVISOR_CHECKS, request)
            .await
            .read(&[], |o| {
                Some(o.checks().iter().map(check).collect::<Vec<_>>())
            })
    } else {
        Collected::default()
    };
    let summaries = match checks.value() {
        Some(checks) if wants_summaries => read_summaries(cx, &client, checks).await,
        _ => Collected::default(),
    };
    Ok(TrustedAdvisor {
        accounts: vec![AdvisorAccount {
            arn: format!("arn:{}:trustedadvisor::{}", cx.partition(), cx.account_id()),
            region: GLOBAL.to_string(),
            account_id: cx.account_id().to_string(),
            checks: cx.keep(data::CHECKS, checks),
            summaries,
        }],
    })
}

fn check(c: &aws_sdk_support::types::TrustedAdvisorCheckDescription) -> AdvisorCheck {
    AdvisorCheck {
        id: c.id().to_string(),
        name: c.name().to_string(),
        category: c.category().to_string(),
    }
}

async fn read_summaries(
    cx: &Cx,
    client: &aws_sdk_support::Client,
    checks: &[AdvisorCheck],
) -> Collected<Vec<CheckSummary>> {
    let ids: Vec<Option<String>> = checks
        .iter()
        .filter(|c| SUMMARISED.contains(&c.category.as_str()))
        .map(|c| Some(c.id.clone()))
        .collect();
    if ids.is_empty() {
        return Collected::Value(Vec::new());
    }
    let request = client
        .describe_trusted_advisor_check_summaries()
        .set_check_ids(Some(ids))
        .send();
    cx.call(DESCRIBE_TRUSTED_ADVISOR_CHECK_SUMMARIES, request)
        .await
        .read(&[], |o| {
            Some(
                o.summaries()
                    .iter()
                    .map(|s| CheckSummary {
                        check_id: s.check_id().to_string(),
                        status: s.status().to_string(),
                        resources_flagged: s
                            .resources_summary()
                            .map_or(0, |r| r.resources_flagged()),
                    })
                    .collect(),
            )
        })
}
