//! awscheck's rulebook: the inventory model, policy documents, the engine,
//! and one file per check. Pure: no I/O, no async runtime, no AWS SDK.
//!
//! "Collect once, judge purely": the program turns an account into an
//! [`inventory::Inventory`]; [`engine::run`] turns that into findings.

pub mod arn;
pub mod collected;
pub mod docs;
pub mod engine;
pub mod inventory;
pub mod judge;
pub mod policy;
pub mod registry;
pub mod secret;
pub mod settings;

mod apigateway;
mod cloudformation;
mod cloudtrail;
mod codebuild;
mod codedeploy;
mod codepipeline;
mod config;
mod dynamodb;
mod ec2;
mod guardduty;
mod iam;
mod rds;
mod s3;
mod secretsmanager;
mod sqs;
mod ssm;
mod wafv2;

#[cfg(test)]
mod testing;

pub use engine::{Check, Finding, Severity, Status};
pub use inventory::Inventory;
pub use settings::Settings;
