//! Cross-service references: a resource that points at a resource another
//! service owns (a KMS key, a bucket, a launch template version, an SSM
//! document), possibly in another region or account.
//!
//! A collector records the reference as it reads the resource
//! ([`crate::Cx::refer`], with the owner's [`Kind`], a region and an id).
//! The owning service declares the kind next to its collector: what data
//! resolving fills, and how to read the references its first pass did not
//! (another account's key, a bucket not listed, a version not among the
//! defaults). After every task of the first pass is done, each kind with
//! references is resolved once, when a selected check reads what it fills,
//! and its patch is applied to the account. References recorded while
//! resolving are not followed.

use crate::cx::Cx;
use crate::types::{BoxFuture, Patch};
use awscheck_model::inventory::{Account, Section};
use std::future::Future;

pub use crate::cx::{Kind, Reference, References};

/// The second pass: resolves every kind with references that a selected
/// check reads, all kinds at once, and applies their patches in kind order.
pub(crate) async fn resolve(cx: &Cx, account: &mut Account) {
    let pending: Vec<BoxFuture<Patch>> = cx
        .references()
        .take()
        .into_iter()
        .filter(|(kind, _)| cx.wants(kind.fills))
        .filter_map(|(kind, refs)| (kind.resolve)(cx, account, refs))
        .collect();
    for patch in futures_util::future::join_all(pending).await {
        patch(account);
    }
}

/// The usual resolution: each of `todo` read by `read` (at most
/// [`crate::RESOURCE_CONCURRENCY`] at a time), then `apply`d to section
/// `S` of the account; `None` when there is nothing to read.
pub fn read_into<S, T, R, Fut>(
    cx: &Cx,
    todo: impl IntoIterator<Item = T>,
    read: impl Fn(Cx, T) -> Fut + Send + Sync + 'static,
    apply: impl FnOnce(&mut S, Vec<R>) + Send + 'static,
) -> Option<BoxFuture<Patch>>
where
    S: Section,
    T: Send + 'static,
    R: Send + 'static,
    Fut: Future<Output = R> + Send + 'static,
{
    let todo: Vec<T> = todo.into_iter().collect();
    if todo.is_empty() {
        return None;
    }
    let cx = cx.clone();
    Some(Box::pin(async move {
        let read = cx.bounded(todo, |t| read(cx.clone(), t)).await;
        let patch: Patch = Box::new(move |account: &mut Account| {
            if let Some(section) = S::slot(account).as_mut() {
                apply(section, read);
            }
        });
        patch
    }))
}
