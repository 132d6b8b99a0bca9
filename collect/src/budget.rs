//! One request budget for the whole scan: `--concurrency N` requests in
//! flight, shared by every region, service and per-resource call, so that
//! a scan dominated by one large service uses all of it.
//!
//! Every declared call ([`crate::Cx::call`], and so [`crate::Cx::list`])
//! first enters its service's share in its region, then takes one of the
//! budget's permits, and holds both while the SDK sends it (retries
//! included). A share starts at its [`LIMITS`] entry (the whole budget for
//! a service without one) and adapts to throttling, after the SDK's
//! adaptive retries have done what they could: a call that still fails
//! throttled halves the share (down to 1; once per window: a call that
//! entered before the last decrease does not decrease it again), and each call that succeeds raises
//! it by 1/share, so by about 1 for each share's worth of calls (additive
//! increase, multiplicative decrease). A share waits before it takes a
//! permit, so a service held to one call in flight holds at most one of
//! the budget's permits and the other services keep the rest.

use crate::interceptor::Stats;
use crate::registry::Operation;
use std::collections::BTreeMap;
use std::future::Future;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::{Notify, Semaphore};

/// A service (or one of its operations) whose AWS documentation sets a low
/// request rate: its share starts at `in_flight` rather than the whole
/// budget.
#[derive(Debug)]
pub struct Limit {
    /// The service as the SDK names it (`IAM`, `EC2`, ...).
    pub sdk_service: &'static str,
    /// What shares one share.
    pub applies: Applies,
    /// Requests in flight at most: the documented rate × a 100 ms round
    /// trip, at least 2, so that a scan at a real region's latency stays
    /// under the rate and the AIMD share takes care of the rest.
    pub in_flight: usize,
    /// The documented rate, as the source gives it.
    pub rate: &'static str,
    /// The title of the AWS page that documents it.
    pub source: &'static str,
}

/// What a [`Limit`] bounds, in each region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applies {
    /// All the service's calls, together.
    Service,
    /// Each of the service's operations, on its own.
    EachOperation,
    /// This one operation.
    Operation(&'static str),
}

/// The services whose AWS documentation sets a low request rate.
pub const LIMITS: &[Limit] = &[
    Limit {
        sdk_service: "IAM",
        applies: Applies::Service,
        in_flight: 4,
        rate: "one maximum rate per account for all IAM calls (console, CLI and every application), not raisable; no figure published",
        source: "How do I resolve API throttling or \"Rate exceeded\" errors for IAM and AWS STS? (AWS re:Post Knowledge Center)",
    },
    Limit {
        sdk_service: "EC2",
        applies: Applies::EachOperation,
        in_flight: 2,
        rate: "per account, Region and API: non-mutating actions (Describe*) a bucket of 100 requests refilled at 20 per second",
        source: "Request throttling for the Amazon EC2 API (Amazon EC2 Developer Guide)",
    },
    Limit {
        sdk_service: "Secrets Manager",
        applies: Applies::Operation("GetResourcePolicy"),
        in_flight: 5,
        rate: "50 per second per Region for DeleteResourcePolicy, GetResourcePolicy, PutResourcePolicy and ValidateResourcePolicy combined, not adjustable",
        source: "AWS Secrets Manager quotas (AWS Secrets Manager User Guide)",
    },
];

/// The [`LIMITS`] entry that bounds `op`, if any.
pub fn limit_of(op: &Operation) -> Option<&'static Limit> {
    LIMITS.iter().find(|l| {
        l.sdk_service.eq_ignore_ascii_case(op.sdk_service)
            && match l.applies {
                Applies::Operation(name) => name == op.name,
                Applies::Service | Applies::EachOperation => true,
            }
    })
}

/// Who shares one share: an SDK service (or the operation its limit
/// names) in a region.
type ShareKey = (&'static str, Option<&'static str>, String);

/// The scan's request budget and its services' shares.
pub struct Budget {
    size: usize,
    permits: Semaphore,
    shares: Mutex<BTreeMap<ShareKey, Arc<Share>>>,
    stats: Arc<Stats>,
}

impl Budget {
    /// A budget of `size` requests in flight (at least 1), counting its
    /// back-offs in `stats`.
    pub fn new(size: usize, stats: Arc<Stats>) -> Budget {
        let size = size.max(1);
        Budget {
            size,
            permits: Semaphore::new(size),
            shares: Mutex::default(),
            stats,
        }
    }

    /// Requests in flight at most.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Runs `request`, a call of `op` in `region`, within its share and
    /// the budget; `throttled` tells whether its outcome (after the SDK's
    /// retries) was throttling.
    pub(crate) async fn spend<T>(
        &self,
        op: Operation,
        region: &str,
        request: impl Future<Output = T>,
        throttled: impl FnOnce(&T) -> bool,
    ) -> T {
        let share = self.share(&op, region);
        let slot = share.enter().await;
        // The semaphore is never closed; were it, the call would go unbounded.
        let permit = self.permits.acquire().await.ok();
        let out = request.await;
        drop(permit);
        if slot.settle(throttled(&out)) {
            self.stats.back_offs.fetch_add(1, Ordering::Relaxed);
        }
        out
    }

    fn share(&self, op: &Operation, region: &str) -> Arc<Share> {
        let limit = limit_of(op);
        let operation = match limit.map(|l| l.applies) {
            Some(Applies::Operation(_) | Applies::EachOperation) => Some(op.name),
            Some(Applies::Service) | None => None,
        };
        let key = (op.sdk_service, operation, region.to_string());
        let cap = limit.map_or(self.size, |l| l.in_flight.min(self.size));
        lock(&self.shares)
            .entry(key)
            .or_insert_with(|| Arc::new(Share::new(cap)))
            .clone()
    }

    /// The shares that backed off, with how often: `(service[ operation]
    /// region, back-offs)`, in order.
    pub fn back_offs(&self) -> Vec<(String, u64)> {
        lock(&self.shares)
            .iter()
            .filter_map(|((service, op, region), share)| {
                let n = lock(&share.state).back_offs;
                let name = match op {
                    Some(op) => format!("{service} {op} {region}"),
                    None => format!("{service} {region}"),
                };
                (n > 0).then_some((name, n))
            })
            .collect()
    }

    /// The share of `op` in `region`: its requests in flight at most now,
    /// and its requests in flight.
    #[cfg(test)]
    pub(crate) fn share_of(&self, op: &Operation, region: &str) -> (usize, usize) {
        let share = self.share(op, region);
        let s = lock(&share.state);
        (s.allowed(), s.in_flight)
    }

    /// Requests in flight across the whole scan.
    #[cfg(test)]
    pub(crate) fn in_flight(&self) -> usize {
        self.size - self.permits.available_permits()
    }
}

/// One service's share of the budget in one region: an AIMD limit on its
/// requests in flight.
struct Share {
    state: Mutex<ShareState>,
    /// Signalled when a call leaves or the limit rises.
    changed: Notify,
}

struct ShareState {
    /// The limit never rises above this.
    cap: f64,
    /// Requests in flight at most: its whole part, at least 1.
    limit: f64,
    in_flight: usize,
    /// Raised by each decrease: a throttled call that entered before the
    /// last decrease does not decrease again.
    window: u64,
    back_offs: u64,
}

impl ShareState {
    fn allowed(&self) -> usize {
        // `limit` is at least 1 and at most the budget's size.
        self.limit as usize
    }
}

impl Share {
    fn new(cap: usize) -> Share {
        let cap = cap.max(1) as f64;
        Share {
            state: Mutex::new(ShareState {
                cap,
                limit: cap,
                in_flight: 0,
                window: 0,
                back_offs: 0,
            }),
            changed: Notify::new(),
        }
    }

    /// Waits until the share has room for one more call, and counts it in.
    async fn enter(self: &Arc<Self>) -> Slot {
        loop {
            let changed = self.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            {
                let mut s = lock(&self.state);
                if s.in_flight < s.allowed() {
                    s.in_flight += 1;
                    return Slot {
                        share: self.clone(),
                        window: s.window,
                    };
                }
            }
            changed.await;
        }
    }
}

/// One call inside its share; leaving (dropping it) frees its place.
struct Slot {
    share: Arc<Share>,
    window: u64,
}

impl Slot {
    /// Adapts the share to the call's outcome; true when it backed off (a
    /// share at one call in flight has nothing to back off).
    fn settle(&self, throttled: bool) -> bool {
        let mut s = lock(&self.share.state);
        if throttled {
            if self.window != s.window || s.limit <= 1.0 {
                return false;
            }
            s.limit = (s.limit / 2.0).max(1.0);
            s.window += 1;
            s.back_offs += 1;
            true
        } else {
            let before = s.allowed();
            s.limit = (s.limit + 1.0 / s.limit).min(s.cap);
            if s.allowed() > before {
                self.share.changed.notify_waiters();
            }
            false
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        lock(&self.share.state).in_flight -= 1;
        self.share.changed.notify_waiters();
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn share(cap: usize) -> Arc<Share> {
        Arc::new(Share::new(cap))
    }

    fn allowed(share: &Share) -> usize {
        lock(&share.state).allowed()
    }

    #[tokio::test]
    async fn a_throttled_share_halves_once_per_window_then_grows_by_one_per_share() {
        let s = share(16);
        let burst = [s.enter().await, s.enter().await, s.enter().await];
        assert!(burst[0].settle(true), "the first throttled call backs off");
        assert!(
            !burst[1].settle(true) && !burst[2].settle(true),
            "calls that entered before the decrease do not decrease again"
        );
        assert_eq!(allowed(&s), 8);
        drop(burst);
        let next = s.enter().await;
        assert!(
            next.settle(true),
            "a call of the next window backs off again"
        );
        assert_eq!(allowed(&s), 4);
        // 4 → 4.25 → 4.49 → 4.71 → 4.92 → 5.12
        for i in 1..=5 {
            s.enter().await.settle(false);
            let want = if i < 5 { 4 } else { 5 };
            assert_eq!(allowed(&s), want, "after {i} successes");
        }
        for _ in 0..200 {
            s.enter().await.settle(false);
        }
        assert_eq!(allowed(&s), 16, "never above its cap");
        assert_eq!(lock(&s.state).back_offs, 2);
    }

    #[tokio::test]
    async fn a_share_never_backs_off_below_one_call() {
        let s = share(2);
        assert!(s.enter().await.settle(true));
        assert_eq!(allowed(&s), 1);
        assert!(
            !s.enter().await.settle(true),
            "at one call in flight there is nothing to back off"
        );
        assert_eq!(allowed(&s), 1);
        assert_eq!(lock(&s.state).back_offs, 1);
    }

    #[tokio::test]
    async fn a_full_share_admits_the_next_call_when_one_leaves() {
        let s = share(1);
        let first = s.enter().await;
        let waiting = tokio::spawn({
            let s = s.clone();
            async move { s.enter().await.settle(false) }
        });
        tokio::task::yield_now().await;
        assert!(!waiting.is_finished(), "the share is full");
        drop(first);
        assert!(!waiting.await.unwrap());
        assert_eq!(lock(&s.state).in_flight, 0);
    }

    #[test]
    fn limits_name_declared_operations_and_cite_a_source() {
        for l in LIMITS {
            let ops: Vec<&Operation> = crate::registry::all()
                .filter(|o| o.sdk_service == l.sdk_service)
                .collect();
            assert!(!ops.is_empty(), "{}: no declared operation", l.sdk_service);
            if let Applies::Operation(name) = l.applies {
                assert!(
                    ops.iter().any(|o| o.name == name),
                    "{}:{name} is not declared",
                    l.sdk_service
                );
            }
            assert!(l.in_flight >= 2 && !l.rate.is_empty() && !l.source.is_empty());
        }
    }

    #[test]
    fn a_limit_bounds_the_service_each_operation_or_one_operation() {
        let find = |service, name| *crate::registry::find(service, name).unwrap();
        let budget = Budget::new(3, Arc::default());
        let iam = find("IAM", "GetAccountAuthorizationDetails");
        assert_eq!(limit_of(&iam).map(|l| l.in_flight), Some(4));
        assert_eq!(
            budget.share_of(&iam, "us-east-1"),
            (3, 0),
            "a limit above the budget is the budget"
        );
        let budget = Budget::new(32, Arc::default());
        let key = |op: &Operation| budget.share(op, "us-east-1");
        let (roles, policies) = (
            find("IAM", "GetAccountAuthorizationDetails"),
            find("IAM", "GetPolicy"),
        );
        assert!(Arc::ptr_eq(&key(&roles), &key(&policies)), "IAM: one share");
        let (instances, images) = (
            find("EC2", "DescribeInstances"),
            find("EC2", "DescribeImages"),
        );
        assert!(
            !Arc::ptr_eq(&key(&instances), &key(&images)),
            "EC2: a share per operation"
        );
        assert_eq!(budget.share_of(&instances, "us-east-1").0, 2);
        assert!(!Arc::ptr_eq(
            &key(&instances),
            &budget.share(&instances, "eu-west-1")
        ));
        let policy = find("Secrets Manager", "GetResourcePolicy");
        let listed = find("Secrets Manager", "ListSecrets");
        assert_eq!(budget.share_of(&policy, "us-east-1").0, 5);
        assert_eq!(
            budget.share_of(&listed, "us-east-1").0,
            32,
            "no limit: the whole budget"
        );
    }
}
