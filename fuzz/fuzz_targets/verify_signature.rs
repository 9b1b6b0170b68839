//! `verify_signature` with arbitrary secrets, bodies and signature text: it accepts exactly the
//! signatures that decode (hex or base64) to the HMAC an independent implementation computes,
//! and always accepts a genuine one.
#![no_main]

use arbitrary::Arbitrary;
use ayrshare_webhooks::{SignatureError, verify_signature};
use fuzz_checks::{decode_signature, encode_signature, hmac_tag};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    secret: &'a [u8],
    body: &'a [u8],
    signature: &'a str,
    /// When set, the signature is replaced by the genuine one in encoding `n`.
    genuine: Option<u8>,
}

fuzz_target!(|input: Input<'_>| {
    let genuine;
    let signature = match input.genuine {
        Some(encoding) if !input.secret.is_empty() => {
            genuine = encode_signature(&hmac_tag(input.secret, input.body), encoding);
            genuine.as_str()
        }
        _ => input.signature,
    };
    let result = verify_signature(input.secret, input.body, signature);
    if input.secret.is_empty() {
        assert_eq!(result, Err(SignatureError::EmptySecret));
        return;
    }
    let expected = match decode_signature(signature) {
        _ if signature.trim().is_empty() => Err(SignatureError::MissingSignature),
        None => Err(SignatureError::MalformedSignature),
        Some(tag) if tag == hmac_tag(input.secret, input.body) => Ok(()),
        Some(_) => Err(SignatureError::Mismatch),
    };
    assert_eq!(result, expected, "{signature:?}");
    if input.genuine.is_some() {
        assert_eq!(result, Ok(()));
    }
});
