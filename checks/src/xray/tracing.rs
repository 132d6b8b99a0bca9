//! ## What it checks
//!
//! Workloads that must be traced have X-Ray tracing on and may send
//! segments (`lambda:ListFunctions` `TracingConfig.Mode`,
//! `ecs:DescribeTaskDefinition`, the roles' policies). A workload is in
//! scope when it is tagged `tracing=required`, or, with the setting
//! `trace_all_production`, when it is production; the others are SKIP. One
//! finding per Lambda function and per ECS task definition revision in use
//! (those ACTIVE services run and the latest ACTIVE revision of each
//! family; the others are SKIP):
//!
//! - Lambda, advisory (FAIL at low): the tracing mode is `PassThrough`
//!   (only requests that arrive traced are recorded).
//! - Lambda, FAIL: the mode is `Active` but the execution role is not
//!   allowed `xray:PutTraceSegments` and `xray:PutTelemetryRecords`.
//! - ECS, advisory: the task definition has no X-Ray daemon
//!   (`aws-xray-daemon` image or `xray-daemon` container) or ADOT collector
//!   (`aws-otel-collector`) container.
//! - ECS, FAIL: it has one, but no task role, or a task role not allowed
//!   those actions (the sidecar sends segments with the task role).
//! - PASS: tracing is on and the role may send segments.
//! - ERROR: a function's tags could not be read (whether it is in scope is
//!   unknown), its execution role is not recorded, or a role or its
//!   policies could not be read.
//!
//! Not judged here: API Gateway stages (`tracingEnabled`: the catalog
//! leaves them to `apigateway-observability`, RES-06) and Elastic
//! Beanstalk environments (no collector yet). `iam:SimulatePrincipalPolicy` is not
//! called: the role's own policies are evaluated.
//!
//! ## Why it matters
//!
//! X-Ray follows a request across Lambda, API Gateway, ECS and Beanstalk,
//! which is how a 504 from API Gateway is traced to the function or
//! container that timed out; it needs tracing turned on and IAM permission
//! for the daemon to send segments (notes 000 › Incident and Event
//! Response › "AWS X-Ray", "AWS X-Ray with Beanstalk"). The notes pair it
//! with CloudWatch for the infrastructure view (000 › Filling the gap).
//!
//! ## How to fix
//!
//! - **Console**: Lambda › the function › Configuration › Monitoring and operations tools › Edit › AWS X-Ray Active tracing; add `AWSXRayDaemonWriteAccess` to the execution role. ECS › Task definitions › Create new revision › add a container `xray-daemon` (image `public.ecr.aws/xray/aws-xray-daemon`, UDP 2000) or the ADOT collector, and a task role with `AWSXRayDaemonWriteAccess`.
//! - **CLI**: `aws lambda update-function-configuration --function-name F --tracing-config Mode=Active`; `aws iam attach-role-policy --role-name ROLE --policy-arn arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess`; `aws ecs register-task-definition --cli-input-json file://td.json` with the sidecar and `taskRoleArn`.
//! - **CloudFormation**: `TracingConfig: {Mode: Active}` on `AWS::Lambda::Function`; on `AWS::ECS::TaskDefinition`, `TaskRoleArn` and a `ContainerDefinitions` entry for the daemon; `ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess]` on the roles.
//!
//! ## References
//!
//! - Study notes: 000 › Incident and Event Response › "AWS X-Ray", "AWS X-Ray with Beanstalk"; 000 › Filling the gap (X-Ray with CloudWatch).
//! - AWS: X-Ray developer guide, "Using AWS Lambda with X-Ray", "Running the X-Ray daemon on Amazon ECS"; ADOT, "Tracing with the AWS Distro for OpenTelemetry on Amazon ECS".
//! - AWS Config managed rules `lambda-function-xray-enabled`, `api-gw-xray-enabled`.

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::ecs::TaskDefinition;
use crate::inventory::lambda::Function;
use crate::inventory::{ecs, iam, lambda, Tags};
use crate::judge::role::Roles;
use crate::settings::{any, Production, Setting, PROD_NAME_WORDS, PROD_TAG_KEY, PROD_TAG_VALUES};

static TRACE_ALL_PRODUCTION: Setting<bool> = Setting::new(
    "trace_all_production",
    "Also require tracing of every production function and task definition, tagged or not.",
    "false",
    any,
);

pub static CHECK: Check = Check {
    id: "xray-tracing",
    title: "Traced workloads have tracing on and permission to send segments",
    service: "xray",
    severity: Severity::Low,
    section: "000 › Incident and Event Response › \"AWS X-Ray\"",
    catalog: "INC-10",
    reads: &[
        lambda::FUNCTIONS,
        lambda::FUNCTION_TAGS,
        ecs::CLUSTERS,
        ecs::SERVICES,
        ecs::TASK_DEFINITIONS,
        iam::ROLES,
        iam::ATTACHED_POLICIES,
        iam::INLINE_POLICIES,
        iam::MANAGED_POLICIES,
    ],
    tolerates: &[lambda::FUNCTION_TAGS],
    settings: &[
        &TRACE_ALL_PRODUCTION,
        &PROD_TAG_KEY,
        &PROD_TAG_VALUES,
        &PROD_NAME_WORDS,
    ],
    config_rule: Some("lambda-function-xray-enabled"),
    prowler: None,
    source: include_str!("tracing.rs"),
    run,
};

/// What sending segments takes.
const XRAY_ACTIONS: &[&str] = &["xray:PutTraceSegments", "xray:PutTelemetryRecords"];

/// Image or container names of the X-Ray daemon and the ADOT collector.
const SIDECARS: &[&str] = &["xray-daemon", "aws-otel-collector"];

/// Which workloads must be traced.
struct Scope {
    all_production: bool,
    production: Production,
}

impl Scope {
    fn requires(&self, tags: &Tags, name: &str) -> bool {
        tags.iter()
            .any(|(k, v)| k.eq_ignore_ascii_case("tracing") && v.eq_ignore_ascii_case("required"))
            || (self.all_production && self.production.is_production(Some(tags), name))
    }

    fn skip_reason(&self) -> &'static str {
        if self.all_production {
            "not tagged tracing=required, and not production"
        } else {
            "not tagged tracing=required"
        }
    }
}

fn run(ctx: &Context, em: &mut Emitter) {
    let scope = Scope {
        all_production: ctx.setting(&TRACE_ALL_PRODUCTION),
        production: ctx.production(),
    };
    let roles = Roles::new(ctx);
    for f in &ctx.lambda().functions {
        judge_function(ctx, &scope, &roles, f, em);
    }
    let ecs = ctx.ecs();
    let in_use = ecs.in_use();
    for td in &ecs.task_definitions {
        if let Some(why) = in_use.unused(td) {
            em.skip(td, why);
        } else if !scope.requires(&td.tags, &td.family) {
            em.skip(td, scope.skip_reason());
        } else {
            judge_task_definition(ctx, &roles, td, em);
        }
    }
}

fn judge_function(ctx: &Context, scope: &Scope, roles: &Roles, f: &Function, em: &mut Emitter) {
    if let Some(e) = ctx.unreadable(lambda::FUNCTION_TAGS, &f.region) {
        return em.error_reason(
            f,
            format!("whether tracing is required is unknown: its tags could not be read: {e}"),
        );
    }
    if !scope.requires(&f.tags, &f.name) {
        return em.skip(f, scope.skip_reason());
    }
    if f.tracing_mode.as_deref() != Some("Active") {
        let mode = f
            .tracing_mode
            .as_deref()
            .unwrap_or("not reported (PassThrough)");
        return em.warn(
            f,
            format!("tracing mode is {mode}: only requests that arrive traced are recorded"),
        );
    }
    let mut v = Verdict::new();
    match f.role.as_deref() {
        None => v.error_reason("the execution role is not recorded"),
        Some(role) => {
            let label = format!("execution role {role}");
            roles
                .allowed(ctx, role, &label, XRAY_ACTIONS, "*")
                .or_record(&mut v);
        }
    }
    v.emit(
        em,
        f,
        "tracing is Active and the execution role may send segments",
    );
}

fn judge_task_definition(ctx: &Context, roles: &Roles, td: &TaskDefinition, em: &mut Emitter) {
    let Some(sidecar) = td.containers.iter().find(|c| {
        SIDECARS
            .iter()
            .any(|s| c.name.contains(s) || c.image.contains(s))
    }) else {
        return em.warn(
            td,
            "no xray-daemon or aws-otel-collector container: its segments have nowhere to go",
        );
    };
    let mut v = Verdict::new();
    match td.task_role.as_deref() {
        None => v.fail(format!(
            "container {} sends segments with the task role, and the task definition has none",
            sidecar.name
        )),
        Some(role) => {
            let label = format!("task role {role}");
            roles
                .allowed(ctx, role, &label, XRAY_ACTIONS, "*")
                .or_record(&mut v);
        }
    }
    v.emit(
        em,
        td,
        format!(
            "container {} collects segments and the task role may send them",
            sidecar.name
        ),
    );
}
