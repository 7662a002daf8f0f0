//! `GET /api/export?<the parameters of /api/search>&format=csv|jsonl`: every match of the
//! search, as `bantin search --format` writes them, streamed as they are read.
//!
//! The search is planned and counted before the answer starts, so a bad query or filter is
//! still a 400 with a JSON error. Then a blocking thread writes the rows into a channel of a
//! few 64 KB chunks that the body reads from: a slow client slows the thread down instead
//! of growing a buffer, and a client that goes away stops it at its next chunk. An export
//! holds one of the server's turns for exports (half as many as for searches, apart from
//! them, so that clients reading slowly never keep searches waiting) while it runs, but not
//! the time limit of a search: 100,000 rows take seconds.

use std::io::Write;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use tokio::sync::{mpsc, oneshot};

use super::params::{present, BadParam};
use super::{ApiError, AppState, SearchParams};
use crate::search::export::{ExportFormat, PreparedExport};
use crate::search::Matching;

/// Bytes written to the body at a time.
const CHUNK_BYTES: usize = 64 * 1024;
/// Chunks waiting for the client at most.
const CHUNKS_QUEUED: usize = 4;

/// The headers of an export a page on another origin may read, with `--cors`.
pub const EXPOSED_HEADERS: [&str; 4] = [
    "content-disposition",
    "x-bantin-total",
    "x-bantin-matching",
    "x-bantin-fell-back",
];

/// What is known before the first row: the answer's headers.
struct Head {
    total: usize,
    matching: Matching,
    fell_back: bool,
}

/// `GET /api/export`.
pub async fn export(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
    params: Result<SearchParams, BadParam>,
) -> Result<Response, ApiError> {
    let params = params?;
    let format = export_format(raw.as_deref().unwrap_or(""))?;
    // Every match is exported: what pages a search (`limit`, `offset`, `page`) or dresses
    // its hits (`snippets`, `facets`) does not apply, and is not checked.
    let request = params
        .matches_only()
        .to_request(&state.limits.bounds, 0, false)?;
    let turn = tokio::time::timeout(state.limits.request_time, state.export_gate.enter())
        .await
        .map_err(|_| ApiError::unavailable("the server is busy; try again shortly".to_owned()))??;
    let (head_sender, head) = oneshot::channel::<Result<Head, ApiError>>();
    let (chunks, body) = mpsc::channel::<std::io::Result<Bytes>>(CHUNKS_QUEUED);
    let worker = Arc::clone(&state);
    tokio::task::spawn_blocking(move || {
        let _turn = turn;
        let index = &worker.index;
        let outcome = crate::index::check::catch_panic(|| {
            let export = match PreparedExport::new(index, &request) {
                Ok(export) => export,
                Err(err) => {
                    let _ = head_sender.send(Err(err.into()));
                    return;
                }
            };
            let matches = export.matches();
            let _ = head_sender.send(Ok(Head {
                total: matches.total,
                matching: matches.matching,
                fell_back: matches.fell_back,
            }));
            let mut out = ChunkWriter::new(chunks.clone());
            let written = export
                .write(format, &mut out)
                .map_err(|err| std::io::Error::other(format!("{:#}", anyhow::Error::from(err))));
            if let Err(err) = written.and_then(|_| out.flush()) {
                // The body ends in an error: the client sees a cut answer, not a short one.
                let _ = chunks.blocking_send(Err(err));
            }
        });
        if let Err(detail) = outcome {
            let _ = chunks.blocking_send(Err(std::io::Error::other(detail)));
        }
    });
    let head = tokio::time::timeout(state.limits.request_time, head)
        .await
        .map_err(|_| {
            ApiError::unavailable("the search took too long; narrow it or try again".to_owned())
        })?
        .map_err(|_| ApiError::internal("the export failed".to_owned()))??;
    let mut response = Body::from_stream(Chunks(body)).into_response();
    *response.status_mut() = StatusCode::OK;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    if let Ok(value) = HeaderValue::from_str(&content_disposition(&params, format)) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert("x-bantin-total", HeaderValue::from(head.total));
    headers.insert(
        "x-bantin-matching",
        HeaderValue::from_static(match head.matching {
            Matching::Words => "words",
            Matching::Syllables => "syllables",
        }),
    );
    if head.fell_back {
        headers.insert("x-bantin-fell-back", HeaderValue::from_static("true"));
    }
    Ok(response)
}

/// The `format` parameter: `csv` when absent.
fn export_format(raw: &str) -> Result<ExportFormat, BadParam> {
    let given: Vec<String> = form_urlencoded::parse(raw.as_bytes())
        .filter(|(name, _)| name == "format")
        .map(|(_, value)| value.trim().to_owned())
        .filter(|value| !value.is_empty())
        .collect();
    match given.as_slice() {
        [] => Ok(ExportFormat::Csv),
        [one] => ExportFormat::parse(one).ok_or_else(|| {
            BadParam(
                format!("format {one:?} is not an export format: use csv or jsonl"),
                format!("“{one}” không phải định dạng tải về: dùng csv hoặc jsonl."),
            )
        }),
        _ => Err(BadParam(
            "format is given more than once; give it once".to_owned(),
            "Định dạng tải về chỉ được chọn một lần.".to_owned(),
        )),
    }
}

/// `attachment` with a file name made of the query (`bantin-lua-dao.csv`), in ASCII.
fn content_disposition(params: &SearchParams, format: ExportFormat) -> String {
    let query = present(&params.q).unwrap_or("");
    let mut slug = String::new();
    for c in crate::text::fold_words(query).chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 60 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    let name = if slug.is_empty() {
        format!("bantin.{}", format.extension())
    } else {
        format!("bantin-{slug}.{}", format.extension())
    };
    format!("attachment; filename=\"{name}\"")
}

/// The link to the export of the search `params` ask for: its query, filters, matching
/// and order, not its page.
pub fn export_href(params: &SearchParams, format: ExportFormat) -> String {
    let query = params.matches_only().to_query_string();
    let format = format.extension();
    if query.is_empty() {
        format!("/api/export?format={format}")
    } else {
        format!("/api/export?{query}&format={format}")
    }
}

/// Bytes written by the export thread, sent to the body a chunk at a time.
struct ChunkWriter {
    buffer: Vec<u8>,
    chunks: mpsc::Sender<std::io::Result<Bytes>>,
}

impl ChunkWriter {
    fn new(chunks: mpsc::Sender<std::io::Result<Bytes>>) -> ChunkWriter {
        ChunkWriter {
            buffer: Vec::with_capacity(CHUNK_BYTES),
            chunks,
        }
    }

    fn send(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(
            &mut self.buffer,
            Vec::with_capacity(CHUNK_BYTES),
        ));
        self.chunks.blocking_send(Ok(chunk)).map_err(|_| {
            std::io::Error::new(
                std::io::ErrorKind::BrokenPipe,
                "the client closed the connection",
            )
        })
    }
}

impl Write for ChunkWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= CHUNK_BYTES {
            self.send()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

/// The body: the chunks as the export thread sends them.
struct Chunks(mpsc::Receiver<std::io::Result<Bytes>>);

impl futures_core::Stream for Chunks {
    type Item = std::io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.poll_recv(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_is_csv_unless_asked_and_named_when_unknown() {
        assert_eq!(export_format("q=ma+tuy"), Ok(ExportFormat::Csv));
        assert_eq!(export_format("format=jsonl&q=x"), Ok(ExportFormat::Jsonl));
        let unknown = export_format("format=xlsx").expect_err("unknown");
        assert!(unknown.0.contains("\"xlsx\""), "{unknown}");
        assert!(export_format("format=csv&format=jsonl").is_err());
    }

    #[test]
    fn the_file_is_named_after_the_query_in_ascii() {
        let params = SearchParams {
            q: Some("Lừa đảo \"qua mạng\"".to_owned()),
            ..SearchParams::default()
        };
        assert_eq!(
            content_disposition(&params, ExportFormat::Csv),
            "attachment; filename=\"bantin-lua-dao-qua-mang.csv\""
        );
        assert_eq!(
            content_disposition(&SearchParams::default(), ExportFormat::Jsonl),
            "attachment; filename=\"bantin.jsonl\""
        );
    }

    #[test]
    fn the_export_link_keeps_the_search_and_drops_the_page() {
        let params = SearchParams {
            q: Some("ma tuy".to_owned()),
            province: vec!["Nghệ An".to_owned()],
            page: Some("3".to_owned()),
            sort: Some("newest".to_owned()),
            ..SearchParams::default()
        };
        assert_eq!(
            export_href(&params, ExportFormat::Csv),
            "/api/export?q=ma+tuy&province=Ngh%E1%BB%87+An&sort=newest&format=csv"
        );
    }
}
