//! Which checks a scan runs: `--checks`, `--service`, `--severity`.

use crate::suggest::hint;
use awscheck_checks::registry;
use awscheck_checks::{Check, Severity};

/// The user's selection; empty lists mean "all".
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub checks: Vec<String>,
    pub services: Vec<String>,
    /// Minimum default severity of the checks to run.
    pub min_severity: Option<Severity>,
}

impl Selection {
    /// The selected checks in registry order, or a one-line error naming the
    /// unknown id or service and the closest known names.
    pub fn resolve(&self) -> Result<Vec<&'static Check>, String> {
        let all = registry::all();
        for id in &self.checks {
            if registry::find(id).is_none() {
                return Err(format!(
                    "--checks: unknown check id {id:?}{}",
                    hint(id, all.iter().map(|c| c.id))
                ));
            }
        }
        let services = registry::services();
        for s in &self.services {
            if !services.contains(&s.as_str()) {
                return Err(format!(
                    "--service: unknown service {s:?}{} (known: {})",
                    hint(s, services.iter().copied()),
                    services.join(", ")
                ));
            }
        }
        Ok(all
            .iter()
            .copied()
            .filter(|c| self.checks.is_empty() || self.checks.iter().any(|id| id == c.id))
            .filter(|c| self.services.is_empty() || self.services.iter().any(|s| s == c.service))
            .filter(|c| self.min_severity.is_none_or(|min| c.severity >= min))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_names_are_errors_with_suggestions() {
        let sel = Selection {
            checks: vec!["s3-https".into()],
            ..Default::default()
        };
        assert_eq!(
            sel.resolve().unwrap_err(),
            "--checks: unknown check id \"s3-https\" (did you mean \"s3-https-only\"?)"
        );
        let sel = Selection {
            services: vec!["s4".into()],
            ..Default::default()
        };
        assert!(sel
            .resolve()
            .unwrap_err()
            .starts_with("--service: unknown service \"s4\" (did you mean \"s3\""));
    }

    #[test]
    fn filters_combine() {
        let sel = Selection {
            services: vec!["s3".into()],
            ..Default::default()
        };
        assert!(sel.resolve().unwrap().iter().all(|c| c.service == "s3"));
        let sel = Selection {
            min_severity: Some(Severity::Critical),
            ..Default::default()
        };
        assert!(sel
            .resolve()
            .unwrap()
            .iter()
            .all(|c| c.severity == Severity::Critical));
    }
}
