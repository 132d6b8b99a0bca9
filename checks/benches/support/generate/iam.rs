//! IAM: roles in pools by purpose (the service they serve), customer and
//! AWS-managed policies, and instance profiles.

use super::fixture::{absent, de, denied, url_encode, val};
use super::gen::Gen;
use super::kinds::{Generator, Kind};
use super::ACCOUNT;
use serde_json::{json, Value};

const ROLES: Kind = Kind::scaled("iam.roles", 50);
const POLICIES: Kind = Kind::scaled("iam.policies", 10);
const PROFILES: Kind = Kind::scaled("iam.instance_profiles", 20);

pub const GENERATOR: Generator = Generator {
    kinds: &[ROLES, POLICIES, PROFILES],
    generate: |g, n| iam(g, n[ROLES], n[POLICIES], n[PROFILES]),
};

/// A role the generator made: its ARN (with its path) and name.
#[derive(Clone)]
pub struct RoleRef {
    pub arn: String,
    pub name: String,
}

/// Role purposes: the pool name, the service principal it trusts, its share.
const PURPOSES: [(&str, &str, usize); 8] = [
    ("pipeline", "codepipeline.amazonaws.com", 10),
    ("build", "codebuild.amazonaws.com", 15),
    ("deploy", "codedeploy.amazonaws.com", 10),
    ("cfn", "cloudformation.amazonaws.com", 10),
    ("instance", "ec2.amazonaws.com", 35),
    ("remediation", "ssm.amazonaws.com", 3),
    ("trail", "cloudtrail.amazonaws.com", 2),
    ("app", "lambda.amazonaws.com", 15),
];
/// The purposes other generators pick roles of (indexes into `PURPOSES`).
pub const PIPELINE: usize = 0;
pub const BUILD: usize = 1;
pub const DEPLOY: usize = 2;
pub const CFN: usize = 3;
pub const INSTANCE: usize = 4;
pub const REMEDIATION: usize = 5;
pub const TRAIL: usize = 6;

const ADMIN_ARN: &str = "arn:aws:iam::aws:policy/AdministratorAccess";
const CORE_ARN: &str = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";

/// The roles made, one pool per purpose.
#[derive(Default)]
pub struct Roles(pub [Vec<RoleRef>; PURPOSES.len()]);

/// The instance profiles made (their ARNs).
#[derive(Default)]
pub struct InstanceProfiles(pub Vec<String>);

/// A role of `purpose`, picked from its pool (or a made-up ARN when the pool is empty).
pub fn role(g: &mut Gen, purpose: usize) -> RoleRef {
    let pool = &g.made.of::<Roles>().0[purpose];
    if pool.is_empty() {
        return missing_role(g, purpose);
    }
    pool[g.rng.below(pool.len())].clone()
}

/// The ARN of the `k`th role of `purpose` (cycling through its pool), for
/// the skeleton's fixed references; a role that does not exist when the
/// pool is empty.
pub fn nth_role(g: &mut Gen, purpose: usize, k: usize) -> String {
    let pool = &g.made.of::<Roles>().0[purpose];
    match pool.len() {
        0 => format!("arn:aws:iam::{ACCOUNT}:role/{}-deleted", PURPOSES[purpose].0),
        len => pool[k % len].arn.clone(),
    }
}

/// A role of `purpose` that does not exist (deleted, or never made).
pub fn missing_role(g: &mut Gen, purpose: usize) -> RoleRef {
    let name = format!("{}-deleted-{}", PURPOSES[purpose].0, g.rng.below(1000));
    RoleRef {
        arn: format!("arn:aws:iam::{ACCOUNT}:role/{name}"),
        name,
    }
}

/// Roles in purpose pools; trust policies as objects, single statements,
/// URL-encoded and plain text (3% trust the wrong service, 1% do not
/// parse); permissions inline and attached, with admin (`*` on `*` or
/// AdministratorAccess), `iam:*` and `iam:PassRole` on `*` mixed in, and
/// unreadable lists and dangling attachments.
fn iam(g: &mut Gen, n_roles: usize, n_policies: usize, n_profiles: usize) {
    let mut iam = awscheck_checks::inventory::iam::Iam::default();
    let mut policy_arns: Vec<String> = Vec::new();
    let mut roles = Roles::default();
    let mut profiles = InstanceProfiles::default();
    iam.policies.push(de(json!({
        "arn": ADMIN_ARN, "region": "global", "account_id": "aws", "name": "AdministratorAccess",
        "document": val(json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    })));
    iam.policies.push(de(json!({
        "arn": CORE_ARN, "region": "global", "account_id": "aws", "name": "AmazonSSMManagedInstanceCore",
        "document": val(json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["ssm:DescribeAssociation", "ssm:GetDocument", "ssm:UpdateInstanceInformation", "ssm:ListAssociations"], "Resource": "*"},
            {"Effect": "Allow", "Action": ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"], "Resource": "*"},
            {"Effect": "Allow", "Action": "ec2messages:*", "Resource": "*"}
        ]}))
    })));
    for i in 0..n_policies {
        let name = format!("policy-{i:05}");
        let arn = format!("arn:aws:iam::{ACCOUNT}:policy/{name}");
        let doc = json!({"Version": "2012-10-17", "Statement": [
            {"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::app-*", "arn:aws:s3:::app-*/*"]},
            {"Effect": "Allow", "Action": "logs:*", "Resource": format!("arn:aws:logs:*:{ACCOUNT}:log-group:/app/*")},
            {"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}
        ]});
        let document = match g.rng.pct() {
            0..=79 => val(doc),
            80..=86 => val(Value::String(url_encode(&doc.to_string()))),
            87..=89 => val(
                json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}),
            ),
            90..=94 => denied("GetPolicyVersion"),
            95..=97 => absent(),
            _ => val(
                json!({"Version": "2012-10-17", "Statement": [{"Effect": "Maybe", "Action": "s3:*"}]}),
            ),
        };
        iam.policies.push(de(json!({
            "arn": arn, "region": "global", "account_id": ACCOUNT, "name": name, "document": document
        })));
        policy_arns.push(arn);
    }
    let total: usize = PURPOSES.iter().map(|p| p.2).sum();
    for (purpose, (pool, service, share)) in PURPOSES.iter().enumerate() {
        let n = (n_roles * share / total).max(2);
        for i in 0..n {
            let name = format!("{pool}-role-{i:05}");
            let path = if g.rng.chance(5) {
                "service-role/"
            } else {
                ""
            };
            let arn = format!("arn:aws:iam::{ACCOUNT}:role/{path}{name}");
            let trust = trust_policy(g, service);
            let attached = attached(g, &policy_arns, purpose, i);
            let inline = inline(g, purpose);
            let tags = g.env_tags();
            iam.roles.push(de(json!({
                "arn": arn, "region": "global", "account_id": ACCOUNT, "name": name,
                "trust_policy": trust, "attached_policies": attached,
                "inline_policies": inline, "tags": tags
            })));
            roles.0[purpose].push(RoleRef { arn, name });
        }
    }
    for p in 0..n_profiles {
        let name = format!("profile-{p:05}");
        let pool = &roles.0[INSTANCE];
        let role_arns = match g.rng.pct() {
            0..=95 => vec![pool[p % pool.len()].arn.clone()],
            96..=97 => vec![],
            _ => vec![format!("arn:aws:iam::{ACCOUNT}:role/instance-deleted-{p}")],
        };
        let arn = format!("arn:aws:iam::{ACCOUNT}:instance-profile/{name}");
        iam.instance_profiles.push(de(json!({
            "arn": arn, "region": "global", "account_id": ACCOUNT, "name": name, "role_arns": role_arns
        })));
        profiles.0.push(arn);
    }
    g.acct.iam = Some(iam);
    *g.made.of::<Roles>() = roles;
    *g.made.of::<InstanceProfiles>() = profiles;
}

/// A trust policy for `service`: as an object, a single statement,
/// URL-encoded or pretty text; trusting the wrong service, denying, or
/// naming an invalid principal.
fn trust_policy(g: &mut Gen, service: &str) -> Value {
    let doc = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
    ]});
    match g.rng.pct() {
        0..=84 => doc,
        85..=88 => {
            json!({"Version": "2012-10-17", "Statement": {"Sid": "Trust", "Effect": "Allow",
            "Principal": {"Service": [service, "lambda.amazonaws.com"]}, "Action": ["sts:AssumeRole", "sts:TagSession"]}})
        }
        89..=91 => Value::String(url_encode(&doc.to_string())),
        92..=93 => Value::String(serde_json::to_string_pretty(&doc).unwrap()),
        94..=96 => json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}),
        97..=98 => json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"},
            {"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole"}]}),
        _ => json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": "everyone", "Action": "sts:AssumeRole"}]}),
    }
}

/// Attached policies: SSM core for instances, admin, a customer policy,
/// a deleted one; or unreadable.
fn attached(g: &mut Gen, policy_arns: &[String], purpose: usize, i: usize) -> Value {
    if g.rng.chance(3) {
        return denied("ListAttachedRolePolicies");
    }
    let mut arns: Vec<String> = Vec::new();
    if purpose == INSTANCE && g.rng.chance(55) {
        arns.push(CORE_ARN.into());
    }
    if g.rng.chance(4) {
        arns.push(ADMIN_ARN.into());
    }
    if g.rng.chance(40) && !policy_arns.is_empty() {
        let p = g.rng.pick(policy_arns).clone();
        arns.push(p);
    }
    if g.rng.chance(2) {
        arns.push(format!("arn:aws:iam::{ACCOUNT}:policy/deleted-{i}"));
    }
    val(arns)
}

/// Inline policies for `purpose`, with admin, `iam:PassRole` on `*`,
/// `iam:*` or a region guard mixed in; or unreadable.
fn inline(g: &mut Gen, purpose: usize) -> Value {
    if g.rng.chance(3) {
        return denied("GetRolePolicy");
    }
    let mut statements = match purpose {
        INSTANCE => match g.rng.pct() {
            0..=69 => vec![
                json!({"Effect": "Allow", "Action": ["ssm:UpdateInstanceInformation", "ssmmessages:*"], "Resource": "*"}),
            ],
            70..=84 => vec![
                json!({"Effect": "Allow", "Action": ["ssm:UpdateInstanceInformation", "ec2messages:*"], "Resource": "*"}),
            ],
            _ => vec![
                json!({"Effect": "Allow", "Action": "ssm:UpdateInstanceInformation", "Resource": "*"}),
            ],
        },
        REMEDIATION => match g.rng.pct() {
            0..=79 => vec![
                json!({"Effect": "Allow", "Action": ["s3:PutBucketLogging", "s3:GetBucketLogging"], "Resource": "*"}),
            ],
            80..=89 => vec![
                json!({"Effect": "Allow", "Action": "s3:PutBucketLogging", "Resource": "*"}),
            ],
            _ => vec![
                json!({"Effect": "Allow", "Action": "s3:*", "Resource": "*"}),
                json!({"Effect": "Deny", "Action": "s3:GetBucketLogging", "Resource": "*"}),
            ],
        },
        _ => vec![
            json!({"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::app-*/*"}),
            json!({"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": format!("arn:aws:logs:*:{ACCOUNT}:log-group:*")}),
            json!({"Effect": "Allow", "Action": "iam:PassRole", "Resource": format!("arn:aws:iam::{ACCOUNT}:role/cfn-role-*")}),
        ],
    };
    match g.rng.pct() {
        0..=3 => statements.push(json!({"Effect": "Allow", "Action": "*", "Resource": "*"})),
        4..=7 => statements.push(json!({"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"})),
        8..=10 => statements.push(json!({"Effect": "Allow", "Action": "iam:*", "Resource": "*"})),
        11..=15 => statements.push(json!({"Effect": "Deny", "Action": "*", "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}})),
        _ => {}
    }
    val(
        json!([{"name": "inline", "document": {"Version": "2012-10-17", "Statement": statements}}]),
    )
}
