//! Judging blocks many checks share: one answer, one wording, for every
//! check that asks. A check never re-implements one of these questions:
//!
//! - [`reference`](mod@reference): is a resource another one points at there (found,
//!   missing, or unknown because of a blind service or region or another
//!   account)? Buckets, log groups, and any resource by ARN or place.
//! - [`role`]: does an IAM role exist, may a service assume it, what do its
//!   permissions allow (administrator, `iam:PassRole` on every role)?
//! - [`kms`]: which key does a key id, alias or ARN name, AWS or customer
//!   managed, in what state, with what key policy? May CloudWatch Logs
//!   use a log group's key?
//! - [`notify`]: does a notification sent to an SNS topic reach someone?
//! - [`routing`]: does an enabled EventBridge rule send a kind of event to a
//!   target that reaches someone?
//! - [`started_by`]: which enabled EventBridge rules target (start) a
//!   resource, by its ARN?
//! - [`regions`]: which regions may a check judge the absence of something
//!   in, and the subjects of region and account findings.
//! - [`targets`]: which resources are the targets of others of their kind
//!   (DLQs, log buckets), and which may be the target of an unreadable one?
//! - [`service_grant`]: does a resource policy let a service principal act
//!   on it for a given source (a bucket, a topic)?
//! - [`event_pattern`]: would an EventBridge rule match an event?
//! - [`data_events`]: does CloudTrail record a bucket's object-level events?
//! - [`dr_tier`]: does a resource's `dr-tier` tag ask for a copy in another
//!   region?
//! - [`schedule`]: the longest time between two runs a `rate(...)` or
//!   `cron(...)` schedule allows.

pub mod data_events;
pub mod dr_tier;
pub mod event_pattern;
pub mod kms;
pub mod notify;
pub mod reference;
pub mod regions;
pub mod role;
pub mod routing;
pub mod schedule;
pub mod service_grant;
pub mod started_by;
pub mod targets;
