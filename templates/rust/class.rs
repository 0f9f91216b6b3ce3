{%- import "rust/macros.rs" as m -%}
{% call m::header(v) %}{% endcall %}

//! [`ErrorClass`]: the status-level classes of the catalog.

use super::retry::{LongerWait, RetryMode, RetryPolicy};
use super::GrpcCode;

/// What kind of error a response is (README rule 5): the class of its code's
/// definition, else the first class one of whose conditions holds, else the
/// class of its HTTP status. Match on it; new classes may be added, so keep a
/// wildcard arm.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ErrorClass {
{%- for c in v.classes %}
{{ c.doc }}    {{ c.variant }},
{%- endfor %}
}

struct ClassInfo {
    id: &'static str,
    title: &'static str,
    description: &'static str,
    statuses: &'static [u16],
    causes: &'static [&'static str],
    solutions: &'static [&'static str],
    fields: &'static [&'static str],
    retry: RetryPolicy,
    grpc: Option<GrpcCode>,
    when: &'static [Condition],
}

/// A test that puts a response in a class whatever its status (README rule
/// 5): at one of `statuses` (any when empty), the combined value of `header`
/// or the string at the body location `body` equals `equals`.
struct Condition {
    statuses: &'static [u16],
    header: Option<&'static str>,
    body: Option<&'static str>,
    equals: &'static str,
}

/// One entry per variant, in variant order.
#[rustfmt::skip]
static CLASSES: [ClassInfo; {{ v.classes.len() }}] = [
{%- for c in v.classes %}
    ClassInfo {
        id: {{ c.id }},
        title: {{ c.title }},
        description: {{ c.description }},
        statuses: {{ c.statuses }},
        causes: {{ c.causes }},
        solutions: {{ c.solutions }},
        fields: {{ c.fields }},
        retry: {{ c.retry }},
        grpc: {{ c.grpc }},
{%- if c.when.is_empty() %}
        when: &[],
{%- else %}
        when: &[
{%- for w in c.when %}
            {{ w }},
{%- endfor %}
        ],
{%- endif %}
    },
{%- endfor %}
];

/// Statuses some class lists, sorted, with their class.
#[rustfmt::skip]
static BY_STATUS: [(u16, ErrorClass); {{ v.statuses.len() }}] = [
{%- for (status, variant) in v.statuses %}
    ({{ status }}, ErrorClass::{{ variant }}),
{%- endfor %}
];

#[rustfmt::skip]
const FALLBACK_4XX: Option<ErrorClass> = {{ v.fallback_4xx }};
#[rustfmt::skip]
const FALLBACK_5XX: Option<ErrorClass> = {{ v.fallback_5xx }};

#[rustfmt::skip]
impl ErrorClass {
    /// Every class, in the catalog's order.
    pub const ALL: [ErrorClass; {{ v.classes.len() }}] = [
{%- for c in v.classes %}
        ErrorClass::{{ c.variant }},
{%- endfor %}
    ];
}

impl ErrorClass {
    fn info(self) -> &'static ClassInfo {
        &CLASSES[self as usize]
    }

    /// The class of an HTTP status: the class listing it, else the class that
    /// is the fallback for its range (4xx, 5xx), else none.
    pub fn from_status(status: u16) -> Option<ErrorClass> {
        match BY_STATUS.binary_search_by_key(&status, |(s, _)| *s) {
            Ok(i) => Some(BY_STATUS[i].1),
            Err(_) => match status {
                400..=499 => FALLBACK_4XX,
                500..=599 => FALLBACK_5XX,
                _ => None,
            },
        }
    }

    /// The first class (in catalog order) one of whose conditions holds for
    /// a response with `status`, given its combined header values by lower
    /// case name and the strings at body locations (README rule 5).
    pub(crate) fn matching<'a>(
        status: u16,
        header: impl Fn(&str) -> Option<&'a str>,
        body: impl Fn(&str) -> Option<&'a str>,
    ) -> Option<ErrorClass> {
        ErrorClass::ALL.into_iter().find(|class| {
            class.info().when.iter().any(|condition| {
                let value = match (condition.header, condition.body) {
                    (Some(name), _) => header(name),
                    (None, Some(location)) => body(location),
                    (None, None) => None,
                };
                (condition.statuses.is_empty() || condition.statuses.contains(&status))
                    && value == Some(condition.equals)
            })
        })
    }

    /// The class's id in the catalog, e.g. `rate_limit`.
    pub fn id(self) -> &'static str {
        self.info().id
    }

    /// A short title, e.g. `Rate limit exceeded`.
    pub fn title(self) -> &'static str {
        self.info().title
    }

    /// What the class means.
    pub fn description(self) -> &'static str {
        self.info().description
    }

    /// The HTTP statuses the class covers.
    pub fn statuses(self) -> &'static [u16] {
        self.info().statuses
    }

    /// Typical causes.
    pub fn causes(self) -> &'static [&'static str] {
        self.info().causes
    }

    /// What to do about it.
    pub fn solutions(self) -> &'static [&'static str] {
        self.info().solutions
    }

    /// Context fields its errors carry (wire names).
    pub fn fields(self) -> &'static [&'static str] {
        self.info().fields
    }

    /// How its errors are retried, unless their code says otherwise.
    pub fn retry_policy(self) -> RetryPolicy {
        self.info().retry
    }

    /// The class's own gRPC code, if the catalog gives one; otherwise its
    /// errors map by their HTTP status (README rule 17).
    pub fn grpc(self) -> Option<GrpcCode> {
        self.info().grpc
    }
}

