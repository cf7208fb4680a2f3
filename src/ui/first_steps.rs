//! "Primeros pasos": the setting-up checklist shown above every page on a new desk — pick the
//! process, name the desk, add the customers, check the escalation directory — each step marked
//! done or pending in words, until the provider hides it on this device
//! ([`crate::app::device`]). Before a process is picked it cannot be hidden.
//!
//! ```ignore
//! let steps = FirstStepsState::provide(); // once, in the app
//! view! { <Provider value=open_desk><FirstSteps/></Provider> } // once the desk opened
//! // Ajustes, after saving the customers:
//! if let Some(s) = use_first_steps() { s.customers.set(true) }
//! ```

use leptos::prelude::*;

use crate::app::desk::Desk;
use crate::app::open_desk::use_desk;
use crate::ui::desk_name::use_desk_name;
use crate::ui::i18n::use_i18n;

/// What the checklist knows beyond the desk itself.
#[derive(Clone, Copy)]
pub struct FirstStepsState {
    /// At least one customer is saved.
    pub customers: RwSignal<bool>,
    /// The provider hid the checklist.
    pub hidden: RwSignal<bool>,
    /// Read from the store (nothing is shown before).
    pub loaded: RwSignal<bool>,
}

impl FirstStepsState {
    pub fn provide() -> Self {
        let state = Self {
            customers: RwSignal::new(false),
            hidden: RwSignal::new(false),
            loaded: RwSignal::new(false),
        };
        provide_context(state);
        state
    }

    /// Reads the stored answers of the open desk (a store failure leaves the checklist showing).
    pub async fn load(self, desk: &Desk) {
        let answers = desk.first_steps().await;
        self.customers.set(answers.customers);
        self.hidden.set(answers.hidden);
        self.loaded.set(true);
    }
}

/// The app's checklist state, when the app provides one.
pub fn use_first_steps() -> Option<FirstStepsState> {
    use_context::<FirstStepsState>()
}

fn step(
    id: &'static str,
    label: &'static str,
    done: impl Fn() -> bool + Send + Sync + Copy + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <li class="first-step" id=id data-done=move || done().to_string()>
            <span class="first-step-mark" aria-hidden="true">{move || if done() { "✔" } else { "○" }}</span>
            " "
            <a href="#/ajustes">{move || i18n.t(label)}</a>
            " — "
            <span class="first-step-state">
                {move || i18n.t(if done() { "first_steps.done" } else { "first_steps.pending" })}
            </span>
        </li>
    }
}

/// While a new device joins a desk: what its first sync is doing (events received so far), and
/// after it, whether the desk's process came with it (the shell then offers to run it) or the
/// desk has published none yet. Nothing before the user starts a sync.
#[component]
fn JoinProgress() -> impl IntoView {
    let i18n = use_i18n();
    let sync = crate::app::sync::status();
    let (running, progress, report) = (sync.running, sync.progress, sync.last_report);
    let text = move || {
        if running.get() {
            let pulled = progress.get().map_or(0, |(_, pulled, _)| pulled);
            return Some(i18n.t_count("first_steps.joining", pulled as usize, &[]));
        }
        report.get().map(|r| match r.error {
            Some(e) => i18n.t_with("first_steps.join_failed", &[("error", &i18n.t(e.key()))]),
            None if crate::app::shell_state::shell().process_changed.get() => {
                i18n.t("first_steps.join_process")
            }
            None => i18n.t("first_steps.join_no_process"),
        })
    };
    view! {
        <p class="join-progress" id="join-progress" role="status" aria-live="polite">{text}</p>
    }
}

#[component]
pub fn FirstSteps() -> impl IntoView {
    let i18n = use_i18n();
    let Some(state) = use_first_steps() else {
        return ().into_any();
    };
    let desk = use_desk();
    let chosen = desk.with(|d| d.profile_chosen);
    let name = use_desk_name();
    let named = move || name.is_some_and(|n| !n.0.get().is_empty());
    let customers = move || state.customers.get();
    let hide = move |_| {
        leptos::task::spawn_local(async move {
            // Hidden once saved, so a reload right after keeps it hidden. Not saved: hidden for
            // this session only, shown again next time; nothing else is lost.
            let _ = desk.get().hide_first_steps().await;
            state.hidden.set(true);
        });
    };
    let shown = move || state.loaded.get() && !(chosen && state.hidden.get());
    view! {
        <Show when=shown>
            <section class="banner first-steps" id="first-steps" aria-labelledby="first-steps-title">
                <h2 id="first-steps-title">{move || i18n.t("first_steps.title")}</h2>
                <p>{move || i18n.t(if chosen { "first_steps.intro" } else { "first_steps.intro_new" })}</p>
                // A technician's device joins the desk its dispatcher set up: sync brings the
                // process, customers and knowledge base.
                {(!chosen).then(|| view! {
                    <p class="join">
                        <a href="#/sincronizar" id="join-desk">{move || i18n.t("first_steps.join")}</a>
                        " — "
                        {move || i18n.t("first_steps.join_hint")}
                    </p>
                    <JoinProgress/>
                })}
                <ol>
                    {step("first-step-process", "first_steps.process", move || chosen)}
                    {step("first-step-name", "first_steps.name", named)}
                    {step("first-step-customers", "first_steps.customers", customers)}
                    <li class="first-step" id="first-step-directory">
                        <span class="first-step-mark" aria-hidden="true">"○"</span>
                        " "
                        <a href="#/ajustes">{move || i18n.t("first_steps.directory")}</a>
                        " — "
                        <span class="first-step-state">{move || i18n.t("first_steps.optional")}</span>
                    </li>
                </ol>
                {chosen.then(|| view! {
                    <button type="button" id="first-steps-hide" on:click=hide>
                        {move || i18n.t("first_steps.hide")}
                    </button>
                })}
            </section>
        </Show>
    }
    .into_any()
}
