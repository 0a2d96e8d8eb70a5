use std::sync::Arc;

use leptos::prelude::*;
use schrieb_api::{PromoCard, PromoFrame, PromoSettings};

use crate::i18n::{t, t_string, use_i18n};
use crate::session::use_session;

/// The promotions of the thread shown, as its article brought them (none while they are off).
#[derive(Debug, Clone, Default)]
pub struct ThreadPromos(pub Option<Arc<PromoSettings>>);

/// Provides `promos` to the thread's parts.
pub fn provide_thread_promos(promos: Option<PromoSettings>) {
    provide_context(ThreadPromos(promos.map(Arc::new)));
}

/// The promotions of the thread shown, if any.
pub fn use_thread_promos() -> Option<Arc<PromoSettings>> {
    use_context::<ThreadPromos>().and_then(|promos| promos.0)
}

/// Where a slot stands: after which post, which slot it is, and where skipping it leads.
#[derive(Debug, Clone)]
pub struct PromoPlacement {
    /// The promotions.
    pub promos: Arc<PromoSettings>,
    /// The number of the post it follows.
    pub after: u64,
    /// Which slot of the thread it is, from 0 (the cards take turns by it).
    pub slot: u64,
    /// The element id skipping it leads to: the next post, else the reply box.
    pub skip_to: String,
}

impl PromoPlacement {
    /// The slot after post `position`, if the promotions put one there.
    pub fn after(promos: &Arc<PromoSettings>, position: u64, skip_to: String) -> Option<Self> {
        let slot = promos.slot_after(position)?;
        Some(Self { promos: promos.clone(), after: position, slot, skip_to })
    }
}

/// One slot: labelled "Anzeige", a landmark of its own with a link that skips it, and a card or
/// the site's ad server in a sandboxed frame of fixed size. It has no number and is no part of
/// any comment (quoting leaves it out). Hidden from signed-in readers where the site says so.
#[component]
pub fn PromoSlot(
    /// Where it stands and what it shows.
    placement: PromoPlacement,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let PromoPlacement { promos, after, slot, skip_to } = placement;
    let hidden = {
        let hide = promos.hide_signed_in;
        move || hide && session.me.with(Option::is_some)
    };
    let content = match (&promos.frame, promos.card_for(slot)) {
        (Some(frame), _) => view! { <PromoFrameView frame=frame.clone()/> }.into_any(),
        (None, Some(card)) => view! { <PromoCardView card=card.clone()/> }.into_any(),
        (None, None) => ().into_any(),
    };
    let target = skip_to.clone();
    let skip = move |event: leptos::ev::MouseEvent| {
        event.prevent_default();
        crate::dom::reveal(Some(&target));
    };
    view! {
        <aside class="promo" hidden=hidden
            aria-label=move || t_string!(i18n, promo.label_after, number = after).to_string()>
            <a class="promo__skip" href=format!("#{skip_to}") on:click=skip>{t!(i18n, promo.skip)}</a>
            <p class="promo__label">{t!(i18n, promo.label)}</p>
            {content}
        </aside>
    }
}

/// A card: picture, title and text, one link to where it leads (marked sponsored).
#[component]
fn PromoCardView(card: PromoCard) -> impl IntoView {
    let PromoCard { title, text, link, image } = card;
    // Only pictures on schrieb's own origin: the reader's browser asks nobody else.
    let image = image.filter(|path| schrieb_api::is_served_picture(path));
    view! {
        <a class="promo__card" href=link rel="sponsored noopener" target="_blank">
            {image.map(|src| view! {
                <img class="promo__image" src=src alt="" width="96" height="96" loading="lazy" decoding="async"/>
            })}
            <span class="promo__text">
                <span class="promo__title">{title}</span>
                {(!text.is_empty()).then(|| view! { <span class="promo__body">{text}</span> })}
            </span>
        </a>
    }
}

/// The site's ad server: sandboxed without `allow-same-origin` (its scripts run, but never as
/// schrieb's origin, and read no cookie of it), at its fixed size, loaded near the screen.
#[component]
fn PromoFrameView(frame: PromoFrame) -> impl IntoView {
    let i18n = use_i18n();
    let PromoFrame { url, width, height } = frame;
    // Built by hand: the view macro has no `loading` for a frame with this many attributes.
    leptos::html::iframe()
        .attr("loading", "lazy")
        .class("promo__frame")
        .src(url)
        .width(width.to_string())
        .height(height.to_string())
        .sandbox("allow-scripts allow-popups allow-popups-to-escape-sandbox")
        .referrerpolicy("strict-origin-when-cross-origin")
        .style(format!("aspect-ratio: {width} / {height}"))
        .title(move || t_string!(i18n, promo.label).to_string())
}
