//! The tags parts that could not be read, indexed once per account so that
//! the engine asks, for every finding, in constant time whether the
//! resource's tags are unknown (see `Emitter::push`). A scan where a tag
//! read failed for thousands of resources one by one stays linear.

use crate::collected::{CollectError, ServiceError};
use crate::inventory::GLOBAL;
use awscheck_model::data::holds_tags;
use awscheck_model::Data;
use std::collections::HashMap;

/// An account's unread tags parts, by section and part.
#[derive(Default)]
pub(super) struct UnreadTags<'a> {
    parts: HashMap<(&'a str, &'a str), Unread<'a>>,
}

/// One tags part: unread in some regions as a whole, or for some resources.
#[derive(Default)]
struct Unread<'a> {
    regions: HashMap<&'a str, &'a CollectError>,
    resources: HashMap<&'a str, &'a CollectError>,
}

impl<'a> UnreadTags<'a> {
    /// The tags parts among `errors` (the first error wins where several
    /// name the same part and resource or region).
    pub(super) fn of(errors: &'a [ServiceError]) -> Self {
        let mut index = UnreadTags::default();
        for e in errors {
            let Some(part) = e.part.as_deref().filter(|p| holds_tags(p)) else {
                continue;
            };
            let unread = index.parts.entry((e.service.as_str(), part)).or_default();
            match e.resource.as_deref() {
                None => unread.regions.entry(e.region.as_str()),
                Some(arn) => unread.resources.entry(arn),
            }
            .or_insert(&e.error);
        }
        index
    }

    /// Why `part` is unread for the resource `arn` of `region`: its own
    /// failed read, whatever the scope that recorded it (S3 reads every
    /// bucket's tags from its global task), or the whole part's, in the
    /// resource's region or globally.
    pub(super) fn get(&self, part: Data, region: &str, arn: &str) -> Option<&'a CollectError> {
        let unread = self.parts.get(&(part.section, part.path))?;
        unread
            .resources
            .get(arn)
            .or_else(|| unread.regions.get(region))
            .or_else(|| unread.regions.get(GLOBAL))
            .copied()
    }
}
