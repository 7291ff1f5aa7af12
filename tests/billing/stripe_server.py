"""A Stripe-speaking HTTP server for the billing tests: localstripe, plus what it lacks.

localstripe (a real, stateful Stripe server) holds customers, products, plans (prices),
payment methods, subscriptions and their invoices. It has no Checkout, no customer portal,
no invoices sent for payment by transfer (collection_method=send_invoice), and it ignores
idempotency keys. This server sits in front of it and answers those itself, in Stripe's
format; every other request goes through to localstripe unchanged.

Like Stripe, it keeps the response of each request that carried an Idempotency-Key and
replays it for the same key. `slow_once(path)` makes the next matching request do its work
and then answer too late for the client: a timeout after the object was created.
"""

from __future__ import annotations

import itertools
import json
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_localstripe() -> tuple[subprocess.Popen[bytes], str]:
    """localstripe as a subprocess on a free port; returns the process and its address."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "localstripe", "--port", str(port), "--from-scratch"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process, url
        except OSError:
            if process.poll() is not None:
                raise RuntimeError("localstripe did not start") from None
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("localstripe did not start in time")


def unflatten(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Stripe's form encoding (a[b][0][c]=v) back into nested dicts and lists."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        parts = key.replace("]", "").split("[")
        node: Any = root
        for part, following in itertools.pairwise(parts):
            if isinstance(node, list):
                index = int(part)
                while len(node) <= index:
                    node.append([] if following.isdigit() else {})
                node = node[index]
            else:
                node = node.setdefault(part, [] if following.isdigit() else {})
        last = parts[-1]
        if isinstance(node, list):
            index = int(last)
            while len(node) <= index:
                node.append(None)
            node[index] = value
        else:
            node[last] = value
    return root


def _error(status: int, message: str) -> tuple[int, dict[str, Any]]:
    return status, {"error": {"type": "invalid_request_error", "message": message}}


class StripeTestServer:
    def __init__(self, localstripe_url: str) -> None:
        self.localstripe_url = localstripe_url
        self.lock = threading.Lock()
        self.replays: dict[str, tuple[int, bytes]] = {}
        self.invoices: dict[str, dict[str, Any]] = {}
        self.checkout_sessions: dict[str, dict[str, Any]] = {}
        self.portal_sessions: dict[str, dict[str, Any]] = {}
        self.slow: dict[str, float] = {}
        # Requests that did their work (not replays), per "METHOD path-pattern".
        self.created: Counter[str] = Counter()
        self.invoice_sequence = 0
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def slow_once(self, path_prefix: str, *, seconds: float) -> None:
        """The next POST to a path starting so does its work, then waits before answering."""
        self.slow[path_prefix] = seconds

    # Requests to localstripe, for the server's own use and for tests ---------------------

    def localstripe(
        self, method: str, path: str, params: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        body = urllib.parse.urlencode(_flatten(params or {})).encode() if params else None
        status, payload = self._forward(method, path, body, {"Authorization": "Bearer sk_test_x"})
        data: dict[str, Any] = json.loads(payload or b"{}")
        if status >= 400:
            raise RuntimeError(f"localstripe {method} {path}: {status} {data}")
        return data

    def _forward(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str]
    ) -> tuple[int, bytes]:
        request = urllib.request.Request(  # noqa: S310 (our own local server)
            self.localstripe_url + path, data=body, method=method, headers=headers
        )
        if body is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    # What tests do that a customer would do at Stripe -------------------------------------

    def complete_checkout(self, session_id: str, *, card: str = "4242424242424242") -> str:
        """The customer pays in Checkout: a card, a subscription at localstripe. Returns its id."""
        session = self.checkout_sessions[session_id]
        method = self.localstripe(
            "POST",
            "/v1/payment_methods",
            {
                "type": "card",
                "card": {"number": card, "exp_month": "12", "exp_year": "2034", "cvc": "123"},
            },
        )
        customer = session["customer"]
        self.localstripe(
            "POST", f"/v1/payment_methods/{method['id']}/attach", {"customer": customer}
        )
        self.localstripe(
            "POST",
            f"/v1/customers/{customer}",
            {"invoice_settings": {"default_payment_method": method["id"]}},
        )
        item = session["line_items"][0]
        subscription = self.localstripe(
            "POST",
            "/v1/subscriptions",
            {
                "customer": customer,
                "items": [{"plan": item["price"], "quantity": item["quantity"]}],
                "metadata": session["subscription_metadata"],
            },
        )
        with self.lock:
            session.update(status="complete", subscription=subscription["id"])
        return str(subscription["id"])

    def fail_renewal(self, subscription_id: str, *, next_price: str) -> str:
        """A renewal's card payment is declined: Stripe makes the subscription past_due.

        localstripe charges a subscription again when it moves to a price of another interval
        (monthly to yearly); with a card that declines charges, that payment fails.
        """
        subscription = self.localstripe("GET", f"/v1/subscriptions/{subscription_id}")
        self._use_card(subscription["customer"], "4000000000000341")
        self._forward(
            "POST",
            f"/v1/subscriptions/{subscription_id}",
            urllib.parse.urlencode({"items[0][plan]": next_price}).encode(),
            {"Authorization": "Bearer sk_test_x"},
        )
        updated = self.localstripe("GET", f"/v1/subscriptions/{subscription_id}")
        return str(updated["latest_invoice"])

    def _use_card(self, customer: str, number: str) -> None:
        method = self.localstripe(
            "POST",
            "/v1/payment_methods",
            {
                "type": "card",
                "card": {"number": number, "exp_month": "12", "exp_year": "2034", "cvc": "123"},
            },
        )
        self.localstripe(
            "POST", f"/v1/payment_methods/{method['id']}/attach", {"customer": customer}
        )
        self.localstripe(
            "POST",
            f"/v1/customers/{customer}",
            {"invoice_settings": {"default_payment_method": method["id"]}},
        )

    def pay_renewal(self, subscription_id: str, invoice_id: str) -> None:
        """The customer puts a working card in the portal and the open invoice is paid."""
        subscription = self.localstripe("GET", f"/v1/subscriptions/{subscription_id}")
        self._use_card(subscription["customer"], "4242424242424242")
        self._forward(
            "POST", f"/v1/invoices/{invoice_id}/pay", b"", {"Authorization": "Bearer sk_test_x"}
        )

    def change_invoice(self, invoice_id: str, **changes: Any) -> dict[str, Any]:
        with self.lock:
            self.invoices[invoice_id].update(changes)
            return dict(self.invoices[invoice_id])

    def invoice(self, invoice_id: str) -> dict[str, Any]:
        with self.lock:
            return json.loads(json.dumps(self.invoices[invoice_id]))

    # The HTTP side --------------------------------------------------------------------------

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                self._answer(*server.handle("GET", self.path, b"", dict(self.headers)))

            def do_DELETE(self) -> None:
                self._answer(*server.handle("DELETE", self.path, b"", dict(self.headers)))

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                self._answer(*server.handle("POST", self.path, body, dict(self.headers)))

            def _answer(self, status: int, body: bytes, delay: float = 0.0) -> None:
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler

    def handle(
        self, method: str, path: str, body: bytes, headers: dict[str, str]
    ) -> tuple[int, bytes, float]:
        key = headers.get("Idempotency-Key") or headers.get("idempotency-key")
        if method == "POST" and key:
            with self.lock:
                if key in self.replays:
                    status, payload = self.replays[key]
                    return status, payload, 0.0
        status, payload = self._route(method, path, body, headers)
        delay = 0.0
        if method == "POST":
            with self.lock:
                if key and status < 500:
                    self.replays[key] = (status, payload)
                if status < 400:
                    self.created[f"POST {_pattern(path)}"] += 1
                for prefix, seconds in list(self.slow.items()):
                    if path.startswith(prefix):
                        delay = seconds
                        del self.slow[prefix]
        return status, payload, delay

    def _route(
        self, method: str, path: str, body: bytes, headers: dict[str, str]
    ) -> tuple[int, bytes]:
        parsed = urllib.parse.urlsplit(path)
        parts = [part for part in parsed.path.split("/") if part]
        params = unflatten(urllib.parse.parse_qsl(body.decode(), keep_blank_values=True))
        own = self._own(method, parts, params)
        if own is not None:
            status, data = own
            return status, json.dumps(data).encode()
        forwarded = {
            name: value
            for name, value in headers.items()
            if name.lower() in {"authorization", "content-type", "stripe-version"}
        }
        return self._forward(method, path, body or None, forwarded)

    def _own(
        self, method: str, parts: list[str], params: dict[str, Any]
    ) -> tuple[int, dict[str, Any]] | None:
        if parts[:3] == ["v1", "checkout", "sessions"]:
            if method == "POST" and len(parts) == 3:
                return self._create_checkout(params)
            if method == "GET" and len(parts) == 4:
                session = self.checkout_sessions.get(parts[3])
                return (200, _public(session)) if session else _error(404, "No such session")
        if parts[:3] == ["v1", "billing_portal", "sessions"] and method == "POST":
            return self._create_portal(params)
        if parts[:2] == ["v1", "invoices"]:
            return self._invoices(method, parts, params)
        if parts[:2] == ["v1", "invoiceitems"] and method == "POST":
            with self.lock:
                ours = params.get("invoice") in self.invoices
            if ours:
                return self._add_line(params)
        return None

    def _customer_exists(self, customer: Any) -> bool:
        if not isinstance(customer, str) or not customer:
            return False
        status, _payload = self._forward(
            "GET", f"/v1/customers/{customer}", None, {"Authorization": "Bearer sk_test_x"}
        )
        return status == 200

    def _price(self, price: Any) -> dict[str, Any] | None:
        if not isinstance(price, str) or not price:
            return None
        status, payload = self._forward(
            "GET", f"/v1/plans/{price}", None, {"Authorization": "Bearer sk_test_x"}
        )
        return json.loads(payload) if status == 200 else None

    def _create_checkout(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if params.get("mode") != "subscription":
            return _error(400, "Only mode=subscription is served here")
        if not self._customer_exists(params.get("customer")):
            return _error(400, "No such customer")
        items = params.get("line_items") or []
        if len(items) != 1 or self._price(items[0].get("price")) is None:
            return _error(400, "No such price")
        if not str(params.get("success_url", "")).startswith("http"):
            return _error(400, "success_url must be an address")
        session_id = "cs_test_" + secrets.token_hex(12)
        session = {
            "id": session_id,
            "object": "checkout.session",
            "mode": "subscription",
            "status": "open",
            "customer": params["customer"],
            "client_reference_id": params.get("client_reference_id"),
            "line_items": [{"price": items[0]["price"], "quantity": int(items[0]["quantity"])}],
            "metadata": params.get("metadata") or {},
            "subscription_metadata": (params.get("subscription_data") or {}).get("metadata") or {},
            "success_url": params["success_url"],
            "cancel_url": params.get("cancel_url"),
            "locale": params.get("locale"),
            "subscription": None,
            "url": f"{self.url}/checkout/{session_id}",
            "created": int(time.time()),
        }
        with self.lock:
            self.checkout_sessions[session_id] = session
        return 200, _public(session)

    def _create_portal(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if not self._customer_exists(params.get("customer")):
            return _error(400, "No such customer")
        session_id = "bps_" + secrets.token_hex(12)
        session = {
            "id": session_id,
            "object": "billing_portal.session",
            "customer": params["customer"],
            "return_url": params.get("return_url"),
            "locale": params.get("locale"),
            "url": f"{self.url}/portal/{session_id}",
            "created": int(time.time()),
        }
        with self.lock:
            self.portal_sessions[session_id] = session
        return 200, session

    def _invoices(
        self, method: str, parts: list[str], params: dict[str, Any]
    ) -> tuple[int, dict[str, Any]] | None:
        if method == "POST" and len(parts) == 2:
            if params.get("collection_method") != "send_invoice":
                return None  # localstripe's own invoices for card subscriptions
            return self._create_invoice(params)
        invoice_id = parts[2] if len(parts) > 2 else ""
        with self.lock:
            invoice = self.invoices.get(invoice_id)
        if invoice is None:
            return None
        if method == "GET" and len(parts) == 3:
            return 200, self.invoice(invoice_id)
        if method == "POST" and len(parts) == 4:
            return self._invoice_action(invoice_id, parts[3], params)
        return _error(400, "Not served here")

    def _create_invoice(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if not self._customer_exists(params.get("customer")):
            return _error(400, "No such customer")
        days = params.get("days_until_due")
        if not str(days).isdigit():
            return _error(400, "days_until_due is required with send_invoice")
        invoice_id = "in_" + secrets.token_hex(12)
        invoice = {
            "id": invoice_id,
            "object": "invoice",
            "customer": params["customer"],
            "collection_method": "send_invoice",
            "days_until_due": int(days),
            "custom_fields": params.get("custom_fields") or [],
            "footer": params.get("footer"),
            "metadata": params.get("metadata") or {},
            "payment_settings": params.get("payment_settings") or {},
            "status": "draft",
            "number": None,
            "currency": "eur",
            "amount_due": 0,
            "total": 0,
            "lines": {"object": "list", "data": []},
            "due_date": None,
            "created": int(time.time()),
            "status_transitions": {"finalized_at": None, "paid_at": None, "voided_at": None},
            "hosted_invoice_url": None,
            "invoice_pdf": None,
            "sent": False,
            "paid_out_of_band": False,
        }
        with self.lock:
            self.invoices[invoice_id] = invoice
        return 200, self.invoice(invoice_id)

    def _add_line(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        invoice_id = params["invoice"]
        price = self._price((params.get("pricing") or {}).get("price"))
        if price is None:
            return _error(400, "No such price")
        quantity = int(params.get("quantity") or 1)
        with self.lock:
            invoice = self.invoices[invoice_id]
            if invoice["status"] != "draft":
                return _error(400, "This invoice is no longer a draft")
            line = {
                "id": "il_" + secrets.token_hex(8),
                "object": "line_item",
                "amount": price["amount"] * quantity,
                "quantity": quantity,
                "pricing": {"price_details": {"price": price["id"]}},
                "period": params.get("period") or {},
                "metadata": params.get("metadata") or {},
            }
            invoice["lines"]["data"].append(line)
            invoice["amount_due"] = invoice["total"] = sum(
                item["amount"] for item in invoice["lines"]["data"]
            )
            return 200, {**line, "object": "invoiceitem", "invoice": invoice_id}

    def _invoice_action(
        self, invoice_id: str, action: str, params: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        now = int(time.time())
        with self.lock:
            invoice = self.invoices[invoice_id]
            status = invoice["status"]
            if action == "finalize":
                if status != "draft":
                    return _error(400, "Invoice is already finalized")
                self.invoice_sequence += 1
                invoice.update(
                    status="open",
                    number=f"TEST-{self.invoice_sequence:04d}",
                    due_date=now + invoice["days_until_due"] * 86400,
                    hosted_invoice_url=f"{self.url}/i/{invoice_id}",
                    invoice_pdf=f"{self.url}/i/{invoice_id}/pdf",
                )
                invoice["status_transitions"]["finalized_at"] = now
            elif action == "send":
                if status != "open":
                    return _error(400, "Only an open invoice can be sent")
                invoice["sent"] = True
            elif action == "pay":
                if status != "open":
                    return _error(400, "Invoice is not open")
                if str(params.get("paid_out_of_band")).lower() != "true":
                    return _error(400, "Only paid_out_of_band is served here")
                invoice.update(status="paid", paid_out_of_band=True)
                invoice["status_transitions"]["paid_at"] = now
            elif action == "void":
                if status != "open":
                    return _error(400, "Invoice is not open")
                invoice["status"] = "void"
                invoice["status_transitions"]["voided_at"] = now
            else:
                return _error(404, "Unknown action")
        return 200, self.invoice(invoice_id)


def _public(session: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in session.items() if key != "subscription_metadata"}


def _pattern(path: str) -> str:
    parts = urllib.parse.urlsplit(path).path.split("/")
    return "/".join(
        "{id}" if "_" in part and not part.startswith("v1") and part not in _WORDS else part
        for part in parts
    )


_WORDS = {"billing_portal", "payment_methods", "subscription_items", "invoiceitems"}


def _flatten(params: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        name = f"{prefix}[{key}]" if prefix else key
        if isinstance(value, dict):
            pairs.extend(_flatten(value, name))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    pairs.extend(_flatten(item, f"{name}[{index}]"))
                else:
                    pairs.append((f"{name}[{index}]", str(item)))
        else:
            pairs.append((name, str(value)))
    return pairs
