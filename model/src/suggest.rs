//! "Did you mean …?" for unknown names: check ids and flags on the command
//! line, profile names in the AWS config files.

/// Levenshtein distance between two strings.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Up to three known names closest to `unknown`: names containing it (or
/// contained in it) first, then those within a third of its length in edits
/// (at least one).
pub fn closest<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let u = unknown.to_ascii_lowercase();
    let mut scored: Vec<(usize, &str)> = known
        .into_iter()
        .filter_map(|k| {
            let kl = k.to_ascii_lowercase();
            if kl.contains(&u) || u.contains(&kl) {
                Some((0, k))
            } else {
                let d = distance(&u, &kl);
                (d <= (u.len() / 3).max(1)).then_some((d, k))
            }
        })
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, k)| k).collect()
}

/// Every known name, nearest to `unknown` first (containing or contained
/// names, then by edit distance; ties alphabetical).
pub fn nearest_first<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let u = unknown.to_ascii_lowercase();
    let mut scored: Vec<(bool, usize, &str)> = known
        .into_iter()
        .map(|k| {
            let kl = k.to_ascii_lowercase();
            let apart = !(kl.contains(&u) || u.contains(&kl));
            (apart, distance(&u, &kl), k)
        })
        .collect();
    scored.sort();
    scored.into_iter().map(|(_, _, k)| k).collect()
}

/// ` (did you mean "a" or "b"?)`, or nothing when nothing is close.
pub fn hint<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    let names = closest(unknown, known);
    if names.is_empty() {
        return String::new();
    }
    let quoted: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
    format!(" (did you mean {}?)", quoted.join(" or "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_and_containing_names() {
        let known = ["s3-https-only", "s3-access-logging", "dynamodb-pitr"];
        assert_eq!(closest("s3-https", known), ["s3-https-only"]);
        assert_eq!(closest("dynamodb-pitt", known), ["dynamodb-pitr"]);
        assert!(closest("zzzzzz", known).is_empty());
        assert_eq!(
            hint("waf", ["wafv2", "s3", "iam"]),
            " (did you mean \"wafv2\"?)"
        );
        assert_eq!(closest("s4", ["s3", "sqs"]), ["s3"]);
        assert_eq!(
            nearest_first("sandbx", ["prod", "default", "sandbox-admin", "sandbox"]),
            ["sandbox", "prod", "default", "sandbox-admin"]
        );
    }
}
