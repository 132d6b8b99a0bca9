//! The alarms a composite alarm's rule (`AlarmRule`) names:
//! `ALARM("web-5xx") OR (OK(db-cpu) AND NOT INSUFFICIENT_DATA("arn:…:alarm:q"))`,
//! and the quoted names of `AT_LEAST(2, ALARM, ("a", "b"))`. Names are
//! given as written, or as alarm ARNs (reduced to the name).

/// The state functions whose argument is one alarm.
const STATE_FUNCTIONS: [&str; 3] = ["ALARM(", "OK(", "INSUFFICIENT_DATA("];

/// Every alarm name `rule` refers to, in order of appearance, without repeats.
pub fn referenced_alarms(rule: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |raw: &str| {
        let name = raw.trim().trim_matches('"').trim();
        let name = name
            .strip_prefix("arn:")
            .and_then(|_| name.rsplit_once(":alarm:").map(|(_, n)| n))
            .unwrap_or(name);
        if !name.is_empty() && !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
    };
    for (i, _) in rule.char_indices() {
        let rest = &rule[i..];
        let Some(f) = STATE_FUNCTIONS.iter().find(|f| rest.starts_with(**f)) else {
            continue;
        };
        // A function name inside a longer word (`XALARM(`) is not one.
        if rule[..i]
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            continue;
        }
        let arg = &rest[f.len()..];
        if let Some(end) = argument_end(arg) {
            add(&arg[..end]);
        }
    }
    // Quoted names anywhere (the alarm lists of AT_LEAST).
    let mut parts = rule.split('"');
    parts.next();
    while let (Some(quoted), _) = (parts.next(), parts.next()) {
        add(quoted);
    }
    out
}

/// Where the argument of a state function ends: the closing parenthesis,
/// outside quotes.
fn argument_end(arg: &str) -> Option<usize> {
    let mut quoted = false;
    for (i, c) in arg.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ')' if !quoted => return Some(i),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::referenced_alarms;

    #[test]
    fn names_quoted_unquoted_and_as_arns() {
        assert_eq!(
            referenced_alarms(
                r#"ALARM("web-5xx") OR (OK(db-cpu) AND NOT INSUFFICIENT_DATA("arn:aws:cloudwatch:us-east-1:111122223333:alarm:queue (depth)"))"#
            ),
            ["web-5xx", "db-cpu", "queue (depth)"]
        );
    }

    #[test]
    fn at_least_lists_and_repeats() {
        assert_eq!(
            referenced_alarms(r#"AT_LEAST(2, ALARM, ("a", "b", "c")) OR ALARM("a")"#),
            ["a", "b", "c"]
        );
        assert_eq!(referenced_alarms("TRUE"), Vec::<String>::new());
        assert_eq!(referenced_alarms("ALARM(unclosed"), Vec::<String>::new());
        assert_eq!(referenced_alarms("XALARM(x)"), Vec::<String>::new());
    }
}
