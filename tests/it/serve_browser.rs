//! The search page in a real browser: headless Chromium driven over WebDriver, as an analyst
//! uses it: search, narrow by a province and a year, page forward, open a bulletin, go back.
//! Screenshots of the result and bulletin pages at desktop and phone width are saved to
//! `$BANTIN_SCREENSHOTS` (default: `screenshots/` under Cargo's target tmp directory).
//!
//! Needs `chromium` and `chromedriver` (Debian: `chromium`, `chromium-driver`), hence
//! `#[ignore]`: run it with `cargo test --test it serve_browser -- --ignored` (`.ci/run` does).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

use crate::common::server::Server;
use crate::common::Fixture;

/// The sample bulletins and 24 from Nghệ An in 2024 about drugs, enough for three pages.
fn index_with_pages(dir: &Path) -> PathBuf {
    let index = dir.join("index");
    let places = [
        "Vinh",
        "Quỳnh Lưu",
        "Diễn Châu",
        "Nghi Lộc",
        "Con Cuông",
        "Tương Dương",
    ];
    let lines = (0..24).map(|i| {
        let place = places[i % places.len()];
        json!({
            "id": format!("na-2024-{i:02}"),
            "title": format!("Nghệ An: bắt đối tượng vận chuyển ma túy tại {place} (vụ {})", i + 1),
            "date": format!("2024-{:02}-{:02}", i % 12 + 1, i % 27 + 1),
            "province": "Nghệ An",
            "unit": "Công an tỉnh Nghệ An",
            "body": format!(
                "Công an tỉnh Nghệ An phối hợp Công an huyện {place} bắt quả tang đối tượng \
                 vận chuyển {} gói ma túy tổng hợp. Vụ việc đang được điều tra, mở rộng.\n\
                 Lực lượng chức năng thu giữ tang vật và lập hồ sơ xử lý theo quy định.",
                i + 2
            ),
        })
    });
    Fixture::build().samples().lines(lines).ingest_into(&index);
    index
}

fn screenshots_dir() -> PathBuf {
    let dir = std::env::var_os("BANTIN_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots"));
    std::fs::create_dir_all(&dir).expect("screenshot directory");
    dir
}

/// A chromedriver on a free port, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start() -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let program = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let child = Command::new(&program)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot run {program} ({e}): install chromium and chromium-driver")
            });
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Driver { child, url }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn browser(driver: &Driver, profile: &Path) -> Client {
    let mut args = vec![
        "--headless".to_owned(),
        "--no-sandbox".to_owned(),
        "--disable-gpu".to_owned(),
        "--disable-quic".to_owned(),
        "--no-first-run".to_owned(),
        "--disable-background-networking".to_owned(),
        "--disable-component-update".to_owned(),
        "--disable-sync".to_owned(),
        "--disable-dev-shm-usage".to_owned(),
        "--window-size=1280,900".to_owned(),
        format!("--user-data-dir={}", profile.display()),
    ];
    args.push("--lang=vi".to_owned());
    let mut options = json!({ "args": args });
    if let Ok(binary) = std::env::var("CHROMIUM") {
        options["binary"] = Value::String(binary);
    }
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("goog:chromeOptions".to_owned(), options);
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .expect("a WebDriver session in Chromium")
}

async fn text_of(client: &Client, css: &str) -> String {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
        .text()
        .await
        .expect("text")
}

async fn texts_of(client: &Client, css: &str) -> Vec<String> {
    let mut texts = Vec::new();
    for element in client.find_all(Locator::Css(css)).await.expect("find_all") {
        texts.push(element.text().await.expect("text"));
    }
    texts
}

async fn url_of(client: &Client) -> String {
    client.current_url().await.expect("current url").to_string()
}

/// The URL once it holds every one of `parts`, or as it is after ten seconds: a click on a
/// link or a submit button returns before the browser has navigated, so reading the URL
/// at once races with the page load.
async fn url_with(client: &Client, parts: &[&str]) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let url = url_of(client).await;
        if parts.iter().all(|part| url.contains(part)) || Instant::now() > deadline {
            return url;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn screenshot(client: &Client, dir: &Path, name: &str) {
    for (label, width, height) in [("desktop", 1280, 900), ("phone", 390, 844)] {
        client
            .set_window_size(width, height)
            .await
            .expect("window size");
        let png = client.screenshot().await.expect("screenshot");
        assert!(png.starts_with(b"\x89PNG"), "a PNG");
        std::fs::write(dir.join(format!("{name}-{label}.png")), png).expect("saved");
    }
    client
        .set_window_size(1280, 900)
        .await
        .expect("window size");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver; .ci/run runs it"]
async fn an_analyst_searches_narrows_pages_and_reads_a_bulletin() {
    let dir = tempfile::tempdir().expect("temp dir");
    let index = index_with_pages(dir.path());
    let server = Server::start(&index, &[]);
    let driver = Driver::start();
    let shots = screenshots_dir();
    let client = browser(&driver, &dir.path().join("profile")).await;

    // The empty page: a labelled search box.
    client
        .goto(&format!("{}/", server.url))
        .await
        .expect("open /");
    assert_eq!(text_of(&client, "label[for=q]").await, "Tìm kiếm");

    // Search without accents.
    let search_box = client.find(Locator::Id("q")).await.expect("search box");
    search_box.send_keys("ma tuy").await.expect("typing");
    client
        .find(Locator::Css("form.search button[type=submit]"))
        .await
        .expect("search button")
        .click()
        .await
        .expect("search");
    assert!(url_with(&client, &["q=ma+tuy"]).await.contains("q=ma+tuy"));
    let summary = text_of(&client, ".summary").await;
    assert!(summary.starts_with("Tìm thấy"), "{summary}");
    let titles = texts_of(&client, ".hit h2").await;
    assert_eq!(titles.len(), 10, "a full first page: {titles:?}");
    assert!(
        texts_of(&client, ".hit h2 mark")
            .await
            .iter()
            .any(|m| m.to_lowercase().contains("ma")),
        "matched words are highlighted"
    );

    // The keyboard: Tab first reaches the link that skips to the results, Enter follows it;
    // "/" brings the cursor back to the search box.
    let body = client.find(Locator::Css("body")).await.expect("body");
    body.send_keys(&Key::Tab.to_string()).await.expect("Tab");
    let focused = client.active_element().await.expect("focus");
    assert_eq!(focused.text().await.expect("text"), "Bỏ qua đến kết quả");
    focused
        .send_keys(&Key::Enter.to_string())
        .await
        .expect("Enter");
    let focused = client.active_element().await.expect("focus");
    assert_eq!(
        focused.attr("id").await.expect("id").as_deref(),
        Some("results")
    );
    body.send_keys("/").await.expect("/");
    let focused = client.active_element().await.expect("focus");
    assert_eq!(focused.attr("id").await.expect("id").as_deref(), Some("q"));

    // Narrow to Nghệ An from the province facet.
    client
        .find(Locator::XPath(
            "//aside//a[contains(@class,'facet')][span[@class='name' and text()='Nghệ An']]",
        ))
        .await
        .expect("Nghệ An in the province facet")
        .click()
        .await
        .expect("click Nghệ An");
    let url = url_with(&client, &["province=Ngh%E1%BB%87+An"]).await;
    assert!(url.contains("province=Ngh%E1%BB%87+An"), "{url}");
    let chips = texts_of(&client, ".chips .chip").await;
    assert!(
        chips.iter().any(|c| c.contains("Tỉnh/thành: Nghệ An")),
        "{chips:?}"
    );
    let provinces = texts_of(&client, ".hit .province").await;
    assert!(!provinces.is_empty());
    assert!(
        provinces.iter().all(|p| p.contains("Nghệ An")),
        "{provinces:?}"
    );

    // Narrow to 2024 from the year bars.
    client
        .find(Locator::Css("a.bar[aria-label^='Năm 2024']"))
        .await
        .expect("a 2024 bar")
        .click()
        .await
        .expect("click 2024");
    let url = url_with(&client, &["year=2024", "province="]).await;
    assert!(
        url.contains("year=2024") && url.contains("province="),
        "{url}"
    );
    let dates = texts_of(&client, ".hit .date").await;
    assert_eq!(dates.len(), 10, "{dates:?}");
    assert!(dates.iter().all(|d| d.ends_with("/2024")), "{dates:?}");
    let months = texts_of(&client, "ul.months .bar-label").await;
    assert!(
        !months.is_empty(),
        "the months of 2024 show once 2024 is chosen"
    );
    let summary = text_of(&client, ".summary").await;
    assert!(summary.contains("hiển thị 1–10"), "{summary}");

    // Page forward.
    client
        .find(Locator::Css("nav.pager a[rel=next]"))
        .await
        .expect("a next page")
        .click()
        .await
        .expect("next page");
    assert!(url_with(&client, &["page=2"]).await.contains("page=2"));
    let summary = text_of(&client, ".summary").await;
    assert!(summary.contains("hiển thị 11–"), "{summary}");
    assert_eq!(text_of(&client, "nav.pager .current").await, "2");
    let page_two = texts_of(&client, ".hit h2").await;
    assert!(!page_two.is_empty());
    assert!(page_two.iter().all(|t| !titles.contains(t)) || titles.is_empty());
    screenshot(&client, &shots, "results").await;

    // Open the first bulletin of page 2.
    client
        .find(Locator::Css(".hit h2 a"))
        .await
        .expect("a result link")
        .click()
        .await
        .expect("open bulletin");
    assert!(url_with(&client, &["/bulletins/"])
        .await
        .contains("/bulletins/"));
    assert_eq!(text_of(&client, "article h1").await, page_two[0]);
    let labels = texts_of(&client, "dl.meta dt").await;
    assert!(labels.contains(&"Ngày".to_owned()) && labels.contains(&"Tỉnh/thành".to_owned()));
    let body = text_of(&client, "article .body").await;
    assert!(body.contains("ma túy"), "{body}");
    screenshot(&client, &shots, "bulletin").await;

    // Back to the same page of the same results.
    client.back().await.expect("back");
    let url = url_with(&client, &["page=2", "year=2024"]).await;
    assert!(url.contains("page=2") && url.contains("year=2024"), "{url}");
    assert_eq!(texts_of(&client, ".hit h2").await, page_two);

    // Choose a second province beside the first: either of them, two chips.
    let start = format!("{}/?q=ma+tuy&province=Ngh%E1%BB%87+An", server.url);
    client.goto(&start).await.expect("open a filtered search");
    let chosen = texts_of(&client, "aside a.facet[aria-checked='true'] .name").await;
    assert_eq!(chosen, ["Nghệ An"], "the chosen province is checked");
    client
        .find(Locator::XPath(
            "(//section[@aria-labelledby='facet-province']//a[contains(@class,'facet') and @aria-checked='false'])[1]",
        ))
        .await
        .expect("another province to add")
        .click()
        .await
        .expect("add a province");
    let url = url_with(&client, &["province=Ngh%E1%BB%87+An&province="]).await;
    assert_eq!(url.matches("province=").count(), 2, "{url}");
    let chips = texts_of(&client, ".chips .chip").await;
    assert_eq!(
        chips.iter().filter(|c| c.contains("Tỉnh/thành:")).count(),
        2,
        "{chips:?}"
    );
    screenshot(&client, &shots, "facets-combined").await;
    // Exclude a province: it stays listed, struck through, with a way back.
    client
        .find(Locator::Css(
            "section[aria-labelledby='facet-province'] a.exclude",
        ))
        .await
        .expect("an exclude link")
        .click()
        .await
        .expect("exclude a province");
    let url = url_with(&client, &["not_province="]).await;
    assert!(url.contains("not_province="), "{url}");
    let excluded = texts_of(&client, "aside a.facet.excluded .name").await;
    assert_eq!(excluded.len(), 1, "{excluded:?}");
    screenshot(&client, &shots, "facet-excluded").await;

    client.close().await.expect("close the browser");
    for name in ["results", "bulletin", "facets-combined", "facet-excluded"] {
        for width in ["desktop", "phone"] {
            let file = shots.join(format!("{name}-{width}.png"));
            assert!(
                file.metadata().map(|m| m.len() > 1000).unwrap_or(false),
                "{file:?}"
            );
        }
    }
    eprintln!("screenshots in {}", shots.display());
}
