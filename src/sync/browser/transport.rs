//! HTTP over `fetch`: authentication, a timeout through `AbortController`, and the mapping of
//! failures to [`ErrorKind`] (no response at all = network or CORS; aborted = timeout).

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestCache, RequestInit, RequestMode, Response};

use super::settings::{Auth, SyncSettings};
use crate::domain::content_hash::ContentHash;
use crate::sync::effect::ErrorKind;
use crate::sync::machine::{read_changes, ChangesBody};

/// The `Authorization` header value, if any.
fn authorization(settings: &SyncSettings) -> Option<String> {
    match settings.auth {
        Auth::None => None,
        Auth::Basic => Some(crate::sync::credentials::basic(
            &settings.user,
            &settings.password,
        )),
        Auth::Bearer => Some(format!("Bearer {}", settings.token.trim())),
    }
}

/// A response whose body is still to be read, with the timer that aborts the exchange after
/// its timeout (it lives until the body has been read).
struct Timed {
    response: Response,
    timed_out: Rc<Cell<bool>>,
    _timer: gloo_timers::callback::Timeout,
}

impl Timed {
    /// What a failed read was: the timeout firing, or the network.
    fn failure(&self) -> ErrorKind {
        failure(&self.timed_out)
    }
}

fn failure(timed_out: &Cell<bool>) -> ErrorKind {
    if timed_out.get() {
        ErrorKind::Timeout
    } else {
        ErrorKind::Network
    }
}

/// Sends `method url` with `headers` (the credentials added here) and `body`, and waits for the
/// response's head; the whole exchange is aborted after `timeout_ms`. `cache`: how the browser's
/// HTTP cache takes part (`None`: as it decides).
async fn fetch_timed(
    settings: &SyncSettings,
    method: &str,
    url: &str,
    headers: Headers,
    body: Option<&wasm_bindgen::JsValue>,
    timeout_ms: u64,
    cache: Option<RequestCache>,
) -> Result<Timed, ErrorKind> {
    let window = web_sys::window().ok_or(ErrorKind::Network)?;
    if let Some(value) = authorization(settings) {
        headers
            .set("Authorization", &value)
            .map_err(|_| ErrorKind::Protocol("invalid credentials text".into()))?;
    }
    let controller = AbortController::new().map_err(|_| ErrorKind::Network)?;
    let init = RequestInit::new();
    init.set_method(method);
    init.set_headers(&headers);
    init.set_mode(RequestMode::Cors);
    init.set_signal(Some(&controller.signal()));
    if let Some(body) = body {
        init.set_body(body);
    }
    if let Some(cache) = cache {
        init.set_cache(cache);
    }
    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let (timed_out, controller) = (timed_out.clone(), controller.clone());
        let ms = u32::try_from(timeout_ms).unwrap_or(u32::MAX);
        gloo_timers::callback::Timeout::new(ms, move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|_| failure(&timed_out))?;
    let response: Response = response.dyn_into().map_err(|_| ErrorKind::Network)?;
    Ok(Timed {
        response,
        timed_out,
        _timer: timer,
    })
}

/// Sends one request and reads the whole body, aborting after `timeout_ms`.
/// Returns the status and the body text.
pub async fn send(
    settings: &SyncSettings,
    method: &str,
    url: &str,
    body: Option<&str>,
    timeout_ms: u64,
) -> Result<(u16, String), ErrorKind> {
    let headers = Headers::new().map_err(|_| ErrorKind::Network)?;
    let _ = headers.set("Accept", "application/json");
    if body.is_some() {
        let _ = headers.set("Content-Type", "application/json");
    }
    let body = body.map(wasm_bindgen::JsValue::from_str);
    let timed = fetch_timed(
        settings,
        method,
        url,
        headers,
        body.as_ref(),
        timeout_ms,
        None,
    )
    .await?;
    let status = timed.response.status();
    let text = match timed.response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .map_err(|_| timed.failure())?
            .as_string()
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    Ok((status, text))
}

/// Whether anything answers at `url` when CORS is not required (an opaque `no-cors` request).
/// Used to tell "the server refuses this origin" from "nothing there".
pub async fn reachable_without_cors(url: &str, timeout_ms: u64) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let Ok(controller) = AbortController::new() else {
        return false;
    };
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_mode(RequestMode::NoCors);
    init.set_signal(Some(&controller.signal()));
    let _timer = gloo_timers::callback::Timeout::new(
        u32::try_from(timeout_ms).unwrap_or(u32::MAX),
        move || controller.abort(),
    );
    JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .is_ok()
}

/// What [`send`] returns: the status and the body text, or why there is none.
pub type Sent = Result<(u16, String), ErrorKind>;

/// What an [`Early`] page gives: its status and its body as read, or why there is none.
pub type EarlyPage = Result<(u16, ChangesBody), ErrorKind>;

/// The next `_changes` page requested ahead of its turn, while the current one commits: it
/// runs on its own task, which also reads the body when it arrives (while the page before is
/// still being written), and [`Early::response`] awaits its outcome when the session asks for
/// that request.
pub struct Early {
    /// The URL it was sent to (the session's next request must be the same).
    pub url: String,
    slot: Rc<std::cell::RefCell<Option<EarlyPage>>>,
    done: js_sys::Promise,
}

impl Early {
    /// Sends `GET url` now, with the same authentication and timeout as [`send`].
    pub fn get(settings: &SyncSettings, url: String, timeout_ms: u64) -> Self {
        let slot = Rc::new(std::cell::RefCell::new(None));
        let mut resolve = None;
        let done = js_sys::Promise::new(&mut |ok, _| resolve = Some(ok));
        let (settings, target, out) = (settings.clone(), url.clone(), slot.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let result = send(&settings, "GET", &target, None, timeout_ms).await;
            // A body is read only for a success: the session looks at nothing else of an error.
            let page = result.map(|(status, text)| match status {
                200..=299 => (status, read_changes(&text)),
                _ => (status, Err(String::new())),
            });
            *out.borrow_mut() = Some(page);
            if let Some(resolve) = resolve {
                let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
            }
        });
        Self { url, slot, done }
    }

    /// The outcome: the status and the body read, or why there is none.
    pub async fn response(self) -> EarlyPage {
        let _ = JsFuture::from(self.done).await;
        let result = self.slot.borrow_mut().take();
        result.unwrap_or(Err(ErrorKind::Network))
    }
}

/// [`send`] for attachment bytes: the body is a `Blob` sent as it is (never copied into the
/// app's memory) with `content_type`, and the response body is read as bytes.
pub async fn send_bytes(
    settings: &SyncSettings,
    method: &str,
    url: &str,
    body: Option<(&str, &web_sys::Blob)>,
    timeout_ms: u64,
) -> Result<(u16, Vec<u8>), ErrorKind> {
    let headers = Headers::new().map_err(|_| ErrorKind::Network)?;
    if let Some((content_type, _)) = body {
        let _ = headers.set("Content-Type", content_type);
    }
    let blob = body.map(|(_, blob)| blob.as_ref());
    let timed = fetch_timed(settings, method, url, headers, blob, timeout_ms, None).await?;
    let status = timed.response.status();
    let bytes = match timed.response.array_buffer() {
        Ok(promise) => {
            let buffer = JsFuture::from(promise).await.map_err(|_| timed.failure())?;
            js_sys::Uint8Array::new(&buffer).to_vec()
        }
        Err(_) => Vec::new(),
    };
    Ok((status, bytes))
}

/// A file received whole by [`receive_file`].
pub struct ReceivedFile {
    /// The response's body as the browser holds it (never copied into the app's memory).
    pub blob: web_sys::Blob,
    /// The SHA-256 of its bytes, computed by the browser ([`super::digest::sha256`]).
    pub hash: ContentHash,
}

/// `GET url` of a file's bytes (a download, or the check of what the endpoint holds), aborted
/// after `timeout_ms`: the status, and for a 2xx answer the body received whole as a `Blob`
/// with its hash. A body cut on the way is an error (no file); other answers have no file.
pub async fn receive_file(
    settings: &SyncSettings,
    url: &str,
    timeout_ms: u64,
) -> Result<(u16, Option<ReceivedFile>), ErrorKind> {
    let headers = Headers::new().map_err(|_| ErrorKind::Network)?;
    // Never through the HTTP cache: a damaged answer it kept would be served again on every
    // retry (revalidated as unchanged), and the file is kept in IndexedDB anyway.
    let timed = fetch_timed(
        settings,
        "GET",
        url,
        headers,
        None,
        timeout_ms,
        Some(RequestCache::NoStore),
    )
    .await?;
    let status = timed.response.status();
    if !(200..300).contains(&status) {
        return Ok((status, None));
    }
    let promise = timed.response.blob().map_err(|_| timed.failure())?;
    let blob: web_sys::Blob = JsFuture::from(promise)
        .await
        .map_err(|_| timed.failure())?
        .dyn_into()
        .map_err(|_| ErrorKind::Protocol("the file's body is not a Blob".into()))?;
    drop(timed);
    let hash = super::digest::sha256(&blob)
        .await
        .map_err(|e| ErrorKind::Protocol(format!("the file received could not be read: {e}")))?;
    Ok((status, Some(ReceivedFile { blob, hash })))
}
