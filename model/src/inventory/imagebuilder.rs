//! EC2 Image Builder, per region: the image pipelines (`ListImagePipelines`:
//! status, schedule, distribution configuration, tags), each pipeline's
//! distribution configuration (`GetDistributionConfiguration`: the regions
//! it distributes to and the SSM parameters it updates there), and each
//! pipeline's newest available image with its output AMIs, and the AMIs
//! its other images output (`ListImagePipelineImages`, every page: the API
//! does not sort).

use super::{merge, resource, Collected, Tags};
use crate::data::Data;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListImagePipelines`: image pipelines with their status, schedule,
/// distribution configuration ARN and tags.
pub const PIPELINES: Data = Data::listing("imagebuilder");
/// `GetDistributionConfiguration`, once per configuration: where each
/// pipeline distributes its AMIs and the SSM parameters it updates.
pub const DISTRIBUTION: Data = Data::part("imagebuilder", "pipelines.distribution");
/// `ListImagePipelineImages`, one listing per pipeline: its newest
/// available image, that image's output AMIs, and the AMIs of the others.
pub const NEWEST_IMAGE: Data = Data::part("imagebuilder", "pipelines.newest_image");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[PIPELINES, DISTRIBUTION, NEWEST_IMAGE];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageBuilder {
    /// The image pipelines of the region.
    #[serde(default)]
    pub pipelines: Vec<Pipeline>,
}
merge!(ImageBuilder { pipelines });

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pipeline {
    /// `arn:aws:imagebuilder:<region>:<account>:image-pipeline/<name>`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// `ENABLED` or `DISABLED`.
    pub status: String,
    /// True when the pipeline builds container images (a container recipe)
    /// rather than AMIs (an image recipe).
    #[serde(default)]
    pub container: bool,
    /// `Schedule.ScheduleExpression` (`cron(0 0 ? * sun *)`); absent = the
    /// pipeline runs only when started (manually, or by something else).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule_expression: Option<String>,
    /// `Schedule.PipelineExecutionStartCondition`:
    /// `EXPRESSION_MATCH_ONLY`, or
    /// `EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE` (a scheduled run
    /// builds only when a component or the base image has a newer version).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_condition: Option<String>,
    /// `DateCreated`; absent when not reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_created: Option<DateTime<Utc>>,
    /// `DistributionConfigurationArn`; absent = the AMIs stay in the
    /// pipeline's region and account, with no SSM parameter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distribution_configuration_arn: Option<String>,
    /// `GetDistributionConfiguration` `Distributions`: one entry per
    /// region; absent = the pipeline has no distribution configuration, or
    /// it was deleted (`ResourceNotFoundException`).
    #[serde(default)]
    pub distribution: Collected<Vec<Distribution>>,
    /// `ListImagePipelineImages`: the newest image whose state is
    /// `AVAILABLE`, by `DateCreated`; absent = the pipeline has produced no
    /// available image.
    #[serde(default)]
    pub newest_image: Collected<PipelineImage>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(Pipeline, tags);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Distribution {
    /// The region the AMI is distributed to.
    pub region: String,
    /// `SsmParameterConfigurations`: the parameters Image Builder writes
    /// the new AMI id to in that region.
    #[serde(default)]
    pub ssm_parameters: Vec<SsmParameterTarget>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SsmParameterTarget {
    /// `ParameterName`.
    pub name: String,
    /// `AmiAccountId`: the account the parameter is written in; absent =
    /// the pipeline's own account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineImage {
    /// The image build version's ARN (`…:image/<name>/1.0.0/4`).
    pub arn: String,
    /// `DateCreated`: when the build started.
    pub date_created: DateTime<Utc>,
    /// `OutputResources.Amis`: the AMIs the build distributed.
    #[serde(default)]
    pub amis: Vec<OutputAmi>,
    /// The output AMIs of the pipeline's other images (older, or not
    /// available): which AMIs the pipeline built before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier_amis: Vec<OutputAmi>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputAmi {
    pub region: String,
    /// `Image`: the AMI id.
    pub image_id: String,
    /// `AccountId`: the account the AMI was distributed to; absent = the
    /// pipeline's own account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
}
