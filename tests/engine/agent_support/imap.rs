//! A real IMAP server for the agent's mail-in tests: Dovecot (Debian's `dovecot-imapd`, which
//! `scripts/setup.sh` installs) in the foreground, with its own configuration in a temporary
//! directory: loopback only, one account from a passwd-file, a maildir, plain IMAP or IMAP over
//! TLS with a test CA's certificate. Messages are delivered, listed and marked unread through
//! Python's imaplib (this folder's `imap_tool.py`), a client apart from the agent's.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use super::servers::{free_port, port_open, start_listening, test_certificates, TempDir};

const DOVECOT: &str = "/usr/sbin/dovecot";

/// A running Dovecot with the account `desk`.
pub struct Dovecot {
    child: Child,
    pub dir: TempDir,
    /// The plain IMAP port (the tool's; the agent's too unless [`Dovecot::tls_port`]).
    pub port: u16,
    /// The IMAP-over-TLS port, when started with TLS.
    pub tls_port: Option<u16>,
    /// The test CA (for `--imap-ca`), when started with TLS.
    pub ca: Option<PathBuf>,
    pub user: String,
    pub password: String,
}

fn id(flag: &str) -> String {
    let out = Command::new("id").arg(flag).output().expect("id runs");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

impl Dovecot {
    pub fn start() -> Dovecot {
        Self::launch(false)
    }

    /// Also listening for IMAP over TLS (`imaps://`), with a certificate of a test CA.
    pub fn start_with_tls() -> Dovecot {
        Self::launch(true)
    }

    fn launch(tls: bool) -> Dovecot {
        assert!(
            Path::new(DOVECOT).exists(),
            "{DOVECOT} is missing: run ./scripts/setup.sh (apt-get install dovecot-imapd)"
        );
        let dir = TempDir::new("dovecot");
        let at = |name: &str| dir.0.join(name);
        let (user, password) = ("desk".to_string(), "desk-imap-pw-5".to_string());
        for sub in ["run", "mail"] {
            std::fs::create_dir_all(at(sub)).expect("dovecot dirs");
        }
        std::fs::write(at("passwd"), format!("{user}:{{PLAIN}}{password}\n")).expect("passwd");
        // Dovecot never gives mail to root: as root the mail belongs to its own `dovecot` user;
        // as anyone else, every process of it runs as that user.
        let (mail_user, login_user) = if id("-u") == "0" {
            let ok = Command::new("chown")
                .args(["-R", "dovecot:dovecot"])
                .arg(at("mail"))
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "chown of the test maildir to dovecot");
            ("dovecot".to_string(), "dovenull".to_string())
        } else {
            (id("-un"), id("-un"))
        };
        let internal = if mail_user == "dovecot" {
            "dovecot".to_string()
        } else {
            mail_user.clone()
        };
        if tls {
            test_certificates(&dir.0);
        }
        let users = Users {
            login: &login_user,
            mail: &mail_user,
            internal: &internal,
        };
        let log = || std::fs::read_to_string(at("dovecot.log")).unwrap_or_default();
        let (child, (port, tls_port)) = start_listening(
            "dovecot",
            Duration::from_secs(30),
            || (free_port(), tls.then(free_port)),
            |(port, tls_port)| {
                write_config(&dir, port, tls_port, &users);
                Command::new(DOVECOT)
                    .arg("-F")
                    .arg("-c")
                    .arg(at("dovecot.conf"))
                    .stdin(Stdio::null())
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .expect("dovecot starts")
            },
            |(port, tls_port)| port_open(port) && tls_port.is_none_or(port_open),
            log,
        );
        Dovecot {
            child,
            ca: tls.then(|| at("ca.pem")),
            dir,
            port,
            tls_port,
            user,
            password,
        }
    }

    /// `imaps://` when started with TLS, else `imap://`.
    pub fn url(&self) -> String {
        match self.tls_port {
            Some(port) => format!("imaps://127.0.0.1:{port}"),
            None => format!("imap://127.0.0.1:{}", self.port),
        }
    }

    fn tool(&self, args: &[&str]) -> Value {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let out = Command::new("python3")
            .arg(root.join("tests/engine/agent_support/imap_tool.py"))
            .args([&self.port.to_string(), &self.user, &self.password, "INBOX"])
            .args(args)
            .output()
            .expect("python3 runs the IMAP tool");
        assert!(
            out.status.success(),
            "imap_tool {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("the tool prints JSON")
    }

    /// Delivers a message (IMAP APPEND): its UID.
    pub fn append(&self, raw: &[u8]) -> u32 {
        let file = self.dir.0.join(format!("append-{}.eml", free_port()));
        std::fs::write(&file, raw).expect("message file");
        let uid = self.tool(&["append", &file.to_string_lossy()])["uid"]
            .as_u64()
            .expect("APPENDUID") as u32;
        let _ = std::fs::remove_file(file);
        uid
    }

    /// The flags of the message `uid` (`\Seen`, `$MesaSkipped`, …).
    pub fn flags(&self, uid: u32) -> Vec<String> {
        let all = self.tool(&["list"]);
        let found = all
            .as_array()
            .expect("a list")
            .iter()
            .find(|m| m["uid"] == uid)
            .unwrap_or_else(|| panic!("no message {uid} in {all}"));
        found["flags"]
            .as_array()
            .expect("flags")
            .iter()
            .filter_map(|f| f.as_str().map(str::to_string))
            .collect()
    }

    pub fn is_seen(&self, uid: u32) -> bool {
        self.flags(uid).iter().any(|f| f == "\\Seen")
    }

    /// Marks the message unread again (a person's mail program can).
    pub fn mark_unseen(&self, uid: u32) {
        self.tool(&["unseen", &uid.to_string()]);
    }
}

impl Drop for Dovecot {
    /// SIGTERM, so the master stops its login and mail processes too; then waits for it.
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

/// The system users a test Dovecot runs as.
struct Users<'a> {
    login: &'a str,
    mail: &'a str,
    internal: &'a str,
}

/// Writes `dovecot.conf` into `dir` for the given ports (the TLS certificates already there).
fn write_config(dir: &TempDir, port: u16, tls_port: Option<u16>, users: &Users) {
    let at = |name: &str| dir.0.join(name);
    let ssl = match tls_port {
        Some(_) => format!(
            "ssl = yes\nssl_cert = <{}\nssl_key = <{}\n",
            at("cert.pem").display(),
            at("key.pem").display()
        ),
        None => "ssl = no\n".to_string(),
    };
    let config = format!(
        "protocols = imap\nlisten = 127.0.0.1\nfirst_valid_uid = 1\n\
         base_dir = {run}\nstate_dir = {run}\ninstance_name = mesa-test-{port}\n\
         log_path = {log}\n{ssl}disable_plaintext_auth = no\nauth_mechanisms = plain login\n\
         default_login_user = {login_user}\ndefault_internal_user = {internal}\n\
         mail_location = maildir:{mail}/%u\n\
         passdb {{\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u {passwd}\n}}\n\
         userdb {{\n  driver = static\n  args = uid={mail_user} gid={mail_user} home={mail}/%u\n}}\n\
         service imap-login {{\n  chroot =\n  inet_listener imap {{\n    address = 127.0.0.1\n    port = {port}\n  }}\n\
         \x20 inet_listener imaps {{\n    address = 127.0.0.1\n    port = {imaps}\n  }}\n}}\n\
         service anvil {{\n  chroot =\n}}\n",
        run = at("run").display(),
        log = at("dovecot.log").display(),
        mail = at("mail").display(),
        passwd = at("passwd").display(),
        imaps = tls_port.unwrap_or(0),
        login_user = users.login,
        mail_user = users.mail,
        internal = users.internal,
    );
    std::fs::write(at("dovecot.conf"), config).expect("dovecot.conf");
}
