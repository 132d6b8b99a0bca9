//! awscheck: audits an AWS account (live, or a mocked account saved as an
//! inventory JSON file) against the practices of the AWS DevOps
//! Professional study notes, and prints findings.
//!
//! Everything that touches the world lives here; the judging is the pure
//! `awscheck-checks` crate.

pub mod cli;
pub mod config;
pub mod docs;
pub mod fixture;
pub mod gate;
pub mod labs;
pub mod located;
pub mod packs;
pub mod report;
pub mod selection;
pub use awscheck_model::suggest;
