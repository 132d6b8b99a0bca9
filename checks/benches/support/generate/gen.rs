//! The generators' shared state: the account being written, the seeded
//! RNG, the scan time, and what generators made for later ones to refer to.

use super::fixture::de;
use super::rng::Rng;
use super::{ACCOUNT, BLIND, NOW, REGIONS};
use awscheck_checks::inventory::Account;
use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};
use std::any::{Any, TypeId};
use std::collections::HashMap;

/// One list per region, indexed like [`REGIONS`].
pub type PerRegion<T> = [Vec<T>; REGIONS.len()];

/// What every generator writes with.
pub struct Gen {
    /// Every variant is drawn from it, in generator order.
    pub rng: Rng,
    /// The scan time ([`NOW`]).
    pub now: DateTime<Utc>,
    /// The account being written: each generator sets its section.
    pub acct: Account,
    /// What generators made that later ones refer to.
    pub made: Made,
    /// Member accounts scanned with it (a multi-account scan), as small as
    /// the checks that look across accounts need them.
    pub members: Vec<Account>,
}

impl Gen {
    pub fn new(seed: u64) -> Gen {
        Gen {
            rng: Rng(seed ^ 0x0005_EED0_FA11),
            now: NOW.parse().expect("NOW is RFC 3339"),
            acct: Account::new(ACCOUNT, REGIONS.iter().map(|r| r.to_string()).collect()),
            made: Made::default(),
            members: Vec::new(),
        }
    }

    /// RFC 3339 time `hours` before the scan.
    pub fn ago(&self, hours: i64) -> String {
        (self.now - Duration::hours(hours)).to_rfc3339()
    }

    /// A region index, any of [`REGIONS`].
    pub fn region(&mut self) -> usize {
        self.rng.below(REGIONS.len())
    }

    /// A region index where services that are blind in [`BLIND`] could be listed.
    pub fn seen_region(&mut self) -> usize {
        self.rng.below(BLIND)
    }

    /// Records that `service` could not be listed in the [`BLIND`] region.
    pub fn blind(&mut self, service: &str) {
        self.acct.collection_errors.push(de(json!({
            "service": service, "region": REGIONS[BLIND],
            "operation": "List", "code": "AccessDeniedException", "message": "not authorized"
        })));
    }

    /// Tags with an environment (production or not, spelled several ways)
    /// or, one time in ten, none.
    pub fn env_tags(&mut self) -> Value {
        let env = *self
            .rng
            .pick(&["prod", "prod", "production", "dev", "staging", "test"]);
        if self.rng.chance(10) {
            json!({"team": "platform"})
        } else {
            json!({"Environment": env, "team": "platform"})
        }
    }
}

/// What generators made for later ones to refer to, one value per type:
/// each generator declares its own (`iam::Roles`, `s3::Buckets`, …), so a
/// new generator publishes what it made without touching the core.
#[derive(Default)]
pub struct Made(HashMap<TypeId, Box<dyn Any>>);

impl Made {
    /// The `T` made so far: its default until a generator makes one (when
    /// that generator is not registered, or runs later).
    pub fn of<T: Any + Default>(&mut self) -> &mut T {
        self.0
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Box::<T>::default())
            .downcast_mut()
            .expect("each value is stored under its own type")
    }
}
