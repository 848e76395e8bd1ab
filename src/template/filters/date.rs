//! Times as Ruby Liquid reads and prints them: `Utils.to_date` (`now`, Unix seconds, and the
//! date formats `Time.parse` understands, in UTC as Braze's servers run) and Ruby's `strftime`,
//! flags, widths and all (`%-d`, `%^B`, `%3N`, `%:z`, `%L`…). An unknown directive prints as it
//! is written; it never drops the rest of the format.

use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc,
};

use super::super::value::Value;

/// A time and whether it is UTC (Ruby names that zone; a bare offset has no name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Time {
    pub at: DateTime<FixedOffset>,
    /// The zone is named `UTC` (`%Z`): a local time of the UTC process, or a UTC time.
    pub utc: bool,
    /// A UTC time in Ruby's sense (`Time#utc?`): text that named the zone `UTC` or `Z`.
    /// `%-z` prints it as `-0000` (RFC 3339's "offset unknown").
    pub gmt: bool,
}

impl Time {
    /// A local time of the UTC process (`Time.at`, `Time.now`).
    fn utc(t: DateTime<Utc>) -> Time {
        Time {
            at: t.fixed_offset(),
            utc: true,
            gmt: false,
        }
    }
}

/// The longest text Ruby's `Date._parse` reads (its `limit:`).
const MAX_PARSED: usize = 128;

/// `Utils.to_date`.
pub fn to_time(v: &Value<'_>, now: DateTime<Utc>) -> Option<Time> {
    match v {
        Value::Int(i) => DateTime::from_timestamp(*i, 0).map(Time::utc),
        Value::Str(_) | Value::String(_) => {
            let s = v.as_str().unwrap_or_default();
            if s.is_empty() {
                return None;
            }
            // `Date._parse` refuses a string longer than 128 bytes (an ArgumentError, which
            // `to_date` rescues): not a date, the filter gives its input back. Digits that long
            // are past 64 bits, which are not a time either.
            if s.len() > MAX_PARSED {
                return None;
            }
            let lower = s.to_lowercase();
            if lower == "now" || lower == "today" {
                return Some(Time::utc(now));
            }
            if lower.bytes().all(|b| b.is_ascii_digit()) {
                return lower
                    .parse::<i64>()
                    .ok()
                    .and_then(|i| DateTime::from_timestamp(i, 0))
                    .map(Time::utc);
            }
            parse(&lower, now)
        }
        _ => None,
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const DAYS: [&str; 7] = [
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
];

fn month_named(word: &str) -> Option<u32> {
    (word.len() >= 3)
        .then(|| MONTHS.iter().position(|m| m.starts_with(word)))
        .flatten()
        .map(|i| i as u32 + 1)
}

/// The parts of a date `Time.parse` found.
#[derive(Default, Debug)]
struct Parts {
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
    hour: Option<u32>,
    minute: Option<u32>,
    second: Option<u32>,
    nanos: u32,
    /// Seconds east of UTC, and whether the zone was UTC by name (`UTC`, `Z`, `GMT`).
    offset: Option<(i32, bool)>,
    /// The zone was `UTC` or `Z`: `Time.parse` makes a UTC time (`GMT` stays local).
    gmt: bool,
}

/// The common shapes of `Time.parse` (`Date._parse`): ISO 8601 dates and times, `2024/03/01`,
/// `01/03/2024` (day first), `March 1, 2024`, `1 Mar 2024`, RFC 2822, a time alone (today) and
/// a date without a year (this year). Missing parts come from `now`, as in Ruby.
fn parse(text: &str, now: DateTime<Utc>) -> Option<Time> {
    let mut parts = Parts::default();
    let mut rest = text.trim().to_owned();
    // A weekday name is only decoration.
    for day in DAYS {
        for name in [day, &day[..3]] {
            if let Some(i) = find_word(&rest, name) {
                rest.replace_range(i..i + name.len(), " ");
            }
        }
    }
    rest = take_time(&rest, &mut parts);
    rest = take_zone(&rest, &mut parts);
    take_date(&rest, &mut parts)?;
    build(&parts, now)
}

/// Byte offset of `word` in `s` as a whole word.
fn find_word(s: &str, word: &str) -> Option<usize> {
    s.match_indices(word).map(|(i, _)| i).find(|&i| {
        let before = s[..i].chars().next_back();
        let after = s[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// `HH:MM[:SS[.frac]] [am|pm]`, removed from the text.
fn take_time(s: &str, parts: &mut Parts) -> String {
    let b = s.as_bytes();
    for i in 0..b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && b[i - 1].is_ascii_digit()) {
            continue;
        }
        let digits = |from: usize| {
            (from..b.len())
                .take_while(|&k| b[k].is_ascii_digit())
                .count()
        };
        let h = digits(i);
        if !(1..=2).contains(&h) || b.get(i + h) != Some(&b':') {
            continue;
        }
        let m = digits(i + h + 1);
        if m != 2 {
            continue;
        }
        let mut end = i + h + 1 + m;
        let hour: u32 = s[i..i + h].parse().ok().unwrap_or(0);
        let minute: u32 = s[i + h + 1..end].parse().ok().unwrap_or(0);
        let mut second = 0;
        if b.get(end) == Some(&b':') && digits(end + 1) == 2 {
            second = s[end + 1..end + 3].parse().unwrap_or(0);
            end += 3;
            if matches!(b.get(end), Some(b'.' | b',')) {
                let n = digits(end + 1);
                if n > 0 {
                    let frac = &s[end + 1..end + 1 + n.min(9)];
                    parts.nanos = format!("{frac:0<9}").parse().unwrap_or(0);
                    end += 1 + n;
                }
            }
        }
        let mut hour = hour;
        let tail = s[end..].trim_start();
        let meridian = ["am", "pm", "a.m.", "p.m."]
            .iter()
            .find(|m| tail.starts_with(*m));
        if let Some(m) = meridian {
            let skip = s[end..].len() - tail.len() + m.len();
            end += skip;
            hour %= 12;
            if m.starts_with('p') {
                hour += 12;
            }
        }
        parts.hour = Some(hour);
        parts.minute = Some(minute);
        parts.second = Some(second);
        // `2024-03-01T12:00`: the `T` belongs to neither part.
        let start = if i > 0 && (b[i - 1] == b't') {
            i - 1
        } else {
            i
        };
        return format!("{} {}", &s[..start], &s[end..]);
    }
    s.to_owned()
}

/// `Z`, `UTC`, `GMT` or `±HH[:]MM` after a time, removed from the text.
fn take_zone(s: &str, parts: &mut Parts) -> String {
    if parts.hour.is_none() {
        return s.to_owned();
    }
    let t = s.trim_end();
    for (name, off) in [("utc", 0), ("gmt", 0), ("z", 0)] {
        if let Some(head) = t.strip_suffix(name)
            && (name != "z" || head.ends_with(' ') || head.ends_with(|c: char| c.is_ascii_digit()))
        {
            parts.offset = Some((off, true));
            parts.gmt = name != "gmt";
            return head.to_owned();
        }
    }
    // ±HH:MM, ±HHMM or ±HH at the end.
    let b = t.as_bytes();
    if let Some(sign_at) = t.rfind(['+', '-']) {
        let digits: String = t[sign_at + 1..].chars().filter(|c| *c != ':').collect();
        if !digits.is_empty()
            && digits.len() <= 4
            && digits.bytes().all(|c| c.is_ascii_digit())
            && (sign_at == 0 || b[sign_at - 1] == b' ')
        {
            let padded = if digits.len() <= 2 {
                format!("{digits:0>2}00")
            } else {
                format!("{digits:0>4}")
            };
            let h: i32 = padded[..2].parse().unwrap_or(0);
            let m: i32 = padded[2..].parse().unwrap_or(0);
            let sign = if b[sign_at] == b'-' { -1 } else { 1 };
            parts.offset = Some((sign * (h * 3600 + m * 60), false));
            return t[..sign_at].to_owned();
        }
    }
    s.to_owned()
}

fn take_date(s: &str, parts: &mut Parts) -> Option<()> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    fn numbers(w: &str, sep: char) -> Option<Vec<&str>> {
        let v: Vec<&str> = w.split(sep).collect();
        (v.len() == 3
            && v.iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())))
        .then_some(v)
    }
    for w in &words {
        let w = w.trim_end_matches(['t', '.']);
        if let Some(v) = numbers(w, '-').or_else(|| numbers(w, '/')) {
            let sep_slash = w.contains('/');
            if v[0].len() == 4 {
                parts.year = v[0].parse().ok();
                parts.month = v[1].parse().ok();
                parts.day = v[2].parse().ok();
            } else if sep_slash && v[2].len() == 4 {
                // Ruby reads `03/04/2024` day first.
                parts.day = v[0].parse().ok();
                parts.month = v[1].parse().ok();
                parts.year = v[2].parse().ok();
            } else {
                return None;
            }
            return Some(());
        }
    }
    // Month names: `march 1, 2024`, `1 mar 2024`, `mar 1`.
    let month_at = words
        .iter()
        .position(|w| month_named(w.trim_end_matches('.')).is_some());
    if let Some(mi) = month_at {
        parts.month = month_named(words[mi].trim_end_matches('.'));
        let num = |w: &&str| -> Option<u32> {
            let t = w.trim_end_matches(|c: char| c.is_alphabetic());
            (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
                .then(|| t.parse().ok())
                .flatten()
        };
        let before = mi.checked_sub(1).and_then(|i| words.get(i)).and_then(num);
        let after = words.get(mi + 1).and_then(num);
        let after2 = words.get(mi + 2).and_then(num);
        match (before, after, after2) {
            (Some(d), Some(y), _) if d <= 31 => {
                parts.day = Some(d);
                parts.year = Some(y as i32);
            }
            (None, Some(d), Some(y)) if d <= 31 => {
                parts.day = Some(d);
                parts.year = Some(y as i32);
            }
            (None, Some(d), None) if d <= 31 => parts.day = Some(d),
            (Some(d), None, _) if d <= 31 => parts.day = Some(d),
            _ => return None,
        }
        return Some(());
    }
    // A time alone is today.
    if parts.hour.is_some() && words.is_empty() {
        return Some(());
    }
    None
}

fn build(p: &Parts, now: DateTime<Utc>) -> Option<Time> {
    let (year, month, day) = match (p.year, p.month, p.day) {
        (None, None, None) => (now.year(), now.month(), now.day()),
        (y, m, d) => (y.unwrap_or(now.year()), m.unwrap_or(1), d.unwrap_or(1)),
    };
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    let time = NaiveTime::from_hms_nano_opt(
        p.hour.unwrap_or(0),
        p.minute.unwrap_or(0),
        p.second.unwrap_or(0),
        p.nanos,
    )?;
    let naive = NaiveDateTime::new(date, time);
    let (offset, named) = p.offset.unwrap_or((0, true));
    let zone = FixedOffset::east_opt(offset)?;
    let at = zone.from_local_datetime(&naive).single()?;
    // Ruby gives a UTC time a zone name; `+00:00` written out is UTC too in a UTC process.
    Some(Time {
        at,
        utc: named || offset == 0,
        gmt: p.gmt,
    })
}

/// Why a `strftime` gave no text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrftimeError {
    /// The output would pass the byte bound it was given.
    TooLarge,
    /// The format ends inside a directive (`%`, `%-`, `%5`, `%j%`): Ruby's `ArgumentError`
    /// "invalid format: …".
    InvalidFormat,
}

/// The widest a directive may be in Ruby: a width past C's `int` is not read as a width, and the
/// directive is printed as written (`%99999999999Y` prints itself).
const RUBY_MAX_WIDTH: u64 = i32::MAX as u64;

/// The case a directive's text is printed in (`^` upper, `#` swapped, as Ruby's `strftime.c`).
#[derive(Default, Clone, Copy)]
struct Flags {
    /// `-`: no padding at all.
    left: bool,
    /// `^`.
    upper: bool,
    /// `#`: upper case for names, lower case for `%Z` and `%p`.
    chcase: bool,
    /// Lower case (set by `%P`, `%#p`, `%#Z`).
    lower: bool,
    /// `_` (space) or `0`; `None` is the directive's own.
    padding: Option<char>,
    /// The width; `None` when none was written (or `-` reset it).
    precision: Option<usize>,
}

impl Flags {
    /// The width a number is printed in (`FMT_PRECISION`).
    fn width(&self, default: usize) -> usize {
        if self.left {
            1
        } else {
            match self.precision {
                Some(p) if p > 0 => p,
                _ => default,
            }
        }
    }
}

/// Ruby's `Time#strftime` (`strftime.c` of Ruby 3.1, the Ruby Braze runs Liquid 5.4 on): flags
/// `-_0^#`, widths, `E`/`O` modifiers, colons on `%z`, and an unknown directive printed as
/// written. Refused with [`StrftimeError::TooLarge`] before anything is allocated when the
/// output would pass `max` bytes (the engine's value limit); Ruby itself fails with `ERANGE`
/// ("Liquid error: internal") once a directive's width passes about half a mebibyte for each
/// byte of the format.
pub fn strftime(t: &Time, format: &str, max: usize) -> Result<String, StrftimeError> {
    if format.len() > max {
        return Err(StrftimeError::TooLarge);
    }
    let mut out = String::with_capacity(format.len() + 16);
    let b = format.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'%' {
            let next = format[i..].find('%').map_or(format.len(), |k| i + k);
            out.push_str(&format[i..next]);
            i = next;
            continue;
        }
        let start = i;
        let mut f = Flags::default();
        let mut colons = 0usize;
        // The directive's text, or `None` for "unknown": printed as written, up to `i`.
        let text: Option<String> = loop {
            i += 1;
            let Some(&c) = b.get(i) else {
                // The format ends inside a directive.
                return Err(StrftimeError::InvalidFormat);
            };
            match c {
                b'-' | b'^' | b'#' | b'_' if f.precision.is_some_and(|p| p > 0) => break None,
                b'-' => {
                    f.left = true;
                    f.padding = None;
                    f.precision = Some(0);
                }
                b'^' => f.upper = true,
                b'#' => f.chcase = true,
                b'_' => f.padding = Some(' '),
                b':' => {
                    let mut n = 1;
                    let mut found = false;
                    while n <= 3 {
                        match b.get(i + n) {
                            None => break,
                            Some(b'z') => {
                                found = true;
                                break;
                            }
                            Some(b':') => n += 1,
                            Some(_) => break,
                        }
                    }
                    if n > 3 {
                        // Four colons: read as far as the last, then unknown at the `z`.
                        i += n - 1;
                        colons = n;
                        continue;
                    }
                    if !found {
                        break None;
                    }
                    colons = n;
                    i += n - 1;
                }
                b'0'..=b'9' => {
                    if c == b'0' {
                        f.padding = Some('0');
                    }
                    let digits = b[i..].iter().take_while(|d| d.is_ascii_digit()).count();
                    match format[i..i + digits].parse::<u64>() {
                        Ok(w) if w <= RUBY_MAX_WIDTH => {
                            f.precision = Some(w as usize);
                            i += digits - 1;
                        }
                        _ => break None,
                    }
                }
                b'E' | b'O' => {
                    let allowed: &[u8] = if c == b'E' {
                        b"cCxXyY"
                    } else {
                        b"deHkIlmMSuUVwWy"
                    };
                    if !b.get(i + 1).is_some_and(|n| allowed.contains(n)) {
                        break None;
                    }
                }
                _ => {
                    // Bounded before the padding is made.
                    if out.len().saturating_add(f.precision.unwrap_or(0)) > max {
                        return Err(StrftimeError::TooLarge);
                    }
                    break directive(t, c, &mut f, colons, max)?;
                }
            }
        };
        i += 1;
        match text {
            Some(s) => out.push_str(&s),
            None => out.push_str(&format[start..i]),
        }
        if out.len() > max {
            return Err(StrftimeError::TooLarge);
        }
    }
    Ok(out)
}

/// A number as C's `%*ld` (space) or `%0*ld` (zero) prints it.
fn fmt_number(n: i64, f: &Flags, default_pad: char, default_width: usize) -> String {
    let width = f.width(default_width);
    let zero = f.padding == Some('0') || (f.padding.is_none() && default_pad == '0');
    let digits = n.unsigned_abs().to_string();
    let sign = if n < 0 { "-" } else { "" };
    let fill = width.saturating_sub(sign.len() + digits.len());
    // Built by hand: `format!`'s width stops at 65,535, Ruby's at C's `int`.
    let mut out = String::with_capacity(width.max(sign.len() + digits.len()));
    if zero {
        out.push_str(sign);
        out.extend(std::iter::repeat_n('0', fill));
    } else {
        out.extend(std::iter::repeat_n(' ', fill));
        out.push_str(sign);
    }
    out.push_str(&digits);
    out
}

/// A name (or any text): padded on the left to the width, then case-converted.
fn fmt_text(s: &str, f: &Flags) -> String {
    let mut out = String::new();
    let len = s.len();
    if !f.left
        && let Some(p) = f.precision
        && p > len
    {
        out.extend(std::iter::repeat_n(f.padding.unwrap_or(' '), p - len));
    }
    out.push_str(&case(s, f));
    out
}

fn case(s: &str, f: &Flags) -> String {
    match (f.upper, f.lower) {
        (true, false) => s.to_ascii_uppercase(),
        (false, true) => s.to_ascii_lowercase(),
        _ => s.to_owned(),
    }
}

/// A composite directive (`%c`, `%F`…): its expansion, case-converted, then padded.
fn composite(t: &Time, fmt: &str, f: &Flags, max: usize) -> Result<String, StrftimeError> {
    let s = case(&strftime(t, fmt, max)?, f);
    Ok(match f.precision {
        Some(p) if p > s.len() => {
            let mut out: String =
                std::iter::repeat_n(f.padding.unwrap_or(' '), p - s.len()).collect();
            out.push_str(&s);
            out
        }
        _ => s,
    })
}

/// Week of the year, the week starting on Sunday (`%U`) or Monday (`%W`).
fn week_number(at: &DateTime<FixedOffset>, monday: bool) -> i64 {
    let wday = if monday {
        at.weekday().num_days_from_monday()
    } else {
        at.weekday().num_days_from_sunday()
    };
    ((at.ordinal0() + 7 - wday) / 7) as i64
}

fn directive(
    t: &Time,
    conv: u8,
    f: &mut Flags,
    colons: usize,
    max: usize,
) -> Result<Option<String>, StrftimeError> {
    let at = t.at;
    let month = MONTHS_CAP[at.month0() as usize];
    let weekday = DAYS_CAP[at.weekday().num_days_from_sunday() as usize];
    let hour12 = match at.hour() % 12 {
        0 => 12,
        h => h,
    } as i64;
    let names_upper = |f: &mut Flags| {
        if f.chcase {
            f.chcase = false;
            f.lower = false;
            f.upper = true;
        }
    };
    Ok(Some(match conv {
        b'%' => fmt_text("%", f),
        b'n' => fmt_text("\n", f),
        b't' => fmt_text("\t", f),
        b'a' => {
            names_upper(f);
            fmt_text(&weekday[..3], f)
        }
        b'A' => {
            names_upper(f);
            fmt_text(weekday, f)
        }
        b'b' | b'h' => {
            names_upper(f);
            fmt_text(&month[..3], f)
        }
        b'B' => {
            names_upper(f);
            fmt_text(month, f)
        }
        b'p' | b'P' => {
            if (conv == b'p' && f.chcase) || (conv == b'P' && !f.chcase && !f.upper) {
                f.upper = false;
                f.chcase = false;
                f.lower = true;
            }
            fmt_text(if at.hour() < 12 { "AM" } else { "PM" }, f)
        }
        b'Z' => {
            if f.chcase {
                f.upper = false;
                f.chcase = false;
                f.lower = true;
            }
            if t.utc {
                fmt_text("UTC", f)
            } else {
                // No zone name: nothing at all, not even padding.
                String::new()
            }
        }
        b'c' => composite(t, "%a %b %e %H:%M:%S %Y", f, max)?,
        b'D' | b'x' => composite(t, "%m/%d/%y", f, max)?,
        b'F' => composite(t, "%Y-%m-%d", f, max)?,
        b'T' | b'X' => composite(t, "%H:%M:%S", f, max)?,
        b'R' => composite(t, "%H:%M", f, max)?,
        b'r' => composite(t, "%I:%M:%S %p", f, max)?,
        b'v' => composite(t, "%e-%^b-%Y", f, max)?,
        b'd' => fmt_number(at.day() as i64, f, '0', 2),
        b'e' => fmt_number(at.day() as i64, f, ' ', 2),
        b'H' => fmt_number(at.hour() as i64, f, '0', 2),
        b'k' => fmt_number(at.hour() as i64, f, ' ', 2),
        b'I' => fmt_number(hour12, f, '0', 2),
        b'l' => fmt_number(hour12, f, ' ', 2),
        b'j' => fmt_number(at.ordinal() as i64, f, '0', 3),
        b'm' => fmt_number(at.month() as i64, f, '0', 2),
        b'M' => fmt_number(at.minute() as i64, f, '0', 2),
        b'S' => fmt_number(at.second() as i64, f, '0', 2),
        b's' => fmt_number(at.timestamp(), f, '0', 1),
        b'U' => fmt_number(week_number(&at, false), f, '0', 2),
        b'W' => fmt_number(week_number(&at, true), f, '0', 2),
        b'w' => fmt_number(at.weekday().num_days_from_sunday() as i64, f, '0', 1),
        b'u' => fmt_number(at.weekday().number_from_monday() as i64, f, '0', 1),
        b'y' => fmt_number((at.year() as i64).rem_euclid(100), f, '0', 2),
        b'C' => fmt_number((at.year() as i64).div_euclid(100), f, '0', 2),
        b'Y' => {
            let y = at.year() as i64;
            fmt_number(y, f, '0', if y < 0 { 5 } else { 4 })
        }
        b'V' => fmt_number(at.iso_week().week() as i64, f, '0', 2),
        b'G' => {
            let y = at.iso_week().year() as i64;
            fmt_number(y, f, '0', if y < 0 { 5 } else { 4 })
        }
        b'g' => fmt_number((at.iso_week().year() as i64).rem_euclid(100), f, '0', 2),
        b'L' | b'N' => {
            let digits = match f.precision {
                Some(p) if p > 0 => p,
                _ if conv == b'L' => 3,
                _ => 9,
            };
            let nanos = format!("{:09}", at.nanosecond().min(999_999_999));
            if digits <= 9 {
                nanos[..digits].to_owned()
            } else {
                format!("{nanos}{}", "0".repeat(digits - 9))
            }
        }
        b'z' => {
            let mut off = i64::from(at.offset().local_minus_utc());
            let mut negative = off < 0;
            if t.gmt {
                off = 0;
                negative = f.left;
            }
            let off = off.abs();
            let p = f.precision.unwrap_or(0);
            let precision = match colons {
                0 => {
                    if p <= 5 {
                        2
                    } else {
                        p - 3
                    }
                }
                1 => {
                    if p <= 6 {
                        2
                    } else {
                        p - 4
                    }
                }
                2 => {
                    if p <= 9 {
                        2
                    } else {
                        p - 7
                    }
                }
                3 if off % 3600 == 0 => {
                    if p <= 3 {
                        2
                    } else {
                        p - 1
                    }
                }
                3 if off % 60 == 0 => {
                    if p <= 6 {
                        2
                    } else {
                        p - 4
                    }
                }
                3 => {
                    if p <= 9 {
                        2
                    } else {
                        p - 7
                    }
                }
                _ => return Ok(None),
            };
            let hours = off / 3600;
            let sign = if negative { '-' } else { '+' };
            let mut s = if f.padding == Some(' ') {
                // `%+*ld`: the sign beside the digits, spaces before.
                let body = format!("{sign}{hours}");
                let fill = (precision + 1).saturating_sub(body.len());
                let mut s: String = std::iter::repeat_n(' ', fill).collect();
                s.push_str(&body);
                s
            } else {
                // `%+.*ld`: the sign, then the digits zero-padded to the precision.
                let digits = hours.to_string();
                let mut s = String::from(sign);
                s.extend(std::iter::repeat_n(
                    '0',
                    precision.saturating_sub(digits.len()),
                ));
                s.push_str(&digits);
                s
            };
            let rest = off % 3600;
            if !(colons == 3 && rest == 0) {
                if colons >= 1 {
                    s.push(':');
                }
                s.push_str(&format!("{:02}", rest / 60));
                let secs = rest % 60;
                if !(colons == 3 && secs == 0) && colons >= 2 {
                    s.push_str(&format!(":{secs:02}"));
                }
            }
            s
        }
        _ => return Ok(None),
    }))
}

const MONTHS_CAP: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS_CAP: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(input: &str, format: &str) -> String {
        let now = Utc.with_ymd_and_hms(2026, 11, 28, 23, 0, 0).unwrap();
        match to_time(&Value::Str(input), now) {
            Some(t) => strftime(&t, format, usize::MAX).unwrap(),
            None => format!("<{input}>"),
        }
    }

    #[test]
    fn formats_as_ruby() {
        let f = "%Z|%z|%:z|%::z|%L|%N|%3N|%s|%^B|%-d|%e|%10A|%_5m|%05d|%P|%p|%I|%l|%j|%U|%W|%V|%G|%u|%w|%C|%y|%D|%F|%T|%R|%r|%c|%x|%X|%v|%+|%h|%n|%t|%%|%Q|%-H|%k|%^a|%#B|%#p|%10z|%-5d|%_d|%3S|%0e|%-y|%E|%O|%:";
        assert_eq!(
            fmt("2024-03-01 12:00:00 UTC", f),
            "UTC|+0000|+00:00|+00:00:00|000|000000000|000|1709294400|MARCH|1| 1|    Friday|    3|00001|pm|PM|12|12|061|08|09|09|2024|5|5|20|24|03/01/24|2024-03-01|12:00:00|12:00|12:00:00 PM|Fri Mar  1 12:00:00 2024|03/01/24|12:00:00| 1-MAR-2024|%+|Mar|\n|\t|%|%Q|12|12|FRI|MARCH|pm|+000000000|1| 1|000|01|24|%E|%O|%:"
        );
        assert_eq!(
            fmt("2023-12-31T23:59:59+01:00", f),
            "|+0100|+01:00|+01:00:00|000|000000000|000|1704063599|DECEMBER|31|31|    Sunday|   12|00031|pm|PM|11|11|365|53|52|52|2023|7|0|20|23|12/31/23|2023-12-31|23:59:59|23:59|11:59:59 PM|Sun Dec 31 23:59:59 2023|12/31/23|23:59:59|31-DEC-2023|%+|Dec|\n|\t|%|%Q|23|23|SUN|DECEMBER|pm|+000000100|31|31|059|31|23|%E|%O|%:"
        );
        assert_eq!(fmt("2024-03-01T12:00:00.123456Z", "%L %N"), "123 123456000");
    }

    #[test]
    fn reads_what_time_parse_reads() {
        for (input, out) in [
            ("2024-03-01", "2024-03-01 00:00:00 +0000"),
            ("March 1, 2024", "2024-03-01 00:00:00 +0000"),
            ("1 Mar 2024", "2024-03-01 00:00:00 +0000"),
            ("2024/03/01", "2024-03-01 00:00:00 +0000"),
            ("03/04/2024", "2024-04-03 00:00:00 +0000"),
            ("12:30", "2026-11-28 12:30:00 +0000"),
            ("Mar 1", "2026-03-01 00:00:00 +0000"),
            (
                "Tue, 05 Mar 2024 10:00:00 -0500",
                "2024-03-05 10:00:00 -0500",
            ),
            ("2024-02-29 08:05:09", "2024-02-29 08:05:09 +0000"),
        ] {
            assert_eq!(fmt(input, "%Y-%m-%d %H:%M:%S %z"), out, "{input}");
        }
        assert_eq!(fmt("abc", "%Y"), "<abc>");
    }
}
