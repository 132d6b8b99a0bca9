//! CI/CD services end to end against the emulator: pipelines, build
//! projects, CloudFormation stacks and the roles they use, created through
//! the SDK with both verdicts, then `awscheck scan` and `snapshot` as a user
//! runs them, and `scan --fixture <snapshot>` giving identical findings.
//!
//! What moto 5.2.5 cannot show is covered by `collect::tests::cicd`
//! (aws-smithy-mocks): CodeBuild report groups (`ListReportGroups`
//! answers 500), webhooks (`CreateWebhook` is not implemented) and a
//! project's own `encryptionKey` (moto answers `alias/aws/s3` whatever the
//! project was given), CodeDeploy `BatchGetDeploymentGroups` (not
//! implemented), CloudWatch `DescribeAlarms` (the SDK speaks rpc-v2-cbor,
//! which moto answers with 404), CloudFormation drift (no
//! `DriftInformation`, and `DetectStackDrift` / `DescribeStackResourceDrifts`
//! answer HTML 500s), and bucket versioning (see `live_s3.rs`).

use crate::common::{action_type, json, statuses, stderr, want, Lab};
#[allow(unused_imports)]
use crate::sdk::*;
use aws_sdk_codebuild::types::{
    ArtifactsType, CloudWatchLogsConfig, ComputeType, EnvironmentType, EnvironmentVariable,
    EnvironmentVariableType, LogsConfig, LogsConfigStatusType, ProjectArtifacts,
    ProjectEnvironment, ProjectSource, S3LogsConfig, SourceType,
};
use aws_sdk_codepipeline::types::{
    ActionCategory, ActionDeclaration, ArtifactStore, ArtifactStoreType, EncryptionKey,
    EncryptionKeyType, InputArtifact, OutputArtifact, PipelineDeclaration, StageDeclaration,
};

const KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
const TOKEN: &str = "ghp_0123456789abcdefghijABCDEFGHIJ012345";

const ADMIN: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;

const TEMPLATE: &str = r#"{"Resources":{"Queue":{"Type":"AWS::SQS::Queue"}}}"#;

/// A two-stage pipeline: an S3 source action reading `source`, then a build.
pub(crate) fn pipeline(
    name: &str,
    role: &str,
    store: ArtifactStore,
    source: &str,
) -> PipelineDeclaration {
    let source_action = ActionDeclaration::builder()
        .name("Source")
        .action_type_id(action_type(ActionCategory::Source, "S3"))
        .configuration("S3Bucket", source)
        .configuration("S3ObjectKey", "app.zip")
        .configuration("PollForSourceChanges", "false")
        // Never kept: a secret-bearing key.
        .configuration("OAuthToken", TOKEN)
        .output_artifacts(OutputArtifact::builder().name("src").build().unwrap())
        .build()
        .unwrap();
    let build_action = ActionDeclaration::builder()
        .name("Build")
        .action_type_id(action_type(ActionCategory::Build, "CodeBuild"))
        .run_order(2)
        .configuration("ProjectName", "clean")
        .input_artifacts(InputArtifact::builder().name("src").build().unwrap())
        .build()
        .unwrap();
    let stage = |name: &str, action| {
        StageDeclaration::builder()
            .name(name)
            .actions(action)
            .build()
            .unwrap()
    };
    PipelineDeclaration::builder()
        .name(name)
        .role_arn(role)
        .artifact_store(store)
        .stages(stage("Source", source_action))
        .stages(stage("Build", build_action))
        .build()
        .unwrap()
}

pub(crate) fn store(bucket: &str, key: Option<&str>) -> ArtifactStore {
    ArtifactStore::builder()
        .r#type(ArtifactStoreType::S3)
        .location(bucket)
        .set_encryption_key(key.map(|k| {
            EncryptionKey::builder()
                .id(k)
                .r#type(EncryptionKeyType::Kms)
                .build()
                .unwrap()
        }))
        .build()
        .unwrap()
}

async fn project(lab: &Lab, name: &str, role: &str, var: EnvironmentVariable, location: &str) {
    lab_codebuild(lab)
        .create_project()
        .name(name)
        .service_role(role)
        .source(
            ProjectSource::builder()
                .r#type(SourceType::Github)
                .location(location)
                .buildspec("ci/buildspec.yml")
                .build()
                .unwrap(),
        )
        .artifacts(
            ProjectArtifacts::builder()
                .r#type(ArtifactsType::NoArtifacts)
                .build()
                .unwrap(),
        )
        .environment(
            ProjectEnvironment::builder()
                .r#type(EnvironmentType::LinuxContainer)
                .image("aws/codebuild/standard:7.0")
                .compute_type(ComputeType::BuildGeneral1Small)
                .environment_variables(var)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
}

fn variable(name: &str, value: &str, kind: EnvironmentVariableType) -> EnvironmentVariable {
    EnvironmentVariable::builder()
        .name(name)
        .value(value)
        .r#type(kind)
        .build()
        .unwrap()
}

fn lab_codebuild(lab: &Lab) -> aws_sdk_codebuild::Client {
    aws_sdk_codebuild::Client::new(&lab.sdk)
}
/// A project whose privileged mode, logs and artifacts the build checks judge.
async fn configured_project(
    lab: &Lab,
    name: &str,
    role: &str,
    privileged: bool,
    logs: LogsConfig,
    artifacts_encrypted: bool,
    docker_tag: bool,
) {
    let bucket = lab.name("build-output");
    let mut request = lab_codebuild(lab)
        .create_project()
        .name(name)
        .service_role(role)
        .source(
            ProjectSource::builder()
                .r#type(SourceType::Github)
                .location("https://github.com/org/app.git")
                .buildspec("ci/buildspec.yml")
                .build()
                .unwrap(),
        )
        .artifacts(
            ProjectArtifacts::builder()
                .r#type(ArtifactsType::S3)
                .location(bucket)
                .encryption_disabled(!artifacts_encrypted)
                .build()
                .unwrap(),
        )
        .environment(
            ProjectEnvironment::builder()
                .r#type(EnvironmentType::LinuxContainer)
                .image("aws/codebuild/standard:7.0")
                .compute_type(ComputeType::BuildGeneral1Small)
                .privileged_mode(privileged)
                .build()
                .unwrap(),
        )
        .logs_config(logs);
    if docker_tag {
        request = request.tags(
            aws_sdk_codebuild::types::Tag::builder()
                .key("builds-docker")
                .value("true")
                .build(),
        );
    }
    request.send().await.unwrap();
}

fn cloudwatch_logs(status: LogsConfigStatusType, group: Option<&str>) -> CloudWatchLogsConfig {
    CloudWatchLogsConfig::builder()
        .status(status)
        .set_group_name(group.map(str::to_string))
        .build()
        .unwrap()
}

const BUILD_CHECKS: &str =
    "codebuild-privileged-mode,codebuild-logging,codebuild-artifacts-encrypted";

#[tokio::test(flavor = "multi_thread")]
async fn codebuild_settings_both_verdicts_scan_snapshot_and_fixture_agree() {
    let Some(lab) = Lab::new("cbsettings").await else {
        return;
    };
    let account = lab.account.clone();
    let role = lab.role("builder", "codebuild.amazonaws.com").await;
    let logs = aws_sdk_cloudwatchlogs::Client::new(&lab.sdk);
    logs.create_log_group()
        .log_group_name("/ci/tidy")
        .send()
        .await
        .unwrap();
    let tidy_logs = LogsConfig::builder()
        .cloud_watch_logs(cloudwatch_logs(
            LogsConfigStatusType::Enabled,
            Some("/ci/tidy"),
        ))
        .build();
    configured_project(&lab, "tidy", &role, false, tidy_logs, true, false).await;
    let no_logs = LogsConfig::builder()
        .cloud_watch_logs(cloudwatch_logs(LogsConfigStatusType::Disabled, None))
        .s3_logs(
            S3LogsConfig::builder()
                .status(LogsConfigStatusType::Disabled)
                .build()
                .unwrap(),
        )
        .build();
    configured_project(&lab, "risky", &role, true, no_logs, false, false).await;
    let plain_s3_logs = LogsConfig::builder()
        .s3_logs(
            S3LogsConfig::builder()
                .status(LogsConfigStatusType::Enabled)
                .location(format!("{}/logs", lab.name("build-logs")))
                .encryption_disabled(true)
                .build()
                .unwrap(),
        )
        .build();
    configured_project(&lab, "docker", &role, true, plain_s3_logs, true, true).await;

    let (doc, acct) = lab.scan_and_snapshot(BUILD_CHECKS, &["us-east-1"], &[]);
    let project_arn = |n: &str| format!("arn:aws:codebuild:us-east-1:{account}:project/{n}");
    assert_eq!(
        statuses(&doc, "codebuild-privileged-mode"),
        want(&[
            (&project_arn("tidy"), "pass"),
            (&project_arn("risky"), "fail"),
            (&project_arn("docker"), "fail"),
        ])
    );
    crate::common::assert_finding(
        &doc,
        "codebuild-privileged-mode",
        &project_arn("docker"),
        "fail",
        "advisory: privileged mode is on for Docker builds (tagged builds-docker=true)",
    );
    assert_eq!(
        statuses(&doc, "codebuild-logging"),
        want(&[
            (&project_arn("tidy"), "pass"),
            (&project_arn("risky"), "fail"),
            (&project_arn("docker"), "fail"),
        ])
    );
    crate::common::assert_finding(
        &doc,
        "codebuild-logging",
        &project_arn("docker"),
        "fail",
        "are written unencrypted (encryptionDisabled=true)",
    );
    // moto answers alias/aws/s3 as every project's key: an AWS managed
    // key, fine without require_cmk.
    assert_eq!(
        statuses(&doc, "codebuild-artifacts-encrypted"),
        want(&[
            (&project_arn("tidy"), "pass"),
            (&project_arn("risky"), "fail"),
            (&project_arn("docker"), "pass"),
        ])
    );
    let projects = acct["codebuild"]["projects"].as_array().unwrap();
    let tidy = projects.iter().find(|p| p["name"] == "tidy").unwrap();
    assert_eq!(
        tidy["logs"],
        serde_json::json!({"cloudwatch": {"status": "ENABLED", "group_name": "/ci/tidy"}})
    );
    assert_eq!(tidy["privileged_mode"], false);
    let risky = projects.iter().find(|p| p["name"] == "risky").unwrap();
    assert_eq!(risky["privileged_mode"], true);
    assert_eq!(risky["artifacts"]["encryption_disabled"], true);
}

const CHECKS: &str = "codepipeline-artifacts-kms,codepipeline-s3-source-versioning,cicd-service-roles,codebuild-no-plaintext-secrets,cloudformation-service-role,cloudformation-stack-drift";

#[tokio::test(flavor = "multi_thread")]
async fn cicd_checks_both_verdicts_scan_snapshot_and_fixture_agree() {
    let Some(lab) = Lab::new("cicd").await else {
        return;
    };
    let account = lab.account.clone();
    let pipe_role = lab.role("pipeline", "codepipeline.amazonaws.com").await;
    let build_role = lab.role("build", "codebuild.amazonaws.com").await;
    let wrong_role = lab.role("build-wrong", "ec2.amazonaws.com").await;
    let admin_role = lab.role("build-admin", "codebuild.amazonaws.com").await;
    lab.iam()
        .put_role_policy()
        .role_name("build-admin")
        .policy_name("all")
        .policy_document(ADMIN)
        .send()
        .await
        .unwrap();
    let cfn_role = lab.role("deployer", "cloudformation.amazonaws.com").await;

    let kms = lab.kms("us-east-1");
    let cmk = kms.create_key().send().await.unwrap();
    let cmk = cmk.key_metadata().unwrap().arn().unwrap().to_string();
    let off = kms.create_key().send().await.unwrap();
    let off = off.key_metadata().unwrap().key_id().to_string();
    kms.disable_key().key_id(&off).send().await.unwrap();

    let s3 = lab.s3("us-east-1");
    let artifacts = lab.name("artifacts");
    let sources = lab.name("sources");
    let missing = lab.name("missing");
    for b in [&artifacts, &sources] {
        s3.create_bucket().bucket(b).send().await.unwrap();
    }

    let codepipeline = aws_sdk_codepipeline::Client::new(&lab.sdk);
    codepipeline
        .create_pipeline()
        .pipeline(pipeline(
            "secure",
            &pipe_role,
            store(&artifacts, Some(&cmk)),
            &sources,
        ))
        .send()
        .await
        .unwrap();
    codepipeline
        .create_pipeline()
        .pipeline(pipeline(
            "weak",
            &pipe_role,
            store(&artifacts, Some(&off)),
            &missing,
        ))
        .tags(
            aws_sdk_codepipeline::types::Tag::builder()
                .key("team")
                .value("web")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();

    project(
        &lab,
        "clean",
        &build_role,
        variable(
            "DB_PASSWORD",
            "/app/db",
            EnvironmentVariableType::ParameterStore,
        ),
        "https://github.com/org/app.git",
    )
    .await;
    project(
        &lab,
        "leaky",
        &wrong_role,
        variable("DEPLOY_KEY", KEY_ID, EnvironmentVariableType::Plaintext),
        &format!("https://{TOKEN}@github.com/org/app.git"),
    )
    .await;
    project(
        &lab,
        "admin",
        &admin_role,
        variable("STAGE", "prod", EnvironmentVariableType::Plaintext),
        "https://github.com/org/app.git",
    )
    .await;

    let cloudformation = aws_sdk_cloudformation::Client::new(&lab.sdk);
    let with_role = cloudformation
        .create_stack()
        .stack_name("with-role")
        .template_body(TEMPLATE)
        .role_arn(&cfn_role)
        .send()
        .await
        .unwrap();
    let with_role = with_role.stack_id().unwrap().to_string();
    let no_role = cloudformation
        .create_stack()
        .stack_name("no-role")
        .template_body(TEMPLATE)
        .send()
        .await
        .unwrap();
    let no_role = no_role.stack_id().unwrap().to_string();

    // scan: the live account.
    let live = lab.run(&["scan", "--format", "json", "--checks", CHECKS]);
    assert_eq!(
        live.status.code(),
        Some(1),
        "a high FAIL fails the gate; stderr: {}",
        stderr(&live)
    );
    let doc = json(&live);
    let pipeline_arn = |n: &str| format!("arn:aws:codepipeline:us-east-1:{account}:{n}");
    let project_arn = |n: &str| format!("arn:aws:codebuild:us-east-1:{account}:project/{n}");
    assert_eq!(
        statuses(&doc, "codepipeline-artifacts-kms"),
        want(&[
            (&pipeline_arn("secure"), "pass"),
            (&pipeline_arn("weak"), "fail"),
        ]),
        "stderr: {}",
        stderr(&live)
    );
    // moto's GetBucketVersioning answer is unreadable (see live_s3.rs): an
    // existing bucket is ERROR, never judged; a bucket that does not exist FAILs.
    assert_eq!(
        statuses(&doc, "codepipeline-s3-source-versioning"),
        want(&[
            (&pipeline_arn("secure"), "error"),
            (&pipeline_arn("weak"), "fail"),
        ])
    );
    assert_eq!(
        statuses(&doc, "cicd-service-roles"),
        want(&[
            (&pipe_role, "pass"),
            (&build_role, "pass"),
            (&wrong_role, "fail"),
            (&admin_role, "fail"),
            (&cfn_role, "pass"),
        ])
    );
    assert_eq!(
        statuses(&doc, "codebuild-no-plaintext-secrets"),
        want(&[
            (&project_arn("clean"), "pass"),
            (&project_arn("leaky"), "fail"),
            (&project_arn("admin"), "pass"),
        ])
    );
    assert_eq!(
        statuses(&doc, "cloudformation-service-role"),
        want(&[(&with_role, "pass"), (&no_role, "fail")])
    );
    // moto records no drift: UNKNOWN is an ERROR, never a PASS.
    assert_eq!(
        statuses(&doc, "cloudformation-stack-drift"),
        want(&[(&with_role, "error"), (&no_role, "error")])
    );
    let finding = |check: &str, arn: &str| -> String {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["check_id"] == check && f["resource_arn"] == arn)
            .map(|f| f["reason"].as_str().unwrap().to_string())
            .unwrap_or_default()
    };
    let weak = finding("codepipeline-artifacts-kms", &pipeline_arn("weak"));
    assert!(weak.contains("is Disabled"), "{weak}");
    let leaky = finding("codebuild-no-plaintext-secrets", &project_arn("leaky"));
    assert!(
        leaky.contains("PLAINTEXT environment variable DEPLOY_KEY")
            && leaky.contains("embeds credentials")
            && !leaky.contains(KEY_ID)
            && !leaky.contains(TOKEN),
        "{leaky}"
    );
    assert!(
        finding("cicd-service-roles", &wrong_role).contains("does not trust codebuild"),
        "{doc}"
    );

    // snapshot: the inventory as a fixture, with no secret in it.
    let snap = lab.path("cicd.json");
    let out = lab.run(&["snapshot", "--out", &snap]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    let text = std::fs::read_to_string(&snap).unwrap();
    assert!(
        !text.contains(KEY_ID) && !text.contains(TOKEN),
        "plaintext secrets never reach a snapshot"
    );
    let inv: serde_json::Value = serde_json::from_str(&text).unwrap();
    let acct = &inv["accounts"][0];
    crate::common::assert_only_moto_gaps(acct);
    let weak = acct["codepipeline"]["pipelines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "weak")
        .unwrap();
    assert_eq!(weak["tags"], serde_json::json!({"team": "web"}));
    let def = &weak["definition"]["value"];
    assert_eq!(def["artifact_store"]["location"], artifacts.as_str());
    assert_eq!(def["artifact_store"]["encryption_key"]["id"], off.as_str());
    assert_eq!(
        def["stages"][0]["actions"][0]["configuration"],
        serde_json::json!({"PollForSourceChanges": "false", "S3Bucket": missing, "S3ObjectKey": "app.zip"}),
        "only the kept configuration keys"
    );
    assert_eq!(def["stages"][1]["actions"][0]["run_order"], 2);
    assert_eq!(
        def["stages"][0]["actions"][0]["run_order"], 1,
        "no runOrder given: the service reports its default, 1"
    );
    // The source bucket that does not exist is recorded as such.
    let other = acct["s3"]["other_buckets"].as_array().unwrap();
    assert!(
        other
            .iter()
            .any(|b| b["name"] == missing.as_str() && b["region"] == "absent"),
        "{other:?}"
    );
    let leaky = acct["codebuild"]["projects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "leaky")
        .unwrap();
    assert_eq!(
        leaky["source"]["location"],
        serde_json::json!({"url": "https://***@github.com/org/app.git", "embedded_credentials": true})
    );
    assert_eq!(
        leaky["environment_variables"][0]["value"]["looks_like"],
        serde_json::json!(["aws-access-key-id"])
    );
    let stack = acct["cloudformation"]["stacks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "with-role")
        .unwrap();
    assert_eq!(stack["role_arn"], cfn_role.as_str());
    assert_eq!(
        stack["detection"], "absent",
        "no detection without --detect-drift"
    );
    assert_eq!(
        stack["resources"]["value"][0]["resource_type"],
        "AWS::SQS::Queue"
    );

    // scan --fixture: the same findings.
    let fixture = lab.scan_fixture(&snap, CHECKS);
    assert_eq!(
        json(&fixture),
        doc,
        "scan --fixture <snapshot> gives the live scan's findings; stderr: {}",
        stderr(&fixture)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn detect_drift_is_opt_in_and_a_failed_detection_is_an_error() {
    let Some(lab) = Lab::new("cfndetect").await else {
        return;
    };
    let cloudformation = aws_sdk_cloudformation::Client::new(&lab.sdk);
    let stack = cloudformation
        .create_stack()
        .stack_name("app")
        .template_body(TEMPLATE)
        .send()
        .await
        .unwrap();
    let stack = stack.stack_id().unwrap().to_string();
    // moto answers DetectStackDrift with an HTML 500: the detection failed,
    // so the finding is ERROR and says so (never the recorded status).
    let out = lab.run(&[
        "scan",
        "--format",
        "json",
        "--checks",
        "cloudformation-stack-drift",
        "--detect-drift",
        "--drift-timeout",
        "30",
        "--max-attempts",
        "1",
    ]);
    let doc = json(&out);
    let f = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["resource_arn"] == stack.as_str())
        .unwrap_or_else(|| panic!("{doc}"));
    assert_eq!(f["status"], "error", "{f}");
    assert!(
        f["reason"].as_str().unwrap().contains(
            "drift detection run by this scan did not complete: DetectStackDrift failed: Http500"
        ),
        "{f}"
    );

    // The flag's help says it is the one call with a side effect.
    let help = lab.command(&["scan", "--help"]).output().unwrap();
    let help = crate::common::stdout(&help);
    assert!(
        help.contains("--detect-drift") && help.contains("side effect"),
        "{help}"
    );
    // Its bounds need the flag.
    let bad = lab
        .command(&["scan", "--drift-timeout", "10"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
}
