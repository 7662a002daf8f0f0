//! Ingest's progress as it reads.

use super::*;

#[test]
fn json_lines_progress_counts_bytes_as_they_are_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let feed = dir.path().join("feed.jsonl");
    let lines: String = (0..600)
        .map(|i| format!("{{\"body\": \"Tin số {i}: Công an tỉnh Nghệ An tuần tra.\"}}\n"))
        .collect();
    std::fs::write(&feed, &lines).expect("write");
    let index = BantinIndex::create_in_ram();
    let options = IngestOptions {
        threads: 1,
        memory_mb: 15,
        commit_every: DEFAULT_COMMIT_EVERY,
        max_file_bytes: 1 << 20,
    };
    let mut shown = Vec::new();
    let report = ingest(
        &index,
        &[Input::JsonLines(feed)],
        Vec::new(),
        options,
        &mut |event| {
            if let Event::Progress(report) = event {
                shown.push((report.documents(), report.bytes));
            }
        },
    )
    .expect("ingest");
    assert_eq!(report.added, 600);
    let (documents, bytes) = *shown.first().expect("progress was shown");
    assert_eq!(documents, 512);
    assert!(bytes > 512 * 40, "{bytes} bytes read by then");
}
