//! The shell's reactive state, shared by the header, the banners and the Datos page. It lives
//! outside any component (Arc signals in a thread-local), because the header and the pages are
//! siblings and the service worker and the database report to it from callbacks.

use leptos::prelude::*;

use crate::store::StorageEstimate;

/// Arc-backed signals; [`Shell::signals`] gives cheap `Copy` handles for components.
#[derive(Clone)]
pub struct Shell {
    /// `navigator.storage.persisted()`; `None` until known or when the browser lacks it.
    pub persisted: ArcRwSignal<Option<bool>>,
    /// `navigator.storage.estimate()`; `None` until known or when the browser lacks it.
    pub estimate: ArcRwSignal<Option<StorageEstimate>>,
    /// A new service worker (a new deploy) is installed and waiting.
    pub update_waiting: ArcRwSignal<bool>,
    /// Another tab upgraded the database: this tab closed its connection and must reload.
    pub version_changed: ArcRwSignal<bool>,
    /// Opening the database waits for another tab that keeps an older version open.
    pub blocked: ArcRwSignal<bool>,
    /// The desk's process changed on another device (a profile version published there): the
    /// next start runs it.
    pub process_changed: ArcRwSignal<bool>,
}

/// `Copy` handles on [`Shell`] for use inside `view!` closures.
#[derive(Clone, Copy)]
pub struct ShellSignals {
    pub persisted: RwSignal<Option<bool>>,
    pub estimate: RwSignal<Option<StorageEstimate>>,
    pub update_waiting: RwSignal<bool>,
    pub version_changed: RwSignal<bool>,
    pub blocked: RwSignal<bool>,
    pub process_changed: RwSignal<bool>,
}

impl Shell {
    fn new() -> Self {
        Self {
            persisted: ArcRwSignal::new(None),
            estimate: ArcRwSignal::new(None),
            update_waiting: ArcRwSignal::new(false),
            version_changed: ArcRwSignal::new(false),
            blocked: ArcRwSignal::new(false),
            process_changed: ArcRwSignal::new(false),
        }
    }

    /// Handles owned by the current component (the state itself outlives it).
    pub fn signals(&self) -> ShellSignals {
        ShellSignals {
            persisted: self.persisted.clone().into(),
            estimate: self.estimate.clone().into(),
            update_waiting: self.update_waiting.clone().into(),
            version_changed: self.version_changed.clone().into(),
            blocked: self.blocked.clone().into(),
            process_changed: self.process_changed.clone().into(),
        }
    }
}

thread_local! {
    static SHELL: Shell = Shell::new();
}

/// The shell state of this tab.
pub fn shell() -> Shell {
    SHELL.with(Shell::clone)
}
