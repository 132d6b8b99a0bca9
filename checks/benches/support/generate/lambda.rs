//! Lambda: functions, one in ten a secret rotation function.

use super::fixture::de;
use super::gen::{Gen, PerRegion};
use super::kinds::{Generator, Kind};
use super::{ACCOUNT, REGIONS};
use serde_json::json;

const FUNCTIONS: Kind = Kind::scaled("lambda.functions", 75);

pub const GENERATOR: Generator = Generator {
    kinds: &[FUNCTIONS],
    generate: |g, n| lambda(g, n[FUNCTIONS]),
};

/// The rotation functions made, per region (their names).
#[derive(Default)]
pub struct RotationFunctions(pub PerRegion<String>);

/// Functions, one in ten a secret rotation function; environment values
/// redacted on load.
fn lambda(g: &mut Gen, n: usize) {
    let mut lambda = awscheck_checks::inventory::lambda::Lambda::default();
    for i in 0..n {
        let r = g.region();
        let region = REGIONS[r];
        let name = if i % 10 == 0 {
            let name = format!("rotate-secret-{i:05}");
            g.made.of::<RotationFunctions>().0[r].push(name.clone());
            name
        } else {
            format!("fn-{i:06}")
        };
        let mut environment = vec![json!({"name": "STAGE", "value": "prod"})];
        if g.rng.chance(20) {
            environment.push(json!({"name": "TABLE", "value": format!("table-{i}")}));
        }
        let tags = g.env_tags();
        lambda.functions.push(de(json!({
            "arn": format!("arn:aws:lambda:{region}:{ACCOUNT}:function:{name}"),
            "region": region, "account_id": ACCOUNT, "name": name,
            "environment": environment, "tags": tags
        })));
    }
    g.acct.lambda = Some(lambda);
}
