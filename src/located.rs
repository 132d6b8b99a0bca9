//! One-line errors that point into a file the user wrote (awscheck.toml, a
//! pack, a baseline): `awscheck.toml:12:9: reason must not be empty`.

use serde::de::DeserializeOwned;
use std::ops::Range;

/// `name:line:column: message` for a byte offset into `text`, on one line.
pub fn at(name: &str, text: &str, offset: usize, message: &str) -> String {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    format!("{name}:{line}:{column}: {}", one_line(message))
}

/// Like [`at`], for the start of a span.
pub fn at_span(name: &str, text: &str, span: Range<usize>, message: &str) -> String {
    at(name, text, span.start, message)
}

pub use awscheck_checks::collected::one_line;

/// The value of an `id` key, which must be kebab-case (a-z, 0-9, -).
pub fn kebab_id<'a>(
    name: &str,
    text: &str,
    id: &'a toml::Spanned<String>,
) -> Result<&'a str, String> {
    let value = id.get_ref();
    if value.is_empty()
        || !value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(at_span(
            name,
            text,
            id.span(),
            &format!("id {value:?} must be kebab-case (a-z, 0-9, -)"),
        ));
    }
    Ok(value)
}

/// Parses TOML into `T`; a syntax or shape error names the file and the
/// line and column TOML gives.
pub fn parse_toml<T: DeserializeOwned>(name: &str, text: &str) -> Result<T, String> {
    toml::from_str(text).map_err(|e| {
        let message = e.message().replace('`', "\"");
        match e.span() {
            Some(span) => at_span(name, text, span, &message),
            None => format!("{name}: {}", one_line(&message)),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_at_line_and_column() {
        let text = "a = 1\nbb = \"x\"\n";
        assert_eq!(at("f.toml", text, 0, "m"), "f.toml:1:1: m");
        assert_eq!(
            at("f.toml", text, 11, "two\nlines"),
            "f.toml:2:6: two lines"
        );
        assert_eq!(at("f.toml", text, 999, "end"), "f.toml:3:1: end");
    }

    #[test]
    fn toml_errors_are_one_line_with_position() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct T {
            a: u32,
        }
        let e = parse_toml::<T>("f.toml", "a = 1\nb = 2\n").unwrap_err();
        assert!(e.starts_with("f.toml:2:1: unknown field \"b\""), "{e}");
        let e = parse_toml::<T>("f.toml", "a = \n").unwrap_err();
        assert!(e.starts_with("f.toml:1:"), "{e}");
        assert!(!e.contains('\n'));
    }
}
