//! Benchmark: `mesa verify` of a signed history of 1,000,000 events (#20; goal < 10 s).
//!
//! ```text
//! cargo build --profile bench --bin mesa --bin bench-verify
//! cargo run --profile bench --bin bench-verify [EVENTS] [DEVICES]
//! ```
//!
//! Generates a desk of `DEVICES` (default 8) devices, each publishing its key and writing notes
//! on tickets, every event chained and signed (generation is not timed); then times, as
//! `mesa verify --events FILE --report REPORT.json` does them: reading the events from their
//! JSON text (in parts, on every core), and verifying them (every signature, every chain, the month's anchor) on every
//! core; then, when the `mesa` binary of the same profile is beside it
//! (`cargo build --profile bench --bin mesa --bin bench-verify`), the whole
//! `mesa verify --events FILE` on the same events saved to a file. Prints human lines, then
//! `mesa-bench verify METRIC=VALUE` lines. CPU time is printed too: the machine may be shared.

#[path = "mesa/parallel.rs"]
mod parallel;

use std::time::Instant;

use chrono::DateTime;
use mesa::domain::event::{Event, EventId, EventKind, Hlc, TicketId};
use mesa::domain::evidence::{event_hash, seal_history, DeviceKey, MonthAnchor};

const START_MS: i64 = 1_790_812_800_000; // 2026-10-01T00:00:00Z

/// One device's part: its key publication and `count` notes a few seconds apart.
fn device_events(device: usize, count: usize) -> Vec<Event> {
    let name = format!("tableta-{device}");
    let key = DeviceKey::from_seed([device as u8 + 1; 32]);
    let mut events = Vec::with_capacity(count + 1);
    match key.publication_event(&name, START_MS + device as i64, device as u128, "admin") {
        Ok(e) => events.push(e),
        Err(e) => eprintln!("bench-verify: {e}"),
    }
    let mut clock = Hlc::first(START_MS + device as i64, &name);
    for n in 0..count {
        let at = START_MS + 1_000 + n as i64 * 2_000 + device as i64;
        clock = clock.tick(at);
        let random = ((device as u128) << 40) | n as u128;
        let id = EventId::from_parts(at, random);
        let kind = EventKind::Commented {
            text: format!("Actualización {n} al cliente: se revisó la troncal"),
            customer_visible: n % 3 == 0,
        };
        let ticket = TicketId(format!("T{:06}", (n / 20) * 8 + device));
        events.push(Event::new(id, ticket, clock.clone(), "operador", kind));
    }
    if let Err(e) = seal_history(&mut events, |d| (d == name).then_some(&key)) {
        eprintln!("bench-verify: {e}");
    }
    events
}

/// This process's CPU time (user + system, all threads) from `/proc/self/stat`; 0 elsewhere.
/// The machine is shared: wall time depends on what else runs, CPU time much less.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which is in parentheses): utime is the 12th, stime the 13th.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// Wall time of the `mesa` binary built beside this one verifying `text` saved to a file (what a
/// user runs: reading the file, parsing, verifying); `None` when it is not there or fails.
fn time_cli(text: &str) -> Option<f64> {
    let mesa = std::env::current_exe().ok()?.with_file_name("mesa");
    if !mesa.exists() {
        println!(
            "(no {} beside this benchmark: build it with the same profile to time it)",
            mesa.display()
        );
        return None;
    }
    let file = std::env::temp_dir().join(format!("mesa-bench-verify-{}.json", std::process::id()));
    std::fs::write(&file, text).ok()?;
    let started = Instant::now();
    let status = std::process::Command::new(&mesa)
        .arg("verify")
        .arg("--events")
        .arg(&file)
        .stdout(std::process::Stdio::null())
        .status();
    let elapsed = started.elapsed().as_secs_f64();
    let _ = std::fs::remove_file(&file);
    status.ok().filter(|s| s.success()).map(|_| elapsed)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let total: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let devices: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(8).max(1);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("bench-verify: {total} events from {devices} devices, {threads} threads");

    let started = Instant::now();
    let per_device = total.saturating_sub(devices) / devices;
    let mut events: Vec<Event> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..devices)
            .map(|d| scope.spawn(move || device_events(d, per_device)))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    events.sort_by(|a, b| a.id.cmp(&b.id)); // as `_all_docs` lists them
    let from = DateTime::from_timestamp_millis(START_MS).unwrap_or_default();
    let to = DateTime::from_timestamp_millis(START_MS + 31 * 86_400_000).unwrap_or_default();
    let anchor = match MonthAnchor::compute(&events, "2026-10", from, to) {
        Ok(a) => a,
        Err(e) => return eprintln!("bench-verify: {e}"),
    };
    let text = match serde_json::to_string(&events) {
        Ok(t) => t,
        Err(e) => return eprintln!("bench-verify: {e}"),
    };
    println!(
        "generated and signed in {:.1} s ({:.0} MB of JSON)",
        started.elapsed().as_secs_f64(),
        text.len() as f64 / 1e6
    );
    drop(events);

    let (started, cpu_before) = (Instant::now(), cpu_seconds());
    // As `mesa verify --events FILE` reads an array: in parts, on every core.
    let Some(events) = parallel::parse_events(&text) else {
        return eprintln!("bench-verify: the generated JSON does not parse");
    };
    let read = started.elapsed().as_secs_f64();
    let read_cpu = cpu_seconds() - cpu_before;
    let (started, cpu_before) = (Instant::now(), cpu_seconds());
    let verdict = parallel::verify_parallel(&events, Some(&anchor));
    let verify = started.elapsed().as_secs_f64();
    let verify_cpu = cpu_seconds() - cpu_before;
    // The share of canonical JSON and hashing alone (one thread).
    let (started, cpu_before) = (Instant::now(), cpu_seconds());
    let hashed = events.iter().filter(|e| event_hash(e).is_ok()).count();
    let hash_cpu = cpu_seconds() - cpu_before;
    let hash_wall = started.elapsed().as_secs_f64();
    let holds = verdict.holds(true);
    println!("read the JSON in {read:.2} s ({read_cpu:.2} s CPU)");
    println!(
        "verified {} events ({} signed, {} broken, anchor {}) in {verify:.2} s: {:.1} µs an event",
        verdict.events,
        verdict.signed,
        verdict.broken.len(),
        if verdict.anchor.as_ref().is_some_and(|a| a.holds()) {
            "matches"
        } else {
            "DOES NOT match"
        },
        verify * 1e6 / verdict.events.max(1) as f64
    );
    println!(
        "  CPU time of the verify: {verify_cpu:.2} s ({:.1} µs an event; on {threads} idle cores \
         about {:.2} s); the canonical JSON + SHA-256 of every event alone: {hash_cpu:.2} s CPU \
         ({hash_wall:.2} s, {hashed} events)",
        verify_cpu * 1e6 / verdict.events.max(1) as f64,
        verify_cpu / threads as f64
    );
    println!("read + verify: {:.2} s (goal < 10 s)", read + verify);
    let cli = time_cli(&text);
    if let Some(cli) = cli {
        println!("`mesa verify --events FILE` on the same events as a file: {cli:.2} s");
    }
    println!("mesa-bench verify events={}", verdict.events);
    println!("mesa-bench verify threads={threads}");
    println!("mesa-bench verify read_s={read:.3}");
    println!("mesa-bench verify read_cpu_s={read_cpu:.3}");
    println!("mesa-bench verify verify_s={verify:.3}");
    println!("mesa-bench verify verify_cpu_s={verify_cpu:.3}");
    println!("mesa-bench verify canonical_hash_cpu_s={hash_cpu:.3}");
    println!("mesa-bench verify total_s={:.3}", read + verify);
    if let Some(cli) = cli {
        println!("mesa-bench verify cli_s={cli:.3}");
    }
    println!("mesa-bench verify holds={holds}");
    if !holds {
        std::process::exit(1);
    }
}
