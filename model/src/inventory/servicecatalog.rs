//! AWS Service Catalog, per region: the account's own portfolios, with the
//! products in each, the constraints on them (and a launch constraint's
//! role) and the principals that may launch them.

use super::{merge, resource, Collected};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListPortfolios` (paged): the account's own portfolios.
pub const PORTFOLIOS: Data = Data::listing("servicecatalog");
/// `SearchProductsAsAdmin` (paged, by portfolio): each portfolio's products.
pub const PRODUCTS: Data = Data::part("servicecatalog", "portfolios.products");
/// `ListConstraintsForPortfolio` (paged), then `DescribeConstraint` of each
/// `LAUNCH` constraint: each portfolio's constraints and launch roles.
pub const CONSTRAINTS: Data = Data::part("servicecatalog", "portfolios.constraints");
/// `ListPrincipalsForPortfolio` (paged): who may launch each portfolio's
/// products.
pub const PRINCIPALS: Data = Data::part("servicecatalog", "portfolios.principals");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[PORTFOLIOS, PRODUCTS, CONSTRAINTS, PRINCIPALS];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceCatalog {
    #[serde(default)]
    pub portfolios: Vec<Portfolio>,
}
merge!(ServiceCatalog { portfolios });

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Portfolio {
    /// `ARN` (`arn:aws:catalog:REGION:ACCOUNT:portfolio/port-…`).
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// `Id` (`port-…`).
    pub id: String,
    /// `DisplayName`.
    pub name: String,
    /// The products in the portfolio; absent = the portfolio was deleted
    /// since it was listed.
    #[serde(default)]
    pub products: Collected<Vec<Product>>,
    /// The constraints on the portfolio's products; absent = the portfolio
    /// was deleted since it was listed.
    #[serde(default)]
    pub constraints: Collected<Vec<Constraint>>,
    /// `PrincipalARN`s of the IAM users, groups and roles (or patterns) that
    /// may launch the portfolio's products; absent = the portfolio was
    /// deleted since it was listed.
    #[serde(default)]
    pub principals: Collected<Vec<String>>,
}
resource!(Portfolio);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    /// `ProductId` (`prod-…`).
    pub id: String,
    /// `Name`.
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Constraint {
    /// `ConstraintId` (`cons-…`).
    pub id: String,
    /// `Type`: `LAUNCH`, `NOTIFICATION`, `RESOURCE_UPDATE`, `STACKSET` or
    /// `TEMPLATE`.
    pub constraint_type: String,
    /// `ProductId`: the product it constrains in the portfolio.
    pub product_id: String,
    /// `DescribeConstraint` `ConstraintParameters` of a `LAUNCH` constraint:
    /// the role products launch with; absent = not a `LAUNCH` constraint,
    /// its parameters name no role, or it was deleted since it was listed.
    #[serde(default)]
    pub launch_role: Collected<LaunchRole>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LaunchRole {
    /// `RoleArn`, looked up in `iam.roles`; absent when the constraint
    /// names a local role instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// `LocalRoleName`: a role of that name in the launching account,
    /// looked up in `iam.roles`; absent when the constraint names a role
    /// ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_role_name: Option<String>,
}
