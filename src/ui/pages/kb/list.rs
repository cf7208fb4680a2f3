//! The articles of Conocimiento: newest first, or those matching the search as the user types;
//! each with its tags, the levels it is for, its date, both texts when two revisions conflict,
//! and a button that opens it in the editor.

use leptos::prelude::*;

use crate::domain::kb::Article;
use crate::ui::i18n::{use_i18n, I18n};
use crate::ui::long_text::FreeText;

use super::shelf::{format_date, Draft};
use super::KbState;

/// The list (a line saying there is none when it is empty).
#[component]
pub(super) fn ArticleList(state: KbState, query: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let shelf = state.shelf;
    let shown = move || {
        let q = query.get();
        shelf.with(|s| {
            if q.trim().is_empty() {
                let mut all: Vec<Article> = s.kb.articles.clone();
                all.sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then(a.id.cmp(&b.id)));
                all
            } else {
                s.kb.search(&q)
                    .into_iter()
                    .map(|(a, _)| a.clone())
                    .collect()
            }
        })
    };
    let list = move || {
        let articles = shown();
        if articles.is_empty() {
            let key = if query.with(|q| q.trim().is_empty()) {
                "kb.empty"
            } else {
                "kb.no_results"
            };
            // Inside the list: an item saying there is none (a list holds only items).
            return view! { <li class="empty">{i18n.t(key)}</li> }.into_any();
        }
        articles
            .into_iter()
            .map(|a| article_item(i18n, state, a))
            .collect_view()
            .into_any()
    };
    view! { <ul class="articles">{list}</ul> }
}

/// One article of the list.
fn article_item(i18n: I18n, state: KbState, a: Article) -> impl IntoView {
    let locale = i18n.locale.get();
    let (draft, conflict) = state.shelf.with(|s| {
        let heads = s.heads.get(&a.id).cloned().unwrap_or_default();
        (Draft::of(&a, heads), s.conflicts.get(&a.id).cloned())
    });
    let conflict = conflict.map(|bodies| {
        view! {
            <div class="kb-conflict notice" role="note">
                <p>{i18n.t("kb.conflict")}</p>
                <ol>{bodies.into_iter().map(|b| view! { <li><pre>{b}</pre></li> }).collect_view()}</ol>
            </div>
        }
    });
    let updated = i18n.t_with(
        "kb.updated",
        &[("date", &format_date(a.updated_at, locale))],
    );
    let tags = a
        .tags
        .iter()
        .map(|t| view! { <li class="tag">{t.clone()}</li> })
        .collect_view();
    let levels = if a.levels.is_empty() {
        i18n.t("kb.levels.all")
    } else {
        a.levels
            .iter()
            .map(|n| i18n.t_with("kb.level", &[("n", &n.to_string())]))
            .collect::<Vec<_>>()
            .join(", ")
    };
    view! {
        <li class="article" id=format!("kb-{}", a.id)>
            <details>
                <summary>
                    <span class="article-title">{a.title.clone()}</span>
                </summary>
                <p class="article-body"><FreeText text=a.body.clone()/></p>
            </details>
            {conflict}
            <ul class="tags">{tags}</ul>
            <p class="meta">{levels} " · " {updated}</p>
            <button type="button" on:click=move |_| state.open(draft.clone())>
                {i18n.t("kb.edit")}
            </button>
        </li>
    }
}
