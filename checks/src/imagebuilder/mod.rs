//! Checks of EC2 Image Builder.

use crate::engine::Check;

mod ami_pipeline;

pub const CHECKS: &[&Check] = &[&ami_pipeline::CHECK];
