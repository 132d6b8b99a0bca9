//! The scan's request budget through [`Cx`]: one large service uses all of
//! it; a service that throttles backs off to one call in flight, still
//! finishes (its unread parts are ERRORs), and leaves the rest of the
//! budget to the others.

use super::*;
use crate::budget::Budget;
use aws_sdk_kms::operation::describe_key::DescribeKeyError;
use aws_smithy_mocks::mock;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::ErrorMetadata;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::watch;

fn op(service: &str, name: &str) -> registry::Operation {
    *registry::find(service, name).unwrap()
}

fn cx_within(s: &Arc<Session>, budget: &Arc<Budget>) -> Cx {
    Cx::new(
        s,
        "us-east-1".into(),
        "us-east-1".into(),
        &Arc::new(Wanted::everything()),
        &Arc::default(),
        budget,
    )
}

/// Requests running now, and the most that ran at once.
#[derive(Default)]
struct Running {
    now: AtomicUsize,
    most: AtomicUsize,
}

impl Running {
    /// A request that runs until `open` turns true, answering `answer`.
    async fn held<T>(&self, mut open: watch::Receiver<bool>, answer: T) -> T {
        let now = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.most.fetch_max(now, Ordering::SeqCst);
        let _ = open.wait_for(|o| *o).await;
        self.now.fetch_sub(1, Ordering::SeqCst);
        answer
    }

    fn now(&self) -> usize {
        self.now.load(Ordering::SeqCst)
    }
}

type Answer = SdkResult<(), DescribeKeyError>;

#[allow(
    clippy::result_large_err,
    reason = "the SDK's own error, as a call answers it"
)]
fn throttled() -> Answer {
    let meta = ErrorMetadata::builder()
        .code("ThrottlingException")
        .message("Rate exceeded")
        .build();
    Err(SdkError::service_error(
        DescribeKeyError::generic(meta),
        http(400, ""),
    ))
}

/// Runs `n` held calls of `op` through `cx.bounded`, counted in `running`,
/// on a task of their own.
fn spawn_held(
    cx: &Cx,
    op: registry::Operation,
    n: usize,
    running: &Arc<Running>,
    open: &watch::Receiver<bool>,
) -> tokio::task::JoinHandle<usize> {
    let (cx, running, open) = (cx.clone(), running.clone(), open.clone());
    tokio::spawn(async move {
        let replies = cx
            .bounded(0..n, |_| {
                let (cx, running, open) = (cx.clone(), running.clone(), open.clone());
                async move {
                    let reply = cx.call(op, running.held(open, Ok(()) as Answer)).await;
                    reply.ok().is_ok()
                }
            })
            .await;
        replies.into_iter().filter(|ok| *ok).count()
    })
}

/// Yields until `done` holds (the held calls have all been started).
async fn settle(done: impl Fn() -> bool) {
    for _ in 0..10_000 {
        if done() {
            return;
        }
        tokio::task::yield_now().await;
    }
}

#[tokio::test]
async fn one_large_service_uses_the_whole_budget_and_no_more() {
    let s = session(&[]);
    let budget = Arc::new(Budget::new(8, s.stats.clone()));
    let cx = cx_within(&s, &budget);
    let (open, closed) = watch::channel(false);
    let running = Arc::new(Running::default());
    let task = spawn_held(&cx, op("S3", "GetBucketPolicy"), 40, &running, &closed);
    settle(|| running.now() == 8).await;
    assert_eq!(
        running.now(),
        8,
        "per-resource calls of one service fill the budget"
    );
    assert_eq!(budget.in_flight(), 8);
    open.send_replace(true);
    assert_eq!(task.await.unwrap(), 40);
    assert_eq!(running.most.load(Ordering::SeqCst), 8, "never above it");
    assert_eq!(budget.in_flight(), 0);
}

#[tokio::test]
async fn a_throttled_service_keeps_one_call_in_flight_and_the_others_the_rest() {
    let s = session(&[]);
    let budget = Arc::new(Budget::new(8, s.stats.clone()));
    let cx = cx_within(&s, &budget);
    let describe = op("KMS", "DescribeKey");
    for _ in 0..3 {
        let reply = cx.call(describe, async { throttled() }).await;
        assert!(reply.failed_with(&["ThrottlingException"]));
    }
    assert_eq!(
        budget.share_of(&describe, "us-east-1").0,
        1,
        "8 → 4 → 2 → 1"
    );
    assert_eq!(s.stats.back_offs(), 3);
    assert_eq!(budget.back_offs(), vec![("KMS us-east-1".to_string(), 3)]);

    let (open, closed) = watch::channel(false);
    let (kms, s3) = (Arc::new(Running::default()), Arc::new(Running::default()));
    let kms_task = spawn_held(&cx, describe, 20, &kms, &closed);
    let s3_task = spawn_held(&cx, op("S3", "GetBucketPolicy"), 20, &s3, &closed);
    settle(|| kms.now() + s3.now() == 8).await;
    assert_eq!(
        (kms.now(), s3.now()),
        (1, 7),
        "the throttled service holds one permit, the others the rest"
    );
    open.send_replace(true);
    assert_eq!((kms_task.await.unwrap(), s3_task.await.unwrap()), (20, 20));
    assert_eq!(kms.most.load(Ordering::SeqCst), 1);
    assert!(
        budget.share_of(&describe, "us-east-1").0 > 1,
        "successes raise the share again"
    );
}

#[tokio::test]
async fn a_service_that_throttles_hard_still_finishes_with_error_findings() {
    use aws_sdk_s3::types::Bucket;
    let names: Vec<String> = (0..6).map(|i| format!("b{i}")).collect();
    let listed = names.clone();
    let list = mock!(aws_sdk_s3::Client::list_buckets).then_output(move || {
        aws_sdk_s3::operation::list_buckets::ListBucketsOutput::builder()
            .set_buckets(Some(
                listed
                    .iter()
                    .map(|n| Bucket::builder().name(n).bucket_region("us-east-1").build())
                    .collect(),
            ))
            .build()
    });
    let throttled = mock!(aws_sdk_s3::Client::get_bucket_policy).then_http_response(|| {
        http(
            503,
            r#"<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"#,
        )
    });
    let (keys, aliases) = one_kms_key_listed();
    let describe = mock!(aws_sdk_kms::Client::describe_key).then_output(|| {
        aws_sdk_kms::operation::describe_key::DescribeKeyOutput::builder()
            .key_metadata(
                aws_sdk_kms::types::KeyMetadata::builder()
                    .key_id("k1")
                    .build()
                    .unwrap(),
            )
            .build()
    });
    let policy = mock!(aws_sdk_kms::Client::get_key_policy).then_output(|| {
        aws_sdk_kms::operation::get_key_policy::GetKeyPolicyOutput::builder()
            .policy(r#"{"Version":"2012-10-17","Statement":[]}"#)
            .build()
    });
    let tags = mock!(aws_sdk_kms::Client::list_resource_tags).then_output(|| {
        aws_sdk_kms::operation::list_resource_tags::ListResourceTagsOutput::builder().build()
    });
    let mut rules = vec![
        list,
        throttled.clone(),
        keys,
        aliases,
        describe,
        policy,
        tags,
    ];
    rules.extend(bucket_rules().into_iter().skip(1));
    let s = session(&rules.iter().collect::<Vec<_>>());
    let budget = Arc::new(Budget::new(8, s.stats.clone()));
    let services: Vec<&'static Service> = SERVICES
        .iter()
        .filter(|s| ["s3", "kms"].contains(&s.section))
        .collect();
    let account = Box::pin(scan::collect_within(
        s.clone(),
        &services,
        Wanted::everything(),
        &budget,
        false,
    ))
    .await;

    assert_eq!(
        throttled.num_calls(),
        6 * ATTEMPTS as usize,
        "every bucket's policy was tried, retries included"
    );
    let findings = judge(&account, "s3-https-only");
    assert_eq!(findings.len(), 6);
    for f in &findings {
        assert_eq!(f.status, Status::Error, "{f:?}");
        assert_eq!(f.reason, "throttled: GetBucketPolicy (SlowDown)");
    }
    let backed_off = budget.back_offs();
    assert_eq!(backed_off.len(), 1, "{backed_off:?}");
    assert_eq!(backed_off[0].0, "S3 us-east-1");
    assert!(
        (1..=6).contains(&backed_off[0].1),
        "at most once per throttled call: {backed_off:?}"
    );
    assert_eq!(s.stats.back_offs(), backed_off[0].1);
    let key = &account.kms.as_ref().unwrap().keys[0];
    assert!(
        key.metadata.value().is_some() && key.policy.value().is_some(),
        "the other service is read in full"
    );
    assert_eq!(
        budget.share_of(&op("KMS", "DescribeKey"), "us-east-1").0,
        8,
        "and keeps its whole share"
    );
}
