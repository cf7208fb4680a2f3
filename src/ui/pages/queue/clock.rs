//! The Bandeja's clock: the time every second (for the countdowns) and a minute counter (clock
//! states move from running to warning to breached as time passes, so the summaries are
//! computed again once a minute).

use chrono::{DateTime, Utc};
use leptos::prelude::*;

pub(super) fn now() -> DateTime<Utc> {
    crate::app::clock::now()
}

/// The time, set every second, and the minutes passed (bumped at each new minute), stopped when
/// the page goes.
#[derive(Clone, Copy)]
pub(super) struct QueueClock {
    pub minute: RwSignal<u64>,
    pub time: RwSignal<DateTime<Utc>>,
}

pub(super) fn use_queue_clock() -> QueueClock {
    let minute = RwSignal::new(0u64);
    let time = RwSignal::new(now());
    let tick = set_interval_with_handle(
        move || {
            let t = now();
            time.set(t);
            if t.timestamp() % 60 == 0 {
                minute.update(|m| *m += 1);
            }
        },
        std::time::Duration::from_secs(1),
    );
    on_cleanup(move || {
        if let Ok(handle) = tick {
            handle.clear();
        }
    });
    QueueClock { minute, time }
}
