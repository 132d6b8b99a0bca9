//! The account model: what collection produces and checks read.
//!
//! An [`Inventory`] is one or more accounts; an [`Account`] has one optional
//! section per AWS service. A missing section means *not collected*, which
//! is different from *collected and empty*: checks that read a missing
//! section report ERROR. Inside a section, data that needed its own API call
//! is a [`Collected`], which keeps "absent" apart from "could not be read".
//!
//! The JSON form is format version 1, documented in `docs/fixture-format.md`.
//! Every struct rejects unknown fields, so a typo in a hand-written fixture is
//! an error, not a silently ignored key.

use serde::{Deserialize, Serialize};

pub mod apigateway;
pub mod appconfig;
pub mod appsync;
pub mod autoscaling;
pub mod backup;
pub mod cloudformation;
pub mod cloudfront;
pub mod cloudtrail;
pub mod cloudwatch;
pub mod codeartifact;
pub mod codebuild;
pub mod codecommit;
pub mod codedeploy;
pub mod codepipeline;
pub mod codestarnotifications;
pub mod config;
pub mod controltower;
pub mod directconnect;
pub mod dms;
pub mod dynamodb;
pub mod ec2;
pub mod ecr;
pub mod ecs;
pub mod efs;
pub mod eks;
pub mod elasticache;
pub mod elasticbeanstalk;
pub mod elb;
pub mod elbv2;
pub mod events;
pub mod firehose;
pub mod fms;
pub mod glue;
pub mod guardduty;
pub mod health;
pub mod iam;
pub mod imagebuilder;
pub mod inspector2;
pub mod kinesis;
pub mod kms;
pub mod lambda;
pub mod logs;
pub mod oam;
pub mod opensearch;
pub mod organizations;
pub mod rds;
pub mod route53;
pub mod route53resolver;
pub mod s3;
pub mod secretsmanager;
pub mod servicecatalog;
pub mod sns;
pub mod sqs;
pub mod ssm;
pub mod synthetics;
pub mod tagging;
pub mod trustedadvisor;
pub mod vpc;
pub mod wafv2;

pub use crate::collected::{CollectError, Collected, ServiceError};
use crate::data::Data;
pub use crate::json::JsonDocument;
pub use crate::policy::PolicyJson;
pub(crate) use crate::resource::resource;

/// The inventory format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// The region name used for global services (IAM).
pub const GLOBAL: &str = "global";

pub use crate::resource::Tags;

/// A collected (or hand-written) account snapshot.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inventory {
    /// Must be [`FORMAT_VERSION`].
    pub format: u32,
    /// When the account was observed. Checks judge ages against this time,
    /// so a committed fixture gives the same findings every day.
    pub generated_at: chrono::DateTime<chrono::Utc>,
    /// Free text: where this inventory came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub accounts: Vec<Account>,
}

fn default_partition() -> String {
    "aws".to_string()
}

/// A service section of an [`Account`]: its name and where it sits
/// (written for every section by [`with_sections!`]).
pub trait Section: Merge + Default + Send + 'static {
    /// The section's name: its `Account` field, `Data::section` and
    /// `ServiceError::service`.
    const NAME: &'static str;
    /// The account's field that holds it.
    fn slot(account: &mut Account) -> &mut Option<Self>;
}

/// Two parts of a section (two regions' collections) made one: every list
/// of `other` appended. Written next to each section struct with
/// [`merge!`], which destructures the whole struct: a field added to a
/// section and not to its merge is a compile error, never data silently
/// dropped.
pub trait Merge {
    fn merge(&mut self, other: Self);
}

/// `merge!(S3 { buckets, other_buckets })`: [`Merge`] for a section whose
/// fields are all lists, by extending each. The pattern has no `..`, so it
/// must name every field of the struct.
macro_rules! merge {
    ($ty:ident { $($field:ident),+ $(,)? }) => {
        impl $crate::inventory::Merge for $ty {
            fn merge(&mut self, other: Self) {
                let $ty { $($field),+ } = other;
                $(self.$field.extend($field);)+
            }
        }
    };
}
pub(crate) use merge;

/// Declares the service sections of an [`Account`] (invoked once, below,
/// through [`with_sections!`]): the struct fields, the list of section
/// names, and which sections are present.
macro_rules! account_sections {
    ($( $name:ident : $ty:ty ),* $(,)?) => {
        /// One AWS account: its id, the regions collected, the service/region
        /// pairs that could not be read, and one section per service.
        #[derive(Debug, Clone, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Account {
            pub account_id: String,
            /// `aws`, `aws-cn` or `aws-us-gov`.
            #[serde(default = "default_partition")]
            pub partition: String,
            /// The regions that were collected.
            pub regions: Vec<String>,
            /// Failures that blinded a service in a region (AccessDenied on its
            /// List call, service unavailable, throttled listing).
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub collection_errors: Vec<ServiceError>,
            $(
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $name: Option<$ty>,
            )*
        }

        /// Every section name, in declaration order.
        pub const SECTIONS: &[&str] = &[$(stringify!($name)),*];

        $(
            impl Section for $ty {
                const NAME: &'static str = stringify!($name);
                fn slot(account: &mut Account) -> &mut Option<Self> {
                    &mut account.$name
                }
            }
        )*

        /// Everything a section holds ([`crate::data`]), listing first;
        /// empty for an unknown section.
        pub fn data_of(section: &str) -> &'static [Data] {
            match section {
                $(stringify!($name) => $name::DATA,)*
                _ => &[],
            }
        }

        impl Account {
            /// An account with no section collected.
            pub fn new(account_id: impl Into<String>, regions: Vec<String>) -> Account {
                Account {
                    account_id: account_id.into(),
                    partition: default_partition(),
                    regions,
                    collection_errors: Vec::new(),
                    $($name: None,)*
                }
            }

            /// True when the section was collected.
            pub fn has_section(&self, name: &str) -> bool {
                match name {
                    $(stringify!($name) => self.$name.is_some(),)*
                    _ => false,
                }
            }
        }
    };
}

/// The one list of service sections: calls `$m! { name: Type, ... }` with
/// every section of an [`Account`], in order. The model declares the
/// account with it; the rulebook generates its typed section accessors with
/// it. A new service is one line here (and its module above).
#[macro_export]
macro_rules! with_sections {
    ($m:ident) => {
        $m! {
            apigateway: $crate::inventory::apigateway::ApiGateway,
            appconfig: $crate::inventory::appconfig::AppConfig,
            appsync: $crate::inventory::appsync::AppSync,
            autoscaling: $crate::inventory::autoscaling::AutoScaling,
            backup: $crate::inventory::backup::Backup,
            cloudformation: $crate::inventory::cloudformation::CloudFormation,
            cloudfront: $crate::inventory::cloudfront::CloudFront,
            cloudtrail: $crate::inventory::cloudtrail::CloudTrail,
            cloudwatch: $crate::inventory::cloudwatch::CloudWatch,
            codebuild: $crate::inventory::codebuild::CodeBuild,
            codeartifact: $crate::inventory::codeartifact::CodeArtifact,
            codecommit: $crate::inventory::codecommit::CodeCommit,
            codedeploy: $crate::inventory::codedeploy::CodeDeploy,
            codepipeline: $crate::inventory::codepipeline::CodePipeline,
            codestarnotifications: $crate::inventory::codestarnotifications::CodeStarNotifications,
            config: $crate::inventory::config::Config,
            controltower: $crate::inventory::controltower::ControlTower,
            directconnect: $crate::inventory::directconnect::DirectConnect,
            dms: $crate::inventory::dms::Dms,
            dynamodb: $crate::inventory::dynamodb::DynamoDb,
            ec2: $crate::inventory::ec2::Ec2,
            ecr: $crate::inventory::ecr::Ecr,
            efs: $crate::inventory::efs::Efs,
            ecs: $crate::inventory::ecs::Ecs,
            eks: $crate::inventory::eks::Eks,
            elasticache: $crate::inventory::elasticache::ElastiCache,
            elasticbeanstalk: $crate::inventory::elasticbeanstalk::ElasticBeanstalk,
            elb: $crate::inventory::elb::Elb,
            elbv2: $crate::inventory::elbv2::Elbv2,
            events: $crate::inventory::events::Events,
            firehose: $crate::inventory::firehose::Firehose,
            fms: $crate::inventory::fms::Fms,
            glue: $crate::inventory::glue::Glue,
            guardduty: $crate::inventory::guardduty::GuardDuty,
            health: $crate::inventory::health::Health,
            iam: $crate::inventory::iam::Iam,
            imagebuilder: $crate::inventory::imagebuilder::ImageBuilder,
            inspector2: $crate::inventory::inspector2::Inspector2,
            kinesis: $crate::inventory::kinesis::Kinesis,
            kms: $crate::inventory::kms::Kms,
            lambda: $crate::inventory::lambda::Lambda,
            logs: $crate::inventory::logs::Logs,
            oam: $crate::inventory::oam::Oam,
            opensearch: $crate::inventory::opensearch::OpenSearch,
            organizations: $crate::inventory::organizations::Organizations,
            rds: $crate::inventory::rds::Rds,
            route53: $crate::inventory::route53::Route53,
            route53resolver: $crate::inventory::route53resolver::Route53Resolver,
            s3: $crate::inventory::s3::S3,
            secretsmanager: $crate::inventory::secretsmanager::SecretsManager,
            servicecatalog: $crate::inventory::servicecatalog::ServiceCatalog,
            sns: $crate::inventory::sns::Sns,
            sqs: $crate::inventory::sqs::Sqs,
            ssm: $crate::inventory::ssm::Ssm,
            synthetics: $crate::inventory::synthetics::Synthetics,
            tagging: $crate::inventory::tagging::Tagging,
            trustedadvisor: $crate::inventory::trustedadvisor::TrustedAdvisor,
            vpc: $crate::inventory::vpc::Network,
            wafv2: $crate::inventory::wafv2::Wafv2,
        }
    };
}

with_sections!(account_sections);

impl Account {
    /// The account as a check that reads only `keep` sees it, and as live
    /// collection gives it when only `keep` is needed: a section none of
    /// `keep` names is left out (not collected), and a part `keep` does not
    /// name is its field's default (a `Collected` field says "not
    /// collected", a list or map is empty). A part implies its section's
    /// listing. The tests judge every check on a mock pruned to its `reads`
    /// and require the findings of the whole mock.
    pub fn pruned(&self, keep: &[Data]) -> Result<Account, String> {
        let mut value = serde_json::to_value(self).map_err(|e| e.to_string())?;
        let Some(fields) = value.as_object_mut() else {
            return Err("an account serializes as a JSON object".into());
        };
        for section in SECTIONS {
            if !keep.iter().any(|d| d.section == *section) {
                fields.remove(*section);
                continue;
            }
            let Some(body) = fields.get_mut(*section) else {
                continue;
            };
            for part in data_of(section) {
                if !part.is_listing() && !keep.contains(part) {
                    clear(body, part.path);
                    if !part.also.is_empty() {
                        clear(body, part.also);
                    }
                }
            }
        }
        serde_json::from_value(value).map_err(|e| format!("account {}: {e}", self.account_id))
    }
}

/// Removes the field at `path` (dot-separated, through lists and through
/// the value of a [`Collected`] list, `{"value": [...]}`) so that it takes
/// its default when the account is read back.
fn clear(value: &mut serde_json::Value, path: &str) {
    use serde_json::Value;
    match value {
        Value::Array(items) => items.iter_mut().for_each(|item| clear(item, path)),
        Value::Object(map) => {
            let head = path.split('.').next().unwrap_or_default();
            if map.len() == 1 && head != "value" {
                if let Some(inner) = map.get_mut("value") {
                    clear(inner, path);
                    return;
                }
            }
            match path.split_once('.') {
                None => {
                    map.remove(path);
                }
                Some((head, rest)) => {
                    if let Some(child) = map.get_mut(head) {
                        clear(child, rest);
                    }
                }
            }
        }
        _ => {}
    }
}

/// The default of a [`Collected`] field left out of a hand-written fixture:
/// an error saying the data was not collected (never a silent "absent").
impl<T> Default for Collected<T> {
    fn default() -> Self {
        Collected::Error(CollectError::new("", crate::collected::NOT_COLLECTED, ""))
    }
}

impl<T> Collected<T> {
    /// For fields whose omission means absent (documented where used).
    pub fn absent() -> Self {
        Collected::Absent
    }
}
