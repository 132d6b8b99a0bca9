//! The interceptor every SDK client carries: it refuses, before anything
//! is sent, a request whose operation is not in the [`registry`] or is not
//! the one its call declares ([`crate::Cx::call`]), and counts requests.

use crate::registry::{self, Operation};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeSerializationInterceptorContextRef, BeforeTransmitInterceptorContextRef,
};
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

tokio::task_local! {
    /// The operation the call being made declares ([`crate::Cx::call`]).
    static DECLARED: Operation;
}

/// The operation the running call declares: `None` outside a declared
/// call (and then the request is refused).
fn declared() -> Option<Operation> {
    DECLARED.try_with(|op| *op).ok()
}

/// Runs `request` as a declared call of `op`: the interceptor sends only
/// requests of the operation the running call declares.
pub(crate) async fn declare<F: Future>(op: Operation, request: F) -> F::Output {
    DECLARED.scope(op, request).await
}

/// Counters shown by the progress bar and the final line.
#[derive(Debug, Default)]
pub struct Stats {
    /// HTTP requests sent (every attempt, retries included).
    pub calls: AtomicU64,
    /// Calls that failed after their retries (each became a `CollectError`).
    pub errors: AtomicU64,
    /// Times a service's share of the request budget was halved because a
    /// call was still throttled after its retries ([`crate::budget`]).
    pub back_offs: AtomicU64,
    /// Of those, the calls refused for lack of permission, by IAM service
    /// prefix (`s3`, `iam`).
    denied: Mutex<BTreeMap<&'static str, u64>>,
    /// Requests sent (every attempt) by IAM action (`s3:GetBucketPolicy`).
    sent: Mutex<BTreeMap<&'static str, u64>>,
}

impl Stats {
    /// Counts a call of `op` that failed with `code` after its retries.
    pub fn failed(&self, op: Operation, code: &str) {
        self.errors.fetch_add(1, Ordering::Relaxed);
        if crate::error::is_denied(code) {
            let service = op.iam_action.split(':').next().unwrap_or(op.iam_action);
            let mut denied = self.denied.lock().unwrap_or_else(|e| e.into_inner());
            *denied.entry(service).or_default() += 1;
        }
    }

    /// The denied calls by service, most denied first.
    pub fn denied(&self) -> Vec<(String, u64)> {
        let denied = self.denied.lock().unwrap_or_else(|e| e.into_inner());
        let mut by_service: Vec<(String, u64)> =
            denied.iter().map(|(s, n)| (s.to_string(), *n)).collect();
        by_service.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        by_service
    }

    /// The requests sent by IAM action, most first.
    pub fn by_operation(&self) -> Vec<(String, u64)> {
        let sent = self.sent.lock().unwrap_or_else(|e| e.into_inner());
        let mut by_op: Vec<(String, u64)> = sent.iter().map(|(a, n)| (a.to_string(), *n)).collect();
        by_op.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        by_op
    }

    pub fn calls(&self) -> u64 {
        self.calls.load(Ordering::Relaxed)
    }
    pub fn errors(&self) -> u64 {
        self.errors.load(Ordering::Relaxed)
    }
    pub fn back_offs(&self) -> u64 {
        self.back_offs.load(Ordering::Relaxed)
    }
}

/// A request refused before it was sent.
#[derive(Debug)]
pub struct Refused {
    pub service: String,
    pub operation: String,
    pub why: Refusal,
}

/// Why a request was refused.
#[derive(Debug)]
pub enum Refusal {
    /// Its operation is not in the [`registry`].
    NotInRegistry,
    /// It was not sent by a call declaring its operation ([`crate::Cx::call`]).
    NotDeclared,
    /// The call that sent it declares this other operation.
    DeclaredOther(registry::Operation),
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (service, operation) = (&self.service, &self.operation);
        match &self.why {
            Refusal::NotInRegistry => write!(
                f,
                "{service}:{operation} is not in awscheck's registry of read-only operations (collect/src/registry.rs); refused before sending"
            ),
            Refusal::NotDeclared => write!(
                f,
                "{service}:{operation} was sent outside a call that declares it (Cx::call); refused before sending"
            ),
            Refusal::DeclaredOther(d) => write!(
                f,
                "{service}:{operation} was sent by a call that declares {}:{}; refused before sending",
                d.sdk_service, d.name
            ),
        }
    }
}

impl std::error::Error for Refused {}

/// Refuses a request whose operation is not registered, or is not the one
/// its call declares, and counts requests. On every client.
#[derive(Debug)]
pub(crate) struct Recorder {
    pub(crate) stats: Arc<Stats>,
}

impl Intercept for Recorder {
    fn name(&self) -> &'static str {
        "awscheck::collect::Recorder"
    }

    fn read_before_serialization(
        &self,
        _ctx: &BeforeSerializationInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let (service, operation) = match cfg.load::<Metadata>() {
            Some(m) => (m.service().to_string(), m.name().to_string()),
            None => ("?".to_string(), "?".to_string()),
        };
        let declared = declared();
        if declared
            .is_some_and(|d| d.name == operation && d.sdk_service.eq_ignore_ascii_case(&service))
        {
            return Ok(());
        }
        let why = match declared {
            _ if registry::find(&service, &operation).is_none() => Refusal::NotInRegistry,
            None => Refusal::NotDeclared,
            Some(other) => Refusal::DeclaredOther(other),
        };
        Err(Box::new(Refused {
            service,
            operation,
            why,
        }))
    }

    fn read_before_attempt(
        &self,
        _ctx: &BeforeTransmitInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.stats.calls.fetch_add(1, Ordering::Relaxed);
        if let Some(op) = declared() {
            let mut sent = self.stats.sent.lock().unwrap_or_else(|e| e.into_inner());
            *sent.entry(op.iam_action).or_default() += 1;
        }
        Ok(())
    }
}
