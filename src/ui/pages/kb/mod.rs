//! "Conocimiento": the provider's knowledge base (P2: first level consults it). Articles are
//! shared by the desk as events (written, revised, retired; see `domain::desk::articles`); the
//! page lists them, searches them as the user types, creates or edits one at a time, and shows
//! both texts of an article two people changed at once. "Guardado" is shown only once the
//! store confirmed the write.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::app::clock::now;
use crate::app::desk::use_desk_signals;
use crate::app::open_desk::use_desk;
use crate::app::random::random_u128;

use crate::domain::event::EventId;
use crate::domain::kb::{Article, KnowledgeBase};
use crate::store::StoreError;
use crate::ui::i18n::use_i18n;
use crate::ui::save_state::{use_save, SaveState};
use crate::ui::StoreErrorMessage;

mod shelf;

use crate::ui::long_text::FreeText;
pub use shelf::load_kb;
use shelf::{format_date, load_shelf, save_article, split_tags, Draft, Shelf};

/// Why an article was not saved.
#[derive(Clone, Debug, PartialEq)]
enum NotSaved {
    /// The title or the text is empty (nothing was sent).
    Required,
    Store(StoreError),
}

#[component]
pub fn KbPage() -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    let signals = use_desk_signals();
    let kb = RwSignal::new(KnowledgeBase::default());
    let heads = RwSignal::new(BTreeMap::<String, Vec<EventId>>::new());
    let conflicts = RwSignal::new(BTreeMap::<String, Vec<String>>::new());
    let load_error = RwSignal::new(None::<StoreError>);
    let put = move |shelf: Shelf| {
        kb.set(shelf.kb);
        heads.set(shelf.heads);
        conflicts.set(shelf.conflicts);
    };
    // Read again whenever the desk's records change (a sync, another tab).
    Effect::new(move |_| {
        signals.shared.track();
        leptos::task::spawn_local(async move {
            match load_shelf(desk).await {
                Ok(shelf) => put(shelf),
                Err(e) => load_error.set(Some(e)),
            }
        });
    });
    let query = RwSignal::new(String::new());
    let draft = RwSignal::new(None::<Draft>);
    let state = use_save::<(), NotSaved>();
    let levels: Vec<(u8, String)> = desk
        .get()
        .profile
        .levels
        .iter()
        .map(|l| (l.number, i18n.pt(&l.name)))
        .collect();

    let shown = move || {
        let q = query.get();
        kb.with(|kb| {
            if q.trim().is_empty() {
                let mut all: Vec<Article> = kb.articles.clone();
                all.sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then(a.id.cmp(&b.id)));
                all
            } else {
                kb.search(&q).into_iter().map(|(a, _)| a.clone()).collect()
            }
        })
    };

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(d) = draft.get_untracked() else {
            return;
        };
        if d.title.trim().is_empty() || d.body.trim().is_empty() {
            state.fail(NotSaved::Required);
            return;
        }
        let id =
            d.id.clone()
                .unwrap_or_else(|| format!("kb-{:012x}", random_u128() as u64 & 0xFFFF_FFFF_FFFF));
        let mut levels = d.levels.clone();
        levels.sort_unstable();
        levels.dedup();
        let article = Article {
            id: id.clone(),
            title: d.title.trim().to_string(),
            body: d.body.trim().to_string(),
            tags: split_tags(&d.tags),
            levels,
            updated_at: now(),
        };
        state.run(async move {
            let saved = save_article(desk, article, d.base.clone(), signals)
                .await
                .map_err(NotSaved::Store)?;
            let base = saved.heads.get(&id).cloned().unwrap_or_default();
            put(saved);
            draft.update(|d| {
                if let Some(d) = d {
                    d.id = Some(id);
                    d.base = base;
                }
            });
            Ok(())
        });
    };

    // The form is rebuilt only when an article is opened or closed (not on every keystroke,
    // which would lose the focus).
    let session = RwSignal::new(0u32);
    let open = Memo::new(move |_| draft.with(Option::is_some));
    let editor = move || {
        session.track();
        open.track();
        draft.get_untracked().map(|d| {
            let heading = if d.id.is_some() {
                i18n.t("kb.editing")
            } else {
                i18n.t("kb.creating")
            };
            let level_boxes = levels
                .iter()
                .map(|(n, name)| {
                    let n = *n;
                    let checked = d.levels.contains(&n);
                    let label = if name.trim().is_empty() {
                        i18n.t_with("kb.level", &[("n", &n.to_string())])
                    } else {
                        name.clone()
                    };
                    view! {
                        <label class="check">
                            <input
                                type="checkbox"
                                prop:checked=checked
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    state.reset();
                                    draft.update(|d| {
                                        if let Some(d) = d {
                                            d.levels.retain(|l| *l != n);
                                            if on {
                                                d.levels.push(n);
                                            }
                                        }
                                    });
                                }
                            />
                            <span>{label}</span>
                        </label>
                    }
                })
                .collect_view();
            view! {
                <form class="kb-editor" on:submit=save novalidate>
                    <h2>{heading}</h2>
                    <div class="field">
                        <label for="kb-title">{i18n.t("kb.field.title")}</label>
                        <input
                            id="kb-title"
                            type="text"
                            required
                            prop:value=d.title.clone()
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                draft.update(|d| if let Some(d) = d { d.title = v });
                                state.reset();
                            }
                        />
                    </div>
                    <div class="field">
                        <label for="kb-body">{i18n.t("kb.field.body")}</label>
                        <textarea
                            id="kb-body"
                            rows="8"
                            required
                            prop:value=d.body.clone()
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                draft.update(|d| if let Some(d) = d { d.body = v });
                                state.reset();
                            }
                        ></textarea>
                    </div>
                    <div class="field">
                        <label for="kb-tags">{i18n.t("kb.field.tags")}</label>
                        <input
                            id="kb-tags"
                            type="text"
                            prop:value=d.tags.clone()
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                draft.update(|d| if let Some(d) = d { d.tags = v });
                                state.reset();
                            }
                        />
                    </div>
                    <fieldset class="field">
                        <legend>{i18n.t("kb.field.levels")}</legend>
                        {level_boxes}
                    </fieldset>
                    <div class="kb-actions">
                        <button type="submit" class="primary" disabled=move || state.is_saving()>
                            {i18n.t("kb.save")}
                        </button>
                        <button
                            type="button"
                            on:click=move |_| {
                                draft.set(None);
                                state.reset();
                            }
                        >
                            {i18n.t("kb.cancel")}
                        </button>
                    </div>
                </form>
            }
        })
    };

    let status = move || match state.state() {
        SaveState::Idle => ().into_any(),
        SaveState::Saving => view! { <p class="saving">{i18n.t("kb.saving")}</p> }.into_any(),
        SaveState::Saved(()) => view! { <p class="saved">{i18n.t("kb.saved")}</p> }.into_any(),
        SaveState::Failed(NotSaved::Required) => {
            view! { <p class="problems">{i18n.t("kb.required")}</p> }.into_any()
        }
        SaveState::Failed(NotSaved::Store(e)) => view! { <StoreErrorMessage error=e/> }.into_any(),
    };

    let list = move || {
        let articles = shown();
        let locale = i18n.locale.get();
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
            .map(|a| {
                let d = Draft::of(&a, heads.with(|h| h.get(&a.id).cloned().unwrap_or_default()));
                let conflict = conflicts.with(|c| c.get(&a.id).cloned()).map(|bodies| {
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
                        <button
                            type="button"
                            on:click=move |_| {
                                draft.set(Some(d.clone()));
                                session.update(|s| *s += 1);
                                state.reset();
                            }
                        >
                            {i18n.t("kb.edit")}
                        </button>
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };

    view! {
        <section class="kb">
            <div class="queue-head">
                <h1>{move || i18n.t("kb.title")}</h1>
                <span class="count">
                    {move || i18n.t_count("kb.count", kb.with(|k| k.articles.len()), &[])}
                </span>
                <button
                    type="button"
                    class="primary"
                    on:click=move |_| {
                        draft.set(Some(Draft::default()));
                        session.update(|s| *s += 1);
                        state.reset();
                    }
                >
                    {move || i18n.t("kb.new")}
                </button>
            </div>
            {move || load_error.get().map(|e| view! { <StoreErrorMessage error=e/> })}
            <div aria-live="polite">{status}</div>
            {editor}
            <label class="search">
                <span class="sr-only">{move || i18n.t("kb.search")}</span>
                <input
                    type="search"
                    id="kb-search"
                    placeholder=move || i18n.t("kb.search")
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
            </label>
            <ul class="articles">{list}</ul>
        </section>
    }
}
