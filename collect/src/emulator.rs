//! Accommodations for API emulators, applied only when every request goes
//! to an endpoint URL (`--endpoint-url`, `AWS_ENDPOINT_URL`): never to AWS.
//!
//! CloudTrail's JSON operations: the SDK sends `X-Amz-Target:
//! CloudTrail_20131101.<Operation>`, as the Smithy model names the service;
//! botocore (and so boto3 and the AWS CLI) sends the namespaced form
//! `com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.<Operation>`.
//! AWS accepts both. moto up to 5.2.5 accepts both too; moto 5.2.6 routes
//! JSON operations by botocore's prefix alone and answers the SDK's form
//! with an empty 404, which would make every trail unreadable on it. With
//! an endpoint URL the namespaced form is sent, which every emulator
//! (being built against botocore's models) understands.

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextMut;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

/// The SDK's target prefix for CloudTrail operations.
const SDK_TARGET: &str = "CloudTrail_20131101.";

/// botocore's namespace in front of it.
const BOTOCORE_NAMESPACE: &str = "com.amazonaws.cloudtrail.v20131101.";

/// Sends CloudTrail's `X-Amz-Target` in botocore's namespaced form (a
/// scan adds it with an endpoint URL; emulator test harnesses add it to
/// their own clients).
#[derive(Debug)]
pub struct CloudTrailTarget;

impl Intercept for CloudTrailTarget {
    fn name(&self) -> &'static str {
        "awscheck::emulator::CloudTrailTarget"
    }

    fn modify_before_signing(
        &self,
        ctx: &mut BeforeTransmitInterceptorContextMut<'_>,
        _rc: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let headers = ctx.request_mut().headers_mut();
        let namespaced = match headers.get("x-amz-target") {
            Some(t) if t.starts_with(SDK_TARGET) => format!("{BOTOCORE_NAMESPACE}{t}"),
            _ => return Ok(()),
        };
        headers.insert("x-amz-target", namespaced);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::interceptor::declare;
    use crate::session::{sdk_client, Session};
    use aws_config::{BehaviorVersion, Region, SdkConfig};
    use aws_credential_types::provider::SharedCredentialsProvider;
    use aws_credential_types::Credentials;
    use aws_smithy_http_client::test_util::capture_request;

    /// The `X-Amz-Target` a DescribeTrails call sends, with or without an
    /// endpoint URL.
    async fn target(endpoint_url: Option<&str>) -> Option<String> {
        let (http, request) = capture_request(None);
        let mut sdk = SdkConfig::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("eu-west-1"))
            .credentials_provider(SharedCredentialsProvider::new(Credentials::for_tests()))
            .http_client(http);
        if let Some(url) = endpoint_url {
            sdk = sdk.endpoint_url(url);
        }
        let session = Session::new(sdk.build(), Vec::new());
        let client = sdk_client!(aws_sdk_cloudtrail, &session, "eu-west-1");
        let _ = declare(
            *crate::registry::find("CloudTrail", "DescribeTrails").expect("declared"),
            client.describe_trails().send(),
        )
        .await;
        let sent = request.expect_request();
        sent.headers().get("x-amz-target").map(str::to_string)
    }

    #[tokio::test]
    async fn cloudtrail_targets_are_namespaced_for_emulators_only() {
        assert_eq!(
            target(Some("http://127.0.0.1:5000")).await.as_deref(),
            Some("com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.DescribeTrails")
        );
        assert_eq!(
            target(None).await.as_deref(),
            Some("CloudTrail_20131101.DescribeTrails"),
            "AWS gets the SDK's own form"
        );
    }
}
