//! Checks of the rds service.

use crate::engine::Check;

mod master_password_managed;
mod multi_az;

pub const CHECKS: &[&Check] = &[&multi_az::CHECK, &master_password_managed::CHECK];
