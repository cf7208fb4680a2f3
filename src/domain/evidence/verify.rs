//! Checking a history: every signature, every device's chain and, given a report's anchor, the
//! month's root and heads. [`verify`] names every broken event and why; the first in the
//! canonical `(hlc, id)` order is [`Verification::first_broken`].
//!
//! The order of the events given does not matter, nor do identical copies (a merge, a repeated
//! pull): the same set of events gives the same verdict.
//!
//! ```
//! use mesa::domain::event::{Event, EventId, EventKind, Hlc};
//! use mesa::domain::evidence::{verify, DeviceKey, Reason};
//!
//! let key = DeviceKey::from_seed([4; 32]);
//! let publication = key.publication_event("tablet-7", 1_000, 1, "ana").unwrap();
//! let mut head = None;
//! let mut events = vec![];
//! for (n, ms) in [2_000, 3_000, 4_000].into_iter().enumerate() {
//!     let hlc = Hlc::first(ms, "tablet-7");
//!     let id = EventId::from_parts(ms, n as u128);
//!     let mut e = Event::new(id.clone(), id.as_ticket(), hlc, "ana", EventKind::WaitingEnded);
//!     let prev = head.or(Some(mesa::domain::evidence::ChainHead {
//!         seq: 1,
//!         hash: mesa::domain::evidence::event_hash(&publication).unwrap(),
//!     }));
//!     head = Some(key.seal(&mut e, prev.as_ref()).unwrap());
//!     events.push(e);
//! }
//! events.push(publication);
//! assert!(verify(&events, None).holds(true));
//!
//! events.remove(1); // the device's event #3
//! let verdict = verify(&events, None);
//! assert_eq!(verdict.first_broken().unwrap().reason, Reason::Gap { from: 3, to: 3 });
//! ```

use std::collections::{BTreeMap, HashMap};

use super::anchor::MonthAnchor;
use super::check::{check_events, EventCheck};
use super::hex;
use super::keys::KeyBook;
use super::reason::{Broken, Reason};
use super::sign::SignatureStatus;
use crate::domain::event::{Event, EventId};

/// What [`verify`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Verification {
    /// Distinct events checked (identical copies count once).
    pub events: usize,
    /// Events whose signature holds with their device's published key.
    pub signed: usize,
    /// Events with no signature ("sin firma"), in canonical order: never treated as verified.
    pub unsigned: Vec<EventId>,
    /// Devices with a published key.
    pub devices: usize,
    /// Every broken event, the first (in canonical order) first; events broken only because
    /// another is (their device's key publication) come after the others.
    pub broken: Vec<Broken>,
    /// The check against a report's anchor, when one was given.
    pub anchor: Option<AnchorCheck>,
}

/// A report's anchor against the history: the root and event count the history gives now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnchorCheck {
    pub month: String,
    pub expected_root: String,
    pub found_root: String,
    pub expected_events: usize,
    pub found_events: usize,
}

impl AnchorCheck {
    /// The history still gives the report's root.
    pub fn holds(&self) -> bool {
        self.expected_root == self.found_root && self.expected_events == self.found_events
    }
}

impl Verification {
    /// Everything holds: no broken event, the anchor (if any) matches, and with `strict` no
    /// event is unsigned.
    pub fn holds(&self, strict: bool) -> bool {
        self.broken.is_empty()
            && self.anchor.as_ref().is_none_or(AnchorCheck::holds)
            && (!strict || self.unsigned.is_empty())
    }

    /// The first broken event in the canonical order.
    pub fn first_broken(&self) -> Option<&Broken> {
        self.broken.first()
    }
}

/// Checks `events` (see the module documentation), against `anchor` when given.
pub fn verify(events: &[Event], anchor: Option<&MonthAnchor>) -> Verification {
    let book = KeyBook::from_events(events);
    let checks = check_events(&book, events);
    verify_checked(events, &book, &checks, anchor)
}

/// [`verify`] with the key book and per-event checks already computed (`checks[i]` for
/// `events[i]`, as [`check_events`] gives them; checks of another length are recomputed).
pub fn verify_checked(
    events: &[Event],
    book: &KeyBook,
    checks: &[EventCheck],
    anchor: Option<&MonthAnchor>,
) -> Verification {
    if checks.len() != events.len() {
        // Not the checks of these events: check them here rather than skip any.
        return verify_checked(events, book, &check_events(book, events), anchor);
    }
    // Distinct events: identical copies (same id and hash) count once.
    let mut order: Vec<usize> = (0..events.len()).collect();
    order.sort_unstable_by(|&a, &b| {
        (&events[a].id, checks[a].hash).cmp(&(&events[b].id, checks[b].hash))
    });
    order.dedup_by(|a, b| events[*a].id == events[*b].id && checks[*a].hash == checks[*b].hash);
    let mut reasons: HashMap<usize, Reason> = HashMap::new();
    let mut out = Verification {
        events: order.len(),
        devices: book.len(),
        ..Verification::default()
    };
    for pair in order.windows(2) {
        if events[pair[0]].id == events[pair[1]].id {
            for &i in pair {
                if checks[i].status != SignatureStatus::Valid {
                    reasons.insert(i, Reason::SameIdDifferentContent);
                }
            }
        }
    }
    let mut unsigned = Vec::new();
    for &i in &order {
        let event = &events[i];
        let key = book.key_of(event.device());
        let reason = match checks[i].status {
            SignatureStatus::Valid => {
                out.signed += 1;
                key.and_then(|k| k.revoked_at)
                    .filter(|at| event.at() >= *at)
                    .map(|at| Reason::RevokedKey { at })
            }
            SignatureStatus::Unsigned if event.chain.is_some() => Some(Reason::ChainedUnsigned),
            SignatureStatus::Unsigned => match key {
                Some(k) if event.hlc > k.published_at => Some(Reason::UnsignedAfterKey {
                    since: k.published_by.clone(),
                }),
                _ => {
                    unsigned.push(i);
                    None
                }
            },
            SignatureStatus::OtherKey => Some(match book.rejected_publication(&event.id) {
                Some(first) => Reason::SecondKey {
                    first: first.clone(),
                },
                None if key.is_none() => match book.unproven_publication(event.device()) {
                    Some(p) if *p == event.id => Reason::Altered { next: None },
                    Some(p) => Reason::KeyPublicationBroken {
                        publication: p.clone(),
                    },
                    None => Reason::NoPublishedKey,
                },
                None => Reason::ResignedWithOtherKey {
                    key: event
                        .signature
                        .as_ref()
                        .map(|s| s.key.clone())
                        .unwrap_or_default(),
                },
            }),
            SignatureStatus::Invalid => Some(Reason::Altered { next: None }),
        };
        if let Some(reason) = reason {
            reasons.entry(i).or_insert(reason);
        }
    }
    check_chains(events, checks, &order, &mut reasons);
    if let Some(anchor) = anchor {
        out.anchor = Some(check_anchor(
            events,
            checks,
            &order,
            anchor,
            &mut reasons,
            &mut out,
        ));
    }
    unsigned.sort_by(|&a, &b| events[a].order(&events[b]));
    out.unsigned = unsigned.into_iter().map(|i| events[i].id.clone()).collect();
    let mut broken: Vec<(usize, Reason)> = reasons.into_iter().collect();
    broken.sort_by(|(a, ra), (b, rb)| {
        (ra.is_consequence().cmp(&rb.is_consequence())).then_with(|| events[*a].order(&events[*b]))
    });
    let mut listed: Vec<Broken> = broken
        .into_iter()
        .map(|(i, reason)| Broken {
            event: events[i].id.clone(),
            device: events[i].device().to_string(),
            reason,
        })
        .collect();
    listed.append(&mut out.broken);
    out.broken = listed;
    out
}

/// Walks every device's chain in position order, refining or adding reasons.
fn check_chains(
    events: &[Event],
    checks: &[EventCheck],
    order: &[usize],
    reasons: &mut HashMap<usize, Reason>,
) {
    let mut chains: BTreeMap<&str, Vec<(u64, usize)>> = BTreeMap::new();
    for &i in order {
        if let Some(link) = &events[i].chain {
            chains
                .entry(events[i].device())
                .or_default()
                .push((link.seq, i));
        }
    }
    let valid = |i: usize| checks[i].status == SignatureStatus::Valid;
    for chain in chains.values_mut() {
        // By position; at one position the validly signed event first.
        chain.sort_by_key(|&(seq, i)| (seq, !valid(i), i));
        let mut previous: Option<(u64, usize)> = None;
        for &(seq, i) in chain.iter() {
            if let Some((_, genuine)) = previous.filter(|(s, _)| *s == seq) {
                let of = events[genuine].id.clone();
                sharpen(reasons, i, Reason::Duplicate { of, seq });
                continue;
            }
            let link_prev = events[i].chain.as_ref().and_then(|l| l.prev.as_deref());
            match previous {
                None if seq > 1 => sharpen(
                    reasons,
                    i,
                    Reason::Gap {
                        from: 1,
                        to: seq - 1,
                    },
                ),
                None => {}
                Some((prev_seq, _)) if prev_seq + 1 < seq => {
                    let (from, to) = (prev_seq + 1, seq - 1);
                    sharpen(reasons, i, Reason::Gap { from, to });
                }
                // A broken predecessor is named itself: its follower is not blamed for it.
                Some((_, p)) if reasons.contains_key(&p) => {
                    if let Some(Reason::Altered { next }) = reasons.get_mut(&p) {
                        let links = link_prev == Some(hex::encode(&checks[p].hash).as_str());
                        if !links {
                            *next = Some(events[i].id.clone());
                        }
                    }
                }
                Some((_, p)) => {
                    let links = link_prev == Some(hex::encode(&checks[p].hash).as_str());
                    if events[i].hlc <= events[p].hlc {
                        let prev = events[p].id.clone();
                        sharpen(reasons, i, Reason::Reordered { prev });
                    } else if !links {
                        reasons.entry(i).or_insert(Reason::ChainMismatch {
                            prev: events[p].id.clone(),
                        });
                    }
                }
            }
            previous = Some((seq, i));
        }
    }
}

/// Gives event `i` a more specific reason than "altered" (a bad signature says that something
/// changed; the chain says what), keeping any other reason it already has.
fn sharpen(reasons: &mut HashMap<usize, Reason>, i: usize, reason: Reason) {
    match reasons.get(&i) {
        None | Some(Reason::Altered { .. }) => {
            reasons.insert(i, reason);
        }
        Some(_) => {}
    }
}

/// Compares the month's events with a report's anchor; heads it names that are gone or changed
/// become broken events (a missing head is listed last, as it has no place in the order).
fn check_anchor(
    events: &[Event],
    checks: &[EventCheck],
    order: &[usize],
    anchor: &MonthAnchor,
    reasons: &mut HashMap<usize, Reason>,
    out: &mut Verification,
) -> AnchorCheck {
    let hashed: Vec<(&Event, [u8; 32])> = order
        .iter()
        .map(|&i| (&events[i], checks[i].hash))
        .collect();
    let now = MonthAnchor::from_hashed(
        &hashed,
        &anchor.month,
        anchor.period_start,
        anchor.period_end,
    );
    let by_id: HashMap<&EventId, usize> = order.iter().map(|&i| (&events[i].id, i)).collect();
    for head in &anchor.heads {
        match by_id.get(&head.event) {
            None => out.broken.push(Broken {
                event: head.event.clone(),
                device: head.device.clone(),
                reason: Reason::HeadMissing { seq: head.seq },
            }),
            Some(&i) if hex::encode(&checks[i].hash) != head.hash.to_ascii_lowercase() => {
                reasons
                    .entry(i)
                    .or_insert(Reason::HeadAltered { seq: head.seq });
            }
            Some(_) => {}
        }
    }
    AnchorCheck {
        month: anchor.month.clone(),
        expected_root: anchor.root.to_ascii_lowercase(),
        found_root: now.root,
        expected_events: anchor.events,
        found_events: now.events,
    }
}
