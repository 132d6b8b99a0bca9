//! Checks of the s3 service.

use crate::engine::Check;

mod access_logging;
mod https_only;
mod kms_bucket_key;
mod notification_destinations;
mod replication_critical;

pub const CHECKS: &[&Check] = &[
    &https_only::CHECK,
    &access_logging::CHECK,
    &notification_destinations::CHECK,
    &kms_bucket_key::CHECK,
    &replication_critical::CHECK,
];
