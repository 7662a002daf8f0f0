//! Indexes for tests, in a temporary directory each: one builder for what goes into them, and
//! the index of the built-in sample bulletins that many tests search.

use std::path::PathBuf;

use super::bantin;

/// A temporary directory, and the path of the index inside it (`index`). Both are removed
/// when the fixture is dropped.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub index: PathBuf,
}

impl Fixture {
    /// A temporary directory and where its index goes; nothing is written yet.
    pub fn empty() -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let index = dir.path().join("index");
        Fixture { dir, index }
    }

    /// An index built from JSON Lines given to `bantin ingest -`:
    /// `Fixture::build().samples().lines(&extra).ingest()`.
    pub fn build() -> FixtureBuilder {
        FixtureBuilder {
            input: String::new(),
            args: Vec::new(),
        }
    }

    /// An index of the built-in sample bulletins.
    pub fn samples() -> Fixture {
        Fixture::build().samples().ingest()
    }

    /// An index of `count` bulletins of `bantin gen`, and the file they were written to.
    pub fn generated(count: usize) -> (Fixture, PathBuf) {
        let fixture = Fixture::empty();
        let input = super::ingest_generated(&fixture.index, fixture.dir.path(), count);
        (fixture, input)
    }
}

/// What an index is built from: the input lines in order, and the options of the ingest.
pub struct FixtureBuilder {
    input: String,
    args: Vec<String>,
}

impl FixtureBuilder {
    /// Adds the built-in sample bulletins.
    pub fn samples(mut self) -> FixtureBuilder {
        self.input.push_str(&samples_jsonl());
        self
    }

    /// Adds one bulletin per line (JSON).
    pub fn lines<L: std::fmt::Display>(
        mut self,
        lines: impl IntoIterator<Item = L>,
    ) -> FixtureBuilder {
        for line in lines {
            self.input.push_str(&format!("{line}\n"));
        }
        self
    }

    /// Options of `bantin ingest`, given before the input.
    pub fn args(mut self, args: &[&str]) -> FixtureBuilder {
        self.args.extend(args.iter().map(|arg| arg.to_string()));
        self
    }

    /// Runs `bantin ingest ARGS -` on the input, which must succeed.
    pub fn ingest(self) -> Fixture {
        let fixture = Fixture::empty();
        self.ingest_into(&fixture.index);
        fixture
    }

    /// The same into the index at `index`.
    pub fn ingest_into(self, index: &std::path::Path) {
        let mut args: Vec<&str> = vec!["ingest"];
        args.extend(self.args.iter().map(String::as_str));
        args.push("-");
        bantin(index, &args, Some(&self.input)).expect_code(0);
    }
}

/// The built-in sample bulletins as JSON Lines.
fn samples_jsonl() -> String {
    let mut input = String::new();
    for sample in bantin::sample::sample_bulletins() {
        input.push_str(&serde_json::to_string(&sample).expect("serializable"));
        input.push('\n');
    }
    input
}
