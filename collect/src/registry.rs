//! Every AWS operation the collectors may call, and the IAM action that
//! authorizes it: the scanner's whole footprint on an account.
//!
//! The registry is enforced, not just documented: every SDK client built by
//! [`crate::session::Session`] carries an interceptor that refuses (before
//! anything is sent) an operation that is not listed here. Tests prove the
//! rest: every operation called in `src/collect/` is listed, every listed
//! operation is called, each is a read (List/Get/Describe/BatchGet/Select,
//! DetectStackDrift being the only opt-in exception) and each IAM action is
//! in `docs/iam-policy.json`, which grants nothing else.
//!
//! Adding a collector call: add its row here and its action to
//! `docs/iam-policy.json`.

/// One AWS API operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The service as the SDK names it in operation metadata (`S3`, `IAM`, `KMS`, ...).
    pub sdk_service: &'static str,
    /// The API operation, e.g. `GetBucketPolicy`.
    pub name: &'static str,
    /// The IAM action that authorizes it, e.g. `s3:GetBucketPolicy`.
    pub iam_action: &'static str,
}

const fn op(sdk_service: &'static str, name: &'static str, iam_action: &'static str) -> Operation {
    Operation {
        sdk_service,
        name,
        iam_action,
    }
}

/// Operations with side effects: opt-in only, and documented as such.
pub const WITH_SIDE_EFFECTS: &[&str] = &["DetectStackDrift"];

/// Operation name prefixes of read-only calls.
pub const READ_PREFIXES: &[&str] = &["List", "Get", "Describe", "BatchGet", "Select"];

/// Every operation the collectors call.
pub const OPERATIONS: &[Operation] = &[
    // Identity and regions (src/collect/session.rs).
    op("STS", "GetCallerIdentity", "sts:GetCallerIdentity"),
    op("Account", "ListRegions", "account:ListRegions"),
    op("EC2", "DescribeRegions", "ec2:DescribeRegions"),
    // S3 (src/collect/s3.rs).
    op("S3", "ListBuckets", "s3:ListAllMyBuckets"),
    op("S3", "GetBucketLocation", "s3:GetBucketLocation"),
    op("S3", "GetBucketPolicy", "s3:GetBucketPolicy"),
    op("S3", "GetBucketVersioning", "s3:GetBucketVersioning"),
    op("S3", "GetBucketLogging", "s3:GetBucketLogging"),
    op("S3", "GetBucketWebsite", "s3:GetBucketWebsite"),
    op("S3", "GetBucketEncryption", "s3:GetEncryptionConfiguration"),
    op("S3", "GetBucketTagging", "s3:GetBucketTagging"),
    // KMS (src/collect/kms.rs).
    op("KMS", "ListKeys", "kms:ListKeys"),
    op("KMS", "ListAliases", "kms:ListAliases"),
    op("KMS", "DescribeKey", "kms:DescribeKey"),
    op("KMS", "GetKeyPolicy", "kms:GetKeyPolicy"),
    op("KMS", "ListResourceTags", "kms:ListResourceTags"),
    // IAM (src/collect/iam.rs).
    op("IAM", "ListRoles", "iam:ListRoles"),
    op("IAM", "ListRoleTags", "iam:ListRoleTags"),
    op(
        "IAM",
        "ListAttachedRolePolicies",
        "iam:ListAttachedRolePolicies",
    ),
    op("IAM", "ListRolePolicies", "iam:ListRolePolicies"),
    op("IAM", "GetRolePolicy", "iam:GetRolePolicy"),
    op("IAM", "GetPolicy", "iam:GetPolicy"),
    op("IAM", "GetPolicyVersion", "iam:GetPolicyVersion"),
    op("IAM", "ListInstanceProfiles", "iam:ListInstanceProfiles"),
    // CloudFormation (src/collect/cloudformation.rs).
    op(
        "CloudFormation",
        "DescribeStacks",
        "cloudformation:DescribeStacks",
    ),
    op(
        "CloudFormation",
        "ListStackResources",
        "cloudformation:ListStackResources",
    ),
    op(
        "CloudFormation",
        "DescribeStackResourceDrifts",
        "cloudformation:DescribeStackResourceDrifts",
    ),
    // Only with --detect-drift: updates the stacks' recorded drift information.
    op(
        "CloudFormation",
        "DetectStackDrift",
        "cloudformation:DetectStackDrift",
    ),
    op(
        "CloudFormation",
        "DescribeStackDriftDetectionStatus",
        "cloudformation:DescribeStackDriftDetectionStatus",
    ),
    // CloudWatch (src/collect/cloudwatch.rs).
    op("CloudWatch", "DescribeAlarms", "cloudwatch:DescribeAlarms"),
    // CodeBuild (src/collect/codebuild.rs).
    op("CodeBuild", "ListProjects", "codebuild:ListProjects"),
    op(
        "CodeBuild",
        "BatchGetProjects",
        "codebuild:BatchGetProjects",
    ),
    // CodeDeploy (src/collect/codedeploy.rs).
    op(
        "CodeDeploy",
        "ListApplications",
        "codedeploy:ListApplications",
    ),
    op(
        "CodeDeploy",
        "ListDeploymentGroups",
        "codedeploy:ListDeploymentGroups",
    ),
    op(
        "CodeDeploy",
        "BatchGetDeploymentGroups",
        "codedeploy:BatchGetDeploymentGroups",
    ),
    op(
        "CodeDeploy",
        "ListTagsForResource",
        "codedeploy:ListTagsForResource",
    ),
    // CodePipeline (src/collect/codepipeline.rs).
    op(
        "CodePipeline",
        "ListPipelines",
        "codepipeline:ListPipelines",
    ),
    op("CodePipeline", "GetPipeline", "codepipeline:GetPipeline"),
    op(
        "CodePipeline",
        "ListTagsForResource",
        "codepipeline:ListTagsForResource",
    ),
    // EC2 (src/collect/ec2.rs).
    op("EC2", "DescribeInstances", "ec2:DescribeInstances"),
    op(
        "EC2",
        "DescribeLaunchTemplates",
        "ec2:DescribeLaunchTemplates",
    ),
    op(
        "EC2",
        "DescribeLaunchTemplateVersions",
        "ec2:DescribeLaunchTemplateVersions",
    ),
    op("EC2", "DescribeImages", "ec2:DescribeImages"),
    op(
        "EC2",
        "GetInstanceMetadataDefaults",
        "ec2:GetInstanceMetadataDefaults",
    ),
    // Auto Scaling (src/collect/autoscaling.rs).
    op(
        "Auto Scaling",
        "DescribeAutoScalingGroups",
        "autoscaling:DescribeAutoScalingGroups",
    ),
    op(
        "Auto Scaling",
        "DescribeLaunchConfigurations",
        "autoscaling:DescribeLaunchConfigurations",
    ),
    // Systems Manager (src/collect/ssm.rs).
    op(
        "SSM",
        "DescribeInstanceInformation",
        "ssm:DescribeInstanceInformation",
    ),
    op(
        "SSM",
        "DescribeInstancePatchStates",
        "ssm:DescribeInstancePatchStates",
    ),
    op(
        "SSM",
        "ListResourceComplianceSummaries",
        "ssm:ListResourceComplianceSummaries",
    ),
    op("SSM", "GetServiceSetting", "ssm:GetServiceSetting"),
    // API Gateway (src/collect/apigateway.rs): IAM authorizes reads by HTTP verb.
    op("API Gateway", "GetRestApis", "apigateway:GET"),
    op("API Gateway", "GetResources", "apigateway:GET"),
    op("ApiGatewayV2", "GetApis", "apigateway:GET"),
    op("ApiGatewayV2", "GetRoutes", "apigateway:GET"),
    // RDS (src/collect/rds.rs).
    op("RDS", "DescribeDBInstances", "rds:DescribeDBInstances"),
    op("RDS", "DescribeDBClusters", "rds:DescribeDBClusters"),
    op(
        "RDS",
        "DescribeGlobalClusters",
        "rds:DescribeGlobalClusters",
    ),
    // DynamoDB (src/collect/dynamodb.rs).
    op("DynamoDB", "ListTables", "dynamodb:ListTables"),
    op(
        "DynamoDB",
        "DescribeContinuousBackups",
        "dynamodb:DescribeContinuousBackups",
    ),
    op(
        "DynamoDB",
        "ListTagsOfResource",
        "dynamodb:ListTagsOfResource",
    ),
    // EKS (src/collect/eks.rs).
    op("EKS", "ListClusters", "eks:ListClusters"),
    // Lambda (src/collect/lambda.rs).
    op("Lambda", "ListFunctions", "lambda:ListFunctions"),
    op("Lambda", "ListTags", "lambda:ListTags"),
    // CloudTrail (src/collect/cloudtrail.rs).
    op("CloudTrail", "DescribeTrails", "cloudtrail:DescribeTrails"),
    op("CloudTrail", "GetTrailStatus", "cloudtrail:GetTrailStatus"),
    op(
        "CloudTrail",
        "GetEventSelectors",
        "cloudtrail:GetEventSelectors",
    ),
    op(
        "CloudTrail",
        "ListEventDataStores",
        "cloudtrail:ListEventDataStores",
    ),
    op(
        "CloudTrail",
        "GetEventDataStore",
        "cloudtrail:GetEventDataStore",
    ),
    // CloudWatch Logs (src/collect/logs.rs).
    op(
        "CloudWatch Logs",
        "DescribeLogGroups",
        "logs:DescribeLogGroups",
    ),
    op(
        "CloudWatch Logs",
        "DescribeMetricFilters",
        "logs:DescribeMetricFilters",
    ),
    op(
        "CloudWatch Logs",
        "ListTagsForResource",
        "logs:ListTagsForResource",
    ),
    // SNS (src/collect/sns.rs).
    op("SNS", "ListTopics", "sns:ListTopics"),
    op(
        "SNS",
        "ListSubscriptionsByTopic",
        "sns:ListSubscriptionsByTopic",
    ),
    // SQS (src/collect/sqs.rs).
    op("SQS", "ListQueues", "sqs:ListQueues"),
    op("SQS", "GetQueueAttributes", "sqs:GetQueueAttributes"),
    op("SQS", "ListQueueTags", "sqs:ListQueueTags"),
    // AWS Config (src/collect/config.rs).
    op(
        "Config Service",
        "DescribeConfigurationRecorders",
        "config:DescribeConfigurationRecorders",
    ),
    op(
        "Config Service",
        "DescribeConfigurationRecorderStatus",
        "config:DescribeConfigurationRecorderStatus",
    ),
    op(
        "Config Service",
        "DescribeDeliveryChannels",
        "config:DescribeDeliveryChannels",
    ),
    op(
        "Config Service",
        "DescribeDeliveryChannelStatus",
        "config:DescribeDeliveryChannelStatus",
    ),
    op(
        "Config Service",
        "DescribeConfigRules",
        "config:DescribeConfigRules",
    ),
    op(
        "Config Service",
        "DescribeRemediationConfigurations",
        "config:DescribeRemediationConfigurations",
    ),
    op(
        "Config Service",
        "DescribeRemediationExecutionStatus",
        "config:DescribeRemediationExecutionStatus",
    ),
    // SSM Automation documents named by Config remediations (src/collect/config.rs).
    op("SSM", "DescribeDocument", "ssm:DescribeDocument"),
    // WAFv2 (src/collect/wafv2.rs).
    op("WAFV2", "ListWebACLs", "wafv2:ListWebACLs"),
    op(
        "WAFV2",
        "GetLoggingConfiguration",
        "wafv2:GetLoggingConfiguration",
    ),
    op("WAFV2", "ListTagsForResource", "wafv2:ListTagsForResource"),
    // Firehose (src/collect/firehose.rs).
    op(
        "Firehose",
        "ListDeliveryStreams",
        "firehose:ListDeliveryStreams",
    ),
    op(
        "Firehose",
        "DescribeDeliveryStream",
        "firehose:DescribeDeliveryStream",
    ),
    op(
        "Firehose",
        "ListTagsForDeliveryStream",
        "firehose:ListTagsForDeliveryStream",
    ),
    // GuardDuty (src/collect/guardduty.rs).
    op("GuardDuty", "ListDetectors", "guardduty:ListDetectors"),
    op("GuardDuty", "GetDetector", "guardduty:GetDetector"),
    // Secrets Manager (src/collect/secretsmanager.rs).
    op(
        "Secrets Manager",
        "ListSecrets",
        "secretsmanager:ListSecrets",
    ),
    op(
        "Secrets Manager",
        "DescribeSecret",
        "secretsmanager:DescribeSecret",
    ),
    op(
        "Secrets Manager",
        "GetResourcePolicy",
        "secretsmanager:GetResourcePolicy",
    ),
];

/// The registered operation `name` of `sdk_service`.
pub fn find(sdk_service: &str, name: &str) -> Option<&'static Operation> {
    OPERATIONS
        .iter()
        .find(|o| o.name == name && o.sdk_service.eq_ignore_ascii_case(sdk_service))
}

/// True when `name` is a read-only operation by its name.
pub fn is_read_only(name: &str) -> bool {
    READ_PREFIXES.iter().any(|p| name.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    /// The SDK operations called in `src`: for every `.send()` and
    /// `.into_paginator()`, the first call of its method chain
    /// (`client.get_bucket_policy().bucket(b).send()` → `GetBucketPolicy`).
    fn called_operations(src: &str) -> Vec<String> {
        let code: String = src
            .lines()
            .map(|l| match l.find("//") {
                Some(i) => &l[..i],
                None => l,
            })
            .collect::<Vec<_>>()
            .join("\n");
        let bytes = code.as_bytes();
        let mut found = Vec::new();
        for pat in [".send()", ".into_paginator()"] {
            let mut from = 0;
            while let Some(i) = code[from..].find(pat) {
                let at = from + i;
                from = at + pat.len();
                let mut pos = at;
                let mut earliest = None;
                loop {
                    let mut j = pos;
                    while j > 0 && bytes[j - 1].is_ascii_whitespace() {
                        j -= 1;
                    }
                    if j == 0 || bytes[j - 1] != b')' {
                        break;
                    }
                    let mut depth = 0i32;
                    let mut k = j;
                    while k > 0 {
                        k -= 1;
                        match bytes[k] {
                            b')' => depth += 1,
                            b'(' => {
                                depth -= 1;
                                if depth == 0 {
                                    break;
                                }
                            }
                            _ => {}
                        }
                    }
                    let end = k;
                    let mut s = end;
                    while s > 0 && (bytes[s - 1].is_ascii_alphanumeric() || bytes[s - 1] == b'_') {
                        s -= 1;
                    }
                    let ident = &code[s..end];
                    let mut d = s;
                    while d > 0 && bytes[d - 1].is_ascii_whitespace() {
                        d -= 1;
                    }
                    if ident.is_empty() || d == 0 || bytes[d - 1] != b'.' {
                        break;
                    }
                    earliest = Some(ident.to_string());
                    pos = d - 1;
                }
                let Some(method) = earliest else {
                    panic!("cannot find the operation of the call chain ending at byte {at}")
                };
                found.push(pascal(&method));
            }
        }
        found
    }

    fn pascal(snake: &str) -> String {
        snake
            .split('_')
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                    .unwrap_or_default()
            })
            .collect()
    }

    fn collector_sources() -> Vec<(String, String)> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut out = Vec::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if path.extension().is_some_and(|e| e == "rs")
                && !name.ends_with("tests.rs")
                && name != "registry.rs"
            {
                let text = std::fs::read_to_string(&path).unwrap();
                // Unit tests at the end of a collector file are not collector calls.
                let text = text.split("#[cfg(test)]").next().unwrap_or("").to_string();
                out.push((name, text));
            }
        }
        out.sort();
        out
    }

    #[test]
    fn the_chain_walker_finds_operations() {
        let src = "let x = client\n    .get_bucket_policy()\n    .bucket(&name) // a .send() in a comment\n    .send()\n    .await;\nlet y = c.list_regions().status(S::Enabled).into_paginator().items().send();";
        assert_eq!(
            called_operations(src),
            ["GetBucketPolicy", "ListRegions", "ListRegions"]
        );
    }

    /// Method names lose acronyms' case (`describe_db_instances` is
    /// `DescribeDBInstances`): operations are compared case-insensitively.
    #[test]
    fn every_called_operation_is_registered_and_every_registered_one_is_called() {
        // Compared without case: the SDK's snake case loses acronyms
        // (`list_web_acls` is `ListWebACLs`).
        let mut called = BTreeSet::new();
        for (file, text) in collector_sources() {
            for op in called_operations(&text) {
                assert!(
                    OPERATIONS.iter().any(|o| o.name.eq_ignore_ascii_case(&op)),
                    "collect/src/{file} calls {op}, which is not in collect/src/registry.rs"
                );
                called.insert(op.to_ascii_lowercase());
            }
        }
        for o in OPERATIONS {
            assert!(
                called.contains(&o.name.to_ascii_lowercase()),
                "{} is registered but no collector calls it",
                o.name
            );
        }
    }

    #[test]
    fn every_operation_reads_and_is_in_the_least_privilege_policy() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/iam-policy.json");
        let policy: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let mut granted = BTreeSet::new();
        for st in policy["Statement"].as_array().unwrap() {
            assert_eq!(st["Effect"], "Allow", "the scan policy only allows");
            assert!(st.get("NotAction").is_none());
            for a in st["Action"].as_array().unwrap() {
                let a = a.as_str().unwrap();
                assert!(!a.contains('*'), "no wildcard actions: {a}");
                granted.insert(a.to_string());
            }
        }
        for o in OPERATIONS {
            assert!(
                is_read_only(o.name) || WITH_SIDE_EFFECTS.contains(&o.name),
                "{} is neither a List/Get/Describe/BatchGet/Select operation nor the opt-in DetectStackDrift",
                o.name
            );
            assert!(
                granted.contains(o.iam_action),
                "{} is not in docs/iam-policy.json",
                o.iam_action
            );
        }
        let needed: BTreeSet<&str> = OPERATIONS.iter().map(|o| o.iam_action).collect();
        for a in &granted {
            assert!(
                needed.contains(a.as_str()),
                "docs/iam-policy.json grants {a}, which no collector needs"
            );
        }
        assert_eq!(
            WITH_SIDE_EFFECTS,
            ["DetectStackDrift"],
            "DetectStackDrift is the only call with side effects"
        );
    }
}
