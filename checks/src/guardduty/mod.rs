//! Checks of the guardduty service.

use crate::engine::Check;

mod enabled;
mod findings_routed;
mod stale_high_findings;

pub const CHECKS: &[&Check] = &[
    &enabled::CHECK,
    &stale_high_findings::CHECK,
    &findings_routed::CHECK,
];
