//! One lane of [`super::blobs::move_files`]: a [`BlobSession`] driven to its end, one request
//! at a time, through `fetch` and the store. Several lanes run at once (the downloads are dealt
//! over them), each file in one lane only.

use std::cell::RefCell;
use std::collections::HashMap;
use std::time::Duration;

use leptos::prelude::*;

use super::blobs::{problem_key, set_state, stored_files, FileState, FilesReport};
use super::SyncError;
use crate::app::desk::{random_u128, Desk};
use crate::domain::content_hash::ContentHash;
use crate::store::StoreError;
use crate::sync::blobs::{BlobEffect, BlobSession, Body, Direction};
use crate::sync::browser::settings::SyncSettings;
use crate::sync::browser::transport;
use crate::sync::effect::ErrorKind;

/// Drives `session` to its end; what it did is added to `report`. `mime`: the media type of
/// each file to download.
pub(super) async fn drive(
    desk: &Desk,
    settings: &SyncSettings,
    mime: &HashMap<ContentHash, String>,
    mut session: BlobSession,
    report: &RefCell<FilesReport>,
) {
    let store = &desk.store;
    let timeout = crate::sync::browser::config().timeout_ms;
    while let Some(request) = session.next_request() {
        let url = request.url(settings.base(), settings.db());
        let hash = request.hash().clone();
        let current = (hash.clone(), request.direction());
        set_state(&hash, Some(FileState::Moving(request.direction())));
        let random = random_u128() as u32;
        // A file received stays here (a `Blob`, outside the app's memory) while the session
        // judges it by its hash; it is stored on `Store`, dropped otherwise.
        let mut received = None;
        let effects = match request.sends_file() {
            Some(content_type) => {
                let sent = match store.blob(&hash).await {
                    Ok(Some(blob)) => {
                        transport::send_bytes(
                            settings,
                            request.method(),
                            &url,
                            Some((content_type, &blob)),
                            timeout,
                        )
                        .await
                    }
                    Ok(None) => Err(ErrorKind::Protocol(
                        "the file is no longer on this device".into(),
                    )),
                    Err(e) => Err(ErrorKind::Protocol(format!("{} {}", e.code(), e.detail()))),
                };
                answer(&mut session, sent, random)
            }
            None if request.receives_file() => {
                match transport::receive_file(settings, &url, timeout).await {
                    Ok((status, Some(file))) => {
                        let effects = session.on_response(status, Body::Hashed(&file.hash), random);
                        received = Some(file.blob);
                        effects
                    }
                    Ok((status, None)) => session.on_response(status, Body::Bytes(&[]), random),
                    Err(kind) => session.on_error(kind, random),
                }
            }
            None => {
                let sent =
                    transport::send_bytes(settings, request.method(), &url, None, timeout).await;
                answer(&mut session, sent, random)
            }
        };
        for effect in effects {
            match effect {
                BlobEffect::Uploaded { hash } => {
                    if let Err(e) = store.mark_blob_uploaded(&hash).await {
                        report.borrow_mut().error = Some(SyncError::Store(e));
                    }
                    report.borrow_mut().uploaded += 1;
                    set_state(&hash, None);
                }
                BlobEffect::Store { hash } => {
                    let kind = mime.get(&hash).cloned().unwrap_or_default();
                    let stored = match received.take() {
                        Some(blob) => store.put_downloaded_blob(&hash, &kind, &blob).await,
                        None => Err(StoreError::Other("no file received to store".into())),
                    };
                    match stored {
                        Ok(()) => {
                            report.borrow_mut().downloaded += 1;
                            set_state(&hash, None);
                            stored_files().update(|n| *n += 1);
                        }
                        Err(e) => {
                            let error = SyncError::Store(e);
                            set_state(
                                &hash,
                                Some(FileState::Failed {
                                    direction: Direction::Down,
                                    key: error.key(),
                                    detail: error.detail(),
                                    retrying: false,
                                }),
                            );
                            report.borrow_mut().error = Some(error);
                        }
                    }
                }
                BlobEffect::Discarded { hash } => {
                    leptos::logging::warn!(
                        "attachments: bytes received for {hash} do not match; discarded"
                    );
                }
                BlobEffect::SetAside {
                    hash,
                    direction,
                    problem,
                } => {
                    report.borrow_mut().set_aside += 1;
                    set_state(
                        &hash,
                        Some(FileState::Failed {
                            direction,
                            key: problem_key(&problem),
                            detail: problem.to_string(),
                            retrying: false,
                        }),
                    );
                }
                BlobEffect::Wait { ms, after } => {
                    let error = SyncError::Sync(after);
                    set_state(
                        &current.0,
                        Some(FileState::Failed {
                            direction: current.1,
                            key: error.key(),
                            detail: error.detail(),
                            retrying: true,
                        }),
                    );
                    gloo_timers::future::sleep(Duration::from_millis(ms)).await;
                }
                BlobEffect::Failed { kind } => {
                    let error = SyncError::Sync(kind);
                    for pending in session.pending() {
                        set_state(
                            pending.hash(),
                            Some(FileState::Failed {
                                direction: pending.direction(),
                                key: error.key(),
                                detail: error.detail(),
                                retrying: false,
                            }),
                        );
                    }
                    report.borrow_mut().error = Some(error);
                }
                BlobEffect::Progress { .. } | BlobEffect::Done { .. } => {}
            }
        }
    }
}

/// What the session makes of an answer read whole into memory (an upload's, a revision's).
fn answer(
    session: &mut BlobSession,
    sent: Result<(u16, Vec<u8>), ErrorKind>,
    random: u32,
) -> Vec<BlobEffect> {
    match sent {
        Ok((status, body)) => session.on_response(status, &body, random),
        Err(kind) => session.on_error(kind, random),
    }
}
