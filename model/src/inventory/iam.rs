//! IAM (global: every `region` is `global`): roles with their trust and
//! permission policies, the managed policies they attach, and instance
//! profiles.

use super::{merge, resource, Collected, PolicyJson, Tags};
use crate::data::Data;
use crate::policy::Policy;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

// What checks can read of the section (see crate::data). One paginated
// call, `GetAccountAuthorizationDetails`, fills the roles with their tags,
// attached and inline policies: the parts below say which of them a check
// reads, so that it sees only those.
/// `GetAccountAuthorizationDetails`: roles and their trust policies.
pub const ROLES: Data = Data::listing("iam");
/// Each role's tags (from the same details).
pub const ROLE_TAGS: Data = Data::part("iam", "roles.tags");
/// The managed policies attached to each role (from the same details).
pub const ATTACHED_POLICIES: Data = Data::part("iam", "roles.attached_policies");
/// Each role's inline policies (from the same details).
pub const INLINE_POLICIES: Data = Data::part("iam", "roles.inline_policies");
/// The documents of the managed policies roles attach: customer managed
/// ones from the same details (filter `LocalManagedPolicy`), AWS managed
/// ones by `GetPolicy` and `GetPolicyVersion`.
pub const MANAGED_POLICIES: Data = Data::part("iam", "policies");
/// `ListInstanceProfiles`: instance profiles and their roles.
pub const INSTANCE_PROFILES: Data = Data::part("iam", "instance_profiles");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    ROLES,
    ROLE_TAGS,
    ATTACHED_POLICIES,
    INLINE_POLICIES,
    MANAGED_POLICIES,
    INSTANCE_PROFILES,
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Iam {
    #[serde(default)]
    pub roles: Vec<Role>,
    /// Every managed policy attached to a listed role (customer and AWS managed),
    /// with its default version's document.
    #[serde(default)]
    pub policies: Vec<ManagedPolicy>,
    #[serde(default)]
    pub instance_profiles: Vec<InstanceProfile>,
}
merge!(Iam {
    roles,
    policies,
    instance_profiles
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub arn: String,
    /// Always `global`.
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// The assume-role (trust) policy.
    pub trust_policy: PolicyJson,
    /// The attached managed policy ARNs. Each must be in `policies`, or
    /// checks that read the role's permissions report ERROR.
    #[serde(default)]
    pub attached_policies: Collected<Vec<String>>,
    /// The role's inline policies.
    #[serde(default)]
    pub inline_policies: Collected<Vec<InlinePolicy>>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(Role, tags in ROLE_TAGS);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InlinePolicy {
    pub name: String,
    pub document: PolicyJson,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManagedPolicy {
    pub arn: String,
    pub region: String,
    /// The owning account, or `aws` for AWS managed policies.
    pub account_id: String,
    pub name: String,
    /// The default version's document; absent = no document, which checks
    /// report as ERROR.
    #[serde(default)]
    pub document: Collected<PolicyJson>,
}
resource!(ManagedPolicy);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstanceProfile {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// The ARNs of the profile's roles.
    #[serde(default)]
    pub role_arns: Vec<String>,
}
resource!(InstanceProfile);

/// The ARN of the AWS managed policy that grants full administrator access.
pub const ADMINISTRATOR_ACCESS: &str = "arn:aws:iam::aws:policy/AdministratorAccess";

/// One permission document of a role, named for reasons.
#[derive(Debug, Clone)]
pub struct RoleDocument {
    /// `inline policy <name>` or the managed policy ARN.
    pub origin: String,
    pub policy: Policy,
}

/// Roles, policies and instance profiles by ARN.
pub struct IamIndex<'a> {
    pub roles: HashMap<&'a str, &'a Role>,
    pub policies: HashMap<&'a str, &'a ManagedPolicy>,
    pub instance_profiles: HashMap<&'a str, &'a InstanceProfile>,
}

impl Iam {
    pub fn index(&self) -> IamIndex<'_> {
        IamIndex {
            roles: self.roles.iter().map(|r| (r.arn.as_str(), r)).collect(),
            policies: self.policies.iter().map(|p| (p.arn.as_str(), p)).collect(),
            instance_profiles: self
                .instance_profiles
                .iter()
                .map(|p| (p.arn.as_str(), p))
                .collect(),
        }
    }
}

impl IamIndex<'_> {
    /// Every permission document of `role`, parsed: inline policies and the
    /// default versions of attached managed policies. `Err` names what could
    /// not be read or parsed: the caller reports ERROR rather than judging
    /// from a partial set.
    pub fn role_documents(&self, role: &Role) -> Result<Vec<RoleDocument>, String> {
        let mut out = Vec::new();
        match role.inline_policies.known() {
            Ok(inline) => {
                for p in inline.into_iter().flatten() {
                    let policy = p
                        .document
                        .parse()
                        .map_err(|e| format!("inline policy {}: {e}", p.name))?;
                    out.push(RoleDocument {
                        origin: format!("inline policy {}", p.name),
                        policy,
                    });
                }
            }
            Err(e) => return Err(e.to_string()),
        }
        match role.attached_policies.known() {
            Ok(attached) => {
                for arn in attached.into_iter().flatten() {
                    let Some(mp) = self.policies.get(arn.as_str()) else {
                        return Err(format!("attached policy {arn} is not in the inventory"));
                    };
                    match mp.document.known() {
                        Ok(Some(doc)) => {
                            let policy = doc.parse().map_err(|e| format!("{arn}: {e}"))?;
                            out.push(RoleDocument {
                                origin: arn.clone(),
                                policy,
                            });
                        }
                        Ok(None) => return Err(format!("{arn}: policy document absent")),
                        Err(e) => return Err(format!("{arn}: {e}")),
                    }
                }
            }
            Err(e) => return Err(e.to_string()),
        }
        Ok(out)
    }
}
