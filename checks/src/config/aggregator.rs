//! ## What it checks
//!
//! The account designated to hold the configuration aggregator has an
//! organization-wide, all-region aggregator whose sources are healthy.
//!
//! **Which account.** The setting `aggregator_account_id` names it (your
//! audit account). Left empty, the organization view decides: the
//! delegated administrator for `config.amazonaws.com` when there is one,
//! else the management account; an account in no organization holds its
//! own aggregator (a view of all its regions). A member account that cannot
//! see the delegated administrators cannot tell, and SKIPs with that
//! reason (set the setting).
//!
//! In the designated account, one finding per aggregator:
//! - FAIL for every source whose `LastUpdateStatus` is `FAILED`, naming the
//!   account (or organization), region and error code; and, for an
//!   account-based aggregator, for every other source account that reports
//!   no status at all: it has not authorized the aggregator (its
//!   `DescribeAggregationAuthorizations` lacks this account and region).
//! - Advisory (FAIL at low): account sources while an organization exists
//!   (accounts that join later are missed); `AllAwsRegions=false` (naming
//!   the regions it aggregates); ACTIVE organization accounts missing from
//!   the account sources (where the account list is visible).
//! - ERROR: the sources' status, or the organization's accounts, could not
//!   be read.
//!
//! With no aggregator in any collected region: FAIL on
//! `arn:aws:config::ACCOUNT` (nothing when Config or its aggregators could
//! not be listed somewhere: the engine reports ERROR there).
//!
//! In any other account, one finding on `arn:aws:config::ACCOUNT`:
//! - an account in no organization, with `aggregator_account_id` set, is a
//!   source of an account-based aggregator: PASS when it authorizes that
//!   account (`DescribeAggregationAuthorizations`, any region), else FAIL;
//! - otherwise SKIP, naming the designated account: an organization
//!   aggregator needs no authorization, and the aggregator is judged there.
//!
//! Gap: an aggregator account cannot read its sources' authorizations; the
//! aggregator side sees a missing authorization only through the sources'
//! status, and the source side is judged when the source account is
//! scanned.
//!
//! ## Why it matters
//!
//! Without an aggregator there is no central compliance view: each account
//! and region has to be opened on its own. The notes: an aggregator is
//! created in one central account and collects rules and resources across
//! accounts and regions; with AWS Organizations no per-account
//! authorization is needed (notes 000 › Security and Compliance › "AWS
//! config"); the aggregator account views compliance results for rules
//! deployed everywhere by StackSets (notes 001 › ## AWS Config Aggregator),
//! and Control Tower sets one up (notes 000 › Security and Compliance ›
//! "AWS control tower").
//!
//! ## How to fix
//!
//! - **Console**: in the audit (or delegated administrator) account, AWS Config › Aggregators › Create aggregator › "Add my organization" with a role allowing `organizations:ListAccounts`, "Include all AWS Regions"; fix the sources listed as failed (their recorder must record, an account source must authorize the aggregator).
//! - **CLI**: `aws organizations register-delegated-administrator --account-id AUDIT --service-principal config.amazonaws.com`; `aws configservice put-configuration-aggregator --configuration-aggregator-name org --organization-aggregation-source RoleArn=ROLE_ARN,AllAwsRegions=true`; `aws configservice describe-configuration-aggregator-sources-status --configuration-aggregator-name org`; in a source account `aws configservice put-aggregation-authorization --authorized-account-id AUDIT --authorized-aws-region us-east-1`.
//! - **CloudFormation**: `AWS::Config::ConfigurationAggregator` with `OrganizationAggregationSource: {RoleArn, AllAwsRegions: true}`; `AWS::Config::AggregationAuthorization` in each source account of an account-based aggregator (deployed by StackSets).
//!
//! ## References
//!
//! - Study notes: 000 › Security and Compliance › "AWS config" (configurations recorder and aggregator); 001 › ## AWS Config Aggregator; 000 › Security and Compliance › "AWS control tower".
//! - AWS: "Multi-Account Multi-Region Data Aggregation"; "Setting Up an Aggregator Using the Console"; "Authorizing Aggregator Accounts to Collect AWS Config Configuration and Compliance Data"; `DescribeConfigurationAggregatorSourcesStatus`.
//! - No AWS Config managed rule; no Prowler check.

use crate::engine::{name_list, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::config::Aggregator;
use crate::inventory::organizations::{Organization, OrganizationView};
use crate::inventory::{config, organizations, GLOBAL};
use crate::judge::regions;
use crate::settings::Setting;

/// The account that must hold the aggregator.
static AGGREGATOR_ACCOUNT: Setting<String> = Setting::new(
    "aggregator_account_id",
    "The account that must hold the configuration aggregator (your audit account); empty: the delegated administrator for config.amazonaws.com, else the management account (an account in no organization holds its own).",
    r#""""#,
    crate::settings::account_id_or_empty,
);

pub static CHECK: Check = Check {
    id: "config-aggregator",
    title: "An organization-wide, all-region Config aggregator exists in the audit account, with healthy sources",
    service: "config",
    severity: Severity::Medium,
    section: "000 › Security and Compliance › \"AWS config\"; 001 › ## AWS Config Aggregator",
    catalog: "SEC-04",
    reads: &[
        config::RECORDERS,
        config::AGGREGATORS,
        config::AGGREGATOR_SOURCES,
        config::AGGREGATION_AUTHORIZATIONS,
        organizations::ORGANIZATION,
        organizations::ACCOUNTS,
        organizations::DELEGATED_ADMINISTRATORS,
    ],
    tolerates: &[],
    settings: &[&AGGREGATOR_ACCOUNT],
    config_rule: None,
    prowler: None,
    source: include_str!("aggregator.rs"),
    run,
};

/// The service principal a delegated administrator for Config aggregation is registered for.
const CONFIG_PRINCIPAL: &str = "config.amazonaws.com";

/// Which account must hold the aggregator, and why.
enum Designated {
    /// The account, and how it was designated.
    Account(String, String),
    /// It cannot be told from this account: why.
    Unknown(String),
}

fn run(ctx: &Context, em: &mut Emitter) {
    if ctx.blind("organizations", GLOBAL) {
        // The engine reports ERROR for Organizations.
        return;
    }
    let subject = regions::account_subject(ctx, "config");
    let Some(view) = ctx.organizations().views.first() else {
        return em.error_reason(&subject, "the organization view was not collected");
    };
    let organization = match view.organization.known() {
        Err(e) => return em.error(&subject, e),
        Ok(org) => org,
    };
    let me = ctx.account.account_id.as_str();
    let designated = match designated(ctx, view, organization) {
        Ok(d) => d,
        Err(why) => return em.error_reason(&subject, why),
    };
    match designated {
        Designated::Unknown(why) => em.skip(&subject, why),
        Designated::Account(account, _) if account == me => {
            judge_aggregators(ctx, view, organization, em)
        }
        Designated::Account(account, why) => judge_source(ctx, organization, &account, &why, em),
    }
}

fn designated(
    ctx: &Context,
    view: &OrganizationView,
    organization: Option<&Organization>,
) -> Result<Designated, String> {
    let set = ctx.setting(&AGGREGATOR_ACCOUNT);
    if !set.is_empty() {
        return Ok(Designated::Account(
            set,
            "set by aggregator_account_id".into(),
        ));
    }
    let Some(org) = organization else {
        return Ok(Designated::Account(
            view.account_id.clone(),
            "an account in no organization holds its own".into(),
        ));
    };
    let management = || {
        Designated::Account(
            org.management_account_id.clone(),
            format!(
                "the management account of {}, with no delegated administrator for AWS Config",
                org.id
            ),
        )
    };
    match view.delegated_administrators.known() {
        Err(e) => Err(format!("the delegated administrators: {e}")),
        Ok(Some(admins)) => {
            for admin in admins {
                match admin.services.known() {
                    Err(e) => {
                        return Err(format!(
                            "the services delegated to account {}: {e}",
                            admin.account_id
                        ))
                    }
                    Ok(Some(s)) if s.iter().any(|p| p == CONFIG_PRINCIPAL) => {
                        return Ok(Designated::Account(
                            admin.account_id.clone(),
                            format!("the delegated administrator for {CONFIG_PRINCIPAL}"),
                        ))
                    }
                    Ok(_) => {}
                }
            }
            Ok(management())
        }
        // The management account sees every delegation; hidden elsewhere.
        Ok(None) if org.management_account_id == view.account_id => Ok(management()),
        Ok(None) => Ok(Designated::Unknown(format!(
            "{}; the aggregator belongs to the management account {} or its delegated administrator for AWS Config, which this account cannot see: set aggregator_account_id to judge it here",
            view.hidden_reason().unwrap_or_default(),
            org.management_account_id
        ))),
    }
}

fn judge_aggregators(
    ctx: &Context,
    view: &OrganizationView,
    organization: Option<&Organization>,
    em: &mut Emitter,
) {
    let aggregators = &ctx.config().aggregators;
    if aggregators.is_empty() {
        let seen: Vec<&str> = regions::seen(ctx, "config").collect();
        if seen.len() == ctx.account.regions.len() {
            em.fail(
                &regions::account_subject(ctx, "config"),
                format!(
                    "no configuration aggregator in any collected region ({})",
                    seen.join(", ")
                ),
            );
        }
        return;
    }
    for a in aggregators {
        judge_aggregator(view, organization, a, em);
    }
}

fn judge_aggregator(
    view: &OrganizationView,
    organization: Option<&Organization>,
    a: &Aggregator,
    em: &mut Emitter,
) {
    let mut v = Verdict::new();
    let sources = a.organization_source.iter().chain(&a.account_sources);
    for s in sources {
        if !s.all_aws_regions {
            v.warn(format!(
                "it aggregates only {} (AllAwsRegions=false): regions enabled later are missed",
                name_list(&s.aws_regions)
            ));
        }
    }
    let accounts: Vec<&str> = a
        .account_sources
        .iter()
        .flat_map(|s| s.account_ids.iter().map(String::as_str))
        .collect();
    let scope = match (&a.organization_source, organization) {
        (Some(_), Some(org)) => format!("organization {}", org.id),
        (Some(_), None) => "its organization".to_string(),
        (None, _) => format!("accounts {}", name_list(&accounts)),
    };
    if a.organization_source.is_none() {
        if let Some(org) = organization {
            v.warn(format!(
                "it aggregates listed accounts while organization {} exists: accounts that join are missed (use an organization source)",
                org.id
            ));
            judge_org_accounts(view, &accounts, &mut v);
        }
    }
    match a.sources_status.known() {
        Err(e) => v.error(e),
        Ok(statuses) => {
            let statuses = statuses.map_or(&[][..], Vec::as_slice);
            let failed: Vec<String> = statuses
                .iter()
                .filter(|s| s.last_update_status == "FAILED")
                .map(|s| {
                    let code = s
                        .last_error_code
                        .as_deref()
                        .map(|c| format!(" ({c})"))
                        .unwrap_or_default();
                    format!("{} in {}{code}", s.source_id, s.aws_region)
                })
                .collect();
            if !failed.is_empty() {
                v.fail(format!("sources failed: {}", name_list(&failed)));
            }
            let unauthorized: Vec<&str> = accounts
                .iter()
                .copied()
                .filter(|id| *id != a.account_id && !statuses.iter().any(|s| s.source_id == *id))
                .collect();
            if !unauthorized.is_empty() {
                v.fail(format!(
                    "source accounts {} report no status: they have not authorized account {} in {} (DescribeAggregationAuthorizations there)",
                    name_list(&unauthorized),
                    a.account_id,
                    a.region
                ));
            }
        }
    }
    let pass = format!(
        "aggregator {} in {} aggregates {scope} from all regions; every source is up to date",
        a.name, a.region
    );
    v.emit(em, a, pass);
}

/// The advisory for ACTIVE organization accounts an account-based
/// aggregator leaves out.
fn judge_org_accounts(view: &OrganizationView, accounts: &[&str], v: &mut Verdict) {
    match view.accounts.known() {
        Err(e) => v.error(e),
        Ok(None) => v.note("the organization's accounts are not visible from this account"),
        Ok(Some(all)) => {
            let missing: Vec<&str> = all
                .iter()
                .filter(|x| x.state == "ACTIVE" && !accounts.contains(&x.id.as_str()))
                .map(|x| x.id.as_str())
                .collect();
            if !missing.is_empty() {
                v.warn(format!(
                    "ACTIVE organization accounts missing from its sources: {}",
                    name_list(&missing)
                ));
            }
        }
    }
}

/// Another account holds the aggregator: this one is a source.
fn judge_source(
    ctx: &Context,
    organization: Option<&Organization>,
    aggregator_account: &str,
    why: &str,
    em: &mut Emitter,
) {
    let subject = regions::account_subject(ctx, "config");
    if organization.is_some() {
        return em.skip(
            &subject,
            format!("the aggregator is judged in account {aggregator_account} ({why}); an organization source needs no authorization from this account"),
        );
    }
    let authorized: Vec<&str> = ctx
        .config()
        .aggregation_authorizations
        .iter()
        .filter(|x| x.authorized_account_id == aggregator_account)
        .map(|x| x.authorized_aws_region.as_str())
        .collect();
    if !authorized.is_empty() {
        return em.pass(
            &subject,
            format!(
                "this account authorizes aggregator account {aggregator_account} ({why}) in {}",
                authorized.join(", ")
            ),
        );
    }
    if ctx.blind_anywhere("config") {
        // The engine reports ERROR where the authorizations were not read.
        return;
    }
    em.fail(
        &subject,
        format!("this account is in no organization and does not authorize aggregator account {aggregator_account} ({why}): its account-based aggregator cannot collect from it"),
    );
}
