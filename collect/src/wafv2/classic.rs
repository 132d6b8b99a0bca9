//! WAF Classic, for the end-of-support advisory of `waf-logging-enabled`:
//! `waf-regional` `ListWebACLs` in each region, and `waf` `ListWebACLs`
//! (the global API, for CloudFront) in us-east-1, every page
//! (`NextMarker`). Both list ids and names only.
//!
//! AWS ended support for WAF Classic on 2025-09-30, and the API no longer
//! serves every account or region. A refusal that says so is recorded in
//! `classic_unavailable` (the check then skips, naming it), not as a
//! failure:
//! - the endpoint does not know the operation (`UnknownOperationException`,
//!   `InvalidAction`), or the account is not subscribed to the service
//!   (`OptInRequired`, `SubscriptionRequiredException`);
//! - access denied (`AccessDenied`, `AccessDeniedException`, …): the scan's
//!   policy (`docs/iam-policy.json`) grants `waf:ListWebACLs` and
//!   `waf-regional:ListWebACLs`, so with it this is WAF Classic refusing an
//!   account it no longer serves; a hand-written policy without them reads
//!   the same way, and the skip names the code so that the reader can tell;
//! - the endpoint's host does not resolve (a `ConnectionError` caused by a
//!   DNS failure): `waf-regional` never existed in regions opened after
//!   WAFv2, or has been withdrawn.
//!
//! Anything else is a failure to read, reported as such: throttling that
//! survives the retries, a 5xx (moto 5.2.5, which has no WAF Classic,
//! answers 500), a timeout, a connection failure to a host that resolves,
//! an answer that does not parse. The part is then unread in the region
//! ([`Cx::unread`]) and the check is ERROR there, never a PASS or a skip.

use super::{CLOUDFRONT_REGION, LIST_CLASSIC_WEB_ACLS, LIST_REGIONAL_WEB_ACLS, PAGE};
use crate::cx::SdkErrorKind;
use crate::registry::Operation;
use crate::session::sdk_client;
use crate::{Cx, SdkResult};
use awscheck_model::collected::CollectError;
use awscheck_model::inventory::wafv2::{self as data, ClassicUnavailable, ClassicWebAcl};
use std::future::Future;

/// Codes, besides access denied, that mean the API no longer serves the
/// caller.
const NOT_SERVED: &[&str] = &[
    "UnknownOperationException",
    "InvalidAction",
    "OptInRequired",
    "SubscriptionRequiredException",
];

/// The Classic web ACLs of a region, and whether Classic answers there.
#[derive(Default)]
pub(super) struct Classic {
    pub acls: Vec<ClassicWebAcl>,
    pub unavailable: Vec<ClassicUnavailable>,
}

/// One API's listing.
enum Listed {
    /// Every page: (id, name) of each web ACL.
    Acls(Vec<(String, String)>),
    /// The API no longer serves the caller.
    NotServed(CollectError),
    /// A failure to read.
    Failed(CollectError),
}

/// [`list`] over one of the two SDK clients, which share the API's shape
/// but not its types.
macro_rules! list_web_acls {
    ($cx:expr, $op:expr, $client:expr) => {
        list(
            $cx,
            $op,
            |marker| {
                $client
                    .list_web_acls()
                    .limit(PAGE)
                    .set_next_marker(marker)
                    .send()
            },
            |o| {
                let acls = o.web_acls().iter();
                page(acls.map(|a| (a.web_acl_id(), a.name())), o.next_marker())
            },
        )
    };
}

/// The task region's Classic web ACLs (and the global ones, in us-east-1),
/// when a selected check reads them.
pub(super) async fn read(cx: &Cx) -> Classic {
    let mut out = Classic::default();
    if !cx.wants(data::CLASSIC_WEB_ACLS) {
        return out;
    }
    let regional = sdk_client!(aws_sdk_wafregional, &cx.session, &cx.region);
    let listed = list_web_acls!(cx, LIST_REGIONAL_WEB_ACLS, regional).await;
    out.add(cx, "waf-regional", listed, |id| {
        cx.arn("waf-regional", &format!("webacl/{id}"))
    });
    if cx.region == CLOUDFRONT_REGION {
        let global = sdk_client!(aws_sdk_waf, &cx.session, &cx.region);
        let listed = list_web_acls!(cx, LIST_CLASSIC_WEB_ACLS, global).await;
        out.add(cx, "waf", listed, |id| {
            format!(
                "arn:{}:waf::{}:webacl/{id}",
                cx.partition(),
                cx.account_id()
            )
        });
    }
    out
}

impl Classic {
    fn add(&mut self, cx: &Cx, api: &str, listed: Listed, arn: impl Fn(&str) -> String) {
        match listed {
            Listed::Acls(acls) => {
                self.acls
                    .extend(acls.into_iter().map(|(id, name)| ClassicWebAcl {
                        arn: arn(&id),
                        region: cx.region.clone(),
                        account_id: cx.account_id().to_string(),
                        name,
                        id,
                    }))
            }
            Listed::NotServed(error) => self.unavailable.push(ClassicUnavailable {
                region: cx.region.clone(),
                api: api.to_string(),
                code: error.code,
                message: error.message,
            }),
            Listed::Failed(error) => cx.unread(data::CLASSIC_WEB_ACLS, error),
        }
    }
}

/// One page's web ACLs and the marker of the next page, if there is one.
fn page<'a>(
    acls: impl Iterator<Item = (&'a str, &'a str)>,
    next: Option<&str>,
) -> (Vec<(String, String)>, Option<String>) {
    let acls: Vec<(String, String)> = acls
        .map(|(id, name)| (id.to_string(), name.to_string()))
        .collect();
    let next = next
        .filter(|m| !m.is_empty() && !acls.is_empty())
        .map(str::to_string);
    (acls, next)
}

/// Every page of one API's `ListWebACLs`.
async fn list<O, E: SdkErrorKind, F: Future<Output = SdkResult<O, E>>>(
    cx: &Cx,
    op: Operation,
    send: impl Fn(Option<String>) -> F,
    page: impl Fn(&O) -> (Vec<(String, String)>, Option<String>),
) -> Listed {
    let mut acls = Vec::new();
    let mut marker = None;
    loop {
        let out = match cx.call(op, send(marker.take())).await.result {
            Ok(out) => out,
            Err(e) => {
                let error = crate::error::collect_error(op.name, &e);
                return if not_served(&error) {
                    Listed::NotServed(error)
                } else {
                    Listed::Failed(cx.fail(op, &e))
                };
            }
        };
        let (more, next) = page(&out);
        acls.extend(more);
        match next {
            Some(m) => marker = Some(m),
            None => return Listed::Acls(acls),
        }
    }
}

/// True when `error` says WAF Classic no longer serves the caller (see the
/// module documentation).
fn not_served(error: &CollectError) -> bool {
    NOT_SERVED.contains(&error.code.as_str())
        || crate::error::is_denied(&error.code)
        || (error.code == "ConnectionError"
            && error.message.to_ascii_lowercase().contains("dns error"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_that_mean_not_served_and_failures_that_do_not() {
        let e = |code: &str, message: &str| CollectError::new("ListWebACLs", code, message);
        for served_no_more in [
            e("UnknownOperationException", ""),
            e("AccessDeniedException", "not authorized"),
            e("OptInRequired", ""),
            e(
                "ConnectionError",
                "dispatch failure: io error: client error (Connect): dns error: failed to lookup address information: Name or service not known",
            ),
        ] {
            assert!(not_served(&served_no_more), "{served_no_more}");
        }
        for failure in [
            e("ThrottlingException", "Rate exceeded"),
            e("Http500", ""),
            e("WAFInternalErrorException", ""),
            e("Timeout", "the call timed out"),
            e("ConnectionError", "io error: connection refused"),
            e("InvalidResponse", ""),
        ] {
            assert!(!not_served(&failure), "{failure}");
        }
    }
}
