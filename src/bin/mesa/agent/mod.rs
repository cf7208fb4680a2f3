//! `mesa agent`: one more device of the desk, always on. It follows the desk through the sync
//! endpoint into its own SQLite database, appends what the engine says is due (so warnings,
//! breaches, escalations and auto-closes happen with no browser open), mails the queued
//! notifications over SMTP, and pushes what it wrote.
//!
//! A pass: take or renew the desk's lease (one agent works per desk, see [`lease`]; another
//! one waits), sync (push the outbox, pull the feed), the due pass, mail in ([`inbox`]: the
//! lease renewed first), mail out, then sync again when it wrote something, and mark done the
//! messages of the mailbox whose events the endpoint acknowledged. `--once` runs one pass and
//! exits (0, or 1 when a failure could not be retried); otherwise a pass runs after every
//! change in the feed (long-poll) and at least every minute, backing off with jitter while the
//! endpoint fails.

mod due;
pub(crate) mod http;
mod imap;
mod inbox;
mod lease;
mod log;
mod mail;
mod message;
mod options;
mod signer;
mod store;
mod store_inbound;
mod sync;

use std::time::{Duration, Instant};

use mesa::domain::engine::Engine;
use mesa::sync::backoff::Backoff;
use mesa::sync::machine::SyncConfig;
use serde_json::json;

use crate::profiles::load_engine;
use crate::{Failure, Outcome};
use due::{due_pass, EngineCache};
use http::Endpoint;
use inbox::{Inbox, InboxError};
use mail::{mail_pass, Mailer};
use options::AgentOptions;
use store::Store;
use sync::sync_once;

/// The longest wait between passes.
const PERIOD: Duration = Duration::from_secs(60);

/// 32-bit jitter for the backoff (xorshift, seeded from the clock and the process id): retries
/// of several agents started together do not line up.
pub struct Jitter(u64);

impl Jitter {
    fn new() -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        Self((nanos ^ (u64::from(std::process::id()) << 32)) | 1)
    }

    pub fn next(&mut self) -> u32 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        (x >> 32) as u32
    }
}

/// Everything a pass needs.
struct Agent {
    endpoint: Endpoint,
    store: Store,
    config: SyncConfig,
    jitter: Jitter,
    engines: EngineCache,
    fallback: Option<Engine>,
    mailer: Option<Mailer>,
    inbox: Option<Inbox>,
    device: String,
    lease_ms: i64,
}

/// How a pass went.
#[derive(PartialEq, Eq)]
enum Passed {
    Worked,
    /// Another agent holds the desk's lease: nothing was done.
    Waited,
}

/// What mail in did in a pass.
#[derive(Default)]
struct MailIn {
    /// Events written.
    wrote: usize,
    /// Why the pass must end in failure (the mailbox, or answers not mailed).
    problem: Option<String>,
    /// The mailbox could not be used: nothing to mark in it.
    unusable: bool,
}

/// Why a pass stopped.
enum PassError {
    /// Worth another pass later (the endpoint is down, the SMTP server is busy).
    Retry(String),
    /// Will not get better by itself (credentials, missing database, local database).
    Fatal(String),
}

pub fn run(args: &[String]) -> Outcome {
    let options = AgentOptions::parse(args)?;
    let fallback = options.profile.as_deref().map(load_engine).transpose()?;
    let mailer = options
        .smtp
        .as_ref()
        .map(Mailer::new)
        .transpose()
        .map_err(Failure::Usage)?;
    let store = Store::open(&options.data).map_err(|e| Failure::Data(e.to_string()))?;
    let device = match store
        .meta("device")
        .map_err(|e| Failure::Data(e.to_string()))?
    {
        Some(device) => device,
        None => {
            let device = format!("agent{:08x}", Jitter::new().next());
            store
                .set_meta("device", &device)
                .map_err(|e| Failure::Data(e.to_string()))?;
            device
        }
    };
    log::info(
        "start",
        json!({
            "url": log::redact_url(&options.url), "db": options.db, "auth": format!("{:?}", options.auth),
            "data": options.data.display().to_string(), "device": device,
            "mail": options.smtp.as_ref().map(|s| format!("{}:{}", s.host, s.port)),
            "mail_in": options.imap.as_ref().map(|i| format!("{i:?}")),
            "once": options.once, "events": store.count().map_err(|e| Failure::Data(e.to_string()))?,
        }),
    );
    if let Some(imap) = options.imap.as_ref().filter(|i| !i.tls) {
        if !["127.0.0.1", "::1", "localhost"].contains(&imap.host.as_str()) {
            log::warn(
                "mail_in_plaintext",
                json!({"host": imap.host, "reason": "imap:// sends the password unencrypted: use imaps://"}),
            );
        }
    }
    let mut agent = Agent {
        endpoint: Endpoint::new(&options.url, &options.db, &options.auth),
        store,
        config: SyncConfig {
            timeout_ms: u64::from(options.timeout_seconds) * 1_000,
            ..SyncConfig::default()
        },
        jitter: Jitter::new(),
        engines: EngineCache::default(),
        fallback,
        mailer,
        inbox: options
            .imap
            .clone()
            .map(|imap| Inbox::new(imap, Duration::from_secs(options.timeout_seconds.into()))),
        device,
        lease_ms: i64::from(options.lease_seconds) * 1_000,
    };
    if options.once {
        let started = Instant::now();
        let outcome = agent.pass();
        if !matches!(outcome, Ok(Passed::Waited)) {
            agent.release();
        }
        log::info(
            "done",
            json!({"ms": started.elapsed().as_millis() as u64, "peak_rss_kb": log::peak_rss_kb()}),
        );
        return match outcome {
            Ok(_) => Ok(()),
            Err(PassError::Retry(m) | PassError::Fatal(m)) => {
                log::error("stop", json!({"reason": m}));
                Err(Failure::Data(m))
            }
        };
    }
    agent.run_forever()
}

impl Agent {
    /// Takes or renews the lease; `false` when another agent holds it.
    fn lease(&mut self) -> Result<bool, PassError> {
        let now = chrono::Utc::now().timestamp_millis();
        let timeout = self.config.timeout_ms;
        match lease::acquire(&self.endpoint, &self.device, now, self.lease_ms, timeout) {
            Ok(lease::Lease::Held { .. }) => Ok(true),
            Ok(lease::Lease::Taken { holder, until_ms }) => {
                log::info(
                    "lease_waiting",
                    json!({"holder": holder, "until": mesa::domain::event::ms_to_utc(until_ms).to_rfc3339()}),
                );
                Ok(false)
            }
            Err(kind) if kind.is_retryable() => Err(PassError::Retry(kind.to_string())),
            Err(kind) => Err(PassError::Fatal(kind.to_string())),
        }
    }

    /// Gives the lease up (after a `--once` pass), so another agent need not wait for it to end.
    fn release(&mut self) {
        match lease::release(&self.endpoint, &self.device, self.config.timeout_ms) {
            Ok(()) => log::info("lease_released", json!({})),
            Err(kind) => log::warn("lease_release_failed", json!({"reason": kind.to_string()})),
        }
    }

    /// One full pass (see [`Agent::steps`]); the mailbox is logged out of after it.
    fn pass(&mut self) -> Result<Passed, PassError> {
        let passed = self.steps();
        if let Some(inbox) = &mut self.inbox {
            inbox.close();
        }
        passed
    }

    /// Mail in: the mailbox's new messages into events and answers. A mailbox that cannot be
    /// used does not stop the pass (the rest of the desk does not wait for it): the pass ends
    /// with the reason (see [`MailIn`]).
    fn mail_in(&mut self) -> Result<MailIn, PassError> {
        let (Some(inbox), Some(mailer)) = (&mut self.inbox, &self.mailer) else {
            return Ok(MailIn::default());
        };
        let fallback = self.fallback.as_ref();
        let store = &mut self.store;
        match inbox.read_pass(store, &mut self.engines, fallback, mailer, &self.device) {
            Ok(pass) => Ok(MailIn {
                wrote: pass.wrote,
                problem: (pass.failed > 0).then(|| {
                    format!(
                        "{} answer(s) to the mailbox could not be mailed",
                        pass.failed
                    )
                }),
                unusable: false,
            }),
            Err(InboxError::Store(e)) => Err(PassError::Fatal(e.to_string())),
            Err(InboxError::Imap(e)) => {
                log::error("mail_in_unavailable", json!({ "reason": e.to_string() }));
                inbox.close();
                Ok(MailIn {
                    problem: Some(e.to_string()),
                    unusable: true,
                    ..MailIn::default()
                })
            }
        }
    }

    /// Marks done the messages whose events the endpoint acknowledged.
    fn mark_done(&mut self) -> Result<(), PassError> {
        let Some(inbox) = &mut self.inbox else {
            return Ok(());
        };
        match inbox.finish(&mut self.store) {
            Ok(_) => Ok(()),
            Err(InboxError::Store(e)) => Err(PassError::Fatal(e.to_string())),
            Err(InboxError::Imap(e)) => {
                log::error("mail_in_unavailable", json!({ "reason": e.to_string() }));
                Err(PassError::Retry(e.to_string()))
            }
        }
    }

    /// Lease, sync, due, mail in, mail out, sync again if anything was written, mark done.
    fn steps(&mut self) -> Result<Passed, PassError> {
        if !self.lease()? {
            return Ok(Passed::Waited);
        }
        self.sync()?;
        let now = chrono::Utc::now();
        let due = due_pass(
            &mut self.store,
            &mut self.engines,
            self.fallback.as_ref(),
            now,
        )
        .map_err(|e| PassError::Fatal(e.to_string()))?;
        let mut failed_mail = 0;
        let mut wrote = due.appended > 0;
        if self.mailer.is_some() && !self.lease()? {
            // Lost while syncing (a long catch-up): the other agent mails.
            return Ok(Passed::Waited);
        }
        let mail_in = self.mail_in()?;
        wrote |= mail_in.wrote > 0;
        if let Some(mailer) = &self.mailer {
            let mail = mail_pass(&mut self.store, mailer, &self.device)
                .map_err(|e| PassError::Fatal(e.to_string()))?;
            wrote |= mail.sent > 0;
            failed_mail = mail.failed;
        }
        let outbox = self
            .store
            .outbox()
            .map_err(|e| PassError::Fatal(e.to_string()))?;
        if wrote || !outbox.is_empty() {
            self.sync()?;
        }
        if !mail_in.unusable {
            self.mark_done()?;
        }
        if let Some(reason) = mail_in.problem {
            return Err(PassError::Retry(reason));
        }
        if failed_mail > 0 {
            return Err(PassError::Retry(format!(
                "{failed_mail} notification(s) could not be mailed"
            )));
        }
        Ok(Passed::Worked)
    }

    fn sync(&mut self) -> Result<(), PassError> {
        match sync_once(
            &self.endpoint,
            &mut self.store,
            &self.config,
            &mut self.jitter,
        ) {
            Ok(done) => {
                log::info(
                    "synced",
                    json!({"pushed": done.pushed, "pulled": done.pulled, "new": done.added}),
                );
                Ok(())
            }
            Err(sync::SyncFailure::Endpoint(kind)) if kind.is_retryable() => {
                Err(PassError::Retry(kind.to_string()))
            }
            Err(e) => Err(PassError::Fatal(e.to_string())),
        }
    }

    /// Passes until stopped: after each, wait for a change in the feed (long-poll) or a minute;
    /// after a failed pass, back off (1 s doubling to 5 min, with jitter).
    fn run_forever(&mut self) -> Outcome {
        let mut backoff = Backoff::new(1_000, 300_000);
        loop {
            let started = Instant::now();
            match self.pass() {
                Ok(_) => backoff.reset(),
                Err(PassError::Fatal(m)) => {
                    log::error("stop", json!({"reason": m}));
                    return Err(Failure::Data(m));
                }
                Err(PassError::Retry(m)) => {
                    let ms = backoff.next_delay(self.jitter.next());
                    log::warn("pass_failed", json!({"reason": m, "retry_in_ms": ms}));
                    std::thread::sleep(Duration::from_millis(ms));
                    continue;
                }
            }
            // The lease is renewed well before it ends.
            let period = PERIOD.min(Duration::from_millis((self.lease_ms / 3).max(1) as u64));
            let left = period.saturating_sub(started.elapsed());
            if left.is_zero() {
                continue;
            }
            let key = sync::checkpoint_key(&self.endpoint);
            let since = self.store.checkpoint(&key).ok().flatten();
            if let Err(kind) = self
                .endpoint
                .wait_for_changes(since.as_ref(), left.as_millis() as u64)
            {
                log::warn("wait_failed", json!({"reason": kind.to_string()}));
                let ms = backoff.next_delay(self.jitter.next());
                std::thread::sleep(Duration::from_millis(ms.min(left.as_millis() as u64)));
            }
        }
    }
}
