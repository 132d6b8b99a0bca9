//! WAFv2, per region: `ListWebACLs` (scope `REGIONAL`, and `CLOUDFRONT` in
//! us-east-1: when that fails, the listing is unread, blind), then per web
//! ACL, as the selected checks read them, `GetLoggingConfiguration`
//! (`WAFNonexistentItemException` → absent) and `ListTagsForResource`.
//! An S3 log destination is a bucket reference ([`crate::s3::OTHER_BUCKET`]).
//!
//! WAF Classic (`waf`, `waf-regional`) web ACLs are not collected:
//! `classic_web_acls` stays empty (two more SDK crates for an API at end of
//! support; moto does not serve it either).

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_wafv2;

use crate::session::sdk_client;
use crate::{Cx, SdkResult};
use aws_sdk_wafv2::types::{self as sdk, Scope};
use aws_sdk_wafv2::Client;
use awscheck_model::arn::Arn;
use awscheck_model::collected::CollectError;
use awscheck_model::inventory::wafv2::{
    self as data, LogFilter, LoggingConfiguration, LoggingFilter, Wafv2, WebAcl,
};
use awscheck_model::inventory::Tags;

crate::registry::operations! {
    sdk "WAFV2", iam "wafv2" {
        LIST_WEB_ACLS = ListWebACLs,
        GET_LOGGING_CONFIGURATION = GetLoggingConfiguration,
        LIST_TAGS_FOR_RESOURCE = ListTagsForResource,
    }
}

crate::service!(Wafv2);

/// The region whose WAFv2 endpoint serves CloudFront web ACLs.
const CLOUDFRONT_REGION: &str = "us-east-1";

/// Page size of the WAFv2 List calls (their maximum).
const PAGE: i32 = 100;

async fn collect(cx: &Cx) -> Result<Wafv2, CollectError> {
    let client = sdk_client!(aws_sdk_wafv2, &cx.session, &cx.region);
    let regional = list(cx, &client, Scope::Regional).await?;
    let cloudfront = if cx.region == CLOUDFRONT_REGION {
        list(cx, &client, Scope::Cloudfront)
            .await
            .unwrap_or_else(|e| {
                cx.unread(data::WEB_ACLS, e);
                Vec::new()
            })
    } else {
        Vec::new()
    };
    let all: Vec<(Scope, sdk::WebAclSummary)> = regional
        .into_iter()
        .map(|a| (Scope::Regional, a))
        .chain(cloudfront.into_iter().map(|a| (Scope::Cloudfront, a)))
        .collect();
    let web_acls = cx
        .bounded(all, |(scope, a)| read_acl(cx, &client, scope, a))
        .await;
    Ok(Wafv2 {
        web_acls,
        classic_web_acls: Vec::new(),
    })
}

/// `ListWebACLs` for `scope`, every page.
async fn list(
    cx: &Cx,
    client: &Client,
    scope: Scope,
) -> Result<Vec<sdk::WebAclSummary>, CollectError> {
    let mut out = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let request = client
            .list_web_acls()
            .scope(scope.clone())
            .limit(PAGE)
            .set_next_marker(marker.take())
            .send();
        let page = cx.call(LIST_WEB_ACLS, request).await.ok()?;
        out.extend(page.web_acls().iter().cloned());
        match page.next_marker() {
            Some(m) if !m.is_empty() && !page.web_acls().is_empty() => marker = Some(m.to_string()),
            _ => return Ok(out),
        }
    }
}

async fn read_acl(cx: &Cx, client: &Client, scope: Scope, a: sdk::WebAclSummary) -> WebAcl {
    let arn = a.arn().unwrap_or_default().to_string();
    let (logging, tags) = tokio::join!(
        cx.read_if(data::WEB_ACL_LOGGING, async {
            let request = client.get_logging_configuration().resource_arn(&arn).send();
            cx.call(GET_LOGGING_CONFIGURATION, request)
                .await
                .read(&["WAFNonexistentItemException"], |o| {
                    o.logging_configuration().map(logging_of)
                })
        }),
        cx.read_if(data::WEB_ACL_TAGS, async {
            cx.call(LIST_TAGS_FOR_RESOURCE, tags(client, &arn))
                .await
                .tags(|tags| tags)
        }),
    );
    if let Some(cfg) = logging.value() {
        for dest in &cfg.log_destination_configs {
            if let Some(bucket) = s3_bucket(dest) {
                cx.refer(&crate::s3::OTHER_BUCKET, &cx.region, bucket);
            }
        }
    }
    let parsed = Arn::parse(&arn);
    WebAcl {
        region: parsed
            .as_ref()
            .map_or(cx.region.as_str(), |p| p.region)
            .to_string(),
        account_id: parsed
            .as_ref()
            .map_or(cx.account_id(), |p| p.account)
            .to_string(),
        name: a.name().unwrap_or_default().to_string(),
        id: a.id().unwrap_or_default().to_string(),
        scope: scope.as_str().to_string(),
        logging,
        tags,
        arn,
    }
}

/// `ListTagsForResource`, every page.
async fn tags(
    client: &Client,
    arn: &str,
) -> SdkResult<Tags, aws_sdk_wafv2::operation::list_tags_for_resource::ListTagsForResourceError> {
    let mut tags = Tags::new();
    let mut marker: Option<String> = None;
    loop {
        let page = client
            .list_tags_for_resource()
            .resource_arn(arn)
            .limit(PAGE)
            .set_next_marker(marker.take())
            .send()
            .await?;
        let list = page
            .tag_info_for_resource()
            .map(|t| t.tag_list())
            .unwrap_or_default();
        tags.extend(
            list.iter()
                .map(|t| (t.key().to_string(), t.value().to_string())),
        );
        match page.next_marker() {
            Some(m) if !m.is_empty() && !list.is_empty() => marker = Some(m.to_string()),
            _ => return Ok(tags),
        }
    }
}

fn logging_of(c: &sdk::LoggingConfiguration) -> LoggingConfiguration {
    LoggingConfiguration {
        log_destination_configs: c.log_destination_configs().to_vec(),
        logging_filter: c.logging_filter().map(|f| LoggingFilter {
            default_behavior: f.default_behavior().as_str().to_string(),
            filters: f
                .filters()
                .iter()
                .map(|x| LogFilter {
                    behavior: x.behavior().as_str().to_string(),
                    requirement: Some(x.requirement().as_str().to_string()),
                })
                .collect(),
        }),
        managed_by_firewall_manager: c.managed_by_firewall_manager(),
        log_scope: c.log_scope().map(|s| s.as_str().to_string()),
        redacted_fields: c.redacted_fields().iter().map(redacted).collect(),
    }
}

/// A redacted field: a header's lower-case name, else what is redacted.
fn redacted(f: &sdk::FieldToMatch) -> String {
    if let Some(h) = f.single_header() {
        return h.name().to_ascii_lowercase();
    }
    let kind = [
        (f.single_query_argument().is_some(), "single query argument"),
        (f.all_query_arguments().is_some(), "all query arguments"),
        (f.uri_path().is_some(), "uri path"),
        (f.query_string().is_some(), "query string"),
        (f.body().is_some(), "body"),
        (f.method().is_some(), "method"),
        (f.json_body().is_some(), "json body"),
        (f.headers().is_some(), "headers"),
        (f.cookies().is_some(), "cookies"),
    ];
    kind.iter()
        .find(|(set, _)| *set)
        .map_or("other field", |(_, name)| name)
        .to_string()
}

/// The bucket of an S3 log destination ARN (`arn:aws:s3:::BUCKET[/PREFIX]`).
fn s3_bucket(arn: &str) -> Option<&str> {
    let rest = arn.split(":s3:::").nth(1)?;
    rest.split('/').next().filter(|b| !b.is_empty())
}
