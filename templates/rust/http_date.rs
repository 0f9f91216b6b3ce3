// {{ v.notice }}

//! HTTP-date parsing (RFC 9110, section 5.6.7), without dependencies: the
//! preferred IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) and the two
//! obsolete forms a recipient must accept, RFC 850
//! (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`).
//!
//! The grammar is followed exactly, as in every language of this API's SDKs
//! (README rule 10): single spaces, English day and month names in their
//! case, `GMT`, hours 00-23, minutes 00-59, seconds 00-60, a day that exists
//! in its month. The weekday must be a weekday name but is not checked
//! against the date. Two-digit RFC 850 years below 70 are 20xx, others 19xx.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const LONG_DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The instant an HTTP-date names, or `None` if `text` is not one (or names
/// a time before 1970).
pub fn parse_http_date(text: &str) -> Option<SystemTime> {
    let seconds = parse_unix_seconds(text)?;
    Some(UNIX_EPOCH + Duration::from_secs(seconds))
}

/// Seconds since the Unix epoch of an HTTP-date; `None` for dates before
/// 1970, which [`parse_seconds`] reads.
pub fn parse_unix_seconds(text: &str) -> Option<u64> {
    u64::try_from(parse_seconds(text)?).ok()
}

/// Seconds since the Unix epoch of an HTTP-date, negative before 1970.
pub fn parse_seconds(text: &str) -> Option<i64> {
    let text = text.trim_matches([' ', '\t']);
    let (day, month, year, time) = if let Some((weekday, rest)) = text.split_once(", ") {
        if DAYS.contains(&weekday) {
            // IMF-fixdate: 06 Nov 1994 08:49:37 GMT
            let rest = rest.strip_suffix(" GMT")?;
            let [day, month, year, time] = fields(rest, ' ')?;
            (
                digits(day, 2)?,
                month_number(month)?,
                digits(year, 4)?,
                time,
            )
        } else if LONG_DAYS.contains(&weekday) {
            // RFC 850: 06-Nov-94 08:49:37 GMT
            let (date, time) = rest.strip_suffix(" GMT")?.split_once(' ')?;
            let [day, month, year] = fields(date, '-')?;
            let year = digits(year, 2)?;
            let year = if year < 70 { 2000 + year } else { 1900 + year };
            (digits(day, 2)?, month_number(month)?, year, time)
        } else {
            return None;
        }
    } else {
        // asctime: Sun Nov  6 08:49:37 1994 (the day is two characters:
        // two digits, or a space and a digit)
        let (weekday, rest) = text.split_once(' ')?;
        let (month, rest) = rest.split_once(' ')?;
        if !DAYS.contains(&weekday) {
            return None;
        }
        // `split_at_checked` is newer than the crate's rust-version.
        if rest.len() < 2 || !rest.is_char_boundary(2) {
            return None;
        }
        let (day, rest) = rest.split_at(2);
        let day = match day.as_bytes() {
            [b' ', digit] if digit.is_ascii_digit() => i64::from(digit - b'0'),
            _ => digits(day, 2)?,
        };
        let [time, year] = fields(rest.strip_prefix(' ')?, ' ')?;
        (day, month_number(month)?, digits(year, 4)?, time)
    };
    let [hour, minute, second] = fields(time, ':')?;
    let (hour, minute, second) = (digits(hour, 2)?, digits(minute, 2)?, digits(second, 2)?);
    if hour > 23 || minute > 59 || second > 60 || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(days * 86_400 + hour * 3_600 + minute * 60 + second)
}

/// `text` split at every `separator` into exactly `N` non-empty parts.
fn fields<const N: usize>(text: &str, separator: char) -> Option<[&str; N]> {
    let mut parts = text.split(separator);
    let fields: [&str; N] = std::array::from_fn(|_| parts.next().unwrap_or(""));
    (parts.next().is_none() && fields.iter().all(|f| !f.is_empty())).then_some(fields)
}

/// Exactly `len` ASCII digits as a number.
fn digits(text: &str, len: usize) -> Option<i64> {
    if text.len() != len || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn month_number(name: &str) -> Option<i64> {
    MONTHS.iter().position(|m| *m == name).map(|i| i as i64 + 1)
}

fn is_leap(year: i64) -> bool {
    // Every fourth year, except centuries not divisible by 400.
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a date of the years 0 to 9999, negative before
/// it (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

