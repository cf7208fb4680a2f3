//! "Liberar espacio" (#16): this device may drop the downloaded files of tickets closed more
//! than N days ago (a setting of this device only, off until chosen), and "Liberar ahora" does
//! it at once, saying how many files and bytes left. The rule and the deleting are the app's
//! ([`crate::app::sync::prune`]); files captured here are never dropped.

use leptos::prelude::*;

use crate::app::open_desk::use_desk;
use crate::app::sync::prune::{free_space_now, prune_setting, set_prune_setting, PruneError};
use crate::domain::attachment_pruning::{
    DaysError, Freed, PruneDays, PruneSetting, MAX_DAYS, MIN_DAYS,
};
use crate::ui::i18n::{use_i18n, I18n};
use crate::ui::shell::storage::human_bytes;

/// What the last button of this section did.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Working,
    Saved,
    /// The store's error code.
    SaveFailed(String),
    Freed(Freed, PruneDays),
    NotConfigured,
}

fn outcome_text(i18n: I18n, outcome: &Outcome) -> (&'static str, String) {
    match outcome {
        Outcome::Working => ("info", i18n.t("prune.working")),
        Outcome::Saved => ("ok", i18n.t("prune.saved")),
        Outcome::SaveFailed(code) => ("error", i18n.t(&format!("store_error.{code}"))),
        Outcome::NotConfigured => ("error", i18n.t("prune.not_configured")),
        Outcome::Freed(freed, days) if freed.files == 0 => (
            "ok",
            i18n.t_count("prune.freed_none", days.get() as usize, &[]),
        ),
        Outcome::Freed(freed, _) => (
            "ok",
            i18n.t_count(
                "prune.freed",
                freed.files,
                &[(
                    "bytes",
                    &human_bytes(freed.bytes as f64, i18n.locale.get_untracked()),
                )],
            ),
        ),
    }
}

#[component]
pub fn FreeSpace() -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    let enabled = RwSignal::new(false);
    let days = RwSignal::new(PruneDays::default().get().to_string());
    let problem = RwSignal::new(None::<DaysError>);
    let loaded = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Outcome>);
    leptos::task::spawn_local(async move {
        let setting = prune_setting(&desk.get()).await;
        enabled.try_set(setting.enabled);
        days.try_set(setting.days.get().to_string());
        loaded.try_set(true);
    });
    // The days as typed, or the problem named beside the field.
    let checked = move || match PruneDays::parse(&days.get_untracked()) {
        Ok(n) => {
            problem.set(None);
            Some(n)
        }
        Err(e) => {
            problem.set(Some(e));
            outcome.set(None);
            None
        }
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(n) = checked() else { return };
        let setting = PruneSetting {
            enabled: enabled.get_untracked(),
            days: n,
        };
        outcome.set(Some(Outcome::Working));
        leptos::task::spawn_local(async move {
            outcome.try_set(Some(match set_prune_setting(&desk.get(), setting).await {
                Ok(()) => Outcome::Saved,
                Err(e) => Outcome::SaveFailed(e.code().to_string()),
            }));
        });
    };
    let free_now = move |_| {
        let Some(n) = checked() else { return };
        outcome.set(Some(Outcome::Working));
        leptos::task::spawn_local(async move {
            outcome.try_set(Some(match free_space_now(&desk.get(), n).await {
                Ok(freed) => Outcome::Freed(freed, n),
                Err(PruneError::NotConfigured) => Outcome::NotConfigured,
                Err(PruneError::Store(e)) => Outcome::SaveFailed(e.code().to_string()),
            }));
        });
    };
    let problem_text = move || {
        problem.get().map(|p| {
            let key = match p {
                DaysError::Empty => "prune.days.empty",
                DaysError::NotANumber => "prune.days.not_a_number",
                DaysError::OutOfRange => "prune.days.out_of_range",
            };
            i18n.t_with(
                key,
                &[
                    ("field", &i18n.t("prune.days")),
                    ("min", &MIN_DAYS.to_string()),
                    ("max", &MAX_DAYS.to_string()),
                ],
            )
        })
    };
    // The sentence names the days typed (or "N" while the field holds no valid number), the
    // word agreeing with the number ("1 día", "30 días").
    let sentence = move || match PruneDays::parse(&days.get()) {
        Ok(d) => i18n.t_count("prune.enabled", d.get() as usize, &[]),
        Err(_) => i18n.t_with("prune.enabled.other", &[("n", "N")]),
    };
    view! {
        <section class="free-space" aria-labelledby="free-space-title">
            <h2 id="free-space-title">{move || i18n.t("prune.title")}</h2>
            <form on:submit=save>
                <label class="check">
                    <input id="prune-enabled" type="checkbox"
                        prop:checked=move || enabled.get()
                        prop:disabled=move || !loaded.get()
                        on:change=move |ev| enabled.set(event_target_checked(&ev))/>
                    {sentence}
                </label>
                <label class="field">
                    <span>{move || i18n.t("prune.days")}</span>
                    <input id="prune-days" type="text" inputmode="numeric"
                        aria-describedby="prune-days-problem"
                        aria-invalid=move || problem.with(Option::is_some).to_string()
                        prop:disabled=move || !loaded.get()
                        prop:value=move || days.get()
                        on:input=move |ev| days.set(event_target_value(&ev))/>
                </label>
                <p class="problem" id="prune-days-problem" role="alert">{problem_text}</p>
                <p class="hint">{move || i18n.t("prune.hint")}</p>
                <div class="actions">
                    <button id="prune-save" type="submit" prop:disabled=move || !loaded.get()>
                        {move || i18n.t("prune.save")}
                    </button>
                    <button id="prune-now" type="button" on:click=free_now
                        prop:disabled=move || !loaded.get() || outcome.with(|o| o == &Some(Outcome::Working))>
                        {move || i18n.t("prune.now")}
                    </button>
                </div>
            </form>
            {move || outcome.get().map(|o| {
                let (class, text) = outcome_text(i18n, &o);
                view! { <p id="prune-outcome" class=class role="status">{text}</p> }
            })}
        </section>
    }
}
