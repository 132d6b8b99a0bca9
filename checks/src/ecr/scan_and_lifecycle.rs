//! ## What it checks
//!
//! Every private ECR repository has its images scanned for
//! vulnerabilities and a lifecycle policy (`ecr:DescribeRepositories`,
//! `ecr:GetRegistryScanningConfiguration`, `ecr:GetLifecyclePolicy`,
//! `inspector2:BatchGetAccountStatus`). Scanning is the registry's
//! configuration in the repository's region: a rule applies to the
//! repository when one of its repository filters (`*` wildcards) matches
//! its name. One finding per repository:
//!
//! - Scanned when the registry uses `ENHANCED` scanning, a rule with
//!   `CONTINUOUS_SCAN` or `SCAN_ON_PUSH` applies to the repository and
//!   Amazon Inspector's ECR scanning is `ENABLED` in the region; or when
//!   the registry uses `BASIC` scanning and a `SCAN_ON_PUSH` rule applies.
//!   The repository's own (legacy) `scanOnPush` counts only when the
//!   registry has no scanning rule at all: the registry configuration
//!   supersedes it.
//! - FAIL: images are not scanned (the reason says why: no rule applies,
//!   only `MANUAL` rules apply, or Inspector's ECR scanning is off).
//! - Advisory (FAIL at low): scanned, but no lifecycle policy
//!   (`LifecyclePolicyNotFoundException`).
//! - PASS: scanned, with a lifecycle policy.
//! - ERROR: the lifecycle policy, the registry's scanning configuration,
//!   or (for enhanced scanning) Inspector's status could not be read. A
//!   failure to read Inspector does not blind repositories the registry
//!   scans with basic scanning or does not scan at all.
//!
//! ## Why it matters
//!
//! Images pushed without a scan ship known CVEs to production; ECR scans
//! them on push (basic) or continuously through Amazon Inspector (notes
//! 000 › Resilient cloud solutions › "ECR", vulnerability scan; 000 ›
//! Security and Compliance › "amazon inspector", scanning images pushed to
//! ECR). Without a lifecycle policy every image ever pushed is kept:
//! storage cost grows and old, vulnerable images stay one tag away from
//! being deployed (000 › Resilient cloud solutions › "ECR - extra",
//! lifecycle policies).
//!
//! ## How to fix
//!
//! - **Console**: ECR › Private registry › Settings › Scanning › Enhanced scanning (continuous) or Basic (scan on push), with a filter matching the repositories (`*`); Inspector › Account management › activate ECR scanning; ECR › the repository › Lifecycle policy › Create rule (e.g. expire untagged images after 14 days, keep the last 50 tagged).
//! - **CLI**: `aws ecr put-registry-scanning-configuration --scan-type ENHANCED --rules '[{"scanFrequency":"CONTINUOUS_SCAN","repositoryFilters":[{"filter":"*","filterType":"WILDCARD"}]}]'`; `aws inspector2 enable --resource-types ECR`; `aws ecr put-lifecycle-policy --repository-name REPO --lifecycle-policy-text file://lifecycle.json`.
//! - **CloudFormation**: an `AWS::ECR::RegistryScanningConfiguration` with `ScanType: ENHANCED` and `Rules`; `LifecyclePolicy: {LifecyclePolicyText: …}` on the `AWS::ECR::Repository`.
//!
//! ## References
//!
//! - Study notes: 000 › Resilient cloud solutions › "ECR" and "ECR - extra"; 000 › Security and Compliance › "amazon inspector".
//! - AWS: ECR user guide, "Scan images for software vulnerabilities in Amazon ECR" and "Automate the cleanup of images by using lifecycle policies in Amazon ECR".
//! - AWS Config managed rules `ecr-private-image-scanning-enabled` and `ecr-private-lifecycle-policy-configured`; Prowler `ecr_registry_scan_images_on_push_enabled`, `ecr_repositories_scan_images_on_push_enabled` and `ecr_repositories_lifecycle_policy_enabled`.

use crate::arn::wildcard_match;
use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::ecr::{self, RegistryScanning, Repository};
use crate::inventory::inspector2;
use std::collections::HashMap;

pub static CHECK: Check = Check {
    id: "ecr-scan-and-lifecycle",
    title: "ECR images are scanned and repositories have lifecycle policies",
    service: "ecr",
    severity: Severity::Medium,
    section: "000 › Resilient cloud solutions › \"ECR\"",
    catalog: "RES-09",
    reads: &[
        ecr::REPOSITORIES,
        ecr::REPOSITORY_TAGS,
        ecr::LIFECYCLE_POLICY,
        ecr::REGISTRY_SCANNING,
        inspector2::ACCOUNT_STATUS,
    ],
    tolerates: &[inspector2::ACCOUNT_STATUS],
    settings: &[],
    config_rule: Some("ecr-private-image-scanning-enabled"),
    prowler: Some("ecr_repositories_scan_images_on_push_enabled"),
    source: include_str!("scan_and_lifecycle.rs"),
    run,
};

fn run(ctx: &Context, em: &mut Emitter) {
    let registries: HashMap<(&str, &str), &RegistryScanning> = ctx
        .ecr()
        .registry_scanning
        .iter()
        .map(|r| ((r.account_id.as_str(), r.region.as_str()), r))
        .collect();
    for repo in &ctx.ecr().repositories {
        let mut v = Verdict::new();
        let registry = registries.get(&(repo.account_id.as_str(), repo.region.as_str()));
        match registry {
            Some(registry) => scanning(ctx, repo, registry, &mut v),
            None => v.error_reason(match ctx.unreadable(ecr::REGISTRY_SCANNING, &repo.region) {
                Some(e) => format!("the registry's scanning configuration could not be read: {e}"),
                None => format!(
                    "the registry's scanning configuration in {} was not collected",
                    repo.region
                ),
            }),
        }
        match repo.lifecycle_policy.known() {
            Err(e) => v.error(e),
            Ok(None) => v.warn("no lifecycle policy: every image pushed is kept"),
            Ok(Some(_)) => {}
        }
        v.emit(
            em,
            repo,
            "images are scanned and a lifecycle policy expires old ones",
        );
    }
}

/// Whether the registry's configuration scans the repository's images.
fn scanning(ctx: &Context, repo: &Repository, registry: &RegistryScanning, v: &mut Verdict) {
    if registry.rules.is_empty() {
        if !repo.scan_on_push {
            v.fail("images are not scanned: the registry has no scanning rule and the repository's scan on push is off");
        }
        return;
    }
    let applies: Vec<&str> = registry
        .rules
        .iter()
        .filter(|r| {
            r.repository_filters
                .iter()
                .any(|f| wildcard_match(f, &repo.name))
        })
        .map(|r| r.scan_frequency.as_str())
        .collect();
    let enhanced = registry.scan_type.eq_ignore_ascii_case("ENHANCED");
    let scans = |f: &&str| {
        f.eq_ignore_ascii_case("SCAN_ON_PUSH")
            || (enhanced && f.eq_ignore_ascii_case("CONTINUOUS_SCAN"))
    };
    if !applies.iter().any(scans) {
        let why = if applies.is_empty() {
            format!(
                "no {} scanning rule matches the repository",
                registry.scan_type
            )
        } else {
            format!(
                "only {} {} scanning applies",
                applies.join(", "),
                registry.scan_type
            )
        };
        return v.fail(format!(
            "images are not scanned: {why} (the registry's rules supersede the repository's scan on push)"
        ));
    }
    if enhanced {
        inspector(ctx, repo, v);
    }
}

/// Enhanced scanning runs only where Inspector's ECR scanning is enabled.
fn inspector(ctx: &Context, repo: &Repository, v: &mut Verdict) {
    if let Some(e) = ctx.unreadable(inspector2::ACCOUNT_STATUS, &repo.region) {
        return v.error_reason(format!(
            "enhanced scanning needs Inspector, whose status could not be read: {e}"
        ));
    }
    let status = ctx
        .inspector2()
        .regions
        .iter()
        .find(|r| r.region == repo.region && r.account_id == repo.account_id)
        .map(|r| r.resource_status.ecr.as_str());
    match status {
        Some(s) if s.eq_ignore_ascii_case("ENABLED") => {}
        Some(s) => v.fail(format!(
            "images are not scanned: the registry uses enhanced scanning, but Inspector's ECR scanning is {s} in {}",
            repo.region
        )),
        None => v.error_reason(format!(
            "enhanced scanning needs Inspector, whose status in {} was not collected",
            repo.region
        )),
    }
}
