// {{ v.notice }}

//! HTTP-date parsing (RFC 9110, section 5.6.7), without dependencies: the
//! preferred IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) and the two
//! obsolete forms a recipient must accept, RFC 850
//! (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`).

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

/// The instant an HTTP-date names, or `None` if `text` is not one.
pub fn parse_http_date(text: &str) -> Option<SystemTime> {
    let seconds = parse_unix_seconds(text)?;
    Some(UNIX_EPOCH + Duration::from_secs(seconds))
}

/// Seconds since the Unix epoch of an HTTP-date (dates before 1970 are
/// rejected: no server means them).
pub fn parse_unix_seconds(text: &str) -> Option<u64> {
    let tokens: Vec<&str> = text.split_ascii_whitespace().collect();
    let (day, month, year, time) = match tokens.as_slice() {
        // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
        [weekday, day, month, year, time, "GMT"]
            if weekday_is(weekday, &DAYS) && day.len() == 2 && year.len() == 4 =>
        {
            (number(day)?, month_number(month)?, number(year)?, *time)
        }
        // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
        [weekday, date, time, "GMT"] if weekday_is(weekday, &LONG_DAYS) => {
            let mut parts = date.split('-');
            let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
            if parts.next().is_some() || day.len() != 2 || year.len() != 2 {
                return None;
            }
            let year = number(year)?;
            // Two-digit years: RFC 9110 reads those more than 50 years in the
            // future as the past century.
            let year = if year < 70 { 2000 + year } else { 1900 + year };
            (number(day)?, month_number(month)?, year, *time)
        }
        // asctime: Sun Nov  6 08:49:37 1994
        [weekday, month, day, time, year]
            if DAYS.contains(weekday) && year.len() == 4 && day.len() <= 2 =>
        {
            (number(day)?, month_number(month)?, number(year)?, *time)
        }
        _ => return None,
    };
    let mut clock = time.split(':');
    let (hour, minute, second) = (
        number(clock.next()?)?,
        number(clock.next()?)?,
        number(clock.next()?)?,
    );
    if clock.next().is_some() || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    if year < 1970 || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(days * 86_400 + hour * 3_600 + minute * 60 + second)
}

fn weekday_is(token: &str, names: &[&str]) -> bool {
    token
        .strip_suffix(',')
        .is_some_and(|name| names.contains(&name))
}

fn number(digits: &str) -> Option<u64> {
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn month_number(name: &str) -> Option<u64> {
    MONTHS.iter().position(|m| *m == name).map(|i| i as u64 + 1)
}

fn is_leap(year: u64) -> bool {
    // Every fourth year, except centuries not divisible by 400.
    matches!((year % 4, year % 100, year % 400), (0, 1.., _) | (0, 0, 0))
}

fn days_in_month(year: u64, month: u64) -> u64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a date on or after it (Howard Hinnant's
/// `days_from_civil`, restricted to years from 1970).
fn days_from_civil(year: u64, month: u64, day: u64) -> u64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year / 400;
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

