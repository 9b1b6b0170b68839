//! Deliveries on demand: a signed sample delivery POSTed to the registered URL, retried as
//! Ayrshare retries, every attempt recorded for the test to read.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use ayrshare_webhooks::{Action, sign_delivery};
use serde_json::{Value, json};

use crate::api::{DeliveryTarget, ProfileId};
use crate::config::MockConfig;
use crate::post::{Attempt, DeliveryClient, loopback_over_http};
use crate::samples::{SampleContext, sample_delivery};
use crate::time;

/// Where a delivery stands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Pending,
    Delivered,
    Failed,
}

/// One delivery and its attempts so far.
struct Record {
    id: u64,
    action: Action,
    profile: ProfileId,
    url: String,
    hook_id: String,
    signed: bool,
    state: State,
    attempts: Vec<Attempt>,
}

impl Record {
    fn to_json(&self) -> Value {
        let attempts: Vec<Value> = self
            .attempts
            .iter()
            .enumerate()
            .map(|(n, a)| {
                json!({
                    "attempt": n + 1,
                    "status": a.status,
                    "error": a.error,
                    "answer": a.answer,
                    "elapsedMs": a.elapsed.as_millis() as u64,
                })
            })
            .collect();
        json!({
            "id": self.id,
            "action": self.action.as_str(),
            "profile": self.profile,
            "url": self.url,
            "hookId": self.hook_id,
            "signed": self.signed,
            "state": match self.state {
                State::Pending => "pending",
                State::Delivered => "delivered",
                State::Failed => "failed",
            },
            "attempts": attempts,
        })
    }
}

/// Every delivery the mock made, and how it makes them.
pub(crate) struct Deliveries {
    records: Arc<Mutex<Vec<Record>>>,
    client: DeliveryClient,
    retry_delays: Vec<Duration>,
    deliver_over_http: bool,
}

/// What one delivery sends, fixed when it is scheduled (retries resend the same body and
/// `hookId`; each attempt is signed with a fresh timestamp).
struct Job {
    index: usize,
    url: String,
    body: Vec<u8>,
    secrets: Vec<String>,
}

impl Deliveries {
    pub(crate) fn new(config: &MockConfig) -> Deliveries {
        Deliveries {
            records: Arc::new(Mutex::new(Vec::new())),
            client: DeliveryClient::new(config.delivery_timeout),
            retry_delays: config.retry_delays.clone(),
            deliver_over_http: config.deliver_over_http,
        }
    }

    /// Every delivery so far, oldest first, as JSON.
    pub(crate) fn to_json(&self) -> Value {
        let records = self.records.lock().expect("deliveries lock");
        Value::Array(records.iter().map(Record::to_json).collect())
    }

    /// Records a delivery of `action` to `target` and makes it: in the background, or before
    /// returning when `wait` is set. Returns the record as JSON (final when `wait` is set).
    pub(crate) fn start(
        &self,
        action: Action,
        profile: ProfileId,
        target: DeliveryTarget,
        wait: bool,
    ) -> Value {
        let url = match self.deliver_over_http {
            true => loopback_over_http(&target.url).unwrap_or_else(|| target.url.clone()),
            false => target.url.clone(),
        };
        let (job, snapshot) = {
            let mut records = self.records.lock().expect("deliveries lock");
            let id = records.len() as u64 + 1;
            let hook_id = format!("mock-hook-{id}");
            let created = time::iso8601(time::unix_now());
            let body = sample_delivery(
                action,
                &SampleContext {
                    ref_id: &target.ref_id,
                    url: &target.url,
                    hook_id: &hook_id,
                    created: &created,
                },
            );
            let record = Record {
                id,
                action,
                profile,
                url: url.clone(),
                hook_id,
                signed: !target.secrets.is_empty(),
                state: State::Pending,
                attempts: Vec::new(),
            };
            let snapshot = record.to_json();
            records.push(record);
            let job = Job {
                index: records.len() - 1,
                url,
                body,
                secrets: target.secrets,
            };
            (job, snapshot)
        };
        let worker = Worker {
            records: Arc::clone(&self.records),
            client: self.client.clone(),
            retry_delays: self.retry_delays.clone(),
        };
        if wait {
            worker.run(&job);
            self.records.lock().expect("deliveries lock")[job.index].to_json()
        } else {
            std::thread::spawn(move || worker.run(&job));
            snapshot
        }
    }
}

/// What a delivery's thread needs.
struct Worker {
    records: Arc<Mutex<Vec<Record>>>,
    client: DeliveryClient,
    retry_delays: Vec<Duration>,
}

impl Worker {
    /// Attempts the delivery, then once after each retry delay until the receiver accepts it.
    fn run(&self, job: &Job) {
        let attempts = 1 + self.retry_delays.len();
        let waits = std::iter::once(Duration::ZERO).chain(self.retry_delays.iter().copied());
        for (n, wait) in waits.enumerate() {
            std::thread::sleep(wait);
            let attempt = self.attempt(job);
            let accepted = attempt.accepted();
            let mut records = self.records.lock().expect("deliveries lock");
            let record = &mut records[job.index];
            record.attempts.push(attempt);
            if accepted {
                record.state = State::Delivered;
                return;
            }
            if n + 1 == attempts {
                record.state = State::Failed;
            }
        }
    }

    fn attempt(&self, job: &Job) -> Attempt {
        if job.secrets.is_empty() {
            return self.client.post(&job.url, &job.body, &[]);
        }
        match sign_delivery(&job.secrets, &job.body, time::unix_now()) {
            Ok(headers) => self.client.post(&job.url, &job.body, &headers.pairs()),
            // The API accepted the secret, so the core's rules can only refuse it if they are
            // stricter than the API's; say so rather than send unsigned.
            Err(error) => Attempt {
                status: None,
                error: Some(format!("cannot sign: {error}")),
                answer: String::new(),
                elapsed: Duration::ZERO,
            },
        }
    }
}
