//! Accounts: the rules for display names, email addresses and passwords, the request bodies
//! that carry them, and what `GET /api/v1/me` answers. The registration form checks the same
//! rules as you type; the server checks them again.

use serde::{Deserialize, Serialize};

use crate::text_rule::{control_class, white_space_class};
use crate::{TextRule, UserId};

/// The shortest display name.
pub const MIN_NAME_CHARS: usize = 2;
/// The longest display name.
pub const MAX_NAME_CHARS: usize = 40;
/// The shortest password.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// The longest password: bounds what one login attempt may make the server hash.
pub const MAX_PASSWORD_CHARS: usize = 256;
/// The longest email address (RFC 5321's path limit).
pub const MAX_EMAIL_CHARS: usize = 254;

/// What guests are called; nobody may take these names (or "Name (Gast)") and pass as one.
const GUEST_WORDS: &[&str] = &["gast", "guest"];

/// A display name: 2 to 40 characters, no control or invisible formatting characters, no
/// quotation mark (mentions write names with spaces as `@"Name"`), not starting with `@`, and
/// not passing for a guest.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DisplayName(String);

/// Why a display name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DisplayNameError {
    /// Too short or too long (after trimming).
    #[error("a display name has {MIN_NAME_CHARS} to {MAX_NAME_CHARS} characters")]
    Length,
    /// A control or invisible formatting character.
    #[error("a display name may not contain control or invisible characters")]
    Invisible,
    /// `"` or a leading `@`, which mentions use.
    #[error("a display name may not contain \" or start with @")]
    Reserved,
    /// Looks like the guest label.
    #[error("“Gast” and “Guest” are what guests are called and cannot be taken as a name")]
    Guest,
}

/// The invisible characters `is_invisible` names, as the inside of a character class.
macro_rules! invisible_class {
    () => {
        r"\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF0-\uFFFB"
    };
}

impl DisplayName {
    /// What the OpenAPI document can state of the name rules: no `"`, no control or invisible
    /// character, not `@` first, at least 2 characters besides white space (which is what "2
    /// characters once trimmed and collapsed" comes to). The most characters counts after white
    /// space is collapsed, and guest words are words, which a pattern without look-around cannot
    /// count or find; the document says them in words.
    pub const RULE: TextRule = TextRule {
        pattern: Some(concat!(
            "^[",
            white_space_class!(),
            "]*[^@\"",
            white_space_class!(),
            control_class!(),
            invisible_class!(),
            "][^\"",
            control_class!(),
            invisible_class!(),
            "]*[^\"",
            white_space_class!(),
            control_class!(),
            invisible_class!(),
            "][^\"",
            control_class!(),
            invisible_class!(),
            "]*$"
        )),
        min_chars: MIN_NAME_CHARS,
        max_chars: None,
    };

    /// Checks `raw` (trimmed, inner runs of white space made one space).
    pub fn parse(raw: &str) -> Result<Self, DisplayNameError> {
        let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        let chars = name.chars().count();
        if !(MIN_NAME_CHARS..=MAX_NAME_CHARS).contains(&chars) {
            return Err(DisplayNameError::Length);
        }
        if raw.chars().any(|c| c.is_control() && !c.is_whitespace() || is_invisible(c)) {
            return Err(DisplayNameError::Invisible);
        }
        if name.contains('"') || name.starts_with('@') {
            return Err(DisplayNameError::Reserved);
        }
        if passes_for_guest(&name) {
            return Err(DisplayNameError::Guest);
        }
        Ok(Self(name))
    }

    /// The name as shown.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Zero-width and direction characters: they make two names look alike (display names refuse
/// them; imports drop them).
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}'
        | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF0}'..='\u{FFFB}')
}

/// "Gast", "guest", "Gast 7", "Guest_1", "Martin (Gast)", "[guest]": a guest word standing
/// alone among the name's letters.
fn passes_for_guest(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower.split(|c: char| !c.is_alphabetic()).any(|word| GUEST_WORDS.contains(&word))
}

impl TryFrom<String> for DisplayName {
    type Error = DisplayNameError;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(&raw)
    }
}

impl From<DisplayName> for String {
    fn from(name: DisplayName) -> Self {
        name.0
    }
}

impl std::fmt::Display for DisplayName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// An email address, lower-cased: one `@` between a local part and a domain with a dot, no
/// white space, at most 254 characters. Deliverability is what the confirmation mail checks.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

/// Why an email address was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("this is not an email address")]
pub struct EmailError;

impl Email {
    /// The address rules as the OpenAPI document states them: what [`Email::parse`] checks, but
    /// that the limit counts the address trimmed and lower-cased.
    pub const RULE: TextRule = TextRule {
        pattern: Some(concat!(
            "^[",
            white_space_class!(),
            "]*[^@",
            white_space_class!(),
            control_class!(),
            "]+@[^@.",
            white_space_class!(),
            control_class!(),
            "][^@",
            white_space_class!(),
            control_class!(),
            "]*\\.[^@",
            white_space_class!(),
            control_class!(),
            "]*[^@.",
            white_space_class!(),
            control_class!(),
            "][",
            white_space_class!(),
            "]*$"
        )),
        min_chars: 5,
        max_chars: Some(MAX_EMAIL_CHARS),
    };

    /// Checks `raw` (trimmed, lower-cased).
    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        let email = raw.trim().to_lowercase();
        let Some((local, domain)) = email.split_once('@') else { return Err(EmailError) };
        let well_formed = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && email.chars().count() <= MAX_EMAIL_CHARS
            && !email.chars().any(|c| c.is_whitespace() || c.is_control());
        if well_formed { Ok(Self(email)) } else { Err(EmailError) }
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password of 10 to 256 characters. Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

/// Why a password was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    /// Shorter than [`MIN_PASSWORD_CHARS`].
    #[error("a password needs at least {MIN_PASSWORD_CHARS} characters")]
    TooShort,
    /// Longer than [`MAX_PASSWORD_CHARS`].
    #[error("a password may have at most {MAX_PASSWORD_CHARS} characters")]
    TooLong,
}

impl Password {
    /// The password rules as the OpenAPI document states them: exactly what [`Password::parse`]
    /// checks.
    pub const RULE: TextRule =
        TextRule { pattern: None, min_chars: MIN_PASSWORD_CHARS, max_chars: Some(MAX_PASSWORD_CHARS) };

    /// Checks `raw` as given: passwords are never trimmed.
    pub fn parse(raw: &str) -> Result<Self, PasswordError> {
        match raw.chars().count() {
            n if n < MIN_PASSWORD_CHARS => Err(PasswordError::TooShort),
            n if n > MAX_PASSWORD_CHARS => Err(PasswordError::TooLong),
            _ => Ok(Self(raw.to_owned())),
        }
    }

    /// The password, for hashing.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(…)")
    }
}

/// A request field that broke its rule, for the form to show beside that field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FieldError {
    /// The JSON field: `display_name`, `email`, `password`, ...
    pub field: &'static str,
    /// The rule it broke, as data for the reader's language.
    pub reason: crate::Reason,
    /// The rule it broke, in English.
    pub message: String,
}

impl FieldError {
    /// `field` broke the rule `error` names.
    pub fn new<E>(field: &'static str, error: E) -> Self
    where
        E: std::fmt::Display,
        for<'a> &'a E: Into<crate::Reason>,
    {
        Self { field, reason: (&error).into(), message: error.to_string() }
    }
}

/// `POST /api/v1/auth/register`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterRequest {
    /// The name shown with the new account's comments.
    #[cfg_attr(feature = "openapi", schema(value_type = DisplayName))]
    pub display_name: String,
    /// Where the confirmation mail goes; also the login.
    #[cfg_attr(feature = "openapi", schema(value_type = Email))]
    pub email: String,
    /// At least 10 characters.
    #[cfg_attr(feature = "openapi", schema(value_type = Password))]
    pub password: String,
}

/// A registration that keeps every rule.
#[derive(Debug, Clone)]
pub struct Registration {
    /// The display name.
    pub display_name: DisplayName,
    /// The address.
    pub email: Email,
    /// The password.
    pub password: Password,
}

impl RegisterRequest {
    /// Checks every field, in form order; the first broken rule is the error.
    pub fn validate(&self) -> Result<Registration, FieldError> {
        Ok(Registration {
            display_name: DisplayName::parse(&self.display_name).map_err(|e| FieldError::new("display_name", e))?,
            email: Email::parse(&self.email).map_err(|e| FieldError::new("email", e))?,
            password: Password::parse(&self.password).map_err(|e| FieldError::new("password", e))?,
        })
    }
}

/// `POST /api/v1/auth/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    /// The account's email address.
    pub email: String,
    /// Its password.
    pub password: String,
}

/// `POST /api/v1/auth/verify`: the token from the confirmation mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerifyRequest {
    /// The token from the link.
    pub token: String,
}

/// `PUT /api/v1/me/password`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePasswordRequest {
    /// The password now.
    pub current_password: String,
    /// The new one, at least 10 characters.
    #[cfg_attr(feature = "openapi", schema(value_type = Password))]
    pub new_password: String,
}

impl ChangePasswordRequest {
    /// Checks the new password's rules.
    pub fn validate(&self) -> Result<Password, FieldError> {
        Password::parse(&self.new_password).map_err(|e| FieldError::new("new_password", e))
    }
}

/// `POST /api/v1/auth/password-reset`: mail a reset link to this address, if an account has
/// it (the answer is the same either way).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordResetRequest {
    /// The account's address.
    #[cfg_attr(feature = "openapi", schema(value_type = Email))]
    pub email: String,
}

/// `POST /api/v1/auth/password-reset/confirm`: the token from the reset mail and the new
/// password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordResetConfirm {
    /// The token from the link.
    pub token: String,
    /// The new password, at least 10 characters.
    #[cfg_attr(feature = "openapi", schema(value_type = Password))]
    pub password: String,
}

impl PasswordResetConfirm {
    /// Checks the new password's rules.
    pub fn validate(&self) -> Result<Password, FieldError> {
        Password::parse(&self.password).map_err(|e| FieldError::new("password", e))
    }
}

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reads, writes, edits and deletes their own comments, reacts.
    Reader,
    /// Also edits at any time, deletes and restores any comment.
    Moderator,
    /// Also runs the site.
    Admin,
}

impl Role {
    /// Whether this role moderates (moderators and admins).
    pub fn moderates(self) -> bool {
        self >= Self::Moderator
    }

    /// The name stored in the database and sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reader => "reader",
            Self::Moderator => "moderator",
            Self::Admin => "admin",
        }
    }

    /// The role stored as `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        [Self::Reader, Self::Moderator, Self::Admin].into_iter().find(|role| role.as_str() == name)
    }
}

/// `GET /api/v1/me`: the account logged in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    /// The account.
    pub id: UserId,
    /// Its display name.
    pub display_name: String,
    /// Its email address (only ever shown to its owner).
    pub email: String,
    /// What it may do.
    pub role: Role,
    /// How many hours after posting it may still edit its comments (moderators: always).
    pub edit_window_hours: i64,
}

/// `POST /api/v1/auth/token`: a session for the embed widget, which cannot use the cookie.
///
/// The widget's iframe sits inside another site, where browsers withhold schrieb's session
/// cookie; the login popup (first-party, so the cookie works) asks for this token and hands it
/// to the iframe, which sends `Authorization: Bearer <token>` on every request. The token is a
/// session of its own: logging it out ends only it, and it ends at `expires_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WidgetToken {
    /// The secret for the `Authorization: Bearer` header; shown once, never stored in clear.
    pub token: String,
    /// When the server stops accepting it; after that the widget must ask again.
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

/// An answer that only says something happened, in words (registration: "check your inbox").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notice {
    /// A sentence for people.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_are_trimmed_and_checked() {
        assert_eq!(DisplayName::parse("  Frau   Holle ").unwrap().as_str(), "Frau Holle");
        assert_eq!(DisplayName::parse("Jürgen_83").unwrap().as_str(), "Jürgen_83");
        assert_eq!(DisplayName::parse("A"), Err(DisplayNameError::Length));
        assert_eq!(DisplayName::parse(&"x".repeat(41)), Err(DisplayNameError::Length));
        assert_eq!(DisplayName::parse("Mar\u{200B}tin"), Err(DisplayNameError::Invisible));
        assert_eq!(DisplayName::parse("Mar\u{202E}tin"), Err(DisplayNameError::Invisible));
        assert_eq!(DisplayName::parse("Mar\u{7}tin"), Err(DisplayNameError::Invisible));
        assert_eq!(DisplayName::parse("Der \"Chef\""), Err(DisplayNameError::Reserved));
        assert_eq!(DisplayName::parse("@admin"), Err(DisplayNameError::Reserved));
    }

    #[test]
    fn nobody_passes_for_a_guest() {
        for name in ["Gast", "guest", "GAST 7", "Guest_1", "Martin (Gast)", "[guest] Bob", "gast-42"] {
            assert_eq!(DisplayName::parse(name), Err(DisplayNameError::Guest), "{name}");
        }
        for name in ["Gastwirt", "Guesthouse", "Ingast", "Gästebuch"] {
            assert!(DisplayName::parse(name).is_ok(), "{name}");
        }
    }

    #[test]
    fn emails_are_lower_cased_and_plausible() {
        assert_eq!(Email::parse(" Martin@Example.ORG ").unwrap().as_str(), "martin@example.org");
        for bad in
            ["", "martin", "@example.org", "martin@", "martin@example", "mar tin@example.org", "a@b@c.de", "a@.de"]
        {
            assert_eq!(Email::parse(bad), Err(EmailError), "{bad}");
        }
    }

    #[test]
    fn passwords_have_bounds_and_never_print() {
        assert_eq!(Password::parse("123456789"), Err(PasswordError::TooShort));
        assert!(Password::parse(" ten chars").is_ok(), "spaces count and are kept");
        assert_eq!(Password::parse(&"x".repeat(257)), Err(PasswordError::TooLong));
        assert_eq!(format!("{:?}", Password::parse("geheim-geheim").unwrap()), "Password(…)");
    }

    #[test]
    fn the_documented_name_rule_admits_every_name_parse_accepts() {
        use crate::text_rule::check::*;
        let accepted = |text: &str| DisplayName::parse(text).is_ok();
        // Inside and in front of a name, each character is allowed or not by the pattern alone.
        agrees_exactly(&DisplayName::RULE, every_bmp_char().map(|c| format!("Ab{c}x")), accepted);
        agrees_exactly(&DisplayName::RULE, every_bmp_char().map(|c| format!("{c}Abx")), accepted);
        let words = ["Gast", "x", " x ", "a  b", &"x".repeat(41), "\t@Bob", "Bob \"B\""].map(String::from);
        admits_all_accepted(&DisplayName::RULE, words, accepted);
        // Short of the most characters, and without guest words, the rule is the whole check.
        let short = texts_over(&['a', 'B', ' ', '\t', '@', '"', '\u{200B}', '\u{1}'], 4);
        agrees_exactly(&DisplayName::RULE, short, accepted);
    }

    #[test]
    fn the_documented_address_rule_is_the_rule() {
        use crate::text_rule::check::*;
        let accepted = |text: &str| Email::parse(text).is_ok();
        agrees_exactly(&Email::RULE, every_bmp_char().map(|c| format!("a{c}b@example.org")), accepted);
        agrees_exactly(&Email::RULE, every_bmp_char().map(|c| format!("ab@exa{c}mple.org")), accepted);
        agrees_exactly(&Email::RULE, every_bmp_char().map(|c| format!("{c}ab@example.org{c}")), accepted);
        agrees_exactly(&Email::RULE, texts_over(&['a', '@', '.', ' '], 6), accepted);
        let long = |length: usize| format!("{}@example.org", "a".repeat(length - 12));
        agrees_exactly(&Email::RULE, [long(MAX_EMAIL_CHARS), long(MAX_EMAIL_CHARS + 1)], accepted);
    }

    #[test]
    fn the_documented_password_rule_is_the_rule() {
        use crate::text_rule::check::*;
        let lengths = [0, 9, 10, 256, 257].map(|length| "ä".repeat(length));
        agrees_exactly(&Password::RULE, lengths, |text| Password::parse(text).is_ok());
    }

    #[test]
    fn registration_names_the_first_broken_field() {
        let request = RegisterRequest { display_name: "Gast".into(), email: "x".into(), password: "kurz".into() };
        assert_eq!(request.validate().unwrap_err().field, "display_name");
        let request = RegisterRequest { display_name: "Martin".into(), email: "x".into(), password: "kurz".into() };
        assert_eq!(request.validate().unwrap_err().field, "email");
        let request =
            RegisterRequest { display_name: "Martin".into(), email: "m@example.org".into(), password: "kurz".into() };
        let error = request.validate().unwrap_err();
        assert_eq!((error.field, error.message.as_str()), ("password", "a password needs at least 10 characters"));
    }

    #[test]
    fn roles_order_by_power() {
        assert!(!Role::Reader.moderates());
        assert!(Role::Moderator.moderates() && Role::Admin.moderates());
        assert_eq!(Role::from_name("moderator"), Some(Role::Moderator));
        assert_eq!(Role::from_name("root"), None);
    }
}
