//! The collectors of the management and governance services on the paths
//! the emulator cannot show: AccessDenied, throttling after the retries and
//! 5xx answers, each run through its check. Resource Groups Tagging: the
//! emulator proves the listing and its pages (`tests/emulator/management.rs`).
//! Elastic Beanstalk: the emulator proves the environments and their tags,
//! not `DescribeConfigurationSettings` (moto answers it with a 500), proven
//! here with the namespaces kept (never the environment properties).

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

mod elasticbeanstalk {
    use super::*;
    use aws_sdk_elasticbeanstalk::operation::describe_configuration_settings::DescribeConfigurationSettingsOutput;
    use aws_sdk_elasticbeanstalk::operation::describe_environments::DescribeEnvironmentsOutput;
    use aws_sdk_elasticbeanstalk::operation::list_tags_for_resource::ListTagsForResourceOutput;
    use aws_sdk_elasticbeanstalk::types::{
        ConfigurationOptionSetting, ConfigurationSettingsDescription, EnvironmentDescription,
        EnvironmentStatus, EnvironmentTier, Tag,
    };
    use aws_sdk_elasticbeanstalk::Client;

    const CHECK: &str = "elasticbeanstalk-deployment-policy";
    const WEB: &str = "arn:aws:elasticbeanstalk:us-east-1:111122223333:environment/shop/web-prod";
    const EB_DENIED: &str = r#"<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized</Message></Error><RequestId>r</RequestId></ErrorResponse>"#;
    const EB_THROTTLED: &str = r#"<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>"#;
    const EB_INTERNAL: &str = r#"<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code><Message>internal</Message></Error><RequestId>r</RequestId></ErrorResponse>"#;

    fn option(namespace: &str, name: &str, value: &str) -> ConfigurationOptionSetting {
        ConfigurationOptionSetting::builder()
            .namespace(namespace)
            .option_name(name)
            .value(value)
            .build()
    }

    /// One production environment `web-prod` deploying with `policy`, on
    /// two pages of the listing; each call answers as `overrides` say,
    /// else so.
    fn rules(policy: &'static str, overrides: Vec<Rule>) -> Vec<Rule> {
        let mut all = overrides;
        all.extend([
            mock!(Client::describe_environments)
                .match_requests(|r| r.next_token().is_none())
                .then_output(|| {
                    DescribeEnvironmentsOutput::builder()
                        .next_token("page-2")
                        .build()
                }),
            mock!(Client::describe_environments)
                .match_requests(|r| r.next_token() == Some("page-2"))
                .then_output(|| {
                    DescribeEnvironmentsOutput::builder()
                        .environments(
                            EnvironmentDescription::builder()
                                .environment_name("web-prod")
                                .environment_id("e-abc123")
                                .application_name("shop")
                                .environment_arn(WEB)
                                .status(EnvironmentStatus::Ready)
                                .tier(EnvironmentTier::builder().name("WebServer").build())
                                .build(),
                        )
                        .build()
                }),
            mock!(Client::list_tags_for_resource).then_output(|| {
                ListTagsForResourceOutput::builder()
                    .resource_tags(Tag::builder().key("Environment").value("prod").build())
                    .build()
            }),
            mock!(Client::describe_configuration_settings).then_output(move || {
                DescribeConfigurationSettingsOutput::builder()
                    .configuration_settings(
                        ConfigurationSettingsDescription::builder()
                            .option_settings(option(
                                "aws:elasticbeanstalk:command",
                                "DeploymentPolicy",
                                policy,
                            ))
                            .option_settings(option(
                                "aws:elasticbeanstalk:environment",
                                "EnvironmentType",
                                "LoadBalanced",
                            ))
                            .option_settings(option("aws:autoscaling:asg", "MinSize", "2"))
                            .option_settings(option(
                                "aws:elasticbeanstalk:application:environment",
                                "DB_PASSWORD",
                                "hunter2-not-kept",
                            ))
                            .build(),
                    )
                    .build()
            }),
        ]);
        all
    }

    async fn collected(rules: &[Rule]) -> Account {
        let s = session(&rules.iter().collect::<Vec<_>>());
        collect_for_check(&s, "elasticbeanstalk", CHECK).await
    }

    #[tokio::test]
    async fn elasticbeanstalk_settings_and_tags_are_read_and_judged() {
        let account = collected(&rules("Immutable", vec![])).await;
        assert!(account.collection_errors.is_empty(), "{account:#?}");
        let env = &account.elasticbeanstalk.as_ref().unwrap().environments[0];
        let settings = env.settings.value().unwrap();
        assert_eq!(settings.len(), 3, "only the namespaces judged are kept");
        let json = serde_json::to_string(&account).unwrap();
        assert!(
            !json.contains("hunter2") && !json.contains("DB_PASSWORD"),
            "{json}"
        );
        expect(
            &judge(&account, CHECK),
            WEB,
            Status::Pass,
            "deployed without downtime",
        );

        let account = collected(&rules("AllAtOnce", vec![])).await;
        expect(
            &judge(&account, CHECK),
            WEB,
            Status::Fail,
            "DeploymentPolicy is AllAtOnce",
        );
    }

    #[tokio::test]
    async fn elasticbeanstalk_denied_throttled_and_5xx_are_errors_naming_the_call() {
        let account = collected(&rules(
            "Immutable",
            vec![mock!(Client::describe_environments).then_http_response(|| http(403, EB_DENIED))],
        ))
        .await;
        let f = judge(&account, CHECK);
        assert_eq!(f.len(), 1, "{f:#?}");
        expect(
            &f,
            "arn:aws:elasticbeanstalk:us-east-1:111122223333",
            Status::Error,
            "elasticbeanstalk could not be read in us-east-1: DescribeEnvironments failed: AccessDenied",
        );

        let throttled =
            mock!(Client::list_tags_for_resource).then_http_response(|| http(400, EB_THROTTLED));
        let account = collected(&rules("Immutable", vec![throttled.clone()])).await;
        assert_eq!(throttled.num_calls(), ATTEMPTS as usize);
        expect(
            &judge(&account, CHECK),
            WEB,
            Status::Error,
            "its tags could not be read, so whether it is in scope (production, exempt) is unknown: throttled: ListTagsForResource (Throttling)",
        );

        let account = collected(&rules(
            "Immutable",
            vec![mock!(Client::describe_configuration_settings)
                .then_http_response(|| http(500, EB_INTERNAL))],
        ))
        .await;
        expect(
            &judge(&account, CHECK),
            WEB,
            Status::Error,
            "DescribeConfigurationSettings failed: InternalFailure",
        );
    }
}
