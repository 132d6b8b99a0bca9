//! IAM roles: does the role a resource names exist, can the service that
//! uses it assume it, and what do its permissions allow?
//!
//! [`Roles`] indexes the account's roles once per check and answers:
//! - [`Roles::lookup`]: the role a reference names, as a
//!   `Lookup` worded by the reference block
//!   (`LABEL does not exist`, `LABEL could not be looked up: IAM could not be
//!   listed`, `LABEL belongs to account N, which this inventory does not
//!   cover`). A reference is a role ARN, matched as IAM matches names
//!   (case-insensitively, with or without the role's path, when exactly one
//!   role of that account fits), or a bare role name of the account (which
//!   CodeBuild accepts).
//! - [`trust`]: whether the role's trust policy lets a service principal call
//!   `sts:AssumeRole` (every legal principal shape; an unconditional Deny
//!   takes it back). Reasons: `LABEL does not trust SERVICE (its trust policy
//!   has no sts:AssumeRole for that service)`, and `LABEL: trust policy
//!   document is not valid: …` when it does not parse.
//! - [`Roles::assumable_by`]: both at once, for a role a service must assume.
//! - [`Roles::permissions`]: the role's inline and attached managed policies,
//!   parsed, or `LABEL's permissions could not be read: …`. [`Permissions`]
//!   answers whether the role allows an action (on a resource), which of its
//!   statements make it an administrator (`ORIGIN allows * on *`), and its
//!   broad IAM grants (`ORIGIN allows iam:*`, `ORIGIN allows iam:PassRole on
//!   every role`), where ORIGIN is `inline policy NAME` or the managed
//!   policy's ARN. [`attached_aws_managed`] tells whether an AWS managed
//!   policy (`AdministratorAccess`, `AmazonSSMManagedInstanceCore`) is
//!   attached, from the attachment list alone.
//! - [`Roles::allowed`]: both the role and its permissions at once, for a
//!   role that must be allowed some actions on one resource (a function's
//!   execution role sending to its dead-letter queue, a task execution role
//!   writing to its log group): `LABEL is not allowed A, B on RESOURCE`.
//! - [`Roles::instance_profile`]: the instance profile an instance names.
//!
//! LABEL is the check's name for the role (`role ARN`, `service role NAME`,
//! `the role`). Permission boundaries, SCPs and session policies are not in
//! the model: "allows" reads the role's own policies.

use super::reference::{Lookup, Reference};
use crate::arn::{account_of, Arn};
use crate::engine::Context;
use crate::inventory::iam::{IamIndex, InstanceProfile, Role, RoleDocument};
use crate::policy::{Effect, Statement};
use std::cell::OnceCell;
use std::collections::HashMap;

/// The account's roles and instance profiles, indexed for references.
pub struct Roles<'a> {
    iam: IamIndex<'a>,
    /// The audited account: bare role names are its roles.
    account: &'a str,
    /// Roles by lower-cased name (and last ARN segment), built on the first
    /// reference that is not found as given.
    loose: OnceCell<HashMap<String, Vec<&'a Role>>>,
}

impl<'a> Roles<'a> {
    pub fn new(ctx: &'a Context) -> Roles<'a> {
        Roles {
            iam: ctx.iam().index(),
            account: &ctx.account.account_id,
            loose: OnceCell::new(),
        }
    }

    /// The role `reference` names, if the inventory has it: by exact ARN;
    /// else by name among the account's roles for a bare name; else the one
    /// role of the ARN's account whose ARN matches case-insensitively or
    /// whose name matches the ARN's last segment (IAM names are
    /// case-insensitive, and a role ARN may omit the role's path).
    pub fn find(&self, reference: &str) -> Option<&'a Role> {
        if let Some(role) = self.iam.roles.get(reference) {
            return Some(role);
        }
        let is_arn = Arn::parse(reference).is_some();
        let name = if is_arn {
            reference.rsplit('/').next().unwrap_or(reference)
        } else {
            reference
        };
        let account = self.account_of(reference);
        let loose = self.loose.get_or_init(|| by_lower_name(&self.iam));
        let candidates = loose
            .get(&name.to_ascii_lowercase())
            .map_or(&[][..], Vec::as_slice);
        let mut hits = candidates.iter().filter(|r| {
            (is_arn && r.arn.eq_ignore_ascii_case(reference))
                || (r.name.eq_ignore_ascii_case(name) && account_of(&r.arn) == account)
        });
        match (hits.next(), hits.next()) {
            (Some(role), None) => Some(role),
            _ => None,
        }
    }

    /// The role `reference` names, or why it is missing or unknown.
    pub fn lookup(
        &self,
        ctx: &Context,
        reference: &str,
        label: impl Into<String>,
    ) -> Lookup<&'a Role> {
        self.resolve(ctx, reference, label, self.find(reference))
    }

    /// What the inventory says about the IAM resource `reference` names,
    /// given what an index found.
    fn resolve<T>(
        &self,
        ctx: &Context,
        reference: &str,
        label: impl Into<String>,
        found: Option<T>,
    ) -> Lookup<T> {
        let account = self.account_of(reference).unwrap_or(self.account);
        Reference::global(label, "iam", account).resolve(ctx, found)
    }

    /// The account of the IAM resource `reference` names: an ARN's own
    /// (none when it has none), or the audited account's for a bare name.
    fn account_of<'r>(&self, reference: &'r str) -> Option<&'r str>
    where
        'a: 'r,
    {
        if Arn::parse(reference).is_some() {
            account_of(reference)
        } else {
            Some(self.account)
        }
    }

    /// The role `reference` names, found only when it trusts `service`
    /// (e.g. `ssm.amazonaws.com`); missing when it does not exist or does
    /// not trust the service.
    pub fn assumable_by(
        &self,
        ctx: &Context,
        reference: &str,
        service: &str,
        label: &str,
    ) -> Lookup<&'a Role> {
        self.lookup(ctx, reference, label)
            .and_then(|role| trust(role, service, label).map(|()| role))
    }

    /// The role's permission documents: its inline policies and the default
    /// versions of its attached managed policies. `Err` says what could not
    /// be read or parsed: judge nothing from a partial set.
    pub fn permissions(&self, role: &Role, label: &str) -> Result<Permissions, String> {
        self.iam
            .role_documents(role)
            .map(|documents| Permissions { documents })
            .map_err(|e| format!("{label}'s permissions could not be read: {e}"))
    }

    /// The role `reference` names, found only when its permissions allow
    /// every one of `actions` on `resource`; missing when it does not exist
    /// or lacks some (`LABEL is not allowed A, B on RESOURCE`), unknown when
    /// it or its permissions could not be read.
    pub fn allowed(
        &self,
        ctx: &Context,
        reference: &str,
        label: &str,
        actions: &[&str],
        resource: &str,
    ) -> Lookup<&'a Role> {
        self.lookup(ctx, reference, label).and_then(|role| {
            let permissions = match self.permissions(role, label) {
                Ok(p) => p,
                Err(why) => return Lookup::Unknown(why),
            };
            let lacking: Vec<&str> = actions
                .iter()
                .copied()
                .filter(|a| !permissions.allows(a, Some(resource)))
                .collect();
            if lacking.is_empty() {
                Lookup::Found(role)
            } else {
                Lookup::Missing(format!(
                    "{label} is not allowed {} on {resource}",
                    lacking.join(", ")
                ))
            }
        })
    }

    /// The instance profile `arn` names.
    pub fn instance_profile(
        &self,
        ctx: &Context,
        arn: &str,
        label: impl Into<String>,
    ) -> Lookup<&'a InstanceProfile> {
        self.resolve(
            ctx,
            arn,
            label,
            self.iam.instance_profiles.get(arn).copied(),
        )
    }
}

/// Every role under its lower-cased name, and under the lower-cased last
/// segment of its ARN where that differs: every role [`Roles::find`]'s
/// loose match can hit is under the lower-cased last segment looked up.
fn by_lower_name<'a>(iam: &IamIndex<'a>) -> HashMap<String, Vec<&'a Role>> {
    let mut by_name: HashMap<String, Vec<&Role>> = HashMap::new();
    for &role in iam.roles.values() {
        let name = role.name.to_ascii_lowercase();
        let tail = role.arn.rsplit('/').next().unwrap_or(&role.arn);
        if !tail.eq_ignore_ascii_case(&name) {
            by_name
                .entry(tail.to_ascii_lowercase())
                .or_default()
                .push(role);
        }
        by_name.entry(name).or_default().push(role);
    }
    by_name
}

/// Whether `role`'s trust policy lets `service` assume it: found when it
/// does, missing when it does not, unknown when the policy does not parse.
pub fn trust(role: &Role, service: &str, label: &str) -> Lookup<()> {
    match role.trust_policy.parse() {
        Err(e) => Lookup::Unknown(format!("{label}: trust {e}")),
        Ok(p) if p.trusts_service(service) => Lookup::Found(()),
        Ok(_) => Lookup::Missing(format!(
            "{label} does not trust {service} (its trust policy has no sts:AssumeRole for that service)"
        )),
    }
}

/// True when the AWS managed policy `name` (`AdministratorAccess`) is in
/// the role's attachment list, in any partition; false when the list could
/// not be read.
pub fn attached_aws_managed(role: &Role, name: &str) -> bool {
    role.attached_policies
        .value()
        .is_some_and(|arns| arns.iter().any(|a| is_aws_managed(a, name)))
}

/// `arn:<partition>:iam::aws:policy/<name>`.
fn is_aws_managed(arn: &str, name: &str) -> bool {
    Arn::parse(arn).is_some_and(|a| {
        a.service == "iam" && a.account == "aws" && a.resource.strip_prefix("policy/") == Some(name)
    })
}

/// A role's permission documents, read and parsed.
pub struct Permissions {
    documents: Vec<RoleDocument>,
}

impl Permissions {
    /// True when an Allow statement grants `action` on `resource` (on some
    /// resource, when `None`) and no unconditional Deny of it takes it back.
    /// Conditions on Allow statements are not evaluated.
    pub fn allows(&self, action: &str, resource: Option<&str>) -> bool {
        let matching = |effect: Effect| {
            self.documents
                .iter()
                .flat_map(|d| &d.policy.statements)
                .filter(move |s| s.effect == effect)
                .filter(|s| {
                    s.matches_action(action) && resource.is_none_or(|r| s.matches_resource(r))
                })
        };
        matching(Effect::Allow).next().is_some()
            && !matching(Effect::Deny).any(|s| s.conditions.is_empty())
    }

    /// The statements that make the role an administrator (Allow `*` or
    /// `*:*` on `*` with no condition), as `ORIGIN allows * on *`. The
    /// `AdministratorAccess` policy itself is not listed: see
    /// [`attached_aws_managed`].
    pub fn administrator(&self) -> Vec<String> {
        self.statements()
            .filter(|(_, s)| s.is_admin())
            .map(|(origin, _)| format!("{origin} allows * on *"))
            .collect()
    }

    /// Broad IAM grants short of administrator: `ORIGIN allows iam:*`, or
    /// `ORIGIN allows iam:PassRole on every role` (see [`covers_every_role`]).
    pub fn broad_iam(&self) -> Vec<String> {
        self.statements()
            .filter(|(_, s)| s.effect == Effect::Allow && !s.is_admin())
            .filter_map(|(origin, s)| {
                let what = if s.lists_action("iam:*") {
                    "iam:*"
                } else if s.matches_action("iam:PassRole") && covers_every_role(s) {
                    "iam:PassRole on every role"
                } else {
                    return None;
                };
                Some(format!("{origin} allows {what}"))
            })
            .collect()
    }

    /// Every statement of every document (`AdministratorAccess` included),
    /// with its ORIGIN, for a check that weighs statements itself (a
    /// conditional Deny, an Allow on every resource of a service).
    pub fn every_statement(&self) -> impl Iterator<Item = (&str, &Statement)> {
        self.documents
            .iter()
            .flat_map(|d| d.policy.statements.iter().map(|s| (d.origin.as_str(), s)))
    }

    /// Every statement with the document it comes from, but those of
    /// `AdministratorAccess` (reported as attached).
    fn statements(&self) -> impl Iterator<Item = (&str, &Statement)> {
        self.documents
            .iter()
            .filter(|d| !is_aws_managed(&d.origin, ADMINISTRATOR_ACCESS_NAME))
            .flat_map(|d| d.policy.statements.iter().map(|s| (d.origin.as_str(), s)))
    }
}

/// True when the statement's resources take in every role of an account:
/// `*`, or an IAM ARN whose resource is `*`, `role*` or `role/*`
/// (`arn:aws:iam::*:role/*`, `arn:aws:iam::111122223333:role/*`, any
/// partition), or a `NotResource` (every resource but those it names). A
/// path or name prefix (`role/service-role/*`, `role/storefront-*`) is not.
pub fn covers_every_role(s: &Statement) -> bool {
    let every = |p: &str| {
        let parts: Vec<&str> = p.splitn(6, ':').collect();
        p == "*"
            || (parts.len() == 6
                && parts[0] == "arn"
                && matches!(parts[2], "iam" | "*")
                && matches!(parts[5], "*" | "role*" | "role/*"))
    };
    match (&s.resource, &s.not_resource) {
        (Some(r), _) => r.iter().any(|p| every(p)),
        (None, Some(_)) => true,
        (None, None) => false,
    }
}

/// The AWS managed policy that grants full administrator access
/// (`arn:aws:iam::aws:policy/AdministratorAccess` in the `aws` partition).
pub const ADMINISTRATOR_ACCESS_NAME: &str = "AdministratorAccess";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::with_context;
    use serde_json::{json, Value};

    const ROLE: &str = "arn:aws:iam::111122223333:role/ci/Build-Role";

    fn role(name: &str, arn: &str, trust: Value, inline: Value) -> Value {
        json!({"arn": arn, "region": "global", "account_id": "111122223333", "name": name,
            "trust_policy": trust, "attached_policies": {"value": []},
            "inline_policies": {"value": [{"name": "main", "document": inline}]}})
    }

    fn trusting(service: &str) -> Value {
        json!({"Statement": [{"Effect": "Allow", "Principal": {"Service": [service]}, "Action": "sts:AssumeRole"}]})
    }

    fn account(roles: Value) -> Value {
        json!({"iam": {"roles": roles, "instance_profiles": [
            {"arn": "arn:aws:iam::111122223333:instance-profile/p", "region": "global", "account_id": "111122223333",
             "name": "p", "role_arns": [ROLE]}]}})
    }

    fn build_role() -> Value {
        role(
            "Build-Role",
            ROLE,
            trusting("codebuild.amazonaws.com"),
            json!({"Statement": []}),
        )
    }

    fn name<T>(l: Lookup<&Role>, f: impl FnOnce(&Role) -> T) -> Lookup<T> {
        l.map(f)
    }

    #[test]
    fn references_match_as_iam_matches_names() {
        with_context(account(json!([build_role()])), |ctx| {
            let roles = Roles::new(ctx);
            for reference in [
                ROLE,
                "arn:aws:iam::111122223333:role/ci/build-role",
                "arn:aws:iam::111122223333:role/Build-Role",
                "Build-Role",
                "build-role",
            ] {
                assert_eq!(
                    name(roles.lookup(ctx, reference, "role"), |r| r.name.clone()),
                    Lookup::Found("Build-Role".to_string()),
                    "{reference}"
                );
            }
            assert_eq!(
                roles
                    .lookup(ctx, "arn:aws:iam::111122223333:role/gone", "role gone")
                    .map(|_| ()),
                Lookup::Missing("role gone does not exist".into())
            );
            assert_eq!(
                roles
                    .lookup(ctx, "arn:aws:iam::444455556666:role/Build-Role", "the role")
                    .map(|_| ()),
                Lookup::Unknown(
                    "the role belongs to account 444455556666, which this inventory does not cover"
                        .into()
                ),
                "another account's role of the same name is not this one"
            );
        });
    }

    #[test]
    fn two_roles_that_fit_a_loose_reference_match_neither() {
        let twins = json!([
            role("Build-Role", ROLE, trusting("x"), json!({"Statement": []})),
            role(
                "build-role",
                "arn:aws:iam::111122223333:role/other/build-role",
                trusting("x"),
                json!({"Statement": []})
            )
        ]);
        with_context(account(twins), |ctx| {
            let roles = Roles::new(ctx);
            assert!(roles
                .find("arn:aws:iam::111122223333:role/BUILD-ROLE")
                .is_none());
            assert!(roles.find(ROLE).is_some());
        });
    }

    #[test]
    fn blind_iam_makes_a_missing_role_unknown() {
        let mut a = account(json!([]));
        a["collection_errors"] = json!([{"service": "iam", "region": "global", "operation": "GetAccountAuthorizationDetails", "code": "AccessDenied"}]);
        with_context(a, |ctx| {
            assert_eq!(
                Roles::new(ctx).lookup(ctx, ROLE, "the role").map(|_| ()),
                Lookup::Unknown("the role could not be looked up: IAM could not be listed".into())
            );
        });
    }

    #[test]
    fn trust_in_every_principal_shape() {
        let shapes = [
            json!({"Statement": {"Effect": "Allow", "Principal": {"Service": "codebuild.amazonaws.com"}, "Action": "sts:AssumeRole"}}),
            json!({"Statement": [{"Effect": "Allow", "Principal": {"Service": ["ec2.amazonaws.com", "codebuild.amazonaws.com"]}, "Action": ["sts:AssumeRole", "sts:TagSession"]}]}),
            json!({"Statement": [{"Effect": "Allow", "Principal": {"Service": "CodeBuild.amazonaws.com"}, "Action": "sts:*"}]}),
            json!(
                r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"codebuild.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
            ),
        ];
        for trust_policy in shapes {
            with_context(
                account(json!([role(
                    "r",
                    ROLE,
                    trust_policy.clone(),
                    json!({"Statement": []})
                )])),
                |ctx| {
                    let roles = Roles::new(ctx);
                    let r = roles.assumable_by(ctx, ROLE, "codebuild.amazonaws.com", "role r");
                    assert!(matches!(r, Lookup::Found(_)), "{trust_policy}: {r:?}");
                },
            );
        }
    }

    #[test]
    fn trust_reasons() {
        let denied = json!({"Statement": [
            {"Effect": "Allow", "Principal": {"Service": "codebuild.amazonaws.com"}, "Action": "sts:AssumeRole"},
            {"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole"}]});
        let roles = json!([
            role(
                "wrong",
                "arn:aws:iam::111122223333:role/wrong",
                trusting("ec2.amazonaws.com"),
                json!({"Statement": []})
            ),
            role(
                "denied",
                "arn:aws:iam::111122223333:role/denied",
                denied,
                json!({"Statement": []})
            ),
            role(
                "bad",
                "arn:aws:iam::111122223333:role/bad",
                json!({"Statement": [{"Effect": "Maybe"}]}),
                json!({"Statement": []})
            )
        ]);
        with_context(account(roles), |ctx| {
            let r = Roles::new(ctx);
            let ask = |name: &str| {
                r.assumable_by(
                    ctx,
                    &format!("arn:aws:iam::111122223333:role/{name}"),
                    "codebuild.amazonaws.com",
                    &format!("role {name}"),
                )
                .map(|_| ())
            };
            assert_eq!(
                ask("wrong"),
                Lookup::Missing("role wrong does not trust codebuild.amazonaws.com (its trust policy has no sts:AssumeRole for that service)".into())
            );
            assert!(
                matches!(ask("denied"), Lookup::Missing(_)),
                "an unconditional Deny takes it back"
            );
            assert!(
                matches!(ask("bad"), Lookup::Unknown(why) if why.starts_with("role bad: trust policy document is not valid")),
            );
        });
    }

    fn permissions_of(
        inline: Value,
        attached: &[&str],
        policies: Value,
    ) -> (Option<Permissions>, bool, Option<String>) {
        let mut r = role("r", ROLE, trusting("x"), inline);
        r["attached_policies"] = json!({"value": attached});
        let a = json!({"iam": {"roles": [r], "policies": policies}});
        with_context(a, |ctx| {
            let roles = Roles::new(ctx);
            let role = roles.find(ROLE).unwrap();
            let admin = attached_aws_managed(role, ADMINISTRATOR_ACCESS_NAME);
            match roles.permissions(role, "the role") {
                Ok(p) => (Some(p), admin, None),
                Err(e) => (None, admin, Some(e)),
            }
        })
    }

    #[test]
    fn allows_reads_actions_resources_and_unconditional_denies() {
        let (p, _, _) = permissions_of(
            json!({"Statement": [
                {"Effect": "Allow", "Action": ["ssm:UpdateInstanceInformation", "s3:GetObject"], "Resource": "*",
                 "Condition": {"Bool": {"aws:SecureTransport": "true"}}},
                {"Effect": "Allow", "Action": "ssmmessages:*", "Resource": "arn:aws:ssm:*:*:session/*"},
                {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"},
                {"Effect": "Deny", "Action": "ssm:UpdateInstanceInformation", "Resource": "*", "Condition": {"Bool": {"aws:ViaAWSService": "false"}}}]}),
            &[],
            json!([]),
        );
        let p = p.unwrap();
        assert!(p.allows(
            "ssm:UpdateInstanceInformation",
            Some("arn:aws:ec2:us-east-1:1:instance/i-1")
        ));
        assert!(
            !p.allows("s3:GetObject", None),
            "an unconditional Deny takes it back"
        );
        assert!(
            p.allows("ssmmessages:OpenDataChannel", None),
            "any resource when none is given"
        );
        assert!(!p.allows("ssmmessages:OpenDataChannel", Some("*")));
        assert!(!p.allows("iam:PassRole", None));
    }

    #[test]
    fn administrators_and_broad_iam_grants() {
        let (p, attached, _) = permissions_of(
            json!({"Statement": [
                {"Effect": "Allow", "Action": "*:*", "Resource": "*"},
                {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}},
                {"Effect": "Allow", "Action": "iam:*", "Resource": "arn:aws:iam::111122223333:role/x"},
                {"Effect": "Allow", "Action": "iam:Pass*", "Resource": "arn:aws:iam::*:role/*"},
                {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/deploy"},
                {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/service-role/*"},
                {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/*"},
                {"Effect": "Allow", "Action": "iam:PassRole", "NotResource": "arn:aws:iam::111122223333:role/admin"}]}),
            &["arn:aws-us-gov:iam::aws:policy/AdministratorAccess"],
            json!([{"arn": "arn:aws-us-gov:iam::aws:policy/AdministratorAccess", "region": "global", "account_id": "aws",
                "name": "AdministratorAccess", "document": {"value": {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}}]),
        );
        let p = p.unwrap();
        assert!(attached, "AdministratorAccess in any partition");
        assert_eq!(p.administrator(), ["inline policy main allows * on *"]);
        assert_eq!(
            p.broad_iam(),
            [
                "inline policy main allows iam:PassRole on every role",
                "inline policy main allows iam:*",
                "inline policy main allows iam:PassRole on every role",
                "inline policy main allows iam:PassRole on every role",
                "inline policy main allows iam:PassRole on every role",
            ]
        );
    }

    #[test]
    fn unreadable_permissions_say_what() {
        let (p, attached, e) = permissions_of(
            json!({"Statement": []}),
            &["arn:aws:iam::aws:policy/AdministratorAccess"],
            json!([]),
        );
        assert!(p.is_none());
        assert!(
            attached,
            "the attachment list is read without the documents"
        );
        assert_eq!(
            e.unwrap(),
            "the role's permissions could not be read: attached policy arn:aws:iam::aws:policy/AdministratorAccess is not in the inventory"
        );
    }

    #[test]
    fn allowed_names_the_actions_a_role_lacks_on_a_resource() {
        let queue = "arn:aws:sqs:us-east-1:111122223333:dlq";
        let inline = json!({"Statement": [
            {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": queue},
            {"Effect": "Allow", "Action": "sns:Publish", "Resource": "arn:aws:sns:us-east-1:111122223333:other"}]});
        let a =
            json!({"iam": {"roles": [role("r", ROLE, trusting("lambda.amazonaws.com"), inline)]}});
        with_context(a, |ctx| {
            let roles = Roles::new(ctx);
            let ask = |actions: &[&str], resource: &str| {
                roles
                    .allowed(ctx, ROLE, "execution role r", actions, resource)
                    .map(|r| r.name.clone())
            };
            assert_eq!(
                ask(&["sqs:SendMessage"], queue),
                Lookup::Found("r".to_string())
            );
            assert_eq!(
                ask(&["sqs:SendMessage", "sns:Publish"], "arn:aws:sns:us-east-1:111122223333:t"),
                Lookup::Missing("execution role r is not allowed sqs:SendMessage, sns:Publish on arn:aws:sns:us-east-1:111122223333:t".into())
            );
            assert_eq!(
                roles
                    .allowed(
                        ctx,
                        "arn:aws:iam::111122223333:role/gone",
                        "role gone",
                        &["sqs:SendMessage"],
                        queue
                    )
                    .map(|_| ()),
                Lookup::Missing("role gone does not exist".into())
            );
        });
        let unread = json!({"iam": {"roles": [{"arn": ROLE, "region": "global", "account_id": "111122223333", "name": "r",
            "trust_policy": trusting("lambda.amazonaws.com"),
            "attached_policies": {"error": {"operation": "ListAttachedRolePolicies", "code": "AccessDenied"}},
            "inline_policies": {"value": []}}]}});
        with_context(unread, |ctx| {
            let l = Roles::new(ctx).allowed(ctx, ROLE, "the role", &["sqs:SendMessage"], "*");
            assert!(
                matches!(l, Lookup::Unknown(why) if why.starts_with("the role's permissions could not be read"))
            );
        });
    }

    #[test]
    fn instance_profiles() {
        with_context(account(json!([build_role()])), |ctx| {
            let roles = Roles::new(ctx);
            let found = roles.instance_profile(
                ctx,
                "arn:aws:iam::111122223333:instance-profile/p",
                "instance profile p",
            );
            assert!(matches!(found, Lookup::Found(p) if p.role_arns == [ROLE]));
            assert_eq!(
                roles
                    .instance_profile(
                        ctx,
                        "arn:aws:iam::111122223333:instance-profile/q",
                        "instance profile q"
                    )
                    .map(|_| ()),
                Lookup::Missing("instance profile q does not exist".into())
            );
        });
    }
}
