//! The site's own promotions between the posts of a thread ("Anzeige"): never a comment.

mod promo_slot;

pub use promo_slot::{PromoPlacement, PromoSlot, ThreadPromos, provide_thread_promos, use_thread_promos};
