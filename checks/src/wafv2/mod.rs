//! Checks of the wafv2 service.

use crate::arn::Arn;
use crate::engine::{Check, Emitter, Verdict};
use crate::inventory::wafv2::{LoggingConfiguration, WebAcl};

mod log_bucket_encryption;
mod log_destination_prefix;
mod logging_enabled;
mod managed_rule_groups;

pub const CHECKS: &[&Check] = &[
    &logging_enabled::CHECK,
    &log_destination_prefix::CHECK,
    &log_bucket_encryption::CHECK,
    &managed_rule_groups::CHECK,
];

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
