//! The section reference of `docs/fixture-format.md` (its "## Sections"
//! part, between two marker comments), generated from the model's source by
//! `awscheck checks docs`: for every section of `with_sections!`, its
//! module's `//!` doc, the checks that read it, its `Data` declarations and
//! one table per serialized struct (see [`super::section_source`]). The
//! module sources are compiled in, so the binary needs no file at run time.

use super::section_source::{parse, Default, Field, Module, Struct, Type};
use awscheck_checks::{inventory, registry};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The marker comments around the generated text.
const BEGIN: &str = "<!-- BEGIN generated sections: `awscheck checks docs` writes what follows from model/src/inventory/; do not edit by hand -->";
const END: &str = "<!-- END generated sections -->";

/// The opening of the generated text: where it comes from and how to read
/// its tables.
const HEADER: &str = "\
One subsection per section, in the order of `with_sections!`
(`model/src/inventory/mod.rs`). **Generated**: a section is documented by
the doc comments of its module, `model/src/inventory/<section>.rs` (its
`//!` doc, its `Data` declarations, its structs and their fields), and this
text is regenerated from them, with the Rust types and serde attributes, by
`cargo run -- checks docs` (which also writes `docs/checks/`; add
`--no-default-features` to build it without the AWS SDK). A test fails when
it is stale.

\"Read by\" names the checks that report ERROR when the section is missing.
\"Data\" is what checks can read of the section (a check's `reads`), each
filled by the calls it names: the first is the listing, every other one is
a part that needs a call of its own (live collection makes only the calls
the selected checks read).

Types: string, integer, boolean, timestamp (RFC 3339), [tags](#common-resource-fields),
[policy](#policy-documents), [JSON document](#json-documents),
[secret](#secrets-and-redaction), [Collected](#collected-values-value-absent-error)\\<T>,
list of T, object of T (string keys), or a link to another table. Req.: *yes* (must be present),
*no* (optional: a list or object defaults to empty, `Option` fields to unset,
other defaults are given) or *C* (Collected: leaving it out is an ERROR).
`arn`, `region`, `account_id` and `tags` are described under
[Common resource fields](#common-resource-fields).
";

/// A section's module source, compiled in.
struct Source {
    name: &'static str,
    /// The section's struct, as `with_sections!` writes its type.
    root: &'static str,
    text: &'static str,
}

impl Source {
    /// The file, for error messages.
    fn file(&self) -> String {
        format!("model/src/inventory/{}.rs", self.name)
    }

    /// The section's struct name (`S3` of `…::inventory::s3::S3`).
    fn root_name(&self) -> &str {
        self.root.rsplit("::").next().unwrap_or(self.root).trim()
    }
}

/// The sources of every section, from a `with_sections!` callback.
macro_rules! section_sources {
    ($( $name:ident : $ty:ty ),* $(,)?) => {
        &[$(Source {
            name: stringify!($name),
            root: stringify!($ty),
            text: include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"), "/model/src/inventory/", stringify!($name), ".rs"
            )),
        }),*]
    };
}

const SOURCES: &[Source] = awscheck_model::with_sections!(section_sources);

/// The generated text: the header and every section's reference.
pub fn reference() -> Result<String, String> {
    let modules = SOURCES
        .iter()
        .map(|s| Ok((s, parse(&s.file(), s.name, s.text)?)))
        .collect::<Result<Vec<_>, String>>()?;
    let readers = readers();
    let mut out = String::from(HEADER);
    for (source, module) in &modules {
        let section = Section {
            source,
            module,
            modules: &modules,
        };
        out.push_str(&section.render(readers.get(source.name))?);
    }
    Ok(out)
}

/// `doc` (the text of `docs/fixture-format.md`) with its generated part current.
pub fn updated(doc: &str) -> Result<String, String> {
    let missing = |m: &str| format!("the marker comment `{m}` is missing");
    let start = doc.find(BEGIN).ok_or_else(|| missing(BEGIN))? + BEGIN.len();
    let end = start + doc[start..].find(END).ok_or_else(|| missing(END))?;
    Ok(format!(
        "{}\n\n{}\n{}",
        &doc[..start],
        reference()?,
        &doc[end..]
    ))
}

/// Brings the generated part of the file at `path` up to date; returns the
/// number of sections.
pub fn write(path: &Path) -> Result<usize, String> {
    let doc = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    std::fs::write(path, updated(&doc)?).map_err(|e| e.to_string())?;
    Ok(SOURCES.len())
}

/// The ids of the checks that read each section.
fn readers() -> BTreeMap<&'static str, BTreeSet<&'static str>> {
    let mut out: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for check in registry::all() {
        for data in check.reads {
            out.entry(data.section).or_default().insert(check.id);
        }
    }
    out
}

/// Rust scalar types: the reference's name, and the serde default.
const SCALARS: &[(&str, &str, &str)] = &[
    ("String", "string", "`\"\"`"),
    ("bool", "boolean", "`false`"),
    ("i64", "integer", "`0`"),
    ("i32", "integer", "`0`"),
    ("u64", "integer", "`0`"),
    ("u32", "integer", "`0`"),
    ("f64", "number", "`0`"),
];

/// The model's own value types, documented in the hand-written part.
const VALUES: &[(&str, &str)] = &[
    ("Tags", "[tags](#common-resource-fields)"),
    ("PolicyJson", "[policy](#policy-documents)"),
    ("JsonDocument", "[JSON document](#json-documents)"),
    ("Secret", "[secret](#secrets-and-redaction)"),
    ("SourceLocation", "[secret](#secrets-and-redaction)"),
    ("Buildspec", "[secret](#secrets-and-redaction)"),
    ("NamedSecret", "[named secret](#secrets-and-redaction)"),
    ("Template", "[template](#secrets-and-redaction)"),
];

/// How the reference names a scalar or one of the model's value types.
fn known_type(name: &str) -> Option<&'static str> {
    let scalar = SCALARS.iter().find(|s| s.0 == name).map(|s| s.1);
    scalar.or_else(|| VALUES.iter().find(|v| v.0 == name).map(|v| v.1))
}

/// One section being rendered, with every module for cross-section links.
struct Section<'a> {
    source: &'a Source,
    module: &'a Module,
    modules: &'a [(&'a Source, Module)],
}

impl Section<'_> {
    fn render(&self, readers: Option<&BTreeSet<&str>>) -> Result<String, String> {
        let name = self.source.name;
        let mut out = format!("\n### `{name}`\n\n{}\n", docs_text(&self.module.doc));
        let readers: Vec<String> = readers
            .into_iter()
            .flatten()
            .map(|id| format!("`{id}`"))
            .collect();
        if readers.is_empty() {
            out.push_str("Read by: none.\n");
        } else {
            out.push_str(&format!("Read by: {}.\n", readers.join(", ")));
        }
        out.push_str(&self.data_table()?);
        let locations = self.locations()?;
        for s in &self.module.structs {
            out.push_str(&self.struct_table(s, locations.get(s.name.as_str()))?);
        }
        Ok(out)
    }

    fn error(&self, line: usize, message: impl std::fmt::Display) -> String {
        format!("{}:{line}: {message}", self.source.file())
    }

    /// What checks can read: the section's `DATA`, each with the doc of the
    /// const that declares it.
    fn data_table(&self) -> Result<String, String> {
        let mut out = String::from("\n| Data | Calls: what they fill |\n|---|---|\n");
        let (listed, declared) = (inventory::data_of(self.source.name), &self.module.data);
        for data in listed {
            let decl = declared
                .iter()
                .find(|d| d.path == data.path)
                .ok_or_else(|| {
                    format!(
                        "{}: `{data}` is in `DATA` but no documented `Data` const declares it",
                        self.source.file()
                    )
                })?;
            out.push_str(&format!("| `{data}` | {} |\n", cell(&decl.doc)));
        }
        if let Some(stray) = declared
            .iter()
            .find(|d| !listed.iter().any(|x| x.path == d.path))
        {
            return Err(self.error(stray.line, "a `Data` const that `DATA` does not list"));
        }
        Ok(out)
    }

    /// One struct's heading, doc, where it stands in the section, and table.
    fn struct_table(&self, s: &Struct, at: Option<&Vec<String>>) -> Result<String, String> {
        let mut out = format!("\n#### `{}`: `{}`\n\n", self.source.name, s.name);
        if !s.doc.trim().is_empty() {
            out.push_str(&format!("{}\n", docs_text(&s.doc)));
        }
        if let Some(paths) = at {
            let paths: Vec<String> = paths.iter().map(|p| format!("`{p}`")).collect();
            out.push_str(&format!("At {}.\n\n", paths.join(", ")));
        }
        out.push_str("| Field | Type | Req. | Meaning |\n|---|---|---|---|\n");
        for field in &s.fields {
            let (required, default) = requirement(field).map_err(|e| self.error(field.line, e))?;
            let meaning = [cell(&field.doc), default]
                .into_iter()
                .filter(|m| !m.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            out.push_str(&format!(
                "| `{}` | {} | {required} | {meaning} |\n",
                field.name,
                self.type_name(&field.ty)
                    .map_err(|e| self.error(field.line, e))?
            ));
        }
        Ok(out)
    }

    /// How the reference writes `ty`: `list of [`Bucket`](#s3-bucket)`.
    fn type_name(&self, ty: &Type) -> Result<String, String> {
        let name = ty.name.as_str();
        Ok(match (name, ty.args.as_slice()) {
            (_, []) => match known_type(name) {
                Some(known) => known.to_string(),
                None => self.link(name)?,
            },
            ("DateTime", [utc]) if utc.name == "Utc" => "timestamp".into(),
            ("Option", [t]) => self.type_name(t)?,
            ("Vec", [t]) => format!("list of {}", self.type_name(t)?),
            ("BTreeMap" | "HashMap", [k, v]) if k.name == "String" => {
                format!("object of {}", self.type_name(v)?)
            }
            ("Collected", [t]) => format!(
                "[Collected](#collected-values-value-absent-error)\\<{}>",
                self.type_name(t)?
            ),
            _ => return Err(format!("unsupported type `{ty}`")),
        })
    }

    /// A link to the table of struct `name`: this module's, or another
    /// section's that the module imports (`use super::ec2::MetadataOptions;`).
    fn link(&self, name: &str) -> Result<String, String> {
        let section = match self.module.imports.iter().find(|(n, _)| n == name) {
            Some((_, section)) => section.as_str(),
            None => self.source.name,
        };
        let defined = self
            .modules
            .iter()
            .find(|(s, _)| s.name == section)
            .is_some_and(|(_, m)| m.structs.iter().any(|s| s.name == name));
        if defined {
            Ok(format!("[`{name}`](#{section}-{})", name.to_lowercase()))
        } else {
            Err(format!(
                "unsupported type `{name}`: not a serialized struct of `{section}`, nor a type the reference knows"
            ))
        }
    }

    /// Where each of the module's structs stands in the section's JSON,
    /// from the section's struct: `Bucket` → `s3.buckets[]`.
    fn locations(&self) -> Result<BTreeMap<&str, Vec<String>>, String> {
        let root = self.source.root_name();
        if !self.module.structs.iter().any(|s| s.name == root) {
            return Err(format!(
                "{}: no serialized struct `{root}` (the section's type)",
                self.source.file()
            ));
        }
        let mut out = BTreeMap::new();
        self.walk(
            root,
            self.source.name.to_string(),
            &mut Vec::new(),
            &mut out,
        );
        Ok(out)
    }

    fn walk<'s>(
        &'s self,
        name: &'s str,
        path: String,
        stack: &mut Vec<&'s str>,
        out: &mut BTreeMap<&'s str, Vec<String>>,
    ) {
        let Some(s) = self.module.structs.iter().find(|s| s.name == name) else {
            return;
        };
        if stack.contains(&name) {
            return;
        }
        out.entry(name).or_default().push(path.clone());
        stack.push(name);
        for field in &s.fields {
            let (suffix, inner) = element(&field.ty);
            let child = format!("{path}.{}{suffix}", field.name);
            self.walk(&inner.name, child, stack, out);
        }
        stack.pop();
    }
}

/// The type a field's value holds once lists, maps, options and Collected
/// are unwrapped, with the path suffix they add (`[]` a list, `.*` a map).
fn element(ty: &Type) -> (String, &Type) {
    let (suffix, inner) = match (ty.name.as_str(), ty.args.as_slice()) {
        ("Option" | "Collected", [t]) => ("", t),
        ("Vec", [t]) => ("[]", t),
        ("BTreeMap" | "HashMap", [_, v]) => (".*", v),
        _ => return (String::new(), ty),
    };
    let (rest, inner) = element(inner);
    (format!("{suffix}{rest}"), inner)
}

/// The Req. column of `field`, and the default its Meaning states.
fn requirement(field: &Field) -> Result<(&'static str, String), String> {
    let outer = field.ty.name.as_str();
    let scalar_default = SCALARS
        .iter()
        .find(|s| s.0 == outer)
        .map(|s| format!("Default {}.", s.2))
        .unwrap_or_default();
    match (&field.default, outer) {
        (Default::None, "Option") => Ok(("no", String::new())),
        (Default::None, _) => Ok(("yes", String::new())),
        (Default::Empty, "Collected") => Ok(("C", String::new())),
        (Default::Empty, _) => Ok(("no", scalar_default)),
        (Default::Function(f), "Collected") if f == "Collected::absent" => {
            Ok(("no", "Default `\"absent\"`.".into()))
        }
        (Default::Function(f), _) => Err(format!("unsupported default function `{f}`")),
    }
}

/// A doc comment as Markdown paragraphs, intra-doc links made plain.
fn docs_text(doc: &str) -> String {
    let text = plain_links(doc.trim());
    if text.is_empty() {
        text
    } else {
        format!("{text}\n")
    }
}

/// A doc comment as one table cell: lines joined, `|` escaped.
fn cell(doc: &str) -> String {
    let joined: Vec<&str> = doc.split_whitespace().collect();
    plain_links(&joined.join(" "))
        .replace("\\|", "|")
        .replace('|', "\\|")
}

/// Rustdoc's intra-doc links (``[`Collected`]``) as code spans: they name
/// Rust items, which the fixture reference does not link to.
fn plain_links(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find("[`") {
        let after = &rest[open + 1..];
        let close = after.find("`]").map(|c| c + 1);
        let Some(close) = close.filter(|c| !after[c + 1..].starts_with(['(', '['])) else {
            out.push_str(&rest[..open + 2]);
            rest = &rest[open + 2..];
            continue;
        };
        out.push_str(&rest[..open]);
        out.push_str(&after[..close]);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_renders() {
        let text = reference().unwrap_or_else(|e| panic!("{e}"));
        for name in inventory::SECTIONS {
            assert!(text.contains(&format!("\n### `{name}`\n")), "{name}");
        }
    }

    /// The `eks` section rendered from `text` instead of its module.
    fn render_eks(text: String) -> Result<String, String> {
        let source = Source {
            name: "eks",
            root: "crate::inventory::eks::Eks",
            text: Box::leak(text.into_boxed_str()),
        };
        let modules = [(&source, parse(&source.file(), source.name, source.text)?)];
        let section = Section {
            source: &source,
            module: &modules[0].1,
            modules: &modules,
        };
        section.render(None)
    }

    #[test]
    fn what_the_reference_cannot_show_is_an_error_naming_its_line() {
        let module = |data: &str, name: &str, field: &str| {
            format!(
                "{data}#[derive(Serialize, Deserialize)]\n#[serde(deny_unknown_fields)]\npub struct {name} {{\n{field}}}\n"
            )
        };
        // The real section's `Data` consts, which the rendered module must declare.
        let data = concat!(
            "/// `ListClusters`: clusters.\npub const CLUSTERS: Data = Data::listing(\"eks\");\n",
            "/// `DescribeCluster`: logging.\npub const LOGGING: Data = Data::part(\"eks\", \"clusters.logging\");\n",
            "/// `ListAddons`: add-ons.\npub const ADDONS: Data = Data::part(\"eks\", \"clusters.addons\");\n",
        );
        let file = "model/src/inventory/eks.rs";
        let cases = [
            (
                module(data, "Eks", "    pub x: Duration,\n"),
                format!("{file}:10: unsupported type `Duration`"),
            ),
            (
                module(data, "Eks", "    pub x: BTreeMap<u32, String>,\n"),
                format!("{file}:10: unsupported type `BTreeMap<u32, String>`"),
            ),
            (
                module(
                    data,
                    "Eks",
                    "    #[serde(default = \"nine\")]\n    pub n: i64,\n",
                ),
                format!("{file}:11: unsupported default function `nine`"),
            ),
            (
                module(data, "Other", ""),
                format!("{file}: no serialized struct `Eks`"),
            ),
            (
                module("", "Eks", ""),
                format!("{file}: `eks` is in `DATA` but no documented `Data` const declares it"),
            ),
        ];
        for (text, expected) in cases {
            let error = render_eks(text.clone()).unwrap_err();
            assert!(error.starts_with(&expected), "{text}\n→ {error}");
        }
        let good = module(
            data,
            "Eks",
            "    /// A [`Cluster`] | two.\n    #[serde(default)]\n    pub n: Vec<String>,\n",
        );
        let text = render_eks(good).unwrap();
        assert!(
            text.contains("| `n` | list of string | no | A `Cluster` \\| two. |\n"),
            "{text}"
        );
    }

    #[test]
    fn intra_doc_links_become_code_and_pipes_are_escaped() {
        assert_eq!(
            plain_links("a [`Collected`] b [`x`](#y) [`crate::data`]."),
            "a `Collected` b [`x`](#y) `crate::data`."
        );
        assert_eq!(cell("`a` | b\n  c \\| d"), "`a` \\| b c \\| d");
    }

    #[test]
    fn the_generated_part_is_spliced_between_the_markers() {
        let doc = format!("# T\n\n{BEGIN}\nstale generated text\n{END}\n\nafter\n");
        let new = updated(&doc).unwrap();
        assert!(new.starts_with(&format!("# T\n\n{BEGIN}\n\n{HEADER}")));
        assert!(new.ends_with(&format!("\n{END}\n\nafter\n")));
        assert!(!new.contains("stale generated text"));
        assert_eq!(updated(&new).unwrap(), new, "idempotent");
        assert!(updated("# T\n").unwrap_err().contains("marker comment"));
    }
}
