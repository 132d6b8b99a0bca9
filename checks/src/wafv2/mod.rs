//! Checks of the wafv2 service.

use crate::arn::Arn;
use crate::collected::CollectError;
use crate::engine::{Check, Emitter, Verdict};
use crate::inventory::wafv2::{LoggingConfiguration, WebAcl};
use std::collections::HashMap;

mod log_bucket_encryption;
mod log_destination_prefix;
mod logging_enabled;
mod managed_rule_groups;
mod webacl_associated;

pub const CHECKS: &[&Check] = &[
    &logging_enabled::CHECK,
    &log_destination_prefix::CHECK,
    &log_bucket_encryption::CHECK,
    &managed_rule_groups::CHECK,
    &webacl_associated::CHECK,
];

/// The regional web ACLs' associations, read once: which web ACL lists
/// each resource, and, per account and region, a web ACL whose
/// associations could not be read.
pub(crate) struct Associations<'a> {
    by_resource: HashMap<&'a str, &'a WebAcl>,
    unread: HashMap<(&'a str, &'a str), (&'a WebAcl, &'a CollectError)>,
}

impl<'a> Associations<'a> {
    pub fn new(acls: &'a [WebAcl]) -> Self {
        let mut by_resource = HashMap::new();
        let mut unread = HashMap::new();
        for acl in acls {
            match acl.resources.known() {
                Ok(listed) => {
                    for r in listed.into_iter().flatten() {
                        by_resource.insert(r.as_str(), acl);
                    }
                }
                Err(e) => {
                    unread
                        .entry((acl.account_id.as_str(), acl.region.as_str()))
                        .or_insert((acl, e));
                }
            }
        }
        Associations {
            by_resource,
            unread,
        }
    }

    /// The web ACL a resource of `account` and `region` is listed by.
    pub fn of(&self, arn: &str, account: &str, region: &str) -> Association<'a> {
        if let Some(acl) = self.by_resource.get(arn) {
            return Association::By(acl);
        }
        match self.unread.get(&(account, region)) {
            Some((acl, e)) => Association::Unknown(format!(
                "no web ACL is known to protect it; the associations of web ACL {} in {region} could not be read: {e}",
                acl.name
            )),
            None => Association::None,
        }
    }
}

/// Which web ACL a resource is associated with, as far as the regional
/// web ACLs' associations tell.
pub(crate) enum Association<'a> {
    By(&'a WebAcl),
    /// None is listed, and a web ACL of its region could not be read: why.
    Unknown(String),
    None,
}

/// True when the logging configuration is the customer's own (`LogScope`
/// absent or `CUSTOMER`), not one managed by Security Lake or another service.
fn is_customer_scope(cfg: &LoggingConfiguration) -> bool {
    cfg.log_scope
        .as_deref()
        .is_none_or(|s| s.eq_ignore_ascii_case("CUSTOMER"))
}

/// The destination of a web ACL's customer logging configuration, for the
/// checks that judge it: its ARN, what it names, and a verdict noting when
/// only the first of several is judged. `None` once the finding is given:
/// SKIP without a logging configuration, for another log scope, or without
/// a destination (judged by `waf-logging-enabled`); ERROR when the
/// configuration could not be read or the ARN names no known destination.
fn destination<'a>(
    acl: &'a WebAcl,
    em: &mut Emitter,
) -> Option<(&'a str, Destination<'a>, Verdict)> {
    let cfg = match acl.logging.known() {
        Err(e) => {
            em.error(acl, e);
            return None;
        }
        Ok(None) => {
            em.skip(
                acl,
                "no logging configuration (judged by waf-logging-enabled)",
            );
            return None;
        }
        Ok(Some(cfg)) => cfg,
    };
    if !is_customer_scope(cfg) {
        let scope = cfg.log_scope.as_deref().unwrap_or_default();
        em.skip(
            acl,
            format!("log scope {scope}: the destination is managed by that service, not named by the customer"),
        );
        return None;
    }
    let Some(arn) = cfg.log_destination_configs.first() else {
        em.skip(
            acl,
            "the logging configuration lists no destination (judged by waf-logging-enabled)",
        );
        return None;
    };
    let Some(dest) = Destination::parse(arn) else {
        em.error_reason(
            acl,
            format!("log destination {arn} is not an S3 bucket, CloudWatch Logs log group or Firehose stream ARN"),
        );
        return None;
    };
    let mut v = Verdict::new();
    if cfg.log_destination_configs.len() > 1 {
        v.note(format!(
            "only the first of {} destinations is judged",
            cfg.log_destination_configs.len()
        ));
    }
    Some((arn, dest, v))
}

/// The destination named by a logging configuration's ARN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Destination<'a> {
    Bucket(&'a str),
    LogGroup(Located<'a>),
    Stream(Located<'a>),
}

/// A regional destination: its name, region and account from the ARN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Located<'a> {
    pub name: &'a str,
    pub region: &'a str,
    pub account: &'a str,
}

impl<'a> Destination<'a> {
    pub fn parse(arn: &'a str) -> Option<Destination<'a>> {
        let a = Arn::parse(arn)?;
        let located = |name: &'a str| {
            (!name.is_empty()).then_some(Located {
                name,
                region: a.region,
                account: a.account,
            })
        };
        match a.service {
            "s3" => {
                let bucket = a.resource.split('/').next().unwrap_or_default();
                (!bucket.is_empty()).then_some(Destination::Bucket(bucket))
            }
            "logs" => {
                let name = a.resource.strip_prefix("log-group:")?;
                located(name.strip_suffix(":*").unwrap_or(name)).map(Destination::LogGroup)
            }
            "firehose" => {
                located(a.resource.strip_prefix("deliverystream/")?).map(Destination::Stream)
            }
            _ => None,
        }
    }

    pub fn name(&self) -> &'a str {
        match self {
            Destination::Bucket(name) => name,
            Destination::LogGroup(l) | Destination::Stream(l) => l.name,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Destination::Bucket(_) => "S3 bucket",
            Destination::LogGroup(_) => "log group",
            Destination::Stream(_) => "Firehose stream",
        }
    }
}
