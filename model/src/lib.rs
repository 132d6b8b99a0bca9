//! awscheck's account model: what live collection produces, what a fixture
//! holds, and what checks judge. Pure data and the parsers of the documents
//! inside it (policies, ARNs); no I/O, no async runtime, no AWS SDK.
//!
//! Both sides build on it: the collectors (`awscheck-collect`) fill an
//! [`inventory::Inventory`], the rulebook (`awscheck-checks`) judges one.
//! Neither depends on the other, so editing a check does not rebuild the
//! collectors.

pub mod arn;
pub mod cidr;
pub mod collected;
pub mod data;
pub mod inventory;
pub mod json;
pub mod policy;
pub mod resource;
pub mod secret;
pub mod suggest;
pub mod template;

pub use data::Data;
pub use inventory::Inventory;
pub use resource::Resource;
