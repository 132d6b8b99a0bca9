//! The launch templates Auto Scaling groups launch from, and the versions
//! they use, shared by the EC2 checks that judge what groups launch
//! (metadata options, AMIs).
//!
//! [`template_uses`] maps each template (by ARN) to the groups using it; a
//! group whose template is not in the inventory gets an ERROR there, and a
//! template no group uses is [`unused`] (SKIP).
//! [`versions_in_use`] resolves a template's uses to its versions
//! (`$Default` and `$Latest` through the template's default and latest
//! version numbers, or the pinned number), labelled `version N (group:
//! spec, …)`, recording in a verdict what cannot be resolved: a version
//! that is not a number, versions that could not be read, a version not in
//! the inventory.

use crate::engine::{Context, Emitter, Verdict};
use crate::inventory::ec2::{LaunchTemplate, LaunchTemplateVersion};
use crate::judge::reference::{Lookup, Reference};
use std::collections::{BTreeMap, HashMap};

/// One group's use of a launch template: the group, the version it names,
/// and that version resolved to a number.
pub(crate) struct Use<'a> {
    pub group: &'a str,
    pub spec: &'a str,
    pub version: Option<i64>,
}

/// Launch template ARN → the groups launching from it. Groups whose
/// template is not in the inventory get an ERROR here, ending with
/// `unknown` (`…, so UNKNOWN`).
pub(crate) fn template_uses<'a>(
    ctx: &'a Context,
    em: &mut Emitter,
    unknown: &str,
) -> HashMap<&'a str, Vec<Use<'a>>> {
    let by_id: HashMap<(&str, &str), &LaunchTemplate> = ctx
        .ec2()
        .launch_templates
        .iter()
        .map(|t| ((t.region.as_str(), t.id.as_str()), t))
        .collect();
    let mut uses: HashMap<&str, Vec<Use>> = HashMap::new();
    for group in &ctx.autoscaling().groups {
        let Some(lt) = &group.launch_template else {
            continue;
        };
        // A group launches from a template of its own account and region.
        let template = Reference::regional(
            format!("launch template {}", lt.id),
            "ec2",
            &group.region,
            &group.account_id,
        )
        .resolve(
            ctx,
            by_id.get(&(group.region.as_str(), lt.id.as_str())).copied(),
        );
        let template = match template {
            Lookup::Found(t) => t,
            Lookup::Missing(why) => {
                em.error_reason(group, format!("{why}, so {unknown}"));
                continue;
            }
            Lookup::Unknown(why) => {
                em.error_reason(group, why);
                continue;
            }
        };
        let version = match lt.version.as_str() {
            "$Default" => Some(template.default_version),
            "$Latest" => Some(template.latest_version),
            n => n.trim().parse().ok(),
        };
        uses.entry(template.arn.as_str()).or_default().push(Use {
            group: &group.name,
            spec: &lt.version,
            version,
        });
    }
    uses
}

/// A template no group uses: SKIP, or ERROR where Auto Scaling could not
/// be read.
pub(crate) fn unused(ctx: &Context, template: &LaunchTemplate, em: &mut Emitter) {
    if ctx.blind("autoscaling", &template.region) {
        em.error_reason(
            template,
            format!(
                "Auto Scaling could not be read in {}: whether a group launches from this template is unknown",
                template.region
            ),
        );
    } else {
        em.skip(
            template,
            "not used by any Auto Scaling group (only templates groups launch from are evaluated)",
        );
    }
}

/// The versions of `template` that `uses` launch from, each with its label
/// (`version 3 (web: $Default, batch: 3)`), in version order. What cannot
/// be resolved is an error in `v`; `None` when the template's versions
/// could not be read at all.
pub(crate) fn versions_in_use<'t>(
    template: &'t LaunchTemplate,
    uses: &[Use],
    v: &mut Verdict,
) -> Option<Vec<(String, &'t LaunchTemplateVersion)>> {
    let mut by_version: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for u in uses {
        match u.version {
            Some(n) => by_version
                .entry(n)
                .or_default()
                .push(format!("{}: {}", u.group, u.spec)),
            None => v.error_reason(format!(
                "group {} uses version {:?}, which is not a version",
                u.group, u.spec
            )),
        }
    }
    let versions = match template.versions.known() {
        Ok(vs) => vs.map(Vec::as_slice).unwrap_or(&[]),
        Err(e) => {
            v.error(e);
            return None;
        }
    };
    let mut out = Vec::new();
    for (number, users) in &by_version {
        let label = format!("version {number} ({})", users.join(", "));
        match versions.iter().find(|x| x.version_number == *number) {
            Some(version) => out.push((label, version)),
            None => v.error_reason(format!("{label} is not in the inventory")),
        }
    }
    Some(out)
}
