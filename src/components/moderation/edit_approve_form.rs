use leptos::html;
use leptos::prelude::*;
use schrieb_api::{CommentBody, CommentId, DecisionAction, Reason};

use super::Verdict;
use crate::components::feedback::reason_text;
use crate::components::markup::{MarkupView, References};
use crate::i18n::{t, use_i18n};

/// The DOM id of the body field of the edit form of the queue item for comment `id`, which `e`
/// focuses.
pub fn edit_id(id: CommentId) -> String {
    format!("q{id}-edit")
}

/// "Edit and approve": the comment's body to change (an insult taken out, a link removed), with
/// a preview of exactly what readers will see, approved (or kept) as edited. The body rules of
/// every comment are checked before it is sent; Escape closes the form.
#[component]
pub fn EditApproveForm(
    /// The queue item.
    item: CommentId,
    /// Its body as the moderator read it.
    body: String,
    /// Its quotes and mentions, for the preview.
    references: References,
    /// Whether readers see it now (reported, not held): then it is kept, not approved.
    published: bool,
    /// Whether a decision is on its way.
    #[prop(into)]
    busy: Signal<bool>,
    /// Told of the decision.
    on_decide: Callback<Verdict>,
    /// Told when the moderator closes the form.
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(body);
    let problem = RwSignal::new(None::<String>);
    let field = NodeRef::<html::Textarea>::new();
    Effect::new(move || {
        if let Some(input) = field.get() {
            let _ = input.focus();
        }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let edited = text.get_untracked();
        match CommentBody::parse(&edited) {
            Ok(_) => {
                problem.set(None);
                on_decide.run(Verdict { id: item, action: DecisionAction::Approve, reason: None, body: Some(edited) });
            }
            Err(error) => problem.set(Some(reason_text(i18n, &Reason::from(&error)))),
        }
    };
    let preview_id = format!("{}-preview", edit_id(item));
    view! {
        <form class="queue-item__sanction queue-item__edit" on:submit=submit
            on:keydown=move |event| if event.key() == "Escape" { event.prevent_default(); on_close.run(()); }>
            <div class="field">
                <label class="field__label" for=edit_id(item)>{t!(i18n, moderation.edit_label)}</label>
                <textarea class="field__input" id=edit_id(item) node_ref=field rows="5"
                    aria-describedby=preview_id.clone() bind:value=text></textarea>
            </div>
            <p class="field__label" aria-hidden="true">{t!(i18n, moderation.edit_preview)}</p>
            <div class="comment__body queue-item__body queue-item__preview" id=preview_id>
                {move || view! { <MarkupView source=text.get() references=references.clone()/> }}
            </div>
            {move || problem.get().map(|problem| view! { <p class="form-error" role="alert">{problem}</p> })}
            <div class="queue-item__actions">
                <button class="button" type="submit" disabled=move || busy.get()>
                    {if published { t!(i18n, moderation.edit_keep).into_any() } else { t!(i18n, moderation.edit_approve).into_any() }}
                </button>
                <button class="button button--quiet" type="button" on:click=move |_| on_close.run(())>{t!(i18n, comment.cancel)}</button>
            </div>
        </form>
    }
}
