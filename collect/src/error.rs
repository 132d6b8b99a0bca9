//! The error model: one function turns any SDK error into the inventory's
//! [`CollectError`] `{operation, code, message}`.
//!
//! - A service error keeps its AWS error code (`AccessDenied`,
//!   `ThrottlingException`, `SlowDown`, ...), so a throttled call that
//!   survived the retries still reads "throttled" in the findings.
//! - A service error without a code (an empty or HTML error body) becomes
//!   `Http<status>`, e.g. `Http503`; a 2xx response whose body does not
//!   parse as the operation's output becomes `InvalidResponse`.
//! - Failures before a response: `CredentialsError`, `Timeout`, `ConnectionError`,
//!   `DispatchFailure`, `ConstructionFailure`, `ResponseError`, and
//!   `NotInRegistry` / `NotDeclared` for a request the registry
//!   interceptor refused.

use crate::interceptor::{Refusal, Refused};
use aws_credential_types::provider::error::CredentialsError;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response as HttpResponse;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use awscheck_model::collected::CollectError;
use std::error::Error;

/// Code for a success response whose body could not be read.
pub const INVALID_RESPONSE: &str = "InvalidResponse";

/// Code for an operation the registry interceptor refused: not registered.
pub const NOT_IN_REGISTRY: &str = "NotInRegistry";

/// Code for a request the registry interceptor refused: its call does not
/// declare its operation.
pub const NOT_DECLARED: &str = "NotDeclared";

/// Maps a failed SDK call of `operation` to a [`CollectError`].
pub fn collect_error<E>(operation: &str, err: &SdkError<E, HttpResponse>) -> CollectError
where
    E: ProvideErrorMetadata + Error + Send + Sync + 'static,
{
    let (code, message) = match err {
        SdkError::ServiceError(ctx) => {
            let e = ctx.err();
            let status = ctx.raw().status().as_u16();
            match e.code() {
                Some(c) if !c.is_empty() => {
                    (c.to_string(), e.message().unwrap_or_default().to_string())
                }
                // A success status whose body did not parse as the operation's output.
                _ if status < 300 => (INVALID_RESPONSE.into(), chain(err)),
                _ => (
                    http_code(status),
                    e.message().unwrap_or_default().to_string(),
                ),
            }
        }
        SdkError::TimeoutError(_) => ("Timeout".into(), "the call timed out".into()),
        SdkError::DispatchFailure(d) => {
            let code = if find_source::<CredentialsError>(err).is_some() {
                "CredentialsError"
            } else if d.is_timeout() {
                "Timeout"
            } else if d.is_io() {
                "ConnectionError"
            } else {
                "DispatchFailure"
            };
            (code.into(), chain(err))
        }
        SdkError::ResponseError(r) => {
            let status = r.raw().status().as_u16();
            let code = if status >= 400 {
                http_code(status)
            } else {
                "ResponseError".into()
            };
            (code, chain(err))
        }
        _ => match find_source::<Refused>(err) {
            Some(r) => (refusal_code(r).into(), r.to_string()),
            None if matches!(err, SdkError::ConstructionFailure(_)) => {
                ("ConstructionFailure".into(), chain(err))
            }
            None => ("Unknown".into(), chain(err)),
        },
    };
    CollectError::new(operation, code, one_line(&message))
}

/// The codes AWS services answer when the caller lacks a permission
/// (IAM, an SCP, a permissions boundary or a resource policy said no).
const DENIED: &[&str] = &[
    "AccessDenied",
    "AccessDeniedException",
    "AuthorizationError",
    "AuthorizationErrorException",
    "UnauthorizedOperation",
];

/// True when `code` says the caller lacks a permission.
pub fn is_denied(code: &str) -> bool {
    DENIED.contains(&code)
}

/// True when `err` is a service error with one of `codes`.
pub fn has_code<E: ProvideErrorMetadata>(err: &SdkError<E, HttpResponse>, codes: &[&str]) -> bool {
    match err {
        SdkError::ServiceError(ctx) => ctx.err().code().is_some_and(|c| codes.contains(&c)),
        _ => false,
    }
}

fn refusal_code(r: &Refused) -> &'static str {
    match r.why {
        Refusal::NotInRegistry => NOT_IN_REGISTRY,
        Refusal::NotDeclared | Refusal::DeclaredOther(_) => NOT_DECLARED,
    }
}

fn http_code(status: u16) -> String {
    format!("Http{status}")
}

/// The error and its sources, `: `-separated, without repeats.
pub(crate) fn chain(err: &(dyn Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cur: Option<&(dyn Error + 'static)> = Some(err);
    while let Some(e) = cur {
        let text = e.to_string();
        if !parts.last().is_some_and(|p| p.contains(&text)) {
            parts.push(text);
        }
        cur = e.source();
    }
    parts.join(": ")
}

pub(crate) fn find_source<'a, T: Error + 'static>(err: &'a (dyn Error + 'static)) -> Option<&'a T> {
    let mut cur: Option<&(dyn Error + 'static)> = Some(err);
    while let Some(e) = cur {
        if let Some(t) = e.downcast_ref::<T>() {
            return Some(t);
        }
        cur = e.source();
    }
    None
}

fn one_line(s: &str) -> String {
    let s = awscheck_model::collected::one_line(s);
    if s.chars().count() > 300 {
        let cut: String = s.chars().take(300).collect();
        format!("{cut}…")
    } else {
        s
    }
}
