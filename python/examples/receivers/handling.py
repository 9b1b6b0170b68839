from ayrshare_webhooks import Event, ScheduledEvent, SocialEvent


def handle(event: Event) -> None:
    """Your code. Answer quickly: Ayrshare waits 10 s, then retries with the same hook_id."""
    match event:
        case ScheduledEvent(post_ids=posts):
            for post in posts:
                print(f"{event.hook_id}: {post.platform} {post.status} {post.post_url}")
        case SocialEvent(kind="unlink" | "refresh", platform=platform, source="system"):
            print(f"{event.hook_id}: relink {platform}")
        case _:
            print(f"{event.hook_id}: {event.action}")
