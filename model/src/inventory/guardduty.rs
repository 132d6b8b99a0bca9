//! GuardDuty: detectors per region with their protection plans.

use super::{merge, resource, Collected, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListDetectors`: detectors by id.
pub const DETECTORS: Data = Data::listing("guardduty");
/// `GetDetector`: each detector's status, features and tags.
pub const DETECTOR_DETAILS: Data = Data::part("guardduty", "detectors.details");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[DETECTORS, DETECTOR_DETAILS];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuardDuty {
    /// At most one per region. A region of the account's `regions` with no
    /// detector is judged as "no GuardDuty".
    #[serde(default)]
    pub detectors: Vec<Detector>,
}
merge!(GuardDuty { detectors });

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Detector {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// The detector id.
    pub id: String,
    /// `GetDetector`: status and protection plans; absent = the detector no
    /// longer exists.
    #[serde(default)]
    pub details: Collected<DetectorDetails>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(Detector, tags);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetectorDetails {
    /// `ENABLED` or `DISABLED`.
    pub status: String,
    #[serde(default)]
    pub features: Vec<DetectorFeature>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetectorFeature {
    /// `S3_DATA_EVENTS`, `EKS_AUDIT_LOGS`, `EBS_MALWARE_PROTECTION`,
    /// `RDS_LOGIN_EVENTS`, `LAMBDA_NETWORK_LOGS`, `RUNTIME_MONITORING`
    /// (`EKS_RUNTIME_MONITORING` is its legacy name, still reported by
    /// detectors that enabled EKS Runtime Monitoring), …
    pub name: String,
    /// `ENABLED` or `DISABLED`.
    pub status: String,
}
