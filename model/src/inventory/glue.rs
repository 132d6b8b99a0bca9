//! AWS Glue, per region: ETL jobs (their retry setting) and their tags.

use super::{merge, resource, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `GetJobs` (paged): the jobs with their retry setting.
pub const JOBS: Data = Data::listing("glue");
/// `GetTags`: each job's tags.
pub const JOB_TAGS: Data = Data::part("glue", "jobs.tags");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[JOBS, JOB_TAGS];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Glue {
    #[serde(default)]
    pub jobs: Vec<Job>,
}
merge!(Glue { jobs });

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Job {
    /// `arn:aws:glue:REGION:ACCOUNT:job/NAME`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// `Name`: what the job's events carry as `detail.jobName`.
    pub name: String,
    /// `MaxRetries`: how many times a failed run is retried (0: never).
    #[serde(default)]
    pub max_retries: i64,
    #[serde(default)]
    pub tags: Tags,
}
resource!(Job, tags in JOB_TAGS);
