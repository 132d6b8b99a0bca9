//! Live collection: an AWS account, through the AWS SDK for Rust, into the
//! same [`Inventory`] a fixture holds.
//!
//! - [`session`]: SDK configuration (standard chain + flags, assumed role),
//!   identity, region discovery, and the interceptor every client carries.
//! - [`registry`]: the operations the collectors declare, assembled; the
//!   IAM policy generated from them.
//! - [`cx`]: what a collector task sees ([`Cx`]): declared calls, what the
//!   selected checks read, parts that could not be read, references.
//! - [`references`]: resources of one service that another's point at,
//!   read by their owner after the first pass.
//! - [`error`]: SDK error → [`CollectError`].
//! - one module per service ([`s3`], [`kms`], [`iam`], [`ec2`], [`cloudtrail`], ...): a
//!   [`Service`] whose `run` turns one region (or the account, for global
//!   services) into a part of its inventory section.
//!
//! The plan is regions × the services whose section a selected check reads,
//! every task started at once on tokio; one request budget bounds the
//! whole scan ([`budget`]): at most `--concurrency` requests in flight,
//! shared by every region, service and per-resource read, each service
//! within a share that backs off when it is throttled. Only the reads some
//! selected check needs are made ([`Cx::wants`]): a part no check reads
//! keeps its field's default, as [`Account::pruned`] gives it. Then the
//! referenced resources are read ([`references`]).
//!
//! Failures are recorded at the granularity of what they blind: a failed
//! first listing blinds the service in the region (`collection_errors`,
//! checks over it report ERROR there); a later listing that fails
//! ([`Cx::unread`]) blinds only its part; a failed per-resource call
//! becomes `Collected::Error` on that field.
//!
//! ## Adding a service
//!
//! A new service touches, besides its checks:
//!
//! 1. the model: `model/src/inventory/<service>.rs` (the section struct,
//!    its `merge!` line, its `Data` consts and `DATA` list, doc comments
//!    from which `cargo run -- checks docs` writes its part of
//!    `docs/fixture-format.md`) and one line in `with_sections!`
//!    (`model/src/inventory/mod.rs`), with its `pub mod`;
//! 2. the collector: `collect/src/<service>.rs`, with
//!    - `operations!` declaring every SDK operation it calls (SDK service
//!      and operation name, IAM action when it is not `prefix:Operation`),
//!      each call made through [`Cx::call`] / [`Cx::list`] with its const;
//!    - `async fn collect(cx: &Cx) -> Result<Section, CollectError>` (the
//!      `Err` is the first listing that failed; a later listing that fails
//!      is [`Cx::unread`]; per-resource failures go into `Collected`
//!      fields through [`cx::Reply::read`]), making each per-resource or
//!      secondary call only when [`Cx::wants`] the `Data` it fills;
//!    - `crate::service!(Section)` (or `crate::service!(Section, global: true)`);
//!    - for a resource kind other services point at, a
//!      [`references::Kind`] they name in [`Cx::refer`];
//! 3. one line in [`SERVICES`] and its `pub mod`;
//! 4. its `aws-sdk-*` line in `collect/Cargo.toml`
//!    (`default-features = false, features = ["rt-tokio", "default-https-client"]`).
//!
//! The operation allow-list and `docs/iam-policy.json` follow from the
//! declarations (`AWSCHECK_BLESS=1 cargo test -p awscheck-collect iam_policy`
//! rewrites the file; a test fails while it is stale).

pub mod apigateway;
pub mod appconfig;
pub mod appsync;
pub mod autoscaling;
pub mod backup;
pub mod budget;
pub mod cloudformation;
pub mod cloudfront;
pub mod cloudtrail;
pub mod cloudwatch;
pub mod codeartifact;
pub mod codebuild;
pub mod codecommit;
pub mod codedeploy;
pub mod codepipeline;
pub mod codestarnotifications;
mod collector;
pub mod config;
pub mod controltower;
mod convert;
pub mod cx;
pub mod directconnect;
pub mod dms;
pub mod dynamodb;
pub mod ec2;
pub mod ecr;
pub mod ecs;
pub mod efs;
pub mod eks;
pub mod elasticache;
pub mod elasticbeanstalk;
pub mod elb;
pub mod elbv2;
mod emulator;
pub mod error;
pub mod events;
pub mod firehose;
pub mod fms;
pub mod glue;
pub mod guardduty;
pub mod health;
pub mod iam;
pub mod imagebuilder;
pub mod inspector2;
pub mod interceptor;
pub mod kinesis;
pub mod kms;
pub mod lambda;
pub mod logs;
pub mod oam;
pub mod opensearch;
mod options;
pub mod organizations;
mod progress;
pub mod rds;
pub mod references;
pub mod registry;
pub mod route53;
pub mod route53resolver;
pub mod s3;
mod scan;
pub mod secretsmanager;
pub mod servicecatalog;
pub mod session;
mod setup;
pub mod sns;
pub mod sqs;
pub mod ssm;
pub mod synthetics;
pub mod tagging;
pub mod trustedadvisor;
mod types;
pub mod vpc;
pub mod wafv2;

#[cfg(test)]
mod tests;

pub use collector::Service;
pub(crate) use collector::{patch, service};
pub use convert::{pages, policy_json, tags_of, text, utc};
pub use cx::{Cx, Wanted};
pub use emulator::CloudTrailTarget as EmulatorCloudTrailTarget;
pub use options::{Options, Summary, DEFAULT_CONCURRENCY};
pub use scan::{collect_account, live_inventory, services_for};
pub use types::{BoxFuture, Patch, SdkResult};

/// Every service in inventory order.
pub const SERVICES: &[Service] = &[
    apigateway::SERVICE,
    appconfig::SERVICE,
    appsync::SERVICE,
    autoscaling::SERVICE,
    backup::SERVICE,
    cloudformation::SERVICE,
    cloudfront::SERVICE,
    cloudtrail::SERVICE,
    cloudwatch::SERVICE,
    codebuild::SERVICE,
    codeartifact::SERVICE,
    codecommit::SERVICE,
    codedeploy::SERVICE,
    codepipeline::SERVICE,
    codestarnotifications::SERVICE,
    config::SERVICE,
    controltower::SERVICE,
    directconnect::SERVICE,
    dms::SERVICE,
    dynamodb::SERVICE,
    ec2::SERVICE,
    ecs::SERVICE,
    ecr::SERVICE,
    efs::SERVICE,
    eks::SERVICE,
    elasticache::SERVICE,
    elasticbeanstalk::SERVICE,
    elb::SERVICE,
    elbv2::SERVICE,
    events::SERVICE,
    firehose::SERVICE,
    fms::SERVICE,
    glue::SERVICE,
    guardduty::SERVICE,
    health::SERVICE,
    iam::SERVICE,
    imagebuilder::SERVICE,
    inspector2::SERVICE,
    kinesis::SERVICE,
    kms::SERVICE,
    lambda::SERVICE,
    logs::SERVICE,
    oam::SERVICE,
    opensearch::SERVICE,
    organizations::SERVICE,
    rds::SERVICE,
    route53::SERVICE,
    route53resolver::SERVICE,
    s3::SERVICE,
    secretsmanager::SERVICE,
    servicecatalog::SERVICE,
    sns::SERVICE,
    sqs::SERVICE,
    ssm::SERVICE,
    synthetics::SERVICE,
    tagging::SERVICE,
    trustedadvisor::SERVICE,
    vpc::SERVICE,
    wafv2::SERVICE,
];

/// Every operation awscheck declares: the session's (identity and
/// regions) and every service's. The registry interceptor allows these and
/// nothing else; `docs/iam-policy.json` grants exactly their actions.
pub(crate) fn declared_operations() -> impl Iterator<Item = &'static registry::Operation> {
    session::OPERATIONS
        .iter()
        .chain(SERVICES.iter().flat_map(|s| s.operations))
}
