//! ## What it checks
//!
//! No stack carries a secret in plain text, in its parameters, its
//! template's properties or its outputs. Values never reach this check: the
//! template is reduced as it is read (`GetTemplate`, the processed template
//! when it declares a `Transform`) and parameter values
//! (`DescribeStacks`) are redacted at the source, so findings name keys and
//! short hashes only. A *secret-looking name* matches
//! `(?i)(pass(word)?|secret|token|api_?key|private_?key)`.
//!
//! - FAIL: a template parameter with a secret-looking name lacks
//!   `NoEcho: true`; or `DescribeStacks` shows the value of a parameter with
//!   a secret-looking name in plain text (not `****`), unless that value is
//!   an AWS ARN (a pointer to a secret, not one). The second rule alone is
//!   judged when the template could not be read.
//! - FAIL: a property known to hold a secret (`MasterUserPassword`,
//!   `Password` and any other name ending in `Password`, `SecretString`,
//!   `AuthToken`, at any depth of `Properties`; each branch of an `Fn::If`)
//!   is a literal, or the plain text of an `Fn::Sub`; or is a `Ref` to a
//!   parameter without `NoEcho`.
//! - FAIL: an output's value refers to a parameter with a secret-looking
//!   name or with `NoEcho` (outputs are never masked), or to an attribute
//!   with a secret-looking name (`!GetAtt AccessKey.SecretAccessKey`).
//! - Advisory (FAIL at low): a `NoEcho` parameter declares a `Default` (the
//!   default is readable in the template); a secret is a
//!   `{{resolve:ssm:…}}` dynamic reference or an
//!   `AWS::SSM::Parameter::Value<…>` parameter (both resolve a plain
//!   `String` parameter, not a `SecureString`); a secret property given as
//!   another intrinsic function (`Fn::GetAtt`, `Fn::ImportValue`, an
//!   `Fn::Sub` or `Fn::Join` without a dynamic reference), or as a `Ref` to
//!   something that is not a parameter, which the template cannot tell.
//! - PASS: every secret is a `{{resolve:secretsmanager:…}}` or
//!   `{{resolve:ssm-secure:…}}` dynamic reference (also inside `Fn::Sub` or
//!   `Fn::Join`), a `Ref` to a `NoEcho` parameter, or the resource sets
//!   `ManageMasterUserPassword: true` (RDS keeps the password in Secrets
//!   Manager).
//! - SKIP: a stack with no parameter, secret property or output of that
//!   kind.
//! - ERROR: the template could not be read, is empty or does not parse (a
//!   plaintext parameter seen through `DescribeStacks` still fails).
//!
//! ## Why it matters
//!
//! Anyone allowed `cloudformation:GetTemplate` or `DescribeStacks`,
//! read-only auditors included, reads a literal password in the template
//! and a parameter without `NoEcho` in the stack's parameters; an output is
//! shown in plain text even for a `NoEcho` parameter. The notes list
//! `NoEcho` parameters, the dynamic references `ssm`, `ssm-secure` and
//! `secretsmanager`, and `ManageMasterUserPassword` for RDS (notes 000 ›
//! Configuration Management and IaC › "cloudformation:").
//!
//! ## How to fix
//!
//! Rotate the exposed secret first: it stays readable in past template
//! versions and change sets. Then keep it in Secrets Manager (or an SSM
//! `SecureString`) and reference it.
//!
//! - **Console**: Secrets Manager › Store a new secret; then CloudFormation ›
//!   the stack › Update › Replace current template with one that uses
//!   `{{resolve:secretsmanager:NAME:SecretString:password}}`, or mark the
//!   parameter `NoEcho` and give it no `Default`.
//! - **CLI**: `aws secretsmanager create-secret --name app/db --generate-secret-string '{"ExcludePunctuation": true}'`,
//!   then `aws cloudformation deploy --template-file template.yaml --stack-name NAME`.
//! - **CloudFormation**: `MasterUserPassword: '{{resolve:secretsmanager:app/db:SecretString:password}}'`,
//!   or `ManageMasterUserPassword: true` on `AWS::RDS::DBInstance`/`DBCluster`;
//!   `Parameters: {ApiToken: {Type: String, NoEcho: true}}`; no output that
//!   returns a secret.
//!
//! ## References
//!
//! - Study notes: 000 › Configuration Management and IaC › "cloudformation:" (parameters `NoEcho`; dynamic references; `ManageMasterUserPassword`).
//! - AWS: "Get values stored in other services using dynamic references", "Parameters" (`NoEcho`) and "Best practices: Do not embed credentials in your templates" (CloudFormation User Guide).
//! - No AWS Config managed rule; Prowler `cloudformation_stack_outputs_find_secrets` (outputs only).

use crate::engine::{name_list, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::cloudformation;
use crate::inventory::cloudformation::Stack;
use crate::secret::Secret;
use crate::template::{SecretValue, Template, TemplateParameter, TemplateResource};
use regex::Regex;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

pub static CHECK: Check = Check {
    id: "cloudformation-no-plaintext-secrets",
    title: "CloudFormation secrets use NoEcho or dynamic references, never literals",
    service: "cloudformation",
    severity: Severity::High,
    section: "000 › Configuration Management and IaC › \"cloudformation:\"",
    catalog: "IAC-10",
    reads: &[cloudformation::STACKS, cloudformation::STACK_TEMPLATE],
    tolerates: &[],
    settings: &[],
    config_rule: None,
    prowler: Some("cloudformation_stack_outputs_find_secrets"),
    source: include_str!("no_plaintext_secrets.rs"),
    run,
};

#[allow(
    clippy::expect_used,
    reason = "a constant pattern, compiled by the cases"
)]
fn secret_name() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(pass(word)?|secret|token|api_?key|private_?key)")
            .expect("static name pattern compiles")
    })
}

fn looks_secret(name: &str) -> bool {
    secret_name().is_match(name)
}

fn run(ctx: &Context, em: &mut Emitter) {
    for stack in &ctx.cloudformation().stacks {
        judge(stack, em);
    }
}

/// What a stack's secrets came to: `ok` names what passed.
#[derive(Default)]
struct Findings {
    v: Verdict,
    ok: Vec<String>,
}

fn judge(stack: &Stack, em: &mut Emitter) {
    let mut f = Findings::default();
    // The redacted values DescribeStacks shows (masked ones are `None`).
    let shown: HashMap<&str, Option<&Secret>> = stack
        .parameters
        .iter()
        .map(|p| (p.key.as_str(), p.value.as_ref()))
        .collect();
    let template = match stack.template.known() {
        Ok(Some(t)) if t.parse_error.is_none() => Some(t),
        Ok(Some(t)) => {
            f.v.error_reason(format!(
                "the template could not be parsed: {}",
                t.parse_error.as_deref().unwrap_or_default()
            ));
            None
        }
        Ok(None) => {
            f.v.error_reason("GetTemplate returned no template body");
            None
        }
        Err(e) => {
            f.v.error(e);
            None
        }
    };
    match template {
        Some(t) => judge_template(t, &shown, &mut f),
        // Without the template, what DescribeStacks shows is all there is.
        None => {
            for p in &stack.parameters {
                if looks_secret(&p.key) {
                    if let Some(value) = p.value.as_ref().filter(|v| !v.is_arn) {
                        f.v.fail(shown_in_plain(&p.key, value));
                    }
                }
            }
        }
    }
    if f.v.is_clean() && f.ok.is_empty() {
        return em.skip(
            stack,
            "no parameter, secret property or output that holds a secret",
        );
    }
    f.v.emit(
        em,
        stack,
        format!("secrets are kept out of the stack: {}", name_list(&f.ok)),
    );
}

fn shown_in_plain(key: &str, value: &Secret) -> String {
    format!(
        "parameter {key} is shown in plain text by DescribeStacks (sha256 {})",
        value.sha256
    )
}

fn judge_template(t: &Template, shown: &HashMap<&str, Option<&Secret>>, f: &mut Findings) {
    let params: BTreeMap<&str, &TemplateParameter> =
        t.parameters.iter().map(|p| (p.name.as_str(), p)).collect();
    for p in &t.parameters {
        if looks_secret(&p.name) {
            judge_parameter(p, shown.get(p.name.as_str()).copied().flatten(), f);
        }
    }
    for r in &t.resources {
        judge_resource(r, &params, f);
    }
    for o in &t.outputs {
        let leaks: Vec<&str> = o
            .refers_to
            .iter()
            .map(String::as_str)
            .filter(|name| match params.get(name) {
                Some(p) => p.no_echo || looks_secret(name),
                None => name
                    .split_once('.')
                    .is_some_and(|(_, attribute)| looks_secret(attribute)),
            })
            .collect();
        if !leaks.is_empty() {
            f.v.fail(format!(
                "output {} returns {} in plain text",
                o.name,
                name_list(&leaks)
            ));
        }
    }
}

fn judge_parameter(p: &TemplateParameter, shown: Option<&Secret>, f: &mut Findings) {
    let name = &p.name;
    if p.is_ssm_value() {
        return f.v.warn(format!(
            "parameter {name} is an {}, which resolves a plain String SSM parameter, not a SecureString",
            p.parameter_type
        ));
    }
    if !p.no_echo {
        return match shown {
            Some(value) if value.is_arn => f.ok.push(format!("{name} (an ARN)")),
            Some(value) => f.v.fail(format!(
                "parameter {name} has no NoEcho: DescribeStacks shows it in plain text (sha256 {})",
                value.sha256
            )),
            None => f.v.fail(format!("parameter {name} has no NoEcho")),
        };
    }
    if p.has_default {
        return f.v.warn(format!(
            "NoEcho parameter {name} has a Default, readable in the template"
        ));
    }
    f.ok.push(format!("{name} (NoEcho)"));
}

fn judge_resource(
    r: &TemplateResource,
    params: &BTreeMap<&str, &TemplateParameter>,
    f: &mut Findings,
) {
    if r.manages_master_password {
        f.ok.push(format!("{} (ManageMasterUserPassword)", r.logical_id));
    }
    for s in &r.secrets {
        let at = format!("{} ({}) {}", r.logical_id, r.resource_type, s.path);
        match describe(&s.value, params) {
            Judged::Ok(how) => f.ok.push(format!("{}.{} ({how})", r.logical_id, s.path)),
            Judged::Fail(why) => f.v.fail(format!("{at} {why}")),
            Judged::Warn(why) => f.v.warn(format!("{at} {why}")),
            Judged::Removed => {}
        }
    }
}

enum Judged {
    Ok(&'static str),
    Fail(String),
    Warn(String),
    /// `Ref: AWS::NoValue`: the property is not set.
    Removed,
}

fn describe(v: &SecretValue, params: &BTreeMap<&str, &TemplateParameter>) -> Judged {
    if let Some(value) = &v.literal {
        return Judged::Fail(format!("is a literal (sha256 {})", value.sha256));
    }
    if let Some(service) = &v.dynamic_reference {
        return match service.as_str() {
            "secretsmanager" => Judged::Ok("Secrets Manager"),
            "ssm-secure" => Judged::Ok("SSM SecureString"),
            "ssm" => Judged::Warn(
                "resolves a plain String SSM parameter ({{resolve:ssm:…}}), not a SecureString"
                    .to_string(),
            ),
            other => Judged::Warn(format!(
                "is a dynamic reference to {other}, not to Secrets Manager or an SSM SecureString"
            )),
        };
    }
    if let Some(name) = &v.parameter {
        return match params.get(name.as_str()) {
            Some(p) if p.is_ssm_value() => Judged::Warn(format!(
                "takes parameter {name}, an {}, which resolves a plain String SSM parameter",
                p.parameter_type
            )),
            Some(p) if p.no_echo => Judged::Ok("NoEcho parameter"),
            Some(_) => Judged::Fail(format!("takes parameter {name}, which has no NoEcho")),
            None if name == "AWS::NoValue" => Judged::Removed,
            None => Judged::Warn(format!(
                "refers to {name}, which is not a parameter: cannot be judged from the template"
            )),
        };
    }
    Judged::Warn(format!(
        "is given as {}, which cannot be judged from the template",
        v.intrinsic.as_deref().unwrap_or("an intrinsic function")
    ))
}
