//! The CI/CD collectors (codepipeline, codebuild, codedeploy, cloudwatch,
//! cloudformation) on paths the emulator cannot show: CodeDeploy's
//! `BatchGetDeploymentGroups`, CloudWatch (rpc-v2-cbor), CloudFormation
//! drift and `--detect-drift`, and the throttling, AccessDenied and 5xx
//! answers, each run through the checks they feed.

use super::*;

use awscheck_checks::Finding;

/// The finding whose resource ARN ends with `suffix`.
pub(super) fn finding<'a>(findings: &'a [Finding], suffix: &str) -> &'a Finding {
    findings
        .iter()
        .find(|f| f.resource_arn.ends_with(suffix))
        .unwrap_or_else(|| panic!("no finding for …{suffix} in {findings:#?}"))
}

fn json_error(status: u16, code: &str, message: &str) -> HttpResponse {
    HttpResponse::new(
        StatusCode::try_from(status).unwrap(),
        SdkBody::from(format!(r#"{{"__type":"{code}","message":"{message}"}}"#)),
    )
}

/// CloudFormation's awsQuery error document.
pub(super) fn query_error(status: u16, code: &str, message: &str) -> HttpResponse {
    HttpResponse::new(
        StatusCode::try_from(status).unwrap(),
        SdkBody::from(format!(
            r#"<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>r1</RequestId></ErrorResponse>"#
        )),
    )
}

// ---------------------------------------------------------------- codepipeline

mod pipeline_fixture {
    use aws_sdk_codepipeline::types::*;

    pub fn kind(category: ActionCategory, provider: &str) -> ActionTypeId {
        ActionTypeId::builder()
            .category(category)
            .owner(ActionOwner::Aws)
            .provider(provider)
            .version("1")
            .build()
            .unwrap()
    }

    pub fn store(bucket: &str, key: &str) -> ArtifactStore {
        ArtifactStore::builder()
            .r#type(ArtifactStoreType::S3)
            .location(bucket)
            .encryption_key(
                EncryptionKey::builder()
                    .id(key)
                    .r#type(EncryptionKeyType::Kms)
                    .build()
                    .unwrap(),
            )
            .build()
            .unwrap()
    }

    /// A multi-region pipeline: an alias-keyed store here, another account's
    /// key in eu-west-1, an S3 source, and a deploy role in another account.
    pub fn multi() -> PipelineDeclaration {
        let source = ActionDeclaration::builder()
            .name("Source")
            .action_type_id(kind(ActionCategory::Source, "S3"))
            .configuration("S3Bucket", "src-bucket")
            .configuration("S3ObjectKey", "app.zip")
            .configuration("OAuthToken", "ghp_0123456789abcdefghijABCDEFGHIJ012345")
            .build()
            .unwrap();
        let deploy = ActionDeclaration::builder()
            .name("Deploy")
            .action_type_id(kind(ActionCategory::Deploy, "CloudFormation"))
            .region("eu-west-1")
            .role_arn("arn:aws:iam::999988887777:role/deployer")
            .configuration("ActionMode", "CREATE_UPDATE")
            .configuration("StackName", "app")
            .configuration("ParameterOverrides", r#"{"DbPassword":"hunter2"}"#)
            .build()
            .unwrap();
        PipelineDeclaration::builder()
            .name("multi")
            .role_arn("arn:aws:iam::111122223333:role/pipeline")
            .artifact_stores("us-east-1", store("art-use1", "alias/pipe"))
            .artifact_stores(
                "eu-west-1",
                store("art-euw1", "arn:aws:kms:eu-west-1:999988887777:key/k9"),
            )
            .stages(
                StageDeclaration::builder()
                    .name("Source")
                    .actions(source)
                    .build()
                    .unwrap(),
            )
            .stages(
                StageDeclaration::builder()
                    .name("Deploy")
                    .actions(deploy)
                    .build()
                    .unwrap(),
            )
            .build()
            .unwrap()
    }
}

/// KMS and S3 of the account, as the pipeline checks need them.
fn kms_and_s3_rules() -> Vec<Rule> {
    use aws_sdk_kms::operation::*;
    use aws_sdk_kms::types::*;
    use aws_sdk_s3::operation::*;
    let metadata = |id: &str, account: &str, region: &str| {
        KeyMetadata::builder()
            .key_id(id)
            .aws_account_id(account)
            .arn(format!("arn:aws:kms:{region}:{account}:key/{id}"))
            .key_manager(KeyManagerType::Customer)
            .key_state(KeyState::Enabled)
            .key_spec(KeySpec::SymmetricDefault)
            .build()
            .unwrap()
    };
    vec![
        mock!(aws_sdk_kms::Client::list_keys).then_output(|| {
            list_keys::ListKeysOutput::builder()
                .keys(KeyListEntry::builder().key_id("k1").build())
                .build()
        }),
        mock!(aws_sdk_kms::Client::list_aliases).then_output(|| {
            list_aliases::ListAliasesOutput::builder()
                .aliases(
                    AliasListEntry::builder()
                        .alias_name("alias/pipe")
                        .target_key_id("k1")
                        .build(),
                )
                .build()
        }),
        mock!(aws_sdk_kms::Client::describe_key)
            .match_requests(|r| r.key_id().is_some_and(|k| k.contains("999988887777")))
            .then_output(move || {
                describe_key::DescribeKeyOutput::builder()
                    .key_metadata(metadata("k9", "999988887777", "eu-west-1"))
                    .build()
            }),
        mock!(aws_sdk_kms::Client::describe_key).then_output(move || {
            describe_key::DescribeKeyOutput::builder()
                .key_metadata(metadata("k1", ACCOUNT, "us-east-1"))
                .build()
        }),
        mock!(aws_sdk_kms::Client::get_key_policy).then_output(|| {
            get_key_policy::GetKeyPolicyOutput::builder()
                .policy(r#"{"Statement":[]}"#)
                .build()
        }),
        mock!(aws_sdk_kms::Client::list_resource_tags)
            .then_output(|| list_resource_tags::ListResourceTagsOutput::builder().build()),
        mock!(aws_sdk_s3::Client::list_buckets).then_output(|| {
            let bucket = |n: &str| {
                aws_sdk_s3::types::Bucket::builder()
                    .name(n)
                    .bucket_region("us-east-1")
                    .build()
            };
            list_buckets::ListBucketsOutput::builder()
                .buckets(bucket("src-bucket"))
                .buckets(bucket("art-use1"))
                .build()
        }),
        mock!(aws_sdk_s3::Client::get_bucket_location)
            .match_requests(|r| r.bucket() == Some("art-euw1"))
            .then_output(|| {
                get_bucket_location::GetBucketLocationOutput::builder()
                    .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::EuWest1)
                    .build()
            }),
        mock!(aws_sdk_s3::Client::get_bucket_versioning).then_output(|| {
            get_bucket_versioning::GetBucketVersioningOutput::builder()
                .status(aws_sdk_s3::types::BucketVersioningStatus::Enabled)
                .build()
        }),
        mock!(aws_sdk_s3::Client::get_bucket_policy).then_http_response(|| {
            http(
                404,
                "<Error><Code>NoSuchBucketPolicy</Code><Message>none</Message></Error>",
            )
        }),
        mock!(aws_sdk_s3::Client::get_bucket_logging)
            .then_output(|| get_bucket_logging::GetBucketLoggingOutput::builder().build()),
        mock!(aws_sdk_s3::Client::get_bucket_website).then_http_response(|| {
            http(
                404,
                "<Error><Code>NoSuchWebsiteConfiguration</Code><Message>none</Message></Error>",
            )
        }),
        mock!(aws_sdk_s3::Client::get_bucket_encryption)
            .then_output(|| get_bucket_encryption::GetBucketEncryptionOutput::builder().build()),
        mock!(aws_sdk_s3::Client::get_bucket_tagging).then_output(|| {
            get_bucket_tagging::GetBucketTaggingOutput::builder()
                .set_tag_set(Some(Vec::new()))
                .build()
                .unwrap()
        }),
    ]
}

#[tokio::test]
async fn pipelines_keep_stores_and_safe_configuration_and_their_references_are_read() {
    use aws_sdk_codepipeline::operation::*;
    use aws_sdk_codepipeline::Client;
    let list = mock!(Client::list_pipelines).then_output(|| {
        let summary = |n: &str| {
            aws_sdk_codepipeline::types::PipelineSummary::builder()
                .name(n)
                .build()
        };
        list_pipelines::ListPipelinesOutput::builder()
            .pipelines(summary("multi"))
            .pipelines(summary("gone"))
            .pipelines(summary("slow"))
            .build()
    });
    let multi = mock!(Client::get_pipeline)
        .match_requests(|r| r.name() == Some("multi"))
        .then_output(|| {
            get_pipeline::GetPipelineOutput::builder()
                .pipeline(pipeline_fixture::multi())
                .build()
        });
    let gone = mock!(Client::get_pipeline)
        .match_requests(|r| r.name() == Some("gone"))
        .then_http_response(|| json_error(400, "PipelineNotFoundException", "no such pipeline"));
    let slow = mock!(Client::get_pipeline)
        .match_requests(|r| r.name() == Some("slow"))
        .then_http_response(|| json_error(400, "ThrottlingException", "Rate exceeded"));
    let tags = mock!(Client::list_tags_for_resource)
        .match_requests(|r| r.resource_arn().is_some_and(|a| a.ends_with(":multi")))
        .then_output(|| {
            list_tags_for_resource::ListTagsForResourceOutput::builder()
                .tags(
                    aws_sdk_codepipeline::types::Tag::builder()
                        .key("team")
                        .value("web")
                        .build()
                        .unwrap(),
                )
                .build()
        });
    let denied_tags = mock!(Client::list_tags_for_resource)
        .then_http_response(|| json_error(400, "AccessDeniedException", "no"));
    let others = kms_and_s3_rules();
    let mut rules = vec![&list, &multi, &gone, &slow, &tags, &denied_tags];
    rules.extend(others.iter());
    let s = session(&rules);
    let account = collect(&s, &["codepipeline", "kms", "s3"]).await;
    assert_eq!(
        account
            .collection_errors
            .iter()
            .map(|e| (e.part.as_deref(), e.resource.as_deref()))
            .collect::<Vec<_>>(),
        [
            (
                Some("pipelines.tags"),
                Some("arn:aws:codepipeline:us-east-1:111122223333:gone")
            ),
            (
                Some("pipelines.tags"),
                Some("arn:aws:codepipeline:us-east-1:111122223333:slow")
            )
        ],
        "only the denied tag reads are unread, each for its pipeline"
    );
    assert_eq!(slow.num_calls(), ATTEMPTS as usize, "throttling is retried");

    let pipelines = &account.codepipeline.as_ref().unwrap().pipelines;
    let p = pipelines.iter().find(|p| p.name == "multi").unwrap();
    assert_eq!(
        p.arn,
        format!("arn:aws:codepipeline:us-east-1:{ACCOUNT}:multi")
    );
    assert_eq!(p.tags.get("team").map(String::as_str), Some("web"));
    let def = p.definition.value().unwrap();
    assert!(def.artifact_store.is_none());
    assert_eq!(
        def.artifact_stores.keys().collect::<Vec<_>>(),
        ["eu-west-1", "us-east-1"]
    );
    let source = &def.stages[0].actions[0];
    assert_eq!(
        (
            source.category.as_str(),
            source.owner.as_str(),
            source.provider.as_str()
        ),
        ("Source", "AWS", "S3")
    );
    assert_eq!(
        source.configuration.keys().collect::<Vec<_>>(),
        ["S3Bucket", "S3ObjectKey"],
        "OAuthToken is never kept"
    );
    let deploy = &def.stages[1].actions[0];
    assert_eq!(deploy.region.as_deref(), Some("eu-west-1"));
    assert_eq!(
        deploy.configuration.keys().collect::<Vec<_>>(),
        ["ActionMode", "StackName"],
        "ParameterOverrides is never kept"
    );
    let text = serde_json::to_string(&account).unwrap();
    assert!(!text.contains("ghp_") && !text.contains("hunter2"));
    let gone_p = pipelines.iter().find(|p| p.name == "gone").unwrap();
    assert!(matches!(gone_p.definition, Collected::Absent));
    assert!(
        gone_p.tags.is_empty(),
        "unread tags hold nothing (the part is unread)"
    );

    // References: another account's key and a bucket in a region not scanned.
    let kms = account.kms.as_ref().unwrap();
    assert!(kms
        .keys
        .iter()
        .any(|k| k.account_id == "999988887777" && k.region == "eu-west-1"));
    let s3 = account.s3.as_ref().unwrap();
    let euw1 = s3
        .other_buckets
        .iter()
        .find(|b| b.name == "art-euw1")
        .unwrap();
    assert_eq!(euw1.region, Collected::Value("eu-west-1".to_string()));
    assert_eq!(euw1.versioning, Collected::Value("Enabled".to_string()));

    // What the checks make of it.
    let f = judge(&account, "codepipeline-s3-source-versioning");
    assert_eq!(finding(&f, ":multi").status, Status::Pass, "{f:#?}");
    let gone_f = finding(&f, ":gone");
    assert_eq!(gone_f.status, Status::Error, "its tags could not be read");
    assert!(
        gone_f.reason.contains("its tags could not be read"),
        "{gone_f:?}"
    );
    let slow_f = finding(&f, ":slow");
    assert_eq!(
        (slow_f.status, slow_f.reason.as_str()),
        (
            Status::Error,
            "throttled: GetPipeline (ThrottlingException)"
        )
    );
    let f = judge(&account, "codepipeline-artifacts-kms");
    let multi_f = finding(&f, ":multi");
    assert_eq!(multi_f.status, Status::Fail);
    assert!(
        multi_f
            .reason
            .contains("key alias/pipe is referenced by alias on a cross-account pipeline")
            && !multi_f.reason.contains("k9"),
        "the other account's key resolved: {}",
        multi_f.reason
    );
    let mut all = account.clone();
    all.iam = Some(Default::default());
    all.codebuild = Some(Default::default());
    all.codedeploy = Some(Default::default());
    all.cloudformation = Some(Default::default());
    let f = judge(&all, "cicd-service-roles");
    assert!(
        f.iter().any(|x| x.resource_arn.ends_with(":slow")
            && x.status == Status::Error
            && x.reason.contains("the pipeline's service role is unknown")),
        "{f:#?}"
    );
}

#[tokio::test]
async fn list_pipelines_denied_blinds_codepipeline_in_the_region() {
    let denied = mock!(aws_sdk_codepipeline::Client::list_pipelines)
        .then_http_response(|| json_error(400, "AccessDeniedException", "not authorized"));
    let s = session(&[&denied]);
    let account = collect(&s, &["codepipeline"]).await;
    let e = &account.collection_errors[0];
    assert_eq!(
        (e.service.as_str(), e.region.as_str(), e.error.code.as_str()),
        ("codepipeline", "us-east-1", "AccessDeniedException")
    );
}

// ------------------------------------------------------------------ codebuild

#[tokio::test]
async fn projects_are_read_in_batches_of_100_and_redacted_at_the_source() {
    use aws_sdk_codebuild::operation::*;
    use aws_sdk_codebuild::types::*;
    use aws_sdk_codebuild::Client;
    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    let list = mock!(Client::list_projects).then_output(|| {
        list_projects::ListProjectsOutput::builder()
            .set_projects(Some((0..150).map(|i| format!("p{i:03}")).collect()))
            .build()
    });
    let batch = mock!(Client::batch_get_projects).then_compute_output(|input| {
        let names = input.names();
        assert!(names.len() <= 100, "a batch has at most 100 names");
        let project = |name: &String| {
            Project::builder()
                .name(name)
                .arn(format!("arn:aws:codebuild:us-east-1:111122223333:project/{name}"))
                .service_role("codebuild-role")
                .source(
                    ProjectSource::builder()
                        .r#type(SourceType::Github)
                        .location("https://bob:hunter2@github.com/org/app.git")
                        .buildspec(format!("version: 0.2\nenv:\n  variables:\n    AWS_SECRET_ACCESS_KEY: {SECRET}\n"))
                        .build()
                        .unwrap(),
                )
                .secondary_sources(
                    ProjectSource::builder()
                        .r#type(SourceType::S3)
                        .location("bucket/path.zip")
                        .build()
                        .unwrap(),
                )
                .environment(
                    ProjectEnvironment::builder()
                        .r#type(EnvironmentType::LinuxContainer)
                        .image("i")
                        .compute_type(ComputeType::BuildGeneral1Small)
                        // No type: CodeBuild's default is PLAINTEXT.
                        .environment_variables(
                            EnvironmentVariable::builder()
                                .name("DEPLOY_SECRET")
                                .value(SECRET)
                                .build()
                                .unwrap(),
                        )
                        .environment_variables(
                            EnvironmentVariable::builder()
                                .name("DB")
                                .value("prod/db:password")
                                .r#type(EnvironmentVariableType::SecretsManager)
                                .build()
                                .unwrap(),
                        )
                        .build()
                        .unwrap(),
                )
                .tags(Tag::builder().key("team").value("ci").build())
                .build()
        };
        batch_get_projects::BatchGetProjectsOutput::builder()
            // The last name was deleted since the listing.
            .set_projects(Some(names.iter().filter(|n| *n != "p149").map(project).collect()))
            .projects_not_found("p149")
            .build()
    });
    let creds = mock!(Client::list_source_credentials)
        .then_output(|| list_source_credentials::ListSourceCredentialsOutput::builder().build());
    let s = session(&[&list, &batch, &creds]);
    let account = collect(&s, &["codebuild"]).await;
    assert_eq!(
        batch.num_calls(),
        2,
        "150 names: two BatchGetProjects calls"
    );
    let projects = &account.codebuild.as_ref().unwrap().projects;
    assert_eq!(projects.len(), 149);
    let p = &projects[0];
    assert_eq!(p.service_role, "codebuild-role");
    assert_eq!(p.environment_variables[0].var_type, "PLAINTEXT");
    assert_eq!(p.environment_variables[1].var_type, "SECRETS_MANAGER");
    assert_eq!(p.tags.get("team").map(String::as_str), Some("ci"));
    let loc = p.source.location.as_ref().unwrap();
    assert!(loc.embedded_credentials && loc.url == "https://***@github.com/org/app.git");
    assert_eq!(p.secondary_sources[0].source_type, "S3");
    let text = serde_json::to_string(&account).unwrap();
    assert!(
        !text.contains(SECRET) && !text.contains("hunter2"),
        "plaintext values never enter the inventory"
    );
    let f = judge(&account, "codebuild-no-plaintext-secrets");
    let first = finding(&f, "project/p000");
    assert_eq!(first.status, Status::Fail);
    assert!(
        first
            .reason
            .contains("PLAINTEXT environment variable DEPLOY_SECRET")
            && first
                .reason
                .contains("inline buildspec env variable AWS_SECRET_ACCESS_KEY")
            && first.reason.contains("embeds credentials"),
        "{}",
        first.reason
    );

    // A failed batch: the projects are unknown, so CodeBuild is blind there.
    let denied = mock!(Client::batch_get_projects)
        .then_http_response(|| json_error(400, "AccessDeniedException", "not authorized"));
    let s = session(&[&list, &denied, &creds]);
    let account = collect(&s, &["codebuild"]).await;
    assert!(account.codebuild.as_ref().unwrap().projects.is_empty());
    let e = &account.collection_errors[0];
    assert_eq!(
        (e.error.operation.as_str(), e.error.code.as_str()),
        ("BatchGetProjects", "AccessDeniedException")
    );
    let f = judge(&account, "codebuild-no-plaintext-secrets");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].status, Status::Error, "never an empty PASS");
}

#[tokio::test]
async fn source_credentials_are_noted_and_their_failure_blinds_nothing() {
    use aws_sdk_codebuild::operation::*;
    use aws_sdk_codebuild::types::*;
    use aws_sdk_codebuild::Client;
    let list = mock!(Client::list_projects).then_output(|| {
        list_projects::ListProjectsOutput::builder()
            .projects("app")
            .build()
    });
    let batch = mock!(Client::batch_get_projects).then_output(|| {
        batch_get_projects::BatchGetProjectsOutput::builder()
            .projects(
                Project::builder()
                    .name("app")
                    .arn("arn:aws:codebuild:us-east-1:111122223333:project/app")
                    .service_role("codebuild-role")
                    .source(
                        ProjectSource::builder()
                            .r#type(SourceType::Github)
                            .location("https://github.com/org/app.git")
                            .build()
                            .unwrap(),
                    )
                    .build(),
            )
            .build()
    });
    let creds = mock!(Client::list_source_credentials).then_output(|| {
        list_source_credentials::ListSourceCredentialsOutput::builder()
            .source_credentials_infos(
                SourceCredentialsInfo::builder()
                    .arn("arn:aws:codebuild:us-east-1:111122223333:token/github")
                    .server_type(ServerType::Github)
                    .auth_type(AuthType::PersonalAccessToken)
                    .build(),
            )
            .source_credentials_infos(
                SourceCredentialsInfo::builder()
                    .arn("arn:aws:codebuild:us-east-1:111122223333:token/gitlab")
                    .server_type(ServerType::Gitlab)
                    .auth_type(AuthType::Codeconnections)
                    .resource("arn:aws:codeconnections:us-east-1:111122223333:connection/c1")
                    .build(),
            )
            .build()
    });
    let s = session(&[&list, &batch, &creds]);
    let account = collect(&s, &["codebuild"]).await;
    assert!(account.collection_errors.is_empty());
    let stored = &account.codebuild.as_ref().unwrap().source_credentials;
    assert_eq!(stored.len(), 2);
    assert_eq!(
        (stored[0].server_type.as_str(), stored[0].auth_type.as_str()),
        ("GITHUB", "PERSONAL_ACCESS_TOKEN")
    );
    assert_eq!(
        stored[1].resource.as_deref(),
        Some("arn:aws:codeconnections:us-east-1:111122223333:connection/c1")
    );
    let f = judge(&account, "codebuild-no-plaintext-secrets");
    let app = finding(&f, "project/app");
    assert_eq!(app.status, Status::Pass);
    assert!(
        app.reason
            .contains("CodeBuild holds a GITHUB PERSONAL_ACCESS_TOKEN source credential"),
        "{}",
        app.reason
    );

    // Denied: the part is unread, the projects are judged, nothing is noted.
    let denied = mock!(Client::list_source_credentials)
        .then_http_response(|| json_error(400, "AccessDeniedException", "not authorized"));
    let s = session(&[&list, &batch, &denied]);
    let account = collect(&s, &["codebuild"]).await;
    let e = &account.collection_errors[0];
    assert_eq!(
        (e.error.operation.as_str(), e.error.code.as_str()),
        ("ListSourceCredentials", "AccessDeniedException")
    );
    let f = judge(&account, "codebuild-no-plaintext-secrets");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].status, Status::Pass, "{}", f[0].reason);
    assert!(!f[0].reason.contains("source credential"));
}

/// One project from a GitHub repository with a pull-request webhook, a
/// Docker build, S3 logs, unencrypted secondary artifacts and a key.
fn configured_project() -> aws_sdk_codebuild::types::Project {
    use aws_sdk_codebuild::types::*;
    Project::builder()
        .name("app")
        .arn("arn:aws:codebuild:us-east-1:111122223333:project/app")
        .service_role("codebuild-role")
        .source(
            ProjectSource::builder()
                .r#type(SourceType::Github)
                .location("https://github.com/org/app.git")
                .buildspec("version: 0.2\nphases:\n  build:\n    commands:\n      - docker build -t app .\n")
                .build()
                .unwrap(),
        )
        .environment(
            ProjectEnvironment::builder()
                .r#type(EnvironmentType::LinuxContainer)
                .image("i")
                .compute_type(ComputeType::BuildGeneral1Small)
                .privileged_mode(true)
                .build()
                .unwrap(),
        )
        .logs_config(
            LogsConfig::builder()
                .cloud_watch_logs(
                    CloudWatchLogsConfig::builder()
                        .status(LogsConfigStatusType::Disabled)
                        .build()
                        .unwrap(),
                )
                .s3_logs(
                    S3LogsConfig::builder()
                        .status(LogsConfigStatusType::Enabled)
                        .location("logs-bucket/app")
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .artifacts(
            ProjectArtifacts::builder()
                .r#type(ArtifactsType::Codepipeline)
                .build()
                .unwrap(),
        )
        .secondary_artifacts(
            ProjectArtifacts::builder()
                .r#type(ArtifactsType::S3)
                .artifact_identifier("reports")
                .location("reports-bucket")
                .encryption_disabled(true)
                .build()
                .unwrap(),
        )
        .encryption_key("arn:aws:kms:us-east-1:111122223333:alias/pipe")
        .webhook(
            Webhook::builder()
                .filter_groups(vec![
                    WebhookFilter::builder()
                        .r#type(WebhookFilterType::Event)
                        .pattern("PULL_REQUEST_CREATED,PULL_REQUEST_UPDATED")
                        .build()
                        .unwrap(),
                    WebhookFilter::builder()
                        .r#type(WebhookFilterType::HeadRef)
                        .pattern("^refs/heads/release/")
                        .exclude_matched_pattern(true)
                        .build()
                        .unwrap(),
                ])
                .build(),
        )
        .build()
}

#[tokio::test]
async fn build_settings_webhooks_and_report_groups_are_read_and_judged() {
    use aws_sdk_codebuild::operation::*;
    use aws_sdk_codebuild::types::*;
    use aws_sdk_codebuild::Client;
    let group_arn = "arn:aws:codebuild:us-east-1:111122223333:report-group/app-unit";
    let list = mock!(Client::list_projects).then_output(|| {
        list_projects::ListProjectsOutput::builder()
            .projects("app")
            .build()
    });
    let batch = mock!(Client::batch_get_projects).then_output(|| {
        batch_get_projects::BatchGetProjectsOutput::builder()
            .projects(configured_project())
            .build()
    });
    let groups = mock!(Client::list_report_groups).then_output(move || {
        list_report_groups::ListReportGroupsOutput::builder()
            .report_groups(group_arn)
            .report_groups("arn:aws:codebuild:us-east-1:111122223333:report-group/idle")
            .build()
    });
    let described = mock!(Client::batch_get_report_groups).then_compute_output(|input| {
        assert_eq!(input.report_group_arns().len(), 2);
        let group = |arn: &str, name: &str, export: ReportExportConfig| {
            ReportGroup::builder()
                .arn(arn)
                .name(name)
                .r#type(ReportType::Test)
                .export_config(export)
                .tags(Tag::builder().key("team").value("ci").build())
                .build()
        };
        batch_get_report_groups::BatchGetReportGroupsOutput::builder()
            .report_groups(group(
                "arn:aws:codebuild:us-east-1:111122223333:report-group/app-unit",
                "app-unit",
                ReportExportConfig::builder()
                    .export_config_type(ReportExportConfigType::S3)
                    .s3_destination(
                        S3ReportExportConfig::builder()
                            .bucket("test-reports")
                            .encryption_disabled(true)
                            .build(),
                    )
                    .build(),
            ))
            .report_groups(group(
                "arn:aws:codebuild:us-east-1:111122223333:report-group/idle",
                "idle",
                ReportExportConfig::builder()
                    .export_config_type(ReportExportConfigType::NoExport)
                    .build(),
            ))
            .build()
    });
    let reports = mock!(Client::list_reports_for_report_group).then_compute_output(|input| {
        assert_eq!(input.sort_order(), Some(&SortOrderType::Descending));
        assert_eq!(input.max_results(), Some(100));
        let out = list_reports_for_report_group::ListReportsForReportGroupOutput::builder();
        if input
            .report_group_arn()
            .unwrap_or_default()
            .ends_with("/idle")
        {
            return out.build();
        }
        out.reports("r1").reports("r2").reports("r3").build()
    });
    let report = |id: &str, build: &str, ago: i64| {
        Report::builder()
            .arn(id)
            .execution_id(format!(
                "arn:aws:codebuild:us-east-1:111122223333:build/{build}"
            ))
            .created(secs_ago(ago))
            .build()
    };
    let got = mock!(Client::batch_get_reports).then_compute_output(move |input| {
        assert_eq!(input.report_arns(), ["r1", "r2", "r3"]);
        batch_get_reports::BatchGetReportsOutput::builder()
            .reports(report("r1", "app:b-3", 3_600))
            .reports(report("r2", "app:b-2", 86_400 * 40))
            .reports(report("r3", "other:b-9", 60))
            .build()
    });
    let creds = mock!(Client::list_source_credentials)
        .then_output(|| list_source_credentials::ListSourceCredentialsOutput::builder().build());
    let kms = kms_and_s3_rules();
    let mut rules = vec![&list, &batch, &groups, &described, &reports, &got, &creds];
    rules.extend(&kms);
    let account = collect(&session(&rules), &["codebuild", "kms"]).await;
    assert!(
        account.collection_errors.is_empty(),
        "{:?}",
        account.collection_errors
    );
    let cb = account.codebuild.as_ref().unwrap();
    let p = &cb.projects[0];
    assert!(p.privileged_mode);
    let logs = serde_json::to_value(&p.logs).unwrap();
    assert_eq!(
        logs,
        serde_json::json!({"cloudwatch": {"status": "DISABLED"}, "s3": {"status": "ENABLED", "location": "logs-bucket/app", "encryption_disabled": false}})
    );
    assert_eq!(p.artifacts.as_ref().unwrap().artifacts_type, "CODEPIPELINE");
    let second = &p.secondary_artifacts[0];
    assert_eq!(
        (second.identifier.as_deref(), second.encryption_disabled),
        (Some("reports"), true)
    );
    assert_eq!(
        p.encryption_key.as_deref(),
        Some("arn:aws:kms:us-east-1:111122223333:alias/pipe")
    );
    let filters = &p.webhook.as_ref().unwrap().filter_groups[0].filters;
    assert_eq!(filters.len(), 2);
    assert!(filters[1].exclude_matched_pattern && filters[1].filter_type == "HEAD_REF");
    assert_eq!(cb.report_groups.len(), 2);
    let unit = &cb.report_groups[0];
    assert_eq!(unit.tags.get("team").map(String::as_str), Some("ci"));
    let export = unit.s3_export.as_ref().unwrap();
    assert_eq!(
        (export.bucket.as_deref(), export.encryption_disabled),
        (Some("test-reports"), true)
    );
    let newest = unit.latest_reports.value().unwrap();
    assert_eq!(
        newest
            .iter()
            .map(|r| r.project.as_str())
            .collect::<Vec<_>>(),
        ["app", "other"],
        "one entry per project"
    );
    assert!(
        chrono::Utc::now() - newest[0].created < chrono::Duration::hours(2),
        "the project's newest report wins"
    );
    let idle = &cb.report_groups[1];
    assert!(idle.s3_export.is_none());
    assert!(matches!(idle.latest_reports, Collected::Absent));

    let verdict = |check: &str| {
        let f = judge(&account, check);
        let app = finding(&f, "project/app");
        (app.status, app.reason.clone())
    };
    let (status, reason) = verdict("codebuild-privileged-mode");
    assert_eq!(status, Status::Fail);
    assert!(
        reason.starts_with("advisory: privileged mode is on for Docker builds"),
        "{reason}"
    );
    let (status, reason) = verdict("codebuild-logging");
    assert_eq!(status, Status::Pass, "{reason}");
    let (status, reason) = verdict("codebuild-artifacts-encrypted");
    assert_eq!(status, Status::Fail);
    assert!(
        reason.contains("secondary artifacts reports (S3 reports-bucket) are written unencrypted")
            && !reason.contains("alias/pipe"),
        "the key resolves to the enabled customer-managed k1: {reason}"
    );
    let (status, reason) = verdict("codebuild-pr-validation");
    assert_eq!(status, Status::Fail);
    assert!(
        reason.contains("advisory: report group app-unit exports to S3 test-reports unencrypted"),
        "{reason}"
    );

    // A group's reports throttled: that group is unknown, the project ERROR.
    let throttled = mock!(Client::batch_get_reports)
        .then_http_response(|| json_error(400, "ThrottlingException", "Rate exceeded"));
    let s = session(&[
        &list, &batch, &groups, &described, &reports, &throttled, &creds,
    ]);
    let account = collect(&s, &["codebuild"]).await;
    let unit = &account.codebuild.as_ref().unwrap().report_groups[0];
    assert_eq!(
        unit.latest_reports.known().unwrap_err().to_string(),
        "throttled: BatchGetReports (ThrottlingException)"
    );
    let f = judge(&account, "codebuild-pr-validation");
    let app = finding(&f, "project/app");
    assert_eq!(app.status, Status::Error, "{}", app.reason);

    // The listing denied: the part is unread, the projects kept, and the
    // check reports the region ERROR instead of judging them.
    let denied = mock!(Client::list_report_groups)
        .then_http_response(|| json_error(400, "AccessDeniedException", "not authorized"));
    let s = session(&[&list, &batch, &denied, &creds]);
    let account = collect(&s, &["codebuild"]).await;
    assert_eq!(account.codebuild.as_ref().unwrap().projects.len(), 1);
    let e = &account.collection_errors[0];
    assert_eq!(
        (
            e.part.as_deref(),
            e.error.operation.as_str(),
            e.error.code.as_str()
        ),
        (
            Some("report_groups"),
            "ListReportGroups",
            "AccessDeniedException"
        )
    );
    let f = judge(&account, "codebuild-pr-validation");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].status, Status::Error);
    assert!(f[0]
        .reason
        .contains("codebuild report_groups could not be read in us-east-1"));
    let f = judge(&account, "codebuild-privileged-mode");
    assert_eq!(
        f[0].status,
        Status::Fail,
        "the other checks are not blinded"
    );

    // A 5xx on the batch: the part is unread, named by its operation.
    let broken = mock!(Client::batch_get_report_groups)
        .then_http_response(|| http(500, "<html>Internal Server Error</html>"));
    let s = session(&[&list, &batch, &groups, &broken, &creds]);
    let account = collect(&s, &["codebuild"]).await;
    let e = &account.collection_errors[0];
    assert_eq!(
        (e.part.as_deref(), e.error.operation.as_str()),
        (Some("report_groups"), "BatchGetReportGroups")
    );
}

// ------------------------------------------------- codedeploy and cloudwatch

fn group_info(name: &str, alarms: &[&str]) -> aws_sdk_codedeploy::types::DeploymentGroupInfo {
    use aws_sdk_codedeploy::types::*;
    let mut alarm_config = AlarmConfiguration::builder().enabled(!alarms.is_empty());
    for a in alarms {
        alarm_config = alarm_config.alarms(Alarm::builder().name(*a).build());
    }
    DeploymentGroupInfo::builder()
        .application_name("shop")
        .deployment_group_name(name)
        .service_role_arn("arn:aws:iam::111122223333:role/deploy")
        .compute_platform(ComputePlatform::Lambda)
        .deployment_config_name("CodeDeployDefault.LambdaAllAtOnce")
        .auto_rollback_configuration(
            AutoRollbackConfiguration::builder()
                .enabled(true)
                .events(AutoRollbackEvent::DeploymentFailure)
                .events(AutoRollbackEvent::DeploymentStopOnAlarm)
                .build(),
        )
        .alarm_configuration(alarm_config.build())
        .trigger_configurations(
            TriggerConfig::builder()
                .trigger_name("failed")
                .trigger_target_arn("arn:aws:sns:us-east-1:111122223333:deploys")
                .trigger_events(TriggerEventType::DeploymentFailure)
                .trigger_events(TriggerEventType::DeploymentRollback)
                .build(),
        )
        .build()
}

fn alarm_rules() -> Vec<Rule> {
    use aws_sdk_cloudwatch::operation::describe_alarms::DescribeAlarmsOutput;
    use aws_sdk_cloudwatch::types::*;
    vec![
        mock!(aws_sdk_cloudwatch::Client::describe_alarms).then_output(|| {
            DescribeAlarmsOutput::builder()
                .metric_alarms(
                    MetricAlarm::builder()
                        .alarm_name("errors")
                        .alarm_arn("arn:aws:cloudwatch:us-east-1:111122223333:alarm:errors")
                        .namespace("AWS/Lambda")
                        .metric_name("Errors")
                        .actions_enabled(true)
                        .state_value(StateValue::Ok)
                        .build(),
                )
                // Never reporting: in INSUFFICIENT_DATA for 30 days, and since an hour ago.
                .metric_alarms(
                    MetricAlarm::builder()
                        .alarm_name("stale-latency")
                        .alarm_arn("arn:aws:cloudwatch:us-east-1:111122223333:alarm:stale-latency")
                        .actions_enabled(true)
                        .state_value(StateValue::InsufficientData)
                        .state_updated_timestamp(secs_ago(30 * 86_400))
                        .build(),
                )
                .metric_alarms(
                    MetricAlarm::builder()
                        .alarm_name("fresh-latency")
                        .alarm_arn("arn:aws:cloudwatch:us-east-1:111122223333:alarm:fresh-latency")
                        .actions_enabled(true)
                        .state_value(StateValue::InsufficientData)
                        .state_updated_timestamp(secs_ago(3_600))
                        .build(),
                )
                .composite_alarms(
                    CompositeAlarm::builder()
                        .alarm_name("service-health")
                        .alarm_arn("arn:aws:cloudwatch:us-east-1:111122223333:alarm:service-health")
                        .alarm_rule("ALARM(errors)")
                        .actions_enabled(true)
                        .alarm_actions("arn:aws:sns:us-east-1:111122223333:ops")
                        .state_value(StateValue::Ok)
                        .build(),
                )
                .build()
        }),
    ]
}

#[tokio::test]
async fn deployment_groups_in_batches_with_tags_judged_against_metric_and_composite_alarms() {
    use aws_sdk_codedeploy::operation::*;
    use aws_sdk_codedeploy::Client;
    let apps = mock!(Client::list_applications).then_output(|| {
        list_applications::ListApplicationsOutput::builder()
            .applications("shop")
            .build()
    });
    let listed = mock!(Client::list_deployment_groups).then_compute_output(|input| {
        let names: Vec<String> = if input.application_name() == Some("shop") {
            ["prod-api", "prod-web", "gone"]
                .into_iter()
                .map(String::from)
                .chain((0..24).map(|i| format!("dev-{i:02}")))
                .collect()
        } else {
            vec!["old".to_string()]
        };
        list_deployment_groups::ListDeploymentGroupsOutput::builder()
            .set_deployment_groups(Some(names))
            .build()
    });
    let legacy = mock!(Client::batch_get_deployment_groups)
        .match_requests(|r| r.application_name() == Some("legacy"))
        .then_http_response(|| json_error(400, "ThrottlingException", "Rate exceeded"));
    let batch = mock!(Client::batch_get_deployment_groups).then_compute_output(|input| {
        let names = input.deployment_group_names();
        assert!(names.len() <= codedeploy::BATCH);
        let infos = names
            .iter()
            .filter(|n| *n != "gone")
            .map(|n| match n.as_str() {
                // A composite alarm: found only because composite alarms are listed.
                "prod-api" => group_info(n, &["service-health"]),
                "prod-web" => group_info(n, &["errors", "missing"]),
                "dev-02" => group_info(n, &["stale-latency"]),
                "dev-03" => group_info(n, &["fresh-latency"]),
                _ => group_info(n, &[]),
            })
            .collect();
        batch_get_deployment_groups::BatchGetDeploymentGroupsOutput::builder()
            .set_deployment_groups_info(Some(infos))
            .error_message("gone: deployment group not found")
            .build()
    });
    let prod_tag = mock!(Client::list_tags_for_resource)
        .match_requests(|r| r.resource_arn().is_some_and(|a| a.ends_with("/dev-00")))
        .then_output(|| {
            list_tags_for_resource::ListTagsForResourceOutput::builder()
                .tags(
                    aws_sdk_codedeploy::types::Tag::builder()
                        .key("Environment")
                        .value("production")
                        .build(),
                )
                .build()
        });
    let no_tags = mock!(Client::list_tags_for_resource)
        .then_output(|| list_tags_for_resource::ListTagsForResourceOutput::builder().build());
    let alarms = alarm_rules();
    let mut rules = vec![&apps, &listed, &batch, &prod_tag, &no_tags];
    rules.extend(alarms.iter());
    let s = session(&rules);
    let account = collect(&s, &["codedeploy", "cloudwatch"]).await;
    assert!(account.collection_errors.is_empty());
    assert_eq!(batch.num_calls(), 2, "27 groups of shop: batches of 25");
    let cw = account.cloudwatch.as_ref().unwrap();
    let composite = cw
        .alarms
        .iter()
        .find(|a| a.name == "service-health")
        .unwrap();
    assert!(composite.namespace.is_none() && composite.metric_name.is_none());
    assert_eq!(
        composite.alarm_actions,
        ["arn:aws:sns:us-east-1:111122223333:ops"]
    );
    let groups = &account.codedeploy.as_ref().unwrap().deployment_groups;
    assert_eq!(groups.len(), 27);
    let api = groups.iter().find(|g| g.name == "prod-api").unwrap();
    assert_eq!(
        api.arn,
        format!("arn:aws:codedeploy:us-east-1:{ACCOUNT}:deploymentgroup:shop/prod-api")
    );
    let config = api.config.value().unwrap();
    assert_eq!(config.compute_platform.as_deref(), Some("Lambda"));
    assert_eq!(
        config.auto_rollback.as_ref().unwrap().events,
        ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]
    );
    let trigger = &config.triggers[0];
    assert_eq!(
        (
            trigger.name.as_str(),
            trigger.target_arn.as_str(),
            &trigger.events[..]
        ),
        (
            "failed",
            "arn:aws:sns:us-east-1:111122223333:deploys",
            &[
                "DeploymentFailure".to_string(),
                "DeploymentRollback".to_string()
            ][..]
        )
    );

    let f = judge(&account, "codedeploy-auto-rollback");
    assert_eq!(finding(&f, "shop/prod-api").status, Status::Pass, "{f:#?}");
    let web = finding(&f, "shop/prod-web");
    assert_eq!(web.status, Status::Fail);
    assert!(
        web.reason
            .contains("alarm missing does not exist in us-east-1"),
        "{}",
        web.reason
    );
    assert_eq!(finding(&f, "shop/gone").status, Status::Skip);
    let tagged = finding(&f, "shop/dev-00");
    assert_eq!(
        tagged.status,
        Status::Fail,
        "production by its tag: {}",
        tagged.reason
    );
    assert_eq!(finding(&f, "shop/dev-01").status, Status::Pass);
    // Judged by how long the alarm has been in INSUFFICIENT_DATA.
    let stale = finding(&f, "shop/dev-02");
    assert!(
        stale.status == Status::Fail && stale.reason.contains("for at least 7 days"),
        "{}",
        stale.reason
    );
    let fresh = finding(&f, "shop/dev-03");
    assert!(
        fresh.status == Status::Pass && fresh.reason.contains("fresh-latency since"),
        "{}",
        fresh.reason
    );

    // A throttled batch (in its own region: throttling slows the SDK's
    // adaptive rate limiter of that service and region): those groups are
    // unknown, ERROR.
    let legacy_app = mock!(Client::list_applications).then_output(|| {
        list_applications::ListApplicationsOutput::builder()
            .applications("legacy")
            .build()
    });
    let mut rules = vec![&legacy_app, &listed, &legacy, &no_tags];
    rules.extend(alarms.iter());
    let s = session_with(&rules, |s| s.regions = vec!["sa-east-1".into()]);
    let account = collect(&s, &["codedeploy", "cloudwatch"]).await;
    assert_eq!(legacy.num_calls(), ATTEMPTS as usize);
    let f = judge(&account, "codedeploy-auto-rollback");
    let old = finding(&f, "legacy/old");
    assert_eq!(
        (old.status, old.reason.as_str()),
        (
            Status::Error,
            "throttled: BatchGetDeploymentGroups (ThrottlingException)"
        )
    );

    // CloudWatch unreadable: the alarms cannot be called missing.
    let denied = mock!(aws_sdk_cloudwatch::Client::describe_alarms).then_error(|| {
        aws_sdk_cloudwatch::operation::describe_alarms::DescribeAlarmsError::generic(
            aws_smithy_types::error::ErrorMetadata::builder()
                .code("AccessDenied")
                .message("not authorized to perform cloudwatch:DescribeAlarms")
                .build(),
        )
    });
    let s = session(&[&apps, &listed, &batch, &prod_tag, &no_tags, &denied]);
    let account = collect(&s, &["codedeploy", "cloudwatch"]).await;
    assert_eq!(account.collection_errors[0].service, "cloudwatch");
    let f = judge(&account, "codedeploy-auto-rollback");
    let api = finding(&f, "shop/prod-api");
    assert_eq!(api.status, Status::Error);
    assert!(
        api.reason.contains(
            "alarm service-health could not be looked up: CloudWatch could not be listed"
        ),
        "{}",
        api.reason
    );
}

#[tokio::test]
async fn list_deployment_groups_failing_blinds_codedeploy() {
    use aws_sdk_codedeploy::Client;
    let apps = mock!(Client::list_applications).then_output(|| {
        aws_sdk_codedeploy::operation::list_applications::ListApplicationsOutput::builder()
            .applications("shop")
            .build()
    });
    let groups = mock!(Client::list_deployment_groups)
        .then_http_response(|| http(500, "<html>Internal Server Error</html>"));
    let s = session(&[&apps, &groups]);
    let account = collect(&s, &["codedeploy"]).await;
    assert_eq!(groups.num_calls(), ATTEMPTS as usize, "5xx is retried");
    let e = &account.collection_errors[0];
    assert_eq!(
        (
            e.service.as_str(),
            e.error.operation.as_str(),
            e.error.code.as_str()
        ),
        ("codedeploy", "ListDeploymentGroups", "Http500")
    );
    let f = judge(&account, "codedeploy-auto-rollback");
    assert_eq!(f[0].status, Status::Error);
}

/// One Server group, `prod-<config>`, tagged production, naming `config`.
/// `prod-half` is blue/green behind a target group pair, kept alive.
fn server_group(config: &str) -> aws_sdk_codedeploy::types::DeploymentGroupInfo {
    use aws_sdk_codedeploy::types::*;
    let group = DeploymentGroupInfo::builder()
        .application_name("shop")
        .deployment_group_name(format!("prod-{config}"))
        .service_role_arn("arn:aws:iam::111122223333:role/deploy")
        .compute_platform(ComputePlatform::Server)
        .deployment_config_name(config);
    if config != "half" {
        return group.build();
    }
    let route = |arn: &str| TrafficRoute::builder().listener_arns(arn).build();
    group
        .deployment_style(
            DeploymentStyle::builder()
                .deployment_type(DeploymentType::BlueGreen)
                .deployment_option(DeploymentOption::WithTrafficControl)
                .build(),
        )
        .load_balancer_info(
            LoadBalancerInfo::builder()
                .target_group_pair_info_list(
                    TargetGroupPairInfo::builder()
                        .target_groups(TargetGroupInfo::builder().name("blue").build())
                        .target_groups(TargetGroupInfo::builder().name("green").build())
                        .prod_traffic_route(route("arn:listener/prod"))
                        .test_traffic_route(route("arn:listener/test"))
                        .build(),
                )
                .build(),
        )
        .blue_green_deployment_configuration(
            BlueGreenDeploymentConfiguration::builder()
                .terminate_blue_instances_on_deployment_success(
                    BlueInstanceTerminationOption::builder()
                        .action(InstanceAction::KeepAlive)
                        .build(),
                )
                .deployment_ready_option(
                    DeploymentReadyOption::builder()
                        .action_on_timeout(DeploymentReadyAction::StopDeployment)
                        .wait_time_in_minutes(30)
                        .build(),
                )
                .build(),
        )
        .build()
}

/// The groups `prod-<config>` of application `shop`, one per config name.
fn server_groups(configs: &'static [&'static str]) -> [Rule; 3] {
    use aws_sdk_codedeploy::operation::*;
    use aws_sdk_codedeploy::Client;
    [
        mock!(Client::list_applications).then_output(|| {
            list_applications::ListApplicationsOutput::builder()
                .applications("shop")
                .build()
        }),
        mock!(Client::list_deployment_groups).then_output(move || {
            list_deployment_groups::ListDeploymentGroupsOutput::builder()
                .set_deployment_groups(Some(configs.iter().map(|c| format!("prod-{c}")).collect()))
                .build()
        }),
        mock!(Client::batch_get_deployment_groups).then_output(move || {
            batch_get_deployment_groups::BatchGetDeploymentGroupsOutput::builder()
                .set_deployment_groups_info(Some(configs.iter().map(|c| server_group(c)).collect()))
                .build()
        }),
    ]
}

#[tokio::test]
async fn deployment_configs_read_when_custom_and_judged_for_production_groups() {
    use aws_sdk_codedeploy::operation::*;
    use aws_sdk_codedeploy::types::*;
    use aws_sdk_codedeploy::Client;
    let groups = server_groups(&["CodeDeployDefault.AllAtOnce", "rolling", "half", "gone"]);
    let listed = mock!(Client::list_deployment_configs).then_output(|| {
        list_deployment_configs::ListDeploymentConfigsOutput::builder()
            .deployment_configs_list("CodeDeployDefault.AllAtOnce")
            .deployment_configs_list("CodeDeployDefault.OneAtATime")
            .deployment_configs_list("rolling")
            .deployment_configs_list("half")
            .deployment_configs_list("gone")
            .build()
    });
    let host_percent = |name: &str, value: i32| {
        get_deployment_config::GetDeploymentConfigOutput::builder()
            .deployment_config_info(
                DeploymentConfigInfo::builder()
                    .deployment_config_name(name)
                    .compute_platform(ComputePlatform::Server)
                    .minimum_healthy_hosts(
                        MinimumHealthyHosts::builder()
                            .r#type(MinimumHealthyHostsType::FleetPercent)
                            .value(value)
                            .build(),
                    )
                    .build(),
            )
            .build()
    };
    let rolling = mock!(Client::get_deployment_config)
        .match_requests(|r| r.deployment_config_name() == Some("rolling"))
        .then_output(move || host_percent("rolling", 0));
    let half = mock!(Client::get_deployment_config)
        .match_requests(|r| r.deployment_config_name() == Some("half"))
        .then_output(move || host_percent("half", 50));
    let gone = mock!(Client::get_deployment_config).then_http_response(|| {
        json_error(
            400,
            "DeploymentConfigDoesNotExistException",
            "No deployment configuration found for name: gone",
        )
    });
    let production = mock!(Client::list_tags_for_resource).then_output(|| {
        list_tags_for_resource::ListTagsForResourceOutput::builder()
            .tags(Tag::builder().key("Environment").value("prod").build())
            .build()
    });
    let mut rules: Vec<&Rule> = groups.iter().collect();
    rules.extend([&listed, &rolling, &half, &gone, &production]);
    let s = session(&rules);
    let account = collect_for_check(&s, "codedeploy", "codedeploy-no-allatonce-prod").await;
    assert!(
        account.collection_errors.is_empty(),
        "{:#?}",
        account.collection_errors
    );
    assert_eq!(
        rolling.num_calls() + half.num_calls() + gone.num_calls(),
        3,
        "GetDeploymentConfig for the custom configurations only"
    );
    let configs = &account.codedeploy.as_ref().unwrap().deployment_configs;
    let rolling_config = configs.iter().find(|c| c.name == "rolling").unwrap();
    assert_eq!(
        rolling_config.arn,
        format!("arn:aws:codedeploy:us-east-1:{ACCOUNT}:deploymentconfig:rolling")
    );
    let collected = &account.codedeploy.as_ref().unwrap().deployment_groups;
    let half_group = collected.iter().find(|g| g.name == "prod-half").unwrap();
    let half_config = half_group.config.value().unwrap();
    assert_eq!(
        half_config
            .deployment_style
            .as_ref()
            .map(|s| (s.deployment_type.as_str(), s.deployment_option.as_str())),
        Some(("BLUE_GREEN", "WITH_TRAFFIC_CONTROL"))
    );
    let pair = &half_config
        .load_balancer
        .as_ref()
        .unwrap()
        .target_group_pairs[0];
    assert_eq!(pair.target_groups, ["blue", "green"]);
    assert_eq!(pair.test_listener_arns, ["arn:listener/test"]);
    let blue_green = half_config.blue_green.as_ref().unwrap();
    assert_eq!(blue_green.terminate_action.as_deref(), Some("KEEP_ALIVE"));
    assert_eq!(
        (
            blue_green.ready_action.as_deref(),
            blue_green.ready_wait_minutes
        ),
        (Some("STOP_DEPLOYMENT"), 30)
    );
    let f = judge(&account, "codedeploy-no-allatonce-prod");
    let arn = |g: &str| format!("arn:aws:codedeploy:us-east-1:{ACCOUNT}:deploymentgroup:shop/{g}");
    expect(
        &f,
        &arn("prod-CodeDeployDefault.AllAtOnce"),
        Status::Fail,
        "deploys to every target at once",
    );
    expect(
        &f,
        &arn("prod-rolling"),
        Status::Fail,
        "keeps FLEET_PERCENT 0 healthy hosts",
    );
    expect(
        &f,
        &arn("prod-half"),
        Status::Pass,
        "custom configuration half",
    );
    expect(
        &f,
        &arn("prod-gone"),
        Status::Fail,
        "deployment configuration gone does not exist in us-east-1",
    );

    // The configurations and the tags unreadable: a custom configuration is
    // ERROR, never "missing"; production is unknown, never "not production".
    let denied = mock!(Client::list_deployment_configs)
        .then_http_response(|| json_error(400, "AccessDeniedException", "not authorized"));
    let s = session(&[&groups[0], &groups[1], &groups[2], &denied, &production]);
    let account = collect_for_check(&s, "codedeploy", "codedeploy-no-allatonce-prod").await;
    let f = judge(&account, "codedeploy-no-allatonce-prod");
    expect(
        &f,
        &arn("prod-rolling"),
        Status::Error,
        "deployment configuration rolling could not be read: ListDeploymentConfigs",
    );
    expect(
        &f,
        &arn("prod-CodeDeployDefault.AllAtOnce"),
        Status::Fail,
        "every target at once",
    );
    let untagged = mock!(Client::list_tags_for_resource)
        .then_http_response(|| json_error(400, "ThrottlingException", "Rate exceeded"));
    let s = session(&[
        &groups[0], &groups[1], &groups[2], &listed, &rolling, &half, &gone, &untagged,
    ]);
    let account = collect_for_check(&s, "codedeploy", "codedeploy-no-allatonce-prod").await;
    let f = judge(&account, "codedeploy-no-allatonce-prod");
    expect(
        &f,
        &arn("prod-CodeDeployDefault.AllAtOnce"),
        Status::Error,
        "its tags could not be read, so whether it is in scope (production, exempt) is unknown: throttled: ListTagsForResource",
    );
}

// ------------------------------------------------------------- cloudformation

pub(super) mod stack_fixture {
    use aws_sdk_cloudformation::types::*;
    use aws_smithy_types::DateTime;

    pub fn id(name: &str) -> String {
        format!("arn:aws:cloudformation:us-east-1:111122223333:stack/{name}/0000")
    }

    /// A stack whose drift (if any) was last checked an hour ago.
    pub fn stack(name: &str, status: StackStatus, drift: Option<StackDriftStatus>) -> Stack {
        let mut b = Stack::builder()
            .stack_id(id(name))
            .stack_name(name)
            .stack_status(status)
            .creation_time(DateTime::from_secs(1_700_000_000))
            .tags(Tag::builder().key("team").value("infra").build());
        if let Some(s) = drift {
            b = b.drift_information(
                StackDriftInformation::builder()
                    .stack_drift_status(s)
                    .last_check_timestamp(super::secs_ago(3_600))
                    .build(),
            );
        }
        b.build()
    }

    pub fn resource(
        logical: &str,
        kind: &str,
        drift: Option<StackResourceDriftStatus>,
    ) -> StackResourceSummary {
        let mut b = StackResourceSummary::builder()
            .logical_resource_id(logical)
            .resource_type(kind)
            .resource_status(ResourceStatus::CreateComplete)
            .last_updated_timestamp(DateTime::from_secs(1_700_000_000));
        if let Some(d) = drift {
            b = b.drift_information(
                StackResourceDriftInformationSummary::builder()
                    .stack_resource_drift_status(d)
                    .build(),
            );
        }
        b.build()
    }
}

pub(super) fn stacks_rule(stacks: Vec<aws_sdk_cloudformation::types::Stack>) -> Rule {
    mock!(aws_sdk_cloudformation::Client::describe_stacks).then_output(move || {
        aws_sdk_cloudformation::operation::describe_stacks::DescribeStacksOutput::builder()
            .set_stacks(Some(stacks.clone()))
            .build()
    })
}

fn resources_rule(
    stack: &'static str,
    resources: Vec<aws_sdk_cloudformation::types::StackResourceSummary>,
) -> Rule {
    mock!(aws_sdk_cloudformation::Client::list_stack_resources)
        .match_requests(move |r| r.stack_name() == Some(stack_fixture::id(stack).as_str()))
        .then_output(move || {
            aws_sdk_cloudformation::operation::list_stack_resources::ListStackResourcesOutput::builder()
                .set_stack_resource_summaries(Some(resources.clone()))
                .build()
        })
}

#[tokio::test]
async fn recorded_drift_is_read_with_property_paths_never_values() {
    use aws_sdk_cloudformation::operation::describe_stack_resource_drifts::DescribeStackResourceDriftsOutput;
    use aws_sdk_cloudformation::types::*;
    use stack_fixture::{resource, stack};
    let stacks = stacks_rule(vec![
        stack(
            "synced",
            StackStatus::CreateComplete,
            Some(StackDriftStatus::InSync),
        ),
        stack(
            "drifted",
            StackStatus::UpdateComplete,
            Some(StackDriftStatus::Drifted),
        ),
        stack(
            "broken",
            StackStatus::UpdateComplete,
            Some(StackDriftStatus::Drifted),
        ),
        stack("silent", StackStatus::CreateComplete, None),
        stack("deleted", StackStatus::DeleteComplete, None),
    ]);
    let synced = resources_rule(
        "synced",
        vec![resource(
            "Queue",
            "AWS::SQS::Queue",
            Some(StackResourceDriftStatus::InSync),
        )],
    );
    let drifted = resources_rule(
        "drifted",
        vec![
            resource(
                "Bucket",
                "AWS::S3::Bucket",
                Some(StackResourceDriftStatus::Modified),
            ),
            resource(
                "Topic",
                "AWS::SNS::Topic",
                Some(StackResourceDriftStatus::Deleted),
            ),
            resource(
                "Thing",
                "Custom::Thing",
                Some(StackResourceDriftStatus::NotChecked),
            ),
            resource(
                "Widget",
                "AWS::New::Widget",
                Some(StackResourceDriftStatus::Unsupported),
            ),
        ],
    );
    let broken = resources_rule(
        "broken",
        vec![resource(
            "Bucket",
            "AWS::S3::Bucket",
            Some(StackResourceDriftStatus::Modified),
        )],
    );
    let silent = resources_rule("silent", vec![resource("Queue", "AWS::SQS::Queue", None)]);
    let diffs = mock!(aws_sdk_cloudformation::Client::describe_stack_resource_drifts)
        .match_requests(|r| r.stack_name() == Some(stack_fixture::id("drifted").as_str()))
        .then_output(|| {
            DescribeStackResourceDriftsOutput::builder()
                .stack_resource_drifts(
                    StackResourceDrift::builder()
                        .stack_id(stack_fixture::id("drifted"))
                        .logical_resource_id("Bucket")
                        .resource_type("AWS::S3::Bucket")
                        .stack_resource_drift_status(StackResourceDriftStatus::Modified)
                        .expected_properties(r#"{"VersioningConfiguration":{"Status":"Enabled"}}"#)
                        .actual_properties(r#"{"VersioningConfiguration":{"Status":"Suspended"}}"#)
                        .property_differences(
                            PropertyDifference::builder()
                                .property_path("/VersioningConfiguration/Status")
                                .expected_value("Enabled")
                                .actual_value("Suspended")
                                .difference_type(DifferenceType::NotEqual)
                                .build(),
                        )
                        .timestamp(secs_ago(3_600))
                        .build(),
                )
                .build()
        });
    let failing = mock!(aws_sdk_cloudformation::Client::describe_stack_resource_drifts)
        .then_http_response(|| http(500, "<html>Internal Server Error</html>"));
    let s = session(&[
        &stacks, &synced, &drifted, &broken, &silent, &diffs, &failing,
    ]);
    let account = collect(&s, &["cloudformation"]).await;
    assert!(account.collection_errors.is_empty());
    let cfn = account.cloudformation.as_ref().unwrap();
    assert_eq!(cfn.stacks.len(), 4, "DELETE_COMPLETE stacks are not live");
    let stack_of = |n: &str| cfn.stacks.iter().find(|s| s.name == n).unwrap();
    assert_eq!(
        stack_of("synced").tags.get("team").map(String::as_str),
        Some("infra")
    );
    assert!(matches!(stack_of("synced").detection, Collected::Absent));
    let rs = stack_of("drifted").resources.value().unwrap().clone();
    assert_eq!(
        rs[0].property_differences[0].path,
        "/VersioningConfiguration/Status"
    );
    assert_eq!(
        rs[3].drift_status, "NOT_CHECKED",
        "UNSUPPORTED: no drift support"
    );
    let broken_r = stack_of("broken").resources.error().unwrap();
    assert_eq!(
        (broken_r.operation.as_str(), broken_r.code.as_str()),
        ("DescribeStackResourceDrifts", "Http500")
    );
    assert_eq!(stack_of("silent").drift.status, "UNKNOWN");
    let text = serde_json::to_string(&account).unwrap();
    assert!(
        !text.contains("Suspended"),
        "values never enter the inventory"
    );

    let f = judge(&account, "cloudformation-stack-drift");
    assert_eq!(
        finding(&f, "stack/synced/0000").status,
        Status::Pass,
        "{f:#?}"
    );
    let d = finding(&f, "stack/drifted/0000");
    assert_eq!(d.status, Status::Fail);
    assert!(
        d.reason.contains(
            "Bucket (AWS::S3::Bucket) MODIFIED: /VersioningConfiguration/Status NOT_EQUAL"
        ) && d.reason.contains("Topic (AWS::SNS::Topic) DELETED")
            && d.reason.contains("2 resources not drift-checkable")
            && !d.reason.contains("Suspended"),
        "{}",
        d.reason
    );
    assert_eq!(finding(&f, "stack/broken/0000").status, Status::Fail);
    assert_eq!(finding(&f, "stack/silent/0000").status, Status::Error);
}

#[tokio::test]
async fn detect_drift_success_failure_timeout_and_busy_stacks() {
    use aws_sdk_cloudformation::operation::describe_stack_drift_detection_status::DescribeStackDriftDetectionStatusOutput as StatusOut;
    use aws_sdk_cloudformation::operation::detect_stack_drift::DetectStackDriftOutput;
    use aws_sdk_cloudformation::types::*;
    use aws_sdk_cloudformation::Client;
    use stack_fixture::{id, resource, stack};
    let stacks = stacks_rule(vec![
        stack(
            "ok",
            StackStatus::UpdateComplete,
            Some(StackDriftStatus::NotChecked),
        ),
        stack(
            "failed",
            StackStatus::CreateComplete,
            Some(StackDriftStatus::NotChecked),
        ),
        stack(
            "slow",
            StackStatus::CreateComplete,
            Some(StackDriftStatus::InSync),
        ),
        stack(
            "busy",
            StackStatus::UpdateComplete,
            Some(StackDriftStatus::InSync),
        ),
        // Not evaluated: no detection is started (no rule would answer one).
        stack("rolled-back", StackStatus::RollbackComplete, None),
    ]);
    let started = |name: &'static str, detection: &'static str| {
        mock!(Client::detect_stack_drift)
            .match_requests(move |r| r.stack_name() == Some(id(name).as_str()))
            .then_output(move || {
                DetectStackDriftOutput::builder()
                    .stack_drift_detection_id(detection)
                    .build()
            })
    };
    let detect_ok = started("ok", "d-ok");
    let detect_failed = started("failed", "d-failed");
    let detect_slow = started("slow", "d-slow");
    let detect_busy = mock!(Client::detect_stack_drift)
        .match_requests(|r| r.stack_name() == Some(id("busy").as_str()))
        .then_http_response(|| {
            query_error(
                400,
                "ValidationError",
                "Stack busy is in UPDATE_IN_PROGRESS state and drift detection cannot be started",
            )
        });
    let status = |detection: &str, s: StackDriftDetectionStatus| {
        StatusOut::builder()
            .stack_id(id(detection))
            .stack_drift_detection_id(detection)
            .detection_status(s)
            .timestamp(secs_ago(0))
            .build()
    };
    let poll_ok = mock!(Client::describe_stack_drift_detection_status)
        .match_requests(|r| r.stack_drift_detection_id() == Some("d-ok"))
        .sequence()
        .output(move || status("d-ok", StackDriftDetectionStatus::DetectionInProgress))
        .output(move || {
            let mut out = status("d-ok", StackDriftDetectionStatus::DetectionComplete);
            out.stack_drift_status = Some(StackDriftStatus::InSync);
            out
        })
        .repeatedly()
        .build();
    let poll_failed = mock!(Client::describe_stack_drift_detection_status)
        .match_requests(|r| r.stack_drift_detection_id() == Some("d-failed"))
        .then_output(move || {
            let mut out = status("d-failed", StackDriftDetectionStatus::DetectionFailed);
            out.detection_status_reason = Some(
                "Failed to detect drift on resource [Bucket]: not authorized to perform s3:GetBucketVersioning".into(),
            );
            out
        });
    let poll_slow = mock!(Client::describe_stack_drift_detection_status)
        .match_requests(|r| r.stack_drift_detection_id() == Some("d-slow"))
        .then_output(move || status("d-slow", StackDriftDetectionStatus::DetectionInProgress));
    let resources = mock!(Client::list_stack_resources).then_output(|| {
        aws_sdk_cloudformation::operation::list_stack_resources::ListStackResourcesOutput::builder()
            .stack_resource_summaries(resource(
                "Queue",
                "AWS::SQS::Queue",
                Some(StackResourceDriftStatus::InSync),
            ))
            .build()
    });
    let rules = [
        &stacks,
        &detect_ok,
        &detect_failed,
        &detect_slow,
        &detect_busy,
        &poll_ok,
        &poll_failed,
        &poll_slow,
        &resources,
    ];
    let drift = |timeout_ms: u64, concurrency: usize| crate::session::DriftOptions {
        detect: true,
        timeout: Duration::from_millis(timeout_ms),
        concurrency,
        first_poll: Duration::from_millis(5),
        max_poll: Duration::from_millis(20),
    };
    let s = session_with(&rules, |s| s.drift = drift(400, 3));
    let began = Instant::now();
    let account = collect(&s, &["cloudformation"]).await;
    assert!(
        began.elapsed() < Duration::from_secs(5),
        "bounded by --drift-timeout: {:?}",
        began.elapsed()
    );
    assert!(poll_slow.num_calls() >= 3, "polled until the time ran out");
    assert!(poll_slow.num_calls() < 100, "with backoff, not a busy loop");
    let cfn = account.cloudformation.as_ref().unwrap();
    let stack_of = |n: &str| cfn.stacks.iter().find(|s| s.name == n).unwrap();
    let ok = stack_of("ok");
    assert_eq!(ok.detection.value().unwrap().status, "DETECTION_COMPLETE");
    assert_eq!(
        ok.drift.status, "IN_SYNC",
        "the detected status replaces the recorded one"
    );
    assert!(ok.drift.last_check.is_some());
    assert_eq!(
        stack_of("slow").detection.value().unwrap().status,
        "DETECTION_IN_PROGRESS"
    );
    assert!(matches!(
        stack_of("rolled-back").detection,
        Collected::Absent
    ));

    let f = judge(&account, "cloudformation-stack-drift");
    let get = |n: &str| finding(&f, &format!("stack/{n}/0000"));
    assert_eq!(
        (get("ok").status, get("ok").reason.as_str()),
        (
            Status::Pass,
            "drift detection run by this scan: stack is IN_SYNC"
        )
    );
    assert_eq!(get("failed").status, Status::Error);
    assert!(get("failed")
        .reason
        .contains("drift detection failed: Failed to detect drift on resource [Bucket]"));
    assert_eq!(get("slow").status, Status::Error);
    assert!(get("slow")
        .reason
        .contains("still in progress when polling timed out"));
    assert_eq!(get("busy").status, Status::Skip, "{}", get("busy").reason);
    assert_eq!(get("rolled-back").status, Status::Skip);

    // One detection at a time: the slow one uses up the time, and the
    // stacks after it are never started, which is an ERROR, not a verdict.
    let stacks = stacks_rule(vec![
        stack(
            "slow",
            StackStatus::CreateComplete,
            Some(StackDriftStatus::InSync),
        ),
        stack(
            "ok",
            StackStatus::UpdateComplete,
            Some(StackDriftStatus::InSync),
        ),
    ]);
    let s = session_with(&[&stacks, &detect_slow, &poll_slow, &resources], |s| {
        s.drift = drift(60, 1)
    });
    let account = collect(&s, &["cloudformation"]).await;
    let cfn = account.cloudformation.as_ref().unwrap();
    let never = cfn.stacks.iter().find(|s| s.name == "ok").unwrap();
    let e = never.detection.error().expect("not started");
    assert_eq!(
        (e.operation.as_str(), e.code.as_str()),
        ("DetectStackDrift", "Timeout")
    );
    let f = judge(&account, "cloudformation-stack-drift");
    assert_eq!(finding(&f, "stack/ok/0000").status, Status::Error);
}

#[tokio::test]
async fn describe_stacks_throttled_blinds_cloudformation_and_never_detects() {
    let throttled = mock!(aws_sdk_cloudformation::Client::describe_stacks)
        .then_http_response(|| query_error(400, "Throttling", "Rate exceeded"));
    // Its own region: throttling slows the SDK's adaptive rate limiter of
    // the service and region, which other tests share.
    let s = session_with(&[&throttled], |s| {
        s.drift.detect = true;
        s.regions = vec!["ca-central-1".into()];
    });
    let account = collect(&s, &["cloudformation"]).await;
    assert_eq!(throttled.num_calls(), ATTEMPTS as usize);
    let e = &account.collection_errors[0];
    assert_eq!(
        (e.service.as_str(), e.error.code.as_str()),
        ("cloudformation", "Throttling")
    );
    let f = judge(&account, "cloudformation-stack-drift");
    assert_eq!(f[0].status, Status::Error);
    assert!(
        f[0].reason
            .contains("throttled: DescribeStacks (Throttling)"),
        "{}",
        f[0].reason
    );
}

#[tokio::test]
async fn detect_drift_throttled_after_the_retries_is_an_error_never_a_fail() {
    use aws_sdk_cloudformation::types::*;
    use stack_fixture::{id, stack};
    let stacks = stacks_rule(vec![stack(
        "throttled",
        StackStatus::CreateComplete,
        Some(StackDriftStatus::Drifted),
    )]);
    let detect = mock!(aws_sdk_cloudformation::Client::detect_stack_drift)
        .then_http_response(|| query_error(400, "Throttling", "Rate exceeded"));
    let resources = resources_rule(
        "throttled",
        vec![stack_fixture::resource(
            "Queue",
            "AWS::SQS::Queue",
            Some(StackResourceDriftStatus::InSync),
        )],
    );
    let s = session_with(&[&stacks, &detect, &resources], |s| {
        s.drift.detect = true;
        s.drift.first_poll = Duration::from_millis(5);
        s.regions = vec!["ap-southeast-2".into()];
    });
    let account = collect(&s, &["cloudformation"]).await;
    assert_eq!(
        detect.num_calls(),
        ATTEMPTS as usize,
        "throttling is retried"
    );
    let stack = &account.cloudformation.as_ref().unwrap().stacks[0];
    assert_eq!(stack.arn, id("throttled"));
    let e = stack.detection.error().unwrap();
    assert_eq!(
        (e.operation.as_str(), e.code.as_str()),
        ("DetectStackDrift", "Throttling")
    );
    let f = judge(&account, "cloudformation-stack-drift");
    assert_eq!(
        f[0].status,
        Status::Error,
        "never FAIL, even on a stack recorded DRIFTED"
    );
    assert!(
        f[0].reason
            .contains("throttled: DetectStackDrift (Throttling)"),
        "{}",
        f[0].reason
    );
}
