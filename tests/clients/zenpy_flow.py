"""zenpy (PyPI), unchanged, against the sandbox: the routes an integration uses, both paginations,
and the errors with zenpy's own exception types. Run by tests/real_clients.rs.

Usage: python zenpy_flow.py BASE_URL
Prints one line per check: RESULT <tab> zenpy <tab> <route> <tab> ok|FAIL <tab> detail.
zenpy is pointed at the sandbox the way its own docs allow: ZENPY_FORCE_NETLOC / _SCHEME.
"""
import base64
import hashlib
import hmac
import http.server
import json
import os
import sys
import threading
import traceback
from urllib.parse import urlparse

BASE = sys.argv[1].rstrip("/")
url = urlparse(BASE)
os.environ["ZENPY_FORCE_NETLOC"] = url.netloc
os.environ["ZENPY_FORCE_SCHEME"] = url.scheme

from zenpy import Zenpy  # noqa: E402
from zenpy.lib.api_objects import (  # noqa: E402
    Automation,
    Comment,
    CustomStatus,
    CustomField,
    Ticket,
    TicketField,
    Trigger,
    User,
    Webhook,
)
from zenpy.lib.exception import (  # noqa: E402
    APIException,
    RecordNotFoundException,
    SearchResponseLimitExceeded,
)

CREDS = {"subdomain": "sandbox", "email": "admin@sandbox.test", "token": "sandbox-zendesk-token"}
zenpy = Zenpy(**CREDS)
zenpy.disable_caching()
API = f"{BASE}/api/v2"
failures = 0


def check(route, fn):
    global failures
    try:
        detail = fn()
        print(f"RESULT\tzenpy\t{route}\tok\t{detail or ''}", flush=True)
    except Exception as e:  # noqa: BLE001 - every failure is reported, then the run fails
        failures += 1
        where = traceback.format_exc().strip().splitlines()[-3:]
        print(f"RESULT\tzenpy\t{route}\tFAIL\t{type(e).__name__}: {e} | {' / '.join(where)}", flush=True)


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def raises(kind, fn, not_kind=None):
    try:
        fn()
    except kind as e:
        if not_kind is not None and isinstance(e, not_kind):
            raise AssertionError(f"{type(e).__name__} is also a {not_kind.__name__}: {e}")
        return e
    raise AssertionError(f"no {kind.__name__} raised")


state = {}


def create():
    ids = []
    for i in range(5):
        audit = zenpy.tickets.create(
            Ticket(
                subject=f"Printer on fire {i}",
                comment=Comment(body=f"Smoke from tray {i}"),
                priority="high" if i % 2 else "normal",
                tags=["vip", "zenpy"] if i < 2 else ["zenpy"],
                external_id=f"zp-{i}",
                requester=User(name=f"Ada {i}", email=f"ada{i}@example.com"),
            )
        )
        expect(audit.ticket.id > 0, "no id")
        ids.append(audit.ticket.id)
    state["ids"] = ids
    return f"ids {ids}"


def update():
    ticket = zenpy.tickets(id=state["ids"][0])
    ticket.status = "open"
    ticket.priority = "urgent"
    ticket.comment = Comment(body="Firefighters called", public=False)
    audit = zenpy.tickets.update(ticket)
    # zenpy returns a TicketAudit: the ticket and the audit of the change.
    expect(type(audit).__name__ == "TicketAudit", f"got {type(audit).__name__}")
    expect(audit.ticket.status == "open", audit.ticket.status)
    changes = {e["field_name"]: e for e in audit.audit.events if e["type"] == "Change"}
    expect(changes["status"]["previous_value"] == "new", changes)
    expect(changes["priority"]["value"] == "urgent", changes)
    expect(any(e["type"] == "Comment" for e in audit.audit.events), "no comment event")
    return f"audit {audit.audit.id}: {sorted(changes)}"


def show():
    t = zenpy.tickets(id=state["ids"][0])
    expect(t.status == "open" and t.priority == "urgent", (t.status, t.priority))
    return t.subject


def show_many():
    got = sorted(t.id for t in zenpy.tickets(ids=state["ids"][:3]))
    expect(got == sorted(state["ids"][:3]), got)
    return f"{len(got)} tickets"


def list_cursor():
    sizes = {}
    for size in (1, 2, 100):
        got = [t.id for t in zenpy.tickets(cursor_pagination=size)]
        expect(got == sorted(got), f"size {size}: order {got}")
        expect(set(state["ids"]) <= set(got), f"size {size}: {got}")
        expect(len(got) == len(set(got)), f"size {size}: duplicates {got}")
        sizes[size] = len(got)
    expect(len(set(sizes.values())) == 1, sizes)
    return f"page[size] 1, 2, 100 -> {sizes}"


def list_offset():
    # Without cursor_pagination zenpy reads next_page/previous_page/count.
    everything = zenpy.tickets(cursor_pagination=False)
    expect(len(everything) >= 5, f"count {len(everything)}")
    got = [t.id for t in everything]
    expect(set(state["ids"]) <= set(got), got)
    # Slicing asks for pages of `step` items with page/per_page.
    sliced = zenpy.tickets(cursor_pagination=False)
    return f"count {len(got)}"


def comments():
    bodies = [c.body for c in zenpy.tickets.comments(ticket=state["ids"][0])]
    expect(bodies == ["Smoke from tray 0", "Firefighters called"], bodies)
    return f"{len(bodies)} comments"


def search():
    vip = [t.id for t in zenpy.search(type="ticket", tags="vip")]
    expect(sorted(vip) == sorted(state["ids"][:2]), vip)
    opened = [t.id for t in zenpy.search(type="ticket", status="open")]
    expect(opened == [state["ids"][0]], opened)
    words = [t.id for t in zenpy.search("tray", type="ticket", sort_by="created_at", sort_order="asc")]
    expect(words[: len(state["ids"])] == state["ids"], words)
    by_requester = [t.id for t in zenpy.search(type="ticket", requester="ada3@example.com")]
    expect(by_requester == [state["ids"][3]], by_requester)
    below = [t.id for t in zenpy.search(type="ticket", status_less_than="open", tags="zenpy")]
    expect(sorted(below) == sorted(state["ids"][1:]), below)
    external = [t.id for t in zenpy.search(type="ticket", external_id="zp-4")]
    expect(external == [state["ids"][4]], external)
    users = [u.email for u in zenpy.search(type="user", email="ada2@example.com")]
    expect(users == ["ada2@example.com"], users)
    return "type/tags/status</requester/external_id/words/sort"


def search_count():
    n = zenpy.search.count(type="ticket", tags="vip")
    expect(n == 2, n)
    return f"count {n}"


def users():
    sizes = {}
    for size in (1, 2, 100):
        got = [u.id for u in zenpy.users(cursor_pagination=size)]
        expect(len(got) == len(set(got)), got)
        sizes[size] = len(got)
    expect(len(set(sizes.values())) == 1 and sizes[1] >= 6, sizes)
    return f"page[size] 1, 2, 100 -> {sizes}"


def user_update():
    found = list(zenpy.search(type="user", email="ada1@example.com"))
    user = zenpy.users(id=found[0].id)
    user.name = "Ada Lovelace"
    user.external_id = "user-1042"
    updated = zenpy.users.update(user)
    expect(updated.name == "Ada Lovelace", updated.name)
    again = zenpy.users(id=user.id)
    expect(again.external_id == "user-1042", again.external_id)
    return f"user {user.id}"


def create_or_update():
    u = zenpy.users.create_or_update(User(name="Grace", email="grace@example.com", external_id="g-1"))
    again = zenpy.users.create_or_update(User(name="Grace H", email="grace@example.com"))
    expect(u.id == again.id and again.name == "Grace H", (u.id, again.id, again.name))
    return f"user {u.id}"


def webhooks():
    hook = zenpy.webhooks.create(
        Webhook(
            name="zenpy hook",
            endpoint=f"{BASE}/users/track",
            http_method="POST",
            request_format="json",
            status="active",
            subscriptions=["conditional_ticket_events"],
            authentication={"type": "bearer_token", "data": {"token": "sandbox-braze-key"}, "add_position": "header"},
        )
    )
    expect(len(hook.id) == 26, hook.id)
    listed = [w.id for w in zenpy.webhooks.list()]
    expect(hook.id in listed, listed)
    shown = zenpy.webhooks(id=hook.id)
    expect(shown.name == "zenpy hook", shown.name)
    expect("data" not in (shown.authentication or {}), "secret returned")
    state["webhook"] = hook.id
    return f"webhook {hook.id}"


def triggers():
    trig = zenpy.triggers.create(
        Trigger(
            title="zenpy solved",
            conditions={"all": [{"field": "status", "operator": "value", "value": "solved"}], "any": []},
            actions=[{"field": "notification_webhook", "value": [state["webhook"], '{"ticket": "{{ticket.id}}"}']}],
        )
    )
    expect(trig.id > 0, trig)
    # zenpy has no method for /triggers/active: its transport and its Trigger objects.
    def active():
        return [t.id for t in zenpy.triggers._get(f"{API}/triggers/active.json")]

    expect(trig.id in active(), active())
    trig.active = False
    zenpy.triggers.update(trig)
    expect(trig.id not in active(), active())
    listed = [t.id for t in zenpy.triggers()]
    expect(trig.id in listed, listed)
    zenpy.triggers.delete(trig)
    raises(RecordNotFoundException, lambda: zenpy.triggers(id=trig.id))
    return f"trigger {trig.id}: create, active, update, list, delete"


def categories():
    # zenpy has no trigger-category API: its own transport (auth, errors) on the documented paths.
    api = zenpy.tickets
    r = api.session.post(f"{API}/trigger_categories", json={"trigger_category": {"name": "zenpy"}}, timeout=10)
    api._check_response(r)
    created = r.json()["trigger_category"]
    shown = api._get(f"{API}/trigger_categories/{created['id']}", raw_response=True).json()
    expect(shown["trigger_category"]["name"] == "zenpy", shown)
    r = api.session.patch(f"{API}/trigger_categories/{created['id']}", json={"trigger_category": {"name": "zenpy 2"}}, timeout=10)
    api._check_response(r)
    expect(r.json()["trigger_category"]["name"] == "zenpy 2", r.json())
    listed = api._get(f"{API}/trigger_categories?page%5Bsize%5D=1", raw_response=True).json()
    expect(listed["meta"]["has_more"] is True and len(listed["trigger_categories"]) == 1, listed)
    return f"category {created['id']}"


def trigger_bulk():
    # zenpy has no methods for these: its transport and Trigger objects, on the documented paths.
    made = []
    for title in ("zenpy bulk A", "zenpy bulk B", "other C"):
        made.append(zenpy.triggers.create(Trigger(
            title=title,
            conditions={"all": [{"field": "priority", "operator": "is", "value": "urgent"}], "any": []},
            actions=[{"field": "current_tags", "value": "hot"}],
        )).id)
    found = [t.id for t in zenpy.triggers._get(f"{API}/triggers/search.json?query=zenpy%20bulk")]
    expect(found == made[:2], found)
    api = zenpy.triggers
    everything = [t.id for t in zenpy.triggers()]
    order = list(reversed(everything))
    r = api.session.put(f"{API}/triggers/reorder.json", json={"trigger_ids": order}, timeout=10)
    api._check_response(r)
    expect([t.id for t in zenpy.triggers()] == order, "reorder")
    r = api.session.put(f"{API}/triggers/update_many.json", json={"triggers": [{"id": made[0], "active": False}]}, timeout=10)
    api._check_response(r)
    expect(zenpy.triggers(id=made[0]).active is False, "update_many")
    r = api.session.delete(f"{API}/triggers/destroy_many.json?ids={made[0]},{made[1]}", timeout=10)
    api._check_response(r)
    expect(r.status_code == 204, r.status_code)
    raises(RecordNotFoundException, lambda: zenpy.triggers(id=made[0]))
    zenpy.triggers.delete(zenpy.triggers(id=made[2]))
    return "search, reorder, update_many, destroy_many"


def tags():
    ticket_id = state["ids"][1]
    zenpy.tickets.add_tags(ticket_id, ["added"])
    expect("added" in zenpy.tickets(id=ticket_id).tags, "add")
    zenpy.tickets.delete_tags(ticket_id, ["vip"])
    expect("vip" not in zenpy.tickets(id=ticket_id).tags, "delete")
    zenpy.tickets.set_tags(ticket_id, ["only", "these"])
    got = sorted(zenpy.tickets(id=ticket_id).tags)
    expect(got == ["only", "these"], got)
    listed = sorted(t.name if hasattr(t, "name") else str(t) for t in zenpy.tickets.tags(ticket_id))
    return f"set/add/delete, listed {listed}"


def create_user():
    user = zenpy.users.create(User(name="Mary", email="mary@example.com", external_id="m-1"))
    expect(user.id > 0 and user.email == "mary@example.com", user)
    e = raises(APIException, lambda: zenpy.users.create(User(name="Mary 2", email="mary@example.com")))
    expect(e.response.status_code == 422, e.response.status_code)
    detail = e.response.json()["details"]["email"][0]
    expect(detail["error"] == "DuplicateValue", detail)
    return f"user {user.id}; duplicate email 422 DuplicateValue"


def ticket_fields():
    field = zenpy.ticket_fields.create(TicketField(
        type="tagger", title="Plan",
        custom_field_options=[{"name": "Pro", "value": "plan_pro"}, {"name": "Free", "value": "plan_free"}],
    ))
    expect(field.id > 0, field)
    listed = [f.id for f in zenpy.ticket_fields()]
    expect(field.id in listed, listed)
    audit = zenpy.tickets.create(Ticket(
        subject="With fields", comment=Comment(body="x"),
        custom_fields=[CustomField(id=field.id, value="plan_pro")],
    ))
    t = zenpy.tickets(id=audit.ticket.id)
    values = {f["id"]: f["value"] for f in t.custom_fields}
    expect(values.get(field.id) == "plan_pro", t.custom_fields)
    expect("plan_pro" in t.tags, t.tags)
    e = raises(APIException, lambda: zenpy.tickets.create(Ticket(
        subject="x", comment=Comment(body="x"), custom_fields=[CustomField(id=field.id, value="nope")])))
    expect(e.response.status_code == 422, e.response.status_code)
    return f"field {field.id}, ticket {t.id}"


class Catcher(http.server.BaseHTTPRequestHandler):
    caught = []

    def do_POST(self):  # noqa: N802 - the stdlib's name
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        Catcher.caught.append((dict(self.headers), body))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


def signed(secret, headers, body):
    lower = {k.lower(): v for k, v in headers.items()}
    ts = lower["x-zendesk-webhook-signature-timestamp"]
    want = base64.b64encode(hmac.new(secret.encode(), (ts + body).encode(), hashlib.sha256).digest()).decode()
    return lower["x-zendesk-webhook-signature"] == want


def webhook_secrets():
    server = http.server.HTTPServer(("127.0.0.1", 0), Catcher)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    target = f"http://127.0.0.1:{server.server_address[1]}/hook"
    try:
        # A webhook not saved yet: signed with the documented static test secret.
        zenpy.webhooks.test(request={"endpoint": target, "http_method": "POST", "request_format": "json", "payload": '{"hi": 1}'})
        headers, body = Catcher.caught[-1]
        expect(signed("dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==", headers, body), headers)
        hook = zenpy.webhooks.create(Webhook(
            name="zenpy signed", endpoint=target, http_method="POST", request_format="json",
            status="active", subscriptions=["conditional_ticket_events"]))
        old = zenpy.webhooks.show_secret(hook)
        new = zenpy.webhooks.reset_secret(hook)
        old_secret = old["signing_secret"]["secret"] if isinstance(old, dict) else old.secret
        new_secret = new["signing_secret"]["secret"] if isinstance(new, dict) else new.secret
        expect(new_secret != old_secret, (old, new))
        zenpy.webhooks.test(webhook=hook, request={"payload": "{}"})
        headers, body = Catcher.caught[-1]
        expect(signed(new_secret, headers, body), headers)
        return "test signed (static and own secret), reset"
    finally:
        server.shutdown()


def invocation_filter():
    hook_id = state["webhook"]
    zenpy.triggers.create(Trigger(
        title="zenpy invocations",
        conditions={"all": [{"field": "current_tags", "operator": "includes", "value": "ping"}], "any": []},
        actions=[{"field": "notification_webhook", "value": [hook_id, "not json"]}],
    ))
    zenpy.tickets.create(Ticket(subject="ping", comment=Comment(body="x"), tags=["ping"]))
    r = zenpy.tickets._get(f"{API}/webhooks/{hook_id}/invocations?filter%5Bstatus%5D=success", raw_response=True).json()
    expect(r["invocations"] == [], r)
    for _ in range(50):
        r = zenpy.tickets._get(f"{API}/webhooks/{hook_id}/invocations?filter%5Bstatus%5D=failed", raw_response=True).json()
        if r["invocations"]:
            break
        import time
        time.sleep(0.1)
    expect(len(r["invocations"]) == 1 and r["invocations"][0]["status"] == "failed", r)
    return "filter[status]=success|failed"


def automations():
    # zenpy's AutomationApi (CRUD), its transport for /active and /search, and the loop on the
    # sandbox's clock: solved, +25 h, the Braze event once; +24 h, no second (the tag guard).
    hook = zenpy.webhooks.create(Webhook(
        name="zenpy automation hook", endpoint=f"{BASE}/users/track", http_method="POST",
        request_format="json", status="active", subscriptions=["conditional_ticket_events"],
        authentication={"type": "bearer_token", "data": {"token": "sandbox-braze-key"}, "add_position": "header"}))
    body = '{"events": [{"external_id": "{{ticket.requester.external_id}}", "name": "zenpy_solved_later", "time": "{{ticket.updated_at_with_timestamp}}"}]}'
    auto = zenpy.automations.create(Automation(
        title="zenpy: 24 h after solved",
        conditions={"all": [
            {"field": "status", "operator": "is", "value": "solved"},
            {"field": "SOLVED", "operator": "greater_than", "value": "24"},
            {"field": "current_tags", "operator": "not_includes", "value": "zenpy_notified"},
        ], "any": []},
        actions=[{"field": "notification_webhook", "value": [hook.id, body]},
                 {"field": "current_tags", "value": "zenpy_notified"}],
    ))
    expect(auto.id > 0, auto)
    expect(auto.id in [a.id for a in zenpy.automations()], "list")
    active = [a.id for a in zenpy.automations._get(f"{API}/automations/active.json")]
    expect(auto.id in active, active)
    found = [a.id for a in zenpy.automations._get(f"{API}/automations/search.json?query=zenpy")]
    expect(found == [auto.id], found)
    # Without a guard Zendesk refuses it.
    e = raises(APIException, lambda: zenpy.automations.create(Automation(
        title="no guard",
        conditions={"all": [{"field": "status", "operator": "is", "value": "solved"},
                            {"field": "SOLVED", "operator": "greater_than", "value": "24"}], "any": []},
        actions=[{"field": "notification_webhook", "value": [hook.id, body]}])))
    expect(e.response.status_code == 422, e.response.status_code)
    user = zenpy.users.create_or_update(User(name="Zoe", email="zoe@example.com", external_id="user-2001"))
    audit = zenpy.tickets.create(Ticket(subject="Later", comment=Comment(body="x"), requester_id=user.id))
    t = zenpy.tickets(id=audit.ticket.id)
    t.status = "solved"
    t.assignee_id = 3700000000001
    zenpy.tickets.update(t)
    session = zenpy.tickets.session

    def events():
        for _ in range(50):
            state = session.get(f"{BASE}/__sandbox/state", timeout=10).json()
            if not state["pending_deliveries"]:
                break
            import time
            time.sleep(0.1)
        profile = next((p for p in state["braze_profiles"] if p.get("external_id") == "user-2001"), {})
        return [e for e in profile.get("events", []) if e["name"] == "zenpy_solved_later"]

    ran = session.post(f"{BASE}/__sandbox/clock", json={"advance_hours": 25}, timeout=30).json()["ran"]
    expect([r["automation_id"] for r in ran] == [auto.id], ran)
    expect(len(events()) == 1, events())
    session.post(f"{BASE}/__sandbox/clock", json={"advance_hours": 24}, timeout=30)
    expect(len(events()) == 1, events())
    auto.active = False
    zenpy.automations.update(auto)
    expect(zenpy.automations(id=auto.id).active is False, "update")
    zenpy.automations.delete(zenpy.automations(id=auto.id))
    raises(RecordNotFoundException, lambda: zenpy.automations(id=auto.id))
    return f"automation {auto.id}: create, list, active, search, 422 unguarded, +25 h one event, +24 h none, update, delete"


def custom_statuses():
    # zenpy's CustomStatusesApi; the account switch is the sandbox's own control endpoint.
    categories = sorted({s.status_category for s in zenpy.custom_statuses()})
    expect(categories == ["hold", "new", "open", "pending", "solved"], categories)
    made = zenpy.custom_statuses.create(CustomStatus(status_category="pending", agent_label="Waiting on customer"))
    expect(made.id > 0 and made.status_category == "pending", made)
    e = raises(APIException, lambda: zenpy.custom_statuses.create(CustomStatus(status_category="closed", agent_label="x")))
    expect(e.response.status_code == 422, e.response.status_code)
    session = zenpy.tickets.session
    r = session.post(f"{BASE}/__sandbox/account", json={"custom_statuses": True}, timeout=10)
    expect(r.status_code == 200, r.text)
    audit = zenpy.tickets.create(Ticket(subject="Custom status", comment=Comment(body="x")))
    t = zenpy.tickets(id=audit.ticket.id)
    t.custom_status_id = made.id
    zenpy.tickets.update(t)
    t = zenpy.tickets(id=t.id)
    expect(t.status == "pending" and t.custom_status_id == made.id, (t.status, t.custom_status_id))
    session.post(f"{BASE}/__sandbox/account", json={"custom_statuses": False}, timeout=10)
    return f"status {made.id}; ticket {t.id} pending through custom_status_id"


def delete():
    victim = state["ids"][-1]
    zenpy.tickets.delete(zenpy.tickets(id=victim))
    raises(RecordNotFoundException, lambda: zenpy.tickets(id=victim))
    remaining = [t.id for t in zenpy.tickets(cursor_pagination=2)]
    expect(victim not in remaining, remaining)
    return f"ticket {victim} deleted"


def errors():
    # A missing record and a missing route are different exceptions.
    raises(RecordNotFoundException, lambda: zenpy.tickets(id=987654321))
    e = raises(APIException, lambda: zenpy.tickets._get(f"{API}/no_such_route.json"), not_kind=RecordNotFoundException)
    expect("InvalidEndpoint" in str(e), str(e))
    # RecordInvalid worded as Zendesk.
    e = raises(APIException, lambda: zenpy.tickets.create(Ticket(subject="x", comment=Comment(body="b"), priority="Urgent!")))
    expect(e.response.status_code == 422, e.response.status_code)
    body = e.response.json()
    expect(body["error"] == "RecordInvalid", body)
    expect(body["details"]["priority"][0]["description"] == "Priority: is invalid", body)
    # Past the 1,000 search results: zenpy's own exception.
    raises(SearchResponseLimitExceeded, lambda: zenpy.search._get(f"{API}/search.json?query=type%3Aticket&page=11&per_page=100"))
    # Wrong credentials: 401.
    wrong = Zenpy(subdomain="sandbox", email="admin@sandbox.test", token="wrong")
    e = raises(APIException, lambda: list(wrong.tickets()))
    expect(e.response.status_code == 401, e.response.status_code)
    # Rate-limit headers on every answer (zenpy's ratelimit option reads X-Rate-Limit-Remaining).
    r = zenpy.tickets._get(f"{API}/tickets.json", raw_response=True)
    expect(int(r.headers["X-Rate-Limit"]) > 0 and "X-Rate-Limit-Remaining" in r.headers, dict(r.headers))
    return "RecordNotFoundException, APIException(InvalidEndpoint), RecordInvalid, SearchResponseLimitExceeded, 401"


for route, fn in [
    ("POST /tickets", create),
    ("PUT /tickets/{id} (audit)", update),
    ("GET /tickets/{id}", show),
    ("GET /tickets/show_many", show_many),
    ("GET /tickets (cursor)", list_cursor),
    ("GET /tickets (offset)", list_offset),
    ("GET /tickets/{id}/comments", comments),
    ("GET /search (offset)", search),
    ("GET /search/count", search_count),
    ("GET /users (cursor)", users),
    ("GET|PUT /users/{id}", user_update),
    ("POST /users/create_or_update", create_or_update),
    ("webhooks", webhooks),
    ("triggers + /triggers/active", triggers),
    ("PUT|DELETE /triggers/reorder|update_many|destroy_many, /triggers/search", trigger_bulk),
    ("POST|PUT|DELETE /tickets/{id}/tags", tags),
    ("POST /users (duplicate email 422)", create_user),
    ("POST /ticket_fields + custom_fields", ticket_fields),
    ("webhooks: signed /test, POST signing_secret", webhook_secrets),
    ("webhooks: invocations filter[status]", invocation_filter),
    ("automations + /__sandbox/clock", automations),
    ("custom statuses + custom_status_id", custom_statuses),
    ("trigger categories", categories),
    ("DELETE /tickets/{id}", delete),
    ("errors", errors),
]:
    check(route, fn)

sys.exit(1 if failures else 0)
