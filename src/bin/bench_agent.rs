//! Benchmark of `mesa agent` (#17): a desk of 100,000 events (`MESA_BENCH_EVENTS` to change it)
//! from the synthetic generator (P4, its process published on the desk) is posted to a
//! `pouchdb-server` started here (in memory, from `node_modules`), then one `mesa agent --once`
//! catches up from nothing; a second pass finds the desk unchanged. Printed as
//! `mesa-bench agent METRIC=VALUE` lines: events, catch-up time (pull into SQLite + due pass +
//! push), its peak resident memory, the time of the due pass over every open ticket, and the
//! time of a pass with nothing new.
//!
//! ```text
//! cargo build --profile bench --bin mesa --bin bench-agent
//! $CARGO_TARGET_DIR/release/bench-agent      # (bench profile output lands in release/)
//! ```

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    if let Err(e) = native::run() {
        eprintln!("bench-agent: {e}");
        std::process::exit(1);
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::process::{Child, Command, Stdio};
    use std::time::{Duration, Instant};

    use mesa::domain::desk::change::ProfilePublication;
    use mesa::domain::desk::RecordKey;
    use mesa::domain::event::{Event, EventId, EventKind, Hlc};
    use mesa::domain::profile::{preset, ProcessProfile};
    use mesa::domain::synthetic::Synthetic;
    use mesa::sync::protocol::event_to_doc;
    use serde_json::{json, Value};

    struct Killed(Child);

    impl Drop for Killed {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }

    fn http() -> ureq::Agent {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(600)))
            .build()
            .into()
    }

    fn desk(events: usize) -> Result<Vec<Event>, String> {
        let json = preset("p4-callmyway").ok_or("no preset")?;
        let profile = ProcessProfile::from_json(json).map_err(|e| format!("{e:?}"))?;
        let now = chrono::Utc::now().timestamp_millis();
        let publication = Event::new(
            EventId::from_parts(1, 1),
            RecordKey::Profile.to_ticket_id(),
            Hlc::first(1, "bench-admin"),
            "admin",
            EventKind::ProfilePublished(ProfilePublication::new(json)),
        );
        let mut out = vec![publication];
        let mut generator = Synthetic::new(&profile, "bench-desk", now, 17);
        while out.len() < events {
            out.extend(generator.tickets(500));
        }
        Ok(out)
    }

    /// Runs `mesa agent --once`; returns the wall time and its log lines.
    fn pass(
        mesa: &std::path::Path,
        url: &str,
        data: &std::path::Path,
    ) -> Result<(Duration, Vec<Value>), String> {
        let start = Instant::now();
        let out = Command::new(mesa)
            .args(["agent", "--url", url, "--db", "mesa", "--once", "--data"])
            .arg(data)
            .output()
            .map_err(|e| format!("mesa: {e}"))?;
        let took = start.elapsed();
        let log: Vec<Value> = String::from_utf8_lossy(&out.stderr)
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect();
        if !out.status.success() {
            return Err(format!("mesa agent failed: {log:?}"));
        }
        Ok((took, log))
    }

    fn field(log: &[Value], action: &str, key: &str) -> Option<u64> {
        log.iter()
            .rev()
            .filter(|l| l["action"] == action)
            .find_map(|l| l[key].as_u64())
    }

    pub fn run() -> Result<(), String> {
        let events: usize = std::env::var("MESA_BENCH_EVENTS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(100_000);
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let mesa = exe.with_file_name("mesa");
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let pouch = root.join("node_modules/.bin/pouchdb-server");
        let dir = std::env::temp_dir().join(format!("mesa-bench-agent-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let _server = Killed(
            Command::new(&pouch)
                .args([
                    "--in-memory",
                    "--port",
                    &port.to_string(),
                    "--no-stdout-logs",
                ])
                .current_dir(&dir)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .map_err(|e| format!("{}: {e} (run scripts/setup.sh)", pouch.display()))?,
        );
        let url = format!("http://127.0.0.1:{port}");
        let http = http();
        let ready = Instant::now();
        while http.get(&format!("{url}/")).call().is_err() {
            if ready.elapsed() > Duration::from_secs(60) {
                return Err("pouchdb-server did not start".into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        http.put(&format!("{url}/mesa"))
            .send_empty()
            .map_err(|e| e.to_string())?;
        let desk = desk(events)?;
        for chunk in desk.chunks(2_000) {
            let docs: Vec<Value> = chunk.iter().map(event_to_doc).collect();
            let mut response = http
                .post(&format!("{url}/mesa/_bulk_docs"))
                .header("Content-Type", "application/json")
                .send(json!({ "docs": docs }).to_string())
                .map_err(|e| e.to_string())?;
            if response.status().as_u16() >= 300 {
                let body = response.body_mut().read_to_string().unwrap_or_default();
                return Err(format!("seeding: {body}"));
            }
        }
        let data = dir.join("agent");
        let (catch_up, log) = pass(&mesa, &url, &data)?;
        let (idle, idle_log) = pass(&mesa, &url, &data)?;
        let _ = std::fs::remove_dir_all(&dir);
        println!("mesa-bench agent events={}", desk.len());
        println!("mesa-bench agent catch_up_ms={}", catch_up.as_millis());
        if let Some(kb) = field(&log, "done", "peak_rss_kb") {
            println!("mesa-bench agent peak_rss_mb={}", kb / 1024);
        }
        if let Some(ms) = field(&log, "due", "ms") {
            println!("mesa-bench agent due_pass_ms={ms}");
        }
        if let Some(n) = field(&log, "due", "active_tickets") {
            println!("mesa-bench agent active_tickets={n}");
        }
        if let Some(n) = field(&log, "due", "appended") {
            println!("mesa-bench agent due_events_appended={n}");
        }
        println!("mesa-bench agent idle_pass_ms={}", idle.as_millis());
        if let Some(kb) = field(&idle_log, "done", "peak_rss_kb") {
            println!("mesa-bench agent idle_pass_peak_rss_mb={}", kb / 1024);
        }
        Ok(())
    }
}
