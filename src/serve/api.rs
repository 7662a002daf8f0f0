//! The JSON API: `/api/search` answers with the same object as `bantin search --json`,
//! `/api/bulletins/{id}` as `bantin show --json`, `/api/stats` as `bantin stats --json`.
//! Errors are `{"error": message, "status": code}` with the status in the HTTP answer too.

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::{AppState, SearchParams};
use crate::index::document::StoredBulletin;
use crate::index::stats::{find_by_id, index_stats, IndexStats};
use crate::search::{search as run_search, SearchError, SearchRequest, SearchResults};

/// An answer other than success, with the message a user can act on.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
    /// What the page says instead, when the error comes from what the reader asked.
    pub page_message: Option<super::page_errors::PageMessage>,
}

impl ApiError {
    pub fn new(status: StatusCode, message: String) -> ApiError {
        ApiError {
            status,
            message,
            page_message: None,
        }
    }

    pub fn bad_request(message: String) -> ApiError {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn unavailable(message: String) -> ApiError {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, message)
    }

    pub fn internal(message: String) -> ApiError {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }

    pub fn not_found_bulletin(id: &str) -> ApiError {
        Self::new(StatusCode::NOT_FOUND, format!("no bulletin with id {id:?}"))
    }
}

/// A bad query or filter is the user's to fix (400, with the message `bantin search`
/// prints); an unreadable index is the server's (500).
impl From<SearchError> for ApiError {
    fn from(err: SearchError) -> ApiError {
        // Every other reason is in the request: its query, filters or bounds.
        let status = match err {
            SearchError::Index(_) => StatusCode::INTERNAL_SERVER_ERROR,
            _ => StatusCode::BAD_REQUEST,
        };
        let page_message = super::page_errors::search_error(&err);
        ApiError {
            page_message: Some(page_message),
            ..ApiError::new(status, format!("{:#}", anyhow::Error::from(err)))
        }
    }
}

impl From<crate::index::IndexError> for ApiError {
    fn from(err: crate::index::IndexError) -> ApiError {
        ApiError::internal(format!("{:#}", anyhow::Error::from(err)))
    }
}

impl From<super::params::BadParam> for ApiError {
    fn from(err: super::params::BadParam) -> ApiError {
        let page_message = super::page_errors::PageMessage {
            text: err.1,
            suggestions: Vec::new(),
        };
        ApiError {
            page_message: Some(page_message),
            ..ApiError::bad_request(err.0)
        }
    }
}

impl From<PathRejection> for ApiError {
    fn from(err: PathRejection) -> ApiError {
        ApiError::bad_request(err.body_text())
    }
}

impl IntoResponse for super::params::BadParam {
    fn into_response(self) -> Response {
        ApiError::from(self).into_response()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Json(serde_json::json!({
            "error": self.message,
            "status": self.status.as_u16(),
        }));
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            return (self.status, [(header::RETRY_AFTER, "1")], body).into_response();
        }
        (self.status, body).into_response()
    }
}

/// The answer of `/api/search`: `bantin search --json`'s object, the search as it was
/// understood, and the URL of the next page.
#[derive(serde::Serialize)]
pub struct SearchAnswer {
    #[serde(flatten)]
    pub results: SearchResults,
    /// The request as read: query, matching, filters, sort (`null`: the default), limit,
    /// offset, snippets, facets.
    pub request: SearchRequest,
    /// `/api/search?...` of the next page; `null` on the last one.
    pub next: Option<String>,
}

/// `GET /api/search`: the parameters of `bantin search`, the same JSON answer, with the
/// request echoed and a link to the next page.
pub async fn search(
    State(state): State<Arc<AppState>>,
    params: Result<SearchParams, super::params::BadParam>,
) -> Result<Json<SearchAnswer>, ApiError> {
    let params = params?;
    let bounds = state.limits.bounds;
    let request = params.to_request(&bounds, 1, false)?;
    let asked = request.clone();
    let results = state
        .run(move |index| Ok(run_search(index, &request)?))
        .await?;
    let next = next_page(&params, &asked, results.total, bounds.depth);
    Ok(Json(SearchAnswer {
        results,
        request: asked,
        next,
    }))
}

/// The URL of the page after this one, when there is one within reach.
fn next_page(
    params: &SearchParams,
    request: &SearchRequest,
    total: usize,
    depth: usize,
) -> Option<String> {
    let offset = request.offset + request.limit;
    let more = offset < total && offset < depth && request.limit > 0;
    more.then(|| {
        let mut next = params.clone();
        next.page = None;
        next.offset = Some(offset.to_string());
        // The last page within reach may be shorter: results go `depth` hits deep.
        next.limit = Some(request.limit.min(depth - offset).to_string());
        format!("/api/search?{}", next.to_query_string())
    })
}

/// `GET /api/bulletins/{id}`: one whole bulletin, as `bantin show --json`.
pub async fn bulletin(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<StoredBulletin>, ApiError> {
    let Path(id) = id?;
    Ok(Json(find_bulletin(&state, id).await?))
}

/// The bulletin with `id`, or a 404.
pub async fn find_bulletin(state: &Arc<AppState>, id: String) -> Result<StoredBulletin, ApiError> {
    if id.len() > state.limits.bounds.id_bytes {
        return Err(ApiError::not_found_bulletin(&id));
    }
    state
        .run(move |index| find_by_id(index, &id)?.ok_or_else(|| ApiError::not_found_bulletin(&id)))
        .await
}

/// The OpenAPI 3.1 document of this API, checked in the tests against real answers.
pub const OPENAPI: &str = include_str!("assets/openapi.json");

/// `GET /api/openapi.json`: the API described for code generators and readers.
pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

/// `GET /api/stats`: what the index holds, as `bantin stats --json`.
pub async fn stats(State(state): State<Arc<AppState>>) -> Result<Json<IndexStats>, ApiError> {
    Ok(Json(state.run(|index| Ok(index_stats(index)?)).await?))
}

/// `GET /healthz`: the server answers and its index can be read.
pub async fn health(
    State(state): State<Arc<AppState>>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let searcher = state.index.searcher()?;
    Ok(Json(serde_json::json!({
        "status": "ok",
        "documents": searcher.num_docs(),
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_page_reaches_the_last_hit_within_depth_and_no_further() {
        let bounds = crate::serve::Bounds::default();
        let next = |query: &str, total: usize| {
            let params = SearchParams::from_query(query).expect("parameters");
            let request = params.to_request(&bounds, 1, false).expect("a request");
            next_page(&params, &request, total, 20)
        };
        assert_eq!(
            next("q=ma&limit=7", 100).as_deref(),
            Some("/api/search?q=ma&limit=7&offset=7")
        );
        // 14 + 7 would pass hit 20: the last page is shorter, not missing.
        assert_eq!(
            next("q=ma&limit=7&offset=7", 100).as_deref(),
            Some("/api/search?q=ma&limit=6&offset=14")
        );
        assert_eq!(next("q=ma&limit=6&offset=14", 100), None);
        assert_eq!(next("q=ma&limit=7&page=2", 14), None);
    }

    #[test]
    fn every_documented_search_parameter_is_read() {
        let doc: serde_json::Value = serde_json::from_str(OPENAPI).expect("JSON");
        let parameters = doc["paths"]["/api/search"]["get"]["parameters"]
            .as_array()
            .expect("parameters");
        let names: Vec<&str> = parameters
            .iter()
            .filter_map(|p| p["name"].as_str())
            .collect();
        assert_eq!(names.len(), 17, "{names:?}");
        for name in names {
            let params = SearchParams::from_query(&format!("{name}=1")).expect("readable");
            assert_eq!(
                params.to_query_string(),
                format!("{name}=1"),
                "{name} is documented but not read"
            );
        }
    }
}
