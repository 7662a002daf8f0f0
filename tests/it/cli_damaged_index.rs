//! Indexes users cannot write or that were damaged: `search`, `stats` and `show` answer or
//! fail with a clear message (never a panic), and `bantin check` says what is wrong.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{self, bantin, Fixture};

/// An index of the built-in sample bulletins.
fn samples() -> Fixture {
    // One thread: one segment whatever the machine's load, so the bytes flipped are
    // always the same ones.
    Fixture::build()
        .samples()
        .args(&["--threads", "1"])
        .ingest()
}

/// The largest segment file of `index` with this extension.
fn segment_file(index: &Path, extension: &str) -> PathBuf {
    let mut found: Vec<(u64, PathBuf)> = fs::read_dir(index)
        .expect("index dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .map(|p| (fs::metadata(&p).map_or(0, |m| m.len()), p))
        .collect();
    found.sort();
    found.pop().expect("a segment file").1
}

/// Flips `len` bytes of `file` starting at `at` (negative: from the end).
fn flip_bytes(file: &Path, at: i64, len: usize) {
    let mut bytes = fs::read(file).expect("readable");
    let start = if at < 0 {
        bytes.len() - at.unsigned_abs() as usize
    } else {
        at as usize
    };
    for byte in &mut bytes[start..start + len] {
        *byte ^= 0xA5;
    }
    fs::write(file, bytes).expect("writable");
}

fn expect_damaged(run: common::Run) {
    let run = run.expect_code(2);
    assert!(
        !run.stderr.contains("panicked"),
        "a panic reached the user: {}",
        run.stderr
    );
    run.expect_stderr_contains("looks damaged")
        .expect_stderr_contains("rebuild it with `bantin ingest`");
}

#[test]
fn flipped_fast_file_bytes_do_not_panic_stats_or_facets() {
    let f = samples();
    let fast = segment_file(&f.index, "fast");
    let third = fs::metadata(&fast).expect("fast file").len() as i64 / 3;
    flip_bytes(&fast, third, 64);
    expect_damaged(bantin(&f.index, &["stats"], None));
    expect_damaged(bantin(&f.index, &["search", "ma", "--facets"], None));
    bantin(&f.index, &["check"], None)
        .expect_code(2)
        .expect_stdout_contains("checksum mismatch in")
        .expect_stdout_contains(".fast");
}

/// The end of a fast-field file lists its columns by name: damaged there, a segment cannot
/// find the column of a field bantin's schema declares.
#[test]
fn a_fast_field_column_a_segment_cannot_find_is_damage_not_a_schema_error() {
    let f = samples();
    let fast = segment_file(&f.index, "fast");
    let pristine = fs::read(&fast).expect("fast file");
    let mut damaged = 0;
    for back in (16..=320).step_by(8) {
        fs::write(&fast, &pristine).expect("restored");
        flip_bytes(&fast, -back, 16.min(back as usize));
        for args in [
            &["stats"][..],
            &["search", "ma", "tuy"],
            &["search", "cong", "an", "--sort", "newest"],
        ] {
            let run = bantin(&f.index, args, None);
            assert!(
                !run.stderr.contains("Schema error") && !run.stderr.contains("panicked"),
                "{back} bytes from the end: {args:?}: {}",
                run.stderr
            );
            damaged += usize::from(run.stderr.contains("looks damaged"));
        }
    }
    assert!(damaged > 0, "no flip near the end was reported as damage");
}

#[test]
fn flipped_store_bytes_near_the_end_do_not_panic_search() {
    let f = samples();
    flip_bytes(&segment_file(&f.index, "store"), -200, 80);
    expect_damaged(bantin(&f.index, &["search", "ma", "tuy"], None));
    expect_damaged(bantin(&f.index, &["show", "mau-001"], None));
    bantin(&f.index, &["check", "--json"], None)
        .expect_code(2)
        .expect_stdout_contains("\"problems\":[\"checksum mismatch in");
}

/// Where a store file (a segment's stored documents) keeps the number of layers of its
/// skip index: after tantivy's file footer (its length and magic number last) and the
/// store's own footer of 28 bytes (version, then the skip index's offset).
fn skip_index_count_at(bytes: &[u8]) -> usize {
    let word = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
    let file_footer = word(bytes.len() - 8) as usize + 8;
    let store_footer = bytes.len() - file_footer - 28;
    let offset = u64::from_le_bytes(
        bytes[store_footer + 4..store_footer + 12]
            .try_into()
            .expect("8 bytes"),
    );
    let at = offset as usize;
    assert!(at + 5 <= store_footer, "a skip index of 5 bytes or more");
    at
}

#[test]
fn a_damaged_skip_index_count_is_an_error_not_an_abort() {
    let f = samples();
    let store = segment_file(&f.index, "store");
    let mut bytes = fs::read(&store).expect("store file");
    let at = skip_index_count_at(&bytes);
    // Billions of layers: tantivy would set aside room for them all and abort.
    bytes[at..at + 5].copy_from_slice(&[0x7f, 0x7f, 0x7f, 0x7f, 0x8f]);
    fs::write(&store, bytes).expect("writable");
    for args in [
        &["search", "ma", "tuy"][..],
        &["show", "mau-001"],
        &["stats"],
    ] {
        let run = bantin(&f.index, args, None);
        assert_ne!(run.code, -1, "{args:?} aborted: {}", run.stderr);
        expect_damaged(run);
    }
    // `serve` reads segment files its own way (positioned reads): it refuses to start with
    // the same message. A server that started would be killed after the timeout (exit -1).
    let output = assert_cmd::Command::cargo_bin("bantin")
        .expect("bantin binary is built")
        .arg("--index")
        .arg(&f.index)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .expect("bantin runs");
    expect_damaged(common::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    });
    // `check` reads every file's bytes: the store is one more mismatch, and damage
    // elsewhere is still named.
    let fast = segment_file(&f.index, "fast");
    let third = fs::metadata(&fast).expect("fast file").len() as i64 / 3;
    flip_bytes(&fast, third, 16);
    let mut run = bantin(&f.index, &["check"], None).expect_code(2);
    for file in [&store, &fast] {
        let name = file
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        run = run.expect_stdout_contains(&format!("checksum mismatch in {name}"));
    }
    let line = r#"{"id": "new-1", "body": "Công an tỉnh Nghệ An bắt giữ đối tượng."}"#;
    let run = bantin(&f.index, &["ingest", "-"], Some(&format!("{line}\n"))).expect_code(2);
    assert!(!run.stderr.contains("IoError"), "{}", run.stderr);
    run.expect_stderr_contains("checksum mismatch in")
        .expect_stderr_contains("nothing was written");
}

#[test]
fn every_damaged_segment_file_is_an_error_never_a_panic() {
    let f = samples();
    let pristine = f.dir.path().join("pristine");
    fs::create_dir(&pristine).expect("dir");
    for entry in fs::read_dir(&f.index).expect("index dir").flatten() {
        fs::copy(entry.path(), pristine.join(entry.file_name())).expect("copied");
    }
    let mut checked = 0;
    for extension in ["fast", "store", "idx", "term", "pos", "fieldnorm"] {
        for at in [0.33, 0.66, 0.95] {
            for entry in fs::read_dir(&pristine).expect("pristine").flatten() {
                fs::copy(entry.path(), f.index.join(entry.file_name())).expect("restored");
            }
            let file = segment_file(&f.index, extension);
            let len = fs::metadata(&file).expect("file").len() as f64;
            flip_bytes(
                &file,
                (len * at) as i64,
                16.min((len * (1.0 - at)) as usize),
            );
            for args in [
                &["search", "ma", "tuy", "--facets", "--snippets", "3"][..],
                &["search", "--province", "Thanh Hóa", "--sort", "oldest"],
                &["stats"],
                &["show", "mau-001"],
            ] {
                let run = bantin(&f.index, args, None);
                assert!(
                    !run.stderr.contains("panicked") && [0, 1, 2].contains(&run.code),
                    ".{extension} at {at}: {args:?} exit {}: {}",
                    run.code,
                    run.stderr
                );
            }
            bantin(&f.index, &["check"], None)
                .expect_code(2)
                .expect_stdout_contains("looks damaged");
            checked += 1;
        }
    }
    assert_eq!(checked, 18);
}

#[test]
fn check_passes_a_sound_index_and_names_a_missing_one() {
    let f = samples();
    bantin(&f.index, &["check"], None)
        .expect_code(0)
        .expect_stdout_contains("is sound: 46 bulletins in ");
    bantin(&f.dir.path().join("nothing"), &["check"], None)
        .expect_code(2)
        .expect_stderr_contains("no index at");
}

#[test]
fn a_missing_segment_file_is_damage() {
    let f = samples();
    fs::remove_file(segment_file(&f.index, "store")).expect("removed");
    expect_damaged(bantin(&f.index, &["search", "ma"], None));
}

#[test]
fn damaged_metadata_is_printed_once() {
    let f = samples();
    fs::write(f.index.join("meta.json"), "{").expect("writable");
    let run = bantin(&f.index, &["search", "ma"], None).expect_code(2);
    assert_eq!(
        run.stderr
            .matches("Meta file cannot be deserialized")
            .count(),
        1,
        "{}",
        run.stderr
    );
}

/// Runs bantin as a user who may read the index but not write it: `nobody` when the tests
/// run as root (whom permissions do not stop), else the current user on a read-only
/// directory. `None` when neither can be arranged.
#[cfg(unix)]
fn run_without_write_access(index: &Path, args: &[&str]) -> Option<common::Run> {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let read_only = fs::Permissions::from_mode(0o555);
    fs::set_permissions(index, read_only).expect("chmod");
    let probe = index.join("probe");
    let root = fs::write(&probe, b"").is_ok();
    let _ = fs::remove_file(&probe);
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("bantin"));
    command
        .arg("--index")
        .arg(index)
        .args(args)
        .env_remove("BANTIN_INDEX")
        .env("NO_COLOR", "1");
    if root {
        // Let `nobody` reach the index, read-only.
        let mut dir = index.parent();
        while let Some(d) = dir.filter(|d| d.starts_with(std::env::temp_dir())) {
            fs::set_permissions(d, fs::Permissions::from_mode(0o755)).expect("chmod");
            dir = d.parent();
        }
        command.uid(65534).gid(65534);
    }
    let output = command.output().ok()?;
    Some(common::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    })
}

#[cfg(unix)]
#[test]
fn a_read_only_index_can_be_searched() {
    let f = samples();
    let probe_denied = |run: &common::Run| {
        assert!(
            !run.stderr.contains("Lockfile") && !run.stderr.contains("PermissionDenied"),
            "{}",
            run.stderr
        );
    };
    let Some(run) = run_without_write_access(&f.index, &["search", "ma", "tuy", "--facets"]) else {
        panic!("could not run bantin without write access");
    };
    probe_denied(&run);
    run.expect_code(0).expect_stdout_contains("**ma túy**");
    let run = run_without_write_access(&f.index, &["stats"]).expect("runs");
    probe_denied(&run);
    run.expect_code(0).expect_stdout_contains("documents   46");
    let run = run_without_write_access(&f.index, &["show", "mau-001"]).expect("runs");
    probe_denied(&run);
    run.expect_code(0);
    let run = run_without_write_access(&f.index, &["check"]).expect("runs");
    run.expect_code(0).expect_stdout_contains("is sound");
    // Writing is refused, saying why, and not blaming another writer.
    let ingest = run_without_write_access(&f.index, &["ingest", "-"]).expect("runs");
    assert_eq!(ingest.code, 2, "{}", ingest.stderr);
    assert!(
        ingest
            .stderr
            .contains("cannot be written: this user may not write to it"),
        "{}",
        ingest.stderr
    );
    probe_denied(&ingest);
    assert!(!ingest.stderr.contains("IndexWriter"), "{}", ingest.stderr);
}

/// Ingest into a damaged index is refused before anything is written: a merge would copy
/// the damage into a segment `check` then calls sound, or panic in tantivy's merge thread.
#[test]
fn ingest_into_a_damaged_index_is_refused_and_writes_nothing() {
    for extension in ["pos", "idx", "store"] {
        ingest_into_damaged(extension);
    }
}

fn ingest_into_damaged(extension: &str) {
    let f = samples();
    let file = segment_file(&f.index, extension);
    let third = fs::metadata(&file).expect("segment file").len() as i64 / 3;
    flip_bytes(&file, third, 16);
    let files_before: Vec<_> = fs::read_dir(&f.index)
        .expect("index dir")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    let line = r#"{"id": "new-1", "body": "Công an tỉnh Nghệ An bắt giữ đối tượng."}"#;
    let run = bantin(&f.index, &["ingest", "-"], Some(&format!("{line}\n"))).expect_code(2);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.expect_stderr_contains("looks damaged")
        .expect_stderr_contains("checksum mismatch in")
        .expect_stderr_contains("nothing was written");
    let mut files_after: Vec<_> = fs::read_dir(&f.index)
        .expect("index dir")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    let mut before = files_before;
    before.sort();
    files_after.sort();
    assert_eq!(files_after, before, "no segment written or merged");
    bantin(&f.index, &["check"], None)
        .expect_code(2)
        .expect_stdout_contains("checksum mismatch in");
}

/// The segment files in `index` that no segment of `meta.json` uses.
fn orphan_files(index: &Path) -> Vec<String> {
    let meta = fs::read_to_string(index.join("meta.json")).expect("meta.json");
    fs::read_dir(index)
        .expect("index dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.len() > 33 && name.as_bytes()[32] == b'.')
        .filter(|name| {
            let uuid = &name[..32];
            let dashed = format!(
                "{}-{}-{}-{}-{}",
                &uuid[..8],
                &uuid[8..12],
                &uuid[12..16],
                &uuid[16..20],
                &uuid[20..]
            );
            !meta.contains(uuid) && !meta.contains(&dashed)
        })
        .collect()
}

/// With tantivy's list of files deleted, ingest kept every replaced segment forever (the
/// index doubled): the list is rebuilt, said, and what no segment uses is removed.
#[test]
fn a_lost_file_list_is_rebuilt_and_unused_files_removed() {
    let f = samples();
    fs::remove_file(f.index.join(".managed.json")).expect("removed");
    for round in 0..3 {
        let mut input = String::new();
        for sample in bantin::sample::sample_bulletins() {
            let mut value = serde_json::to_value(&sample).expect("serializable");
            value["body"] = format!(
                "{} Bản tin sửa lần {round}.",
                value["body"].as_str().unwrap_or("")
            )
            .into();
            input.push_str(&value.to_string());
            input.push('\n');
        }
        let run = bantin(&f.index, &["ingest", "--threads", "1", "-"], Some(&input)).expect_code(0);
        if round == 0 {
            run.expect_stderr_contains("had lost its list of files (.managed.json)");
        }
    }
    assert!(f.index.join(".managed.json").exists());
    let orphans = orphan_files(&f.index);
    assert!(orphans.is_empty(), "files no segment uses: {orphans:?}");
    bantin(&f.index, &["check"], None).expect_code(0);
}
