//! The stages of REST, HTTP and WebSocket APIs as the API Gateway checks
//! report them: one resource per stage (`…/restapis/ID/stages/NAME`,
//! `…/apis/ID/stages/NAME`), tagged with the API's tags overlaid by the
//! stage's own, so that the API's `compliance:exempt` tag and production
//! tag apply to its stages unless a stage says otherwise.

use crate::engine::Resource;
use crate::inventory::apigateway::{MethodSetting, RestApi, Stage, V2Api, V2Stage};
use crate::inventory::Tags;
use crate::settings::Production;

/// A stage as a finding's subject.
pub struct StageRef {
    arn: String,
    region: String,
    tags: Tags,
    /// The stage's name (production scoping falls back to it).
    pub name: String,
}

impl StageRef {
    fn new(arn: String, region: &str, api_tags: &Tags, stage_tags: &Tags, name: &str) -> Self {
        let mut tags = api_tags.clone();
        tags.extend(stage_tags.iter().map(|(k, v)| (k.clone(), v.clone())));
        StageRef {
            arn,
            region: region.to_string(),
            tags,
            name: name.to_string(),
        }
    }

    /// A REST API's stage.
    pub fn rest(api: &RestApi, stage: &Stage) -> Self {
        Self::new(api.stage_arn(&stage.name), &api.region, &api.tags, &stage.tags, &stage.name)
    }

    /// An HTTP or WebSocket API's stage.
    pub fn v2(api: &V2Api, stage: &V2Stage) -> Self {
        Self::new(api.stage_arn(&stage.name), &api.region, &api.tags, &stage.tags, &stage.name)
    }

    /// Production by the tags (the API's, overlaid by the stage's), else by the stage's name.
    pub fn is_production(&self, production: &Production) -> bool {
        production.is_production(Some(&self.tags), &self.name)
    }
}

impl Resource for StageRef {
    fn arn(&self) -> &str {
        &self.arn
    }
    fn region(&self) -> &str {
        &self.region
    }
    fn tags(&self) -> Option<&Tags> {
        Some(&self.tags)
    }
}

/// The key of a stage's default method settings.
pub const ALL_METHODS: &str = "*/*";

/// The stage's default method settings (`*/*`), or the defaults API Gateway
/// applies when the stage has none.
pub fn defaults(stage: &Stage) -> MethodSetting {
    stage
        .method_settings
        .get(ALL_METHODS)
        .cloned()
        .unwrap_or_default()
}
