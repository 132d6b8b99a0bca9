//! ## What it checks
//!
//! Every resource the Resource Groups Tagging API lists
//! (`tag:GetResources`, per region) whose type is in scope
//! (`required_tag_resource_types`) carries every tag key of
//! `required_tags`, with a value `required_tag_values` allows. One finding
//! per resource:
//!
//! - FAIL: a required tag key is missing (keys compare case-sensitively, as
//!   AWS tag keys and the `required-tags` Config rule do).
//! - FAIL: a required tag's value is not among the values
//!   `required_tag_values` allows for that key (when it lists any).
//! - PASS: every required key is there with an allowed value.
//! - SKIP: the resource type (`service:type` from the ARN, as the Tagging
//!   API's `ResourceTypeFilters` name it: `ec2:instance`, `s3:bucket`) is
//!   not in scope.
//! - ERROR: the region's resources could not be listed.
//!
//! A FAIL says, as information, whether an AWS Organizations tag policy is
//! attached in the organization (`organizations:ListPolicies` with
//! `TAG_POLICY`, `ListTargetsForPolicy`): seen from the management account
//! only; from a member account, or when the organization was not collected,
//! it says so.
//!
//! `GetResources` lists only the resources that have, or once had, tags: a
//! resource that was never tagged is not seen, so is not judged here (the
//! catalog's note: combine with AWS Config or the per-service listings for
//! full coverage). The catalog's `organizations:DescribeEffectivePolicy` is
//! not read: the attachment of the organization's tag policies is the
//! information given.
//!
//! ## Why it matters
//!
//! Tags group resources (resource groups), target automation (Systems
//! Manager, patching), allocate cost, and scope production for the other
//! checks of this tool; better too many than too few (notes 000 ›
//! Configuration Management and IaC › "AWS tags & SSM resource groups").
//! The tag editor finds tagged and untagged resources across regions (000 ›
//! Other Services › "AWS tag editor"), and an organization sets tagging
//! standards for billing (000 › Security and Compliance › "AWS
//! organizations").
//!
//! ## How to fix
//!
//! Tag the resource with the missing keys, and enforce the standard with an
//! Organizations tag policy (and `aws:RequestTag` conditions or the
//! `required-tags` Config rule).
//!
//! - **Console**: Resource Groups & Tag Editor › Tag Editor › find the resources (all regions) › Manage tags of selected resources › add `Environment`, `Owner`, `CostCenter`.
//! - **CLI**: `aws resourcegroupstaggingapi tag-resources --resource-arn-list ARN --tags Environment=prod,Owner=team-payments,CostCenter=CC-1234`.
//! - **CloudFormation**: `Tags` on each resource (or stack-level tags, which CloudFormation propagates); `AWS::Organizations::Policy` with `Type: TAG_POLICY` for the standard.
//!
//! ## References
//!
//! - Study notes: 000 › Configuration Management and IaC › "AWS tags & SSM resource groups"; 000 › Other Services › "AWS tag editor"; 000 › Security and Compliance › "AWS organizations".
//! - AWS: "GetResources" (Resource Groups Tagging API Reference); "Tag policies" (AWS Organizations User Guide); "Best Practices for Tagging AWS Resources" (AWS Whitepaper).
//! - AWS Config: `required-tags`. Prowler: none.

use crate::arn::wildcard_match;
use crate::engine::{name_list, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::organizations;
use crate::inventory::tagging::{self, TaggedResource};
use crate::organizations::{standing, Standing};
use crate::settings::{patterns, Setting};
use std::collections::BTreeMap;

/// `required_tags`: the tag keys every in-scope resource carries.
static REQUIRED_TAGS: Setting<Vec<String>> = Setting::new(
    "required_tags",
    "The tag keys every in-scope resource must carry (case-sensitive, as AWS tag keys are).",
    r#"["Environment", "Owner", "CostCenter"]"#,
    at_least_one_key,
);

/// `required_tag_resource_types`: which resource types must carry them.
static RESOURCE_TYPES: Setting<Vec<String>> = Setting::new(
    "required_tag_resource_types",
    "The resource types that must carry the required tags, as `service:type` patterns of the Tagging API (`ec2:instance`, `rds:*`, `s3:bucket`; `*` matches any run of characters).",
    r#"["*"]"#,
    patterns,
);

/// `required_tag_values`: the values allowed for some of the required keys.
static ALLOWED_VALUES: Setting<BTreeMap<String, Vec<String>>> = Setting::new(
    "required_tag_values",
    "The values allowed for a required tag key, by key (`{\"Environment\": [\"prod\", \"dev\"]}`); a key not listed takes any value.",
    "{}",
    values_listed,
);

pub static CHECK: Check = Check {
    id: "tagging-required-tags",
    title: "Resources carry the required tag keys",
    service: "tagging",
    severity: Severity::Low,
    section: "000 › Configuration Management and IaC › \"AWS tags & SSM resource groups\"",
    catalog: "IAC-26",
    reads: &[
        tagging::RESOURCES,
        organizations::ORGANIZATION,
        organizations::POLICIES,
        organizations::POLICY_TARGETS,
    ],
    tolerates: &[
        organizations::ORGANIZATION,
        organizations::POLICIES,
        organizations::POLICY_TARGETS,
    ],
    settings: &[&REQUIRED_TAGS, &RESOURCE_TYPES, &ALLOWED_VALUES],
    config_rule: Some("required-tags"),
    prowler: None,
    source: include_str!("required_tags.rs"),
    run,
};

const TAG_POLICY: &str = "TAG_POLICY";

#[allow(clippy::ptr_arg, reason = "a validator takes &T, here T = Vec<String>")]
fn at_least_one_key(v: &Vec<String>) -> Result<(), String> {
    if v.is_empty() {
        return Err("expected at least one tag key".into());
    }
    patterns(v)
}

fn values_listed(v: &BTreeMap<String, Vec<String>>) -> Result<(), String> {
    match v.iter().find(|(_, values)| values.is_empty()) {
        Some((key, _)) => Err(format!(
            "expected at least one allowed value for {key:?} (leave a key out to allow any)"
        )),
        None => Ok(()),
    }
}

fn run(ctx: &Context, em: &mut Emitter) {
    let required = ctx.setting(&REQUIRED_TAGS);
    let types = ctx.setting(&RESOURCE_TYPES);
    let allowed = ctx.setting(&ALLOWED_VALUES);
    let policy_note = tag_policy_note(ctx);
    for r in &ctx.tagging().resources {
        let resource_type = r.resource_type();
        if !types.iter().any(|p| wildcard_match(p, &resource_type)) {
            em.skip(
                r,
                format!(
                    "resource type {resource_type} is not in scope (required_tag_resource_types)"
                ),
            );
            continue;
        }
        let mut v = judge(r, &required, &allowed);
        if !v.is_clean() {
            v.note(policy_note.as_str());
        }
        v.emit(
            em,
            r,
            format!("carries the required tags {}", name_list(&required)),
        );
    }
}

fn judge(
    r: &TaggedResource,
    required: &[String],
    allowed: &BTreeMap<String, Vec<String>>,
) -> Verdict {
    let mut v = Verdict::new();
    let missing: Vec<&str> = required
        .iter()
        .filter(|k| !r.tags.contains_key(k.as_str()))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        v.fail(format!("missing required tag {}", name_list(&missing)));
    }
    for key in required {
        let (Some(value), Some(values)) = (r.tags.get(key), allowed.get(key)) else {
            continue;
        };
        if !values.contains(value) {
            v.fail(format!(
                "tag {key}={value} is not an allowed value ({})",
                name_list(values)
            ));
        }
    }
    v
}

/// Whether an Organizations tag policy is attached, as far as the audited
/// account can see.
fn tag_policy_note(ctx: &Context) -> String {
    let view = match standing(ctx) {
        Err(why) => {
            return format!("whether an Organizations tag policy is attached is unknown: {why}")
        }
        Ok(Standing::Alone(_)) => {
            return "the account is in no organization: no tag policy applies".into()
        }
        Ok(Standing::Member(org, _)) => {
            return format!(
                "the tag policies of organization {} are visible only to its management account",
                org.id
            )
        }
        Ok(Standing::Management(view, _)) => view,
    };
    let policies = match view.policies.known() {
        Err(e) => {
            return format!("whether an Organizations tag policy is attached is unknown: {e}")
        }
        Ok(None) => return "the organization's policies were not read".into(),
        Ok(Some(p)) => p,
    };
    let mut attached = Vec::new();
    for p in policies.iter().filter(|p| p.policy_type == TAG_POLICY) {
        match p.targets.known() {
            Err(e) => return format!("whether tag policy {} is attached is unknown: {e}", p.name),
            Ok(Some(targets)) if !targets.is_empty() => attached.push(p.name.as_str()),
            Ok(_) => {}
        }
    }
    if attached.is_empty() {
        "no Organizations tag policy is attached".into()
    } else {
        format!(
            "Organizations tag policy {} is attached",
            name_list(&attached)
        )
    }
}
