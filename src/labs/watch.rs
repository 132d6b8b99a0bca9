//! `labs verify --watch`: re-verify until every step is done, redrawing the
//! checklist in place on a terminal (plain lines elsewhere), and tolerating
//! AWS's eventual consistency: a step that was done and reads as missing
//! once is shown as re-checking, not as failed.
//!
//! The clock is injected ([`Clock`]) so that tests do not sleep.

use super::file::Lab;
use super::hints::Progress;
use super::render::Shown;
use super::scope::Scope;
use super::verdict::{verify, StepStatus, StepVerdict, Verification};
use awscheck_checks::inventory::Inventory;
use chrono::{DateTime, Utc};
use std::io::Write;
use std::time::Duration;

/// Time, as the watch loop sees it.
pub trait Clock {
    fn now(&self) -> DateTime<Utc>;
    fn sleep(&mut self, d: Duration);
}

/// The real clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
    fn sleep(&mut self, d: Duration) {
        std::thread::sleep(d)
    }
}

/// Verifications in a row: applies the re-checking rule and says which
/// steps failed a verification worth a hint.
#[derive(Debug, Default)]
pub struct Tracker {
    /// The last verdicts as read, and as shown.
    read: Option<Vec<StepVerdict>>,
    shown: Option<Vec<StepStatus>>,
}

impl Tracker {
    /// The verification as shown, and for each step whether it counts as a
    /// failed verification (for hints): a step shown missing or
    /// misconfigured on the first round, or whose verdict changed since the
    /// last round and is still not done. The learner tried something;
    /// watching an unchanged failure reveals no hint.
    pub fn settle(&mut self, mut v: Verification) -> (Verification, Vec<bool>) {
        let read = v.steps.clone();
        let mut failed = Vec::with_capacity(v.steps.len());
        for (i, s) in v.steps.iter_mut().enumerate() {
            let was_shown = self.shown.as_ref().and_then(|r| r.get(i)).copied();
            let was_read = self.read.as_ref().and_then(|r| r.get(i));
            if s.status == StepStatus::Missing && was_shown == Some(StepStatus::Done) {
                s.status = StepStatus::Rechecking;
            }
            failed.push(
                s.status.is_failure()
                    && (was_read != Some(&read[i]) || was_shown != Some(s.status)),
            );
        }
        self.read = Some(read);
        self.shown = Some(v.steps.iter().map(|s| s.status).collect());
        (v, failed)
    }
}

/// How and where to watch.
pub struct Watch<'a> {
    pub interval: Duration,
    pub clock: &'a mut dyn Clock,
    /// stdout is a terminal: redraw in place.
    pub terminal: bool,
    pub color: bool,
}

impl Watch<'_> {
    /// Verifies `lab` on the inventory `round` gives, every `interval`,
    /// until every step is done; returns 0 then. An error from `round`
    /// (an account that cannot be collected at all) ends the watch.
    pub fn run(
        &mut self,
        lab: &Lab,
        scope: &Scope,
        progress: &mut Progress,
        round: &mut dyn FnMut() -> Result<Inventory, String>,
        out: &mut dyn Write,
    ) -> Result<i32, String> {
        let mut tracker = Tracker::default();
        let mut drawn_lines = 0;
        let mut last: Option<Vec<StepStatus>> = None;
        loop {
            let inventory = round()?;
            let (v, failed) = tracker.settle(verify(lab, scope, &inventory));
            let revealed = progress.record(lab, &failed);
            let shown = Shown {
                lab,
                scope,
                verification: &v,
                revealed,
            };
            let at = self.clock.now().format("%H:%M:%S");
            let frame = if self.terminal {
                let mut frame = shown.table(self.color);
                if !v.complete() {
                    frame.push_str(&format!(
                        "Re-checking every {} s (Ctrl-C to stop); last checked {at}\n",
                        self.interval.as_secs()
                    ));
                }
                let clear = match drawn_lines {
                    0 => String::new(),
                    n => format!("\x1b[{n}F\x1b[J"),
                };
                drawn_lines = frame.matches('\n').count();
                clear + &frame
            } else {
                plain_lines(&shown, last.as_deref(), &at.to_string())
            };
            last = Some(v.steps.iter().map(|s| s.status).collect());
            out.write_all(frame.as_bytes())
                .and_then(|_| out.flush())
                .map_err(|e| format!("cannot write output: {e}"))?;
            if v.complete() {
                return Ok(0);
            }
            self.clock.sleep(self.interval);
        }
    }
}

/// Off a terminal: the whole checklist the first time, then a line per
/// step whose state changed, and the score, each line stamped with the time.
fn plain_lines(shown: &Shown, last: Option<&[StepStatus]>, at: &str) -> String {
    let Some(last) = last else {
        return shown.table(false);
    };
    let mut out = String::new();
    for (n, step, v) in shown.rows() {
        if last.get(n - 1) != Some(&v.status) {
            let why = v
                .reasons
                .first()
                .map(|r| format!(": {}", r.line()))
                .unwrap_or_default();
            out.push_str(&format!(
                "{at} {} step {n}, {}: {}{why}\n",
                v.status.symbol(),
                step.title,
                v.status.label()
            ));
        }
    }
    out.push_str(&format!("{at} {}\n", shown.score_line()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::verdict::Reason;

    fn v(statuses: &[StepStatus]) -> Verification {
        Verification {
            steps: statuses
                .iter()
                .map(|s| StepVerdict {
                    status: *s,
                    reasons: vec![Reason {
                        check: None,
                        resource: None,
                        text: s.as_str().into(),
                    }],
                })
                .collect(),
        }
    }

    fn statuses(v: &Verification) -> Vec<StepStatus> {
        v.steps.iter().map(|s| s.status).collect()
    }

    #[test]
    fn done_then_missing_once_is_rechecking_twice_is_missing() {
        use StepStatus::*;
        let mut t = Tracker::default();
        let (first, failed) = t.settle(v(&[Missing, Done]));
        assert_eq!(
            (statuses(&first), failed),
            (vec![Missing, Done], vec![true, false])
        );
        let (second, failed) = t.settle(v(&[Missing, Missing]));
        assert_eq!(
            (statuses(&second), failed),
            (vec![Missing, Rechecking], vec![false, false])
        );
        let (third, failed) = t.settle(v(&[Misconfigured, Missing]));
        assert_eq!(
            (statuses(&third), failed),
            (vec![Misconfigured, Missing], vec![true, true])
        );
        let (fourth, _) = t.settle(v(&[Done, Done]));
        assert!(fourth.complete());
    }

    #[test]
    fn unknown_is_not_a_failed_attempt() {
        let mut t = Tracker::default();
        let (_, failed) = t.settle(v(&[StepStatus::Unknown]));
        assert_eq!(failed, vec![false]);
    }
}
