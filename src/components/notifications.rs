//! Notifications: the bell in the header, the list on `/notifications`, how the reader hears
//! of them (the settings on `/account`), and stopping mails by a mailed link (`/unsubscribe`).

mod delivery_choice;
mod notification_bell;
mod notification_item;
mod notification_list;
mod notification_settings_form;
mod unsubscribe_form;

pub use delivery_choice::DeliveryChoice;
pub use notification_bell::NotificationBell;
pub use notification_item::NotificationItem;
pub use notification_list::NotificationList;
pub use notification_settings_form::NotificationSettingsForm;
pub use unsubscribe_form::UnsubscribeForm;
