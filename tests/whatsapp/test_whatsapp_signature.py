"""Who may talk to the webhook (channels/whatsapp/signature.py): Meta signs each POST's raw
body with the app secret (X-Hub-Signature-256: sha256=<hex HMAC-SHA256>) and its GET
handshake repeats the verify token."""

from __future__ import annotations

import hashlib
import hmac

from channels.whatsapp.signature import Signature, check_signature, handshake_challenge, sign

SECRET = "0123456789abcdef0123456789abcdef"
BODY = b'{"object":"whatsapp_business_account","entry":[]}'


def test_the_signature_is_meta_s_hmac_of_the_raw_body():
    assert sign(BODY, SECRET) == "sha256=" + hmac.new(SECRET.encode(), BODY, hashlib.sha256).hexdigest()


def test_a_good_signature_is_valid_in_either_case_of_hex():
    assert check_signature(sign(BODY, SECRET), BODY, SECRET) is Signature.VALID
    assert check_signature(sign(BODY, SECRET).upper().replace("SHA256=", "sha256="), BODY, SECRET) is Signature.VALID


def test_missing_wrong_and_altered_bodies_are_refused():
    assert check_signature(None, BODY, SECRET) is Signature.MISSING
    assert check_signature("", BODY, SECRET) is Signature.MISSING
    assert check_signature(sign(BODY, "another secret"), BODY, SECRET) is Signature.WRONG
    assert check_signature(sign(BODY, SECRET), BODY + b" ", SECRET) is Signature.WRONG
    assert check_signature("sha1=" + sign(BODY, SECRET)[7:], BODY, SECRET) is Signature.WRONG


def test_without_an_app_secret_nothing_is_believed():
    assert check_signature(sign(BODY, ""), BODY, "") is Signature.WRONG


def test_the_handshake_echoes_the_challenge_only_for_the_right_token():
    query = {"hub.mode": "subscribe", "hub.verify_token": "luna-verify", "hub.challenge": "1158201444"}
    assert handshake_challenge(query, "luna-verify") == "1158201444"
    assert handshake_challenge({**query, "hub.verify_token": "nope"}, "luna-verify") is None
    assert handshake_challenge({**query, "hub.mode": "unsubscribe"}, "luna-verify") is None
    assert handshake_challenge({k: v for k, v in query.items() if k != "hub.challenge"}, "luna-verify") is None
    assert handshake_challenge({**query, "hub.verify_token": ""}, "") is None
