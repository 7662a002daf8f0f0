//! A deterministic generator of synthetic bulletins, so anyone can benchmark at any scale
//! without data (`bantin gen N --out FILE.jsonl --seed S`).
//!
//! Each bulletin has an explicit id and date (2019 to 2026), a title from templates, a
//! dateline naming a police unit of a province (old provinces before 1 July 2025, today's
//! after), and paragraphs of words drawn from the sample bulletins' vocabulary with Zipf-like
//! frequencies, sprinkled with abbreviations, numbers and the other tone placement.
//!
//! How it differs from real text: the vocabulary is small (about 950 distinct syllables from
//! the 46 sample bulletins, against tens of thousands in real news), word order carries no meaning so phrases are rare, and every bulletin has the
//! same shape. Term statistics and index sizes therefore differ from real archives: use the
//! real corpus for headline numbers and this for scale and reproducibility.

use std::io::Write;

use super::sample_bulletins;
use crate::bulletin::gazetteer::{all_provinces, PROVINCES};
use crate::text::abbreviations::ABBREVIATIONS;
use crate::text::analyze;
use crate::text::normalize::new_style_tone_placement;

/// SplitMix64: tiny, fast and the same on every platform, so a seed means one output.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const TOPICS: &[&str] = &[
    "mua bán trái phép chất ma túy",
    "tàng trữ trái phép chất ma tuý",
    "trộm cắp tài sản",
    "lừa đảo chiếm đoạt tài sản qua mạng",
    "tổ chức đánh bạc",
    "cho vay lãi nặng",
    "vận chuyển hàng cấm",
    "vi phạm nồng độ cồn",
    "cướp giật tài sản",
    "buôn lậu xăng dầu",
];

const TITLE_TEMPLATES: &[&str] = &[
    "{place}: bắt giữ {n} đối tượng {topic}",
    "Triệt phá đường dây {topic} tại {place}",
    "Khởi tố vụ án {topic} ở {place}",
    "{unit} sơ kết công tác bảo đảm ANTT {period}",
    "Tai nạn giao thông nghiêm trọng tại {place}, {n} người bị thương",
    "Cháy nhà dân tại {place}, lực lượng PCCC giải cứu {n} người",
];

const DATELINE_WORDS: &[&str] = &["Sáng", "Chiều", "Ngày", "Tối", "Rạng sáng"];

/// Departments a bulletin's unit may be.
const DEPARTMENTS: &[&str] = &[
    "Phòng Cảnh sát giao thông",
    "Phòng Cảnh sát hình sự",
    "Phòng Cảnh sát điều tra tội phạm về ma túy",
    "Phòng Cảnh sát kinh tế",
];

/// Syllables of the sample bulletins, most frequent first, with cumulative Zipf weights.
struct Vocabulary {
    words: Vec<String>,
    cumulative: Vec<f64>,
}

impl Vocabulary {
    fn from_samples() -> Vocabulary {
        let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for sample in sample_bulletins() {
            for token in analyze(&sample.body) {
                *counts
                    .entry(sample.body[token.start..token.end].to_owned())
                    .or_default() += 1;
            }
        }
        let mut words: Vec<(String, usize)> = counts.into_iter().collect();
        words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut total = 0.0;
        let cumulative = (0..words.len())
            .map(|rank| {
                total += 1.0 / (rank as f64 + 1.0);
                total
            })
            .collect();
        Vocabulary {
            words: words.into_iter().map(|(w, _)| w).collect(),
            cumulative,
        }
    }

    fn word(&self, rng: &mut Rng) -> &str {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let target = (rng.next_u64() as f64 / u64::MAX as f64) * total;
        let rank = self
            .cumulative
            .partition_point(|&c| c < target)
            .min(self.words.len() - 1);
        &self.words[rank]
    }
}

/// Writes `count` bulletins as JSON Lines to `out`, the same for the same `seed`.
pub fn generate(count: usize, seed: u64, out: &mut impl Write) -> std::io::Result<()> {
    let vocabulary = Vocabulary::from_samples();
    let old: Vec<_> = all_provinces().collect();
    let mut rng = Rng::new(seed);
    for i in 0..count {
        let record = bulletin(&mut rng, &vocabulary, &old, seed, i);
        serde_json::to_writer(&mut *out, &record)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

#[derive(serde::Serialize)]
struct Record {
    id: String,
    date: String,
    title: String,
    body: String,
}

fn bulletin(
    rng: &mut Rng,
    vocabulary: &Vocabulary,
    old: &[crate::bulletin::Province],
    seed: u64,
    i: usize,
) -> Record {
    let year = 2019 + rng.below(8) as i32;
    let month = 1 + rng.below(12) as u32;
    let day = 1 + rng.below(28) as u32;
    let after_merger = (year, month) >= (2025, 7);
    let place = if after_merger {
        PROVINCES[rng.below(PROVINCES.len())].0
    } else {
        rng.pick(old).then
    };
    let force = crate::bulletin::gazetteer::provincial_force_name(crate::bulletin::Province {
        today: place,
        then: place,
    });
    let unit = if rng.chance(30) {
        format!("{} {force}", rng.pick(DEPARTMENTS))
    } else {
        force.clone()
    };
    let n = 1 + rng.below(20);
    let template = *rng.pick(TITLE_TEMPLATES);
    let topic = *rng.pick(TOPICS);
    let title = template
        .replace("{place}", place)
        .replace("{topic}", topic)
        .replace("{unit}", &force)
        .replace("{n}", &n.to_string())
        .replace("{period}", &format!("6 tháng đầu năm {year}"));

    let dateline = *rng.pick(DATELINE_WORDS);
    let case = *rng.pick(TOPICS);
    let mut body = format!(
        "{dateline} {day}/{month}, {unit} cho biết đã phát hiện, xử lý vụ việc liên quan đến {case} trên địa bàn {place}."
    );
    for _ in 0..2 + rng.below(6) {
        body.push_str("\n\n");
        paragraph(rng, vocabulary, &mut body);
    }
    Record {
        id: format!("gen-{seed}-{i:08}"),
        date: format!("{year:04}-{month:02}-{day:02}"),
        title,
        body,
    }
}

fn paragraph(rng: &mut Rng, vocabulary: &Vocabulary, out: &mut String) {
    for sentence in 0..2 + rng.below(4) {
        if sentence > 0 {
            out.push(' ');
        }
        let words = 8 + rng.below(16);
        for w in 0..words {
            if w > 0 {
                out.push(if rng.chance(8) { ',' } else { ' ' });
                if out.ends_with(',') {
                    out.push(' ');
                }
            }
            match rng.below(100) {
                0..=2 => {
                    let (abbreviation, _) = *rng.pick(ABBREVIATIONS);
                    out.push_str(abbreviation);
                }
                3..=4 => out.push_str(&format!("{}.{:03}", 1 + rng.below(99), rng.below(1000))),
                5 => out.push_str(&format!("{},{}%", rng.below(100), rng.below(100))),
                6..=7 => out.push_str(&new_style_tone_placement(vocabulary.word(rng))),
                _ => {
                    let word = vocabulary.word(rng);
                    if w == 0 {
                        let mut chars = word.chars();
                        if let Some(first) = chars.next() {
                            out.extend(first.to_uppercase());
                            out.push_str(chars.as_str());
                        }
                    } else {
                        out.push_str(word);
                    }
                }
            }
        }
        out.push('.');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generated(count: usize, seed: u64) -> String {
        let mut out = Vec::new();
        generate(count, seed, &mut out).expect("writes to memory");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn same_seed_same_output_other_seed_other_output() {
        assert_eq!(generated(20, 7), generated(20, 7));
        assert_ne!(generated(20, 7), generated(20, 8));
    }

    #[test]
    fn bulletins_parse_and_extract_as_real_ones() {
        let fields = crate::bulletin::read::FieldMap::default();
        for line in generated(200, 1).lines() {
            let record = fields.parse(line.as_bytes()).expect("valid record");
            let (bulletin, warnings) =
                crate::bulletin::Bulletin::from_record(record, String::new())
                    .expect("valid bulletin");
            // Dates run to the end of 2026: one after tomorrow is dropped with a warning.
            assert!(bulletin.date.is_some() || !warnings.is_empty());
            assert!(bulletin.province.is_some(), "{}", bulletin.body);
            assert!(bulletin.unit.is_some(), "{}", bulletin.body);
        }
    }

    /// Days in a month by the Gregorian rule, written out here rather than asked of the
    /// code that wrote the dates.
    fn days_in_month(year: u32, month: u32) -> u32 {
        match month {
            4 | 6 | 9 | 11 => 30,
            2 if (year.is_multiple_of(4) && !year.is_multiple_of(100))
                || year.is_multiple_of(400) =>
            {
                29
            }
            2 => 28,
            _ => 31,
        }
    }

    #[test]
    fn dates_are_calendar_days_and_agree_with_the_dateline() {
        let lines = generated(300, 5);
        assert_eq!(lines.lines().count(), 300);
        for line in lines.lines() {
            let value: serde_json::Value = serde_json::from_str(line).expect("JSON");
            let date = value["date"].as_str().expect("a date");
            let parts: Vec<u32> = date.split('-').filter_map(|p| p.parse().ok()).collect();
            let [year, month, day] = parts[..] else {
                panic!("{date} is not YYYY-MM-DD");
            };
            assert!((2000..=2030).contains(&year), "{date}");
            assert!((1..=12).contains(&month), "{date}");
            assert!((1..=days_in_month(year, month)).contains(&day), "{date}");
            let body = value["body"].as_str().expect("a body");
            assert!(
                body.contains(&format!(" {day}/{month},")),
                "{date} not in the dateline: {}",
                &body[..body.len().min(80)]
            );
        }
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2100, 2), 28);
    }

    #[test]
    fn vocabulary_is_zipf_like() {
        let vocabulary = Vocabulary::from_samples();
        assert!(
            vocabulary.words.len() > 800,
            "{} words",
            vocabulary.words.len()
        );
        let mut rng = Rng::new(3);
        let top = vocabulary.words[0].clone();
        let hits = (0..10_000)
            .filter(|_| vocabulary.word(&mut rng) == top)
            .count();
        assert!(
            (800..2000).contains(&hits),
            "the top word drew {hits} of 10,000"
        );
    }
}
