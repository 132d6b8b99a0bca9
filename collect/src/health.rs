//! AWS Health (global): `DescribeHealthServiceStatusForOrganization`, asked
//! once per account of the partition's Health endpoint (us-east-1 in the
//! commercial partition) when a selected check reads the organizational
//! view. Its failures (a member account may not ask; an account without a
//! Business or Enterprise support plan gets `SubscriptionRequiredException`)
//! are kept on the part for the check to weigh.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_health;

use crate::session::sdk_client;
use crate::Cx;
use awscheck_model::collected::CollectError;
use awscheck_model::inventory::health::{self as data, Health, HealthAccount};
use awscheck_model::inventory::GLOBAL;

crate::registry::operations! {
    sdk "Health", iam "health" {
        DESCRIBE_HEALTH_SERVICE_STATUS_FOR_ORGANIZATION = DescribeHealthServiceStatusForOrganization,
    }
}

crate::service!(Health, global: true);

/// The region of the Health endpoint of each partition: the API answers
/// from one region only (AWS Health user guide, "AWS Health API endpoints").
fn endpoint_region(partition: &str) -> &'static str {
    match partition {
        "aws-cn" => "cn-northwest-1",
        "aws-us-gov" => "us-gov-west-1",
        _ => "us-east-1",
    }
}

async fn collect(cx: &Cx) -> Result<Health, CollectError> {
    let client = sdk_client!(aws_sdk_health, &cx.session, endpoint_region(cx.partition()));
    let organization_view = cx
        .read_if(data::ORGANIZATION_VIEW, async {
            let request = client
                .describe_health_service_status_for_organization()
                .send();
            cx.call(DESCRIBE_HEALTH_SERVICE_STATUS_FOR_ORGANIZATION, request)
                .await
                .read(&[], |o| {
                    o.health_service_access_status_for_organization()
                        .map(str::to_string)
                })
        })
        .await;
    Ok(Health {
        accounts: vec![HealthAccount {
            arn: format!("arn:{}:health::{}", cx.partition(), cx.account_id()),
            region: GLOBAL.to_string(),
            account_id: cx.account_id().to_string(),
            organization_view,
        }],
    })
}
