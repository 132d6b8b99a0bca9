//! ## What it checks
//!
//! REST API stages that cache responses encrypt the cache and let only
//! authorized callers flush it. One finding per stage.
//!
//! A stage caches when its cache cluster is enabled (`cacheClusterEnabled`)
//! or any of its method settings enables caching. The scopes judged are the
//! stage's defaults (`methodSettings["*/*"]`, which a stage without them
//! lacks) and every per-method override that enables caching.
//!
//! - FAIL: a scope lacks `cacheDataEncrypted=true`; a scope lacks
//!   `requireAuthorizationForCacheControl=true` (any client can then flush
//!   the cache with `Cache-Control: max-age=0`).
//! - PASS: every scope has both; the reason notes
//!   `unauthorizedCacheControlHeaderStrategy` (all three values ignore an
//!   unauthorized flush; they differ only in the response).
//! - SKIP: caching is disabled.
//! - ERROR: the API's stages could not be read (the finding is on the API).
//!
//! ## Why it matters
//!
//! API Gateway caches responses per stage and can encrypt the cache; a
//! client invalidates it with `Cache-Control: max-age=0`, and unless the
//! stage requires authorization for that, any client can (notes 000 ›
//! Resilient cloud solutions › "API Gateway", caching and cache
//! invalidation). Unencrypted cached responses, and flushes anyone can
//! trigger, cost money and load the backend: a denial-of-wallet and denial
//! of service risk.
//!
//! ## How to fix
//!
//! - **Console**: API Gateway › the API › Stages › the stage › Edit › Cache settings: Encrypt cache data; Per-key cache invalidation › Require authorization (and choose how unauthorized requests are handled) › Save. Repeat for each method override that enables caching.
//! - **CLI**: `aws apigateway update-stage --rest-api-id ID --stage-name STAGE --patch-operations op=replace,path=/*/*/caching/dataEncrypted,value=true op=replace,path=/*/*/caching/requireAuthorizationForCacheControl,value=true`.
//! - **CloudFormation**: on `AWS::ApiGateway::Stage`, a `MethodSettings` entry with `ResourcePath: /*`, `HttpMethod: "*"`, `CachingEnabled: true`, `CacheDataEncrypted: true` (authorization for invalidation: the stage's `requireAuthorizationForCacheControl`, set through the console, the CLI or an OpenAPI extension).
//!
//! ## References
//!
//! - Study notes: 000 › Resilient cloud solutions › "API Gateway" (caching; cache invalidation).
//! - AWS: API Gateway developer guide, "Cache settings for REST APIs in API Gateway" and "Invalidate an API Gateway cache entry".
//! - AWS Config managed rule `api-gw-cache-enabled-and-encrypted`; Prowler `apigateway_restapi_cache_encrypted`.

use super::stage::{self, StageRef, ALL_METHODS};
use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::apigateway::{self, MethodSetting, Stage};

pub static CHECK: Check = Check {
    id: "apigateway-cache-security",
    title: "Caches are encrypted and invalidation needs authorization",
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
    for api in &ctx.apigateway().rest_apis {
        match api.stages.known() {
            Err(e) => em.error(api, e),
            Ok(stages) => {
                for s in stages.into_iter().flatten() {
                    judge(&StageRef::rest(api, s), s, em);
                }
            }
        }
    }
}

fn judge(subject: &StageRef, s: &Stage, em: &mut Emitter) {
    let overrides: Vec<(&str, &MethodSetting)> = s
        .method_settings
        .iter()
        .filter(|(k, m)| k.as_str() != ALL_METHODS && m.caching_enabled)
        .map(|(k, m)| (k.as_str(), m))
        .collect();
    let defaults = stage::defaults(s);
    if !s.cache_cluster_enabled && !defaults.caching_enabled && overrides.is_empty() {
        return em.skip(subject, "caching is disabled");
    }
    let scopes: Vec<(&str, &MethodSetting)> =
        std::iter::once((ALL_METHODS, &defaults)).chain(overrides).collect();
    let unencrypted: Vec<&str> = scopes
        .iter()
        .filter(|(_, m)| !m.cache_data_encrypted)
        .map(|(k, _)| *k)
        .collect();
    let open_flush: Vec<&str> = scopes
        .iter()
        .filter(|(_, m)| !m.require_authorization_for_cache_control)
        .map(|(k, _)| *k)
        .collect();
    let mut v = Verdict::new();
    if !unencrypted.is_empty() {
        v.fail(format!(
            "cached data is not encrypted in {}",
            unencrypted.join(", ")
        ));
    }
    if !open_flush.is_empty() {
        v.fail(format!(
            "invalidation does not require authorization in {}: any client can flush the cache with Cache-Control: max-age=0",
            open_flush.join(", ")
        ));
    }
    if let Some(strategy) = &defaults.unauthorized_cache_control_header_strategy {
        v.note(format!("unauthorized flushes are ignored ({strategy})"));
    }
    v.emit(
        em,
        subject,
        format!(
            "cache encrypted and invalidation authorized in {}",
            scopes.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", ")
        ),
    );
}
