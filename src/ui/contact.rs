//! One contact of the escalation directory: role, office phone (with extension), mobile and
//! e-mail, the numbers as `tel:` links and the address as a `mailto:` link. Used by the ticket
//! page (contacts at the ticket's level) and the directory page (every level).

use leptos::prelude::*;

use crate::domain::profile::Contact;
use crate::ui::i18n::use_i18n;

/// `tel:` wants digits and a leading `+` only.
fn tel_href(phone: &str) -> String {
    let digits: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    format!("tel:{digits}")
}

#[component]
pub fn ContactCard(contact: Contact) -> impl IntoView {
    let i18n = use_i18n();
    let c = contact;
    let phone = move |key: &'static str, number: Option<String>, ext: Option<String>| {
        number.map(|n| {
            let href = tel_href(&n);
            let ext = ext.map(|e| i18n.t_with("ticket.directory.ext", &[("ext", &e)]));
            view! {
                <li>
                    <span class="kind">{i18n.t(key)}": "</span>
                    <a href=href>{n}</a>
                    {ext.map(|e| view! { <span class="ext">" "{e}</span> })}
                </li>
            }
        })
    };
    view! {
        <li class="contact" data-contact=c.id.clone()>
            <strong class="role">{let role = c.role.clone(); move || i18n.pt(&role)}</strong>
            <ul class="ways">
                {phone("ticket.directory.office", c.office_phone.clone(), c.extension.clone())}
                {phone("ticket.directory.mobile", c.mobile.clone(), None)}
                {c.email.clone().map(|e| view! {
                    <li>
                        <span class="kind">{i18n.t("ticket.directory.email")}": "</span>
                        <a href=format!("mailto:{e}")>{e.clone()}</a>
                    </li>
                })}
            </ul>
        </li>
    }
}
