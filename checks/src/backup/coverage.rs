//! ## What it checks
//!
//! Every database and production data store has a restore point: RDS and
//! Aurora keep automated backups, and production EBS volumes, EFS file
//! systems and DynamoDB tables are backed up by AWS Backup. One finding
//! per DB instance, DB cluster, EBS volume, EFS file system and DynamoDB
//! table.
//!
//! **RDS and Aurora** (every DB instance and cluster, production or not):
//!
//! - FAIL: `BackupRetentionPeriod` is 0 (automated backups are off).
//! - Advisory (FAIL at low): it is below `backup_min_retention_days`
//!   (default 7).
//! - PASS: it is at least that.
//! - SKIP: a member of a DB cluster (judged with its cluster, whose
//!   retention it reports); a read replica (backups are taken on its
//!   source).
//! - ERROR: the retention is not in the inventory.
//!
//! **EBS volumes, EFS file systems and DynamoDB tables** *[prod-scoped]*:
//!
//! - PASS when one of these holds:
//!   - a backup selection covers it (its ARN matches `Resources`, with `*`
//!     wildcards, or its tags match one of `ListOfTags`; it meets every
//!     `Conditions` entry; it matches no `NotResources`) in a plan of its
//!     region with at least one scheduled rule, and the selection's IAM
//!     role exists;
//!   - `ListProtectedResources` lists it with a recovery point newer than
//!     twice the expected backup frequency: the shortest longest-gap of
//!     the scheduled rules of the plans whose selections cover it, or, when
//!     no plan covers it, `backup_default_frequency_hours` (default 24, so
//!     a recovery point newer than 48 hours);
//!   - for EFS only, its backup policy is `ENABLED` (EFS automatic
//!     backups).
//! - FAIL otherwise; the reason names every path that did not hold, among
//!   them a selection whose IAM role does not exist (AWS Backup cannot
//!   assume it, so nothing it selects is backed up) or whose plan has no
//!   scheduled rule.
//! - ERROR when nothing holds and a path could not be judged: AWS Backup
//!   could not be listed in its region; a plan's rules or selections, the
//!   region's protected resources, or an EFS backup policy could not be
//!   read; or a selection's role could not be looked up. A path that holds
//!   is a PASS even when another could not be read (the reason notes it):
//!   a failed `ListProtectedResources` blinds only the recovery-point path.
//! - SKIP: not production. An EBS volume is production when it, or an
//!   instance it is attached to, is (the production tag, else a name word
//!   of its `Name` tag or id); an EFS file system or DynamoDB table by its
//!   own tags and name. Deleted volumes and file systems being deleted are
//!   skipped too.
//!
//! AWS Backup's per-region resource-type opt-in (`DescribeRegionSettings`)
//! is not read: a selection covering a type the region has opted out of
//! backs nothing up, which the recovery-point path would show but the
//! selection path does not.
//!
//! ## Why it matters
//!
//! "Backup and restore" is the simplest disaster-recovery strategy and the
//! fallback of all the others: without a restore point there is nothing to
//! restore (notes 000 › Resilient cloud solutions › "disaster recovery",
//! with EBS snapshots and RDS automated backups among its tips). DynamoDB's
//! on-demand backups are managed by AWS Backup (notes 000 › Resilient cloud
//! solutions › "dynamodb", backups).
//!
//! ## How to fix
//!
//! - **Console**: RDS › Databases › the database › Modify › Backup retention period (7 days or more). AWS Backup › Backup plans › Create backup plan (a rule with a schedule) › Assign resources (by resource ID or tag, with the `AWSBackupDefaultServiceRole` or a role of your own). EFS › the file system › General › Edit › Automatic backups.
//! - **CLI**: `aws rds modify-db-instance --db-instance-identifier ID --backup-retention-period 7 --apply-immediately` (`modify-db-cluster` for a cluster); `aws backup create-backup-plan --backup-plan file://plan.json`; `aws backup create-backup-selection --backup-plan-id ID --backup-selection file://selection.json`; `aws efs put-backup-policy --file-system-id FS --backup-policy Status=ENABLED`.
//! - **CloudFormation**: `BackupRetentionPeriod: 7` on `AWS::RDS::DBInstance` / `AWS::RDS::DBCluster`; an `AWS::Backup::BackupPlan` with a scheduled rule and an `AWS::Backup::BackupSelection` whose `IamRoleArn` exists; `BackupPolicy: {Status: ENABLED}` on `AWS::EFS::FileSystem`.
//!
//! ## References
//!
//! - Study notes: 000 › Resilient cloud solutions › "disaster recovery" (tips) and "dynamodb" (backups).
//! - AWS: "Assigning resources to a backup plan" and "Backup plan options and configuration" (AWS Backup Developer Guide); "Introduction to backups" (Amazon RDS User Guide); "Automatic backups" (Amazon EFS User Guide).
//! - AWS Config managed rules `db-instance-backup-enabled`, `ebs-in-backup-plan`, `rds-in-backup-plan`, `efs-in-backup-plan`, `dynamodb-in-backup-plan`, `backup-plan-min-frequency-and-min-retention-check`; Prowler `rds_instance_backup_enabled`.

use crate::arn::wildcard_match;
use crate::collected::Collected;
use crate::engine::{timestamp, Check, Context, Emitter, Resource, Severity};
use crate::inventory::backup::{self, BackupPlan, BackupSelection, TagCondition};
use crate::inventory::ec2::{self, Instance, Volume};
use crate::inventory::{dynamodb, efs, iam, rds, Tags};
use crate::judge::reference::Lookup;
use crate::judge::role::Roles;
use crate::judge::schedule;
use crate::settings::{
    at_least_one, Production, Setting, PROD_NAME_WORDS, PROD_TAG_KEY, PROD_TAG_VALUES,
};
use chrono::Duration;
use std::collections::HashMap;

static MIN_RETENTION_DAYS: Setting<i64> = Setting::new(
    "backup_min_retention_days",
    "RDS and Aurora automated backups kept fewer days than this are an advisory.",
    "7",
    at_least_one,
);

static DEFAULT_FREQUENCY_HOURS: Setting<i64> = Setting::new(
    "backup_default_frequency_hours",
    "The expected hours between two backups of a resource no backup plan covers: its latest recovery point must be newer than twice this.",
    "24",
    at_least_one,
);

pub static CHECK: Check = Check {
    id: "backup-coverage",
    title:
        "RDS automated backups are on; production EBS, EFS and DynamoDB are covered by AWS Backup",
    service: "backup",
    severity: Severity::High,
    section: "000 › Resilient cloud solutions › \"disaster recovery\"",
    catalog: "RES-15",
    reads: &[
        rds::DATABASES,
        ec2::INSTANCES,
        ec2::VOLUMES,
        efs::FILE_SYSTEMS,
        efs::BACKUP_POLICIES,
        dynamodb::TABLES,
        dynamodb::TABLE_TAGS,
        backup::PLANS,
        backup::RULES,
        backup::SELECTIONS,
        backup::PROTECTED_RESOURCES,
        iam::ROLES,
    ],
    tolerates: &[backup::PROTECTED_RESOURCES],
    settings: &[
        &MIN_RETENTION_DAYS,
        &DEFAULT_FREQUENCY_HOURS,
        &PROD_TAG_KEY,
        &PROD_TAG_VALUES,
        &PROD_NAME_WORDS,
    ],
    config_rule: Some("ebs-in-backup-plan"),
    prowler: Some("rds_instance_backup_enabled"),
    source: include_str!("coverage.rs"),
    run,
};

fn run(ctx: &Context, em: &mut Emitter) {
    judge_databases(ctx, em, ctx.setting(&MIN_RETENTION_DAYS));
    let production = ctx.production();
    let plans = Plans::new(ctx);
    let instances: HashMap<(&str, &str), &Instance> = ctx
        .ec2()
        .instances
        .iter()
        .map(|i| ((i.region.as_str(), i.instance_id.as_str()), i))
        .collect();
    for volume in &ctx.ec2().volumes {
        if matches!(volume.state.as_str(), "deleting" | "deleted") {
            em.skip(volume, format!("the volume is {}", volume.state));
            continue;
        }
        if !volume_is_production(&production, volume, &instances) {
            em.skip(
                volume,
                "not production (nor any instance it is attached to)",
            );
            continue;
        }
        plans.judge(ctx, em, volume, &volume.tags, None);
    }
    for fs in &ctx.efs().file_systems {
        if matches!(fs.life_cycle_state.as_str(), "deleting" | "deleted") {
            em.skip(fs, format!("the file system is {}", fs.life_cycle_state));
            continue;
        }
        let name = fs.name.as_deref().unwrap_or(&fs.id);
        if !production.is_production(Some(&fs.tags), name) {
            em.skip(fs, "not production");
            continue;
        }
        plans.judge(ctx, em, fs, &fs.tags, Some(&fs.backup_policy));
    }
    for table in &ctx.dynamodb().tables {
        if !production.is_production(Some(&table.tags), &table.name) {
            em.skip(table, "not production");
            continue;
        }
        plans.judge(ctx, em, table, &table.tags, None);
    }
}

/// RDS and Aurora: automated backups on, kept long enough.
fn judge_databases(ctx: &Context, em: &mut Emitter, min_days: i64) {
    let rds = ctx.rds();
    for instance in &rds.instances {
        if let Some(cluster) = &instance.cluster_id {
            em.skip(
                instance,
                format!("member of DB cluster {cluster}, judged with it"),
            );
        } else if let Some(source) = &instance.read_replica_source {
            em.skip(
                instance,
                format!("read replica of {source}: backups are taken on its source"),
            );
        } else {
            judge_retention(em, instance, instance.backup_retention_period, min_days);
        }
    }
    for cluster in &rds.clusters {
        judge_retention(em, cluster, cluster.backup_retention_period, min_days);
    }
}

fn judge_retention(em: &mut Emitter, r: &dyn Resource, days: Option<i64>, min_days: i64) {
    match days {
        None => em.error_reason(r, "BackupRetentionPeriod is not in the inventory"),
        Some(0) => em.fail(r, "automated backups are off (BackupRetentionPeriod 0)"),
        Some(d) if d < min_days => em.warn(
            r,
            format!("automated backups are kept {d} days, fewer than {min_days}"),
        ),
        Some(d) => em.pass(r, format!("automated backups are kept {d} days")),
    }
}

fn volume_is_production(
    production: &Production,
    volume: &Volume,
    instances: &HashMap<(&str, &str), &Instance>,
) -> bool {
    let name = volume.tags.get("Name").unwrap_or(&volume.volume_id);
    production.is_production(Some(&volume.tags), name)
        || volume.attached_to.iter().any(|id| {
            instances
                .get(&(volume.region.as_str(), id.as_str()))
                .is_some_and(|i| {
                    let name = i.tags.get("Name").unwrap_or(&i.instance_id);
                    production.is_production(Some(&i.tags), name)
                })
        })
}

/// The backup plans and recovery points of the account, indexed once.
struct Plans<'a> {
    /// Plans by region.
    by_region: HashMap<&'a str, Vec<&'a BackupPlan>>,
    /// Recovery points by resource ARN.
    protected: HashMap<&'a str, &'a backup::ProtectedResource>,
    roles: Roles<'a>,
    default_frequency: Duration,
}

/// What one resource's paths said: why the ones that did not hold did not,
/// and which could not be judged.
#[derive(Default)]
struct Paths {
    misses: Vec<String>,
    unknown: Vec<String>,
}

impl<'a> Plans<'a> {
    fn new(ctx: &'a Context) -> Plans<'a> {
        let backup = ctx.backup();
        let mut by_region: HashMap<&str, Vec<&BackupPlan>> = HashMap::new();
        for plan in &backup.plans {
            by_region
                .entry(plan.region.as_str())
                .or_default()
                .push(plan);
        }
        Plans {
            by_region,
            protected: backup
                .protected_resources
                .iter()
                .map(|p| (p.resource_arn.as_str(), p))
                .collect(),
            roles: Roles::new(ctx),
            default_frequency: Duration::hours(ctx.setting(&DEFAULT_FREQUENCY_HOURS)),
        }
    }

    fn judge(
        &self,
        ctx: &Context,
        em: &mut Emitter,
        r: &dyn Resource,
        tags: &Tags,
        efs_policy: Option<&Collected<String>>,
    ) {
        let mut paths = Paths::default();
        // Every path is judged, so that a PASS notes what could not be read.
        let (covered, frequency) = self.selection_path(ctx, r, tags, &mut paths);
        let recent = self.recovery_point_path(ctx, r, frequency, &mut paths);
        let policy = efs_policy.and_then(|p| policy_path(p, &mut paths));
        match covered.or(recent).or(policy) {
            Some(pass) if paths.unknown.is_empty() => em.pass(r, pass),
            Some(pass) => em.pass(r, format!("{pass} (note: {})", paths.unknown.join("; "))),
            None if !paths.unknown.is_empty() => {
                let mut reason = paths.unknown.join("; ");
                if !paths.misses.is_empty() {
                    reason.push_str(&format!("; and {}", paths.misses.join("; ")));
                }
                em.error_reason(r, reason)
            }
            None => em.fail(r, format!("no restore point: {}", paths.misses.join("; "))),
        }
    }

    /// A selection of a plan with a scheduled rule covers the resource with
    /// a role that exists: the pass reason. Also the expected frequency: the
    /// shortest gap of the scheduled rules of the plans covering it.
    fn selection_path(
        &self,
        ctx: &Context,
        r: &dyn Resource,
        tags: &Tags,
        paths: &mut Paths,
    ) -> (Option<String>, Option<Duration>) {
        let region = r.region();
        if ctx.blind("backup", region) {
            paths
                .unknown
                .push(format!("AWS Backup could not be listed in {region}"));
            return (None, None);
        }
        let (mut covered, mut frequency, mut selected) = (None, None::<Duration>, false);
        for plan in self.by_region.get(region).map_or(&[][..], Vec::as_slice) {
            let selections = match plan.selections.known() {
                Err(e) => {
                    paths
                        .unknown
                        .push(format!("the selections of backup plan {}: {e}", plan.name));
                    continue;
                }
                Ok(None) => continue,
                Ok(Some(s)) => s,
            };
            for selection in selections.iter().filter(|s| selects(s, r.arn(), tags)) {
                selected = true;
                let label = format!("backup plan {} (selection {})", plan.name, selection.name);
                let rule = match plan.rules.known() {
                    Err(e) => {
                        paths.unknown.push(format!("the rules of {label}: {e}"));
                        continue;
                    }
                    Ok(None) => continue,
                    Ok(Some(rules)) => rules.iter().find(|rule| rule.is_scheduled()),
                };
                let Some(rule) = rule else {
                    paths.misses.push(format!("{label} has no scheduled rule"));
                    continue;
                };
                let gap = plan
                    .rules
                    .value()
                    .into_iter()
                    .flatten()
                    .filter_map(|rule| {
                        schedule::longest_gap(rule.schedule.as_deref()?, ctx.now).ok()?
                    })
                    .min();
                if let Some(gap) = gap {
                    frequency = Some(frequency.map_or(gap, |f| f.min(gap)));
                }
                let role_label = format!("role {} of {label}", selection.iam_role_arn);
                match self.roles.lookup(ctx, &selection.iam_role_arn, role_label) {
                    Lookup::Found(_) => {
                        covered.get_or_insert_with(|| {
                            format!(
                                "backed up by {label}, rule {} ({})",
                                rule.name,
                                rule.schedule.as_deref().unwrap_or_default()
                            )
                        });
                    }
                    Lookup::Missing(why) => paths.misses.push(why),
                    Lookup::Unknown(why) => paths.unknown.push(why),
                }
            }
        }
        if !selected {
            paths
                .misses
                .push(format!("no backup selection in {region} covers it"));
        }
        (covered, frequency)
    }

    /// `ListProtectedResources` has a recovery point of it newer than twice
    /// the expected frequency.
    fn recovery_point_path(
        &self,
        ctx: &Context,
        r: &dyn Resource,
        frequency: Option<Duration>,
        paths: &mut Paths,
    ) -> Option<String> {
        if let Some(e) = ctx.unreadable(backup::PROTECTED_RESOURCES, r.region()) {
            paths.unknown.push(format!("its recovery points: {e}"));
            return None;
        }
        let (frequency, source) = match frequency {
            Some(f) => (f, "its plan's schedule"),
            None => (self.default_frequency, "backup_default_frequency_hours"),
        };
        let Some(protected) = self.protected.get(r.arn()) else {
            paths
                .misses
                .push("AWS Backup has no recovery point of it".to_string());
            return None;
        };
        let Some(last) = protected.last_backup_time else {
            paths
                .misses
                .push("AWS Backup reports no time for its latest recovery point".to_string());
            return None;
        };
        let limit = frequency * 2;
        if ctx.now - last <= limit {
            Some(format!(
                "its latest recovery point ({}) is newer than twice the expected frequency of {} ({source})",
                timestamp(&last),
                hours(frequency)
            ))
        } else {
            paths.misses.push(format!(
                "its latest recovery point ({}) is older than twice the expected frequency of {} ({source})",
                timestamp(&last),
                hours(frequency)
            ));
            None
        }
    }
}

/// EFS automatic backups.
fn policy_path(policy: &Collected<String>, paths: &mut Paths) -> Option<String> {
    match policy.known() {
        Ok(Some(status)) if status.eq_ignore_ascii_case("ENABLED") => {
            Some("EFS automatic backups are on (backup policy ENABLED)".to_string())
        }
        Ok(Some(status)) => {
            paths
                .misses
                .push(format!("its EFS backup policy is {status}"));
            None
        }
        Ok(None) => {
            paths
                .misses
                .push("it has no EFS backup policy (automatic backups are off)".to_string());
            None
        }
        Err(e) => {
            paths.unknown.push(format!("its EFS backup policy: {e}"));
            None
        }
    }
}

fn hours(d: Duration) -> String {
    match d.num_minutes() {
        m if m % 60 != 0 => format!("{m} minutes"),
        m => format!("{} hours", m / 60),
    }
}

/// True when `s` selects the resource `arn` with `tags`: by ARN (with
/// wildcards) or by one of its `ListOfTags`, meeting every `Conditions`
/// entry (a selection of conditions alone selects every resource meeting
/// them), and excluded by no `NotResources` pattern.
fn selects(s: &BackupSelection, arn: &str, tags: &Tags) -> bool {
    if s.not_resources.iter().any(|p| wildcard_match(p, arn)) {
        return false;
    }
    let by_arn = s.resources.iter().any(|p| wildcard_match(p, arn));
    let by_tag = s.list_of_tags.iter().any(|c| holds(c, tags));
    let by_conditions =
        s.resources.is_empty() && s.list_of_tags.is_empty() && !s.conditions.is_empty();
    (by_arn || by_tag || by_conditions) && s.conditions.iter().all(|c| holds(c, tags))
}

/// Whether a tag condition holds for `tags`; an operator AWS Backup does
/// not define never holds.
fn holds(c: &TagCondition, tags: &Tags) -> bool {
    let key = c.key.strip_prefix("aws:ResourceTag/").unwrap_or(&c.key);
    let value = tags.get(key);
    let like = || value.is_some_and(|v| wildcard_match(&c.value, v));
    match c.operator.to_ascii_uppercase().as_str() {
        "STRINGEQUALS" => value == Some(&c.value),
        "STRINGNOTEQUALS" => value != Some(&c.value),
        "STRINGLIKE" => like(),
        "STRINGNOTLIKE" => !like(),
        _ => false,
    }
}
