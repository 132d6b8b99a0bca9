//! IAM and KMS collection against the emulator: what the snapshot holds.

use crate::common::{assert_finding, stderr, Lab};
#[allow(unused_imports)]
use crate::sdk::*;
use serde_json::{json, Value};

const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
const INLINE: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;
const MANAGED: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:*","Resource":"*"}]}"#;

#[tokio::test(flavor = "multi_thread")]
async fn iam_roles_policies_profiles_and_kms_keys_are_snapshotted() {
    let Some(lab) = Lab::new("iamkms").await else {
        return;
    };
    let iam = lab.iam();
    iam.create_role()
        .role_name("app")
        .assume_role_policy_document(TRUST)
        .send()
        .await
        .unwrap();
    iam.tag_role()
        .role_name("app")
        .tags(
            aws_sdk_iam::types::Tag::builder()
                .key("team")
                .value("core")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    iam.put_role_policy()
        .role_name("app")
        .policy_name("read")
        .policy_document(INLINE)
        .send()
        .await
        .unwrap();
    let policy = iam
        .create_policy()
        .policy_name("logs-all")
        .policy_document(MANAGED)
        .send()
        .await
        .unwrap();
    let policy_arn = policy.policy().unwrap().arn().unwrap().to_string();
    iam.create_policy_version()
        .policy_arn(&policy_arn)
        .policy_document(INLINE)
        .set_as_default(true)
        .send()
        .await
        .unwrap();
    iam.attach_role_policy()
        .role_name("app")
        .policy_arn(&policy_arn)
        .send()
        .await
        .unwrap();
    iam.create_instance_profile()
        .instance_profile_name("app-profile")
        .send()
        .await
        .unwrap();
    iam.add_role_to_instance_profile()
        .instance_profile_name("app-profile")
        .role_name("app")
        .send()
        .await
        .unwrap();

    let kms = lab.kms("eu-west-1");
    let key = kms
        .create_key()
        .tags(
            aws_sdk_kms::types::Tag::builder()
                .tag_key("env")
                .tag_value("prod")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let key_id = key.key_metadata().unwrap().key_id().to_string();
    kms.create_alias()
        .alias_name("alias/app")
        .target_key_id(&key_id)
        .send()
        .await
        .unwrap();
    let disabled = kms
        .create_key()
        .send()
        .await
        .unwrap()
        .key_metadata()
        .unwrap()
        .key_id()
        .to_string();
    kms.disable_key().key_id(&disabled).send().await.unwrap();

    let snap = lab.path("iamkms.json");
    let out = lab.run(&["snapshot", "--out", &snap, "--region", "eu-west-1"]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    let inv: Value = serde_json::from_str(&std::fs::read_to_string(&snap).unwrap()).unwrap();
    let account = &inv["accounts"][0];
    crate::common::assert_only_moto_gaps(account);

    let roles = account["iam"]["roles"].as_array().unwrap();
    let role = roles
        .iter()
        .find(|r| r["name"] == "app")
        .unwrap_or_else(|| panic!("{roles:?}"));
    assert_eq!(
        role["arn"],
        format!("arn:aws:iam::{}:role/app", lab.account)
    );
    assert_eq!(role["region"], "global");
    assert_eq!(
        role["trust_policy"],
        serde_json::from_str::<Value>(TRUST).unwrap(),
        "URL-decoded into JSON"
    );
    assert_eq!(role["attached_policies"], json!({"value": [policy_arn]}));
    assert_eq!(
        role["inline_policies"],
        json!({"value": [{"name": "read", "document": serde_json::from_str::<Value>(INLINE).unwrap()}]})
    );
    assert_eq!(role["tags"], json!({"team": "core"}));
    let policies = account["iam"]["policies"].as_array().unwrap();
    assert_eq!(
        policies.len(),
        1,
        "only attached managed policies: {policies:?}"
    );
    assert_eq!(policies[0]["arn"], policy_arn.as_str());
    assert_eq!(policies[0]["name"], "logs-all");
    assert_eq!(policies[0]["account_id"], lab.account.as_str());
    assert_eq!(
        policies[0]["document"]["value"],
        serde_json::from_str::<Value>(INLINE).unwrap(),
        "the default version's document"
    );
    let profiles = account["iam"]["instance_profiles"].as_array().unwrap();
    assert_eq!(profiles[0]["name"], "app-profile");
    assert_eq!(profiles[0]["role_arns"], json!([role["arn"]]));

    let keys = account["kms"]["keys"].as_array().unwrap();
    let k = keys
        .iter()
        .find(|k| k["key_id"] == key_id.as_str())
        .unwrap_or_else(|| panic!("{keys:?}"));
    assert_eq!(k["region"], "eu-west-1");
    assert_eq!(
        k["arn"],
        format!("arn:aws:kms:eu-west-1:{}:key/{key_id}", lab.account)
    );
    assert_eq!(
        k["metadata"]["value"],
        json!({"key_manager": "CUSTOMER", "key_state": "Enabled", "key_spec": "SYMMETRIC_DEFAULT", "origin": "AWS_KMS"})
    );
    assert!(k["policy"]["value"]["Statement"].is_array(), "{k}");
    assert_eq!(k["tags"], json!({"env": "prod"}));
    let d = keys
        .iter()
        .find(|k| k["key_id"] == disabled.as_str())
        .unwrap();
    assert_eq!(d["metadata"]["value"]["key_state"], "Disabled");
    let aliases = account["kms"]["aliases"].as_array().unwrap();
    let a = aliases
        .iter()
        .find(|a| a["name"] == "alias/app")
        .unwrap_or_else(|| panic!("{aliases:?}"));
    assert_eq!(a["target_key_id"], key_id.as_str());
    assert_eq!(a["region"], "eu-west-1");

    // The snapshot loads back as a fixture.
    lab.assert_fixture_loads(&snap);
}

#[test]
fn live_flags_and_fixture_are_exclusive() {
    let lab_dir = std::env::temp_dir();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_awscheck"))
        .args(["scan", "--fixture", "x.json", "--region", "us-east-1"])
        .current_dir(lab_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot be used with"), "{err}");
}

/// In an account in no organization: a role trusting this account passes,
/// one trusting another account fails, a service role is not evaluated.
#[tokio::test(flavor = "multi_thread")]
async fn iam_cross_account_trust_verdicts() {
    let Some(lab) = Lab::new("crosstrust").await else {
        return;
    };
    let iam = lab.iam();
    let trust = |principal: serde_json::Value| {
        json!({"Version": "2012-10-17", "Statement": [{"Sid": "t", "Effect": "Allow",
            "Principal": principal, "Action": "sts:AssumeRole"}]})
        .to_string()
    };
    for (name, principal) in [
        (
            "self",
            json!({"AWS": format!("arn:aws:iam::{}:root", lab.account)}),
        ),
        ("agency", json!({"AWS": "arn:aws:iam::210987654321:root"})),
        ("lambda", json!({"Service": "lambda.amazonaws.com"})),
    ] {
        iam.create_role()
            .role_name(format!("trust-{name}"))
            .assume_role_policy_document(trust(principal))
            .send()
            .await
            .unwrap();
    }
    let check = "iam-cross-account-trust";
    let (doc, _) = lab.scan_and_snapshot(check, &["us-east-1"], &[]);
    let role = |name: &str| format!("arn:aws:iam::{}:role/trust-{name}", lab.account);
    assert_finding(
        &doc,
        check,
        &role("self"),
        "pass",
        "trusts only this account",
    );
    assert_finding(
        &doc,
        check,
        &role("agency"),
        "fail",
        "statement t trusts account 210987654321, which is neither in the organization nor in trusted_external_accounts",
    );
    assert_finding(
        &doc,
        check,
        &role("lambda"),
        "skip",
        "trusts only AWS services",
    );
}

/// iam:PassRole on every role (inline), on every role only to SSM (an
/// attached customer managed policy), on one role, and not at all.
#[tokio::test(flavor = "multi_thread")]
async fn iam_passrole_scoped_verdicts() {
    let Some(lab) = Lab::new("passrole").await else {
        return;
    };
    let iam = lab.iam();
    let pass = |resource: &str, service: Option<&str>| {
        let mut s = json!({"Sid": "Pass", "Effect": "Allow", "Action": "iam:PassRole", "Resource": resource});
        if let Some(service) = service {
            s["Condition"] = json!({"StringEquals": {"iam:PassedToService": service}});
        }
        json!({"Version": "2012-10-17", "Statement": [s]}).to_string()
    };
    let scoped = format!("arn:aws:iam::{}:role/cfn-deploy", lab.account);
    for (name, document) in [
        ("deployer", Some(pass("*", None))),
        (
            "pipeline",
            Some(pass(&scoped, Some("cloudformation.amazonaws.com"))),
        ),
        ("reader", Some(INLINE.to_string())),
        ("remediation", None),
    ] {
        iam.create_role()
            .role_name(name)
            .assume_role_policy_document(TRUST)
            .send()
            .await
            .unwrap();
        if let Some(document) = document {
            iam.put_role_policy()
                .role_name(name)
                .policy_name("main")
                .policy_document(document)
                .send()
                .await
                .unwrap();
        }
    }
    let policy = iam
        .create_policy()
        .policy_name("pass-to-ssm")
        .policy_document(pass("arn:aws:iam::*:role/*", Some("ssm.amazonaws.com")))
        .send()
        .await
        .unwrap();
    iam.attach_role_policy()
        .role_name("remediation")
        .policy_arn(policy.policy().unwrap().arn().unwrap())
        .send()
        .await
        .unwrap();
    let check = "iam-passrole-scoped";
    let (doc, account) = lab.scan_and_snapshot(check, &["us-east-1"], &[]);
    crate::common::assert_only_moto_gaps(&account);
    let role = |name: &str| format!("arn:aws:iam::{}:role/{name}", lab.account);
    assert_finding(
        &doc,
        check,
        &role("deployer"),
        "fail",
        "inline policy main (statement Pass) allows iam:PassRole on every role (*), to any service",
    );
    assert_finding(
        &doc,
        check,
        &role("pipeline"),
        "pass",
        &format!("iam:PassRole only on {scoped}"),
    );
    assert_finding(
        &doc,
        check,
        &role("remediation"),
        "fail",
        "advisory: arn:aws:iam::",
    );
    assert_finding(
        &doc,
        check,
        &role("remediation"),
        "fail",
        "only to ssm.amazonaws.com (iam:PassedToService)",
    );
    assert_finding(
        &doc,
        check,
        &role("reader"),
        "skip",
        "no statement allows iam:PassRole",
    );
}
