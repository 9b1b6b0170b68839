//! The webhook endpoints as the API documents them, over in-memory state per profile, with the
//! API's error answers: 401, 403, 400, 404, 405 and 429.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use ayrshare_webhooks::{Action, sign_delivery};
use serde_json::{Map, Value, json};

use crate::config::MockConfig;
use crate::deliveries::Deliveries;
use crate::http::{Handler, Request, Response};
use crate::samples::{SampleContext, sample_delivery};
use crate::{admin, outbox, time};

/// For this long after a rotation, deliveries are signed with the new and the previous secret.
pub(crate) const ROTATION_GRACE: Duration = Duration::from_secs(24 * 60 * 60);

/// A profile as the requests name it: its key, or `None` for the Primary Profile.
pub(crate) type ProfileId = Option<String>;

/// What one profile has registered.
#[derive(Default)]
struct Profile {
    webhooks: BTreeMap<&'static str, String>,
    secret: Option<String>,
    /// The secret before the last rotation, and when that rotation happened.
    previous: Option<(String, Instant)>,
}

impl Profile {
    /// The secrets that sign a delivery now: the current one, then the previous one during a
    /// rotation's grace window.
    fn signing_secrets(&self) -> Vec<String> {
        let mut secrets: Vec<String> = self.secret.iter().cloned().collect();
        if let Some((previous, at)) = &self.previous {
            if !secrets.is_empty() && at.elapsed() < ROTATION_GRACE {
                secrets.push(previous.clone());
            }
        }
        secrets
    }
}

/// The requests one profile made, per operation.
#[derive(Default, Clone, Copy)]
pub(crate) struct Counts {
    register: u64,
    list: u64,
    unregister: u64,
    rotate: u64,
    other: u64,
}

impl Counts {
    fn total(&self) -> u64 {
        self.register + self.list + self.unregister + self.rotate + self.other
    }

    pub(crate) fn to_json(self) -> Value {
        json!({
            "total": self.total(),
            "register": self.register,
            "list": self.list,
            "unregister": self.unregister,
            "rotate": self.rotate,
            "other": self.other,
        })
    }
}

/// What a delivery of one action to one profile needs, read from the state at one moment.
pub(crate) struct DeliveryTarget {
    pub url: String,
    pub ref_id: String,
    pub secrets: Vec<String>,
}

/// The mock API: configuration, state, counters and the deliveries it sent.
pub(crate) struct Api {
    config: MockConfig,
    profiles: Mutex<HashMap<ProfileId, Profile>>,
    counts: Mutex<HashMap<ProfileId, Counts>>,
    connections: AtomicU64,
    pub(crate) deliveries: Deliveries,
}

impl Handler for Api {
    fn handle(&self, request: &Request) -> Response {
        if request.path.starts_with("/_mock/") {
            return admin::handle(self, request);
        }
        // Counted on arrival, before the latency, so a test can see a request is in flight.
        let (profile, operation, used) = self.receive(request);
        std::thread::sleep(self.config.latency);
        self.answer(request, &profile, operation, used)
    }

    fn count_connection(&self) {
        self.connections.fetch_add(1, Ordering::Relaxed);
    }
}

impl Api {
    pub(crate) fn new(config: MockConfig) -> Api {
        let deliveries = Deliveries::new(&config);
        Api {
            config,
            profiles: Mutex::new(HashMap::new()),
            counts: Mutex::new(HashMap::new()),
            connections: AtomicU64::new(0),
            deliveries,
        }
    }

    pub(crate) fn config(&self) -> &MockConfig {
        &self.config
    }

    /// Connections accepted so far.
    pub(crate) fn connections(&self) -> u64 {
        self.connections.load(Ordering::Relaxed)
    }

    /// A copy of the request counters, per profile.
    pub(crate) fn counts(&self) -> HashMap<ProfileId, Counts> {
        self.counts.lock().expect("counts lock").clone()
    }

    /// Where a delivery of `action` to `profile` goes, or `None` when nothing is registered.
    pub(crate) fn delivery_target(
        &self,
        profile: &ProfileId,
        action: Action,
    ) -> Option<DeliveryTarget> {
        let profiles = self.profiles.lock().expect("state lock");
        let entry = profiles.get(profile)?;
        Some(DeliveryTarget {
            url: entry.webhooks.get(action.as_str())?.clone(),
            ref_id: self.ref_id(profile),
            secrets: entry.signing_secrets(),
        })
    }

    /// Counts one request to the API (not `/_mock`): its profile, its operation and how many
    /// requests that profile has made, this one included.
    fn receive(&self, request: &Request) -> (ProfileId, Option<Operation>, u64) {
        let profile: ProfileId = request.header("profile-key").map(str::to_owned);
        let operation = match (request.method.as_str(), request.path.as_str()) {
            ("POST", "/api/hook/webhook") => Some(Operation::Register),
            ("GET", "/api/hook/webhook") => Some(Operation::List),
            ("DELETE", "/api/hook/webhook") => Some(Operation::Unregister),
            ("POST", "/api/hook/webhook/secret") => Some(Operation::Rotate),
            _ => None,
        };
        let used = self.count(&profile, operation);
        (profile, operation, used)
    }

    /// Answers one counted request to the API: checks the keys and the budget, then routes it.
    fn answer(
        &self,
        request: &Request,
        profile: &ProfileId,
        operation: Option<Operation>,
        used: u64,
    ) -> Response {
        let mut response =
            self.check_keys(request, profile)
                .unwrap_or_else(|| match self.config.request_budget {
                    Some(budget) if used > budget => self.rate_limited(),
                    _ => self.route(operation, profile, request),
                });
        if let Some(budget) = self.config.request_budget {
            response
                .headers
                .push(("x-ratelimit-max", budget.to_string()));
            response
                .headers
                .push(("x-ratelimit-count", used.to_string()));
        }
        response
    }

    /// Counts a request for `profile`; returns how many that profile has made, this one included.
    fn count(&self, profile: &ProfileId, operation: Option<Operation>) -> u64 {
        let mut counts = self.counts.lock().expect("counts lock");
        let entry = counts.entry(profile.clone()).or_default();
        match operation {
            Some(Operation::Register) => entry.register += 1,
            Some(Operation::List) => entry.list += 1,
            Some(Operation::Unregister) => entry.unregister += 1,
            Some(Operation::Rotate) => entry.rotate += 1,
            None => entry.other += 1,
        }
        entry.total()
    }

    /// The 401 or 403 a request gets for its keys, if any.
    fn check_keys(&self, request: &Request, profile: &ProfileId) -> Option<Response> {
        let key = request
            .header("authorization")
            .and_then(|v| v.strip_prefix("Bearer "));
        match key {
            Some(key) if key == self.config.api_key => {}
            Some(key)
                if self
                    .config
                    .plan_without_webhooks_keys
                    .iter()
                    .any(|k| k == key) =>
            {
                return Some(error(
                    403,
                    None,
                    "Webhooks are available on the Premium, Business and Enterprise plans.",
                ));
            }
            _ => {
                return Some(error(
                    401,
                    Some(102),
                    "API Key not valid. Please verify your API Key.",
                ));
            }
        }
        let known = match (&self.config.profile_keys, profile) {
            (Some(keys), Some(profile)) => keys.iter().any(|k| k == profile),
            _ => true,
        };
        // The API's code for an unknown profile key is unconfirmed; the status is 403.
        (!known).then(|| error(403, None, "Profile Key not valid."))
    }

    fn rate_limited(&self) -> Response {
        let mut response = error(429, None, "Too many requests. Please wait and try again.");
        if let Some(seconds) = self.config.retry_after {
            response.headers.push(("retry-after", seconds.to_string()));
        }
        response
    }

    fn route(
        &self,
        operation: Option<Operation>,
        profile: &ProfileId,
        request: &Request,
    ) -> Response {
        match operation {
            Some(Operation::Register) => self.register(profile, request),
            Some(Operation::List) => self.list(profile),
            Some(Operation::Unregister) => self.unregister(profile, request),
            Some(Operation::Rotate) => self.rotate(profile, request),
            None if matches!(
                request.path.as_str(),
                "/api/hook/webhook" | "/api/hook/webhook/secret"
            ) =>
            {
                error(405, None, "Method not allowed.")
            }
            None => error(404, None, "Not found."),
        }
    }

    fn register(&self, profile: &ProfileId, request: &Request) -> Response {
        let Some(body) = json_object(request) else {
            return missing("the body must be a JSON object");
        };
        let Some(action) = known_action(&body) else {
            return missing("action");
        };
        let Some(url) = body
            .get("url")
            .and_then(Value::as_str)
            .filter(|u| !u.is_empty())
        else {
            return missing("url");
        };
        if !url.starts_with("https://") {
            return error(400, Some(101), "The webhook URL must begin with https://.");
        }
        let secret = body.get("secret").and_then(Value::as_str);
        let ref_id = self.ref_id(profile);
        let mut profiles = self.profiles.lock().expect("state lock");
        let entry = profiles.entry(profile.clone()).or_default();
        entry.webhooks.insert(action.as_str(), url.to_owned());
        if let Some(secret) = secret.filter(|s| !s.is_empty()) {
            // A registration's secret replaces the profile's at once; only a rotation opens
            // the grace window.
            entry.secret = Some(secret.to_owned());
        }
        if let Some(dir) = &self.config.outbox {
            self.write_outbox(dir, profile, action, url, &ref_id, &entry.signing_secrets());
        }
        ok(json!({"status": "success", "action": action.as_str(), "url": url, "refId": ref_id}))
    }

    /// Writes the signed delivery of `action` the mock would send (nothing without a secret).
    fn write_outbox(
        &self,
        dir: &std::path::Path,
        profile: &ProfileId,
        action: Action,
        url: &str,
        ref_id: &str,
        secrets: &[String],
    ) {
        if secrets.is_empty() {
            return;
        }
        let now = time::unix_now();
        let hook_id = format!("mock-outbox-{}", action.as_str());
        let created = time::iso8601(now);
        let context = SampleContext {
            ref_id,
            url,
            hook_id: &hook_id,
            created: &created,
        };
        let body = sample_delivery(action, &context);
        let written = sign_delivery(secrets, &body, now)
            .map_err(|e| e.to_string())
            .and_then(|headers| {
                outbox::write_delivery(
                    dir,
                    profile.as_deref(),
                    action.as_str(),
                    &body,
                    &headers.pairs(),
                )
                .map_err(|e| e.to_string())
            });
        if let Err(e) = written {
            eprintln!("ayrshare-webhooks-mock: cannot write the outbox: {e}");
        }
    }

    fn list(&self, profile: &ProfileId) -> Response {
        let profiles = self.profiles.lock().expect("state lock");
        let mut answer = Map::new();
        answer.insert("status".into(), "success".into());
        if let Some(entry) = profiles.get(profile) {
            for (action, url) in &entry.webhooks {
                answer.insert((*action).to_owned(), url.clone().into());
            }
        }
        ok(Value::Object(answer))
    }

    fn unregister(&self, profile: &ProfileId, request: &Request) -> Response {
        let Some(action) = json_object(request).as_ref().and_then(known_action) else {
            return missing("action");
        };
        let mut profiles = self.profiles.lock().expect("state lock");
        let removed = profiles
            .get_mut(profile)
            .and_then(|entry| entry.webhooks.remove(action.as_str()));
        match removed {
            Some(_) => ok(json!({
                "status": "success",
                "action": action.as_str(),
                "refId": self.ref_id(profile),
            })),
            None => error(404, None, "No webhook is registered for this action."),
        }
    }

    fn rotate(&self, profile: &ProfileId, request: &Request) -> Response {
        let body = json_object(request);
        let Some(secret) = body
            .as_ref()
            .and_then(|b| b.get("secret"))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
        else {
            return missing("secret");
        };
        let mut profiles = self.profiles.lock().expect("state lock");
        let entry = profiles.entry(profile.clone()).or_default();
        if let Some(old) = entry.secret.replace(secret.to_owned()) {
            entry.previous = Some((old, Instant::now()));
        }
        ok(json!({"status": "success", "action": "webhook", "refId": self.ref_id(profile)}))
    }

    /// A stable Ref Id per profile, as Ayrshare gives one per User Profile: 20 hex digits of
    /// an FNV-1a hash of the profile key (or of the API key, for the Primary Profile).
    fn ref_id(&self, profile: &ProfileId) -> String {
        let seed = profile.as_deref().unwrap_or(&self.config.api_key);
        let hash = |salt: u8| {
            seed.bytes()
                .chain([salt])
                .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                    (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
                })
        };
        format!("{:016x}{:04x}", hash(0), hash(1) & 0xffff)
    }
}

/// The four operations, as the counters name them.
#[derive(Clone, Copy)]
enum Operation {
    Register,
    List,
    Unregister,
    Rotate,
}

fn json_object(request: &Request) -> Option<Map<String, Value>> {
    match serde_json::from_slice(&request.body) {
        Ok(Value::Object(object)) => Some(object),
        _ => None,
    }
}

fn known_action(body: &Map<String, Value>) -> Option<Action> {
    body.get("action")?.as_str()?.parse().ok()
}

pub(crate) fn ok(body: Value) -> Response {
    Response {
        status: 200,
        headers: Vec::new(),
        body: body.to_string(),
    }
}

/// The API's error body; `code` is Ayrshare's numeric code where it is known.
pub(crate) fn error(status: u16, code: Option<i64>, message: &str) -> Response {
    let mut body = json!({"status": "error", "message": message});
    if let Some(code) = code {
        body["code"] = code.into();
    }
    Response {
        status,
        headers: Vec::new(),
        body: body.to_string(),
    }
}

/// HTTP 400, code 101: a missing or incorrect parameter.
fn missing(parameter: &str) -> Response {
    error(
        400,
        Some(101),
        &format!("Missing or incorrect parameters: {parameter}."),
    )
}
