//! A synthetic inventory for the judging benchmark (`benches/judge.rs`) and
//! its sanity test (`tests/synthetic.rs`).
//!
//! [`inventory`]`(n, seed)` builds one account of exactly `n` resources
//! (and two small member accounts of its organization, counted in `n`)
//! (every entry of a section's lists counts, except the per-region settings
//! of a `regions` list) over four regions, spread over every resource type
//! the checks read, with coherent references: pipelines name roles, buckets
//! and keys that exist (mostly), instances name instance profiles whose
//! roles exist, queues redrive to dead-letter queues of their group,
//! deployment groups name alarms of their region, nested stacks name their
//! root, and so on.
//!
//! Each resource draws a variant from a seeded generator ([`rng`]), so the
//! same `(n, seed)` always gives the same inventory, with no wall-clock: a
//! deterministic mix of passing, failing and unreadable (`Collected::Error`)
//! resources, chosen so that the checks' expensive paths run (policy
//! parsing, including URL-encoded and text documents; key resolution
//! through ids, ARNs and aliases; role documents; metric filter patterns;
//! cron schedules; stack resource drift; API resource policies). Firehose
//! and EKS could not be listed in the [`BLIND`] region, and some bucket
//! logging and queue attributes not read in the [`UNREADABLE`] one.
//!
//! # How it is built
//!
//! - **One generator per section** (`iam.rs`, `s3.rs`, …), registered in
//!   [`generators!`] below in the order they run. Each declares, next to
//!   the code that writes them, its kinds ([`kinds::Kind`]): the lists it
//!   writes, with a weight for those that grow with `n`. It writes each
//!   resource as the small JSON object a fixture would hold and
//!   deserializes it into the model ([`fixture`]), so redaction on load
//!   runs as for a real fixture.
//! - **What a generator makes for later ones** (role pools, keys, bucket
//!   names, …) it keeps in [`Gen::made`] under a type of its own
//!   (`iam::Roles`, `s3::Buckets`), so a new generator never edits the
//!   core. Generators run in registration order, so one may refer to what
//!   an earlier one made; when that one is missing, it finds nothing and
//!   makes a dangling reference instead.
//! - **Exact `n`**: a fixed skeleton a real account has once (trails, the
//!   primary trails' log groups with their metric filters and alarms,
//!   Config recorders and remediations, GuardDuty detectors, SSM and EC2
//!   region settings, AWS-managed policies, …) fits in [`SKELETON_MAX`];
//!   `n` minus that is split over the weight table (every generator's
//!   scaled kinds, then the replicated lists, in order; [`kinds`]), and
//!   DynamoDB tables top the account up to `n` exactly.
//!
//! # A section without a generator
//!
//! Whatever no generator declares, a whole section or one list of a section
//! that has a generator, is covered by [`replicate`]: copies of the bundled
//! sandbox mock's entries (`mocks/sandbox.json`), with fresh names, ids and
//! ARNs, at a default weight of [`replicate::WEIGHT`]. So a new section of
//! the model is judged at scale as soon as the mocks have it, with no bench
//! code written; the bench prints which lists it replicated.
//!
//! # Adding a generator
//!
//! Where realism matters (coherent references, a mix of variants the
//! sandbox lacks, a resource type that dominates real accounts), write one:
//! a file `<section>.rs` whose `//!` doc says what it makes, declaring its
//! kinds and the function that writes them, drawing every variant from
//! `g.rng`:
//!
//! ```ignore
//! // ecr.rs
//! const REPOSITORIES: Kind = Kind::scaled("ecr.repositories", 20); // per mille, roughly
//!
//! pub const GENERATOR: Generator = Generator {
//!     kinds: &[REPOSITORIES, Kind::fixed("ecr.regions")],
//!     generate: |g, n| ecr(g, n[REPOSITORIES]),
//! };
//! ```
//!
//! then its name in [`generators!`], after the generators it refers to.
//! Replication of the lists it declares stops by itself; a list of the
//! section it does not declare stays replicated. A fixed kind's resources
//! come out of [`SKELETON_MAX`] (a build panics when they outgrow it).
//! `tests/synthetic.rs` checks the count, the determinism and that every
//! check still sees a mix of verdicts.

use awscheck_checks::inventory::Inventory;
use awscheck_checks::Settings;

mod fixture;
mod gen;
mod kinds;
mod probe;
mod replicate;
mod rng;
mod sections;

use gen::Gen;
use kinds::Counts;
pub use kinds::Generator;
use replicate::Replicas;

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
/// An upper bound on the skeleton's size (the resources of fixed kinds, and
/// what scaled generators make beyond their count); what it leaves over is
/// topped up.
const SKELETON_MAX: usize = 480;

/// Declares the generator modules and [`GENERATORS`], in the order they
/// run: a generator may refer to what an earlier one made.
macro_rules! generators {
    ($($section:ident),* $(,)?) => {
        $(mod $section;)*

        /// Every section generator, in the order they run.
        pub const GENERATORS: &[Generator] = &[$($section::GENERATOR),*];
    };
}

// A new generator: its file, and its name here (after those it refers to).
generators! {
    iam,
    kms,
    s3,
    sns,
    logs,
    cloudwatch,
    lambda,
    firehose,
    eks,
    ec2,
    autoscaling,
    ssm,
    codebuild,
    codepipeline,
    codedeploy,
    cloudformation,
    apigateway,
    rds,
    dynamodb,
    sqs,
    config,
    wafv2,
    guardduty,
    organizations,
    secretsmanager,
    cloudtrail,
    dms,
    opensearch,
    fms,
    trustedadvisor,
    ecs,
    oam,
    synthetics,
    servicecatalog,
}

/// Adds one resource: what tops the account up to exactly `n`.
const TOP_UP: fn(&mut Gen) = dynamodb::table;

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
    build(n, seed, GENERATORS)
}

/// An inventory of exactly `n` resources, written by `generators` and, for
/// what they do not declare, replicated from the sandbox.
pub fn build(n: usize, seed: u64, generators: &[Generator]) -> Inventory {
    assert!(
        n >= MIN_RESOURCES,
        "the generator builds at least {MIN_RESOURCES} resources"
    );
    let replicas = Replicas::not_written_by(generators);
    let table: Vec<(String, usize)> = generators
        .iter()
        .flat_map(|generator| generator.kinds)
        .filter_map(|k| Some((k.list.to_string(), k.weight?)))
        .chain(replicas.lists().into_iter().map(|l| (l, replicate::WEIGHT)))
        .collect();
    let counts = Counts::split(n - SKELETON_MAX, &table);
    let mut g = Gen::new(seed);
    for generator in generators {
        (generator.generate)(&mut g, &counts);
    }
    replicas.write(&mut g.acct, &counts);
    let have = sections::count(&g.acct) + g.members.iter().map(sections::count).sum::<usize>();
    assert!(
        have <= n,
        "the skeleton outgrew SKELETON_MAX: {have} resources for n = {n}"
    );
    for _ in have..n {
        TOP_UP(&mut g);
    }
    Inventory {
        format: awscheck_checks::inventory::FORMAT_VERSION,
        generated_at: g.now,
        description: Some(format!("synthetic: {n} resources, seed {seed}")),
        accounts: std::iter::once(g.acct).chain(g.members).collect(),
    }
}

/// The resource lists (`section.list`) that `generators` leave to
/// replication from the sandbox.
pub fn replicated(generators: &[Generator]) -> Vec<String> {
    Replicas::not_written_by(generators).lists()
}

/// How many resources (entries of every section's resource lists) the
/// inventory holds.
pub fn count_resources(inv: &Inventory) -> usize {
    inv.accounts.iter().map(sections::count).sum()
}
