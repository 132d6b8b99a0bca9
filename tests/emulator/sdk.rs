//! The SDK crates the tests build accounts with, as the collectors
//! re-export them (the package has no SDK dependency of its own, so that a
//! fixture-only build compiles none).

pub use awscheck_collect::apigateway::{aws_sdk_apigateway, aws_sdk_apigatewayv2};
pub use awscheck_collect::appconfig::aws_sdk_appconfig;
pub use awscheck_collect::appsync::aws_sdk_appsync;
pub use awscheck_collect::autoscaling::aws_sdk_autoscaling;
pub use awscheck_collect::backup::aws_sdk_backup;
pub use awscheck_collect::cloudformation::aws_sdk_cloudformation;
pub use awscheck_collect::cloudfront::aws_sdk_cloudfront;
pub use awscheck_collect::cloudtrail::aws_sdk_cloudtrail;
pub use awscheck_collect::codebuild::aws_sdk_codebuild;
pub use awscheck_collect::codepipeline::aws_sdk_codepipeline;
pub use awscheck_collect::config::aws_sdk_config;
pub use awscheck_collect::dynamodb::aws_sdk_dynamodb;
pub use awscheck_collect::ec2::aws_sdk_ec2;
pub use awscheck_collect::ecr::aws_sdk_ecr;
pub use awscheck_collect::ecs::aws_sdk_ecs;
pub use awscheck_collect::efs::aws_sdk_efs;
pub use awscheck_collect::eks::aws_sdk_eks;
pub use awscheck_collect::elasticache::aws_sdk_elasticache;
pub use awscheck_collect::elasticbeanstalk::aws_sdk_elasticbeanstalk;
pub use awscheck_collect::elb::aws_sdk_elasticloadbalancing;
pub use awscheck_collect::elbv2::aws_sdk_elasticloadbalancingv2;
pub use awscheck_collect::events::aws_sdk_eventbridge;
pub use awscheck_collect::firehose::aws_sdk_firehose;
pub use awscheck_collect::glue::aws_sdk_glue;
pub use awscheck_collect::guardduty::aws_sdk_guardduty;
pub use awscheck_collect::iam::aws_sdk_iam;
pub use awscheck_collect::kinesis::aws_sdk_kinesis;
pub use awscheck_collect::kms::aws_sdk_kms;
pub use awscheck_collect::lambda::aws_sdk_lambda;
pub use awscheck_collect::logs::aws_sdk_cloudwatchlogs;
pub use awscheck_collect::opensearch::aws_sdk_opensearch;
pub use awscheck_collect::organizations::aws_sdk_organizations;
pub use awscheck_collect::rds::aws_sdk_rds;
pub use awscheck_collect::route53::aws_sdk_route53;
pub use awscheck_collect::route53resolver::aws_sdk_route53resolver;
pub use awscheck_collect::s3::aws_sdk_s3;
pub use awscheck_collect::secretsmanager::aws_sdk_secretsmanager;
pub use awscheck_collect::servicecatalog::aws_sdk_servicecatalog;
pub use awscheck_collect::session::{aws_config, aws_credential_types};
pub use awscheck_collect::sns::aws_sdk_sns;
pub use awscheck_collect::sqs::aws_sdk_sqs;
pub use awscheck_collect::ssm::aws_sdk_ssm;
pub use awscheck_collect::wafv2::aws_sdk_wafv2;
