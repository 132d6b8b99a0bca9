//! The collection flags `scan` and `snapshot` share, and the live
//! collection behind them. A fixture-only build (`--no-default-features`)
//! keeps the flags, so that `--help` is the same, and answers a live scan
//! with a clear usage error.

use super::{Io, UsageError};
use awscheck_checks::engine::Data;
use awscheck_checks::inventory::Inventory;

/// Where and how to collect: the flags `scan` and `snapshot` share.
#[derive(clap::Args, Debug, Clone)]
pub struct LiveArgs {
    /// Named profile of the shared AWS config and credentials files.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// A region to scan (repeatable). Default: AWS_REGION or the profile's
    /// region. S3 buckets are audited when their own region is scanned.
    #[arg(long = "region", value_name = "REGION", conflicts_with = "all_regions")]
    pub region: Vec<String>,
    /// Scan every region enabled for the account.
    #[arg(long)]
    pub all_regions: bool,
    /// Assume this role (with the configured credentials) and scan its account.
    #[arg(long, value_name = "ARN")]
    pub role_arn: Option<String>,
    /// The external id the role's trust policy requires.
    #[arg(long, value_name = "ID", requires = "role_arn")]
    pub external_id: Option<String>,
    /// The assumed role's session name [default: awscheck].
    #[arg(long, value_name = "NAME", requires = "role_arn")]
    pub session_name: Option<String>,
    /// Send every request to this endpoint (LocalStack, moto). AWS_ENDPOINT_URL works too.
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Requests in flight at most, across the whole scan: one budget shared
    /// by every region, service and resource (a service AWS documents a low
    /// request rate for, or that throttles, gets a smaller share of it).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_CONCURRENCY, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,
    /// Attempts per API call (adaptive retry mode, which also slows down when throttled).
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=20))]
    pub max_attempts: u32,
    /// No progress bar and no summary line on stderr.
    #[arg(long)]
    pub quiet: bool,
    /// After the summary line, print on stderr the requests sent per
    /// operation (IAM action, retries included), most first: where a scan's
    /// requests and time go.
    #[arg(long, conflicts_with = "quiet")]
    pub request_stats: bool,
    /// Run CloudFormation drift detection (DetectStackDrift) on every stack
    /// whose drift is judged, and DetectStackSetDrift on every stack set
    /// this account administers, wait for them, then read the results. The
    /// ONLY calls awscheck makes that have a side effect: they update the
    /// recorded drift information (no resource is changed), and a stack
    /// set's detection is a StackSet operation that BLOCKS every other
    /// operation on that stack set (updates, instance changes) while it runs
    /// (it is not started while another operation is queued or running).
    /// Without it, the drift CloudFormation last recorded is read.
    #[arg(long)]
    pub detect_drift: bool,
    /// With --detect-drift: how long to wait, per region, for the detections
    /// to finish; stacks and stack sets whose detection has not finished by
    /// then are reported ERROR.
    #[arg(long, value_name = "SECONDS", default_value_t = 300, requires = "detect_drift", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub drift_timeout: u64,
    /// With --detect-drift: how many drift detections run at once per region.
    #[arg(long, value_name = "N", default_value_t = 3, requires = "detect_drift", value_parser = clap::value_parser!(u16).range(1..=20))]
    pub drift_concurrency: u16,
}

impl Default for LiveArgs {
    fn default() -> Self {
        LiveArgs {
            profile: None,
            region: Vec::new(),
            all_regions: false,
            role_arn: None,
            external_id: None,
            session_name: None,
            endpoint_url: None,
            concurrency: DEFAULT_CONCURRENCY,
            max_attempts: 5,
            quiet: false,
            request_stats: false,
            detect_drift: false,
            drift_timeout: 300,
            drift_concurrency: 3,
        }
    }
}

/// The default `--concurrency` (`awscheck_collect::DEFAULT_CONCURRENCY`,
/// which a fixture-only build does not link).
pub const DEFAULT_CONCURRENCY: u16 = 32;

/// The message of a fixture-only build asked for a live account.
#[cfg(not(feature = "live"))]
pub const NO_LIVE: &str = "this awscheck was built without live scanning (cargo's --no-default-features): judge a fixture with --fixture PATH, or install the default build (cargo install --path .) to scan a live account";

impl LiveArgs {
    /// Collects the live account these flags point at. `reads` limits
    /// collection to what the selected checks read (`None`: everything).
    /// Prints the summary line on stderr unless `--quiet`.
    #[cfg(feature = "live")]
    pub fn inventory(&self, reads: Option<&[Data]>, io: &mut Io) -> Result<Inventory, UsageError> {
        let opts = awscheck_collect::Options {
            profile: self.profile.clone(),
            regions: self.region.clone(),
            all_regions: self.all_regions,
            role_arn: self.role_arn.clone(),
            external_id: self.external_id.clone(),
            session_name: self.session_name.clone(),
            endpoint_url: self.endpoint_url.clone(),
            concurrency: usize::from(self.concurrency),
            max_attempts: self.max_attempts,
            detect_drift: self.detect_drift,
            drift_timeout: std::time::Duration::from_secs(self.drift_timeout),
            drift_concurrency: usize::from(self.drift_concurrency),
            show_progress: io.progress && !self.quiet,
        };
        let (inventory, summary) = awscheck_collect::live_inventory(&opts, reads)?;
        if !self.quiet {
            let (account, regions) = inventory
                .accounts
                .first()
                .map_or(("", 0), |a| (a.account_id.as_str(), a.regions.len()));
            let _ = writeln!(io.err, "{}", summary_line(account, regions, &summary));
        }
        if self.request_stats {
            let _ = write!(io.err, "{}", request_stats(&summary.by_operation));
        }
        Ok(inventory)
    }

    /// A fixture-only build cannot collect: a usage error saying so.
    #[cfg(not(feature = "live"))]
    pub fn inventory(
        &self,
        _reads: Option<&[Data]>,
        _io: &mut Io,
    ) -> Result<Inventory, UsageError> {
        Err(UsageError(NO_LIVE.to_string()))
    }
}

/// How often the scan backed off, for the summary line: `0 back-offs`, or
/// `3 back-offs: KMS us-east-1 ×2, IAM us-east-1 ×1`.
#[cfg(feature = "live")]
fn back_offs(shares: &[(String, u64)]) -> String {
    let total: u64 = shares.iter().map(|(_, n)| n).sum();
    let mut text = format!("{total} back-off{}", if total == 1 { "" } else { "s" });
    let mut sep = ": ";
    for (share, n) in shares {
        text.push_str(&format!("{sep}{share} ×{n}"));
        sep = ", ";
    }
    text
}

/// `--request-stats`: one line per operation, most requests first.
#[cfg(feature = "live")]
fn request_stats(by_operation: &[(String, u64)]) -> String {
    let width = by_operation
        .iter()
        .map(|(op, _)| op.len())
        .max()
        .unwrap_or(0);
    by_operation
        .iter()
        .map(|(op, n)| format!("awscheck: {op:<width$} {n:>7} requests\n"))
        .collect()
}

/// The line a live collection ends with: the account, the regions, the
/// calls, the failures, and (when the scan's credentials lacked permissions)
/// the denied calls by service with the policy that grants them.
#[cfg(feature = "live")]
fn summary_line(account: &str, regions: usize, summary: &awscheck_collect::Summary) -> String {
    let denied: u64 = summary.denied.iter().map(|(_, n)| n).sum();
    let failed = if denied == 0 {
        format!("{} failed", summary.failed)
    } else {
        let by_service: Vec<String> = summary
            .denied
            .iter()
            .map(|(service, n)| format!("{service} {n}"))
            .collect();
        format!(
            "{} failed, {denied} of them denied: {}; grant the read-only policy in docs/iam-policy.json",
            summary.failed,
            by_service.join(", ")
        )
    };
    format!(
        "awscheck: collected account {account} ({regions} region{}) with {} API calls ({failed}, {}) in {:.1}s",
        if regions == 1 { "" } else { "s" },
        summary.calls,
        back_offs(&summary.back_offs),
        summary.elapsed.as_secs_f64()
    )
}

#[cfg(all(test, feature = "live"))]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_default_concurrency_is_the_collectors() {
        assert_eq!(
            usize::from(DEFAULT_CONCURRENCY),
            awscheck_collect::DEFAULT_CONCURRENCY
        );
    }

    #[test]
    fn request_stats_list_each_operation_aligned_most_first() {
        assert_eq!(request_stats(&[]), "");
        assert_eq!(
            request_stats(&[("s3:GetBucketPolicy".into(), 300), ("kms:ListKeys".into(), 2)]),
            "awscheck: s3:GetBucketPolicy     300 requests\nawscheck: kms:ListKeys             2 requests\n"
        );
    }

    #[test]
    fn the_summary_line_names_the_shares_that_backed_off() {
        assert_eq!(back_offs(&[]), "0 back-offs");
        assert_eq!(
            back_offs(&[("IAM us-east-1".into(), 1)]),
            "1 back-off: IAM us-east-1 ×1"
        );
        assert_eq!(
            back_offs(&[("KMS eu-west-1".into(), 2), ("IAM us-east-1".into(), 1)]),
            "3 back-offs: KMS eu-west-1 ×2, IAM us-east-1 ×1"
        );
    }

    #[test]
    fn the_summary_line_names_denied_calls_by_service_and_the_policy() {
        let mut summary = awscheck_collect::Summary {
            calls: 120,
            failed: 11,
            denied: vec![("iam".into(), 6), ("s3".into(), 4)],
            back_offs: vec![("IAM us-east-1".into(), 2)],
            by_operation: Vec::new(),
            elapsed: Duration::from_millis(2345),
        };
        assert_eq!(
            summary_line("123456789012", 1, &summary),
            "awscheck: collected account 123456789012 (1 region) with 120 API calls (11 failed, 10 of them denied: iam 6, s3 4; grant the read-only policy in docs/iam-policy.json, 2 back-offs: IAM us-east-1 ×2) in 2.3s"
        );
        summary.denied.clear();
        summary.back_offs.clear();
        assert_eq!(
            summary_line("123456789012", 1, &summary),
            "awscheck: collected account 123456789012 (1 region) with 120 API calls (11 failed, 0 back-offs) in 2.3s"
        );
    }
}
