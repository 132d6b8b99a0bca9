//! The Glue collector with aws-smithy-mocks: `GetJobs` paged, `GetTags` per
//! job (a job deleted since the listing has no tags), and the faults
//! (throttled past the retries, denied, 5xx) of each call named in the
//! ERROR. moto 5.2.5 implements both calls (tests/emulator/incident.rs).

use super::*;
use aws_sdk_glue::operation::*;
use aws_sdk_glue::types::Job;
use aws_sdk_glue::Client;
use aws_smithy_mocks::{mock, Rule};
use awscheck_checks::Status;

const CHECK: &str = "glue-job-failure-alerts";

fn arn(name: &str) -> String {
    format!("arn:aws:glue:us-east-1:{ACCOUNT}:job/{name}")
}

/// Two pages: `orders-prod` (3 retries) and `staging-etl`, then
/// `gone-prod` (deleted before its tags are read).
fn pages() -> [Rule; 2] {
    let job = |name: &str, retries: i32| Job::builder().name(name).max_retries(retries).build();
    [
        mock!(Client::get_jobs)
            .match_requests(|r| r.next_token().is_none())
            .then_output(move || {
                get_jobs::GetJobsOutput::builder()
                    .jobs(job("orders-prod", 3))
                    .jobs(job("staging-etl", 0))
                    .next_token("page-2")
                    .build()
            }),
        mock!(Client::get_jobs)
            .match_requests(|r| r.next_token() == Some("page-2"))
            .then_output(move || {
                get_jobs::GetJobsOutput::builder()
                    .jobs(job("gone-prod", 0))
                    .build()
            }),
    ]
}

fn tags() -> [Rule; 3] {
    [
        mock!(Client::get_tags)
            .match_requests(|r| r.resource_arn() == Some(&arn("orders-prod")))
            .then_output(|| {
                get_tags::GetTagsOutput::builder()
                    .tags("Environment", "prod")
                    .build()
            }),
        mock!(Client::get_tags)
            .match_requests(|r| r.resource_arn() == Some(&arn("staging-etl")))
            .then_output(|| {
                get_tags::GetTagsOutput::builder()
                    .tags("Environment", "staging")
                    .build()
            }),
        mock!(Client::get_tags)
            .match_requests(|r| r.resource_arn() == Some(&arn("gone-prod")))
            .then_http_response(|| {
                http(
                    400,
                    r#"{"__type":"EntityNotFoundException","Message":"Job not found"}"#,
                )
            }),
    ]
}

/// An account with no EventBridge rule and no topic, so that the check
/// judges what Glue gave.
fn no_rules() -> [Rule; 3] {
    [
        mock!(aws_sdk_eventbridge::Client::list_event_buses).then_output(|| {
            aws_sdk_eventbridge::operation::list_event_buses::ListEventBusesOutput::builder()
                .build()
        }),
        mock!(aws_sdk_eventbridge::Client::list_rules).then_output(|| {
            aws_sdk_eventbridge::operation::list_rules::ListRulesOutput::builder().build()
        }),
        mock!(aws_sdk_sns::Client::list_topics).then_output(|| {
            aws_sdk_sns::operation::list_topics::ListTopicsOutput::builder().build()
        }),
    ]
}

async fn judged(rules: &[&Rule]) -> Vec<awscheck_checks::Finding> {
    let s = session(rules);
    let account = collect_sections_for_check(&s, &["glue", "events", "sns"], CHECK).await;
    judge(&account, CHECK)
}

#[tokio::test]
async fn jobs_are_paged_and_tagged() {
    let ([first, second], [orders, staging, gone]) = (pages(), tags());
    let s = session(&[&first, &second, &orders, &staging, &gone]);
    let account = collect(&s, &["glue"]).await;
    assert_eq!(s.stats.errors(), 0);
    assert_eq!((first.num_calls(), second.num_calls()), (1, 1));
    let jobs = &account.glue.as_ref().unwrap().jobs;
    let seen: Vec<(&str, i64, Option<&str>)> = jobs
        .iter()
        .map(|j| {
            (
                j.name.as_str(),
                j.max_retries,
                j.tags.get("Environment").map(String::as_str),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("orders-prod", 3, Some("prod")),
            ("staging-etl", 0, Some("staging")),
            ("gone-prod", 0, None)
        ]
    );
    assert_eq!(jobs[0].arn, arn("orders-prod"));
    let [buses, rules, topics] = no_rules();
    let f = judged(&[
        &first, &second, &orders, &staging, &gone, &buses, &rules, &topics,
    ])
    .await;
    expect(
        &f,
        &arn("orders-prod"),
        Status::Fail,
        "no enabled rule on the default bus in us-east-1 sends failures of Glue job orders-prod",
    );
    expect(&f, &arn("staging-etl"), Status::Skip, "not production");
    expect(
        &f,
        &arn("gone-prod"),
        Status::Fail,
        "failures of Glue job gone-prod",
    );
    assert_eq!(f.len(), 3, "{f:#?}");
}

#[tokio::test]
async fn a_failed_listing_blinds_the_region_and_a_failed_tag_read_its_job() {
    let region = format!("arn:aws:glue:us-east-1:{ACCOUNT}");
    let [buses, rules, topics] = no_rules();
    for (status, body, needle) in faults("GetJobs") {
        let first = mock!(Client::get_jobs).then_http_response(move || http(status, body));
        let f = judged(&[&first, &buses, &rules, &topics]).await;
        expect(
            &f,
            &region,
            Status::Error,
            &format!("glue could not be read in us-east-1: {needle}"),
        );
        assert_eq!(f.len(), 1, "{f:#?}");
    }
    for (status, body, needle) in faults("GetJobs") {
        let [first, _] = pages();
        let second = mock!(Client::get_jobs)
            .match_requests(|r| r.next_token() == Some("page-2"))
            .then_http_response(move || http(status, body));
        let f = judged(&[&first, &second, &buses, &rules, &topics]).await;
        expect(&f, &region, Status::Error, &needle);
        assert_eq!(
            f.len(),
            1,
            "a listing that stops halfway judges no job: {f:#?}"
        );
    }
    for (status, body, needle) in faults("GetTags") {
        let [first, second] = pages();
        let [_, staging, gone] = tags();
        let orders = mock!(Client::get_tags)
            .match_requests(|r| r.resource_arn() == Some(&arn("orders-prod")))
            .then_http_response(move || http(status, body));
        let f = judged(&[
            &first, &second, &orders, &staging, &gone, &buses, &rules, &topics,
        ])
        .await;
        expect(
            &f,
            &arn("orders-prod"),
            Status::Error,
            &format!("its tags could not be read, so whether it is in scope (production, exempt) is unknown: {needle}"),
        );
        expect(&f, &arn("staging-etl"), Status::Skip, "not production");
        expect(&f, &arn("gone-prod"), Status::Fail, "gone-prod");
    }
}
