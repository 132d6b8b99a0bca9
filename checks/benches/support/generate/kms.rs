//! KMS: keys in every state, with key policies that let CloudWatch Logs use
//! them or not, and aliases; [`key_ref`] gives the others a key reference.

use super::fixture::{absent, de, denied, url_encode, uuid, val};
use super::gen::{Gen, PerRegion};
use super::kinds::{Generator, Kind};
use super::{ACCOUNT, REGIONS};
use serde_json::{json, Value};

const KEYS: Kind = Kind::scaled("kms.keys", 25);
const ALIASES: Kind = Kind::scaled("kms.aliases", 12);

pub const GENERATOR: Generator = Generator {
    kinds: &[KEYS, ALIASES],
    generate: |g, n| kms(g, n[KEYS], n[ALIASES]),
};

/// The keys made: per region, key ids and alias names.
#[derive(Default)]
pub struct Keys {
    pub ids: PerRegion<String>,
    pub aliases: PerRegion<String>,
}

/// Keys (mostly enabled symmetric customer keys; some disabled, pending
/// deletion, AWS managed, asymmetric, undescribable or gone) with key
/// policies that grant CloudWatch Logs or not, and aliases to them.
fn kms(g: &mut Gen, n_keys: usize, n_aliases: usize) {
    let mut kms = awscheck_checks::inventory::kms::Kms::default();
    let mut all: Vec<(usize, String)> = Vec::new();
    for i in 0..n_keys {
        let r = g.region();
        let id = uuid(i, 0x6b);
        let meta = |manager: &str, state: &str, spec: &str| {
            val(json!({"key_manager": manager, "key_state": state, "key_spec": spec}))
        };
        let metadata = match g.rng.pct() {
            0..=79 => meta("CUSTOMER", "Enabled", "SYMMETRIC_DEFAULT"),
            80..=84 => meta("CUSTOMER", "Disabled", "SYMMETRIC_DEFAULT"),
            85..=87 => meta("CUSTOMER", "PendingDeletion", "SYMMETRIC_DEFAULT"),
            88..=90 => meta("AWS", "Enabled", "SYMMETRIC_DEFAULT"),
            91..=93 => meta("CUSTOMER", "Enabled", "RSA_2048"),
            94..=96 => denied("DescribeKey"),
            _ => absent(),
        };
        let policy = key_policy(g, REGIONS[r]);
        kms.keys.push(de(json!({
            "arn": format!("arn:aws:kms:{}:{ACCOUNT}:key/{id}", REGIONS[r]),
            "region": REGIONS[r], "account_id": ACCOUNT, "key_id": id,
            "metadata": metadata, "policy": policy
        })));
        g.made.of::<Keys>().ids[r].push(id.clone());
        all.push((r, id));
    }
    for a in 0..n_aliases {
        let (r, key) = all[a % all.len()].clone();
        let name = format!("alias/app-{a:05}");
        let target = if g.rng.chance(3) {
            Value::Null
        } else {
            json!(key)
        };
        kms.aliases.push(de(json!({
            "arn": format!("arn:aws:kms:{}:{ACCOUNT}:{name}", REGIONS[r]),
            "region": REGIONS[r], "account_id": ACCOUNT, "name": name, "target_key_id": target
        })));
        g.made.of::<Keys>().aliases[r].push(name);
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
            "policy": val(logs_key_policy(region))
        })));
    }
    g.acct.kms = Some(kms);
}

/// A key policy that lets CloudWatch Logs of `region` use the key.
fn logs_key_policy(region: &str) -> Value {
    json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:root")}, "Action": "kms:*", "Resource": "*"},
        {"Sid": "Logs", "Effect": "Allow", "Principal": {"Service": format!("logs.{region}.amazonaws.com")},
         "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"], "Resource": "*",
         "Condition": {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": format!("arn:aws:logs:{region}:{ACCOUNT}:log-group:*")}}}
    ]})
}

/// A key policy: granting CloudWatch Logs (also URL-encoded), root
/// only, or unreadable.
fn key_policy(g: &mut Gen, region: &str) -> Value {
    match g.rng.pct() {
        0..=59 => val(logs_key_policy(region)),
        60..=89 => val(json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:root")}, "Action": "kms:*", "Resource": "*"}]})),
        90..=94 => denied("GetKeyPolicy"),
        _ => val(Value::String(url_encode(
            &logs_key_policy(region).to_string(),
        ))),
    }
}

/// A key reference in `r`: key id, key ARN, alias name or alias ARN.
pub fn key_ref(g: &mut Gen, r: usize) -> Option<String> {
    let region = REGIONS[r];
    let keys = g.made.of::<Keys>();
    let key = (!keys.ids[r].is_empty()).then(|| g.rng.pick(&keys.ids[r]).clone());
    let alias = (!keys.aliases[r].is_empty()).then(|| g.rng.pick(&keys.aliases[r]).clone());
    Some(match (g.rng.pct(), key, alias) {
        (0..=54, Some(k), _) => format!("arn:aws:kms:{region}:{ACCOUNT}:key/{k}"),
        (55..=64, _, Some(a)) => a,
        (65..=72, _, Some(a)) => format!("arn:aws:kms:{region}:{ACCOUNT}:{a}"),
        (73..=77, Some(k), _) => k,
        (78..=82, _, _) => "alias/aws/s3".into(),
        (83..=87, _, _) => format!("00000000-dead-4000-8000-{:012}", g.rng.below(1000)),
        _ => return None,
    })
}
