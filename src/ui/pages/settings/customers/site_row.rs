//! One site of a customer: its name, city and, where the process defines city classes, the
//! city's class (which some processes' targets depend on).

use leptos::prelude::*;

use crate::domain::customer::Site;
use crate::domain::profile::CityClass;
use crate::ui::i18n::use_i18n;

use super::inputs::list_input;
use super::CustomersForm;

/// Site `j` of customer `i`, with its "remove" button.
#[component]
pub(super) fn SiteRow(
    /// The customer's index in the list.
    i: usize,
    /// The site's index in the customer's sites.
    j: usize,
    site: Site,
    /// The process's city classes (none: no class is asked).
    classes: Vec<CityClass>,
    form: CustomersForm,
) -> impl IntoView {
    let i18n = use_i18n();
    let class_select = (!classes.is_empty()).then(|| {
        view! { <CityClassSelect i j current=site.city_class.clone().unwrap_or_default() classes form/> }
    });
    view! {
        <div class="site-row">
            <label>
                <span>{move || i18n.t("settings.site.name")}</span>
                {list_input("site-name", "text", site.name, form, move |l, v| l[i].sites[j].name = v)}
            </label>
            <label>
                <span>{move || i18n.t("settings.site.city")}</span>
                {list_input("site-city", "text", site.city, form, move |l, v| l[i].sites[j].city = v)}
            </label>
            {class_select}
            <button
                type="button"
                class="remove"
                on:click=move |_| form.change(|l| {
                    l[i].sites.remove(j);
                })
            >
                {move || i18n.t("settings.remove")}
            </button>
        </div>
    }
}

/// The site's city class, «—» for none.
#[component]
fn CityClassSelect(
    i: usize,
    j: usize,
    /// The class's id now (empty: none).
    current: String,
    classes: Vec<CityClass>,
    form: CustomersForm,
) -> impl IntoView {
    let i18n = use_i18n();
    let options = classes
        .iter()
        .map(|c| {
            view! { <option value=c.id.clone() selected=c.id == current>{i18n.pt(&c.name)}</option> }
        })
        .collect_view();
    view! {
        <label>
            <span>{move || i18n.t("settings.site.city_class")}</span>
            <select
                class="site-class"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    form.edit(|l| l[i].sites[j].city_class = (!v.is_empty()).then_some(v));
                }
            >
                <option value="" selected=current.is_empty()>"—"</option>
                {options}
            </select>
        </label>
    }
}
