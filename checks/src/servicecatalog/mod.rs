//! Checks of AWS Service Catalog portfolios.

use crate::engine::Check;

mod launch_constraints;

pub const CHECKS: &[&Check] = &[&launch_constraints::CHECK];
