//! The judging benchmark: how long `engine::run` takes, and how much heap it
//! uses, to judge a synthetic inventory with every registered check.
//!
//! ```text
//! cargo bench -p awscheck-checks --bench judge              # N = 10,000 and 100,000
//! cargo bench -p awscheck-checks --bench judge -- 250000    # other sizes
//! AWSCHECK_BENCH_RUNS=9 cargo bench -p awscheck-checks --bench judge
//! AWSCHECK_BENCH_FINDINGS=/tmp/before cargo bench -p awscheck-checks --bench judge
//! ```
//!
//! `AWSCHECK_BENCH_FINDINGS=DIR` also writes each N's findings to
//! `DIR/findings-N.json`, one per line: run it before and after an
//! optimization and `cmp` the files to show the findings did not change.
//!
//! For each N it prints the resources, the findings (in all and per status),
//! the time to build the inventory, the judge time (best and median of
//! several runs, after one warm-up run) and the peak heap allocated during
//! judging, above what the inventory already held. For the largest N it also
//! prints each check's share of the time (each check judged alone, best of
//! five). The inventory comes from `support/generate/` (the header names
//! the lists it replicates from the sandbox mock for want of a generator); see
//! `docs/benchmarks.md` for the figures measured and how to read them.

// The heap counter is a global allocator: the one place in the workspace
// that needs `unsafe` (denied everywhere else by the workspace lints).
#![allow(unsafe_code)]
// A benchmark prints its figures, and may unwrap what it generated itself.
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::unwrap_used,
    clippy::expect_used
)]

#[path = "support/generate/mod.rs"]
mod generate;

use awscheck_checks::{engine, registry, Finding, Status};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

/// Counts live heap bytes and their high-water mark.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let live = LIVE.fetch_add(by, Relaxed) + by;
    PEAK.fetch_max(live, Relaxed);
}

// SAFETY: every call is passed straight to the system allocator; the
// counters are only bookkeeping.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, layout, new_size) };
        if !q.is_null() {
            LIVE.fetch_sub(layout.size(), Relaxed);
            grew(new_size);
        }
        q
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The generator's seed: any value works; this one is the documented figures'.
const SEED: u64 = 2026;
/// The issue's target: 100,000 resources judged in under a second.
const TARGET: (usize, Duration) = (100_000, Duration::from_secs(1));

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.replace(['_', ','], "").parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![10_000, 100_000]
    } else {
        sizes
    };
    let runs: usize = std::env::var("AWSCHECK_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
        .max(1);
    let checks = registry::all();
    let settings = generate::settings();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "awscheck judging benchmark: {} checks, {cores} core(s), seed {SEED}, {runs} timed runs after a warm-up",
        checks.len()
    );
    let replicated = generate::replicated(generate::GENERATORS);
    println!(
        "lists replicated from mocks/sandbox.json (no generator yet): {}",
        if replicated.is_empty() {
            "none".to_string()
        } else {
            replicated.join(", ")
        }
    );
    let largest = sizes.iter().copied().max().unwrap_or(0);
    for &n in &sizes {
        let before = LIVE.load(Relaxed);
        let start = Instant::now();
        let inventory = generate::inventory(n, SEED);
        let build = start.elapsed();
        let inventory_heap = LIVE.load(Relaxed).saturating_sub(before);

        let warm = engine::run(&inventory, checks, &settings);
        let (findings, per_status) = (warm.len(), tally(&warm));
        if let Ok(dir) = std::env::var("AWSCHECK_BENCH_FINDINGS") {
            dump(
                &warm,
                &std::path::Path::new(&dir).join(format!("findings-{n}.json")),
            );
        }
        drop(warm);
        let mut times = Vec::with_capacity(runs);
        let mut peak = 0;
        let mut kept = 0;
        for _ in 0..runs {
            let base = LIVE.load(Relaxed);
            PEAK.store(base, Relaxed);
            let start = Instant::now();
            let out = engine::run(&inventory, checks, &settings);
            times.push(start.elapsed());
            peak = peak.max(PEAK.load(Relaxed) - base);
            kept = LIVE.load(Relaxed).saturating_sub(base);
            drop(out);
        }
        times.sort();
        let (best, median) = (times[0], times[times.len() / 2]);

        println!();
        println!("N = {n}");
        println!(
            "  resources   {} (1 account, {} regions)",
            generate::count_resources(&inventory),
            generate::REGIONS.len()
        );
        println!("  findings    {findings}: {per_status}");
        println!(
            "  build       {} (inventory heap {})",
            ms(build),
            mib(inventory_heap)
        );
        println!(
            "  judge       best {}, median {} ({runs} runs); {:.1} µs per resource",
            ms(best),
            ms(median),
            best.as_secs_f64() * 1e6 / n as f64
        );
        println!(
            "  peak heap   {} during judging, above the inventory ({} of it is the findings returned)",
            mib(peak),
            mib(kept)
        );
        if n == TARGET.0 {
            let verdict = if best < TARGET.1 { "met" } else { "NOT met" };
            println!(
                "  target      {} resources in under {:?}: {verdict}",
                TARGET.0, TARGET.1
            );
        }
        if n == largest {
            shares(&inventory, &settings);
        }
    }
}

/// Each check judged alone (best of five), sorted by time, with its share.
fn shares(inventory: &awscheck_checks::Inventory, settings: &awscheck_checks::Settings) {
    let mut rows: Vec<(Duration, &str, usize)> = registry::all()
        .iter()
        .map(|check| {
            let mut best = Duration::MAX;
            let mut found = 0;
            for _ in 0..5 {
                let start = Instant::now();
                let out = engine::run(inventory, &[*check], settings);
                best = best.min(start.elapsed());
                found = out.len();
            }
            (best, check.id, found)
        })
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.0));
    let total: Duration = rows.iter().map(|r| r.0).sum();
    println!(
        "  per check   (each judged alone, best of 5; sum {})",
        ms(total)
    );
    for (time, id, found) in rows {
        println!(
            "    {:>5.1}%  {:>9}  {id} ({found} findings)",
            100.0 * time.as_secs_f64() / total.as_secs_f64(),
            ms(time)
        );
    }
}

/// Writes `findings` as JSON lines, for comparing two builds.
fn dump(findings: &[Finding], path: &std::path::Path) {
    use std::io::Write;
    let write = || -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
        for f in findings {
            serde_json::to_writer(&mut out, f)?;
            out.write_all(b"\n")?;
        }
        out.flush()
    };
    match write() {
        Ok(()) => println!("  (findings written to {})", path.display()),
        Err(e) => eprintln!("cannot write {}: {e}", path.display()),
    }
}

fn tally(findings: &[Finding]) -> String {
    [Status::Pass, Status::Fail, Status::Error, Status::Skip]
        .iter()
        .map(|s| {
            let n = findings.iter().filter(|f| f.status == *s).count();
            format!("{s} {n}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn mib(bytes: usize) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}
