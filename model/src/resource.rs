//! What a finding can be about: anything with an ARN and a region, and the
//! tags where the model has them.

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
}

/// Implements [`Resource`] for a struct with `arn` and `region` fields (and
/// `tags`, when given).
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
}
pub(crate) use resource;
