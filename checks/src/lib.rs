//! awscheck's rulebook: the engine and one file per check, judging the
//! account model of `awscheck-model`. Pure: no I/O, no async runtime, no AWS SDK.
//!
//! "Collect once, judge purely": the program turns an account into an
//! [`inventory::Inventory`]; [`engine::run`] turns that into findings.

pub mod docs;
pub mod engine;
pub mod judge;
pub mod registry;
pub mod settings;

/// The account model the checks judge (the `awscheck-model` crate).
pub use awscheck_model::{arn, collected, inventory, policy, secret, template};

mod apigateway;
mod appconfig;
mod autoscaling;
mod backup;
mod cloudformation;
mod cloudfront;
mod cloudtrail;
mod cloudwatch;
mod codeartifact;
mod codebuild;
mod codecommit;
mod codedeploy;
mod codepipeline;
mod config;
mod controltower;
mod directconnect;
mod dms;
mod dynamodb;
mod ec2;
mod ecr;
mod ecs;
mod efs;
mod eks;
mod elasticache;
mod elasticbeanstalk;
mod elb;
mod events;
mod fms;
mod glue;
mod guardduty;
mod health;
mod iam;
mod imagebuilder;
mod inspector2;
mod kinesis;
mod kms;
mod lambda;
mod logs;
mod opensearch;
mod organizations;
mod rds;
mod route53;
mod s3;
mod secretsmanager;
mod servicecatalog;
mod sns;
mod sqs;
mod ssm;
mod tagging;
mod trustedadvisor;
mod vpc;
mod wafv2;
mod xray;

pub use engine::{Check, Finding, Severity, Status};
pub use inventory::Inventory;
pub use settings::Settings;

#[cfg(test)]
mod testing;
