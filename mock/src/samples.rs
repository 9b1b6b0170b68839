//! Sample delivery bodies, one per action, shaped like the samples in Ayrshare's documentation
//! (without their `//` comments, so they are valid JSON). The mock sends them, writes them to
//! its outbox, and the CLI's `send-test` posts them.

use ayrshare_webhooks::Action;
use serde_json::{Value, json};

/// The values a sample delivery carries that depend on who it is for and when.
#[derive(Debug, Clone, Copy)]
pub struct SampleContext<'a> {
    /// `refId`: the Ref Id of the User Profile.
    pub ref_id: &'a str,
    /// The webhook URL the delivery goes to (`scheduled` deliveries echo it in `url`).
    pub url: &'a str,
    /// `hookId`: the delivery's id, the same on every retry of one delivery.
    pub hook_id: &'a str,
    /// `created`: when the event happened, ISO 8601.
    pub created: &'a str,
}

/// The JSON body of a sample delivery of `action`, as the bytes that are sent (and signed).
///
/// - `scheduled`: a post published on X (`subAction` `postPublished`, `postIds`, `errors`).
/// - `social`: a LinkedIn account linked by the user (`type` `link`, `source` `user`).
/// - `messages`: a direct message received on Instagram (`subAction` `messageCreated`).
/// - `accountActivity`: an X direct-message event.
/// - `feed`, `batch`: Ayrshare publishes no sample; these carry the common fields only.
///
/// Every sample has the common fields `action`, `created`, `code`, `refId`, `hookId` and
/// `status`. (Ayrshare's published `scheduled` sample has no `hookId`; it is included here
/// because `hookId` is what receivers deduplicate on.)
pub fn sample_delivery(action: Action, context: &SampleContext<'_>) -> Vec<u8> {
    let mut body = json!({
        "action": action.as_str(),
        "created": context.created,
        "code": 200,
        "refId": context.ref_id,
        "hookId": context.hook_id,
        "status": "success",
    });
    let extra = details(action, context);
    if let (Value::Object(body), Value::Object(extra)) = (&mut body, extra) {
        body.extend(extra);
    }
    body.to_string().into_bytes()
}

#[allow(deprecated)] // Action::AccountActivity: still delivered until Ayrshare retires it.
fn details(action: Action, context: &SampleContext<'_>) -> Value {
    match action {
        Action::Scheduled => json!({
            "subAction": "postPublished",
            "id": "mock-post-1",
            "errors": [],
            "postIds": [{
                "postUrl": "https://x.com/ayrshare/status/1",
                "platform": "twitter",
                "status": "success",
                "id": "1",
            }],
            "url": context.url,
        }),
        Action::Social => json!({
            "type": "link",
            "platform": "linkedin",
            "displayName": "Mock User",
            "title": "Mock Profile",
            "source": "user",
        }),
        Action::Messages => json!({
            "subAction": "messageCreated",
            "platform": "instagram",
            "message": {
                "text": "Hello from the mock",
                "platform": "instagram",
                "status": "received",
                "id": "mock-message-1",
                "sender": {"id": "1001", "name": "Mock Sender", "username": "mock_sender"},
                "receiver": {"id": "1002", "name": "Mock Receiver", "username": "mock_receiver"},
                "data": {"hashtags": [], "userMentions": [], "urls": []},
                "media": [],
            },
        }),
        Action::AccountActivity => json!({
            "platform": "twitter",
            "type": "directMessage",
            "directMessageEvents": [{
                "type": "message_create",
                "createdAt": context.created,
                "id": "mock-dm-1",
                "messageCreate": {"text": "Hello from the mock"},
            }],
            "mediaUrls": [],
            "retryAttempt": 0,
            "source": "user",
            "title": "Mock Profile",
            "url": context.url,
            "users": [],
        }),
        Action::Feed | Action::Batch => json!({}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ayrshare_webhooks::{DeliveryAction, parse_delivery};

    #[test]
    fn every_action_parses_with_its_common_fields() {
        let context = SampleContext {
            ref_id: "ref-1",
            url: "https://example.com/h",
            hook_id: "hook-1",
            created: "2026-01-02T03:04:05Z",
        };
        for action in Action::ALL {
            let body = sample_delivery(action, &context);
            let delivery = parse_delivery(&body).unwrap();
            assert_eq!(delivery.action, DeliveryAction::Known(action));
            assert_eq!(delivery.ref_id.as_deref(), Some("ref-1"));
            assert_eq!(delivery.hook_id.as_deref(), Some("hook-1"));
            assert_eq!(delivery.created.as_deref(), Some("2026-01-02T03:04:05Z"));
            assert_eq!(delivery.code, Some(200));
            assert_eq!(delivery.status.as_deref(), Some("success"));
        }
        let scheduled = parse_delivery(&sample_delivery(Action::Scheduled, &context)).unwrap();
        assert_eq!(scheduled.sub_action.as_deref(), Some("postPublished"));
        assert_eq!(scheduled.payload["url"], "https://example.com/h");
        assert_eq!(scheduled.payload["postIds"][0]["platform"], "twitter");
        let social = parse_delivery(&sample_delivery(Action::Social, &context)).unwrap();
        assert_eq!(social.payload["type"], "link");
    }
}
