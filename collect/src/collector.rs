//! What a service collector is: a [`Service`] (its section, its declared
//! operations, how it runs in one region), written by the [`service!`]
//! macro, and the [`Patch`] that merges its result into the account.

use crate::cx::{Cx, Unread};
use crate::registry;
use crate::types::{BoxFuture, Patch};
use awscheck_model::collected::{CollectError, ServiceError};
use awscheck_model::inventory::{Account, Section};
use awscheck_model::Data;

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
    // In the order the section declares its data, then by resource, not the
    // order concurrent calls failed in: a scan and its snapshot report them
    // alike.
    let declared = awscheck_model::inventory::data_of(S::NAME);
    unread.sort_by(|a, b| {
        let at = |u: &Unread| declared.iter().position(|x| *x == u.data);
        at(a).cmp(&at(b)).then_with(|| a.resource.cmp(&b.resource))
    });
    let part = match result {
        Ok(section) => Some(section),
        Err(error) => {
            let listing = Unread {
                data: Data::listing(S::NAME),
                resource: None,
                error,
            };
            unread.insert(0, listing);
            None
        }
    };
    Box::new(move |account: &mut Account| {
        let slot = S::slot(account).get_or_insert_with(S::default);
        if let Some(part) = part {
            slot.merge(part);
        }
        for Unread {
            data,
            resource,
            error,
        } in unread
        {
            account.collection_errors.push(ServiceError {
                service: S::NAME.to_string(),
                region: scope.clone(),
                part: (!data.is_listing()).then(|| data.path.to_string()),
                resource,
                error,
            });
        }
    })
}
