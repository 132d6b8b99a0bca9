//! Which log groups a check's setting puts in scope: a list whose entries
//! are name patterns (`*` and `?` wildcards) or `tag:KEY=VALUE` (the key
//! compared case-insensitively, the value too, trimmed).

use crate::arn::wildcard_match;
use crate::inventory::logs::LogGroup;

/// One entry of a scope setting.
enum Scope<'a> {
    Name(&'a str),
    Tag(&'a str, &'a str),
}

impl<'a> Scope<'a> {
    fn parse(entry: &'a str) -> Result<Scope<'a>, String> {
        match entry.strip_prefix("tag:") {
            None => Ok(Scope::Name(entry)),
            Some(tag) => match tag.split_once('=') {
                Some((key, value)) if !key.is_empty() => Ok(Scope::Tag(key, value)),
                _ => Err(format!("{entry:?}: expected tag:KEY=VALUE")),
            },
        }
    }

    fn matches(&self, group: &LogGroup) -> bool {
        match self {
            Scope::Name(p) => wildcard_match(p, &group.name),
            Scope::Tag(key, value) => group
                .tags
                .iter()
                .any(|(k, v)| k.eq_ignore_ascii_case(key) && v.trim().eq_ignore_ascii_case(value)),
        }
    }
}

/// The validator of a scope setting: every entry parses.
#[allow(clippy::ptr_arg, reason = "a validator takes &T, here T = Vec<String>")]
pub fn valid_scopes(entries: &Vec<String>) -> Result<(), String> {
    entries.iter().try_for_each(|e| Scope::parse(e).map(|_| ()))
}

/// A scope setting's entries, parsed once per run.
pub struct Scopes<'a>(Vec<(&'a str, Scope<'a>)>);

impl<'a> Scopes<'a> {
    /// The entries that parse (a set value was validated, and the default
    /// parses: one that does not is left out rather than trusted).
    pub fn new(entries: &'a [String]) -> Scopes<'a> {
        Scopes(
            entries
                .iter()
                .filter_map(|e| Some((e.as_str(), Scope::parse(e).ok()?)))
                .collect(),
        )
    }

    /// The first entry `group` matches.
    pub fn matching(&self, group: &LogGroup) -> Option<&'a str> {
        self.0
            .iter()
            .find(|(_, s)| s.matches(group))
            .map(|(entry, _)| *entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_names_or_tags() {
        assert!(valid_scopes(&vec!["/aws/*".into(), "tag:team=ops".into()]).is_ok());
        assert_eq!(
            valid_scopes(&vec!["tag:team".into()]).unwrap_err(),
            "\"tag:team\": expected tag:KEY=VALUE"
        );
        assert!(valid_scopes(&vec!["tag:=x".into()]).is_err());
    }
}
