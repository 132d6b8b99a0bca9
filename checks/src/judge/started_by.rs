//! Started by: which enabled EventBridge rules target a resource (a
//! pipeline they start), asked by ARN, rather than where a kind of event
//! goes ([`routing`](super::routing)).
//!
//! [`Starters::new`] indexes, once per check, the enabled rules the check
//! counts (its filter: a bus, event patterns only, …) by the ARNs of their
//! targets; [`Starters::of`] gives the rules that target a resource, and
//! [`Starters::unread`] why a rule of the resource's account and region
//! might target it unseen (`the targets of rule R: …`, its targets could
//! not be read): a resource no rule is known to start is then unknown,
//! not unstarted.

use crate::engine::Context;
use crate::inventory::events::Rule;
use std::collections::HashMap;

/// Enabled rules by the ARNs they target; see the module doc.
pub struct Starters<'a> {
    by_target: HashMap<&'a str, Vec<&'a Rule>>,
    /// (account, region) → why some rules' targets are unknown there.
    unread: HashMap<(&'a str, &'a str), Vec<String>>,
}

impl<'a> Starters<'a> {
    /// The enabled rules of the account for which `counts` holds.
    pub fn new(ctx: &'a Context, counts: impl Fn(&Rule) -> bool) -> Starters<'a> {
        let mut by_target: HashMap<&str, Vec<&Rule>> = HashMap::new();
        let mut unread: HashMap<(&str, &str), Vec<String>> = HashMap::new();
        for rule in ctx
            .events()
            .rules
            .iter()
            .filter(|r| r.state.starts_with("ENABLED") && counts(r))
        {
            match rule.targets.known() {
                Ok(targets) => {
                    for target in targets.into_iter().flatten() {
                        by_target.entry(target.arn.as_str()).or_default().push(rule);
                    }
                }
                Err(e) => unread
                    .entry((rule.account_id.as_str(), rule.region.as_str()))
                    .or_default()
                    .push(format!("the targets of rule {}: {e}", rule.name)),
            }
        }
        Starters { by_target, unread }
    }

    /// The counted rules that target `arn`.
    pub fn of(&self, arn: &str) -> &[&'a Rule] {
        self.by_target.get(arn).map_or(&[], Vec::as_slice)
    }

    /// Why counted rules of `account` and `region` might target a resource
    /// unseen: their targets could not be read.
    pub fn unread<'s>(&'s self, account: &'s str, region: &'s str) -> &'s [String] {
        self.unread
            .get(&(account, region))
            .map_or(&[], Vec::as_slice)
    }
}
