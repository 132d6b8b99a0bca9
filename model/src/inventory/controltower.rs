//! AWS Control Tower: the landing zone (recorded in its home region, the
//! region of its ARN) with its status and version, the controls enabled on
//! its organizational units, and the baselines that register them. A
//! member account sees no landing zone: the management account owns it.

use super::{merge, resource, Collected};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListLandingZones`: the account's landing zone, in its home region.
pub const LANDING_ZONES: Data = Data::listing("controltower");
/// `GetLandingZone`: each landing zone's status, drift and versions.
pub const LANDING_ZONE_DETAILS: Data = Data::part("controltower", "landing_zones.details");
/// `ListEnabledControls`: the controls enabled on each target, with their status and drift.
pub const ENABLED_CONTROLS: Data = Data::part("controltower", "landing_zones.enabled_controls");
/// `ListEnabledBaselines`: the baselines enabled on each target (an
/// organizational unit with a baseline is registered with Control Tower).
pub const ENABLED_BASELINES: Data = Data::part("controltower", "landing_zones.enabled_baselines");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    LANDING_ZONES,
    LANDING_ZONE_DETAILS,
    ENABLED_CONTROLS,
    ENABLED_BASELINES,
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ControlTower {
    /// At most one per account, in its home region. An account with none
    /// has no landing zone (or is a member of one the management account
    /// owns).
    #[serde(default)]
    pub landing_zones: Vec<LandingZone>,
}
merge!(ControlTower { landing_zones });

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LandingZone {
    /// `arn:aws:controltower:<home region>:<account>:landingzone/<id>`.
    pub arn: String,
    /// The landing zone's home region.
    pub region: String,
    pub account_id: String,
    /// `GetLandingZone`; absent = deleted since it was listed.
    #[serde(default)]
    pub details: Collected<LandingZoneDetails>,
    /// `ListEnabledControls` (every target); an empty list when none is enabled.
    #[serde(default)]
    pub enabled_controls: Collected<Vec<EnabledControl>>,
    /// `ListEnabledBaselines` (every target); an empty list when none is enabled.
    #[serde(default)]
    pub enabled_baselines: Collected<Vec<EnabledBaseline>>,
}
resource!(LandingZone);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LandingZoneDetails {
    /// `ACTIVE`, `PROCESSING` or `FAILED`.
    pub status: String,
    /// `DRIFTED` or `IN_SYNC`.
    pub drift_status: String,
    /// The deployed version, e.g. `3.3`.
    pub version: String,
    /// The latest version available; absent when not reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_available_version: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnabledControl {
    pub arn: String,
    /// The control, e.g. `arn:aws:controltower:us-east-1::control/AWS-GR_RESTRICT_ROOT_USER`.
    pub control_identifier: String,
    /// The organizational unit it is enabled on (`arn:aws:organizations::<management>:ou/o-…/ou-…`).
    pub target_identifier: String,
    /// `SUCCEEDED`, `FAILED`, `UNDER_CHANGE`.
    pub status: String,
    /// `DRIFTED`, `IN_SYNC`, `NOT_CHECKING` or `UNKNOWN`.
    pub drift_status: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnabledBaseline {
    pub arn: String,
    /// The baseline's ARN (`arn:aws:controltower:<region>::baseline/<id>`).
    pub baseline_identifier: String,
    /// The target: an organizational unit (registered with Control Tower:
    /// `AWSControlTowerBaseline`), or another resource (the Identity
    /// Center baseline's target).
    pub target_identifier: String,
    /// `SUCCEEDED`, `FAILED`, `UNDER_CHANGE`.
    pub status: String,
}
