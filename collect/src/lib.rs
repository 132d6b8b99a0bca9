//! Live collection: an AWS account, through the AWS SDK for Rust, into the
//! same [`Inventory`] a fixture holds.
//!
//! - [`session`]: SDK configuration (standard chain + flags, assumed role),
//!   identity, region discovery, and the interceptor every client carries.
//! - [`registry`]: the operations the collectors declare, assembled; the
//!   IAM policy generated from them.
//! - [`cx`]: what a collector task sees ([`Cx`]): declared calls, what the
//!   selected checks read, parts that could not be read, references.
//! - [`references`]: resources of one service that another's point at,
//!   read by their owner after the first pass.
//! - [`error`]: SDK error → [`CollectError`].
//! - one module per service ([`s3`], [`kms`], [`iam`], [`ec2`], [`cloudtrail`], ...): a
//!   [`Service`] whose `run` turns one region (or the account, for global
//!   services) into a part of its inventory section.
//!
//! The plan is regions × the services whose section a selected check reads,
//! run on tokio with at most `--concurrency` tasks at once; inside a task,
//! per-resource reads run at most [`RESOURCE_CONCURRENCY`] at a time, and
//! only the reads some selected check needs ([`Cx::wants`]): a part no
//! check reads keeps its field's default, as [`Account::pruned`] gives it.
//! Then the referenced resources are read ([`references`]).
//!
//! Failures are recorded at the granularity of what they blind: a failed
//! first listing blinds the service in the region (`collection_errors`,
//! checks over it report ERROR there); a later listing that fails
//! ([`Cx::unread`]) blinds only its part; a failed per-resource call
//! becomes `Collected::Error` on that field.
//!
//! ## Adding a service
//!
//! A new service touches, besides its checks:
//!
//! 1. the model: `model/src/inventory/<service>.rs` (the section struct,
//!    its `merge!` line, its `Data` consts and `DATA` list, doc comments
//!    from which `cargo run -- checks docs` writes its part of
//!    `docs/fixture-format.md`) and one line in `with_sections!`
//!    (`model/src/inventory/mod.rs`), with its `pub mod`;
//! 2. the collector: `collect/src/<service>.rs`, with
//!    - `operations!` declaring every SDK operation it calls (SDK service
//!      and operation name, IAM action when it is not `prefix:Operation`),
//!      each call made through [`Cx::call`] / [`Cx::list`] with its const;
//!    - `async fn collect(cx: &Cx) -> Result<Section, CollectError>` (the
//!      `Err` is the first listing that failed; a later listing that fails
//!      is [`Cx::unread`]; per-resource failures go into `Collected`
//!      fields through [`cx::Reply::read`]), making each per-resource or
//!      secondary call only when [`Cx::wants`] the `Data` it fills;
//!    - `crate::service!(Section)` (or `crate::service!(Section, global: true)`);
//!    - for a resource kind other services point at, a
//!      [`references::Kind`] they name in [`Cx::refer`];
//! 3. one line in [`SERVICES`] and its `pub mod`;
//! 4. its `aws-sdk-*` line in `collect/Cargo.toml`
//!    (`default-features = false, features = ["rt-tokio", "default-https-client"]`).
//!
//! The operation allow-list and `docs/iam-policy.json` follow from the
//! declarations (`AWSCHECK_BLESS=1 cargo test -p awscheck-collect iam_policy`
//! rewrites the file; a test fails while it is stale).

pub mod apigateway;
pub mod autoscaling;
pub mod cloudformation;
pub mod cloudfront;
pub mod cloudtrail;
pub mod cloudwatch;
pub mod codebuild;
pub mod codedeploy;
pub mod codepipeline;
pub mod config;
pub mod cx;
pub mod dynamodb;
pub mod ec2;
pub mod eks;
pub mod elb;
pub mod elbv2;
pub mod error;
pub mod events;
pub mod firehose;
pub mod guardduty;
pub mod iam;
pub mod inspector2;
pub mod kms;
pub mod lambda;
pub mod logs;
pub mod organizations;
mod progress;
pub mod rds;
pub mod references;
pub mod registry;
pub mod route53;
pub mod route53resolver;
pub mod s3;
pub mod secretsmanager;
pub mod session;
pub mod sns;
pub mod sqs;
pub mod ssm;
pub mod vpc;
pub mod wafv2;

#[cfg(test)]
mod tests;

use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response as HttpResponse;
use awscheck_model::collected::{CollectError, ServiceError};
use awscheck_model::inventory::{Account, Inventory, Section, Tags, FORMAT_VERSION, GLOBAL};
use awscheck_model::Data;
pub use cx::{Cx, Wanted};
use references::References;
use session::Session;
use std::collections::BTreeSet;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Per-task bound on concurrent per-resource reads.
pub const RESOURCE_CONCURRENCY: usize = 4;

/// Every service in inventory order.
pub const SERVICES: &[Service] = &[
    apigateway::SERVICE,
    autoscaling::SERVICE,
    cloudformation::SERVICE,
    cloudfront::SERVICE,
    cloudtrail::SERVICE,
    cloudwatch::SERVICE,
    codebuild::SERVICE,
    codedeploy::SERVICE,
    codepipeline::SERVICE,
    config::SERVICE,
    dynamodb::SERVICE,
    ec2::SERVICE,
    eks::SERVICE,
    elb::SERVICE,
    elbv2::SERVICE,
    events::SERVICE,
    firehose::SERVICE,
    guardduty::SERVICE,
    iam::SERVICE,
    inspector2::SERVICE,
    kms::SERVICE,
    lambda::SERVICE,
    logs::SERVICE,
    organizations::SERVICE,
    rds::SERVICE,
    route53::SERVICE,
    route53resolver::SERVICE,
    s3::SERVICE,
    secretsmanager::SERVICE,
    sns::SERVICE,
    sqs::SERVICE,
    ssm::SERVICE,
    vpc::SERVICE,
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
    /// The operations it calls ([`registry`]).
    pub operations: &'static [registry::Operation],
    pub run: fn(Cx) -> BoxFuture<Patch>,
}

/// `pub const SERVICE: Service` for the module's section `$ty`: it runs
/// the module's `async fn collect(cx: &Cx) -> Result<$ty, CollectError>` in
/// each scanned region (once for the account with `global: true`), with
/// the module's `OPERATIONS` ([`registry::operations!`]).
macro_rules! service {
    ($ty:ty $(, global: $global:expr)?) => {
        pub const SERVICE: $crate::Service = $crate::Service {
            section: <$ty as ::awscheck_model::inventory::Section>::NAME,
            global: false $(|| $global)?,
            operations: OPERATIONS,
            run: |cx| {
                Box::pin(async move {
                    let result = collect(&cx).await;
                    $crate::patch::<$ty>(&cx, result)
                })
            },
        };
    };
}
pub(crate) use service;

/// Turns a collector's result into a [`Patch`]: the section (or the part
/// of it that was read) merged in, present even when empty, and a
/// [`ServiceError`] for the task's scope for the listing that failed and
/// each part that could not be read ([`Cx::unread`]).
pub fn patch<S: Section>(cx: &Cx, result: Result<S, CollectError>) -> Patch {
    let scope = cx.scope.clone();
    let mut unread = cx.take_unread();
    let part = match result {
        Ok(section) => Some(section),
        Err(e) => {
            unread.insert(0, (Data::listing(S::NAME), e));
            None
        }
    };
    Box::new(move |account: &mut Account| {
        let slot = S::slot(account).get_or_insert_with(S::default);
        if let Some(part) = part {
            slot.merge(part);
        }
        for (data, error) in unread {
            account.collection_errors.push(ServiceError {
                service: S::NAME.to_string(),
                region: scope.clone(),
                part: (!data.is_listing()).then(|| data.path.to_string()),
                error,
            });
        }
    })
}

/// A non-empty string, owned.
pub fn text(s: Option<&str>) -> Option<String> {
    s.filter(|s| !s.is_empty()).map(str::to_string)
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

/// Collects the account `session` points at: every `services` collector
/// over the session's regions, reading what `wanted` names, then the
/// referenced resources some selected check reads.
pub async fn collect_account(
    session: Arc<Session>,
    services: &[&'static Service],
    wanted: Wanted,
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
    let progress = progress::Progress::new(show_progress, plan.len());
    let refs = Arc::new(References::default());
    let wanted = Arc::new(wanted);
    let semaphore = Arc::new(tokio::sync::Semaphore::new(concurrency.max(1)));
    let mut tasks = tokio::task::JoinSet::new();
    let total = plan.len();
    for (i, (svc, region, scope)) in plan.into_iter().enumerate() {
        let cx = Cx::new(&session, region, scope, &wanted, &refs);
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
    let cx = Cx::new(
        &session,
        session.home_region.clone(),
        GLOBAL.to_string(),
        &wanted,
        &refs,
    );
    references::resolve(&cx, &mut account).await;
    progress.finish();
    account
}

/// The services that fill a section `wanted` reads.
pub fn services_for(wanted: &Wanted) -> Vec<&'static Service> {
    SERVICES
        .iter()
        .filter(|s| wanted.wants(Data::listing(s.section)))
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
    let wanted = reads.map_or_else(Wanted::everything, Wanted::only);
    let services = services_for(&wanted);
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
            wanted,
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
