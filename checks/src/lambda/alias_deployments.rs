//! ## What it checks
//!
//! Production invocations go through aliases, so traffic can be shifted
//! (canary, linear, blue/green) and rolled back without touching the
//! callers. Production scoping: functions and deployment groups that are not
//! production (the production tag, else a name word) are SKIP.
//!
//! **Each production function** (one finding):
//!
//! - Advisory (FAIL at low): an event source mapping, a REST API method's
//!   Lambda integration (`…/functions/<function ARN>/invocations`) or an
//!   EventBridge rule target invokes the function unqualified or as
//!   `$LATEST`. An integration whose qualifier is a stage variable
//!   (`function:NAME:${stageVariables.alias}`) is accepted in each stage
//!   where that variable names one of the function's aliases; a stage where
//!   it does not (unset, a version, `$LATEST`) is advisory.
//! - Advisory: an alias still splits traffic
//!   (`RoutingConfig.AdditionalVersionWeights`) while no CodeDeploy
//!   deployment of it is in progress: a canary that was never finished or
//!   rolled back.
//! - PASS otherwise; ERROR when its aliases could not be read (only the
//!   canary rule needs them) or the REST API methods or stages could not.
//!
//! **Each production Lambda deployment group** (one finding): FAIL when
//! the function its last deployment targeted has no aliases (or does not
//! exist); PASS when it has; SKIP when the group has never deployed (its
//! function is not known). Groups of other compute platforms are not
//! judged.
//!
//! Not covered: HTTP API integrations (`apigatewayv2` integrations are not
//! collected), and functions named through a stage variable
//! (`function:${stageVariables.fn}`), which cannot be told apart.
//!
//! ## Why it matters
//!
//! Versions are immutable and aliases are pointers to them that can split
//! traffic between two versions: that is how CodeDeploy runs canary and
//! linear Lambda deployments, and how an API Gateway stage or a trigger
//! moves to a new version without any change on the caller's side (notes
//! 000 › Resilient cloud solutions › "Lambda" versions and aliases, and
//! "blue-green architectures"; 000 › SDLC Automation › "CodeDeploy - lambda
//! deep dive"; 001 › ## AWS Lambda Deployment Strategies with CodeDeploy &
//! SAM). A caller bound to `$LATEST` gets every change at once, with no
//! controlled shift and no rollback.
//!
//! ## How to fix
//!
//! - **Console**: Lambda › the function › Aliases › Create alias (e.g. `live`) on a published version; point the trigger, the API integration (`FUNCTION:live` or `FUNCTION:${stageVariables.alias}`) and the EventBridge target at the alias ARN. Finish or roll back a stuck canary: Aliases › Edit › remove the weighted version.
//! - **CLI**: `aws lambda publish-version --function-name F`; `aws lambda create-alias --function-name F --name live --function-version 3`; `aws lambda update-event-source-mapping --uuid UUID --function-name F:live`; `aws lambda update-alias --function-name F --name live --routing-config '{}'`.
//! - **CloudFormation**: `AWS::Lambda::Version` and `AWS::Lambda::Alias` (with SAM, `AutoPublishAlias: live` and `DeploymentPreference`); reference `!Ref LiveAlias` in event source mappings, integrations and rule targets.
//!
//! ## References
//!
//! - Study notes: 000 › Resilient cloud solutions › "Lambda" (versions and aliases) and "blue-green architectures"; 000 › SDLC Automation › "CodeDeploy - lambda deep dive"; 001 › ## AWS Lambda Deployment Strategies with CodeDeploy & SAM.
//! - AWS: Lambda developer guide, "Lambda function aliases" and "Implementing weighted aliases"; CodeDeploy user guide, "Deployments on an AWS Lambda compute platform"; API Gateway, "Using stage variables for a Lambda integration".
//! - No AWS Config managed rule; no Prowler check.

use crate::arn::Arn;
use crate::engine::{name_list, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::apigateway::{self, RestApi};
use crate::inventory::codedeploy::{self, DeploymentGroup};
use crate::inventory::lambda::{self, Function};
use crate::judge::reference::{ByPlace, Reference};
use crate::secret::short_hash;
use crate::settings::{PROD_NAME_WORDS, PROD_TAG_KEY, PROD_TAG_VALUES};
use std::collections::{HashMap, HashSet};

pub static CHECK: Check = Check {
    id: "lambda-alias-deployments",
    title: "Production invocations go through aliases (enables canary and blue/green)",
    service: "lambda",
    severity: Severity::Low,
    section: "000 › Resilient cloud solutions › \"Lambda\"; 001 › ## AWS Lambda Deployment Strategies with CodeDeploy & SAM",
    catalog: "RES-03",
    reads: &[
        lambda::FUNCTIONS,
        lambda::FUNCTION_TAGS,
        lambda::ALIASES,
        lambda::EVENT_SOURCE_MAPPINGS,
        apigateway::APIS,
        apigateway::REST_RESOURCES,
        apigateway::STAGES,
        codedeploy::DEPLOYMENT_GROUPS,
        codedeploy::DEPLOYMENT_GROUP_CONFIG,
        codedeploy::DEPLOYMENT_GROUP_TAGS,
        codedeploy::LAMBDA_TARGETS,
    ],
    tolerates: &[],
    settings: &[&PROD_TAG_KEY, &PROD_TAG_VALUES, &PROD_NAME_WORDS],
    config_rule: None,
    prowler: None,
    source: include_str!("alias_deployments.rs"),
    run,
};

/// A function as a caller names it: where it is and the qualifier, if any.
struct Invoked<'a> {
    account: &'a str,
    region: &'a str,
    name: &'a str,
    /// `None` when unqualified.
    qualifier: Option<&'a str>,
}

/// The function a Lambda function ARN names (`…:function:NAME[:QUALIFIER]`).
fn invoked(arn: &str) -> Option<Invoked<'_>> {
    let a = Arn::parse(arn).filter(|a| a.service == "lambda")?;
    let mut rest = a.resource.strip_prefix("function:")?.splitn(2, ':');
    Some(Invoked {
        account: a.account,
        region: a.region,
        name: rest.next()?,
        qualifier: rest.next(),
    })
}

/// The function ARN inside an API Gateway Lambda integration URI
/// (`arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/ARN/invocations`).
fn integration_function(uri: &str) -> Option<&str> {
    let (_, rest) = uri.split_once(":lambda:path/")?;
    rest.split_once("/functions/")?
        .1
        .strip_suffix("/invocations")
}

/// The stage variable a qualifier names (`${stageVariables.alias}` → `alias`).
fn stage_variable(qualifier: &str) -> Option<&str> {
    qualifier
        .strip_prefix("${stageVariables.")?
        .strip_suffix('}')
}

/// What invokes each function unqualified (or through stage variables that
/// do not resolve to an alias), by function ARN.
type Callers<'a> = HashMap<&'a str, Vec<String>>;

fn run(ctx: &Context, em: &mut Emitter) {
    let lambda = ctx.lambda();
    let functions = ByPlace::new(&lambda.functions, |f| {
        (f.account_id.as_str(), f.region.as_str(), f.name.as_str())
    });
    let mut callers: Callers = HashMap::new();
    let mut unreadable: Callers = HashMap::new();
    for m in &lambda.event_source_mappings {
        let Some(target) = invoked(&m.function_arn) else {
            continue;
        };
        if let Some(f) = functions.get(target.account, target.region, target.name) {
            if target.qualifier.is_none_or(|q| q == "$LATEST") {
                callers.entry(&f.arn).or_default().push(format!(
                    "event source mapping {} ({})",
                    m.uuid,
                    m.event_source_arn.as_deref().unwrap_or("self-managed source")
                ));
            }
        }
    }
    for api in &ctx.apigateway().rest_apis {
        api_callers(api, &functions, &mut callers, &mut unreadable);
    }
    // Functions and aliases a deployment in progress is shifting.
    let mut shifting: HashSet<(&str, &str, &str)> = HashSet::new();
    let groups = &ctx.codedeploy().deployment_groups;
    for g in groups {
        let in_progress = g
            .config
            .value()
            .and_then(|c| c.last_attempted_deployment.as_ref())
            .is_some_and(|d| d.in_progress());
        if let (true, Some(targets)) = (in_progress, g.lambda_targets.value()) {
            for t in targets {
                shifting.insert((g.region.as_str(), t.function_name.as_str(), t.alias.as_str()));
            }
        }
    }
    let production = ctx.production();
    for f in &lambda.functions {
        if !production.is_production(Some(&f.tags), &f.name) {
            em.skip(f, "not production");
            continue;
        }
        judge_function(
            f,
            callers.get(f.arn.as_str()),
            unreadable.get(f.arn.as_str()),
            &shifting,
            em,
        );
    }
    for g in groups {
        judge_group(ctx, &functions, g, &production, em);
    }
}

/// Records the REST API methods that invoke a function unqualified, and the
/// stages whose variable does not resolve to an alias.
fn api_callers<'a>(
    api: &RestApi,
    functions: &ByPlace<'a, Function>,
    callers: &mut Callers<'a>,
    unreadable: &mut Callers<'a>,
) {
    let resources = match api.resources.known() {
        Ok(r) => r.map_or(&[][..], Vec::as_slice),
        Err(_) => &[],
    };
    for r in resources {
        for m in &r.methods {
            let Some(target) = m
                .integration_uri
                .as_deref()
                .and_then(integration_function)
                .and_then(invoked)
            else {
                continue;
            };
            let Some(f) = functions.get(target.account, target.region, target.name) else {
                continue;
            };
            let key = f.arn.as_str();
            let method = format!("API {} {} {}", api.name, m.http_method, r.path);
            let variable = target.qualifier.and_then(stage_variable);
            match (target.qualifier, variable) {
                (None | Some("$LATEST"), _) => callers.entry(key).or_default().push(method),
                (Some(_), Some(var)) => match api.stages.known() {
                    Err(e) => unreadable
                        .entry(key)
                        .or_default()
                        .push(format!("stages of API {}: {e}", api.name)),
                    Ok(stages) => {
                        let aliases: Vec<String> = f
                            .aliases
                            .value()
                            .into_iter()
                            .flatten()
                            .map(|a| short_hash(&a.name))
                            .collect();
                        for s in stages.into_iter().flatten() {
                            let resolves = s
                                .variables
                                .iter()
                                .find(|v| v.name == var)
                                .is_some_and(|v| aliases.contains(&v.value.sha256));
                            if !resolves {
                                callers.entry(key).or_default().push(format!(
                                    "{method} in stage {} (stage variable {var} does not name an alias)",
                                    s.name
                                ));
                            }
                        }
                    }
                },
                (Some(_), None) => {}
            }
        }
    }
}

fn judge_function(
    f: &Function,
    callers: Option<&Vec<String>>,
    unreadable: Option<&Vec<String>>,
    shifting: &HashSet<(&str, &str, &str)>,
    em: &mut Emitter,
) {
    let mut v = Verdict::new();
    if let Some(callers) = callers {
        v.warn(format!(
            "invoked unqualified or as $LATEST by {}: traffic cannot be shifted or rolled back",
            name_list(callers)
        ));
    }
    for why in unreadable.into_iter().flatten() {
        v.error_reason(why.clone());
    }
    let mut aliases = Vec::new();
    match f.aliases.known() {
        Err(e) => v.error(e),
        Ok(list) => {
            for a in list.into_iter().flatten() {
                aliases.push(a.name.as_str());
                let weights: Vec<String> = a
                    .additional_version_weights
                    .iter()
                    .map(|w| format!("{:.0}% to version {}", w.weight * 100.0, w.version))
                    .collect();
                if !weights.is_empty()
                    && !shifting.contains(&(f.region.as_str(), f.name.as_str(), a.name.as_str()))
                {
                    v.warn(format!(
                        "alias {} still routes {} while no CodeDeploy deployment of it is in progress (a stuck canary)",
                        a.name,
                        weights.join(", ")
                    ));
                }
            }
        }
    }
    let pass = if aliases.is_empty() {
        "no event source mapping or API method invokes it unqualified".to_string()
    } else {
        format!(
            "no event source mapping or API method invokes it unqualified; aliases {}",
            name_list(&aliases)
        )
    };
    v.emit(em, f, pass);
}

fn judge_group(
    ctx: &Context,
    functions: &ByPlace<Function>,
    g: &DeploymentGroup,
    production: &crate::settings::Production,
    em: &mut Emitter,
) {
    let config = match g.config.known() {
        Err(e) => return em.error(g, e),
        Ok(None) => return,
        Ok(Some(c)) => c,
    };
    if config.compute_platform.as_deref() != Some("Lambda") {
        return;
    }
    if !production.is_production(Some(&g.tags), &g.name) {
        return em.skip(g, "not production");
    }
    let targets = match g.lambda_targets.known() {
        Err(e) => return em.error(g, e),
        Ok(None) => {
            return em.skip(g, "the group has never deployed: the function it targets is not known")
        }
        Ok(Some(t)) if t.is_empty() => {
            return em.skip(g, "the group has never deployed: the function it targets is not known")
        }
        Ok(Some(t)) => t,
    };
    let mut v = Verdict::new();
    let mut pass = Vec::new();
    for t in targets {
        let label = format!("function {}", t.function_name);
        let found = Reference::regional(label, "lambda", &g.region, &g.account_id).resolve(
            ctx,
            functions.get(&g.account_id, &g.region, &t.function_name),
        );
        let Some(f) = found.or_record(&mut v) else {
            continue;
        };
        match f.aliases.known() {
            Err(e) => v.error(e),
            Ok(a) if a.is_none_or(Vec::is_empty) => v.fail(format!(
                "targets function {}, which has no aliases: traffic cannot be shifted",
                f.name
            )),
            Ok(_) => pass.push(format!("{} through alias {}", f.name, t.alias)),
        }
    }
    v.emit(em, g, format!("deploys {}", pass.join(", ")));
}
