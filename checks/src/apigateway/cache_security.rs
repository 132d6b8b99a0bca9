//! ## What it checks
//!
//! Every REST API stage that caches responses encrypts its cache and lets
//! only authorized clients flush it. One finding per stage (per REST API
//! when its stages cannot be judged).
//!
//! A stage caches when it has a cache cluster (`cacheClusterEnabled`) or
//! any method setting has `cachingEnabled`. The scopes judged are the
//! stage's defaults (`*/*`) and every per-method override that enables
//! caching:
//!
//! - FAIL: `cacheDataEncrypted` is not true in one of them (the reason
//!   names which: `*/*`, `GET /items`).
//! - FAIL: `requireAuthorizationForCacheControl` is not true in one of
//!   them: any client can flush the cache with `Cache-Control: max-age=0`.
//! - PASS: both hold everywhere; the reason notes how unauthorized flushes
//!   are answered (`unauthorizedCacheControlHeaderStrategy`: every value
//!   ignores the flush, they differ only in the response).
//! - SKIP: the stage does not cache; a REST API with no stage, or deleted
//!   since it was listed.
//! - ERROR: the API's stages could not be read.
//!
//! ## Why it matters
//!
//! Cached responses hold what the backend returned, personal data
//! included; unencrypted, they sit in clear on the cache cluster. And
//! unless invalidation requires authorization, any client can send
//! `Cache-Control: max-age=0` on every request, bypass the cache and drive
//! all traffic (and cost) to the backend: a denial-of-wallet and DoS risk.
//! The notes say the cache can be encrypted and that any client can
//! invalidate it unless authorization is required (notes 000 › Resilient
//! cloud solutions › "API Gateway", caching).
//!
//! ## How to fix
//!
//! - **Console**: API Gateway › the API › Stages › the stage › Stage details › Edit: Cache settings › Encrypt cache data, Require authorization, and the handling of unauthorized requests (`Fail the request with 403`); the same in each method override that enables caching.
//! - **CLI**: `aws apigateway update-stage --rest-api-id ID --stage-name prod --patch-operations op=replace,path=/*/*/caching/dataEncrypted,value=true op=replace,path=/*/*/caching/requireAuthorizationForCacheControl,value=true op=replace,path=/*/*/caching/unauthorizedCacheControlHeaderStrategy,value=FAIL_WITH_403` (and `path=/~1items/GET/caching/...` for an override); grant `execute-api:InvalidateCache` only to the callers that may flush.
//! - **CloudFormation**: on `AWS::ApiGateway::Stage` `MethodSettings` (`ResourcePath: "/*"`, `HttpMethod: "*"` and each override), `CacheDataEncrypted: true`; `RequireAuthorizationForCacheControl` is not a CloudFormation property: set it with the CLI or the console after deployment.
//!
//! ## References
//!
//! - Study notes: 000 › Resilient cloud solutions › "API Gateway" (caching).
//! - AWS: API Gateway developer guide, "Cache settings for REST APIs in API Gateway" (Invalidate an API Gateway cache entry; Encrypt cache data).
//! - AWS Config managed rule `api-gw-cache-enabled-and-encrypted`; Prowler `apigateway_restapi_cache_encrypted`.

use super::stages::{self, StageRef, STAGE_DEFAULTS};
use crate::engine::{name_list, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::apigateway::{self, MethodSetting};

pub static CHECK: Check = Check {
    id: "apigateway-cache-security",
    title: "API stage caches are encrypted and flushing them needs authorization",
    service: "apigateway",
    severity: Severity::Medium,
    section: "000 › Resilient cloud solutions › \"API Gateway\"",
    catalog: "RES-05",
    reads: &[apigateway::APIS, apigateway::STAGES],
    tolerates: &[],
    settings: &[],
    config_rule: Some("api-gw-cache-enabled-and-encrypted"),
    prowler: Some("apigateway_restapi_cache_encrypted"),
    source: include_str!("cache_security.rs"),
    run,
};

fn run(ctx: &Context, em: &mut Emitter) {
    for stage in stages::deployed(&ctx.apigateway().rest_apis, em) {
        judge(&stage, em);
    }
}

/// The scopes whose cache settings count: the defaults (even when none are
/// set) and every override that enables caching, by name.
fn cache_scopes<'a>(stage: &StageRef<'a>) -> Vec<(String, Option<&'a MethodSetting>)> {
    std::iter::once((STAGE_DEFAULTS.to_string(), stage.defaults()))
        .chain(
            stage
                .overrides()
                .filter(|(_, m)| m.caching_enabled)
                .map(|(name, m)| (name, Some(m))),
        )
        .collect()
}

fn judge(stage: &StageRef, em: &mut Emitter) {
    let label = stage.label();
    let caches = stage.stage.cache_cluster_enabled
        || stage
            .stage
            .method_settings
            .values()
            .any(|m| m.caching_enabled);
    if !caches {
        return em.skip(stage, format!("{label} does not cache responses"));
    }
    let scopes = cache_scopes(stage);
    let lacking = |holds: fn(&MethodSetting) -> bool| -> Vec<&str> {
        scopes
            .iter()
            .filter(|(_, m)| !m.is_some_and(holds))
            .map(|(name, _)| name.as_str())
            .collect()
    };
    let unencrypted = lacking(|m| m.cache_data_encrypted);
    let open_flush = lacking(|m| m.require_authorization_for_cache_control);
    let mut v = Verdict::new();
    if !unencrypted.is_empty() {
        v.fail(format!(
            "{label} caches responses unencrypted (cacheDataEncrypted is not true in {})",
            name_list(&unencrypted)
        ));
    }
    if !open_flush.is_empty() {
        v.fail(format!(
            "any client can flush the cache of {label} with Cache-Control: max-age=0 (requireAuthorizationForCacheControl is not true in {})",
            name_list(&open_flush)
        ));
    }
    let strategies: Vec<String> = scopes
        .iter()
        .filter_map(|(name, m)| {
            let strategy = (*m)?
                .unauthorized_cache_control_header_strategy
                .as_deref()?;
            Some(format!("{strategy} in {name}"))
        })
        .collect();
    if !strategies.is_empty() {
        v.note(format!(
            "unauthorized flushes are ignored and answered {}",
            strategies.join(", ")
        ));
    }
    v.emit(
        em,
        stage,
        format!(
            "{label} encrypts its cache and requires authorization to flush it ({})",
            name_list(&scopes.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>())
        ),
    );
}
