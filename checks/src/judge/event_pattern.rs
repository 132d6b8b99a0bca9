//! EventBridge event patterns: parse a rule's `EventPattern` and ask whether
//! an event the check only partly knows would match it.
//!
//! Checks have no real events. They ask "would a CodeBuild event whose
//! `detail.build-status` is `FAILED` match this rule?", and the event has many
//! fields the check cannot know. So a match is three-valued, see [`Match`].
//!
//! # How EventBridge matches
//!
//! - A pattern is a JSON object. Objects name nested event fields and leaves
//!   are arrays of alternatives. Paths join with `.`, so
//!   `{"detail": {"state": [..]}}` and `{"detail.state": [..]}` are one filter.
//!   A field named twice keeps its last filter.
//! - Every field the pattern names must match (AND). A field matches when any
//!   alternative matches (OR). A field the pattern does not name matches
//!   whatever it holds: a rule with only `"source": ["aws.codepipeline"]`
//!   matches every CodePipeline event.
//! - When the event's field is an array (`resources`), it matches when any
//!   element matches.
//! - A literal (string, number, `true`, `false`, `null`) equals the value.
//!   Strings compare case-sensitively; `""` and `null` differ. Numbers compare
//!   numerically, so `5` matches `5.0` (see Sources for why).
//! - `prefix`, `suffix` (each also as `{"equals-ignore-case": ..}`),
//!   `equals-ignore-case`, `wildcard` (`*` is any run of characters, `\*` and
//!   `\\` escape) and `cidr` (IPv4 or IPv6) only match strings; `numeric`
//!   (`=`, or `>`/`>=` and/or `<`/`<=`) only matches numbers.
//! - `anything-but` takes a value, a list of only strings or only numbers, or
//!   `{"prefix"|"suffix"|"equals-ignore-case"|"wildcard": string or list}`, and
//!   matches a present value that none of those match.
//! - `exists: true` matches any value; `exists: false` matches only an absent
//!   field. Only leaves exist: a field holding an object counts as absent.
//!   Every other alternative, `anything-but` and `numeric` included, needs the
//!   field present.
//! - `"$or": [{..}, {..}]` (two or more objects, at any level) matches when any
//!   of its objects matches.
//!
//! # Partly known events
//!
//! An [`Event`] states some fields (`with`), says some are absent (`absent`),
//! and may declare a whole subtree known (`complete("detail")`: whatever it
//! does not state under `detail` is absent). Any other field is unstated.
//! [`Pattern::matches`] then answers:
//!
//! - [`Match::Yes`]: every event with the stated fields matches.
//! - [`Match::No`]: no such event matches; the [`Mismatch`] names the field.
//! - [`Match::Unknown`]: the verdict hinges on an unstated field (the rule
//!   filters on `detail.pipeline` and the check did not say which pipeline);
//!   the [`Unstated`] names it.
//!
//! Across the fields of a pattern `No` wins over `Unknown` (a known field
//! already rules the event out), and `Unknown` over `Yes`. Across `$or`
//! branches the best one counts: `Yes`, then `Unknown`, then `No`. Each
//! reason reads the same in every check:
//! `detail.state wants ["SUCCEEDED"], not FAILED`.
//!
//! ```
//! use awscheck_checks::judge::event_pattern::{Match, Pattern};
//!
//! let rule = Pattern::parse(
//!     r#"{"source": ["aws.codebuild"], "detail": {"build-status": ["SUCCEEDED"]}}"#,
//! )?;
//! let failed_build = [("source", "aws.codebuild"), ("detail.build-status", "FAILED")];
//! let Match::No(why) = rule.covers(&failed_build) else {
//!     panic!("a SUCCEEDED-only rule covers failed builds");
//! };
//! assert_eq!(why.to_string(), r#"detail.build-status wants ["SUCCEEDED"], not FAILED"#);
//! # Ok::<(), awscheck_checks::judge::event_pattern::PatternError>(())
//! ```
//!
//! # Sources
//!
//! AWS documentation, EventBridge User Guide: "Event pattern syntax",
//! "Comparison operators for use in event patterns in Amazon EventBridge",
//! "Content filtering in Amazon EventBridge event patterns", "Arrays in Amazon
//! EventBridge event patterns" and "Matching null values and empty strings in
//! Amazon EventBridge event patterns". The grammar details the guide leaves
//! out (the shapes `numeric` accepts, `wildcard` escapes, `$or` needing two
//! objects, empty arrays and objects being invalid) follow the README of Event
//! Ruler (github.com/aws/event-ruler), the matching library behind
//! EventBridge. On numbers the two disagree: "Event pattern syntax" says
//! 300, 300.0 and 3.0e2 are not equal, while Event Ruler compiles a number
//! literal to a numeric match as well as a textual one. This module follows
//! Event Ruler. Not modelled: Event Ruler's array-consistent matching of
//! arrays of objects, which needs whole events; checks state leaf values.

use awscheck_model::cidr::Cidr;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;

/// Why a text is not a valid event pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError(pub String);

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "pattern: {}", self.0)
    }
}

/// A JSON scalar: what an event field holds, and what a pattern literal names.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    String(String),
    Number(f64),
    Bool(bool),
    Null,
}

impl Scalar {
    fn as_str(&self) -> Option<&str> {
        match self {
            Scalar::String(s) => Some(s),
            _ => None,
        }
    }

    fn as_number(&self) -> Option<f64> {
        match self {
            Scalar::Number(n) => Some(*n),
            _ => None,
        }
    }
}

impl From<&str> for Scalar {
    fn from(s: &str) -> Scalar {
        Scalar::String(s.to_string())
    }
}

impl From<String> for Scalar {
    fn from(s: String) -> Scalar {
        Scalar::String(s)
    }
}

impl From<f64> for Scalar {
    fn from(n: f64) -> Scalar {
        Scalar::Number(n)
    }
}

impl From<bool> for Scalar {
    fn from(b: bool) -> Scalar {
        Scalar::Bool(b)
    }
}

/// Strings bare (`FAILED`; the empty string as `""`), the rest as in JSON.
impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scalar::String(s) if s.is_empty() => f.write_str("\"\""),
            Scalar::String(s) => f.write_str(s),
            Scalar::Number(n) => write!(f, "{n}"),
            Scalar::Bool(b) => write!(f, "{b}"),
            Scalar::Null => f.write_str("null"),
        }
    }
}

/// What a check knows of an event. Fields are dotted paths (`source`,
/// `detail-type`, `detail.state`); a field not stated is unknown, unless it
/// lies under a prefix declared [`complete`](Event::complete).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Event {
    /// Path → the values it holds; no values means known absent.
    fields: BTreeMap<String, Vec<Scalar>>,
    /// Prefixes under which every unstated field is absent.
    complete: Vec<String>,
    /// The fields that name the resource the event is about.
    naming: Vec<String>,
}

impl Event {
    pub fn new() -> Event {
        Event::default()
    }

    /// The field at `path` holds `value`. State a path again to add a value:
    /// an array field such as `resources` holds each value stated for it.
    pub fn with(mut self, path: &str, value: impl Into<Scalar>) -> Event {
        self.fields
            .entry(path.to_string())
            .or_default()
            .push(value.into());
        self
    }

    /// The field at `path` holds `value`, which names the resource the
    /// event is about (its ARN in `resources`, its name in `detail`): a
    /// pattern that rules the event out there is about other resources.
    pub fn naming(mut self, path: &str, value: impl Into<Scalar>) -> Event {
        if !self.names(path) {
            self.naming.push(path.to_string());
        }
        self.with(path, value)
    }

    /// The text values stated for the field at `path`.
    pub fn texts<'e>(&'e self, path: &str) -> impl Iterator<Item = &'e str> + 'e {
        self.fields
            .get(path)
            .into_iter()
            .flatten()
            .filter_map(Scalar::as_str)
    }

    /// True when the field at `path` names the resource ([`Event::naming`]).
    pub fn names(&self, path: &str) -> bool {
        self.naming.iter().any(|p| p == path)
    }

    /// The event has no field at `path` (forgetting any value stated for it).
    pub fn absent(mut self, path: &str) -> Event {
        self.fields.insert(path.to_string(), Vec::new());
        self
    }

    /// The check knows the whole of `prefix` (a field such as `detail`, or a
    /// leaf): every field at or under it that is not stated is absent.
    pub fn complete(mut self, prefix: &str) -> Event {
        self.complete.push(prefix.to_string());
        self
    }

    fn lookup(&self, path: &str) -> Seen<'_> {
        match self.fields.get(path) {
            Some(values) if values.is_empty() => Seen::Absent,
            Some(values) => Seen::Values(values),
            None if self.shape_excludes(path) => Seen::Absent,
            None if self.complete.iter().any(|p| p == path || below(path, p)) => Seen::Absent,
            None => Seen::Unstated,
        }
    }

    /// Stated values show `path` is no leaf of this event: one lies below it
    /// (`path` holds an object) or above it (`path` would be inside a scalar).
    fn shape_excludes(&self, path: &str) -> bool {
        self.fields
            .iter()
            .any(|(k, values)| !values.is_empty() && (below(k, path) || below(path, k)))
    }
}

/// `path` lies strictly under `prefix` (`detail.state` under `detail`).
fn below(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.starts_with('.'))
}

/// What an event holds at one path.
enum Seen<'a> {
    Values(&'a [Scalar]),
    Absent,
    Unstated,
}

/// Does the pattern match the event? See the module documentation.
#[derive(Debug, Clone, PartialEq)]
pub enum Match {
    Yes,
    No(Mismatch),
    Unknown(Unstated),
}

impl Match {
    /// How far from matching: `Yes` 0, `Unknown` 1, `No` 2.
    fn distance(&self) -> u8 {
        match self {
            Match::Yes => 0,
            Match::Unknown(_) => 1,
            Match::No(_) => 2,
        }
    }
}

/// Why an event does not match: `detail.state wants ["SUCCEEDED"], not FAILED`.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    /// The dotted path of the field that rules the event out.
    pub field: String,
    /// The pattern's alternatives for the field, as compact JSON.
    pub wanted: String,
    /// The event's values there; empty when the event has no such field.
    pub found: Vec<Scalar>,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} wants {}", self.field, self.wanted)?;
        if self.found.is_empty() {
            return f.write_str(", but it is absent");
        }
        let found: Vec<String> = self.found.iter().map(Scalar::to_string).collect();
        write!(f, ", not {}", found.join(" or "))
    }
}

/// The unstated field a verdict hinges on:
/// `detail.pipeline wants ["release"], which is not known`.
#[derive(Debug, Clone, PartialEq)]
pub struct Unstated {
    pub field: String,
    /// The pattern's alternatives for the field, as compact JSON.
    pub wanted: String,
}

impl fmt::Display for Unstated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} wants {}, which is not known",
            self.field, self.wanted
        )
    }
}

/// A parsed event pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    root: AllOf,
}

impl Pattern {
    /// Parses the `EventPattern` text `events:DescribeRule` returns.
    pub fn parse(text: &str) -> Result<Pattern, PatternError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| PatternError(format!("not JSON: {e}")))?;
        Pattern::from_value(&value)
    }

    /// Parses a pattern held as a JSON value: an object, or JSON text.
    pub fn from_value(value: &Value) -> Result<Pattern, PatternError> {
        match value {
            Value::Object(map) => Ok(Pattern {
                root: AllOf::parse(map, "")?,
            }),
            Value::String(text) => Pattern::parse(text),
            other => Err(PatternError(format!(
                "expected a JSON object, found {}",
                kind(other)
            ))),
        }
    }

    /// Would an event with these fields match? See [`Match`].
    pub fn matches(&self, event: &Event) -> Match {
        self.root.judge(event)
    }

    /// The common question, each field holding one string value, the rest unknown:
    /// `covers(&[("source", "aws.codebuild"), ("detail.build-status", "FAILED")])`.
    pub fn covers(&self, fields: &[(&str, &str)]) -> Match {
        let event = fields.iter().fold(Event::new(), |event, &(path, value)| {
            event.with(path, value)
        });
        self.matches(&event)
    }
}

/// Filters that must all match: one per field, and the `$or` groups.
#[derive(Debug, Clone, Default, PartialEq)]
struct AllOf {
    fields: Vec<FieldFilter>,
    any_of: Vec<AnyOf>,
}

/// A `$or`: two or more alternative sets of filters.
#[derive(Debug, Clone, PartialEq)]
struct AnyOf {
    first: AllOf,
    others: Vec<AllOf>,
}

/// The alternatives a pattern allows at one field.
#[derive(Debug, Clone, PartialEq)]
struct FieldFilter {
    path: String,
    alternatives: Vec<Test>,
    /// The alternatives as written, for reasons.
    wanted: String,
}

/// One alternative. Text for the ignore-case forms is kept lower-cased.
#[derive(Debug, Clone, PartialEq)]
enum Test {
    Equals(Scalar),
    EqualsIgnoreCase(String),
    Prefix {
        text: String,
        ignore_case: bool,
    },
    Suffix {
        text: String,
        ignore_case: bool,
    },
    Wildcard(Wildcard),
    /// Matches a present value that none of these match.
    AnythingBut(Vec<Test>),
    Numeric(Range),
    Exists(bool),
    Cidr(Cidr),
}

impl AllOf {
    fn parse(map: &Map<String, Value>, prefix: &str) -> Result<AllOf, PatternError> {
        if map.is_empty() {
            return Err(located(prefix, "empty objects are not allowed"));
        }
        let mut all = AllOf::default();
        for (key, value) in map {
            if key == "$or" {
                all.any_of.push(AnyOf::parse(value, prefix)?);
                continue;
            }
            let path = join(prefix, key);
            match value {
                Value::Array(items) => all.add(FieldFilter::parse(path, items)?),
                Value::Object(inner) => all.merge(AllOf::parse(inner, &path)?),
                _ => return Err(located(&path, "expected an array of values or an object")),
            }
        }
        Ok(all)
    }

    /// Adds a field filter; a field named twice keeps the last one.
    fn add(&mut self, filter: FieldFilter) {
        self.fields.retain(|f| f.path != filter.path);
        self.fields.push(filter);
    }

    fn merge(&mut self, nested: AllOf) {
        for filter in nested.fields {
            self.add(filter);
        }
        self.any_of.extend(nested.any_of);
    }

    /// The farthest from matching wins: the first `No`, else the first `Unknown`.
    fn judge(&self, event: &Event) -> Match {
        let verdicts = self
            .fields
            .iter()
            .map(|f| f.judge(event))
            .chain(self.any_of.iter().map(|any| any.judge(event)));
        verdicts.fold(Match::Yes, |worst, m| {
            if m.distance() > worst.distance() {
                m
            } else {
                worst
            }
        })
    }
}

impl AnyOf {
    fn parse(value: &Value, prefix: &str) -> Result<AnyOf, PatternError> {
        let at = join(prefix, "$or");
        let shape = || located(&at, "expected an array of at least two objects");
        let Value::Array(items) = value else {
            return Err(shape());
        };
        let [first, others @ ..] = items.as_slice() else {
            return Err(shape());
        };
        if others.is_empty() {
            return Err(shape());
        }
        let branch = |item: &Value| match item {
            Value::Object(map) => AllOf::parse(map, prefix),
            _ => Err(shape()),
        };
        Ok(AnyOf {
            first: branch(first)?,
            others: others.iter().map(branch).collect::<Result<_, _>>()?,
        })
    }

    /// The nearest to matching wins: the first `Yes`, else the first `Unknown`.
    fn judge(&self, event: &Event) -> Match {
        self.others
            .iter()
            .fold(self.first.judge(event), |best, branch| {
                let m = branch.judge(event);
                if m.distance() < best.distance() {
                    m
                } else {
                    best
                }
            })
    }
}

impl FieldFilter {
    fn parse(path: String, items: &[Value]) -> Result<FieldFilter, PatternError> {
        if items.is_empty() {
            return Err(located(&path, "empty arrays are not allowed"));
        }
        let alternatives = items
            .iter()
            .map(Test::parse)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|msg| located(&path, msg))?;
        Ok(FieldFilter {
            wanted: Value::Array(items.to_vec()).to_string(),
            path,
            alternatives,
        })
    }

    fn judge(&self, event: &Event) -> Match {
        match event.lookup(&self.path) {
            Seen::Values(values) if self.matches_any(values) => Match::Yes,
            Seen::Values(values) => Match::No(self.mismatch(values)),
            Seen::Absent if self.allows(Test::Exists(false)) => Match::Yes,
            Seen::Absent => Match::No(self.mismatch(&[])),
            // `[{"exists": true}, {"exists": false}]` accepts whatever the field holds.
            Seen::Unstated
                if self.allows(Test::Exists(true)) && self.allows(Test::Exists(false)) =>
            {
                Match::Yes
            }
            Seen::Unstated => Match::Unknown(Unstated {
                field: self.path.clone(),
                wanted: self.wanted.clone(),
            }),
        }
    }

    /// Some alternative matches some value of the field.
    fn matches_any(&self, values: &[Scalar]) -> bool {
        self.alternatives
            .iter()
            .any(|t| values.iter().any(|v| t.matches(v)))
    }

    fn allows(&self, test: Test) -> bool {
        self.alternatives.contains(&test)
    }

    fn mismatch(&self, found: &[Scalar]) -> Mismatch {
        Mismatch {
            field: self.path.clone(),
            wanted: self.wanted.clone(),
            found: found.to_vec(),
        }
    }
}

impl Test {
    /// Does this alternative match a present value?
    fn matches(&self, value: &Scalar) -> bool {
        let string = value.as_str();
        match self {
            Test::Equals(literal) => literal == value,
            Test::EqualsIgnoreCase(want) => string.is_some_and(|s| s.to_lowercase() == *want),
            Test::Prefix { text, ignore_case } => {
                string.is_some_and(|s| folded(s, *ignore_case).starts_with(text.as_str()))
            }
            Test::Suffix { text, ignore_case } => {
                string.is_some_and(|s| folded(s, *ignore_case).ends_with(text.as_str()))
            }
            Test::Wildcard(w) => string.is_some_and(|s| w.matches(s)),
            Test::AnythingBut(excluded) => !excluded.iter().any(|t| t.matches(value)),
            Test::Numeric(range) => value.as_number().is_some_and(|n| range.contains(n)),
            Test::Exists(present) => *present,
            Test::Cidr(cidr) => string.is_some_and(|s| cidr.contains(s)),
        }
    }

    fn parse(value: &Value) -> Result<Test, String> {
        match value {
            Value::Object(map) => match only_entry(map) {
                Some((name, arg)) => Test::parse_operator(name, arg),
                None => Err(format!(
                    "an operator object has exactly one key, found {}",
                    map.len()
                )),
            },
            Value::Array(_) => Err("an alternative cannot be an array".to_string()),
            literal => scalar(literal).map(Test::Equals),
        }
    }

    fn parse_operator(name: &str, arg: &Value) -> Result<Test, String> {
        match name {
            "prefix" => {
                affix(name, arg).map(|(text, ignore_case)| Test::Prefix { text, ignore_case })
            }
            "suffix" => {
                affix(name, arg).map(|(text, ignore_case)| Test::Suffix { text, ignore_case })
            }
            "equals-ignore-case" => {
                string_arg(name, arg).map(|s| Test::EqualsIgnoreCase(s.to_lowercase()))
            }
            "wildcard" => string_arg(name, arg)
                .and_then(Wildcard::parse)
                .map(Test::Wildcard),
            "anything-but" => anything_but(arg).map(Test::AnythingBut),
            "numeric" => Range::parse(arg).map(Test::Numeric),
            "exists" => arg
                .as_bool()
                .map(Test::Exists)
                .ok_or_else(|| format!("exists wants true or false, found {}", kind(arg))),
            "cidr" => string_arg(name, arg).and_then(Cidr::parse).map(Test::Cidr),
            other => Err(format!("unknown operator {other:?}")),
        }
    }
}

/// The text to compare: lower-cased for the ignore-case forms.
fn folded(s: &str, ignore_case: bool) -> String {
    if ignore_case {
        s.to_lowercase()
    } else {
        s.to_string()
    }
}

/// `prefix` / `suffix`: a string, or `{"equals-ignore-case": string}`.
fn affix(name: &str, arg: &Value) -> Result<(String, bool), String> {
    match arg {
        Value::String(s) => Ok((s.clone(), false)),
        Value::Object(map) => match only_entry(map) {
            Some(("equals-ignore-case", Value::String(s))) => Ok((s.to_lowercase(), true)),
            _ => Err(format!(
                "{name} wants a string or {{\"equals-ignore-case\": string}}"
            )),
        },
        other => Err(format!("{name} wants a string, found {}", kind(other))),
    }
}

/// What `anything-but` excludes: a value, a list of only strings or only
/// numbers, or `{"prefix"|"suffix"|"equals-ignore-case"|"wildcard": ..}`.
fn anything_but(arg: &Value) -> Result<Vec<Test>, String> {
    match arg {
        Value::String(_) | Value::Number(_) => Ok(vec![Test::Equals(scalar(arg)?)]),
        Value::Array(items) => {
            let uniform = items.iter().all(Value::is_string) || items.iter().all(Value::is_number);
            if items.is_empty() || !uniform {
                return Err("anything-but wants a list of only strings or only numbers".into());
            }
            items.iter().map(|v| scalar(v).map(Test::Equals)).collect()
        }
        Value::Object(map) => {
            const NEGATABLE: [&str; 4] = ["prefix", "suffix", "equals-ignore-case", "wildcard"];
            let Some((op, texts)) = only_entry(map).filter(|(op, _)| NEGATABLE.contains(op)) else {
                return Err(
                    "anything-but takes one of prefix, suffix, equals-ignore-case, wildcard".into(),
                );
            };
            let items = match texts {
                Value::Array(items) if !items.is_empty() => items.as_slice(),
                Value::Array(_) => return Err(format!("anything-but {op} list is empty")),
                single => std::slice::from_ref(single),
            };
            items
                .iter()
                .map(|text| match text {
                    Value::String(_) => Test::parse_operator(op, text),
                    other => Err(format!(
                        "anything-but {op} wants strings, found {}",
                        kind(other)
                    )),
                })
                .collect()
        }
        other => Err(format!(
            "anything-but wants a string, a number, a list or an object, found {}",
            kind(other)
        )),
    }
}

/// A `wildcard` value cut at its `*`s: `a*b*c` is head `a`, tail `[b, c]`.
#[derive(Debug, Clone, PartialEq)]
struct Wildcard {
    head: String,
    tail: Vec<String>,
}

impl Wildcard {
    fn parse(text: &str) -> Result<Wildcard, String> {
        let mut parts = Vec::new();
        let mut current = String::new();
        let mut chars = text.chars();
        let mut after_star = false;
        while let Some(c) = chars.next() {
            match c {
                '*' if after_star => return Err(format!("wildcard {text:?} has consecutive *")),
                '*' => parts.push(std::mem::take(&mut current)),
                '\\' => match chars.next() {
                    Some(escaped @ ('*' | '\\')) => current.push(escaped),
                    _ => {
                        return Err(format!(
                            "wildcard {text:?}: only \\* and \\\\ may be escaped"
                        ))
                    }
                },
                other => current.push(other),
            }
            after_star = c == '*';
        }
        parts.push(current);
        let mut parts = parts.into_iter();
        let head = parts.next().unwrap_or_default();
        Ok(Wildcard {
            head,
            tail: parts.collect(),
        })
    }

    fn matches(&self, text: &str) -> bool {
        let Some(rest) = text.strip_prefix(self.head.as_str()) else {
            return false;
        };
        let Some((last, middle)) = self.tail.split_last() else {
            return rest.is_empty();
        };
        let Some(mut rest) = rest.strip_suffix(last.as_str()) else {
            return false;
        };
        for part in middle {
            match rest.find(part.as_str()) {
                Some(at) => rest = &rest[at + part.len()..],
                None => return false,
            }
        }
        true
    }
}

/// A `numeric` filter: a lower bound, an upper bound, or both (`=` is both).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Range {
    lower: Option<Bound>,
    upper: Option<Bound>,
}

/// A limit of a `numeric` range.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Bound {
    value: f64,
    inclusive: bool,
}

impl Bound {
    /// A bound at `value`, as the `Option` a [`Range`] holds.
    fn at(value: f64, inclusive: bool) -> Option<Bound> {
        Some(Bound { value, inclusive })
    }
}

impl Range {
    /// `["=", n]`, `[">" | ">=", n]`, `["<" | "<=", n]`, or
    /// `[">" | ">=", low, "<" | "<=", high]` with `low < high`.
    fn parse(arg: &Value) -> Result<Range, String> {
        let shape = || {
            format!("numeric wants [operator, number] or [\">\", low, \"<\", high], found {arg}")
        };
        let term = |op: &Value, n: &Value| match (op.as_str(), n.as_f64()) {
            (Some(op), Some(n)) => Ok((op.to_string(), n)),
            _ => Err(shape()),
        };
        let Value::Array(items) = arg else {
            return Err(shape());
        };
        match items.as_slice() {
            [op, n] => {
                let (op, n) = term(op, n)?;
                let (lower, upper) = match op.as_str() {
                    "=" => (Bound::at(n, true), Bound::at(n, true)),
                    ">" | ">=" => (Bound::at(n, op == ">="), None),
                    "<" | "<=" => (None, Bound::at(n, op == "<=")),
                    other => return Err(format!("unknown numeric operator {other:?}")),
                };
                Ok(Range { lower, upper })
            }
            [low_op, low, high_op, high] => {
                let (low_op, low) = term(low_op, low)?;
                let (high_op, high) = term(high_op, high)?;
                if !matches!(low_op.as_str(), ">" | ">=") || !matches!(high_op.as_str(), "<" | "<=")
                {
                    return Err(shape());
                }
                if low >= high {
                    return Err(format!("numeric range is empty: {low} is not below {high}"));
                }
                Ok(Range {
                    lower: Bound::at(low, low_op == ">="),
                    upper: Bound::at(high, high_op == "<="),
                })
            }
            _ => Err(shape()),
        }
    }

    fn contains(&self, n: f64) -> bool {
        let above = |b: Bound| n > b.value || (b.inclusive && n == b.value);
        let under = |b: Bound| n < b.value || (b.inclusive && n == b.value);
        self.lower.is_none_or(above) && self.upper.is_none_or(under)
    }
}

fn scalar(v: &Value) -> Result<Scalar, String> {
    match v {
        Value::String(s) => Ok(Scalar::String(s.clone())),
        Value::Number(n) => n
            .as_f64()
            .map(Scalar::Number)
            .ok_or_else(|| format!("number {n} is out of range")),
        Value::Bool(b) => Ok(Scalar::Bool(*b)),
        Value::Null => Ok(Scalar::Null),
        other => Err(format!(
            "expected a string, number, boolean or null, found {}",
            kind(other)
        )),
    }
}

fn string_arg<'a>(name: &str, arg: &'a Value) -> Result<&'a str, String> {
    arg.as_str()
        .ok_or_else(|| format!("{name} wants a string, found {}", kind(arg)))
}

/// The key and value of a one-key object.
fn only_entry(map: &Map<String, Value>) -> Option<(&str, &Value)> {
    let mut entries = map.iter();
    match (entries.next(), entries.next()) {
        (Some((k, v)), None) => Some((k.as_str(), v)),
        _ => None,
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// An error at `path` (`"detail.state": ...`); at the top level, just the message.
fn located(path: &str, msg: impl fmt::Display) -> PatternError {
    if path.is_empty() {
        PatternError(msg.to_string())
    } else {
        PatternError(format!("{path:?}: {msg}"))
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn pattern(v: Value) -> Pattern {
        Pattern::from_value(&v).unwrap_or_else(|e| panic!("{v}: {e}"))
    }

    /// `{"f": alternatives}` against an event whose `f` holds `value`.
    fn matches_value(alternatives: &Value, value: impl Into<Scalar>) -> bool {
        let p = pattern(json!({ "f": alternatives }));
        p.matches(&Event::new().with("f", value)) == Match::Yes
    }

    fn mismatch(m: Match) -> String {
        match m {
            Match::No(why) => why.to_string(),
            other => panic!("expected No, got {other:?}"),
        }
    }

    fn unknown(m: Match) -> String {
        match m {
            Match::Unknown(field) => field.to_string(),
            other => panic!("expected Unknown, got {other:?}"),
        }
    }

    #[test]
    fn text_values_and_dotted_keys_parse_alike() {
        let nested =
            pattern(json!({"source": ["aws.ec2"], "detail": {"state": {"status": ["running"]}}}));
        let dotted =
            Pattern::parse(r#"{"source": ["aws.ec2"], "detail": {"state.status": ["running"]}}"#)
                .unwrap();
        let as_text = pattern(json!(
            r#"{"source":["aws.ec2"],"detail.state.status":["running"]}"#
        ));
        assert_eq!(dotted, nested);
        assert_eq!(as_text, nested);
        assert_ne!(pattern(json!({"detail": {"state": ["running"]}})), nested);
    }

    #[test]
    fn a_field_named_twice_keeps_its_last_filter() {
        let p = Pattern::parse(
            r#"{"source": ["aws.s3"], "source": ["aws.sns"],
                "detail": {"eventSource": ["s3.amazonaws.com"]},
                "detail.eventSource": ["sns.amazonaws.com"]}"#,
        )
        .unwrap();
        let sns = [
            ("source", "aws.sns"),
            ("detail.eventSource", "sns.amazonaws.com"),
        ];
        assert_eq!(p.covers(&sns), Match::Yes);
        let s3 = [
            ("source", "aws.s3"),
            ("detail.eventSource", "s3.amazonaws.com"),
        ];
        assert_eq!(
            mismatch(p.covers(&s3)),
            r#"source wants ["aws.sns"], not aws.s3"#
        );
    }

    #[test]
    fn rejects_invalid_patterns_naming_the_field() {
        let same = "expected an array of at least two objects";
        for (text, want) in [
            (
                r#"{"detail": {"state": "FAILED"}}"#,
                r#"pattern: "detail.state": expected an array of values or an object"#,
            ),
            ("{", "pattern: not JSON"),
            ("[1]", "pattern: expected a JSON object, found an array"),
            ("{}", "pattern: empty objects are not allowed"),
            (
                r#"{"detail": {}}"#,
                r#""detail": empty objects are not allowed"#,
            ),
            (
                r#"{"source": []}"#,
                r#""source": empty arrays are not allowed"#,
            ),
            (
                r#"{"source": [["a"]]}"#,
                "an alternative cannot be an array",
            ),
            (
                r#"{"source": [{"prefix": "a", "suffix": "b"}]}"#,
                "exactly one key, found 2",
            ),
            (r#"{"source": [{}]}"#, "exactly one key, found 0"),
            (
                r#"{"source": [{"contains": "a"}]}"#,
                r#"unknown operator "contains""#,
            ),
            (
                r#"{"source": [{"prefix": 1}]}"#,
                "prefix wants a string, found a number",
            ),
            (
                r#"{"source": [{"suffix": {"ignore-case": "a"}}]}"#,
                r#"suffix wants a string or {"equals-ignore-case": string}"#,
            ),
            (
                r#"{"source": [{"equals-ignore-case": ["a"]}]}"#,
                "equals-ignore-case wants a string, found an array",
            ),
            (r#"{"x": [{"wildcard": "a**"}]}"#, "has consecutive *"),
            (r#"{"x": [{"wildcard": "a\\b"}]}"#, "may be escaped"),
            (r#"{"x": [{"wildcard": "a\\"}]}"#, "may be escaped"),
            (
                r#"{"x": [{"anything-but": ["a", 1]}]}"#,
                "only strings or only numbers",
            ),
            (
                r#"{"x": [{"anything-but": []}]}"#,
                "only strings or only numbers",
            ),
            (r#"{"x": [{"anything-but": true}]}"#, "found a boolean"),
            (
                r#"{"x": [{"anything-but": {"numeric": [">", 1]}}]}"#,
                "anything-but takes one of prefix",
            ),
            (
                r#"{"x": [{"anything-but": {"prefix": []}}]}"#,
                "prefix list is empty",
            ),
            (
                r#"{"x": [{"anything-but": {"suffix": [1]}}]}"#,
                "suffix wants strings, found a number",
            ),
            (
                r#"{"x": [{"anything-but": {"wildcard": "a**b"}}]}"#,
                "consecutive *",
            ),
            (
                r#"{"x": [{"numeric": 5}]}"#,
                "numeric wants [operator, number]",
            ),
            (
                r#"{"x": [{"numeric": ["~", 5]}]}"#,
                r#"unknown numeric operator "~""#,
            ),
            (r#"{"x": [{"numeric": ["<", 5, ">", 1]}]}"#, "numeric wants"),
            (r#"{"x": [{"numeric": ["=", 5, "<", 9]}]}"#, "numeric wants"),
            (r#"{"x": [{"numeric": [">", "5"]}]}"#, "numeric wants"),
            (
                r#"{"x": [{"numeric": [">", 1, "<", 5, "<", 9]}]}"#,
                "numeric wants",
            ),
            (
                r#"{"x": [{"numeric": [">", 5, "<=", 5]}]}"#,
                "numeric range is empty: 5 is not below 5",
            ),
            (
                r#"{"x": [{"exists": "yes"}]}"#,
                "exists wants true or false, found a string",
            ),
            (
                r#"{"x": [{"cidr": "10.0.0.0"}]}"#,
                "not an address/prefix-length block",
            ),
            (
                r#"{"x": [{"cidr": "10.0.0.0/33"}]}"#,
                "not an address/prefix-length block",
            ),
            (
                r#"{"x": [{"cidr": "10.0.0/8"}]}"#,
                "not an address/prefix-length block",
            ),
            (r#"{"$or": {"a": ["x"]}}"#, same),
            (r#"{"$or": [{"a": ["x"]}]}"#, same),
            (
                r#"{"detail": {"$or": [{"a": ["x"]}, "b"]}}"#,
                r#""detail.$or": expected"#,
            ),
            (
                r#"{"$or": [{"a": ["x"]}, {"b": "y"}]}"#,
                r#""b": expected an array of values or an object"#,
            ),
        ] {
            let e = Pattern::parse(text).unwrap_err();
            assert!(e.to_string().contains(want), "{text}: {e}");
        }
    }

    #[test]
    fn literals_compare_by_json_type_and_case() {
        let failed = json!(["FAILED"]);
        assert!(matches_value(&failed, "FAILED"));
        assert!(!matches_value(&failed, "failed"));
        assert!(matches_value(&json!(["STOPPED", "FAILED"]), "FAILED"));
        assert!(matches_value(&json!([5]), 5.0));
        assert!(matches_value(&json!([3.0e2]), 300.0));
        assert!(!matches_value(&json!([5]), 5.5));
        assert!(!matches_value(&json!(["5"]), 5.0));
        assert!(!matches_value(&json!([5]), "5"));
        assert!(matches_value(&json!([true]), true));
        assert!(!matches_value(&json!([true]), "true"));
        assert!(matches_value(&json!([null]), Scalar::Null));
        assert!(!matches_value(&json!([null]), ""));
        assert!(matches_value(&json!([""]), ""));
        assert!(!matches_value(&json!([""]), Scalar::Null));
    }

    #[test]
    fn prefix_suffix_and_ignore_case() {
        for (alternatives, value, want) in [
            (json!([{"prefix": "prod-"}]), "prod-api", true),
            (json!([{"prefix": "prod-"}]), "PROD-api", false),
            (
                json!([{"prefix": {"equals-ignore-case": "Prod-"}}]),
                "PROD-api",
                true,
            ),
            (
                json!([{"prefix": {"equals-ignore-case": "Prod-"}}]),
                "dev-api",
                false,
            ),
            (json!([{"suffix": ".png"}]), "a.png", true),
            (json!([{"suffix": ".png"}]), "a.PNG", false),
            (
                json!([{"suffix": {"equals-ignore-case": ".png"}}]),
                "a.PNG",
                true,
            ),
            (
                json!([{"suffix": {"equals-ignore-case": ".png"}}]),
                "a.gif",
                false,
            ),
            (
                json!([{"equals-ignore-case": "ec2 instance state-change notification"}]),
                "EC2 Instance State-change Notification",
                true,
            ),
            (json!([{"equals-ignore-case": "ec2"}]), "EC2x", false),
        ] {
            assert_eq!(
                matches_value(&alternatives, value),
                want,
                "{alternatives} vs {value}"
            );
        }
        assert!(!matches_value(&json!([{"prefix": "5"}]), 5.0));
        assert!(!matches_value(
            &json!([{"equals-ignore-case": "true"}]),
            true
        ));
    }

    #[test]
    fn wildcards() {
        for (wildcard, value, want) in [
            ("Simple*Service", "SimpleQueueService", true),
            ("Simple*Service", "SimpleService", true),
            ("Simple*Service", "SimpleQueueServices", false),
            ("*/lib/*", "/usr/lib/x.so", true),
            ("*/lib/*", "/usr/bin/x", false),
            ("a*b*c", "aXbYc", true),
            ("a*b*c", "acb", false),
            ("a*a", "a", false),
            ("a*a", "aa", true),
            ("exact", "exact", true),
            ("exact", "exactly", false),
            (r"a\*b", "a*b", true),
            (r"a\*b", "aXb", false),
            (r"a\\b", r"a\b", true),
        ] {
            let alternatives = json!([{ "wildcard": wildcard }]);
            assert_eq!(
                matches_value(&alternatives, value),
                want,
                "{wildcard} vs {value}"
            );
        }
        assert!(!matches_value(&json!([{"wildcard": "*"}]), 1.0));
    }

    #[test]
    fn anything_but_excludes_values_and_forms() {
        for (alternatives, value, want) in [
            (
                json!([{"anything-but": "initializing"}]),
                Scalar::from("running"),
                true,
            ),
            (
                json!([{"anything-but": "initializing"}]),
                "initializing".into(),
                false,
            ),
            (
                json!([{"anything-but": ["stopped", "overloaded"]}]),
                "overloaded".into(),
                false,
            ),
            (
                json!([{"anything-but": ["stopped", "overloaded"]}]),
                "running".into(),
                true,
            ),
            (json!([{"anything-but": [100, 200]}]), 100.0.into(), false),
            (json!([{"anything-but": [100, 200]}]), 100.5.into(), true),
            (json!([{"anything-but": 123}]), 123.0.into(), false),
            (
                json!([{"anything-but": {"prefix": "init"}}]),
                "initializing".into(),
                false,
            ),
            (
                json!([{"anything-but": {"prefix": "init"}}]),
                "running".into(),
                true,
            ),
            (
                json!([{"anything-but": {"suffix": [".png", ".jpg"]}}]),
                "a.jpg".into(),
                false,
            ),
            (
                json!([{"anything-but": {"suffix": [".png", ".jpg"]}}]),
                "a.gif".into(),
                true,
            ),
            (
                json!([{"anything-but": {"equals-ignore-case": "Stopped"}}]),
                "STOPPED".into(),
                false,
            ),
            (
                json!([{"anything-but": {"equals-ignore-case": "Stopped"}}]),
                "running".into(),
                true,
            ),
            (
                json!([{"anything-but": {"wildcard": "*/lib/*"}}]),
                "/usr/lib/a".into(),
                false,
            ),
            (
                json!([{"anything-but": {"wildcard": "*/lib/*"}}]),
                "/usr/bin/a".into(),
                true,
            ),
        ] {
            assert_eq!(
                matches_value(&alternatives, value.clone()),
                want,
                "{alternatives} vs {value}"
            );
        }
    }

    #[test]
    fn only_exists_false_matches_an_absent_field() {
        for alternatives in [
            json!([{"anything-but": "x"}]),
            json!([{"anything-but": {"prefix": "x"}}]),
            json!([{"numeric": [">", 0]}]),
            json!([{"prefix": ""}]),
            json!([null]),
            json!([{"exists": true}]),
        ] {
            let p = pattern(json!({"detail": {"f": alternatives}}));
            let absent = p.matches(&Event::new().absent("detail.f"));
            assert!(matches!(absent, Match::No(_)), "{alternatives}: {absent:?}");
            let unstated = p.matches(&Event::new());
            assert!(matches!(unstated, Match::Unknown(_)), "{alternatives}");
        }
        let lacks = pattern(json!({"detail": {"f": [{"exists": false}]}}));
        assert_eq!(lacks.matches(&Event::new().absent("detail.f")), Match::Yes);
    }

    #[test]
    fn numeric_ranges() {
        let cases: [(Value, &[(f64, bool)]); 6] = [
            (
                json!([{"numeric": [">", 0, "<=", 5]}]),
                &[
                    (0.0, false),
                    (0.5, true),
                    (5.0, true),
                    (5.1, false),
                    (-1.0, false),
                ],
            ),
            (
                json!([{"numeric": [">=", 1, "<", 2]}]),
                &[(1.0, true), (1.5, true), (2.0, false)],
            ),
            (
                json!([{"numeric": [">=", 7]}]),
                &[(7.0, true), (6.9, false)],
            ),
            (json!([{"numeric": [">", 7]}]), &[(7.0, false), (7.1, true)]),
            (
                json!([{"numeric": ["<", 10]}]),
                &[(9.99, true), (10.0, false)],
            ),
            (
                json!([{"numeric": ["=", 3.018e2]}]),
                &[(301.8, true), (301.0, false), (302.0, false)],
            ),
        ];
        for (alternatives, values) in cases {
            for &(n, want) in values {
                assert_eq!(
                    matches_value(&alternatives, n),
                    want,
                    "{alternatives} vs {n}"
                );
            }
        }
        assert!(matches_value(&json!([{"numeric": ["<=", 10]}]), 10.0));
        assert!(!matches_value(&json!([{"numeric": [">", 5]}]), "6"));
    }

    #[test]
    fn exists_sees_only_leaves() {
        let has = pattern(json!({"detail": {"state": [{"exists": true}]}}));
        let lacks = pattern(json!({"detail": {"c-count": [{"exists": false}]}}));
        assert_eq!(
            has.matches(&Event::new().with("detail.state", "pending")),
            Match::Yes
        );
        assert_eq!(
            has.matches(&Event::new().with("detail.state", Scalar::Null)),
            Match::Yes
        );
        assert_eq!(
            mismatch(has.matches(&Event::new().absent("detail.state"))),
            r#"detail.state wants [{"exists":true}], but it is absent"#
        );
        assert_eq!(
            lacks.matches(&Event::new().absent("detail.c-count")),
            Match::Yes
        );
        assert!(matches!(
            lacks.matches(&Event::new().with("detail.c-count", 5.0)),
            Match::No(_)
        ));
        // An object is not a leaf: `detail.c-count` holding `{"c1": 100}` is absent.
        let object = Event::new().with("detail.c-count.c1", 100.0);
        assert_eq!(lacks.matches(&object), Match::Yes);
        let state_object = Event::new().with("detail.state.code", 16.0);
        assert!(matches!(has.matches(&state_object), Match::No(_)));
        // Nor is anything inside a scalar: `detail.state` is a string here.
        let code = pattern(json!({"detail": {"state": {"code": [{"exists": false}]}}}));
        let scalar_state = Event::new().with("detail.state", "pending");
        assert_eq!(code.matches(&scalar_state), Match::Yes);
        // Unstated: it depends, unless the pattern accepts both.
        assert!(matches!(has.matches(&Event::new()), Match::Unknown(_)));
        assert!(matches!(lacks.matches(&Event::new()), Match::Unknown(_)));
        let either = pattern(json!({"x": [{"exists": true}, {"exists": false}]}));
        assert_eq!(either.matches(&Event::new()), Match::Yes);
    }

    #[test]
    fn cidr_blocks() {
        for (block, value, want) in [
            ("10.0.0.0/24", "10.0.0.255", true),
            ("10.0.0.0/24", "10.0.1.0", false),
            ("10.0.0.0/8", "10.200.3.4", true),
            ("10.0.0.1/32", "10.0.0.1", true),
            ("10.0.0.1/32", "10.0.0.2", false),
            ("0.0.0.0/0", "192.0.2.1", true),
            ("10.0.0.0/8", "not-an-ip", false),
            ("2001:db8::/32", "2001:db8::1", true),
            ("2001:db8::/32", "2001:db9::1", false),
            ("::/0", "2001:db8::1", true),
            ("::/0", "10.0.0.1", false),
            ("0.0.0.0/0", "::1", false),
        ] {
            let alternatives = json!([{ "cidr": block }]);
            assert_eq!(
                matches_value(&alternatives, value),
                want,
                "{block} vs {value}"
            );
        }
    }

    #[test]
    fn an_array_field_matches_when_any_element_does() {
        // The example of "Arrays in Amazon EventBridge event patterns".
        let instance = "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f";
        let p = pattern(json!({"resources": [
            instance,
            "arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f",
        ]}));
        let group = "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b:autoScalingGroupName/ASGTerminate";
        let both = Event::new()
            .with("resources", group)
            .with("resources", instance);
        assert_eq!(p.matches(&both), Match::Yes);
        let only_group = Event::new().with("resources", group);
        assert!(mismatch(p.matches(&only_group)).ends_with(&format!("not {group}")));
        // anything-but too: one element it does not exclude is enough.
        let p = pattern(json!({"detail": {"tags": [{"anything-but": "Insider"}]}}));
        let tags = Event::new()
            .with("detail.tags", "Custom_Alert")
            .with("detail.tags", "Insider");
        assert_eq!(p.matches(&tags), Match::Yes);
        let insider = Event::new().with("detail.tags", "Insider");
        assert!(matches!(p.matches(&insider), Match::No(_)));
    }

    #[test]
    fn or_takes_the_best_branch() {
        let p = pattern(json!({
            "source": ["aws.cloudwatch"],
            "$or": [{"metricName": ["CPUUtilization"]}, {"namespace": ["AWS/EC2"]}]
        }));
        let cw = Event::new().with("source", "aws.cloudwatch");
        // Yes beats Unknown: the namespace branch matches whatever metricName is.
        assert_eq!(
            p.matches(&cw.clone().with("namespace", "AWS/EC2")),
            Match::Yes
        );
        // Unknown beats No.
        let other_metric = cw.clone().with("metricName", "ReadLatency");
        assert_eq!(
            unknown(p.matches(&other_metric)),
            r#"namespace wants ["AWS/EC2"], which is not known"#
        );
        assert_eq!(
            unknown(p.matches(&cw)),
            r#"metricName wants ["CPUUtilization"], which is not known"#
        );
        // All branches No: the first branch's reason.
        let neither = other_metric.with("namespace", "AWS/ES");
        assert_eq!(
            mismatch(p.matches(&neither)),
            r#"metricName wants ["CPUUtilization"], not ReadLatency"#
        );
        // A field outside the $or that rules the event out wins over the $or's Unknown.
        let ec2 = Event::new().with("source", "aws.ec2");
        assert!(matches!(p.matches(&ec2), Match::No(_)));
    }

    #[test]
    fn or_nests_inside_objects_and_holds_conjunctions() {
        let p = pattern(json!({"detail": {"$or": [
            {"a": ["1"], "b": ["2"]},
            {"c": [{"numeric": [">", 0]}]}
        ]}}));
        let ab = Event::new().with("detail.a", "1").with("detail.b", "2");
        assert_eq!(p.matches(&ab), Match::Yes);
        let a_only = Event::new().with("detail.a", "1").with("detail.b", "3");
        assert!(matches!(p.matches(&a_only), Match::Unknown(_)));
        assert_eq!(p.matches(&a_only.clone().with("detail.c", 1.0)), Match::Yes);
        assert!(matches!(
            p.matches(&a_only.complete("detail")),
            Match::No(_)
        ));
    }

    #[test]
    fn no_wins_over_unknown_whatever_the_field_order() {
        for p in [
            pattern(json!({"detail": {"pipeline": ["release"], "state": ["FAILED"]}})),
            pattern(json!({"detail": {"state": ["FAILED"], "pipeline": ["release"]}})),
        ] {
            let succeeded = [("detail.state", "SUCCEEDED")];
            assert_eq!(
                mismatch(p.covers(&succeeded)),
                r#"detail.state wants ["FAILED"], not SUCCEEDED"#
            );
            assert_eq!(
                unknown(p.covers(&[("detail.state", "FAILED")])),
                r#"detail.pipeline wants ["release"], which is not known"#
            );
        }
    }

    #[test]
    fn complete_and_absent_make_unstated_fields_absent() {
        let p =
            pattern(json!({"source": ["aws.codepipeline"], "detail": {"pipeline": ["release"]}}));
        let event = Event::new().with("source", "aws.codepipeline");
        assert!(matches!(p.matches(&event), Match::Unknown(_)));
        assert_eq!(
            mismatch(p.matches(&event.clone().complete("detail"))),
            r#"detail.pipeline wants ["release"], but it is absent"#
        );
        assert!(matches!(
            p.matches(&event.clone().complete("detail.pipeline")),
            Match::No(_)
        ));
        assert!(matches!(
            p.matches(&event.clone().complete("detai")),
            Match::Unknown(_)
        ));
        assert!(matches!(
            p.matches(&event.clone().absent("detail.pipeline")),
            Match::No(_)
        ));
        // Stating a value after `absent` makes the field present again.
        let restated = event
            .absent("detail.pipeline")
            .with("detail.pipeline", "release");
        assert_eq!(p.matches(&restated), Match::Yes);
    }

    #[test]
    fn reasons_read_the_same_everywhere() {
        let p = pattern(json!({"detail": {"pipeline": [{"prefix": "prod-"}, "main"]}}));
        assert_eq!(
            mismatch(p.covers(&[("detail.pipeline", "dev")])),
            r#"detail.pipeline wants [{"prefix":"prod-"},"main"], not dev"#
        );
        let two = Event::new()
            .with("detail.pipeline", "dev")
            .with("detail.pipeline", "");
        assert_eq!(
            mismatch(p.matches(&two)),
            r#"detail.pipeline wants [{"prefix":"prod-"},"main"], not dev or """#
        );
        let number = Event::new().with("detail.pipeline", 5.5);
        assert!(mismatch(p.matches(&number)).ends_with("not 5.5"));
        let unset = Match::Unknown(Unstated {
            field: "detail.pipeline".into(),
            wanted: r#"[{"prefix":"prod-"},"main"]"#.into(),
        });
        assert_eq!(p.matches(&Event::new()), unset);
    }

    const PIPELINE_TYPES: [&str; 3] = [
        "CodePipeline Pipeline Execution State Change",
        "CodePipeline Stage Execution State Change",
        "CodePipeline Action Execution State Change",
    ];

    #[test]
    fn sdlc08_codepipeline_failure_rule() {
        let rule = pattern(json!({
            "source": ["aws.codepipeline"],
            "detail-type": PIPELINE_TYPES,
            "detail": {"state": ["FAILED"]}
        }));
        for detail_type in PIPELINE_TYPES {
            let failed = [
                ("source", "aws.codepipeline"),
                ("detail-type", detail_type),
                ("detail.state", "FAILED"),
            ];
            assert_eq!(rule.covers(&failed), Match::Yes, "{detail_type}");
        }
        let succeeded = [
            ("source", "aws.codepipeline"),
            ("detail-type", PIPELINE_TYPES[0]),
            ("detail.state", "SUCCEEDED"),
        ];
        assert_eq!(
            mismatch(rule.covers(&succeeded)),
            r#"detail.state wants ["FAILED"], not SUCCEEDED"#
        );
    }

    #[test]
    fn sdlc08_codebuild_build_status_rule() {
        let failed = [
            ("source", "aws.codebuild"),
            ("detail-type", "CodeBuild Build State Change"),
            ("detail.build-status", "FAILED"),
        ];
        let rule = pattern(json!({
            "source": ["aws.codebuild"],
            "detail-type": ["CodeBuild Build State Change"],
            "detail": {"build-status": ["FAILED", "STOPPED"]}
        }));
        assert_eq!(rule.covers(&failed), Match::Yes);
        let success_only = pattern(
            json!({"source": ["aws.codebuild"], "detail": {"build-status": ["SUCCEEDED"]}}),
        );
        assert_eq!(
            mismatch(success_only.covers(&failed)),
            r#"detail.build-status wants ["SUCCEEDED"], not FAILED"#
        );
        let pipelines = pattern(json!({"source": ["aws.codepipeline"]}));
        assert_eq!(
            mismatch(pipelines.covers(&failed)),
            r#"source wants ["aws.codepipeline"], not aws.codebuild"#
        );
    }

    #[test]
    fn sdlc08_codedeploy_failure_rule() {
        let failure = |state| {
            [
                ("source", "aws.codedeploy"),
                (
                    "detail-type",
                    "CodeDeploy Deployment State-change Notification",
                ),
                ("detail.state", state),
            ]
        };
        let rule = pattern(json!({
            "source": ["aws.codedeploy"],
            "detail-type": ["CodeDeploy Deployment State-change Notification"],
            "detail": {"state": ["FAILURE"]}
        }));
        assert_eq!(rule.covers(&failure("FAILURE")), Match::Yes);
        assert!(matches!(rule.covers(&failure("SUCCESS")), Match::No(_)));
    }

    #[test]
    fn sdlc08_a_rule_without_a_detail_filter_covers_every_failure() {
        let rule = pattern(json!({"source": ["aws.codepipeline"]}));
        for detail_type in PIPELINE_TYPES {
            let failed = [
                ("source", "aws.codepipeline"),
                ("detail-type", detail_type),
                ("detail.state", "FAILED"),
                ("detail.pipeline", "release"),
            ];
            assert_eq!(rule.covers(&failed), Match::Yes);
        }
        let pipeline_level = pattern(json!({
            "source": ["aws.codepipeline"],
            "detail-type": ["CodePipeline Pipeline Execution State Change"]
        }));
        let stage_failed = [
            ("source", "aws.codepipeline"),
            ("detail-type", PIPELINE_TYPES[1]),
            ("detail.state", "FAILED"),
        ];
        assert!(matches!(pipeline_level.covers(&stage_failed), Match::No(_)));
    }

    #[test]
    fn sdlc08_a_rule_for_other_pipelines_does_not_cover() {
        let rule = pattern(json!({
            "source": ["aws.codepipeline"],
            "detail": {"pipeline": ["billing", "payroll"], "state": ["FAILED"]}
        }));
        let failed = |pipeline| {
            [
                ("source", "aws.codepipeline"),
                ("detail.pipeline", pipeline),
                ("detail.state", "FAILED"),
            ]
        };
        assert_eq!(
            mismatch(rule.covers(&failed("release"))),
            r#"detail.pipeline wants ["billing","payroll"], not release"#
        );
        assert_eq!(rule.covers(&failed("billing")), Match::Yes);
        let any_pipeline = [("source", "aws.codepipeline"), ("detail.state", "FAILED")];
        assert_eq!(
            unknown(rule.covers(&any_pipeline)),
            r#"detail.pipeline wants ["billing","payroll"], which is not known"#
        );
    }

    #[test]
    fn sdlc08_prefix_and_anything_but_rule() {
        let rule = pattern(json!({
            "source": [{"prefix": "aws.code"}],
            "detail": {
                "pipeline": [{"prefix": "release-"}],
                "state": [{"anything-but": ["SUCCEEDED", "STARTED", "RESUMED"]}]
            }
        }));
        let event = |pipeline, state| {
            [
                ("source", "aws.codepipeline"),
                ("detail.pipeline", pipeline),
                ("detail.state", state),
            ]
        };
        assert_eq!(rule.covers(&event("release-api", "FAILED")), Match::Yes);
        assert_eq!(
            mismatch(rule.covers(&event("release-api", "SUCCEEDED"))),
            r#"detail.state wants [{"anything-but":["SUCCEEDED","STARTED","RESUMED"]}], not SUCCEEDED"#
        );
        assert_eq!(
            mismatch(rule.covers(&event("hotfix-api", "FAILED"))),
            r#"detail.pipeline wants [{"prefix":"release-"}], not hotfix-api"#
        );
    }

    #[test]
    fn sdlc12_resources_filter_names_the_repository() {
        let repo = "arn:aws:codecommit:eu-west-1:111122223333:app";
        let rule = pattern(json!({"source": ["aws.codecommit"], "resources": [repo]}));
        let from = |arn| [("source", "aws.codecommit"), ("resources", arn)];
        assert_eq!(rule.covers(&from(repo)), Match::Yes);
        let other = "arn:aws:codecommit:eu-west-1:111122223333:web";
        assert!(matches!(rule.covers(&from(other)), Match::No(_)));
        assert!(matches!(
            rule.covers(&[("source", "aws.codecommit")]),
            Match::Unknown(_)
        ));
        let any_repo = pattern(json!({"source": ["aws.codecommit"]}));
        assert_eq!(any_repo.covers(&from(other)), Match::Yes);
    }

    #[test]
    fn sec21_a_severity_filter_must_still_match_high_findings() {
        let finding = |severity: f64| {
            Event::new()
                .with("source", "aws.guardduty")
                .with("detail-type", "GuardDuty Finding")
                .with("detail.severity", severity)
        };
        let medium_up = pattern(json!({
            "source": ["aws.guardduty"],
            "detail-type": ["GuardDuty Finding"],
            "detail": {"severity": [{"numeric": [">=", 4]}]}
        }));
        assert_eq!(medium_up.matches(&finding(7.0)), Match::Yes);
        assert_eq!(medium_up.matches(&finding(8.9)), Match::Yes);
        let above_seven = pattern(json!({"detail": {"severity": [{"numeric": [">", 7]}]}}));
        assert_eq!(
            mismatch(above_seven.matches(&finding(7.0))),
            r#"detail.severity wants [{"numeric":[">",7]}], not 7"#
        );
    }

    fn arb_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i32>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            prop_oneof![
                Just(">".to_string()),
                Just("<=".to_string()),
                Just("=".to_string()),
                Just("a*b".to_string()),
                Just("10.0.0.0/8".to_string()),
                Just("::/0".to_string()),
                Just("FAILED".to_string()),
                ".{0,8}"
            ]
            .prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            let key = prop_oneof![
                Just("prefix".to_string()),
                Just("suffix".to_string()),
                Just("equals-ignore-case".to_string()),
                Just("wildcard".to_string()),
                Just("anything-but".to_string()),
                Just("numeric".to_string()),
                Just("exists".to_string()),
                Just("cidr".to_string()),
                Just("$or".to_string()),
                Just("detail".to_string()),
                Just("state".to_string()),
                ".{0,4}"
            ];
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map(key, inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn arbitrary_json_never_panics(v in arb_json(), text in ".{0,8}", n in any::<f64>()) {
            if let Ok(p) = Pattern::from_value(&v) {
                for event in [
                    Event::new(),
                    Event::new().with("state", text.as_str()).with("detail.state", n),
                    Event::new().with("detail.state", Scalar::Null).complete("detail"),
                ] {
                    let _ = p.matches(&event);
                }
            }
        }

        #[test]
        fn a_wildcard_matches_whatever_fills_its_stars(
            parts in prop::collection::vec("[^*\\\\]{0,4}", 1..5),
            fillers in prop::collection::vec(".{0,4}", 4),
        ) {
            // `**` is invalid: only the first and last parts may be empty.
            prop_assume!(parts.iter().skip(1).rev().skip(1).all(|p| !p.is_empty()));
            let wildcard = Wildcard::parse(&parts.join("*")).unwrap();
            let mut text = parts[0].clone();
            for (part, filler) in parts[1..].iter().zip(&fillers) {
                text.push_str(filler);
                text.push_str(part);
            }
            prop_assert!(wildcard.matches(&text), "{parts:?} vs {text:?}");
        }
    }
}
