//! A scan: the account's identity and regions, then regions × the
//! services whose section a selected check reads, all started at once on
//! tokio within one request budget of `--concurrency` requests in flight
//! ([`crate::budget`]), then the referenced resources.

use crate::budget::Budget;
use crate::collector::Service;
use crate::cx::{Cx, Wanted};
use crate::options::{Options, Summary};
use crate::references::{self, References};
use crate::session::{self, DriftOptions, Session};
use crate::setup::Setup;
use crate::types::Patch;
use crate::{progress, SERVICES};
use awscheck_model::inventory::{Account, Inventory, FORMAT_VERSION, GLOBAL};
use awscheck_model::Data;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Collects the account `session` points at: every `services` collector
/// over the session's regions, reading what `wanted` names, then the
/// referenced resources some selected check reads, with at most
/// `concurrency` requests in flight.
pub async fn collect_account(
    session: Arc<Session>,
    services: &[&'static Service],
    wanted: Wanted,
    concurrency: usize,
    show_progress: bool,
) -> Account {
    let budget = Arc::new(Budget::new(concurrency, session.stats.clone()));
    collect_within(session, services, wanted, &budget, show_progress).await
}

/// [`collect_account`] within `budget`.
pub(crate) async fn collect_within(
    session: Arc<Session>,
    services: &[&'static Service],
    wanted: Wanted,
    budget: &Arc<Budget>,
    show_progress: bool,
) -> Account {
    let mut plan: Vec<(&'static Service, String, String)> = Vec::new();
    for svc in services {
        if svc.global {
            plan.push((svc, session.home_region.clone(), GLOBAL.to_string()));
        } else {
            for r in &session.regions {
                plan.push((svc, r.clone(), r.clone()));
            }
        }
    }
    let progress = progress::Progress::new(show_progress, plan.len());
    let refs = Arc::new(References::default());
    let wanted = Arc::new(wanted);
    let mut tasks = tokio::task::JoinSet::new();
    let total = plan.len();
    for (i, (svc, region, scope)) in plan.into_iter().enumerate() {
        let cx = Cx::new(&session, region, scope, &wanted, &refs, budget);
        let run = svc.run;
        tasks.spawn(async move { (i, run(cx).await) });
    }
    let mut patches: Vec<Option<Patch>> = (0..total).map(|_| None).collect();
    let mut ticker = tokio::time::interval(Duration::from_millis(250));
    loop {
        tokio::select! {
            joined = tasks.join_next() => match joined {
                None => break,
                Some(Ok((i, p))) => {
                    patches[i] = Some(p);
                    progress.update(&session.stats, true);
                }
                Some(Err(e)) => std::panic::resume_unwind(e.into_panic()),
            },
            _ = ticker.tick() => progress.update(&session.stats, false),
        }
    }
    let mut account = Account::new(session.account_id.clone(), session.regions.clone());
    account.partition = session.partition.clone();
    for p in patches.into_iter().flatten() {
        p(&mut account);
    }
    let cx = Cx::new(
        &session,
        session.home_region.clone(),
        GLOBAL.to_string(),
        &wanted,
        &refs,
        budget,
    );
    references::resolve(&cx, &mut account).await;
    progress.finish();
    account
}

/// The services that fill a section `wanted` reads.
pub fn services_for(wanted: &Wanted) -> Vec<&'static Service> {
    SERVICES
        .iter()
        .filter(|s| wanted.wants(Data::listing(s.section)))
        .collect()
}

/// Collects the live account per `opts` into an inventory. `reads` limits
/// collection to what the selected checks read (`None`: everything, as
/// `snapshot` does).
pub fn live_inventory(
    opts: &Options,
    reads: Option<&[Data]>,
) -> Result<(Inventory, Summary), String> {
    let started = Instant::now();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    let wanted = reads.map_or_else(Wanted::everything, Wanted::only);
    let services = services_for(&wanted);
    let (inventory, stats, back_offs) = runtime.block_on(async {
        let setup = Setup::read(opts).await?;
        let sdk = session::load_sdk_config(opts).await?;
        let mut session = Session::new(sdk, Vec::new());
        session.drift = DriftOptions::from_options(opts);
        session.identify(&setup).await?;
        session.regions = if opts.all_regions {
            session.enabled_regions().await?
        } else if opts.regions.is_empty() {
            vec![session.home_region.clone()]
        } else {
            let mut seen = BTreeSet::new();
            opts.regions
                .iter()
                .filter(|r| seen.insert(r.as_str()))
                .cloned()
                .collect()
        };
        session
            .confirm_opt_in_regions(&setup, &session.regions)
            .await?;
        let session = Arc::new(session);
        let budget = Arc::new(Budget::new(opts.concurrency, session.stats.clone()));
        let account = collect_within(
            session.clone(),
            &services,
            wanted,
            &budget,
            opts.show_progress,
        )
        .await;
        let inventory = Inventory {
            format: FORMAT_VERSION,
            generated_at: now_seconds(),
            description: Some(format!(
                "live collection by awscheck {} of account {} ({})",
                env!("CARGO_PKG_VERSION"),
                account.account_id,
                account.regions.join(", ")
            )),
            accounts: vec![account],
        };
        Ok::<_, String>((inventory, session.stats.clone(), budget.back_offs()))
    })?;
    let summary = Summary {
        calls: stats.calls(),
        failed: stats.errors(),
        back_offs,
        denied: stats.denied(),
        by_operation: stats.by_operation(),
        elapsed: started.elapsed(),
    };
    Ok((inventory, summary))
}

fn now_seconds() -> chrono::DateTime<chrono::Utc> {
    use chrono::{SubsecRound, Utc};
    Utc::now().trunc_subsecs(0)
}
