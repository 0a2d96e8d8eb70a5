//! Who is asking: the client's address, for rate limits. Behind a trusted proxy it comes from
//! `X-Forwarded-For`; from anyone else that header is ignored, so it cannot be spoofed past the
//! limits.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;

use crate::AppState;
use crate::error::AppError;

/// The address of the client making the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(address)| address.ip())
            .ok_or_else(|| AppError::Internal)?;
        Ok(Self(client_address(peer, &parts.headers, &state.settings.trusted_proxies)))
    }
}

/// The client behind `peer`: `peer` itself unless it is a trusted proxy; then the right-most
/// address in `X-Forwarded-For` that is not a trusted proxy (the left part is whatever the
/// client claimed and proves nothing).
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|part| part.trim().parse().ok())
        .collect();
    forwarded.into_iter().rev().find(|address| !trusted.contains(address)).unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn forwarded(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        assert_eq!(client_address(ip("203.0.113.9"), &forwarded("198.51.100.1"), &[]), ip("203.0.113.9"));
    }

    #[test]
    fn behind_a_trusted_proxy_the_last_untrusted_hop_counts() {
        let proxy = ip("10.0.0.2");
        let spoofed = forwarded("1.2.3.4, 203.0.113.9");
        assert_eq!(client_address(proxy, &spoofed, &[proxy]), ip("203.0.113.9"), "the client's own claim is ignored");
        let chain = forwarded("203.0.113.9, 10.0.0.3");
        assert_eq!(client_address(proxy, &chain, &[proxy, ip("10.0.0.3")]), ip("203.0.113.9"));
        assert_eq!(client_address(proxy, &HeaderMap::new(), &[proxy]), proxy);
    }
}
