//! The SDK side of a scan: configuration from the standard chain and the
//! flags, the registry interceptor every client carries, the account's
//! identity, and the regions to scan.

crate::registry::operations! {
    sdk "STS", iam "sts" {
        GET_CALLER_IDENTITY = GetCallerIdentity,
    }
    sdk "Account", iam "account" {
        LIST_REGIONS = ListRegions,
    }
    sdk "EC2", iam "ec2" {
        DESCRIBE_REGIONS = DescribeRegions,
    }
}

/// The SDK crates, for tests that build an account through them.
pub use {aws_config, aws_credential_types};

use crate::emulator::CloudTrailTarget;
use crate::error::collect_error;
use crate::interceptor::{declare, Recorder, Stats};
use crate::setup::{self, Setup};
use crate::Options;
use aws_config::retry::RetryConfig;
use aws_config::sts::AssumeRoleProvider;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_sdk_sts::operation::get_caller_identity::GetCallerIdentityOutput;
use aws_smithy_runtime_api::client::interceptors::SharedInterceptor;
use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Builds a service client from the session: its SDK config, `region`, and
/// the session's interceptors.
macro_rules! sdk_client {
    ($krate:ident, $session:expr, $region:expr) => {{
        let session: &$crate::session::Session = $session;
        let mut b = $krate::config::Builder::from(&session.sdk)
            .region(::aws_config::Region::new(String::from($region)));
        for i in &session.interceptors {
            b.push_interceptor(i.clone());
        }
        $krate::Client::from_conf(b.build())
    }};
}
pub(crate) use sdk_client;

/// One scan's SDK configuration, identity and regions. Shared by every task.
pub struct Session {
    pub sdk: SdkConfig,
    /// The registry/counting interceptor, plus any a test adds (mocks).
    pub interceptors: Vec<SharedInterceptor>,
    pub stats: Arc<Stats>,
    /// An endpoint URL is set (emulators): S3 needs path-style addressing.
    pub path_style: bool,
    pub account_id: String,
    /// `aws`, `aws-cn`, `aws-us-gov`.
    pub partition: String,
    /// Where global services (IAM, S3 ListBuckets, STS) are called.
    pub home_region: String,
    /// The regions scanned.
    pub regions: Vec<String>,
    /// `--detect-drift` and its bounds (off by default).
    pub drift: DriftOptions,
    s3_clients: Mutex<HashMap<String, aws_sdk_s3::Client>>,
}

impl Session {
    /// A session over `sdk` with the registry interceptor and `extra`
    /// interceptors; identity and regions are filled in by the caller.
    pub fn new(sdk: SdkConfig, extra: Vec<SharedInterceptor>) -> Session {
        let stats = Arc::new(Stats::default());
        let mut interceptors = vec![SharedInterceptor::new(Recorder {
            stats: stats.clone(),
        })];
        if sdk.endpoint_url().is_some() {
            interceptors.push(SharedInterceptor::new(CloudTrailTarget));
        }
        interceptors.extend(extra);
        let path_style = sdk.endpoint_url().is_some()
            || std::env::var_os("AWS_ENDPOINT_URL_S3").is_some_and(|v| !v.is_empty());
        let home_region = sdk
            .region()
            .map(|r| r.to_string())
            .unwrap_or_else(|| "us-east-1".into());
        Session {
            sdk,
            interceptors,
            stats,
            path_style,
            account_id: String::new(),
            partition: "aws".into(),
            home_region,
            regions: Vec::new(),
            drift: Default::default(),
            s3_clients: Mutex::new(HashMap::new()),
        }
    }

    /// The S3 client for `region` (one per region, path-style with an endpoint URL).
    pub fn s3(&self, region: &str) -> aws_sdk_s3::Client {
        let mut clients = self.s3_clients.lock().unwrap_or_else(|e| e.into_inner());
        clients
            .entry(region.to_string())
            .or_insert_with(|| {
                let mut b = aws_sdk_s3::config::Builder::from(&self.sdk)
                    .region(Region::new(region.to_string()))
                    .force_path_style(self.path_style);
                for i in &self.interceptors {
                    b.push_interceptor(i.clone());
                }
                aws_sdk_s3::Client::from_conf(b.build())
            })
            .clone()
    }

    /// Fills in the account id and partition (`sts:GetCallerIdentity`);
    /// a failure is said in the user's terms ([`Setup`]).
    pub(crate) async fn identify(&mut self, setup: &Setup) -> Result<(), String> {
        let home = self.home_region.clone();
        let out = self.caller_identity(setup, &home).await?;
        self.account_id = out.account().unwrap_or_default().to_string();
        if let Some(p) = out.arn().and_then(|a| a.split(':').nth(1)) {
            self.partition = p.to_string();
        }
        Ok(())
    }

    /// Confirms that the credentials work in each opt-in region of
    /// `regions` other than the home one (one `GetCallerIdentity` each), so
    /// that a region the account has not enabled is one clear error rather
    /// than every call there failing.
    pub(crate) async fn confirm_opt_in_regions(
        &self,
        setup: &Setup,
        regions: &[String],
    ) -> Result<(), String> {
        for region in regions {
            if *region != self.home_region && setup::is_opt_in(region) {
                self.caller_identity(setup, region).await?;
            }
        }
        Ok(())
    }

    async fn caller_identity(
        &self,
        setup: &Setup,
        region: &str,
    ) -> Result<GetCallerIdentityOutput, String> {
        let sts = sdk_client!(aws_sdk_sts, self, region);
        declare(GET_CALLER_IDENTITY, sts.get_caller_identity().send())
            .await
            .map_err(|e| setup.explain_identity(region, &e))
    }

    /// The regions enabled for the account: `account:ListRegions` (ENABLED
    /// and ENABLED_BY_DEFAULT), else `ec2:DescribeRegions`.
    pub async fn enabled_regions(&self) -> Result<Vec<String>, String> {
        use aws_sdk_account::types::RegionOptStatus;
        let account = sdk_client!(aws_sdk_account, self, &self.home_region);
        let listed = account
            .list_regions()
            .region_opt_status_contains(RegionOptStatus::Enabled)
            .region_opt_status_contains(RegionOptStatus::EnabledByDefault)
            .into_paginator()
            .items()
            .send();
        let listed = declare(LIST_REGIONS, listed.try_collect()).await;
        let first_error = match listed {
            Ok(regions) => {
                let mut names: Vec<String> = regions
                    .iter()
                    .filter_map(|r| r.region_name().map(str::to_string))
                    .collect();
                if !names.is_empty() {
                    names.sort();
                    return Ok(names);
                }
                "ListRegions returned no region".to_string()
            }
            Err(e) => collect_error(LIST_REGIONS.name, &e).to_string(),
        };
        self.stats.errors.fetch_add(1, Ordering::Relaxed);
        let ec2 = sdk_client!(aws_sdk_ec2, self, &self.home_region);
        let out = declare(DESCRIBE_REGIONS, ec2.describe_regions().send())
            .await
            .map_err(|e| {
                format!(
                    "cannot list the enabled regions: {first_error}; {}",
                    collect_error(DESCRIBE_REGIONS.name, &e)
                )
            })?;
        let mut names: Vec<String> = out
            .regions()
            .iter()
            .filter_map(|r| r.region_name().map(str::to_string))
            .collect();
        names.sort();
        if names.is_empty() {
            return Err(format!(
                "cannot list the enabled regions: {first_error}; DescribeRegions returned none"
            ));
        }
        Ok(names)
    }
}

/// Loads the SDK configuration: the standard chain (environment, shared
/// profiles, SSO, web identity, container and instance credentials) with
/// the flags on top, and the assumed role if one is given.
pub async fn load_sdk_config(args: &Options) -> Result<SdkConfig, String> {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .retry_config(RetryConfig::adaptive().with_max_attempts(args.max_attempts))
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(5))
                .operation_attempt_timeout(Duration::from_secs(60))
                .build(),
        );
    if let Some(p) = &args.profile {
        loader = loader.profile_name(p);
    }
    if let Some(r) = args.regions.first() {
        loader = loader.region(Region::new(r.clone()));
    }
    if let Some(u) = &args.endpoint_url {
        loader = loader.endpoint_url(u);
    }
    let mut sdk = loader.load().await;
    if sdk.region().is_none() {
        if !args.all_regions {
            return Err(
                "no region: pass --region (or --all-regions), or set AWS_REGION or a profile region"
                    .into(),
            );
        }
        sdk = sdk.into_builder().region(Region::new("us-east-1")).build();
    }
    if sdk.credentials_provider().is_none() {
        return Err("no credentials provider: configure AWS credentials (environment, profile, SSO, or instance role)".into());
    }
    if let Some(role) = &args.role_arn {
        let mut b = AssumeRoleProvider::builder(role.clone())
            .session_name(
                args.session_name
                    .clone()
                    .unwrap_or_else(|| "awscheck".into()),
            )
            .configure(&sdk);
        if let Some(id) = &args.external_id {
            b = b.external_id(id.clone());
        }
        let provider = b.build().await;
        sdk = sdk
            .into_builder()
            .credentials_provider(SharedCredentialsProvider::new(provider))
            .build();
    }
    Ok(sdk)
}

/// `--detect-drift` and its bounds.
#[derive(Debug, Clone)]
pub struct DriftOptions {
    /// Run `DetectStackDrift` (off by default).
    pub detect: bool,
    /// How long a region's detections may take, from the first one started.
    pub timeout: Duration,
    /// Detections (each with its polling) at once, per region.
    pub concurrency: usize,
    /// The first wait before polling; doubled after each poll…
    pub first_poll: Duration,
    /// …up to this.
    pub max_poll: Duration,
}

impl Default for DriftOptions {
    fn default() -> Self {
        DriftOptions {
            detect: false,
            timeout: Duration::from_secs(300),
            concurrency: 3,
            first_poll: Duration::from_secs(2),
            max_poll: Duration::from_secs(15),
        }
    }
}

impl DriftOptions {
    pub fn from_options(opts: &Options) -> DriftOptions {
        DriftOptions {
            detect: opts.detect_drift,
            timeout: opts.drift_timeout,
            concurrency: opts.drift_concurrency.max(1),
            ..Default::default()
        }
    }
}
