//! A newcomer's first live scan: each setup mistake is one line on stderr,
//! exit 2, saying what is wrong and what to do next. Each case runs the
//! binary with its own environment and AWS config files, against closed
//! ports and a small local endpoint that answers as STS (or as something
//! that is not AWS) would.
#![cfg(feature = "live")]
// A test crate: a panic is a failed test, so its helpers may unwrap.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;

/// A request as the fake endpoint sees it.
struct Request {
    /// The `Authorization` header: its credential scope names the region.
    authorization: String,
    body: String,
}

/// An answer: status, content type, body.
type Answer = (u16, &'static str, String);

/// Serves `answer` on a local port until the test process ends; returns
/// its URL.
fn endpoint(answer: fn(&Request) -> Answer) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let (mut authorization, mut length) = (String::new(), 0);
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                let lower = line.to_ascii_lowercase();
                if let Some(v) = lower.strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
                if lower.starts_with("authorization:") {
                    authorization = line.clone();
                }
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let request = Request {
                authorization,
                body: String::from_utf8_lossy(&body).into_owned(),
            };
            let (status, content_type, body) = answer(&request);
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    url
}

fn sts_error(status: u16, code: &str, message: &str) -> Answer {
    (
        status,
        "text/xml",
        format!(
            r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>"#
        ),
    )
}

fn caller_identity() -> Answer {
    (
        200,
        "text/xml",
        r#"<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/dev</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>"#.into(),
    )
}

const ROLE: &str = "arn:aws:iam::111122223333:role/Audit";

/// A user's machine: a home with optional AWS config and credentials
/// files, and the environment variables given; nothing else of ours
/// leaks in (no instance metadata either).
struct Machine {
    home: tempfile::TempDir,
    env: Vec<(&'static str, String)>,
}

impl Machine {
    fn new() -> Machine {
        Machine {
            home: tempfile::tempdir().unwrap(),
            env: Vec::new(),
        }
    }

    fn config(self, text: &str) -> Machine {
        self.file(".aws/config", text)
    }

    fn file(self, name: &str, text: &str) -> Machine {
        let path = self.home.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    fn env(mut self, key: &'static str, value: &str) -> Machine {
        self.env.push((key, value.to_string()));
        self
    }

    /// Static keys in the environment.
    fn keys(self) -> Machine {
        self.env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
            .env("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI")
    }

    /// Runs `awscheck scan ARGS`: its exit code and stderr.
    fn scan(&self, args: &[&str]) -> (Option<i32>, String) {
        let home: &Path = self.home.path();
        let out = Command::new(env!("CARGO_BIN_EXE_awscheck"))
            .arg("scan")
            .args(args)
            .env_clear()
            .env("HOME", home)
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

/// Exit 2 and exactly this one line on stderr.
#[track_caller]
fn assert_setup_error(got: (Option<i32>, String), line: &str) {
    assert_eq!(got, (Some(2), format!("awscheck: {line}\n")));
}

const PROFILES: &str = "[default]\nregion = eu-west-1\n\n[profile sandbox]\nregion = eu-west-1\n\n[profile prod]\nregion = eu-west-1\n\n[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\nregion = eu-west-1\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n";

#[test]
fn no_credentials_at_all() {
    assert_setup_error(
        Machine::new().scan(&["--region", "eu-west-1"]),
        "no AWS credentials found (environment, shared config and credentials files, SSO, container or instance role): run `aws configure` or `aws configure sso`, or pass --profile NAME",
    );
}

#[test]
fn an_sso_profile_never_logged_in() {
    assert_setup_error(
        Machine::new().config(PROFILES).scan(&["--profile", "sso"]),
        "the SSO session of profile sso has expired or was never started: run `aws sso login --profile sso`",
    );
}

#[test]
fn a_profile_that_does_not_exist() {
    let machine = Machine::new().config(PROFILES);
    assert_setup_error(
        machine.scan(&["--profile", "sandbx"]),
        "the config profile (sandbx) named by --profile could not be found in the shared config or credentials file; profiles there, nearest first: sandbox, prod, sso, default",
    );
    let machine = machine.env("AWS_PROFILE", "prd");
    assert_setup_error(
        machine.scan(&[]),
        "the config profile (prd) named by AWS_PROFILE could not be found in the shared config or credentials file; profiles there, nearest first: prod, sso, sandbox, default",
    );
}

#[test]
fn a_profile_without_credentials() {
    assert_setup_error(
        Machine::new().config(PROFILES).scan(&["--profile", "sandbox"]),
        "profile sandbox has no credentials (no aws_access_key_id, sso_session, role_arn or credential_process): run `aws configure --profile sandbox` or `aws configure sso --profile sandbox`",
    );
}

#[test]
fn an_emulator_that_is_not_running() {
    let machine = Machine::new().keys();
    assert_setup_error(
        machine.scan(&["--region", "eu-west-1", "--endpoint-url", "http://127.0.0.1:1"]),
        "cannot connect to http://127.0.0.1:1 (--endpoint-url: connection refused): start your emulator or check the URL",
    );
    let machine = machine.env("AWS_ENDPOINT_URL", "http://127.0.0.1:1");
    assert_setup_error(
        machine.scan(&["--region", "eu-west-1"]),
        "cannot connect to http://127.0.0.1:1 (AWS_ENDPOINT_URL: connection refused): start your emulator or check the URL",
    );
}

#[test]
fn an_endpoint_that_is_not_an_aws_api() {
    let web_page = endpoint(|_| {
        (
            200,
            "text/html",
            "<html><body>It works!</body></html>".into(),
        )
    });
    let got = Machine::new()
        .keys()
        .scan(&["--region", "eu-west-1", "--endpoint-url", &web_page]);
    assert_setup_error(
        got,
        &format!("{web_page} (--endpoint-url) answered GetCallerIdentity, but not as an AWS API (an unreadable response): check the URL and port (moto_server listens on 5000 by default, LocalStack on 4566)"),
    );
    let not_found = endpoint(|_| (404, "text/html", "<html>Not Found</html>".into()));
    let got = Machine::new()
        .keys()
        .scan(&["--region", "eu-west-1", "--endpoint-url", &not_found]);
    assert_setup_error(
        got,
        &format!("{not_found} (--endpoint-url) answered GetCallerIdentity, but not as an AWS API (HTTP 404): check the URL and port (moto_server listens on 5000 by default, LocalStack on 4566)"),
    );
}

#[test]
fn expired_credentials() {
    let url = endpoint(|_| {
        sts_error(
            403,
            "ExpiredToken",
            "The security token included in the request is expired",
        )
    });
    let got = Machine::new()
        .keys()
        .env("AWS_SESSION_TOKEN", "FwoGZXIvYXdzE")
        .scan(&["--region", "eu-west-1", "--endpoint-url", &url]);
    assert_setup_error(
        got,
        "the AWS credentials from the environment (AWS_ACCESS_KEY_ID) have expired (ExpiredToken): export fresh AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN) values",
    );
    let got = Machine::new()
        .config(PROFILES)
        .file(
            ".aws/credentials",
            "[sandbox]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = wJalrXUtnFEMI\naws_session_token = FwoGZXIvYXdzE\n",
        )
        .scan(&["--profile", "sandbox", "--endpoint-url", &url]);
    assert_setup_error(
        got,
        "the AWS credentials from profile sandbox have expired (ExpiredToken): update the keys with `aws configure --profile sandbox`",
    );
}

#[test]
fn a_role_that_cannot_be_assumed() {
    let url = endpoint(|r| {
        if r.body.contains("Action=AssumeRole") {
            sts_error(403, "AccessDenied", "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/Audit")
        } else {
            caller_identity()
        }
    });
    let machine = Machine::new().keys();
    let base = [
        "--region",
        "eu-west-1",
        "--endpoint-url",
        &url,
        "--role-arn",
        ROLE,
    ];
    assert_setup_error(
        machine.scan(&base),
        "cannot assume role arn:aws:iam::111122223333:role/Audit: its trust policy does not trust the caller (check its Principal; if it requires an sts:ExternalId, pass --external-id), or the caller may not call sts:AssumeRole on it (AccessDenied: User: arn:aws:iam::123456789012:user/dev is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/Audit)",
    );
    let with_id: Vec<&str> = base
        .iter()
        .copied()
        .chain(["--external-id", "wrong"])
        .collect();
    assert_setup_error(
        machine.scan(&with_id),
        "cannot assume role arn:aws:iam::111122223333:role/Audit: its trust policy does not trust the caller with the --external-id given (check the Principal and the sts:ExternalId condition), or the caller may not call sts:AssumeRole on it (AccessDenied: User: arn:aws:iam::123456789012:user/dev is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/Audit)",
    );
}

#[test]
fn get_caller_identity_denied() {
    let url = endpoint(|_| {
        sts_error(
            403,
            "AccessDenied",
            "explicit deny in a VPC endpoint policy",
        )
    });
    let got = Machine::new()
        .keys()
        .scan(&["--region", "eu-west-1", "--endpoint-url", &url]);
    assert_setup_error(
        got,
        "GetCallerIdentity was denied (AccessDenied: explicit deny in a VPC endpoint policy): no IAM policy can deny it, so a VPC endpoint policy, a proxy or the endpoint itself refuses it; awscheck needs it to know which account it audits",
    );
}

#[test]
fn a_region_not_enabled_for_the_account() {
    // Enabled in eu-west-1 only: the opt-in region's STS does not know the keys.
    let url = endpoint(|r| {
        if r.authorization.contains("/af-south-1/") {
            sts_error(
                403,
                "InvalidClientTokenId",
                "The security token included in the request is invalid.",
            )
        } else {
            caller_identity()
        }
    });
    let machine = Machine::new().keys();
    let line = "region af-south-1 is not enabled for this account (an opt-in region): enable it in the console (Account, AWS Regions) or pass another --region (InvalidClientTokenId: The security token included in the request is invalid.)";
    assert_setup_error(
        machine.scan(&["--region", "af-south-1", "--endpoint-url", &url]),
        line,
    );
    assert_setup_error(
        machine.scan(&[
            "--region",
            "eu-west-1",
            "--region",
            "af-south-1",
            "--endpoint-url",
            &url,
        ]),
        line,
    );
    // Keys AWS does not know, in a region every account has.
    let unknown = endpoint(|_| {
        sts_error(
            403,
            "InvalidClientTokenId",
            "The security token included in the request is invalid.",
        )
    });
    assert_setup_error(
        machine.scan(&["--region", "eu-west-1", "--endpoint-url", &unknown]),
        "AWS does not recognise the access key from the environment (AWS_ACCESS_KEY_ID) (InvalidClientTokenId): it was deleted, deactivated or mistyped; export fresh AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN) values",
    );
}
