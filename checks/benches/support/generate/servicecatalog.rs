//! Service Catalog: portfolios of one to three products, each launched
//! through the shared launch role (which trusts Service Catalog), a role
//! that does not exist, an instance role (which trusts EC2 only), or no
//! launch constraint at all; some with a TEMPLATE constraint beside it,
//! some with no principal, and a few whose constraints or products could
//! not be read.

use super::fixture::{de, throttled, val};
use super::gen::Gen;
use super::iam::{self, INSTANCE};
use super::kinds::{Generator, Kind};
use super::{ACCOUNT, REGIONS};
use serde_json::{json, Value};

const PORTFOLIOS: Kind = Kind::scaled("servicecatalog.portfolios", 2);

pub const GENERATOR: Generator = Generator {
    kinds: &[PORTFOLIOS],
    generate: |g, n| servicecatalog(g, n[PORTFOLIOS]),
};

/// The launch role every well-made portfolio shares.
const LAUNCH_ROLE: &str = "sc-launch";

fn servicecatalog(g: &mut Gen, n: usize) {
    let launch = format!("arn:aws:iam::{ACCOUNT}:role/{LAUNCH_ROLE}");
    if let Some(iam) = g.acct.iam.as_mut() {
        iam.roles.push(de(json!({
            "arn": launch, "region": "global", "account_id": ACCOUNT, "name": LAUNCH_ROLE,
            "trust_policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Principal": {"Service": "servicecatalog.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
            "attached_policies": {"value": []}, "inline_policies": {"value": []}, "tags": {}
        })));
    }
    let mut sc = awscheck_checks::inventory::servicecatalog::ServiceCatalog::default();
    for i in 0..n {
        let region = REGIONS[g.region()];
        let id = format!("port-{i:09x}");
        let products: Vec<Value> = (0..1 + g.rng.below(3))
            .map(|k| json!({"id": format!("prod-{i:07x}{k}"), "name": format!("product-{i}-{k}")}))
            .collect();
        let mut constraints = Vec::new();
        for (k, product) in products.iter().enumerate() {
            // By index, so that even a few portfolios show every verdict.
            let role = match (2 * i + k) % 5 {
                0 | 1 => Some(launch.clone()),
                2 => Some(iam::missing_role(g, INSTANCE).arn),
                3 => Some(iam::role(g, INSTANCE).arn),
                _ => None,
            };
            if let Some(role) = role {
                constraints.push(json!({"id": format!("cons-{i:07x}{k}"), "constraint_type": "LAUNCH",
                    "product_id": product["id"], "launch_role": val(json!({"role_arn": role}))}));
            }
            if g.rng.chance(10) {
                constraints.push(json!({"id": format!("cons-{i:07x}{k}t"), "constraint_type": "TEMPLATE",
                    "product_id": product["id"], "launch_role": "absent"}));
            }
        }
        let constraints = if g.rng.chance(4) {
            throttled("ListConstraintsForPortfolio")
        } else {
            val(constraints)
        };
        let principals = if g.rng.chance(15) {
            val(json!([]))
        } else {
            val(json!([format!("arn:aws:iam::{ACCOUNT}:role/developer")]))
        };
        sc.portfolios.push(de(json!({
            "arn": format!("arn:aws:catalog:{region}:{ACCOUNT}:portfolio/{id}"),
            "region": region, "account_id": ACCOUNT, "id": id, "name": format!("portfolio-{i}"),
            "products": val(products), "constraints": constraints, "principals": principals
        })));
    }
    g.acct.servicecatalog = Some(sc);
}
