//! The messages between windows of different origins (`postMessage`): the embed frame and the
//! loader script on the host page (`crates/server/assets/embed.js`), and the login popup and
//! the frame that opened it. Each side checks the sender's origin before it reads one.
//!
//! The loader is plain JavaScript: the server writes the wire names of [`FrameMessage`] into it
//! ([`frame_protocol_names`]), so the names are spelled here only.

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

const FRAME_NAMES: [(&str, &str); 2] = [("Height", "schrieb:height"), ("Scroll", "schrieb:scroll")];

/// `{"Height":"schrieb:height","Scroll":"schrieb:scroll"}`: the names the loader script
/// switches on, keyed by the Rust variant.
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
        for (message, variant) in
            [(FrameMessage::Height { height: 480.5 }, "Height"), (FrameMessage::Scroll { offset: 120.0 }, "Scroll")]
        {
            let wire = serde_json::to_value(&message).unwrap();
            assert_eq!(wire["type"], names[variant]);
            assert_eq!(serde_json::from_value::<FrameMessage>(wire).unwrap(), message);
        }
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
