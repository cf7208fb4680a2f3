//! The Leptos app: start-up, header, routes. Components call the domain and the store; they hold
//! no business rules.

#[cfg(feature = "test-hooks")]
pub mod bench_hooks;
pub mod contact;
pub mod desk_name;
pub mod due_alert;
pub mod first_steps;
pub mod header;
pub mod i18n;
pub mod long_text;
pub mod pages;
pub mod route;
pub mod save_state;
pub mod shell;
pub mod split;

use leptos::context::Provider;
use leptos::prelude::*;

use crate::app::desk::{open_desk, DeskSignals, DB_NAME};
use crate::app::open_desk::OpenDesk;
use crate::app::queue_preview::QueuePreview;
use crate::app::{desk_versions, due, perf};
use i18n::{provide_i18n, use_i18n};
use route::{use_route, Route};

/// Mounts the app on `<body>`.
pub fn mount() {
    console_error_panic_hook::set_once();
    #[cfg(feature = "test-hooks")]
    {
        bench_hooks::install();
        crate::app::test_hooks::install();
    }
    // The boot shell first: mounting runs the app's start-up on the main thread, and a first
    // paint waiting for it came half a second later on a slow phone (and Lighthouse then tied
    // the largest paint to the wasm download, issue #15).
    after_first_paint(|| leptos::mount::mount_to_body(App));
}

/// Runs `start` once the browser has painted the page as it is: after the next animation frame
/// has been painted, or after 200 ms where no frame comes (a tab opened in the background paints
/// nothing, and its clocks and sync must start all the same).
fn after_first_paint(start: impl FnOnce() + 'static) {
    let start = std::rc::Rc::new(std::cell::RefCell::new(Some(start)));
    let run = move || {
        if let Some(start) = start.borrow_mut().take() {
            start();
        }
    };
    let hidden = web_sys::window()
        .and_then(|w| w.document())
        .is_none_or(|d| d.hidden());
    if hidden {
        run();
        return;
    }
    let after_frame = run.clone();
    request_animation_frame(move || {
        gloo_timers::callback::Timeout::new(0, after_frame).forget();
    });
    gloo_timers::callback::Timeout::new(200, run).forget();
}

/// Removes the shell index.html painted while the code was on its way (the header, a new
/// device's first steps, "Cargando la mesa…"). Until then the app's elements, mounted after it,
/// are hidden by the stylesheet (`#boot ~ *`), so no frame shows both or neither: it goes when
/// the first screen is ready, or when the app has something else to say (a store failure, an
/// upgrade blocked by another tab).
fn remove_boot_shell() {
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
}

/// Remembers the header's "new ticket" link in the desk's words and the user's language, for
/// the boot shell of the next start (index.html paints it before the code arrives).
fn remember_new_ticket_link(text: &str) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item("mesa.nav_new", text);
    }
}

/// Remembers whether this device's first screen is a new desk's welcome, for the boot shell of
/// its next start (index.html reads `mesa.returning` before painting).
fn remember_first_screen(new_desk: bool) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = if new_desk {
            storage.remove_item("mesa.returning")
        } else {
            storage.set_item("mesa.returning", "1")
        };
    }
}

#[component]
pub fn App() -> impl IntoView {
    let i18n = provide_i18n();
    let signals = DeskSignals::new();
    provide_context(signals);
    let desk_name = desk_name::DeskName::provide();
    let first_steps = first_steps::FirstStepsState::provide();
    // The open desk once the first screen can show: the pages are mounted only when it is there,
    // and given it (src/app/open_desk.rs).
    let ready = RwSignal::new(None::<OpenDesk>);
    // The app's root owner, which lives as long as the page: it owns the open desk's handle, so
    // no page leaving disposes it under a task still running.
    let app_owner = Owner::current();
    let failure = RwSignal::new(None::<crate::store::StoreError>);
    let preview = QueuePreview::provide();
    let route = use_route();
    let blocked = crate::app::shell_state::shell().blocked;
    Effect::new(move |_| {
        if ready.with(Option::is_some) || failure.with(Option::is_some) || blocked.get() {
            remove_boot_shell();
        }
    });
    // Once the desk's words are known (and whenever the language changes).
    Effect::new(move |_| {
        if ready.with(Option::is_some) {
            remember_new_ticket_link(&i18n.t("nav.new"));
        }
    });
    leptos::task::spawn_local(async move {
        match open_desk(DB_NAME).await {
            Ok(desk) => {
                perf::mark("mesa:store-open");
                let open = match &app_owner {
                    Some(owner) => owner.with(|| OpenDesk::new(desk.clone())),
                    None => OpenDesk::new(desk.clone()),
                };
                // The process's word for a ticket («requerimiento», «solicitud»…) in every text,
                // and its texts in the reader's language.
                i18n.set_process(&desk.profile);
                remember_first_screen(!desk.profile_chosen);
                // The header's desk name and the first steps are read before anything of the
                // page shows: appearing later, above the queue, they pushed it down (layout
                // shift, issue #15).
                desk_name.load(&desk).await;
                first_steps.load(&desk).await;
                // The queue's first screen from the summary cache, when it can be trusted;
                // otherwise (first run, a crash before the cache was written) the page waits
                // for the full list below, as without a cache.
                if route.get_untracked() == Route::Queue {
                    if let Some(summaries) = desk.queue_preview().await {
                        preview.summaries.set(Some(summaries));
                        ready.set(Some(open));
                    }
                }
                #[cfg(feature = "test-hooks")]
                crate::app::test_hooks::hold_list_if_asked().await;
                match desk.refresh(signals).await {
                    Ok(()) => {
                        perf::mark("mesa:tickets-loaded");
                        signals
                            .tickets
                            .with_untracked(|t| desk_versions::learn_if_kept(&desk, t));
                        preview.finish();
                        // Once: set again, it would mount the page anew, and what was typed in
                        // the first screen's search would be lost.
                        if ready.with_untracked(Option::is_none) {
                            ready.set(Some(open));
                        }
                        due::start(desk.clone(), signals, due_alert::system_notifications(i18n));
                        crate::app::sync::desk_opened(desk.clone(), signals);
                        // The pages' texts, now that the first screen is up (a page waits for
                        // them too, src/ui/split.rs).
                        if let Err(e) = i18n.all_spanish().await {
                            leptos::logging::warn!("the Spanish texts could not be fetched: {e}");
                        }
                    }
                    Err(e) => failure.set(Some(e)),
                }
            }
            Err(e) => failure.set(Some(e)),
        }
    });

    view! {
        <header::Header/>
        <main id="main">
            {move || ready.get().map(|desk| view! { <Provider value=desk><first_steps::FirstSteps/></Provider> })}
            {move || {
                if let Some(e) = failure.get() {
                    view! { <StoreErrorMessage error=e/> }.into_any()
                } else if let Some(desk) = ready.get() {
                    let route = route.get();
                    view! { <Provider value=desk>{page(route)}</Provider> }.into_any()
                } else {
                    view! { <p class="loading">{move || i18n.t("status.loading")}</p> }.into_any()
                }
            }}
        </main>
    }
}

/// The page of `route` (mounted under the open desk's [`Provider`]).
fn page(route: Route) -> AnyView {
    match route {
        Route::Queue => view! { <pages::queue::QueuePage/> }.into_any(),
        Route::NewTicket => split::page(new_ticket_page),
        Route::Ticket(id) => split::page(move || ticket_page(id.clone())),
        Route::Data => split::page(data_page),
        Route::Sync => split::page(sync_page),
        Route::Settings => split::page(settings_page),
        Route::Reports => split::page(reports_page),
        Route::Kb => split::page(kb_page),
        Route::Directory => split::page(directory_page),
    }
}

// Every page but the queue is loaded on demand in release builds (src/ui/split.rs).
crate::split_page!(
    new_ticket,
    fn new_ticket_page() {
        view! { <pages::new_ticket::NewTicketPage/> }
    }
);
crate::split_page!(
    ticket,
    fn ticket_page(id: String) {
        view! { <pages::ticket::TicketPage id=id/> }
    }
);
crate::split_page!(
    data,
    fn data_page() {
        view! { <pages::data::DataPage/> }
    }
);
crate::split_page!(
    sync,
    fn sync_page() {
        view! { <pages::sync_settings::SyncPage/> }
    }
);
crate::split_page!(
    settings,
    fn settings_page() {
        view! { <pages::settings::SettingsPage/> }
    }
);
crate::split_page!(
    reports,
    fn reports_page() {
        view! { <pages::reports::ReportsPage/> }
    }
);
crate::split_page!(
    kb,
    fn kb_page() {
        view! { <pages::kb::KbPage/> }
    }
);
crate::split_page!(
    directory,
    fn directory_page() {
        view! { <pages::directory::DirectoryPage/> }
    }
);

/// A storage failure in the user's language, with the technical detail below.
#[component]
pub fn StoreErrorMessage(error: crate::store::StoreError) -> impl IntoView {
    let i18n = use_i18n();
    // A value the previous version kept names itself in its own message.
    let (key, named) = match &error {
        crate::store::StoreError::LegacyUnreadable { key, .. } => (key.to_string(), true),
        _ => (format!("store_error.{}", error.code()), false),
    };
    let detail = error.detail().to_string();
    let message = {
        let detail = detail.clone();
        move || {
            if named {
                i18n.t_with(&key, &[("detail", &detail)])
            } else {
                i18n.t(&key)
            }
        }
    };
    let detail = if named { String::new() } else { detail };
    view! {
        <div class="error" role="alert">
            <p>{message}</p>
            {(!detail.is_empty()).then(|| {
                let detail = detail.clone();
                view! { <p class="detail">{move || i18n.t_with("error.details", &[("detail", &detail)])}</p> }
            })}
        </div>
    }
}
