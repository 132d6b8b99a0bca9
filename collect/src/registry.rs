//! Every AWS operation the collectors may call, and the IAM action that
//! authorizes it: the scanner's whole footprint on an account.
//!
//! Each collector declares its operations next to the code that calls them
//! with [`operations!`]: one `const` per operation, which its call site
//! names (`cx.call(GET_BUCKET_POLICY, client.get_bucket_policy()...send())`),
//! and the module's `OPERATIONS`, which its [`crate::Service`] carries.
//! The registry is those lists ([`all`]), and it is enforced: every SDK
//! client built by [`crate::session::Session`] carries an interceptor that
//! refuses, before anything is sent, a request whose operation is not
//! registered or is not the one its call declares ([`crate::Cx::call`]).
//! A declared operation that no code calls is an unused `const`, which the
//! lints (`-D warnings`) refuse.
//!
//! `docs/iam-policy.json`, the least-privilege policy for a scan, is
//! generated from the registry ([`iam_policy`]): run
//! `AWSCHECK_BLESS=1 cargo test -p awscheck-collect iam_policy` after
//! declaring an operation; a test fails while the committed file is stale.

/// One AWS API operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The service as the SDK names it in operation metadata (`S3`, `IAM`, `KMS`, ...).
    pub sdk_service: &'static str,
    /// The API operation, e.g. `GetBucketPolicy`.
    pub name: &'static str,
    /// The IAM action that authorizes it, e.g. `s3:GetBucketPolicy`.
    pub iam_action: &'static str,
}

/// Declares the operations a module calls, grouped by SDK service:
///
/// ```text
/// crate::registry::operations! {
///     sdk "S3", iam "s3" {
///         LIST_BUCKETS = ListBuckets as "s3:ListAllMyBuckets",
///         GET_BUCKET_POLICY = GetBucketPolicy,
///     }
/// }
/// ```
///
/// gives one private `const` per operation (its IAM action is
/// `iam:Operation` unless `as` names it) and `OPERATIONS`, every one of
/// them. The consts are used only where the calls are made, so one that no
/// code calls is an unused-item warning.
macro_rules! operations {
    ($( sdk $sdk:literal, iam $iam:literal {
        $( $konst:ident = $name:ident $(as $action:literal)? ),+ $(,)?
    } )+) => {
        $($(
            const $konst: $crate::registry::Operation =
                $crate::registry::operations!(@op $sdk, $iam, $name $(, $action)?);
        )+)+
        /// The operations this module calls ([`crate::registry`]).
        pub const OPERATIONS: &[$crate::registry::Operation] = &[$($(
            $crate::registry::operations!(@op $sdk, $iam, $name $(, $action)?),
        )+)+];
    };
    (@op $sdk:literal, $iam:literal, $name:ident) => {
        $crate::registry::Operation {
            sdk_service: $sdk,
            name: stringify!($name),
            iam_action: concat!($iam, ":", stringify!($name)),
        }
    };
    (@op $sdk:literal, $iam:literal, $name:ident, $action:literal) => {
        $crate::registry::Operation {
            sdk_service: $sdk,
            name: stringify!($name),
            iam_action: $action,
        }
    };
}
pub(crate) use operations;

/// Operations with side effects: opt-in only, in their own policy statement.
pub const WITH_SIDE_EFFECTS: &[&str] = &["DetectStackDrift", "DetectStackSetDrift"];

/// Operation name prefixes of read-only calls (`Search`: Service Catalog's
/// `SearchProductsAsAdmin`, which lists a portfolio's products).
pub const READ_PREFIXES: &[&str] = &["List", "Get", "Describe", "BatchGet", "Select", "Search"];

/// Every operation the collectors (and the session) declare.
pub fn all() -> impl Iterator<Item = &'static Operation> {
    crate::declared_operations()
}

/// The registered operation `name` of `sdk_service`.
pub fn find(sdk_service: &str, name: &str) -> Option<&'static Operation> {
    all().find(|o| o.name == name && o.sdk_service.eq_ignore_ascii_case(sdk_service))
}

/// True when `name` is a read-only operation by its name.
pub fn is_read_only(name: &str) -> bool {
    READ_PREFIXES.iter().any(|p| name.starts_with(p))
}

/// The least-privilege IAM policy of a scan: every registered action, and
/// the side-effect operations in their own opt-in statement.
pub fn iam_policy() -> serde_json::Value {
    let actions = |side_effects: bool| -> Vec<&'static str> {
        all()
            .filter(|o| WITH_SIDE_EFFECTS.contains(&o.name) == side_effects)
            .map(|o| o.iam_action)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    };
    serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "AwscheckReadOnlyScan", "Effect": "Allow", "Action": actions(false), "Resource": "*"},
            {"Sid": "AwscheckDetectDriftOptIn", "Effect": "Allow", "Action": actions(true), "Resource": "*"},
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    #[test]
    fn every_operation_is_declared_once_and_reads() {
        let mut seen = BTreeSet::new();
        for o in all() {
            assert!(
                seen.insert((o.sdk_service.to_ascii_lowercase(), o.name)),
                "{}:{} is declared twice",
                o.sdk_service,
                o.name
            );
            assert!(
                is_read_only(o.name) || WITH_SIDE_EFFECTS.contains(&o.name),
                "{} is neither a List/Get/Describe/BatchGet/Select/Search operation nor an opt-in drift detection",
                o.name
            );
            assert!(
                !o.iam_action.contains('*') && o.iam_action.contains(':'),
                "{}: no wildcard, a service prefix: {}",
                o.name,
                o.iam_action
            );
        }
        assert_eq!(
            WITH_SIDE_EFFECTS,
            ["DetectStackDrift", "DetectStackSetDrift"],
            "the drift detections are the only calls with side effects"
        );
    }

    /// `docs/iam-policy.json` is [`iam_policy`]; `AWSCHECK_BLESS=1`
    /// rewrites it.
    #[test]
    fn the_committed_iam_policy_is_generated_from_the_declarations() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/iam-policy.json");
        let generated = serde_json::to_string_pretty(&iam_policy()).unwrap() + "\n";
        if std::env::var_os("AWSCHECK_BLESS").is_some_and(|v| v == "1") {
            std::fs::write(&path, &generated).unwrap();
            return;
        }
        let committed = std::fs::read_to_string(&path).unwrap();
        assert!(
            committed == generated,
            "docs/iam-policy.json is stale: run `AWSCHECK_BLESS=1 cargo test -p awscheck-collect iam_policy` to regenerate it from the operations the collectors declare"
        );
    }
}
