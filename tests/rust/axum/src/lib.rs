//! An axum server whose error responses come from the catalog.

use axum::body::Body;
use axum::http::{HeaderMap, Response, StatusCode};
use axum::routing::post;
use axum::Router;
use novita_errors::server::{ErrorResponse, InvalidApiKey, Options};

/// An `ErrorResponse` as an axum response: its status, headers and body.
pub fn into_axum(error: ErrorResponse) -> Response<Body> {
    let mut response = Response::builder().status(StatusCode::from_u16(error.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR));
    for (name, value) in &error.headers {
        response = response.header(name, value);
    }
    response.body(Body::from(error.body)).expect("catalog headers are valid")
}

async fn generate(headers: HeaderMap) -> Response<Body> {
    let request_id = headers.get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_owned);
    if headers.get("authorization").is_none() {
        return into_axum(InvalidApiKey::default().response_with(&Options { request_id, retry_after: None }));
    }
    Response::new(Body::from("{}"))
}

/// The API's routes.
pub fn app() -> Router {
    Router::new().route("/v1/images", post(generate))
}
