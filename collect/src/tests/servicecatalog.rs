//! The Service Catalog collector with aws-smithy-mocks: moto 5.2.5 lists
//! portfolios but has no `SearchProductsAsAdmin`, constraints or principals
//! (`tests/emulator/iac.rs` proves the listing). Paged portfolios, products,
//! constraints and principals, a launch constraint's role read from its
//! parameters (`DescribeConstraint` only for `LAUNCH`), and the
//! AccessDenied, throttling and 5xx answers, each run through
//! `servicecatalog-launch-constraints`.

use super::*;
use aws_sdk_servicecatalog::operation::describe_constraint::DescribeConstraintOutput;
use aws_sdk_servicecatalog::operation::list_constraints_for_portfolio::ListConstraintsForPortfolioOutput;
use aws_sdk_servicecatalog::operation::list_portfolios::ListPortfoliosOutput;
use aws_sdk_servicecatalog::operation::list_principals_for_portfolio::ListPrincipalsForPortfolioOutput;
use aws_sdk_servicecatalog::operation::search_products_as_admin::SearchProductsAsAdminOutput;
use aws_sdk_servicecatalog::types::{
    ConstraintDetail, PortfolioDetail, Principal, PrincipalType, ProductViewDetail,
    ProductViewSummary,
};
use aws_sdk_servicecatalog::Client;
use aws_smithy_mocks::{mock, Rule};
use serde_json::json;

const CHECK: &str = "servicecatalog-launch-constraints";
const PORTFOLIO: &str = "arn:aws:catalog:us-east-1:111122223333:portfolio/port-self";
const ROLE: &str = "arn:aws:iam::111122223333:role/sc-launch";

fn product(id: &str, name: &str) -> ProductViewDetail {
    ProductViewDetail::builder()
        .product_view_summary(
            ProductViewSummary::builder()
                .product_id(id)
                .name(name)
                .build(),
        )
        .build()
}

fn constraint(id: &str, kind: &str, product: &str) -> ConstraintDetail {
    ConstraintDetail::builder()
        .constraint_id(id)
        .r#type(kind)
        .product_id(product)
        .portfolio_id("port-self")
        .build()
}

/// The portfolio `self-service` on the second page of the listing, with
/// the products `queue` (on the first page of the search) and `bucket`
/// (on the second), a LAUNCH constraint on each (the bucket's naming the
/// role by `bucket_role`) and a TEMPLATE one, and a principal. Each call
/// answers as `overrides` say, else so.
fn rules(bucket_role: &'static str, overrides: Vec<Rule>) -> Vec<Rule> {
    let mut all = overrides;
    all.extend([
        mock!(Client::list_portfolios)
            .match_requests(|r| r.page_token().is_none())
            .then_output(|| {
                ListPortfoliosOutput::builder()
                    .next_page_token("p2")
                    .build()
            }),
        mock!(Client::list_portfolios)
            .match_requests(|r| r.page_token() == Some("p2"))
            .then_output(|| {
                ListPortfoliosOutput::builder()
                    .portfolio_details(
                        PortfolioDetail::builder()
                            .id("port-self")
                            .arn(PORTFOLIO)
                            .display_name("self-service")
                            .build(),
                    )
                    .build()
            }),
        mock!(Client::search_products_as_admin)
            .match_requests(|r| r.page_token().is_none())
            .then_output(|| {
                SearchProductsAsAdminOutput::builder()
                    .product_view_details(product("prod-q", "queue"))
                    .next_page_token("s2")
                    .build()
            }),
        mock!(Client::search_products_as_admin).then_output(|| {
            SearchProductsAsAdminOutput::builder()
                .product_view_details(product("prod-b", "bucket"))
                .build()
        }),
        mock!(Client::list_constraints_for_portfolio).then_output(|| {
            ListConstraintsForPortfolioOutput::builder()
                .constraint_details(constraint("cons-q", "LAUNCH", "prod-q"))
                .constraint_details(constraint("cons-b", "LAUNCH", "prod-b"))
                .constraint_details(constraint("cons-t", "TEMPLATE", "prod-b"))
                .build()
        }),
        mock!(Client::describe_constraint)
            .match_requests(|r| r.id() == Some("cons-q"))
            .then_output(|| {
                DescribeConstraintOutput::builder()
                    .constraint_parameters(format!(r#"{{"RoleArn": "{ROLE}"}}"#))
                    .build()
            }),
        mock!(Client::describe_constraint)
            .match_requests(|r| r.id() == Some("cons-b"))
            .then_output(move || {
                DescribeConstraintOutput::builder()
                    .constraint_parameters(bucket_role)
                    .build()
            }),
        mock!(Client::list_principals_for_portfolio).then_output(|| {
            ListPrincipalsForPortfolioOutput::builder()
                .principals(
                    Principal::builder()
                        .principal_arn("arn:aws:iam::111122223333:role/developers")
                        .principal_type(PrincipalType::Iam)
                        .build(),
                )
                .build()
        }),
    ]);
    all
}

/// What the collector reads for the check, with the role `sc-launch`
/// trusting Service Catalog.
async fn collected(rules: &[Rule]) -> Account {
    let s = session(&rules.iter().collect::<Vec<_>>());
    let account = collect_for_check(&s, "servicecatalog", CHECK).await;
    with_sections(
        account,
        json!({"iam": {"roles": [{"arn": ROLE, "region": "global", "account_id": ACCOUNT, "name": "sc-launch",
            "trust_policy": {"Statement": [{"Effect": "Allow", "Principal": {"Service": "servicecatalog.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
            "attached_policies": {"value": []}, "inline_policies": {"value": []}}]}}),
    )
}

#[tokio::test]
async fn servicecatalog_portfolios_products_constraints_and_roles_are_read_and_judged() {
    let account = collected(&rules(r#"{"LocalRoleName": "sc-launch"}"#, vec![])).await;
    assert!(account.collection_errors.is_empty(), "{account:#?}");
    let p = &account.servicecatalog.as_ref().unwrap().portfolios[0];
    assert_eq!(p.products.value().unwrap().len(), 2, "both pages");
    let constraints = p.constraints.value().unwrap();
    assert_eq!(
        constraints[1]
            .launch_role
            .value()
            .unwrap()
            .local_role_name
            .as_deref(),
        Some("sc-launch")
    );
    assert!(
        matches!(constraints[2].launch_role, Collected::Absent),
        "a TEMPLATE constraint is not described"
    );
    expect(
        &judge(&account, CHECK),
        PORTFOLIO,
        Status::Pass,
        "every product (2) launches through a role",
    );

    let account = collected(&rules(
        r#"{"RoleArn": "arn:aws:iam::111122223333:role/deleted"}"#,
        vec![],
    ))
    .await;
    expect(
        &judge(&account, CHECK),
        PORTFOLIO,
        Status::Fail,
        "launch role arn:aws:iam::111122223333:role/deleted (constraint cons-b) does not exist",
    );
}

#[tokio::test]
async fn servicecatalog_denied_throttled_and_5xx_are_errors_naming_the_call() {
    let local = r#"{"LocalRoleName": "sc-launch"}"#;
    for (status, body, reason) in faults("ListPortfolios") {
        let failing = mock!(Client::list_portfolios).then_http_response(move || http(status, body));
        let f = judge(&collected(&rules(local, vec![failing])).await, CHECK);
        assert_eq!(f.len(), 1, "{f:#?}");
        expect(
            &f,
            "arn:aws:servicecatalog:us-east-1:111122223333",
            Status::Error,
            &reason,
        );
    }
    for (status, body, reason) in faults("SearchProductsAsAdmin") {
        let failing =
            mock!(Client::search_products_as_admin).then_http_response(move || http(status, body));
        let f = judge(&collected(&rules(local, vec![failing])).await, CHECK);
        expect(&f, PORTFOLIO, Status::Error, &reason);
    }
    for (status, body, reason) in faults("DescribeConstraint") {
        let failing =
            mock!(Client::describe_constraint).then_http_response(move || http(status, body));
        let f = judge(&collected(&rules(local, vec![failing])).await, CHECK);
        expect(&f, PORTFOLIO, Status::Error, &reason);
    }
    for (status, body, reason) in faults("ListPrincipalsForPortfolio") {
        let failing = mock!(Client::list_principals_for_portfolio)
            .then_http_response(move || http(status, body));
        let f = judge(&collected(&rules(local, vec![failing])).await, CHECK);
        expect(&f, PORTFOLIO, Status::Error, &reason);
    }
}
