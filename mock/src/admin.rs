//! The mock's own endpoints under `/_mock/`, for tests: request counts and deliveries.

use ayrshare_webhooks::Action;
use serde_json::{Map, Value, json};

use crate::api::{Api, ProfileId, error, ok};
use crate::http::{Request, Response};

/// Answers a request under `/_mock/`.
pub(crate) fn handle(api: &Api, request: &Request) -> Response {
    match (request.method.as_str(), request.path.as_str()) {
        ("GET", "/_mock/requests") => requests(api),
        ("GET", "/_mock/deliveries") => ok(json!({"deliveries": api.deliveries.to_json()})),
        ("POST", "/_mock/deliveries") => deliver(api, request),
        (_, "/_mock/requests" | "/_mock/deliveries") => error(405, None, "Method not allowed."),
        _ => error(404, None, "Not found."),
    }
}

/// `{"connections": n, "primary": {counts}, "profiles": {"KEY": {counts}, ...}}`.
fn requests(api: &Api) -> Response {
    let mut primary = Value::Null;
    let mut profiles = Map::new();
    for (profile, counts) in api.counts() {
        match profile {
            Some(key) => {
                profiles.insert(key, counts.to_json());
            }
            None => primary = counts.to_json(),
        }
    }
    profiles.sort_keys();
    ok(json!({
        "connections": api.connections(),
        "primary": primary,
        "profiles": profiles,
    }))
}

/// `POST /_mock/deliveries {"action", "profile"?, "wait"?}`: sends a sample delivery of
/// `action` to the URL `profile` (the Primary Profile when absent or null) registered for it.
/// Answers 202 with the delivery's record, or 200 with its final record when `wait` is true;
/// 400 for a bad body, 404 when nothing is registered for that action.
fn deliver(api: &Api, request: &Request) -> Response {
    let body: Map<String, Value> = match serde_json::from_slice(&request.body) {
        Ok(Value::Object(body)) => body,
        _ => return error(400, Some(101), "The body must be a JSON object."),
    };
    let Some(action) = body
        .get("action")
        .and_then(Value::as_str)
        .and_then(|a| a.parse::<Action>().ok())
    else {
        return error(400, Some(101), "Missing or incorrect parameters: action.");
    };
    let profile: ProfileId = match body.get("profile") {
        None | Some(Value::Null) => None,
        Some(Value::String(key)) => Some(key.clone()),
        Some(_) => return error(400, Some(101), "`profile` must be a string or null."),
    };
    let wait = body.get("wait").and_then(Value::as_bool).unwrap_or(false);
    let Some(target) = api.delivery_target(&profile, action) else {
        return error(
            404,
            None,
            "No webhook is registered for this action and profile.",
        );
    };
    let record = api.deliveries.start(action, profile, target, wait);
    let mut response = ok(record);
    if !wait {
        response.status = 202;
    }
    response
}
