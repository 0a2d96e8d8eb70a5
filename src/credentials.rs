//! The embed widget's session token. Inside another site's page the browser does not send
//! schrieb's session cookie (it is `SameSite=Lax`, and third-party cookies are going away), so
//! the widget logs in through a popup at schrieb's own origin, which hands it a token of its
//! own session (`POST /api/v1/auth/token`); the API client sends it as `Authorization: Bearer`.
//! Kept in sessionStorage where the browser allows a frame of another site to have storage
//! (partitioned by the embedding site, so never shared with another site's widget); where it
//! does not (third-party storage blocked), in memory only, and after a reload one click on
//! "Anmelden" gets a new token: the popup finds the session and closes by itself.

use std::cell::RefCell;

use leptos::prelude::window;

const KEY: &str = "schrieb:widget-token";

thread_local! {
    static TOKEN: RefCell<Option<String>> = RefCell::new(
        storage().and_then(|storage| storage.get_item(KEY).ok().flatten())
    );
}

/// The widget's token, if it has one.
pub fn bearer() -> Option<String> {
    TOKEN.with(|token| token.borrow().clone())
}

/// Keeps `token` as the widget's (or forgets it with `None`: logged out, or refused).
pub fn set_bearer(token: Option<String>) {
    if let Some(storage) = storage() {
        let _ = match &token {
            Some(token) => storage.set_item(KEY, token),
            None => storage.remove_item(KEY),
        };
    }
    TOKEN.with(|slot| *slot.borrow_mut() = token);
}

fn storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}
