//! Who may call the API from a browser, and what the server says of each request: CORS
//! for the origins the operator names (none by default), answers to `OPTIONS`, and one
//! log line per request on stderr.

use std::io::Write;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// How the server opens itself to other sites and reports its requests.
#[derive(Clone, Debug, Default)]
pub struct Access {
    /// Origins whose pages may read the API (`https://example.org`), or `*` for any.
    pub cors: Vec<HeaderValue>,
    /// One line per request on stderr: method, path, status, milliseconds.
    pub log: bool,
}

impl Access {
    /// The CORS layer for the origins named; `None` when none is.
    pub fn cors_layer(&self) -> Option<CorsLayer> {
        if self.cors.is_empty() {
            return None;
        }
        let any = self.cors.iter().any(|origin| origin == "*");
        let origins = if any {
            AllowOrigin::any()
        } else {
            AllowOrigin::list(self.cors.clone())
        };
        Some(
            CorsLayer::new()
                .allow_origin(origins)
                .allow_methods([Method::GET, Method::HEAD])
                // What an export says of its rows, for a page that downloads it.
                .expose_headers(super::export::EXPOSED_HEADERS.map(HeaderName::from_static))
                .max_age(std::time::Duration::from_secs(3600)),
        )
    }
}

/// Methods every route answers.
pub const ALLOWED: &str = "GET, HEAD, OPTIONS";

/// `OPTIONS` on any path: what the server allows (204), the same with CORS on or off.
/// With `--cors` (`cors_on`), a browser's preflight (`Access-Control-Request-Method`) goes
/// on to the CORS layer instead.
pub async fn options(State(cors_on): State<bool>, request: Request, next: Next) -> Response {
    let preflight = request
        .headers()
        .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    if request.method() != Method::OPTIONS || (preflight && cors_on) {
        return next.run(request).await;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    let headers = response.headers_mut();
    headers.insert(header::ALLOW, HeaderValue::from_static(ALLOWED));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// Logs `GET /api/search?q=ma+tuy 200 3.1 ms` on stderr after each answer, when asked.
pub async fn log_requests(State(log): State<bool>, request: Request, next: Next) -> Response {
    if !log {
        return next.run(request).await;
    }
    let started = Instant::now();
    let method = request.method().clone();
    let target = request.uri().path_and_query().map_or_else(
        || request.uri().path().to_owned(),
        |p| p.as_str().to_owned(),
    );
    let response = next.run(request).await;
    // A request target holds no control characters: HTTP parsing refuses them.
    let line = format!(
        "{method} {target} {} {:.1} ms\n",
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    // A closed stderr must not fail the answer.
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
    response
}

/// Reads `--cors` values: an origin (`scheme://host[:port]`) or `*`.
pub fn parse_origin(value: &str) -> Result<HeaderValue, String> {
    let value = value.trim();
    if value == "*" {
        return Ok(HeaderValue::from_static("*"));
    }
    let well_formed = (value.starts_with("http://") || value.starts_with("https://"))
        && !value.trim_end_matches('/').contains(char::is_whitespace)
        && value
            .split("://")
            .nth(1)
            .is_some_and(|rest| !rest.is_empty() && !rest.trim_end_matches('/').contains('/'));
    if !well_formed {
        return Err(format!(
            "{value:?} is not an origin: give scheme and host, as https://example.org or \
             http://localhost:3000, or * for any"
        ));
    }
    // Scheme and host are case-insensitive, and browsers send them in lowercase.
    HeaderValue::from_str(&value.trim_end_matches('/').to_ascii_lowercase())
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_scheme_and_host() {
        assert_eq!(
            parse_origin("https://example.org/").map(|v| v.to_str().unwrap_or("").to_owned()),
            Ok("https://example.org".to_owned())
        );
        assert!(parse_origin("http://localhost:3000").is_ok());
        assert_eq!(
            parse_origin("https://B.Example").map(|v| v.to_str().unwrap_or("").to_owned()),
            Ok("https://b.example".to_owned())
        );
        assert!(parse_origin("*").is_ok());
        for bad in [
            "example.org",
            "https://",
            "https://a.org/path",
            "ftp://a.org",
            "",
        ] {
            assert!(parse_origin(bad).is_err(), "{bad}");
        }
    }
}
