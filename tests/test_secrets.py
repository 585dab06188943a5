"""secrets.mask (the one masking function) and the in-memory key comparison.

Every vendor's key syntax, the malformed positions of issue 13 (typos, unknown option names,
quoted values over two lines, JSON without a colon, escaped quotes, CDATA, continuation lines),
lines that must stay readable, idempotence, and the per-run keyed digest that is never exported.
"""

from __future__ import annotations

import json

import pytest

from vpnaudit.model import PreSharedKey
from vpnaudit.secrets import MASK, key_digest, mask

from .conftest import CORPUS
from .test_report_html import CORPUS_KEYS


@pytest.mark.parametrize(("rel", "line", "key"), CORPUS_KEYS, ids=[f"{r.split('/')[-1]}:{n}" for r, n, _ in CORPUS_KEYS])
def test_mask_hides_corpus_keys(rel: str, line: int, key: str) -> None:
    text = (CORPUS / rel).read_text("utf-8")
    assert key in text.splitlines()[line - 1]  # the table points at the key
    masked = mask(text).splitlines()[line - 1]
    assert key not in masked
    assert MASK in masked


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("crypto isakmp key 6 FLgBaJHXdYY_AcHZZMgQ address 203.0.113.1", "crypto isakmp key 6 ******** address 203.0.113.1"),
        ("  pre-shared-key address 203.0.113.1 key 0 abcdEFGH1234", "  pre-shared-key address 203.0.113.1 key 0 ********"),
        ("  pre-shared-key local 6 abcdEFGH1234", "  pre-shared-key local 6 ********"),
        (" ikev1 pre-shared-key abcdEFGH1234", " ikev1 pre-shared-key ********"),
        (" ikev2 remote-authentication pre-shared-key 8 abcdEFGH1234", " ikev2 remote-authentication pre-shared-key 8 ********"),
        ('set security ike policy P pre-shared-key ascii-text "abc def"', 'set security ike policy P pre-shared-key ascii-text "********"'),
        ('pre-shared-key ascii-text "$9$abc"; ## SECRET-DATA', 'pre-shared-key ascii-text "********"; ## SECRET-DATA'),
        ('%any 203.0.113.1 : PSK "abc def"', '%any 203.0.113.1 : PSK "********"'),
        (": PSK 0sAbCd", ": PSK ********"),
        ('carol : EAP "Ar3etTnp"', 'carol : EAP "********"'),
        ('carol : EPA "Ar3etTnp"', 'carol : EPA "********"'),  # a typo of the kind
        ("203.0.113.9 : PKS abcdEFGH1234", "203.0.113.9 : PKS ********"),
        ('moon : RSA moonKey.pem "my pass"', 'moon : RSA ******** "********"'),
        ("      secret = abcdEFGH1234", "      secret = ********"),
        ("      secret = two words", "      secret = ******** ********"),
        ('"PreSharedKey": "abcd.EFGH_1234",', '"PreSharedKey": "********",'),
        ("<pre_shared_key>abcd.EFGH_1234</pre_shared_key>", "<pre_shared_key>********</pre_shared_key>"),
        ("ntp authentication-key 1 md5 sharedntpkey", "ntp authentication-key 1 md5 ********"),
        ("  key-string password 0123456789ABCDEF", "  key-string password ********"),
        ("set vpn site-to-site shared-secret abcdEFGH1234", "set vpn site-to-site shared-secret ********"),
        ("        set psksecret ENC abcdEFGH1234==", "        set psksecret ENC ********=="),
        ("  set authentication pre-shared-key key abcdEFGH1234", "  set authentication pre-shared-key key ********"),
        ('  tunnel1_preshared_key = "abcdEFGH1234"', '  tunnel1_preshared_key = "********"'),
        ("        - PreSharedKey: abcdEFGH1234", "        - PreSharedKey: ********"),
        # issue 13: typos, unknown option names, lost words
        ("crypto isakmp keyy abcdEFGH1234 address 203.0.113.9", "crypto isakmp keyy ******** address 203.0.113.9"),
        ("crypto isakmp kye abcdEFGH1234 address 203.0.113.9", "crypto isakmp kye ******** address 203.0.113.9"),
        ("crypto isakmp eky abcdEFGH1234 address 203.0.113.9", "crypto isakmp eky ******** address 203.0.113.9"),
        (" eky-string 7 abcdEFGH1234", " eky-string 7 ********"),  # these four found by bench/fuzz.py --leaks
        ("  rightpks=abcdEFGH1234", "  rightpks=********"),
        ("        PreShareKey: abcdEFGH1234", "        PreShareKey: ********"),  # holds "rekey", is no rekey
        (" pre-share-key 0 abcdEFGH1234", " pre-share-key 0 ********"),
        (" pre-shared-key address 203.0.113.9 abcdEFGH1234", " pre-shared-key address 203.0.113.9 ********"),
        ("  rightpsk=abcdEFGH1234", "  rightpsk=********"),
        ("  ike_psk = abcdEFGH1234", "  ike_psk = ********"),
        ("  authkey abcdEFGH1234", "  authkey ********"),
        ('psk="abcdEFGH1234"', 'psk="********"'),
        ('"PreSharedKey" "abcdEFGH1234",', '"PreSharedKey" "********",'),
        ('set vpn shared-secret "ab\\"cdEFGH1234"', 'set vpn shared-secret "********"'),
        ("<pre_shared_key><![CDATA[abcdEFGH1234]]></pre_shared_key>", "<pre_shared_key><![CDATA[********]]></pre_shared_key>"),
        ("description the psk is abcdEFGH1234", "description the psk ******** ********"),
        # a message quoting config: the prose after the quoted fragment stays readable
        ("block 'ascii-text abcdEFGH1234' is never closed (missing '}')",
         "block 'ascii-text ********' is never closed (missing '}')"),
    ],
)
def test_mask_every_vendor_syntax(line: str, expected: str) -> None:
    assert mask(line) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('psk="abcd\nEFGH1234" x\nnext=1', 'psk="********\n********" ********\nnext=1'),  # quoted over two lines
        ("<pre_shared_key>\nabcdEFGH1234\n</pre_shared_key>\nok", "<pre_shared_key>\n********\n</pre_shared_key>\nok"),
        ('"PreSharedKey"\n  "abcdEFGH1234",\n "x": 1', '"PreSharedKey"\n  "********",\n "x": 1'),  # JSON, no colon
        ("crypto isakmp key \\\nabcdEFGH1234 address 1.1.1.1\nhostname r1",
         "crypto isakmp key \\\n******** address 1.1.1.1\nhostname r1"),  # continuation line
        ("pre-shared-key ascii-text\n\"abcdEFGH1234\";\nmode main;", "pre-shared-key ascii-text\n\"********\";\nmode main;"),
        ("authentication-method pre-shared-keys;\n}\npolicy P {", "authentication-method pre-shared-keys;\n}\npolicy P {"),
        ("PreSharedKey: |\n  abcdEFGH1234\nType: x", "PreSharedKey: |\n  ********\nType: x"),  # YAML block scalar
        ("PreSharedKey: >-\n  abcdEFGH1234\nType: x", "PreSharedKey: >-\n  ********\nType: x"),
        ('tunnel1_preshared_key = <<EOF\nabcdEFGH1234\nEOF', "tunnel1_preshared_key = <<********\n********\nEOF"),
    ],
)
def test_mask_carries_over_lines(text: str, expected: str) -> None:
    assert mask(text) == expected


@pytest.mark.parametrize(
    "line",
    [
        "crypto keyring keyring-vpn-1",
        " ikev2 local-authentication pre-shared-key",
        " ikev2 remote-authentication certificate",
        " authentication remote pre-share",
        "authentication-method pre-shared-keys;",
        "authentication-algorithm sha-256;",
        "crypto key generate rsa general-keys modulus 2048",
        "  auth = psk",
        "authby=secret",
        "  keyexchange=ikev2",
        "  rekey_time = 3600s",
        '        "ike-p1-rekey-time": 480',
        '      "RekeyMarginTimeSeconds": 540,',
        "crypto isakmp keepalive 10 10",
        "service password-encryption",
        "password encryption aes",
        "key chain KC",
        "        set keylife 28800",
        " encryption aes-256",
        "",
    ],
)
def test_mask_leaves_other_lines_alone(line: str) -> None:
    assert mask(line) == line


@pytest.mark.parametrize("text", [
    "crypto isakmp key 6 abc address 1.1.1.1", 'psk="a\nb"', 'secret = "x\\"y" z', "<psk>\nK\n</psk>",
    "block 'ascii-text KEY' is never closed",
])
def test_mask_is_idempotent(text: str) -> None:
    once = mask(text)
    assert mask(once) == once


def test_key_comparison_is_in_memory_only() -> None:
    a = PreSharedKey.from_secret("Fixture.Key_Number1", line=3)
    b = PreSharedKey.from_secret("Fixture.Key_Number1", line=9)
    c = PreSharedKey.from_secret("Other.Key_Number22", line=9)
    masked = PreSharedKey(encrypted=True, encoding="cisco-type6", line=4)
    assert (a.same_key(b), a.same_key(c), a.same_key(masked), masked.same_key(a), a.same_key(None)) == (
        True, False, None, None, None)
    assert a.digest == key_digest("Fixture.Key_Number1") and len(a.digest or b"") == 32
    exported = json.dumps(a.model_dump(mode="json")) + repr(a) + str(a) + a.model_dump_json()
    assert "digest" not in exported and "sha256" not in exported
    assert (a.digest or b"").hex() not in exported
    assert set(a.model_dump()) >= {"length", "charset", "entropy_bits"}


def test_secret_blocks_are_found_as_the_case_insensitive_pattern_finds_them() -> None:
    """``_block_marks`` searches a lower-cased copy of an ASCII text; the marks (line indexes) are those of the
    case-insensitive pattern (which a text that is not ASCII still goes through)."""
    import bisect
    import random

    from vpnaudit import secrets

    def reference(lines: list[str]) -> list[int]:
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line) + 1)
        marks: list[int] = []
        for match in secrets._SECRET_BLOCK.finditer("\n".join(lines)):
            index = bisect.bisect_right(starts, match.start()) - 1
            if not marks or marks[-1] != index:
                marks.append(index)
        return marks

    rng = random.Random(519)
    parts = ["PSK", "Pre_Shared", "preshared", "SECRET", "PassWord", "passPHRASE", "NoEcho", "Sensitive =\tTRUE",
             "sensitive=true", "default = 1", "\n", "\n", " ", "x", "\u017f", "\u212a", "K\u0130"]
    for _ in range(3000):
        lines = "".join(rng.choice(parts) for _ in range(rng.randrange(12))).split("\n")
        assert secrets._block_marks("\n".join(lines)) == reference(lines), lines


def test_the_words_a_text_holds_are_found_slice_by_slice(monkeypatch):
    """``_candidate_starts`` learns which typo / ipsec.secrets words a text holds from slices of it
    cut after a line feed: the same words as from the whole text, at any slice size."""
    import random

    from vpnaudit import secrets

    words = sorted(w.decode() for w in secrets._scanned_words())
    rng = random.Random(14)
    pieces = [*rng.sample(words, 20), "psk", "key", " ", "=", "\n", "\n", "x", "-"]
    for size in (1, 5, 33, 1 << 16):
        monkeypatch.setattr(secrets, "_SLICE", size)
        for _ in range(200):
            text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 60)))
            whole = secrets._scanned_words().intersection(text.encode().translate(secrets._NOT_WORD).split())
            assert secrets._words_held(text) == whole, repr(text)
