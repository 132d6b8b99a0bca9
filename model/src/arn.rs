//! ARN parsing and IAM-style wildcard matching.

/// The parts of `arn:partition:service:region:account:resource`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arn<'a> {
    pub partition: &'a str,
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

impl<'a> Arn<'a> {
    pub fn parse(s: &'a str) -> Option<Arn<'a>> {
        let mut parts = s.splitn(6, ':');
        if parts.next()? != "arn" {
            return None;
        }
        Some(Arn {
            partition: parts.next()?,
            service: parts.next()?,
            region: parts.next()?,
            account: parts.next()?,
            resource: parts.next()?,
        })
    }
}

/// True for an AWS account id: 12 digits.
pub fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// The account id of an ARN, if it parses and has one.
pub fn account_of(arn: &str) -> Option<&str> {
    Arn::parse(arn).map(|a| a.account).filter(|a| !a.is_empty())
}

/// IAM wildcard matching: `*` matches any run of characters (also empty),
/// `?` any single character. Case-sensitive, as IAM is for resources;
/// callers lower-case both sides for actions.
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_arns() {
        let a = Arn::parse("arn:aws:kms:eu-west-1:111122223333:alias/app").unwrap();
        assert_eq!(
            (a.service, a.region, a.account, a.resource),
            ("kms", "eu-west-1", "111122223333", "alias/app")
        );
        assert_eq!(Arn::parse("arn:aws:s3:::b/k:x").unwrap().resource, "b/k:x");
        assert!(Arn::parse("not-an-arn").is_none());
        assert_eq!(account_of("arn:aws:s3:::b"), None);
    }

    #[test]
    fn wildcards() {
        assert!(wildcard_match("arn:aws:s3:::b*", "arn:aws:s3:::b/x"));
        assert!(wildcard_match("*", ""));
        assert!(wildcard_match("a?c", "abc"));
        assert!(!wildcard_match("a?c", "ac"));
        assert!(wildcard_match("arn:aws:s3:::*/*", "arn:aws:s3:::b/x"));
        assert!(!wildcard_match("arn:aws:s3:::*/*", "arn:aws:s3:::b"));
        assert!(!wildcard_match("arn:aws:s3:::b", "arn:aws:s3:::b/x"));
    }

    proptest! {
        #[test]
        fn literal_patterns_match_only_themselves(s in "[a-z:/]{0,12}", t in "[a-z:/]{0,12}") {
            prop_assert_eq!(wildcard_match(&s, &t), s == t);
        }

        #[test]
        fn star_matches_everything(t in ".{0,30}") {
            prop_assert!(wildcard_match("*", &t));
        }
    }
}
