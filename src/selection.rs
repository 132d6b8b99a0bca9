//! Which checks a scan runs: `--checks`, `--service`, `--severity` (and the
//! check patterns that packs and suppressions use).

use crate::suggest::hint;
use awscheck_checks::arn::wildcard_match;
use awscheck_checks::registry;
use awscheck_checks::{Check, Severity};

/// True when `pattern` holds a wildcard (`*` or `?`).
pub fn is_glob(pattern: &str) -> bool {
    pattern.contains(['*', '?'])
}

/// True when the check id `id` matches `pattern` (an id or a glob).
pub fn id_matches(pattern: &str, id: &str) -> bool {
    wildcard_match(pattern, id)
}

/// The registered checks that `pattern` names: an exact id, or a glob over
/// ids. An unknown id, or a glob that matches nothing, is an error.
pub fn checks_matching(pattern: &str) -> Result<Vec<&'static Check>, String> {
    let all = registry::all();
    let hits: Vec<&'static Check> = all
        .iter()
        .copied()
        .filter(|c| id_matches(pattern, c.id))
        .collect();
    if !hits.is_empty() {
        Ok(hits)
    } else if is_glob(pattern) {
        Err(format!("check pattern {pattern:?} matches no check"))
    } else {
        Err(format!(
            "unknown check id {pattern:?}{}",
            hint(pattern, all.iter().map(|c| c.id))
        ))
    }
}

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
    fn patterns_name_ids_or_globs() {
        assert_eq!(
            checks_matching("s3-https-only").unwrap()[0].id,
            "s3-https-only"
        );
        assert!(checks_matching("s3-*")
            .unwrap()
            .iter()
            .any(|c| c.id == "s3-https-only"));
        assert_eq!(
            checks_matching("s3-https").unwrap_err(),
            "unknown check id \"s3-https\" (did you mean \"s3-https-only\"?)"
        );
        assert_eq!(
            checks_matching("nope-*").unwrap_err(),
            "check pattern \"nope-*\" matches no check"
        );
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
