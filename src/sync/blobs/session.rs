//! The session: which request comes next and what a response means.

use std::collections::{HashSet, VecDeque};

use super::body::Body;
use super::effect::{BlobEffect, BlobProblem};
use super::request::{BlobRequest, Direction};
use crate::domain::content_hash::ContentHash;
use crate::sync::backoff::Backoff;
use crate::sync::effect::ErrorKind;
use crate::sync::protocol::{classify_status, StatusClass};

/// Tuning of a [`BlobSession`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlobConfig {
    /// Tries of one request (the first included) before the session fails.
    pub max_attempts: u32,
    /// Downloads of one file whose bytes do not match before it is set aside.
    pub max_mismatches: u32,
    pub backoff: Backoff,
}

impl Default for BlobConfig {
    fn default() -> Self {
        Self {
            max_attempts: 6,
            max_mismatches: 3,
            backoff: Backoff::default(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Phase {
    Running,
    Done,
    Failed,
}

/// One run over the files to upload and to download. See the module documentation.
#[derive(Clone, Debug)]
pub struct BlobSession {
    config: BlobConfig,
    queue: VecDeque<BlobRequest>,
    /// The media type of each file to upload.
    content_types: Vec<(ContentHash, String)>,
    total: usize,
    in_flight: bool,
    backoff: Backoff,
    /// Mismatched downloads of the file at the head of the queue.
    mismatches: u32,
    uploaded: usize,
    downloaded: usize,
    set_aside: usize,
    phase: Phase,
}

impl BlobSession {
    /// A session that uploads `uploads` (hash and media type; see [`super::uploads_due`]) and then
    /// downloads `downloads`. A file listed twice is moved once; a file both uploaded and
    /// wanted is not downloaded (this device has it).
    pub fn new(
        config: BlobConfig,
        uploads: Vec<(ContentHash, String)>,
        downloads: Vec<ContentHash>,
    ) -> Self {
        let mut seen = HashSet::new();
        let mut queue = VecDeque::new();
        let mut content_types = Vec::new();
        for (hash, content_type) in uploads {
            if seen.insert(hash.clone()) {
                content_types.push((hash.clone(), content_type.clone()));
                queue.push_back(BlobRequest::Upload { hash, content_type });
            }
        }
        for hash in downloads {
            if seen.insert(hash.clone()) {
                queue.push_back(BlobRequest::Download { hash });
            }
        }
        let phase = if queue.is_empty() {
            Phase::Done
        } else {
            Phase::Running
        };
        Self {
            backoff: config.backoff.clone(),
            config,
            total: queue.len(),
            queue,
            content_types,
            in_flight: false,
            mismatches: 0,
            uploaded: 0,
            downloaded: 0,
            set_aside: 0,
            phase,
        }
    }

    /// Every file was tried (or there was none).
    pub fn is_done(&self) -> bool {
        self.phase == Phase::Done
    }

    /// The session gave up.
    pub fn is_failed(&self) -> bool {
        self.phase == Phase::Failed
    }

    /// The files not finished yet, the one in flight first.
    pub fn pending(&self) -> impl Iterator<Item = &BlobRequest> {
        self.queue.iter()
    }

    /// The next request, or `None` while one is in flight or once the session is over. After
    /// a [`BlobEffect::Wait`], this is the retry.
    pub fn next_request(&mut self) -> Option<BlobRequest> {
        if self.in_flight || self.phase != Phase::Running {
            return None;
        }
        let request = self.queue.front()?.clone();
        self.in_flight = true;
        Some(request)
    }

    /// Reports the response to the request in flight: its status and body (for a download or a
    /// check, the bytes or their hash, see [`Body`]; the caller keeps what it received until
    /// [`BlobEffect::Store`] or the next request).
    pub fn on_response<'b>(
        &mut self,
        status: u16,
        body: impl Into<Body<'b>>,
        random: u32,
    ) -> Vec<BlobEffect> {
        let body = body.into();
        if !self.in_flight {
            return Vec::new();
        }
        let Some(request) = self.queue.front().cloned() else {
            return Vec::new();
        };
        self.in_flight = false;
        let direction = request.direction();
        let hash = request.hash().clone();
        let class = classify_status(status);
        match (&request, status, class) {
            (BlobRequest::Upload { .. } | BlobRequest::Replace { .. }, 409, _) => {
                // The document exists: it holds the file only if its bytes hash to it.
                self.replace_front(BlobRequest::Check { hash });
                Vec::new()
            }
            (BlobRequest::Upload { .. } | BlobRequest::Replace { .. }, _, StatusClass::Ok) => {
                self.uploaded += 1;
                self.finish(BlobEffect::Uploaded { hash })
            }
            (BlobRequest::Check { .. }, _, StatusClass::Ok) => {
                if body.is(&hash) {
                    self.uploaded += 1;
                    self.finish(BlobEffect::Uploaded { hash })
                } else {
                    self.mismatches += 1;
                    if self.mismatches >= self.config.max_mismatches {
                        self.set_aside(hash, direction, BlobProblem::Corrupt)
                    } else {
                        self.replace_front(BlobRequest::Revision { hash });
                        Vec::new()
                    }
                }
            }
            (BlobRequest::Revision { .. }, _, StatusClass::Ok) => {
                let rev = serde_json::from_slice::<serde_json::Value>(body.bytes())
                    .ok()
                    .and_then(|doc| doc.get("_rev")?.as_str().map(str::to_string));
                match rev {
                    Some(rev) => {
                        let content_type = self.content_type(&hash);
                        self.replace_front(BlobRequest::Replace {
                            hash,
                            content_type,
                            rev,
                        });
                        Vec::new()
                    }
                    None => self.retry_or_fail(
                        ErrorKind::Protocol("the file's document has no _rev".into()),
                        random,
                    ),
                }
            }
            // The document went away meanwhile: upload afresh.
            (BlobRequest::Check { .. } | BlobRequest::Revision { .. }, 404, _) => {
                let content_type = self.content_type(&hash);
                self.replace_front(BlobRequest::Upload { hash, content_type });
                Vec::new()
            }
            (BlobRequest::Download { .. }, _, StatusClass::Ok) => {
                if body.is(&hash) {
                    self.downloaded += 1;
                    self.finish(BlobEffect::Store { hash })
                } else {
                    self.mismatches += 1;
                    if self.mismatches >= self.config.max_mismatches {
                        self.set_aside(hash, direction, BlobProblem::Corrupt)
                    } else {
                        let after = ErrorKind::Protocol(BlobProblem::Corrupt.to_string());
                        let mut effects = vec![BlobEffect::Discarded { hash }];
                        effects.extend(self.retry_or_fail(after, random));
                        effects
                    }
                }
            }
            (_, 413, _) => self.set_aside(hash, direction, BlobProblem::TooLarge),
            (BlobRequest::Download { .. }, 404, _) => {
                self.set_aside(hash, direction, BlobProblem::NotOnEndpoint)
            }
            (_, _, StatusClass::Auth) => self.fail(ErrorKind::Auth(status)),
            (_, _, StatusClass::NotFound) => self.fail(ErrorKind::NotFound),
            (_, _, StatusClass::Retry) => {
                self.retry_or_fail(ErrorKind::Unavailable(status), random)
            }
            (_, _, StatusClass::Other) => {
                self.set_aside(hash, direction, BlobProblem::Refused(status))
            }
        }
    }

    /// The next step for the file at the head of the queue (no retry delay: it is a new
    /// request, not a failed one).
    fn replace_front(&mut self, next: BlobRequest) {
        if let Some(front) = self.queue.front_mut() {
            *front = next;
        }
    }

    fn content_type(&self, hash: &ContentHash) -> String {
        self.content_types
            .iter()
            .find(|(h, _)| h == hash)
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    }

    /// Reports a request that got no response (network error, timeout, a cut upload).
    pub fn on_error(&mut self, kind: ErrorKind, random: u32) -> Vec<BlobEffect> {
        if !std::mem::replace(&mut self.in_flight, false) {
            return Vec::new();
        }
        self.retry_or_fail(kind, random)
    }

    fn retry_or_fail(&mut self, kind: ErrorKind, random: u32) -> Vec<BlobEffect> {
        if kind.is_retryable() && self.backoff.attempt + 1 < self.config.max_attempts {
            vec![BlobEffect::Wait {
                ms: self.backoff.next_delay(random),
                after: kind,
            }]
        } else {
            self.fail(kind)
        }
    }

    fn fail(&mut self, kind: ErrorKind) -> Vec<BlobEffect> {
        self.phase = Phase::Failed;
        vec![BlobEffect::Failed { kind }]
    }

    fn set_aside(
        &mut self,
        hash: ContentHash,
        direction: Direction,
        problem: BlobProblem,
    ) -> Vec<BlobEffect> {
        self.set_aside += 1;
        self.finish(BlobEffect::SetAside {
            hash,
            direction,
            problem,
        })
    }

    /// The file at the head of the queue is finished with `effect`.
    fn finish(&mut self, effect: BlobEffect) -> Vec<BlobEffect> {
        self.queue.pop_front();
        self.mismatches = 0;
        self.backoff.reset();
        let mut effects = vec![
            effect,
            BlobEffect::Progress {
                finished: self.total - self.queue.len(),
                total: self.total,
            },
        ];
        if self.queue.is_empty() {
            self.phase = Phase::Done;
            effects.push(BlobEffect::Done {
                uploaded: self.uploaded,
                downloaded: self.downloaded,
                set_aside: self.set_aside,
            });
        }
        effects
    }
}
