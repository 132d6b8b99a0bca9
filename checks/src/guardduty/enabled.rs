//! ## What it checks
//!
//! GuardDuty is enabled in every collected region, with the protection plans
//! that matter for the resources the region actually has
//! (`guardduty:ListDetectors`, `guardduty:GetDetector`).
//!
//! - FAIL: a region has no detector (the finding's resource is the region,
//!   `arn:aws:guardduty:REGION:ACCOUNT`); or its detector's status is not
//!   `ENABLED`; or `GetDetector` says the listed detector does not exist.
//! - Advisory (FAIL at low), one reason per protection plan (feature) that is
//!   reported and not `ENABLED` while the region has resources it protects:
//!   - `S3_DATA_EVENTS`: S3 buckets whose region is this one;
//!   - `EKS_AUDIT_LOGS` and `RUNTIME_MONITORING`: EKS clusters;
//!   - `EBS_MALWARE_PROTECTION`: EC2 instances (not terminated or shutting down);
//!   - `RDS_LOGIN_EVENTS`: Aurora DB clusters;
//!   - `LAMBDA_NETWORK_LOGS`: Lambda functions.
//!
//!   A plan that `GetDetector` does not report at all is noted, not judged.
//! - PASS: the detector is enabled and every relevant plan is enabled.
//! - ERROR: `GetDetector` failed; or a plan is disabled and the service whose
//!   resources would make it relevant could not be listed in that region.
//!   A region where GuardDuty itself could not be listed is reported as
//!   ERROR once, and not judged.
//!
//! ## Why it matters
//!
//! GuardDuty is the account's threat detection: it reads CloudTrail, VPC
//! flow logs, DNS logs and EKS logs and raises findings for EC2, IAM,
//! Kubernetes, malware, RDS and S3 threats (notes 000 › ## Security and
//! Compliance › - Amazon guardduty). A region without a detector is a region
//! where crypto-mining or credential exfiltration goes unnoticed; attackers
//! pick unused regions for exactly that reason. The notes pair CloudTrail
//! with GuardDuty and Lambda for real-time response (notes 000 › ## Filling
//! the gap › - udemy assessment). A protection plan left off where its
//! resources exist leaves those resources out of the findings. GuardDuty on
//! does not mean flow logs on: that is a separate check.
//!
//! ## How to fix
//!
//! Enable GuardDuty in every region (with AWS Organizations, from the
//! delegated administrator with auto-enable for all members), and enable
//! the protection plans for the resources you run.
//!
//! - **Console**: GuardDuty › Get started › Enable GuardDuty, in each region; then Protection plans › S3 / EKS / Runtime Monitoring / Malware Protection for EC2 / RDS / Lambda › Enable.
//! - **CLI**: `aws guardduty create-detector --enable --region REGION`; for an existing detector `aws guardduty update-detector --detector-id ID --enable --features Name=S3_DATA_EVENTS,Status=ENABLED Name=EKS_AUDIT_LOGS,Status=ENABLED …`.
//! - **CloudFormation**: an `AWS::GuardDuty::Detector` with `Enable: true` and `Features` listing each plan with `Status: ENABLED`, deployed to every region (a StackSet).
//!
//! ## References
//!
//! - Study notes: 000 › ## Security and Compliance › - Amazon guardduty; 000 › ## Filling the gap › - udemy assessment.
//! - AWS: GuardDuty user guide, "Getting started with GuardDuty" and "Features of GuardDuty" (protection plans); GuardDuty API reference, `GetDetector` and `DetectorFeatureConfigurationResult`.
//! - AWS Config managed rules `guardduty-enabled-centralized`, `guardduty-s3-protection-enabled`, `guardduty-eks-protection-audit-enabled`, `guardduty-eks-protection-runtime-enabled`, `guardduty-malware-protection-enabled`, `guardduty-rds-protection-enabled`, `guardduty-lambda-protection-enabled`; Prowler `guardduty_is_enabled`.

use crate::engine::{Check, Context, Emitter, Resource, Severity, Subject, Verdict};
use crate::inventory::guardduty::Detector;
use crate::inventory::GLOBAL;
use crate::inventory::{ec2, eks, guardduty, lambda, rds, s3};

pub static CHECK: Check = Check {
    id: "guardduty-enabled",
    title: "GuardDuty is enabled in every region, with the relevant protection plans",
    service: "guardduty",
    severity: Severity::High,
    section: "000 › Security and Compliance › \"Amazon guardduty\"",
    catalog: "SEC-20",
    reads: &[
        guardduty::DETECTORS,
        guardduty::DETECTOR_DETAILS,
        s3::BUCKETS,
        eks::CLUSTERS,
        ec2::INSTANCES,
        rds::DATABASES,
        lambda::FUNCTIONS,
    ],
    tolerates: &[],
    config_rule: Some("guardduty-enabled-centralized"),
    prowler: Some("guardduty_is_enabled"),
    source: include_str!("enabled.rs"),
    run,
};

/// A protection plan and the resources that make it relevant.
struct Plan {
    /// The `GetDetector` feature name.
    feature: &'static str,
    /// The inventory section holding the resources.
    service: &'static str,
    /// What the resources are, for reasons.
    what: &'static str,
    /// How many of them the region has.
    count: fn(&Context, &str) -> usize,
}

const PLANS: &[Plan] = &[
    Plan {
        feature: "S3_DATA_EVENTS",
        service: "s3",
        what: "S3 bucket(s)",
        count: |ctx, region| count_in(&ctx.s3().buckets, region, |_| true),
    },
    Plan {
        feature: "EKS_AUDIT_LOGS",
        service: "eks",
        what: "EKS cluster(s)",
        count: |ctx, region| count_in(&ctx.eks().clusters, region, |_| true),
    },
    Plan {
        feature: "RUNTIME_MONITORING",
        service: "eks",
        what: "EKS cluster(s)",
        count: |ctx, region| count_in(&ctx.eks().clusters, region, |_| true),
    },
    Plan {
        feature: "EBS_MALWARE_PROTECTION",
        service: "ec2",
        what: "EC2 instance(s)",
        count: |ctx, region| {
            count_in(&ctx.ec2().instances, region, |i| {
                !matches!(i.state.as_str(), "terminated" | "shutting-down")
            })
        },
    },
    Plan {
        feature: "RDS_LOGIN_EVENTS",
        service: "rds",
        what: "Aurora DB cluster(s)",
        count: |ctx, region| count_in(&ctx.rds().clusters, region, |c| c.is_aurora()),
    },
    Plan {
        feature: "LAMBDA_NETWORK_LOGS",
        service: "lambda",
        what: "Lambda function(s)",
        count: |ctx, region| count_in(&ctx.lambda().functions, region, |_| true),
    },
];

/// How many of `items` are in `region` and satisfy `keep`.
fn count_in<R: Resource>(items: &[R], region: &str, keep: impl Fn(&R) -> bool) -> usize {
    items
        .iter()
        .filter(|r| r.region() == region && keep(r))
        .count()
}

fn run(ctx: &Context, em: &mut Emitter) {
    let detectors = &ctx.guardduty().detectors;
    for region in &ctx.account.regions {
        let seen = !ctx.blind("guardduty", region);
        if seen && !detectors.iter().any(|d| &d.region == region) {
            em.fail(
                &Subject::region_of(ctx.account, "guardduty", region),
                format!("no GuardDuty detector in {region}"),
            );
        }
    }
    for detector in detectors
        .iter()
        .filter(|d| !ctx.blind("guardduty", &d.region))
    {
        judge(ctx, detector, em);
    }
}

fn judge(ctx: &Context, detector: &Detector, em: &mut Emitter) {
    let region = detector.region.as_str();
    let details = match detector.details.known() {
        Err(e) => return em.error(detector, e),
        Ok(None) => {
            return em.fail(
                detector,
                format!(
                    "GuardDuty detector {} in {region} no longer exists (GetDetector found none)",
                    detector.id
                ),
            )
        }
        Ok(Some(d)) => d,
    };
    if !details.status.eq_ignore_ascii_case("ENABLED") {
        return em.fail(
            detector,
            format!(
                "GuardDuty detector {} in {region} is {}, not ENABLED",
                detector.id, details.status
            ),
        );
    }
    let mut v = Verdict::new();
    for plan in PLANS {
        let feature = details
            .features
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(plan.feature));
        let Some(feature) = feature else {
            v.note(format!("{} is not reported by GetDetector", plan.feature));
            continue;
        };
        if feature.status.eq_ignore_ascii_case("ENABLED") {
            continue;
        }
        let n = (plan.count)(ctx, region);
        if n > 0 {
            v.warn(format!(
                "{} is {}, but {region} has {n} {}",
                plan.feature, feature.status, plan.what
            ));
        } else if ctx.blind(plan.service, region) || ctx.blind(plan.service, GLOBAL) {
            v.error_reason(format!(
                "{} is {} and {} could not be listed in {region}, so whether it is needed is unknown",
                plan.feature, feature.status, plan.service
            ));
        }
    }
    v.emit(
        em,
        detector,
        format!("GuardDuty is enabled in {region} with the protection plans its resources need"),
    );
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::engine::{Severity, Status};
    use crate::testing::{assert_finding, run};
    use serde_json::{json, Value};

    const DET: &str = "arn:aws:guardduty:us-east-1:111122223333:detector/d1";
    const DET_EU: &str = "arn:aws:guardduty:eu-west-1:111122223333:detector/d2";
    const ALL_FEATURES: &[&str] = &[
        "S3_DATA_EVENTS",
        "EKS_AUDIT_LOGS",
        "RUNTIME_MONITORING",
        "EBS_MALWARE_PROTECTION",
        "RDS_LOGIN_EVENTS",
        "LAMBDA_NETWORK_LOGS",
    ];

    fn detector(arn: &str, region: &str, details: Value) -> Value {
        json!({"arn": arn, "region": region, "account_id": "111122223333",
            "id": arn.rsplit('/').next().unwrap(), "details": details})
    }

    /// Enabled detector details with every plan ENABLED except `disabled`.
    fn enabled_except(disabled: &[&str]) -> Value {
        let features: Vec<Value> = ALL_FEATURES
            .iter()
            .map(|f| {
                let status = if disabled.contains(f) {
                    "DISABLED"
                } else {
                    "ENABLED"
                };
                json!({"name": f, "status": status})
            })
            .collect();
        json!({"value": {"status": "ENABLED", "features": features}})
    }

    /// Both regions covered by enabled detectors; `us` is the us-east-1 details.
    fn account(us: Value, sections: Value) -> Value {
        let mut a = json!({
            "guardduty": {"detectors": [
                detector(DET, "us-east-1", us),
                detector(DET_EU, "eu-west-1", enabled_except(&[]))
            ]},
            "s3": {}, "eks": {}, "ec2": {}, "rds": {}, "lambda": {}
        });
        for (k, v) in sections.as_object().unwrap() {
            a[k] = v.clone();
        }
        a
    }

    fn resources_in(region: &str) -> Value {
        let base = |kind: &str, name: &str| {
            json!({"arn": format!("arn:aws:{kind}:{region}:111122223333:{name}"), "region": region,
                "account_id": "111122223333"})
        };
        let mut bucket = base("s3", "b");
        bucket["name"] = json!("b");
        let mut cluster = base("eks", "cluster/c");
        cluster["name"] = json!("c");
        let mut instance = base("ec2", "instance/i-1");
        instance["instance_id"] = json!("i-1");
        instance["state"] = json!("running");
        instance["launch_time"] = json!("2026-01-01T00:00:00Z");
        instance["metadata_options"] = json!({});
        let mut aurora = base("rds", "cluster:db");
        aurora["id"] = json!("db");
        aurora["engine"] = json!("aurora-postgresql");
        aurora["multi_az"] = json!(true);
        let mut function = base("lambda", "function:f");
        function["name"] = json!("f");
        json!({"s3": {"buckets": [bucket]}, "eks": {"clusters": [cluster]},
            "ec2": {"instances": [instance]}, "rds": {"clusters": [aurora]},
            "lambda": {"functions": [function]}})
    }

    #[test]
    fn enabled_detectors_with_enabled_plans_pass() {
        let f = run(
            &CHECK,
            account(enabled_except(&[]), resources_in("us-east-1")),
        );
        assert_eq!(f.len(), 2, "{f:#?}");
        assert_finding(&f, DET, Status::Pass, "GuardDuty is enabled in us-east-1");
        assert_finding(
            &f,
            DET_EU,
            Status::Pass,
            "GuardDuty is enabled in eu-west-1",
        );
    }

    #[test]
    fn a_region_without_a_detector_fails() {
        let mut a = account(enabled_except(&[]), json!({}));
        a["guardduty"]["detectors"]
            .as_array_mut()
            .unwrap()
            .remove(1);
        let f = run(&CHECK, a);
        let miss = assert_finding(
            &f,
            "arn:aws:guardduty:eu-west-1:111122223333",
            Status::Fail,
            "no GuardDuty detector in eu-west-1",
        );
        assert_eq!(miss.severity, Severity::High);
        assert_eq!(miss.region, "eu-west-1");
        assert_finding(&f, DET, Status::Pass, "enabled");
    }

    #[test]
    fn a_detector_that_is_not_enabled_fails() {
        let suspended = json!({"value": {"status": "DISABLED", "features": []}});
        let f = assert_finding(
            &run(&CHECK, account(suspended, resources_in("us-east-1"))),
            DET,
            Status::Fail,
            "detector d1 in us-east-1 is DISABLED, not ENABLED",
        );
        assert_eq!(f.severity, Severity::High);
        assert_finding(
            &run(&CHECK, account(json!("absent"), json!({}))),
            DET,
            Status::Fail,
            "no longer exists",
        );
    }

    #[test]
    fn get_detector_errors_are_errors() {
        let denied =
            json!({"error": {"operation": "GetDetector", "code": "AccessDeniedException"}});
        assert_finding(
            &run(&CHECK, account(denied, json!({}))),
            DET,
            Status::Error,
            "GetDetector failed: AccessDeniedException",
        );
        let throttled =
            json!({"error": {"operation": "GetDetector", "code": "TooManyRequestsException"}});
        assert_finding(
            &run(&CHECK, account(throttled, json!({}))),
            DET,
            Status::Error,
            "throttled",
        );
    }

    #[test]
    fn each_disabled_plan_with_resources_is_advisory() {
        let f = assert_finding(
            &run(
                &CHECK,
                account(enabled_except(ALL_FEATURES), resources_in("us-east-1")),
            ),
            DET,
            Status::Fail,
            "S3_DATA_EVENTS is DISABLED, but us-east-1 has 1 S3 bucket(s)",
        );
        assert_eq!(f.severity, Severity::Low);
        assert!(f.reason.starts_with("advisory:"), "{}", f.reason);
        for needle in [
            "EKS_AUDIT_LOGS is DISABLED, but us-east-1 has 1 EKS cluster(s)",
            "RUNTIME_MONITORING is DISABLED, but us-east-1 has 1 EKS cluster(s)",
            "EBS_MALWARE_PROTECTION is DISABLED, but us-east-1 has 1 EC2 instance(s)",
            "RDS_LOGIN_EVENTS is DISABLED, but us-east-1 has 1 Aurora DB cluster(s)",
            "LAMBDA_NETWORK_LOGS is DISABLED, but us-east-1 has 1 Lambda function(s)",
        ] {
            assert!(f.reason.contains(needle), "{needle}: {}", f.reason);
        }
        for plan in ALL_FEATURES {
            let f = assert_finding(
                &run(
                    &CHECK,
                    account(enabled_except(&[plan]), resources_in("us-east-1")),
                ),
                DET,
                Status::Fail,
                &format!("{plan} is DISABLED"),
            );
            assert_eq!(f.severity, Severity::Low, "{plan}");
        }
    }

    #[test]
    fn disabled_plans_without_resources_pass() {
        let disabled = enabled_except(ALL_FEATURES);
        assert_finding(
            &run(&CHECK, account(disabled.clone(), resources_in("eu-west-1"))),
            DET,
            Status::Pass,
            "enabled in us-east-1",
        );
        let mut idle = resources_in("us-east-1");
        idle["ec2"]["instances"][0]["state"] = json!("terminated");
        idle["rds"]["clusters"][0]["engine"] = json!("mysql");
        for s in ["s3", "eks", "lambda"] {
            idle[s] = json!({});
        }
        assert_finding(
            &run(&CHECK, account(disabled, idle)),
            DET,
            Status::Pass,
            "enabled",
        );
    }

    #[test]
    fn a_disabled_plan_whose_resources_could_not_be_listed_is_an_error() {
        let mut a = account(enabled_except(&["LAMBDA_NETWORK_LOGS"]), json!({}));
        a["collection_errors"] = json!([{"service": "lambda", "region": "us-east-1",
            "operation": "ListFunctions", "code": "AccessDeniedException"}]);
        let f = run(&CHECK, a.clone());
        assert_finding(
            &f,
            DET,
            Status::Error,
            "LAMBDA_NETWORK_LOGS is DISABLED and lambda could not be listed in us-east-1",
        );
        assert_finding(
            &f,
            "arn:aws:lambda:us-east-1:111122223333",
            Status::Error,
            "ListFunctions failed",
        );
        a["guardduty"]["detectors"][0]["details"] = enabled_except(&[]);
        assert_finding(&run(&CHECK, a), DET, Status::Pass, "enabled");
    }

    #[test]
    fn unreported_plans_are_noted() {
        let details = json!({"value": {"status": "ENABLED", "features": [{"name": "S3_DATA_EVENTS", "status": "ENABLED"}]}});
        let f = assert_finding(
            &run(&CHECK, account(details, resources_in("us-east-1"))),
            DET,
            Status::Pass,
            "LAMBDA_NETWORK_LOGS is not reported by GetDetector",
        );
        assert!(f.reason.contains("(note:"), "{}", f.reason);
    }

    #[test]
    fn blind_regions_are_not_judged() {
        let mut a = account(enabled_except(&[]), json!({}));
        a["guardduty"]["detectors"] = json!([detector(
            DET,
            "us-east-1",
            json!({"value": {"status": "DISABLED"}})
        )]);
        a["collection_errors"] = json!([
            {"service": "guardduty", "region": "eu-west-1", "operation": "ListDetectors", "code": "AccessDeniedException"},
            {"service": "guardduty", "region": "us-east-1", "operation": "ListDetectors", "code": "ThrottlingException"}
        ]);
        let f = run(&CHECK, a);
        assert_eq!(f.len(), 2, "only the engine's per-region errors: {f:#?}");
        assert!(
            f.iter()
                .all(|x| x.status == Status::Error && x.resource_arn != DET),
            "{f:#?}"
        );
        assert_finding(
            &f,
            "arn:aws:guardduty:eu-west-1:111122223333",
            Status::Error,
            "ListDetectors failed",
        );
    }

    #[test]
    fn missing_sections_are_errors() {
        let f = run(&CHECK, json!({"guardduty": {}}));
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].status, Status::Error);
        assert!(
            f[0].reason.contains("no s3, eks, ec2, rds, lambda section"),
            "{}",
            f[0].reason
        );
    }

    #[test]
    fn exempt_tag_skips() {
        let mut a = account(json!({"value": {"status": "DISABLED"}}), json!({}));
        a["guardduty"]["detectors"][0]["tags"] = json!({"compliance:exempt": "guardduty-enabled"});
        assert_finding(&run(&CHECK, a), DET, Status::Skip, "exempted by tag");
    }
}
