//! A `bantin serve` process on a free loopback port, stopped (SIGTERM) when dropped.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

pub struct Server {
    child: Option<Child>,
    /// Standard error so far, read as it comes so that a server logging every request
    /// never waits on a full pipe.
    stderr: Arc<Mutex<Vec<u8>>>,
    reader: Option<std::thread::JoinHandle<()>>,
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub url: String,
}

impl Server {
    /// Starts `bantin --index INDEX serve --addr 127.0.0.1:0 EXTRA...` and waits for its URL.
    pub fn start(index: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("bantin"))
            .arg("--index")
            .arg(index)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(extra)
            .env_remove("BANTIN_INDEX")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("bantin serve starts");
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let mut pipe = child.stderr.take().expect("piped stderr");
        let sink = Arc::clone(&stderr);
        let reader = std::thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            while let Ok(n) = pipe.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .extend_from_slice(&buffer[..n]);
            }
        });
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("bantin serve prints its address");
        let url = line
            .split_whitespace()
            .find(|word| word.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in {line:?}"))
            .trim_end_matches('/')
            .to_owned();
        Server {
            child: Some(child),
            stderr,
            reader: Some(reader),
            url,
        }
    }

    /// Standard error so far.
    pub fn stderr(&self) -> String {
        let bytes = self.stderr.lock().unwrap_or_else(|p| p.into_inner());
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// Sends SIGTERM and returns the exit status and standard error.
    pub fn stop(mut self) -> (std::process::ExitStatus, String) {
        let mut child = self.child.take().expect("running");
        terminate(&child);
        let status = child.wait().expect("bantin serve exits");
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        (status, self.stderr())
    }
}

fn terminate(child: &Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            terminate(&child);
            let _ = child.wait();
        }
    }
}

/// The body of `GET url`, which must answer 200.
pub fn get_ok(url: &str) -> String {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(std::time::Duration::from_secs(30)))
        .build()
        .into();
    let mut response = agent.get(url).call().expect("the server answers");
    assert_eq!(response.status().as_u16(), 200, "{url}");
    response.body_mut().read_to_string().expect("a text body")
}
