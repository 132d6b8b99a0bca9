//! CloudWatch Synthetics: a canary per region, running and passing,
//! stopped, failing on a deprecated runtime, or with an unreadable last
//! run; none is alarmed (the alarms are `cloudwatch`'s).

use super::fixture::{de, throttled, val};
use super::gen::Gen;
use super::kinds::{Generator, Kind};
use super::{ACCOUNT, REGIONS};
use serde_json::json;

pub const GENERATOR: Generator = Generator {
    kinds: &[
        Kind::fixed("synthetics.canaries"),
        Kind::fixed("synthetics.runtime_versions"),
    ],
    generate: |g, _| synthetics(g),
};

fn synthetics(g: &mut Gen) {
    let runs = [
        ("RUNNING", val(json!("PASSED")), "syn-nodejs-puppeteer-9.1"),
        ("STOPPED", val(json!("PASSED")), "syn-nodejs-puppeteer-9.1"),
        ("RUNNING", val(json!("FAILED")), "syn-nodejs-puppeteer-3.9"),
        ("RUNNING", throttled("DescribeCanariesLastRun"), "syn-nodejs-puppeteer-9.1"),
    ];
    let canaries: Vec<_> = REGIONS
        .iter()
        .zip(runs)
        .map(|(region, (state, last_run, runtime))| {
            let name = format!("probe-{region}");
            json!({"arn": format!("arn:aws:synthetics:{region}:{ACCOUNT}:canary:{name}"),
                   "region": region, "account_id": ACCOUNT, "name": name, "state": state,
                   "runtime_version": runtime, "last_run": last_run})
        })
        .collect();
    let runtime_versions: Vec<_> = REGIONS
        .iter()
        .flat_map(|region| {
            [
                json!({"region": region, "name": "syn-nodejs-puppeteer-9.1"}),
                json!({"region": region, "name": "syn-nodejs-puppeteer-3.9",
                       "deprecation_date": "2025-01-08T00:00:00Z"}),
            ]
        })
        .collect();
    g.acct.synthetics = Some(de(json!({"canaries": canaries, "runtime_versions": runtime_versions})));
}
