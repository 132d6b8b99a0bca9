//! The security collectors moto 5.2.5 does not serve, with
//! aws-smithy-mocks: Control Tower (no moto service), and GuardDuty's
//! findings and filters (moto has neither `ListFindings`, `GetFindings` nor
//! `ListFilters`). Each collected account is judged by the real checks;
//! throttling, AccessDenied and 5xx responses go through the production
//! retry and error paths.

use super::*;
use aws_smithy_mocks::{mock, Rule};
use awscheck_checks::Status;

const DENIED: &str = r#"{"__type":"AccessDeniedException","message":"not authorized"}"#;
const THROTTLED: &str = r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#;
const INTERNAL: &str = r#"{"__type":"InternalServerException","message":"oops"}"#;

/// Throttled past the retries, denied, and a 5xx: the status code, body and
/// what the ERROR reason says.
fn faults(op: &str) -> [(u16, &'static str, String); 3] {
    [
        (
            429,
            THROTTLED,
            format!("throttled: {op} (ThrottlingException)"),
        ),
        (403, DENIED, format!("{op} failed: AccessDeniedException")),
        (
            500,
            INTERNAL,
            format!("{op} failed: InternalServerException"),
        ),
    ]
}

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
