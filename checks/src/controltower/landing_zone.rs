//! ## What it checks
//!
//! The Control Tower landing zone is healthy and not drifted, and every
//! registered organizational unit has the baseline controls enabled
//! (`controltower:ListLandingZones`, `controltower:GetLandingZone`,
//! `controltower:ListEnabledControls`, `controltower:ListEnabledBaselines`).
//!
//! - **The landing zone** (one finding):
//!   - FAIL: `status` is `FAILED`, or `driftStatus` is `DRIFTED`.
//!   - Advisory (FAIL at low): the deployed `version` is older than
//!     `latestAvailableVersion`.
//!   - PASS otherwise; ERROR when `GetLandingZone` or
//!     `ListEnabledBaselines` failed.
//! - **Each registered organizational unit** (an OU with an enabled
//!   baseline; one finding per OU, its ARN the resource):
//!   - FAIL: a control of `controltower_required_controls` (the "strongly
//!     recommended" set; matched on the last part of the control's
//!     identifier, `AWS-GR_RESTRICT_ROOT_USER`) is not enabled on it.
//!   - Advisory: an enabled control's status is `FAILED` or its drift
//!     status `DRIFTED`.
//!   - ERROR: `ListEnabledControls` failed.
//! - **No landing zone**: SKIP (the account has no landing zone, or is a
//!   member account: the management account owns it), unless
//!   `require_control_tower` is true: then FAIL. One finding for the
//!   account, and only when Control Tower could be listed in every
//!   collected region.
//!
//! ## Why it matters
//!
//! Control Tower sets up the landing zone and governs it with guardrails:
//! mandatory, strongly recommended and elective controls, preventive
//! through SCPs and detective through AWS Config, with a compliance
//! dashboard (notes 000 › ## Security and Compliance › - AWS control
//! tower). A drifted or failed landing zone means the guardrails are not
//! enforced as the dashboard shows them; an organizational unit without the
//! strongly recommended controls leaves its accounts outside them.
//!
//! ## How to fix
//!
//! Repair or update the landing zone, and enable the missing controls on
//! each registered OU.
//!
//! - **Console**: Control Tower › Landing zone settings › Repair (drift) or Update (new version); Control Tower › Controls library › the control › Enable control › choose the OUs.
//! - **CLI**: `aws controltower reset-landing-zone --landing-zone-identifier LZ_ARN` (drift), `aws controltower update-landing-zone --landing-zone-identifier LZ_ARN --version VERSION --manifest file://manifest.json`; `aws controltower enable-control --control-identifier arn:aws:controltower:REGION::control/AWS-GR_RESTRICT_ROOT_USER --target-identifier OU_ARN`.
//! - **CloudFormation**: `AWS::ControlTower::LandingZone` with the `Version` to deploy; `AWS::ControlTower::EnabledControl` per control and OU.
//!
//! ## References
//!
//! - Study notes: 000 › ## Security and Compliance › - AWS control tower.
//! - AWS: Control Tower user guide, "Detect and resolve drift in AWS Control Tower" and "Update your landing zone"; Control Tower controls reference, "Strongly recommended controls"; Control Tower API reference, `GetLandingZone` and `ListEnabledControls`.
//! - No AWS Config managed rule and no Prowler check.

use crate::engine::{name_list, Check, Context, Emitter, Severity, Subject, Verdict};
use crate::inventory::controltower::{self, EnabledControl, LandingZone};
use crate::judge::regions;
use crate::settings::Setting;
use std::collections::BTreeMap;

pub static CHECK: Check = Check {
    id: "controltower-landing-zone",
    title: "The landing zone is healthy and not drifted; baseline controls are enabled on registered OUs",
    service: "controltower",
    severity: Severity::Medium,
    section: "000 › Security and Compliance › \"AWS control tower\"",
    catalog: "SEC-10",
    reads: &[
        controltower::LANDING_ZONES,
        controltower::LANDING_ZONE_DETAILS,
        controltower::ENABLED_CONTROLS,
        controltower::ENABLED_BASELINES,
    ],
    tolerates: &[],
    settings: &[&REQUIRE_CONTROL_TOWER, &REQUIRED_CONTROLS],
    config_rule: None,
    prowler: None,
    source: include_str!("landing_zone.rs"),
    run,
};

static REQUIRE_CONTROL_TOWER: Setting<bool> = Setting::new(
    "require_control_tower",
    "An account with no Control Tower landing zone fails instead of being skipped.",
    "false",
    crate::settings::any,
);

static REQUIRED_CONTROLS: Setting<Vec<String>> = Setting::new(
    "controltower_required_controls",
    "The controls every registered organizational unit must have enabled (the last part of the control identifier).",
    r#"["AWS-GR_RESTRICT_ROOT_USER", "AWS-GR_RESTRICT_ROOT_USER_ACCESS_KEYS", "AWS-GR_ROOT_ACCOUNT_MFA_ENABLED", "AWS-GR_ENCRYPTED_VOLUMES", "AWS-GR_RDS_STORAGE_ENCRYPTED", "AWS-GR_RESTRICTED_SSH", "AWS-GR_S3_BUCKET_PUBLIC_READ_PROHIBITED", "AWS-GR_S3_BUCKET_PUBLIC_WRITE_PROHIBITED"]"#,
    crate::settings::any,
);

fn run(ctx: &Context, em: &mut Emitter) {
    let zones = &ctx.controltower().landing_zones;
    if zones.is_empty() {
        if regions::blind(ctx, "controltower").is_empty() {
            let account = regions::account_subject(ctx, "controltower");
            if ctx.setting(&REQUIRE_CONTROL_TOWER) {
                em.fail(
                    &account,
                    "no Control Tower landing zone, and require_control_tower is set",
                );
            } else {
                em.skip(&account, "no Control Tower landing zone in this account (a member account's landing zone is the management account's)");
            }
        }
        return;
    }
    let required = ctx.setting(&REQUIRED_CONTROLS);
    for zone in zones {
        judge_zone(zone, em);
        judge_units(zone, &required, em);
    }
}

fn judge_zone(zone: &LandingZone, em: &mut Emitter) {
    let mut v = Verdict::new();
    let mut pass = String::from("landing zone");
    match zone.details.known() {
        Err(e) => v.error(e),
        Ok(None) => v.fail("the landing zone no longer exists (GetLandingZone found none)"),
        Ok(Some(d)) => {
            if d.status.eq_ignore_ascii_case("FAILED") {
                v.fail("the landing zone's status is FAILED");
            }
            if d.drift_status.eq_ignore_ascii_case("DRIFTED") {
                v.fail("the landing zone has drifted (driftStatus DRIFTED): repair it");
            }
            if let Some(latest) = d.latest_available_version.as_deref() {
                if older(&d.version, latest) {
                    v.warn(format!(
                        "landing zone version {} is older than the latest available {latest}",
                        d.version
                    ));
                }
            }
            pass = format!(
                "landing zone version {} is {} and {}",
                d.version, d.status, d.drift_status
            );
        }
    }
    if let Err(e) = zone.enabled_baselines.known() {
        v.error(e);
    }
    v.emit(em, zone, pass);
}

/// One finding per registered organizational unit.
fn judge_units(zone: &LandingZone, required: &[String], em: &mut Emitter) {
    let Ok(baselines) = zone.enabled_baselines.known() else {
        return;
    };
    let mut units: BTreeMap<&str, Vec<&EnabledControl>> = BTreeMap::new();
    for b in baselines.into_iter().flatten() {
        if b.target_identifier.contains(":ou/") {
            units.entry(b.target_identifier.as_str()).or_default();
        }
    }
    let controls = zone.enabled_controls.known();
    if let Ok(controls) = &controls {
        for c in controls.iter().copied().flatten() {
            if let Some(list) = units.get_mut(c.target_identifier.as_str()) {
                list.push(c);
            }
        }
    }
    for (unit, enabled) in units {
        let subject = Subject::arn(unit, &zone.region);
        let mut v = Verdict::new();
        match &controls {
            Err(e) => v.error(e),
            Ok(_) => judge_unit(&enabled, required, &mut v),
        }
        v.emit(
            em,
            &subject,
            format!(
                "the {} required control(s) are enabled on this registered organizational unit ({} enabled)",
                required.len(),
                enabled.len()
            ),
        );
    }
}

fn judge_unit(enabled: &[&EnabledControl], required: &[String], v: &mut Verdict) {
    let name = |c: &EnabledControl| {
        c.control_identifier
            .rsplit('/')
            .next()
            .unwrap_or(&c.control_identifier)
            .to_string()
    };
    let missing: Vec<&str> = required
        .iter()
        .filter(|r| !enabled.iter().any(|c| name(c).eq_ignore_ascii_case(r)))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        v.fail(format!(
            "{} required control(s) not enabled: {}",
            missing.len(),
            name_list(&missing)
        ));
    }
    let unhealthy: Vec<String> = enabled
        .iter()
        .filter_map(|c| {
            let failed = c.status.eq_ignore_ascii_case("FAILED");
            let drifted = c.drift_status.eq_ignore_ascii_case("DRIFTED");
            match (failed, drifted) {
                (true, true) => Some(format!("{} (FAILED, DRIFTED)", name(c))),
                (true, false) => Some(format!("{} (FAILED)", name(c))),
                (false, true) => Some(format!("{} (DRIFTED)", name(c))),
                (false, false) => None,
            }
        })
        .collect();
    if !unhealthy.is_empty() {
        v.warn(format!(
            "enabled control(s) failed or drifted: {}",
            name_list(&unhealthy)
        ));
    }
}

/// True when dotted version `a` is older than `b` (`3.2` < `3.10`);
/// parts that are not numbers compare as text.
fn older(a: &str, b: &str) -> bool {
    let parts = |v: &str| -> Vec<(u64, String)> {
        v.split('.')
            .map(|p| (p.parse().unwrap_or(0), p.to_string()))
            .collect()
    };
    parts(a) < parts(b)
}

#[cfg(test)]
mod tests {
    use super::older;

    #[test]
    fn versions_compare_by_number() {
        assert!(older("3.2", "3.10"));
        assert!(older("3.3", "3.3.1"));
        assert!(!older("3.3", "3.3"));
        assert!(!older("4.0", "3.9"));
    }
}
