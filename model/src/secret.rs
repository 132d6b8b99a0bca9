//! Redaction at the source: configuration values that may be secrets
//! (CodeBuild and Lambda environment variables, inline buildspecs, source URLs
//! with credentials) never exist in the inventory in plain text.
//!
//! Each type here deserializes from the plain value (a hand-written fixture, or
//! a collector handing over what AWS returned) and immediately keeps only what
//! the checks need: a short hash to tell values apart, and which credential
//! patterns the value matched. It serializes only that redacted form, so a
//! snapshot file or an output format cannot contain the value.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};
use std::fmt;
use std::sync::OnceLock;

/// A credential pattern recognised in a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SecretKind {
    /// `AKIA…`/`ASIA…` followed by 16 upper-case letters or digits.
    AwsAccessKeyId,
    /// A 40-character base64 string in a value that also holds an access key id.
    AwsSecretAccessKey,
    /// A PEM `-----BEGIN … PRIVATE KEY-----` block.
    PrivateKey,
    /// A GitHub token (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`).
    GithubToken,
    /// A GitLab personal access token (`glpat-`).
    GitlabToken,
}

impl SecretKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SecretKind::AwsAccessKeyId => "AWS access key id",
            SecretKind::AwsSecretAccessKey => "AWS secret access key",
            SecretKind::PrivateKey => "private key",
            SecretKind::GithubToken => "GitHub token",
            SecretKind::GitlabToken => "GitLab token",
        }
    }
}

struct Patterns {
    access_key: regex::Regex,
    secret_key: regex::Regex,
    private_key: regex::Regex,
    github: regex::Regex,
    gitlab: regex::Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        #[allow(
            clippy::expect_used,
            reason = "constant patterns, compiled by the unit tests"
        )]
        let re = |s: &str| regex::Regex::new(s).expect("static secret pattern compiles");
        Patterns {
            access_key: re(r"\b(AKIA|ASIA)[0-9A-Z]{16}\b"),
            secret_key: re(r"(^|[^A-Za-z0-9/+=])[A-Za-z0-9/+=]{40}([^A-Za-z0-9/+=]|$)"),
            private_key: re(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
            github: re(r"\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})"),
            gitlab: re(r"\bglpat-[A-Za-z0-9_\-]{20,}"),
        }
    })
}

/// The credential patterns `value` matches.
pub fn classify(value: &str) -> Vec<SecretKind> {
    let p = patterns();
    let mut kinds = Vec::new();
    let has_key_id = p.access_key.is_match(value);
    if has_key_id {
        kinds.push(SecretKind::AwsAccessKeyId);
        if p.secret_key.is_match(value) {
            kinds.push(SecretKind::AwsSecretAccessKey);
        }
    }
    if p.private_key.is_match(value) {
        kinds.push(SecretKind::PrivateKey);
    }
    if p.github.is_match(value) {
        kinds.push(SecretKind::GithubToken);
    }
    if p.gitlab.is_match(value) {
        kinds.push(SecretKind::GitlabToken);
    }
    kinds
}

/// First 8 hex digits of the SHA-256 of `value`: enough to tell two values
/// apart, not enough to recover one.
pub fn short_hash(value: &str) -> String {
    let digest = Sha256::digest(value.as_bytes());
    digest.iter().take(4).map(|b| format!("{b:02x}")).collect()
}

/// A value that may be a secret, held only in redacted form.
///
/// JSON: a plain string (redacted on load), or the redacted form
/// `{"sha256": "1a2b3c4d", "looks_like": ["aws-access-key-id"]}`.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Secret {
    /// Short hash of the value (see [`short_hash`]).
    pub sha256: String,
    /// Credential patterns the value matched.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub looks_like: Vec<SecretKind>,
    /// The value is an AWS ARN: a pointer to where a secret lives (e.g. a
    /// Secrets Manager secret), not a secret itself.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub is_arn: bool,
}

impl Secret {
    /// Redacts `value`: the only way a plain value becomes a `Secret`.
    pub fn redact(value: &str) -> Secret {
        let is_arn = !value.contains(char::is_whitespace)
            && crate::arn::Arn::parse(value)
                .is_some_and(|a| !a.service.is_empty() && !a.resource.is_empty());
        Secret {
            sha256: short_hash(value),
            looks_like: classify(value),
            is_arn,
        }
    }
}

impl Secret {
    /// True when the redacted value is `value` (its short hash matches): for
    /// telling a known, non-secret word apart (`Retain`), never for guessing.
    pub fn is(&self, value: &str) -> bool {
        self.sha256 == short_hash(value)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret(sha256:{})", self.sha256)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RedactedSecret {
    sha256: String,
    #[serde(default)]
    looks_like: Vec<SecretKind>,
    #[serde(default)]
    is_arn: bool,
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match StringOr::<RedactedSecret>::deserialize(d)? {
            StringOr::Plain(v) => Ok(Secret::redact(&v)),
            StringOr::Structured(r) => {
                if r.sha256.len() != 8 || !r.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return Err(D::Error::custom("sha256 must be 8 hex digits"));
                }
                Ok(Secret {
                    sha256: r.sha256,
                    looks_like: r.looks_like,
                    is_arn: r.is_arn,
                })
            }
        }
    }
}

/// Either a plain string or the structured (already redacted) form.
#[derive(Deserialize)]
#[serde(untagged, expecting = "a string, or its redacted object form")]
pub(crate) enum StringOr<T> {
    Plain(String),
    Structured(T),
}

/// A source location (repository URL) with any embedded credentials removed.
///
/// JSON: a plain string (`https://user:pass@host/repo` is redacted on load to
/// `https://***@host/repo`), or `{"url": "...", "embedded_credentials": true}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceLocation {
    pub url: String,
    /// True when the original URL carried `user:password@` or `token@`.
    pub embedded_credentials: bool,
}

impl SourceLocation {
    pub fn redact(location: &str) -> SourceLocation {
        if let Some((scheme, rest)) = location.split_once("://") {
            let authority_end = rest.find('/').unwrap_or(rest.len());
            if let Some(at) = rest[..authority_end].rfind('@') {
                return SourceLocation {
                    url: format!("{scheme}://***@{}", &rest[at + 1..]),
                    embedded_credentials: true,
                };
            }
        }
        SourceLocation {
            url: location.to_string(),
            embedded_credentials: false,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RedactedLocation {
    url: String,
    embedded_credentials: bool,
}

impl<'de> Deserialize<'de> for SourceLocation {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match StringOr::<RedactedLocation>::deserialize(d)? {
            StringOr::Plain(v) => Ok(SourceLocation::redact(&v)),
            StringOr::Structured(r) => {
                if r.url.split("://").nth(1).is_some_and(|rest| {
                    rest.split('/')
                        .next()
                        .is_some_and(|auth| auth.contains('@') && !auth.starts_with("***@"))
                }) {
                    return Err(D::Error::custom(
                        "url must not carry credentials; give the plain string to redact it",
                    ));
                }
                Ok(SourceLocation {
                    url: r.url,
                    embedded_credentials: r.embedded_credentials,
                })
            }
        }
    }
}

/// A name with a possibly secret value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedSecret {
    pub name: String,
    pub value: Secret,
}

/// A CodeBuild buildspec: a path in the source, or an inline YAML document.
/// An inline document is reduced on load to its `env` declarations, values
/// redacted; the rest of the text is not kept.
///
/// JSON: a plain string (a path, or inline YAML when it has a line break or
/// starts with `version`), or `{"path": "..."}`, or `{"inline": {...}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Buildspec {
    Path(String),
    Inline(InlineBuildspec),
}

/// The `env` part of an inline buildspec, and whether it builds Docker
/// images.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InlineBuildspec {
    /// `env.variables`: plain values, redacted.
    #[serde(default)]
    pub variables: Vec<NamedSecret>,
    /// Names declared under `env.parameter-store`.
    #[serde(default)]
    pub parameter_store: Vec<String>,
    /// Names declared under `env.secrets-manager`.
    #[serde(default)]
    pub secrets_manager: Vec<String>,
    /// Set when the YAML did not parse (the variables are then unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parse_error: Option<String>,
    /// The text runs `docker build`, `docker push` or `docker buildx`
    /// (anywhere in it, parsed or not).
    #[serde(default)]
    pub builds_docker: bool,
}

impl Buildspec {
    /// Classifies and, if inline, reduces a buildspec as CodeBuild returns it.
    pub fn from_text(text: &str) -> Buildspec {
        let t = text.trim_start();
        if !(text.contains('\n') || t.starts_with("version")) {
            return Buildspec::Path(text.to_string());
        }
        Buildspec::Inline(parse_inline(text))
    }
}

/// `docker build`, `docker push` or `docker buildx` as words of `text`.
fn builds_docker(text: &str) -> bool {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ';' | '&' | '|' | '(' | '`' | '"' | '\''))
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(2)
        .any(|w| w[0] == "docker" && matches!(w[1], "build" | "push" | "buildx"))
}

fn parse_inline(text: &str) -> InlineBuildspec {
    use yaml_rust2::{Yaml, YamlLoader};
    let docker = builds_docker(text);
    let docs = match YamlLoader::load_from_str(text) {
        Ok(d) => d,
        Err(e) => {
            return InlineBuildspec {
                parse_error: Some(e.to_string()),
                builds_docker: docker,
                ..Default::default()
            }
        }
    };
    let mut out = InlineBuildspec {
        builds_docker: docker,
        ..Default::default()
    };
    let Some(env) = docs.first().map(|d| &d["env"]) else {
        return out;
    };
    let scalar = |y: &Yaml| match y {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    };
    let entries = |key: &str| match &env[key] {
        Yaml::Hash(h) => h
            .iter()
            .filter_map(|(k, v)| Some((scalar(k)?, scalar(v).unwrap_or_default())))
            .collect(),
        _ => Vec::new(),
    };
    out.variables = entries("variables")
        .into_iter()
        .map(|(name, v)| NamedSecret {
            name,
            value: Secret::redact(&v),
        })
        .collect();
    out.parameter_store = entries("parameter-store")
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    out.secrets_manager = entries("secrets-manager")
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    out
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
enum BuildspecRepr {
    Path(String),
    Inline(InlineBuildspec),
}

impl Serialize for Buildspec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Buildspec::Path(p) => BuildspecRepr::Path(p.clone()).serialize(s),
            Buildspec::Inline(i) => BuildspecRepr::Inline(i.clone()).serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Buildspec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match StringOr::<BuildspecRepr>::deserialize(d)? {
            StringOr::Plain(text) => Buildspec::from_text(&text),
            StringOr::Structured(BuildspecRepr::Path(p)) => Buildspec::Path(p),
            StringOr::Structured(BuildspecRepr::Inline(i)) => Buildspec::Inline(i),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
    const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    #[test]
    fn classify_recognises_credentials() {
        assert_eq!(classify(KEY_ID), vec![SecretKind::AwsAccessKeyId]);
        assert_eq!(
            classify(&format!("{KEY_ID}:{SECRET_KEY}")),
            vec![SecretKind::AwsAccessKeyId, SecretKind::AwsSecretAccessKey]
        );
        assert_eq!(
            classify(SECRET_KEY),
            vec![],
            "a bare 40-char string is not enough"
        );
        assert_eq!(
            classify("-----BEGIN RSA PRIVATE KEY-----\nMII"),
            vec![SecretKind::PrivateKey]
        );
        assert_eq!(
            classify("ghp_0123456789abcdefghijABCDEFGHIJ012345"),
            vec![SecretKind::GithubToken]
        );
        assert_eq!(
            classify("glpat-abcdefghij0123456789"),
            vec![SecretKind::GitlabToken]
        );
        assert_eq!(classify("production"), vec![]);
    }

    #[test]
    fn arns_are_recognised_as_references() {
        assert!(
            Secret::redact("arn:aws:secretsmanager:us-east-1:111122223333:secret:app/db-aB3dEf")
                .is_arn
        );
        assert!(Secret::redact("arn:aws:ssm:eu-west-1:111122223333:parameter/app/key").is_arn);
        assert!(!Secret::redact("arn:aws:s3 but a sentence").is_arn);
        assert!(!Secret::redact("hunter2").is_arn);
        assert!(!Secret::redact("arn:").is_arn);
    }

    #[test]
    fn a_plain_secret_never_survives_a_round_trip() {
        let s: Secret = serde_json::from_str(&format!("\"{SECRET_KEY}\"")).unwrap();
        let json = serde_json::to_string(&s).unwrap();
        assert!(!json.contains(SECRET_KEY));
        assert!(!format!("{s:?}").contains(SECRET_KEY));
        let back: Secret = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn redacted_form_is_validated() {
        assert!(serde_json::from_str::<Secret>(r#"{"sha256": "not-hex!"}"#).is_err());
        assert!(serde_json::from_str::<Secret>(r#"{"sha256": "0a1b2c3d", "extra": 1}"#).is_err());
    }

    #[test]
    fn source_location_credentials_are_stripped() {
        let l = SourceLocation::redact("https://bob:hunter2@github.com/org/repo.git");
        assert_eq!(l.url, "https://***@github.com/org/repo.git");
        assert!(l.embedded_credentials);
        let t = SourceLocation::redact("https://ghp_tok@github.com/org/repo");
        assert!(t.embedded_credentials && !t.url.contains("ghp_tok"));
        let clean = SourceLocation::redact("https://github.com/org/repo@v1");
        assert!(
            !clean.embedded_credentials,
            "an @ after the host is not userinfo"
        );
        assert!(serde_json::from_str::<SourceLocation>(
            r#"{"url": "https://a:b@h/r", "embedded_credentials": false}"#
        )
        .is_err());
    }

    #[test]
    fn inline_buildspec_keeps_only_redacted_env() {
        let yaml = format!(
            "version: 0.2\nenv:\n  variables:\n    DB_PASSWORD: {SECRET_KEY}\n    STAGE: prod\n  parameter-store:\n    API_KEY: /app/key\n  secrets-manager:\n    TOKEN: app:token\nphases:\n  build:\n    commands: [make]\n"
        );
        let b = Buildspec::from_text(&yaml);
        let Buildspec::Inline(i) = &b else {
            panic!("inline expected")
        };
        assert_eq!(
            i.variables
                .iter()
                .map(|v| v.name.as_str())
                .collect::<Vec<_>>(),
            ["DB_PASSWORD", "STAGE"]
        );
        assert_eq!(i.parameter_store, ["API_KEY"]);
        assert_eq!(i.secrets_manager, ["TOKEN"]);
        assert!(!serde_json::to_string(&b).unwrap().contains(SECRET_KEY));
        assert_eq!(
            Buildspec::from_text("ci/buildspec.yml"),
            Buildspec::Path("ci/buildspec.yml".into())
        );
        assert!(!i.builds_docker);
        let docker = Buildspec::from_text(
            "version: 0.2\nphases:\n  build:\n    commands:\n      - docker build -t app .\n",
        );
        assert!(matches!(
            docker,
            Buildspec::Inline(InlineBuildspec {
                builds_docker: true,
                ..
            })
        ));
        let mentions = Buildspec::from_text("version: 0.2\nphases:\n  build:\n    commands: [\"docker-compose build\", \"echo docker\"]\n");
        assert!(matches!(
            mentions,
            Buildspec::Inline(InlineBuildspec {
                builds_docker: false,
                ..
            })
        ));
        let broken = Buildspec::from_text("version: 0.2\nenv: [unclosed\n");
        assert!(matches!(
            broken,
            Buildspec::Inline(InlineBuildspec {
                parse_error: Some(_),
                ..
            })
        ));
    }
}
