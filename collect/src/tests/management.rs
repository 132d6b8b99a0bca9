//! The collectors of the management and governance services on the paths
//! the emulator cannot show: AccessDenied, throttling after the retries and
//! 5xx answers, each run through its check. Resource Groups Tagging: the
//! emulator proves the listing and its pages (`tests/emulator/management.rs`).

use super::*;
use aws_smithy_mocks::{mock, Rule};

const DENIED: &str = r#"{"__type":"AccessDeniedException","Message":"not authorized"}"#;
const THROTTLED: &str = r#"{"__type":"ThrottlingException","Message":"Rate exceeded"}"#;

mod tagging {
    use super::*;
    use aws_sdk_resourcegroupstagging::operation::get_resources::GetResourcesOutput;
    use aws_sdk_resourcegroupstagging::types::{ResourceTagMapping, Tag};
    use aws_sdk_resourcegroupstagging::Client;

    const CHECK: &str = "tagging-required-tags";
    const VOLUME: &str = "arn:aws:ec2:us-east-1:111122223333:volume/vol-1";

    fn mapping(arn: &str, tags: &[(&str, &str)]) -> ResourceTagMapping {
        let mut m = ResourceTagMapping::builder().resource_arn(arn);
        for (k, v) in tags {
            m = m.tags(Tag::builder().key(*k).value(*v).build().unwrap());
        }
        m.build()
    }

    #[tokio::test]
    async fn tagging_pages_are_read_and_judged() {
        let first = mock!(Client::get_resources)
            .match_requests(|r| r.pagination_token().is_none_or(str::is_empty))
            .then_output(|| {
                GetResourcesOutput::builder()
                    .resource_tag_mapping_list(mapping(
                        VOLUME,
                        &[
                            ("Environment", "prod"),
                            ("Owner", "web"),
                            ("CostCenter", "CC-1"),
                        ],
                    ))
                    .pagination_token("page-2")
                    .build()
            });
        let second = mock!(Client::get_resources)
            .match_requests(|r| r.pagination_token() == Some("page-2"))
            .then_output(|| {
                GetResourcesOutput::builder()
                    .resource_tag_mapping_list(mapping(
                        "arn:aws:s3:::scratch",
                        &[("Owner", "jsmith")],
                    ))
                    .pagination_token("")
                    .build()
            });
        let account = collect_for_check(&session(&[&first, &second]), "tagging", CHECK).await;
        assert!(account.collection_errors.is_empty(), "{account:#?}");
        assert_eq!(account.tagging.as_ref().unwrap().resources.len(), 2);
        let f = judge(&account, CHECK);
        expect(&f, VOLUME, Status::Pass, "carries the required tags");
        expect(
            &f,
            "arn:aws:s3:::scratch",
            Status::Fail,
            "missing required tag Environment, CostCenter",
        );
    }

    #[tokio::test]
    async fn tagging_denied_throttled_and_5xx_are_errors_naming_the_call() {
        let region = "arn:aws:tagging:us-east-1:111122223333";
        for (rule, reason, calls) in [
            (
                mock!(Client::get_resources).then_http_response(|| http(400, DENIED)),
                "tagging could not be read in us-east-1: GetResources failed: AccessDeniedException",
                1,
            ),
            (
                mock!(Client::get_resources).then_http_response(|| http(400, THROTTLED)),
                "tagging could not be read in us-east-1: throttled: GetResources (ThrottlingException)",
                ATTEMPTS as usize,
            ),
            (
                mock!(Client::get_resources).then_http_response(|| {
                    http(500, r#"{"__type":"InternalServiceException","Message":"internal"}"#)
                }),
                "tagging could not be read in us-east-1: GetResources failed: InternalServiceException",
                ATTEMPTS as usize,
            ),
        ] {
            let rules: [Rule; 1] = [rule];
            let account = collect_for_check(&session(&[&rules[0]]), "tagging", CHECK).await;
            assert_eq!(rules[0].num_calls(), calls, "{reason}");
            let f = judge(&account, CHECK);
            assert_eq!(f.len(), 1, "{f:#?}");
            expect(&f, region, Status::Error, reason);
        }
    }
}
