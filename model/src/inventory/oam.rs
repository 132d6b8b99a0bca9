//! CloudWatch cross-account observability (Observability Access Manager):
//! the sinks of a monitoring account, with the policies that say which
//! source accounts may link to them, and the links of a source account to
//! a monitoring account's sink.

use super::{merge, resource, Collected, PolicyJson};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListSinks`: the region's sinks.
pub const SINKS: Data = Data::listing("oam");
/// `GetSinkPolicy`: each sink's policy.
pub const SINK_POLICY: Data = Data::part("oam", "sinks.policy");
/// `ListLinks`: the region's links to sinks, with what they share.
pub const LINKS: Data = Data::part("oam", "links");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[SINKS, SINK_POLICY, LINKS];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Oam {
    /// The sinks of this account (a monitoring account has one per region
    /// it monitors from).
    #[serde(default)]
    pub sinks: Vec<Sink>,
    /// This account's links (as a source account) to sinks of monitoring
    /// accounts.
    #[serde(default)]
    pub links: Vec<Link>,
}
merge!(Oam { sinks, links });

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sink {
    /// `arn:aws:oam:<region>:<account>:sink/<id>`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// `GetSinkPolicy`: which accounts or organizations may link to the
    /// sink; absent when the sink has none (no account can link).
    #[serde(default)]
    pub policy: Collected<PolicyJson>,
}
resource!(Sink);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// `arn:aws:oam:<region>:<account>:link/<id>`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// The sink it links to, in the monitoring account.
    pub sink_arn: String,
    /// `ResourceTypes`: what it shares, e.g. `AWS::CloudWatch::Metric`,
    /// `AWS::Logs::LogGroup`, `AWS::XRay::Trace`.
    #[serde(default)]
    pub resource_types: Vec<String>,
}
resource!(Link);
