//! What a check reads, at the granularity of the calls that fetch it.
//!
//! A [`Data`] is a section's listing (its resources and every field the
//! listing calls fill) or a part of it that needs a call of its own: the
//! policy of each bucket (`GetBucketPolicy`), the event data stores of a
//! region (`ListEventDataStores`). Each section module of
//! [`crate::inventory`] declares its data next to the fields they fill,
//! and its `DATA` list names them all.
//!
//! The same declaration serves three ends:
//! - a check lists what it reads (`reads: &[s3::BUCKETS, s3::POLICY]`), and
//!   the engine reports ERROR where that data could not be read;
//! - live collection makes only the calls some selected check needs;
//! - [`crate::inventory::Account::pruned`] shows a check exactly that data,
//!   so a test can prove that no check reads what it does not declare.
//!
//! A part's `path` names the field it fills inside the section, through
//! lists and `Collected` values: `buckets.policy` is the `policy` field of
//! every element of `buckets`; `topics.subscriptions.redrive_policy` the
//! `redrive_policy` of every subscription a topic's `subscriptions` hold;
//! `event_data_stores` is a list of its own. A part not read is
//! the field's default: `Collected` fields say "not collected", lists and
//! maps are empty.

use std::fmt;

/// One piece of collected data a check can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Data {
    /// The inventory section, e.g. `s3`.
    pub section: &'static str,
    /// The field a part fills inside the section (`buckets.policy`); empty
    /// for the section's listing.
    pub path: &'static str,
    /// Another field the same call fills, elsewhere in the section
    /// (`other_buckets.versioning` beside `buckets.versioning`); empty for
    /// none. [`crate::inventory::Account::pruned`] clears both.
    pub also: &'static str,
}

impl Data {
    /// A section's listing: its resources and every field their listing
    /// calls fill. Any part of the section implies it.
    pub const fn listing(section: &'static str) -> Data {
        Data {
            section,
            path: "",
            also: "",
        }
    }

    /// A part of a section filled by a call of its own.
    pub const fn part(section: &'static str, path: &'static str) -> Data {
        Data {
            section,
            path,
            also: "",
        }
    }

    /// The part, and `path` too: another field its call fills.
    pub const fn and(self, path: &'static str) -> Data {
        Data { also: path, ..self }
    }

    pub fn is_listing(&self) -> bool {
        self.path.is_empty()
    }
}

impl fmt::Display for Data {
    /// `s3` for a listing, `s3.buckets.policy` for a part.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_listing() {
            f.write_str(self.section)
        } else {
            write!(f, "{}.{}", self.section, self.path)
        }
    }
}

/// True for a part path `<list>.tags`: the tags of the resources of
/// `<list>` (see `Resource::tags_part`). When
/// such a part is unread, the engine reports each of those resources ERROR
/// for the checks that read it (their scope and exemption are unknown)
/// instead of blinding the region.
pub fn holds_tags(path: &str) -> bool {
    path.ends_with(".tags")
}
