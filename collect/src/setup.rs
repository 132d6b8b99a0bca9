//! What went wrong before a scan could start, said in the user's terms.
//!
//! The first live scan is where a newcomer meets their credentials,
//! profiles, roles, endpoints and regions; the SDK reports each mistake in
//! its own vocabulary (`dispatch failure: other: an error occurred while
//! loading credentials: failed to load IMDS session token…`). Here each
//! one becomes a single line naming what is wrong and the one thing to do
//! next, with the SDK's detail after it only where it adds something:
//!
//! | what happened | said |
//! |---|---|
//! | `--profile` / `AWS_PROFILE` names no profile | the profiles that exist, nearest first |
//! | no credentials anywhere | `aws configure` / `aws configure sso` / `--profile` |
//! | an SSO profile never logged in, or expired | `aws sso login --profile NAME` |
//! | expired keys or session token (`ExpiredToken`) | where they came from, get new ones |
//! | a role that cannot be assumed | the role and the trust condition that failed |
//! | `GetCallerIdentity` denied | what can deny it (no IAM policy can) |
//! | an opt-in region not enabled | enable it, or another `--region` |
//! | an endpoint that refuses connections | start the emulator or check the URL |
//! | an endpoint that answers, but not as AWS | check the URL and port |
//!
//! The profile is checked before anything else (a typo'd profile otherwise
//! surfaces as "no region"); everything else is diagnosed from the failed
//! `sts:GetCallerIdentity` that starts every scan.

use crate::error::{chain, collect_error, find_source, INVALID_RESPONSE};
use crate::Options;
use aws_config::profile::ProfileSet;
use aws_credential_types::provider::error::CredentialsError;
use aws_runtime::env_config::file::EnvConfigFiles;
use aws_sdk_sts::operation::assume_role::AssumeRoleError;
use aws_sdk_sts::operation::get_caller_identity::GetCallerIdentityError;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response as HttpResponse;
use aws_types::os_shim_internal::{Env, Fs};
use awscheck_model::suggest::nearest_first;
use std::borrow::Cow;
use std::error::Error;

/// Regions AWS creates disabled: an account must opt in before any call
/// there succeeds (AWS General Reference, "Enable or disable AWS Regions
/// in your account").
const OPT_IN_REGIONS: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-south-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-west-1",
    "eu-central-2",
    "eu-south-1",
    "eu-south-2",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
];

/// True for a region AWS creates disabled.
pub(crate) fn is_opt_in(region: &str) -> bool {
    OPT_IN_REGIONS.contains(&region)
}

/// Error codes STS answers for credentials it does not recognise.
const UNRECOGNISED: &[&str] = &["InvalidClientTokenId", "UnrecognizedClientException"];

/// What the user asked for and what their AWS configuration holds: enough
/// to say which of their settings a failure comes from.
pub(crate) struct Setup {
    /// The profile in use and how it was chosen (`--profile` or `AWS_PROFILE`).
    profile: Option<(String, &'static str)>,
    /// The selected profile's settings, when it exists.
    profile_kind: ProfileKind,
    /// Access keys are set in the environment.
    env_keys: bool,
    /// The endpoint every request goes to, and which setting gave it.
    endpoint: Option<(String, &'static str)>,
    role_arn: Option<String>,
    external_id: bool,
}

/// How the selected profile gets credentials.
#[derive(Debug, Clone, Copy, PartialEq)]
enum ProfileKind {
    /// No profile file section of that name (the implicit `default`).
    Absent,
    Sso,
    Process,
    Role,
    Keys,
    /// A profile without any credential setting (only a region, say).
    Empty,
}

impl Setup {
    /// Reads the shared config and credentials files. A profile named by
    /// `--profile` or `AWS_PROFILE` that is in neither is an error listing
    /// the profiles that are, nearest first.
    pub(crate) async fn read(opts: &Options) -> Result<Setup, String> {
        Self::read_from(opts, &Env::real(), &Fs::real()).await
    }

    async fn read_from(opts: &Options, env: &Env, fs: &Fs) -> Result<Setup, String> {
        let var = |name: &str| env.get(name).ok().filter(|v| !v.is_empty());
        let profile = match (&opts.profile, var("AWS_PROFILE")) {
            (Some(p), _) => Some((p.clone(), "--profile")),
            (None, Some(p)) => Some((p, "AWS_PROFILE")),
            (None, None) => None,
        };
        let files = EnvConfigFiles::default();
        let set = aws_config::profile::load(
            fs,
            env,
            &files,
            profile.as_ref().map(|(p, _)| Cow::Owned(p.clone())),
        )
        .await
        .map_err(|e| format!("cannot read the AWS config files: {}", chain(&e)))?;
        let profile_kind = kind_of(&set, profile.as_ref().map_or("default", |(p, _)| p));
        if let (Some((name, from)), ProfileKind::Absent) = (&profile, profile_kind) {
            return Err(profile_not_found(name, from, &set));
        }
        let endpoint = match (&opts.endpoint_url, var("AWS_ENDPOINT_URL")) {
            (Some(u), _) => Some((u.clone(), "--endpoint-url")),
            (None, Some(u)) => Some((u, "AWS_ENDPOINT_URL")),
            (None, None) => None,
        };
        Ok(Setup {
            profile,
            profile_kind,
            env_keys: var("AWS_ACCESS_KEY_ID").is_some(),
            endpoint,
            role_arn: opts.role_arn.clone(),
            external_id: opts.external_id.is_some(),
        })
    }

    /// Why `GetCallerIdentity` in `region` failed, in the user's terms.
    pub(crate) fn explain_identity(
        &self,
        region: &str,
        err: &SdkError<GetCallerIdentityError, HttpResponse>,
    ) -> String {
        if let (Some(role), Some(assume)) = (
            &self.role_arn,
            find_source::<SdkError<AssumeRoleError, HttpResponse>>(err),
        ) {
            if let SdkError::ServiceError(_) = assume {
                return self.role_refused(role, &collect_error("AssumeRole", assume));
            }
            return self.explain(
                "AssumeRole",
                region,
                &collect_error("AssumeRole", assume),
                assume,
            );
        }
        self.explain(
            "GetCallerIdentity",
            region,
            &collect_error("GetCallerIdentity", err),
            err,
        )
    }

    fn explain(
        &self,
        operation: &str,
        region: &str,
        failed: &awscheck_model::collected::CollectError,
        err: &(dyn Error + 'static),
    ) -> String {
        let code = failed.code.as_str();
        let detail = &failed.message;
        match code {
            "CredentialsError" => self.no_credentials(err),
            "ConnectionError" | "Timeout" | "DispatchFailure" => self.unreachable(region, detail),
            "ExpiredToken" | "ExpiredTokenException" => format!(
                "the AWS credentials from {} have expired ({code}): {}",
                self.source(),
                self.renew()
            ),
            "RequestExpired" => format!(
                "AWS rejected the request as expired ({code}): this machine's clock is off; set it right (timedatectl set-ntp true) and retry"
            ),
            c if UNRECOGNISED.contains(&c) && is_opt_in(region) => format!(
                "region {region} is not enabled for this account (an opt-in region): enable it in the console (Account, AWS Regions) or pass another --region ({code}: {detail})"
            ),
            c if UNRECOGNISED.contains(&c) => format!(
                "AWS does not recognise the access key from {} ({code}): it was deleted, deactivated or mistyped; {}",
                self.source(),
                self.renew()
            ),
            "SignatureDoesNotMatch" => format!(
                "the secret access key from {} does not match its access key id ({code}): check the secret, or {}",
                self.source(),
                self.renew()
            ),
            "AccessDenied" | "AccessDeniedException" => format!(
                "{operation} was denied ({code}: {detail}): no IAM policy can deny it, so a VPC endpoint policy, a proxy or the endpoint itself refuses it; awscheck needs it to know which account it audits"
            ),
            c if c == INVALID_RESPONSE || c.starts_with("Http") => match &self.endpoint {
                Some((url, from)) => format!(
                    "{url} ({from}) answered {operation}, but not as an AWS API ({}): check the URL and port (moto_server listens on 5000 by default, LocalStack on 4566)",
                    if c == INVALID_RESPONSE { "an unreadable response".to_string() } else { format!("HTTP {}", &c[4..]) }
                ),
                None => format!("cannot identify the account: {failed}"),
            },
            _ => format!("cannot identify the account: {failed}"),
        }
    }

    /// The credentials could not be loaded at all.
    fn no_credentials(&self, err: &(dyn Error + 'static)) -> String {
        let name = self.profile.as_ref().map_or("default", |(p, _)| p.as_str());
        let detail = find_source::<CredentialsError>(err).map_or_else(|| chain(err), |c| chain(c));
        match self.profile_kind {
            _ if self.env_keys => format!(
                "cannot use the access keys in the environment (AWS_ACCESS_KEY_ID): {detail}"
            ),
            ProfileKind::Sso => format!(
                "the SSO session of profile {name} has expired or was never started: run `aws sso login --profile {name}`"
            ),
            ProfileKind::Process => format!(
                "the credential_process of profile {name} failed: run it by hand to see why ({detail})"
            ),
            ProfileKind::Role | ProfileKind::Keys => format!(
                "cannot load the credentials of profile {name}: {detail}"
            ),
            ProfileKind::Empty => format!(
                "profile {name} has no credentials (no aws_access_key_id, sso_session, role_arn or credential_process): run `aws configure --profile {name}` or `aws configure sso --profile {name}`"
            ),
            ProfileKind::Absent => "no AWS credentials found (environment, shared config and credentials files, SSO, container or instance role): run `aws configure` or `aws configure sso`, or pass --profile NAME".to_string(),
        }
    }

    /// The request never got an answer.
    fn unreachable(&self, region: &str, detail: &str) -> String {
        let lower = detail.to_ascii_lowercase();
        let why = if lower.contains("connection refused") {
            "connection refused"
        } else if lower.contains("timed out") || lower.contains("timeout") {
            "timed out"
        } else if lower.contains("dns error") || lower.contains("lookup") {
            "name not resolved"
        } else {
            "no answer"
        };
        match &self.endpoint {
            Some((url, from)) => format!(
                "cannot connect to {url} ({from}: {why}): start your emulator or check the URL"
            ),
            None if why == "name not resolved" => format!(
                "cannot resolve the STS endpoint of region {region}: check the region name (e.g. eu-west-1) and this machine's DNS"
            ),
            None => format!(
                "cannot reach AWS (STS in {region}: {why}): check this machine's network and proxy settings (HTTPS_PROXY)"
            ),
        }
    }

    /// `--role-arn` was refused.
    fn role_refused(&self, role: &str, failed: &awscheck_model::collected::CollectError) -> String {
        let condition = if self.external_id {
            "does not trust the caller with the --external-id given (check the Principal and the sts:ExternalId condition)"
        } else {
            "does not trust the caller (check its Principal; if it requires an sts:ExternalId, pass --external-id)"
        };
        format!(
            "cannot assume role {role}: its trust policy {condition}, or the caller may not call sts:AssumeRole on it ({}: {})",
            failed.code, failed.message
        )
    }

    /// Where the credentials in use came from.
    fn source(&self) -> String {
        match (&self.profile, self.env_keys) {
            (_, true) => "the environment (AWS_ACCESS_KEY_ID)".into(),
            (Some((p, _)), false) => format!("profile {p}"),
            (None, false) => "the default profile".into(),
        }
    }

    /// How to get fresh credentials from that source.
    fn renew(&self) -> String {
        let name = self.profile.as_ref().map_or("default", |(p, _)| p.as_str());
        match self.profile_kind {
            _ if self.env_keys => "export fresh AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN) values".into(),
            ProfileKind::Sso => format!("run `aws sso login --profile {name}`"),
            _ => format!("update the keys with `aws configure --profile {name}`"),
        }
    }
}

/// How `name`'s section in `set` gets credentials.
fn kind_of(set: &ProfileSet, name: &str) -> ProfileKind {
    let Some(p) = set.get_profile(name) else {
        return ProfileKind::Absent;
    };
    if p.get("sso_session").is_some() || p.get("sso_start_url").is_some() {
        ProfileKind::Sso
    } else if p.get("credential_process").is_some() {
        ProfileKind::Process
    } else if p.get("role_arn").is_some() {
        ProfileKind::Role
    } else if p.get("aws_access_key_id").is_some() {
        ProfileKind::Keys
    } else {
        ProfileKind::Empty
    }
}

/// The profile `name` (from `from`) is in no file: the ones that are.
fn profile_not_found(name: &str, from: &str, set: &ProfileSet) -> String {
    let names = nearest_first(name, set.profiles());
    let existing = if names.is_empty() {
        format!(
            "there is no profile yet: run `aws configure --profile {name}` or `aws configure sso`"
        )
    } else {
        format!("profiles there, nearest first: {}", names.join(", "))
    };
    format!(
        "the config profile ({name}) named by {from} could not be found in the shared config or credentials file; {existing}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn setup(opts: Options, env: &[(&str, &str)], config: &str) -> Result<Setup, String> {
        let mut vars = vec![("HOME", "/home/u")];
        vars.extend_from_slice(env);
        let fs = Fs::from_slice(&[("/home/u/.aws/config", config)]);
        Setup::read_from(&opts, &Env::from_slice(&vars), &fs).await
    }

    const CONFIG: &str = "[default]\nregion = eu-west-1\n[profile sandbox]\nregion = eu-west-1\naws_access_key_id = AKIA\n[profile prod]\nsso_session = corp\n[profile sandbox-admin]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = sandbox\n";

    #[tokio::test]
    async fn a_profile_typo_lists_the_profiles_nearest_first() {
        let opts = Options {
            profile: Some("sandbx".into()),
            ..Options::default()
        };
        let err = setup(opts, &[], CONFIG).await.err();
        assert_eq!(
            err.as_deref(),
            Some("the config profile (sandbx) named by --profile could not be found in the shared config or credentials file; profiles there, nearest first: sandbox, prod, default, sandbox-admin")
        );
        let err = setup(Options::default(), &[("AWS_PROFILE", "nope")], "")
            .await
            .err();
        assert_eq!(
            err.as_deref(),
            Some("the config profile (nope) named by AWS_PROFILE could not be found in the shared config or credentials file; there is no profile yet: run `aws configure --profile nope` or `aws configure sso`")
        );
    }

    #[tokio::test]
    async fn profiles_are_told_apart_by_how_they_get_credentials() {
        for (name, kind) in [
            ("sandbox", ProfileKind::Keys),
            ("prod", ProfileKind::Sso),
            ("sandbox-admin", ProfileKind::Role),
            ("default", ProfileKind::Empty),
        ] {
            let opts = Options {
                profile: Some(name.into()),
                ..Options::default()
            };
            let got = setup(opts, &[], CONFIG).await.map(|s| s.profile_kind);
            assert_eq!(got, Ok(kind), "{name}");
        }
        let implicit = setup(Options::default(), &[], "")
            .await
            .map(|s| s.profile_kind);
        assert_eq!(implicit, Ok(ProfileKind::Absent));
    }
}
