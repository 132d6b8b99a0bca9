//! Trusted Advisor: the account's red security check (an advisory); the
//! member accounts, one with a Basic support plan (SKIP), the others with
//! nothing red (PASS).

use super::fixture::de;
use super::gen::Gen;
use super::kinds::{Generator, Kind};
use serde_json::json;

pub const GENERATOR: Generator = Generator {
    kinds: &[Kind::fixed("trustedadvisor.accounts")],
    generate: |g, _| trustedadvisor(g),
};

fn trustedadvisor(g: &mut Gen) {
    let entry = |account: &str, status: &str| {
        json!({"arn": format!("arn:aws:trustedadvisor::{account}"), "region": "global", "account_id": account,
            "checks": {"value": [{"id": "HCP4007jGY", "name": "Security Groups - Specific Ports Unrestricted", "category": "security"}]},
            "summaries": {"value": [{"check_id": "HCP4007jGY", "status": status, "resources_flagged": 3}]}})
    };
    let account = g.acct.account_id.clone();
    g.acct.trustedadvisor = Some(de(json!({"accounts": [entry(&account, "error")]})));
    for (i, member) in g.members.iter_mut().enumerate() {
        let mut e = entry(&member.account_id, "ok");
        if i == 0 {
            e["checks"] = json!({"error": {"operation": "DescribeTrustedAdvisorChecks", "code": "SubscriptionRequiredException"}});
            e.as_object_mut().unwrap().remove("summaries");
        }
        member.trustedadvisor = Some(de(json!({"accounts": [e]})));
    }
}
