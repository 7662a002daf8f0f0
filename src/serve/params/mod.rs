//! The search state as it travels in a URL (`?q=ma+tuy&province=Nghệ+An&year=2024`), its
//! bounds, and its conversion into a [`SearchRequest`](crate::search::SearchRequest). The
//! API and the page read the same parameters, so a page URL and an API URL for the same
//! search differ only in their path. `url_params.rs` holds the table of parameters that
//! `query_string.rs` reads and writes and `request.rs` turns into a search.

mod query_string;
mod request;
mod url_params;

pub use request::{Bounds, DEFAULT_LIMIT};
pub use url_params::{present, BadParam, Field, Role, SearchParams, UrlParam, URL_PARAMS};
