//! Devices that edit offline and sync through a faulty endpoint converge: after everyone syncs
//! with the faults off, every device holds the same events (none lost, none twice), folds them to
//! byte-identical JSON — tickets and desk (customers, directory, profile versions, articles,
//! settings) — with no desk edit lost, and the endpoint holds every event exactly once.
//!
//! `MESA_SYNC_CASES=10000 cargo test --test engine sync_sim::` runs a longer search.

use std::collections::{HashSet, VecDeque};

use mesa::domain::desk::fold_desk;
use mesa::domain::event::*;
use mesa::domain::fold::fold_all;
use mesa::domain::ticket::Status;
use mesa::sync::backoff::Backoff;
use mesa::sync::effect::{Effect, ErrorKind};
use mesa::sync::machine::{SyncConfig, SyncSession};
use mesa::sync::protocol::doc_to_event;
use mesa::sync::sim::{Fault, MemoryDevice, MemoryEndpoint};
use proptest::prelude::*;
use serde_json::json;

use crate::common::{desk_edits, sync_cases};

const T0: i64 = 1_792_000_000_000;

/// One device: its storage ([`MemoryDevice`], survives crashes) plus how it behaves.
struct Device {
    store: MemoryDevice,
    index: u128,
    skew_ms: i64,
    counter: u128,
    online: bool,
}

impl Device {
    fn new(index: usize, skew_ms: i64) -> Self {
        Self {
            store: MemoryDevice::new(format!("dev{index}")),
            index: index as u128,
            skew_ms,
            counter: 0,
            online: true,
        }
    }

    /// A user action, chosen from what this device's own fold shows.
    fn edit(&mut self, action: u8, pick: usize, now: i64) -> Event {
        let now = now + self.skew_ms;
        let tickets = fold_all(&self.store.log);
        let hlc = self.store.next_clock(now);
        self.counter += 1;
        let id = EventId::from_parts(hlc.wall_ms, (self.index << 64) | self.counter);
        let target = (!tickets.is_empty() && !action.is_multiple_of(5))
            .then(|| &tickets[pick % tickets.len()]);
        let (ticket, kind) = match target {
            None => (id.as_ticket(), opened(&self.store.name)),
            Some(t) => (t.id.clone(), follow_up(t.status, action)),
        };
        let event = Event::new(id, ticket, hlc, "tester", kind);
        self.store.commit(std::slice::from_ref(&event), true, now);
        event
    }

    /// A desk edit (customer, directory, profile, article, settings), chosen from what this
    /// device's own desk fold shows.
    fn edit_desk(&mut self, action: u8, pick: usize, now: i64) -> Event {
        let now = now + self.skew_ms;
        let desk = fold_desk(&self.store.log);
        let (key, kind) = desk_edits::desk_edit(&desk, &self.store.name, action, pick);
        let hlc = self.store.next_clock(now);
        self.counter += 1;
        let id = EventId::from_parts(hlc.wall_ms, (self.index << 64) | self.counter);
        let event = Event::new(id, key.to_ticket_id(), hlc, "tester", kind);
        self.store.commit(std::slice::from_ref(&event), true, now);
        event
    }
}

fn opened(device: &str) -> EventKind {
    EventKind::Opened(Opened {
        number: "261015-AAAAA".into(),
        customer: format!("cliente de {device}"),
        description: "Sin servicio".into(),
        severity: Some("2".into()),
        ..Opened::default()
    })
}

fn follow_up(status: Status, action: u8) -> EventKind {
    let comment = EventKind::Commented {
        text: "llamé al cliente".into(),
        customer_visible: action.is_multiple_of(2),
    };
    let resolved = EventKind::Resolved(Resolution {
        root_cause: "fibra".into(),
        solution: "empalme".into(),
        affected_minutes: Some(30),
        confirmed_by: "Luis".into(),
        category: None,
    });
    let escalated = EventKind::Escalated(Escalation::Functional {
        level: 2 + action % 2,
    });
    let options: Vec<EventKind> = match status {
        Status::Open => vec![
            comment,
            EventKind::WaitingStarted {
                reason: "datos".into(),
            },
            resolved,
            escalated,
        ],
        Status::WaitingOnCustomer => vec![EventKind::WaitingEnded, comment, resolved],
        Status::Resolved => vec![
            EventKind::Closed { note: "ok".into() },
            EventKind::CustomerRejected {
                reason: "sigue".into(),
            },
        ],
        Status::Closed | Status::Rejected => vec![
            EventKind::Reopened {
                reason: "volvió".into(),
            },
            comment,
        ],
    };
    options[(action as usize / 5) % options.len()].clone()
}

#[derive(Clone, Debug)]
enum Step {
    Edit {
        device: usize,
        action: u8,
        pick: usize,
    },
    /// A desk edit: customers, directory, profile versions, articles, settings.
    Desk {
        device: usize,
        action: u8,
        pick: usize,
    },
    Sync {
        device: usize,
    },
    /// A device goes offline or comes back (a partition).
    Toggle {
        device: usize,
    },
    /// Another application writes a document that is not an event.
    Foreign,
    Advance {
        ms: i64,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..5usize, any::<u8>(), any::<usize>()).prop_map(|(device, action, pick)| Step::Edit { device, action, pick }),
        3 => (0..5usize, any::<u8>(), any::<usize>()).prop_map(|(device, action, pick)| Step::Desk { device, action, pick }),
        4 => (0..5usize).prop_map(|device| Step::Sync { device }),
        1 => (0..5usize).prop_map(|device| Step::Toggle { device }),
        1 => Just(Step::Foreign),
        2 => (1..3_600_000i64).prop_map(|ms| Step::Advance { ms }),
    ]
}

/// A finite script of bytes: the faults and crashes of one case, one byte per decision.
struct Script {
    bytes: Vec<u8>,
    at: usize,
    enabled: bool,
}

impl Script {
    /// The next byte; `u8::MAX` (no fault, no crash) once the script is used up or disabled.
    fn next(&mut self) -> u8 {
        let b = self.bytes.get(self.at).copied().unwrap_or(u8::MAX);
        self.at += 1;
        if self.enabled {
            b
        } else {
            u8::MAX
        }
    }

    fn fault(&mut self) -> Fault {
        match self.next() % 26 {
            0 => Fault::Unreachable,
            1 => Fault::Status(503),
            2 => Fault::PartialPush {
                stored: 1,
                then_drop: false,
            },
            3 => Fault::PartialPush {
                stored: 2,
                then_drop: true,
            },
            4 => Fault::LostResponse,
            5 => Fault::Accepted,
            6 => Fault::DuplicateChanges,
            7 => Fault::ReorderChanges,
            8 => Fault::Rewind,
            9 => Fault::NoPending,
            11 => Fault::DocErrors { stored: 1 },
            12 => Fault::MissingEntry,
            10 => Fault::PartialPush {
                stored: 0,
                then_drop: true,
            },
            _ => Fault::None,
        }
    }

    fn crash(&mut self) -> bool {
        self.next() < 12
    }
}

/// What the endpoint answered to one request.
type Answer = Result<(u16, String), ErrorKind>;

#[derive(Debug, PartialEq)]
enum Outcome {
    Done { moved: u64 },
    Failed,
    Crashed,
}

struct World {
    devices: Vec<Device>,
    endpoint: MemoryEndpoint,
    config: SyncConfig,
    faults: Script,
    crashes: Script,
    now: i64,
    created: HashSet<EventId>,
    /// Like the browser: request the next `_changes` page before committing the current one
    /// ([`SyncSession::prefetch_request`]), and answer the session's next request with it.
    prefetch: bool,
}

impl World {
    fn sync(&mut self, d: usize) -> Outcome {
        let device = &mut self.devices[d];
        let mut session = SyncSession::new(
            self.config.clone(),
            device.store.outbox_events(),
            device.store.checkpoint.clone(),
        );
        let mut random = self.now as u32;
        // The early response to the next pull: (its URL, what the endpoint answered).
        let mut early: Option<(String, Answer)> = None;
        while let Some(request) = session.next_request() {
            random = random.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            let url = request.url("http://sim/", "mesa");
            let result = match early.take() {
                Some((early_url, result)) if early_url == url => result,
                _ => {
                    self.endpoint.fault = if device.online {
                        self.faults.fault()
                    } else {
                        Fault::Unreachable
                    };
                    self.endpoint
                        .handle(request.method(), &url, request.body().as_deref())
                }
            };
            if self.crashes.crash() {
                return Outcome::Crashed; // after the server acted, before the response was read
            }
            let mut effects: VecDeque<Effect> = match result {
                Ok((status, body)) => session.on_response(status, &body, self.now, random),
                Err(kind) => session.on_error(kind, random),
            }
            .into();
            while let Some(effect) = effects.pop_front() {
                match effect {
                    Effect::StoreEvents { events, checkpoint } => {
                        if let Some(next) = session.prefetch_request().filter(|_| self.prefetch) {
                            assert_eq!(next.method(), "GET");
                            self.endpoint.fault = if device.online {
                                self.faults.fault()
                            } else {
                                Fault::Unreachable
                            };
                            let url = next.url("http://sim/", "mesa");
                            let result = self.endpoint.handle("GET", &url, None);
                            early = Some((url, result));
                        }
                        device
                            .store
                            .commit(&events, false, self.now + device.skew_ms);
                        if self.crashes.crash() {
                            return Outcome::Crashed; // committed, checkpoint not saved
                        }
                        device.store.checkpoint = Some(checkpoint);
                        effects.extend(session.confirm_committed(self.now));
                    }
                    Effect::AckOutbox { ids } => {
                        assert!(
                            ids.iter().all(|id| self.endpoint.contains(id.as_str())),
                            "acked an event the endpoint lacks"
                        );
                        if self.crashes.crash() {
                            return Outcome::Crashed; // the endpoint has them, the outbox still too
                        }
                        device.store.ack(&ids);
                    }
                    Effect::Rejected { events } => {
                        // Refused one by one (a transient `unknown_error` here): they stay in
                        // the outbox for the next session.
                        assert!(events
                            .iter()
                            .all(|(id, _)| device.store.outbox.contains(id)));
                    }
                    Effect::Wait { ms, .. } => {
                        assert!(ms >= 1 && ms <= self.config.backoff.cap_ms);
                        self.now += ms as i64;
                    }
                    Effect::Progress { .. } => {}
                    // The simulated endpoint reads every cursor it handed out.
                    Effect::CursorRestarted { refused } => {
                        panic!("the simulated endpoint refused its own cursor {refused}")
                    }
                    Effect::Done { pushed, pulled, .. } => {
                        return Outcome::Done {
                            moved: pushed + pulled,
                        }
                    }
                    Effect::Failed { kind } => {
                        // The faults the model injects, and nothing else: a `_bulk_docs` answer
                        // that leaves a document out (`Fault::MissingEntry`) on every retry ends
                        // the session as a protocol error; the next session pushes it again.
                        assert!(
                            match &kind {
                                ErrorKind::Network
                                | ErrorKind::Timeout
                                | ErrorKind::Unavailable(_)
                                | ErrorKind::Rejected { .. } => true,
                                ErrorKind::Protocol(m) => {
                                    m.ends_with("missing from the _bulk_docs response")
                                }
                                _ => false,
                            },
                            "{kind:?}"
                        );
                        return Outcome::Failed;
                    }
                }
            }
        }
        panic!(
            "a session stopped without Done or Failed: {:?}",
            session.state()
        );
    }

    /// The checkpoint is safe: every event the endpoint had at or before a device's cursor is
    /// in that device's log.
    fn check_checkpoints(&self) {
        for device in &self.devices {
            let Some(cursor) = &device.store.checkpoint else {
                continue;
            };
            let upto = self
                .endpoint
                .cursor_seq(cursor)
                .expect("a cursor of this endpoint");
            for (seq, doc) in self.endpoint.docs().take_while(|(seq, _)| *seq <= upto) {
                let id = EventId(doc["_id"].as_str().unwrap_or_default().to_string());
                if self.created.contains(&id) {
                    assert!(
                        device.store.ids.contains(&id),
                        "{} skipped {} (seq {seq})",
                        device.store.name,
                        id.0
                    );
                }
            }
        }
    }
}

/// The knobs of one case besides its steps and scripts.
struct Tuning {
    push_batch: usize,
    pull_limit: u32,
    string_seqs: bool,
    prefetch: bool,
}

fn run_case(
    n: usize,
    steps: Vec<Step>,
    fault_bytes: Vec<u8>,
    crash_bytes: Vec<u8>,
    tuning: Tuning,
) {
    let Tuning {
        push_batch,
        pull_limit,
        string_seqs,
        prefetch,
    } = tuning;
    let mut endpoint = MemoryEndpoint::new();
    endpoint.string_seqs = string_seqs;
    endpoint.put_raw(json!({"_id": "_design/mesa", "views": {}}), false);
    endpoint.put_raw(json!({"_id": "gone", "_deleted": true}), true);
    let config = SyncConfig {
        push_batch,
        pull_limit,
        max_attempts: 4,
        backoff: Backoff::new(10, 1_000),
        max_pages: 1_000,
        ..SyncConfig::default()
    };
    let mut world = World {
        devices: (0..n)
            .map(|i| Device::new(i, (i as i64 - 2) * 1_500))
            .collect(),
        endpoint,
        config,
        faults: Script {
            bytes: fault_bytes,
            at: 0,
            enabled: true,
        },
        crashes: Script {
            bytes: crash_bytes,
            at: 0,
            enabled: true,
        },
        now: T0,
        created: HashSet::new(),
        prefetch,
    };
    let mut foreign = 0;
    for step in steps {
        match step {
            Step::Edit {
                device,
                action,
                pick,
            } => {
                let now = world.now;
                let event = world.devices[device % n].edit(action, pick, now);
                assert!(world.created.insert(event.id));
                world.now += 1_000;
            }
            Step::Desk {
                device,
                action,
                pick,
            } => {
                let now = world.now;
                let event = world.devices[device % n].edit_desk(action, pick, now);
                assert!(world.created.insert(event.id));
                world.now += 1_000;
            }
            Step::Sync { device } => {
                world.sync(device % n);
                world.check_checkpoints();
            }
            Step::Toggle { device } => world.devices[device % n].online ^= true,
            Step::Foreign => {
                foreign += 1;
                world.endpoint.put_raw(
                    json!({"_id": format!("cat-{foreign}"), "name": "Tom"}),
                    false,
                );
            }
            Step::Advance { ms } => world.now += ms,
        }
    }

    // Everyone online, no faults, no crashes: sync round after round until nothing moves.
    world.faults.enabled = false;
    world.crashes.enabled = false;
    for device in &mut world.devices {
        device.online = true;
    }
    let mut quiet = false;
    for _round in 0..2 * n + 2 {
        let mut moved = 0;
        for d in 0..n {
            match world.sync(d) {
                Outcome::Done { moved: m } => moved += m,
                other => panic!("sync without faults ended {other:?}"),
            }
            world.check_checkpoints();
        }
        if moved == 0 {
            quiet = true;
            break;
        }
    }
    assert!(quiet, "no quiescence");

    let on_endpoint: Vec<EventId> = world
        .endpoint
        .docs()
        .filter_map(|(_, d)| doc_to_event(d).ok())
        .map(|e| e.id)
        .collect();
    let unique: HashSet<&EventId> = on_endpoint.iter().collect();
    assert_eq!(
        unique.len(),
        on_endpoint.len(),
        "an event stored twice on the endpoint"
    );
    assert_eq!(
        unique.len(),
        world.created.len(),
        "the endpoint lacks events"
    );
    let reference = serde_json::to_string(&fold_all(&world.devices[0].store.log)).unwrap();
    let desk_reference = fold_desk(&world.devices[0].store.log);
    desk_edits::assert_nothing_lost(&desk_reference, &world.devices[0].store.log);
    let desk_reference = desk_reference.to_json();
    for device in &world.devices {
        assert!(
            device.store.outbox.is_empty(),
            "{} still has an outbox",
            device.store.name
        );
        assert_eq!(
            device.store.log.len(),
            device.store.ids.len(),
            "{} holds an event twice",
            device.store.name
        );
        assert_eq!(
            device.store.ids, world.created,
            "{} lacks events",
            device.store.name
        );
        let folded = serde_json::to_string(&fold_all(&device.store.log)).unwrap();
        assert_eq!(folded, reference, "{} folds differently", device.store.name);
        let desk = fold_desk(&device.store.log).to_json();
        assert_eq!(
            desk, desk_reference,
            "{} folds the desk differently",
            device.store.name
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(sync_cases(1_000)))]

    #[test]
    fn devices_converge_through_a_faulty_endpoint(
        n in 3..=5usize,
        steps in prop::collection::vec(step(), 1..40),
        fault_bytes in prop::collection::vec(any::<u8>(), 0..96),
        crash_bytes in prop::collection::vec(any::<u8>(), 0..64),
        push_batch in 1..5usize,
        pull_limit in 1..6u32,
        string_seqs in any::<bool>(),
        prefetch in any::<bool>(),
    ) {
        let tuning = Tuning { push_batch, pull_limit, string_seqs, prefetch };
        run_case(n, steps, fault_bytes, crash_bytes, tuning);
    }
}

/// A document the endpoint refuses (its `validate_doc_update` throws `forbidden`) blocks neither
/// the other events of the push nor the pull; it stays in the outbox and goes through once the
/// endpoint accepts it.
#[test]
fn a_refused_event_waits_in_the_outbox_while_everything_else_syncs() {
    let quiet = || Script {
        bytes: Vec::new(),
        at: 0,
        enabled: false,
    };
    let mut world = World {
        devices: vec![Device::new(0, 0), Device::new(1, 0)],
        endpoint: MemoryEndpoint::new(),
        config: SyncConfig {
            push_batch: 2,
            pull_limit: 2,
            ..SyncConfig::default()
        },
        faults: quiet(),
        crashes: quiet(),
        now: T0,
        created: HashSet::new(),
        prefetch: true,
    };
    let mut made = Vec::new();
    for i in 0..5u8 {
        let now = world.now;
        made.push(world.devices[0].edit(i + 1, 0, now));
        world.now += 1_000;
    }
    // Device 1 has something to push too, so the pull has something to bring to device 0.
    let now = world.now;
    let other = world.devices[1].edit(0, 0, now);
    let refused = made[1].id.clone();
    world.endpoint.forbidden.insert(refused.0.clone());

    assert!(matches!(world.sync(1), Outcome::Done { .. }));
    assert!(
        matches!(world.sync(0), Outcome::Done { .. }),
        "not a failure"
    );
    let device = &world.devices[0].store;
    assert_eq!(
        device.outbox,
        vec![refused.clone()],
        "only the refused event waits"
    );
    assert!(device.ids.contains(&other.id), "the pull went on");
    assert!(!world.endpoint.contains(refused.as_str()));
    for event in made.iter().filter(|e| e.id != refused) {
        assert!(world.endpoint.contains(event.id.as_str()));
    }
    // Another session tries again (and is refused again, without failing).
    assert!(matches!(world.sync(0), Outcome::Done { .. }));
    assert_eq!(world.devices[0].store.outbox, vec![refused.clone()]);

    // The endpoint's rule changes: the next sync delivers it, and device 1 gets it.
    world.endpoint.forbidden.clear();
    assert!(matches!(world.sync(0), Outcome::Done { .. }));
    assert!(world.devices[0].store.outbox.is_empty());
    assert!(matches!(world.sync(1), Outcome::Done { .. }));
    assert_eq!(world.devices[1].store.ids, world.devices[0].store.ids);
}
