//! DynamoDB: tables and their continuous backups.

use super::{merge, resource, Collected, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListTables`: tables by name.
pub const TABLES: Data = Data::listing("dynamodb");
/// `DescribeContinuousBackups`: each table's point-in-time recovery.
pub const PITR: Data = Data::part("dynamodb", "tables.pitr");
/// `ListTagsOfResource`: each table's tags.
pub const TABLE_TAGS: Data = Data::part("dynamodb", "tables.tags");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[TABLES, PITR, TABLE_TAGS];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DynamoDb {
    /// Tables; each replica of a global table is a table of its region.
    #[serde(default)]
    pub tables: Vec<Table>,
}
merge!(DynamoDb { tables });

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// `DescribeContinuousBackups`; absent = no point-in-time recovery
    /// description returned (recovery is not enabled).
    #[serde(default)]
    pub pitr: Collected<Pitr>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(Table, tags in TABLE_TAGS);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pitr {
    /// `PointInTimeRecoveryStatus`: `ENABLED` or `DISABLED`.
    pub status: String,
    /// `RecoveryPeriodInDays` (1-35; 35 when not set explicitly).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_period_days: Option<i64>,
}
