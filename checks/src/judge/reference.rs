//! Reference lookup: a resource another resource points at (a bucket, key,
//! role, log group, topic, Lambda function, SSM document, queue, alarm…),
//! possibly in another region or account. Is it there?
//!
//! A [`Lookup`] is one of three answers:
//! - [`Lookup::Found`]: the inventory has it.
//! - [`Lookup::Missing`]: confirmed absent. Its service was listed where it
//!   would be and it is this account's, or a call about it answered that it
//!   does not exist (`NoSuchBucket`, `DescribeKey` `NotFoundException`). A
//!   check FAILs on it.
//! - [`Lookup::Unknown`]: the inventory cannot tell. It belongs to an account
//!   the inventory does not cover, lives in a region that was not collected,
//!   its service could not be listed there, or what identifies it could not
//!   be read. A check reports ERROR, never FAIL.
//!
//! A [`Reference`] says where the resource would be (its service, region and
//! account, often from its ARN) and what reasons call it: its *label*, the
//! check's own words (`log group trail-logs`, `source bucket b (action Src)`,
//! `the role`). [`Reference::resolve`] turns what an index found into a
//! [`Lookup`], in this order: found; another account; a region not
//! collected; the service blind there; else missing. Every lookup words its
//! reasons the same way, the label first:
//!
//! - `LABEL does not exist in REGION` (`LABEL does not exist` for a global
//!   service or an S3 bucket);
//! - `LABEL belongs to account N, which this inventory does not cover`;
//! - `LABEL is in REGION, a region that was not collected`;
//! - `LABEL could not be looked up: SERVICE could not be listed in REGION`
//!   (`… could not be listed` for a global service);
//! - `LABEL: <the failed call>` when what identifies it could not be read.
//!
//! The lookups several checks share live here: [`bucket`] and
//! [`bucket_region`] (S3 names are global: this account's buckets and the
//! other accounts' buckets the collectors record), [`log_group`], and the
//! [`ByPlace`] index of resources known by account, region and name. Roles,
//! keys and topics have blocks of their own built on this one
//! ([`super::role`], [`super::kms`], [`super::notify`]).

use crate::arn::Arn;
use crate::collected::Collected;
use crate::engine::{Context, Resource, Verdict};
use crate::inventory::logs::LogGroup;
use crate::inventory::s3::{BucketIndex, BucketRef};
use crate::inventory::GLOBAL;
use crate::judge::regions;
use std::collections::HashMap;
use std::fmt::Display;

/// Whether a referenced resource is there; see the module doc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup<T> {
    Found(T),
    /// Confirmed absent: the reason says what and where.
    Missing(String),
    /// Not knowable from the inventory: the reason says why.
    Unknown(String),
}

impl<T> Lookup<T> {
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Lookup<U> {
        self.and_then(|t| Lookup::Found(f(t)))
    }

    /// Goes on from what was found (to something that may itself be missing
    /// or unknown).
    pub fn and_then<U>(self, f: impl FnOnce(T) -> Lookup<U>) -> Lookup<U> {
        match self {
            Lookup::Found(t) => f(t),
            Lookup::Missing(why) => Lookup::Missing(why),
            Lookup::Unknown(why) => Lookup::Unknown(why),
        }
    }

    /// What was found; a miss is recorded in `v` instead (missing as a
    /// failure, unknown as could-not-evaluate).
    pub fn or_record(self, v: &mut Verdict) -> Option<T> {
        match self {
            Lookup::Found(t) => Some(t),
            Lookup::Missing(why) => {
                v.fail(why);
                None
            }
            Lookup::Unknown(why) => {
                v.error_reason(why);
                None
            }
        }
    }
}

/// Where a referenced resource would be, and what reasons call it.
#[derive(Debug, Clone)]
pub struct Reference<'r> {
    label: String,
    /// The inventory section that lists it.
    service: &'static str,
    /// Its region; `None` for a global service, or a bucket (whose region
    /// the inventory learns only by finding it).
    region: Option<&'r str>,
    /// Its account; `None` when only finding it tells (a bucket).
    account: Option<&'r str>,
}

impl<'r> Reference<'r> {
    /// A regional resource: `service` in `region` of `account`.
    pub fn regional(
        label: impl Into<String>,
        service: &'static str,
        region: &'r str,
        account: &'r str,
    ) -> Reference<'r> {
        Reference {
            label: label.into(),
            service,
            region: Some(region),
            account: Some(account),
        }
    }

    /// A resource of a global service (IAM) in `account`.
    pub fn global(
        label: impl Into<String>,
        service: &'static str,
        account: &'r str,
    ) -> Reference<'r> {
        Reference {
            label: label.into(),
            service,
            region: None,
            account: Some(account),
        }
    }

    /// A resource named globally whose region and account only finding it
    /// tells (an S3 bucket): where `service` was blind anywhere, not finding
    /// it proves nothing.
    pub fn unplaced(label: impl Into<String>, service: &'static str) -> Reference<'r> {
        Reference {
            label: label.into(),
            service,
            region: None,
            account: None,
        }
    }

    /// The resource `arn` names: its service, region (none for a global
    /// service) and account. `None` when `arn` is not an ARN.
    pub fn from_arn(label: impl Into<String>, arn: &'r str) -> Option<Reference<'r>> {
        let a = Arn::parse(arn)?;
        let service = section_of(a.service)?;
        Some(Reference {
            label: label.into(),
            service,
            region: Some(a.region).filter(|r| !r.is_empty()),
            account: Some(a.account).filter(|a| !a.is_empty()),
        })
    }

    /// What the inventory says about the resource, given what its index
    /// found: found, else unknown or missing (see the module doc).
    pub fn resolve<T>(&self, ctx: &Context, found: Option<T>) -> Lookup<T> {
        let label = &self.label;
        if let Some(t) = found {
            return Lookup::Found(t);
        }
        if let Some(account) = self.account.filter(|a| *a != ctx.account.account_id) {
            return Lookup::Unknown(format!(
                "{label} belongs to account {account}, which this inventory does not cover"
            ));
        }
        if let Some(region) = self
            .region
            .filter(|r| *r != GLOBAL && !ctx.account.regions.iter().any(|c| c == r))
        {
            return Lookup::Unknown(format!(
                "{label} is in {region}, a region that was not collected"
            ));
        }
        let blind = match self.region {
            Some(region) if ctx.blind(self.service, region) => vec![region],
            Some(_) => Vec::new(),
            None => regions::blind(ctx, self.service),
        };
        if !blind.is_empty() {
            let service = service_name(self.service);
            // A global listing that failed failed everywhere.
            let place = if blind.contains(&GLOBAL) {
                String::new()
            } else {
                format!(" in {}", blind.join(", "))
            };
            return Lookup::Unknown(format!(
                "{label} could not be looked up: {service} could not be listed{place}"
            ));
        }
        self.missing()
    }

    /// Confirmed absent by a call about it (`NoSuchBucket`, `DescribeKey`
    /// `NotFoundException`).
    pub fn missing<T>(&self) -> Lookup<T> {
        let label = &self.label;
        Lookup::Missing(match self.region.filter(|r| *r != GLOBAL) {
            Some(region) => format!("{label} does not exist in {region}"),
            None => format!("{label} does not exist"),
        })
    }

    /// Found, but what identifies it (its region, its description) could
    /// not be read.
    pub fn unreadable<T>(&self, error: &dyn Display) -> Lookup<T> {
        Lookup::Unknown(format!("{}: {error}", self.label))
    }
}

/// The inventory section of an ARN's service (`logs`, `iam`, `sns`, …); the
/// two coincide for every service a reference can point at.
fn section_of(arn_service: &str) -> Option<&'static str> {
    crate::inventory::SECTIONS
        .iter()
        .copied()
        .find(|s| *s == arn_service)
}

/// A service as reasons name it.
fn service_name(section: &str) -> &str {
    match section {
        "autoscaling" => "Auto Scaling",
        "cloudwatch" => "CloudWatch",
        "ec2" => "EC2",
        "firehose" => "Firehose",
        "iam" => "IAM",
        "kms" => "KMS",
        "lambda" => "Lambda",
        "logs" => "CloudWatch Logs",
        "s3" => "S3",
        "sns" => "SNS",
        "sqs" => "SQS",
        "ssm" => "SSM",
        other => other,
    }
}

/// Resources known by account, region and name (log groups, Firehose
/// streams, Lambda functions, alarms, SSM documents), indexed once per
/// check; the first listed wins.
pub struct ByPlace<'a, T>(HashMap<(&'a str, &'a str, &'a str), &'a T>);

impl<'a, T> ByPlace<'a, T> {
    /// `place` gives an item's (account, region, name).
    pub fn new(items: &'a [T], place: impl Fn(&'a T) -> (&'a str, &'a str, &'a str)) -> Self {
        let mut map = HashMap::new();
        for item in items {
            map.entry(place(item)).or_insert(item);
        }
        ByPlace(map)
    }

    pub fn get(&self, account: &str, region: &str, name: &str) -> Option<&'a T> {
        self.0.get(&(account, region, name)).copied()
    }
}

/// The log groups of a `logs` section, by place.
/// `items` by ARN: the index a check builds once to look references up.
pub fn by_arn<T: Resource>(items: &[T]) -> HashMap<&str, &T> {
    items.iter().map(|i| (i.arn(), i)).collect()
}

pub fn log_groups(groups: &[LogGroup]) -> ByPlace<'_, LogGroup> {
    ByPlace::new(groups, |g| (&g.account_id, &g.region, &g.name))
}

/// The log group `arn` names (`arn:aws:logs:REGION:ACCOUNT:log-group:NAME`,
/// with or without a trailing `:*`), called `log group NAME` in reasons.
/// Not a log group ARN: missing ("ARN is not a log group ARN").
pub fn log_group<'a>(
    ctx: &Context,
    groups: &ByPlace<'a, LogGroup>,
    arn: &str,
) -> Lookup<&'a LogGroup> {
    let Some((region, account, name)) = Arn::parse(arn).and_then(|a| {
        let name = a.resource.strip_prefix("log-group:")?;
        Some((a.region, a.account, name.strip_suffix(":*").unwrap_or(name)))
    }) else {
        return Lookup::Missing(format!("{arn} is not a log group ARN"));
    };
    Reference::regional(format!("log group {name}"), "logs", region, account)
        .resolve(ctx, groups.get(account, region, name))
}

/// The bucket `name`: this account's, or another account's that the
/// collectors recorded because a resource points at it. Another account's
/// bucket whose `GetBucketLocation` answered `NoSuchBucket` is missing; one
/// whose location could not be read is found (other calls about it may
/// have answered). A name the inventory does not hold is missing, unless S3
/// could not be listed somewhere.
pub fn bucket<'a>(
    ctx: &Context,
    buckets: &BucketIndex<'a>,
    name: &str,
    label: impl Into<String>,
) -> Lookup<BucketRef<'a>> {
    let reference = Reference::unplaced(label, "s3");
    match buckets.get(name) {
        BucketRef::Unknown => reference.resolve(ctx, None),
        BucketRef::Other(o) if matches!(o.region, Collected::Absent) => reference.missing(),
        found => Lookup::Found(found),
    }
}

/// [`bucket`], with the region the bucket is in: another account's bucket
/// whose location could not be read is unknown.
pub fn bucket_region<'a>(
    ctx: &Context,
    buckets: &BucketIndex<'a>,
    name: &str,
    label: impl Into<String>,
) -> Lookup<(BucketRef<'a>, &'a str)> {
    let reference = Reference::unplaced(label, "s3");
    match buckets.get(name) {
        BucketRef::Unknown => reference.resolve(ctx, None),
        BucketRef::Owned(b) => Lookup::Found((BucketRef::Owned(b), b.region.as_str())),
        BucketRef::Other(o) => match &o.region {
            Collected::Value(region) => Lookup::Found((BucketRef::Other(o), region.as_str())),
            Collected::Absent => reference.missing(),
            Collected::Error(e) => reference.unreadable(e),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::with_context;
    use serde_json::{json, Value};

    fn blind(service: &str, region: &str) -> Value {
        json!({"service": service, "region": region, "operation": "List", "code": "AccessDenied"})
    }

    fn resolve(account: Value, reference: &Reference, found: bool) -> Lookup<()> {
        with_context(account, |ctx| reference.resolve(ctx, found.then_some(())))
    }

    #[test]
    fn found_wins_over_everything() {
        let r = Reference::regional("queue q", "sqs", "ap-south-1", "444455556666");
        let a = json!({"collection_errors": [blind("sqs", "ap-south-1")]});
        assert_eq!(resolve(a, &r, true), Lookup::Found(()));
    }

    #[test]
    fn one_wording_for_every_miss_in_this_order() {
        let other = Reference::regional("log group g", "logs", "ap-south-1", "444455556666");
        let uncollected = Reference::regional("log group g", "logs", "ap-south-1", "111122223333");
        let here = Reference::regional("log group g", "logs", "eu-west-1", "111122223333");
        let a =
            json!({"collection_errors": [blind("logs", "eu-west-1"), blind("logs", "ap-south-1")]});
        let cases = [
            (&other, json!({}), Lookup::Unknown("log group g belongs to account 444455556666, which this inventory does not cover".into())),
            (&uncollected, a.clone(), Lookup::Unknown("log group g is in ap-south-1, a region that was not collected".into())),
            (&here, a, Lookup::Unknown("log group g could not be looked up: CloudWatch Logs could not be listed in eu-west-1".into())),
            (&here, json!({"collection_errors": [blind("logs", "us-east-1")]}), Lookup::Missing("log group g does not exist in eu-west-1".into())),
        ];
        for (r, account, want) in cases {
            assert_eq!(resolve(account, r, false), want);
        }
    }

    #[test]
    fn global_services_are_blind_wherever_they_failed() {
        let role = Reference::global("role r", "iam", "111122223333");
        assert_eq!(
            resolve(
                json!({"collection_errors": [blind("iam", "global")]}),
                &role,
                false
            ),
            Lookup::Unknown("role r could not be looked up: IAM could not be listed".into())
        );
        assert_eq!(
            resolve(json!({}), &role, false),
            Lookup::Missing("role r does not exist".into())
        );
        let part = json!({"collection_errors": [{"service": "iam", "region": "global", "part": "policies", "operation": "GetPolicy", "code": "AccessDenied"}]});
        assert_eq!(
            resolve(part, &role, false),
            Lookup::Missing("role r does not exist".into()),
            "a part that could not be read does not hide a role"
        );
    }

    #[test]
    fn from_arn_takes_service_region_and_account() {
        let topic = Reference::from_arn("topic t", "arn:aws:sns:eu-west-1:444455556666:t").unwrap();
        assert_eq!(
            resolve(json!({}), &topic, false),
            Lookup::Unknown(
                "topic t belongs to account 444455556666, which this inventory does not cover"
                    .into()
            )
        );
        let role = Reference::from_arn("role r", "arn:aws:iam::111122223333:role/r").unwrap();
        assert_eq!(
            resolve(json!({}), &role, false),
            Lookup::Missing("role r does not exist".into())
        );
        assert!(Reference::from_arn("x", "not-an-arn").is_none());
        assert!(Reference::from_arn("x", "arn:aws:nosuchservice:us-east-1:1:x").is_none());
    }

    #[test]
    fn lookups_record_themselves_in_a_verdict() {
        let mut v = Verdict::new();
        assert_eq!(Lookup::Found(3).or_record(&mut v), Some(3));
        assert!(v.is_clean());
        assert_eq!(Lookup::<u8>::Unknown("u".into()).or_record(&mut v), None);
        assert_eq!(
            Lookup::<u8>::Missing("m".into()).map(|x| x + 1),
            Lookup::Missing("m".into())
        );
        assert!(!v.is_clean());
    }

    fn s3(other: Value, errors: Value) -> Value {
        json!({
            "s3": {
                "buckets": [{"arn": "arn:aws:s3:::mine", "region": "eu-west-1", "account_id": "111122223333", "name": "mine"}],
                "other_buckets": other
            },
            "collection_errors": errors
        })
    }

    fn bucket_answer(account: Value, name: &str) -> (Lookup<String>, Lookup<String>) {
        with_context(account, |ctx| {
            let ix = ctx.s3().index();
            let kind = |b: BucketRef| match b {
                BucketRef::Owned(_) => "owned".to_string(),
                BucketRef::Other(_) => "other".to_string(),
                BucketRef::Unknown => "unknown".to_string(),
            };
            (
                bucket(ctx, &ix, name, format!("bucket {name}")).map(kind),
                bucket_region(ctx, &ix, name, format!("bucket {name}"))
                    .map(|(b, r)| format!("{} {r}", kind(b))),
            )
        })
    }

    #[test]
    fn buckets_of_this_and_other_accounts() {
        let other = json!([
            {"name": "theirs", "region": {"value": "us-east-1"}},
            {"name": "gone", "region": "absent"},
            {"name": "hidden", "region": {"error": {"operation": "GetBucketLocation", "code": "AccessDenied"}}}
        ]);
        let blind_eu = json!([blind("s3", "eu-west-1")]);
        let a = s3(other, blind_eu);
        assert_eq!(
            bucket_answer(a.clone(), "mine"),
            (
                Lookup::Found("owned".into()),
                Lookup::Found("owned eu-west-1".into())
            )
        );
        assert_eq!(
            bucket_answer(a.clone(), "theirs").1,
            Lookup::Found("other us-east-1".into())
        );
        let gone = Lookup::Missing("bucket gone does not exist".into());
        assert_eq!(
            bucket_answer(a.clone(), "gone"),
            (gone.clone(), gone),
            "NoSuchBucket is missing even where S3 was blind"
        );
        let (found, located) = bucket_answer(a.clone(), "hidden");
        assert_eq!(found, Lookup::Found("other".into()));
        assert_eq!(
            located,
            Lookup::Unknown("bucket hidden: GetBucketLocation failed: AccessDenied".into())
        );
        let unknown = Lookup::Unknown(
            "bucket nowhere could not be looked up: S3 could not be listed in eu-west-1".into(),
        );
        assert_eq!(bucket_answer(a, "nowhere"), (unknown.clone(), unknown));
        let listed_everywhere = s3(json!([]), json!([]));
        assert_eq!(
            bucket_answer(listed_everywhere, "nowhere").0,
            Lookup::Missing("bucket nowhere does not exist".into())
        );
        let global = s3(json!([]), json!([blind("s3", "global")]));
        assert_eq!(
            bucket_answer(global, "nowhere").0,
            Lookup::Unknown("bucket nowhere could not be looked up: S3 could not be listed".into())
        );
    }

    #[test]
    fn log_groups_by_arn() {
        let a = json!({"logs": {"log_groups": [
            {"arn": "arn:aws:logs:us-east-1:111122223333:log-group:ct", "region": "us-east-1", "account_id": "111122223333", "name": "ct"}
        ]}});
        with_context(a, |ctx| {
            let groups = log_groups(&ctx.logs().log_groups);
            let found = |arn| match log_group(ctx, &groups, arn) {
                Lookup::Found(g) => g.name.clone(),
                other => panic!("{other:?}"),
            };
            assert_eq!(
                found("arn:aws:logs:us-east-1:111122223333:log-group:ct:*"),
                "ct"
            );
            assert_eq!(
                found("arn:aws:logs:us-east-1:111122223333:log-group:ct"),
                "ct"
            );
            assert_eq!(
                log_group(
                    ctx,
                    &groups,
                    "arn:aws:logs:eu-west-1:111122223333:log-group:ct:*"
                )
                .map(|_| ()),
                Lookup::Missing("log group ct does not exist in eu-west-1".into())
            );
            assert_eq!(
                log_group(ctx, &groups, "arn:aws:s3:::ct").map(|_| ()),
                Lookup::Missing("arn:aws:s3:::ct is not a log group ARN".into())
            );
        });
    }
}
