//! CloudWatch Logs filter patterns, read for one question: does a metric
//! filter on a CloudTrail log group fire on the records of a given event?
//!
//! Shapes understood:
//! - empty (or blank): matches every event (a catch-all, which names no event);
//! - JSON: `{ ($.eventName = DeleteBucket) || ($.eventName = "Stop*") }`, with
//!   `=`, `!=`, `<`, `<=`, `>`, `>=`, `IS NULL`, `IS TRUE`, `IS FALSE`,
//!   `EXISTS`, `NOT EXISTS`, `&&`, `||` and parentheses; values bare or
//!   double-quoted, `*` wildcards, or `%regex%`;
//! - bare terms: `DeleteBucket`, `"quoted phrase"`, `?either ?or`, `-excluded`;
//! - a standalone `%regex%`;
//! - space-delimited `[a, b, ...]`: recognised, but it names no CloudTrail
//!   field, so it never counts as naming an event.
//!
//! The analysis is symbolic: a CloudTrail record of event `X` has
//! `eventName = X` and, when known, `eventSource = S`; every other field is
//! unknown and assumed able to take any value. A pattern *names* `X` when
//! some way for it to match goes through a positive test that picks `X` out
//! (an `eventName` value or a bare term that contains `X`) and nothing on
//! that way rules `X` out. A value that also matches any event (`*`, `%.*%`)
//! names nothing.

use crate::arn::wildcard_match;
use std::fmt;

/// Nesting deeper than this is rejected (CloudWatch's own limit on pattern
/// length keeps real patterns far below it).
const MAX_DEPTH: usize = 64;

/// A parsed filter pattern.
#[derive(Debug, Clone, PartialEq)]
pub enum Pattern {
    /// `""`: every log event.
    All,
    Json(Expr),
    Terms(Vec<Term>),
    /// A standalone `%regex%` over the whole record.
    Regex(Value),
    /// A space-delimited `[...]` pattern (not analysed).
    Delimited,
}

/// A JSON pattern's boolean expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    /// `$.selector <op> value`.
    Compare {
        selector: String,
        op: Op,
        value: Value,
    },
    /// `$.selector IS NULL`, `NOT EXISTS`, …
    Test {
        selector: String,
        test: Test,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Test {
    IsNull,
    IsTrue,
    IsFalse,
    Exists,
    NotExists,
}

/// A comparison value: text with `*` wildcards, or a `%regex%`.
#[derive(Debug, Clone)]
pub enum Value {
    Text(String),
    Regex(String, regex::Regex),
}

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Value::Text(a), Value::Text(b)) => a == b,
            (Value::Regex(a, _), Value::Regex(b, _)) => a == b,
            _ => false,
        }
    }
}

impl Value {
    fn matches(&self, text: &str) -> bool {
        match self {
            Value::Text(p) => wildcard_match(p, text),
            Value::Regex(_, re) => re.is_match(text),
        }
    }

    /// True when the value matches any event name, so it picks none out.
    fn matches_anything(&self) -> bool {
        ["", "AwscheckProbeEvent"].iter().any(|p| self.matches(p))
    }
}

/// One bare term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    pub kind: TermKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermKind {
    /// Must appear.
    Required,
    /// `?term`: at least one of these must appear.
    Optional,
    /// `-term`: must not appear.
    Excluded,
}

/// Why a pattern does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError(pub String);

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "filter pattern does not parse: {}", self.0)
    }
}

fn err<T>(msg: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError(msg.into()))
}

/// How a pattern relates to the records of one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Match {
    /// No record of the event can match.
    Never,
    /// Records of the event may match, but only through tests that do not
    /// pick the event out (a catch-all, or conditions on other fields).
    Unnamed,
    /// The pattern picks the event out by name.
    Named,
}

impl Match {
    fn and(self, other: Match) -> Match {
        match (self, other) {
            (Match::Never, _) | (_, Match::Never) => Match::Never,
            (a, b) => a.max(b),
        }
    }
    fn or(self, other: Match) -> Match {
        self.max(other)
    }
}

impl Pattern {
    pub fn parse(pattern: &str) -> Result<Pattern, ParseError> {
        let p = pattern.trim();
        if p.is_empty() {
            Ok(Pattern::All)
        } else if let Some(body) = p.strip_prefix('{') {
            let Some(body) = body.strip_suffix('}') else {
                return err("a JSON pattern must end with '}'");
            };
            let tokens = tokenize(body)?;
            let mut parser = Parser { tokens, pos: 0 };
            let expr = parser.or(0)?;
            match parser.tokens.get(parser.pos) {
                None => Ok(Pattern::Json(expr)),
                Some(t) => err(format!("unexpected {t}")),
            }
        } else if p.starts_with('[') {
            if p.ends_with(']') {
                Ok(Pattern::Delimited)
            } else {
                err("a space-delimited pattern must end with ']'")
            }
        } else if p.len() >= 2 && p.starts_with('%') && p.ends_with('%') && !p.contains(' ') {
            Ok(Pattern::Regex(regex_value(&p[1..p.len() - 1])?))
        } else {
            terms(p).map(Pattern::Terms)
        }
    }

    /// How the pattern relates to CloudTrail records of `event` (whose
    /// `eventSource` is `source`, when the caller knows it).
    pub fn matches(&self, event: &str, source: Option<&str>) -> Match {
        match self {
            Pattern::All | Pattern::Delimited => Match::Unnamed,
            Pattern::Json(e) => e.matches(event, source),
            Pattern::Regex(v) => value_names(v, event),
            Pattern::Terms(terms) => {
                let mut required = Match::Unnamed;
                let mut optional: Option<Match> = None;
                for t in terms {
                    let named = term_names(&t.text, event);
                    match t.kind {
                        TermKind::Required if named => required = required.and(Match::Named),
                        TermKind::Required => {}
                        TermKind::Excluded if named => required = Match::Never,
                        TermKind::Excluded => {}
                        TermKind::Optional => {
                            let m = if named { Match::Named } else { Match::Unnamed };
                            optional = Some(optional.map_or(m, |o| o.or(m)));
                        }
                    }
                }
                optional.map_or(required, |o| required.and(o))
            }
        }
    }
}

/// `Named` when `value` matches `event` without matching any event.
fn value_names(value: &Value, event: &str) -> Match {
    if !value.matches(event) {
        Match::Never
    } else if value.matches_anything() {
        Match::Unnamed
    } else {
        Match::Named
    }
}

/// A bare term names `event` when it contains the name as a whole word
/// (`DeleteBucket`, `"eventName":"DeleteBucket"`; not `DeleteBucketPolicy`).
fn term_names(term: &str, event: &str) -> bool {
    if event.is_empty() {
        return false;
    }
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    term.match_indices(event).any(|(i, _)| {
        !word(term[..i].chars().next_back()) && !word(term[i + event.len()..].chars().next())
    })
}

impl Expr {
    fn matches(&self, event: &str, source: Option<&str>) -> Match {
        match self {
            Expr::And(a, b) => a.matches(event, source).and(b.matches(event, source)),
            Expr::Or(a, b) => a.matches(event, source).or(b.matches(event, source)),
            Expr::Compare {
                selector,
                op,
                value,
            } => match (selector.as_str(), op) {
                ("$.eventName", Op::Eq) => value_names(value, event),
                ("$.eventName", Op::Ne) if value.matches(event) => Match::Never,
                ("$.eventSource", Op::Eq) if source.is_some_and(|s| !value.matches(s)) => {
                    Match::Never
                }
                ("$.eventSource", Op::Ne) if source.is_some_and(|s| value.matches(s)) => {
                    Match::Never
                }
                // Both fields are strings: a numeric comparison never holds.
                ("$.eventName" | "$.eventSource", Op::Lt | Op::Le | Op::Gt | Op::Ge) => {
                    Match::Never
                }
                _ => Match::Unnamed,
            },
            Expr::Test { selector, test } => match (selector.as_str(), test) {
                ("$.eventName" | "$.eventSource", Test::Exists) => Match::Unnamed,
                ("$.eventName" | "$.eventSource", _) => Match::Never,
                _ => Match::Unnamed,
            },
        }
    }
}

fn regex_value(body: &str) -> Result<Value, ParseError> {
    if body.is_empty() {
        return err("empty regular expression");
    }
    let re = regex::RegexBuilder::new(body)
        .size_limit(1 << 20)
        .build()
        .map_err(|e| ParseError(format!("regular expression %{body}%: {e}")))?;
    Ok(Value::Regex(body.to_string(), re))
}

/// Splits bare terms, keeping `"quoted phrases"` whole.
fn terms(p: &str) -> Result<Vec<Term>, ParseError> {
    let mut out = Vec::new();
    let mut chars = p.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let kind = match c {
            '?' => TermKind::Optional,
            '-' => TermKind::Excluded,
            _ => TermKind::Required,
        };
        if kind != TermKind::Required {
            chars.next();
        }
        let text = if chars.peek() == Some(&'"') {
            chars.next();
            quoted(&mut chars)?
        } else {
            let mut s = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                s.push(c);
                chars.next();
            }
            s
        };
        if text.is_empty() {
            return err("empty term");
        }
        out.push(Term { text, kind });
    }
    Ok(out)
}

/// Reads a double-quoted string after its opening quote (`\"` and `\\` escape).
fn quoted(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Result<String, ParseError> {
    let mut s = String::new();
    loop {
        match chars.next() {
            None => return err("unterminated quoted string"),
            Some('"') => return Ok(s),
            Some('\\') => match chars.next() {
                Some(c) => s.push(c),
                None => return err("unterminated quoted string"),
            },
            Some(c) => s.push(c),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Open,
    Close,
    And,
    Or,
    Op(Op),
    Selector(String),
    Word(String),
    Value(Value),
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Token::Open => write!(f, "'('"),
            Token::Close => write!(f, "')'"),
            Token::And => write!(f, "'&&'"),
            Token::Or => write!(f, "'||'"),
            Token::Op(op) => write!(f, "operator {op:?}"),
            Token::Selector(s) => write!(f, "selector {s}"),
            Token::Word(w) => write!(f, "{w:?}"),
            Token::Value(Value::Text(t)) => write!(f, "{t:?}"),
            Token::Value(Value::Regex(r, _)) => write!(f, "%{r}%"),
        }
    }
}

/// Characters that end a bare word or selector.
fn is_delimiter(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | '=' | '!' | '<' | '>' | '&' | '|' | '"')
}

fn tokenize(body: &str) -> Result<Vec<Token>, ParseError> {
    let mut out = Vec::new();
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        let two = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>, next: char| {
            if chars.peek() == Some(&next) {
                chars.next();
                true
            } else {
                false
            }
        };
        let token = match c {
            c if c.is_whitespace() => continue,
            '(' => Token::Open,
            ')' => Token::Close,
            '&' if two(&mut chars, '&') => Token::And,
            '|' if two(&mut chars, '|') => Token::Or,
            '=' => Token::Op(Op::Eq),
            '!' if two(&mut chars, '=') => Token::Op(Op::Ne),
            '<' if two(&mut chars, '=') => Token::Op(Op::Le),
            '<' => Token::Op(Op::Lt),
            '>' if two(&mut chars, '=') => Token::Op(Op::Ge),
            '>' => Token::Op(Op::Gt),
            '"' => Token::Value(Value::Text(quoted(&mut chars)?)),
            '%' => {
                let mut body = String::new();
                loop {
                    match chars.next() {
                        None => return err("unterminated %regex%"),
                        Some('%') => break,
                        Some(c) => body.push(c),
                    }
                }
                Token::Value(regex_value(&body)?)
            }
            '&' | '|' | '!' => return err(format!("stray {c:?}")),
            c => {
                let mut word = c.to_string();
                while let Some(&n) = chars.peek() {
                    if is_delimiter(n) {
                        break;
                    }
                    word.push(n);
                    chars.next();
                }
                if word.starts_with('$') {
                    Token::Selector(word)
                } else {
                    Token::Word(word)
                }
            }
        };
        out.push(token);
    }
    Ok(out)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser {
    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn or(&mut self, depth: usize) -> Result<Expr, ParseError> {
        let mut left = self.and(depth)?;
        while self.peek() == Some(&Token::Or) {
            self.pos += 1;
            left = Expr::Or(Box::new(left), Box::new(self.and(depth)?));
        }
        Ok(left)
    }

    fn and(&mut self, depth: usize) -> Result<Expr, ParseError> {
        let mut left = self.primary(depth)?;
        while self.peek() == Some(&Token::And) {
            self.pos += 1;
            left = Expr::And(Box::new(left), Box::new(self.primary(depth)?));
        }
        Ok(left)
    }

    fn primary(&mut self, depth: usize) -> Result<Expr, ParseError> {
        if depth > MAX_DEPTH {
            return err("nested too deeply");
        }
        match self.next() {
            Some(Token::Open) => {
                let e = self.or(depth + 1)?;
                match self.next() {
                    Some(Token::Close) => Ok(e),
                    Some(t) => err(format!("expected ')', found {t}")),
                    None => err("missing ')'"),
                }
            }
            Some(Token::Selector(selector)) => self.condition(selector),
            Some(t) => err(format!(
                "expected a selector such as $.eventName, found {t}"
            )),
            None => err("expected a condition"),
        }
    }

    fn condition(&mut self, selector: String) -> Result<Expr, ParseError> {
        let word_is = |t: &Option<Token>, w: &str| matches!(t, Some(Token::Word(x)) if x.eq_ignore_ascii_case(w));
        match self.next() {
            Some(Token::Op(op)) => {
                let value = match self.next() {
                    Some(Token::Value(v)) => v,
                    Some(Token::Word(w)) => Value::Text(w),
                    Some(t) => return err(format!("expected a value after {selector}, found {t}")),
                    None => return err(format!("expected a value after {selector}")),
                };
                Ok(Expr::Compare {
                    selector,
                    op,
                    value,
                })
            }
            t if word_is(&t, "IS") => {
                let next = self.next();
                let test = if word_is(&next, "NULL") {
                    Test::IsNull
                } else if word_is(&next, "TRUE") {
                    Test::IsTrue
                } else if word_is(&next, "FALSE") {
                    Test::IsFalse
                } else {
                    return err(format!("expected NULL, TRUE or FALSE after {selector} IS"));
                };
                Ok(Expr::Test { selector, test })
            }
            t if word_is(&t, "NOT") => {
                if word_is(&self.next(), "EXISTS") {
                    Ok(Expr::Test {
                        selector,
                        test: Test::NotExists,
                    })
                } else {
                    err(format!("expected EXISTS after {selector} NOT"))
                }
            }
            t if word_is(&t, "EXISTS") => Ok(Expr::Test {
                selector,
                test: Test::Exists,
            }),
            Some(t) => err(format!("expected an operator after {selector}, found {t}")),
            None => err(format!("expected an operator after {selector}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn m(pattern: &str, event: &str, source: Option<&str>) -> Match {
        Pattern::parse(pattern)
            .unwrap_or_else(|e| panic!("{pattern:?}: {e}"))
            .matches(event, source)
    }

    #[test]
    fn json_patterns_name_events() {
        let s3 = Some("s3.amazonaws.com");
        for (pattern, event, source, want) in [
            ("{ $.eventName = DeleteBucket }", "DeleteBucket", s3, Match::Named),
            ("{$.eventName=\"DeleteBucket\"}", "DeleteBucket", s3, Match::Named),
            ("{ ($.eventName = DeleteBucket) || ($.eventName = PutBucketPolicy) }", "PutBucketPolicy", s3, Match::Named),
            ("{ ($.eventName = DeleteBucket) || ($.eventName = PutBucketPolicy) }", "DeleteTrail", None, Match::Never),
            ("{ ($.eventSource = s3.amazonaws.com) && (($.eventName = DeleteBucket) || ($.eventName = PutBucketAcl)) }", "DeleteBucket", s3, Match::Named),
            ("{ ($.eventSource = kms.amazonaws.com) && ($.eventName = DeleteBucket) }", "DeleteBucket", s3, Match::Never),
            ("{ ($.eventSource = kms.amazonaws.com) && ($.eventName = DeleteBucket) }", "DeleteBucket", None, Match::Named),
            ("{ $.eventSource != s3.amazonaws.com && $.eventName = DeleteBucket }", "DeleteBucket", s3, Match::Never),
            ("{ $.eventSource = \"s3.*\" && $.eventName = Delete* }", "DeleteBucket", s3, Match::Named),
            ("{ $.eventName = %^Delete.*Bucket$% }", "DeleteBucket", s3, Match::Named),
            ("{ $.eventName = %^Put% }", "DeleteBucket", s3, Match::Never),
            // Narrowed by another field: still picks the event out.
            ("{ ($.eventName = ConsoleLogin) && ($.errorMessage = \"Failed authentication\") }", "ConsoleLogin", None, Match::Named),
            ("{ ($.eventName = DeleteBucket) || ($.errorCode = AccessDenied) }", "DeleteBucket", s3, Match::Named),
            // Does not pick the event out.
            ("{ $.errorCode = AccessDenied }", "DeleteBucket", s3, Match::Unnamed),
            ("{ $.eventName = * }", "DeleteBucket", s3, Match::Unnamed),
            ("{ $.eventName = %.*% }", "DeleteBucket", s3, Match::Unnamed),
            ("{ $.eventName != DeleteBucket }", "DeleteBucket", s3, Match::Never),
            ("{ $.eventName != DeleteTrail }", "DeleteBucket", s3, Match::Unnamed),
            ("{ ($.eventName = DeleteBucket) && ($.eventName = DeleteTrail) }", "DeleteBucket", s3, Match::Never),
            ("{ $.eventName = DeleteBucketPolicy }", "DeleteBucket", s3, Match::Never),
            ("{ $.eventName IS NULL }", "DeleteBucket", s3, Match::Never),
            ("{ $.eventName > 3 }", "DeleteBucket", s3, Match::Never),
            ("{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }", "ConsoleLogin", None, Match::Unnamed),
            ("{ $.eventName EXISTS && $.eventName = DeleteBucket }", "DeleteBucket", s3, Match::Named),
            ("{ $.flag IS TRUE && $.other is false && $.eventName = DeleteBucket }", "DeleteBucket", s3, Match::Named),
        ] {
            assert_eq!(m(pattern, event, source), want, "{pattern} / {event}");
        }
    }

    #[test]
    fn and_binds_tighter_than_or() {
        let p = "{ $.eventName = DeleteTrail && $.x = 1 || $.eventName = DeleteBucket }";
        assert_eq!(m(p, "DeleteBucket", None), Match::Named);
        let p = "{ $.eventName = DeleteTrail && ($.x = 1 || $.eventName = DeleteBucket) }";
        assert_eq!(m(p, "DeleteBucket", None), Match::Never);
    }

    #[test]
    fn bare_terms_name_events_they_contain() {
        for (pattern, event, want) in [
            ("DeleteBucket", "DeleteBucket", Match::Named),
            (
                "\"eventName\\\":\\\"DeleteBucket\"",
                "DeleteBucket",
                Match::Named,
            ),
            (
                "\"\\\"eventName\\\":\\\"DeleteBucket\\\"\"",
                "DeleteBucket",
                Match::Named,
            ),
            ("DeleteBucketPolicy", "DeleteBucket", Match::Unnamed),
            ("Delete", "DeleteBucket", Match::Unnamed),
            ("?DeleteTrail ?DeleteBucket", "DeleteBucket", Match::Named),
            ("?DeleteTrail ?StopLogging", "DeleteBucket", Match::Unnamed),
            ("s3 DeleteBucket", "DeleteBucket", Match::Named),
            ("DeleteBucket -DeleteBucket", "DeleteBucket", Match::Never),
            ("ERROR -DEBUG", "DeleteBucket", Match::Unnamed),
            ("%Delete[A-Z]ucket%", "DeleteBucket", Match::Named),
            ("%.%", "DeleteBucket", Match::Unnamed),
            ("[ip, user, status=4*]", "DeleteBucket", Match::Unnamed),
        ] {
            assert_eq!(m(pattern, event, None), want, "{pattern} / {event}");
        }
    }

    #[test]
    fn empty_pattern_is_a_catch_all() {
        assert_eq!(Pattern::parse("").unwrap(), Pattern::All);
        assert_eq!(Pattern::parse("   ").unwrap(), Pattern::All);
        assert_eq!(m("", "DeleteBucket", None), Match::Unnamed);
    }

    #[test]
    fn malformed_patterns_say_why() {
        for (pattern, needle) in [
            ("{ $.eventName = DeleteBucket", "end with '}'"),
            ("{ ($.eventName = DeleteBucket }", "missing ')'"),
            ("{ $.eventName DeleteBucket }", "expected an operator"),
            ("{ $.eventName = }", "expected a value"),
            ("{ eventName = DeleteBucket }", "expected a selector"),
            ("{ $.a = 1 & $.b = 2 }", "stray"),
            ("{ $.a = \"x }", "unterminated quoted"),
            ("{ $.a = %x }", "unterminated %regex%"),
            ("{ $.a = %(% }", "regular expression"),
            ("{ $.a = 1 ) }", "unexpected"),
            ("{ $.a IS MAYBE }", "NULL, TRUE or FALSE"),
            ("[a, b", "end with ']'"),
            ("\"open", "unterminated"),
        ] {
            let e = Pattern::parse(pattern).unwrap_err();
            assert!(e.to_string().contains(needle), "{pattern}: {e}");
        }
        let deep = format!("{{ {}$.a = 1{} }}", "(".repeat(100), ")".repeat(100));
        assert!(Pattern::parse(&deep).unwrap_err().0.contains("deeply"));
    }

    proptest! {
        #[test]
        fn arbitrary_strings_never_panic(s in ".{0,80}") {
            for p in [s.clone(), format!("{{{s}}}"), format!("{{ $.eventName = {s} }}"), format!("%{s}%")] {
                if let Ok(pattern) = Pattern::parse(&p) {
                    let _ = pattern.matches("DeleteBucket", Some("s3.amazonaws.com"));
                    let _ = pattern.matches(&s, None);
                }
            }
        }

        #[test]
        fn pattern_like_strings_never_panic(s in r#"[{}()$.=!<>&|"%*?\- a-zA-Z0-9]{0,60}"#) {
            if let Ok(pattern) = Pattern::parse(&s) {
                let _ = pattern.matches("DeleteBucket", None);
            }
        }

        #[test]
        fn a_single_equality_names_exactly_its_event(name in "[A-Z][a-zA-Z]{2,20}", other in "[A-Z][a-zA-Z]{2,20}") {
            let p = Pattern::parse(&format!("{{ $.eventName = {name} }}")).unwrap();
            prop_assert_eq!(p.matches(&name, None), Match::Named);
            prop_assert_eq!(p.matches(&other, None) == Match::Named, other == name);
        }
    }
}
