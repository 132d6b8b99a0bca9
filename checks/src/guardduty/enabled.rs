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
//!   - `EKS_AUDIT_LOGS` and `RUNTIME_MONITORING`: EKS clusters. Runtime
//!     monitoring is also understood under its legacy name
//!     `EKS_RUNTIME_MONITORING` (EKS Runtime Monitoring, which detectors
//!     that enabled it before Runtime Monitoring replaced it still report):
//!     either name `ENABLED` covers the clusters, the legacy one with a note
//!     to migrate; the advisory names each of the two that is reported;
//!   - `EBS_MALWARE_PROTECTION`: EC2 instances (not terminated or shutting down);
//!   - `RDS_LOGIN_EVENTS`: Aurora DB clusters;
//!   - `LAMBDA_NETWORK_LOGS`: Lambda functions.
//!
//!   A plan that `GetDetector` does not report at all (under either name)
//!   is noted, not judged.
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

use crate::engine::{Check, Context, Emitter, Resource, Severity, Verdict};
use crate::inventory::guardduty::{Detector, DetectorFeature};
use crate::inventory::GLOBAL;
use crate::inventory::{ec2, eks, guardduty, lambda, rds, s3};
use crate::judge::regions;

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
    settings: &[],
    config_rule: Some("guardduty-enabled-centralized"),
    prowler: Some("guardduty_is_enabled"),
    source: include_str!("enabled.rs"),
    run,
};

/// A protection plan and the resources that make it relevant.
struct Plan {
    /// The `GetDetector` feature name.
    feature: &'static str,
    /// The feature's former name, which older detectors still report.
    legacy: Option<&'static str>,
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
        legacy: None,
        service: "s3",
        what: "S3 bucket(s)",
        count: |ctx, region| count_in(&ctx.s3().buckets, region, |_| true),
    },
    Plan {
        feature: "EKS_AUDIT_LOGS",
        legacy: None,
        service: "eks",
        what: "EKS cluster(s)",
        count: |ctx, region| count_in(&ctx.eks().clusters, region, |_| true),
    },
    Plan {
        feature: "RUNTIME_MONITORING",
        legacy: Some("EKS_RUNTIME_MONITORING"),
        service: "eks",
        what: "EKS cluster(s)",
        count: |ctx, region| count_in(&ctx.eks().clusters, region, |_| true),
    },
    Plan {
        feature: "EBS_MALWARE_PROTECTION",
        legacy: None,
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
        legacy: None,
        service: "rds",
        what: "Aurora DB cluster(s)",
        count: |ctx, region| count_in(&ctx.rds().clusters, region, |c| c.is_aurora()),
    },
    Plan {
        feature: "LAMBDA_NETWORK_LOGS",
        legacy: None,
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
    for region in regions::seen(ctx, "guardduty") {
        if !detectors.iter().any(|d| d.region == region) {
            em.fail(
                &regions::region_subject(ctx, "guardduty", region),
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
        let find = |name: &str| {
            details
                .features
                .iter()
                .find(|f| f.name.eq_ignore_ascii_case(name))
        };
        let current = find(plan.feature);
        let legacy = plan.legacy.and_then(|name| find(name).map(|f| (name, f)));
        let enabled = |f: &DetectorFeature| f.status.eq_ignore_ascii_case("ENABLED");
        if current.is_some_and(enabled) {
            continue;
        }
        if let Some((name, _)) = legacy.filter(|(_, f)| enabled(f)) {
            let feature = plan.feature;
            v.note(format!(
                "{feature} is on under its legacy name {name}; migrate to {feature}"
            ));
            continue;
        }
        // How the plan is reported: each name that is, with its status.
        let statuses: Vec<String> = current
            .map(|f| (plan.feature, f))
            .into_iter()
            .chain(legacy)
            .map(|(name, f)| format!("{name} is {}", f.status))
            .collect();
        if statuses.is_empty() {
            v.note(format!("{} is not reported by GetDetector", plan.feature));
            continue;
        }
        let statuses = statuses.join(" and ");
        let n = (plan.count)(ctx, region);
        if n > 0 {
            v.warn(format!("{statuses}, but {region} has {n} {}", plan.what));
        } else if ctx.blind(plan.service, region) || ctx.blind(plan.service, GLOBAL) {
            v.error_reason(format!(
                "{statuses} and {} could not be listed in {region}, so whether it is needed is unknown",
                plan.service
            ));
        }
    }
    v.emit(
        em,
        detector,
        format!("GuardDuty is enabled in {region} with the protection plans its resources need"),
    );
}
