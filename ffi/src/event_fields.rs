//! The accessors of each kind of `ayr_event`. Each says which kinds have the field; for any
//! other kind, an absent field or a NULL event it answers NULL (strings), 0 (counts) or false
//! (numbers, leaving `*out` untouched). Strings are valid until the event is freed.

use std::ffi::{CString, c_char};

use crate::event::{ayr_event, number, text};
use crate::event_convert::{CMessage, DirectMessage, Fields, Media, Participant, Post};
use crate::panic;

/// What happened to a social account: the `type` of an AYR_EVENT_SOCIAL event, as
/// `ayr_event_social_kind` answers it (`ayr_event_type` spells it).
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ayr_social_kind {
    /// Not a social event, no `type`, or a NULL event.
    AYR_SOCIAL_NONE = 0,
    /// `link`: the account was linked.
    AYR_SOCIAL_LINK = 1,
    /// `unlink`: the account was unlinked.
    AYR_SOCIAL_UNLINK = 2,
    /// `refresh`: the link must be refreshed (see `ayr_event_refresh_by`).
    AYR_SOCIAL_REFRESH = 3,
    /// A type libayr does not know; `ayr_event_type` spells it.
    AYR_SOCIAL_OTHER = 4,
}

/// A string of the event's kind-specific fields.
unsafe fn field(
    event: *const ayr_event,
    get: impl FnOnce(&Fields) -> Option<&CString>,
) -> *const c_char {
    // SAFETY: forwarded contract: NULL or an event from libayr not yet freed.
    unsafe { text(event, |e| get(&e.fields)) }
}

/// How many entries a list of the event has.
unsafe fn count<T: 'static>(event: *const ayr_event, list: impl FnOnce(&Fields) -> &[T]) -> usize {
    // SAFETY: forwarded contract: NULL or an event from libayr not yet freed.
    unsafe { panic::accessor(event, 0, |e| list(&e.fields).len()) }
}

/// A string of entry `index` of a list of the event; NULL out of range.
unsafe fn entry<T: 'static>(
    event: *const ayr_event,
    index: usize,
    list: impl FnOnce(&Fields) -> &[T],
    get: impl FnOnce(&T) -> Option<&CString>,
) -> *const c_char {
    // SAFETY: forwarded contract: NULL or an event from libayr not yet freed.
    unsafe { field(event, |f| list(f).get(index).and_then(get)) }
}

fn itself(text: &CString) -> Option<&CString> {
    Some(text)
}

fn posts(f: &Fields) -> &[Post] {
    &f.post_results
}

fn message(f: &Fields) -> Option<&CMessage> {
    f.message.as_ref()
}

fn media(f: &Fields) -> &[Media] {
    message(f).map_or(&[], |m| &m.media)
}

fn sender(f: &Fields) -> Option<&Participant> {
    message(f)?.sender.as_ref()
}

fn receiver(f: &Fields) -> Option<&Participant> {
    message(f)?.receiver.as_ref()
}

fn direct_messages(f: &Fields) -> &[DirectMessage] {
    &f.direct_message_events
}

// ---- several kinds ----

/// `subAction`, such as `"tikTokPublished"` or `"messageCreated"`: AYR_EVENT_SCHEDULED,
/// AYR_EVENT_MESSAGES.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_sub_action(event: *const ayr_event) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { field(event, |f| f.sub_action.as_ref()) }
}

/// `url`, the webhook URL the delivery was sent to: AYR_EVENT_SCHEDULED,
/// AYR_EVENT_ACCOUNT_ACTIVITY.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_url(event: *const ayr_event) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { field(event, |f| f.url.as_ref()) }
}

/// `platform`, such as `"linkedin"`: AYR_EVENT_SOCIAL, AYR_EVENT_ACCOUNT_ACTIVITY (a message's
/// platform is `ayr_event_message_platform`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_platform(event: *const ayr_event) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { field(event, |f| f.platform.as_ref()) }
}

/// `title`, the User Profile's title: AYR_EVENT_SOCIAL, AYR_EVENT_ACCOUNT_ACTIVITY.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_title(event: *const ayr_event) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { field(event, |f| f.title.as_ref()) }
}

/// `source`: `"user"` or `"system"` (a system-initiated change calls for action):
/// AYR_EVENT_SOCIAL, AYR_EVENT_ACCOUNT_ACTIVITY.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_source(event: *const ayr_event) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { field(event, |f| f.source.as_ref()) }
}

/// `type` as sent: what happened to the account for AYR_EVENT_SOCIAL (`"link"`, `"unlink"`,
/// `"refresh"` or another; see `ayr_event_social_kind`), the kind of activity for
/// AYR_EVENT_ACCOUNT_ACTIVITY.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_type(event: *const ayr_event) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { field(event, |f| f.type_text.as_ref()) }
}

// ---- scheduled ----

/// `id`, the Ayrshare post id (a number is given as its text): AYR_EVENT_SCHEDULED.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_id(event: *const ayr_event) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { field(event, |f| f.id.as_ref()) }
}

/// `errors` as a compact JSON array (`[]` when absent or not a list): AYR_EVENT_SCHEDULED.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_errors_json(event: *const ayr_event) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { field(event, |f| f.errors_json.as_ref()) }
}

/// How many entries `postIds` has (one per network the post went to): AYR_EVENT_SCHEDULED;
/// 0 otherwise, or when `postIds` is absent or not a list of objects (then it is in
/// `ayr_event_other_json`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_post_result_count(event: *const ayr_event) -> usize {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { count(event, posts) }
}

/// `platform` of post result `index` (0-based), such as `"twitter"`; NULL out of range.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_post_result_platform(
    event: *const ayr_event,
    index: usize,
) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { entry(event, index, posts, |p| p.platform.as_ref()) }
}

/// `status` of post result `index` (`"success"` or `"error"`); NULL out of range.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_post_result_status(
    event: *const ayr_event,
    index: usize,
) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { entry(event, index, posts, |p| p.status.as_ref()) }
}

/// `id` of post result `index`: the network's post id (a number is given as its text); NULL out
/// of range.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_post_result_id(
    event: *const ayr_event,
    index: usize,
) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { entry(event, index, posts, |p| p.id.as_ref()) }
}

/// `postUrl` of post result `index`: the post's address on the network; NULL out of range.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_post_result_post_url(
    event: *const ayr_event,
    index: usize,
) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { entry(event, index, posts, |p| p.post_url.as_ref()) }
}

/// The other fields of post result `index` as a compact JSON object; NULL out of range.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_post_result_other_json(
    event: *const ayr_event,
    index: usize,
) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { entry(event, index, posts, |p| Some(&p.other_json)) }
}

// ---- social ----

/// What happened to the account (`type`): AYR_EVENT_SOCIAL; AYR_SOCIAL_NONE otherwise or when
/// absent.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_social_kind(event: *const ayr_event) -> ayr_social_kind {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe {
        panic::accessor(event, ayr_social_kind::AYR_SOCIAL_NONE, |e| {
            e.fields
                .social_kind
                .unwrap_or(ayr_social_kind::AYR_SOCIAL_NONE)
        })
    }
}

/// `displayName`, the account's name on the network: AYR_EVENT_SOCIAL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_display_name(event: *const ayr_event) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { field(event, |f| f.display_name.as_ref()) }
}

/// `refreshBy`, the date by which to refresh the link (ISO 8601): AYR_EVENT_SOCIAL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_refresh_by(event: *const ayr_event) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { field(event, |f| f.refresh_by.as_ref()) }
}

/// `details.status`: AYR_EVENT_SOCIAL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_details_status(event: *const ayr_event) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { field(event, |f| f.details.as_ref()?.status.as_ref()) }
}

/// `details.code` (such as 349, "Account locked"): AYR_EVENT_SOCIAL. Stores it in `*out_code`
/// and returns true when present; false otherwise, `*out_code` untouched.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_details_code(
    event: *const ayr_event,
    out_code: *mut i64,
) -> bool {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { number(event, out_code, |e| e.fields.details.as_ref()?.code) }
}

/// `details.message`, such as `"Account locked"`: AYR_EVENT_SOCIAL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_details_message(event: *const ayr_event) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { field(event, |f| f.details.as_ref()?.message.as_ref()) }
}

/// The other fields of `details` as a compact JSON object: AYR_EVENT_SOCIAL with `details`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_details_other_json(event: *const ayr_event) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { field(event, |f| Some(&f.details.as_ref()?.other_json)) }
}

// ---- messages ----

/// Whether the event has a `message` object: AYR_EVENT_MESSAGES.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_has_message(event: *const ayr_event) -> bool {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { panic::accessor(event, false, |e| e.fields.message.is_some()) }
}

/// `message.text`: AYR_EVENT_MESSAGES.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_message_text(event: *const ayr_event) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { field(event, |f| message(f)?.text.as_ref()) }
}

/// `message.platform`, such as `"facebook"`: AYR_EVENT_MESSAGES.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_message_platform(event: *const ayr_event) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { field(event, |f| message(f)?.platform.as_ref()) }
}

/// `message.status`: AYR_EVENT_MESSAGES.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_message_status(event: *const ayr_event) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { field(event, |f| message(f)?.status.as_ref()) }
}

/// `message.id`, the network's message id (a number is given as its text): AYR_EVENT_MESSAGES.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_message_id(event: *const ayr_event) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { field(event, |f| message(f)?.id.as_ref()) }
}

/// `message.sender.id` (a number is given as its text): AYR_EVENT_MESSAGES.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_message_sender_id(event: *const ayr_event) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { field(event, |f| sender(f)?.id.as_ref()) }
}

/// `message.sender.name`: AYR_EVENT_MESSAGES.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_message_sender_name(event: *const ayr_event) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { field(event, |f| sender(f)?.name.as_ref()) }
}

/// `message.sender.username`: AYR_EVENT_MESSAGES.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_message_sender_username(
    event: *const ayr_event,
) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { field(event, |f| sender(f)?.username.as_ref()) }
}

/// The other fields of `message.sender` as a compact JSON object: AYR_EVENT_MESSAGES with a
/// sender.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_message_sender_other_json(
    event: *const ayr_event,
) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { field(event, |f| Some(&sender(f)?.other_json)) }
}

/// `message.receiver.id` (a number is given as its text): AYR_EVENT_MESSAGES.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_message_receiver_id(event: *const ayr_event) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { field(event, |f| receiver(f)?.id.as_ref()) }
}

/// `message.receiver.name`: AYR_EVENT_MESSAGES.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_message_receiver_name(event: *const ayr_event) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { field(event, |f| receiver(f)?.name.as_ref()) }
}

/// `message.receiver.username`: AYR_EVENT_MESSAGES.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_message_receiver_username(
    event: *const ayr_event,
) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { field(event, |f| receiver(f)?.username.as_ref()) }
}

/// The other fields of `message.receiver` as a compact JSON object: AYR_EVENT_MESSAGES with a
/// receiver.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_message_receiver_other_json(
    event: *const ayr_event,
) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { field(event, |f| Some(&receiver(f)?.other_json)) }
}

/// `message.data` (`hashtags`, `userMentions`, `urls`) as compact JSON, as sent:
/// AYR_EVENT_MESSAGES.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_message_data_json(event: *const ayr_event) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { field(event, |f| message(f)?.data_json.as_ref()) }
}

/// How many entries `message.media` has: AYR_EVENT_MESSAGES.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_message_media_count(event: *const ayr_event) -> usize {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { count(event, media) }
}

/// `type` of media entry `index` (0-based), such as `"image"`; NULL out of range.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_message_media_type(
    event: *const ayr_event,
    index: usize,
) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { entry(event, index, media, |m| m.kind.as_ref()) }
}

/// `url` of media entry `index`; NULL out of range.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_message_media_url(
    event: *const ayr_event,
    index: usize,
) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { entry(event, index, media, |m| m.url.as_ref()) }
}

/// The other fields of media entry `index` as a compact JSON object; NULL out of range.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_message_media_other_json(
    event: *const ayr_event,
    index: usize,
) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { entry(event, index, media, |m| Some(&m.other_json)) }
}

/// The other fields of `message` as a compact JSON object: AYR_EVENT_MESSAGES with a message.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_message_other_json(event: *const ayr_event) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { field(event, |f| Some(&message(f)?.other_json)) }
}

// ---- accountActivity ----

/// `scheduleDate`, as sent: AYR_EVENT_ACCOUNT_ACTIVITY.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_schedule_date(event: *const ayr_event) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { field(event, |f| f.schedule_date.as_ref()) }
}

/// `retryAttempt`: AYR_EVENT_ACCOUNT_ACTIVITY. Stores it in `*out_attempt` and returns true
/// when present; false otherwise, `*out_attempt` untouched.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_retry_attempt(
    event: *const ayr_event,
    out_attempt: *mut i64,
) -> bool {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { number(event, out_attempt, |e| e.fields.retry_attempt) }
}

/// `users` as compact JSON, as sent: AYR_EVENT_ACCOUNT_ACTIVITY.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_users_json(event: *const ayr_event) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { field(event, |f| f.users_json.as_ref()) }
}

/// How many entries `mediaUrls` has: AYR_EVENT_ACCOUNT_ACTIVITY (0 when absent or not a list
/// of strings).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_media_url_count(event: *const ayr_event) -> usize {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { count(event, |f| &f.media_urls[..]) }
}

/// Entry `index` (0-based) of `mediaUrls`; NULL out of range.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_media_url(
    event: *const ayr_event,
    index: usize,
) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { entry(event, index, |f| &f.media_urls[..], itself) }
}

/// How many entries `directMessageEvents` has (a single object counts as one):
/// AYR_EVENT_ACCOUNT_ACTIVITY.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_direct_message_count(event: *const ayr_event) -> usize {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { count(event, direct_messages) }
}

/// `type` of direct message event `index` (0-based), such as `"message_create"`; NULL out of
/// range.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_direct_message_type(
    event: *const ayr_event,
    index: usize,
) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { entry(event, index, direct_messages, |d| d.kind.as_ref()) }
}

/// `createdAt` of direct message event `index`, as sent; NULL out of range.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_direct_message_created_at(
    event: *const ayr_event,
    index: usize,
) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { entry(event, index, direct_messages, |d| d.created_at.as_ref()) }
}

/// `id` of direct message event `index` (a number is given as its text); NULL out of range.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_direct_message_id(
    event: *const ayr_event,
    index: usize,
) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { entry(event, index, direct_messages, |d| d.id.as_ref()) }
}

/// `messageCreate` of direct message event `index` as compact JSON, as sent; NULL out of range
/// or when absent.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_direct_message_create_json(
    event: *const ayr_event,
    index: usize,
) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe {
        entry(event, index, direct_messages, |d| {
            d.message_create_json.as_ref()
        })
    }
}

/// The other fields of direct message event `index` as a compact JSON object; NULL out of
/// range.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_direct_message_other_json(
    event: *const ayr_event,
    index: usize,
) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { entry(event, index, direct_messages, |d| Some(&d.other_json)) }
}
