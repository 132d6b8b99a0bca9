//! What a collector task sees ([`Cx`]): the session and its region, the
//! data the selected checks read ([`Wanted`]), declared calls ([`Cx::call`],
//! answered by a [`Reply`]), the parts that could not be read, and the
//! references sink.

use crate::budget::Budget;
use crate::interceptor::declare;
use crate::registry::Operation;
use crate::session::Session;
use crate::types::SdkResult;
use crate::types::{BoxFuture, Patch};
use aws_smithy_async::future::pagination_stream::PaginationStream;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response as HttpResponse;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::{Account, Tags};
use awscheck_model::Data;
use futures_util::StreamExt;
use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

/// The bounds an SDK operation error meets.
pub trait SdkErrorKind: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static {}
impl<E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static> SdkErrorKind for E {}

/// What the selected checks read: everything (`snapshot`), or their
/// `reads`. A part implies its section's listing.
#[derive(Debug, Clone, Default)]
pub struct Wanted(Option<BTreeSet<Data>>);

impl Wanted {
    /// Everything: a snapshot.
    pub fn everything() -> Wanted {
        Wanted(None)
    }

    /// What `reads` names.
    pub fn only(reads: &[Data]) -> Wanted {
        Wanted(Some(reads.iter().copied().collect()))
    }

    /// True when a selected check reads `data` (a listing: any of its section).
    pub fn wants(&self, data: Data) -> bool {
        match &self.0 {
            None => true,
            Some(reads) if data.is_listing() => reads.iter().any(|d| d.section == data.section),
            Some(reads) => reads.contains(&data),
        }
    }
}

/// A part (or listing) a collector task could not read: for its whole
/// region, or for one resource.
pub struct Unread {
    pub data: Data,
    pub resource: Option<String>,
    pub error: CollectError,
}

/// What a collector task sees: the session, its region, what to read, and
/// the sinks for unread parts and references.
#[derive(Clone)]
pub struct Cx {
    pub session: Arc<Session>,
    /// The region whose clients to use (the home region for global services).
    pub region: String,
    /// The region label of what is collected: the region, or `global`.
    pub scope: String,
    wanted: Arc<Wanted>,
    refs: Arc<References>,
    budget: Arc<Budget>,
    unread: Arc<Mutex<Vec<Unread>>>,
}

impl Cx {
    pub(crate) fn new(
        session: &Arc<Session>,
        region: String,
        scope: String,
        wanted: &Arc<Wanted>,
        refs: &Arc<References>,
        budget: &Arc<Budget>,
    ) -> Cx {
        Cx {
            session: session.clone(),
            region,
            scope,
            wanted: wanted.clone(),
            refs: refs.clone(),
            budget: budget.clone(),
            unread: Arc::default(),
        }
    }

    pub fn account_id(&self) -> &str {
        &self.session.account_id
    }

    pub fn partition(&self) -> &str {
        &self.session.partition
    }

    /// True when a selected check reads `data`: make the calls that fill
    /// it only then (a part not read keeps its field's default).
    pub fn wants(&self, data: Data) -> bool {
        self.wanted.wants(data)
    }

    /// Records `data` as unread in this task's region: a listing that
    /// failed after the section's first listing succeeded. A part blinds
    /// the checks that read it; a section's listing blinds the section.
    /// What was read is kept. The first error per `data` is kept.
    pub fn unread(&self, data: Data, error: CollectError) {
        self.record(data, None, error);
    }

    /// Records `data` as unread for one resource (its ARN) only: a call
    /// that read that resource's part alone (its tags) failed. The first
    /// error per resource is kept.
    pub fn unread_for(&self, data: Data, resource: &str, error: CollectError) {
        self.record(data, Some(resource.to_string()), error);
    }

    fn record(&self, data: Data, resource: Option<String>, error: CollectError) {
        let mut unread = lock(&self.unread);
        if !unread
            .iter()
            .any(|u| u.data == data && u.resource == resource)
        {
            unread.push(Unread {
                data,
                resource,
                error,
            });
        }
    }

    /// `read` when a selected check reads `data`; else the field's default
    /// (a `Collected` says "not collected", a list or map is empty).
    pub async fn read_if<T: Default>(&self, data: Data, read: impl Future<Output = T>) -> T {
        if self.wants(data) {
            read.await
        } else {
            T::default()
        }
    }

    /// A secondary listing of the section (`data`, a list of its own):
    /// `read` when a selected check reads it, else empty; when it fails,
    /// `data` is unread (only the checks that read it are blinded) and the
    /// list is empty.
    pub async fn part<T>(
        &self,
        data: Data,
        read: impl Future<Output = Result<Vec<T>, CollectError>>,
    ) -> Vec<T> {
        if !self.wants(data) {
            return Vec::new();
        }
        read.await.unwrap_or_else(|e| {
            self.unread(data, e);
            Vec::new()
        })
    }

    /// `value` when a selected check reads `data`; else the field's default.
    pub fn keep<T: Default>(&self, data: Data, value: T) -> T {
        if self.wants(data) {
            value
        } else {
            T::default()
        }
    }

    pub(crate) fn take_unread(&self) -> Vec<Unread> {
        std::mem::take(&mut *lock(&self.unread))
    }

    /// Records that a collected resource points at `id` (in `region`), a
    /// resource of `kind` that its owning service reads after the first
    /// pass when a selected check reads it. Empty ids are ignored.
    pub fn refer(&self, kind: &'static Kind, region: &str, id: &str) {
        self.refs.add(kind, region, id);
    }

    pub(crate) fn references(&self) -> &References {
        &self.refs
    }

    /// The scan's request budget.
    pub fn budget(&self) -> &Budget {
        &self.budget
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

    /// The account of a resource's ARN; this task's account when the ARN
    /// names none (or does not parse).
    pub fn account_of(&self, arn: &str) -> String {
        awscheck_model::arn::Arn::parse(arn)
            .map(|a| a.account)
            .filter(|a| !a.is_empty())
            .unwrap_or(self.account_id())
            .to_string()
    }

    /// True when a resource listed from every region but homed in `home`
    /// is recorded by this task: in its home region when that is scanned,
    /// else (or with no home) in the first scanned region, so it is
    /// recorded once.
    pub fn records_here(&self, home: Option<&str>) -> bool {
        let regions = &self.session.regions;
        match home {
            Some(h) if regions.iter().any(|r| r == h) => h == self.region,
            _ => regions.first() == Some(&self.region),
        }
    }

    /// Sends `request`, a request of `op`, and waits for its reply. Every
    /// SDK call goes through here: the registry interceptor refuses a
    /// request whose operation is not the one its call declares, and the
    /// scan's request budget bounds the calls in flight ([`crate::budget`]:
    /// one of `--concurrency` permits, within the service's share, which a
    /// call still throttled after its retries halves).
    pub async fn call<O, E: SdkErrorKind>(
        &self,
        op: Operation,
        request: impl Future<Output = SdkResult<O, E>>,
    ) -> Reply<'_, O, E> {
        Reply {
            cx: self,
            op,
            result: self
                .budget
                // Boxed: SDK futures are large, and the budget's wrapping
                // would otherwise copy them through every layer's stack.
                .spend(op, &self.region, Box::pin(declare(op, request)), |r| {
                    r.as_ref().is_err_and(crate::error::is_throttling)
                })
                .await,
        }
    }

    /// Every item of a paginated listing of `op`
    /// (`client.list_x().into_paginator().items().send()`), or its
    /// failure, mapped and counted.
    pub async fn list<T, E: SdkErrorKind>(
        &self,
        op: Operation,
        stream: PaginationStream<SdkResult<T, E>>,
    ) -> Result<Vec<T>, CollectError> {
        self.call(op, stream.try_collect()).await.ok()
    }

    /// A failed call of `op`: mapped and counted.
    pub fn fail<E: SdkErrorKind>(
        &self,
        op: Operation,
        err: &SdkError<E, HttpResponse>,
    ) -> CollectError {
        let error = crate::error::collect_error(op.name, err);
        self.session.stats.failed(op, &error.code);
        error
    }

    /// Counts a call that failed after its retries (or whose answer could
    /// not be used) on the summary line.
    pub fn count_failure(&self) {
        self.session.stats.errors.fetch_add(1, Ordering::Relaxed);
    }

    /// Runs `f` over `items`, keeping the input order: as many at a time
    /// as the scan's request budget has permits, so that one service with
    /// many resources can use the whole budget (its calls take the
    /// permits; see [`Cx::call`]).
    pub async fn bounded<I, F, Fut, T>(&self, items: I, f: F) -> Vec<T>
    where
        I: IntoIterator,
        F: FnMut(I::Item) -> Fut,
        Fut: Future<Output = T>,
    {
        futures_util::stream::iter(items)
            .map(f)
            .buffered(self.budget.size())
            .collect()
            .await
    }
}

/// The reply to a declared call ([`Cx::call`]): read it as the output or
/// a [`CollectError`] ([`Reply::ok`]), as one field's [`Collected`]
/// ([`Reply::read`]), or as tags ([`Reply::tags`]).
pub struct Reply<'a, O, E> {
    cx: &'a Cx,
    op: Operation,
    /// The SDK's result, as it came.
    pub result: SdkResult<O, E>,
}

impl<O, E: SdkErrorKind> Reply<'_, O, E> {
    /// The output, or the failure mapped and counted.
    pub fn ok(self) -> Result<O, CollectError> {
        let (cx, op) = (self.cx, self.op);
        self.result.map_err(|e| cx.fail(op, &e))
    }

    /// A per-resource read: the output through `value` (`None` → absent);
    /// an error whose code is in `absent` → absent; any other → error.
    pub fn read<T>(self, absent: &[&str], value: impl FnOnce(O) -> Option<T>) -> Collected<T> {
        match self.result {
            Ok(out) => value(out).map_or(Collected::Absent, Collected::Value),
            Err(e) if crate::error::has_code(&e, absent) => Collected::Absent,
            Err(e) => Collected::Error(self.cx.fail(self.op, &e)),
        }
    }

    /// The tags of a batch of resources from one call's output (`tags`:
    /// each resource's key and tags). When the call failed, the tags of
    /// every resource of the batch (`arns`) are unread, and of no other.
    pub fn batch_tags<K>(
        self,
        part: Data,
        arns: impl IntoIterator<Item = String>,
        tags: impl FnOnce(O) -> Vec<(K, Tags)>,
    ) -> Vec<(K, Tags)> {
        let cx = self.cx;
        match self.ok() {
            Ok(out) => tags(out),
            Err(e) => {
                for arn in arns {
                    cx.unread_for(part, &arn, e.clone());
                }
                Vec::new()
            }
        }
    }

    /// The tags of `resource` (its ARN) from the output, read into the
    /// section's tags `part`. A failure whose code is in `none` (no tag
    /// set, or the resource was deleted since it was listed) reads as no
    /// tags; any other leaves `part` unread for that resource, so that no
    /// check takes its unread tags for "not production" or "not exempt"
    /// (the engine reports it ERROR instead).
    pub fn tags(
        self,
        part: Data,
        resource: &str,
        none: &[&str],
        tags: impl FnOnce(O) -> Tags,
    ) -> Tags {
        match self.result {
            Ok(out) => tags(out),
            Err(e) if crate::error::has_code(&e, none) => Tags::new(),
            Err(e) => {
                self.cx
                    .unread_for(part, resource, self.cx.fail(self.op, &e));
                Tags::new()
            }
        }
    }

    /// True when the call failed with one of `codes`.
    pub fn failed_with(&self, codes: &[&str]) -> bool {
        self.result
            .as_ref()
            .is_err_and(|e| crate::error::has_code(e, codes))
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A kind of resource other services point at, declared by its owner
/// (see [`crate::references`]).
pub struct Kind {
    /// What it is, e.g. `KMS key`; kinds are told apart by name.
    pub name: &'static str,
    /// The data resolving fills: resolved only when a selected check reads it.
    pub fills: Data,
    /// Reads the referenced resources `account` does not hold yet into a
    /// patch; `None` when there is nothing to read (or its section was not
    /// collected). Borrows the account only to decide what to read.
    pub resolve: fn(&Cx, &Account, Vec<Reference>) -> Option<BoxFuture<Patch>>,
}

/// One reference: the region of the resource that made it (where a bare
/// name or id is looked up) and the id as it was given.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Reference {
    pub region: String,
    pub id: String,
}

/// The references recorded by a collection, by kind.
#[derive(Default)]
pub struct References {
    by_kind: Mutex<BTreeMap<&'static str, (&'static Kind, BTreeSet<Reference>)>>,
}

impl References {
    pub(crate) fn add(&self, kind: &'static Kind, region: &str, id: &str) {
        if id.is_empty() {
            return;
        }
        let mut by_kind = self.by_kind.lock().unwrap_or_else(|e| e.into_inner());
        by_kind
            .entry(kind.name)
            .or_insert_with(|| (kind, BTreeSet::new()))
            .1
            .insert(Reference {
                region: region.to_string(),
                id: id.to_string(),
            });
    }

    pub(crate) fn take(&self) -> Vec<(&'static Kind, Vec<Reference>)> {
        let mut by_kind = self.by_kind.lock().unwrap_or_else(|e| e.into_inner());
        std::mem::take(&mut *by_kind)
            .into_values()
            .map(|(kind, refs)| (kind, refs.into_iter().collect()))
            .collect()
    }
}
