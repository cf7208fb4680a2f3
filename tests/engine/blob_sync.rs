//! Attachment bytes travel by their SHA-256 (#16): devices attach files offline (some the same
//! bytes), push their events, upload the bytes after their events, and download what others
//! attached, through an endpoint that cuts uploads, loses responses, damages downloads, refuses
//! (413, 503) and is unreachable at random — a cut upload leaves the document with an empty
//! attachment, as pouchdb-server does. After everyone syncs with the faults off, every file is
//! on every device byte-identical, each stored once per device and in one document on the
//! endpoint, no upload went before its event, nothing was taken as uploaded that the endpoint
//! did not hold whole, and no damaged bytes were ever kept.
//!
//! `MESA_SYNC_CASES=2000 cargo test --test engine blob_sync::` runs a longer search.

use std::collections::{BTreeMap, HashSet, VecDeque};

use mesa::domain::attachment_list::{listed_attachments, referenced_hashes, Availability};
use mesa::domain::content_hash::{ContentHash, BLOB_ATTACHMENT};
use mesa::domain::event::*;
use mesa::sync::blobs::{
    uploads_due, BlobConfig, BlobEffect, BlobProblem, BlobRequest, BlobSession, Body, Direction,
};
use mesa::sync::effect::{Effect, ErrorKind};
use mesa::sync::machine::{SyncConfig, SyncSession};
use mesa::sync::sim::{Fault, MemoryDevice, MemoryEndpoint};
use proptest::prelude::*;

use crate::common::sync_cases;

const T0: i64 = 1_792_000_000_000;
const BASE: &str = "http://sim/";
const DB: &str = "mesa";

/// A device: its event storage, plus its blob store and what it knows is on the endpoint.
struct Phone {
    store: MemoryDevice,
    index: u128,
    counter: u128,
    blobs: BTreeMap<ContentHash, Vec<u8>>,
    on_endpoint: HashSet<ContentHash>,
    /// Blob writes that added bytes (a second write of the same hash would be a duplicate).
    writes: usize,
}

/// A seeded source of faults.
struct Faults {
    state: u64,
    /// One request in `rate` goes wrong (0: none).
    rate: u64,
}

impl Faults {
    fn next(&mut self) -> u64 {
        self.state = self
            .state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.state >> 33
    }

    fn any(&mut self) -> bool {
        self.rate > 0 && self.next().is_multiple_of(self.rate)
    }

    fn event_fault(&mut self) -> Fault {
        if !self.any() {
            return Fault::None;
        }
        match self.next() % 3 {
            0 => Fault::Unreachable,
            1 => Fault::LostResponse,
            _ => Fault::Status(503),
        }
    }

    fn blob_fault(&mut self) -> Fault {
        if !self.any() {
            return Fault::None;
        }
        match self.next() % 7 {
            0 => Fault::Unreachable,
            1 => Fault::LostResponse,
            2 => Fault::Status(503),
            3 => Fault::CutUpload,
            4 => Fault::CorruptBytes,
            5 => Fault::Status(413),
            _ => Fault::Status(404),
        }
    }
}

struct World {
    phones: Vec<Phone>,
    endpoint: MemoryEndpoint,
    now: i64,
    faults: Faults,
    /// Every file attached with a hash, by hash.
    originals: BTreeMap<ContentHash, Vec<u8>>,
    discarded: usize,
}

impl World {
    fn new(devices: usize, seed: u64, rate: u64) -> Self {
        Self {
            phones: (0..devices)
                .map(|i| Phone {
                    store: MemoryDevice::new(format!("dev{i}")),
                    index: i as u128,
                    counter: 0,
                    blobs: BTreeMap::new(),
                    on_endpoint: HashSet::new(),
                    writes: 0,
                })
                .collect(),
            endpoint: MemoryEndpoint::new(),
            now: T0,
            faults: Faults { state: seed, rate },
            originals: BTreeMap::new(),
            discarded: 0,
        }
    }

    /// Device `d` attaches `bytes` (with its hash, or as an event from before #16).
    fn attach(&mut self, d: usize, bytes: Vec<u8>, hashed: bool) {
        self.now += 1_000;
        let phone = &mut self.phones[d];
        let hlc = phone.store.next_clock(self.now);
        phone.counter += 1;
        let id = EventId::from_parts(hlc.wall_ms, (phone.index << 64) | phone.counter);
        let hash = ContentHash::of(&bytes);
        let meta = Attachment {
            id: id.0.clone(),
            name: format!("foto-{}.png", phone.counter),
            mime: "image/png".into(),
            size: bytes.len() as u64,
            sha256: hashed.then(|| hash.to_string()),
        };
        let event = Event::new(
            id.clone(),
            id.as_ticket(),
            hlc,
            "tecnico",
            EventKind::AttachmentAdded(meta),
        );
        phone
            .store
            .commit(std::slice::from_ref(&event), true, self.now);
        if hashed {
            self.originals.insert(hash.clone(), bytes.clone());
            // The same bytes attached again are stored once.
            if let std::collections::btree_map::Entry::Vacant(slot) = phone.blobs.entry(hash) {
                slot.insert(bytes);
                phone.writes += 1;
            }
        }
    }

    /// Pushes and pulls device `d`'s events, then moves its files.
    fn sync(&mut self, d: usize, faulty: bool) {
        self.sync_events(d, faulty);
        self.sync_blobs(d, faulty);
    }

    fn sync_events(&mut self, d: usize, faulty: bool) {
        let phone = &mut self.phones[d];
        let mut session = SyncSession::new(
            SyncConfig::default(),
            phone.store.outbox_events(),
            phone.store.checkpoint.clone(),
        );
        while let Some(request) = session.next_request() {
            self.now += 10;
            if faulty {
                self.endpoint.fault = self.faults.event_fault();
            }
            let url = request.url(BASE, DB);
            let result = self
                .endpoint
                .handle(request.method(), &url, request.body().as_deref());
            let random = self.faults.next() as u32;
            let mut effects: VecDeque<Effect> = match result {
                Ok((status, body)) => session.on_response(status, &body, self.now, random),
                Err(kind) => session.on_error(kind, random),
            }
            .into();
            while let Some(effect) = effects.pop_front() {
                match effect {
                    Effect::StoreEvents { events, checkpoint } => {
                        phone.store.commit(&events, false, self.now);
                        phone.store.checkpoint = Some(checkpoint);
                        effects.extend(session.confirm_committed(self.now));
                    }
                    Effect::AckOutbox { ids } => phone.store.ack(&ids),
                    Effect::Done { foreign, .. } => {
                        assert_eq!(foreign, 0, "blob documents read as foreign documents")
                    }
                    _ => {}
                }
            }
        }
    }

    fn sync_blobs(&mut self, d: usize, faulty: bool) {
        let phone = &mut self.phones[d];
        let outbox: HashSet<EventId> = phone.store.outbox.iter().cloned().collect();
        let held: HashSet<ContentHash> = phone
            .blobs
            .keys()
            .filter(|h| !phone.on_endpoint.contains(*h))
            .cloned()
            .collect();
        let uploads = uploads_due(&phone.store.log, &outbox, &held);
        let downloads: Vec<ContentHash> = referenced_hashes(&phone.store.log)
            .into_iter()
            .filter(|h| !phone.blobs.contains_key(h))
            .collect();
        let mut session = BlobSession::new(BlobConfig::default(), uploads, downloads);
        while let Some(request) = session.next_request() {
            self.now += 10;
            if faulty {
                self.endpoint.fault = self.faults.blob_fault();
            }
            let url = request.url(BASE, DB);
            let result = match request.sends_file() {
                Some(content_type) => {
                    let hash = request.hash();
                    assert!(
                        announced(&self.endpoint, hash),
                        "an upload went before the event that announces it"
                    );
                    let body = phone.blobs[hash].clone();
                    self.endpoint
                        .handle_attachment("PUT", &url, content_type, Some(&body))
                }
                None => self.endpoint.handle_attachment("GET", &url, "", None),
            };
            let random = self.faults.next() as u32;
            // The body received stays with the device until the session says what it is. Odd
            // devices hand over a file's hash as a browser does (hashed outside the app), even
            // ones its bytes.
            let (effects, received) = match result {
                Ok((status, body)) if request.receives_file() && d % 2 == 1 => {
                    let digest = ContentHash::of(&body);
                    (
                        session.on_response(status, Body::Hashed(&digest), random),
                        body,
                    )
                }
                Ok((status, body)) => (session.on_response(status, &body, random), body),
                Err(kind) => (session.on_error(kind, random), Vec::new()),
            };
            let mut received = Some(received);
            for effect in effects {
                match effect {
                    BlobEffect::Uploaded { hash } => {
                        assert_eq!(
                            self.endpoint
                                .attachment_bytes(&hash.doc_id(), BLOB_ATTACHMENT),
                            Some(self.originals[&hash].as_slice()),
                            "taken as uploaded, but the endpoint lacks the bytes"
                        );
                        phone.on_endpoint.insert(hash);
                    }
                    BlobEffect::Store { hash } => {
                        let bytes = received.take().expect("one body stored once");
                        assert_eq!(bytes, self.originals[&hash], "kept bytes that do not match");
                        assert!(
                            phone.blobs.insert(hash.clone(), bytes).is_none(),
                            "downloaded a file the device holds"
                        );
                        phone.writes += 1;
                        phone.on_endpoint.insert(hash);
                    }
                    BlobEffect::Discarded { .. } => self.discarded += 1,
                    _ => {}
                }
            }
        }
    }

    /// Everyone syncs twice with no fault: the first round pushes and uploads everything, the
    /// second pulls and downloads everything.
    fn settle(&mut self) {
        for _ in 0..2 {
            for d in 0..self.phones.len() {
                self.sync(d, false);
            }
        }
    }

    fn check(&self) {
        // One document per file. (Its bytes may have been written whole more than once: a
        // check whose answer was damaged on the way makes the device write them again.)
        assert_eq!(
            self.endpoint.attachment_docs(),
            self.originals.len(),
            "the endpoint holds a file twice (or misses one)"
        );
        for (hash, bytes) in &self.originals {
            assert_eq!(
                self.endpoint
                    .attachment_bytes(&hash.doc_id(), BLOB_ATTACHMENT),
                Some(bytes.as_slice())
            );
        }
        for phone in &self.phones {
            assert_eq!(
                phone.blobs, self.originals,
                "{} lacks files",
                phone.store.name
            );
            assert_eq!(phone.writes, phone.blobs.len(), "a file stored twice");
            for listed in listed_attachments(&phone.store.log) {
                let here = listed
                    .meta
                    .content_hash()
                    .is_some_and(|h| phone.blobs.contains_key(&h));
                assert!(matches!(
                    listed.availability(here),
                    Availability::Here | Availability::OnlyOnAuthorDevice
                ));
            }
        }
    }
}

/// Whether the endpoint holds an event that attaches `hash`.
fn announced(endpoint: &MemoryEndpoint, hash: &ContentHash) -> bool {
    endpoint.docs().any(|(_, doc)| {
        mesa::sync::protocol::doc_to_event(doc).is_ok_and(|e| {
            matches!(&e.kind, EventKind::AttachmentAdded(a) if a.content_hash().as_ref() == Some(hash))
        })
    })
}

#[derive(Clone, Debug)]
enum Op {
    /// Device, file of the pool, with a hash (or an event from before #16).
    Attach(usize, usize, bool),
    Sync(usize),
}

fn op(devices: usize) -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..devices, 0..6usize, prop::bool::weighted(0.9)).prop_map(|(d, f, h)| Op::Attach(d, f, h)),
        4 => (0..devices).prop_map(Op::Sync),
    ]
}

fn pool() -> impl Strategy<Value = Vec<Vec<u8>>> {
    prop::collection::vec(prop::collection::vec(any::<u8>(), 0..48), 6)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(sync_cases(200)))]

    #[test]
    fn every_file_ends_on_every_device_once_and_byte_identical(
        devices in 2..4usize,
        files in pool(),
        ops in prop::collection::vec(op(3), 1..40),
        seed in any::<u64>(),
        rate in 1..5u64,
    ) {
        let mut world = World::new(devices, seed, rate);
        for op in ops {
            match op {
                Op::Attach(d, f, hashed) => world.attach(d % devices, files[f].clone(), hashed),
                Op::Sync(d) => world.sync(d % devices, true),
            }
        }
        world.settle();
        world.check();
    }
}

// ---- The machine, case by case ----

fn hash(bytes: &[u8]) -> ContentHash {
    ContentHash::of(bytes)
}

fn upload_session(bytes: &[u8]) -> BlobSession {
    BlobSession::new(
        BlobConfig::default(),
        vec![(hash(bytes), "image/png".into())],
        vec![],
    )
}

/// Drives `session` against `endpoint` with `faults` on its first requests; returns the
/// requests made and the effects.
fn drive(
    session: &mut BlobSession,
    endpoint: &mut MemoryEndpoint,
    bytes: &[u8],
    faults: &[Fault],
) -> (Vec<BlobRequest>, Vec<BlobEffect>) {
    let (mut requests, mut effects) = (Vec::new(), Vec::new());
    while let Some(request) = session.next_request() {
        endpoint.fault = faults.get(requests.len()).copied().unwrap_or_default();
        let url = request.url(BASE, DB);
        let result = match request.sends_file() {
            Some(content_type) => {
                endpoint.handle_attachment("PUT", &url, content_type, Some(bytes))
            }
            None => endpoint.handle_attachment("GET", &url, "", None),
        };
        requests.push(request);
        effects.extend(match result {
            Ok((status, body)) => session.on_response(status, &body, 1),
            Err(kind) => session.on_error(kind, 1),
        });
    }
    (requests, effects)
}

#[test]
fn a_cut_upload_leaves_an_empty_file_that_is_never_taken_for_it_but_replaced() {
    let bytes = b"PNG-bytes".to_vec();
    let file = hash(&bytes);
    let mut endpoint = MemoryEndpoint::new();
    let mut session = upload_session(&bytes);
    let (requests, effects) = drive(&mut session, &mut endpoint, &bytes, &[Fault::CutUpload]);
    let kinds: Vec<&str> = requests
        .iter()
        .map(|r| match r {
            BlobRequest::Upload { .. } => "upload",
            BlobRequest::Check { .. } => "check",
            BlobRequest::Revision { .. } => "revision",
            BlobRequest::Replace { .. } => "replace",
            BlobRequest::Download { .. } => "download",
        })
        .collect();
    // Cut; sent again: 409 (the empty document); its bytes are checked, found wrong, and
    // replaced over its revision.
    assert_eq!(kinds, ["upload", "upload", "check", "revision", "replace"]);
    assert!(effects.contains(&BlobEffect::Uploaded { hash: file.clone() }));
    assert!(session.is_done());
    assert_eq!(
        endpoint.attachment_bytes(&file.doc_id(), BLOB_ATTACHMENT),
        Some(bytes.as_slice())
    );
    assert_eq!(endpoint.attachment_writes, 1, "the whole file written once");
}

#[test]
fn a_lost_answer_ends_as_already_there_once_the_bytes_there_check() {
    let bytes = b"log line".to_vec();
    let mut endpoint = MemoryEndpoint::new();
    let mut session = upload_session(&bytes);
    let (requests, effects) = drive(&mut session, &mut endpoint, &bytes, &[Fault::LostResponse]);
    assert_eq!(
        requests.len(),
        3,
        "upload (lost), upload (409), check: {requests:?}"
    );
    assert!(matches!(requests[2], BlobRequest::Check { .. }));
    assert!(effects
        .iter()
        .any(|e| matches!(e, BlobEffect::Uploaded { .. })));
    assert_eq!(endpoint.attachment_writes, 1);
}

#[test]
fn a_413_sets_the_file_aside_queued_and_the_session_goes_on() {
    let big = hash(b"big");
    let small = hash(b"small");
    let mut session = BlobSession::new(
        BlobConfig::default(),
        vec![
            (big.clone(), "image/jpeg".into()),
            (small.clone(), "text/plain".into()),
        ],
        vec![],
    );
    session.next_request();
    let effects = session.on_response(413, b"".as_slice(), 1);
    assert_eq!(
        effects[0],
        BlobEffect::SetAside {
            hash: big,
            direction: Direction::Up,
            problem: BlobProblem::TooLarge
        }
    );
    assert_eq!(BlobProblem::TooLarge.code(), "too_large");
    assert_eq!(
        session.next_request(),
        Some(BlobRequest::Upload {
            hash: small,
            content_type: "text/plain".into()
        })
    );
    let effects = session.on_response(201, b"".as_slice(), 1);
    assert!(effects.contains(&BlobEffect::Done {
        uploaded: 1,
        downloaded: 0,
        set_aside: 1
    }));
}

#[test]
fn damaged_bytes_are_never_kept_and_a_file_always_damaged_is_set_aside() {
    // Handed over as bytes, or as the hash the caller computed of them (a browser).
    let damaged = hash(b"phot0");
    for body in [Body::Bytes(b"phot0"), Body::Hashed(&damaged)] {
        damaged_every_time(body);
    }
}

fn damaged_every_time(body: Body<'_>) {
    let file = hash(b"photo");
    let mut session = BlobSession::new(BlobConfig::default(), vec![], vec![file.clone()]);
    let mut effects = Vec::new();
    while let Some(_request) = session.next_request() {
        effects.extend(session.on_response(200, body, 3));
    }
    assert!(!effects
        .iter()
        .any(|e| matches!(e, BlobEffect::Store { .. })));
    let discarded = effects
        .iter()
        .filter(|e| matches!(e, BlobEffect::Discarded { .. }))
        .count();
    assert_eq!(discarded, 2);
    assert!(effects.contains(&BlobEffect::SetAside {
        hash: file,
        direction: Direction::Down,
        problem: BlobProblem::Corrupt
    }));
    assert!(session.is_done());
}

#[test]
fn a_file_not_uploaded_yet_waits_for_a_later_session_and_refused_credentials_stop() {
    let file = hash(b"x");
    let mut session = BlobSession::new(BlobConfig::default(), vec![], vec![file.clone()]);
    session.next_request();
    let effects = session.on_response(404, b"".as_slice(), 1);
    assert!(matches!(
        &effects[0],
        BlobEffect::SetAside {
            problem: BlobProblem::NotOnEndpoint,
            ..
        }
    ));

    let mut session = BlobSession::new(BlobConfig::default(), vec![], vec![file]);
    session.next_request();
    assert_eq!(
        session.on_response(401, b"".as_slice(), 1),
        [BlobEffect::Failed {
            kind: ErrorKind::Auth(401)
        }]
    );
    assert!(session.is_failed() && session.next_request().is_none());
}

#[test]
fn the_same_file_listed_twice_moves_once_and_a_held_file_is_not_downloaded() {
    let a = hash(b"a");
    let b = hash(b"b");
    let session = BlobSession::new(
        BlobConfig::default(),
        vec![(a.clone(), "x/y".into()), (a.clone(), "x/y".into())],
        vec![a.clone(), b.clone(), b.clone()],
    );
    let pending: Vec<&BlobRequest> = session.pending().collect();
    assert_eq!(pending.len(), 2);
    assert_eq!(pending[0].hash(), &a);
    assert_eq!(pending[1], &BlobRequest::Download { hash: b });
    assert!(BlobSession::new(BlobConfig::default(), vec![], vec![]).is_done());
}

#[test]
fn blob_documents_in_the_changes_feed_are_not_events_nor_foreign() {
    use mesa::sync::protocol::{classify_change, Change, Pulled};
    let row: Change = serde_json::from_value(serde_json::json!({
        "seq": 4, "id": format!("blob-{}", hash(b"z")),
        "doc": {"_id": format!("blob-{}", hash(b"z")), "_attachments": {"bytes": {"stub": true}}}
    }))
    .unwrap();
    assert_eq!(classify_change(&row), Pulled::Ignored);
}

#[test]
fn a_device_set_to_always_fetches_each_file_the_pulled_events_announce_once() {
    use mesa::sync::blobs::{announced_files, DownloadMode};
    let mut world = World::new(1, 1, 0);
    world.attach(0, b"photo".to_vec(), true);
    world.attach(0, b"photo".to_vec(), true);
    world.attach(0, b"old".to_vec(), false);
    world.attach(0, b"log".to_vec(), true);
    let files = announced_files(&world.phones[0].store.log);
    assert_eq!(
        files,
        [
            (hash(b"photo"), "image/png".to_string()),
            (hash(b"log"), "image/png".to_string())
        ]
    );
    assert_eq!(DownloadMode::default(), DownloadMode::OnOpen);
    assert_eq!(DownloadMode::from_code("always"), DownloadMode::Always);
}
