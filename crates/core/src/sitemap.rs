//! How the sitemap of a large archive is cut into files: one file per month of first
//! publication (`/sitemaps/2026-11.xml`), and a month with more addresses than one file may
//! hold continues in `2026-11-2.xml`, `2026-11-3.xml`, … A story never changes month, so
//! a crawler re-reads only the months whose `lastmod` moved.

use crate::UnixTime;
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use std::fmt;

/// The most addresses one sitemap file may list (sitemaps.org protocol).
pub const URLS_PER_FILE: u64 = 50_000;

/// A calendar month in UTC: sitemap files are cut by UTC months so that every node, in any
/// time zone, names the same story's file the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i16,
    /// 1–12.
    month: i8,
}

impl Month {
    /// The month `at` falls in; `None` for a time outside what a calendar can show.
    pub fn of(at: UnixTime) -> Option<Month> {
        let date = Timestamp::from_second(at)
            .ok()?
            .to_zoned(TimeZone::UTC)
            .date();
        Some(Month {
            year: date.year(),
            month: date.month(),
        })
    }

    /// `None` unless `month` is 1–12 and the year a four-digit one.
    pub fn new(year: i16, month: i8) -> Option<Month> {
        ((1000..=9999).contains(&year) && (1..=12).contains(&month))
            .then_some(Month { year, month })
    }

    /// The first second of the month.
    pub fn start(self) -> UnixTime {
        Date::new(self.year, self.month, 1)
            .ok()
            .and_then(|d| d.to_zoned(TimeZone::UTC).ok())
            .map_or(0, |z| z.timestamp().as_second())
    }

    /// The month after this one.
    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year.saturating_add(1),
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// The first second after the month: `[start, end)` holds the month's stories.
    pub fn previous(self) -> Month {
        if self.month == 1 {
            Month {
                year: self.year.saturating_sub(1),
                month: 12,
            }
        } else {
            Month {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    pub fn end(self) -> UnixTime {
        self.next().start()
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Month {
    /// `2026-11`, as [`fmt::Display`] writes it, appended digit by digit: the sitemap index
    /// writes one for each of hundreds of months, and the formatting machinery cost more
    /// than the rest of each entry.
    fn push(&self, out: &mut String) {
        // Years are 1000–9999 and months 1–12 by construction (`Month::new`).
        push_padded(out, u32::from(self.year.unsigned_abs()), 4);
        out.push('-');
        push_padded(out, u32::from(self.month.unsigned_abs()), 2);
    }
}

/// `value` in decimal, zero-padded to `width` digits (at most 10).
fn push_padded(out: &mut String, value: u32, width: usize) {
    let mut digits = [b'0'; 10];
    let (mut rest, mut start) = (value, digits.len());
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let start = start.min(digits.len() - width.min(digits.len()));
    out.extend(digits[start..].iter().map(|&d| char::from(d)));
}

/// One file of the monthly sitemaps: a month and which of its parts (1 for the first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SitemapFile {
    pub month: Month,
    pub part: u32,
}

impl SitemapFile {
    /// `2026-11.xml` for a month's first part, `2026-11-2.xml` for its second, …
    pub fn file_name(&self) -> String {
        let mut name = String::with_capacity(16);
        self.push_name(&mut name);
        name
    }

    /// [`SitemapFile::file_name`], appended to `out` (the sitemap index writes hundreds).
    pub fn push_name(&self, out: &mut String) {
        self.month.push(out);
        if self.part > 1 {
            out.push('-');
            push_padded(out, self.part, 1);
        }
        out.push_str(".xml");
    }

    /// The file named `name` (as [`SitemapFile::file_name`] writes it), or `None` for any
    /// other text — including `2026-11-1.xml`, which is not how part 1 is named, so that
    /// each file has exactly one address.
    pub fn parse(name: &str) -> Option<SitemapFile> {
        let stem = name.strip_suffix(".xml")?;
        let (year, rest) = stem.split_once('-')?;
        let (month, part) = match rest.split_once('-') {
            Some((month, part)) => (month, Some(part)),
            None => (rest, None),
        };
        let digits = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(year, 4) || !digits(month, 2) {
            return None;
        }
        let month = Month::new(year.parse().ok()?, month.parse().ok()?)?;
        let part = match part {
            None => 1,
            Some(p) if p.starts_with('0') || !p.bytes().all(|b| b.is_ascii_digit()) => return None,
            Some(p) => p.parse::<u32>().ok().filter(|n| *n >= 2)?,
        };
        Some(SitemapFile { month, part })
    }

    /// How many of the month's stories (in their sitemap order) come before this file.
    pub fn offset(&self, per_file: u64) -> u64 {
        u64::from(self.part.saturating_sub(1)) * per_file
    }
}

/// The files a month of `count` public stories needs at `per_file` addresses each: none
/// for an empty month, then one more for every `per_file` started.
pub fn files_of_month(month: Month, count: u64, per_file: u64) -> Vec<SitemapFile> {
    let per_file = per_file.max(1);
    let parts = count.div_ceil(per_file);
    (1..=parts)
        .map(|part| SitemapFile {
            month,
            part: u32::try_from(part).unwrap_or(u32::MAX),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(y: i16, m: i8) -> Month {
        Month::new(y, m).unwrap()
    }

    #[test]
    fn a_month_is_named_and_bounded_in_utc() {
        // 2026-11-30T23:59:59Z and 2026-12-01T00:00:00Z.
        assert_eq!(Month::of(1_796_083_199), Some(month(2026, 11)));
        assert_eq!(Month::of(1_796_083_200), Some(month(2026, 12)));
        assert_eq!(month(2026, 12).start(), 1_796_083_200);
        assert_eq!(month(2026, 11).end(), 1_796_083_200);
        assert_eq!(month(2026, 12).next(), month(2027, 1));
        assert_eq!(month(2026, 3).to_string(), "2026-03");
    }

    #[test]
    fn a_month_over_the_limit_is_split_into_numbered_parts() {
        let m = month(2026, 11);
        assert!(files_of_month(m, 0, URLS_PER_FILE).is_empty());
        assert_eq!(files_of_month(m, 1, URLS_PER_FILE).len(), 1);
        assert_eq!(files_of_month(m, 50_000, URLS_PER_FILE).len(), 1);
        let files = files_of_month(m, 120_001, URLS_PER_FILE);
        let names: Vec<String> = files.iter().map(SitemapFile::file_name).collect();
        assert_eq!(names, ["2026-11.xml", "2026-11-2.xml", "2026-11-3.xml"]);
        let offsets: Vec<u64> = files.iter().map(|f| f.offset(URLS_PER_FILE)).collect();
        assert_eq!(offsets, [0, 50_000, 100_000]);
        // Every story lands in exactly one file, and no file holds more than the limit.
        let sizes: Vec<u64> = offsets
            .iter()
            .map(|o| (120_001 - o).min(URLS_PER_FILE))
            .collect();
        assert_eq!(sizes, [50_000, 50_000, 20_001]);
    }

    #[test]
    fn names_written_digit_by_digit_are_the_formatted_ones() {
        for (y, m) in [(1000, 1), (1999, 9), (2026, 10), (2026, 12), (9999, 12)] {
            for part in [1, 2, 10, 123] {
                let file = SitemapFile {
                    month: month(y, m),
                    part,
                };
                let expected = match part {
                    1 => format!("{}.xml", month(y, m)),
                    _ => format!("{}-{part}.xml", month(y, m)),
                };
                assert_eq!(file.file_name(), expected);
            }
        }
        assert_eq!(month(2024, 2).to_string(), "2024-02");
    }

    #[test]
    fn file_names_parse_back_and_nothing_else_does() {
        for file in files_of_month(month(2024, 2), 150_000, URLS_PER_FILE) {
            assert_eq!(SitemapFile::parse(&file.file_name()), Some(file));
        }
        for bad in [
            "2026-11",
            "2026-13.xml",
            "2026-00.xml",
            "2026-1.xml",
            "26-11.xml",
            "2026-11-1.xml",
            "2026-11-0.xml",
            "2026-11-02.xml",
            "2026-11-x.xml",
            "2026-11-.xml",
            "pages.xml",
            "-2026-11.xml",
            "2026-11-2-3.xml",
        ] {
            assert_eq!(SitemapFile::parse(bad), None, "{bad}");
        }
    }
}
