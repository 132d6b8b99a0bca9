//! Collecting only what the selected checks read: the calls a single-check
//! collection makes, and that its account is the full collection pruned to
//! the check's `reads` ([`Account::pruned`]), so that a pruned fixture and
//! a single-check live scan agree.

use super::*;
use aws_smithy_mocks::{mock, Rule};
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextRef;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// Records the operation of every request sent.
#[derive(Debug, Clone, Default)]
struct Sent(Arc<Mutex<Vec<String>>>);

impl Intercept for Sent {
    fn name(&self) -> &'static str {
        "tests::Sent"
    }

    fn read_before_attempt(
        &self,
        _ctx: &BeforeTransmitInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), aws_smithy_runtime_api::box_error::BoxError> {
        if let Some(m) = cfg.load::<Metadata>() {
            self.0.lock().unwrap().push(m.name().to_string());
        }
        Ok(())
    }
}

impl Sent {
    /// Each operation sent, with how many times.
    fn counts(&self) -> BTreeMap<String, usize> {
        let mut out = BTreeMap::new();
        for op in self.0.lock().unwrap().iter() {
            *out.entry(op.clone()).or_default() += 1;
        }
        out
    }
}

/// A trail delivering to another account's bucket, and two buckets of the
/// account (one with a policy), through every call S3 and CloudTrail make.
fn account_rules() -> Vec<Rule> {
    use aws_sdk_cloudtrail::operation as ct;
    use aws_sdk_s3::operation::*;
    let mut rules = vec![
        mock!(aws_sdk_s3::Client::list_buckets).then_output(|| {
            let bucket = |name: &str| {
                aws_sdk_s3::types::Bucket::builder()
                    .name(name)
                    .bucket_region("us-east-1")
                    .build()
            };
            list_buckets::ListBucketsOutput::builder()
                .buckets(bucket("b1"))
                .buckets(bucket("b2"))
                .build()
        }),
        mock!(aws_sdk_s3::Client::get_bucket_policy)
            .match_requests(|r| r.bucket() == Some("b1"))
            .then_output(|| {
                get_bucket_policy::GetBucketPolicyOutput::builder()
                    .policy(r#"{"Version":"2012-10-17","Statement":[]}"#)
                    .build()
            }),
        mock!(aws_sdk_s3::Client::get_bucket_policy).then_http_response(|| {
            http(
                404,
                "<Error><Code>NoSuchBucketPolicy</Code><Message>none</Message></Error>",
            )
        }),
        mock!(aws_sdk_s3::Client::get_bucket_location).then_output(|| {
            get_bucket_location::GetBucketLocationOutput::builder()
                .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::EuWest1)
                .build()
        }),
        mock!(aws_sdk_cloudtrail::Client::describe_trails).then_output(|| {
            ct::describe_trails::DescribeTrailsOutput::builder()
                .trail_list(
                    aws_sdk_cloudtrail::types::Trail::builder()
                        .name("main")
                        .home_region("us-east-1")
                        .trail_arn(format!("arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/main"))
                        .is_multi_region_trail(true)
                        .include_global_service_events(true)
                        .s3_bucket_name("central-logs")
                        .build(),
                )
                .build()
        }),
        mock!(aws_sdk_cloudtrail::Client::get_trail_status).then_output(|| {
            ct::get_trail_status::GetTrailStatusOutput::builder()
                .is_logging(true)
                .build()
        }),
        mock!(aws_sdk_cloudtrail::Client::get_event_selectors).then_output(|| {
            ct::get_event_selectors::GetEventSelectorsOutput::builder()
                .event_selectors(
                    aws_sdk_cloudtrail::types::EventSelector::builder()
                        .read_write_type(aws_sdk_cloudtrail::types::ReadWriteType::All)
                        .include_management_events(true)
                        .build(),
                )
                .build()
        }),
        mock!(aws_sdk_cloudtrail::Client::list_event_data_stores).then_output(|| {
            ct::list_event_data_stores::ListEventDataStoresOutput::builder().build()
        }),
    ];
    // Versioning, logging, website, encryption, tags: empty answers.
    rules.extend(bucket_rules().into_iter().skip(1));
    rules
}

/// A session over `rules` that records the operations it sends.
fn recording_session(rules: &[Rule]) -> (Arc<Session>, Sent) {
    let sent = Sent::default();
    let s = session_with(&rules.iter().collect::<Vec<_>>(), |s| {
        s.interceptors.push(SharedInterceptor::new(sent.clone()));
    });
    (s, sent)
}

/// The sections [`account_rules`] serves.
const SERVED: &[&str] = &["cloudtrail", "s3"];

/// The account as a collection for the checks `ids` alone gives it (of the
/// sections [`account_rules`] serves), and the calls it made.
async fn collect_for(rules: &[Rule], ids: &[&str]) -> (Account, BTreeMap<String, usize>) {
    let wanted = Wanted::only(&reads_of(ids));
    let services: Vec<&'static Service> = services_for(&wanted)
        .into_iter()
        .filter(|s| SERVED.contains(&s.section))
        .collect();
    let (s, sent) = recording_session(rules);
    let account = collect_account(s, &services, wanted, 4, false).await;
    (account, sent.counts())
}

fn reads_of(ids: &[&str]) -> Vec<Data> {
    ids.iter()
        .flat_map(|id| checks::find(id).unwrap().reads.iter().copied())
        .collect()
}

fn ops(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
    pairs.iter().map(|(op, n)| (op.to_string(), *n)).collect()
}

#[tokio::test]
async fn a_single_check_collection_makes_only_the_calls_its_reads_need() {
    let rules = account_rules();
    let (_, sent) = collect_for(&rules, &["s3-https-only"]).await;
    assert_eq!(
        sent,
        ops(&[
            ("ListBuckets", 1),
            ("GetBucketPolicy", 2),
            ("GetBucketWebsite", 2),
            ("GetBucketTagging", 2)
        ]),
        "policy, website and tags of each bucket; no versioning, logging or encryption"
    );

    // The trail's bucket is another account's: its region is read, and no
    // bucket of the account is read in full.
    let (account, sent) = collect_for(&rules, &["cloudtrail-multi-region"]).await;
    assert_eq!(
        sent,
        ops(&[
            ("DescribeTrails", 1),
            ("GetTrailStatus", 1),
            ("GetEventSelectors", 1),
            ("ListEventDataStores", 1),
            ("ListBuckets", 1),
            ("GetBucketLocation", 1),
        ])
    );
    let other = &account.s3.as_ref().unwrap().other_buckets;
    assert_eq!(
        (
            other[0].name.as_str(),
            other[0].region.value().unwrap().as_str()
        ),
        ("central-logs", "eu-west-1")
    );

    let (_, sent) = collect_for(&rules, &["s3-access-logging"]).await;
    assert!(
        !sent.contains_key("GetBucketPolicy") && sent.get("GetBucketLogging") == Some(&2),
        "{sent:?}"
    );
}

/// For each check, the full collection pruned to what the check reads is
/// the check's own collection: a pruned fixture judges as a single-check
/// scan does.
#[tokio::test]
async fn a_single_check_collection_is_the_full_collection_pruned() {
    let rules = account_rules();
    let everything = Wanted::everything();
    let (s, _) = recording_session(&rules);
    let services: Vec<&'static Service> = SERVICES
        .iter()
        .filter(|s| SERVED.contains(&s.section))
        .collect();
    let full = collect_account(s, &services, everything, 4, false).await;
    assert!(
        full.collection_errors.is_empty(),
        "{:?}",
        full.collection_errors
    );
    // Checks whose sections make all the references they follow (a check
    // that reads other buckets without CloudTrail sees only the buckets its
    // own sections name; the bucket the trail names is not among them).
    for id in [
        "s3-https-only",
        "s3-access-logging",
        "cloudtrail-multi-region",
    ] {
        let pruned = full.pruned(&reads_of(&[id])).unwrap();
        let (alone, _) = collect_for(&rules, &[id]).await;
        assert_eq!(
            serde_json::to_value(&alone).unwrap(),
            serde_json::to_value(&pruned).unwrap(),
            "{id}: the single-check collection is the full one pruned to its reads"
        );
        assert_eq!(judge(&alone, id), judge(&pruned, id), "{id}: same findings");
    }
}
