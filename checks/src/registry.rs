//! Every check, in the order reports list them (grouped by service).

use crate::engine::Check;
use crate::settings::Tunable;
use std::sync::OnceLock;

/// All registered checks.
pub fn all() -> &'static [&'static Check] {
    static ALL: OnceLock<Vec<&'static Check>> = OnceLock::new();
    ALL.get_or_init(|| {
        [
            crate::codepipeline::CHECKS,
            crate::iam::CHECKS,
            crate::codebuild::CHECKS,
            crate::codeartifact::CHECKS,
            crate::codecommit::CHECKS,
            crate::codedeploy::CHECKS,
            crate::cloudformation::CHECKS,
            crate::tagging::CHECKS,
            crate::elasticbeanstalk::CHECKS,
            crate::appconfig::CHECKS,
            crate::servicecatalog::CHECKS,
            crate::ssm::CHECKS,
            crate::ec2::CHECKS,
            crate::imagebuilder::CHECKS,
            crate::ecr::CHECKS,
            crate::ecs::CHECKS,
            crate::eks::CHECKS,
            crate::apigateway::CHECKS,
            crate::rds::CHECKS,
            crate::efs::CHECKS,
            crate::elasticache::CHECKS,
            crate::dms::CHECKS,
            crate::opensearch::CHECKS,
            crate::autoscaling::CHECKS,
            crate::elb::CHECKS,
            crate::cloudfront::CHECKS,
            crate::dynamodb::CHECKS,
            crate::backup::CHECKS,
            crate::lambda::CHECKS,
            crate::kinesis::CHECKS,
            crate::cloudtrail::CHECKS,
            crate::logs::CHECKS,
            crate::cloudwatch::CHECKS,
            crate::s3::CHECKS,
            crate::sqs::CHECKS,
            crate::config::CHECKS,
            crate::controltower::CHECKS,
            crate::fms::CHECKS,
            crate::wafv2::CHECKS,
            crate::events::CHECKS,
            crate::guardduty::CHECKS,
            crate::health::CHECKS,
            crate::glue::CHECKS,
            crate::trustedadvisor::CHECKS,
            crate::xray::CHECKS,
            crate::inspector2::CHECKS,
            crate::organizations::CHECKS,
            crate::secretsmanager::CHECKS,
            crate::kms::CHECKS,
            crate::sns::CHECKS,
            crate::vpc::CHECKS,
            crate::directconnect::CHECKS,
            crate::route53::CHECKS,
        ]
        .concat()
    })
}

/// Every tunable some check declares, once each, in registry order.
pub fn settings() -> &'static [&'static dyn Tunable] {
    static ALL: OnceLock<Vec<&'static dyn Tunable>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut out: Vec<&'static dyn Tunable> = Vec::new();
        for c in all() {
            for s in c.settings {
                if !out.iter().any(|o| o.key() == s.key()) {
                    out.push(*s);
                }
            }
        }
        out
    })
}

/// The tunable with this key.
pub fn setting(key: &str) -> Option<&'static dyn Tunable> {
    settings().iter().copied().find(|s| s.key() == key)
}

/// The check with this id.
pub fn find(id: &str) -> Option<&'static Check> {
    all().iter().copied().find(|c| c.id == id)
}

/// The services checks are grouped under, in registry order, without repeats.
pub fn services() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for c in all() {
        if !out.contains(&c.service) {
            out.push(c.service);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn is_kebab(s: &str) -> bool {
        !s.is_empty()
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--")
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    }

    #[test]
    fn ids_are_unique_and_kebab_case() {
        let mut seen = HashSet::new();
        for c in all() {
            assert!(is_kebab(c.id), "{} is not kebab-case", c.id);
            assert!(seen.insert(c.id), "duplicate id {}", c.id);
        }
    }

    #[test]
    fn a_setting_key_names_one_setting() {
        let mut seen: Vec<&dyn Tunable> = Vec::new();
        for c in all() {
            for s in c.settings {
                match seen.iter().find(|o| o.key() == s.key()) {
                    Some(o) => assert!(
                        std::ptr::addr_eq(*o, *s),
                        "{}: two settings have the key {:?}: share one static",
                        c.id,
                        s.key()
                    ),
                    None => seen.push(*s),
                }
            }
        }
    }

    #[test]
    fn metadata_is_complete() {
        for c in all() {
            assert!(!c.title.is_empty() && !c.section.is_empty(), "{}", c.id);
            assert!(!c.catalog.is_empty(), "{}: catalog entry", c.id);
            assert!(!c.reads.is_empty(), "{}: reads", c.id);
            for r in c.reads {
                assert!(
                    crate::inventory::data_of(r.section).contains(r),
                    "{}: reads {r}, which no section declares",
                    c.id
                );
            }
            for t in c.tolerates {
                assert!(
                    c.reads.contains(t),
                    "{}: tolerates {t}, which it does not read",
                    c.id
                );
                assert!(
                    !t.is_listing() || c.reads.first().is_some_and(|r| r.section != t.section),
                    "{}: tolerates the listing of {}, the section it judges first",
                    c.id,
                    t.section
                );
            }
        }
    }

    #[test]
    fn every_check_documents_the_fixed_sections() {
        for c in all() {
            let doc = crate::docs::doc(c);
            for heading in [
                "## What it checks",
                "## Why it matters",
                "## How to fix",
                "## References",
            ] {
                assert!(doc.contains(heading), "{}: doc lacks {heading:?}", c.id);
            }
            for how in ["Console", "CLI", "CloudFormation"] {
                assert!(doc.contains(how), "{}: how-to-fix lacks {how}", c.id);
            }
            assert!(
                doc.contains("notes"),
                "{}: doc must cite the notes section",
                c.id
            );
        }
    }
}
