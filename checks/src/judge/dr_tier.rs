//! The disaster-recovery tier a resource's tags declare: `dr-tier` (any
//! value marks a resource that belongs to the DR plan), and
//! `dr-tier=multi-region` (compared ignoring case and surrounding spaces),
//! which requires a copy in another region. Checks word what the copy is
//! (a global cluster, a replication configuration).

use crate::inventory::Tags;

/// The tag marking a resource's disaster-recovery tier.
pub const TAG: &str = "dr-tier";
/// The value that requires a copy in another region.
pub const MULTI_REGION: &str = "multi-region";

/// True when `tags` carry `dr-tier` (any value).
pub fn tagged(tags: &Tags) -> bool {
    tags.contains_key(TAG)
}

/// True when `tags` carry `dr-tier=multi-region`.
pub fn multi_region(tags: &Tags) -> bool {
    tags.get(TAG)
        .is_some_and(|t| t.trim().eq_ignore_ascii_case(MULTI_REGION))
}
