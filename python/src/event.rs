//! `parse_event` and the event classes: `Event`, the base with the common fields, and one
//! subclass per action (the core types them; this module only converts).

use ayrshare_webhooks as core;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use crate::convert::{body_bytes, json_object_to_py, json_to_py, repr_opt};
use crate::errors::{IntoPyResult, guard};
use crate::event_parts::{DirectMessageEvent, Message, PostResult, SocialDetails};

/// One webhook delivery, typed by its action: the base class of ``ScheduledEvent``,
/// ``SocialEvent``, ``MessagesEvent``, ``AccountActivityEvent``, ``FeedEvent``, ``BatchEvent``
/// and ``UnknownEvent``; match on those (``match event: case ScheduledEvent(): ...``).
///
/// Every event has the common fields below and ``other``: every field the event does not
/// type, as sent (including a typed field of an unexpected JSON type). Immutable.
#[pyclass(subclass, frozen, module = "ayrshare_webhooks")]
pub(crate) struct Event {
    /// The action as spelled on the wire (``"messages"`` also for the older ``message``); for
    /// an ``UnknownEvent`` the ``action`` as sent, or ``None``.
    #[pyo3(get)]
    action: Option<String>,
    /// ``created``, when the event happened, as sent (a number is kept as its text).
    #[pyo3(get)]
    created: Option<String>,
    /// ``code``, Ayrshare's HTTP-like code.
    #[pyo3(get)]
    code: Option<i64>,
    /// ``refId``, the Ref Id of the User Profile concerned.
    #[pyo3(get)]
    ref_id: Option<String>,
    /// ``hookId``, the id of this delivery: the same on Ayrshare's retries of it, so the key
    /// to deduplicate deliveries on.
    #[pyo3(get)]
    hook_id: Option<String>,
    /// ``status``: ``"success"`` or ``"error"``.
    #[pyo3(get)]
    status: Option<String>,
    /// Every field not typed, as a ``dict`` (the same one on every access).
    #[pyo3(get)]
    other: Py<PyDict>,
}

#[pymethods]
impl Event {
    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let py = slf.py();
        let this = slf.get();
        Ok(format!(
            "{}(action={}, hook_id={}, ref_id={}, status={})",
            slf.get_type().name()?,
            repr_opt(py, this.action.as_deref()),
            repr_opt(py, this.hook_id.as_deref()),
            repr_opt(py, this.ref_id.as_deref()),
            repr_opt(py, this.status.as_deref()),
        ))
    }
}

/// A ``scheduled`` delivery: the outcome of a post, per network.
#[pyclass(extends = Event, frozen, module = "ayrshare_webhooks")]
pub(crate) struct ScheduledEvent {
    /// ``subAction``, such as ``"tikTokPublished"`` (only on some events).
    #[pyo3(get)]
    sub_action: Option<String>,
    /// ``id``, the Ayrshare post id (a number is kept as its text).
    #[pyo3(get)]
    id: Option<String>,
    /// ``postIds``: one ``PostResult`` per network (empty when absent or not a list of
    /// objects; then the raw value is in ``other``).
    #[pyo3(get)]
    post_ids: Py<PyTuple>,
    /// ``errors``, the list as sent (empty when absent or not a list).
    #[pyo3(get)]
    errors: Py<PyAny>,
    /// ``url``, the webhook URL the delivery was sent to.
    #[pyo3(get)]
    url: Option<String>,
}

/// A ``social`` delivery: a social account was linked, unlinked or needs refreshing.
#[pyclass(extends = Event, frozen, module = "ayrshare_webhooks")]
pub(crate) struct SocialEvent {
    /// ``type``: ``"link"``, ``"unlink"``, ``"refresh"``, or another type as sent.
    #[pyo3(get)]
    kind: Option<String>,
    /// ``platform``, such as ``"linkedin"``.
    #[pyo3(get)]
    platform: Option<String>,
    /// ``displayName``, the account's name on the network.
    #[pyo3(get)]
    display_name: Option<String>,
    /// ``title``, the User Profile's title.
    #[pyo3(get)]
    title: Option<String>,
    /// ``source``: ``"user"`` or ``"system"`` (a system-initiated change calls for action).
    #[pyo3(get)]
    source: Option<String>,
    /// ``refreshBy``, the date by which to refresh the link (ISO 8601).
    #[pyo3(get)]
    refresh_by: Option<String>,
    /// ``details``, for instance code 349 "Account locked".
    #[pyo3(get)]
    details: Option<Py<SocialDetails>>,
}

/// A ``messages`` delivery (older documentation spells the action ``message``).
#[pyclass(extends = Event, frozen, module = "ayrshare_webhooks")]
pub(crate) struct MessagesEvent {
    /// ``subAction``, such as ``"messageCreated"``, ``"messageRead"``, ``"reactionCreated"``.
    #[pyo3(get)]
    sub_action: Option<String>,
    /// ``message``, the message concerned.
    #[pyo3(get)]
    message: Option<Py<Message>>,
}

/// An ``accountActivity`` delivery (X; deprecated by Ayrshare after 2026-03-31).
#[pyclass(extends = Event, frozen, module = "ayrshare_webhooks")]
pub(crate) struct AccountActivityEvent {
    /// ``platform``, such as ``"twitter"``.
    #[pyo3(get)]
    platform: Option<String>,
    /// ``type``, the kind of activity, as sent.
    #[pyo3(get)]
    kind: Option<String>,
    /// ``directMessageEvents`` (a single object is read as a tuple of one).
    #[pyo3(get)]
    direct_message_events: Py<PyTuple>,
    /// ``mediaUrls`` (empty when absent or not a list of strings).
    #[pyo3(get)]
    media_urls: Py<PyTuple>,
    /// ``retryAttempt``.
    #[pyo3(get)]
    retry_attempt: Option<i64>,
    /// ``scheduleDate``, as sent.
    #[pyo3(get)]
    schedule_date: Option<String>,
    /// ``source``.
    #[pyo3(get)]
    source: Option<String>,
    /// ``title``, the User Profile's title.
    #[pyo3(get)]
    title: Option<String>,
    /// ``url``.
    #[pyo3(get)]
    url: Option<String>,
    /// ``users``, as sent.
    #[pyo3(get)]
    users: Py<PyAny>,
}

/// A ``feed`` delivery: the common fields typed, the rest in ``other``.
#[pyclass(extends = Event, frozen, module = "ayrshare_webhooks")]
pub(crate) struct FeedEvent;

/// A ``batch`` delivery: the common fields typed, the rest in ``other``.
#[pyclass(extends = Event, frozen, module = "ayrshare_webhooks")]
pub(crate) struct BatchEvent;

/// A delivery whose action this version does not know (such as ``comments``), or that has
/// none: the common fields typed, the rest in ``other``.
#[pyclass(extends = Event, frozen, module = "ayrshare_webhooks")]
pub(crate) struct UnknownEvent;

/// Parses a delivery body into a typed event (an instance of a subclass of ``Event``).
///
/// Lenient: a missing field, a field of an unexpected type, an unknown action or kind never
/// fails; what cannot be typed is kept, as sent, in ``other``. Verify the body first, or use
/// ``Verifier.verify_event``, which does both.
///
/// Raises:
///     DecodeError: The body is not a JSON object.
///     TypeError: ``body`` is not bytes-like (a ``str`` is refused).
#[pyfunction]
pub(crate) fn parse_event(body: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let py = body.py();
    guard(py, || {
        let bytes = body_bytes(body)?;
        let event = core::parse_event(&bytes).or_raise(py)?;
        event_to_py(py, event)
    })
}

/// Converts the core's event into an instance of its Python class.
pub(crate) fn event_to_py(py: Python<'_>, event: core::Event) -> PyResult<Py<PyAny>> {
    let own = |value: Option<&str>| value.map(str::to_owned);
    let base = Event {
        action: own(event.action()),
        created: own(event.created()),
        code: event.code(),
        ref_id: own(event.ref_id()),
        hook_id: own(event.hook_id()),
        status: own(event.status()),
        other: json_object_to_py(py, event.other())?.unbind(),
    };
    let base = PyClassInitializer::from(base);
    Ok(match event {
        core::Event::Scheduled(e) => {
            let posts = e
                .post_ids
                .into_iter()
                .map(|p| PostResult::new_py(py, p))
                .collect::<PyResult<Vec<_>>>()?;
            let scheduled = ScheduledEvent {
                sub_action: e.sub_action,
                id: e.id,
                post_ids: PyTuple::new(py, posts)?.unbind(),
                errors: json_to_py(py, &serde_json::Value::Array(e.errors))?.unbind(),
                url: e.url,
            };
            Py::new(py, base.add_subclass(scheduled))?.into_any()
        }
        core::Event::Social(e) => {
            let social = SocialEvent {
                kind: e.kind.map(|kind| kind.as_str().to_owned()),
                platform: e.platform,
                display_name: e.display_name,
                title: e.title,
                source: e.source,
                refresh_by: e.refresh_by,
                details: e
                    .details
                    .map(|d| SocialDetails::new_py(py, d))
                    .transpose()?,
            };
            Py::new(py, base.add_subclass(social))?.into_any()
        }
        core::Event::Messages(e) => {
            let messages = MessagesEvent {
                sub_action: e.sub_action,
                message: e.message.map(|m| Message::new_py(py, m)).transpose()?,
            };
            Py::new(py, base.add_subclass(messages))?.into_any()
        }
        core::Event::AccountActivity(e) => {
            let dms = e
                .direct_message_events
                .into_iter()
                .map(|dm| DirectMessageEvent::new_py(py, dm))
                .collect::<PyResult<Vec<_>>>()?;
            let activity = AccountActivityEvent {
                platform: e.platform,
                kind: e.kind,
                direct_message_events: PyTuple::new(py, dms)?.unbind(),
                media_urls: PyTuple::new(py, e.media_urls)?.unbind(),
                retry_attempt: e.retry_attempt,
                schedule_date: e.schedule_date,
                source: e.source,
                title: e.title,
                url: e.url,
                users: optional_json(py, e.users.as_ref())?,
            };
            Py::new(py, base.add_subclass(activity))?.into_any()
        }
        core::Event::Feed(_) => Py::new(py, base.add_subclass(FeedEvent))?.into_any(),
        core::Event::Batch(_) => Py::new(py, base.add_subclass(BatchEvent))?.into_any(),
        // `Unknown`, and any kind a later core adds: the common fields and `other`.
        _ => Py::new(py, base.add_subclass(UnknownEvent))?.into_any(),
    })
}

/// A raw JSON value as Python objects, `None` when absent.
pub(crate) fn optional_json(
    py: Python<'_>,
    value: Option<&serde_json::Value>,
) -> PyResult<Py<PyAny>> {
    Ok(match value {
        Some(value) => json_to_py(py, value)?.unbind(),
        None => py.None(),
    })
}
