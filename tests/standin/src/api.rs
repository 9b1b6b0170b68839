//! The webhook endpoints, as the API documents them, over in-memory state.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Value, json};

use crate::http::{Request, Response};
use crate::outbox;

const ACTIONS: [&str; 6] = [
    "feed",
    "social",
    "scheduled",
    "batch",
    "messages",
    "accountActivity",
];

/// What one profile (or the Primary Profile, key `None`) has registered.
#[derive(Default)]
struct Profile {
    webhooks: BTreeMap<String, String>,
    secret: Option<String>,
}

/// The stand-in API.
pub struct Api {
    api_key: String,
    outbox: Option<PathBuf>,
    profiles: Mutex<HashMap<Option<String>, Profile>>,
    connections: AtomicU64,
    requests: AtomicU64,
}

impl Api {
    pub fn new(api_key: String, outbox: Option<PathBuf>) -> Api {
        Api {
            api_key,
            outbox,
            profiles: Mutex::new(HashMap::new()),
            connections: AtomicU64::new(0),
            requests: AtomicU64::new(0),
        }
    }

    pub fn count_connection(&self) {
        self.connections.fetch_add(1, Ordering::Relaxed);
    }

    /// Answers one request.
    pub fn handle(&self, request: &Request) -> Response {
        if request.path == "/api/_standin/stats" {
            return ok(json!({
                "connections": self.connections.load(Ordering::Relaxed),
                "requests": self.requests.load(Ordering::Relaxed),
            }));
        }
        self.requests.fetch_add(1, Ordering::Relaxed);
        let expected = format!("Bearer {}", self.api_key);
        if request.header("authorization") != Some(expected.as_str()) {
            return error(401, 102, "API Key not valid. Please verify your API Key.");
        }
        let profile = request.header("profile-key").map(str::to_owned);
        match (request.method.as_str(), request.path.as_str()) {
            ("POST", "/api/hook/webhook") => self.register(profile, request),
            ("GET", "/api/hook/webhook") => self.list(profile),
            ("DELETE", "/api/hook/webhook") => self.unregister(profile, request),
            ("POST", "/api/hook/webhook/secret") => self.rotate(profile, request),
            (_, "/api/hook/webhook" | "/api/hook/webhook/secret") => {
                error(405, 199, "Method not allowed")
            }
            _ => error(404, 404, "Not found"),
        }
    }

    fn register(&self, profile: Option<String>, request: &Request) -> Response {
        let Some(body) = json_object(request) else {
            return error(
                400,
                101,
                "Missing or incorrect parameters. The body must be JSON.",
            );
        };
        let Some(action) = known_action(&body) else {
            return error(400, 101, "Missing or incorrect parameters: unknown action.");
        };
        let Some(url) = body.get("url").and_then(Value::as_str) else {
            return error(400, 101, "Missing or incorrect parameters: url.");
        };
        if !url.starts_with("https://") {
            return error(400, 272, "The webhook URL must begin with https://.");
        }
        let ref_id = ref_id(&profile, &self.api_key);
        let mut profiles = self.profiles.lock().expect("state lock");
        let entry = profiles.entry(profile.clone()).or_default();
        entry.webhooks.insert(action.to_owned(), url.to_owned());
        if let Some(secret) = body.get("secret").and_then(Value::as_str) {
            entry.secret = Some(secret.to_owned());
        }
        if let (Some(dir), Some(secret)) = (&self.outbox, &entry.secret) {
            let written =
                outbox::write_delivery(dir, profile.as_deref(), action, url, &ref_id, secret);
            if let Err(e) = written {
                eprintln!("ayrshare-standin: cannot write the outbox: {e}");
            }
        }
        ok(json!({"status": "success", "action": action, "url": url, "refId": ref_id}))
    }

    fn list(&self, profile: Option<String>) -> Response {
        let profiles = self.profiles.lock().expect("state lock");
        let mut answer = serde_json::Map::new();
        answer.insert("status".into(), "success".into());
        if let Some(entry) = profiles.get(&profile) {
            for (action, url) in &entry.webhooks {
                answer.insert(action.clone(), url.clone().into());
            }
        }
        ok(Value::Object(answer))
    }

    fn unregister(&self, profile: Option<String>, request: &Request) -> Response {
        let Some(action) = json_object(request).as_ref().and_then(known_action) else {
            return error(400, 101, "Missing or incorrect parameters: unknown action.");
        };
        let mut profiles = self.profiles.lock().expect("state lock");
        let removed = profiles
            .get_mut(&profile)
            .and_then(|entry| entry.webhooks.remove(action));
        match removed {
            Some(_) => ok(json!({"status": "success", "action": action})),
            None => error(404, 181, "No webhook is registered for this action."),
        }
    }

    fn rotate(&self, profile: Option<String>, request: &Request) -> Response {
        let body = json_object(request);
        let Some(secret) = body
            .as_ref()
            .and_then(|b| b.get("secret"))
            .and_then(Value::as_str)
        else {
            return error(400, 101, "Missing or incorrect parameters: secret.");
        };
        let mut profiles = self.profiles.lock().expect("state lock");
        profiles.entry(profile.clone()).or_default().secret = Some(secret.to_owned());
        ok(
            json!({"status": "success", "action": "webhook", "refId": ref_id(&profile, &self.api_key)}),
        )
    }
}

fn json_object(request: &Request) -> Option<serde_json::Map<String, Value>> {
    match serde_json::from_slice(&request.body) {
        Ok(Value::Object(object)) => Some(object),
        _ => None,
    }
}

fn known_action(body: &serde_json::Map<String, Value>) -> Option<&'static str> {
    let name = body.get("action")?.as_str()?;
    ACTIONS.into_iter().find(|a| *a == name)
}

/// A stable Ref Id per profile, as Ayrshare gives one per User Profile.
fn ref_id(profile: &Option<String>, api_key: &str) -> String {
    let seed = profile.as_deref().unwrap_or(api_key);
    let digest = ring::digest::digest(&ring::digest::SHA256, seed.as_bytes());
    digest.as_ref()[..10]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn ok(body: Value) -> Response {
    Response {
        status: 200,
        body: body.to_string(),
    }
}

fn error(status: u16, code: i64, message: &str) -> Response {
    Response {
        status,
        body: json!({"status": "error", "code": code, "message": message}).to_string(),
    }
}
