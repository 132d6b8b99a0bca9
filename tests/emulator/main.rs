//! End-to-end tests of live collection against the moto emulator: an
//! account built through the SDK, then `awscheck scan` and `snapshot` as a
//! user runs them, and `scan --fixture <snapshot>` giving the live findings.
//!
//! `scripts/test` starts moto and sets `AWSCHECK_MOTO_ENDPOINT` (and
//! `AWSCHECK_REQUIRE_TEST_TOOLS=1`, so that a missing emulator fails the run).
//! Under a plain `cargo test` without an emulator, these tests return at
//! once and say so, once, on stderr. A fixture-only build
//! (`--no-default-features`) has no live collection and compiles none of it.
#![cfg(feature = "live")]
// A test crate: a panic is a failed test, so its helpers may unwrap.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod common;
mod sdk;

mod api_gateway;
mod cicd;
mod compute;
mod config_health;
mod containers;
mod databases;
mod ecs;
mod edge;
mod foundation;
mod iac;
mod iam_kms;
mod images;
mod incident;
mod inspector;
mod labs;
mod lambda;
mod management;
mod network;
mod observe;
mod organizations;
mod resilience;
mod s3;
mod selection;
mod ssm;
mod traffic;
