//! Problem Shop's samples: RFC 9457 problem details whose `type` URI is the
//! code.

use problems_errors::{messages, ApiError, Code, ErrorClass};

fn error(status: u16, body: &str) -> ApiError {
    ApiError::from_parts(
        status,
        [("content-type", "application/problem+json")],
        body.as_bytes(),
    )
}

#[test]
fn the_rfc_9457_example() {
    let err = error(
        403,
        r#"{"type": "https://api.shop.example/problems/out-of-credit",
            "title": "You do not have enough credit.", "status": 403,
            "detail": "Your current balance is 30, but that costs 50.",
            "instance": "/account/12345/msgs/abc", "balance": 30, "cost": 50}"#,
    );
    assert_eq!(err.code(), Some(&Code::OutOfCredit));
    assert_eq!(
        err.code().unwrap().as_str(),
        "https://api.shop.example/problems/out-of-credit"
    );
    assert_eq!(err.class(), Some(ErrorClass::Forbidden));
    assert_eq!(
        err.message(),
        "Your current balance is 30, but that costs 50."
    );
    assert_eq!(err.request_id(), Some("/account/12345/msgs/abc"));
    assert_eq!(
        (err.context().balance, err.context().cost),
        (Some(30), Some(50))
    );
    assert_eq!(messages::out_of_credit(30, 50), err.message());
}

#[test]
fn without_detail_the_title_then_the_template() {
    let err = error(
        403,
        r#"{"type": "https://api.shop.example/problems/out-of-credit", "title": "Not enough credit", "balance": 30, "cost": 50}"#,
    );
    assert_eq!(err.message(), "Not enough credit");
    let err = error(
        403,
        r#"{"type": "https://api.shop.example/problems/out-of-credit", "balance": 30, "cost": 50}"#,
    );
    assert_eq!(
        err.message(),
        "Your current balance is 30, but that costs 50."
    );
    let err = error(
        403,
        r#"{"type": "https://api.shop.example/problems/out-of-credit", "balance": -5}"#,
    );
    assert_eq!(
        err.message(),
        "Your current balance is -5, but that costs <cost>."
    );
}

#[test]
fn about_blank_is_no_code() {
    for body in [
        r#"{"type": "about:blank", "title": "Not Found", "status": 404}"#,
        r#"{"title": "Not Found", "status": 404}"#,
    ] {
        let err = error(404, body);
        assert_eq!(err.code(), None, "{body}");
        assert_eq!(err.class(), Some(ErrorClass::NotFound));
        assert_eq!(err.message(), "Not Found");
    }
    let err = error(
        404,
        r#"{"type": "https://api.shop.example/problems/brand-new"}"#,
    );
    assert_eq!(
        err.code(),
        Some(&Code::Unknown(
            "https://api.shop.example/problems/brand-new".to_owned()
        ))
    );
}

#[test]
fn validation_problems_list_each_member() {
    let err = error(
        422,
        r##"{"type": "https://api.shop.example/problems/validation-error", "title": "Your request is not valid.",
             "errors": [{"detail": "must be a positive integer", "pointer": "#/age"},
                        {"detail": "must be 'green', 'red' or 'blue'", "pointer": "#/profile/color"}]}"##,
    );
    assert_eq!(err.code(), Some(&Code::ValidationError));
    assert_eq!(err.class(), Some(ErrorClass::BadRequest));
    let parts: Vec<(Option<&str>, Option<&str>)> = err
        .items()
        .iter()
        .map(|i| (i.message.as_deref(), i.location.as_deref()))
        .collect();
    assert_eq!(
        parts,
        [
            (Some("must be a positive integer"), Some("#/age")),
            (
                Some("must be 'green', 'red' or 'blue'"),
                Some("#/profile/color")
            )
        ]
    );
    assert!(err
        .items()
        .iter()
        .all(|i| i.code.is_none() && i.field.is_none()));
}
