//! The deployed stages of REST APIs, as the subjects of findings: each
//! stage's ARN (`arn:aws:apigateway:<region>::/restapis/<id>/stages/<name>`),
//! its API's region, and the API's tags overlaid by the stage's own, so
//! that a `compliance:exempt` tag on either exempts the stage and
//! production scoping reads both.

use crate::engine::{Emitter, Resource};
use crate::inventory::apigateway::{MethodSetting, RestApi, Stage};
use crate::inventory::Tags;
use crate::settings::Production;

/// The method-settings key of a stage's defaults.
pub const STAGE_DEFAULTS: &str = "*/*";

/// One stage of a REST API.
pub struct StageRef<'a> {
    pub api: &'a RestApi,
    pub stage: &'a Stage,
    arn: String,
    tags: Tags,
}

impl<'a> StageRef<'a> {
    pub fn new(api: &'a RestApi, stage: &'a Stage) -> StageRef<'a> {
        let mut tags = api.tags.clone();
        tags.extend(stage.tags.iter().map(|(k, v)| (k.clone(), v.clone())));
        StageRef {
            api,
            stage,
            arn: format!("{}/stages/{}", api.arn, stage.name),
            tags,
        }
    }

    /// `stage prod of REST API storefront-api`.
    pub fn label(&self) -> String {
        format!("stage {} of REST API {}", self.stage.name, self.api.name)
    }

    /// Production by the tags (the stage's over the API's), else by a name
    /// word of the API or the stage.
    pub fn is_production(&self, production: &Production) -> bool {
        let name = format!("{}/{}", self.api.name, self.stage.name);
        production.is_production(Some(&self.tags), &name)
    }

    /// The stage's default method settings (`*/*`), if any are set.
    pub fn defaults(&self) -> Option<&'a MethodSetting> {
        self.stage.method_settings.get(STAGE_DEFAULTS)
    }

    /// The per-method overrides: `(METHOD /path, settings)`.
    pub fn overrides(&self) -> impl Iterator<Item = (String, &'a MethodSetting)> {
        self.stage
            .method_settings
            .iter()
            .filter(|(key, _)| key.as_str() != STAGE_DEFAULTS)
            .map(|(key, m)| (method_label(key), m))
    }
}

impl Resource for StageRef<'_> {
    fn arn(&self) -> &str {
        &self.arn
    }
    fn region(&self) -> &str {
        &self.api.region
    }
    fn tags(&self) -> Option<&Tags> {
        Some(&self.tags)
    }
}

/// A method-settings key as a reader writes the method: `~1items~1{id}/GET`
/// → `GET /items/{id}`.
fn method_label(key: &str) -> String {
    let (path, verb) = key.rsplit_once('/').unwrap_or((key, "*"));
    let path = path.replace("~1", "/");
    let path = if path.starts_with('/') {
        path
    } else {
        format!("/{path}")
    };
    format!("{verb} {path}")
}

/// Every stage of every API in `apis`. An API whose stages could not be
/// read is ERROR; one deleted since it was listed, or with no stage, is
/// SKIP (emitted here).
pub fn deployed<'a>(apis: &'a [RestApi], em: &mut Emitter) -> Vec<StageRef<'a>> {
    let mut stages = Vec::new();
    for api in apis {
        match api.stages.known() {
            Err(e) => em.error(api, e),
            Ok(None) => em.skip(
                api,
                format!("REST API {} was deleted since it was listed", api.name),
            ),
            Ok(Some(list)) if list.is_empty() => em.skip(
                api,
                format!("REST API {} has no stage: nothing is deployed", api.name),
            ),
            Ok(Some(list)) => stages.extend(list.iter().map(|s| StageRef::new(api, s))),
        }
    }
    stages
}

#[cfg(test)]
mod tests {
    use super::method_label;

    #[test]
    fn method_keys_read_as_methods() {
        assert_eq!(method_label("~1items~1{id}/GET"), "GET /items/{id}");
        assert_eq!(method_label("items/POST"), "POST /items");
        assert_eq!(method_label("~1/GET"), "GET /");
    }
}
