//! SQS: queues in groups of a dead-letter queue and three sources.

use super::fixture::{absent, de, denied, throttled, val};
use super::gen::Gen;
use super::kinds::{Generator, Kind};
use super::{ACCOUNT, REGIONS, UNREADABLE};
use serde_json::{json, Value};

const QUEUES: Kind = Kind::scaled("sqs.queues", 55);

pub const GENERATOR: Generator = Generator {
    kinds: &[QUEUES],
    generate: |g, n| sqs(g, n[QUEUES]),
};

/// Queues in groups of four (a dead-letter queue and three sources of
/// one region, standard or FIFO): redrives that work, are missing, target
/// nothing or themselves, mismatch types, are refused by the DLQ's
/// redrive-allow policy, retain too briefly or dead-letter on the first
/// failure; unreadable and vanished attributes.
fn sqs(g: &mut Gen, n: usize) {
    let mut sqs = awscheck_checks::inventory::sqs::Sqs::default();
    let mut group = (0, false, String::new());
    for i in 0..n {
        let set = i / 4;
        if i % 4 == 0 {
            let r = g.region();
            let fifo = g.rng.chance(20);
            group = (r, fifo, String::new());
        }
        let (r, fifo) = (group.0, group.1);
        let region = REGIONS[r];
        let suffix = if fifo { ".fifo" } else { "" };
        let name = if i % 4 == 0 {
            format!("q-{set:05}-dlq{suffix}")
        } else {
            format!("q-{set:05}-src{}{suffix}", i % 4)
        };
        let arn = format!("arn:aws:sqs:{region}:{ACCOUNT}:{name}");
        let attributes = if i % 4 == 0 {
            group.2 = arn.clone();
            let sources: Vec<String> = (1..4)
                .map(|k| format!("arn:aws:sqs:{region}:{ACCOUNT}:q-{set:05}-src{k}{suffix}"))
                .collect();
            let allow = match g.rng.pct() {
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
            let retention = if g.rng.chance(85) {
                1_209_600
            } else {
                345_600
            };
            match g.rng.pct() {
                90.. if r == UNREADABLE => denied("GetQueueAttributes"),
                _ => val(
                    json!({"fifo": fifo, "message_retention_period": retention, "redrive_allow_policy": allow}),
                ),
            }
        } else {
            let dlq = group.2.clone();
            let redrive = |target: &str, count: i64| json!({"dead_letter_target_arn": target, "max_receive_count": count});
            let (redrive, fifo, retention) = match g.rng.pct() {
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
        let tags = g.env_tags();
        sqs.queues.push(de(json!({
            "arn": arn, "region": region, "account_id": ACCOUNT, "name": name,
            "url": format!("https://sqs.{region}.amazonaws.com/{ACCOUNT}/{name}"),
            "attributes": attributes, "tags": tags
        })));
    }
    g.acct.sqs = Some(sqs);
}
