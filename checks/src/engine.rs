//! The engine: what a check is, what it produces, and how checks are run.
//!
//! A check is a pure function from one account of an [`Inventory`] to
//! findings, one per resource it evaluates. The engine adds what every check
//! would otherwise repeat: an ERROR finding for each service/region the
//! inventory could not read, an ERROR when a section the check reads was not
//! collected at all, and the `compliance:exempt` tag.

use crate::collected::{CollectError, ServiceError};
use crate::inventory::{Account, Inventory};
use crate::settings::{Production, Setting, Settings, Tunable};
pub use awscheck_model::Data;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad a failure is. Ordered: `Info < Low < Medium < High < Critical`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL
            .into_iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(s))
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The verdict for one resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Not compliant.
    Fail,
    /// Could not be evaluated (data not read); the reason says why.
    Error,
    /// Compliant.
    Pass,
    /// Not applicable (out of scope, exempted, not drift-checkable).
    Skip,
    /// A FAIL or ERROR silenced by a suppression with a reason. Set only by
    /// the gate, never by a check: shown and counted, never gating.
    Muted,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Error => "error",
            Status::Skip => "skip",
            Status::Muted => "muted",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One check's verdict on one resource. The serialized keys are the public
/// contract of `--format json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub check_id: &'static str,
    pub resource_arn: String,
    pub region: String,
    pub account_id: String,
    pub status: Status,
    pub severity: Severity,
    pub reason: String,
}

/// A check: its metadata next to its logic. Each lives in its own file under
/// `checks/src/<service>/`, whose `//!` doc comment is its documentation.
pub struct Check {
    /// Kebab-case, service first; ids are forever.
    pub id: &'static str,
    pub title: &'static str,
    /// The service the check is grouped under (`--service`).
    pub service: &'static str,
    /// Default severity of a FAIL (advisory cases are lowered to `low`).
    pub severity: Severity,
    /// The study-notes section(s) the practice comes from.
    pub section: &'static str,
    /// The catalog entry, e.g. `SEC-27`.
    pub catalog: &'static str,
    /// The data the check reads ([`Data`]: a section's listing, or a part
    /// of it fetched by its own call). The engine reports ERROR where a
    /// section was not collected, or where what the check reads could not
    /// be read in a region; live collection makes only the calls that
    /// selected checks read; the tests prove the check reads nothing else.
    pub reads: &'static [Data],
    /// Parts of `reads` the check can judge without: where one could not be
    /// read in a region, the engine reports nothing and the check weighs it
    /// (ERROR only when the missing data could change its verdict; a PASS
    /// it cannot overturn stays a PASS, with a note). Usually empty. A
    /// section's listing here makes the whole section optional: the engine
    /// reports nothing where it was not collected or could not be listed,
    /// and the check judges what depends on it only where it was read
    /// (`ctx.account.has_section`, [`Context::unreadable`]).
    pub tolerates: &'static [Data],
    /// The tunables the check reads ([`crate::settings`]), declared next
    /// to it (or shared, like production scoping): documented on its page
    /// and validated when set.
    pub settings: &'static [&'static dyn Tunable],
    /// The equivalent AWS Config managed rule, where one exists.
    pub config_rule: Option<&'static str>,
    /// The equivalent Prowler check id, where one exists.
    pub prowler: Option<&'static str>,
    /// The check's source file (`include_str!`), whose `//!` comment is its documentation.
    pub source: &'static str,
    pub run: fn(&Context, &mut Emitter),
}

impl fmt::Debug for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Check").field("id", &self.id).finish()
    }
}

/// A timestamp as reasons print it: `2026-11-21T12:00:00Z`.
pub fn timestamp(t: &DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// How many names [`name_list`] shows.
const NAMES_SHOWN: usize = 5;

/// Names as a reason lists them: the first five, then "and N more", so that
/// a reason does not grow with the size of the account.
pub fn name_list<S: AsRef<str>>(names: &[S]) -> String {
    let shown: Vec<&str> = names.iter().take(NAMES_SHOWN).map(AsRef::as_ref).collect();
    match names.len().saturating_sub(NAMES_SHOWN) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

pub use awscheck_model::Resource;

/// A finding's subject that is not a listed resource: a region of a service
/// ("no GuardDuty detector in eu-west-1"), a referenced role, an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub arn: String,
    pub region: String,
}

impl Subject {
    /// `arn:<partition>:<service>:<region>:<account>`: the service in one region of the account.
    pub fn region_of(account: &Account, service: &str, region: &str) -> Subject {
        let arn_region = if region == crate::inventory::GLOBAL {
            ""
        } else {
            region
        };
        Subject {
            arn: format!(
                "arn:{}:{}:{}:{}",
                account.partition, service, arn_region, account.account_id
            ),
            region: region.to_string(),
        }
    }

    /// A subject known by its ARN only (e.g. a role referenced by a pipeline).
    pub fn arn(arn: &str, region: &str) -> Subject {
        Subject {
            arn: arn.to_string(),
            region: region.to_string(),
        }
    }
}

impl Resource for Subject {
    fn arn(&self) -> &str {
        &self.arn
    }
    fn region(&self) -> &str {
        &self.region
    }
}

/// What a check sees: one account, the scan time and the settings.
pub struct Context<'a> {
    pub account: &'a Account,
    /// Every account of the inventory (the audited one among them), for
    /// [`Context::peer`].
    pub(crate) accounts: &'a [Account],
    /// The time the account was observed (the inventory's `generated_at`),
    /// so that a committed fixture judges the same way every day.
    pub now: DateTime<Utc>,
    pub settings: &'a Settings,
    pub(crate) check: &'static Check,
}

impl Context<'_> {
    /// True when `service` could not be read in `region`, as far as this
    /// check is concerned: its listing failed there, or a part of it the
    /// check reads and does not weigh itself (see [`blinds`]). A check that
    /// judges the *absence* of something there must not (the engine already
    /// reports ERROR for that region).
    pub fn blind(&self, service: &str, region: &str) -> bool {
        self.account
            .collection_errors
            .iter()
            .any(|e| e.service == service && e.region == region && blinds(self.check, e))
    }

    /// True when `service` could not be read in some region ([`Self::blind`]).
    pub fn blind_anywhere(&self, service: &str) -> bool {
        self.account
            .collection_errors
            .iter()
            .any(|e| e.service == service && blinds(self.check, e))
    }

    /// The value of a tunable the check declares in its `settings`.
    pub fn setting<T: serde::de::DeserializeOwned + Default>(&self, setting: &Setting<T>) -> T {
        self.settings.get(setting)
    }

    /// Production scoping as the settings define it; build it once per run.
    pub fn production(&self) -> Production {
        Production::new(self.settings)
    }

    /// Why `data` could not be read in `region` (its section could not be
    /// listed there, or the part itself could not), if it could not: for a
    /// check that `tolerates` a part and weighs its absence itself.
    pub fn unreadable(&self, data: Data, region: &str) -> Option<&CollectError> {
        self.account
            .collection_errors
            .iter()
            .find(|e| {
                e.service == data.section
                    && e.region == region
                    && e.resource.is_none()
                    && e.part.as_deref().is_none_or(|p| p == data.path)
            })
            .map(|e| &e.error)
    }

    pub(crate) fn assert_reads(&self, section: &str) {
        debug_assert!(
            self.check.reads.iter().any(|d| d.section == section),
            "check {} reads inventory section {section:?} without declaring it in `reads`",
            self.check.id
        );
    }
}

impl<'a> Context<'a> {
    /// Another account of the same inventory (a multi-account scan), seen
    /// as this check sees its own: the same `reads`, settings and scan
    /// time. `None` when the inventory does not cover `account_id`. Its
    /// sections were not vetted by the engine: a section it lacks (ask
    /// `account.has_section`) was not collected there.
    pub fn peer(&self, account_id: &str) -> Option<Context<'a>> {
        let account = self.accounts.iter().find(|a| a.account_id == account_id)?;
        Some(Context {
            account,
            accounts: self.accounts,
            now: self.now,
            settings: self.settings,
            check: self.check,
        })
    }
}

/// The typed section accessors of [`Context`], one per section of the
/// model: `ctx.s3()`, `ctx.kms()`, … Each asserts, in debug builds, that the
/// running check declared the section in its `reads`; the engine has
/// already reported ERROR when the section was not collected.
macro_rules! context_accessors {
    ($( $name:ident : $ty:ty ),* $(,)?) => {
        impl Context<'_> {
            $(
                #[doc = concat!("The `", stringify!($name), "` section (the engine guarantees it was collected for checks that declare it).")]
                pub fn $name(&self) -> &$ty {
                    static EMPTY: std::sync::LazyLock<$ty> = std::sync::LazyLock::new(Default::default);
                    self.assert_reads(stringify!($name));
                    self.account.$name.as_ref().unwrap_or(&EMPTY)
                }
            )*
        }
    };
}
awscheck_model::with_sections!(context_accessors);

/// Collects one check's findings for one account.
pub struct Emitter<'a> {
    check: &'static Check,
    /// The audited account: every finding is reported under it.
    account_id: &'a str,
    /// What could not be read of it: resources whose tags are unread are
    /// reported ERROR.
    unread: &'a [ServiceError],
    findings: &'a mut Vec<Finding>,
}

/// The tag whose comma-separated value lists check ids a resource is exempt from.
pub const EXEMPT_TAG: &str = "compliance:exempt";

impl Emitter<'_> {
    pub fn pass(&mut self, r: &dyn Resource, reason: impl Into<String>) {
        self.push(r, Status::Pass, self.check.severity, reason.into());
    }

    pub fn fail(&mut self, r: &dyn Resource, reason: impl Into<String>) {
        self.push(r, Status::Fail, self.check.severity, reason.into());
    }

    /// An advisory (the catalog's WARN): a FAIL at severity low.
    pub fn warn(&mut self, r: &dyn Resource, reason: impl Into<String>) {
        self.push(
            r,
            Status::Fail,
            Severity::Low,
            format!("advisory: {}", reason.into()),
        );
    }

    /// Could not evaluate because a read failed.
    pub fn error(&mut self, r: &dyn Resource, err: &CollectError) {
        self.push(r, Status::Error, self.check.severity, err.to_string());
    }

    /// Could not evaluate, for a reason that is not a single failed call.
    pub fn error_reason(&mut self, r: &dyn Resource, reason: impl Into<String>) {
        self.push(r, Status::Error, self.check.severity, reason.into());
    }

    pub fn skip(&mut self, r: &dyn Resource, reason: impl Into<String>) {
        self.push(r, Status::Skip, self.check.severity, reason.into());
    }

    fn push(&mut self, r: &dyn Resource, status: Status, severity: Severity, reason: String) {
        let (status, severity, reason) = match (self.unread_tags(r), r.tags().and_then(|t| t.get(EXEMPT_TAG))) {
            (Some(e), _) if status != Status::Error => (
                Status::Error,
                self.check.severity,
                format!("its tags could not be read, so whether it is in scope (production, exempt) is unknown: {e}"),
            ),
            (_, Some(ids)) if ids.split(',').any(|id| id.trim() == self.check.id) => (
                Status::Skip,
                severity,
                format!("exempted by tag {EXEMPT_TAG}={ids}"),
            ),
            _ => (status, severity, reason),
        };
        self.findings.push(Finding {
            check_id: self.check.id,
            resource_arn: r.arn().to_string(),
            region: r.region().to_string(),
            account_id: self.account_id.to_string(),
            status,
            severity,
            reason,
        });
    }
}

/// Accumulates what a check found wrong with one resource, then emits one
/// finding: FAIL if anything failed (confirmed failures win over unknowns),
/// else ERROR if anything could not be read, else an advisory FAIL at low if
/// anything was advisory, else PASS.
#[derive(Debug, Default)]
pub struct Verdict {
    fails: Vec<String>,
    errors: Vec<String>,
    warns: Vec<String>,
    notes: Vec<String>,
}

impl Verdict {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn fail(&mut self, reason: impl Into<String>) {
        self.fails.push(reason.into());
    }

    pub fn warn(&mut self, reason: impl Into<String>) {
        self.warns.push(reason.into());
    }

    pub fn error(&mut self, err: &CollectError) {
        self.errors.push(err.to_string());
    }

    pub fn error_reason(&mut self, reason: impl Into<String>) {
        self.errors.push(reason.into());
    }

    /// Information that does not change the verdict (shown with a PASS).
    pub fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }

    pub fn is_clean(&self) -> bool {
        self.fails.is_empty() && self.errors.is_empty() && self.warns.is_empty()
    }

    /// Emits the one finding for `r`; `pass_reason` is used when nothing was wrong.
    pub fn emit(self, em: &mut Emitter, r: &dyn Resource, pass_reason: impl Into<String>) {
        let mut reason = if !self.fails.is_empty() {
            let mut s = self.fails.join("; ");
            if !self.errors.is_empty() {
                s.push_str(&format!(
                    "; also could not evaluate: {}",
                    self.errors.join("; ")
                ));
            }
            if !self.warns.is_empty() {
                s.push_str(&format!("; advisory: {}", self.warns.join("; ")));
            }
            s
        } else if !self.errors.is_empty() {
            self.errors.join("; ")
        } else if !self.warns.is_empty() {
            self.warns.join("; ")
        } else {
            pass_reason.into()
        };
        if !self.notes.is_empty() {
            reason.push_str(&format!(" (note: {})", self.notes.join("; ")));
        }
        if !self.fails.is_empty() {
            em.fail(r, reason);
        } else if !self.errors.is_empty() {
            em.error_reason(r, reason);
        } else if !self.warns.is_empty() {
            em.warn(r, reason);
        } else {
            em.pass(r, reason);
        }
    }
}

/// Runs `checks` over every account of `inventory`. Findings come back in a
/// stable order: check registry order, then account, region and resource.
pub fn run(inventory: &Inventory, checks: &[&'static Check], settings: &Settings) -> Vec<Finding> {
    let mut findings = Vec::new();
    for check in checks {
        let start = findings.len();
        for account in &inventory.accounts {
            run_one(
                check,
                account,
                &inventory.accounts,
                inventory.generated_at,
                settings,
                &mut findings,
            );
        }
        findings[start..].sort_by(|a, b| {
            (&a.account_id, &a.region, &a.resource_arn).cmp(&(
                &b.account_id,
                &b.region,
                &b.resource_arn,
            ))
        });
    }
    findings
}

impl Emitter<'_> {
    /// Why `r`'s tags are unread, when the check reads them (its tags part)
    /// and that part could not be read for `r` (or for its whole region).
    fn unread_tags(&self, r: &dyn Resource) -> Option<&CollectError> {
        let part = r.tags_part().filter(|p| self.check.reads.contains(p))?;
        self.unread
            .iter()
            .find(|e| {
                // An error naming the resource is its own, whatever the
                // scope that recorded it (S3 reads every bucket from its
                // global task); one for the whole part, its region's or
                // the global task's.
                e.service == part.section
                    && e.part.as_deref() == Some(part.path)
                    && match e.resource.as_deref() {
                        Some(arn) => arn == r.arn(),
                        None => e.region == r.region() || e.region == crate::inventory::GLOBAL,
                    }
            })
            .map(|e| &e.error)
    }
}

/// True when `err` blinds `check` in its region: the section's listing
/// failed, or a part the check reads and does not `tolerate` (a check that
/// tolerates a part weighs its absence itself; one that does not read it
/// is not concerned).
fn blinds(check: &Check, err: &ServiceError) -> bool {
    match &err.part {
        None => !optional(check, &err.service),
        // Reported per resource (see `Emitter::unread_tags`).
        Some(part) if awscheck_model::data::holds_tags(part) => false,
        Some(part) => {
            let is = |d: &Data| d.section == err.service && d.path == part;
            check.reads.iter().any(is) && !check.tolerates.iter().any(is)
        }
    }
}

/// True when `check` tolerates `section`'s listing: the section is optional
/// to it (see [`Check::tolerates`]).
fn optional(check: &Check, section: &str) -> bool {
    check
        .tolerates
        .iter()
        .any(|d| d.section == section && d.is_listing())
}

fn run_one(
    check: &'static Check,
    account: &Account,
    accounts: &[Account],
    now: DateTime<Utc>,
    settings: &Settings,
    findings: &mut Vec<Finding>,
) {
    let mut em = Emitter {
        check,
        account_id: &account.account_id,
        unread: &account.collection_errors,
        findings,
    };
    let mut sections: Vec<&str> = Vec::new();
    for d in check.reads {
        if !sections.contains(&d.section) {
            sections.push(d.section);
        }
    }
    let missing: Vec<&str> = sections
        .iter()
        .copied()
        .filter(|s| !account.has_section(s) && !optional(check, s))
        .collect();
    if !missing.is_empty() {
        let subject = Subject {
            arn: format!(
                "arn:{}:{}::{}",
                account.partition, check.service, account.account_id
            ),
            region: crate::inventory::GLOBAL.to_string(),
        };
        em.error_reason(
            &subject,
            format!(
                "not collected: the inventory has no {} section",
                missing.join(", ")
            ),
        );
        return;
    }
    for err in &account.collection_errors {
        if !sections.contains(&err.service.as_str()) || !blinds(check, err) {
            continue;
        }
        let what = match &err.part {
            None => err.service.clone(),
            Some(part) => format!("{} {part}", err.service),
        };
        let subject = Subject::region_of(account, &err.service, &err.region);
        em.error_reason(
            &subject,
            format!("{what} could not be read in {}: {}", err.region, err.error),
        );
    }
    let ctx = Context {
        account,
        accounts,
        now,
        settings,
        check,
    };
    (check.run)(&ctx, &mut em);
}

#[cfg(test)]
mod tests {
    use super::name_list;

    #[test]
    fn name_lists_stop_at_five() {
        assert_eq!(name_list::<&str>(&[]), "");
        assert_eq!(name_list(&["a", "b"]), "a, b");
        assert_eq!(name_list(&["a", "b", "c", "d", "e"]), "a, b, c, d, e");
        let seven: Vec<String> = (1..=7).map(|i| format!("q{i}")).collect();
        assert_eq!(name_list(&seven), "q1, q2, q3, q4, q5 and 2 more");
    }
}
