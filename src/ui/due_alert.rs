//! The due runner's alerts ([`crate::app::due::DueAlert`]) as system notifications, in the
//! user's language, when the user allowed them.
//!
//! ```ignore
//! crate::app::due::start(desk, signals, due_alert::system_notifications(i18n));
//! ```

use std::rc::Rc;

use leptos::prelude::*;

use crate::app::due::{AlertSink, DueAlert};
use crate::ui::i18n::I18n;

/// Shows each alert as a system notification if the user allowed them.
pub fn system_notifications(i18n: I18n) -> AlertSink {
    Rc::new(move |alert| show(i18n, &alert))
}

fn show(i18n: I18n, alert: &DueAlert) {
    use web_sys::{Notification, NotificationOptions, NotificationPermission};
    if Notification::permission() != NotificationPermission::Granted {
        return;
    }
    let key = if alert.breach {
        "settings.notify.breach"
    } else {
        "settings.notify.warning"
    };
    let number = alert.number.as_str();
    let (title, body) = untrack(|| {
        (
            i18n.t_with(key, &[("number", number)]),
            i18n.t_with("settings.notify.body", &[("number", number)]),
        )
    });
    let options = NotificationOptions::new();
    options.set_body(&body);
    options.set_tag(&format!("mesa-{number}-{}", alert.breach));
    let _ = Notification::new_with_options(&title, &options);
}
