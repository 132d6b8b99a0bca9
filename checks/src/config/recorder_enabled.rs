//! ## What it checks
//!
//! AWS Config records every resource in every collected region and
//! delivers what it records. One finding per region (on the customer
//! managed recorder where there is one, else on `arn:aws:config:REGION:ACCOUNT`),
//! plus one for the account's global (IAM) resource types.
//!
//! Per region:
//! - FAIL when there is no recorder at all; when a customer managed
//!   recorder is not recording (`recording=false`, or it was never started)
//!   or its `lastStatus` is `FAILURE` (the reason gives `lastErrorCode`);
//!   when there is a customer managed recorder but no delivery channel; or
//!   when the only recorders are service-linked and none of them records
//!   configuration items delivered to you (none is recording, or all are
//!   `INTERNAL`: they record for their own service only).
//! - Advisory (FAIL at low): a delivery channel's last configuration
//!   history or snapshot delivery is `FAILURE`; or the recorders do not
//!   record all supported resource types (`EXCLUSION_BY_RESOURCE_TYPES` or an
//!   explicit list). The reason lists the excluded types that other checks
//!   depend on (`AWS::CodePipeline::Pipeline`, `AWS::S3::Bucket`,
//!   `AWS::CloudFormation::Stack`, …). A service-linked recorder that is
//!   recording counts toward coverage for the types it records, unless its
//!   recording scope is `INTERNAL` (its configuration items are never
//!   delivered to you).
//! - PASS otherwise, with notes: `DAILY` recording frequency; a delivery
//!   bucket whose name carries another account's id (such as a Control
//!   Tower log archive, `aws-controltower-logs-ACCOUNT-REGION`);
//!   service-linked recorders present.
//! - ERROR: a recorder's or delivery channel's status could not be read.
//!   Regions where Config could not be listed get the engine's ERROR and
//!   nothing more.
//!
//! Service-linked recorders are listed by `ListConfigurationRecorders`, a
//! call of their own: where it failed (a policy that predates it, an
//! endpoint that does not serve it) the customer managed recorder and its
//! delivery channel are judged as above, and only what a service-linked
//! recorder could change is unknown. With no customer managed recorder the
//! region is ERROR, not "no recorder"; a customer managed recorder that
//! records only selected types is ERROR instead of the advisory (a
//! service-linked one might record the rest); one that records everything
//! passes, with a note.
//!
//! Global resource types (`AWS::IAM::User`, `Group`, `Role`, `Policy`),
//! counted over regions whose recorder is recording them: advisory when no
//! region records them; PASS with a note when more than one does
//! (duplicate configuration items cost money); ERROR instead of the
//! advisory when a region could not be listed, a status could not be
//! read, or the service-linked recorders of a region could not be listed.
//!
//! Gap: the delivery bucket's owner is inferred from an account id in its
//! name; `s3:GetBucketLocation` on it is not part of this check.
//!
//! ## Why it matters
//!
//! Every other detective control, and the bulk reads through Config, depend
//! on the recorder; a stopped recorder blinds the whole account. Config is
//! per region, the recorder must exist, and it records only the types it is
//! told to (notes 000 › Security and Compliance › "AWS config"). The notes'
//! remediation workflows start by enabling Config in each region and
//! account (notes 001 › ## AWS Config & Auto Remediation › Auto Remediation
//! Workflow; notes 001 › ## CloudFormation › Core Topics 5).
//!
//! ## How to fix
//!
//! - **Console**: AWS Config › Settings (in each region): recording strategy "All resource types with customizable overrides" (no overrides), include globally recorded IAM types in exactly one region, choose an S3 bucket, Save; check Recorder status "Recording".
//! - **CLI**: `aws configservice put-configuration-recorder --configuration-recorder name=default,roleARN=ROLE_ARN --recording-group allSupported=true,includeGlobalResourceTypes=true`; `aws configservice put-delivery-channel --delivery-channel name=default,s3BucketName=BUCKET`; `aws configservice start-configuration-recorder --configuration-recorder-name default`.
//! - **CloudFormation**: `AWS::Config::ConfigurationRecorder` with `RecordingGroup: {AllSupported: true, IncludeGlobalResourceTypes: true}` (true in one region only) and an `AWS::Config::DeliveryChannel`; deploy to every region and account with StackSets.
//!
//! ## References
//!
//! - Study notes: 000 › Security and Compliance › "AWS config"; 001 › ## AWS Config & Auto Remediation › Auto Remediation Workflow (step 1); 001 › ## CloudFormation › Core Topics 5.
//! - AWS: "Recording AWS resources with AWS Config"; "Managing the delivery channel"; "Service-linked AWS Config recorders".
//! - No AWS Config managed rule (Config cannot evaluate itself); the Security Hub control Config.1 is the equivalent. Prowler `config_recorder_all_regions_enabled`.

use crate::collected::CollectError;
use crate::engine::{Check, Context, Emitter, Resource, Severity, Subject, Verdict};
use crate::inventory::config;
use crate::inventory::config::{Config, Recorder};
use crate::inventory::GLOBAL;
use crate::judge::regions;

pub static CHECK: Check = Check {
    id: "config-recorder-enabled",
    title: "AWS Config records all resources in every enabled region and delivers",
    service: "config",
    severity: Severity::Critical,
    section:
        "000 › Security and Compliance › \"AWS config\"; 001 › ## AWS Config & Auto Remediation",
    catalog: "SEC-01",
    reads: &[
        config::RECORDERS,
        config::RECORDER_STATUS,
        config::SERVICE_LINKED_RECORDERS,
        config::DELIVERY_CHANNELS,
        config::DELIVERY_STATUS,
    ],
    tolerates: &[config::SERVICE_LINKED_RECORDERS],
    settings: &[],
    config_rule: None,
    prowler: Some("config_recorder_all_regions_enabled"),
    source: include_str!("recorder_enabled.rs"),
    run,
};

/// Resource types other checks read through Config (global IAM types are
/// judged by the global-types rule instead).
const DEPENDED_TYPES: &[&str] = &[
    "AWS::CodePipeline::Pipeline",
    "AWS::S3::Bucket",
    "AWS::CloudFormation::Stack",
    "AWS::Config::ResourceCompliance",
    "AWS::EC2::Instance",
    "AWS::EC2::LaunchTemplate",
    "AWS::KMS::Key",
    "AWS::Lambda::Function",
    "AWS::RDS::DBInstance",
    "AWS::RDS::DBCluster",
    "AWS::SSM::ManagedInstanceInventory",
    "AWS::SSM::PatchCompliance",
];

/// The globally recorded (IAM) resource types.
const GLOBAL_TYPES: &[&str] = &[
    "AWS::IAM::User",
    "AWS::IAM::Group",
    "AWS::IAM::Role",
    "AWS::IAM::Policy",
];

fn run(ctx: &Context, em: &mut Emitter) {
    let config = ctx.config();
    let mut global = Vec::new();
    let mut global_unknown = Vec::new();
    for region in regions::seen(ctx, "config") {
        let recorders = Recorders {
            customer: in_region(&config.recorders, region),
            linked: in_region(&config.service_linked_recorders, region),
            linked_unread: ctx.unreadable(config::SERVICE_LINKED_RECORDERS, region),
        };
        let delivering = recorders
            .customer
            .iter()
            .chain(recorders.linked.iter().filter(|r| delivered(r)));
        for r in delivering.filter(|r| records_global(r)) {
            match r.status.known() {
                Ok(Some(s)) if s.recording && !global.contains(&region) => global.push(region),
                Err(e) => global_unknown.push(format!("recorder {} in {region}: {e}", r.name)),
                _ => {}
            }
        }
        if let Some(e) = recorders.linked_unread {
            global_unknown.push(format!("service-linked recorders in {region}: {e}"));
        }
        judge_region(ctx, config, region, &recorders, em);
    }
    let subject = Subject::region_of(ctx.account, "config", GLOBAL);
    match global.as_slice() {
        [] if !global_unknown.is_empty() => em.error_reason(
            &subject,
            format!(
                "no region is known to record the global IAM resource types; could not read {}",
                global_unknown.join("; ")
            ),
        ),
        [] if ctx.blind_anywhere("config") => em.error_reason(
            &subject,
            "no collected region records the global IAM resource types, but Config could not be listed in every region",
        ),
        [] => em.warn(
            &subject,
            "the global IAM resource types (users, groups, roles, policies) are recorded in no region",
        ),
        [one] => em.pass(
            &subject,
            format!("the global IAM resource types are recorded in {one}"),
        ),
        many => em.pass(
            &subject,
            format!(
                "the global IAM resource types are recorded (note: in {} regions, {}: duplicate configuration items cost money; record them in one region)",
                many.len(),
                many.join(", ")
            ),
        ),
    }
}

/// A region's recorders.
struct Recorders<'a> {
    /// The customer managed recorder (at most one).
    customer: Vec<&'a Recorder>,
    linked: Vec<&'a Recorder>,
    /// Why the service-linked recorders could not be listed, if they could not.
    linked_unread: Option<&'a CollectError>,
}

fn in_region<'a>(all: &'a [Recorder], region: &str) -> Vec<&'a Recorder> {
    all.iter().filter(|r| r.region == region).collect()
}

/// False for a service-linked recorder whose configuration items are
/// recorded for its service only (`INTERNAL`), never delivered to you.
fn delivered(r: &Recorder) -> bool {
    !r.recording_scope
        .as_deref()
        .is_some_and(|s| s.eq_ignore_ascii_case("INTERNAL"))
}

fn judge_region(
    ctx: &Context,
    config: &Config,
    region: &str,
    recorders: &Recorders,
    em: &mut Emitter,
) {
    let (customer, linked) = (&recorders.customer, &recorders.linked);
    let subject = regions::region_subject(ctx, "config", region);
    let resource: &dyn Resource = match customer.first() {
        Some(r) => *r,
        None => &subject,
    };
    if customer.is_empty() && linked.is_empty() {
        return match recorders.linked_unread {
            Some(e) => em.error_reason(
                resource,
                format!("no customer managed recorder in {region}, and its service-linked recorders could not be listed: {e}"),
            ),
            None => em.fail(resource, format!("no configuration recorder in {region}")),
        };
    }
    let mut v = Verdict::new();
    for r in customer {
        match r.status.known() {
            Err(e) => v.error(e),
            Ok(None) => v.fail(format!("recorder {} has never been started", r.name)),
            Ok(Some(s)) => {
                if !s.recording {
                    v.fail(format!("recorder {} is not recording", r.name));
                }
                if s.last_status
                    .as_deref()
                    .is_some_and(|x| x.eq_ignore_ascii_case("Failure"))
                {
                    v.fail(format!(
                        "recorder {}'s last recording attempt failed ({})",
                        r.name,
                        s.last_error_code.as_deref().unwrap_or("no error code")
                    ));
                }
            }
        }
        if r.recording_frequency
            .as_deref()
            .is_some_and(|f| f.eq_ignore_ascii_case("DAILY"))
        {
            v.note(format!(
                "recorder {} records DAILY, not continuously",
                r.name
            ));
        }
    }
    let recording_linked: Vec<&Recorder> = linked
        .iter()
        .copied()
        .filter(|r| r.status.value().is_some_and(|s| s.recording))
        .collect();
    let counted_linked: Vec<&Recorder> = recording_linked
        .iter()
        .copied()
        .filter(|r| delivered(r))
        .collect();
    if !linked.is_empty() {
        let names: Vec<String> = linked
            .iter()
            .map(|r| {
                let internal = if delivered(r) { "" } else { ", INTERNAL" };
                format!(
                    "{} ({}{internal})",
                    r.name,
                    r.service_principal.as_deref().unwrap_or_default()
                )
            })
            .collect();
        v.note(format!(
            "service-linked recorders present: {}",
            names.join(", ")
        ));
    }
    if customer.is_empty() && counted_linked.is_empty() {
        match linked.iter().find_map(|r| r.status.error()) {
            Some(e) => v.error(e),
            None if recording_linked.is_empty() => v.fail(format!(
                "only service-linked recorders in {region}, and none is recording"
            )),
            None => v.fail(format!(
                "only service-linked recorders in {region}, recording for their own services only (INTERNAL scope): no configuration item is delivered to you"
            )),
        }
    }
    let mut channel_bucket = None;
    if !customer.is_empty() {
        let channels: Vec<_> = config
            .delivery_channels
            .iter()
            .filter(|c| c.region == region)
            .collect();
        if channels.is_empty() {
            v.fail(format!("no delivery channel in {region}"));
        }
        for c in channels {
            channel_bucket.get_or_insert(c.s3_bucket_name.as_str());
            match c.status.known() {
                Err(e) => v.error(e),
                Ok(None) => {}
                Ok(Some(d)) => {
                    for (kind, status) in [
                        ("configuration history", &d.config_history_last_status),
                        ("configuration snapshot", &d.config_snapshot_last_status),
                    ] {
                        if status
                            .as_deref()
                            .is_some_and(|s| s.eq_ignore_ascii_case("Failure"))
                        {
                            v.warn(format!(
                                "delivery channel {}: the last {kind} delivery failed",
                                c.name
                            ));
                        }
                    }
                }
            }
            if let Some(other) = foreign_account(&c.s3_bucket_name, &ctx.account.account_id) {
                v.note(format!(
                    "delivery bucket {} appears to belong to account {other} (e.g. a Control Tower log archive)",
                    c.s3_bucket_name
                ));
            }
        }
    }
    let counted: Vec<&Recorder> = customer.iter().chain(&counted_linked).copied().collect();
    match (uncovered(&counted), recorders.linked_unread) {
        (Some(_), Some(e)) => v.error_reason(format!(
            "the customer managed recorder records only selected resource types, and the service-linked recorders that might record the rest could not be listed: {e}"
        )),
        (Some(missing), None) => v.warn(if missing.is_empty() {
            "the recorders record only selected resource types (the types other checks depend on are recorded)".to_string()
        } else {
            format!(
                "the recorders record only selected resource types; not recorded: {}",
                missing.join(", ")
            )
        }),
        (None, Some(e)) => v.note(format!("service-linked recorders could not be listed: {e}")),
        (None, None) => {}
    }
    let pass = match (customer.first(), channel_bucket) {
        (Some(r), Some(bucket)) => format!(
            "recorder {} is recording in {region} and delivering to bucket {bucket}; all supported resource types are recorded",
            r.name
        ),
        _ => format!("service-linked recorders record all supported resource types in {region}"),
    };
    v.emit(em, resource, pass);
}

/// What a recorder records: all supported types but some, or only a list.
enum Scope<'a> {
    AllBut(&'a [String]),
    Only(&'a [String]),
}

fn scope(r: &Recorder) -> Scope<'_> {
    let g = &r.recording_group;
    match g.recording_strategy.as_deref() {
        _ if g.all_supported => Scope::AllBut(&[]),
        Some("ALL_SUPPORTED_RESOURCE_TYPES") => Scope::AllBut(&[]),
        Some("EXCLUSION_BY_RESOURCE_TYPES") => Scope::AllBut(&g.exclusion_resource_types),
        _ => Scope::Only(&g.resource_types),
    }
}

/// `None` when the recorders together record every supported type; else
/// the depended-on types none of them records.
fn uncovered(recorders: &[&Recorder]) -> Option<Vec<&'static str>> {
    let scopes: Vec<Scope> = recorders.iter().map(|r| scope(r)).collect();
    let records = |t: &str| {
        scopes.iter().any(|s| match s {
            Scope::AllBut(excluded) => !excluded.iter().any(|x| x == t),
            Scope::Only(list) => list.iter().any(|x| x == t),
        })
    };
    let all_but: Vec<&[String]> = scopes
        .iter()
        .filter_map(|s| match s {
            Scope::AllBut(excluded) => Some(*excluded),
            Scope::Only(_) => None,
        })
        .collect();
    let full = !all_but.is_empty()
        && all_but
            .iter()
            .all(|excluded| excluded.iter().all(|t| records(t)));
    if full {
        None
    } else {
        Some(
            DEPENDED_TYPES
                .iter()
                .copied()
                .filter(|t| !records(t))
                .collect(),
        )
    }
}

/// True when the recorder's group records the global IAM types.
fn records_global(r: &Recorder) -> bool {
    let g = &r.recording_group;
    let all_strategy =
        g.all_supported || g.recording_strategy.as_deref() == Some("ALL_SUPPORTED_RESOURCE_TYPES");
    match scope(r) {
        Scope::AllBut(_) if all_strategy => g.include_global_resource_types,
        Scope::AllBut(excluded) => GLOBAL_TYPES
            .iter()
            .any(|t| !excluded.iter().any(|x| x == t)),
        Scope::Only(list) => GLOBAL_TYPES.iter().any(|t| list.iter().any(|x| x == t)),
    }
}

/// A 12-digit account id in a bucket name that is not `own`.
fn foreign_account<'b>(bucket: &'b str, own: &str) -> Option<&'b str> {
    bucket
        .split(|c: char| !c.is_ascii_digit())
        .find(|s| s.len() == 12 && *s != own)
}
