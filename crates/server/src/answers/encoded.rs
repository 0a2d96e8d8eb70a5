//! A body kept in each encoding a browser may ask for, compressed once, and the request's
//! choice among them.

use std::io::Write;

use axum::body::Bytes;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::Headers;

/// A body as sent, gzip and brotli.
#[derive(Debug)]
pub struct Encoded {
    identity: Bytes,
    gzip: Bytes,
    brotli: Bytes,
}

impl Encoded {
    /// `body`, compressed at levels for answers made again whenever their thread changes.
    pub fn new(body: Vec<u8>) -> Self {
        Self::at(body, Levels::KEPT)
    }

    /// `body`, compressed as small as both formats go: for bodies that stay the same while the
    /// server runs (the widget's scripts), compressed once and sent to every host page.
    pub fn smallest(body: Vec<u8>) -> Self {
        Self::at(body, Levels::FIXED)
    }

    fn at(body: Vec<u8>, levels: Levels) -> Self {
        let gzip = gzip(&body, levels.gzip);
        let brotli = brotli(&body, levels.brotli);
        Self { identity: Bytes::from(body), gzip: Bytes::from(gzip), brotli: Bytes::from(brotli) }
    }

    /// The body in the encoding the request accepts, with `headers`.
    pub fn respond(&self, accepted: Accepted, headers: Headers) -> Response {
        let (body, encoding) = match accepted.0 {
            Encoding::Brotli => (self.brotli.clone(), Some("br")),
            Encoding::Gzip => (self.gzip.clone(), Some("gzip")),
            Encoding::Identity => (self.identity.clone(), None),
        };
        let mut response = (StatusCode::OK, body).into_response();
        let map = response.headers_mut();
        map.insert(header::CONTENT_TYPE, HeaderValue::from_static(headers.content_type));
        map.insert(header::CACHE_CONTROL, HeaderValue::from_static(headers.cache_control));
        map.insert(header::VARY, HeaderValue::from_static(headers.vary));
        // The compression layer leaves a response that names its encoding as it is.
        if let Some(encoding) = encoding {
            map.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
        response
    }

    /// The body as sent, uncompressed.
    pub fn identity(&self) -> &[u8] {
        &self.identity
    }

    /// Its size in brotli, as a browser gets it.
    pub fn brotli_len(&self) -> usize {
        self.brotli.len()
    }

    /// The bytes kept, all encodings counted.
    pub fn bytes(&self) -> usize {
        self.identity.len() + self.gzip.len() + self.brotli.len()
    }
}

/// The best encoding a request accepts, read from its `Accept-Encoding` alone (an extractor,
/// so a kept answer's request copies no other header).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accepted(Encoding);

impl Accepted {
    /// What a request with these headers accepts.
    pub fn of(headers: &HeaderMap) -> Self {
        let accepted = headers.get(header::ACCEPT_ENCODING).and_then(|value| value.to_str().ok()).unwrap_or("");
        Self(best_encoding(accepted))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Accepted {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self::of(&parts.headers))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

/// Brotli if the request's `Accept-Encoding` takes it, else gzip, else the body as it is.
/// A coding listed with `q=0` is refused; `*` takes any.
pub(super) fn best_encoding(accepted: &str) -> Encoding {
    let mut brotli = false;
    let mut gzip = false;
    for entry in accepted.split(',') {
        let mut parts = entry.split(';').map(str::trim);
        let name = parts.next().unwrap_or_default().to_ascii_lowercase();
        let refused = parts.any(|parameter| {
            parameter.strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()).is_some_and(|q| q <= 0.0)
        });
        if refused {
            continue;
        }
        match name.as_str() {
            "br" => brotli = true,
            "gzip" | "x-gzip" => gzip = true,
            "*" => (brotli, gzip) = (true, true),
            _ => {}
        }
    }
    if brotli {
        Encoding::Brotli
    } else if gzip {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

#[derive(Debug, Clone, Copy)]
struct Levels {
    gzip: u32,
    brotli: u32,
}

impl Levels {
    /// For answers compressed once and sent many times: better than on-the-fly settings, still
    /// a millisecond or two for a page, since a busy thread is compressed again on each change.
    const KEPT: Self = Self { gzip: 6, brotli: 6 };
    /// For bodies compressed once per process: the formats' best.
    const FIXED: Self = Self { gzip: 9, brotli: 11 };
}

fn gzip(body: &[u8], level: u32) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(body);
    encoder.finish().unwrap_or_default()
}

fn brotli(body: &[u8], quality: u32) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = brotli::CompressorWriter::new(&mut out, 4096, quality, 22);
        let _ = encoder.write_all(body);
    }
    out
}
