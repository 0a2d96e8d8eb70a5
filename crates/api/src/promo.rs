//! A site's own promotions ("Anzeige") between the posts of its threads: cards of title, text,
//! picture and link, or a frame of the site's own ad server, after post N and then every M.
//!
//! A slot is not a comment: it has no number, is not counted, never reaches feeds,
//! notifications or exports, and cannot be quoted. Off by default.

use serde::{Deserialize, Serialize};

use crate::{FieldError, Reason, is_stored_picture};

/// The most cards a site may rotate.
pub const MAX_PROMO_CARDS: usize = 10;

/// The most characters of a card's title.
pub const MAX_PROMO_TITLE_CHARS: usize = 80;

/// The most characters of a card's text.
pub const MAX_PROMO_TEXT_CHARS: usize = 240;

/// The most characters of a card's link or a frame's address.
pub const MAX_PROMO_URL_CHARS: usize = 2000;

/// The largest post number a slot may follow first, and the longest gap between slots.
pub const MAX_PROMO_POSITION: u32 = 1000;

/// The sizes a frame may have, in CSS pixels: (narrowest, widest) and (lowest, highest).
pub const PROMO_FRAME_WIDTHS: (u32, u32) = (120, 970);
/// See [`PROMO_FRAME_WIDTHS`].
pub const PROMO_FRAME_HEIGHTS: (u32, u32) = (50, 600);

/// A site's promotions (`GET`/`PUT /api/v1/admin/sites/{name}/promos`); readers get them with
/// each article of the site, while they are on. Every field has a default, so a client may send
/// only what it changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct PromoSettings {
    /// Whether its threads show promotions.
    pub enabled: bool,
    /// The post the first slot follows (numbered from 1).
    #[serde(deserialize_with = "crate::whole::u32")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1000))]
    pub after: u32,
    /// How many posts apart the later slots are.
    #[serde(deserialize_with = "crate::whole::u32")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1000))]
    pub every: u32,
    /// Whether signed-in readers see none.
    pub hide_signed_in: bool,
    /// The cards, shown in turn, slot by slot.
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub cards: Vec<PromoCard>,
    /// The site's own ad server, shown in every slot instead of the cards.
    pub frame: Option<PromoFrame>,
}

impl Default for PromoSettings {
    fn default() -> Self {
        Self { enabled: false, after: 3, every: 10, hide_signed_in: false, cards: Vec::new(), frame: None }
    }
}

/// A card: title, text, picture and link, all kept by schrieb.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PromoCard {
    /// Its title.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 80))]
    pub title: String,
    /// Its text.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 240))]
    pub text: String,
    /// Where it leads: an http or https address.
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub link: String,
    /// Its picture, as schrieb stores it (`/api/v1/preview-images/{name}`, from an upload).
    #[serde(default)]
    pub image: Option<String>,
}

/// A frame of the site's own ad server: shown sandboxed (scripts, but not as schrieb's
/// origin), at a fixed size, loaded when it comes near the screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PromoFrame {
    /// Its address: https.
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub url: String,
    /// Its width in CSS pixels.
    #[serde(deserialize_with = "crate::whole::u32")]
    #[cfg_attr(feature = "openapi", schema(minimum = 120, maximum = 970))]
    pub width: u32,
    /// Its height in CSS pixels.
    #[serde(deserialize_with = "crate::whole::u32")]
    #[cfg_attr(feature = "openapi", schema(minimum = 50, maximum = 600))]
    pub height: u32,
}

/// A picture uploaded for a card (`POST /api/v1/admin/sites/{name}/promo-images`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PromoImage {
    /// Where schrieb serves it, re-encoded: a card's `image`.
    pub image: String,
}

fn invalid(part: &'static str, message: String) -> FieldError {
    FieldError { field: part, reason: Reason::PromoInvalid { part: part.to_owned() }, message }
}

fn web_address(url: &str, https_only: bool) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let scheme = lower.starts_with("https://") || (!https_only && lower.starts_with("http://"));
    let host = url.split_once("://").map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or_default());
    scheme
        && host.is_some_and(|host| !host.is_empty() && !host.contains('@'))
        && url.chars().count() <= MAX_PROMO_URL_CHARS
        && !url.chars().any(|c| c.is_control() || c.is_whitespace())
}

impl PromoSettings {
    /// The settings' rules, each naming the part it is about (`Reason::PromoInvalid`):
    /// `placement` (both numbers 1 to 1000), `cards` (at most ten; on, a card or a frame),
    /// `title` (1 to 80 characters), `text` (at most 240), `link` (http or https), `image` (a
    /// stored picture), `frame` (https, its size in the ranges).
    pub fn check(&self) -> Result<(), FieldError> {
        let placement = 1..=MAX_PROMO_POSITION;
        if !placement.contains(&self.after) || !placement.contains(&self.every) {
            return Err(invalid("placement", format!("slots follow posts 1 to {MAX_PROMO_POSITION}, apart alike")));
        }
        if self.cards.len() > MAX_PROMO_CARDS {
            return Err(invalid("cards", format!("at most {MAX_PROMO_CARDS} cards")));
        }
        if self.enabled && self.cards.is_empty() && self.frame.is_none() {
            return Err(invalid("cards", "promotions need a card or a frame to show".into()));
        }
        for card in &self.cards {
            let title = card.title.trim().chars().count();
            if title == 0 || title > MAX_PROMO_TITLE_CHARS {
                return Err(invalid("title", format!("a card's title has 1 to {MAX_PROMO_TITLE_CHARS} characters")));
            }
            if card.text.chars().count() > MAX_PROMO_TEXT_CHARS {
                return Err(invalid("text", format!("a card's text has at most {MAX_PROMO_TEXT_CHARS} characters")));
            }
            if !web_address(card.link.trim(), false) {
                return Err(invalid("link", "a card's link is an http or https address".into()));
            }
            if card.image.as_deref().is_some_and(|image| !is_stored_picture(image)) {
                return Err(invalid("image", "a card's picture is one uploaded to schrieb".into()));
            }
        }
        if let Some(frame) = &self.frame {
            let (widths, heights) = (PROMO_FRAME_WIDTHS, PROMO_FRAME_HEIGHTS);
            if !web_address(frame.url.trim(), true)
                || !(widths.0..=widths.1).contains(&frame.width)
                || !(heights.0..=heights.1).contains(&frame.height)
            {
                return Err(invalid(
                    "frame",
                    format!(
                        "a frame is an https address, {} to {} pixels wide and {} to {} high",
                        widths.0, widths.1, heights.0, heights.1
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The slot after the post numbered `position`, counted from 0, if one follows it.
    pub fn slot_after(&self, position: u64) -> Option<u64> {
        let (after, every) = (u64::from(self.after), u64::from(self.every.max(1)));
        let past = position.checked_sub(after)?;
        (past % every == 0).then_some(past / every)
    }

    /// The card slot number `slot` shows: the cards in turn.
    pub fn card_for(&self, slot: u64) -> Option<&PromoCard> {
        let count = u64::try_from(self.cards.len()).ok().filter(|count| *count > 0)?;
        self.cards.get(usize::try_from(slot % count).ok()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(title: &str, link: &str) -> PromoCard {
        PromoCard { title: title.into(), text: "Text".into(), link: link.into(), image: None }
    }

    fn on(cards: Vec<PromoCard>) -> PromoSettings {
        PromoSettings { enabled: true, cards, ..PromoSettings::default() }
    }

    #[test]
    fn slots_follow_post_n_and_then_every_m() {
        let settings = PromoSettings { after: 3, every: 10, ..on(vec![card("A", "https://a.example")]) };
        let slots: Vec<(u64, u64)> =
            (1..=30).filter_map(|position| Some((position, settings.slot_after(position)?))).collect();
        assert_eq!(slots, [(3, 0), (13, 1), (23, 2)]);
        let every = PromoSettings { after: 1, every: 1, ..settings };
        assert_eq!(every.slot_after(5), Some(4));
    }

    #[test]
    fn cards_take_turns() {
        let settings = on(vec![card("A", "https://a.example"), card("B", "https://b.example")]);
        let titles: Vec<&str> = (0..5).filter_map(|slot| settings.card_for(slot)).map(|c| c.title.as_str()).collect();
        assert_eq!(titles, ["A", "B", "A", "B", "A"]);
        assert_eq!(PromoSettings::default().card_for(0), None);
    }

    #[test]
    fn off_by_default_and_on_only_with_something_to_show() {
        assert!(!PromoSettings::default().enabled);
        assert_eq!(PromoSettings::default().check(), Ok(()));
        let empty = on(Vec::new());
        assert_eq!(empty.check().unwrap_err().reason, Reason::PromoInvalid { part: "cards".into() });
        let framed = PromoSettings {
            frame: Some(PromoFrame { url: "https://ads.example/slot".into(), width: 300, height: 250 }),
            ..empty
        };
        assert_eq!(framed.check(), Ok(()));
    }

    #[test]
    fn every_rule_names_its_part() {
        let part = |settings: PromoSettings| match settings.check().unwrap_err().reason {
            Reason::PromoInvalid { part } => part,
            other => panic!("{other:?}"),
        };
        assert_eq!(part(PromoSettings { after: 0, ..on(vec![card("A", "https://a.example")]) }), "placement");
        assert_eq!(part(PromoSettings { every: 1001, ..on(vec![card("A", "https://a.example")]) }), "placement");
        assert_eq!(part(on(vec![card("A", "https://a.example"); 11])), "cards");
        assert_eq!(part(on(vec![card("  ", "https://a.example")])), "title");
        assert_eq!(part(on(vec![card(&"x".repeat(81), "https://a.example")])), "title");
        let long_text = PromoCard { text: "x".repeat(241), ..card("A", "https://a.example") };
        assert_eq!(part(on(vec![long_text])), "text");
        for link in
            ["javascript:alert(1)", "ftp://a.example", "https://", "https://a.example/ x", "https://u@evil.example"]
        {
            assert_eq!(part(on(vec![card("A", link)])), "link", "{link}");
        }
        let foreign =
            PromoCard { image: Some("https://tracker.example/p.png".into()), ..card("A", "https://a.example") };
        assert_eq!(part(on(vec![foreign])), "image");
        let stored = PromoCard {
            image: Some(format!("/api/v1/preview-images/{}.jpg", "a".repeat(64))),
            ..card("A", "https://a.example")
        };
        assert_eq!(on(vec![stored]).check(), Ok(()));
        let plain_frame = PromoFrame { url: "http://ads.example/".into(), width: 300, height: 250 };
        assert_eq!(part(PromoSettings { frame: Some(plain_frame), ..on(Vec::new()) }), "frame");
        let huge_frame = PromoFrame { url: "https://ads.example/".into(), width: 3000, height: 250 };
        assert_eq!(part(PromoSettings { frame: Some(huge_frame), ..on(Vec::new()) }), "frame");
    }
}
