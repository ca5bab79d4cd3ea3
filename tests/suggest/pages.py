"""A small documentation site before and after a hand-made restructuring (no move tool).

Before: guides/install, guides/webhooks, guides/events, guides/auth, guides/legacy-export,
guides/rate-limits. After: install renamed (a heading given a new id), webhooks and events
merged into reference/events as two sections, auth split into auth/api-keys (most of it) and
auth/oauth, legacy-export deleted, rate-limits kept with one heading's id changed.
"""

INSTALL = """\
Requirements
The SDK runs on Python 3.10 or later on Linux, macOS and Windows. It needs network access to
the API host of your account and a user with permission to create API keys.

Install with pip
Create a virtual environment for your project, activate it, then install the package from the
public index. Pin the version in your requirements file so that builds stay reproducible.

Verify the installation
Import the client in a Python shell and print its version. If the import fails, check that the
virtual environment is active and that the package was installed into it rather than globally.
"""

WEBHOOKS = """\
A webhook is an HTTPS endpoint on your server that receives a POST request each time
something changes in the account. Register the endpoint in the portal under Settings, choose
the events it should receive, and copy the signing secret shown once after saving. Every
request carries a signature header computed with that secret over the raw body; reject any
request whose signature does not match, and answer within ten seconds with a 2xx status or
the delivery is retried with exponential backoff for up to three days.
"""

EVENTS = """\
Each event names the object that changed and what happened to it, such as contact.created,
deal.stage_changed or invoice.paid. The payload holds the object as it was after the change,
the identifier of the user who made it, and a timestamp in UTC. Events of one object arrive in
order, but events of different objects may interleave, so use the timestamp rather than the
arrival order when you rebuild the history of a record.
"""

API_KEYS = """\
An API key identifies your integration and carries the permissions of the user who created
it. Create keys in the portal under Settings and Keys, give each a name that says where it is
used, and store it in your secret manager rather than in source control. Send the key in the
Authorization header with the Bearer scheme on every request. Keys do not expire, so rotate
them on a schedule: create the new key, deploy it, watch the old key's last-used date stop
changing, then revoke the old key. A revoked key fails at once with 401 on every endpoint.
"""

OAUTH = """\
Public apps that act for many accounts use the OAuth authorization code flow instead of keys.
Redirect the user to the consent screen, exchange the returned code for tokens on your
server, and refresh the access token before it expires after one hour.
"""

LEGACY = """\
The legacy export produced a nightly ZIP archive of CSV files, one per object type, and kept
the last seven archives for download. It was replaced by the bulk export API and stopped
running at the end of the last quarter; archives created before that date are no longer kept.
"""

RATE = """\
Each account may send 100 requests per second across all keys; bursts above that receive a
429 response with a Retry-After header giving the seconds to wait.
"""

RETRY = """\
Wait the number of seconds the header names, then send the request again; add random jitter
when many workers share one key so that they do not all retry at the same moment.
"""


def md(title: str, sections: list[tuple[str, str]] | str, meta: str = "") -> str:
    head = f"---\n{meta}---\n\n" if meta else ""
    if isinstance(sections, str):
        return f"{head}# {title}\n\n{sections}"
    body = "".join(f"## {h}\n\n{t}\n" for h, t in sections)
    return f"{head}# {title}\n\n{body}"


def install(new: bool) -> str:
    parts = INSTALL.split("\n\n")
    sections = []
    for part in parts:
        heading, _, text = part.partition("\n")
        if new and heading == "Verify the installation":
            heading += " {#check}"
        sections.append((heading, text))
    return md("Installing the SDK" if new else "Install the SDK", sections)


OLD = {
    "en/index.md": "# Home\n\nDocumentation of the CRM developer platform.\n",
    "en/guides/install.md": install(False),
    "en/guides/webhooks.md": md("Webhooks", WEBHOOKS),
    "en/guides/events.md": md("Event types", EVENTS, "uid: events-catalogue\n"),
    "en/guides/auth.md": md("Authentication", [("API keys", API_KEYS), ("OAuth", OAUTH)]),
    "en/guides/legacy-export.md": md("Legacy export", LEGACY),
    "en/guides/rate-limits.md": md("Rate limits", [("Limits", RATE), ("Retry after a 429", RETRY)]),
}

NEW = {
    "en/index.md": OLD["en/index.md"],
    "en/sdk/installation.md": install(True),
    "en/reference/events.md": md("Events and webhooks", [("Webhooks", WEBHOOKS), ("Event types", EVENTS)],
                                 "uid: events-catalogue\n"),
    "en/auth/api-keys.md": md("API keys", API_KEYS),
    "en/auth/oauth.md": md("OAuth apps", OAUTH),
    "en/guides/rate-limits.md": md("Rate limits", [("Limits", RATE), ("Retry after a 429 {#retry}", RETRY)]),
}

EXPECTED = {
    "/en/guides/install/": "/en/sdk/installation/",
    "/en/guides/webhooks/": "/en/reference/events/#webhooks",
    "/en/guides/events/": "/en/reference/events/#event-types",
    "/en/guides/auth/": "/en/auth/api-keys/",
}
GONE = "/en/guides/legacy-export/"
