//! The types collection passes around: an SDK call's result, a boxed
//! future, and a patch that merges a collector's result into the account.

use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response as HttpResponse;
use awscheck_model::inventory::Account;
use std::future::Future;
use std::pin::Pin;

/// The result of an SDK call.
pub type SdkResult<T, E> = Result<T, SdkError<E, HttpResponse>>;

/// A boxed, sendable future.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// A collector's result, applied to the account once every task is done
/// (in plan order, so the inventory is deterministic).
pub type Patch = Box<dyn FnOnce(&mut Account) + Send>;
