//! ## What it checks
//!
//! The master password of every RDS DB instance and Aurora/RDS DB cluster is
//! held in Secrets Manager by RDS itself (`ManageMasterUserPassword`:
//! `MasterUserSecret` with status `active`), not a static password set at
//! creation. Aurora is judged at the cluster level: members of a DB cluster
//! are SKIP.
//!
//! - PASS: `MasterUserSecret.SecretArn` is present with `SecretStatus`
//!   `active`.
//! - FAIL (production: the production tag, else a name word of the
//!   identifier): no managed secret, or one that is not `active`
//!   (`creating`, `rotating`, `impaired`; the status is quoted).
//! - Advisory (FAIL at low): the same on a database that is not production.
//! - SKIP: DB instances that are members of a DB cluster.
//! - ERROR: RDS could not be listed in a region.
//!
//! A password kept in a Secrets Manager secret of your own, attached with an
//! `AWS::SecretsManager::SecretTargetAttachment` and rotated, is not
//! recognised yet: such databases get the FAIL or advisory above (see the
//! issue note).
//!
//! ## Why it matters
//!
//! A static master password is never rotated and leaks through templates,
//! parameters and scripts. The notes name two ways to keep it out of IaC:
//! `ManageMasterUserPassword` (RDS creates, stores and rotates the secret),
//! or a Secrets Manager secret with a `SecretTargetAttachment` for rotation
//! (notes 000 › Configuration Management and IaC › "cloudformation:",
//! dynamic references).
//!
//! ## How to fix
//!
//! Let RDS manage the master password (the database restarts nothing; the
//! old password stops working once the secret is created).
//!
//! - **Console**: RDS › Databases › the cluster (or stand-alone instance) › Modify › Credential management › Managed in AWS Secrets Manager › apply immediately.
//! - **CLI**: `aws rds modify-db-cluster --db-cluster-identifier ID --manage-master-user-password --apply-immediately` (`aws rds modify-db-instance --db-instance-identifier ID --manage-master-user-password --apply-immediately` for an instance outside a cluster).
//! - **CloudFormation**: on `AWS::RDS::DBCluster` (or `AWS::RDS::DBInstance`) set `ManageMasterUserPassword: true` and remove `MasterUserPassword` (optionally `MasterUserSecret: {KmsKeyId: …}`).
//!
//! ## References
//!
//! - Study notes: 000 › Configuration Management and IaC › "cloudformation:" (dynamic references: option 1 `ManageMasterUserPassword`, option 2 secret and `SecretTargetAttachment`).
//! - AWS: "Password management with Amazon RDS and AWS Secrets Manager" (RDS User Guide and Aurora User Guide).
//! - No AWS Config managed rule (related: `secretsmanager-rotation-enabled-check`); no Prowler equivalent.

use crate::engine::{Check, Context, Emitter, Resource, Severity};
use crate::inventory::rds;
use crate::inventory::rds::MasterUserSecret;
use crate::inventory::Tags;
use crate::settings::{Production, PROD_NAME_WORDS, PROD_TAG_KEY, PROD_TAG_VALUES};

pub static CHECK: Check = Check {
    id: "rds-master-password-managed",
    title: "RDS and Aurora master passwords are managed in Secrets Manager",
    service: "rds",
    severity: Severity::Medium,
    section: "000 › Configuration Management and IaC › \"cloudformation:\"",
    catalog: "IAC-11",
    reads: &[rds::DATABASES],
    tolerates: &[],
    settings: &[&PROD_TAG_KEY, &PROD_TAG_VALUES, &PROD_NAME_WORDS],
    config_rule: None,
    prowler: None,
    source: include_str!("master_password_managed.rs"),
    run,
};

fn run(ctx: &Context, em: &mut Emitter) {
    let production = ctx.production();
    let db = ctx.rds();
    for c in &db.clusters {
        judge(
            &production,
            c,
            &c.tags,
            &c.id,
            c.master_user_secret.as_ref(),
            em,
        );
    }
    for i in &db.instances {
        if let Some(cluster) = &i.cluster_id {
            em.skip(
                i,
                format!("member of DB cluster {cluster}: judged at the cluster"),
            );
            continue;
        }
        judge(
            &production,
            i,
            &i.tags,
            &i.id,
            i.master_user_secret.as_ref(),
            em,
        );
    }
}

fn judge(
    production: &Production,
    r: &dyn Resource,
    tags: &Tags,
    id: &str,
    secret: Option<&MasterUserSecret>,
    em: &mut Emitter,
) {
    let problem = match secret {
        Some(s) if s.status.eq_ignore_ascii_case("active") => {
            return em.pass(r, format!("master password managed in Secrets Manager ({})", s.secret_arn));
        }
        Some(s) => format!(
            "the master password's Secrets Manager secret is {} (not active): {}",
            s.status, s.secret_arn
        ),
        None => "the master password is not managed in Secrets Manager (ManageMasterUserPassword is off): a static password".to_string(),
    };
    if production.is_production(Some(tags), id) {
        em.fail(r, problem);
    } else {
        em.warn(r, format!("{problem} (not production)"));
    }
}
