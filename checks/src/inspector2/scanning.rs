//! ## What it checks
//!
//! Inspector scans EC2 instances, ECR images and Lambda functions wherever
//! they exist, and every resource it knows of is actually scanned
//! (`inspector2:BatchGetAccountStatus`, `inspector2:ListCoverage`).
//!
//! - **Each region** (one finding, `arn:aws:inspector2:REGION:ACCOUNT`):
//!   - FAIL: EC2 scanning is not `ENABLED` while EC2 instances (not
//!     terminated) run there; Lambda scanning is not `ENABLED` while Lambda
//!     functions exist there.
//!   - FAIL: ECR scanning is not `ENABLED` while Inspector's coverage lists
//!     ECR repositories or images of the account there. The inventory does
//!     not collect ECR itself, so repositories Inspector never saw are not
//!     known: the PASS reason says so when ECR scanning is off.
//!   - ERROR: scanning is off and whether instances or functions exist is
//!     unknown (EC2 or Lambda could not be listed there), or ECR scanning is
//!     off and the coverage could not be read there. The coverage
//!     unreadable while ECR scanning is on is a note on the PASS.
//! - **Each coverage entry** (one finding, the resource's ARN):
//!   - FAIL: an EC2 instance with `scanStatusCode` `INACTIVE` for a reason
//!     that is Systems Manager's (`UNMANAGED_EC2_INSTANCE`, `NO_INVENTORY`,
//!     `STALE_INVENTORY`, `DEEP_INSPECTION_NO_INVENTORY`,
//!     `DEEP_INSPECTION_DAILY_SSM_INVENTORY_LIMIT_EXCEEDED`): the SSM agent,
//!     its instance profile or its route to SSM is missing (see
//!     `ssm-managed-instances`).
//!   - Advisory (FAIL at low): `INACTIVE` for any other reason (an
//!     unsupported OS or runtime, excluded by tag, a stopped instance, …).
//!   - SKIP: `INACTIVE` because the resource was terminated.
//!   - PASS: `ACTIVE`.
//!
//! ## Why it matters
//!
//! Inspector finds known vulnerabilities in EC2 instances (through the SSM
//! agent, with an instance role or Default Host Management Configuration
//! and outbound 443 to Systems Manager), ECR images and Lambda functions,
//! with a risk score, and sends its findings to Security Hub and
//! EventBridge (notes 000 › Security and Compliance › "amazon inspector";
//! 001 › ## AWS Inspector & Programmatic Runs). A resource type left off,
//! or an instance Inspector cannot reach, hides known CVEs.
//!
//! ## How to fix
//!
//! Enable every scan type in every region, and make each instance a
//! managed node.
//!
//! - **Console**: Inspector › Account management › the account › Activate › EC2 scanning, ECR scanning, Lambda standard scanning; for an unmanaged instance, Systems Manager › Fleet Manager (attach `AmazonSSMManagedInstanceCore` to its role, or enable Default Host Management Configuration).
//! - **CLI**: `aws inspector2 enable --resource-types EC2 ECR LAMBDA --account-ids ACCOUNT --region REGION`; `aws inspector2 list-coverage --filter-criteria '{"scanStatusCode":[{"comparison":"EQUALS","value":"INACTIVE"}]}'`.
//! - **CloudFormation**: no resource enables Inspector scanning for an account; use `AWS::SSM::Association` / an instance profile with `AmazonSSMManagedInstanceCore` for the instances, and the CLI or a StackSet custom resource for `inspector2 enable`.
//!
//! ## References
//!
//! - Study notes: 000 › Security and Compliance › "amazon inspector"; 001 › ## AWS Inspector & Programmatic Runs.
//! - AWS: Inspector user guide, "Scanning Amazon EC2 instances", "Assessing Amazon Inspector coverage" (scan status reasons) and "Activating a scan type".
//! - AWS Config managed rules `inspector-ec2-scan-enabled`, `inspector-ecr-scan-enabled`, `inspector-lambda-standard-scan-enabled`; Prowler `inspector2_is_enabled`.

use crate::engine::{Check, Context, Emitter, Severity, Subject, Verdict};
use crate::inventory::inspector2::{self, Coverage, InspectorRegion};
use crate::inventory::{ec2, lambda};
use crate::judge::regions;
use std::collections::HashMap;

pub static CHECK: Check = Check {
    id: "inspector-scanning",
    title: "Inspector scans EC2, ECR and Lambda, and every resource is actually covered",
    service: "inspector2",
    severity: Severity::Medium,
    section: "000 › Security and Compliance › \"amazon inspector\"",
    catalog: "SEC-23",
    reads: &[
        inspector2::ACCOUNT_STATUS,
        inspector2::COVERAGE,
        ec2::INSTANCES,
        lambda::FUNCTIONS,
    ],
    tolerates: &[inspector2::COVERAGE],
    settings: &[],
    config_rule: Some("inspector-ec2-scan-enabled"),
    prowler: Some("inspector2_is_enabled"),
    source: include_str!("scanning.rs"),
    run,
};

/// Inactive reasons that are Systems Manager's: the instance is not a
/// managed node, or its inventory does not reach Inspector.
const SSM_REASONS: [&str; 5] = [
    "UNMANAGED_EC2_INSTANCE",
    "NO_INVENTORY",
    "STALE_INVENTORY",
    "DEEP_INSPECTION_NO_INVENTORY",
    "DEEP_INSPECTION_DAILY_SSM_INVENTORY_LIMIT_EXCEEDED",
];

/// What the account has in one region, by resource type.
#[derive(Default)]
struct Present {
    instances: usize,
    functions: usize,
    /// ECR repositories or images in Inspector's coverage.
    ecr: usize,
}

fn run(ctx: &Context, em: &mut Emitter) {
    let me = ctx.account.account_id.as_str();
    let mut present: HashMap<&str, Present> = HashMap::new();
    for i in &ctx.ec2().instances {
        if i.account_id == me && !matches!(i.state.as_str(), "terminated" | "shutting-down") {
            present.entry(&i.region).or_default().instances += 1;
        }
    }
    for f in &ctx.lambda().functions {
        if f.account_id == me {
            present.entry(&f.region).or_default().functions += 1;
        }
    }
    let coverage = &ctx.inspector2().coverage;
    for c in coverage {
        if c.account_id == me && c.resource_type.starts_with("AWS_ECR_") {
            present.entry(&c.region).or_default().ecr += 1;
        }
    }
    let none = Present::default();
    for r in &ctx.inspector2().regions {
        let here = present.get(r.region.as_str()).unwrap_or(&none);
        judge_region(ctx, r, here, em);
    }
    for c in coverage {
        judge_coverage(ctx, c, em);
    }
}

fn judge_region(ctx: &Context, r: &InspectorRegion, here: &Present, em: &mut Emitter) {
    let subject = regions::region_subject(ctx, "inspector2", &r.region);
    let status = &r.resource_status;
    let mut v = Verdict::new();
    let mut off = Vec::new();
    let unread = ctx.unreadable(inspector2::COVERAGE, &r.region);
    for (kind, state, count, what, section) in [
        (
            "EC2",
            &status.ec2,
            here.instances,
            "EC2 instance(s) run",
            Some("ec2"),
        ),
        (
            "Lambda",
            &status.lambda,
            here.functions,
            "Lambda function(s) exist",
            Some("lambda"),
        ),
        (
            "ECR",
            &status.ecr,
            here.ecr,
            "ECR resource(s) are in Inspector's coverage",
            None,
        ),
    ] {
        if state == "ENABLED" {
            continue;
        }
        if count > 0 {
            v.fail(format!(
                "{kind} scanning is {state} while {count} {what} in {}",
                r.region
            ));
        } else if let Some(section) = section.filter(|s| ctx.blind(s, &r.region)) {
            v.error_reason(format!(
                "{kind} scanning is {state}, and whether {section} resources exist in {} is unknown ({section} could not be listed)",
                r.region
            ));
        } else if let Some(e) = unread.filter(|_| kind == "ECR") {
            v.error_reason(format!(
                "ECR scanning is {state}, and Inspector's coverage (the only sight of ECR repositories) could not be read: {e}"
            ));
        } else if kind == "ECR" {
            off.push(format!(
                "ECR scanning is {state} and Inspector's coverage shows no repository (ECR repositories themselves are not in the inventory)"
            ));
        } else {
            off.push(format!("{kind} scanning is {state}, with nothing to scan"));
        }
    }
    if let (Some(e), true) = (unread, status.ecr == "ENABLED") {
        v.note(format!("its coverage could not be read: {e}"));
    }
    let pass = if off.is_empty() {
        format!("EC2, ECR and Lambda scanning are ENABLED in {}", r.region)
    } else {
        format!("Inspector in {}: {}", r.region, off.join("; "))
    };
    v.emit(em, &subject, pass);
}

/// The ARN of a coverage entry's resource.
fn coverage_arn(ctx: &Context, c: &Coverage) -> String {
    if c.resource_id.starts_with("arn:") {
        return c.resource_id.clone();
    }
    let (p, r, a, id) = (
        &ctx.account.partition,
        &c.region,
        &c.account_id,
        &c.resource_id,
    );
    match c.resource_type.as_str() {
        "AWS_EC2_INSTANCE" => format!("arn:{p}:ec2:{r}:{a}:instance/{id}"),
        "AWS_ECR_REPOSITORY" => format!("arn:{p}:ecr:{r}:{a}:repository/{id}"),
        "AWS_LAMBDA_FUNCTION" => format!("arn:{p}:lambda:{r}:{a}:function:{id}"),
        other => format!("arn:{p}:inspector2:{r}:{a}:coverage/{other}/{id}"),
    }
}

fn judge_coverage(ctx: &Context, c: &Coverage, em: &mut Emitter) {
    let subject = Subject::arn(&coverage_arn(ctx, c), &c.region);
    let reason = c.scan_status_reason.as_deref().unwrap_or("no reason given");
    let scan = format!("{} {} scan", c.resource_type, c.scan_type);
    if c.scan_status != "INACTIVE" {
        return em.pass(&subject, format!("{scan} is {} ({reason})", c.scan_status));
    }
    if reason == "RESOURCE_TERMINATED" {
        return em.skip(&subject, "the resource was terminated");
    }
    if c.resource_type == "AWS_EC2_INSTANCE" && SSM_REASONS.contains(&reason) {
        return em.fail(
            &subject,
            format!("{scan} is INACTIVE ({reason}): Inspector cannot reach the instance through Systems Manager; make it a managed node (see ssm-managed-instances)"),
        );
    }
    em.warn(
        &subject,
        format!("{scan} is INACTIVE ({reason}): the resource is not scanned"),
    );
}
