//! The search page at `/` and the bulletin page at `/bulletins/{id}`: plain HTML forms and
//! links, in Vietnamese, that work without JavaScript. The URL holds the whole state (query,
//! filters, order, page), so a link can be shared and the back button works.
//!
//! Templates are `maud` markup: checked when compiled, and every value from a bulletin or a
//! URL is escaped unless wrapped in `PreEscaped`, which this module never does.
//! `handlers.rs` answers the requests; each other file draws one part of the page.

mod bulletin;
mod chips;
mod date_bars;
mod facets;
mod format;
mod handlers;
mod layout;
mod links;
mod results;

pub use handlers::{bulletin_page, script, search_page, stylesheet};
pub(in crate::serve) use links::{bulletin_href, is_web_address};
