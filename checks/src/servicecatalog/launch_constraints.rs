//! ## What it checks
//!
//! Every product of an AWS Service Catalog portfolio launches through a
//! launch constraint whose IAM role exists and trusts Service Catalog
//! (`servicecatalog:ListPortfolios`, `SearchProductsAsAdmin`,
//! `ListConstraintsForPortfolio`, `DescribeConstraint`,
//! `ListPrincipalsForPortfolio`; the role from the IAM section). One finding
//! per portfolio:
//!
//! - FAIL: a product of the portfolio has no `LAUNCH` constraint in it (the
//!   reason names each such product).
//! - FAIL: a launch constraint's role (`RoleArn`, or `LocalRoleName`, a
//!   role of that name in the account) does not exist, or its trust policy
//!   does not let `servicecatalog.amazonaws.com` assume it; or the
//!   constraint's parameters name no role.
//! - Advisory (FAIL at low): no principal is associated with the portfolio,
//!   so nobody can launch its products.
//! - PASS: every product launches through a role that exists and trusts
//!   Service Catalog. `STACKSET` constraints are reported as information
//!   (a note), not judged.
//! - SKIP: the portfolio has no products, or was deleted during the scan.
//! - ERROR: Service Catalog could not be listed in a region; a portfolio's
//!   products, constraints, a launch constraint's parameters or its
//!   principals could not be read; IAM could not be listed (a role cannot
//!   be looked up); a role of another account.
//!
//! A role named by `LocalRoleName` is looked up in the scanned account (the
//! portfolio's own, where its products are launched); accounts the
//! portfolio is shared with are not judged. Whether the role may do what
//! the product's template needs (CloudFormation, the template's services,
//! reading the template bucket) is not judged.
//!
//! ## Why it matters
//!
//! Without a launch constraint, Service Catalog launches a product with the
//! end user's own credentials: every user needs the full permissions of
//! everything the template creates, and the catalog governs nothing. A
//! launch constraint assigns an IAM role to the product, so end users need
//! access to the catalog only; that role needs CloudFormation, the
//! services in the template and read access to the template's bucket
//! (notes 000 › Configuration Management and IaC › "service-catalog" and
//! "servie-catalog - extra": launch constraints). A role that was deleted,
//! or that Service Catalog may not assume, breaks every launch.
//!
//! ## How to fix
//!
//! - **Console**: Service Catalog › Portfolios › the portfolio ›
//!   Constraints › Create constraint: the product, type Launch, an IAM
//!   role trusting `servicecatalog.amazonaws.com`. Access › Grant access:
//!   the groups or roles of the people who launch its products.
//! - **CLI**: `aws servicecatalog create-constraint --portfolio-id PORT --product-id PROD --type LAUNCH --parameters '{"RoleArn":"arn:aws:iam::ACCOUNT:role/ROLE"}'`;
//!   `aws servicecatalog associate-principal-with-portfolio --portfolio-id PORT --principal-arn arn:aws:iam::ACCOUNT:role/ROLE --principal-type IAM`.
//! - **CloudFormation**: `AWS::ServiceCatalog::LaunchRoleConstraint`
//!   (`RoleArn` or `LocalRoleName`) for each product association, and
//!   `AWS::ServiceCatalog::PortfolioPrincipalAssociation`.
//!
//! ## References
//!
//! - Study notes: 000 › Configuration Management and IaC ›
//!   "service-catalog", "servie-catalog - extra".
//! - AWS: "AWS Service Catalog launch constraints" and "Granting access to
//!   users" (AWS Service Catalog Administrator Guide).
//! - AWS Config: none (related: `service-catalog-shared-within-organization`).
//!   Prowler: none.

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::iam;
use crate::inventory::servicecatalog::{self, Constraint, LaunchRole, Portfolio, Product};
use crate::judge::role::Roles;

pub static CHECK: Check = Check {
    id: "servicecatalog-launch-constraints",
    title: "Service Catalog products launch through a launch constraint's role",
    service: "servicecatalog",
    severity: Severity::Low,
    section: "000 › Configuration Management and IaC › \"service-catalog\"",
    catalog: "IAC-12",
    reads: &[
        servicecatalog::PORTFOLIOS,
        servicecatalog::PRODUCTS,
        servicecatalog::CONSTRAINTS,
        servicecatalog::PRINCIPALS,
        iam::ROLES,
    ],
    tolerates: &[],
    settings: &[],
    config_rule: None,
    prowler: None,
    source: include_str!("launch_constraints.rs"),
    run,
};

/// The principal launch roles must trust.
const SERVICE: &str = "servicecatalog.amazonaws.com";

fn run(ctx: &Context, em: &mut Emitter) {
    let roles = Roles::new(ctx);
    for p in &ctx.servicecatalog().portfolios {
        judge(ctx, &roles, p, em);
    }
}

fn judge(ctx: &Context, roles: &Roles, p: &Portfolio, em: &mut Emitter) {
    let (products, constraints) = match (p.products.known(), p.constraints.known()) {
        (Err(e), _) | (_, Err(e)) => return em.error(p, e),
        (Ok(None), _) | (_, Ok(None)) => {
            return em.skip(p, "the portfolio was deleted during the scan")
        }
        (Ok(Some(products)), Ok(Some(constraints))) => (products, constraints),
    };
    if products.is_empty() {
        return em.skip(p, "the portfolio has no products");
    }
    let mut v = Verdict::new();
    let unconstrained: Vec<&str> = products
        .iter()
        .filter(|product| !constraints.iter().any(|c| is_launch(c, product)))
        .map(|product| product.name.as_str())
        .collect();
    if !unconstrained.is_empty() {
        v.fail(format!(
            "no LAUNCH constraint for {}: it launches with the end user's own permissions",
            unconstrained.join(", ")
        ));
    }
    for c in constraints {
        match c.constraint_type.as_str() {
            "LAUNCH" => judge_role(ctx, roles, c, &mut v),
            "STACKSET" => v.note(format!(
                "STACKSET constraint {} on product {} (information)",
                c.id,
                product_name(products, &c.product_id)
            )),
            _ => {}
        }
    }
    match p.principals.known() {
        Err(e) => v.error(e),
        Ok(Some(principals)) if !principals.is_empty() => {}
        Ok(_) => {
            v.warn("no principal is associated with the portfolio: nobody can launch its products")
        }
    }
    v.emit(
        em,
        p,
        format!(
            "every product ({}) launches through a role that trusts {SERVICE}",
            products.len()
        ),
    );
}

fn is_launch(c: &Constraint, product: &Product) -> bool {
    c.constraint_type == "LAUNCH" && c.product_id == product.id
}

fn product_name<'a>(products: &'a [Product], id: &'a str) -> &'a str {
    products
        .iter()
        .find(|p| p.id == id)
        .map_or(id, |p| p.name.as_str())
}

/// The launch constraint's role exists and trusts Service Catalog.
fn judge_role(ctx: &Context, roles: &Roles, c: &Constraint, v: &mut Verdict) {
    let role = match c.launch_role.known() {
        Err(e) => return v.error(e),
        Ok(None) => {
            return v.fail(format!(
                "launch constraint {} names no role (no RoleArn or LocalRoleName)",
                c.id
            ))
        }
        Ok(Some(role)) => role,
    };
    let Some(reference) = reference(role) else {
        return;
    };
    let label = format!("launch role {reference} (constraint {})", c.id);
    roles
        .assumable_by(ctx, reference, SERVICE, &label)
        .or_record(v);
}

/// The role a launch constraint names: its ARN, else its local name.
fn reference(role: &LaunchRole) -> Option<&str> {
    role.role_arn.as_deref().or(role.local_role_name.as_deref())
}
