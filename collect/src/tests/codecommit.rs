//! The CodeCommit collector with aws-smithy-mocks: moto 5.2.5 implements
//! only `CreateRepository`, `GetRepository` and `DeleteRepository` (no
//! `ListRepositories`, tags, approval rule templates or their
//! associations). Paginated listings, a repository deleted while it is
//! read, and the AccessDenied, throttling and 5xx answers, each run
//! through `codecommit-approval-rules`.

use super::*;
use aws_sdk_codecommit::operation::*;
use aws_sdk_codecommit::types::{ApprovalRuleTemplate, RepositoryMetadata, RepositoryNameIdPair};
use aws_sdk_codecommit::Client;
use aws_smithy_mocks::{mock, Rule};

const CHECK: &str = "codecommit-approval-rules";
const APP: &str = "arn:aws:codecommit:us-east-1:111122223333:app";
const SCRIPTS: &str = "arn:aws:codecommit:us-east-1:111122223333:scripts";
const TWO_REVIEWERS: &str = r#"{"Version":"2018-11-08","DestinationReferences":["refs/heads/main"],"Statements":[{"Type":"Approvers","NumberOfApprovalsNeeded":2,"ApprovalPoolMembers":["arn:aws:sts::111122223333:assumed-role/reviewers/*"]}]}"#;
const DENIED: &str = r#"{"__type":"AccessDeniedException","message":"not authorized"}"#;
const THROTTLED: &str = r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#;

fn error(status: u16, body: &'static str) -> HttpResponse {
    http(status, body)
}

/// Two repositories listed over two pages: `app` (default branch `main`,
/// tagged, associated over two pages with `two-reviewers` and `unused`)
/// and `scripts` (no association); the region's templates `two-reviewers`
/// and `unused`. Each call answers as `overrides` say, else so.
fn rules(overrides: Vec<Rule>) -> Vec<Rule> {
    let mut all = overrides;
    all.extend([
        mock!(Client::list_repositories)
            .match_requests(|r| r.next_token().is_none())
            .then_output(|| {
                list_repositories::ListRepositoriesOutput::builder()
                    .repositories(
                        RepositoryNameIdPair::builder()
                            .repository_name("app")
                            .repository_id("r-1")
                            .build(),
                    )
                    .next_token("page-2")
                    .build()
            }),
        mock!(Client::list_repositories)
            .match_requests(|r| r.next_token() == Some("page-2"))
            .then_output(|| {
                list_repositories::ListRepositoriesOutput::builder()
                    .repositories(
                        RepositoryNameIdPair::builder()
                            .repository_name("scripts")
                            .repository_id("r-2")
                            .build(),
                    )
                    .build()
            }),
        mock!(Client::get_repository)
            .match_requests(|r| r.repository_name() == Some("app"))
            .then_output(|| {
                get_repository::GetRepositoryOutput::builder()
                    .repository_metadata(
                        RepositoryMetadata::builder()
                            .repository_name("app")
                            .default_branch("main")
                            .arn(APP)
                            .build(),
                    )
                    .build()
            }),
        mock!(Client::get_repository).then_output(|| {
            get_repository::GetRepositoryOutput::builder()
                .repository_metadata(RepositoryMetadata::builder().repository_name("x").build())
                .build()
        }),
        mock!(Client::list_tags_for_resource)
            .match_requests(|r| r.resource_arn() == Some(APP))
            .then_output(|| {
                list_tags_for_resource::ListTagsForResourceOutput::builder()
                    .tags("team", "shop")
                    .build()
            }),
        mock!(Client::list_tags_for_resource).then_output(|| {
            list_tags_for_resource::ListTagsForResourceOutput::builder().build()
        }),
        mock!(Client::list_associated_approval_rule_templates_for_repository)
            .match_requests(|r| r.repository_name() == Some("app") && r.next_token().is_none())
            .then_output(|| {
                list_associated_approval_rule_templates_for_repository::ListAssociatedApprovalRuleTemplatesForRepositoryOutput::builder()
                    .approval_rule_template_names("unused")
                    .next_token("t2")
                    .build()
            }),
        mock!(Client::list_associated_approval_rule_templates_for_repository)
            .match_requests(|r| r.repository_name() == Some("app"))
            .then_output(|| {
                list_associated_approval_rule_templates_for_repository::ListAssociatedApprovalRuleTemplatesForRepositoryOutput::builder()
                    .approval_rule_template_names("two-reviewers")
                    .build()
            }),
        mock!(Client::list_associated_approval_rule_templates_for_repository).then_output(|| {
            list_associated_approval_rule_templates_for_repository::ListAssociatedApprovalRuleTemplatesForRepositoryOutput::builder()
                .build()
        }),
        mock!(Client::list_approval_rule_templates).then_output(|| {
            list_approval_rule_templates::ListApprovalRuleTemplatesOutput::builder()
                .approval_rule_template_names("two-reviewers")
                .approval_rule_template_names("unused")
                .build()
        }),
        mock!(Client::get_approval_rule_template)
            .match_requests(|r| r.approval_rule_template_name() == Some("two-reviewers"))
            .then_output(|| template("two-reviewers", TWO_REVIEWERS)),
        mock!(Client::get_approval_rule_template).then_output(|| {
            template(
                "unused",
                r#"{"Version":"2018-11-08","Statements":[{"Type":"Approvers","NumberOfApprovalsNeeded":0}]}"#,
            )
        }),
    ]);
    all
}

fn template(
    name: &str,
    content: &str,
) -> get_approval_rule_template::GetApprovalRuleTemplateOutput {
    get_approval_rule_template::GetApprovalRuleTemplateOutput::builder()
        .approval_rule_template(
            ApprovalRuleTemplate::builder()
                .approval_rule_template_name(name)
                .approval_rule_template_content(content)
                .build(),
        )
        .build()
}

async fn collected(rules: &[Rule]) -> Account {
    let s = session(&rules.iter().collect::<Vec<_>>());
    collect(&s, &["codecommit"]).await
}

#[tokio::test]
async fn repositories_and_templates_are_read_over_their_pages_and_judged() {
    let account = collected(&rules(vec![])).await;
    assert!(
        account.collection_errors.is_empty(),
        "{:?}",
        account.collection_errors
    );
    let section = account.codecommit.as_ref().unwrap();
    let names: Vec<&str> = section
        .repositories
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(names, ["app", "scripts"], "both pages of the listing");
    let app = &section.repositories[0];
    assert_eq!(app.arn, APP);
    assert_eq!(app.default_branch.value().map(String::as_str), Some("main"));
    assert_eq!(app.tags.get("team").map(String::as_str), Some("shop"));
    assert_eq!(
        app.approval_rule_templates.value().unwrap(),
        &["unused", "two-reviewers"],
        "both pages of the associations"
    );
    let scripts = &section.repositories[1];
    assert!(
        matches!(scripts.default_branch, Collected::Absent),
        "no branch yet"
    );
    let template = &section.approval_rule_templates[0];
    assert_eq!(template.name, "two-reviewers");
    assert_eq!(
        template.content.value().unwrap().0["Statements"][0]["NumberOfApprovalsNeeded"],
        2
    );
    let f = judge(&account, CHECK);
    expect(
        &f,
        APP,
        Status::Pass,
        "template two-reviewers requires 2 approval(s) from its pool for pull requests into main",
    );
    expect(
        &f,
        SCRIPTS,
        Status::Fail,
        "no approval rule template is associated",
    );

    // A scan of this check alone makes the same calls.
    let s = session(&rules(vec![]).iter().collect::<Vec<_>>());
    let alone = collect_for_check(&s, "codecommit", CHECK).await;
    assert_eq!(judge(&alone, CHECK), f);
}

#[tokio::test]
async fn listing_denied_blinds_codecommit_in_the_region() {
    let account = collected(&rules(vec![
        mock!(Client::list_repositories).then_http_response(|| error(400, DENIED))
    ]))
    .await;
    let e = &account.collection_errors[0];
    assert_eq!(
        (
            e.service.as_str(),
            e.error.operation.as_str(),
            e.error.code.as_str()
        ),
        ("codecommit", "ListRepositories", "AccessDeniedException")
    );
    let f = judge(&account, CHECK);
    assert_eq!(f.len(), 1, "{f:#?}");
    expect(
        &f,
        "arn:aws:codecommit:us-east-1:111122223333",
        Status::Error,
        "codecommit could not be read in us-east-1: ListRepositories failed: AccessDeniedException",
    );
}

#[tokio::test]
async fn per_repository_and_template_failures_are_errors_naming_the_call() {
    // A template throttled after the retries, the associations a 5xx.
    let throttled =
        mock!(Client::get_approval_rule_template).then_http_response(|| error(400, THROTTLED));
    let account = collected(&rules(vec![
        throttled.clone(),
        mock!(Client::list_associated_approval_rule_templates_for_repository)
            .match_requests(|r| r.repository_name() == Some("scripts"))
            .then_http_response(|| {
                error(
                    500,
                    r#"{"__type":"ServiceUnavailableException","message":"try later"}"#,
                )
            }),
    ]))
    .await;
    assert_eq!(
        throttled.num_calls(),
        2 * ATTEMPTS as usize,
        "each template retried"
    );
    assert!(
        account.collection_errors.is_empty(),
        "per-resource failures blind nothing"
    );
    let f = judge(&account, CHECK);
    expect(
        &f,
        APP,
        Status::Error,
        "template two-reviewers: throttled: GetApprovalRuleTemplate (ThrottlingException)",
    );
    expect(
        &f,
        SCRIPTS,
        Status::Error,
        "ListAssociatedApprovalRuleTemplatesForRepository failed: ServiceUnavailableException",
    );

    // The templates unlisted: only that part is unread.
    let account = collected(&rules(vec![
        mock!(Client::list_approval_rule_templates).then_http_response(|| error(400, DENIED))
    ]))
    .await;
    let e = &account.collection_errors[0];
    assert_eq!(
        (e.part.as_deref(), e.error.operation.as_str()),
        (Some("approval_rule_templates"), "ListApprovalRuleTemplates")
    );
    let f = judge(&account, CHECK);
    expect(
        &f,
        APP,
        Status::Error,
        "approval rule template unused could not be looked up: codecommit could not be listed in us-east-1",
    );
    expect(
        &f,
        SCRIPTS,
        Status::Fail,
        "no approval rule template is associated",
    );

    // A repository deleted after the listing.
    let gone = || {
        error(
            400,
            r#"{"__type":"RepositoryDoesNotExistException","message":"app does not exist"}"#,
        )
    };
    let account = collected(&rules(vec![
        mock!(Client::get_repository).then_http_response(gone),
        mock!(Client::list_tags_for_resource).then_http_response(gone),
        mock!(Client::list_associated_approval_rule_templates_for_repository)
            .then_http_response(gone),
    ]))
    .await;
    let f = judge(&account, CHECK);
    expect(&f, APP, Status::Skip, "deleted since it was listed");
}
