//! CloudWatch Synthetics: canaries (scripts that probe an endpoint on a
//! schedule) with their state and last run, and the region's runtime
//! versions with their deprecation dates.

use super::{merge, resource, Collected, Tags};
use crate::data::Data;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `DescribeCanaries`: canaries, their state, runtime and tags.
pub const CANARIES: Data = Data::listing("synthetics");
/// `DescribeCanariesLastRun`: each canary's last run.
pub const LAST_RUNS: Data = Data::part("synthetics", "canaries.last_run");
/// `DescribeRuntimeVersions`: the region's runtime versions.
pub const RUNTIME_VERSIONS: Data = Data::part("synthetics", "runtime_versions");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[CANARIES, LAST_RUNS, RUNTIME_VERSIONS];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Synthetics {
    #[serde(default)]
    pub canaries: Vec<Canary>,
    /// The runtime versions Synthetics offers in each region.
    #[serde(default)]
    pub runtime_versions: Vec<RuntimeVersion>,
}
merge!(Synthetics {
    canaries,
    runtime_versions
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Canary {
    /// `arn:aws:synthetics:<region>:<account>:canary:<name>`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// `Status.State`: `RUNNING`, `STOPPED`, `READY`, `ERROR`, `CREATING`, …
    pub state: String,
    /// `RuntimeVersion`, e.g. `syn-nodejs-puppeteer-9.1`; looked up in
    /// `runtime_versions` of its region.
    pub runtime_version: String,
    /// `DescribeCanariesLastRun`: the last run's state, `PASSED`, `FAILED`
    /// or `RUNNING`; absent when the canary has not run yet.
    #[serde(default)]
    pub last_run: Collected<String>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(Canary, tags);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuntimeVersion {
    pub region: String,
    /// `VersionName`, e.g. `syn-nodejs-puppeteer-9.1`.
    pub name: String,
    /// `DeprecationDate`; absent when the version is not deprecated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecation_date: Option<DateTime<Utc>>,
}
