//! What a finding can be about: anything with an ARN and a region, and the
//! tags where the model has them.

use crate::data::Data;
use std::collections::BTreeMap;

/// Resource tags, key → value.
pub type Tags = BTreeMap<String, String>;

/// Anything a finding can be about. The finding's account is always the
/// audited account, even for a resource another account owns (an
/// organization trail seen from a member account).
pub trait Resource {
    fn arn(&self) -> &str;
    fn region(&self) -> &str;
    /// The resource's tags, where the inventory has them.
    fn tags(&self) -> Option<&Tags> {
        None
    }
    /// The part its tags are read into, when they are a part of their own
    /// (read only for the checks that read them, and by a call that can fail
    /// on its own): where that part is unread, a check that reads it cannot
    /// tell whether the resource is in scope.
    fn tags_part(&self) -> Option<Data> {
        None
    }
    /// The ARN its tags are read for: its own, or for a part of a resource
    /// (a stage of an API), its owner's.
    fn tags_owner(&self) -> &str {
        self.arn()
    }
}

/// A finding's subject that is part of a listed resource (a stage of an
/// API): its own ARN, and its owner's region and tags, so that the owner's
/// `compliance:exempt` tag exempts it, production scoping reads the
/// owner's tags, and where the owner's tags could not be read it is ERROR
/// like its owner.
pub struct PartOf<'a> {
    pub arn: String,
    pub owner: &'a dyn Resource,
}

impl Resource for PartOf<'_> {
    fn arn(&self) -> &str {
        &self.arn
    }
    fn region(&self) -> &str {
        self.owner.region()
    }
    fn tags(&self) -> Option<&Tags> {
        self.owner.tags()
    }
    fn tags_part(&self) -> Option<Data> {
        self.owner.tags_part()
    }
    fn tags_owner(&self) -> &str {
        self.owner.tags_owner()
    }
}

/// Implements [`Resource`] for a struct with `arn` and `region` fields (and
/// `tags`, when given; `tags in PART` when they are the section's part
/// `PART`).
macro_rules! resource {
    ($ty:ty) => {
        impl $crate::Resource for $ty {
            fn arn(&self) -> &str {
                &self.arn
            }
            fn region(&self) -> &str {
                &self.region
            }
        }
    };
    ($ty:ty, tags) => {
        impl $crate::Resource for $ty {
            fn arn(&self) -> &str {
                &self.arn
            }
            fn region(&self) -> &str {
                &self.region
            }
            fn tags(&self) -> Option<&$crate::resource::Tags> {
                Some(&self.tags)
            }
        }
    };
    ($ty:ty, tags in $part:expr) => {
        impl $crate::Resource for $ty {
            fn arn(&self) -> &str {
                &self.arn
            }
            fn region(&self) -> &str {
                &self.region
            }
            fn tags(&self) -> Option<&$crate::resource::Tags> {
                Some(&self.tags)
            }
            fn tags_part(&self) -> Option<$crate::data::Data> {
                Some($part)
            }
        }
    };
}
pub(crate) use resource;
