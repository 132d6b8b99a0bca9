//! ## What it checks
//!
//! Each resource of the four kinds a WAF web ACL protects, where it faces
//! the internet, has one associated:
//!
//! - an internet-facing Application Load Balancer
//!   (`elasticloadbalancing:DescribeLoadBalancers`): associated when a
//!   regional web ACL of its region lists it (`wafv2:ListResourcesForWebACL`);
//! - each stage of a REST API that is not `PRIVATE` (`apigateway:GetRestApis`,
//!   `apigateway:GetStages`): the stage's `webAclArn`, or a web ACL listing
//!   the stage;
//! - each enabled CloudFront distribution (`cloudfront:ListDistributions`):
//!   its `WebACLId` (a WAFv2 web ACL ARN, or a WAF Classic id);
//! - each AppSync GraphQL API (`appsync:ListGraphqlApis`) that is not
//!   `PRIVATE` and has a public authorization mode: any mode but `AWS_IAM`
//!   (an API key, a Cognito user pool, OpenID Connect or a Lambda
//!   authorizer lets callers from the internet in); its `wafWebAclArn`.
//!
//! Findings:
//! - PASS: a web ACL is associated (named in the reason).
//! - FAIL: none is.
//! - SKIP: an internal load balancer, a `PRIVATE` REST API (reachable only
//!   through VPC endpoints), a REST API with no stage, a disabled
//!   distribution, an AppSync API that is `PRIVATE` or accepts only
//!   IAM-signed requests. Network and gateway load balancers are not
//!   judged: WAF cannot be associated with them.
//! - ERROR: a REST API's stages could not be read; or an internet-facing
//!   load balancer is listed by no web ACL while the associations of a
//!   web ACL in its region could not be read (it may be that one's). Where
//!   WAF could not be listed in a region, the engine's ERROR for the region
//!   stands and its load balancers are not judged.
//!
//! Whether the associated web ACL enforces anything is
//! `waf-managed-rule-groups`. The catalog makes production scoping
//! optional: every resource is judged.
//!
//! ## Why it matters
//!
//! Without a web ACL, SQL injection, cross-site scripting, bots and floods
//! reach the application unfiltered. The notes name what WAF protects (ALB,
//! API Gateway, CloudFront, AppSync) and Firewall Manager as the way to
//! enforce web ACLs on every ALB of the organization (notes 000 › Security
//! and Compliance › "AWS web application firewall (WAF)"; "AWS firewall
//! manager").
//!
//! ## How to fix
//!
//! - **Console**: WAF & Shield › Web ACLs › the web ACL (Regional for ALBs, API stages and AppSync; Global for CloudFront) › Associated AWS resources › Add AWS resources; or, for CloudFront, the distribution › General › Edit › AWS WAF web ACL.
//! - **CLI**: `aws wafv2 associate-web-acl --web-acl-arn ACL_ARN --resource-arn RESOURCE_ARN` (ALB ARN, `arn:aws:apigateway:REGION::/restapis/ID/stages/STAGE`, AppSync API ARN); for CloudFront `aws cloudfront update-distribution --id ID --distribution-config file://config.json --if-match ETAG` with `WebACLId` set.
//! - **CloudFormation**: `AWS::WAFv2::WebACLAssociation` (`ResourceArn`, `WebACLArn`) per load balancer, stage or GraphQL API; `DistributionConfig.WebACLId` on `AWS::CloudFront::Distribution`. Firewall Manager WAF policies associate a web ACL with every matching resource of the organization.
//!
//! ## References
//!
//! - Study notes: 000 › Security and Compliance › "AWS web application firewall (WAF)" (web ACLs on ALB, API Gateway, CloudFront, AppSync); "AWS firewall manager" (enforce web ACLs on all ALBs).
//! - AWS: WAF developer guide, "Associating or disassociating a web ACL with an AWS resource"; AppSync developer guide, "Using AWS WAF to protect AppSync APIs".
//! - AWS Config managed rules `alb-waf-enabled`, `api-gw-associated-with-waf`, `cloudfront-associated-with-waf`, `appsync-associated-with-waf`; Prowler `elbv2_waf_acl_attached`, `apigateway_restapi_waf_acl_attached`, `cloudfront_distributions_using_waf`.

use super::{Association, Associations};
use crate::engine::{Check, Context, Emitter, Severity, Subject};
use crate::inventory::apigateway::{self, RestApi};
use crate::inventory::appsync::{self, GraphqlApi};
use crate::inventory::cloudfront::{self, Distribution};
use crate::inventory::elbv2::{self, LoadBalancer};
use crate::inventory::wafv2;

pub static CHECK: Check = Check {
    id: "waf-webacl-associated",
    title:
        "Internet-facing ALBs, API stages, CloudFront distributions and AppSync APIs have a web ACL",
    service: "wafv2",
    severity: Severity::High,
    section: "000 › Security and Compliance › \"AWS web application firewall (WAF)\"",
    catalog: "SEC-12",
    reads: &[
        wafv2::WEB_ACLS,
        wafv2::WEB_ACL_RESOURCES,
        elbv2::LOAD_BALANCERS,
        elbv2::LOAD_BALANCER_TAGS,
        apigateway::APIS,
        apigateway::STAGES,
        cloudfront::DISTRIBUTIONS,
        cloudfront::DISTRIBUTION_TAGS,
        appsync::APIS,
    ],
    tolerates: &[],
    settings: &[],
    config_rule: Some("alb-waf-enabled"),
    prowler: Some("elbv2_waf_acl_attached"),
    source: include_str!("webacl_associated.rs"),
    run,
};

fn run(ctx: &Context, em: &mut Emitter) {
    let associations = Associations::new(&ctx.wafv2().web_acls);
    for lb in &ctx.elbv2().load_balancers {
        load_balancer(ctx, lb, &associations, em);
    }
    for api in &ctx.apigateway().rest_apis {
        rest_api(api, &associations, em);
    }
    for d in &ctx.cloudfront().distributions {
        distribution(d, em);
    }
    for api in &ctx.appsync().graphql_apis {
        graphql_api(api, em);
    }
}

fn load_balancer(ctx: &Context, lb: &LoadBalancer, associations: &Associations, em: &mut Emitter) {
    if !lb.lb_type.eq_ignore_ascii_case("application") {
        return;
    }
    if !lb
        .scheme
        .as_deref()
        .is_some_and(|s| s.eq_ignore_ascii_case("internet-facing"))
    {
        return em.skip(
            lb,
            "internal load balancer: not reachable from the internet",
        );
    }
    match associations.of(&lb.arn, &lb.account_id, &lb.region) {
        Association::By(acl) => {
            return em.pass(
                lb,
                format!(
                    "internet-facing load balancer {} is associated with web ACL {}",
                    lb.name, acl.name
                ),
            )
        }
        Association::Unknown(why) => return em.error_reason(lb, why),
        Association::None => {}
    }
    if ctx.blind("wafv2", &lb.region) {
        return;
    }
    em.fail(
        lb,
        format!("internet-facing load balancer {} has no web ACL", lb.name),
    );
}

fn rest_api(api: &RestApi, associations: &Associations, em: &mut Emitter) {
    if api
        .endpoint_types
        .iter()
        .any(|t| t.eq_ignore_ascii_case("PRIVATE"))
    {
        return em.skip(
            api,
            format!(
                "private REST API {}: reachable only through VPC endpoints",
                api.name
            ),
        );
    }
    let stages = match api.stages.known() {
        Err(e) => return em.error(api, e),
        Ok(None) => {
            return em.skip(
                api,
                format!("REST API {} was deleted since it was listed", api.name),
            )
        }
        Ok(Some(stages)) => stages,
    };
    if stages.is_empty() {
        return em.skip(
            api,
            format!("REST API {} has no stage: nothing is deployed", api.name),
        );
    }
    for stage in stages {
        let arn = format!("{}/stages/{}", api.arn, stage.name);
        let subject = Subject::arn(&arn, &api.region);
        let label = format!("stage {} of REST API {}", stage.name, api.name);
        let listed = match associations.of(&arn, &api.account_id, &api.region) {
            Association::By(acl) => Some(acl.arn.as_str()),
            _ => None,
        };
        match stage.web_acl_arn.as_deref().or(listed) {
            Some(acl) => em.pass(
                &subject,
                format!("{label} is associated with web ACL {acl}"),
            ),
            None => em.fail(&subject, format!("{label} has no web ACL")),
        }
    }
}

fn distribution(d: &Distribution, em: &mut Emitter) {
    if !d.enabled {
        return em.skip(d, format!("distribution {} is disabled", d.id));
    }
    match d.web_acl_id.as_deref().filter(|id| !id.is_empty()) {
        Some(acl) if acl.starts_with("arn:") => em.pass(
            d,
            format!("distribution {} is associated with web ACL {acl}", d.id),
        ),
        Some(acl) => em.pass(
            d,
            format!(
                "distribution {} is associated with WAF Classic web ACL {acl}",
                d.id
            ),
        ),
        None => em.fail(d, format!("distribution {} has no web ACL", d.id)),
    }
}

fn graphql_api(api: &GraphqlApi, em: &mut Emitter) {
    if api
        .visibility
        .as_deref()
        .is_some_and(|v| v.eq_ignore_ascii_case("PRIVATE"))
    {
        return em.skip(
            api,
            format!(
                "private GraphQL API {}: reachable only through VPC endpoints",
                api.name
            ),
        );
    }
    let public: Vec<&str> = std::iter::once(&api.authentication_type)
        .chain(&api.additional_authentication_types)
        .map(String::as_str)
        .filter(|m| !m.eq_ignore_ascii_case("AWS_IAM"))
        .collect();
    if public.is_empty() {
        return em.skip(
            api,
            format!(
                "GraphQL API {} accepts only IAM-signed requests: no public authorization mode",
                api.name
            ),
        );
    }
    match api.waf_web_acl_arn.as_deref() {
        Some(acl) => em.pass(
            api,
            format!("GraphQL API {} is associated with web ACL {acl}", api.name),
        ),
        None => em.fail(
            api,
            format!(
                "GraphQL API {} ({}) has no web ACL",
                api.name,
                public.join(", ")
            ),
        ),
    }
}
