//! The article editor of Conocimiento: title, text, tags and the levels it is for; saved as the
//! article's next revision, based on the revisions shown when it was opened.

use leptos::prelude::*;

use crate::app::clock::now;
use crate::app::desk::use_desk_signals;
use crate::app::open_desk::use_desk;
use crate::app::random::random_u128;
use crate::ui::i18n::use_i18n;

use super::shelf::save_article;
use super::{KbState, NotSaved};

/// The form for the open article (nothing when none is open). Rebuilt only when an article is
/// opened or closed (not on every keystroke, which would lose the focus).
#[component]
pub(super) fn ArticleEditor(state: KbState) -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    let signals = use_desk_signals();
    let KbState {
        shelf,
        draft,
        session,
        save: saving,
    } = state;
    let levels: Vec<(u8, String)> = desk
        .get()
        .profile
        .levels
        .iter()
        .map(|l| (l.number, i18n.pt(&l.name)))
        .collect();

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(d) = draft.get_untracked() else {
            return;
        };
        if d.lacks_required() {
            saving.fail(NotSaved::Required);
            return;
        }
        let id =
            d.id.clone()
                .unwrap_or_else(|| format!("kb-{:012x}", random_u128() as u64 & 0xFFFF_FFFF_FFFF));
        let article = d.article(id.clone(), now());
        saving.run(async move {
            let saved = save_article(desk, article, d.base.clone(), signals)
                .await
                .map_err(NotSaved::Store)?;
            let base = saved.heads.get(&id).cloned().unwrap_or_default();
            shelf.set(saved);
            draft.update(|d| {
                if let Some(d) = d {
                    d.id = Some(id);
                    d.base = base;
                }
            });
            Ok(())
        });
    };
    let open = Memo::new(move |_| draft.with(Option::is_some));
    move || {
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
                    let label = if name.trim().is_empty() {
                        i18n.t_with("kb.level", &[("n", &n.to_string())])
                    } else {
                        name.clone()
                    };
                    view! {
                        <label class="check">
                            <input
                                type="checkbox"
                                prop:checked=d.levels.contains(&n)
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    state.edit(move |d| {
                                        d.levels.retain(|l| *l != n);
                                        if on {
                                            d.levels.push(n);
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
                        <input id="kb-title" type="text" required prop:value=d.title.clone()
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                state.edit(move |d| d.title = v);
                            }/>
                    </div>
                    <div class="field">
                        <label for="kb-body">{i18n.t("kb.field.body")}</label>
                        <textarea id="kb-body" rows="8" required prop:value=d.body.clone()
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                state.edit(move |d| d.body = v);
                            }></textarea>
                    </div>
                    <div class="field">
                        <label for="kb-tags">{i18n.t("kb.field.tags")}</label>
                        <input id="kb-tags" type="text" prop:value=d.tags.clone()
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                state.edit(move |d| d.tags = v);
                            }/>
                    </div>
                    <fieldset class="field">
                        <legend>{i18n.t("kb.field.levels")}</legend>
                        {level_boxes}
                    </fieldset>
                    <div class="kb-actions">
                        <button type="submit" class="primary" disabled=move || saving.is_saving()>
                            {i18n.t("kb.save")}
                        </button>
                        <button type="button" on:click=move |_| state.close()>{i18n.t("kb.cancel")}</button>
                    </div>
                </form>
            }
        })
    }
}
