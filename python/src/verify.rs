//! `verify_signature` and `Verifier`: checking the HMAC signature of a delivery (the core does
//! the checking; this module converts arguments and errors).

use ayrshare_webhooks::DEFAULT_TOLERANCE;
use pyo3::prelude::*;

use crate::convert::{Seconds, body_bytes, header_pairs, secret_bytes, text};
use crate::errors::{IntoPyResult, guard};
use crate::event::event_to_py;

/// Checks that ``signature`` is the HMAC-SHA256 of the exact ``body`` keyed by ``secret``.
///
/// ``signature`` is the value of the ``X-Authorization-Content-SHA256`` header: lower- or
/// upper-case hex, or base64. The comparison takes constant time. Returns ``None`` when the
/// signature is valid.
///
/// Args:
///     secret: The webhook secret, as ``str`` (UTF-8) or ``bytes``.
///     body: The raw request body exactly as received (never re-serialised JSON).
///     signature: The signature header's value.
///
/// Raises:
///     SignatureVerificationError: The signature does not match, or is missing or malformed;
///         its ``reason`` says which (``"mismatch"``, ``"malformed_signature"``, ...).
///     InvalidInputError: ``secret`` is empty (field ``secret``).
///     TypeError: An argument has the wrong type.
#[pyfunction]
pub(crate) fn verify_signature(
    secret: &Bound<'_, PyAny>,
    body: &Bound<'_, PyAny>,
    signature: &Bound<'_, PyAny>,
) -> PyResult<()> {
    let py = secret.py();
    guard(py, || {
        let secret = secret_bytes(secret)?;
        let body = body_bytes(body)?;
        let signature = text("signature", signature)?;
        ayrshare_webhooks::verify_signature(&secret, &body, &signature).or_raise(py)
    })
}

/// Verifies the deliveries of one webhook secret, from their headers and raw body.
///
/// A delivery passes when ``X-Authorization-Content-SHA256`` (or, during a secret rotation,
/// any ``v1=`` entry of ``X-Authorization-Content-SHA256-V2``) is the HMAC-SHA256 of the exact
/// body, and ``X-Authorization-Timestamp`` is within ``tolerance`` seconds of now. Ayrshare
/// does not sign the timestamp, so the tolerance limits stale deliveries but is not itself
/// authenticated. The repr never shows the secret.
///
/// Args:
///     secret: The webhook secret, as ``str`` (UTF-8) or ``bytes``.
///     tolerance: How far, in seconds, a delivery's timestamp may be from now in either
///         direction (default 300). ``None`` skips the timestamp check.
///
/// Raises:
///     InvalidInputError: ``secret`` is empty (field ``secret``) or ``tolerance`` is negative,
///         NaN or infinite (field ``tolerance``).
///     TypeError: An argument has the wrong type.
///
/// Example::
///
///     verifier = Verifier("my-signing-secret")
///     verifier.verify(request.headers, request.get_data())   # Flask
#[pyclass(frozen, module = "ayrshare_webhooks")]
pub(crate) struct Verifier {
    inner: ayrshare_webhooks::Verifier,
}

#[pymethods]
impl Verifier {
    #[new]
    #[pyo3(signature = (secret, tolerance = Some(Seconds(DEFAULT_TOLERANCE_SECS))))]
    // The default as Python shows it; the test suite checks it against the core's.
    #[pyo3(text_signature = "(secret, tolerance=300.0)")]
    fn new(secret: &Bound<'_, PyAny>, tolerance: Option<Seconds>) -> PyResult<Self> {
        let py = secret.py();
        guard(py, || {
            let secret = secret_bytes(secret)?;
            let inner = ayrshare_webhooks::Verifier::new(secret).or_raise(py)?;
            let inner = match tolerance {
                Some(tolerance) => inner.tolerance(tolerance.duration("tolerance").or_raise(py)?),
                None => inner.without_timestamp_check(),
            };
            Ok(Verifier { inner })
        })
    }

    /// Verifies one delivery.
    ///
    /// Args:
    ///     headers: The request's headers: any mapping of names to values (a ``dict``, the
    ///         headers object of Flask, Django or Starlette, or a WSGI ``environ``). Names are
    ///         matched without regard to case; only the three delivery headers are read.
    ///     body: The raw request body exactly as received.
    ///
    /// Raises:
    ///     SignatureVerificationError: The first check that failed, signature then timestamp;
    ///         ``reason`` is ``"missing_signature"``, ``"malformed_signature"``,
    ///         ``"mismatch"``, ``"missing_timestamp"``, ``"malformed_timestamp"`` or
    ///         ``"timestamp_outside_tolerance"``.
    ///     TypeError: ``headers`` is not a mapping with ``str`` names (and ``str`` values for
    ///         the delivery headers), or ``body`` is not bytes-like.
    fn verify(&self, headers: &Bound<'_, PyAny>, body: &Bound<'_, PyAny>) -> PyResult<()> {
        let py = headers.py();
        guard(py, || {
            let pairs = header_pairs(headers)?;
            let body = body_bytes(body)?;
            self.inner.verify(&pairs, &body).or_raise(py)
        })
    }

    /// Verifies one delivery as ``verify`` does, then parses it as ``parse_event`` does: one
    /// call for a webhook handler.
    ///
    /// Args:
    ///     headers: The request's headers, as for ``verify``.
    ///     body: The raw request body exactly as received.
    ///
    /// Returns:
    ///     The typed event: an instance of a subclass of ``Event``.
    ///
    /// Raises:
    ///     SignatureVerificationError: As ``verify``: reject the delivery.
    ///     DecodeError: The verified body is not a JSON object.
    ///     TypeError: As ``verify``.
    fn verify_event(
        &self,
        headers: &Bound<'_, PyAny>,
        body: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        let py = headers.py();
        guard(py, || {
            let pairs = header_pairs(headers)?;
            let body = body_bytes(body)?;
            let event = self.inner.verify_event(&pairs, &body).or_raise(py)?;
            event_to_py(py, event)
        })
    }

    /// The timestamp tolerance in seconds, or ``None`` when the timestamp is not checked.
    #[getter]
    fn tolerance(&self) -> Option<f64> {
        self.inner.current_tolerance().map(|d| d.as_secs_f64())
    }

    fn __repr__(&self) -> String {
        let tolerance = self
            .inner
            .current_tolerance()
            .map_or_else(|| "None".to_owned(), |d| format!("{:?}", d.as_secs_f64()));
        format!("Verifier(secret='***', tolerance={tolerance})")
    }
}

/// The core's default tolerance, in seconds, as the Python default of `tolerance`.
const DEFAULT_TOLERANCE_SECS: f64 = DEFAULT_TOLERANCE.as_secs_f64();
