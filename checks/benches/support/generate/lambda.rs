//! Lambda: functions, one in ten a secret rotation function, with their
//! invokers and failure destinations; stream and queue event source
//! mappings.

use super::fixture::{absent, de, denied, throttled, val};
use super::gen::{Gen, PerRegion};
use super::kinds::{Generator, Kind};
use super::{ACCOUNT, REGIONS, UNREADABLE};
use serde_json::{json, Value};

const FUNCTIONS: Kind = Kind::scaled("lambda.functions", 75);
const MAPPINGS: Kind = Kind::scaled("lambda.event_source_mappings", 10);

pub const GENERATOR: Generator = Generator {
    kinds: &[FUNCTIONS, MAPPINGS],
    generate: |g, n| lambda(g, n[FUNCTIONS], n[MAPPINGS]),
};

/// The rotation functions made, per region (their names).
#[derive(Default)]
pub struct RotationFunctions(pub PerRegion<String>);

/// Functions, one in ten a secret rotation function; environment values
/// redacted on load. Then the event source mappings.
fn lambda(g: &mut Gen, n: usize, mappings: usize) {
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
        let arn = format!("arn:aws:lambda:{region}:{ACCOUNT}:function:{name}");
        let policy = policy(g, r, &arn);
        let configs = event_invoke_configs(g, r, i);
        let (reserved, provisioned) = concurrency(g);
        lambda.functions.push(de(json!({
            "arn": arn, "region": region, "account_id": ACCOUNT, "name": name,
            "environment": environment, "tags": tags,
            "role": format!("arn:aws:iam::{ACCOUNT}:role/{name}"),
            "policy": policy, "event_invoke_configs": configs,
            "reserved_concurrency": reserved, "provisioned_concurrency": provisioned
        })));
    }
    for i in 0..mappings {
        lambda.event_source_mappings.push(de(mapping(g, i)));
    }
    g.acct.lambda = Some(lambda);
}

/// The resource-based policy: an asynchronous invoker (S3, SNS or
/// EventBridge), a synchronous one, none; unreadable in [`UNREADABLE`].
fn policy(g: &mut Gen, r: usize, arn: &str) -> Value {
    let invoker = match g.rng.pct() {
        0..=59 => *g.rng.pick(&["s3.amazonaws.com", "sns.amazonaws.com", "events.amazonaws.com"]),
        60..=79 => "apigateway.amazonaws.com",
        _ if r == UNREADABLE => return denied("GetPolicy"),
        _ => return absent(),
    };
    val(json!({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": invoker},
        "Action": "lambda:InvokeFunction", "Resource": arn
    }]}))
}

/// Asynchronous-invocation settings: an on-failure destination to an
/// event bus, a function or a queue that does not exist; none; unreadable.
fn event_invoke_configs(g: &mut Gen, r: usize, i: usize) -> Value {
    let region = REGIONS[r];
    let on_failure = match g.rng.pct() {
        0..=49 => format!("arn:aws:events:{region}:{ACCOUNT}:event-bus/default"),
        50..=59 => format!("arn:aws:lambda:{region}:{ACCOUNT}:function:failures"),
        60..=69 => format!("arn:aws:sqs:{region}:{ACCOUNT}:gone-{i}"),
        70..=89 => return absent(),
        _ => return throttled("ListFunctionEventInvokeConfigs"),
    };
    val(json!([{"qualifier": "$LATEST", "on_failure": on_failure}]))
}

/// A mapping from a Kinesis or DynamoDB stream (kept safe or not) or a queue.
fn mapping(g: &mut Gen, i: usize) -> Value {
    let region = REGIONS[g.region()];
    let uuid = format!("{i:08}-0000-4000-8000-000000000000");
    let source = match g.rng.pct() {
        0..=44 => format!("arn:aws:kinesis:{region}:{ACCOUNT}:stream/clicks-{i}"),
        45..=79 => format!("arn:aws:dynamodb:{region}:{ACCOUNT}:table/t-{i}/stream/2026-01-01T00:00:00.000"),
        _ => format!("arn:aws:sqs:{region}:{ACCOUNT}:q-{i}"),
    };
    let mut m = json!({
        "arn": format!("arn:aws:lambda:{region}:{ACCOUNT}:event-source-mapping:{uuid}"),
        "region": region, "account_id": ACCOUNT, "uuid": uuid,
        "function_arn": format!("arn:aws:lambda:{region}:{ACCOUNT}:function:fn-{i:06}"),
        "event_source_arn": source, "state": "Enabled"
    });
    match g.rng.pct() {
        0..=39 => m["maximum_retry_attempts"] = json!(-1),
        40..=59 => m["maximum_retry_attempts"] = json!(10),
        60..=79 => {
            m["maximum_retry_attempts"] = json!(-1);
            m["bisect_batch_on_function_error"] = json!(true);
        }
        _ => m["on_failure"] = json!(format!("arn:aws:sqs:{region}:{ACCOUNT}:failed-records")),
    }
    m
}

/// Reserved concurrency (none, some, zero, unreadable) and provisioned
/// concurrency (none, ready, failed).
fn concurrency(g: &mut Gen) -> (Value, Value) {
    let reserved = match g.rng.pct() {
        0..=59 => json!("absent"),
        60..=89 => json!({"value": 1 + g.rng.below(100)}),
        90..=94 => json!({"value": 0}),
        _ => json!({"error": {"operation": "GetFunctionConcurrency", "code": "ThrottlingException", "message": ""}}),
    };
    let provisioned = match g.rng.pct() {
        0..=84 => json!("absent"),
        85..=94 => json!({"value": [{"qualifier": "live", "requested": 10, "allocated": 10, "status": "READY"}]}),
        _ => json!({"value": [{"qualifier": "live", "requested": 10, "status": "FAILED"}]}),
    };
    (reserved, provisioned)
}
