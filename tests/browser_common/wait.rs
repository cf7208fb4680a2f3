//! Waiting in browser tests: `#[path = "browser_common/wait.rs"] mod wait;`.

/// Waits `ms` milliseconds: timers, effects and the renderer run meanwhile.
pub async fn sleep_ms(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

/// Waits until `ready` holds (rendering, saving and opening are asynchronous), checking every
/// 50 ms; panics naming `what` after about 5 s.
pub async fn until(what: &str, ready: impl Fn() -> bool) {
    for _ in 0..100 {
        if ready() {
            return;
        }
        sleep_ms(50).await;
    }
    panic!("timed out waiting for {what}");
}
