//! CloudWatch cross-account observability: the account is the monitoring
//! account, with a sink per region whose policy grants the organization,
//! lists accounts, is open to everyone, or could not be read; the member
//! accounts hold no link (their `oam` sections are empty).

use super::fixture::{de, denied, val};
use super::gen::Gen;
use super::kinds::{Generator, Kind};
use super::{ACCOUNT, OTHER, REGIONS};
use serde_json::{json, Value};

pub const GENERATOR: Generator = Generator {
    kinds: &[Kind::fixed("oam.sinks"), Kind::fixed("oam.links")],
    generate: |g, _| oam(g),
};

/// One sink per region, each with another kind of policy, and a link of
/// the account to another monitoring account's sink.
fn oam(g: &mut Gen) {
    let statement = |principal: Value, condition: Value| {
        json!({"Statement": [{"Effect": "Allow", "Principal": principal,
            "Action": ["oam:CreateLink", "oam:UpdateLink"], "Resource": "*", "Condition": condition}]})
    };
    let policies = [
        val(statement(json!("*"), json!({"StringEquals": {"aws:PrincipalOrgID": "o-synthetic"}}))),
        val(statement(json!({"AWS": [OTHER]}), json!({}))),
        val(statement(json!("*"), json!({}))),
        denied("GetSinkPolicy"),
    ];
    let sinks: Vec<Value> = REGIONS
        .iter()
        .zip(policies)
        .map(|(region, policy)| {
            json!({"arn": format!("arn:aws:oam:{region}:{ACCOUNT}:sink/sink-{region}"),
                   "region": region, "account_id": ACCOUNT, "name": format!("sink-{region}"), "policy": policy})
        })
        .collect();
    let links = vec![json!({"arn": format!("arn:aws:oam:{}:{ACCOUNT}:link/to-security", REGIONS[0]),
        "region": REGIONS[0], "account_id": ACCOUNT,
        "sink_arn": format!("arn:aws:oam:{}:{OTHER}:sink/security", REGIONS[0]),
        "resource_types": ["AWS::CloudWatch::Metric", "AWS::Logs::LogGroup"]})];
    g.acct.oam = Some(de(json!({"sinks": sinks, "links": links})));
}
