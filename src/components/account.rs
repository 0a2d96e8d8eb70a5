//! Accounts in the app: the forms for logging in, registering and changing the password, the
//! reader's own data (its download, deleting the account), the user menu, and the words for
//! every rule a form checks before sending.

mod data_export;
mod delete_account_form;
mod field_problem_text;
mod login_form;
mod password_form;
mod register_form;
mod reset_password_form;
mod reset_request_form;
mod user_menu;
mod widget_login;

pub use data_export::DataExport;
pub use delete_account_form::DeleteAccountForm;
pub use field_problem_text::FieldProblemText;
pub use login_form::LoginForm;
pub use password_form::PasswordForm;
pub use register_form::RegisterForm;
pub use reset_password_form::ResetPasswordForm;
pub use reset_request_form::ResetRequestForm;
pub use user_menu::UserMenu;
pub use widget_login::WidgetLogin;
