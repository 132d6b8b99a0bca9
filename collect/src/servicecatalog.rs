//! AWS Service Catalog, per region: `ListPortfolios` (paged: the account's
//! own portfolios; shared ones it imported are not listed), then, as the
//! selected checks read them, per portfolio `SearchProductsAsAdmin`,
//! `ListConstraintsForPortfolio` with `DescribeConstraint` of each `LAUNCH`
//! constraint (only its role is kept), and `ListPrincipalsForPortfolio`,
//! all paged. A failed read leaves that portfolio's field an error.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_servicecatalog;

use crate::session::sdk_client;
use crate::{pages, Cx};
use aws_sdk_servicecatalog::types::{ConstraintDetail, PortfolioDetail};
use aws_sdk_servicecatalog::Client;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::servicecatalog::{
    self as data, Constraint, LaunchRole, Portfolio, Product, ServiceCatalog,
};

crate::registry::operations! {
    sdk "Service Catalog", iam "servicecatalog" {
        LIST_PORTFOLIOS = ListPortfolios,
        SEARCH_PRODUCTS_AS_ADMIN = SearchProductsAsAdmin,
        LIST_CONSTRAINTS_FOR_PORTFOLIO = ListConstraintsForPortfolio,
        DESCRIBE_CONSTRAINT = DescribeConstraint,
        LIST_PRINCIPALS_FOR_PORTFOLIO = ListPrincipalsForPortfolio,
    }
}

crate::service!(ServiceCatalog);

/// What Service Catalog answers about a portfolio or constraint deleted
/// since it was listed.
const GONE: &str = "ResourceNotFoundException";

/// The constraint type whose role products launch with.
const LAUNCH: &str = "LAUNCH";

async fn collect(cx: &Cx) -> Result<ServiceCatalog, CollectError> {
    let client = sdk_client!(aws_sdk_servicecatalog, &cx.session, &cx.region);
    let listed = pages(
        |token| client.list_portfolios().set_page_token(token).send(),
        |o| (o.portfolio_details.unwrap_or_default(), o.next_page_token),
    );
    let listed = cx.call(LIST_PORTFOLIOS, listed).await.ok()?;
    let portfolios = cx.bounded(listed, |p| read_portfolio(cx, &client, p)).await;
    Ok(ServiceCatalog { portfolios })
}

async fn read_portfolio(cx: &Cx, client: &Client, p: PortfolioDetail) -> Portfolio {
    let id = p.id().unwrap_or_default().to_string();
    let products = cx
        .read_if(data::PRODUCTS, async {
            let listed = pages(
                |token| {
                    client
                        .search_products_as_admin()
                        .portfolio_id(&id)
                        .set_page_token(token)
                        .send()
                },
                |o| {
                    (
                        o.product_view_details.unwrap_or_default(),
                        o.next_page_token,
                    )
                },
            );
            cx.call(SEARCH_PRODUCTS_AS_ADMIN, listed)
                .await
                .read(&[GONE], |details| {
                    Some(
                        details
                            .iter()
                            .filter_map(|d| d.product_view_summary())
                            .map(|s| Product {
                                id: s.product_id().unwrap_or_default().to_string(),
                                name: s.name().unwrap_or_default().to_string(),
                            })
                            .collect(),
                    )
                })
        })
        .await;
    let constraints = cx
        .read_if(data::CONSTRAINTS, read_constraints(cx, client, &id))
        .await;
    let principals = cx
        .read_if(data::PRINCIPALS, async {
            let listed = pages(
                |token| {
                    client
                        .list_principals_for_portfolio()
                        .portfolio_id(&id)
                        .set_page_token(token)
                        .send()
                },
                |o| (o.principals.unwrap_or_default(), o.next_page_token),
            );
            cx.call(LIST_PRINCIPALS_FOR_PORTFOLIO, listed)
                .await
                .read(&[GONE], |principals| {
                    Some(
                        principals
                            .iter()
                            .filter_map(|p| p.principal_arn())
                            .map(str::to_string)
                            .collect(),
                    )
                })
        })
        .await;
    Portfolio {
        arn: p.arn().map_or_else(
            || cx.arn("catalog", &format!("portfolio/{id}")),
            str::to_string,
        ),
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        name: p.display_name().unwrap_or_default().to_string(),
        id,
        products,
        constraints,
        principals,
    }
}

/// The portfolio's constraints, each `LAUNCH` one with its role.
async fn read_constraints(cx: &Cx, client: &Client, portfolio: &str) -> Collected<Vec<Constraint>> {
    let listed = pages(
        |token| {
            client
                .list_constraints_for_portfolio()
                .portfolio_id(portfolio)
                .set_page_token(token)
                .send()
        },
        |o| (o.constraint_details.unwrap_or_default(), o.next_page_token),
    );
    let listed = match cx
        .call(LIST_CONSTRAINTS_FOR_PORTFOLIO, listed)
        .await
        .read(&[GONE], Some)
    {
        Collected::Value(listed) => listed,
        Collected::Absent => return Collected::Absent,
        Collected::Error(e) => return Collected::Error(e),
    };
    Collected::Value(cx.bounded(listed, |c| read_constraint(cx, client, c)).await)
}

async fn read_constraint(cx: &Cx, client: &Client, c: ConstraintDetail) -> Constraint {
    let id = c.constraint_id().unwrap_or_default().to_string();
    let constraint_type = c.r#type().unwrap_or_default().to_string();
    let launch_role = if constraint_type == LAUNCH {
        let request = client.describe_constraint().id(&id).send();
        cx.call(DESCRIBE_CONSTRAINT, request)
            .await
            .read(&[GONE], |o| launch_role(o.constraint_parameters()?))
    } else {
        Collected::Absent
    };
    Constraint {
        product_id: c.product_id().unwrap_or_default().to_string(),
        id,
        constraint_type,
        launch_role,
    }
}

/// The role of a `LAUNCH` constraint's parameters
/// (`{"RoleArn": "arn:aws:iam::…:role/…"}` or `{"LocalRoleName": "…"}`);
/// `None` when they name neither (or are not JSON).
fn launch_role(parameters: &str) -> Option<LaunchRole> {
    let v: serde_json::Value = serde_json::from_str(parameters).ok()?;
    let field = |k: &str| {
        v.get(k)
            .and_then(|x| x.as_str())
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let role = LaunchRole {
        role_arn: field("RoleArn"),
        local_role_name: field("LocalRoleName"),
    };
    (role.role_arn.is_some() || role.local_role_name.is_some()).then_some(role)
}

#[cfg(test)]
mod parse {
    use super::launch_role;

    #[test]
    fn launch_roles_by_arn_or_local_name() {
        let arn =
            launch_role(r#"{"RoleArn": "arn:aws:iam::111122223333:role/sc-launch"}"#).unwrap();
        assert_eq!(
            arn.role_arn.as_deref(),
            Some("arn:aws:iam::111122223333:role/sc-launch")
        );
        let local = launch_role(r#"{"LocalRoleName": "sc-launch"}"#).unwrap();
        assert_eq!(local.local_role_name.as_deref(), Some("sc-launch"));
        assert!(launch_role(r#"{"RoleArn": ""}"#).is_none());
        assert!(launch_role("not json").is_none());
    }
}
