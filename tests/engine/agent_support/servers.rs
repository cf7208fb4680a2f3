//! Real servers for the agent's tests, on loopback: `pouchdb-server` (npm, in memory) and an
//! SMTP server (`aiosmtpd` from PyPI, writing each message into a maildir). Both are installed
//! by `scripts/setup.sh`; a missing one fails the test with the command to run, never skips it.
//! Readiness is waited for by polling the port, never by a fixed sleep.

use std::collections::BTreeSet;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::Value;

pub use super::certs::test_certificates;

/// A loopback port nothing listens on now.
///
/// Never the same port twice in one test run: the kernel may hand a released port out again, and
/// a server started on a port another test's server already listens on would be taken for up
/// (the port answers) while it exited, its test talking to the other one's server.
pub fn free_port() -> u16 {
    static GIVEN: Mutex<BTreeSet<u16>> = Mutex::new(BTreeSet::new());
    let mut given = GIVEN.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free loopback port");
        if given.insert(port) {
            return port;
        }
    }
}

/// Polls `ready` every 20 ms until it holds, failing after `limit` with `what`.
pub fn eventually(what: &str, limit: Duration, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// How a server started for a test came out: listening, or exited before it listened.
enum Started {
    Listening,
    Exited,
}

/// Polls `ready` every 20 ms while `child` runs: [`Started::Exited`] if the child exits first
/// (for example because the port [`free_port`] picked was taken by another test's connection
/// before the server bound it: the caller retries on new ports), failing after `limit` with
/// `what` and `log` (what the server wrote).
fn wait_listening(
    child: &mut Child,
    what: &str,
    limit: Duration,
    mut ready: impl FnMut() -> bool,
    log: impl Fn() -> String,
) -> Started {
    let start = Instant::now();
    loop {
        if ready() {
            return Started::Listening;
        }
        if let Ok(Some(_)) = child.try_wait() {
            return Started::Exited;
        }
        assert!(
            start.elapsed() < limit,
            "timed out waiting for {what}; its log:\n{}",
            log()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// How many times a server that exits before listening is started again on new ports.
const START_TRIES: usize = 5;

/// Starts a server with `attempt` (start it on the given ports, wait for it) on the ports `ports`
/// picks. `None`: it exited before listening (a port taken meanwhile, say), so it is started again
/// on new ports, at most [`START_TRIES`] times; then fails naming `what`, with `log` (its output).
pub fn start_on_new_ports<P: Copy, S>(
    what: &str,
    mut ports: impl FnMut() -> P,
    mut attempt: impl FnMut(P) -> Option<S>,
    log: impl Fn() -> String,
) -> S {
    for _ in 0..START_TRIES {
        if let Some(started) = attempt(ports()) {
            return started;
        }
    }
    panic!(
        "{what} exited before listening, {START_TRIES} times; its log:\n{}",
        log()
    );
}

/// [`start_on_new_ports`] for a server `spawn`ed on the given ports that is up once `listening`
/// holds: waited for by [`wait_listening`] for at most `limit`. The running child and its ports.
pub fn start_listening<P: Copy>(
    what: &str,
    limit: Duration,
    ports: impl FnMut() -> P,
    mut spawn: impl FnMut(P) -> Child,
    listening: impl Fn(P) -> bool,
    log: impl Fn() -> String,
) -> (Child, P) {
    let waiting = format!("{what} to listen");
    start_on_new_ports(
        what,
        ports,
        |ports| {
            let mut child = spawn(ports);
            match wait_listening(&mut child, &waiting, limit, || listening(ports), &log) {
                Started::Listening => Some((child, ports)),
                Started::Exited => None,
            }
        },
        &log,
    )
}

pub fn port_open(port: u16) -> bool {
    TcpStream::connect(("127.0.0.1", port)).is_ok()
}

/// A temporary directory removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> Self {
        let path = std::env::temp_dir().join(format!(
            "mesa-{name}-{}-{}",
            std::process::id(),
            free_port()
        ));
        std::fs::create_dir_all(&path).expect("temp dir");
        Self(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A child process killed on drop.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `pouchdb-server --in-memory` with the database `mesa` created.
pub struct Couch {
    _server: Option<Server>,
    _dir: Option<TempDir>,
    pub url: String,
    pub db: String,
}

impl Couch {
    pub fn start() -> Couch {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let bin = root.join("node_modules/.bin/pouchdb-server");
        assert!(
            bin.exists(),
            "{} is missing: run ./scripts/setup.sh (npm ci) first",
            bin.display()
        );
        let dir = TempDir::new("pouchdb");
        let config = dir.0.join("config.json");
        let log = dir.0.join("log.txt");
        let output = dir.0.join("output.txt");
        std::fs::write(
            &config,
            serde_json::json!({"log": {"file": log}}).to_string(),
        )
        .expect("config");
        let written = || {
            let read = |path: &Path| std::fs::read_to_string(path).unwrap_or_default();
            format!("{}{}", read(&output), read(&log))
        };
        let (child, port) = start_listening(
            "pouchdb-server",
            Duration::from_secs(60),
            free_port,
            |port| {
                let stderr = std::fs::File::create(&output).expect("pouchdb-server output");
                Command::new(&bin)
                    .args([
                        "--in-memory",
                        "--port",
                        &port.to_string(),
                        "--no-stdout-logs",
                    ])
                    .arg("--dir")
                    .arg(&dir.0)
                    .arg("--config")
                    .arg(&config)
                    .current_dir(&dir.0)
                    .stdin(Stdio::null())
                    .stdout(Stdio::null())
                    .stderr(stderr)
                    .spawn()
                    .expect("pouchdb-server starts")
            },
            |port| get(&format!("http://127.0.0.1:{port}/")).is_some(),
            written,
        );
        let couch = Couch {
            _server: Some(Server(child)),
            _dir: Some(dir),
            url: format!("http://127.0.0.1:{port}"),
            db: "mesa".into(),
        };
        let (status, _) = couch.request("PUT", &format!("{}/mesa", couch.url), None);
        assert!([201, 412].contains(&status), "database created ({status})");
        couch
    }

    /// The same database reached at another address (a proxy in front of it).
    pub fn via(&self, url: &str) -> Couch {
        Couch {
            _server: None,
            _dir: None,
            url: url.to_string(),
            db: self.db.clone(),
        }
    }

    pub fn request(&self, method: &str, url: &str, body: Option<&Value>) -> (u16, Value) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        let response = match (method, body) {
            ("GET", _) => agent.get(url).call(),
            ("PUT", None) => agent.put(url).send_empty(),
            (_, Some(body)) => agent
                .post(url)
                .header("Content-Type", "application/json")
                .send(body.to_string()),
            _ => panic!("unsupported request {method}"),
        };
        let mut response = response.expect("the endpoint answers");
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().expect("body");
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// `PUT url` with a JSON body and an optional `Authorization` header: the status.
    pub fn put(&self, url: &str, body: &Value, authorization: Option<&str>) -> u16 {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        let mut request = agent.put(url).header("Content-Type", "application/json");
        if let Some(value) = authorization {
            request = request.header("Authorization", value);
        }
        request
            .send(body.to_string())
            .expect("the endpoint answers")
            .status()
            .as_u16()
    }

    /// `POST _bulk_docs`: the response entries.
    pub fn bulk_docs(&self, docs: Vec<Value>) -> Vec<Value> {
        let url = format!("{}/{}/_bulk_docs", self.url, self.db);
        let (status, body) = self.request("POST", &url, Some(&serde_json::json!({"docs": docs})));
        assert!((200..300).contains(&status), "_bulk_docs: {status} {body}");
        body.as_array().cloned().unwrap_or_default()
    }

    /// Every document of the database (`_all_docs?include_docs=true`).
    pub fn docs(&self) -> Vec<Value> {
        let url = format!("{}/{}/_all_docs?include_docs=true", self.url, self.db);
        let (status, body) = self.request("GET", &url, None);
        assert_eq!(status, 200, "{body}");
        body["rows"]
            .as_array()
            .map(|rows| rows.iter().map(|r| r["doc"].clone()).collect())
            .unwrap_or_default()
    }
}

fn get(url: &str) -> Option<()> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(2)))
        .build()
        .into();
    agent.get(url).call().ok().map(|_| ())
}

/// `python3 -m aiosmtpd` delivering every message into a maildir.
pub struct Smtp {
    _server: Server,
    pub dir: TempDir,
    pub port: u16,
}

impl Smtp {
    pub fn start() -> Smtp {
        let check = Command::new("python3")
            .args(["-c", "import aiosmtpd"])
            .status();
        assert!(
            check.is_ok_and(|s| s.success()),
            "python3 with aiosmtpd is missing: run ./scripts/setup.sh (pip install aiosmtpd)"
        );
        let dir = TempDir::new("smtp");
        let maildir = dir.0.join("maildir");
        let log = dir.0.join("aiosmtpd.log");
        let (child, port) = start_listening(
            "aiosmtpd",
            Duration::from_secs(30),
            free_port,
            |port| {
                let stderr = std::fs::File::create(&log).expect("aiosmtpd log");
                Command::new("python3")
                    .args(["-m", "aiosmtpd", "-n", "-l"])
                    .arg(format!("127.0.0.1:{port}"))
                    .args(["-c", "aiosmtpd.handlers.Mailbox"])
                    .arg(&maildir)
                    .stdin(Stdio::null())
                    .stdout(Stdio::null())
                    .stderr(stderr)
                    .spawn()
                    .expect("aiosmtpd starts")
            },
            port_open,
            || std::fs::read_to_string(&log).unwrap_or_default(),
        );
        Smtp {
            _server: Server(child),
            dir,
            port,
        }
    }

    /// The messages delivered so far (raw text), in no particular order.
    pub fn messages(&self) -> Vec<String> {
        delivered(&self.dir.0.join("maildir"))
    }
}

/// The messages delivered into `maildir` so far (raw text), in no particular order.
fn delivered(maildir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(maildir.join("new")) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok())
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect()
}

/// The journeys' fault proxy (`tests/e2e/fault-proxy.mjs`, through this folder's `fault_proxy.mjs`)
/// in front of `target`, with its rules (`[{path, method?, times, fault, status?}]`).
pub struct FaultProxy {
    _server: Server,
    pub url: String,
}

impl FaultProxy {
    pub fn start(target: &str, rules: &Value) -> FaultProxy {
        use std::io::BufRead;
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut child = Command::new("node")
            .arg(root.join("tests/engine/agent_support/fault_proxy.mjs"))
            .arg(target)
            .arg(rules.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("node runs the fault proxy");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the proxy says where it listens");
        let url = serde_json::from_str::<Value>(&line)
            .ok()
            .and_then(|v| v["url"].as_str().map(str::to_string))
            .unwrap_or_else(|| panic!("the fault proxy did not start: {line:?}"));
        FaultProxy {
            _server: Server(child),
            url,
        }
    }
}

/// An SMTP server that requires STARTTLS (a certificate of a test CA for 127.0.0.1, made with
/// `openssl`) and then AUTH as `user`/`password` (this folder's `smtp_tls.py`, aiosmtpd).
pub struct SecureSmtp {
    _server: Server,
    pub dir: TempDir,
    pub port: u16,
    /// The test CA's certificate (PEM), for `--smtp-ca`.
    pub ca: PathBuf,
}

impl SecureSmtp {
    pub fn start(user: &str, password: &str) -> SecureSmtp {
        use std::io::BufRead;
        let dir = TempDir::new("smtp-tls");
        let ca = test_certificates(&dir.0);
        let at = |name: &str| dir.0.join(name);
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let log = at("smtp_tls.log");
        let (child, port) = start_on_new_ports(
            "the TLS SMTP server",
            free_port,
            |port| {
                let stderr = std::fs::File::create(&log).expect("smtp_tls.py log");
                let mut child = Command::new("python3")
                    .arg(root.join("tests/engine/agent_support/smtp_tls.py"))
                    .arg(port.to_string())
                    .arg(at("maildir"))
                    .arg(at("cert.pem"))
                    .arg(at("key.pem"))
                    .args([user, password])
                    .stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .stderr(stderr)
                    .spawn()
                    .expect("python3 runs the SMTP server");
                let stdout = child.stdout.take().expect("stdout");
                let mut line = String::new();
                // An empty line: the server exited before listening (its port taken): new ports.
                let _ = std::io::BufReader::new(stdout).read_line(&mut line);
                if line.trim() == "ready" {
                    return Some((child, port));
                }
                let _ = child.kill();
                let _ = child.wait();
                None
            },
            || std::fs::read_to_string(&log).unwrap_or_default(),
        );
        SecureSmtp {
            _server: Server(child),
            dir,
            port,
            ca,
        }
    }

    /// The messages delivered so far (raw text).
    pub fn messages(&self) -> Vec<String> {
        delivered(&self.dir.0.join("maildir"))
    }
}
