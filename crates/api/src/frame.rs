//! The messages between windows of different origins (`postMessage`): the embed frame and the
//! loader script on the host page (`crates/server/assets/embed.js`), and the login popup and
//! the frame that opened it. Each side checks the sender's origin before it reads one.
//!
//! The loader and the frame's early script are plain JavaScript: the server writes the wire
//! names of [`FrameMessage`] and [`LoaderMessage`] into them ([`frame_protocol_names`]), so
//! the names are spelled here only.

use serde::{Deserialize, Serialize};

/// What the embed frame tells the host page's loader.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum FrameMessage {
    /// The frame's content is this tall (CSS pixels): the loader sizes the iframe to it, so the
    /// frame never scrolls on its own.
    #[serde(rename = "schrieb:height")]
    Height {
        /// The height.
        height: f64,
    },
    /// The comment the address names starts this far (CSS pixels) below the frame's top: the
    /// host page scrolls there.
    #[serde(rename = "schrieb:scroll")]
    Scroll {
        /// The offset.
        offset: f64,
    },
    /// The app has taken the frame over: the loader shows the frame in place of the first page
    /// it drew into the host page itself (the preview), and hands on what the reader did there.
    #[serde(rename = "schrieb:ready")]
    Ready,
}

/// What the loader tells the embed frame.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum LoaderMessage {
    /// The reader had a control of the preview focused, or activated one, before the frame was
    /// ready: the frame focuses (and clicks) the same control of its own page.
    #[serde(rename = "schrieb:replay")]
    Replay {
        /// The control, found the same way in both renderings of the same page.
        control: ControlPath,
        /// Whether it was activated (clicked, or Enter or Space), not only focused.
        click: bool,
    },
}

/// What [`ControlPath`] counts as a control: a CSS selector, for the scripts on both sides.
pub const CONTROLS: &str = "a[href],button,input,select,textarea";

/// A link, button or field of the widget's page ([`CONTROLS`]), named so that the preview and the frame (the same
/// rendering of the same page) find the same one: the `id` of the nearest element around it
/// that has one (a comment's `c123`; none for the page's own controls), and its place among the
/// controls inside that element (or the page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ControlPath {
    /// The `id` of the nearest element around the control that has one.
    pub within: Option<String>,
    /// Its place among the controls there, from 0.
    pub index: u32,
    /// Its text, which the frame's control must have too: a control the frame renders
    /// differently (a signed-in reader's page has controls a guest's lacks) is left alone.
    pub text: String,
}

/// What the login popup (`/widget-login`, at schrieb's origin) hands the frame that opened it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum PopupMessage {
    /// A bearer session for the widget (`POST /api/v1/auth/token`).
    #[serde(rename = "schrieb:token")]
    Token {
        /// The token.
        token: String,
    },
}

const FRAME_NAMES: [(&str, &str); 4] = [
    ("Height", "schrieb:height"),
    ("Scroll", "schrieb:scroll"),
    ("Ready", "schrieb:ready"),
    ("Replay", "schrieb:replay"),
];

/// `{"Height":"schrieb:height","Scroll":"schrieb:scroll",…}`: the names the loader and the
/// frame's early script switch on, keyed by the Rust variant.
pub fn frame_protocol_names() -> String {
    let pairs: Vec<String> = FRAME_NAMES.iter().map(|(variant, wire)| format!("\"{variant}\":\"{wire}\"")).collect();
    format!("{{{}}}", pairs.join(","))
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    #[test]
    fn frame_messages_round_trip_under_the_names_handed_to_the_loader() {
        let names: Value = serde_json::from_str(&frame_protocol_names()).unwrap();
        for (message, variant) in [
            (FrameMessage::Height { height: 480.5 }, "Height"),
            (FrameMessage::Scroll { offset: 120.0 }, "Scroll"),
            (FrameMessage::Ready, "Ready"),
        ] {
            let wire = serde_json::to_value(&message).unwrap();
            assert_eq!(wire["type"], names[variant]);
            assert_eq!(serde_json::from_value::<FrameMessage>(wire).unwrap(), message);
        }
        let replay = LoaderMessage::Replay {
            control: ControlPath { within: Some("c12".into()), index: 1, text: "Zitieren".into() },
            click: true,
        };
        let wire = serde_json::to_value(&replay).unwrap();
        assert_eq!(wire["type"], names["Replay"]);
        assert_eq!(
            wire,
            json!({"type": "schrieb:replay", "control": {"within": "c12", "index": 1, "text": "Zitieren"}, "click": true})
        );
        assert_eq!(serde_json::from_value::<LoaderMessage>(wire).unwrap(), replay);
        assert_eq!(
            serde_json::to_value(FrameMessage::Height { height: 480.5 }).unwrap(),
            json!({"type": "schrieb:height", "height": 480.5})
        );
    }

    #[test]
    fn the_popup_hands_over_a_token() {
        let wire = json!({"type": "schrieb:token", "token": "abc"});
        assert_eq!(
            serde_json::from_value::<PopupMessage>(wire.clone()).unwrap(),
            PopupMessage::Token { token: "abc".into() }
        );
        assert_eq!(serde_json::to_value(PopupMessage::Token { token: "abc".into() }).unwrap(), wire);
        assert!(serde_json::from_value::<PopupMessage>(json!({"type": "schrieb:height", "height": 1})).is_err());
    }
}
