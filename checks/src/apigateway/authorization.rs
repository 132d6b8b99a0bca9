//! ## What it checks
//!
//! Every API Gateway method or route that can be called requires
//! authorization: IAM (`AWS_IAM`), a Cognito user pool
//! (`COGNITO_USER_POOLS`), a Lambda authorizer (`CUSTOM`) or, for HTTP APIs,
//! a JWT authorizer (`JWT`). One finding per API, summarising its methods
//! (REST APIs) or routes (HTTP and WebSocket APIs); the reason names the
//! offending `METHOD /path` or route keys (the first five, then a count).
//!
//! Which methods and routes count:
//!
//! - REST APIs: every method of every resource except `OPTIONS` (CORS
//!   preflight). HTTP APIs: every route except `OPTIONS` routes.
//!   WebSocket APIs: only the `$connect` route, the one place a WebSocket
//!   API authorizes; a WebSocket API with no `$connect` route accepts every
//!   connection and FAILs.
//!
//! Per method or route:
//!
//! - Authorization type `AWS_IAM`, `COGNITO_USER_POOLS`, `CUSTOM` or `JWT`:
//!   authorized.
//! - `NONE` on a `PRIVATE` REST API whose resource policy restricts the
//!   method to a VPC or VPC endpoint: authorized. The policy restricts it
//!   when a `Deny` to all principals covering `execute-api:Invoke` on the
//!   method is conditioned only on a negated `aws:SourceVpce` /
//!   `aws:SourceVpc` test (`StringNotEquals`, the common "deny unless from
//!   my endpoint" pattern), or when every `Allow` to all principals on the
//!   method carries a positive `aws:SourceVpce` / `aws:SourceVpc` condition.
//!   Resource patterns may use the `execute-api:/` shorthand; a pattern for
//!   one stage only does not count as covering the method.
//! - `NONE` with `apiKeyRequired=true`: advisory. API keys identify callers;
//!   they do not authenticate them.
//! - `NONE` otherwise: FAIL.
//!
//! Per API:
//!
//! - FAIL: any method or route FAILs; or a `PRIVATE` API's resource policy
//!   allows `Principal: "*"` to invoke it with no `aws:SourceVpce` /
//!   `aws:SourceVpc` condition, and no VPC deny (as above) covers that
//!   allow, so any VPC endpoint in any account can reach it.
//! - Advisory (FAIL at low): otherwise, any method or route relies on an API
//!   key only.
//! - PASS: every method or route is authorized.
//! - ERROR: the methods (`GetResources`) or routes (`GetRoutes`) could not be
//!   read; a `PRIVATE` API's resource policy does not parse; an
//!   authorization type the check does not know.
//! - SKIP: the API is tagged `public-api=true` (deliberately public); the API
//!   has no methods or routes to judge.
//!
//! The catalog also lets a *method* be tagged `public-api=true`; API Gateway
//! methods cannot carry tags, so only the API's tag is honoured.
//!
//! ## Why it matters
//!
//! An endpoint without authorization exposes its backend (a Lambda
//! function, a database behind an integration) to anyone who finds the URL.
//! The notes list the three ways to authenticate callers, IAM roles for
//! internal applications, Cognito for external users and custom
//! authorizers (notes 000 › Resilient cloud solutions › "API Gateway",
//! overview › security), and describe private endpoints as reachable only
//! from within a VPC through an interface endpoint (notes 001 › ## API
//! Gateway Endpoints): that holds only when the resource policy says so.
//!
//! ## How to fix
//!
//! - **Console**: API Gateway › the API › Resources › the method › Method request › Edit › Authorization: AWS IAM, a Cognito user pool or a Lambda authorizer › Save, then Deploy API. For HTTP APIs: Authorization › the route › attach an authorizer. For a private API: Resource policy › add a `Deny` for `execute-api:Invoke` on `execute-api:/*` with `StringNotEquals aws:SourceVpce: vpce-…`.
//! - **CLI**: `aws apigateway update-method --rest-api-id ID --resource-id RES --http-method GET --patch-operations op=replace,path=/authorizationType,value=AWS_IAM` then `aws apigateway create-deployment --rest-api-id ID --stage-name STAGE`; `aws apigatewayv2 update-route --api-id ID --route-id ROUTE --authorization-type JWT --authorizer-id AUTH`.
//! - **CloudFormation**: `AuthorizationType: AWS_IAM` (or `COGNITO_USER_POOLS`/`CUSTOM` with `AuthorizerId`) on each `AWS::ApiGateway::Method`; `AuthorizationType` and `AuthorizerId` on `AWS::ApiGatewayV2::Route`; for private APIs, a `Policy` on `AWS::ApiGateway::RestApi` with the VPC endpoint deny.
//!
//! ## References
//!
//! - Study notes: 000 › Resilient cloud solutions › "API Gateway" (overview › security); 001 › ## API Gateway Endpoints.
//! - AWS: API Gateway developer guide, "Controlling and managing access to a REST API in API Gateway", "Private REST APIs in API Gateway" and "Controlling and managing access to an HTTP API".
//! - AWS Config managed rule `api-gwv2-authorization-type-configured` (HTTP APIs only); Prowler `apigateway_restapi_authorizers_enabled` (and `apigatewayv2_api_authorizers_enabled`).

use crate::engine::{Check, Context, Emitter, Resource, Severity, Verdict};
use crate::inventory::apigateway;
use crate::inventory::apigateway::{RestApi, V2Api};
use crate::inventory::Tags;
use crate::policy::{Condition, Effect, Policy, Statement};
use std::collections::BTreeMap;

pub static CHECK: Check = Check {
    id: "apigateway-authorization",
    title: "API methods require IAM, Cognito or a Lambda authorizer",
    service: "apigateway",
    severity: Severity::High,
    section: "000 › Resilient cloud solutions › \"API Gateway\"; 001 › ## API Gateway Endpoints",
    catalog: "RES-04",
    reads: &[
        apigateway::APIS,
        apigateway::REST_RESOURCES,
        apigateway::ROUTES,
    ],
    tolerates: &[],
    settings: &[],
    config_rule: Some("api-gwv2-authorization-type-configured"),
    prowler: Some("apigateway_restapi_authorizers_enabled"),
    source: include_str!("authorization.rs"),
    run,
};

/// Tag marking an API as deliberately public.
const PUBLIC_TAG: &str = "public-api";
/// How many offending methods or routes a reason names.
const NAMED: usize = 5;
/// The action a resource policy grants to callers.
const INVOKE: &str = "execute-api:Invoke";
/// Condition keys that tie a request to a VPC or VPC endpoint.
const VPC_KEYS: [&str; 2] = ["aws:SourceVpce", "aws:SourceVpc"];

fn run(ctx: &Context, em: &mut Emitter) {
    let gw = ctx.apigateway();
    for api in &gw.rest_apis {
        if !tagged_public(api, &api.tags, em) {
            judge_rest(api, em);
        }
    }
    for api in &gw.v2_apis {
        if !tagged_public(api, &api.tags, em) {
            judge_v2(api, em);
        }
    }
}

/// SKIPs (and returns true for) an API tagged `public-api=true`.
fn tagged_public(r: &dyn Resource, tags: &Tags, em: &mut Emitter) -> bool {
    let public = tags
        .get(PUBLIC_TAG)
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    if public {
        em.skip(r, format!("tagged {PUBLIC_TAG}=true: deliberately public"));
    }
    public
}

fn judge_rest(api: &RestApi, em: &mut Emitter) {
    let resources = match api.resources.known() {
        Err(e) => return em.error(api, e),
        Ok(r) => r.map(Vec::as_slice).unwrap_or_default(),
    };
    let private = api
        .endpoint_types
        .iter()
        .any(|t| t.eq_ignore_ascii_case("PRIVATE"));
    let partition = api.arn.split(':').nth(1).unwrap_or("aws");
    let prefix = format!(
        "arn:{partition}:execute-api:{}:{}:{}",
        api.region, api.account_id, api.id
    );
    let policy = match (private, &api.policy) {
        (true, Some(doc)) => match doc.parse() {
            Ok(p) => Some(normalize(p, &prefix)),
            Err(e) => return em.error_reason(api, format!("resource policy: {e}")),
        },
        _ => None,
    };
    let mut tally = Tally::default();
    for res in resources {
        for m in &res.methods {
            let verb = m.http_method.to_ascii_uppercase();
            if verb == "OPTIONS" {
                continue;
            }
            let arn_verb = if verb == "ANY" { "*" } else { verb.as_str() };
            let method_arn = format!("{prefix}/*/{arn_verb}{}", res.path);
            tally.add(
                format!("{verb} {}", res.path),
                &m.authorization_type,
                m.api_key_required,
                || {
                    policy
                        .as_ref()
                        .is_some_and(|p| vpc_restricted(p, &method_arn))
                },
            );
        }
    }
    if tally.is_empty() {
        return em.skip(api, "no methods other than OPTIONS");
    }
    let mut v = Verdict::new();
    if let Some(p) = &policy {
        if let Some(s) = open_allow(p, &prefix) {
            v.fail(format!(
                "the PRIVATE API's resource policy ({}) allows Principal \"*\" with no aws:SourceVpce/aws:SourceVpc condition",
                sid(s)
            ));
        }
    }
    let pass = tally.finish("method", &mut v);
    v.emit(em, api, pass);
}

fn judge_v2(api: &V2Api, em: &mut Emitter) {
    let routes = match api.routes.known() {
        Err(e) => return em.error(api, e),
        Ok(r) => r.map(Vec::as_slice).unwrap_or_default(),
    };
    let websocket = api.protocol_type.eq_ignore_ascii_case("WEBSOCKET");
    let mut tally = Tally::default();
    for r in routes {
        let key = r.route_key.trim();
        let judged = if websocket {
            key == "$connect"
        } else {
            !key.to_ascii_uppercase().starts_with("OPTIONS ")
        };
        if judged {
            tally.add(
                key.to_string(),
                &r.authorization_type,
                r.api_key_required,
                || false,
            );
        }
    }
    if tally.is_empty() {
        if websocket {
            return em.fail(
                api,
                "WebSocket API has no $connect route: every connection is accepted without authorization",
            );
        }
        return em.skip(api, "no routes other than OPTIONS");
    }
    let mut v = Verdict::new();
    let pass = tally.finish("route", &mut v);
    v.emit(em, api, pass);
}

/// What an API's methods or routes amount to.
#[derive(Default)]
struct Tally {
    /// Authorization type → how many methods use it.
    authorized: BTreeMap<String, usize>,
    /// `NONE`, but restricted to a VPC by the resource policy.
    vpc: usize,
    /// `NONE` with an API key only.
    api_key: Vec<String>,
    /// `NONE`.
    open: Vec<String>,
    /// Authorization types the check does not know.
    unknown: Vec<String>,
}

impl Tally {
    fn add(
        &mut self,
        name: String,
        authorization_type: &str,
        api_key_required: bool,
        vpc_restricted: impl FnOnce() -> bool,
    ) {
        let auth = authorization_type.trim().to_ascii_uppercase();
        match auth.as_str() {
            "AWS_IAM" | "COGNITO_USER_POOLS" | "CUSTOM" | "JWT" => {
                *self.authorized.entry(auth).or_default() += 1
            }
            "NONE" if vpc_restricted() => self.vpc += 1,
            "NONE" if api_key_required => self.api_key.push(name),
            "NONE" => self.open.push(name),
            _ => self.unknown.push(format!("{name} ({authorization_type})")),
        }
    }

    fn is_empty(&self) -> bool {
        self.authorized.is_empty()
            && self.vpc == 0
            && self.api_key.is_empty()
            && self.open.is_empty()
            && self.unknown.is_empty()
    }

    /// Records what is wrong in `v`; returns the PASS reason.
    fn finish(self, noun: &str, v: &mut Verdict) -> String {
        let total = self.authorized.values().sum::<usize>()
            + self.vpc
            + self.api_key.len()
            + self.open.len()
            + self.unknown.len();
        if !self.open.is_empty() {
            v.fail(format!(
                "{} of {total} {noun}s have no authorization: {}",
                self.open.len(),
                named(&self.open)
            ));
        }
        if !self.unknown.is_empty() {
            v.error_reason(format!(
                "unknown authorization type on {}",
                named(&self.unknown)
            ));
        }
        if !self.api_key.is_empty() {
            v.warn(format!(
                "{} of {total} {noun}s rely on an API key only (keys identify callers, they do not authenticate them): {}",
                self.api_key.len(),
                named(&self.api_key)
            ));
        }
        let mut kinds: Vec<String> = self
            .authorized
            .iter()
            .map(|(k, n)| format!("{k}: {n}"))
            .collect();
        if self.vpc > 0 {
            kinds.push(format!(
                "NONE behind the resource policy's VPC restriction: {}",
                self.vpc
            ));
        }
        format!(
            "all {total} {noun}s require authorization ({})",
            kinds.join(", ")
        )
    }
}

/// The first `NAMED` names, then how many more.
fn named(names: &[String]) -> String {
    let mut s = names
        .iter()
        .take(NAMED)
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > NAMED {
        s.push_str(&format!(" (+{} more)", names.len() - NAMED));
    }
    s
}

fn sid(s: &Statement) -> String {
    s.sid
        .as_deref()
        .map(|x| format!("statement {x:?}"))
        .unwrap_or_else(|| "a statement".into())
}

/// Expands the `execute-api:/…` resource shorthand to full ARNs under `prefix`.
fn normalize(mut policy: Policy, prefix: &str) -> Policy {
    let expand = |patterns: &mut Option<Vec<String>>| {
        for p in patterns.iter_mut().flatten() {
            if let Some(rest) = p.strip_prefix("execute-api:") {
                *p = format!("{prefix}{rest}");
            }
        }
    };
    for s in &mut policy.statements {
        expand(&mut s.resource);
        expand(&mut s.not_resource);
    }
    policy
}

fn vpc_conditions(s: &Statement) -> impl Iterator<Item = &Condition> {
    s.conditions
        .iter()
        .filter(|c| VPC_KEYS.iter().any(|k| c.key_is(k)))
}

/// A condition that holds when the request does *not* come from the VPC
/// (`StringNotEquals`, `StringNotLike`, …, or `Null` = true).
fn negated(c: &Condition) -> bool {
    c.operator.to_ascii_lowercase().contains("not")
        || (c.operator_is("Null") && c.values.iter().any(|v| v.eq_ignore_ascii_case("true")))
}

fn applies_to_all(s: &Statement) -> bool {
    s.principal.as_ref().is_some_and(|p| p.is_all())
}

/// A Deny to everyone, conditioned only on the request not coming from the VPC.
fn is_vpc_deny(s: &Statement) -> bool {
    s.effect == Effect::Deny
        && applies_to_all(s)
        && s.matches_action(INVOKE)
        && !s.conditions.is_empty()
        && s.conditions.len() == vpc_conditions(s).count()
        && s.conditions.iter().all(negated)
}

/// An Allow to everyone for invoking the API.
fn is_public_allow(s: &Statement) -> bool {
    s.effect == Effect::Allow && applies_to_all(s) && s.matches_action(INVOKE)
}

/// True when the policy limits `method_arn` (stage `*`) to a VPC or VPC endpoint.
fn vpc_restricted(policy: &Policy, method_arn: &str) -> bool {
    let covering = |s: &&Statement| s.matches_resource(method_arn);
    if policy.statements.iter().filter(covering).any(is_vpc_deny) {
        return true;
    }
    let allows: Vec<&Statement> = policy
        .statements
        .iter()
        .filter(covering)
        .filter(|s| is_public_allow(s))
        .collect();
    !allows.is_empty()
        && allows
            .iter()
            .all(|s| vpc_conditions(s).any(|c| !negated(c)))
}

/// The first Allow to everyone with no VPC condition that no VPC deny covers.
fn open_allow<'a>(policy: &'a Policy, prefix: &str) -> Option<&'a Statement> {
    let whole_api = format!("{prefix}/*");
    let denies: Vec<&Statement> = policy
        .statements
        .iter()
        .filter(|s| is_vpc_deny(s))
        .collect();
    policy.statements.iter().find(|s| {
        if !is_public_allow(s) || vpc_conditions(s).next().is_some() {
            return false;
        }
        // The allow's resource patterns, read as text: a deny pattern that
        // matches one literally covers everything it allows.
        let allowed: Vec<&str> = match &s.resource {
            Some(r) => r.iter().map(String::as_str).collect(),
            None => vec![whole_api.as_str()],
        };
        !allowed
            .iter()
            .all(|a| denies.iter().any(|d| d.matches_resource(a)))
    })
}
