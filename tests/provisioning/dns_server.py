"""A small authoritative DNS server on loopback, so verification talks real DNS in tests."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import dns.flags
import dns.message
import dns.rcode
import dns.rdatatype
import dns.rrset


class DnsServer:
    """Answers UDP queries from `records`: {(name, type): [value, ...]}; others are NXDOMAIN."""

    def __init__(self) -> None:
        self.records: dict[tuple[str, str], list[str]] = {}
        self.silent = False  # when True, queries go unanswered (a DNS outage)
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._socket.bind(("127.0.0.1", 0))
        self._socket.settimeout(0.2)
        self.port: int = self._socket.getsockname()[1]
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def set(self, name: str, kind: str, *values: str) -> None:
        self.records[(name.rstrip(".").lower(), kind)] = list(values)

    def _serve(self) -> None:
        while not self._stopping.is_set():
            try:
                data, client = self._socket.recvfrom(4096)
            except TimeoutError:
                continue
            if self.silent:
                continue
            query = dns.message.from_wire(data)
            response = dns.message.make_response(query)
            response.flags |= dns.flags.AA
            question = query.question[0]
            name = question.name.to_text().rstrip(".").lower()
            kind = dns.rdatatype.to_text(question.rdtype)
            values = self.records.get((name, kind))
            if values:
                response.answer.append(dns.rrset.from_text(question.name, 300, "IN", kind, *values))
            elif not any(known == name for known, _kind in self.records):
                response.set_rcode(dns.rcode.NXDOMAIN)
            self._socket.sendto(response.to_wire(), client)

    @contextmanager
    def running(self) -> Iterator[DnsServer]:
        self._thread.start()
        try:
            yield self
        finally:
            self._stopping.set()
            self._thread.join(timeout=5)
            self._socket.close()
