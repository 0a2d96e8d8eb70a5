//! Counting and timing each request as it is answered.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use metrics::{Label, SharedString};

use super::{DURATION, IN_FLIGHT, Metrics, REQUESTS};

/// Counts each request by method, route template and status, and times it. The route is the
/// template the router matched (`/api/v1/comments/{id}`), never the path itself, whose values
/// would make a series each; requests no route matched (the app's files) count as `fallback`.
pub async fn track(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let method = method_label(request.method());
    let route: SharedString = match request.extensions().get::<MatchedPath>() {
        Some(matched) => matched.as_str().to_owned().into(),
        None => SharedString::const_str("fallback"),
    };
    let in_flight = InFlight::start(metrics.gauge(IN_FLIGHT, vec![]));
    let started = Instant::now();
    let response = next.run(request).await;
    let elapsed = started.elapsed().as_secs_f64();
    drop(in_flight);
    let status = SharedString::from(response.status().as_u16().to_string());
    let labels = vec![Label::new("method", method), Label::new("route", route.clone())];
    metrics.histogram(DURATION, labels).record(elapsed);
    let labels = vec![Label::new("method", method), Label::new("route", route), Label::new("status", status)];
    metrics.counter(REQUESTS, labels).increment(1);
    response
}

/// The method as a label: any client may send a method of its own making, and each would be
/// a series, so those count as `other`.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// One request in flight; counted down when dropped, also when the client left and the
/// request's future was dropped unfinished.
struct InFlight(metrics::Gauge);

impl InFlight {
    fn start(gauge: metrics::Gauge) -> Self {
        gauge.increment(1.0);
        Self(gauge)
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.decrement(1.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_up_methods_share_one_label() {
        let made_up = Method::from_bytes(b"BREW").unwrap();
        assert_eq!((method_label(&Method::PATCH), method_label(&made_up)), ("PATCH", "other"));
    }
}
