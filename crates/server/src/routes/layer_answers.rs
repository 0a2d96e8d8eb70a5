//! The answers a route can give that come from the router around the handler (the cross-site
//! check, the JSON body extractor with its size cap, the error type) rather than from the
//! handler itself. They hold for every route alike, so they are added to every operation of the
//! OpenAPI document here, from the same facts the router is built of, and a new route is
//! documented with them without anyone remembering to. Each handler's attribute lists its own.

use utoipa::openapi::path::{Operation, ParameterIn, PathItem};
use utoipa::openapi::response::Response;
use utoipa::openapi::schema::{Object, Type};
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::{Content, OpenApi, Ref, RefOr, header::Header};

use crate::limits::MAX_BODY_BYTES;

/// Every write (`POST`, `PUT`, `PATCH`, `DELETE`) passes `auth::csrf::refuse_cross_site_writes`.
const CROSS_SITE: &str = "a write from another site's page (an `Origin` that is not this site's), or one that \
     carries the session cookie but neither `Origin` nor `Sec-Fetch-Site: same-origin`: refused before anything else";

/// Every path parameter is read by `extract::ApiPath`.
const BAD_PATH: &str = "a path parameter is not of its type, or not UTF-8 once percent-decoded";

/// Every request body is read by `extract::ApiJson`.
const NOT_JSON: &str = "the body is not JSON, or not sent as `Content-Type: application/json`";

/// The same, for a body that is JSON but not the request's shape.
const WRONG_SHAPE: &str =
    "a field of the body is missing or has the wrong type (`field` names it when the fault is one field's)";

/// Every error the server did not expect (`AppError::Database`, a handler that panicked).
const INTERNAL: &str = "the server failed; the details are in its log, the answer says nothing more";

/// What `AppError::RateLimited` always sends along.
const RETRY_AFTER: &str = "How many seconds until the limit lets this request through again";

/// Every route that takes the widget's token reads it with `auth::session`, which refuses a dead
/// one even where logging in is optional: the widget must drop it rather than go on anonymous.
const DEAD_TOKEN: &str = "an `Authorization: Bearer` token that names no live session (unknown, expired or \
     logged out): drop it and log in again";

/// What `AppError::InvalidToken` sends along (RFC 6750, section 3).
const WWW_AUTHENTICATE: &str =
    "`Bearer error=\"invalid_token\"` when the token itself is what failed; absent for a missing session cookie";

/// Adds the router's answers to every operation of `openapi`.
pub fn document(openapi: &mut OpenApi) {
    for item in openapi.paths.paths.values_mut() {
        for (write, operation) in operations(item) {
            if write {
                add(operation, 403, CROSS_SITE);
            }
            let parameters = operation.parameters.iter().flatten();
            if parameters.into_iter().any(|parameter| parameter.parameter_in == ParameterIn::Path) {
                add(operation, 400, BAD_PATH);
            }
            if operation.request_body.is_some() {
                add(operation, 400, NOT_JSON);
                let too_large = format!(
                    "the body is larger than the server reads ({} KB for most requests; `reason.max_kb` names this one's cap)",
                    MAX_BODY_BYTES / 1024
                );
                add(operation, 413, &too_large);
                add(operation, 422, WRONG_SHAPE);
            }
            add(operation, 500, INTERNAL);
            if takes_bearer(operation) {
                add(operation, 401, DEAD_TOKEN);
                if let Some(RefOr::T(refused)) = operation.responses.responses.get_mut("401") {
                    let mut challenge = Header::new(Object::with_type(Type::String));
                    challenge.description = Some(WWW_AUTHENTICATE.into());
                    refused.headers.insert("WWW-Authenticate".into(), challenge);
                }
            }
            if let Some(RefOr::T(limited)) = operation.responses.responses.get_mut("429") {
                let mut seconds = Header::new(Object::with_type(Type::Integer));
                seconds.description = Some(RETRY_AFTER.into());
                limited.headers.insert("Retry-After".into(), seconds);
            }
        }
    }
}

/// Whether `operation` lists the widget's `bearer` token among the ways to name a session.
fn takes_bearer(operation: &Operation) -> bool {
    let bearer = SecurityRequirement::new("bearer", Vec::<String>::new());
    operation.security.iter().flatten().any(|requirement| *requirement == bearer)
}

/// The operations of a path, each with whether it is a write.
fn operations(item: &mut PathItem) -> impl Iterator<Item = (bool, &mut Operation)> {
    [
        (false, item.get.as_mut()),
        (false, item.head.as_mut()),
        (false, item.options.as_mut()),
        (false, item.trace.as_mut()),
        (true, item.post.as_mut()),
        (true, item.put.as_mut()),
        (true, item.patch.as_mut()),
        (true, item.delete.as_mut()),
    ]
    .into_iter()
    .filter_map(|(write, operation)| operation.map(|operation| (write, operation)))
}

/// Documents `status` with `reason` (in the shared error shape), or adds `reason` to the reasons
/// the handler already gives for it.
fn add(operation: &mut Operation, status: u16, reason: &str) {
    let responses = &mut operation.responses.responses;
    match responses.get_mut(&status.to_string()) {
        Some(RefOr::T(response)) => response.description = format!("{}; or {reason}", response.description),
        Some(RefOr::Ref(_)) => {}
        None => {
            let mut response = Response::new(capitalized(reason));
            let error = Content::new(Some(RefOr::Ref(Ref::from_schema_name("ApiError"))));
            response.content.insert("application/json".into(), error);
            responses.insert(status.to_string(), RefOr::T(response));
        }
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
