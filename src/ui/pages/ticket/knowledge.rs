//! The knowledge base on the ticket: articles suggested from the ticket's text (each opens in
//! place), the articles already linked, and "Usar como solución", which pre-fills the resolve
//! form with the article; resolving then records the article as the solution
//! ([`crate::domain::actions::resolve_with_article`]).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::TicketCtx;
use crate::app::open_desk::OpenDesk;
use crate::domain::actions::{allowed_actions, Action};
use crate::domain::kb::{Article, KnowledgeBase};
use crate::domain::ticket::Status;
use crate::ui::i18n::use_i18n;
use crate::ui::long_text::FreeText;
use crate::ui::pages::kb::load_kb;

/// How many articles the ticket suggests.
const SUGGESTIONS: usize = 3;

/// The knowledge base as loaded for the ticket page, and the article chosen as the solution
/// (read by the resolve form).
#[derive(Clone, Copy)]
pub struct KnowledgeCtx {
    pub kb: RwSignal<KnowledgeBase>,
    pub solution: RwSignal<Option<Article>>,
}

/// Provides [`KnowledgeCtx`] to the ticket page's parts and loads the knowledge base.
pub fn provide_knowledge(desk: OpenDesk) {
    let ctx = KnowledgeCtx {
        kb: RwSignal::new(KnowledgeBase::default()),
        solution: RwSignal::new(None),
    };
    provide_context(ctx);
    leptos::task::spawn_local(async move { ctx.kb.set(load_kb(desk).await) });
}

/// Opens the resolve action and puts the focus on its solution, once the form has the article.
fn focus_resolve_form() {
    request_animation_frame(|| {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        if let Ok(Some(details)) = doc.query_selector("details.action[data-action=\"resolve\"]") {
            let _ = details.set_attribute("open", "");
        }
        if let Some(el) = doc
            .get_element_by_id("a-resolve-solution")
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

#[component]
pub fn Knowledge() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<TicketCtx>();
    let knowledge = expect_context::<KnowledgeCtx>();

    // A choice belongs to one resolution: forget it once the ticket is no longer being worked.
    Effect::new(move |_| {
        let active = ctx.ticket.with(|t| {
            t.as_ref()
                .is_some_and(|t| matches!(t.status, Status::Open | Status::WaitingOnCustomer))
        });
        if !active && knowledge.solution.with_untracked(Option::is_some) {
            knowledge.solution.set(None);
        }
    });

    let suggested = move || {
        let ticket = ctx.ticket.get()?;
        let can_resolve =
            allowed_actions(&ticket, &ctx.desk.get().profile).contains(&Action::Resolve);
        let articles: Vec<Article> = knowledge.kb.with(|kb| {
            kb.suggest_for(&ticket, SUGGESTIONS)
                .into_iter()
                .map(|(a, _)| a.clone())
                .collect()
        });
        let linked: Vec<(String, Option<Article>, bool)> = knowledge.kb.with(|kb| {
            ticket
                .articles
                .iter()
                .map(|id| {
                    let solution = ticket.solution_article.as_deref() == Some(id.as_str());
                    (id.clone(), kb.get(id).cloned(), solution)
                })
                .collect()
        });
        Some((articles, linked, can_resolve))
    };

    let article_view = move |a: Article, can_resolve: bool| {
        let chosen = {
            let id = a.id.clone();
            move || {
                knowledge
                    .solution
                    .with(|s| s.as_ref().is_some_and(|s| s.id == id))
            }
        };
        let use_it = a.clone();
        let title = a.title.clone();
        view! {
            <li class="article" data-article=a.id.clone()>
                <details>
                    <summary><span class="article-title">{a.title.clone()}</span></summary>
                    <p class="article-body"><FreeText text=a.body.clone()/></p>
                </details>
                {can_resolve.then(|| view! {
                    <button
                        type="button"
                        class="use-solution"
                        aria-pressed=move || if chosen() { "true" } else { "false" }
                        aria-label=i18n.t_with("knowledge.use_as_solution_named", &[("title", &title)])
                        on:click=move |_| {
                            knowledge.solution.set(Some(use_it.clone()));
                            focus_resolve_form();
                        }
                    >
                        {i18n.t("knowledge.use_as_solution")}
                    </button>
                })}
            </li>
        }
    };

    view! {
        <section class="knowledge" aria-labelledby="knowledge-title">
            <h2 id="knowledge-title">{move || i18n.t("knowledge.title")}</h2>
            {move || suggested().map(|(articles, linked, can_resolve)| {
                let suggestions = if articles.is_empty() {
                    view! { <p class="empty">{i18n.t("knowledge.no_suggestions")}</p> }.into_any()
                } else {
                    view! {
                        <ul class="articles suggestions" aria-label=i18n.t("knowledge.suggested")>
                            {articles.into_iter().map(|a| article_view(a, can_resolve)).collect_view()}
                        </ul>
                    }
                    .into_any()
                };
                let linked = (!linked.is_empty()).then(|| view! {
                    <h3>{i18n.t("knowledge.linked")}</h3>
                    <ul class="articles linked">
                        {linked.into_iter().map(|(id, article, solution)| {
                            let name = article.map_or_else(|| id.clone(), |a| a.title);
                            view! {
                                <li class="article" data-article=id>
                                    <span class="article-title">{name}</span>
                                    {solution.then(|| view! {
                                        <span class="tag solution">" · "{i18n.t("knowledge.used_as_solution")}</span>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                });
                view! { {suggestions} {linked} }
            })}
        </section>
    }
}
