//! The registration form's contract notice (P2): when the customer chosen is one of the desk's
//! and its contract does not cover the day reported, the form says so and asks why it is
//! registered anyway. The domain decides the standing ([`ContractStanding::under`]) and asks for
//! the reason; this only shows them.

use chrono::NaiveDate;
use leptos::prelude::*;

use super::form::{Field, RegistrationForm};
use crate::app::desk::reported_day;
use crate::domain::contract::ContractStanding;
use crate::domain::customer::Customer;
use crate::domain::profile::ProcessProfile;
use crate::ui::i18n::use_i18n;

/// Where the customer typed stands with its contract on the day reported, among the desk's
/// customers `on_file` (the domain decides).
pub(super) fn use_contract_standing(
    profile: ProcessProfile,
    form: RegistrationForm,
    on_file: RwSignal<Vec<Customer>>,
) -> Memo<ContractStanding> {
    Memo::new(move |_| {
        let day = reported_day(form.draft().reported_at);
        on_file.with(|list| ContractStanding::under(&profile, list, &form.customer.get(), day))
    })
}

/// `"2025-10-01"`, or "…" for an open bound.
fn bound(date: Option<NaiveDate>) -> String {
    date.map_or_else(|| "…".to_string(), |d| d.format("%Y-%m-%d").to_string())
}

/// The notice and the reason's field, shown only while the contract is not in force.
#[component]
pub(super) fn ContractNotice(
    standing: Memo<ContractStanding>,
    reason: RwSignal<String>,
    problem: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let ContractStanding::Outside { start, end } = standing.get() else {
            return None;
        };
        let period = format!("{} – {}", bound(start), bound(end));
        let invalid = move || problem.with(Option::is_some).to_string();
        Some(view! {
            <div class="contract-outside">
                <p id="contract-notice" class="warning" role="status">
                    {i18n.t_with("new.contract.outside", &[("period", &period)])}
                </p>
                <Field id="contract_reason" label=Signal::derive(move || i18n.t("new.contract.reason")) problem=problem>
                    <textarea id="contract_reason" rows="2" aria-invalid=invalid aria-describedby="contract_reason-problem"
                        on:input=move |ev| reason.set(event_target_value(&ev)) prop:value=move || reason.get()></textarea>
                </Field>
            </div>
        })
    }
}
