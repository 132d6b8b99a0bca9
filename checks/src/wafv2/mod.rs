//! Checks of the wafv2 service.

use crate::engine::Check;
use crate::inventory::wafv2::LoggingConfiguration;

mod log_destination_prefix;
mod logging_enabled;

pub const CHECKS: &[&Check] = &[&logging_enabled::CHECK, &log_destination_prefix::CHECK];

/// True when the logging configuration is the customer's own (`LogScope`
/// absent or `CUSTOMER`), not one managed by Security Lake or another service.
fn is_customer_scope(cfg: &LoggingConfiguration) -> bool {
    cfg.log_scope
        .as_deref()
        .is_none_or(|s| s.eq_ignore_ascii_case("CUSTOMER"))
}
