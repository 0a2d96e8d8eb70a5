//! OpenAPI schemas of the validated types, built from their own rules ([`TextRule`]s and limits),
//! so that the document states what `parse` checks and cannot drift from it. Derived schemas
//! would only say "string".

use std::borrow::Cow;

use utoipa::openapi::schema::{ArrayBuilder, KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::openapi::{RefOr, schema::SchemaType};
use utoipa::{PartialSchema, ToSchema};

use crate::{
    CommentBody, CountUrls, DisplayName, DraftBody, Email, IdempotencyKey, MAX_COUNT_URLS, MAX_LINKS, MAX_MENTIONS,
    MAX_PAGE, MAX_PAGE_URL_CHARS, MAX_QUOTE_NESTING, MentionPrefix, PageNumber, PageUrl, Password, Slug, TextRule,
};

/// A string schema stating `rule`, with `description` for what it cannot state.
fn text(rule: &TextRule, description: impl Into<String>, example: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::String))
        .pattern(rule.pattern)
        .min_length(Some(rule.min_chars))
        .max_length(rule.max_chars)
        .description(Some(description))
        .examples([example])
}

/// `PartialSchema` from an expression and `ToSchema` under the type's own name.
macro_rules! schema {
    ($type:ty, $name:literal, $schema:expr) => {
        impl PartialSchema for $type {
            fn schema() -> RefOr<Schema> {
                $schema.into()
            }
        }

        impl ToSchema for $type {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            }
        }
    };
}

schema!(Slug, "Slug", text(&Slug::RULE, "An article's slug: `a-z`, `0-9` and inner dashes.", "pergola-lizenzwechsel"));

schema!(
    PageNumber,
    "PageNumber",
    ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::Integer))
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int32)))
        .minimum(Some(1))
        .maximum(Some(MAX_PAGE))
        .description(Some("A page of a thread, counted from 1."))
);

schema!(
    CommentBody,
    "CommentBody",
    text(
        &CommentBody::RULE,
        format!(
            "A comment in schrieb markup. Besides its length (counted once `\\r\\n` is made `\\n` and trailing white \
             space is dropped), the markup is checked: quotes nested at most {MAX_QUOTE_NESTING} deep, at most \
             {MAX_LINKS} links and {MAX_MENTIONS} mentioned people, and every quote with a source must name an \
             existing comment and its author, with words that comment has. A body that breaks one of these is a 422 \
             naming the rule."
        ),
        "Das sehe ich anders.",
    )
);

schema!(
    DraftBody,
    "DraftBody",
    text(
        &DraftBody::RULE,
        "A reply being written: some text, no longer than a comment may be (counted once `\\r\\n` is made `\\n`).",
        "Ich denke ",
    )
);

schema!(
    DisplayName,
    "DisplayName",
    text(
        &DisplayName::RULE,
        format!(
            "The name shown with someone's comments. Leading and trailing white space is dropped and inner runs \
             become one space; what is left has {min} to {max} characters, no `\"`, no control or invisible \
             characters, does not start with `@` and has no word `Gast` or `Guest` (any case) in it. A name that \
             breaks one of these is a 422 naming the field.",
            min = crate::MIN_NAME_CHARS,
            max = crate::MAX_NAME_CHARS,
        ),
        "Frau Holle",
    )
);

schema!(
    Email,
    "Email",
    text(
        &Email::RULE,
        "An email address: one `@` after a local part and before a domain with an inner dot, no white space or \
         control characters; surrounding white space is dropped and the address lower-cased.",
        "holle@example.org",
    )
);

schema!(
    Password,
    "Password",
    text(&Password::RULE, "A password, taken as given (not trimmed).", "correct horse battery")
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Password)))
);

schema!(
    IdempotencyKey,
    "IdempotencyKey",
    text(
        &IdempotencyKey::RULE,
        "A client's name for one write: ASCII letters, digits, `-` and `_`. A UUID passes.",
        "3b241101-e2bb-4255-8caf-4136c566a962",
    )
);

schema!(MentionPrefix, "MentionPrefix", text(&MentionPrefix::RULE, "The start of a display name, any case.", "On"));

schema!(
    PageUrl,
    "PageUrl",
    ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::String))
        .format(Some(SchemaFormat::Custom("uri".into())))
        .pattern(Some(PageUrl::SCHEME_PATTERN))
        .max_length(Some(MAX_PAGE_URL_CHARS))
        .description(Some(
            "A page's http(s) address, read as browsers read it (the WHATWG URL standard), without a user name or \
             password. Threads are keyed by its normalized form: scheme and host lower case, default port, query \
             and fragment dropped."
        ))
        .examples(["https://blog.example/2026/hallo"])
);

schema!(
    CountUrls,
    "CountUrls",
    ArrayBuilder::new()
        .items(ObjectBuilder::new().schema_type(SchemaType::new(Type::String)))
        .min_items(Some(1))
        .max_items(Some(MAX_COUNT_URLS))
        .description(Some("Page addresses, each answered as given; one that is not an address counts 0."))
);
