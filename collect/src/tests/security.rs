//! The security collectors moto 5.2.5 does not serve, with
//! aws-smithy-mocks: Control Tower (no moto service), and GuardDuty's
//! findings and filters (moto has neither `ListFindings`, `GetFindings` nor
//! `ListFilters`). Each collected account is judged by the real checks;
//! throttling, AccessDenied and 5xx responses go through the production
//! retry and error paths.

use super::*;
use aws_smithy_mocks::{mock, Rule};
use awscheck_checks::Status;

mod controltower {
    use super::*;
    use aws_sdk_controltower::operation::*;
    use aws_sdk_controltower::types::*;
    use aws_sdk_controltower::Client;

    const LZ: &str = "arn:aws:controltower:us-east-1:111122223333:landingzone/LZ1";
    const OU: &str = "arn:aws:organizations::111122223333:ou/o-abc/ou-wkld";

    fn list() -> Rule {
        mock!(Client::list_landing_zones).then_output(|| {
            list_landing_zones::ListLandingZonesOutput::builder()
                .landing_zones(LandingZoneSummary::builder().arn(LZ).build())
                // Another region's landing zone is recorded there, not here.
                .landing_zones(
                    LandingZoneSummary::builder()
                        .arn("arn:aws:controltower:eu-west-1:111122223333:landingzone/LZ2")
                        .build(),
                )
                .build()
                .unwrap()
        })
    }

    fn get(drift: LandingZoneDriftStatus) -> Rule {
        mock!(Client::get_landing_zone).then_output(move || {
            get_landing_zone::GetLandingZoneOutput::builder()
                .landing_zone(
                    LandingZoneDetail::builder()
                        .arn(LZ)
                        .version("3.3")
                        .latest_available_version("3.3")
                        .status(LandingZoneStatus::Active)
                        .drift_status(
                            LandingZoneDriftStatusSummary::builder()
                                .status(drift.clone())
                                .build(),
                        )
                        .manifest(aws_smithy_types::Document::Null)
                        .build()
                        .unwrap(),
                )
                .build()
        })
    }

    /// Two pages of enabled controls: the required set on the OU.
    fn controls() -> Rule {
        let control = |name: &str| {
            EnabledControlSummary::builder()
                .arn(format!(
                    "arn:aws:controltower:us-east-1:111122223333:enabledcontrol/{name}"
                ))
                .control_identifier(format!("arn:aws:controltower:us-east-1::control/{name}"))
                .target_identifier(OU)
                .status_summary(
                    EnablementStatusSummary::builder()
                        .status(EnablementStatus::Succeeded)
                        .build(),
                )
                .drift_status_summary(
                    DriftStatusSummary::builder()
                        .drift_status(DriftStatus::InSync)
                        .build(),
                )
                .build()
        };
        let first = [
            "AWS-GR_RESTRICT_ROOT_USER",
            "AWS-GR_RESTRICT_ROOT_USER_ACCESS_KEYS",
            "AWS-GR_ROOT_ACCOUNT_MFA_ENABLED",
            "AWS-GR_ENCRYPTED_VOLUMES",
        ];
        let second = [
            "AWS-GR_RDS_STORAGE_ENCRYPTED",
            "AWS-GR_RESTRICTED_SSH",
            "AWS-GR_S3_BUCKET_PUBLIC_READ_PROHIBITED",
            "AWS-GR_S3_BUCKET_PUBLIC_WRITE_PROHIBITED",
        ];
        mock!(Client::list_enabled_controls)
            .sequence()
            .output(move || {
                list_enabled_controls::ListEnabledControlsOutput::builder()
                    .set_enabled_controls(Some(first.iter().map(|n| control(n)).collect()))
                    .next_token("page2")
                    .build()
                    .unwrap()
            })
            .output(move || {
                list_enabled_controls::ListEnabledControlsOutput::builder()
                    .set_enabled_controls(Some(second.iter().map(|n| control(n)).collect()))
                    .build()
                    .unwrap()
            })
            .build()
    }

    fn baselines() -> Rule {
        mock!(Client::list_enabled_baselines).then_output(|| {
            list_enabled_baselines::ListEnabledBaselinesOutput::builder()
                .enabled_baselines(
                    EnabledBaselineSummary::builder()
                        .arn("arn:aws:controltower:us-east-1:111122223333:enabledbaseline/B1")
                        .baseline_identifier(
                            "arn:aws:controltower:us-east-1::baseline/17BSJV3IGJ2QSGA2",
                        )
                        .target_identifier(OU)
                        .status_summary(
                            EnablementStatusSummary::builder()
                                .status(EnablementStatus::Succeeded)
                                .build(),
                        )
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap()
        })
    }

    #[tokio::test]
    async fn in_sync_passes_drifted_fails_and_every_page_is_read() {
        for (drift, status, needle) in [
            (
                LandingZoneDriftStatus::InSync,
                Status::Pass,
                "landing zone version 3.3 is ACTIVE and IN_SYNC",
            ),
            (
                LandingZoneDriftStatus::Drifted,
                Status::Fail,
                "the landing zone has drifted",
            ),
        ] {
            let rules = [list(), get(drift), controls(), baselines()];
            let s = session(&rules.iter().collect::<Vec<_>>());
            let account = collect(&s, &["controltower"]).await;
            let zones = &account.controltower.as_ref().unwrap().landing_zones;
            assert_eq!(
                zones.len(),
                1,
                "the eu-west-1 landing zone is not this region's"
            );
            assert_eq!(zones[0].enabled_controls.value().unwrap().len(), 8);
            let f = judge(&account, "controltower-landing-zone");
            expect(&f, LZ, status, needle);
            expect(
                &f,
                OU,
                Status::Pass,
                "the 8 required control(s) are enabled",
            );
        }
    }

    #[tokio::test]
    async fn faults_are_errors_naming_the_call() {
        for (code, body, needle) in faults("GetLandingZone") {
            let get = mock!(Client::get_landing_zone).then_http_response(move || http(code, body));
            let rules = [list(), get, controls(), baselines()];
            let s = session(&rules.iter().collect::<Vec<_>>());
            let f = judge(
                &collect(&s, &["controltower"]).await,
                "controltower-landing-zone",
            );
            expect(&f, LZ, Status::Error, &needle);
        }
        for (code, body, needle) in faults("ListLandingZones") {
            let list =
                mock!(Client::list_landing_zones).then_http_response(move || http(code, body));
            let s = session(&[&list]);
            let f = judge(
                &collect(&s, &["controltower"]).await,
                "controltower-landing-zone",
            );
            let region = "arn:aws:controltower:us-east-1:111122223333";
            expect(&f, region, Status::Error, &needle);
            assert_eq!(
                f.len(),
                1,
                "no absence is judged where the listing failed: {f:#?}"
            );
        }
    }
}

mod guardduty {
    use super::{collect_for_check, expect, faults, http, judge, session};
    use aws_sdk_guardduty::operation::*;
    use aws_sdk_guardduty::types::*;
    use aws_sdk_guardduty::Client;
    use aws_smithy_mocks::{mock, Rule};
    use awscheck_checks::Status;

    const STALE: &str = "guardduty-stale-high-findings";
    const DETECTOR: &str = "arn:aws:guardduty:us-east-1:111122223333:detector/d1";

    fn detectors() -> Rule {
        mock!(Client::list_detectors).then_output(|| {
            list_detectors::ListDetectorsOutput::builder()
                .detector_ids("d1")
                .build()
        })
    }

    /// Finding ids on two pages, asked with the open-medium-and-high criteria.
    fn listed(ids: &'static [&'static str]) -> Rule {
        mock!(Client::list_findings)
            .match_requests(|r| {
                let c = r.finding_criteria().and_then(|c| c.criterion()).unwrap();
                c["severity"].greater_than_or_equal() == Some(4)
                    && c["service.archived"].equals() == ["false"]
            })
            .sequence()
            .output(move || {
                list_findings::ListFindingsOutput::builder()
                    .set_finding_ids(Some(ids[..1].iter().map(|s| s.to_string()).collect()))
                    .next_token("2")
                    .build()
            })
            .output(move || {
                list_findings::ListFindingsOutput::builder()
                    .set_finding_ids(Some(ids[1..].iter().map(|s| s.to_string()).collect()))
                    .build()
            })
            .build()
    }

    fn finding(id: &str, severity: f64, days_old: i64, sample: bool) -> Finding {
        let created = (chrono::Utc::now() - chrono::Duration::days(days_old))
            .format("%Y-%m-%dT%H:%M:%S%.3fZ")
            .to_string();
        let mut service = Service::builder();
        if sample {
            service = service.additional_info(
                ServiceAdditionalInfo::builder()
                    .value(r#"{"sample":true}"#)
                    .r#type("default")
                    .build(),
            );
        }
        Finding::builder()
            .id(id)
            .r#type("UnauthorizedAccess:EC2/SSHBruteForce")
            .severity(severity)
            .created_at(&created)
            .updated_at(&created)
            .service(service.build())
            .resource(Resource::builder().resource_type("Instance").build())
            .build()
    }

    fn got(findings: Vec<Finding>) -> Rule {
        mock!(Client::get_findings).then_output(move || {
            get_findings::GetFindingsOutput::builder()
                .set_findings(Some(findings.clone()))
                .build()
        })
    }

    fn filters(criteria: &'static [(&'static str, Condition)]) -> [Rule; 2] {
        [
            mock!(Client::list_filters).then_output(|| {
                list_filters::ListFiltersOutput::builder()
                    .filter_names("suppress")
                    .build()
            }),
            mock!(Client::get_filter).then_output(move || {
                let mut c = FindingCriteria::builder();
                for (field, cond) in criteria {
                    c = c.criterion(*field, cond.clone());
                }
                get_filter::GetFilterOutput::builder()
                    .name("suppress")
                    .action(FilterAction::Archive)
                    .rank(1)
                    .finding_criteria(c.build())
                    .build()
            }),
        ]
    }

    fn no_filters() -> Rule {
        mock!(Client::list_filters).then_output(|| {
            list_filters::ListFiltersOutput::builder()
                .set_filter_names(Some(vec![]))
                .build()
        })
    }

    #[tokio::test]
    async fn stale_high_findings_fail_and_recent_ones_pass() {
        let stale = [
            detectors(),
            listed(&["f1", "sample"]),
            got(vec![
                finding("f1", 8.0, 3, false),
                finding("sample", 8.0, 30, true),
            ]),
            no_filters(),
        ];
        let s = session(&stale.iter().collect::<Vec<_>>());
        let account = collect_for_check(&s, "guardduty", STALE).await;
        let d = &account.guardduty.as_ref().unwrap().detectors[0];
        let findings = d.findings.value().unwrap();
        assert_eq!(findings.len(), 2);
        assert!(
            findings[1].sample,
            "the sample flag is read from additionalInfo"
        );
        let f = judge(&account, STALE);
        let stale = expect(
            &f,
            DETECTOR,
            Status::Fail,
            "1 high-severity finding(s) open longer than 1 day(s)",
        );
        assert!(!stale.reason.contains("sample"), "{}", stale.reason);

        let fresh = [
            detectors(),
            listed(&["f2", "f3"]),
            got(vec![
                finding("f2", 7.5, 0, false),
                finding("f3", 5.0, 2, false),
            ]),
            no_filters(),
        ];
        let s = session(&fresh.iter().collect::<Vec<_>>());
        let f = judge(&collect_for_check(&s, "guardduty", STALE).await, STALE);
        expect(
            &f,
            DETECTOR,
            Status::Pass,
            "1 recent high-severity finding(s)",
        );
    }

    #[tokio::test]
    async fn a_type_only_suppression_rule_is_advisory() {
        static TYPE_ONLY: std::sync::LazyLock<[(&str, Condition); 1]> =
            std::sync::LazyLock::new(|| {
                [(
                    "type",
                    Condition::builder()
                        .equals("Recon:EC2/PortProbeUnprotectedPort")
                        .build(),
                )]
            });
        let [list, get] = filters(&*TYPE_ONLY);
        let rules = [detectors(), listed(&["f1", "f2"]), got(vec![]), list, get];
        let s = session(&rules.iter().collect::<Vec<_>>());
        let account = collect_for_check(&s, "guardduty", STALE).await;
        let filter = &account.guardduty.as_ref().unwrap().detectors[0]
            .filters
            .value()
            .unwrap()[0];
        assert_eq!(
            filter.criteria[0].equals,
            ["Recon:EC2/PortProbeUnprotectedPort"]
        );
        let f = judge(&account, STALE);
        let w = expect(
            &f,
            DETECTOR,
            Status::Fail,
            "suppression rule suppress archives findings",
        );
        assert_eq!(w.severity, awscheck_checks::Severity::Low);
    }

    #[tokio::test]
    async fn faults_are_errors_naming_the_call() {
        for (code, body, needle) in faults("ListFindings") {
            let list = mock!(Client::list_findings).then_http_response(move || http(code, body));
            let rules = [detectors(), list, no_filters()];
            let s = session(&rules.iter().collect::<Vec<_>>());
            let f = judge(&collect_for_check(&s, "guardduty", STALE).await, STALE);
            expect(&f, DETECTOR, Status::Error, &needle);
        }
        for (code, body, needle) in faults("GetFilter") {
            let list = mock!(Client::list_filters).then_output(|| {
                list_filters::ListFiltersOutput::builder()
                    .filter_names("f")
                    .build()
            });
            let get = mock!(Client::get_filter).then_http_response(move || http(code, body));
            let rules = [detectors(), listed(&["a", "b"]), got(vec![]), list, get];
            let s = session(&rules.iter().collect::<Vec<_>>());
            let f = judge(&collect_for_check(&s, "guardduty", STALE).await, STALE);
            expect(&f, DETECTOR, Status::Error, &needle);
        }
    }
}

/// WAFv2 web ACL rules (`GetWebACL`) and associations
/// (`ListResourcesForWebACL`, which moto 5.2.5 does not serve), judged by
/// `waf-managed-rule-groups`.
mod wafv2 {
    use super::{collect_for_check, expect, faults, http, judge, session, with_sections};
    use aws_sdk_wafv2::operation::*;
    use aws_sdk_wafv2::types::*;
    use aws_sdk_wafv2::Client;
    use aws_smithy_mocks::{mock, Rule};
    use awscheck_checks::Status;
    use serde_json::json;

    const CHECK: &str = "waf-managed-rule-groups";
    const ACL: &str = "arn:aws:wafv2:us-east-1:111122223333:regional/webacl/shop/a1";
    const ALB: &str =
        "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/shop/0123456789abcdef";

    /// One regional web ACL; no CloudFront one.
    fn listed() -> [Rule; 2] {
        let cloudfront = mock!(Client::list_web_acls)
            .match_requests(|r| r.scope() == Some(&Scope::Cloudfront))
            .then_output(|| list_web_acls::ListWebAcLsOutput::builder().build());
        let regional = mock!(Client::list_web_acls).then_output(|| {
            list_web_acls::ListWebAcLsOutput::builder()
                .web_acls(
                    WebAclSummary::builder()
                        .name("shop")
                        .id("a1")
                        .arn(ACL)
                        .build(),
                )
                .build()
        });
        [cloudfront, regional]
    }

    fn managed(name: &str, priority: i32, count: bool) -> aws_sdk_wafv2::types::Rule {
        let override_action = if count {
            OverrideAction::builder()
                .count(CountAction::builder().build())
                .build()
        } else {
            OverrideAction::builder()
                .none(NoneAction::builder().build())
                .build()
        };
        aws_sdk_wafv2::types::Rule::builder()
            .name(name)
            .priority(priority)
            .override_action(override_action)
            .statement(
                Statement::builder()
                    .managed_rule_group_statement(
                        ManagedRuleGroupStatement::builder()
                            .vendor_name("AWS")
                            .name(name)
                            .build()
                            .unwrap(),
                    )
                    .build(),
            )
            .visibility_config(visibility(name))
            .build()
            .unwrap()
    }

    fn visibility(name: &str) -> VisibilityConfig {
        VisibilityConfig::builder()
            .sampled_requests_enabled(true)
            .cloud_watch_metrics_enabled(true)
            .metric_name(name)
            .build()
            .unwrap()
    }

    fn rate_based() -> aws_sdk_wafv2::types::Rule {
        aws_sdk_wafv2::types::Rule::builder()
            .name("per-ip")
            .priority(9)
            .action(
                RuleAction::builder()
                    .block(BlockAction::builder().build())
                    .build(),
            )
            .statement(
                Statement::builder()
                    .rate_based_statement(
                        RateBasedStatement::builder()
                            .limit(2000)
                            .aggregate_key_type(RateBasedStatementAggregateKeyType::Ip)
                            .build()
                            .unwrap(),
                    )
                    .build(),
            )
            .visibility_config(visibility("per-ip"))
            .build()
            .unwrap()
    }

    fn got(count: bool) -> Rule {
        mock!(Client::get_web_acl).then_output(move || {
            get_web_acl::GetWebAclOutput::builder()
                .web_acl(
                    WebAcl::builder()
                        .name("shop")
                        .id("a1")
                        .arn(ACL)
                        .default_action(
                            DefaultAction::builder()
                                .allow(AllowAction::builder().build())
                                .build(),
                        )
                        .rules(managed("AWSManagedRulesCommonRuleSet", 0, count))
                        .rules(managed("AWSManagedRulesAmazonIpReputationList", 1, count))
                        .rules(rate_based())
                        .visibility_config(visibility("shop"))
                        .build()
                        .unwrap(),
                )
                .build()
        })
    }

    /// The ALB for `APPLICATION_LOAD_BALANCER`, nothing for the other types.
    fn associated() -> Rule {
        mock!(Client::list_resources_for_web_acl).then_output(|| {
            list_resources_for_web_acl::ListResourcesForWebAclOutput::builder()
                .resource_arns(ALB)
                .build()
        })
    }

    fn nothing_associated() -> Rule {
        mock!(Client::list_resources_for_web_acl).then_output(|| {
            list_resources_for_web_acl::ListResourcesForWebAclOutput::builder()
                .set_resource_arns(Some(vec![]))
                .build()
        })
    }

    /// The sections the check reads besides WAF: the ALB is internet-facing.
    fn with_network(
        account: awscheck_model::inventory::Account,
    ) -> awscheck_model::inventory::Account {
        with_sections(
            account,
            json!({
                "elbv2": {"load_balancers": [{"arn": ALB, "region": "us-east-1", "account_id": "111122223333",
                    "name": "shop", "type": "application", "scheme": "internet-facing", "state": "active"}]},
                "cloudfront": {"distributions": []},
                "apigateway": {}
            }),
        )
    }

    #[tokio::test]
    async fn enforcing_rules_pass_count_mode_fails_and_unassociated_skips() {
        let [cf, regional] = listed();
        let rules = [cf, regional, got(false), associated()];
        let s = session(&rules.iter().collect::<Vec<_>>());
        let account = with_network(collect_for_check(&s, "wafv2", CHECK).await);
        let acl = &account.wafv2.as_ref().unwrap().web_acls[0];
        assert_eq!(
            acl.resources.value().unwrap().len(),
            3,
            "one ALB per asked resource type (the mock answers each alike)"
        );
        expect(
            &judge(&account, CHECK),
            ACL,
            Status::Pass,
            "enforces 3 rule(s), with the baseline and IP-reputation groups and a rate-based rule",
        );

        let [cf, regional] = listed();
        let rules = [cf, regional, got(true), associated()];
        let s = session(&rules.iter().collect::<Vec<_>>());
        let account = with_network(collect_for_check(&s, "wafv2", CHECK).await);
        expect(
            &judge(&account, CHECK),
            ACL,
            Status::Fail,
            "managed rule group AWSManagedRulesCommonRuleSet only counts (OverrideAction Count)",
        );

        let [cf, regional] = listed();
        let rules = [cf, regional, got(false), nothing_associated()];
        let s = session(&rules.iter().collect::<Vec<_>>());
        let account = with_network(collect_for_check(&s, "wafv2", CHECK).await);
        expect(
            &judge(&account, CHECK),
            ACL,
            Status::Skip,
            "not associated with any resource",
        );
    }

    #[tokio::test]
    async fn faults_are_errors_naming_the_call() {
        for op in ["GetWebACL", "ListResourcesForWebACL"] {
            for (code, body, needle) in faults(op) {
                let [cf, regional] = listed();
                let rules = if op == "GetWebACL" {
                    let failing =
                        mock!(Client::get_web_acl).then_http_response(move || http(code, body));
                    [cf, regional, failing, associated()]
                } else {
                    let failing = mock!(Client::list_resources_for_web_acl)
                        .then_http_response(move || http(code, body));
                    [cf, regional, got(false), failing]
                };
                let s = session(&rules.iter().collect::<Vec<_>>());
                let account = with_network(collect_for_check(&s, "wafv2", CHECK).await);
                expect(&judge(&account, CHECK), ACL, Status::Error, &needle);
            }
        }
    }
}

/// WAF Classic (`waf` in us-east-1, `waf-regional` per region), which moto
/// 5.2.5 does not serve at all: every page listed; a refusal that means
/// the API no longer serves the account is a skip, any other failure an
/// ERROR.
mod waf_classic {
    use super::{collect_for_check, expect, http, judge, session, ATTEMPTS};
    use aws_smithy_mocks::{mock, Rule};
    use awscheck_checks::Status;

    const CHECK: &str = "waf-logging-enabled";

    /// No WAFv2 web ACL: the findings are WAF Classic's.
    fn no_wafv2() -> Rule {
        mock!(aws_sdk_wafv2::Client::list_web_acls).then_output(|| {
            aws_sdk_wafv2::operation::list_web_acls::ListWebAcLsOutput::builder().build()
        })
    }

    fn regional_summary(id: &str) -> aws_sdk_wafregional::types::WebAclSummary {
        aws_sdk_wafregional::types::WebAclSummary::builder()
            .web_acl_id(id)
            .name(format!("legacy-{id}"))
            .build()
            .unwrap()
    }

    #[tokio::test]
    async fn classic_web_acls_are_listed_from_both_apis_every_page() {
        use aws_sdk_wafregional::operation::list_web_acls::ListWebAcLsOutput as Regional;
        let first = mock!(aws_sdk_wafregional::Client::list_web_acls)
            .match_requests(|r| r.next_marker().is_none())
            .then_output(|| {
                Regional::builder()
                    .web_acls(regional_summary("r1"))
                    .next_marker("page-2")
                    .build()
            });
        let second = mock!(aws_sdk_wafregional::Client::list_web_acls)
            .match_requests(|r| r.next_marker() == Some("page-2"))
            .then_output(|| Regional::builder().web_acls(regional_summary("r2")).build());
        let global = mock!(aws_sdk_waf::Client::list_web_acls).then_output(|| {
            aws_sdk_waf::operation::list_web_acls::ListWebAcLsOutput::builder()
                .web_acls(
                    aws_sdk_waf::types::WebAclSummary::builder()
                        .web_acl_id("g1")
                        .name("legacy-cdn")
                        .build()
                        .unwrap(),
                )
                .build()
        });
        let s = session(&[&no_wafv2(), &first, &second, &global]);
        let account = collect_for_check(&s, "wafv2", CHECK).await;
        assert!(
            account.collection_errors.is_empty(),
            "{:?}",
            account.collection_errors
        );
        assert_eq!(
            (first.num_calls(), second.num_calls(), global.num_calls()),
            (1, 1, 1)
        );
        let waf = account.wafv2.as_ref().unwrap();
        let arns: Vec<&str> = waf
            .classic_web_acls
            .iter()
            .map(|a| a.arn.as_str())
            .collect();
        assert_eq!(
            arns,
            [
                "arn:aws:waf-regional:us-east-1:111122223333:webacl/r1",
                "arn:aws:waf-regional:us-east-1:111122223333:webacl/r2",
                "arn:aws:waf::111122223333:webacl/g1",
            ]
        );
        assert!(waf.classic_unavailable.is_empty());
        let f = judge(&account, CHECK);
        assert_eq!(f.len(), 3, "{f:#?}");
        expect(
            &f,
            "arn:aws:waf::111122223333:webacl/g1",
            Status::Fail,
            "advisory: WAF Classic web ACL legacy-cdn in us-east-1: WAF Classic has reached end of support",
        );
    }

    #[tokio::test]
    async fn an_api_that_no_longer_serves_the_account_skips() {
        let denied = mock!(aws_sdk_wafregional::Client::list_web_acls).then_http_response(|| {
            http(
                400,
                r#"{"__type":"AccessDeniedException","message":"WAF Classic is no longer available"}"#,
            )
        });
        let unknown = mock!(aws_sdk_waf::Client::list_web_acls).then_http_response(|| {
            http(
                400,
                r#"{"__type":"UnknownOperationException","message":""}"#,
            )
        });
        let s = session(&[&no_wafv2(), &denied, &unknown]);
        let account = collect_for_check(&s, "wafv2", CHECK).await;
        assert!(
            account.collection_errors.is_empty(),
            "a retired API is no failure: {:?}",
            account.collection_errors
        );
        assert_eq!(s.stats.errors(), 0, "nor counted as one");
        let waf = account.wafv2.as_ref().unwrap();
        let apis: Vec<(&str, &str)> = waf
            .classic_unavailable
            .iter()
            .map(|u| (u.api.as_str(), u.code.as_str()))
            .collect();
        assert_eq!(
            apis,
            [
                ("waf-regional", "AccessDeniedException"),
                ("waf", "UnknownOperationException")
            ]
        );
        let f = judge(&account, CHECK);
        assert_eq!(f.len(), 2, "{f:#?}");
        expect(
            &f,
            "arn:aws:waf-regional:us-east-1:111122223333",
            Status::Skip,
            "WAF Classic (waf-regional) no longer answers in us-east-1 (ListWebACLs: AccessDeniedException: WAF Classic is no longer available)",
        );
        expect(
            &f,
            "arn:aws:waf::111122223333",
            Status::Skip,
            "WAF Classic (waf) no longer answers in us-east-1 (ListWebACLs: UnknownOperationException)",
        );
    }

    /// Throttling and a 5xx (moto's answer) are failures to read: ERROR
    /// for the region, never a skip; WAFv2 is still listed and judged.
    #[tokio::test]
    async fn throttling_and_server_errors_are_errors_naming_the_call() {
        let throttled = r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#;
        for (status, body, code) in [
            (500, "<html>Internal Server Error</html>", "Http500"),
            (400, throttled, "ThrottlingException"),
        ] {
            let regional = mock!(aws_sdk_wafregional::Client::list_web_acls)
                .then_http_response(move || http(status, body));
            let s = session(&[&no_wafv2(), &regional]);
            let account = collect_for_check(&s, "wafv2", CHECK).await;
            let waf = account.wafv2.as_ref().unwrap();
            assert!(waf.classic_unavailable.is_empty(), "{code}: not a skip");
            let [e] = account.collection_errors.as_slice() else {
                panic!("{code}: {:?}", account.collection_errors);
            };
            assert_eq!(
                (e.part.as_deref(), e.error.operation.as_str()),
                (Some("classic_web_acls"), "ListWebACLs"),
                "{code}"
            );
            let f = judge(&account, CHECK);
            assert_eq!(f.len(), 1, "{f:#?}");
            assert_eq!(f[0].status, Status::Error, "{code}: {f:#?}");
            assert!(
                f[0].reason
                    .starts_with("wafv2 classic_web_acls could not be read in us-east-1: "),
                "{}",
                f[0].reason
            );
            if status == 500 {
                assert_eq!(regional.num_calls(), ATTEMPTS as usize, "a 5xx is retried");
                assert_eq!(e.error.code, code);
            }
        }
    }
}

/// What `waf-webacl-associated` reads that moto 5.2.5 does not serve:
/// AppSync's `wafWebAclArn` and its pagination (moto's `ListGraphqlApis`
/// has neither), and the fault paths of `ListGraphqlApis` and API
/// Gateway's `GetStages`.
mod webacl_associated {
    use super::{collect_for_check, expect, faults, http, judge, session, with_sections};
    use aws_smithy_mocks::{mock, Rule};
    use awscheck_checks::Status;
    use serde_json::json;

    const CHECK: &str = "waf-webacl-associated";
    const ACL: &str = "arn:aws:wafv2:us-east-1:111122223333:regional/webacl/api/a1";

    /// The other sections the check reads, empty.
    fn with_rest(
        account: awscheck_model::inventory::Account,
        sections: &[&str],
    ) -> awscheck_model::inventory::Account {
        let mut extra = json!({});
        for s in sections {
            extra[*s] = json!({});
        }
        with_sections(account, extra)
    }

    fn graphql(
        id: &str,
        auth: aws_sdk_appsync::types::AuthenticationType,
        acl: Option<&str>,
    ) -> aws_sdk_appsync::types::GraphqlApi {
        aws_sdk_appsync::types::GraphqlApi::builder()
            .api_id(id)
            .name(format!("api-{id}"))
            .arn(format!("arn:aws:appsync:us-east-1:111122223333:apis/{id}"))
            .authentication_type(auth)
            .set_waf_web_acl_arn(acl.map(str::to_string))
            .tags("Environment", "prod")
            .build()
    }

    #[tokio::test]
    async fn graphql_apis_every_page_with_their_web_acl() {
        use aws_sdk_appsync::operation::list_graphql_apis::ListGraphqlApisOutput;
        use aws_sdk_appsync::types::AuthenticationType;
        use aws_sdk_appsync::Client;
        let first = mock!(Client::list_graphql_apis)
            .match_requests(|r| r.next_token().is_none())
            .then_output(|| {
                ListGraphqlApisOutput::builder()
                    .graphql_apis(graphql("g1", AuthenticationType::ApiKey, Some(ACL)))
                    .next_token("page-2")
                    .build()
            });
        let second = mock!(Client::list_graphql_apis)
            .match_requests(|r| r.next_token() == Some("page-2"))
            .then_output(|| {
                ListGraphqlApisOutput::builder()
                    .graphql_apis(graphql("g2", AuthenticationType::OpenidConnect, None))
                    .graphql_apis(graphql("g3", AuthenticationType::AwsIam, None))
                    .build()
            });
        let s = session(&[&first, &second]);
        let account = collect_for_check(&s, "appsync", CHECK).await;
        let apis = &account.appsync.as_ref().unwrap().graphql_apis;
        assert_eq!(apis.len(), 3, "both pages: {apis:#?}");
        assert_eq!(apis[0].waf_web_acl_arn.as_deref(), Some(ACL));
        assert_eq!(
            apis[0].tags.get("Environment").map(String::as_str),
            Some("prod")
        );
        let account = with_rest(account, &["wafv2", "elbv2", "apigateway", "cloudfront"]);
        let findings = judge(&account, CHECK);
        let arn = |id: &str| format!("arn:aws:appsync:us-east-1:111122223333:apis/{id}");
        expect(&findings, &arn("g1"), Status::Pass, ACL);
        expect(
            &findings,
            &arn("g2"),
            Status::Fail,
            "(OPENID_CONNECT) has no web ACL",
        );
        expect(
            &findings,
            &arn("g3"),
            Status::Skip,
            "only IAM-signed requests",
        );
    }

    #[tokio::test]
    async fn graphql_listing_faults_are_errors_naming_the_call() {
        for (code, body, needle) in faults("ListGraphqlApis") {
            let failing = mock!(aws_sdk_appsync::Client::list_graphql_apis)
                .then_http_response(move || http(code, body));
            let s = session(&[&failing]);
            let account = collect_for_check(&s, "appsync", CHECK).await;
            let account = with_rest(account, &["wafv2", "elbv2", "apigateway", "cloudfront"]);
            expect(
                &judge(&account, CHECK),
                "arn:aws:appsync:us-east-1:111122223333",
                Status::Error,
                &needle,
            );
        }
    }

    /// One regional REST API.
    fn rest_api() -> Rule {
        mock!(aws_sdk_apigateway::Client::get_rest_apis).then_output(|| {
            aws_sdk_apigateway::operation::get_rest_apis::GetRestApisOutput::builder()
                .items(
                    aws_sdk_apigateway::types::RestApi::builder()
                        .id("r1")
                        .name("orders")
                        .build(),
                )
                .build()
        })
    }

    fn no_v2() -> Rule {
        mock!(aws_sdk_apigatewayv2::Client::get_apis).then_output(|| {
            aws_sdk_apigatewayv2::operation::get_apis::GetApisOutput::builder().build()
        })
    }

    #[tokio::test]
    async fn stages_carry_their_web_acl_and_faults_are_errors_naming_the_call() {
        use aws_sdk_apigateway::operation::get_stages::GetStagesOutput;
        use aws_sdk_apigateway::types::Stage;
        let stages = mock!(aws_sdk_apigateway::Client::get_stages).then_output(|| {
            GetStagesOutput::builder()
                .item(Stage::builder().stage_name("prod").web_acl_arn(ACL).build())
                .item(Stage::builder().stage_name("dev").build())
                .build()
        });
        let s = session(&[&rest_api(), &no_v2(), &stages]);
        let account = collect_for_check(&s, "apigateway", CHECK).await;
        let account = with_rest(account, &["wafv2", "elbv2", "appsync", "cloudfront"]);
        let findings = judge(&account, CHECK);
        let stage =
            |name: &str| format!("arn:aws:apigateway:us-east-1::/restapis/r1/stages/{name}");
        expect(&findings, &stage("prod"), Status::Pass, ACL);
        expect(
            &findings,
            &stage("dev"),
            Status::Fail,
            "stage dev of REST API orders has no web ACL",
        );

        let gone = mock!(aws_sdk_apigateway::Client::get_stages).then_http_response(|| {
            http(
                404,
                r#"{"__type":"NotFoundException","message":"Invalid API identifier"}"#,
            )
        });
        let s = session(&[&rest_api(), &no_v2(), &gone]);
        let account = collect_for_check(&s, "apigateway", CHECK).await;
        let account = with_rest(account, &["wafv2", "elbv2", "appsync", "cloudfront"]);
        let api = "arn:aws:apigateway:us-east-1::/restapis/r1";
        expect(
            &judge(&account, CHECK),
            api,
            Status::Skip,
            "deleted since it was listed",
        );

        for (code, body, needle) in faults("GetStages") {
            let failing = mock!(aws_sdk_apigateway::Client::get_stages)
                .then_http_response(move || http(code, body));
            let s = session(&[&rest_api(), &no_v2(), &failing]);
            let account = collect_for_check(&s, "apigateway", CHECK).await;
            let account = with_rest(account, &["wafv2", "elbv2", "appsync", "cloudfront"]);
            expect(&judge(&account, CHECK), api, Status::Error, &needle);
        }
    }
}
