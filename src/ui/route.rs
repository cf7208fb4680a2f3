//! Hash routes (`#/`, `#/nueva`, `#/ticket/ID`): a static host needs no rewrite rules and the
//! offline shell is a single URL.

use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Queue,
    NewTicket,
    Ticket(String),
    Data,
    Sync,
    Settings,
    Reports,
    Kb,
    Directory,
}

impl Route {
    pub fn parse(hash: &str) -> Self {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        match path.split_once('/') {
            Some(("ticket", id)) if !id.is_empty() => Self::Ticket(id.to_string()),
            _ if path == "nueva" => Self::NewTicket,
            _ if path == "datos" => Self::Data,
            _ if path == "sincronizar" => Self::Sync,
            _ if path == "ajustes" => Self::Settings,
            _ if path == "informes" => Self::Reports,
            _ if path == "conocimiento" => Self::Kb,
            _ if path == "directorio" => Self::Directory,
            _ => Self::Queue,
        }
    }

    pub fn href(&self) -> String {
        match self {
            Self::Queue => "#/".to_string(),
            Self::NewTicket => "#/nueva".to_string(),
            Self::Ticket(id) => format!("#/ticket/{id}"),
            Self::Data => "#/datos".to_string(),
            Self::Sync => "#/sincronizar".to_string(),
            Self::Settings => "#/ajustes".to_string(),
            Self::Reports => "#/informes".to_string(),
            Self::Kb => "#/conocimiento".to_string(),
            Self::Directory => "#/directorio".to_string(),
        }
    }
}

fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The current route, following `hashchange`.
pub fn use_route() -> ReadSignal<Route> {
    let (route, set_route) = signal(Route::parse(&current_hash()));
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        set_route.set(Route::parse(&current_hash()));
    });
    on_cleanup(move || handle.remove());
    route
}

/// Navigates to a route.
pub fn go(route: &Route) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(&route.href());
    }
}
