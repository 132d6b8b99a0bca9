//! ## What it checks
//!
//! Every EventBridge event bus's resource policy lets only known accounts
//! put events on it, and the organization's central bus (when one is
//! configured) accepts the organization's events. One finding per bus.
//!
//! Only `Allow` statements whose actions include `events:PutEvents`
//! (`events:*`, `*`) are judged.
//!
//! - FAIL: a statement allows anyone (`"Principal": "*"` or
//!   `{"AWS": "*"}`) to put events with no `aws:PrincipalOrgID`,
//!   `aws:PrincipalAccount` or `aws:SourceAccount` condition: anyone can
//!   inject events that trigger the bus's rules.
//! - FAIL: the bus is the setting `central_event_bus` (its name or ARN) and
//!   no statement allows `events:PutEvents` on the condition
//!   `aws:PrincipalOrgID`: the organization's accounts cannot send to it.
//! - Advisory (FAIL at low): a statement grants an account that is neither
//!   this one nor in the setting `trusted_accounts`: by naming it as the
//!   principal (its id or an ARN in it), or by an `aws:PrincipalAccount` or
//!   `aws:SourceAccount` condition on `"Principal": "*"`. A grant to the
//!   whole organization by `aws:PrincipalOrgID` is not flagged.
//! - PASS: no policy (only this account can put events), or every grant is
//!   to this account, a trusted account or the organization.
//! - ERROR: the policy is not a valid policy document.
//!
//! ## Why it matters
//!
//! A bus's rules start automation (remediation Lambdas, SSM Automation,
//! deployments). A bus open to any principal lets anyone send events that
//! look like `aws.guardduty` or `aws.config` findings and set that
//! automation off. To aggregate an organization's events in one account,
//! the central bus must accept the organization's accounts, and only them
//! (notes 000 › Incident and Event Response › "eventBridge", resource-based
//! policies on event buses, aggregate all events of an organization in one
//! account).
//!
//! ## How to fix
//!
//! - **Console**: EventBridge › Event buses › the bus › Permissions › Manage › replace `"Principal": "*"` statements with ones carrying `"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-xxxxxxxxxx"}}`, or name the accounts.
//! - **CLI**: `aws events remove-permission --event-bus-name BUS --statement-id SID`; `aws events put-permission --event-bus-name BUS --action events:PutEvents --principal "*" --statement-id org --condition Type=StringEquals,Key=aws:PrincipalOrgID,Value=o-xxxxxxxxxx`.
//! - **CloudFormation**: an `AWS::Events::EventBusPolicy` with `Statement: {Effect: Allow, Principal: "*", Action: events:PutEvents, Resource: !GetAtt Bus.Arn, Condition: {StringEquals: {aws:PrincipalOrgID: o-xxxxxxxxxx}}}`.
//!
//! ## References
//!
//! - Study notes: 000 › Incident and Event Response › "eventBridge" (resource-based policies; aggregate all events of an organization in one account).
//! - AWS: EventBridge user guide, "Using resource-based policies for Amazon EventBridge" and "Sending and receiving events between AWS accounts in Amazon EventBridge".
//! - AWS Config managed rule `custom-eventbus-policy-attached` (presence only); Prowler `eventbridge_bus_exposed` (and `eventbridge_bus_cross_account_access` for the advisory).

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::events::{self, EventBus};
use crate::policy::{Effect, Principals, Statement};
use crate::settings::{Setting, TRUSTED_ACCOUNTS};

/// The bus that aggregates the organization's events, if any.
static CENTRAL_EVENT_BUS: Setting<String> = Setting::new(
    "central_event_bus",
    "The name or ARN of the event bus that receives the whole organization's events; its policy must let the organization (aws:PrincipalOrgID) put events. Empty: none.",
    r#""""#,
    crate::settings::any,
);

pub static CHECK: Check = Check {
    id: "eventbridge-bus-policy-scoped",
    title: "Event bus policies are not open; the central bus accepts the organization",
    service: "events",
    severity: Severity::Medium,
    section: "000 › Incident and Event Response › \"eventBridge\"",
    catalog: "INC-01",
    reads: &[events::BUSES],
    tolerates: &[],
    settings: &[&TRUSTED_ACCOUNTS, &CENTRAL_EVENT_BUS],
    config_rule: Some("custom-eventbus-policy-attached"),
    prowler: Some("eventbridge_bus_exposed"),
    source: include_str!("bus_policy_scoped.rs"),
    run,
};

fn run(ctx: &Context, em: &mut Emitter) {
    let trusted = ctx.setting(&TRUSTED_ACCOUNTS);
    let central = ctx.setting(&CENTRAL_EVENT_BUS);
    for bus in &ctx.events().buses {
        let is_central = !central.is_empty() && (bus.arn == central || bus.name == central);
        judge(bus, is_central, &trusted, em);
    }
}

fn judge(bus: &EventBus, is_central: bool, trusted: &[String], em: &mut Emitter) {
    let mut v = Verdict::new();
    let policy = match bus.policy.as_ref().map(|p| p.parse()) {
        None => None,
        Some(Ok(p)) => Some(p),
        Some(Err(e)) => return em.error_reason(bus, format!("its policy cannot be read: {e}")),
    };
    let grants: Vec<&Statement> = policy
        .iter()
        .flat_map(|p| &p.statements)
        .filter(|s| s.effect == Effect::Allow && s.matches_action("events:PutEvents"))
        .collect();
    for s in &grants {
        let name = s.label();
        match &s.principal {
            Some(Principals::All) if !s.scoped_to_accounts() => v.fail(format!(
                "{name} lets anyone put events (Principal *, no aws:PrincipalOrgID, aws:PrincipalAccount or aws:SourceAccount condition)"
            )),
            Some(_) => {
                for account in s.granted_accounts(&["aws:PrincipalAccount", "aws:SourceAccount"]) {
                    if account != bus.account_id && !trusted.contains(&account) {
                        v.warn(format!(
                            "{name} lets account {account} put events; it is not in trusted_accounts"
                        ));
                    }
                }
            }
            None => {}
        }
    }
    if is_central
        && !grants
            .iter()
            .any(|s| s.conditions_on("aws:PrincipalOrgID").next().is_some())
    {
        v.fail("it is the central event bus, and no statement lets the organization (aws:PrincipalOrgID) put events on it");
    }
    let pass = match (&policy, is_central) {
        (None, _) => "no resource policy: only this account can put events".to_string(),
        (Some(_), true) => {
            "the organization may put events on this central bus, and nobody else".to_string()
        }
        (Some(_), false) => {
            "only this account, trusted accounts or the organization may put events".to_string()
        }
    };
    v.emit(em, bus, pass);
}
