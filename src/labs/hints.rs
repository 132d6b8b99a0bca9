//! Hints, revealed one at a time: a step's next hint shows once the step
//! has failed (missing or misconfigured) on that many verifications, or at
//! once with `--hint`. The counts live in a small JSON file,
//! `$XDG_STATE_HOME/awscheck/labs.json` (else
//! `~/.local/state/awscheck/labs.json`, or `--state FILE`):
//! `{"<lab id>": [failures of step 1, failures of step 2, …]}`.

use super::file::Lab;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The hint log of one run: where it is kept, and whether `--hint` asks
/// for one more hint now. Problems with the file are warnings: a learner's
/// verification never fails because hints could not be saved.
pub struct Progress {
    log: HintLog,
    path: Option<PathBuf>,
    extra: bool,
    /// What went wrong with the file, for stderr.
    pub warnings: Vec<String>,
}

impl Progress {
    /// The log at `path` (none: counts for this run only).
    pub fn open(path: Option<PathBuf>, extra: bool) -> Progress {
        let mut warnings = Vec::new();
        let log = match path.as_deref().map(HintLog::load) {
            Some(Ok(log)) => log,
            Some(Err(e)) => {
                warnings.push(e);
                HintLog::default()
            }
            None => HintLog::default(),
        };
        Progress {
            log,
            path,
            extra,
            warnings,
        }
    }

    /// Counts the failed verifications in `failed` (one entry per step),
    /// saves, and returns how many hints of each step are revealed.
    pub fn record(&mut self, lab: &Lab, failed: &[bool]) -> Vec<usize> {
        if failed.iter().any(|f| *f) {
            self.log.record(&lab.id, failed);
            if let Some(path) = &self.path {
                if let Err(e) = self.log.save(path) {
                    self.warnings.push(e);
                }
            }
        }
        lab.steps
            .iter()
            .enumerate()
            .map(|(i, s)| self.log.revealed(&lab.id, i, s.hints.len(), self.extra))
            .collect()
    }
}

/// Failed verifications per step, per lab.
#[derive(Debug, Default)]
pub struct HintLog {
    counts: BTreeMap<String, Vec<u32>>,
}

/// Where the counts are kept by default, if there is a home to keep them in.
pub fn default_path() -> Option<PathBuf> {
    let nonempty = |v: std::ffi::OsString| (!v.is_empty()).then(|| PathBuf::from(v));
    std::env::var_os("XDG_STATE_HOME")
        .and_then(nonempty)
        .or_else(|| {
            std::env::var_os("HOME")
                .and_then(nonempty)
                .map(|h| h.join(".local/state"))
        })
        .map(|d| d.join("awscheck").join("labs.json"))
}

impl HintLog {
    /// The counts in `path`; a missing file is no counts yet, an unreadable
    /// or malformed one an error (the caller warns and starts afresh).
    pub fn load(path: &Path) -> Result<HintLog, String> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(HintLog::default()),
            Err(e) => return Err(format!("{}: cannot read: {e}", path.display())),
        };
        serde_json::from_str(&text)
            .map(|counts| HintLog { counts })
            .map_err(|e| format!("{}: not a hint log ({e}); starting afresh", path.display()))
    }

    pub fn save(&self, path: &Path) -> Result<(), String> {
        let write = || -> std::io::Result<()> {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
            let text = serde_json::to_string_pretty(&self.counts).map_err(std::io::Error::other)?;
            std::fs::write(path, text + "\n")
        };
        write().map_err(|e| format!("{}: cannot write hint progress: {e}", path.display()))
    }

    /// Counts one more failed verification for each step of `lab` whose
    /// entry in `failed` is true.
    pub fn record(&mut self, lab: &str, failed: &[bool]) {
        let counts = self.counts.entry(lab.to_string()).or_default();
        if counts.len() < failed.len() {
            counts.resize(failed.len(), 0);
        }
        for (c, f) in counts.iter_mut().zip(failed) {
            *c += u32::from(*f);
        }
    }

    /// How many of a step's `total` hints are revealed: one per failed
    /// verification, one more with `--hint`.
    pub fn revealed(&self, lab: &str, step: usize, total: usize, extra: bool) -> usize {
        let failures = self
            .counts
            .get(lab)
            .and_then(|c| c.get(step))
            .copied()
            .unwrap_or(0);
        (failures as usize + usize::from(extra)).min(total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_reveal_one_per_failure_and_persist() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state/labs.json");
        let mut log = HintLog::load(&path).unwrap();
        assert_eq!(log.revealed("l", 0, 3, false), 0);
        assert_eq!(log.revealed("l", 0, 3, true), 1);
        log.record("l", &[true, false]);
        log.record("l", &[true, true]);
        assert_eq!(log.revealed("l", 0, 3, false), 2);
        assert_eq!(log.revealed("l", 0, 3, true), 3);
        assert_eq!(log.revealed("l", 0, 2, true), 2);
        assert_eq!(log.revealed("l", 1, 3, false), 1);
        log.save(&path).unwrap();
        let back = HintLog::load(&path).unwrap();
        assert_eq!(back.revealed("l", 0, 3, false), 2);
        std::fs::write(&path, "not json").unwrap();
        assert!(HintLog::load(&path).unwrap_err().contains("not a hint log"));
    }
}
