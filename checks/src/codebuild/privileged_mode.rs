//! ## What it checks
//!
//! A CodeBuild project runs its build container in privileged mode
//! (`environment.privilegedMode`) only where it builds Docker images.
//!
//! - PASS: privileged mode is off.
//! - advisory: privileged mode is on and the project says it builds Docker
//!   images: it is tagged `builds-docker=true`, or its inline buildspec (of
//!   the primary or a secondary source) runs `docker build`, `docker push`
//!   or `docker buildx`. Docker-in-Docker needs privileged mode, but it
//!   still is root on the build host: keep such projects few and their
//!   sources trusted.
//! - FAIL: privileged mode is on with no sign of a Docker build. A buildspec
//!   kept in the source repository (a path) cannot be read from the
//!   project's configuration: tag the project `builds-docker=true` when it
//!   does build images.
//!
//! ## Why it matters
//!
//! A privileged build container can reach the host's devices and kernel: a
//! compromised dependency or build script then owns the build host rather
//! than one container. The notes build and push Docker images to ECR from a
//! buildspec and use custom Docker images (notes 001 › ## Codebuild ›
//! "More elaborate: Building a docker image" and ### Exam Tips), which is
//! the one thing privileged mode is for; restricting it to those projects
//! is adjacent to the notes.
//!
//! ## How to fix
//!
//! Turn privileged mode off on projects that do not build images; tag the
//! ones that do `builds-docker=true`.
//!
//! - **Console**: CodeBuild › the project › Edit › Environment › Override
//!   image › untick "Privileged"; Tags › add `builds-docker` = `true` where
//!   it stays on.
//! - **CLI**: `aws codebuild update-project --name NAME --environment type=LINUX_CONTAINER,image=IMAGE,computeType=BUILD_GENERAL1_SMALL,privilegedMode=false`;
//!   `aws codebuild update-project --name NAME --tags key=builds-docker,value=true`.
//! - **CloudFormation**: on `AWS::CodeBuild::Project`,
//!   `Environment.PrivilegedMode: false` (or a `builds-docker: "true"` tag
//!   in `Tags`).
//!
//! ## References
//!
//! - Study notes: 001 › ## Codebuild › "More elaborate: Building a docker
//!   image"; 001 › ## Codebuild › ### Exam Tips.
//! - AWS: CodeBuild User Guide, "Docker in custom image sample" and
//!   "Security best practices for CodeBuild".
//! - AWS Config managed rule `codebuild-project-environment-privileged-check`;
//!   Prowler `codebuild_project_not_privileged` (not in every release).

use crate::engine::{Check, Context, Emitter, Severity};
use crate::inventory::codebuild;
use crate::inventory::codebuild::Project;
use crate::secret::Buildspec;

pub static CHECK: Check = Check {
    id: "codebuild-privileged-mode",
    title: "CodeBuild privileged mode only where Docker images are built",
    service: "codebuild",
    severity: Severity::Medium,
    section: "001 › ## Codebuild › \"More elaborate: Building a docker image\"",
    catalog: "SDLC-16",
    reads: &[codebuild::PROJECTS],
    tolerates: &[],
    settings: &[],
    config_rule: Some("codebuild-project-environment-privileged-check"),
    prowler: None,
    source: include_str!("privileged_mode.rs"),
    run,
};

/// The tag a project that builds Docker images carries.
const DOCKER_TAG: &str = "builds-docker";

fn run(ctx: &Context, em: &mut Emitter) {
    for project in &ctx.codebuild().projects {
        judge(project, em);
    }
}

fn judge(project: &Project, em: &mut Emitter) {
    if !project.privileged_mode {
        return em.pass(project, "privileged mode is off");
    }
    if project
        .tags
        .get(DOCKER_TAG)
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        return em.warn(
            project,
            format!("privileged mode is on for Docker builds (tagged {DOCKER_TAG}=true): root on the build host, keep its sources trusted"),
        );
    }
    let inline_docker = std::iter::once(&project.source)
        .chain(&project.secondary_sources)
        .any(|s| matches!(&s.buildspec, Some(Buildspec::Inline(i)) if i.builds_docker));
    if inline_docker {
        return em.warn(
            project,
            "privileged mode is on for Docker builds (the inline buildspec runs docker build/push/buildx): root on the build host, keep its sources trusted",
        );
    }
    em.fail(
        project,
        format!("privileged mode is on but the project shows no Docker build (no {DOCKER_TAG}=true tag, no docker build/push/buildx in an inline buildspec)"),
    );
}
