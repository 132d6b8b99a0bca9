//! Kinesis Data Firehose: delivery streams, a third of them WAF log
//! destinations; the `BLIND` region could not be listed.

use super::fixture::de;
use super::gen::Gen;
use super::kinds::{Generator, Kind};
use super::{ACCOUNT, REGIONS};
use serde_json::json;

const STREAMS: Kind = Kind::scaled("firehose.delivery_streams", 8);

pub const GENERATOR: Generator = Generator {
    kinds: &[STREAMS],
    generate: |g, n| firehose(g, n[STREAMS]),
};

/// The `aws-waf-logs-*` delivery streams made: region index and name.
#[derive(Default)]
pub struct WafStreams(pub Vec<(usize, String)>);

/// Delivery streams, active or being created, in the regions that could be
/// listed.
fn firehose(g: &mut Gen, n: usize) {
    g.blind("firehose");
    let mut fh = awscheck_checks::inventory::firehose::Firehose::default();
    for i in 0..n {
        let r = g.seen_region();
        let region = REGIONS[r];
        let mut tags = json!({});
        let name = if i % 3 == 0 {
            tags["purpose"] = json!("waf-logs");
            let name = format!("aws-waf-logs-stream-{i:04}");
            g.made.of::<WafStreams>().0.push((r, name.clone()));
            name
        } else {
            format!("events-{i:04}")
        };
        let status = if g.rng.chance(15) {
            "CREATING"
        } else {
            "ACTIVE"
        };
        fh.delivery_streams.push(de(json!({
            "arn": format!("arn:aws:firehose:{region}:{ACCOUNT}:deliverystream/{name}"),
            "region": region, "account_id": ACCOUNT, "name": name, "status": status, "tags": tags
        })));
    }
    g.acct.firehose = Some(fh);
}
