//! Live collection: an AWS account, through the AWS SDK for Rust, into the
//! same [`Inventory`] a fixture holds.
//!
//! - [`session`]: SDK configuration (standard chain + flags, assumed role),
//!   identity, region discovery, and the interceptor every client carries.
//! - [`registry`]: every operation the collectors call, with its IAM action.
//! - [`error`]: SDK error → [`CollectError`].
//! - one module per service ([`s3`], [`kms`], [`iam`], [`ec2`], [`cloudtrail`], ...): a
//!   [`Service`] whose `run` turns one region (or the account, for global
//!   services) into a partial inventory section.
//!
//! The plan is regions × services, run on tokio with at most
//! `--concurrency` tasks at once; inside a task, per-resource reads run at
//! most [`RESOURCE_CONCURRENCY`] at a time. A failed List call blinds the
//! service in that region: it is recorded in `collection_errors`, so checks
//! report ERROR there. A failed per-resource call becomes
//! `Collected::Error` on that field.
//!
//! ## Adding a service
//!
//! 1. `src/collect/<service>.rs`: `async fn collect(cx: &Cx) -> Result<Section, CollectError>`
//!    (the `Err` is the List call that failed; per-resource failures go into
//!    `Collected` fields through [`Cx::read`]), `impl Section for` the
//!    inventory section, and `pub const SERVICE: Service` (the [`service!`]
//!    macro writes both). When a later listing call can fail after the first
//!    succeeded, or a per-resource read fills a field that is not a
//!    `Collected`, `collect` returns a [`Partial`]:
//!    what was read is kept and the service is blind in the region.
//! 2. Add it to [`SERVICES`], its operations to [`registry::OPERATIONS`] and
//!    `docs/iam-policy.json`, and its `aws-sdk-*` crate to Cargo.toml
//!    (`default-features = false, features = ["rt-tokio", "default-https-client"]`).
//! 3. Resources that point at KMS keys, S3 buckets, launch template
//!    versions or SSM documents call [`Cx::refs`]`().kms_key(..)` /
//!    `.bucket(..)` / `.launch_template_version(..)` / `.ssm_document(..)`;
//!    they are read after every service is collected.

pub mod apigateway;
pub mod autoscaling;
pub mod cloudformation;
pub mod cloudtrail;
pub mod cloudwatch;
pub mod codebuild;
pub mod codedeploy;
pub mod codepipeline;
pub mod config;
pub mod dynamodb;
pub mod ec2;
pub mod eks;
pub mod error;
pub mod firehose;
pub mod guardduty;
pub mod iam;
pub mod kms;
pub mod lambda;
pub mod logs;
pub mod rds;
pub mod registry;
pub mod s3;
pub mod secretsmanager;
pub mod session;
pub mod sns;
pub mod sqs;
pub mod ssm;
pub mod wafv2;

#[cfg(test)]
mod tests;

use aws_smithy_async::future::pagination_stream::PaginationStream;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response as HttpResponse;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use awscheck_model::collected::{CollectError, Collected, ServiceError};
use awscheck_model::inventory::{Account, Inventory, Tags, FORMAT_VERSION, GLOBAL};
use awscheck_model::Data;
use futures_util::StreamExt;
use session::Session;
use std::collections::BTreeSet;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Per-task bound on concurrent per-resource reads.
pub const RESOURCE_CONCURRENCY: usize = 4;

/// Every service in inventory order.
pub const SERVICES: &[Service] = &[
    apigateway::SERVICE,
    autoscaling::SERVICE,
    cloudformation::SERVICE,
    cloudtrail::SERVICE,
    cloudwatch::SERVICE,
    codebuild::SERVICE,
    codedeploy::SERVICE,
    codepipeline::SERVICE,
    config::SERVICE,
    dynamodb::SERVICE,
    ec2::SERVICE,
    eks::SERVICE,
    firehose::SERVICE,
    guardduty::SERVICE,
    iam::SERVICE,
    kms::SERVICE,
    lambda::SERVICE,
    logs::SERVICE,
    rds::SERVICE,
    s3::SERVICE,
    secretsmanager::SERVICE,
    sns::SERVICE,
    sqs::SERVICE,
    ssm::SERVICE,
    wafv2::SERVICE,
];

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
    /// How many region × service collectors run at once.
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
            concurrency: 8,
            max_attempts: 5,
            detect_drift: false,
            drift_timeout: Duration::from_secs(300),
            drift_concurrency: 3,
            show_progress: false,
        }
    }
}

/// What a collection cost: shown on the summary line.
#[derive(Debug, Clone, Copy)]
pub struct Summary {
    /// HTTP requests sent, retries included.
    pub calls: u64,
    /// Calls that failed after their retries.
    pub failed: u64,
    pub elapsed: Duration,
}

/// The result of an SDK call.
pub type SdkResult<T, E> = Result<T, SdkError<E, HttpResponse>>;

/// A boxed, sendable future.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// A collector's result, applied to the account once every task is done
/// (in plan order, so the inventory is deterministic).
pub type Patch = Box<dyn FnOnce(&mut Account) + Send>;

/// One service collector.
pub struct Service {
    /// The inventory section it fills.
    pub section: &'static str,
    /// Collected once per account (in the home region) rather than per region.
    pub global: bool,
    pub run: fn(Cx) -> BoxFuture<Patch>,
}

/// An inventory section a collector fills, merged across regions.
pub trait Section: Default + Send + 'static {
    /// The section name (`Account` field and `ServiceError::service`).
    const NAME: &'static str;
    fn slot(account: &mut Account) -> &mut Option<Self>;
    /// Appends another region's part.
    fn merge(&mut self, other: Self);
}

/// A service collector: `impl Section for $ty` (the account field `$name`,
/// merged by extending each of `$fields`) and `pub const SERVICE: Service`
/// running the module's `async fn collect(cx: &Cx) -> Result<$ty, CollectError>`
/// (or `Result<Partial<$ty>, CollectError>`) in each scanned region, or once
/// for the account with `global: true`.
/// `service!($ty)` writes only `SERVICE`, for a hand-written `Section`
/// whose merge is not a plain extend.
macro_rules! service {
    ($ty:ty, $name:ident, [$($field:ident),+] $(, global: $global:expr)?) => {
        impl $crate::Section for $ty {
            const NAME: &'static str = stringify!($name);
            fn slot(account: &mut ::awscheck_model::inventory::Account) -> &mut Option<Self> {
                &mut account.$name
            }
            fn merge(&mut self, other: Self) {
                $(self.$field.extend(other.$field);)+
            }
        }
        $crate::service!($ty $(, global: $global)?);
    };
    ($ty:ty $(, global: $global:expr)?) => {
        pub const SERVICE: $crate::Service = $crate::Service {
            section: <$ty as $crate::Section>::NAME,
            global: false $(|| $global)?,
            run: |cx| {
                Box::pin(async move {
                    let result = collect(&cx).await.map(::std::convert::Into::into);
                    $crate::patch::<$ty>(&cx.scope, result)
                })
            },
        };
    };
}
pub(crate) use service;

/// A section read in part: `blind` is a listing call that failed after
/// others succeeded (CloudTrail's event data stores after its trails, say).
/// It blinds the service in the region as a failed List call does, so
/// checks never judge the absence of what it would have listed, but what
/// was read is kept.
pub struct Partial<S> {
    pub section: S,
    pub blind: Option<CollectError>,
}

/// A section read whole.
impl<S> From<S> for Partial<S> {
    fn from(section: S) -> Partial<S> {
        Partial {
            section,
            blind: None,
        }
    }
}

/// Turns a collector's result into a [`Patch`]: the section (or the part
/// of it that was read) merged in, present even when empty, and a
/// [`ServiceError`] for `scope` when a listing failed.
pub fn patch<S: Section>(scope: &str, result: Result<Partial<S>, CollectError>) -> Patch {
    let scope = scope.to_string();
    Box::new(move |account: &mut Account| {
        let slot = S::slot(account).get_or_insert_with(S::default);
        let (part, error) = match result {
            Ok(p) => (Some(p.section), p.blind),
            Err(e) => (None, Some(e)),
        };
        if let Some(part) = part {
            slot.merge(part);
        }
        if let Some(error) = error {
            account.collection_errors.push(ServiceError {
                service: S::NAME.to_string(),
                region: scope,
                part: None,
                error,
            });
        }
    })
}

/// An SDK timestamp as a UTC time (`None` when out of chrono's range).
pub fn time(t: &aws_smithy_types::DateTime) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::from_timestamp(t.secs(), t.subsec_nanos())
}

/// A non-empty string, owned.
pub fn text(s: Option<&str>) -> Option<String> {
    s.filter(|s| !s.is_empty()).map(str::to_string)
}

/// Resources that collected resources point at (other accounts' KMS keys
/// and buckets, aliases, log targets, SSM documents): read after every
/// service is done.
#[derive(Debug, Default)]
pub struct References {
    kms_keys: Mutex<BTreeSet<(String, String)>>,
    buckets: Mutex<BTreeSet<String>>,
    launch_template_versions: Mutex<BTreeSet<(String, String, String)>>,
    ssm_documents: Mutex<BTreeSet<(String, String)>>,
}

impl References {
    /// A KMS key reference (key id, key ARN, alias name or alias ARN) made
    /// by a resource in `region`.
    pub fn kms_key(&self, region: &str, reference: &str) {
        if reference.is_empty() {
            return;
        }
        lock(&self.kms_keys).insert((region.to_string(), reference.to_string()));
    }

    /// A bucket name (log target, artifact store, trail bucket, ...).
    pub fn bucket(&self, name: &str) {
        if !name.is_empty() {
            lock(&self.buckets).insert(name.to_string());
        }
    }

    /// A launch template version an Auto Scaling group in `region` launches
    /// from (`$Default`, `$Latest` or a number).
    pub fn launch_template_version(&self, region: &str, template_id: &str, version: &str) {
        lock(&self.launch_template_versions).insert((
            region.to_string(),
            template_id.to_string(),
            version.to_string(),
        ));
    }

    /// An SSM document (name or ARN) named by a resource in `region`
    /// (a Config remediation's Automation document).
    pub fn ssm_document(&self, region: &str, name: &str) {
        if !name.is_empty() {
            lock(&self.ssm_documents).insert((region.to_string(), name.to_string()));
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// What a collector task sees: the session, its region, and the references sink.
#[derive(Clone)]
pub struct Cx {
    pub session: Arc<Session>,
    /// The region whose clients to use (the home region for global services).
    pub region: String,
    /// The region label of what is collected: the region, or `global`.
    pub scope: String,
    refs: Arc<References>,
}

impl Cx {
    pub fn account_id(&self) -> &str {
        &self.session.account_id
    }

    pub fn partition(&self) -> &str {
        &self.session.partition
    }

    pub fn refs(&self) -> &References {
        &self.refs
    }

    /// `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE` for a resource of
    /// this task's region and account.
    pub fn arn(&self, service: &str, resource: &str) -> String {
        format!(
            "arn:{}:{service}:{}:{}:{resource}",
            self.partition(),
            self.region,
            self.account_id()
        )
    }

    /// Every item of a paginated listing
    /// (`client.list_x().into_paginator().items().send()`), or the failure
    /// of `operation`, mapped and counted.
    pub async fn list<T, E>(
        &self,
        operation: &str,
        stream: PaginationStream<Result<T, SdkError<E, HttpResponse>>>,
    ) -> Result<Vec<T>, CollectError>
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        stream
            .try_collect()
            .await
            .map_err(|e| self.fail(operation, &e))
    }

    /// The tags a tag-listing call returned. Tags are not a `Collected` in
    /// the model: unreadable tags count as an error and read as none.
    pub fn tags<E>(&self, operation: &str, result: Result<Tags, SdkError<E, HttpResponse>>) -> Tags
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        result.unwrap_or_else(|e| {
            self.fail(operation, &e);
            Tags::new()
        })
    }

    /// A failed call: mapped and counted.
    pub fn fail<E>(&self, operation: &str, err: &SdkError<E, HttpResponse>) -> CollectError
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        fail(&self.session, operation, err)
    }

    /// A per-resource read: `Ok` → `value(output)` (`None` → absent); an
    /// error whose code is in `absent` → absent; any other error → error.
    pub fn read<O, E, T>(
        &self,
        operation: &str,
        result: Result<O, SdkError<E, HttpResponse>>,
        absent: &[&str],
        value: impl FnOnce(O) -> Option<T>,
    ) -> Collected<T>
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        read(&self.session, operation, result, absent, value)
    }

    /// Runs `f` over `items`, at most [`RESOURCE_CONCURRENCY`] at a time,
    /// keeping the input order.
    pub async fn bounded<I, F, Fut, T>(&self, items: I, f: F) -> Vec<T>
    where
        I: IntoIterator,
        F: FnMut(I::Item) -> Fut,
        Fut: Future<Output = T>,
    {
        bounded(items, f).await
    }
}

pub(crate) fn fail<E>(
    session: &Session,
    operation: &str,
    err: &SdkError<E, HttpResponse>,
) -> CollectError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    session.stats.errors.fetch_add(1, Ordering::Relaxed);
    error::collect_error(operation, err)
}

pub(crate) fn read<O, E, T>(
    session: &Session,
    operation: &str,
    result: Result<O, SdkError<E, HttpResponse>>,
    absent: &[&str],
    value: impl FnOnce(O) -> Option<T>,
) -> Collected<T>
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    match result {
        Ok(out) => value(out).map_or(Collected::Absent, Collected::Value),
        Err(e) if error::has_code(&e, absent) => Collected::Absent,
        Err(e) => Collected::Error(fail(session, operation, &e)),
    }
}

pub(crate) async fn bounded<I, F, Fut, T>(items: I, f: F) -> Vec<T>
where
    I: IntoIterator,
    F: FnMut(I::Item) -> Fut,
    Fut: Future<Output = T>,
{
    futures_util::stream::iter(items)
        .map(f)
        .buffered(RESOURCE_CONCURRENCY)
        .collect()
        .await
}

/// Every page of an operation that has no SDK paginator: `call(token)`
/// sends one request, `split(output)` gives its items and the next token.
/// Stops at a missing, empty or repeated token.
pub async fn pages<O, E, T, Fut>(
    mut call: impl FnMut(Option<String>) -> Fut,
    mut split: impl FnMut(O) -> (Vec<T>, Option<String>),
) -> Result<Vec<T>, SdkError<E, HttpResponse>>
where
    Fut: Future<Output = Result<O, SdkError<E, HttpResponse>>>,
{
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let (items, next) = split(call(token.clone()).await?);
        out.extend(items);
        match next.filter(|t| !t.is_empty()) {
            Some(t) if token.as_ref() != Some(&t) => token = Some(t),
            _ => return Ok(out),
        }
    }
}

/// Key/value pairs as [`Tags`].
pub fn tags_of<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Tags {
    pairs
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A policy document as AWS returned it: JSON text, or URL-encoded JSON
/// text (IAM). Stored as a JSON object when it parses, else as the text.
pub fn policy_json(text: &str) -> awscheck_model::inventory::PolicyJson {
    use awscheck_model::inventory::PolicyJson;
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(text) {
        return PolicyJson(v);
    }
    if let Ok(decoded) = percent_encoding::percent_decode_str(text).decode_utf8() {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&decoded) {
            return PolicyJson(v);
        }
    }
    PolicyJson(serde_json::Value::String(text.to_string()))
}

/// An SDK timestamp as a UTC time (`None` when out of chrono's range).
pub fn utc(t: &aws_smithy_types::DateTime) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::from_timestamp(t.secs(), t.subsec_nanos())
}

/// Progress on stderr: regions × services done, calls made, errors so far.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    fn new(show: bool, total: usize) -> Progress {
        let bar = show.then(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                Some(total as u64),
                indicatif::ProgressDrawTarget::stderr(),
            );
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{spinner} collecting {pos}/{len} region×service [{bar:20}] {msg} {elapsed}",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Progress { bar }
    }

    fn update(&self, stats: &session::Stats, done: bool) {
        if let Some(bar) = &self.bar {
            bar.set_message(format!(
                "· {} calls · {} errors",
                stats.calls(),
                stats.errors()
            ));
            if done {
                bar.inc(1);
            }
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Collects the account `session` points at: every `services` collector
/// over the session's regions, then the referenced resources.
pub async fn collect_account(
    session: Arc<Session>,
    services: &[&'static Service],
    concurrency: usize,
    show_progress: bool,
) -> Account {
    let mut plan: Vec<(&'static Service, String, String)> = Vec::new();
    for svc in services {
        if svc.global {
            plan.push((svc, session.home_region.clone(), GLOBAL.to_string()));
        } else {
            for r in &session.regions {
                plan.push((svc, r.clone(), r.clone()));
            }
        }
    }
    let progress = Progress::new(show_progress, plan.len());
    let refs = Arc::new(References::default());
    let semaphore = Arc::new(tokio::sync::Semaphore::new(concurrency.max(1)));
    let mut tasks = tokio::task::JoinSet::new();
    let total = plan.len();
    for (i, (svc, region, scope)) in plan.into_iter().enumerate() {
        let cx = Cx {
            session: session.clone(),
            region,
            scope,
            refs: refs.clone(),
        };
        let semaphore = semaphore.clone();
        let run = svc.run;
        tasks.spawn(async move {
            #[allow(clippy::expect_used, reason = "the semaphore is never closed")]
            let _permit = semaphore
                .acquire_owned()
                .await
                .expect("semaphore is never closed");
            (i, run(cx).await)
        });
    }
    let mut patches: Vec<Option<Patch>> = (0..total).map(|_| None).collect();
    let mut ticker = tokio::time::interval(Duration::from_millis(250));
    loop {
        tokio::select! {
            joined = tasks.join_next() => match joined {
                None => break,
                Some(Ok((i, p))) => {
                    patches[i] = Some(p);
                    progress.update(&session.stats, true);
                }
                Some(Err(e)) => std::panic::resume_unwind(e.into_panic()),
            },
            _ = ticker.tick() => progress.update(&session.stats, false),
        }
    }
    let mut account = Account::new(session.account_id.clone(), session.regions.clone());
    account.partition = session.partition.clone();
    for p in patches.into_iter().flatten() {
        p(&mut account);
    }
    resolve_references(&session, &refs, &mut account).await;
    progress.finish();
    account
}

/// The second phase: KMS keys, buckets and SSM documents referenced by
/// collected resources but not collected themselves (other accounts', other
/// regions').
async fn resolve_references(session: &Session, refs: &References, account: &mut Account) {
    let keys = std::mem::take(&mut *lock(&refs.kms_keys));
    if let Some(kms) = account.kms.as_mut() {
        kms::resolve_referenced(session, keys, kms).await;
    }
    let buckets = std::mem::take(&mut *lock(&refs.buckets));
    if let Some(s3) = account.s3.as_mut() {
        s3::resolve_other_buckets(session, buckets, s3).await;
    }
    let versions = std::mem::take(&mut *lock(&refs.launch_template_versions));
    if let Some(ec2) = account.ec2.as_mut() {
        ec2::resolve_pinned_versions(session, versions, ec2).await;
    }
    // Documents go into the `ssm` section when SSM is collected (a check
    // that reads them reads `ssm`, so its collector ran).
    let documents = std::mem::take(&mut *lock(&refs.ssm_documents));
    if let Some(ssm) = account.ssm.as_mut() {
        config::resolve_documents(session, documents, ssm).await;
    }
}

/// The services that fill `sections` (all when `None`).
pub fn services_for(sections: Option<&[&str]>) -> Vec<&'static Service> {
    SERVICES
        .iter()
        .filter(|s| sections.is_none_or(|want| want.contains(&s.section)))
        .collect()
}

/// Collects the live account per `opts` into an inventory. `reads` limits
/// collection to what the selected checks read (`None`: everything, as
/// `snapshot` does).
pub fn live_inventory(
    opts: &Options,
    reads: Option<&[Data]>,
) -> Result<(Inventory, Summary), String> {
    let started = Instant::now();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    let sections: Option<Vec<&str>> = reads.map(|r| r.iter().map(|d| d.section).collect());
    let services = services_for(sections.as_deref());
    let (inventory, stats) = runtime.block_on(async {
        let sdk = session::load_sdk_config(opts).await?;
        let mut session = Session::new(sdk, Vec::new());
        session.drift = cloudformation::DriftOptions::from_options(opts);
        session.identify().await?;
        session.regions = if opts.all_regions {
            session.enabled_regions().await?
        } else if opts.regions.is_empty() {
            vec![session.home_region.clone()]
        } else {
            let mut seen = BTreeSet::new();
            opts.regions
                .iter()
                .filter(|r| seen.insert(r.as_str()))
                .cloned()
                .collect()
        };
        let session = Arc::new(session);
        let account = collect_account(
            session.clone(),
            &services,
            opts.concurrency,
            opts.show_progress,
        )
        .await;
        let inventory = Inventory {
            format: FORMAT_VERSION,
            generated_at: now_seconds(),
            description: Some(format!(
                "live collection by awscheck {} of account {} ({})",
                env!("CARGO_PKG_VERSION"),
                account.account_id,
                account.regions.join(", ")
            )),
            accounts: vec![account],
        };
        Ok::<_, String>((inventory, session.stats.clone()))
    })?;
    let summary = Summary {
        calls: stats.calls(),
        failed: stats.errors(),
        elapsed: started.elapsed(),
    };
    Ok((inventory, summary))
}

fn now_seconds() -> chrono::DateTime<chrono::Utc> {
    use chrono::{SubsecRound, Utc};
    Utc::now().trunc_subsecs(0)
}
