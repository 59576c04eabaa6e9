"""Real-world malformed and unusual messages (seed corpus for tests and mutation)."""

from __future__ import annotations

CORPUS: dict[str, bytes] = {
    "missing_boundary": (
        b"From: alice@example.com\r\nTo: support@supportdesk.example\r\nSubject: no boundary\r\n"
        b"Message-ID: <c1@x.example>\r\nContent-Type: multipart/mixed\r\n\r\n"
        b"--XYZ\r\nContent-Type: text/plain\r\n\r\nbody\r\n--XYZ--\r\n"
    ),
    "unterminated_multipart": (
        b"From: alice@example.com\r\nSubject: open end\r\nMessage-ID: <c2@x.example>\r\n"
        b'Content-Type: multipart/alternative; boundary="b1"\r\n\r\n'
        b"--b1\r\nContent-Type: text/plain\r\n\r\nstarts but never ends"
    ),
    "unknown_charset": (
        b"From: alice@example.com\r\nSubject: =?x-klingon?q?qapla=27?=\r\n"
        b"Message-ID: <c3@x.example>\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\n"
        b"\xff\xfe nuqneH\r\n"
    ),
    "bad_base64": (
        b"From: alice@example.com\r\nSubject: b64\r\nMessage-ID: <c4@x.example>\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        b"!!!not*base64===\r\nSGVsbG8\r\n"
    ),
    "eight_bit_headers": (
        "From: Алиса <alice@example.com>\r\nSubject: Тема без кодирования\r\n"
        "Message-ID: <c5@x.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        "Текст письма\r\n"
    ).encode(),
    "eight_bit_latin1_headers": (
        b"From: J\xf6rg <joerg@example.com>\r\nSubject: Gr\xfc\xdfe\r\n"
        b"Message-ID: <c6@x.example>\r\n\r\nbody\r\n"
    ),
    "nested_rfc822": (
        b"From: alice@example.com\r\nSubject: Fwd: original\r\nMessage-ID: <c7@x.example>\r\n"
        b'Content-Type: multipart/mixed; boundary="outer"\r\n\r\n'
        b"--outer\r\nContent-Type: text/plain\r\n\r\nSee below.\r\n"
        b"--outer\r\nContent-Type: message/rfc822\r\n\r\n"
        b"From: someone@else.example\r\nSubject: inner\r\n"
        b'Content-Type: multipart/mixed; boundary="inner"\r\n\r\n'
        b"--inner\r\nContent-Type: text/plain\r\n\r\ninner text\r\n--inner--\r\n"
        b"--outer--\r\n"
    ),
    "two_from_headers": (
        b"From: alice@example.com\r\nFrom: bob@example.com\r\nSubject: two\r\n"
        b"Message-ID: <c8@x.example>\r\n\r\nbody\r\n"
    ),
    "address_in_comment": (
        b"From: alice@example.org)<bob@example.com>\r\nSubject: spoof\r\n"
        b"Message-ID: <c9@x.example>\r\n\r\nbody\r\n"
    ),
    "quoted_address_spoof": (
        b'From: "alice@example.org)<bob@example.com>"\r\nSubject: spoof\r\n'
        b"Message-ID: <c10@x.example>\r\n\r\nbody\r\n"
    ),
    "no_from": b"Subject: anonymous\r\nMessage-ID: <c11@x.example>\r\n\r\nbody\r\n",
    "bare_lf_line_endings": (
        b"From: alice@example.com\nSubject: unix\nMessage-ID: <c12@x.example>\n\nbody\n"
    ),
    "broken_encoded_word": (
        b"From: =?utf-8?b?broken?= <alice@example.com>\r\nSubject: =?utf-8?q?=E2=28?=\r\n"
        b"Message-ID: <c13@x.example>\r\n\r\nbody\r\n"
    ),
    "header_without_value_and_long_line": (
        b"From: alice@example.com\r\nX-Empty:\r\nSubject: "
        + b"A" * 5000
        + b"\r\nMessage-ID: <c14@x.example>\r\n\r\nbody\r\n"
    ),
    "nul_bytes": (
        b"From: alice@example.com\r\nSubject: nul\x00here\r\n"
        b"Message-ID: <c15\x00@x.example>\r\n\r\nbody\x00with nul\r\n"
    ),
    "html_only_with_garbage": (
        b"From: alice@example.com\r\nSubject: html\r\nMessage-ID: <c16@x.example>\r\n"
        b"Content-Type: text/html; charset=utf-8\r\n\r\n<p><b><i>unclosed <script>x</p>\r\n"
    ),
    "empty_body": b"From: alice@example.com\r\nSubject: \r\nMessage-ID: <c17@x.example>\r\n\r\n",
    "no_headers_at_all": b"just some text without any header\r\n",
    "empty": b"",
    "dsn_without_status": (
        b"From: MAILER-DAEMON@mx.example.org\r\nSubject: failure\r\nMessage-ID: <c18@x.example>\r\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="r"\r\n\r\n'
        b"--r\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; x\r\n--r--\r\n"
    ),
    "unknown_transfer_encoding": (
        b"From: alice@example.com\r\nSubject: enc\r\nMessage-ID: <c19@x.example>\r\n"
        b"Content-Transfer-Encoding: x-uuencode-ish\r\n\r\nbody\r\n"
    ),
    "message_id_garbage": (
        b"From: alice@example.com\r\nSubject: mid\r\nMessage-ID: not-an-id\r\n\r\nbody\r\n"
    ),
}
