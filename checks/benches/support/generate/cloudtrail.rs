//! CloudTrail: the trails an account has once (organization, main,
//! secondary, stopped, unreadable, one per region) and a Lake event data
//! store.

use super::fixture::{absent, de, throttled, uuid, val};
use super::gen::Gen;
use super::iam::{self, TRAIL};
use super::kinds::{Generator, Kind};
use super::s3::Buckets;
use super::{ACCOUNT, OTHER, REGIONS};
use chrono::Duration;
use serde_json::json;

pub const GENERATOR: Generator = Generator {
    kinds: &[
        Kind::fixed("cloudtrail.trails"),
        Kind::fixed("cloudtrail.event_data_stores"),
    ],
    generate: |g, _| cloudtrail(g),
};

/// An organization trail of another account; the main trail (all
/// management events, S3 data events for 150 buckets, streaming to the
/// CMK-encrypted main log group); a secondary streaming trail with
/// advanced selectors and a late delivery; a stopped and an unreadable
/// multi-region trail; a single-region trail per region; a Lake store.
fn cloudtrail(g: &mut Gen) {
    let mut ct = awscheck_checks::inventory::cloudtrail::CloudTrail::default();
    let trail_arn = |region: &str, account: &str, name: &str| {
        format!("arn:aws:cloudtrail:{region}:{account}:trail/{name}")
    };
    let now = g.now;
    let logging = |minutes: i64| {
        val(json!({"is_logging": true,
            "latest_cloudwatch_logs_delivery_time": (now - Duration::minutes(minutes)).to_rfc3339()}))
    };
    let all_management =
        json!({"basic": [{"read_write_type": "All", "include_management_events": true}]});
    ct.trails.push(de(json!({
        "arn": trail_arn("us-east-1", OTHER, "org-trail"), "region": "us-east-1", "account_id": OTHER,
        "name": "org-trail", "is_multi_region": true, "is_organization_trail": true,
        "include_global_service_events": true, "s3_bucket_name": "org-cloudtrail-archive",
        "status": val(json!({"is_logging": true})), "event_selectors": val(all_management.clone()),
        "insight_selectors": val(json!(["ApiCallRateInsight"]))
    })));
    let buckets = g.made.of::<Buckets>();
    let trail_bucket = buckets.trail.clone();
    let objects: Vec<String> = buckets
        .by_region
        .iter()
        .flatten()
        .take(150)
        .map(|b| format!("arn:aws:s3:::{b}/"))
        .collect();
    let (main_role, secondary_role) = (iam::nth_role(g, TRAIL, 0), iam::nth_role(g, TRAIL, 1));
    ct.trails.push(de(json!({
        "arn": trail_arn("eu-west-1", ACCOUNT, "secondary"), "region": "eu-west-1", "account_id": ACCOUNT,
        "name": "secondary", "is_multi_region": true, "include_global_service_events": true,
        "s3_bucket_name": trail_bucket,
        "cloudwatch_logs_log_group_arn": format!("arn:aws:logs:eu-west-1:{ACCOUNT}:log-group:aws-cloudtrail-logs-secondary:*"),
        "cloudwatch_logs_role_arn": secondary_role, "status": logging(180), "insight_selectors": absent(),
        "event_selectors": val(json!({"advanced": [
            {"name": "management", "field_selectors": [{"field": "eventCategory", "equals": ["Management"]},
                                                       {"field": "eventSource", "not_equals": ["kms.amazonaws.com"]}]},
            {"name": "some buckets", "field_selectors": [{"field": "eventCategory", "equals": ["Data"]},
                {"field": "resources.type", "equals": ["AWS::S3::Object"]},
                {"field": "resources.ARN", "starts_with": objects.iter().skip(100).cloned().collect::<Vec<_>>()}]},
            {"name": "deletes", "field_selectors": [{"field": "eventCategory", "equals": ["Data"]},
                {"field": "resources.type", "equals": ["AWS::S3::Object"]}, {"field": "eventName", "equals": ["DeleteObject"]}]}
        ]}))
    })));
    ct.trails.push(de(json!({
        "arn": trail_arn("us-east-1", ACCOUNT, "main"), "region": "us-east-1", "account_id": ACCOUNT,
        "name": "main", "is_multi_region": true, "include_global_service_events": true,
        "s3_bucket_name": trail_bucket,
        "cloudwatch_logs_log_group_arn": format!("arn:aws:logs:us-east-1:{ACCOUNT}:log-group:aws-cloudtrail-logs-main:*"),
        "cloudwatch_logs_role_arn": main_role, "status": logging(10),
        "insight_selectors": val(json!(["ApiCallRateInsight", "ApiErrorRateInsight"])),
        "event_selectors": val(json!({"basic": [
            {"read_write_type": "All", "include_management_events": true,
             "data_resources": [{"type": "AWS::S3::Object", "values": objects}]},
        ]}))
    })));
    ct.trails.push(de(json!({
        "arn": trail_arn("us-east-1", ACCOUNT, "stopped"), "region": "us-east-1", "account_id": ACCOUNT,
        "name": "stopped", "is_multi_region": true, "include_global_service_events": false,
        "s3_bucket_name": "gone-bucket", "status": val(json!({"is_logging": false})), "event_selectors": absent(),
        "insight_selectors": absent()
    })));
    ct.trails.push(de(json!({
        "arn": trail_arn("eu-west-1", ACCOUNT, "unreadable"), "region": "eu-west-1", "account_id": ACCOUNT,
        "name": "unreadable", "is_multi_region": true, "include_global_service_events": true,
        "s3_bucket_name": trail_bucket, "status": throttled("GetTrailStatus"),
        "event_selectors": throttled("GetEventSelectors"), "insight_selectors": throttled("GetInsightSelectors")
    })));
    for region in REGIONS {
        let name = format!("regional-{region}");
        ct.trails.push(de(json!({
            "arn": trail_arn(region, ACCOUNT, &name), "region": region, "account_id": ACCOUNT,
            "name": name, "is_multi_region": false, "include_global_service_events": false,
            "s3_bucket_name": trail_bucket, "status": val(json!({"is_logging": true})), "insight_selectors": absent(),
            "event_selectors": val(json!({"basic": [{"read_write_type": "ReadOnly", "include_management_events": true,
                "data_resources": [{"type": "AWS::S3::Object", "values": [format!("arn:aws:s3:::app-000001-{region}/")]}]}]}))
        })));
    }
    ct.event_data_stores.push(de(json!({
        "arn": format!("arn:aws:cloudtrail:us-east-1:{ACCOUNT}:eventdatastore/{}", uuid(0, 0xeda)),
        "region": "us-east-1", "account_id": ACCOUNT, "name": "lake", "status": "ENABLED", "multi_region": true,
        "advanced_event_selectors": [{"name": "management", "field_selectors": [{"field": "eventCategory", "equals": ["Management"]}]}]
    })));
    g.acct.cloudtrail = Some(ct);
}
