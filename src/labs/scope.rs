//! Which resources a lab judges: by default those tagged
//! `awscheck:lab=<id>` or named like one of the lab's `[scope] names`, or
//! with `--stack NAME` the physical resources of a CloudFormation stack (and
//! of its nested stacks).
//!
//! A step that judges a kind of resource sees the account with that kind
//! narrowed to the lab's resources, everything else as it is: the lab's
//! pipeline is judged as if it were the only one, and still finds the key
//! and the buckets it refers to.

use super::kind::{Item, Kind};
use awscheck_checks::arn::wildcard_match;
use awscheck_checks::collected::Collected;
use awscheck_checks::engine::Data;
use awscheck_checks::inventory::{cloudformation, Account};

/// The tag key that puts a resource in a lab (its value is the lab id).
pub const LAB_TAG: &str = "awscheck:lab";

/// The resources a lab judges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Tagged `awscheck:lab=<id>`, or named like one of `names` (a name
    /// glob, or an ARN glob when it starts with `arn:`).
    Lab { id: String, names: Vec<String> },
    /// The physical resources of the stack of this name and of its nested stacks.
    Stack(String),
}

/// One account narrowed to a scope, for one kind.
pub struct Narrowed {
    /// The ARNs of the kind's resources in scope.
    pub in_scope: Vec<String>,
    /// Why "nothing in scope" cannot be told apart from "could not read":
    /// the kind's section (or its tags, or the stack's resources) could not
    /// be read or was not collected.
    pub unknown: Vec<String>,
    /// With `--stack`: whether the account has a stack of that name.
    pub stack_found: bool,
}

impl Scope {
    /// A one-line description: "resources tagged awscheck:lab=x".
    pub fn describe(&self) -> String {
        match self {
            Scope::Lab { id, names } if names.is_empty() => {
                format!("resources tagged {LAB_TAG}={id}")
            }
            Scope::Lab { id, names } => format!(
                "resources tagged {LAB_TAG}={id} or named like {}",
                names.join(", ")
            ),
            Scope::Stack(name) => {
                format!("the resources of CloudFormation stack {name} (and its nested stacks)")
            }
        }
    }

    /// What a step of `kind` with nothing in scope tells the learner;
    /// `stack_found`: with `--stack`, whether the stack exists.
    pub fn missing(&self, kind: Kind, stack_found: bool) -> String {
        let (noun, a_noun) = (kind.noun(), kind.a_noun());
        match self {
            Scope::Lab { id, names } if names.is_empty() || kind_has_tags(kind) => {
                let named = if names.is_empty() {
                    String::new()
                } else {
                    format!(" (or named like {})", names.join(", "))
                };
                format!("nothing in scope: create {a_noun} tagged {LAB_TAG}={id}{named}")
            }
            Scope::Lab { names, .. } => format!(
                "nothing in scope: create {a_noun} named like {}",
                names.join(", ")
            ),
            Scope::Stack(name) if !stack_found => {
                format!("nothing in scope: there is no stack {name} in the regions verified")
            }
            Scope::Stack(name) => format!(
                "nothing in scope: stack {name} has no {noun} ({})",
                kind.cfn_type()
            ),
        }
    }

    /// What live collection must read, beyond the checks, to scope `kinds`.
    pub fn reads(&self, kinds: &[Kind]) -> Vec<Data> {
        let mut out: Vec<Data> = kinds.iter().flat_map(|k| k.data()).copied().collect();
        if matches!(self, Scope::Stack(_)) {
            out.extend([cloudformation::STACKS, cloudformation::STACK_RESOURCES]);
        }
        out
    }

    /// Narrows `account`'s resources of `kind` to the scope.
    pub fn narrow(&self, account: &mut Account, kind: Kind) -> Narrowed {
        let mut unknown = blind(account, kind);
        let mut stack_found = true;
        let in_scope = match self {
            Scope::Lab { id, names } => kind.retain(account, &mut |item| {
                item.tags
                    .is_some_and(|t| t.get(LAB_TAG).is_some_and(|v| v == id))
                    || names.iter().any(|p| named_like(p, item))
            }),
            Scope::Stack(name) => {
                let stack = StackMembers::of(account, name);
                unknown.extend(stack.unknown.iter().cloned());
                stack_found = !stack.arns.is_empty();
                kind.retain(account, &mut |item| stack.holds(kind, item))
            }
        };
        Narrowed {
            in_scope: in_scope.unwrap_or_default(),
            unknown,
            stack_found,
        }
    }
}

/// True when the model keeps tags for the kind.
fn kind_has_tags(kind: Kind) -> bool {
    kind != Kind::Trail
}

/// A name glob matches the resource's name; an ARN glob its ARN.
fn named_like(pattern: &str, item: &Item) -> bool {
    if pattern.starts_with("arn:") {
        wildcard_match(pattern, item.arn)
    } else {
        wildcard_match(pattern, item.name)
    }
}

/// Why the kind's resources (or their tags) may be incomplete in `account`.
fn blind(account: &Account, kind: Kind) -> Vec<String> {
    if !account.has_section(kind.section()) {
        return vec![format!(
            "not collected: the inventory has no {} section",
            kind.section()
        )];
    }
    account
        .collection_errors
        .iter()
        .filter(|e| {
            e.service == kind.section()
                && e.part
                    .as_deref()
                    .is_none_or(|p| kind.data().iter().any(|d| d.path == p))
        })
        .map(|e| {
            let what = match &e.part {
                Some(part) => format!("{} {part}", e.service),
                None => e.service.clone(),
            };
            format!("{what} could not be read in {}: {}", e.region, e.error)
        })
        .collect()
}

/// The stacks of a name (with their nested stacks) and their physical resources.
struct StackMembers {
    arns: Vec<String>,
    /// (resource type, physical id)
    resources: Vec<(String, String)>,
    unknown: Vec<String>,
}

impl StackMembers {
    fn of(account: &Account, name: &str) -> StackMembers {
        let stacks = account
            .cloudformation
            .as_ref()
            .map(|c| c.stacks.as_slice())
            .unwrap_or_default();
        let roots: Vec<&str> = stacks
            .iter()
            .filter(|s| s.name == name && !s.is_nested())
            .map(|s| s.arn.as_str())
            .collect();
        let mut out = StackMembers {
            arns: Vec::new(),
            resources: Vec::new(),
            unknown: Vec::new(),
        };
        for s in stacks.iter().filter(|s| {
            roots.contains(&s.arn.as_str())
                || s.root_id.as_deref().is_some_and(|r| roots.contains(&r))
        }) {
            out.arns.push(s.arn.clone());
            match &s.resources {
                Collected::Value(list) => out.resources.extend(
                    list.iter()
                        .filter_map(|r| Some((r.resource_type.clone(), r.physical_id.clone()?))),
                ),
                Collected::Absent => {}
                Collected::Error(e) => out
                    .unknown
                    .push(format!("the resources of stack {}: {e}", s.name)),
            }
        }
        out
    }

    /// True when `item` (of `kind`) is one of the stacks or one of their
    /// physical resources of the kind's type. A physical id is what
    /// CloudFormation returns for the type: a name (bucket, pipeline,
    /// trail, deployment group, function), a URL (queue), an ARN, or
    /// `name|id|scope` (web ACL).
    fn holds(&self, kind: Kind, item: &Item) -> bool {
        if kind == Kind::Stack {
            return self.arns.iter().any(|a| a == item.arn);
        }
        self.resources.iter().any(|(ty, id)| {
            ty == kind.cfn_type()
                && (id == item.arn
                    || id == item.name
                    || id.split('|').next() == Some(item.name)
                    || (id.starts_with("https://") && id.rsplit('/').next() == Some(item.name)))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use awscheck_checks::inventory::Tags;

    fn item<'a>(arn: &'a str, name: &'a str, tags: Option<&'a Tags>) -> Item<'a> {
        Item { arn, name, tags }
    }

    #[test]
    fn names_match_by_name_or_arn_glob() {
        let i = item(
            "arn:aws:cloudtrail:us-east-1:1:trail/lab-trail",
            "lab-trail",
            None,
        );
        assert!(named_like("lab-*", &i));
        assert!(named_like("arn:aws:cloudtrail:*:*:trail/lab-*", &i));
        assert!(!named_like("arn:aws:s3:::lab-*", &i));
        assert!(!named_like("other", &i));
    }

    #[test]
    fn stack_members_match_physical_ids_of_the_kinds_type() {
        let members = StackMembers {
            arns: vec!["arn:aws:cloudformation:us-east-1:1:stack/s/x".into()],
            resources: vec![
                ("AWS::S3::Bucket".into(), "lab-bucket".into()),
                (
                    "AWS::WAFv2::WebACL".into(),
                    "lab-acl|abc-123|REGIONAL".into(),
                ),
                (
                    "AWS::SQS::Queue".into(),
                    "https://sqs.us-east-1.amazonaws.com/1/lab-q".into(),
                ),
            ],
            unknown: Vec::new(),
        };
        let bucket = item("arn:aws:s3:::lab-bucket", "lab-bucket", None);
        assert!(members.holds(Kind::Bucket, &bucket));
        assert!(!members.holds(
            Kind::Pipeline,
            &item(
                "arn:aws:codepipeline:us-east-1:1:lab-bucket",
                "lab-bucket",
                None
            )
        ));
        let acl = item(
            "arn:aws:wafv2:us-east-1:1:regional/webacl/lab-acl/abc-123",
            "lab-acl",
            None,
        );
        assert!(members.holds(Kind::WebAcl, &acl));
        assert!(members.holds(
            Kind::Queue,
            &item("arn:aws:sqs:us-east-1:1:lab-q", "lab-q", None)
        ));
        assert!(members.holds(
            Kind::Stack,
            &item("arn:aws:cloudformation:us-east-1:1:stack/s/x", "s", None)
        ));
        assert!(!members.holds(
            Kind::Stack,
            &item("arn:aws:cloudformation:us-east-1:1:stack/t/y", "t", None)
        ));
    }

    #[test]
    fn missing_says_what_to_create_and_how_to_scope_it() {
        let lab = Scope::Lab {
            id: "l".into(),
            names: vec![],
        };
        assert_eq!(
            lab.missing(Kind::Pipeline, true),
            "nothing in scope: create a pipeline tagged awscheck:lab=l"
        );
        let named = Scope::Lab {
            id: "l".into(),
            names: vec!["lab-*".into()],
        };
        assert_eq!(
            named.missing(Kind::Trail, true),
            "nothing in scope: create a CloudTrail trail named like lab-*"
        );
        assert_eq!(
            named.missing(Kind::Bucket, true),
            "nothing in scope: create an S3 bucket tagged awscheck:lab=l (or named like lab-*)"
        );
        assert_eq!(
            Scope::Stack("s".into()).missing(Kind::Bucket, true),
            "nothing in scope: stack s has no S3 bucket (AWS::S3::Bucket)"
        );
        assert_eq!(
            Scope::Stack("s".into()).missing(Kind::Bucket, false),
            "nothing in scope: there is no stack s in the regions verified"
        );
    }
}
