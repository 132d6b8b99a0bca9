//! Judging blocks many checks share: one answer, one wording, for every check that asks.

pub mod event_pattern;
pub mod kms;
pub mod notify;
pub mod reference;
pub mod regions;
pub mod role;
pub mod targets;
