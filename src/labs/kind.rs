//! What a lab step judges: a kind of resource (`resource = "pipeline"` in
//! `lab.toml`). The kind names the inventory list a lab's scope narrows,
//! the noun a "missing" verdict uses ("create a pipeline tagged …"), and the
//! CloudFormation type that `--stack` matches physical resources by.

use awscheck_checks::engine::{Data, Resource};
use awscheck_checks::inventory::{self as inv, Account, Tags};

/// A kind of resource a step can judge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pipeline,
    Bucket,
    WebAcl,
    Stack,
    Trail,
    DeploymentGroup,
    Function,
    Queue,
}

/// What scoping needs of one resource of a kind.
pub struct Item<'a> {
    pub arn: &'a str,
    pub name: &'a str,
    /// `None` where the model keeps no tags for the kind (trails).
    pub tags: Option<&'a Tags>,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Pipeline,
        Kind::Bucket,
        Kind::WebAcl,
        Kind::Stack,
        Kind::Trail,
        Kind::DeploymentGroup,
        Kind::Function,
        Kind::Queue,
    ];

    /// The name a lab file uses.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Pipeline => "pipeline",
            Kind::Bucket => "bucket",
            Kind::WebAcl => "web-acl",
            Kind::Stack => "stack",
            Kind::Trail => "trail",
            Kind::DeploymentGroup => "deployment-group",
            Kind::Function => "function",
            Kind::Queue => "queue",
        }
    }

    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// How a learner calls it: "create a {noun} tagged …".
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Pipeline => "pipeline",
            Kind::Bucket => "S3 bucket",
            Kind::WebAcl => "WAFv2 web ACL",
            Kind::Stack => "CloudFormation stack",
            Kind::Trail => "CloudTrail trail",
            Kind::DeploymentGroup => "CodeDeploy deployment group",
            Kind::Function => "Lambda function",
            Kind::Queue => "SQS queue",
        }
    }

    /// The noun with its article: "an S3 bucket".
    pub fn a_noun(self) -> String {
        let article = if self.noun().starts_with('S') {
            "an"
        } else {
            "a"
        };
        format!("{article} {}", self.noun())
    }

    /// The CloudFormation resource type of the kind.
    pub fn cfn_type(self) -> &'static str {
        match self {
            Kind::Pipeline => "AWS::CodePipeline::Pipeline",
            Kind::Bucket => "AWS::S3::Bucket",
            Kind::WebAcl => "AWS::WAFv2::WebACL",
            Kind::Stack => "AWS::CloudFormation::Stack",
            Kind::Trail => "AWS::CloudTrail::Trail",
            Kind::DeploymentGroup => "AWS::CodeDeploy::DeploymentGroup",
            Kind::Function => "AWS::Lambda::Function",
            Kind::Queue => "AWS::SQS::Queue",
        }
    }

    /// The inventory section holding the kind.
    pub fn section(self) -> &'static str {
        self.data()[0].section
    }

    /// What scoping reads: the kind's listing, and its tags where they are
    /// a part of their own.
    pub fn data(self) -> &'static [Data] {
        use inv::{cloudformation, cloudtrail, codedeploy, codepipeline, lambda, s3, sqs, wafv2};
        match self {
            Kind::Pipeline => &[codepipeline::PIPELINES, codepipeline::PIPELINE_TAGS],
            Kind::Bucket => &[s3::BUCKETS, s3::BUCKET_TAGS],
            Kind::WebAcl => &[wafv2::WEB_ACLS, wafv2::WEB_ACL_TAGS],
            Kind::Stack => &[cloudformation::STACKS],
            Kind::Trail => &[cloudtrail::TRAILS],
            Kind::DeploymentGroup => &[
                codedeploy::DEPLOYMENT_GROUPS,
                codedeploy::DEPLOYMENT_GROUP_TAGS,
            ],
            Kind::Function => &[lambda::FUNCTIONS, lambda::FUNCTION_TAGS],
            Kind::Queue => &[sqs::QUEUES, sqs::QUEUE_TAGS],
        }
    }

    /// Keeps the account's resources of this kind for which `keep` is
    /// true; returns the ARNs kept, or `None` when the kind's section was
    /// not collected.
    pub fn retain(
        self,
        account: &mut Account,
        keep: &mut dyn FnMut(&Item) -> bool,
    ) -> Option<Vec<String>> {
        match self {
            Kind::Pipeline => (account.codepipeline.as_mut())
                .map(|s| retain_in(&mut s.pipelines, keep, |r| &r.name)),
            Kind::Bucket => {
                (account.s3.as_mut()).map(|s| retain_in(&mut s.buckets, keep, |r| &r.name))
            }
            Kind::WebAcl => {
                (account.wafv2.as_mut()).map(|s| retain_in(&mut s.web_acls, keep, |r| &r.name))
            }
            Kind::Stack => (account.cloudformation.as_mut())
                .map(|s| retain_in(&mut s.stacks, keep, |r| &r.name)),
            Kind::Trail => {
                (account.cloudtrail.as_mut()).map(|s| retain_in(&mut s.trails, keep, |r| &r.name))
            }
            Kind::DeploymentGroup => (account.codedeploy.as_mut())
                .map(|s| retain_in(&mut s.deployment_groups, keep, |r| &r.name)),
            Kind::Function => {
                (account.lambda.as_mut()).map(|s| retain_in(&mut s.functions, keep, |r| &r.name))
            }
            Kind::Queue => {
                (account.sqs.as_mut()).map(|s| retain_in(&mut s.queues, keep, |r| &r.name))
            }
        }
    }
}

/// Keeps the resources `keep` is true for; returns the ARNs kept.
fn retain_in<T: Resource>(
    list: &mut Vec<T>,
    keep: &mut dyn FnMut(&Item) -> bool,
    name: for<'a> fn(&'a T) -> &'a str,
) -> Vec<String> {
    list.retain(|r| {
        keep(&Item {
            arn: r.arn(),
            name: name(r),
            tags: r.tags(),
        })
    });
    list.iter().map(|r| r.arn().to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_back_and_sections_are_the_models() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.name()), Some(k));
            assert!(k.a_noun().ends_with(k.noun()));
            assert!(inv::SECTIONS.contains(&k.section()), "{}", k.name());
            for d in k.data() {
                assert!(inv::data_of(d.section).contains(d), "{}: {d}", k.name());
            }
        }
        assert_eq!(Kind::parse("pipelines"), None);
        assert_eq!(Kind::Bucket.a_noun(), "an S3 bucket");
        assert_eq!(Kind::Pipeline.a_noun(), "a pipeline");
    }

    #[test]
    fn retain_keeps_what_the_predicate_keeps() {
        let mut account = Account::new("123456789012", vec!["us-east-1".into()]);
        assert_eq!(Kind::Queue.retain(&mut account, &mut |_| true), None);
        account.sqs = Some(
            serde_json::from_value(serde_json::json!({"queues": [
                {"arn": "arn:aws:sqs:us-east-1:123456789012:a", "region": "us-east-1", "account_id": "123456789012",
                 "name": "a", "url": "https://sqs.us-east-1.amazonaws.com/123456789012/a", "tags": {"k": "v"}},
                {"arn": "arn:aws:sqs:us-east-1:123456789012:b", "region": "us-east-1", "account_id": "123456789012",
                 "name": "b", "url": "https://sqs.us-east-1.amazonaws.com/123456789012/b"}
            ]}))
            .unwrap(),
        );
        let kept = Kind::Queue.retain(&mut account, &mut |i| {
            i.tags.is_some_and(|t| t.contains_key("k"))
        });
        assert_eq!(
            kept,
            Some(vec!["arn:aws:sqs:us-east-1:123456789012:a".to_string()])
        );
        assert_eq!(account.sqs.unwrap().queues.len(), 1);
    }
}
