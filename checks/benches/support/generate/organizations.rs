//! Organizations: the account is its organization's management account,
//! with a tree of organizational units two levels deep and a few hundred
//! member accounts, service control policies attached along the tree
//! (FullAWSAccess, a leave-organization Deny on some OUs, a break-glass
//! variant on some accounts, one OU that lost FullAWSAccess, one policy
//! whose targets could not be read), delegated administrators, and a
//! suspended account. Two member accounts are scanned with it (in
//! `g.members`; every section collected, empty but for their `OrganizationAccountAccessRole`: one trusting
//! the management account with an MFA condition, one with none, beside a
//! Control Tower role that trusts a stranger.

use super::fixture::{de, denied, val};
use super::gen::Gen;
use super::kinds::{Generator, Kind};
use super::{ACCOUNT, OTHER, REGIONS};
use awscheck_checks::inventory::{Account, SECTIONS};
use serde_json::{json, Value};

pub const GENERATOR: Generator = Generator {
    kinds: &[Kind::fixed("organizations.views")],
    generate: |g, _| organizations(g),
};

const ORG: &str = "o-bench00001";
/// Top-level OUs, each with `CHILDREN` children, each holding `PER_OU` accounts.
const TOP: usize = 12;
const CHILDREN: usize = 4;
const PER_OU: usize = 6;

fn organizations(g: &mut Gen) {
    let arn = |kind: &str, id: &str| format!("arn:aws:organizations::{ACCOUNT}:{kind}/{ORG}/{id}");
    let target = |id: &str, kind: &str| json!({"target_id": id, "type": kind, "name": id});
    let mut parents = vec![json!({"arn": arn("root", "r-b001"), "id": "r-b001", "type": "ROOT", "name": "Root", "account_ids": [ACCOUNT]})];
    let mut accounts = vec![json!({"arn": arn("account", ACCOUNT), "id": ACCOUNT, "name": "management", "state": "ACTIVE", "joined_method": "CREATED"})];
    let (mut full, mut deny, mut glass, mut unread) = (vec![target("r-b001", "ROOT"), target(ACCOUNT, "ACCOUNT")], vec![], vec![], vec![]);
    for t in 0..TOP {
        let top = format!("ou-b001-top{t:04}");
        parents.push(json!({"arn": arn("ou", &top), "id": top, "type": "ORGANIZATIONAL_UNIT", "name": top, "parent_id": "r-b001", "account_ids": []}));
        full.push(target(&top, "ORGANIZATIONAL_UNIT"));
        // A leave-organization Deny on most top-level OUs; one OU's policy
        // targets could not be read.
        match g.rng.below(6) {
            0 => unread.push(target(&top, "ORGANIZATIONAL_UNIT")),
            1 => {}
            _ => deny.push(target(&top, "ORGANIZATIONAL_UNIT")),
        }
        for c in 0..CHILDREN {
            let ou = format!("ou-b001-t{t:02}c{c:02}");
            let mut ids = Vec::new();
            for a in 0..PER_OU {
                let id = format!("3{:011}", (t * CHILDREN + c) * PER_OU + a);
                let scanned = t + c + a < 2;
                let state = if !scanned && g.rng.chance(2) { "SUSPENDED" } else { "ACTIVE" };
                let joined = if g.rng.chance(20) { "INVITED" } else { "CREATED" };
                accounts.push(json!({"arn": arn("account", &id), "id": id, "name": format!("acct-{id}"), "state": state, "joined_method": joined}));
                full.push(target(&id, "ACCOUNT"));
                if g.rng.chance(10) {
                    glass.push(target(&id, "ACCOUNT"));
                }
                if scanned {
                    g.members.push(member(&id, a == 0));
                }
                ids.push(id);
            }
            // One OU in twenty lost FullAWSAccess.
            if !g.rng.chance(5) {
                full.push(target(&ou, "ORGANIZATIONAL_UNIT"));
            }
            parents.push(json!({"arn": arn("ou", &ou), "id": ou, "type": "ORGANIZATIONAL_UNIT", "name": ou, "parent_id": top, "account_ids": ids}));
        }
    }
    let scp = |id: &str, name: &str, managed: bool, statements: Value, targets: Value| {
        json!({"arn": if managed { format!("arn:aws:organizations::aws:policy/service_control_policy/{id}") } else { arn("policy", id) },
               "id": id, "name": name, "type": "SERVICE_CONTROL_POLICY", "aws_managed": managed,
               "content": val(json!({"Version": "2012-10-17", "Statement": statements})), "targets": targets})
    };
    let leave = |condition: Value| {
        let mut s = json!({"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"});
        if !condition.is_null() {
            s["Condition"] = condition;
        }
        json!([s])
    };
    let policies = json!([
        scp("p-FullAWSAccess", "FullAWSAccess", true, json!([{"Effect": "Allow", "Action": "*", "Resource": "*"}]), val(full)),
        scp("p-b001deny", "deny-leave", false, leave(Value::Null), val(deny)),
        scp("p-b001glss", "deny-leave-breakglass", false,
            leave(json!({"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/BreakGlass"}})), val(glass)),
        scp("p-b001unrd", "guardrails", false, leave(Value::Null),
            if unread.is_empty() { val(json!([])) } else { denied("ListTargetsForPolicy") }),
    ]);
    let view = json!({
        "region": "global", "account_id": ACCOUNT,
        "organization": val(json!({"arn": format!("arn:aws:organizations::{ACCOUNT}:organization/{ORG}"),
                                   "id": ORG, "feature_set": "ALL", "management_account_id": ACCOUNT})),
        "roots": val(json!([{"arn": arn("root", "r-b001"), "id": "r-b001", "name": "Root",
                             "policy_types": [{"type": "SERVICE_CONTROL_POLICY", "status": "ENABLED"}]}])),
        "accounts": val(accounts), "parents": val(parents), "policies": val(policies),
        "delegated_administrators": val(json!([
            {"account_id": "300000000001", "name": "security", "state": "ACTIVE", "services": val(json!(["guardduty.amazonaws.com", "inspector2.amazonaws.com"]))},
            {"account_id": "300000000002", "name": "platform", "state": "ACTIVE", "services": denied("ListDelegatedServicesForAccount")}
        ])),
        "enabled_services": val(json!([{"service_principal": "guardduty.amazonaws.com"}]))
    });
    g.acct.organizations = Some(de(json!({"views": [view]})));
}

/// A member account scanned with the management account: its organization
/// view and its access roles, trusting the management account with an MFA
/// condition (`hardened`) or with none beside a role trusting a stranger.
fn member(id: &str, hardened: bool) -> Account {
    let role = |name: &str, principal: String, condition: Value| {
        let mut statement = json!({"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"});
        if !condition.is_null() {
            statement["Condition"] = condition;
        }
        json!({"arn": format!("arn:aws:iam::{id}:role/{name}"), "region": "global", "account_id": id, "name": name,
               "trust_policy": {"Version": "2012-10-17", "Statement": [statement]},
               "attached_policies": val(json!(["arn:aws:iam::aws:policy/AdministratorAccess"])),
               "inline_policies": val(json!([]))})
    };
    let root = format!("arn:aws:iam::{ACCOUNT}:root");
    let roles = if hardened {
        vec![role("OrganizationAccountAccessRole", root, json!({"Bool": {"aws:MultiFactorAuthPresent": "true"}}))]
    } else {
        vec![
            role("OrganizationAccountAccessRole", root, Value::Null),
            role("AWSControlTowerExecution", format!("arn:aws:iam::{OTHER}:root"), Value::Null),
        ]
    };
    // Every section collected (an empty account otherwise), so that no
    // check reports a section not collected.
    let mut acct = json!({"account_id": id, "regions": REGIONS});
    for section in SECTIONS {
        acct[*section] = json!({});
    }
    acct["iam"] = json!({"roles": roles});
    acct["organizations"] = json!({"views": [{
        "region": "global", "account_id": id,
        "organization": val(json!({"arn": format!("arn:aws:organizations::{ACCOUNT}:organization/{ORG}"), "id": ORG,
                                   "feature_set": "ALL", "management_account_id": ACCOUNT})),
        "roots": "absent", "accounts": "absent", "parents": "absent", "policies": "absent",
        "delegated_administrators": "absent", "enabled_services": "absent"
    }]});
    de(acct)
}
