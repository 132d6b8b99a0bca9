//! A synthetic inventory for the judging benchmark (`benches/judge.rs`) and
//! its sanity test (`tests/synthetic.rs`).
//!
//! [`inventory`]`(n, seed)` builds one account of exactly `n` resources (every
//! list entry of every section counts: buckets, keys, aliases, roles,
//! policies, …) over four regions, spread over every resource type the checks
//! read, with coherent references: pipelines name roles, buckets and keys that
//! exist (mostly), instances name instance profiles whose roles exist, queues
//! redrive to dead-letter queues of their group, deployment groups name alarms
//! of their region, nested stacks name their root, and so on.
//!
//! Each resource draws a variant from a seeded generator (splitmix64), so the
//! same `(n, seed)` always gives the same inventory, with no wall-clock: a
//! deterministic mix of passing, failing and unreadable (`Collected::Error`)
//! resources, chosen so that the checks' expensive paths run (policy parsing,
//! including URL-encoded and text documents; key resolution through ids, ARNs
//! and aliases; role documents; metric filter patterns; cron schedules; stack
//! resource drift; API resource policies).
//!
//! Roughly: a fixed skeleton a real account has once (trails, the primary
//! trails' log groups with their metric filters and alarms, Config recorders
//! and remediations, GuardDuty detectors, SSM and EC2 region settings,
//! AWS-managed policies, …) plus `n` minus the skeleton spread over the kinds
//! by [`WEIGHTS`], topped up with DynamoDB tables to reach `n` exactly. Each
//! resource is written as the small JSON object a fixture would hold and
//! deserialized into the model, so redaction on load runs as it does for a
//! real fixture.

use awscheck_checks::inventory::{Account, Inventory};
use awscheck_checks::Settings;
use chrono::{DateTime, Duration, Utc};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

/// The account every synthetic resource belongs to.
pub const ACCOUNT: &str = "111122223333";
/// Another account, for cross-account references.
pub const OTHER: &str = "444455556666";
/// The scan time (`generated_at`).
pub const NOW: &str = "2026-11-21T12:00:00Z";
/// The collected regions. The last one is blind for Firehose and EKS.
pub const REGIONS: [&str; 4] = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2"];
/// The region index where Firehose and EKS could not be listed.
const BLIND: usize = 3;
/// The region index where some bucket logging configurations and queue
/// attributes could not be read (which turns "not logged" and "no DLQ"
/// there into ERROR: the bucket or queue may be another's target).
const UNREADABLE: usize = 2;
/// The smallest inventory the generator builds (the skeleton plus a few of each kind).
pub const MIN_RESOURCES: usize = 1_000;
/// An upper bound on the skeleton's size; what it leaves over is topped up.
const SKELETON_MAX: usize = 160;

/// Resource kinds scaled with `n`, and their share (per mille, roughly).
pub const WEIGHTS: &[(&str, usize)] = &[
    ("s3 buckets", 70),
    ("kms keys", 25),
    ("kms aliases", 12),
    ("iam roles", 50),
    ("iam policies", 10),
    ("iam instance profiles", 20),
    ("codepipeline pipelines", 25),
    ("codebuild projects", 35),
    ("codedeploy deployment groups", 30),
    ("cloudwatch alarms", 60),
    ("sns topics", 12),
    ("cloudformation stacks", 45),
    ("ec2 instances", 100),
    ("ec2 launch templates", 15),
    ("autoscaling groups", 20),
    ("ec2 images", 10),
    ("ssm managed instances", 70),
    ("apigateway rest apis", 15),
    ("apigateway v2 apis", 12),
    ("rds db instances", 40),
    ("rds db clusters", 12),
    ("dynamodb tables", 45),
    ("logs log groups", 45),
    ("sqs queues", 55),
    ("wafv2 web acls", 12),
    ("firehose delivery streams", 8),
    ("secretsmanager secrets", 40),
    ("lambda functions", 75),
    ("eks clusters", 4),
    ("config rules", 5),
];

/// The settings the benchmark judges with: the defaults, plus one
/// `drift_ignore` entry so the stack-drift suppression path runs.
pub fn settings() -> Settings {
    let mut s = Settings::default();
    s.set(
        awscheck_checks::registry::settings(),
        "drift_ignore",
        serde_json::json!({"AWS::AutoScaling::AutoScalingGroup": ["/DesiredCapacity"]}),
    )
    .expect("drift_ignore is a setting");
    s
}

/// An inventory of exactly `n` resources (`n >= MIN_RESOURCES`).
pub fn inventory(n: usize, seed: u64) -> Inventory {
    assert!(
        n >= MIN_RESOURCES,
        "the generator builds at least {MIN_RESOURCES} resources"
    );
    let mut g = Gen::new(seed);
    let counts = scale(n - SKELETON_MAX, WEIGHTS);
    let c = |name: &str| counts[WEIGHTS.iter().position(|(k, _)| *k == name).unwrap()];
    g.iam(
        c("iam roles"),
        c("iam policies"),
        c("iam instance profiles"),
    );
    g.kms(c("kms keys"), c("kms aliases"));
    g.s3(c("s3 buckets"));
    g.sns(c("sns topics"));
    g.logs(c("logs log groups"));
    g.cloudwatch(c("cloudwatch alarms"));
    g.lambda(c("lambda functions"));
    g.firehose(c("firehose delivery streams"));
    g.eks(c("eks clusters"));
    g.ec2(
        c("ec2 images"),
        c("ec2 launch templates"),
        c("ec2 instances"),
    );
    g.autoscaling(c("autoscaling groups"));
    g.ssm(c("ssm managed instances"));
    g.codebuild(c("codebuild projects"));
    g.codepipeline(c("codepipeline pipelines"));
    g.codedeploy(c("codedeploy deployment groups"));
    g.cloudformation(c("cloudformation stacks"));
    g.apigateway(c("apigateway rest apis"), c("apigateway v2 apis"));
    g.rds(c("rds db clusters"), c("rds db instances"));
    g.dynamodb(c("dynamodb tables"));
    g.sqs(c("sqs queues"));
    g.config(c("config rules"));
    g.wafv2(c("wafv2 web acls"));
    g.guardduty();
    g.secretsmanager(c("secretsmanager secrets"));
    g.cloudtrail();
    let have = count(&g.acct);
    assert!(
        have <= n,
        "the skeleton outgrew SKELETON_MAX: {have} resources for n = {n}"
    );
    for _ in have..n {
        g.table();
    }
    Inventory {
        format: awscheck_checks::inventory::FORMAT_VERSION,
        generated_at: g.now,
        description: Some(format!("synthetic: {n} resources, seed {seed}")),
        accounts: vec![g.acct],
    }
}

/// How many resources (list entries of every section) the inventory holds.
pub fn count_resources(inv: &Inventory) -> usize {
    inv.accounts.iter().map(count).sum()
}

fn count(a: &Account) -> usize {
    fn len<T>(s: &Option<T>, f: impl Fn(&T) -> usize) -> usize {
        s.as_ref().map_or(0, f)
    }
    len(&a.apigateway, |s| s.rest_apis.len() + s.v2_apis.len())
        + len(&a.autoscaling, |s| s.groups.len())
        + len(&a.cloudformation, |s| s.stacks.len())
        + len(&a.cloudtrail, |s| {
            s.trails.len() + s.event_data_stores.len()
        })
        + len(&a.cloudwatch, |s| s.alarms.len())
        + len(&a.codebuild, |s| s.projects.len())
        + len(&a.codedeploy, |s| s.deployment_groups.len())
        + len(&a.codepipeline, |s| s.pipelines.len())
        + len(&a.config, |s| {
            s.recorders.len() + s.delivery_channels.len() + s.rules.len() + s.remediations.len()
        })
        + len(&a.dynamodb, |s| s.tables.len())
        + len(&a.ec2, |s| {
            s.instances.len() + s.launch_templates.len() + s.images.len()
        })
        + len(&a.eks, |s| s.clusters.len())
        + len(&a.firehose, |s| s.delivery_streams.len())
        + len(&a.guardduty, |s| s.detectors.len())
        + len(&a.iam, |s| {
            s.roles.len() + s.policies.len() + s.instance_profiles.len()
        })
        + len(&a.kms, |s| s.keys.len() + s.aliases.len())
        + len(&a.lambda, |s| s.functions.len())
        + len(&a.logs, |s| s.log_groups.len())
        + len(&a.rds, |s| {
            s.instances.len() + s.clusters.len() + s.global_clusters.len()
        })
        + len(&a.s3, |s| s.buckets.len() + s.other_buckets.len())
        + len(&a.secretsmanager, |s| s.secrets.len())
        + len(&a.sns, |s| s.topics.len())
        + len(&a.sqs, |s| s.queues.len())
        + len(&a.ssm, |s| s.managed_instances.len() + s.documents.len())
        + len(&a.wafv2, |s| s.web_acls.len() + s.classic_web_acls.len())
}

/// Splits `total` by `weights`, largest remainders first (each kind gets at least 1).
fn scale(total: usize, weights: &[(&str, usize)]) -> Vec<usize> {
    let sum: usize = weights.iter().map(|(_, w)| w).sum();
    let mut counts: Vec<usize> = weights.iter().map(|(_, w)| total * w / sum).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse((total * weights[i].1) % sum));
    let mut left = total - counts.iter().sum::<usize>();
    for &i in order.iter().cycle() {
        if left == 0 {
            break;
        }
        counts[i] += 1;
        left -= 1;
    }
    counts.iter().map(|c| (*c).max(1)).collect()
}

/// splitmix64: small, fast and good enough to pick variants.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Uniform in `0..100`.
    fn pct(&mut self) -> usize {
        self.below(100)
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.pct() < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A role the generator made: its ARN (with its path) and name.
#[derive(Clone)]
struct RoleRef {
    arn: String,
    name: String,
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
const PIPELINE: usize = 0;
const BUILD: usize = 1;
const DEPLOY: usize = 2;
const CFN: usize = 3;
const INSTANCE: usize = 4;
const REMEDIATION: usize = 5;
const TRAIL: usize = 6;

const ADMIN_ARN: &str = "arn:aws:iam::aws:policy/AdministratorAccess";
const CORE_ARN: &str = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";

struct Gen {
    rng: Rng,
    now: DateTime<Utc>,
    acct: Account,
    roles: [Vec<RoleRef>; 8],
    policy_arns: Vec<String>,
    profiles: Vec<String>,
    /// Per region: key ids and alias names.
    keys: [Vec<String>; 4],
    aliases: [Vec<String>; 4],
    /// Per region: ordinary bucket names.
    buckets: [Vec<String>; 4],
    waf_buckets: Vec<String>,
    /// A bucket every region's trail can deliver to.
    trail_bucket: String,
    topics: [Vec<String>; 4],
    alarms: [Vec<String>; 4],
    waf_groups: Vec<(usize, String)>,
    waf_streams: Vec<(usize, String)>,
    rotation_functions: [Vec<String>; 4],
    images: [Vec<String>; 4],
    templates: [Vec<String>; 4],
    instances: Vec<(usize, String)>,
}

/// Deserializes one resource from its fixture JSON.
fn de<T: DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).unwrap_or_else(|e| panic!("generator wrote invalid JSON: {e}"))
}

/// `Collected` JSON: a value, absent, or an error.
fn val(v: impl Into<Value>) -> Value {
    json!({ "value": v.into() })
}
fn absent() -> Value {
    json!("absent")
}
fn denied(operation: &str) -> Value {
    json!({"error": {"operation": operation, "code": "AccessDenied", "message": "User is not authorized to perform this action"}})
}
fn throttled(operation: &str) -> Value {
    json!({"error": {"operation": operation, "code": "ThrottlingException", "message": "Rate exceeded"}})
}

fn uuid(i: usize, salt: u32) -> String {
    format!(
        "{salt:08x}-{:04x}-4{:03x}-8000-{i:012x}",
        i % 0xffff,
        i % 0xfff
    )
}

fn url_encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

impl Gen {
    fn new(seed: u64) -> Gen {
        let now: DateTime<Utc> = NOW.parse().expect("NOW is RFC 3339");
        let mut acct = Account::new(ACCOUNT, REGIONS.iter().map(|r| r.to_string()).collect());
        acct.collection_errors = ["firehose", "eks"]
            .iter()
            .map(|service| {
                de(json!({"service": service, "region": REGIONS[BLIND],
                    "operation": "List", "code": "AccessDeniedException", "message": "not authorized"}))
            })
            .collect();
        Gen {
            rng: Rng(seed ^ 0x0005_EED0_FA11),
            now,
            acct,
            roles: Default::default(),
            policy_arns: Vec::new(),
            profiles: Vec::new(),
            keys: Default::default(),
            aliases: Default::default(),
            buckets: Default::default(),
            waf_buckets: Vec::new(),
            trail_bucket: String::new(),
            topics: Default::default(),
            alarms: Default::default(),
            waf_groups: Vec::new(),
            waf_streams: Vec::new(),
            rotation_functions: Default::default(),
            images: Default::default(),
            templates: Default::default(),
            instances: Vec::new(),
        }
    }

    /// RFC 3339 time `hours` before the scan.
    fn ago(&self, hours: i64) -> String {
        (self.now - Duration::hours(hours)).to_rfc3339()
    }

    fn region(&mut self) -> usize {
        self.rng.below(REGIONS.len())
    }

    /// A region where `BLIND` services could be listed.
    fn seen_region(&mut self) -> usize {
        self.rng.below(BLIND)
    }

    fn env_tags(&mut self) -> Value {
        let env = *self
            .rng
            .pick(&["prod", "prod", "production", "dev", "staging", "test"]);
        if self.rng.chance(10) {
            json!({"team": "platform"})
        } else {
            json!({"Environment": env, "team": "platform"})
        }
    }

    /// A role of `purpose`, picked from its pool (or a made-up ARN when the pool is empty).
    fn role(&mut self, purpose: usize) -> RoleRef {
        let pool = &self.roles[purpose];
        if pool.is_empty() {
            return self.missing_role(purpose);
        }
        pool[self.rng.below(pool.len())].clone()
    }

    fn missing_role(&mut self, purpose: usize) -> RoleRef {
        let name = format!("{}-deleted-{}", PURPOSES[purpose].0, self.rng.below(1000));
        RoleRef {
            arn: format!("arn:aws:iam::{ACCOUNT}:role/{name}"),
            name,
        }
    }

    // ---------------------------------------------------------------- IAM

    /// Roles in purpose pools; trust policies as objects, single statements,
    /// URL-encoded and plain text (3% trust the wrong service, 1% do not
    /// parse); permissions inline and attached, with admin (`*` on `*` or
    /// AdministratorAccess), `iam:*` and `iam:PassRole` on `*` mixed in, and
    /// unreadable lists and dangling attachments.
    fn iam(&mut self, n_roles: usize, n_policies: usize, n_profiles: usize) {
        let mut iam = awscheck_checks::inventory::iam::Iam::default();
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
            let document = match self.rng.pct() {
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
            self.policy_arns.push(arn);
        }
        let total: usize = PURPOSES.iter().map(|p| p.2).sum();
        for (purpose, (pool, service, share)) in PURPOSES.iter().enumerate() {
            let n = (n_roles * share / total).max(2);
            for i in 0..n {
                let name = format!("{pool}-role-{i:05}");
                let path = if self.rng.chance(5) {
                    "service-role/"
                } else {
                    ""
                };
                let arn = format!("arn:aws:iam::{ACCOUNT}:role/{path}{name}");
                let trust = self.trust_policy(service);
                let attached = self.attached(purpose, i);
                let inline = self.inline(purpose);
                let tags = self.env_tags();
                iam.roles.push(de(json!({
                    "arn": arn, "region": "global", "account_id": ACCOUNT, "name": name,
                    "trust_policy": trust, "attached_policies": attached,
                    "inline_policies": inline, "tags": tags
                })));
                self.roles[purpose].push(RoleRef { arn, name });
            }
        }
        for p in 0..n_profiles {
            let name = format!("profile-{p:05}");
            let pool = &self.roles[INSTANCE];
            let role_arns = match self.rng.pct() {
                0..=95 => vec![pool[p % pool.len()].arn.clone()],
                96..=97 => vec![],
                _ => vec![format!("arn:aws:iam::{ACCOUNT}:role/instance-deleted-{p}")],
            };
            let arn = format!("arn:aws:iam::{ACCOUNT}:instance-profile/{name}");
            iam.instance_profiles.push(de(json!({
                "arn": arn, "region": "global", "account_id": ACCOUNT, "name": name, "role_arns": role_arns
            })));
            self.profiles.push(arn);
        }
        self.acct.iam = Some(iam);
    }

    fn trust_policy(&mut self, service: &str) -> Value {
        let doc = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
        ]});
        match self.rng.pct() {
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

    fn attached(&mut self, purpose: usize, i: usize) -> Value {
        if self.rng.chance(3) {
            return denied("ListAttachedRolePolicies");
        }
        let mut arns: Vec<String> = Vec::new();
        if purpose == INSTANCE && self.rng.chance(55) {
            arns.push(CORE_ARN.into());
        }
        if self.rng.chance(4) {
            arns.push(ADMIN_ARN.into());
        }
        if self.rng.chance(40) && !self.policy_arns.is_empty() {
            let p = self.rng.pick(&self.policy_arns).clone();
            arns.push(p);
        }
        if self.rng.chance(2) {
            arns.push(format!("arn:aws:iam::{ACCOUNT}:policy/deleted-{i}"));
        }
        val(arns)
    }

    fn inline(&mut self, purpose: usize) -> Value {
        if self.rng.chance(3) {
            return denied("GetRolePolicy");
        }
        let mut statements = match purpose {
            INSTANCE => match self.rng.pct() {
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
            REMEDIATION => match self.rng.pct() {
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
        match self.rng.pct() {
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

    // ---------------------------------------------------------------- KMS

    /// Keys (mostly enabled symmetric customer keys; some disabled, pending
    /// deletion, AWS managed, asymmetric, undescribable or gone) with key
    /// policies that grant CloudWatch Logs or not, and aliases to them.
    fn kms(&mut self, n_keys: usize, n_aliases: usize) {
        let mut kms = awscheck_checks::inventory::kms::Kms::default();
        let mut made: Vec<(usize, String)> = Vec::new();
        for i in 0..n_keys {
            let r = self.region();
            let id = uuid(i, 0x6b);
            let meta = |manager: &str, state: &str, spec: &str| {
                val(json!({"key_manager": manager, "key_state": state, "key_spec": spec}))
            };
            let metadata = match self.rng.pct() {
                0..=79 => meta("CUSTOMER", "Enabled", "SYMMETRIC_DEFAULT"),
                80..=84 => meta("CUSTOMER", "Disabled", "SYMMETRIC_DEFAULT"),
                85..=87 => meta("CUSTOMER", "PendingDeletion", "SYMMETRIC_DEFAULT"),
                88..=90 => meta("AWS", "Enabled", "SYMMETRIC_DEFAULT"),
                91..=93 => meta("CUSTOMER", "Enabled", "RSA_2048"),
                94..=96 => denied("DescribeKey"),
                _ => absent(),
            };
            let policy = self.key_policy(REGIONS[r]);
            kms.keys.push(de(json!({
                "arn": format!("arn:aws:kms:{}:{ACCOUNT}:key/{id}", REGIONS[r]),
                "region": REGIONS[r], "account_id": ACCOUNT, "key_id": id,
                "metadata": metadata, "policy": policy
            })));
            self.keys[r].push(id.clone());
            made.push((r, id));
        }
        for a in 0..n_aliases {
            let (r, key) = made[a % made.len()].clone();
            let name = format!("alias/app-{a:05}");
            let target = if self.rng.chance(3) {
                Value::Null
            } else {
                json!(key)
            };
            kms.aliases.push(de(json!({
                "arn": format!("arn:aws:kms:{}:{ACCOUNT}:{name}", REGIONS[r]),
                "region": REGIONS[r], "account_id": ACCOUNT, "name": name, "target_key_id": target
            })));
            self.aliases[r].push(name);
        }
        // The primary trails' log group keys: one that CloudWatch Logs may use, one disabled.
        for (r, state, id) in [
            (0, "Enabled", "trail-logs-main"),
            (1, "Disabled", "trail-logs-secondary"),
        ] {
            let region = REGIONS[r];
            kms.keys.push(de(json!({
                "arn": format!("arn:aws:kms:{region}:{ACCOUNT}:key/{id}"),
                "region": region, "account_id": ACCOUNT, "key_id": id,
                "metadata": val(json!({"key_manager": "CUSTOMER", "key_state": state, "key_spec": "SYMMETRIC_DEFAULT"})),
                "policy": val(Self::logs_key_policy(region))
            })));
        }
        self.acct.kms = Some(kms);
    }

    fn logs_key_policy(region: &str) -> Value {
        json!({"Version": "2012-10-17", "Statement": [
            {"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:root")}, "Action": "kms:*", "Resource": "*"},
            {"Sid": "Logs", "Effect": "Allow", "Principal": {"Service": format!("logs.{region}.amazonaws.com")},
             "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"], "Resource": "*",
             "Condition": {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": format!("arn:aws:logs:{region}:{ACCOUNT}:log-group:*")}}}
        ]})
    }

    fn key_policy(&mut self, region: &str) -> Value {
        match self.rng.pct() {
            0..=59 => val(Self::logs_key_policy(region)),
            60..=89 => val(json!({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:root")}, "Action": "kms:*", "Resource": "*"}]})),
            90..=94 => denied("GetKeyPolicy"),
            _ => val(Value::String(url_encode(
                &Self::logs_key_policy(region).to_string(),
            ))),
        }
    }

    /// A key reference in `r`: key id, key ARN, alias name or alias ARN.
    fn key_ref(&mut self, r: usize) -> Option<String> {
        let region = REGIONS[r];
        let key = (!self.keys[r].is_empty()).then(|| self.rng.pick(&self.keys[r]).clone());
        let alias = (!self.aliases[r].is_empty()).then(|| self.rng.pick(&self.aliases[r]).clone());
        Some(match (self.rng.pct(), key, alias) {
            (0..=54, Some(k), _) => format!("arn:aws:kms:{region}:{ACCOUNT}:key/{k}"),
            (55..=64, _, Some(a)) => a,
            (65..=72, _, Some(a)) => format!("arn:aws:kms:{region}:{ACCOUNT}:{a}"),
            (73..=77, Some(k), _) => k,
            (78..=82, _, _) => "alias/aws/s3".into(),
            (83..=87, _, _) => format!("00000000-dead-4000-8000-{:012}", self.rng.below(1000)),
            _ => return None,
        })
    }

    // ---------------------------------------------------------------- S3

    /// Buckets: one in 25 a log target of its region; WAF log buckets
    /// (`aws-waf-logs-*`, and tagged look-alikes without the prefix); TLS
    /// policies that pass, near-miss, fail, deny everything, are text or
    /// URL-encoded, are missing, unreadable or invalid; logging to targets of
    /// the same region, another region, a missing bucket or itself.
    fn s3(&mut self, n: usize) {
        let mut s3 = awscheck_checks::inventory::s3::S3::default();
        let mut targets: [Vec<String>; 4] = Default::default();
        let layout: Vec<(usize, String, u8)> = (0..n)
            .map(|i| {
                let r = self.region();
                let region = REGIONS[r];
                match i {
                    _ if i % 25 == 0 => (r, format!("logs-{i:06}-{region}"), b'l'),
                    _ if i % 40 == 7 => (r, format!("aws-waf-logs-{i:06}"), b'w'),
                    _ if i % 97 == 3 => (r, format!("waf-archive-{i:06}"), b'a'),
                    _ => (r, format!("app-{i:06}-{region}"), b'b'),
                }
            })
            .collect();
        for (r, name, kind) in &layout {
            match kind {
                b'l' => targets[*r].push(name.clone()),
                b'w' => self.waf_buckets.push(name.clone()),
                b'b' => self.buckets[*r].push(name.clone()),
                _ => {}
            }
        }
        for r in 0..REGIONS.len() {
            if targets[r].is_empty() {
                targets[r].push(format!("logs-missing-{}", REGIONS[r]));
            }
        }
        self.trail_bucket = targets[0][0].clone();
        for (i, (r, name, kind)) in layout.into_iter().enumerate() {
            let region = REGIONS[r];
            let arn = format!("arn:aws:s3:::{name}");
            let policy = self.bucket_policy(&arn);
            let versioning = match self.rng.pct() {
                0..=69 => val("Enabled"),
                70..=79 => val("Suspended"),
                80..=94 => absent(),
                _ => denied("GetBucketVersioning"),
            };
            let logging = if kind == b'l' {
                absent()
            } else {
                match self.rng.pct() {
                    0..=54 => {
                        let t = self.rng.pick(&targets[r]).clone();
                        val(json!({"target_bucket": t, "target_prefix": format!("{name}/")}))
                    }
                    55..=59 => {
                        let other = (r + 1) % REGIONS.len();
                        let t = self.rng.pick(&targets[other]).clone();
                        val(json!({"target_bucket": t, "target_prefix": ""}))
                    }
                    60..=62 => val(json!({"target_bucket": format!("deleted-logs-{i}")})),
                    63..=66 => val(json!({"target_bucket": name, "target_prefix": "self/"})),
                    // Unreadable only in one region: elsewhere an unlogged
                    // bucket is judged on CloudTrail data events.
                    95.. if r == UNREADABLE => denied("GetBucketLogging"),
                    _ => absent(),
                }
            };
            let mut tags = self.env_tags();
            let website = match self.rng.pct() {
                0..=3 => {
                    if self.rng.chance(50) {
                        tags["website-endpoint"] = json!("true");
                    }
                    val(json!({"index_document": "index.html"}))
                }
                4 => denied("GetBucketWebsite"),
                _ => absent(),
            };
            if matches!(kind, b'w' | b'a') {
                tags["purpose"] = json!("waf-logs");
            }
            if self.rng.chance(1) {
                tags["compliance:exempt"] = json!("s3-https-only, s3-access-logging");
            }
            let encryption = match self.rng.pct() {
                0..=49 => val(json!({"sse_algorithm": "AES256"})),
                50..=89 => match self.key_ref(r) {
                    Some(k) => val(
                        json!({"sse_algorithm": "aws:kms", "kms_master_key_id": k, "bucket_key_enabled": true}),
                    ),
                    None => val(json!({"sse_algorithm": "aws:kms"})),
                },
                _ => absent(),
            };
            s3.buckets.push(de(json!({
                "arn": arn, "region": region, "account_id": ACCOUNT, "name": name, "tags": tags,
                "policy": policy, "versioning": versioning, "logging": logging,
                "website": website, "encryption": encryption
            })));
        }
        for (name, region, versioning) in [
            ("partner-source-bucket", val("us-east-1"), val("Enabled")),
            ("partner-unversioned", val("eu-west-1"), absent()),
            (
                "partner-locked",
                denied("GetBucketLocation"),
                denied("GetBucketVersioning"),
            ),
            ("org-cloudtrail-archive", val("us-east-1"), val("Enabled")),
            ("gone-bucket", absent(), absent()),
        ] {
            s3.other_buckets.push(de(
                json!({"name": name, "region": region, "versioning": versioning}),
            ));
        }
        self.acct.s3 = Some(s3);
    }

    fn bucket_policy(&mut self, arn: &str) -> Value {
        let objects = format!("{arn}/*");
        let tls = |resources: Value, values: Value| {
            json!({"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                   "Resource": resources, "Condition": {"Bool": {"aws:SecureTransport": values}}})
        };
        let reader = json!({"Sid": "Readers", "Effect": "Allow",
            "Principal": {"AWS": [format!("arn:aws:iam::{ACCOUNT}:role/app-role-00001"), format!("arn:aws:iam::{OTHER}:root")]},
            "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": [arn, &objects]});
        let doc =
            |statements: Vec<Value>| json!({"Version": "2012-10-17", "Statement": statements});
        match self.rng.pct() {
            0..=44 => val(doc(vec![
                reader,
                tls(json!([arn, &objects]), json!("false")),
            ])),
            45..=49 => val(Value::String(url_encode(
                &doc(vec![tls(json!([arn, &objects]), json!("false"))]).to_string(),
            ))),
            50..=54 => val(doc(vec![
                tls(json!(arn), json!(false)),
                tls(
                    json!(format!("arn:aws:s3:::{}*/*", &arn[13..arn.len() - 2])),
                    json!("false"),
                ),
            ])),
            55..=62 => val(doc(vec![reader, tls(json!(objects), json!("false"))])),
            63..=66 => {
                let mut s = tls(json!([arn, &objects]), json!("false"));
                s["Condition"]["StringNotEquals"] = json!({"aws:PrincipalAccount": ACCOUNT});
                val(doc(vec![s]))
            }
            67..=69 => val(doc(vec![
                json!({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                "Resource": &objects, "Condition": {"Bool": {"aws:SecureTransport": "true"}}}),
            ])),
            70..=71 => val(doc(vec![tls(
                json!([arn, &objects]),
                json!(["false", "true"]),
            )])),
            72..=73 => val(doc(vec![
                tls(json!([arn, &objects]), json!("false")),
                json!({"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": [arn, &objects],
                       "Condition": {"NumericLessThan": {"s3:TlsVersion": 1.2}}}),
            ])),
            74..=87 => absent(),
            88..=93 => denied("GetBucketPolicy"),
            94..=95 => val(json!({"Version": "2012-10-17", "Statement": 5})),
            _ => val(doc(vec![reader])),
        }
    }

    // ---------------------------------------------------------------- SNS, Logs, CloudWatch

    /// Topics with confirmed, pending-only, no or unreadable subscriptions.
    fn sns(&mut self, n: usize) {
        let mut sns = awscheck_checks::inventory::sns::Sns::default();
        let mut topic = |arn: String, region: &str, subscriptions: Value| {
            sns.topics.push(de(json!({
                "arn": arn, "region": region, "account_id": ACCOUNT, "subscriptions": subscriptions
            })));
        };
        for i in 0..n {
            let r = self.region();
            let region = REGIONS[r];
            let arn = format!("arn:aws:sns:{region}:{ACCOUNT}:topic-{i:05}");
            let subscriptions = match self.rng.pct() {
                0..=69 => val(
                    json!([{"arn": format!("{arn}:{}", uuid(i, 0x5b)), "protocol": "email"},
                                     {"arn": "PendingConfirmation", "protocol": "email"}]),
                ),
                70..=84 => val(json!([{"arn": "PendingConfirmation", "protocol": "email"}])),
                85..=89 => val(json!([])),
                _ => denied("ListSubscriptionsByTopic"),
            };
            topic(arn.clone(), region, subscriptions);
            self.topics[r].push(arn);
        }
        let alerts = format!("arn:aws:sns:us-east-1:{ACCOUNT}:security-alerts");
        topic(
            alerts.clone(),
            "us-east-1",
            val(json!([{"arn": format!("{alerts}:0001"), "protocol": "email"}])),
        );
        topic(
            format!("arn:aws:sns:us-east-1:{ACCOUNT}:security-pending"),
            "us-east-1",
            val(json!([{"arn": "PendingConfirmation", "protocol": "email"}])),
        );
        topic(
            format!("arn:aws:sns:eu-west-1:{ACCOUNT}:security-alerts"),
            "eu-west-1",
            throttled("ListSubscriptionsByTopic"),
        );
        self.acct.sns = Some(sns);
    }

    /// Log groups (some CMK-encrypted, some WAF destinations, some with
    /// unreadable metric filters), and the primary trails' two log groups
    /// with the metric filters the alarm check parses.
    fn logs(&mut self, n: usize) {
        let mut logs = awscheck_checks::inventory::logs::Logs::default();
        for i in 0..n {
            let r = self.region();
            let region = REGIONS[r];
            let mut tags = self.env_tags();
            let name = match i {
                _ if i % 30 == 5 => {
                    tags["purpose"] = json!("waf-logs");
                    let name = format!("aws-waf-logs-{i:05}");
                    self.waf_groups.push((r, name.clone()));
                    name
                }
                _ if i % 71 == 9 => {
                    tags["purpose"] = json!("waf-logs");
                    format!("waf-{i:05}")
                }
                _ => format!("/app/service-{i:05}"),
            };
            let kms = if self.rng.chance(30) {
                self.key_ref(r).map(Value::String).unwrap_or(Value::Null)
            } else {
                Value::Null
            };
            let filters = match self.rng.pct() {
                0..=69 => val(json!([])),
                70..=94 => val(json!([{"name": "errors", "pattern": "ERROR -DEBUG",
                    "transformations": [{"metric_namespace": "App", "metric_name": format!("Errors{i}")}]}])),
                _ => denied("DescribeMetricFilters"),
            };
            logs.log_groups.push(de(json!({
                "arn": format!("arn:aws:logs:{region}:{ACCOUNT}:log-group:{name}"),
                "region": region, "account_id": ACCOUNT, "name": name, "kms_key_id": kms,
                "retention_in_days": 30, "metric_filters": filters, "tags": tags
            })));
        }
        let filter = |name: &str, pattern: &str, metric: &str| {
            json!({"name": name, "pattern": pattern,
                   "transformations": [{"metric_namespace": "CloudTrailMetrics", "metric_name": metric}]})
        };
        let main = json!([
            filter("delete-bucket", "{ ($.eventName = DeleteBucket) }", "DeleteBucketCount"),
            filter("trail-changes", "{ ($.eventName = \"StopLogging\") || ($.eventName = DeleteTrail) || ($.eventName = UpdateTrail) }", "TrailChanges"),
            filter("console-failures", "{ ($.eventName = ConsoleLogin) && ($.errorMessage = \"Failed authentication\") }", "ConsoleLoginFailures"),
            filter("bucket-policy", "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketPolicy) || ($.eventName = PutBucketAcl)) }", "BucketPolicyChanges"),
            filter("kms", "{ ($.eventName = %Disable.*Key%) || ($.eventName = ScheduleKey*) }", "KmsChanges"),
            filter("flow-logs", "DeleteFlowLogs", "FlowLogChanges"),
            filter("security-groups", "?AuthorizeSecurityGroupIngress ?AuthorizeSecurityGroupEgress", "SecurityGroupChanges"),
            filter("config", "\"StopConfigurationRecorder\"", "ConfigChanges"),
            filter("everything", "{ $.eventName = * }", "AllEvents"),
            filter("all", "", "AllEventsToo"),
            filter("delimited", "[version, account, eventName]", "Delimited"),
            filter("broken", "{ ($.eventName = PutUserPolicy }", "Broken"),
            filter("iam-policy", "%PutUserPolicy%", "IamPolicyChanges"),
            filter("wrong-source", "{ $.eventSource = kms.amazonaws.com && $.eventName = DeleteBucket }", "WrongSource"),
        ]);
        let secondary = json!([
            filter(
                "trail-changes",
                "{ $.eventName = StopLogging || $.eventName = DeleteTrail }",
                "TrailChanges"
            ),
            filter("console", "{ $.eventName = ConsoleLogin }", "ConsoleLogins"),
            filter(
                "root",
                "{ $.userIdentity.type = Root && $.userIdentity.invokedBy NOT EXISTS }",
                "RootUsage"
            ),
        ]);
        for (r, name, key, filters) in [
            (0, "aws-cloudtrail-logs-main", "trail-logs-main", main),
            (
                1,
                "aws-cloudtrail-logs-secondary",
                "trail-logs-secondary",
                secondary,
            ),
        ] {
            let region = REGIONS[r];
            logs.log_groups.push(de(json!({
                "arn": format!("arn:aws:logs:{region}:{ACCOUNT}:log-group:{name}"),
                "region": region, "account_id": ACCOUNT, "name": name, "retention_in_days": 365,
                "kms_key_id": format!("arn:aws:kms:{region}:{ACCOUNT}:key/{key}"),
                "metric_filters": val(filters)
            })));
        }
        self.acct.logs = Some(logs);
    }

    /// Alarms for deployment groups (OK, ALARM, INSUFFICIENT_DATA, actions
    /// on or off), and the alarms on the primary trails' metric filters.
    fn cloudwatch(&mut self, n: usize) {
        let mut cw = awscheck_checks::inventory::cloudwatch::CloudWatch::default();
        for i in 0..n {
            let r = self.region();
            let region = REGIONS[r];
            let name = format!("dg-alarm-{i:05}");
            let state = *self.rng.pick(&[
                "OK",
                "OK",
                "OK",
                "ALARM",
                "INSUFFICIENT_DATA",
                "INSUFFICIENT_DATA",
            ]);
            let actions: Vec<String> = self.topics[r].first().cloned().into_iter().collect();
            cw.alarms.push(de(json!({
                "arn": format!("arn:aws:cloudwatch:{region}:{ACCOUNT}:alarm:{name}"),
                "region": region, "account_id": ACCOUNT, "name": name,
                "namespace": "AWS/ApplicationELB", "metric_name": format!("HTTPCode_Target_5XX_Count_{i}"),
                "actions_enabled": !self.rng.chance(10), "alarm_actions": actions, "state_value": state
            })));
            self.alarms[r].push(name);
        }
        let topic = |region: &str, name: &str| format!("arn:aws:sns:{region}:{ACCOUNT}:{name}");
        let asg = format!("arn:aws:autoscaling:us-east-1:{ACCOUNT}:scalingPolicy:0000:autoScalingGroupName/web:policyName/up");
        for (region, metric, enabled, actions) in [
            (
                "us-east-1",
                "DeleteBucketCount",
                true,
                vec![topic("us-east-1", "security-alerts")],
            ),
            (
                "us-east-1",
                "TrailChanges",
                true,
                vec![topic("us-east-1", "security-alerts")],
            ),
            (
                "us-east-1",
                "ConsoleLoginFailures",
                false,
                vec![topic("us-east-1", "security-alerts")],
            ),
            (
                "us-east-1",
                "BucketPolicyChanges",
                true,
                vec![topic("us-east-1", "security-pending")],
            ),
            ("us-east-1", "KmsChanges", true, vec![asg]),
            (
                "us-east-1",
                "SecurityGroupChanges",
                true,
                vec![topic("us-east-1", "deleted-topic")],
            ),
            (
                "us-east-1",
                "ConfigChanges",
                true,
                vec![topic("us-east-1", "security-alerts")],
            ),
            (
                "us-east-1",
                "IamPolicyChanges",
                true,
                vec![topic("us-east-1", "security-alerts")],
            ),
            (
                "eu-west-1",
                "TrailChanges",
                true,
                vec![topic("eu-west-1", "security-alerts")],
            ),
        ] {
            let name = format!("cloudtrail-{metric}-{region}");
            cw.alarms.push(de(json!({
                "arn": format!("arn:aws:cloudwatch:{region}:{ACCOUNT}:alarm:{name}"),
                "region": region, "account_id": ACCOUNT, "name": name,
                "namespace": "CloudTrailMetrics", "metric_name": metric,
                "actions_enabled": enabled, "alarm_actions": actions, "state_value": "OK"
            })));
        }
        self.acct.cloudwatch = Some(cw);
    }

    // ---------------------------------------------------------------- Lambda, Firehose, EKS

    /// Functions, one in ten a secret rotation function; environment values
    /// redacted on load.
    fn lambda(&mut self, n: usize) {
        let mut lambda = awscheck_checks::inventory::lambda::Lambda::default();
        for i in 0..n {
            let r = self.region();
            let region = REGIONS[r];
            let name = if i % 10 == 0 {
                let name = format!("rotate-secret-{i:05}");
                self.rotation_functions[r].push(name.clone());
                name
            } else {
                format!("fn-{i:06}")
            };
            let mut environment = vec![json!({"name": "STAGE", "value": "prod"})];
            if self.rng.chance(20) {
                environment.push(json!({"name": "TABLE", "value": format!("table-{i}")}));
            }
            let tags = self.env_tags();
            lambda.functions.push(de(json!({
                "arn": format!("arn:aws:lambda:{region}:{ACCOUNT}:function:{name}"),
                "region": region, "account_id": ACCOUNT, "name": name,
                "environment": environment, "tags": tags
            })));
        }
        self.acct.lambda = Some(lambda);
    }

    fn firehose(&mut self, n: usize) {
        let mut fh = awscheck_checks::inventory::firehose::Firehose::default();
        for i in 0..n {
            let r = self.seen_region();
            let region = REGIONS[r];
            let mut tags = json!({});
            let name = if i % 3 == 0 {
                tags["purpose"] = json!("waf-logs");
                let name = format!("aws-waf-logs-stream-{i:04}");
                self.waf_streams.push((r, name.clone()));
                name
            } else {
                format!("events-{i:04}")
            };
            let status = if self.rng.chance(15) {
                "CREATING"
            } else {
                "ACTIVE"
            };
            fh.delivery_streams.push(de(json!({
                "arn": format!("arn:aws:firehose:{region}:{ACCOUNT}:deliverystream/{name}"),
                "region": region, "account_id": ACCOUNT, "name": name, "status": status, "tags": tags
            })));
        }
        self.acct.firehose = Some(fh);
    }

    fn eks(&mut self, n: usize) {
        let mut eks = awscheck_checks::inventory::eks::Eks::default();
        for i in 0..n {
            let region = REGIONS[i % BLIND];
            eks.clusters.push(de(json!({
                "arn": format!("arn:aws:eks:{region}:{ACCOUNT}:cluster/cluster-{i}"),
                "region": region, "account_id": ACCOUNT, "name": format!("cluster-{i}")
            })));
        }
        self.acct.eks = Some(eks);
    }

    // ---------------------------------------------------------------- EC2, Auto Scaling, SSM

    fn metadata(&mut self) -> Value {
        let hops = *self.rng.pick(&[1, 1, 1, 2, 2, 4]);
        match self.rng.pct() {
            0..=59 => {
                json!({"http_tokens": "required", "http_endpoint": "enabled", "http_put_response_hop_limit": hops})
            }
            60..=89 => {
                json!({"http_tokens": "optional", "http_endpoint": "enabled", "http_put_response_hop_limit": hops})
            }
            90..=94 => json!({"http_endpoint": "enabled"}),
            _ => json!({"http_tokens": "optional", "http_endpoint": "disabled"}),
        }
    }

    /// Images (half require IMDSv2), launch templates with versions that set
    /// HttpTokens or leave it to the account default, instances in every
    /// state with or without a usable instance profile, and each region's
    /// metadata defaults (required, absent, optional, unreadable).
    fn ec2(&mut self, n_images: usize, n_templates: usize, n_instances: usize) {
        let mut ec2 = awscheck_checks::inventory::ec2::Ec2::default();
        for i in 0..n_images {
            let r = i % REGIONS.len();
            let id = format!("ami-{i:017x}");
            let support = if self.rng.chance(50) {
                json!("v2.0")
            } else {
                Value::Null
            };
            ec2.images.push(de(
                json!({"region": REGIONS[r], "image_id": id, "imds_support": support}),
            ));
            self.images[r].push(id);
        }
        for i in 0..n_templates {
            let r = self.region();
            let region = REGIONS[r];
            let id = format!("lt-{i:017x}");
            let default = 1 + self.rng.below(3) as i64;
            let latest = default + self.rng.below(3) as i64;
            let mut versions = Vec::new();
            for v in (1..=latest).rev().take(4) {
                let opts = if self.rng.chance(25) {
                    Value::Null
                } else {
                    self.metadata()
                };
                let image = self.image(r);
                versions.push(
                    json!({"version_number": v, "metadata_options": opts, "image_id": image}),
                );
            }
            let versions = match self.rng.pct() {
                0..=91 => val(versions),
                92..=96 => denied("DescribeLaunchTemplateVersions"),
                _ => absent(),
            };
            ec2.launch_templates.push(de(json!({
                "arn": format!("arn:aws:ec2:{region}:{ACCOUNT}:launch-template/{id}"),
                "region": region, "account_id": ACCOUNT, "id": id, "name": format!("template-{i}"),
                "default_version": default, "latest_version": latest, "versions": versions
            })));
            self.templates[r].push(id);
        }
        for i in 0..n_instances {
            let r = self.region();
            let region = REGIONS[r];
            let id = format!("i-{i:017x}");
            let state = match self.rng.pct() {
                0..=79 => "running",
                80..=89 => "stopped",
                90..=93 => "terminated",
                94..=95 => "pending",
                96..=97 => "shutting-down",
                _ => "stopping",
            };
            let launch = if self.rng.chance(2) {
                (self.now - Duration::minutes(5)).to_rfc3339()
            } else {
                let days = 1 + self.rng.below(300) as i64;
                self.ago(24 * days)
            };
            let profile = match self.rng.pct() {
                0..=84 if !self.profiles.is_empty() => json!(self.rng.pick(&self.profiles)),
                85..=89 => json!(format!(
                    "arn:aws:iam::{ACCOUNT}:instance-profile/deleted-{i}"
                )),
                _ => Value::Null,
            };
            let metadata = self.metadata();
            let image = self.image(r);
            let mut tags = self.env_tags();
            if self.rng.chance(2) {
                tags["ssm:unmanaged-ok"] = json!("true");
            }
            ec2.instances.push(de(json!({
                "arn": format!("arn:aws:ec2:{region}:{ACCOUNT}:instance/{id}"),
                "region": region, "account_id": ACCOUNT, "instance_id": id, "state": state,
                "launch_time": launch, "iam_instance_profile_arn": profile,
                "metadata_options": metadata, "image_id": image,
                "subnet_id": format!("subnet-{:08x}", i % 64), "tags": tags
            })));
            self.instances.push((r, id));
        }
        let defaults = [
            val(json!({"http_tokens": "required"})),
            absent(),
            val(json!({"http_tokens": "optional"})),
            denied("GetInstanceMetadataDefaults"),
        ];
        for (region, d) in REGIONS.iter().zip(defaults) {
            ec2.regions
                .push(de(json!({"region": region, "metadata_defaults": d})));
        }
        self.acct.ec2 = Some(ec2);
    }

    fn image(&mut self, r: usize) -> Value {
        match self.rng.pct() {
            0..=89 if !self.images[r].is_empty() => json!(self.rng.pick(&self.images[r])),
            90..=94 => json!(
                "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
            ),
            _ => json!(format!("ami-{:017x}", 0xdead_0000 + self.rng.below(1000))),
        }
    }

    /// Groups launching from templates (`$Default`, `$Latest`, pinned, a
    /// bogus version, a missing template) or launch configurations.
    fn autoscaling(&mut self, n: usize) {
        let mut asg = awscheck_checks::inventory::autoscaling::AutoScaling::default();
        for i in 0..n {
            let r = self.region();
            let region = REGIONS[r];
            let name = format!("asg-{i:05}");
            let (template, config) = match self.rng.pct() {
                0..=74 if !self.templates[r].is_empty() => {
                    let id = self.rng.pick(&self.templates[r]).clone();
                    let version = *self
                        .rng
                        .pick(&["$Default", "$Default", "$Latest", "1", "latest"]);
                    (json!({"id": id, "version": version}), Value::Null)
                }
                75..=77 => (
                    json!({"id": format!("lt-gone{i:012x}"), "version": "$Default"}),
                    Value::Null,
                ),
                78..=97 => {
                    let opts = if self.rng.chance(30) {
                        Value::Null
                    } else {
                        self.metadata()
                    };
                    let image = self.image(r);
                    let lc = format!("lc-{}", i % (n / 4 + 1));
                    (
                        Value::Null,
                        json!({
                            "arn": format!("arn:aws:autoscaling:{region}:{ACCOUNT}:launchConfiguration:{}:launchConfigurationName/{lc}", uuid(i, 0x1c)),
                            "name": lc, "image_id": image, "metadata_options": opts
                        }),
                    )
                }
                _ => (Value::Null, Value::Null),
            };
            let tags = self.env_tags();
            asg.groups.push(de(json!({
                "arn": format!("arn:aws:autoscaling:{region}:{ACCOUNT}:autoScalingGroup:{}:autoScalingGroupName/{name}", uuid(i, 0xa5)),
                "region": region, "account_id": ACCOUNT, "name": name,
                "launch_template": template, "launch_configuration": config, "tags": tags
            })));
        }
        self.acct.autoscaling = Some(asg);
    }

    /// Managed nodes for the first instances (Online, ConnectionLost,
    /// Inactive) and hybrid `mi-` nodes beyond them, with patch states and
    /// compliance summaries of every kind; DHMC and the remediation
    /// documents per region.
    fn ssm(&mut self, n: usize) {
        let mut ssm = awscheck_checks::inventory::ssm::Ssm::default();
        for j in 0..n {
            let (r, id) = match self.instances.get(j) {
                Some((r, id)) => (*r, id.clone()),
                None => (self.region(), format!("mi-{j:017x}")),
            };
            let region = REGIONS[r];
            let ping = match self.rng.pct() {
                0..=84 => "Online",
                85..=90 => "ConnectionLost",
                _ => "Inactive",
            };
            let patch_state = match self.rng.pct() {
                0..=84 => {
                    let missing = if self.rng.chance(20) {
                        self.rng.below(12)
                    } else {
                        0
                    };
                    let failed = usize::from(self.rng.chance(5));
                    let reboot = usize::from(self.rng.chance(8));
                    let age = if self.rng.chance(80) { 48 } else { 24 * 20 };
                    val(json!({"missing_count": missing, "failed_count": failed,
                        "installed_pending_reboot_count": reboot, "installed_rejected_count": usize::from(self.rng.chance(3)),
                        "operation_end_time": self.ago(age)}))
                }
                85..=92 => absent(),
                _ => denied("DescribeInstancePatchStates"),
            };
            let compliance = match self.rng.pct() {
                0..=69 => val(json!({"status": "COMPLIANT"})),
                70..=89 => {
                    let sev = *self.rng.pick(&[
                        "CRITICAL",
                        "HIGH",
                        "MEDIUM",
                        "LOW",
                        "INFORMATIONAL",
                        "SEVERE",
                    ]);
                    val(json!({"status": "NON_COMPLIANT", "overall_severity": sev}))
                }
                90..=94 => absent(),
                _ => throttled("ListResourceComplianceSummaries"),
            };
            ssm.managed_instances.push(de(json!({
                "arn": format!("arn:aws:ssm:{region}:{ACCOUNT}:managed-instance/{id}"),
                "region": region, "account_id": ACCOUNT, "instance_id": id, "ping_status": ping,
                "is_latest_version": !self.rng.chance(10), "last_ping": self.ago(3),
                "patch_state": patch_state, "patch_compliance": compliance
            })));
        }
        let dhmc = [
            val("AWSSystemsManagerDefaultEC2InstanceManagementRole"),
            absent(),
            val("AWSSystemsManagerDefaultEC2InstanceManagementRole"),
            denied("GetServiceSetting"),
        ];
        for (region, role) in REGIONS.iter().zip(dhmc) {
            ssm.regions
                .push(de(json!({"region": region, "dhmc_role": role})));
        }
        for (r, region) in REGIONS.iter().enumerate() {
            let info = if r == BLIND {
                absent()
            } else {
                val(
                    json!({"document_type": "Automation", "latest_version": "3", "default_version": "1"}),
                )
            };
            ssm.documents.push(de(
                json!({"region": region, "name": "AWS-ConfigureS3BucketLogging", "info": info}),
            ));
        }
        ssm.documents.push(de(
            json!({"region": "eu-west-1", "name": "Custom-FixLogging",
            "info": val(json!({"document_type": "Command", "latest_version": "1"}))}),
        ));
        self.acct.ssm = Some(ssm);
    }

    // ---------------------------------------------------------------- CI/CD

    /// Projects with referenced and plaintext variables (some named like
    /// secrets, some holding an access key id), clean or credentialed source
    /// URLs, and path, inline, secret-bearing or broken buildspecs; service
    /// roles by ARN, by bare name (which the IAM check looks up by name),
    /// or missing.
    fn codebuild(&mut self, n: usize) {
        let mut cb = awscheck_checks::inventory::codebuild::CodeBuild::default();
        for i in 0..n {
            let r = self.region();
            let region = REGIONS[r];
            let name = format!("build-{i:05}");
            let role = self.role(BUILD);
            let service_role = match self.rng.pct() {
                0..=84 => role.arn,
                85..=92 => role.name,
                93..=94 => format!("build-deleted-{i}"),
                _ => self.missing_role(BUILD).arn,
            };
            let mut vars = vec![
                json!({"name": "STAGE", "type": "PLAINTEXT", "value": "prod"}),
                json!({"name": "DB_PASSWORD", "type": "SECRETS_MANAGER", "value": "prod/db:password"}),
            ];
            match self.rng.pct() {
                0..=5 => vars.push(json!({"name": "DB_PASSWORD_FALLBACK", "type": "PLAINTEXT", "value": format!("hunter2-{i}")})),
                6..=7 => vars.push(json!({"name": "DEPLOY_ID", "type": "PLAINTEXT", "value": "AKIAIOSFODNN7EXAMPLE"})),
                8..=30 => vars.push(json!({"name": "API_TOKEN", "type": "PARAMETER_STORE", "value": "/app/token"})),
                _ => {}
            }
            let location = if self.rng.chance(2) {
                "https://ci-bot:s3cr3t@github.com/example/repo.git".to_string()
            } else {
                format!("https://github.com/example/repo-{i}.git")
            };
            let buildspec = match self.rng.pct() {
                0..=54 => json!("buildspec.yml"),
                55..=84 => json!("version: 0.2\nenv:\n  parameter-store:\n    API_KEY: /app/key\n  variables:\n    STAGE: prod\nphases:\n  build:\n    commands: [make]\n"),
                85..=92 => json!("version: 0.2\nenv:\n  variables:\n    SECRET_TOKEN: ghp_0123456789abcdefghijABCDEFGHIJ012345\nphases:\n  build:\n    commands: [make]\n"),
                93..=96 => json!("version: 0.2\nenv: [unclosed\n"),
                _ => Value::Null,
            };
            let secondary = if self.rng.chance(10) {
                json!([{"type": "CODECOMMIT", "location": format!("https://git-codecommit.{region}.amazonaws.com/v1/repos/lib-{i}"),
                        "buildspec": "version: 0.2\nphases:\n  build:\n    commands: [make lib]\n"}])
            } else {
                json!([])
            };
            let tags = self.env_tags();
            cb.projects.push(de(json!({
                "arn": format!("arn:aws:codebuild:{region}:{ACCOUNT}:project/{name}"),
                "region": region, "account_id": ACCOUNT, "name": name, "service_role": service_role,
                "environment_variables": vars,
                "source": {"type": "GITHUB", "location": location, "buildspec": buildspec},
                "secondary_sources": secondary, "tags": tags
            })));
        }
        self.acct.codebuild = Some(cb);
    }

    fn store(&mut self, r: usize) -> Value {
        let bucket = match self.buckets[r].is_empty() {
            false => self.rng.pick(&self.buckets[r]).clone(),
            true => self.trail_bucket.clone(),
        };
        match self.key_ref(r) {
            Some(k) => {
                json!({"type": "S3", "location": bucket, "encryption_key": {"id": k, "type": "KMS"}})
            }
            None => json!({"type": "S3", "location": bucket}),
        }
    }

    /// Pipelines: single- and multi-region artifact stores with keys by id,
    /// ARN and alias (some disabled, AWS managed, missing); S3 or connection
    /// sources (S3 buckets owned, another account's, missing or unnamed);
    /// cross-account deploy actions; unreadable or vanished definitions.
    fn codepipeline(&mut self, n: usize) {
        let mut cp = awscheck_checks::inventory::codepipeline::CodePipeline::default();
        for i in 0..n {
            let r = self.region();
            let region = REGIONS[r];
            let name = format!("pipeline-{i:05}");
            let role = match self.rng.pct() {
                0..=91 => self.role(PIPELINE).arn,
                92..=96 => self.missing_role(PIPELINE).arn,
                _ => format!("arn:aws:iam::{OTHER}:role/pipeline-role"),
            };
            let source = if self.rng.chance(50) {
                let mut config = json!({"S3ObjectKey": "source.zip"});
                match self.rng.pct() {
                    0..=84 => {
                        let b = self.region();
                        if let Some(bucket) = self.buckets[b].first().cloned() {
                            let bucket = if self.rng.chance(50) {
                                bucket
                            } else {
                                self.rng.pick(&self.buckets[b]).clone()
                            };
                            config["S3Bucket"] = json!(bucket);
                        }
                    }
                    85..=91 => {
                        config["S3Bucket"] = json!(*self.rng.pick(&[
                            "partner-source-bucket",
                            "partner-unversioned",
                            "partner-locked"
                        ]))
                    }
                    92..=94 => config["S3Bucket"] = json!(format!("deleted-source-{i}")),
                    _ => {}
                }
                json!({"name": "Source", "category": "Source", "owner": "AWS", "provider": "S3", "configuration": config})
            } else {
                json!({"name": "Source", "category": "Source", "owner": "AWS", "provider": "CodeStarSourceConnection",
                       "configuration": {"FullRepositoryId": format!("example/repo-{i}"), "BranchName": "main"}})
            };
            let deploy_role = match self.rng.pct() {
                0..=79 => json!(self.role(CFN).arn),
                80..=89 => json!(format!("arn:aws:iam::{OTHER}:role/deploy-target")),
                _ => Value::Null,
            };
            let mut stages = json!([
                {"name": "Source", "actions": [source]},
                {"name": "Build", "actions": [{"name": "Build", "category": "Build", "owner": "AWS", "provider": "CodeBuild",
                    "configuration": {"ProjectName": format!("build-{:05}", i % 97)}}]},
                {"name": "Deploy", "actions": [{"name": "Deploy", "category": "Deploy", "owner": "AWS", "provider": "CloudFormation",
                    "role_arn": deploy_role, "configuration": {"ActionMode": "CREATE_UPDATE", "StackName": format!("stack-{i}")}}]}
            ]);
            let mut definition = json!({"role_arn": role, "stages": Value::Null});
            if self.rng.chance(20) {
                let other = (r + 1 + self.rng.below(REGIONS.len() - 1)) % REGIONS.len();
                let (a, b) = (self.store(r), self.store(other));
                definition["artifact_stores"] = json!({region: a, REGIONS[other]: b});
                stages[2]["actions"][0]["region"] = json!(REGIONS[other]);
            } else {
                definition["artifact_store"] = self.store(r);
            }
            definition["stages"] = stages;
            let definition = match self.rng.pct() {
                0..=87 => val(definition),
                88..=91 => absent(),
                _ => denied("GetPipeline"),
            };
            let tags = self.env_tags();
            cp.pipelines.push(de(json!({
                "arn": format!("arn:aws:codepipeline:{region}:{ACCOUNT}:{name}"),
                "region": region, "account_id": ACCOUNT, "name": name, "tags": tags, "definition": definition
            })));
        }
        self.acct.codepipeline = Some(cp);
    }

    /// Deployment groups: rollback on failure and alarms or not, production
    /// by tag or name, alarms of their region (or missing ones), ignored
    /// poll failures, unreadable or vanished configurations.
    fn codedeploy(&mut self, n: usize) {
        let mut cd = awscheck_checks::inventory::codedeploy::CodeDeploy::default();
        for i in 0..n {
            let r = self.region();
            let region = REGIONS[r];
            let app = format!("app-{:04}", i / 3);
            let name = if self.rng.chance(30) {
                format!("dg-{i:05}-prod")
            } else {
                format!("dg-{i:05}")
            };
            let role = match self.rng.pct() {
                0..=89 => self.role(DEPLOY).arn,
                90..=94 => self.missing_role(DEPLOY).arn,
                _ => format!("arn:aws:iam::{OTHER}:role/deployer"),
            };
            let rollback = match self.rng.pct() {
                0..=59 => {
                    json!({"enabled": true, "events": ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]})
                }
                60..=74 => json!({"enabled": true, "events": ["DEPLOYMENT_FAILURE"]}),
                75..=84 => json!({"enabled": false, "events": []}),
                85..=89 => json!({"enabled": true, "events": ["DEPLOYMENT_STOP_ON_REQUEST"]}),
                _ => Value::Null,
            };
            let alarms = match self.rng.pct() {
                0..=59 if !self.alarms[r].is_empty() => {
                    let mut names: Vec<String> = (0..1 + self.rng.below(3))
                        .map(|_| self.rng.pick(&self.alarms[r]).clone())
                        .collect();
                    if self.rng.chance(5) {
                        names.push(format!("deleted-alarm-{i}"));
                    }
                    json!({"enabled": true, "alarms": names, "ignore_poll_alarm_failure": self.rng.chance(5)})
                }
                60..=69 => json!({"enabled": true, "alarms": []}),
                70..=74 => json!({"enabled": false, "alarms": ["dg-alarm-00000"]}),
                _ => Value::Null,
            };
            let platform = *self.rng.pick(&["Server", "Lambda", "ECS"]);
            let config = match self.rng.pct() {
                0..=87 => val(
                    json!({"service_role_arn": role, "compute_platform": platform,
                    "deployment_config_name": "CodeDeployDefault.OneAtATime",
                    "auto_rollback": rollback, "alarm_configuration": alarms}),
                ),
                88..=91 => absent(),
                _ => denied("BatchGetDeploymentGroups"),
            };
            let tags = self.env_tags();
            cd.deployment_groups.push(de(json!({
                "arn": format!("arn:aws:codedeploy:{region}:{ACCOUNT}:deploymentgroup:{app}/{name}"),
                "region": region, "account_id": ACCOUNT, "application_name": app, "name": name,
                "tags": tags, "config": config
            })));
        }
        self.acct.codedeploy = Some(cd);
    }

    /// Stacks: root and nested (naming their root), service-owned, in every
    /// status; service roles that trust CloudFormation, do not, are gone,
    /// are another account's or are named without their path; recorded,
    /// stale, detected, failed and in-progress drift; resources in sync,
    /// modified (some differences ignored by the settings), deleted, custom.
    fn cloudformation(&mut self, n: usize) {
        let mut cf = awscheck_checks::inventory::cloudformation::CloudFormation::default();
        let mut roots: [Vec<(String, String)>; 4] = Default::default();
        for i in 0..n {
            let r = self.region();
            let region = REGIONS[r];
            let nested = self.rng.chance(15) && !roots[r].is_empty();
            let (name, parent) = if nested {
                let (root_arn, root_name) = self.rng.pick(&roots[r]).clone();
                (format!("{root_name}-Nested-{i}"), Some(root_arn))
            } else {
                let name = match self.rng.pct() {
                    0..=2 => format!("awseb-e-{i:05}-stack"),
                    3..=4 => format!("StackSet-ops-{i:05}"),
                    5 => format!("aws-sam-cli-managed-default-{i}"),
                    _ => format!("stack-{i:05}"),
                };
                (name, None)
            };
            let arn = format!(
                "arn:aws:cloudformation:{region}:{ACCOUNT}:stack/{name}/{}",
                uuid(i, 0xcf)
            );
            if parent.is_none() {
                roots[r].push((arn.clone(), name.clone()));
            }
            let status = match self.rng.pct() {
                0..=49 => "CREATE_COMPLETE",
                50..=79 => "UPDATE_COMPLETE",
                80..=84 => "UPDATE_ROLLBACK_COMPLETE",
                85..=88 => "ROLLBACK_COMPLETE",
                89..=91 => "UPDATE_IN_PROGRESS",
                92..=94 => "DELETE_FAILED",
                _ => "IMPORT_COMPLETE",
            };
            let role = if nested {
                Value::Null
            } else {
                match self.rng.pct() {
                    0..=61 => json!(self.role(CFN).arn),
                    62..=69 => {
                        let role = self.role(CFN);
                        json!(format!("arn:aws:iam::{ACCOUNT}:role/{}", role.name))
                    }
                    70..=84 => Value::Null,
                    85..=89 => json!(self.missing_role(CFN).arn),
                    90..=92 => json!(format!("arn:aws:iam::{OTHER}:role/cfn-deployer")),
                    _ => json!(self.role(PIPELINE).arn),
                }
            };
            let drift = match self.rng.pct() {
                0..=44 => "IN_SYNC",
                45..=64 => "DRIFTED",
                65..=89 => "NOT_CHECKED",
                _ => "UNKNOWN",
            };
            let last_check = match self.rng.pct() {
                0..=69 => json!(self.ago(6)),
                70..=94 => json!(self.ago(72)),
                _ => Value::Null,
            };
            let detection = match self.rng.pct() {
                0..=84 => absent(),
                85..=91 => val(json!({"status": "DETECTION_COMPLETE"})),
                92..=94 => val(
                    json!({"status": "DETECTION_FAILED", "reason": "Failed to detect drift on resource [Queue]"}),
                ),
                95..=96 => {
                    json!({"error": {"operation": "DetectStackDrift", "code": "ValidationError",
                    "message": format!("Stack [{name}] is in UPDATE_IN_PROGRESS state")}})
                }
                _ => throttled("DetectStackDrift"),
            };
            let resources = match self.rng.pct() {
                0..=91 => val(self.stack_resources(drift)),
                92..=93 => val(
                    json!([{"logical_id": "Hook", "resource_type": "Custom::Hook", "drift_status": "NOT_CHECKED"}]),
                ),
                94..=97 => throttled("ListStackResources"),
                _ => absent(),
            };
            let tags = self.env_tags();
            cf.stacks.push(de(json!({
                "arn": arn, "region": region, "account_id": ACCOUNT, "name": name, "status": status,
                "parent_id": parent, "root_id": parent, "role_arn": role,
                "drift": {"status": drift, "last_check": last_check},
                "detection": detection, "resources": resources, "tags": tags
            })));
        }
        self.acct.cloudformation = Some(cf);
    }

    fn stack_resources(&mut self, drift: &str) -> Value {
        const TYPES: [&str; 6] = [
            "AWS::S3::Bucket",
            "AWS::Lambda::Function",
            "AWS::IAM::Role",
            "AWS::AutoScaling::AutoScalingGroup",
            "Custom::Seeder",
            "AWS::SQS::Queue",
        ];
        let n = 3 + self.rng.below(6);
        let drifted = if drift == "DRIFTED" {
            1 + self.rng.below(2)
        } else {
            0
        };
        (0..n)
            .map(|k| {
                let t = TYPES[(k + n) % TYPES.len()];
                let status = match (k < drifted, drift, t.starts_with("Custom::")) {
                    (_, _, true) => "NOT_CHECKED",
                    (true, _, _) if self.rng.chance(20) => "DELETED",
                    (true, _, _) => "MODIFIED",
                    (false, "NOT_CHECKED", _) => "NOT_CHECKED",
                    (false, "UNKNOWN", _) if k == 0 => "UNKNOWN",
                    _ => "IN_SYNC",
                };
                let diffs = if status == "MODIFIED" {
                    match t {
                        "AWS::AutoScaling::AutoScalingGroup" => json!([{"path": "/DesiredCapacity", "difference_type": "NOT_EQUAL"}]),
                        _ => json!([{"path": "/Tags/0/Value", "difference_type": "NOT_EQUAL"},
                                    {"path": "/Properties/Timeout", "difference_type": "ADD"}]),
                    }
                } else {
                    json!([])
                };
                json!({"logical_id": format!("Resource{k}"), "resource_type": t, "drift_status": status,
                       "property_differences": diffs})
            })
            .collect()
    }

    // ---------------------------------------------------------------- API Gateway

    /// REST APIs (regional, edge, private with resource policies that
    /// restrict to a VPC endpoint, allow everyone, cover one stage only, or
    /// do not parse) with methods of every authorization type, and HTTP and
    /// WebSocket APIs with their routes.
    fn apigateway(&mut self, n_rest: usize, n_v2: usize) {
        let mut gw = awscheck_checks::inventory::apigateway::ApiGateway::default();
        for i in 0..n_rest {
            let r = self.region();
            let region = REGIONS[r];
            let id = format!("r{i:09x}");
            let endpoint = *self
                .rng
                .pick(&["REGIONAL", "REGIONAL", "REGIONAL", "EDGE", "PRIVATE"]);
            let policy = if endpoint == "PRIVATE" {
                let invoke = |effect: &str, resource: &str| json!({"Effect": effect, "Principal": "*", "Action": "execute-api:Invoke", "Resource": resource});
                let mut deny = invoke("Deny", "execute-api:/*");
                deny["Condition"] =
                    json!({"StringNotEquals": {"aws:SourceVpce": "vpce-0123456789abcdef0"}});
                let mut allow_vpce = invoke("Allow", "execute-api:/*");
                allow_vpce["Condition"] =
                    json!({"StringEquals": {"aws:SourceVpce": ["vpce-0123456789abcdef0"]}});
                let mut stage_deny = deny.clone();
                stage_deny["Resource"] = json!("execute-api:/prod/*");
                let statements = match self.rng.pct() {
                    0..=39 => json!([invoke("Allow", "execute-api:/*"), deny]),
                    40..=64 => json!([allow_vpce]),
                    65..=79 => json!([invoke("Allow", "execute-api:/*")]),
                    80..=89 => json!([invoke("Allow", "execute-api:/*"), stage_deny]),
                    90..=94 => Value::Null,
                    _ => {
                        json!([{"Effect": "Permit", "Principal": "*", "Action": "execute-api:Invoke"}])
                    }
                };
                (!statements.is_null())
                    .then(|| json!({"Version": "2012-10-17", "Statement": statements}))
            } else {
                None
            };
            let secure = self.rng.chance(60);
            let paths = [
                "/",
                "/items",
                "/items/{id}",
                "/orders",
                "/orders/{id}/lines",
                "/health",
                "/admin",
                "/search",
            ];
            let resources: Vec<Value> = (0..2 + self.rng.below(7))
                .map(|k| {
                    let methods: Vec<Value> = ["GET", "POST", "OPTIONS", "ANY", "DELETE"]
                        .iter()
                        .take(1 + self.rng.below(4))
                        .map(|verb| {
                            let auth = match (*verb, secure, self.rng.pct()) {
                                ("OPTIONS", _, _) => "NONE",
                                (_, true, p) => ["AWS_IAM", "COGNITO_USER_POOLS", "CUSTOM"][p % 3],
                                (_, false, 0..=29) => "AWS_IAM",
                                (_, false, 30..=49) => "CUSTOM",
                                (_, false, 50..=98) => "NONE",
                                _ => "OAUTH2",
                            };
                            json!({"http_method": verb, "authorization_type": auth, "api_key_required": self.rng.chance(30)})
                        })
                        .collect();
                    json!({"path": paths[k % paths.len()], "methods": methods})
                })
                .collect();
            let resources = match self.rng.pct() {
                0..=92 => val(resources),
                93..=97 => throttled("GetResources"),
                _ => absent(),
            };
            let mut tags = self.env_tags();
            if self.rng.chance(3) {
                tags["public-api"] = json!("true");
            }
            gw.rest_apis.push(de(json!({
                "arn": format!("arn:aws:apigateway:{region}::/restapis/{id}"),
                "region": region, "account_id": ACCOUNT, "id": id, "name": format!("api-{i}"),
                "endpoint_types": [endpoint], "policy": policy, "resources": resources, "tags": tags
            })));
        }
        for i in 0..n_v2 {
            let r = self.region();
            let region = REGIONS[r];
            let id = format!("h{i:09x}");
            let websocket = self.rng.chance(30);
            let auth = |rng: &mut Rng| *rng.pick(&["JWT", "AWS_IAM", "CUSTOM", "NONE"]);
            let routes: Vec<Value> = if websocket {
                let mut routes = vec![
                    json!({"route_key": "$disconnect", "authorization_type": "NONE"}),
                    json!({"route_key": "$default", "authorization_type": "NONE"}),
                ];
                if self.rng.chance(90) {
                    let a = *self.rng.pick(&["CUSTOM", "AWS_IAM", "NONE"]);
                    routes.push(json!({"route_key": "$connect", "authorization_type": a}));
                }
                routes
            } else {
                ["GET /items", "POST /items", "OPTIONS /items", "GET /items/{id}", "$default"]
                    .iter()
                    .take(2 + self.rng.below(4))
                    .map(|k| json!({"route_key": k, "authorization_type": if k.starts_with("OPTIONS") { "NONE" } else { auth(&mut self.rng) },
                                    "api_key_required": self.rng.chance(10)}))
                    .collect()
            };
            let routes = if self.rng.chance(5) {
                denied("GetRoutes")
            } else {
                val(routes)
            };
            let tags = self.env_tags();
            gw.v2_apis.push(de(json!({
                "arn": format!("arn:aws:apigateway:{region}::/apis/{id}"),
                "region": region, "account_id": ACCOUNT, "id": id, "name": format!("http-{i}"),
                "protocol_type": if websocket { "WEBSOCKET" } else { "HTTP" },
                "routes": routes, "tags": tags
            })));
        }
        self.acct.apigateway = Some(gw);
    }

    // ---------------------------------------------------------------- RDS, DynamoDB, SQS

    /// Aurora and Multi-AZ DB clusters whose members (DB instances) span
    /// one or two AZs or are missing; standalone instances, read replicas
    /// (some cross-region); production by tag or name; DR-tier tags with
    /// and without a global cluster or cross-region copy. `n_clusters`
    /// counts the global clusters too (two members each).
    fn rds(&mut self, n_clusters: usize, n_instances: usize) {
        let mut rds = awscheck_checks::inventory::rds::Rds::default();
        let mut members_left = n_instances / 2;
        // One global database (two members) per 13 entries of the budget:
        // every sixth cluster joins one until they are all filled.
        let n_global = n_clusters / 13;
        let mut global: Vec<String> = Vec::new();
        for i in 0..n_clusters - n_global {
            let r = self.region();
            let region = REGIONS[r];
            let prod = self.rng.chance(60);
            let id = format!("db-cluster-{i:05}{}", if prod { "-prod" } else { "" });
            let arn = format!("arn:aws:rds:{region}:{ACCOUNT}:cluster:{id}");
            let (engine, multi_az) = match self.rng.pct() {
                0..=49 => ("aurora-mysql", false),
                50..=79 => ("aurora-postgresql", false),
                80..=89 => ("mysql", true),
                _ => ("docdb", false),
            };
            let size = (1 + self.rng.below(3)).min(members_left);
            members_left -= size;
            let same_az = self.rng.chance(20);
            let mut members = Vec::new();
            for k in 0..size {
                let member = format!("{id}-instance-{k}");
                members.push(json!({"instance_id": member, "is_writer": k == 0}));
                let az = if same_az { 'a' } else { ['a', 'b', 'c'][k % 3] };
                rds.instances.push(de(json!({
                    "arn": format!("arn:aws:rds:{region}:{ACCOUNT}:db:{member}"),
                    "region": region, "account_id": ACCOUNT, "id": member, "engine": engine,
                    "multi_az": false, "availability_zone": format!("{region}{az}"), "cluster_id": id
                })));
            }
            if self.rng.chance(5) {
                members.push(
                    json!({"instance_id": format!("{id}-instance-gone"), "is_writer": false}),
                );
            }
            let mut tags = json!({});
            if self.rng.chance(15) {
                tags["dr-tier"] = json!("multi-region");
            }
            let replicas = if self.rng.chance(10) {
                json!([format!(
                    "arn:aws:rds:{}:{ACCOUNT}:cluster:{id}-replica",
                    REGIONS[(r + 1) % REGIONS.len()]
                )])
            } else {
                json!([])
            };
            if i % 6 == 0 && global.len() < 2 * n_global {
                global.push(arn.clone());
            }
            rds.clusters.push(de(json!({
                "arn": arn, "region": region, "account_id": ACCOUNT, "id": id, "engine": engine,
                "multi_az": multi_az, "members": members, "read_replicas": replicas, "tags": tags
            })));
        }
        let standalone = n_instances - (n_instances / 2 - members_left);
        for i in 0..standalone {
            let r = self.region();
            let region = REGIONS[r];
            let prod = self.rng.chance(60);
            let id = format!("db-{i:05}{}", if prod { "-prod" } else { "" });
            let mut tags = self.env_tags();
            let mut source = Value::Null;
            let mut cluster = Value::Null;
            let mut replicas = json!([]);
            match self.rng.pct() {
                0..=7 => source = json!(format!("db-{:05}-prod", i / 2)),
                8..=11 => {
                    source = json!(format!(
                        "arn:aws:rds:{}:{ACCOUNT}:db:db-{:05}-prod",
                        REGIONS[(r + 1) % REGIONS.len()],
                        i / 2
                    ))
                }
                12..=13 => cluster = json!(format!("ghost-cluster-{i}")),
                14..=23 => {
                    replicas = json!([format!(
                        "arn:aws:rds:{}:{ACCOUNT}:db:{id}-dr",
                        REGIONS[(r + 2) % REGIONS.len()]
                    )])
                }
                _ => {}
            }
            if self.rng.chance(10) {
                tags["dr-tier"] = json!(*self.rng.pick(&["multi-region", "single-region"]));
            }
            rds.instances.push(de(json!({
                "arn": format!("arn:aws:rds:{region}:{ACCOUNT}:db:{id}"),
                "region": region, "account_id": ACCOUNT, "id": id,
                "engine": *self.rng.pick(&["mysql", "postgres", "mariadb"]), "multi_az": self.rng.chance(60),
                "availability_zone": format!("{region}a"), "cluster_id": cluster,
                "read_replica_source": source, "read_replicas": replicas, "tags": tags
            })));
        }
        // Global databases of two clusters each (a primary and a secondary).
        for (k, chunk) in global.chunks(2).enumerate() {
            rds.global_clusters.push(de(json!({
                "arn": format!("arn:aws:rds::{ACCOUNT}:global-cluster:global-{k}"),
                "region": "us-east-1", "account_id": ACCOUNT, "id": format!("global-{k}"), "members": chunk
            })));
        }
        self.acct.rds = Some(rds);
    }

    fn dynamodb(&mut self, n: usize) {
        self.acct.dynamodb = Some(Default::default());
        for _ in 0..n {
            self.table();
        }
    }

    /// One table: PITR enabled (full or short window), disabled, not
    /// described, or unreadable.
    fn table(&mut self) {
        let tables = &mut self.acct.dynamodb.get_or_insert_default().tables;
        let i = tables.len();
        let r = self.rng.below(REGIONS.len());
        let region = REGIONS[r];
        let name = format!("table-{i:06}");
        let pitr = match self.rng.pct() {
            0..=59 => val(json!({"status": "ENABLED", "recovery_period_days": 35})),
            60..=69 => val(json!({"status": "ENABLED", "recovery_period_days": 7})),
            70..=84 => val(json!({"status": "DISABLED"})),
            85..=92 => absent(),
            _ => denied("DescribeContinuousBackups"),
        };
        let tags = self.env_tags();
        self.acct
            .dynamodb
            .get_or_insert_default()
            .tables
            .push(de(json!({
                "arn": format!("arn:aws:dynamodb:{region}:{ACCOUNT}:table/{name}"),
                "region": region, "account_id": ACCOUNT, "name": name, "pitr": pitr, "tags": tags
            })));
    }

    /// Queues in groups of four (a dead-letter queue and three sources of
    /// one region, standard or FIFO): redrives that work, are missing, target
    /// nothing or themselves, mismatch types, are refused by the DLQ's
    /// redrive-allow policy, retain too briefly or dead-letter on the first
    /// failure; unreadable and vanished attributes.
    fn sqs(&mut self, n: usize) {
        let mut sqs = awscheck_checks::inventory::sqs::Sqs::default();
        let mut group = (0, false, String::new());
        for i in 0..n {
            let g = i / 4;
            if i % 4 == 0 {
                let r = self.region();
                let fifo = self.rng.chance(20);
                group = (r, fifo, String::new());
            }
            let (r, fifo) = (group.0, group.1);
            let region = REGIONS[r];
            let suffix = if fifo { ".fifo" } else { "" };
            let name = if i % 4 == 0 {
                format!("q-{g:05}-dlq{suffix}")
            } else {
                format!("q-{g:05}-src{}{suffix}", i % 4)
            };
            let arn = format!("arn:aws:sqs:{region}:{ACCOUNT}:{name}");
            let attributes = if i % 4 == 0 {
                group.2 = arn.clone();
                let sources: Vec<String> = (1..4)
                    .map(|k| format!("arn:aws:sqs:{region}:{ACCOUNT}:q-{g:05}-src{k}{suffix}"))
                    .collect();
                let allow = match self.rng.pct() {
                    0..=69 => Value::Null,
                    70..=79 => json!({"redrive_permission": "allowAll"}),
                    80..=94 => {
                        json!({"redrive_permission": "byQueue", "source_queue_arns": sources})
                    }
                    95..=97 => json!({"redrive_permission": "denyAll"}),
                    _ => {
                        json!({"redrive_permission": "byQueue", "source_queue_arns": [&sources[0]]})
                    }
                };
                let retention = if self.rng.chance(85) {
                    1_209_600
                } else {
                    345_600
                };
                match self.rng.pct() {
                    90.. if r == UNREADABLE => denied("GetQueueAttributes"),
                    _ => val(
                        json!({"fifo": fifo, "message_retention_period": retention, "redrive_allow_policy": allow}),
                    ),
                }
            } else {
                let dlq = group.2.clone();
                let redrive = |target: &str, count: i64| json!({"dead_letter_target_arn": target, "max_receive_count": count});
                let (redrive, fifo, retention) = match self.rng.pct() {
                    0..=69 => (redrive(&dlq, 5), fifo, 345_600),
                    70..=74 => (redrive(&dlq, 1), fifo, 345_600),
                    75..=82 => (Value::Null, fifo, 345_600),
                    83..=85 => (
                        redrive(&format!("arn:aws:sqs:{region}:{ACCOUNT}:q-gone-{i}"), 5),
                        fifo,
                        345_600,
                    ),
                    86..=87 => (redrive(&arn, 5), fifo, 345_600),
                    88..=90 => (redrive(&dlq, 5), !fifo, 345_600),
                    91..=93 => (redrive(&dlq, 5), fifo, 1_209_600),
                    94..=95 => (Value::Null, fifo, 0),
                    _ if r == UNREADABLE => (Value::Null, fifo, -1),
                    _ => (redrive(&dlq, 3), fifo, 345_600),
                };
                match retention {
                    0 => absent(),
                    -1 => throttled("GetQueueAttributes"),
                    _ => val(
                        json!({"fifo": fifo, "message_retention_period": retention, "redrive_policy": redrive}),
                    ),
                }
            };
            let tags = self.env_tags();
            sqs.queues.push(de(json!({
                "arn": arn, "region": region, "account_id": ACCOUNT, "name": name,
                "url": format!("https://sqs.{region}.amazonaws.com/{ACCOUNT}/{name}"),
                "attributes": attributes, "tags": tags
            })));
        }
        self.acct.sqs = Some(sqs);
    }

    // ---------------------------------------------------------------- Config, WAF, GuardDuty

    /// Per region: a customer recorder (recording everything, without the
    /// global types, with exclusions and daily, or unreadable), a
    /// service-linked one in one region, delivery channels (one failing,
    /// one to a Control Tower bucket, none in the last region), the
    /// `s3-bucket-logging-enabled` rule with its remediation in three
    /// regions; plus `n` other rules.
    fn config(&mut self, n_rules: usize) {
        let mut config = awscheck_checks::inventory::config::Config::default();
        let groups = [
            json!({"all_supported": true, "include_global_resource_types": true}),
            json!({"all_supported": true, "include_global_resource_types": false}),
            json!({"recording_strategy": "EXCLUSION_BY_RESOURCE_TYPES", "exclusion_resource_types": ["AWS::S3::Bucket", "AWS::EC2::Volume"]}),
            json!({"all_supported": true}),
        ];
        let statuses = [
            val(json!({"recording": true, "last_status": "SUCCESS"})),
            val(json!({"recording": true, "last_status": "SUCCESS"})),
            val(
                json!({"recording": true, "last_status": "FAILURE", "last_error_code": "InsufficientDeliveryPolicyException"}),
            ),
            denied("DescribeConfigurationRecorderStatus"),
        ];
        for (r, (group, status)) in groups.into_iter().zip(statuses).enumerate() {
            let region = REGIONS[r];
            config.recorders.push(de(json!({
                "arn": format!("arn:aws:config:{region}:{ACCOUNT}:configuration-recorder/default/{}", uuid(r, 0xc0)),
                "region": region, "account_id": ACCOUNT, "name": "default", "recording_group": group,
                "recording_frequency": if r == 2 { "DAILY" } else { "CONTINUOUS" }, "status": status
            })));
            let channel = match r {
                0 => Some((
                    "config-bucket",
                    val(
                        json!({"config_history_last_status": "SUCCESS", "config_snapshot_last_status": "SUCCESS"}),
                    ),
                )),
                1 => Some((
                    "config-bucket",
                    val(json!({"config_history_last_status": "FAILURE"})),
                )),
                2 => Some((
                    "aws-controltower-logs-999988887777-ap-southeast-2",
                    absent(),
                )),
                _ => None,
            };
            if let Some((bucket, status)) = channel {
                config.delivery_channels.push(de(json!({
                    "arn": format!("arn:aws:config:{region}:{ACCOUNT}:delivery-channel/default"),
                    "region": region, "account_id": ACCOUNT, "name": "default",
                    "s3_bucket_name": bucket, "status": status
                })));
            }
        }
        config.recorders.push(de(json!({
            "arn": format!("arn:aws:config:eu-west-1:{ACCOUNT}:configuration-recorder/AWSConfigurationRecorderForConformancePacks/linked"),
            "region": "eu-west-1", "account_id": ACCOUNT, "name": "AWSConfigurationRecorderForConformancePacks",
            "recording_group": {"resource_types": ["AWS::S3::Bucket"]},
            "service_principal": "config-conforms.amazonaws.com",
            "status": val(json!({"recording": true}))
        })));
        for (r, region) in REGIONS.iter().enumerate().take(BLIND) {
            let rule = "s3-bucket-logging-enabled";
            config.rules.push(de(json!({
                "arn": format!("arn:aws:config:{region}:{ACCOUNT}:config-rule/config-rule-{r:06}"),
                "region": region, "account_id": ACCOUNT, "name": rule, "source_identifier": "S3_BUCKET_LOGGING_ENABLED"
            })));
            let role = match r {
                0 => self.role(REMEDIATION).arn,
                1 => self.roles[REMEDIATION][1 % self.roles[REMEDIATION].len()]
                    .arn
                    .clone(),
                _ => self.missing_role(REMEDIATION).arn,
            };
            config.remediations.push(de(json!({
                "arn": format!("arn:aws:config:{region}:{ACCOUNT}:remediation-configuration/{rule}/{}", uuid(r, 0x4e)),
                "region": region, "account_id": ACCOUNT, "config_rule_name": rule, "target_type": "SSM_DOCUMENT",
                "target_id": if r == 1 { "Custom-FixLogging" } else { "AWS-ConfigureS3BucketLogging" },
                "target_version": if r == 2 { "7" } else { "$DEFAULT" },
                "automatic": r != 1, "automation_assume_role": role,
                "maximum_automatic_attempts": if r == 0 { json!(5) } else { Value::Null },
                "retry_attempt_seconds": 60,
                "executions": val(json!([
                    {"resource_id": "app-000001-us-east-1", "state": "SUCCEEDED", "last_updated": self.ago(30)},
                    {"resource_id": "app-000002-us-east-1", "state": if r == 0 { "FAILED" } else { "SUCCEEDED" }, "last_updated": self.ago(50)}
                ]))
            })));
        }
        for i in 0..n_rules {
            let region = REGIONS[i % REGIONS.len()];
            config.rules.push(de(json!({
                "arn": format!("arn:aws:config:{region}:{ACCOUNT}:config-rule/config-rule-{:06}", 100 + i),
                "region": region, "account_id": ACCOUNT, "name": format!("custom-rule-{i}")
            })));
        }
        self.acct.config = Some(config);
    }

    /// Web ACLs logging to prefixed buckets, log groups and Firehose
    /// streams (some unprefixed, missing, in another region or unlistable),
    /// not logging, unreadable, Security Lake scoped, filtered to nothing or
    /// with no destination; and two WAF Classic ACLs.
    fn wafv2(&mut self, n: usize) {
        let mut waf = awscheck_checks::inventory::wafv2::Wafv2::default();
        for i in 0..n {
            let cloudfront = self.rng.chance(10);
            let r = if cloudfront { 0 } else { self.region() };
            let region = REGIONS[r];
            let scope = if cloudfront { "CLOUDFRONT" } else { "REGIONAL" };
            let name = format!("acl-{i:05}");
            let id = uuid(i, 0xac1);
            let destination = match self.rng.pct() {
                0..=34 if !self.waf_buckets.is_empty() => {
                    format!("arn:aws:s3:::{}", self.rng.pick(&self.waf_buckets))
                }
                35..=64 => {
                    let same: Vec<&(usize, String)> =
                        self.waf_groups.iter().filter(|(g, _)| *g == r).collect();
                    if same.is_empty() {
                        format!(
                            "arn:aws:logs:{region}:{ACCOUNT}:log-group:aws-waf-logs-missing-{i}"
                        )
                    } else {
                        format!(
                            "arn:aws:logs:{region}:{ACCOUNT}:log-group:{}",
                            self.rng.pick(&same).1
                        )
                    }
                }
                65..=84 if !self.waf_streams.is_empty() => {
                    let (s, stream) = self.rng.pick(&self.waf_streams).clone();
                    format!(
                        "arn:aws:firehose:{}:{ACCOUNT}:deliverystream/{stream}",
                        REGIONS[s]
                    )
                }
                85..=89 => format!("arn:aws:s3:::app-{:06}-{region}", i),
                90..=94 => {
                    format!("arn:aws:logs:{region}:{ACCOUNT}:log-group:aws-waf-logs-gone-{i}:*")
                }
                _ => format!(
                    "arn:aws:logs:{}:{ACCOUNT}:log-group:aws-waf-logs-elsewhere",
                    REGIONS[(r + 1) % REGIONS.len()]
                ),
            };
            let logging = match self.rng.pct() {
                0..=69 => val(
                    json!({"log_destination_configs": [destination], "redacted_fields": ["authorization"],
                                      "managed_by_firewall_manager": self.rng.chance(5)}),
                ),
                70..=79 => absent(),
                80..=84 => denied("GetLoggingConfiguration"),
                85..=89 => val(
                    json!({"log_destination_configs": ["arn:aws:s3:::aws-security-data-lake-us-east-1"], "log_scope": "SECURITY_LAKE"}),
                ),
                90..=94 => val(json!({"log_destination_configs": [destination],
                    "logging_filter": {"default_behavior": "DROP", "filters": [{"behavior": "DROP", "requirement": "MEETS_ANY"}]}})),
                _ => val(json!({"log_destination_configs": []})),
            };
            let tags = self.env_tags();
            waf.web_acls.push(de(json!({
                "arn": format!("arn:aws:wafv2:{region}:{ACCOUNT}:{}/webacl/{name}/{id}", if cloudfront { "global" } else { "regional" }),
                "region": region, "account_id": ACCOUNT, "name": name, "id": id, "scope": scope,
                "logging": logging, "tags": tags
            })));
        }
        for (k, region) in ["us-east-1", "eu-west-1"].iter().enumerate() {
            waf.classic_web_acls.push(de(json!({
                "arn": format!("arn:aws:waf-regional:{region}:{ACCOUNT}:webacl/classic-{k}"),
                "region": region, "account_id": ACCOUNT, "name": format!("classic-{k}"), "id": format!("classic-{k}")
            })));
        }
        self.acct.wafv2 = Some(waf);
    }

    /// Detectors: enabled with every plan; enabled with plans off where
    /// resources need them; unreadable; and a region without one.
    fn guardduty(&mut self) {
        let mut gd = awscheck_checks::inventory::guardduty::GuardDuty::default();
        let features = |off: &[&str]| -> Value {
            ["S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS", "LAMBDA_NETWORK_LOGS", "RUNTIME_MONITORING"]
                .iter()
                .map(|f| json!({"name": f, "status": if off.contains(f) { "DISABLED" } else { "ENABLED" }}))
                .collect()
        };
        let details = [
            val(json!({"status": "ENABLED", "features": features(&[])})),
            val(
                json!({"status": "ENABLED", "features": features(&["S3_DATA_EVENTS", "LAMBDA_NETWORK_LOGS", "EKS_AUDIT_LOGS"])}),
            ),
            denied("GetDetector"),
        ];
        for (r, d) in details.into_iter().enumerate() {
            let region = REGIONS[r];
            let id = format!("{:032x}", r + 1);
            gd.detectors.push(de(json!({
                "arn": format!("arn:aws:guardduty:{region}:{ACCOUNT}:detector/{id}"),
                "region": region, "account_id": ACCOUNT, "id": id, "details": d
            })));
        }
        self.acct.guardduty = Some(gd);
    }

    // ---------------------------------------------------------------- Secrets Manager

    /// Secrets: rotation off, or on by days, rates and cron schedules
    /// (weekly, monthly, last day, first Monday, yearly, never again,
    /// uninterpretable); rotated recently, long ago or never; rotation
    /// functions present, missing or in another account; AWS managed key
    /// with cross-account policies; DR-tier tags with and without a
    /// replica in sync; service-owned secrets.
    fn secretsmanager(&mut self, n: usize) {
        let mut sm = awscheck_checks::inventory::secretsmanager::SecretsManager::default();
        for i in 0..n {
            let r = self.region();
            let region = REGIONS[r];
            let name = format!("secret-{i:05}");
            let rules = match self.rng.pct() {
                0..=29 => json!({"automatically_after_days": 30}),
                30..=44 => json!({"automatically_after_days": 90}),
                45..=49 => json!({"automatically_after_days": 180}),
                50..=59 => json!({"schedule_expression": "rate(30 days)"}),
                60..=64 => json!({"schedule_expression": "rate(12 hours)"}),
                65..=74 => json!({"schedule_expression": "cron(0 4 ? * SUN *)"}),
                75..=82 => {
                    json!({"automatically_after_days": 30, "schedule_expression": "cron(0 0 1 * ? *)"})
                }
                83..=87 => json!({"schedule_expression": "cron(0 0 L * ? *)"}),
                88..=91 => json!({"schedule_expression": "cron(0 8 ? * 2#1 *)"}),
                92..=94 => json!({"schedule_expression": "cron(0 0 1 JAN ? *)"}),
                95 => json!({"schedule_expression": "cron(0 0 ? * MON-FRI 2020)"}),
                96..=97 => json!({"schedule_expression": "cron(0 0 * * * *)"}),
                _ => Value::Null,
            };
            let (last, created) = match self.rng.pct() {
                0..=69 => (json!(self.ago(24 * 10)), json!(self.ago(24 * 400))),
                70..=84 => (json!(self.ago(24 * 200)), json!(self.ago(24 * 400))),
                85..=94 => (Value::Null, json!(self.ago(24 * 400))),
                _ => (Value::Null, Value::Null),
            };
            let lambda = match self.rng.pct() {
                0..=69 if !self.rotation_functions[r].is_empty() => {
                    let f = self.rng.pick(&self.rotation_functions[r]);
                    json!(format!("arn:aws:lambda:{region}:{ACCOUNT}:function:{f}"))
                }
                70..=79 => json!(format!(
                    "arn:aws:lambda:{region}:{ACCOUNT}:function:rotate-gone-{i}:$LATEST"
                )),
                80..=84 => json!(format!(
                    "arn:aws:lambda:{region}:{OTHER}:function:central-rotator"
                )),
                _ => Value::Null,
            };
            let kms = if self.rng.chance(50) {
                self.key_ref(r).map(Value::String).unwrap_or(Value::Null)
            } else {
                Value::Null
            };
            let policy = match self.rng.pct() {
                0..=69 => absent(),
                70..=84 => val(
                    json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                    "Principal": {"AWS": format!("arn:aws:iam::{OTHER}:root")}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}),
                ),
                85..=94 => val(
                    json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
                    "Action": "secretsmanager:GetSecretValue", "Resource": "*",
                    "Condition": {"StringEquals": {"aws:PrincipalAccount": ACCOUNT}}}]}),
                ),
                _ => denied("GetResourcePolicy"),
            };
            let mut tags = self.env_tags();
            let mut replication = json!([]);
            if self.rng.chance(10) {
                tags["dr-tier"] = json!("multi-region");
                let other = REGIONS[(r + 1) % REGIONS.len()];
                replication = match self.rng.pct() {
                    0..=59 => json!([{"region": other, "status": "InSync"}]),
                    60..=79 => json!([{"region": other, "status": "Failed"}]),
                    _ => json!([]),
                };
            }
            sm.secrets.push(de(json!({
                "arn": format!("arn:aws:secretsmanager:{region}:{ACCOUNT}:secret:{name}-AbCdEf"),
                "region": region, "account_id": ACCOUNT, "name": name,
                "rotation_enabled": self.rng.chance(85), "rotation_rules": rules,
                "rotation_lambda_arn": lambda, "last_rotated_date": last, "created_date": created,
                "owning_service": if self.rng.chance(5) { json!("rds") } else { Value::Null },
                "kms_key_id": kms,
                "primary_region": if self.rng.chance(3) { json!(REGIONS[(r + 1) % REGIONS.len()]) } else { Value::Null },
                "replication_status": replication, "policy": policy, "tags": tags
            })));
        }
        self.acct.secretsmanager = Some(sm);
    }

    // ---------------------------------------------------------------- CloudTrail

    /// An organization trail of another account; the main trail (all
    /// management events, S3 data events for 150 buckets, streaming to the
    /// CMK-encrypted main log group); a secondary streaming trail with
    /// advanced selectors and a late delivery; a stopped and an unreadable
    /// multi-region trail; a single-region trail per region; a Lake store.
    fn cloudtrail(&mut self) {
        let mut ct = awscheck_checks::inventory::cloudtrail::CloudTrail::default();
        let trail_arn = |region: &str, account: &str, name: &str| {
            format!("arn:aws:cloudtrail:{region}:{account}:trail/{name}")
        };
        let logging = |minutes: i64| {
            val(json!({"is_logging": true,
                "latest_cloudwatch_logs_delivery_time": (self.now - Duration::minutes(minutes)).to_rfc3339()}))
        };
        let all_management =
            json!({"basic": [{"read_write_type": "All", "include_management_events": true}]});
        ct.trails.push(de(json!({
            "arn": trail_arn("us-east-1", OTHER, "org-trail"), "region": "us-east-1", "account_id": OTHER,
            "name": "org-trail", "is_multi_region": true, "is_organization_trail": true,
            "include_global_service_events": true, "s3_bucket_name": "org-cloudtrail-archive",
            "status": val(json!({"is_logging": true})), "event_selectors": val(all_management.clone())
        })));
        let objects: Vec<String> = self
            .buckets
            .iter()
            .flatten()
            .take(150)
            .map(|b| format!("arn:aws:s3:::{b}/"))
            .collect();
        let trail_roles = &self.roles[TRAIL];
        let (main_role, secondary_role) = (
            trail_roles[0].arn.clone(),
            trail_roles[1 % trail_roles.len()].arn.clone(),
        );
        ct.trails.push(de(json!({
            "arn": trail_arn("eu-west-1", ACCOUNT, "secondary"), "region": "eu-west-1", "account_id": ACCOUNT,
            "name": "secondary", "is_multi_region": true, "include_global_service_events": true,
            "s3_bucket_name": self.trail_bucket,
            "cloudwatch_logs_log_group_arn": format!("arn:aws:logs:eu-west-1:{ACCOUNT}:log-group:aws-cloudtrail-logs-secondary:*"),
            "cloudwatch_logs_role_arn": secondary_role, "status": logging(180),
            "event_selectors": val(json!({"advanced": [
                {"name": "management", "field_selectors": [{"field": "eventCategory", "equals": ["Management"]},
                                                           {"field": "eventSource", "not_equals": ["kms.amazonaws.com"]}]},
                {"name": "some buckets", "field_selectors": [{"field": "eventCategory", "equals": ["Data"]},
                    {"field": "resources.type", "equals": ["AWS::S3::Object"]},
                    {"field": "resources.ARN", "starts_with": objects.iter().skip(100).cloned().collect::<Vec<_>>()}]},
                {"name": "deletes", "field_selectors": [{"field": "eventCategory", "equals": ["Data"]},
                    {"field": "resources.type", "equals": ["AWS::S3::Object"]}, {"field": "eventName", "equals": ["DeleteObject"]}]}
            ]}))
        })));
        ct.trails.push(de(json!({
            "arn": trail_arn("us-east-1", ACCOUNT, "main"), "region": "us-east-1", "account_id": ACCOUNT,
            "name": "main", "is_multi_region": true, "include_global_service_events": true,
            "s3_bucket_name": self.trail_bucket,
            "cloudwatch_logs_log_group_arn": format!("arn:aws:logs:us-east-1:{ACCOUNT}:log-group:aws-cloudtrail-logs-main:*"),
            "cloudwatch_logs_role_arn": main_role, "status": logging(10),
            "event_selectors": val(json!({"basic": [
                {"read_write_type": "All", "include_management_events": true,
                 "data_resources": [{"type": "AWS::S3::Object", "values": objects}]},
            ]}))
        })));
        ct.trails.push(de(json!({
            "arn": trail_arn("us-east-1", ACCOUNT, "stopped"), "region": "us-east-1", "account_id": ACCOUNT,
            "name": "stopped", "is_multi_region": true, "include_global_service_events": false,
            "s3_bucket_name": "gone-bucket", "status": val(json!({"is_logging": false})), "event_selectors": absent()
        })));
        ct.trails.push(de(json!({
            "arn": trail_arn("eu-west-1", ACCOUNT, "unreadable"), "region": "eu-west-1", "account_id": ACCOUNT,
            "name": "unreadable", "is_multi_region": true, "include_global_service_events": true,
            "s3_bucket_name": self.trail_bucket, "status": throttled("GetTrailStatus"),
            "event_selectors": throttled("GetEventSelectors")
        })));
        for region in REGIONS {
            let name = format!("regional-{region}");
            ct.trails.push(de(json!({
                "arn": trail_arn(region, ACCOUNT, &name), "region": region, "account_id": ACCOUNT,
                "name": name, "is_multi_region": false, "include_global_service_events": false,
                "s3_bucket_name": self.trail_bucket, "status": val(json!({"is_logging": true})),
                "event_selectors": val(json!({"basic": [{"read_write_type": "ReadOnly", "include_management_events": true,
                    "data_resources": [{"type": "AWS::S3::Object", "values": [format!("arn:aws:s3:::app-000001-{region}/")]}]}]}))
            })));
        }
        ct.event_data_stores.push(de(json!({
            "arn": format!("arn:aws:cloudtrail:us-east-1:{ACCOUNT}:eventdatastore/{}", uuid(0, 0xeda)),
            "region": "us-east-1", "account_id": ACCOUNT, "name": "lake", "status": "ENABLED", "multi_region": true,
            "advanced_event_selectors": [{"name": "management", "field_selectors": [{"field": "eventCategory", "equals": ["Management"]}]}]
        })));
        self.acct.cloudtrail = Some(ct);
    }
}
