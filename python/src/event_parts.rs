//! The parts of events: a post's result per network, a social event's details, a message
//! with its sender, receiver and media, an X direct message event. Immutable values.

use ayrshare_webhooks as core;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use crate::convert::{json_object_to_py, repr_opt};
use crate::event::optional_json;

/// One entry of a ``ScheduledEvent``'s ``post_ids``: the post on one network.
#[pyclass(frozen, module = "ayrshare_webhooks")]
pub(crate) struct PostResult {
    /// ``platform``, such as ``"twitter"``.
    #[pyo3(get)]
    platform: Option<String>,
    /// ``status``: ``"success"`` or ``"error"``.
    #[pyo3(get)]
    status: Option<String>,
    /// ``id``, the network's post id (a number is kept as its text).
    #[pyo3(get)]
    id: Option<String>,
    /// ``postUrl``, the post's address on the network.
    #[pyo3(get)]
    post_url: Option<String>,
    /// Every other field of the entry, as sent.
    #[pyo3(get)]
    other: Py<PyDict>,
}

impl PostResult {
    pub(crate) fn new_py(py: Python<'_>, p: core::PostResult) -> PyResult<Py<PostResult>> {
        Py::new(
            py,
            PostResult {
                other: json_object_to_py(py, &p.other)?.unbind(),
                platform: p.platform,
                status: p.status,
                id: p.id,
                post_url: p.post_url,
            },
        )
    }
}

#[pymethods]
impl PostResult {
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "PostResult(platform={}, status={}, id={}, post_url={})",
            repr_opt(py, self.platform.as_deref()),
            repr_opt(py, self.status.as_deref()),
            repr_opt(py, self.id.as_deref()),
            repr_opt(py, self.post_url.as_deref()),
        )
    }
}

/// The ``details`` of a ``SocialEvent``.
#[pyclass(frozen, module = "ayrshare_webhooks")]
pub(crate) struct SocialDetails {
    /// ``status``.
    #[pyo3(get)]
    status: Option<String>,
    /// ``code``, such as 349.
    #[pyo3(get)]
    code: Option<i64>,
    /// ``message``, such as ``"Account locked"``.
    #[pyo3(get)]
    message: Option<String>,
    /// Every other field, as sent.
    #[pyo3(get)]
    other: Py<PyDict>,
}

impl SocialDetails {
    pub(crate) fn new_py(py: Python<'_>, d: core::SocialDetails) -> PyResult<Py<SocialDetails>> {
        Py::new(
            py,
            SocialDetails {
                other: json_object_to_py(py, &d.other)?.unbind(),
                status: d.status,
                code: d.code,
                message: d.message,
            },
        )
    }
}

/// The ``message`` of a ``MessagesEvent``.
#[pyclass(frozen, module = "ayrshare_webhooks")]
pub(crate) struct Message {
    /// ``text``.
    #[pyo3(get)]
    text: Option<String>,
    /// ``platform``, such as ``"facebook"``.
    #[pyo3(get)]
    platform: Option<String>,
    /// ``status``.
    #[pyo3(get)]
    status: Option<String>,
    /// ``id``, the network's message id (a number is kept as its text).
    #[pyo3(get)]
    id: Option<String>,
    /// ``sender``.
    #[pyo3(get)]
    sender: Option<Py<MessageParticipant>>,
    /// ``receiver``.
    #[pyo3(get)]
    receiver: Option<Py<MessageParticipant>>,
    /// ``data`` (``hashtags``, ``userMentions``, ``urls``), as sent.
    #[pyo3(get)]
    data: Py<PyAny>,
    /// ``media``: the attachments.
    #[pyo3(get)]
    media: Py<PyTuple>,
    /// Every other field of the message, as sent.
    #[pyo3(get)]
    other: Py<PyDict>,
}

impl Message {
    pub(crate) fn new_py(py: Python<'_>, m: core::Message) -> PyResult<Py<Message>> {
        let media = m
            .media
            .into_iter()
            .map(|media| {
                Py::new(
                    py,
                    MessageMedia {
                        other: json_object_to_py(py, &media.other)?.unbind(),
                        kind: media.kind,
                        url: media.url,
                    },
                )
            })
            .collect::<PyResult<Vec<_>>>()?;
        Py::new(
            py,
            Message {
                data: optional_json(py, m.data.as_ref())?,
                media: PyTuple::new(py, media)?.unbind(),
                other: json_object_to_py(py, &m.other)?.unbind(),
                sender: m.sender.map(|p| participant(py, p)).transpose()?,
                receiver: m.receiver.map(|p| participant(py, p)).transpose()?,
                text: m.text,
                platform: m.platform,
                status: m.status,
                id: m.id,
            },
        )
    }
}

/// The ``sender`` or ``receiver`` of a ``Message``.
#[pyclass(frozen, module = "ayrshare_webhooks")]
pub(crate) struct MessageParticipant {
    /// ``id`` (a number is kept as its text).
    #[pyo3(get)]
    id: Option<String>,
    /// ``name``.
    #[pyo3(get)]
    name: Option<String>,
    /// ``username``.
    #[pyo3(get)]
    username: Option<String>,
    /// Every other field, as sent.
    #[pyo3(get)]
    other: Py<PyDict>,
}

fn participant(py: Python<'_>, p: core::MessageParticipant) -> PyResult<Py<MessageParticipant>> {
    Py::new(
        py,
        MessageParticipant {
            other: json_object_to_py(py, &p.other)?.unbind(),
            id: p.id,
            name: p.name,
            username: p.username,
        },
    )
}

/// One entry of a ``Message``'s ``media``.
#[pyclass(frozen, module = "ayrshare_webhooks")]
pub(crate) struct MessageMedia {
    /// ``type``, such as ``"image"``.
    #[pyo3(get)]
    kind: Option<String>,
    /// ``url``.
    #[pyo3(get)]
    url: Option<String>,
    /// Every other field, as sent.
    #[pyo3(get)]
    other: Py<PyDict>,
}

/// One entry of an ``AccountActivityEvent``'s ``direct_message_events``.
#[pyclass(frozen, module = "ayrshare_webhooks")]
pub(crate) struct DirectMessageEvent {
    /// ``type``, such as ``"message_create"``.
    #[pyo3(get)]
    kind: Option<String>,
    /// ``createdAt``, as sent (a number is kept as its text).
    #[pyo3(get)]
    created_at: Option<String>,
    /// ``id`` (a number is kept as its text).
    #[pyo3(get)]
    id: Option<String>,
    /// ``messageCreate``, as sent.
    #[pyo3(get)]
    message_create: Py<PyAny>,
    /// Every other field, as sent.
    #[pyo3(get)]
    other: Py<PyDict>,
}

impl DirectMessageEvent {
    pub(crate) fn new_py(
        py: Python<'_>,
        dm: core::DirectMessageEvent,
    ) -> PyResult<Py<DirectMessageEvent>> {
        Py::new(
            py,
            DirectMessageEvent {
                message_create: optional_json(py, dm.message_create.as_ref())?,
                other: json_object_to_py(py, &dm.other)?.unbind(),
                kind: dm.kind,
                created_at: dm.created_at,
                id: dm.id,
            },
        )
    }
}
