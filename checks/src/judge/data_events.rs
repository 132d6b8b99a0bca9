//! CloudTrail S3 data events: does a trail or an event data store record
//! the object-level (data) events of a bucket, and which ones?
//!
//! [`coverage`] answers for one bucket with a [`Coverage`], over every
//! trail that is logging and reaches the bucket's region (multi-region, or
//! homed there) and every enabled event data store that does:
//!
//! - `full`: the first source recording both read and write data events
//!   for every object of the bucket, as `trail NAME` or `event data store
//!   NAME`;
//! - `partial`: sources that record only read or only write events
//!   (`trail NAME logs write events only`), or only some objects (`trail
//!   NAME: only objects under arn:aws:s3:::b/logs/`, `trail NAME: selector
//!   "x" covers only some objects`, `… is narrowed by eventName`);
//! - `unknown`: what could not be read (`trail NAME: <the failed call>`,
//!   `CloudTrail could not be listed in REGION`, `event data stores could
//!   not be read in REGION: <the failed call>`).
//!
//! Basic selectors count with `DataResources` of type `AWS::S3::Object`
//! whose values include `arn:aws:s3` (every bucket) or a prefix of the
//! bucket's object ARNs (`arn:aws:s3:::NAME/`), with their `ReadWriteType`.
//! Advanced selectors count with `eventCategory` = `Data`, `resources.type`
//! = `AWS::S3::Object`, no `eventSource` other than S3, `resources.ARN`
//! admitting every object of the bucket (absent, or `StartsWith` a prefix
//! of `arn:aws:s3:::NAME/`, and no `NotStartsWith`/`NotEquals` excluding
//! any of them), no other field, and `readOnly` deciding read and write.
//!
//! A check that reads this declares `cloudtrail::TRAILS`, `TRAIL_STATUS`,
//! `EVENT_SELECTORS` and `EVENT_DATA_STORES` (tolerating the last: where
//! the stores could not be read it is `unknown` here).

use crate::engine::Context;
use crate::inventory::cloudtrail;
use crate::inventory::cloudtrail::{AdvancedEventSelector, EventSelector, FieldSelector};
use crate::inventory::s3::Bucket;
use crate::judge::regions;

/// What CloudTrail data events say about one bucket.
#[derive(Default)]
pub struct Coverage {
    /// The trail or event data store logging read and write events for all its objects.
    pub full: Option<String>,
    /// Sources covering part of it.
    pub partial: Vec<String>,
    /// Sources that could not be read.
    pub unknown: Vec<String>,
}

impl Coverage {
    /// Records what one trail or event data store logs for the bucket.
    fn record(&mut self, source: String, events: Events, notes: Vec<String>) {
        if events.read && events.write {
            self.full.get_or_insert(source);
            return;
        }
        if events.read || events.write {
            self.partial
                .push(format!("{source} logs {}", events.describe()));
        }
        self.partial
            .extend(notes.into_iter().map(|n| format!("{source}: {n}")));
    }
}

/// Read and write data events of one selector (or source) for the bucket.
#[derive(Clone, Copy, Default)]
struct Events {
    read: bool,
    write: bool,
}

impl Events {
    fn or(self, other: Events) -> Events {
        Events {
            read: self.read || other.read,
            write: self.write || other.write,
        }
    }

    fn describe(self) -> &'static str {
        match (self.read, self.write) {
            (true, true) => "read and write",
            (true, false) => "read events only",
            (false, true) => "write events only",
            (false, false) => "no events",
        }
    }
}

/// What CloudTrail records of `bucket`'s object-level events; see the module doc.
pub fn coverage(ctx: &Context, bucket: &Bucket) -> Coverage {
    let partition = bucket.arn.split(':').nth(1).unwrap_or("aws");
    let objects = format!("arn:{partition}:s3:::{}/", bucket.name);
    let ct = ctx.cloudtrail();
    let mut cover = Coverage::default();
    for trail in &ct.trails {
        if !(trail.is_multi_region || trail.region == bucket.region) {
            continue;
        }
        let source = format!("trail {}", trail.name);
        match trail.status.known() {
            Err(e) => {
                cover.unknown.push(format!("{source}: {e}"));
                continue;
            }
            Ok(Some(s)) if s.is_logging => {}
            Ok(_) => continue,
        }
        let selectors = match trail.event_selectors.known() {
            Err(e) => {
                cover.unknown.push(format!("{source}: {e}"));
                continue;
            }
            Ok(None) => continue,
            Ok(Some(s)) => s,
        };
        let mut events = Events::default();
        let mut notes = Vec::new();
        for s in &selectors.basic {
            events = events.or(basic(s, &objects, &mut notes));
        }
        for s in &selectors.advanced {
            events = events.or(advanced(s, &objects, &mut notes));
        }
        cover.record(source, events, notes);
    }
    for store in &ct.event_data_stores {
        if !store.status.eq_ignore_ascii_case("ENABLED")
            || !(store.multi_region || store.region == bucket.region)
        {
            continue;
        }
        let mut notes = Vec::new();
        let events = store
            .advanced_event_selectors
            .iter()
            .fold(Events::default(), |e, s| {
                e.or(advanced(s, &objects, &mut notes))
            });
        cover.record(format!("event data store {}", store.name), events, notes);
    }
    for region in regions::blind(ctx, "cloudtrail") {
        cover
            .unknown
            .push(format!("CloudTrail could not be listed in {region}"));
    }
    for (region, e) in regions::part_unreadable(ctx, cloudtrail::EVENT_DATA_STORES) {
        cover.unknown.push(format!(
            "event data stores could not be read in {region}: {e}"
        ));
    }
    cover
}

/// A basic event selector's events for every object under `objects` (`arn:aws:s3:::BUCKET/`).
fn basic(s: &EventSelector, objects: &str, notes: &mut Vec<String>) -> Events {
    let whole = s
        .data_resources
        .iter()
        .filter(|d| d.resource_type == "AWS::S3::Object")
        .flat_map(|d| d.values.iter())
        .filter(|v| {
            if v.starts_with(objects) && v.len() > objects.len() {
                notes.push(format!("only objects under {v}"));
            }
            objects.starts_with(v.as_str())
        })
        .count()
        > 0;
    if !whole {
        return Events::default();
    }
    match s.read_write_type.to_ascii_lowercase().as_str() {
        "all" => Events {
            read: true,
            write: true,
        },
        "readonly" => Events {
            read: true,
            write: false,
        },
        "writeonly" => Events {
            read: false,
            write: true,
        },
        _ => Events::default(),
    }
}

/// An advanced event selector's events for every object under `objects`.
fn advanced(s: &AdvancedEventSelector, objects: &str, notes: &mut Vec<String>) -> Events {
    let field = |name: &'static str| fields(s, name);
    let present_and_allows = |name: &'static str, value: &str| {
        field(name).next().is_some() && field(name).all(|f| allows(f, value))
    };
    if !present_and_allows("eventCategory", "Data")
        || !present_and_allows("resources.type", "AWS::S3::Object")
    {
        return Events::default();
    }
    if !field("eventSource").all(|f| allows(f, "s3.amazonaws.com")) {
        return Events::default();
    }
    let label = s
        .name
        .as_deref()
        .map(|n| format!("selector {n:?}"))
        .unwrap_or_else(|| "an advanced selector".into());
    if !field("resources.ARN").all(|f| admits_all_objects(f, objects)) {
        if field("resources.ARN").any(|f| {
            f.equals
                .iter()
                .chain(&f.starts_with)
                .any(|v| v.starts_with(objects))
        }) {
            notes.push(format!("{label} covers only some objects"));
        }
        return Events::default();
    }
    const KNOWN: [&str; 5] = [
        "eventCategory",
        "resources.type",
        "resources.ARN",
        "readOnly",
        "eventSource",
    ];
    if let Some(other) = s
        .field_selectors
        .iter()
        .find(|f| !KNOWN.iter().any(|k| f.field.eq_ignore_ascii_case(k)))
    {
        notes.push(format!("{label} is narrowed by {}", other.field));
        return Events::default();
    }
    Events {
        read: field("readOnly").all(|f| allows(f, "true")),
        write: field("readOnly").all(|f| allows(f, "false")),
    }
}

/// The field selectors on one field (case-insensitive).
fn fields<'a>(
    s: &'a AdvancedEventSelector,
    name: &'a str,
) -> impl Iterator<Item = &'a FieldSelector> + 'a {
    s.field_selectors
        .iter()
        .filter(move |f| f.field.eq_ignore_ascii_case(name))
}

/// True when the field selector lets `value` through.
fn allows(f: &FieldSelector, value: &str) -> bool {
    let eq = |v: &String| v.eq_ignore_ascii_case(value);
    (f.equals.is_empty() || f.equals.iter().any(eq))
        && !f.not_equals.iter().any(eq)
        && (f.starts_with.is_empty() || f.starts_with.iter().any(|p| value.starts_with(p.as_str())))
        && !f
            .not_starts_with
            .iter()
            .any(|p| value.starts_with(p.as_str()))
}

/// True when a `resources.ARN` selector admits every object ARN starting with `objects`.
fn admits_all_objects(f: &FieldSelector, objects: &str) -> bool {
    let overlaps = |p: &String| objects.starts_with(p.as_str()) || p.starts_with(objects);
    f.equals.is_empty()
        && (f.starts_with.is_empty()
            || f.starts_with
                .iter()
                .any(|p| objects.starts_with(p.as_str())))
        && !f.not_starts_with.iter().any(overlaps)
        && !f.not_equals.iter().any(|v| v.starts_with(objects))
}
