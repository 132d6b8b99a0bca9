//! Where and how to collect (the CLI's collection flags, as data), and
//! what a collection cost.

use std::time::Duration;

/// The default `--concurrency`: requests in flight across the whole scan.
/// Chosen from `scripts/bench-live --latency` (docs/benchmarks.md).
pub const DEFAULT_CONCURRENCY: usize = 32;

/// Where and how to collect: the CLI's collection flags, as data.
#[derive(Debug, Clone)]
pub struct Options {
    /// Named profile of the shared AWS config and credentials files.
    pub profile: Option<String>,
    /// The regions to scan; empty: the configured region.
    pub regions: Vec<String>,
    /// Scan every region enabled for the account.
    pub all_regions: bool,
    /// Assume this role and scan its account.
    pub role_arn: Option<String>,
    pub external_id: Option<String>,
    pub session_name: Option<String>,
    /// Send every request to this endpoint (LocalStack, moto).
    pub endpoint_url: Option<String>,
    /// Requests in flight at most, across the whole scan ([`crate::budget`]).
    pub concurrency: usize,
    /// Attempts per API call (adaptive retry mode).
    pub max_attempts: u32,
    /// Run CloudFormation drift detection (the one call with a side effect).
    pub detect_drift: bool,
    /// With `detect_drift`: how long to wait per region.
    pub drift_timeout: Duration,
    /// With `detect_drift`: how many detections run at once per region.
    pub drift_concurrency: usize,
    /// Draw a progress bar on stderr.
    pub show_progress: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            profile: None,
            regions: Vec::new(),
            all_regions: false,
            role_arn: None,
            external_id: None,
            session_name: None,
            endpoint_url: None,
            concurrency: DEFAULT_CONCURRENCY,
            max_attempts: 5,
            detect_drift: false,
            drift_timeout: Duration::from_secs(300),
            drift_concurrency: 3,
            show_progress: false,
        }
    }
}

/// What a collection cost: shown on the summary line.
#[derive(Debug, Clone)]
pub struct Summary {
    /// HTTP requests sent, retries included.
    pub calls: u64,
    /// Calls that failed after their retries.
    pub failed: u64,
    /// Of those, the calls denied for lack of permission, by IAM service
    /// prefix, most denied first.
    pub denied: Vec<(String, u64)>,
    /// The shares of the request budget that backed off (`service region`),
    /// with how often ([`crate::budget::Budget::back_offs`]).
    pub back_offs: Vec<(String, u64)>,
    /// The requests sent by IAM action (`s3:GetBucketPolicy`), most first.
    pub by_operation: Vec<(String, u64)>,
    pub elapsed: Duration,
}
