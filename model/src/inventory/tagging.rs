//! The Resource Groups Tagging API, per region: the resources it lists with
//! their tags. It lists only resources that have, or once had, tags (and of
//! the resource types it supports): a resource never tagged is not here.

use super::{merge, resource, Tags};
use crate::arn::Arn;
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `GetResources` (paged): the resources and their tags.
pub const RESOURCES: Data = Data::listing("tagging");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[RESOURCES];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tagging {
    #[serde(default)]
    pub resources: Vec<TaggedResource>,
}
merge!(Tagging { resources });

/// One `ResourceTagMapping` of `GetResources`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaggedResource {
    /// `ResourceARN`.
    pub arn: String,
    /// The region whose `GetResources` listed it.
    pub region: String,
    pub account_id: String,
    /// `Tags`: its tags now (empty when they were all removed).
    #[serde(default)]
    pub tags: Tags,
}
resource!(TaggedResource, tags);

impl TaggedResource {
    /// The resource type as the Tagging API's `ResourceTypeFilters` name it,
    /// from the ARN: `service:type` (`ec2:instance`, `rds:db`,
    /// `s3:bucket`), or the service alone when the ARN names no type.
    pub fn resource_type(&self) -> String {
        let Some(arn) = Arn::parse(&self.arn) else {
            return String::new();
        };
        match arn.resource.find(['/', ':']) {
            Some(end) => format!("{}:{}", arn.service, &arn.resource[..end]),
            None => match arn.service {
                // The ARNs of these name the resource alone.
                "s3" => "s3:bucket".to_string(),
                "sns" => "sns:topic".to_string(),
                "sqs" => "sqs:queue".to_string(),
                service => service.to_string(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TaggedResource;

    fn type_of(arn: &str) -> String {
        TaggedResource {
            arn: arn.to_string(),
            region: "us-east-1".to_string(),
            account_id: "111122223333".to_string(),
            tags: Default::default(),
        }
        .resource_type()
    }

    #[test]
    fn resource_types_from_arns() {
        assert_eq!(
            type_of("arn:aws:ec2:us-east-1:111122223333:instance/i-1"),
            "ec2:instance"
        );
        assert_eq!(
            type_of("arn:aws:rds:us-east-1:111122223333:db:orders"),
            "rds:db"
        );
        assert_eq!(type_of("arn:aws:s3:::logs-bucket"), "s3:bucket");
        assert_eq!(
            type_of("arn:aws:sns:us-east-1:111122223333:alerts"),
            "sns:topic"
        );
        assert_eq!(
            type_of("arn:aws:sqs:us-east-1:111122223333:jobs"),
            "sqs:queue"
        );
        assert_eq!(
            type_of("arn:aws:lambda:us-east-1:111122223333:function:f"),
            "lambda:function"
        );
        assert_eq!(type_of("not-an-arn"), "");
    }
}
