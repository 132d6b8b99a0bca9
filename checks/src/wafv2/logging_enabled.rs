//! ## What it checks
//!
//! Every WAFv2 web ACL (REGIONAL ones in each collected region, CLOUDFRONT
//! ones in us-east-1) has a logging configuration
//! (`wafv2:GetLoggingConfiguration`) that actually logs something.
//!
//! - PASS: a logging configuration exists with a destination. One managed by
//!   Firewall Manager (`ManagedByFirewallManager=true`) counts, and says so.
//!   One whose `LogScope` is not `CUSTOMER` (for example `SECURITY_LAKE`: the
//!   logs are collected by Amazon Security Lake) passes with a note.
//!   Redaction of the `authorization` or `cookie` header is noted as good
//!   practice.
//! - FAIL: no logging configuration (`WAFNonexistentItemException`), or a
//!   configuration that lists no destination.
//! - Advisory (FAIL at low): the logging filter's default behavior is `DROP`
//!   and no filter has behavior `KEEP`, so every request is dropped and
//!   logging is effectively off.
//! - Advisory (FAIL at low): every WAF Classic web ACL (`waf`/`waf-regional`):
//!   WAF Classic has reached end of support, migrate it to WAFv2. Its
//!   logging is not judged (the inventory lists Classic web ACLs only).
//! - SKIP, once per region (and once for the global `waf` API, in
//!   us-east-1), where WAF Classic no longer answers (an unknown operation,
//!   access denied, an endpoint that does not resolve: AWS ended its
//!   support on 2025-09-30), naming the refusal: there are no Classic web
//!   ACLs to judge there.
//! - ERROR: the logging configuration could not be read, or WAFv2 could not
//!   be listed in a region (reported once per region), or WAF Classic could
//!   not be listed in a region for another reason (throttling, a 5xx).
//!
//! ## Why it matters
//!
//! Without WAF logs there is nothing to analyse when an attack comes, and no
//! data to tune rules with (false positives, rules left in Count). The notes
//! list the destinations for web ACL logging (notes 000 › ## Security and
//! Compliance › - AWS web application firewall (WAF)) and tell you to enable
//! logging to analyse malicious traffic (notes 001 › ## AWS WAF & Traffic
//! Logging; notes 001 › ## AWS WAF › ### Logging to S3). A logging filter
//! that drops everything looks configured but records nothing.
//!
//! ## How to fix
//!
//! Create a destination whose name starts with `aws-waf-logs-` (S3 bucket,
//! CloudWatch Logs log group or Firehose stream), then attach it.
//!
//! - **Console**: WAF & Shield › Web ACLs › the web ACL › Logging and metrics › Enable logging, choose the destination; under Filter logs, keep at least the requests you need (default Keep, or a Keep filter).
//! - **CLI**: `aws wafv2 put-logging-configuration --logging-configuration ResourceArn=WEB_ACL_ARN,LogDestinationConfigs=DESTINATION_ARN` (with `--region us-east-1` for a CLOUDFRONT web ACL).
//! - **CloudFormation**: an `AWS::WAFv2::LoggingConfiguration` with `ResourceArn: !GetAtt WebACL.Arn` and `LogDestinationConfigs: [DESTINATION_ARN]`; omit `LoggingFilter` or give it a `KEEP` filter.
//! - WAF Classic: migrate with the WAF Classic migration wizard (console: AWS WAF Classic › Migrate web ACL), then delete the Classic web ACL.
//!
//! ## References
//!
//! - Study notes: 000 › ## Security and Compliance › - AWS web application firewall (WAF) (web ACL logging); 001 › ## AWS WAF & Traffic Logging; 001 › ## AWS WAF › ### Logging to S3; 000 › ## Filling the gap › - practice exam #1.
//! - AWS: WAF developer guide, "Logging AWS WAF protection pack (web ACL) traffic" and "Log filtering"; WAF API reference, `LoggingConfiguration`; "Migrating your AWS WAF Classic resources to AWS WAF".
//! - AWS Config managed rule `wafv2-logging-enabled` (`waf-classic-logging-enabled` for Classic); Prowler `wafv2_webacl_logging_enabled`.

use super::is_customer_scope;
use crate::engine::{Check, Context, Emitter, Severity, Subject, Verdict};
use crate::inventory::wafv2;
use crate::inventory::wafv2::{LoggingConfiguration, WebAcl};

pub static CHECK: Check = Check {
    id: "waf-logging-enabled",
    title: "Every WAF web ACL has logging enabled (and not filtered to nothing)",
    service: "wafv2",
    severity: Severity::High,
    section: "000 › Security and Compliance › \"AWS web application firewall (WAF)\"; 001 › ## AWS WAF & Traffic Logging",
    catalog: "SEC-14",
    reads: &[
        wafv2::WEB_ACLS,
        wafv2::WEB_ACL_LOGGING,
        wafv2::WEB_ACL_TAGS,
        wafv2::CLASSIC_WEB_ACLS,
    ],
    tolerates: &[],
    settings: &[],
    config_rule: Some("wafv2-logging-enabled"),
    prowler: Some("wafv2_webacl_logging_enabled"),
    source: include_str!("logging_enabled.rs"),
    run,
};

/// Headers whose redaction is worth noting as good practice.
const SENSITIVE_HEADERS: &[&str] = &["authorization", "cookie"];

fn run(ctx: &Context, em: &mut Emitter) {
    let waf = ctx.wafv2();
    for acl in &waf.web_acls {
        judge(acl, em);
    }
    for classic in &waf.classic_web_acls {
        em.warn(
            classic,
            format!(
                "WAF Classic web ACL {} in {}: WAF Classic has reached end of support, migrate to WAFv2",
                classic.name, classic.region
            ),
        );
    }
    for gone in &waf.classic_unavailable {
        let region = if gone.api == "waf" {
            ""
        } else {
            gone.region.as_str()
        };
        let subject = Subject::arn(
            &format!(
                "arn:{}:{}:{region}:{}",
                ctx.account.partition, gone.api, ctx.account.account_id
            ),
            &gone.region,
        );
        let message = if gone.message.is_empty() {
            String::new()
        } else {
            format!(": {}", gone.message)
        };
        em.skip(
            &subject,
            format!(
                "WAF Classic ({}) no longer answers in {} (ListWebACLs: {}{message}): no Classic web ACL to judge",
                gone.api, gone.region, gone.code
            ),
        );
    }
}

fn judge(acl: &WebAcl, em: &mut Emitter) {
    let cfg = match acl.logging.known() {
        Err(e) => return em.error(acl, e),
        Ok(None) => {
            return em.fail(
                acl,
                format!(
                    "web ACL {} ({}) has no logging configuration",
                    acl.name, acl.scope
                ),
            )
        }
        Ok(Some(cfg)) => cfg,
    };
    let mut v = Verdict::new();
    if cfg.managed_by_firewall_manager {
        v.note("managed by Firewall Manager");
    }
    let redacted: Vec<&str> = SENSITIVE_HEADERS
        .iter()
        .copied()
        .filter(|h| {
            cfg.redacted_fields
                .iter()
                .any(|f| f.trim().eq_ignore_ascii_case(h))
        })
        .collect();
    if !redacted.is_empty() {
        v.note(format!(
            "redacts the {} header(s), good",
            redacted.join(" and ")
        ));
    }
    if !is_customer_scope(cfg) {
        let scope = cfg.log_scope.as_deref().unwrap_or_default();
        v.note(format!(
            "log scope {scope}: logging is managed outside the customer configuration"
        ));
        return v.emit(em, acl, format!("web ACL {} is logged ({scope})", acl.name));
    }
    if cfg.log_destination_configs.is_empty() {
        v.fail(format!(
            "web ACL {} has a logging configuration with no destination",
            acl.name
        ));
    }
    if drops_everything(cfg) {
        v.warn(format!(
            "web ACL {}'s logging filter drops every request (default DROP and no KEEP filter): logging is effectively off",
            acl.name
        ));
    }
    let destination = cfg
        .log_destination_configs
        .first()
        .map(String::as_str)
        .unwrap_or_default();
    v.emit(
        em,
        acl,
        format!("web ACL {} logs to {destination}", acl.name),
    );
}

/// Default `DROP` with no `KEEP` filter: nothing is ever logged.
fn drops_everything(cfg: &LoggingConfiguration) -> bool {
    cfg.logging_filter.as_ref().is_some_and(|f| {
        f.default_behavior.eq_ignore_ascii_case("DROP")
            && !f
                .filters
                .iter()
                .any(|x| x.behavior.eq_ignore_ascii_case("KEEP"))
    })
}
