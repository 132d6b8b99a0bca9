//! A small, strict reader of an inventory section module
//! (`model/src/inventory/<section>.rs`), for the generated section reference
//! of `docs/fixture-format.md`.
//!
//! It reads rustfmt-formatted source line by line and knows exactly what a
//! section module holds: its `//!` doc, `use` lines, `Data` declarations with
//! their doc comments, and serialized structs (each field's doc comment,
//! `#[serde(…)]` attribute and type). Items that are not part of the format
//! (impl blocks, functions, other consts, types and enums that derive
//! neither `Serialize` nor `Deserialize`, macro calls, test modules) are
//! passed over whole. Anything else is an error naming the file and line: a
//! construct the reader does not know is taught to it, never skipped, or the
//! reference would silently lose a field.

use std::fmt;

/// What a section module declares, as the reference shows it.
#[derive(Debug, Default)]
pub struct Module {
    /// The `//!` doc comment.
    pub doc: String,
    /// The `Data` consts, in source order.
    pub data: Vec<DataDecl>,
    /// The serialized structs, in source order.
    pub structs: Vec<Struct>,
    /// Types imported from other sections (`use super::ec2::MetadataOptions;`):
    /// `(type name, section)`.
    pub imports: Vec<(String, String)>,
}

/// `pub const NAME: Data = Data::part("s3", "buckets.policy");` and its doc.
#[derive(Debug)]
pub struct DataDecl {
    /// The part's path inside the section; empty for the listing.
    pub path: String,
    pub doc: String,
    pub line: usize,
}

/// A struct that derives `Serialize` and `Deserialize`.
#[derive(Debug)]
pub struct Struct {
    pub name: String,
    pub doc: String,
    pub fields: Vec<Field>,
}

/// One field of a serialized struct.
#[derive(Debug)]
pub struct Field {
    /// The JSON name (`#[serde(rename)]` applied).
    pub name: String,
    pub ty: Type,
    pub doc: String,
    pub default: Default,
    pub line: usize,
}

/// The field's `#[serde(default…)]`.
#[derive(Debug, PartialEq)]
pub enum Default {
    /// No default: the field must be present (an `Option` may be left out).
    None,
    /// `#[serde(default)]`: the type's default.
    Empty,
    /// `#[serde(default = "path")]`.
    Function(String),
}

/// A Rust type as written: its last path segment and its generic arguments.
#[derive(Debug, PartialEq)]
pub struct Type {
    pub name: String,
    pub args: Vec<Type>,
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)?;
        if let Some((first, rest)) = self.args.split_first() {
            write!(f, "<{first}")?;
            for arg in rest {
                write!(f, ", {arg}")?;
            }
            f.write_str(">")?;
        }
        Ok(())
    }
}

/// Reads the module `source` of `section`; `file` names it in errors.
pub fn parse(file: &str, section: &str, source: &str) -> Result<Module, String> {
    let mut reader = Reader {
        section,
        module: Module::default(),
        docs: Vec::new(),
        attrs: Vec::new(),
    };
    let mut lines = source.lines().enumerate().map(|(i, l)| (i + 1, l));
    while let Some((n, line)) = lines.next() {
        let step = if let Some(doc) = line.strip_prefix("//!") {
            reader.module_doc(doc)
        } else if let Some(doc) = line.strip_prefix("///") {
            reader.docs.push(doc_text(doc).to_string());
            Ok(())
        } else if line.starts_with("//") || line.trim().is_empty() {
            Ok(())
        } else {
            take_item(n, line, &mut lines).and_then(|item| reader.item(&item))
        };
        step.map_err(|e| format!("{file}:{}", e.at(n)))?;
    }
    Ok(reader.module)
}

/// A parse error and the line it is about.
struct Error {
    line: Option<usize>,
    message: String,
}

impl Error {
    fn new(message: impl Into<String>) -> Error {
        Error {
            line: None,
            message: message.into(),
        }
    }

    fn on(line: usize, message: impl Into<String>) -> Error {
        Error {
            line: Some(line),
            message: message.into(),
        }
    }

    /// `LINE: message`, on `default` unless the error names its own line.
    fn at(&self, default: usize) -> String {
        format!("{}: {}", self.line.unwrap_or(default), self.message)
    }
}

/// The text of a `///` or `//!` line without its marker and first space.
fn doc_text(rest: &str) -> &str {
    rest.strip_prefix(' ').unwrap_or(rest)
}

/// The lines of one top-level item (or attribute), numbered.
struct Item<'a> {
    lines: Vec<(usize, &'a str)>,
}

impl Item<'_> {
    fn first(&self) -> &str {
        self.lines.first().map(|(_, l)| *l).unwrap_or_default()
    }

    /// The item's text on one line, white space folded.
    fn joined(&self) -> String {
        let words: Vec<&str> = self
            .lines
            .iter()
            .flat_map(|(_, l)| l.split_whitespace())
            .collect();
        words.join(" ")
    }
}

/// The item that starts with `first`: lines up to the one that closes its
/// brackets and ends in `;`, `}` or `]`.
fn take_item<'a>(
    n: usize,
    first: &'a str,
    rest: &mut impl Iterator<Item = (usize, &'a str)>,
) -> Result<Item<'a>, Error> {
    let mut item = Item { lines: Vec::new() };
    let mut depth = 0i64;
    let (mut n, mut line) = (n, first);
    loop {
        item.lines.push((n, line));
        let code = code_of(line);
        depth += bracket_balance(code);
        let code = code.trim_end();
        if depth == 0 && code.ends_with([';', '}', ']']) {
            return Ok(item);
        }
        if depth < 0 {
            return Err(Error::on(n, "unbalanced brackets"));
        }
        (n, line) = rest
            .next()
            .ok_or_else(|| Error::on(n, "the item is not closed before the end of the file"))?;
    }
}

/// `line` without a trailing `//` comment (outside string literals).
fn code_of(line: &str) -> &str {
    let mut in_string = false;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if in_string => {
                chars.next();
            }
            '"' => in_string = !in_string,
            '/' if !in_string && chars.peek().is_some_and(|(_, n)| *n == '/') => {
                return &line[..i];
            }
            _ => {}
        }
    }
    line
}

/// Opening minus closing brackets of `code`, outside string and char literals.
fn bracket_balance(code: &str) -> i64 {
    let mut balance = 0;
    let mut in_string = false;
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if in_string => {
                chars.next();
            }
            '"' => in_string = !in_string,
            _ if in_string => {}
            // A char literal ('{', '\''); a lifetime ('a) has no closing quote.
            '\'' => {
                let mut ahead = chars.clone();
                let quoted = match ahead.next() {
                    Some('\\') => ahead.nth(1) == Some('\''),
                    Some(_) => ahead.next() == Some('\''),
                    None => false,
                };
                if quoted {
                    chars = ahead;
                }
            }
            '(' | '[' | '{' => balance += 1,
            ')' | ']' | '}' => balance -= 1,
            _ => {}
        }
    }
    balance
}

/// The items of `text` separated by commas outside brackets and quotes.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut in_string, mut start) = (0, false, 0);
    for (i, c) in text.char_indices() {
        match c {
            '"' => in_string = !in_string,
            _ if in_string => {}
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(text[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(text[start..].trim());
    parts.retain(|p| !p.is_empty());
    parts
}

fn is_ident(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// `s` without a leading visibility (`pub`, `pub(crate)`, `pub(super)`).
fn without_visibility(s: &str) -> &str {
    ["pub(crate) ", "pub(super) ", "pub "]
        .iter()
        .find_map(|v| s.strip_prefix(v))
        .unwrap_or(s)
}

/// The contents of a string literal `"…"` (no escapes expected).
fn string_literal(s: &str) -> Option<&str> {
    s.trim()
        .strip_prefix('"')?
        .strip_suffix('"')
        .filter(|inner| !inner.contains(['"', '\\']))
}

/// Reads a type as written: `Collected<Vec<ApiResource>>`, `chrono::DateTime<Utc>`.
fn parse_type(text: &str) -> Option<Type> {
    let text = text.trim();
    let (path, args) = match text.find('<') {
        None => (text, Vec::new()),
        Some(open) => {
            let inner = text[open + 1..].strip_suffix('>')?;
            let args = split_top_level(inner).into_iter().map(parse_type);
            (&text[..open], args.collect::<Option<Vec<Type>>>()?)
        }
    };
    let name = path.rsplit("::").next()?.trim();
    is_ident(name).then(|| Type {
        name: name.to_string(),
        args,
    })
}

/// The parse of one module: what it has read so far, and the doc comments
/// and attributes waiting for the next item.
struct Reader<'a> {
    section: &'a str,
    module: Module,
    docs: Vec<String>,
    attrs: Vec<String>,
}

impl Reader<'_> {
    fn module_doc(&mut self, rest: &str) -> Result<(), Error> {
        if !self.module.data.is_empty() || !self.module.structs.is_empty() {
            return Err(Error::new("a `//!` doc after the module's items"));
        }
        self.module.doc.push_str(doc_text(rest));
        self.module.doc.push('\n');
        Ok(())
    }

    /// One top-level item or attribute: records what the reference shows,
    /// passes over what is not part of the format.
    fn item(&mut self, item: &Item) -> Result<(), Error> {
        let head = without_visibility(item.first());
        if head.starts_with("#[") {
            self.attrs.push(item.joined());
            return Ok(());
        }
        let docs = std::mem::take(&mut self.docs).join("\n");
        let attrs = std::mem::take(&mut self.attrs);
        let keyword = head.split([' ', '<', '!', '(']).next().unwrap_or_default();
        match keyword {
            "use" => {
                self.import(&item.joined());
                Ok(())
            }
            "const" if head.contains(": Data =") || head.ends_with(": Data") => {
                self.data(item, docs)
            }
            "struct" | "enum" | "type" => self.type_item(item, keyword, docs, &attrs),
            "const" | "static" | "impl" | "fn" | "mod" | "macro_rules" => Ok(()),
            // A macro call at the top level (`resource!(Bucket, tags);`).
            _ if is_ident(keyword) && head[keyword.len()..].starts_with("!(") => Ok(()),
            _ => Err(Error::new(format!("unexpected item `{}`", item.first()))),
        }
    }

    /// Records `use super::<section>::{A, B};` imports; other `use` lines
    /// bring nothing the reference shows.
    fn import(&mut self, text: &str) {
        let Some(rest) = text
            .strip_prefix("use super::")
            .and_then(|r| r.strip_suffix(';'))
        else {
            return;
        };
        let Some((section, names)) = rest.split_once("::") else {
            return;
        };
        let names = names.trim_start_matches('{').trim_end_matches('}');
        for name in split_top_level(names) {
            self.module
                .imports
                .push((name.to_string(), section.to_string()));
        }
    }

    /// `pub const NAME: Data = Data::listing("s3");` or `Data::part("s3", "path");`
    /// (`.and("other.path")` after a part: a second field its call fills,
    /// documented with the part).
    fn data(&mut self, item: &Item, doc: String) -> Result<(), Error> {
        let text = item.joined();
        let text = match text.split_once(").and(") {
            Some((part, _)) => format!("{part});"),
            None => text,
        };
        let call = text
            .split_once("= Data::")
            .map(|(_, call)| call)
            .and_then(|c| c.strip_suffix(");"))
            .and_then(|c| c.split_once('('))
            .ok_or_else(|| {
                Error::new("a `Data` const that is not `Data::listing(…)` or `Data::part(…)`")
            })?;
        let args: Vec<Option<&str>> = split_top_level(call.1)
            .into_iter()
            .map(string_literal)
            .collect();
        let path = match (call.0, args.as_slice()) {
            ("listing", [Some(s)]) if *s == self.section => "",
            ("part", [Some(s), Some(path)]) if *s == self.section => path,
            _ => {
                return Err(Error::new(format!(
                    "expected `Data::listing(\"{0}\")` or `Data::part(\"{0}\", \"path\")`",
                    self.section
                )))
            }
        };
        if doc.trim().is_empty() {
            return Err(Error::new(
                "a `Data` const without a doc comment (the call, and what it fills)",
            ));
        }
        self.module.data.push(DataDecl {
            path: path.to_string(),
            doc,
            line: item.lines[0].0,
        });
        Ok(())
    }

    /// A struct, enum or type alias: a serialized struct is read, anything
    /// else serialized is an error, the rest is passed over.
    fn type_item(
        &mut self,
        item: &Item,
        keyword: &str,
        doc: String,
        attrs: &[String],
    ) -> Result<(), Error> {
        let derives: Vec<&str> = attrs
            .iter()
            .filter_map(|a| a.strip_prefix("#[derive(")?.strip_suffix(")]"))
            .flat_map(split_top_level)
            .map(|d| d.rsplit("::").next().unwrap_or(d))
            .collect();
        let serialize = derives.contains(&"Serialize");
        let deserialize = derives.contains(&"Deserialize");
        match (keyword, serialize, deserialize) {
            (_, false, false) => Ok(()),
            ("struct", true, true) => {
                check_struct_attrs(attrs)?;
                let parsed = parse_struct(item, doc)?;
                self.module.structs.push(parsed);
                Ok(())
            }
            ("struct", _, _) => Err(Error::new(
                "a struct of the format derives both `Serialize` and `Deserialize`",
            )),
            _ => Err(Error::new(format!(
                "a serialized {keyword}: the reference reads only structs with named fields"
            ))),
        }
    }
}

/// A struct of the format has its derive and `#[serde(deny_unknown_fields)]`
/// (so a typo in a fixture is an error), and no other attribute.
fn check_struct_attrs(attrs: &[String]) -> Result<(), Error> {
    const DENY: &str = "#[serde(deny_unknown_fields)]";
    if let Some(other) = attrs
        .iter()
        .find(|a| !a.starts_with("#[derive(") && a.as_str() != DENY)
    {
        return Err(Error::new(format!(
            "unsupported struct attribute `{other}`"
        )));
    }
    if !attrs.iter().any(|a| a == DENY) {
        return Err(Error::new(format!("a struct of the format lacks `{DENY}`")));
    }
    Ok(())
}

/// `pub struct Name {`, one field a line, `}`.
fn parse_struct(item: &Item, doc: String) -> Result<Struct, Error> {
    let name = without_visibility(item.first())
        .strip_prefix("struct ")
        .and_then(|r| r.strip_suffix(" {"))
        .filter(|n| is_ident(n))
        .ok_or_else(|| {
            Error::new("expected `pub struct Name {` (no generics, tuple or unit structs)")
        })?;
    let body = &item.lines[1..item.lines.len() - 1];
    let mut fields = Vec::new();
    let mut field = FieldAttrs::default();
    for &(n, text) in body {
        let text = text.trim();
        if let Some(doc) = text.strip_prefix("///") {
            field.doc.push(doc_text(doc).to_string());
        } else if text.is_empty() || text.starts_with("//") {
            continue;
        } else if let Some(args) = text
            .strip_prefix("#[serde(")
            .and_then(|r| r.strip_suffix(")]"))
        {
            field.serde(args).map_err(|e| Error::on(n, e))?;
        } else if text.starts_with("#[") {
            return Err(Error::on(
                n,
                format!("unsupported field attribute `{text}`"),
            ));
        } else {
            let taken = std::mem::take(&mut field);
            fields.push(taken.field(n, text).map_err(|e| Error::on(n, e))?);
        }
    }
    Ok(Struct {
        name: name.to_string(),
        doc,
        fields,
    })
}

/// What precedes a field: its doc comment and serde attributes.
#[derive(Default)]
struct FieldAttrs {
    doc: Vec<String>,
    rename: Option<String>,
    default: Option<Default>,
}

impl FieldAttrs {
    /// The arguments of one `#[serde(…)]`.
    fn serde(&mut self, args: &str) -> Result<(), String> {
        for arg in split_top_level(args) {
            let (key, value) = match arg.split_once('=') {
                Some((k, v)) => (k.trim(), Some(v)),
                None => (arg, None),
            };
            let value =
                value.map(|v| string_literal(v).ok_or(format!("expected a string in `{arg}`")));
            match (key, value) {
                ("default", None) => self.default = Some(Default::Empty),
                ("default", Some(f)) => self.default = Some(Default::Function(f?.to_string())),
                ("rename", Some(name)) => self.rename = Some(name?.to_string()),
                // Serialization only: what a fixture may hold is unchanged.
                ("skip_serializing_if", Some(_)) => {}
                _ => return Err(format!("unsupported serde attribute `{arg}`")),
            }
        }
        Ok(())
    }

    /// The field declared by `text` (`pub name: Type,`).
    fn field(self, line: usize, text: &str) -> Result<Field, String> {
        let (name, ty) = without_visibility(text)
            .strip_suffix(',')
            .and_then(|t| t.split_once(": "))
            .filter(|(name, _)| is_ident(name))
            .ok_or(format!(
                "expected a field `pub name: Type,`, found `{text}`"
            ))?;
        let ty = parse_type(ty).ok_or(format!("unsupported type `{ty}`"))?;
        Ok(Field {
            name: self.rename.unwrap_or_else(|| name.to_string()),
            ty,
            doc: self.doc.join("\n"),
            default: self.default.unwrap_or(Default::None),
            line,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"//! S3: buckets.
//! Second line.

use super::ec2::MetadataOptions;
use super::{resource, Collected, Tags};
use crate::data::Data;

// What checks can read of the section.
/// `ListBuckets`: buckets.
pub const BUCKETS: Data = Data::listing("s3");
/// `GetBucketPolicy`: each bucket's
/// policy.
pub const POLICY: Data =
    Data::part("s3", "buckets.policy");
pub const DATA: &[Data] = &[
    BUCKETS,
    POLICY,
];

/// A bucket.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bucket {
    /// The name.
    pub name: String,
    /// `Enabled` or `Suspended`; absent = never enabled.
    #[serde(default)]
    pub versioning: Collected<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    #[serde(default = "Collected::absent", skip_serializing_if = "x")]
    pub detection: Collected<BTreeMap<String, Vec<MetadataOptions>>>,
}
resource!(Bucket);

impl Bucket {
    pub fn brace(&self) -> char {
        '{'
    }
}

/// Not serialized: passed over.
pub struct Index<'a> {
    owned: HashMap<&'a str, &'a Bucket>,
}

#[cfg(test)]
mod tests {
    #[test]
    fn t() {}
}
"#;

    #[test]
    fn reads_a_section_module() {
        let m = parse("x.rs", "s3", GOOD).unwrap();
        assert_eq!(m.doc, "S3: buckets.\nSecond line.\n");
        assert_eq!(m.imports, [("MetadataOptions".into(), "ec2".into())]);
        let data: Vec<(&str, &str)> = m
            .data
            .iter()
            .map(|d| (d.path.as_str(), d.doc.as_str()))
            .collect();
        assert_eq!(
            data,
            [
                ("", "`ListBuckets`: buckets."),
                (
                    "buckets.policy",
                    "`GetBucketPolicy`: each bucket's\npolicy."
                )
            ]
        );
        assert_eq!(m.structs.len(), 1);
        let s = &m.structs[0];
        assert_eq!((s.name.as_str(), s.doc.as_str()), ("Bucket", "A bucket."));
        let fields: Vec<(&str, String, &Default)> = s
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.ty.to_string(), &f.default))
            .collect();
        assert_eq!(
            fields,
            [
                ("name", "String".into(), &Default::None),
                ("versioning", "Collected<String>".into(), &Default::Empty),
                ("type", "Option<String>".into(), &Default::None),
                (
                    "detection",
                    "Collected<BTreeMap<String, Vec<MetadataOptions>>>".into(),
                    &Default::Function("Collected::absent".into())
                ),
            ]
        );
        assert_eq!(
            s.fields[1].doc,
            "`Enabled` or `Suspended`; absent = never enabled."
        );
    }

    #[test]
    fn an_unknown_construct_is_an_error_naming_its_file_and_line() {
        const DERIVE: &str = "#[derive(Serialize, Deserialize)]\n";
        const STRUCT: &str =
            "#[derive(Serialize, Deserialize)]\n#[serde(deny_unknown_fields)]\npub struct A {\n";
        let cases: &[(String, &str)] = &[
            (
                format!("{STRUCT}    #[serde(flatten)]\n    pub b: B,\n}}\n"),
                "x.rs:4: unsupported serde attribute `flatten`",
            ),
            (
                format!("{STRUCT}    #[allow(dead_code)]\n    pub b: B,\n}}\n"),
                "x.rs:4: unsupported field attribute",
            ),
            (
                format!("{STRUCT}    pub b:\n        String,\n}}\n"),
                "x.rs:4: expected a field",
            ),
            (
                format!("{STRUCT}    pub b: &'static str,\n}}\n"),
                "x.rs:4: unsupported type `&'static str`",
            ),
            (
                STRUCT.replace(" {\n", "(String);\n"),
                "x.rs:3: expected `pub struct Name {`",
            ),
            (
                STRUCT.replace(" {\n", "<T> {\n}\n"),
                "x.rs:3: expected `pub struct Name {`",
            ),
            (
                format!("{DERIVE}pub enum E {{\n    A,\n}}\n"),
                "x.rs:2: a serialized enum",
            ),
            (
                format!("{DERIVE}pub struct A {{\n}}\n"),
                "x.rs:2: a struct of the format lacks `#[serde(deny_unknown_fields)]`",
            ),
            (
                STRUCT.replace("Serialize, ", "") + "}\n",
                "x.rs:3: a struct of the format derives both",
            ),
            (
                STRUCT.replace(
                    "deny_unknown_fields",
                    "deny_unknown_fields, rename_all = \"camelCase\"",
                ) + "}\n",
                "x.rs:3: unsupported struct attribute",
            ),
            (
                "pub const A: Data = Data::listing(\"s3\");\n".into(),
                "x.rs:1: a `Data` const without a doc comment",
            ),
            (
                "/// x\npub const A: Data = Data::listing(\"ec2\");\n".into(),
                "x.rs:2: expected `Data::listing(\"s3\")`",
            ),
            (
                "/// x\npub const A: Data =\n    make();\n".into(),
                "x.rs:2: a `Data` const that is not `Data::listing(…)`",
            ),
            (
                "extern crate x;\n".into(),
                "x.rs:1: unexpected item `extern crate x;`",
            ),
            (
                "/// x\npub const A: Data = Data::listing(\"s3\");\n//! late\n".into(),
                "x.rs:3: a `//!` doc after the module's items",
            ),
            ("impl A {\n".into(), "x.rs:1: the item is not closed"),
        ];
        for (source, expected) in cases {
            let error = parse("x.rs", "s3", source).unwrap_err();
            assert!(error.starts_with(expected), "{source}\n→ {error}");
        }
    }

    #[test]
    fn brackets_in_strings_chars_and_comments_do_not_count() {
        assert_eq!(
            bracket_balance(code_of(r#"f("{", '}', '\'', x) { // ("#)),
            1
        );
        assert_eq!(bracket_balance("fn f<'a>(x: &'a str) {}"), 0);
        assert_eq!(code_of("let x = \"//\"; // c"), "let x = \"//\"; ");
    }
}
