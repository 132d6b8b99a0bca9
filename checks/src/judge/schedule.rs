//! Schedules: the longest time between two runs that a `ScheduleExpression`
//! allows (Secrets Manager rotations, Systems Manager associations).
//!
//! `rate(N days)`, `rate(N hours)` and `rate(N minutes)` are exact. For `cron(...)` (six fields,
//! UTC: minutes hours day-of-month month day-of-week year) the firings are
//! enumerated day by day over [`HORIZON_DAYS`] from the scan time and the
//! longest gap between consecutive firings is taken, counting the gap from
//! the last firing to the end of the horizon (so a schedule that stops firing
//! has a long gap). Supported syntax: `*`, `?`, lists, ranges, steps, month
//! and weekday names, `L`, `LW` and `NW` in day-of-month, `NL` and `N#K` in
//! day-of-week. Anything else is reported as a limitation, not guessed.
//! The rotation window (`Duration`) is not in the inventory: rotation may
//! happen anywhere inside it, which the grace period absorbs.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};

/// How far ahead cron firings are enumerated: eight years, so that yearly
/// and leap-day schedules show at least one full gap.
pub const HORIZON_DAYS: i64 = 8 * 366;

/// The longest gap a schedule expression allows: `Ok(Some(gap))`,
/// `Ok(None)` when it never fires within the horizon, `Err(why)` when the
/// expression cannot be interpreted.
pub fn longest_gap(expr: &str, now: DateTime<Utc>) -> Result<Option<Duration>, String> {
    let expr = expr.trim();
    if let Some(body) = inner(expr, "rate") {
        return rate(body).map(Some);
    }
    if let Some(body) = inner(expr, "cron") {
        return Cron::parse(body).map(|c| c.longest_gap(now));
    }
    Err("not a rate(...) or cron(...) expression".into())
}

/// True for `rate(N hours)`, whose default rotation window is an hour.
pub fn is_hourly_rate(expr: &str) -> bool {
    inner(expr.trim(), "rate")
        .and_then(|body| body.split_whitespace().nth(1))
        .is_some_and(|unit| matches!(unit.to_ascii_lowercase().as_str(), "hour" | "hours"))
}

fn inner<'a>(expr: &'a str, name: &str) -> Option<&'a str> {
    let rest = expr.get(..name.len())?;
    if !rest.eq_ignore_ascii_case(name) {
        return None;
    }
    expr[name.len()..]
        .trim_start()
        .strip_prefix('(')?
        .strip_suffix(')')
        .map(str::trim)
}

fn rate(body: &str) -> Result<Duration, String> {
    let mut parts = body.split_whitespace();
    let (Some(n), Some(unit), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(format!(
            "rate({body}) is not \"rate(N days)\", \"rate(N hours)\" or \"rate(N minutes)\""
        ));
    };
    let n: i64 = n
        .parse()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("rate({body}): {n} is not a positive whole number"))?;
    match unit.to_ascii_lowercase().as_str() {
        "day" | "days" => Ok(Duration::days(n)),
        "hour" | "hours" => Ok(Duration::hours(n)),
        "minute" | "minutes" => Ok(Duration::minutes(n)),
        other => Err(format!(
            "rate({body}): unit {other} is not days, hours or minutes"
        )),
    }
}

/// A set of allowed values of one numeric field, as a bit mask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Set(u64);

impl Set {
    fn has(self, v: u32) -> bool {
        v < 64 && self.0 & (1 << v) != 0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DayOfMonth {
    Any,
    Days(Set),
    Last,
    LastWeekday,
    NearestWeekday(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DayOfWeek {
    Any,
    /// Weekdays, 1 = Sunday … 7 = Saturday.
    Days(Set),
    /// The last such weekday of the month.
    Last(u32),
    /// The K-th such weekday of the month.
    Nth(u32, u32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Cron {
    /// Minutes of the day at which it fires, ascending.
    times: Vec<i64>,
    dom: DayOfMonth,
    months: Set,
    dow: DayOfWeek,
    /// Allowed years (1970-2199); `None` for `*`.
    years: Option<Vec<u32>>,
}

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const WEEKDAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

impl Cron {
    fn parse(body: &str) -> Result<Cron, String> {
        let fields: Vec<&str> = body.split_whitespace().collect();
        let [min, hour, dom, month, dow, year] = fields[..] else {
            return Err(format!(
                "cron({body}) has {} fields, not 6 (minutes hours day-of-month month day-of-week year)",
                fields.len()
            ));
        };
        let minutes = values(min, 0, 59, &[]).map_err(|e| format!("minutes: {e}"))?;
        let hours = values(hour, 0, 23, &[]).map_err(|e| format!("hours: {e}"))?;
        let mut times = Vec::new();
        for h in &hours {
            for m in &minutes {
                times.push(i64::from(*h) * 60 + i64::from(*m));
            }
        }
        times.sort_unstable();
        let months = set(&values(month, 1, 12, &MONTHS).map_err(|e| format!("month: {e}"))?);
        let dom = day_of_month(dom).map_err(|e| format!("day-of-month: {e}"))?;
        let dow = day_of_week(dow).map_err(|e| format!("day-of-week: {e}"))?;
        match (dom, dow) {
            (DayOfMonth::Any, DayOfWeek::Any) => {
                return Err("one of day-of-month and day-of-week must be set".into())
            }
            (DayOfMonth::Any, _) | (_, DayOfWeek::Any) => {}
            _ => {
                return Err(
                    "day-of-month and day-of-week cannot both be set (one must be ?)".into(),
                )
            }
        }
        let years = if year == "*" {
            None
        } else {
            Some(values(year, 1970, 2199, &[]).map_err(|e| format!("year: {e}"))?)
        };
        Ok(Cron {
            times,
            dom,
            months,
            dow,
            years,
        })
    }

    fn fires_on(&self, d: NaiveDate) -> bool {
        if let Some(years) = &self.years {
            if !u32::try_from(d.year()).is_ok_and(|y| years.contains(&y)) {
                return false;
            }
        }
        if !self.months.has(d.month()) {
            return false;
        }
        let last = last_day(d);
        let day = d.day();
        let dom_ok = match self.dom {
            DayOfMonth::Any => true,
            DayOfMonth::Days(s) => s.has(day),
            DayOfMonth::Last => day == last,
            DayOfMonth::LastWeekday => day == nearest_weekday(d, last, last),
            DayOfMonth::NearestWeekday(n) => n <= last && day == nearest_weekday(d, n, last),
        };
        let wd = d.weekday().number_from_sunday();
        let dow_ok = match self.dow {
            DayOfWeek::Any => true,
            DayOfWeek::Days(s) => s.has(wd),
            DayOfWeek::Last(n) => wd == n && day + 7 > last,
            DayOfWeek::Nth(n, k) => wd == n && (day - 1) / 7 + 1 == k,
        };
        dom_ok && dow_ok
    }

    /// Firings are enumerated from the start of the scan day (UTC); the
    /// schedule repeats, so where in the day the scan ran does not matter.
    fn longest_gap(&self, now: DateTime<Utc>) -> Option<Duration> {
        let start = now.date_naive();
        let (first, last) = (*self.times.first()?, *self.times.last()?);
        let intra = self
            .times
            .windows(2)
            .map(|w| w[1] - w[0])
            .max()
            .unwrap_or(0);
        let (mut prev, mut longest) = (None::<i64>, intra);
        for offset in 0..HORIZON_DAYS {
            let Some(d) = start.checked_add_signed(Duration::days(offset)) else {
                break;
            };
            if !self.fires_on(d) {
                continue;
            }
            let base = offset * 1440;
            if let Some(p) = prev {
                longest = longest.max(base + first - p);
            }
            prev = Some(base + last);
        }
        let end = HORIZON_DAYS * 1440;
        prev.map(|p| Duration::minutes(longest.max(end - p)))
    }
}

fn last_day(d: NaiveDate) -> u32 {
    (28..=31)
        .rev()
        .find(|day| d.with_day(*day).is_some())
        .unwrap_or(28)
}

/// The weekday nearest to day `n` of `d`'s month, not leaving the month.
fn nearest_weekday(d: NaiveDate, n: u32, last: u32) -> u32 {
    let Some(target) = d.with_day(n) else {
        return 0;
    };
    match target.weekday() {
        Weekday::Sat if n == 1 => 3,
        Weekday::Sat => n - 1,
        Weekday::Sun if n == last => n - 2,
        Weekday::Sun => n + 1,
        _ => n,
    }
}

fn set(values: &[u32]) -> Set {
    Set(values.iter().fold(0, |acc, v| acc | (1 << v)))
}

fn day_of_month(field: &str) -> Result<DayOfMonth, String> {
    let upper = field.to_ascii_uppercase();
    Ok(match upper.as_str() {
        "?" => DayOfMonth::Any,
        "L" => DayOfMonth::Last,
        "LW" => DayOfMonth::LastWeekday,
        w if w.ends_with('W') => {
            let n = number(&w[..w.len() - 1], 1, 31, &[])?;
            DayOfMonth::NearestWeekday(n)
        }
        _ => DayOfMonth::Days(set(&values(field, 1, 31, &[])?)),
    })
}

fn day_of_week(field: &str) -> Result<DayOfWeek, String> {
    let upper = field.to_ascii_uppercase();
    if upper == "?" {
        return Ok(DayOfWeek::Any);
    }
    if let Some((n, k)) = upper.split_once('#') {
        let n = number(n, 1, 7, &WEEKDAYS)?;
        let k = number(k, 1, 5, &[])?;
        return Ok(DayOfWeek::Nth(n, k));
    }
    if upper.len() > 1 {
        if let Some(n) = upper.strip_suffix('L') {
            return Ok(DayOfWeek::Last(number(n, 1, 7, &WEEKDAYS)?));
        }
    }
    if upper == "L" {
        return Err("L alone is not supported here (use NL for the last weekday N)".into());
    }
    Ok(DayOfWeek::Days(set(&values(field, 1, 7, &WEEKDAYS)?)))
}

/// The values of a numeric field: `*`, `N`, `A-B`, with `/STEP`, in a list.
fn values(field: &str, lo: u32, hi: u32, names: &[&str]) -> Result<Vec<u32>, String> {
    let mut out = Vec::new();
    for item in field.split(',') {
        let (range, step) = match item.split_once('/') {
            Some((r, s)) => (r, number(s, 1, hi.max(1), &[])?),
            None => (item, 1),
        };
        let (a, b) = if range == "*" {
            (lo, hi)
        } else if let Some((a, b)) = range.split_once('-') {
            (number(a, lo, hi, names)?, number(b, lo, hi, names)?)
        } else {
            let a = number(range, lo, hi, names)?;
            (a, if item.contains('/') { hi } else { a })
        };
        if a > b {
            return Err(format!("range {range} is backwards"));
        }
        out.extend((a..=b).step_by(step as usize));
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

fn number(s: &str, lo: u32, hi: u32, names: &[&str]) -> Result<u32, String> {
    let s = s.trim();
    let v = match names.iter().position(|n| n.eq_ignore_ascii_case(s)) {
        Some(i) => lo + i as u32,
        None => s
            .parse::<u32>()
            .map_err(|_| format!("{s:?} is not supported"))?,
    };
    if (lo..=hi).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{v} is outside {lo}-{hi}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-11-21T12:00:00Z".parse().unwrap()
    }

    fn gap(expr: &str) -> Option<Duration> {
        longest_gap(expr, now()).unwrap_or_else(|e| panic!("{expr}: {e}"))
    }

    fn days(expr: &str) -> f64 {
        gap(expr).unwrap().num_minutes() as f64 / 1440.0
    }

    #[test]
    fn hourly_rates_are_told_apart() {
        assert!(is_hourly_rate(" rate(4 hours)"));
        assert!(is_hourly_rate("RATE(1 Hour)"));
        assert!(!is_hourly_rate("rate(4 days)"));
        assert!(!is_hourly_rate("cron(0 4 * * ? *)"));
    }

    #[test]
    fn rates_are_exact() {
        assert_eq!(gap("rate(10 days)"), Some(Duration::days(10)));
        assert_eq!(gap("rate(1 day)"), Some(Duration::days(1)));
        assert_eq!(gap(" RATE( 4 hours ) "), Some(Duration::hours(4)));
        assert_eq!(gap("rate(30 minutes)"), Some(Duration::minutes(30)));
        for bad in [
            "rate(10 weeks)",
            "rate(0 days)",
            "rate(days)",
            "rate(1.5 days)",
            "every 10 days",
        ] {
            assert!(longest_gap(bad, now()).is_err(), "{bad}");
        }
    }

    #[test]
    fn cron_gaps() {
        for (expr, want) in [
            ("cron(0 0 ? * MON *)", 7.0),
            ("cron(0 16 ? * 2 *)", 7.0),
            ("cron(0 16 1,15 * ? *)", 17.0),
            ("cron(0 8 L * ? *)", 31.0),
            ("cron(0 8 ? * 6#3 *)", 35.0),
            ("cron(0 8 ? * FRIL *)", 35.0),
            ("cron(0 0 1 */3 ? *)", 92.0),
            ("cron(0 0 1 JAN-DEC/6 ? *)", 184.0),
            ("cron(0 0 1 1 ? *)", 366.0),
            ("cron(0 */4 * * ? *)", 4.0 / 24.0),
            ("cron(0 1,23 * * ? *)", 22.0 / 24.0),
            ("cron(0 0 ? * MON-FRI *)", 3.0),
        ] {
            assert!(
                (days(expr) - want).abs() < 1e-9,
                "{expr}: {} days, want {want}",
                days(expr)
            );
        }
    }

    #[test]
    fn weekday_forms() {
        // 15W: the weekday nearest the 15th; the gap can exceed a month by two days.
        let w = days("cron(0 0 15W * ? *)");
        assert!((31.0..=33.0).contains(&w), "{w}");
        let lw = days("cron(0 0 LW * ? *)");
        assert!((31.0..=33.0).contains(&lw), "{lw}");
        let d = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(); // a Sunday
        assert_eq!(nearest_weekday(d, 1, 30), 2);
        let d = NaiveDate::from_ymd_opt(2026, 8, 1).unwrap(); // a Saturday
        assert_eq!(nearest_weekday(d, 1, 31), 3);
        let d = NaiveDate::from_ymd_opt(2026, 8, 15).unwrap(); // a Saturday
        assert_eq!(nearest_weekday(d, 15, 31), 14);
        let d = NaiveDate::from_ymd_opt(2026, 11, 15).unwrap(); // a Sunday
        assert_eq!(nearest_weekday(d, 15, 30), 16);
        let d = NaiveDate::from_ymd_opt(2026, 5, 31).unwrap(); // a Sunday, the last day
        assert_eq!(nearest_weekday(d, 31, 31), 29);
    }

    #[test]
    fn schedules_that_stop_or_never_fire() {
        assert_eq!(gap("cron(0 0 1 1 ? 2020)"), None);
        assert_eq!(gap("cron(0 0 30 2 ? *)"), None);
        let stops = days("cron(0 0 1 * ? 2027)");
        assert!(
            stops > 6.0 * 365.0,
            "{stops}: the gap after the last firing counts"
        );
        assert!(
            (days("cron(0 0 29 2 ? *)") - 1461.0).abs() < 1e-9,
            "leap days: four years"
        );
    }

    #[test]
    fn intra_day_gaps_count() {
        assert!((days("cron(0 8,20 * * ? *)") - 0.5).abs() < 1e-9);
        assert!((days("cron(30 6,7 * * ? *)") - 23.0 / 24.0).abs() < 1e-9);
    }

    #[test]
    fn unsupported_syntax_is_a_limitation_not_a_guess() {
        for (expr, needle) in [
            ("cron(0 0 * * *)", "has 5 fields"),
            ("cron(0 0 ? * ? *)", "one of day-of-month and day-of-week"),
            ("cron(0 0 * * * *)", "cannot both be set"),
            ("cron(0 0 1 * MON *)", "cannot both be set"),
            ("cron(0 0 L-3 * ? *)", "not supported"),
            ("cron(0 0 ? * L *)", "L alone"),
            ("cron(0 24 * * ? *)", "outside 0-23"),
            ("cron(0 0 5-1 * ? *)", "backwards"),
        ] {
            let e = longest_gap(expr, now()).unwrap_err();
            assert!(e.contains(needle), "{expr}: {e}");
        }
    }
}
