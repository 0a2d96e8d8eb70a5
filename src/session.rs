//! Who is logged in, for every component: loaded once from `GET /api/v1/me`, set by logging
//! in and out. The session itself is an `HttpOnly` cookie the app never sees.

use chrono::{DateTime, Duration, Utc};
use leptos::prelude::*;
use schrieb_api::{Comment, Me, permissions};

use crate::api;

/// The account of this browser's session, shared through context (see [`crate::context`]).
#[derive(Debug, Clone, Copy)]
pub struct Session {
    /// The account, once known; `None` when logged out.
    pub me: RwSignal<Option<Me>>,
    /// Whether `GET /me` has answered (until then, nobody is shown as logged out).
    pub known: RwSignal<bool>,
}

impl Session {
    /// Whether `comment` may be edited by this account now (the server's own rule,
    /// [`permissions::may_edit`]).
    pub fn can_edit(&self, comment: &Comment, now: DateTime<Utc>) -> bool {
        self.me.with(|me| {
            me.as_ref().is_some_and(|me| {
                let window = Duration::hours(me.edit_window_hours);
                permissions::may_edit(me.into(), comment.into(), now, window).is_ok()
            })
        })
    }

    /// Whether `comment` may be deleted by this account ([`permissions::may_delete`]); a
    /// deleted one offers no delete button.
    pub fn can_delete(&self, comment: &Comment) -> bool {
        self.me.with(|me| {
            me.as_ref().is_some_and(|me| !comment.deleted && permissions::may_delete(me.into(), comment.into()).is_ok())
        })
    }

    /// Whether this account may remove `comment`'s link preview cards
    /// ([`permissions::may_remove_previews`]).
    pub fn can_remove_previews(&self, comment: &Comment) -> bool {
        self.me.with(|me| {
            me.as_ref().is_some_and(|me| permissions::may_remove_previews(me.into(), comment.into()).is_ok())
        })
    }

    /// Whether this account restores deleted comments ([`permissions::may_restore`]).
    pub fn can_restore(&self) -> bool {
        self.me.with(|me| me.as_ref().is_some_and(|me| permissions::may_restore(me.into()).is_ok()))
    }

    /// Whether this account may report `comment`: someone else's, published and not deleted
    /// (the server's rule in `domain::moderation::reports`). Moderators decide about comments
    /// at the desk instead.
    pub fn can_report(&self, comment: &Comment) -> bool {
        self.me.with(|me| {
            me.as_ref().is_some_and(|me| {
                !me.role.moderates()
                    && me.id != comment.author.id
                    && !comment.deleted
                    && comment.state == schrieb_api::CommentState::Published
            })
        })
    }

    /// Whether someone is logged in.
    pub fn logged_in(&self) -> bool {
        self.me.with(Option::is_some)
    }
}

/// The cookie the server sets beside the session (which the app cannot read) to say someone
/// may be logged in.
const HINT: &str = "schrieb_login=1";

fn cookies() -> String {
    use wasm_bindgen::JsCast;
    document().dyn_into::<web_sys::HtmlDocument>().ok().and_then(|document| document.cookie().ok()).unwrap_or_default()
}

/// Removes the login hint (when the server says the session is gone).
fn forget_hint() {
    use wasm_bindgen::JsCast;
    if let Ok(document) = document().dyn_into::<web_sys::HtmlDocument>() {
        let _ = document.set_cookie("schrieb_login=; Path=/; SameSite=Lax; Max-Age=0");
    }
}

impl Session {
    /// The session a page is rendered with: the account the server found for the request's
    /// cookie, or nobody.
    pub fn rendered(me: Option<Me>) -> Self {
        Self { me: RwSignal::new(me), known: RwSignal::new(true) }
    }

    /// The session of this browser: if it has logged in, the server is asked who it is.
    /// Readers who never logged in (most of them) cost no request. Called once, as the app
    /// starts. A page the server rendered says who it was rendered for (`rendered`): the
    /// session starts so, and only a widget token the server could not see is asked about.
    pub fn load(rendered: Option<Option<Me>>) -> Self {
        // In the embed widget the hint cookie is not readable (another site's page), but a
        // widget token says the same.
        let token = crate::credentials::bearer().is_some();
        let hint = cookies().split(';').any(|pair| pair.trim() == HINT);
        let session = match rendered {
            Some(me) => {
                let session = Self::rendered(me);
                if hint && !session.logged_in() {
                    // The server found no session for the cookie: it has ended.
                    forget_hint();
                }
                if !token || session.logged_in() {
                    return session;
                }
                // Shown logged out until the server has said whose the token is.
                session
            }
            None if !token && !hint => return Self::rendered(None),
            None => Self { me: RwSignal::new(None), known: RwSignal::new(false) },
        };
        leptos::task::spawn_local(async move {
            // Without an answer (offline), nobody is logged in as far as the app can tell.
            let me = api::me().await.ok().flatten();
            if me.is_none() {
                forget_hint();
            }
            session.me.set(me);
            session.known.set(true);
        });
        session
    }
}

/// The session provided at the app's root ([`crate::context::provide_app_contexts`]).
pub fn use_session() -> Session {
    use_context::<Session>().unwrap_or_else(|| Session { me: RwSignal::new(None), known: RwSignal::new(true) })
}
