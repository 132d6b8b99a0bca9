//! EC2 Image Builder, which moto 5.2.5 does not serve, with
//! aws-smithy-mocks: pipelines on two pages, a distribution configuration
//! two pipelines share read once, every page of a pipeline's images (the
//! newest `AVAILABLE` one wins wherever it is; the others' AMIs are kept as
//! earlier), a deleted distribution configuration read as none; and
//! throttling, AccessDenied and 5xx on each call. Each collected account
//! is judged by `imagebuilder-ami-pipeline`.

use super::*;
use aws_sdk_imagebuilder::operation::*;
use aws_sdk_imagebuilder::types::*;
use aws_sdk_imagebuilder::Client;
use aws_smithy_mocks::{mock, Rule};
use awscheck_checks::Status;

const CHECK: &str = "imagebuilder-ami-pipeline";
const REGION: &str = "arn:aws:imagebuilder:us-east-1:111122223333";
const GOLDEN: &str = "arn:aws:imagebuilder:us-east-1:111122223333:image-pipeline/golden";
const MANUAL: &str = "arn:aws:imagebuilder:us-east-1:111122223333:image-pipeline/manual";
const DISTRIBUTION: &str =
    "arn:aws:imagebuilder:us-east-1:111122223333:distribution-configuration/golden";

/// `days` days before now, as Image Builder writes dates.
fn days_ago(days: i64) -> String {
    (chrono::Utc::now() - chrono::Duration::days(days)).to_rfc3339()
}

fn pipeline(arn: &str, name: &str, schedule: Option<&str>) -> ImagePipeline {
    ImagePipeline::builder()
        .arn(arn)
        .name(name)
        .status(PipelineStatus::Enabled)
        .image_recipe_arn("arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/golden/1.0.0")
        .distribution_configuration_arn(DISTRIBUTION)
        .date_created(days_ago(400))
        .set_schedule(schedule.map(|e| {
            Schedule::builder()
                .schedule_expression(e)
                .pipeline_execution_start_condition(
                    PipelineExecutionStartCondition::ExpressionMatchOnly,
                )
                .build()
        }))
        .tags("team", "platform")
        .build()
}

/// The golden pipeline on the first page, the manual one on the second.
fn pipelines() -> Rule {
    mock!(Client::list_image_pipelines)
        .sequence()
        .output(|| {
            list_image_pipelines::ListImagePipelinesOutput::builder()
                .image_pipeline_list(pipeline(GOLDEN, "golden", Some("cron(0 6 ? * mon *)")))
                .next_token("2")
                .build()
        })
        .output(|| {
            list_image_pipelines::ListImagePipelinesOutput::builder()
                .image_pipeline_list(pipeline(MANUAL, "manual", None))
                .build()
        })
        .build()
}

fn distribution() -> Rule {
    mock!(Client::get_distribution_configuration)
        .match_requests(|r| r.distribution_configuration_arn() == Some(DISTRIBUTION))
        .then_output(|| {
            get_distribution_configuration::GetDistributionConfigurationOutput::builder()
                .distribution_configuration(
                    DistributionConfiguration::builder()
                        .arn(DISTRIBUTION)
                        .timeout_minutes(360)
                        .distributions(
                            Distribution::builder()
                                .region("us-east-1")
                                .ssm_parameter_configurations(
                                    SsmParameterConfiguration::builder()
                                        .parameter_name("/golden/ami")
                                        .data_type(SsmParameterDataType::AwsEc2Image)
                                        .build()
                                        .unwrap(),
                                )
                                .build()
                                .unwrap(),
                        )
                        .build()
                        .unwrap(),
                )
                .build()
        })
}

fn image(version: &str, status: ImageStatus, days: i64, ami: Option<&str>) -> ImageSummary {
    let mut amis = OutputResources::builder();
    if let Some(ami) = ami {
        amis = amis.amis(
            Ami::builder()
                .region("us-east-1")
                .image(ami)
                .account_id(ACCOUNT)
                .build(),
        );
    }
    ImageSummary::builder()
        .arn(format!(
            "arn:aws:imagebuilder:us-east-1:111122223333:image/golden/{version}"
        ))
        .state(ImageState::builder().status(status).build())
        .date_created(days_ago(days))
        .output_resources(amis.build())
        .build()
}

/// The golden pipeline's images, unsorted over two pages: the newest
/// available one is on the second, a newer failed build on the first.
fn golden_images() -> Rule {
    mock!(Client::list_image_pipeline_images)
        .match_requests(|r| r.image_pipeline_arn() == Some(GOLDEN))
        .sequence()
        .output(|| {
            list_image_pipeline_images::ListImagePipelineImagesOutput::builder()
                .image_summary_list(image(
                    "1.0.0/1",
                    ImageStatus::Available,
                    40,
                    Some("ami-0aaaaaaaaaaaaaaa1"),
                ))
                .image_summary_list(image("1.0.0/3", ImageStatus::Failed, 1, None))
                .next_token("2")
                .build()
        })
        .output(|| {
            list_image_pipeline_images::ListImagePipelineImagesOutput::builder()
                .image_summary_list(image(
                    "1.0.0/2",
                    ImageStatus::Available,
                    3,
                    Some("ami-0aaaaaaaaaaaaaaa2"),
                ))
                .build()
        })
        .build()
}

/// The manual pipeline has built nothing.
fn manual_images() -> Rule {
    mock!(Client::list_image_pipeline_images)
        .match_requests(|r| r.image_pipeline_arn() == Some(MANUAL))
        .then_output(|| {
            list_image_pipeline_images::ListImagePipelineImagesOutput::builder().build()
        })
}

/// The sections the check also reads, empty: judged on Image Builder alone.
fn judged(account: Account) -> Vec<Finding> {
    let account = with_sections(
        account,
        serde_json::json!({"events": {}, "ssm": {}, "ec2": {}, "autoscaling": {}}),
    );
    judge(&account, CHECK)
}

#[tokio::test]
async fn pipelines_distributions_and_the_newest_image_are_read_across_pages() {
    let shared = distribution();
    let rules = [pipelines(), golden_images(), manual_images()];
    let mut all: Vec<&Rule> = rules.iter().collect();
    all.push(&shared);
    let s = session(&all);
    let account = collect_for_check(&s, "imagebuilder", CHECK).await;
    assert_eq!(shared.num_calls(), 1, "a shared configuration is read once");
    let pipelines = &account.imagebuilder.as_ref().unwrap().pipelines;
    assert_eq!(pipelines.len(), 2, "{pipelines:#?}");
    let golden = &pipelines[0];
    assert_eq!(
        golden.schedule_expression.as_deref(),
        Some("cron(0 6 ? * mon *)")
    );
    assert_eq!(
        golden.tags.get("team").map(String::as_str),
        Some("platform")
    );
    let newest = golden.newest_image.value().expect("an available image");
    assert!(newest.arn.ends_with("/1.0.0/2"), "{newest:#?}");
    assert_eq!(newest.amis[0].image_id, "ami-0aaaaaaaaaaaaaaa2");
    assert_eq!(newest.earlier_amis[0].image_id, "ami-0aaaaaaaaaaaaaaa1");
    let d = golden.distribution.value().expect("read");
    assert_eq!(d[0].ssm_parameters[0].name, "/golden/ami");
    assert!(matches!(pipelines[1].newest_image, Collected::Absent));
    let f = judged(account);
    expect(
        &f,
        GOLDEN,
        Status::Pass,
        "built on the schedule cron(0 6 ? * mon *); newest image built",
    );
    expect(&f, MANUAL, Status::Fail, "ENABLED with no schedule");
}

#[tokio::test]
async fn a_deleted_distribution_configuration_is_none() {
    let gone = mock!(Client::get_distribution_configuration).then_http_response(|| {
        http(
            404,
            r#"{"__type":"ResourceNotFoundException","message":"not found"}"#,
        )
    });
    let rules = [pipelines(), golden_images(), manual_images(), gone];
    let s = session(&rules.iter().collect::<Vec<_>>());
    let account = collect_for_check(&s, "imagebuilder", CHECK).await;
    let f = judged(account);
    expect(
        &f,
        GOLDEN,
        Status::Fail,
        "advisory: its distribution configuration arn:aws:imagebuilder:us-east-1:111122223333:distribution-configuration/golden writes no SSM parameter",
    );
}

#[tokio::test]
async fn faults_are_errors_naming_the_call() {
    for (status, body, needle) in faults("ListImagePipelines") {
        let list =
            mock!(Client::list_image_pipelines).then_http_response(move || http(status, body));
        let s = session(&[&list]);
        let f = judged(collect_for_check(&s, "imagebuilder", CHECK).await);
        expect(&f, REGION, Status::Error, &needle);
    }
    for (status, body, needle) in faults("GetDistributionConfiguration") {
        let get = mock!(Client::get_distribution_configuration)
            .then_http_response(move || http(status, body));
        let rules = [pipelines(), golden_images(), manual_images(), get];
        let s = session(&rules.iter().collect::<Vec<_>>());
        let f = judged(collect_for_check(&s, "imagebuilder", CHECK).await);
        expect(&f, GOLDEN, Status::Error, &needle);
        let manual = expect(&f, MANUAL, Status::Fail, "ENABLED with no schedule");
        assert!(manual.reason.contains(&needle), "{}", manual.reason);
    }
    for (status, body, needle) in faults("ListImagePipelineImages") {
        let list = mock!(Client::list_image_pipeline_images)
            .then_http_response(move || http(status, body));
        let rules = [pipelines(), distribution(), list];
        let s = session(&rules.iter().collect::<Vec<_>>());
        let f = judged(collect_for_check(&s, "imagebuilder", CHECK).await);
        expect(&f, GOLDEN, Status::Error, &needle);
    }
}
