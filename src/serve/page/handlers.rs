//! The axum handlers of the page: `/` (the landing lists, or a search and its results),
//! `/bulletins/{id}` and the static files. They run the search and hand what it found to
//! the views; every answer goes out through [`html_response`].

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::bulletin::bulletin_view;
use super::chips::active_filters;
use super::layout::{error_page, html_response};
use super::links::page_href;
use super::results::{landing_view, Relaxed, ResultsView};
use crate::index::stats::index_stats;
use crate::search::snippets::Highlighter;
use crate::search::{search as run_search, Matching};
use crate::serve::params::{present, BadParam};
use crate::serve::{ApiError, AppState, SearchParams};

/// Snippets per hit on the page.
const PAGE_SNIPPETS: usize = 2;
/// Related bulletins listed under a bulletin.
const RELATED_SHOWN: usize = 5;

const STYLE: &str = include_str!("../assets/bantin.css");
const SCRIPT: &str = include_str!("../assets/bantin.js");

/// `GET /`: the search form, and the results with facets when anything is asked.
pub async fn search_page(
    State(state): State<Arc<AppState>>,
    params: Result<SearchParams, BadParam>,
) -> Response {
    let params = match params {
        Ok(params) => params,
        Err(rejection) => {
            let error = ApiError::from(rejection);
            return html_response(error.status, error_page(&SearchParams::default(), &error));
        }
    };
    if !params.is_search() {
        return landing_page(&state, &params).await;
    }
    let request = match params.to_request(&state.limits.bounds, PAGE_SNIPPETS, true) {
        Ok(request) => request,
        Err(bad) => {
            let error = ApiError::from(bad);
            return html_response(error.status, error_page(&params, &error));
        }
    };
    let limit = request.limit.max(1);
    let outcome = state
        .run(move |index| Ok(run_search(index, &request)?))
        .await;
    let relaxed = match &outcome {
        Ok(results) if results.total == 0 => relaxed_counts(&state, &params).await,
        _ => Vec::new(),
    };
    match outcome {
        Ok(results) => {
            let view = ResultsView {
                params: &params,
                results: &results,
                relaxed: &relaxed,
                limit,
                depth: state.limits.bounds.depth,
            };
            html_response(StatusCode::OK, view.render())
        }
        Err(error) => html_response(error.status, error_page(&params, &error)),
    }
}

/// For a search that found nothing: how many each of its filter values, left out alone,
/// would find; those that find something.
async fn relaxed_counts(state: &Arc<AppState>, params: &SearchParams) -> Vec<Relaxed> {
    let bounds = state.limits.bounds;
    let searches: Vec<(String, String, crate::search::SearchRequest)> = active_filters(params)
        .into_iter()
        .filter(|chip| chip.without.is_search())
        .filter_map(|chip| {
            let mut request = chip.without.to_request(&bounds, 0, false).ok()?;
            (request.limit, request.offset) = (0, 0);
            let left_out = match chip.label {
                "Tỉnh/thành" | "Đơn vị" => chip.value.clone(),
                label => format!("{} {}", label.to_lowercase(), chip.value),
            };
            Some((left_out, page_href(&chip.without), request))
        })
        .collect();
    if searches.is_empty() {
        return Vec::new();
    }
    let counted = state
        .run(move |index| {
            Ok(searches
                .into_iter()
                .filter_map(|(left_out, href, request)| {
                    let total = run_search(index, &request).ok()?.total;
                    (total > 0).then_some(Relaxed {
                        left_out,
                        href,
                        total,
                    })
                })
                .collect())
        })
        .await;
    counted.unwrap_or_default()
}

/// `/` before anything is asked: what the index holds, as lists to start from.
async fn landing_page(state: &Arc<AppState>, params: &SearchParams) -> Response {
    match state.run(|index| Ok(index_stats(index)?)).await {
        Ok(stats) => html_response(StatusCode::OK, landing_view(params, stats)),
        Err(error) => html_response(error.status, error_page(params, &error)),
    }
}

/// `GET /bulletins/{id}`: the whole bulletin with its metadata; the query string carries the
/// search it was opened from, for the way back.
pub async fn bulletin_page(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    params: Result<SearchParams, BadParam>,
) -> Response {
    let params = params.unwrap_or_default();
    let found = match id {
        Ok(Path(id)) => crate::serve::api::find_bulletin(&state, id).await,
        Err(rejection) => Err(ApiError::from(rejection)),
    };
    let bulletin = match found {
        Ok(bulletin) => bulletin,
        Err(error) => return html_response(error.status, error_page(&params, &error)),
    };
    let for_query = params.clone();
    let highlighter = state
        .run(move |index| Ok(query_highlighter(index, &for_query)))
        .await
        .ok()
        .flatten();
    let like = bulletin.clone();
    // The bulletin is shown even when its related ones cannot be found.
    let related = state
        .run(move |index| {
            Ok(crate::search::related::related(
                index,
                &like,
                RELATED_SHOWN,
            )?)
        })
        .await
        .unwrap_or_default();
    html_response(
        StatusCode::OK,
        bulletin_view(&bulletin, &params, highlighter.as_ref(), &related),
    )
}

/// `GET /static/bantin.css`.
pub async fn stylesheet() -> Response {
    static_file("text/css; charset=utf-8", STYLE)
}

/// `GET /static/bantin.js`.
pub async fn script() -> Response {
    static_file("text/javascript; charset=utf-8", SCRIPT)
}

fn static_file(content_type: &'static str, body: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    response
}

/// Marks the words of the search a bulletin was opened from, matched as that search
/// matched them (none for an unparsable query).
fn query_highlighter(
    index: &crate::index::BantinIndex,
    params: &SearchParams,
) -> Option<Highlighter> {
    let query = present(&params.q)?;
    let matching = params.matching().unwrap_or(Matching::Words);
    crate::search::query_highlighter(index, query, matching).ok()
}
