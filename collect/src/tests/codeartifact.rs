//! The CodeArtifact collector with aws-smithy-mocks: moto 5.2.5 has no
//! CodeArtifact at all. Paginated listings, a policy that does not exist
//! (absent), and the AccessDenied, throttling and 5xx answers, each run
//! through `codeartifact-policy-scoped`.

use super::*;
use aws_sdk_codeartifact::operation::*;
use aws_sdk_codeartifact::types::{DomainSummary, RepositorySummary, ResourcePolicy};
use aws_sdk_codeartifact::Client;
use aws_smithy_mocks::{mock, Rule};

const CHECK: &str = "codeartifact-policy-scoped";
const SHOP: &str = "arn:aws:codeartifact:us-east-1:111122223333:domain/shop";
const VENDOR: &str = "arn:aws:codeartifact:us-east-1:111122223333:domain/vendor";
const NPM: &str = "arn:aws:codeartifact:us-east-1:111122223333:repository/shop/npm";
const PYPI: &str = "arn:aws:codeartifact:us-east-1:111122223333:repository/shop/pypi";
/// The organization may read.
const ORG_READS: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"codeartifact:ReadFromRepository","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#;
/// Another account may publish.
const FOREIGN_PUBLISH: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"vendor","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"codeartifact:PublishPackageVersion","Resource":"*"}]}"#;
const DENIED: &str = r#"{"__type":"AccessDeniedException","message":"not authorized"}"#;
const THROTTLED: &str = r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#;
const NOT_FOUND: &str = r#"{"__type":"ResourceNotFoundException","message":"no resource policy"}"#;

fn policy(document: &str) -> ResourcePolicy {
    ResourcePolicy::builder().document(document).build()
}

fn domain(name: &str, arn: &str) -> DomainSummary {
    DomainSummary::builder()
        .name(name)
        .owner(ACCOUNT)
        .arn(arn)
        .build()
}

fn repository(name: &str, arn: &str) -> RepositorySummary {
    RepositorySummary::builder()
        .name(name)
        .arn(arn)
        .domain_name("shop")
        .domain_owner(ACCOUNT)
        .administrator_account(ACCOUNT)
        .build()
}

/// Domains `shop` (the organization reads) and `vendor` (no policy), and
/// repositories `npm` (another account publishes) and `pypi` (no policy),
/// each listing over two pages. Each call answers as `overrides` say,
/// else so.
fn rules(overrides: Vec<Rule>) -> Vec<Rule> {
    let mut all = overrides;
    all.extend([
        mock!(Client::list_domains)
            .match_requests(|r| r.next_token().is_none())
            .then_output(|| {
                list_domains::ListDomainsOutput::builder()
                    .domains(domain("shop", SHOP))
                    .next_token("page-2")
                    .build()
            }),
        mock!(Client::list_domains)
            .match_requests(|r| r.next_token() == Some("page-2"))
            .then_output(|| {
                list_domains::ListDomainsOutput::builder()
                    .domains(domain("vendor", VENDOR))
                    .build()
            }),
        mock!(Client::get_domain_permissions_policy)
            .match_requests(|r| r.domain() == Some("shop") && r.domain_owner() == Some(ACCOUNT))
            .then_output(|| {
                get_domain_permissions_policy::GetDomainPermissionsPolicyOutput::builder()
                    .policy(policy(ORG_READS))
                    .build()
            }),
        mock!(Client::get_domain_permissions_policy).then_http_response(|| http(404, NOT_FOUND)),
        mock!(Client::list_repositories)
            .match_requests(|r| r.next_token().is_none())
            .then_output(|| {
                list_repositories::ListRepositoriesOutput::builder()
                    .repositories(repository("npm", NPM))
                    .next_token("page-2")
                    .build()
            }),
        mock!(Client::list_repositories)
            .match_requests(|r| r.next_token() == Some("page-2"))
            .then_output(|| {
                list_repositories::ListRepositoriesOutput::builder()
                    .repositories(repository("pypi", PYPI))
                    .build()
            }),
        mock!(Client::get_repository_permissions_policy)
            .match_requests(|r| {
                r.repository() == Some("npm")
                    && r.domain() == Some("shop")
                    && r.domain_owner() == Some(ACCOUNT)
            })
            .then_output(|| {
                get_repository_permissions_policy::GetRepositoryPermissionsPolicyOutput::builder()
                    .policy(policy(FOREIGN_PUBLISH))
                    .build()
            }),
        mock!(Client::get_repository_permissions_policy)
            .then_http_response(|| http(404, NOT_FOUND)),
    ]);
    all
}

async fn collected(rules: &[Rule]) -> Account {
    let s = session(&rules.iter().collect::<Vec<_>>());
    collect(&s, &["codeartifact"]).await
}

#[tokio::test]
async fn domains_and_repositories_are_read_over_their_pages_and_judged() {
    let account = collected(&rules(vec![])).await;
    assert!(
        account.collection_errors.is_empty(),
        "{:?}",
        account.collection_errors
    );
    let section = account.codeartifact.as_ref().unwrap();
    let domains: Vec<&str> = section.domains.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(domains, ["shop", "vendor"], "both pages of the domains");
    let repositories: Vec<(&str, &str)> = section
        .repositories
        .iter()
        .map(|r| (r.name.as_str(), r.domain_name.as_str()))
        .collect();
    assert_eq!(
        repositories,
        [("npm", "shop"), ("pypi", "shop")],
        "both pages of the repositories"
    );
    assert_eq!(
        section.domains[0].policy.value().unwrap().0["Statement"][0]["Condition"]["StringEquals"]
            ["aws:PrincipalOrgID"],
        "o-a1b2c3d4e5"
    );
    assert!(
        matches!(section.domains[1].policy, Collected::Absent),
        "ResourceNotFoundException: no policy"
    );
    assert!(matches!(section.repositories[1].policy, Collected::Absent));
    let f = judge(&account, CHECK);
    assert_eq!(f.len(), 4, "{f:#?}");
    expect(
        &f,
        SHOP,
        Status::Pass,
        "only its own account, trusted accounts or the organization are granted",
    );
    expect(&f, VENDOR, Status::Pass, "no resource policy");
    expect(
        &f,
        NPM,
        Status::Fail,
        "statement vendor lets account 210987654321, not in trusted_accounts, write packages (codeartifact:PublishPackageVersion)",
    );
    expect(&f, PYPI, Status::Pass, "no resource policy");

    // A scan of this check alone makes the same calls.
    let s = session(&rules(vec![]).iter().collect::<Vec<_>>());
    let alone = collect_for_check(&s, "codeartifact", CHECK).await;
    assert_eq!(judge(&alone, CHECK), f);
}

#[tokio::test]
async fn domains_denied_blind_codeartifact_in_the_region() {
    let account = collected(&rules(vec![
        mock!(Client::list_domains).then_http_response(|| http(403, DENIED))
    ]))
    .await;
    let e = &account.collection_errors[0];
    assert_eq!(
        (
            e.service.as_str(),
            e.error.operation.as_str(),
            e.error.code.as_str()
        ),
        ("codeartifact", "ListDomains", "AccessDeniedException")
    );
    let f = judge(&account, CHECK);
    assert_eq!(f.len(), 1, "{f:#?}");
    expect(
        &f,
        "arn:aws:codeartifact:us-east-1:111122223333",
        Status::Error,
        "codeartifact could not be read in us-east-1: ListDomains failed: AccessDeniedException",
    );
}

#[tokio::test]
async fn policy_and_repository_failures_are_errors_naming_the_call() {
    // A domain policy throttled after the retries, a repository policy a 5xx.
    let throttled = mock!(Client::get_domain_permissions_policy)
        .match_requests(|r| r.domain() == Some("shop"))
        .then_http_response(|| http(429, THROTTLED));
    let account = collected(&rules(vec![
        throttled.clone(),
        mock!(Client::get_repository_permissions_policy)
            .match_requests(|r| r.repository() == Some("pypi"))
            .then_http_response(|| {
                http(
                    500,
                    r#"{"__type":"InternalServerException","message":"try later"}"#,
                )
            }),
    ]))
    .await;
    assert_eq!(throttled.num_calls(), ATTEMPTS as usize, "retried");
    assert!(
        account.collection_errors.is_empty(),
        "per-resource failures blind nothing"
    );
    let f = judge(&account, CHECK);
    expect(
        &f,
        SHOP,
        Status::Error,
        "throttled: GetDomainPermissionsPolicy (ThrottlingException)",
    );
    expect(&f, VENDOR, Status::Pass, "no resource policy");
    expect(
        &f,
        PYPI,
        Status::Error,
        "GetRepositoryPermissionsPolicy failed: InternalServerException",
    );
    expect(&f, NPM, Status::Fail, "write packages");

    // The repositories unlisted: only that part is unread, the domains are judged.
    let account = collected(&rules(vec![
        mock!(Client::list_repositories).then_http_response(|| http(403, DENIED))
    ]))
    .await;
    let e = &account.collection_errors[0];
    assert_eq!(
        (e.part.as_deref(), e.error.operation.as_str()),
        (Some("repositories"), "ListRepositories")
    );
    let f = judge(&account, CHECK);
    expect(&f, VENDOR, Status::Pass, "no resource policy");
    expect(
        &f,
        "arn:aws:codeartifact:us-east-1:111122223333",
        Status::Error,
        "codeartifact repositories could not be read in us-east-1: ListRepositories failed: AccessDeniedException",
    );
}
