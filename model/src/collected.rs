//! Data that needed its own API call, and may therefore be missing.
//!
//! A bucket with no policy is not a bucket whose policy could not be read:
//! `Collected::Absent` is the first, `Collected::Error` the second. Checks turn
//! `Error` into an ERROR finding that names the operation and the AWS error
//! code; they never judge PASS or FAIL from data that was not read.
//!
//! JSON shape (externally tagged): `{"value": X}`, `"absent"`, or
//! `{"error": {"operation": "GetBucketPolicy", "code": "AccessDenied", "message": "..."}}`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The outcome of one read call for one piece of data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum Collected<T> {
    /// The call succeeded and returned this.
    Value(T),
    /// The call succeeded and said there is nothing (e.g. `NoSuchBucketPolicy`).
    Absent,
    /// The call failed; the data is unknown.
    Error(CollectError),
}

impl<T> Collected<T> {
    /// The value, if the call returned one.
    pub fn value(&self) -> Option<&T> {
        match self {
            Collected::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The error, if the call failed.
    pub fn error(&self) -> Option<&CollectError> {
        match self {
            Collected::Error(e) => Some(e),
            _ => None,
        }
    }

    /// `Ok(Some(v))` for a value, `Ok(None)` for absent, `Err(e)` when unknown:
    /// lets a check write `let policy = match bucket.policy.known() { ... }`.
    pub fn known(&self) -> Result<Option<&T>, &CollectError> {
        match self {
            Collected::Value(v) => Ok(Some(v)),
            Collected::Absent => Ok(None),
            Collected::Error(e) => Err(e),
        }
    }
}

/// Why a read call failed: the operation, the AWS error code and its message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollectError {
    /// The API operation, e.g. `GetBucketPolicy`.
    pub operation: String,
    /// The AWS error code, e.g. `AccessDenied`, `ThrottlingException`.
    pub code: String,
    /// The error message as AWS returned it (may be empty).
    #[serde(default)]
    pub message: String,
}

/// The code of a [`Collected`] field that a hand-written fixture left out.
pub const NOT_COLLECTED: &str = "NotCollected";

/// AWS error codes that mean "throttled" across services.
const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

impl CollectError {
    pub fn new(
        operation: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        CollectError {
            operation: operation.into(),
            code: code.into(),
            message: message.into(),
        }
    }

    /// True when the call was throttled and the retries did not get through.
    pub fn is_throttling(&self) -> bool {
        THROTTLING_CODES
            .iter()
            .any(|c| c.eq_ignore_ascii_case(&self.code))
    }
}

impl fmt::Display for CollectError {
    /// `throttled: DescribeStacks (ThrottlingException)` or
    /// `GetBucketPolicy failed: AccessDenied: Access Denied`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.code == NOT_COLLECTED {
            write!(f, "not collected: the inventory has no value for this")?;
        } else if self.is_throttling() {
            write!(f, "throttled: {} ({})", self.operation, self.code)?;
        } else {
            write!(f, "{} failed: {}", self.operation, self.code)?;
            if !self.message.is_empty() {
                write!(f, ": {}", self.message)?;
            }
        }
        Ok(())
    }
}

/// Collapses whitespace (including newlines), so that a message from AWS
/// or a parser stays on one line of a report.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A failure that blinds a service in a region (AccessDenied on its List
/// call, the service not available there, throttling on the listing), or
/// one part of it (`part`: a secondary listing such as CloudTrail's event
/// data stores). Every check that reads what it blinds reports ERROR for
/// `region`, unless the check weighs that part itself (`tolerates`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceError {
    /// Inventory section name, e.g. `s3`, `cloudformation`.
    pub service: String,
    /// The region, or `global` for IAM and other global services.
    pub region: String,
    /// The part of the section that could not be read (a [`crate::Data`]
    /// path such as `event_data_stores`), when the section's listing itself
    /// was read; absent when the whole section is blind in the region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    /// The one resource (its ARN) whose `part` could not be read, when the
    /// failed call read that resource's alone (its tags); absent when the
    /// part is unread for the whole region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    #[serde(flatten)]
    pub error: CollectError,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_shapes_round_trip() {
        let v: Collected<u32> = serde_json::from_str(r#"{"value": 3}"#).unwrap();
        assert_eq!(v, Collected::Value(3));
        let a: Collected<u32> = serde_json::from_str(r#""absent""#).unwrap();
        assert_eq!(a, Collected::Absent);
        let e: Collected<u32> =
            serde_json::from_str(r#"{"error": {"operation": "GetX", "code": "AccessDenied"}}"#)
                .unwrap();
        assert_eq!(e.error().unwrap().code, "AccessDenied");
        assert_eq!(
            serde_json::to_string(&Collected::<u32>::Absent).unwrap(),
            r#""absent""#
        );
    }

    #[test]
    fn display_says_throttled_or_failed() {
        let t = CollectError::new("DescribeStacks", "ThrottlingException", "Rate exceeded");
        assert_eq!(
            t.to_string(),
            "throttled: DescribeStacks (ThrottlingException)"
        );
        let d = CollectError::new("GetBucketPolicy", "AccessDenied", "Access Denied");
        assert_eq!(
            d.to_string(),
            "GetBucketPolicy failed: AccessDenied: Access Denied"
        );
        assert!(!d.is_throttling());
    }
}
