"""X-Twilio-Signature (channels/twilio_whatsapp/signature.py) is checked with the twilio
package's RequestValidator, which only Rasa's environment has: the checks run there, in a
subprocess, on signatures made here the way Twilio makes them (tests/twilio_whatsapp/
fake_twilio.py sign) and on the example in Twilio's security documentation."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.twilio_whatsapp.fake_twilio import AUTH_TOKEN, load_payload, sign

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venvs" / "rasa" / "bin" / "python"
PUBLIC = "https://luna.example.org/webhooks/twilio_whatsapp/webhook"
CHECK = """
import json, sys
from channels.twilio_whatsapp.signature import is_signed_by_twilio
cases = json.load(sys.stdin)
print(json.dumps([is_signed_by_twilio(c["token"], c["url"], {k: [v] for k, v in c["form"].items()}, c["signature"])
                  for c in cases]))
"""


def checked(cases: list[dict]) -> list[bool]:
    if not RASA_PYTHON.exists():
        pytest.skip("Rasa's environment (.venvs/rasa) is not installed")
    done = subprocess.run([str(RASA_PYTHON), "-c", CHECK], input=json.dumps(cases), cwd=ROOT, capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout)


def case(form: dict, url: str = PUBLIC, token: str = AUTH_TOKEN, signature: str | None = None) -> dict:
    made = sign(AUTH_TOKEN, PUBLIC, form) if signature is None else signature
    return {"token": token, "url": url, "form": form, "signature": made}


def test_signatures_made_as_twilio_makes_them_pass_and_anything_altered_fails():
    text = load_payload("text_message", Body="I am Priya born 5 march 1990 at 10:30 pm in Pune — नमस्ते")
    media = load_payload("image_message")  # blank Body: signed too
    altered = {**text, "Body": text["Body"] + "!"}
    assert checked([
        case(text), case(media), case(load_payload("location_message")),
        case(altered, signature=sign(AUTH_TOKEN, PUBLIC, text)),  # a changed message
        case(text, url=PUBLIC.replace("luna.", "evil.")),  # another address
        case(text, token="another-auth-token"),  # another account
        case({k: v for k, v in media.items() if k != "Body"}, signature=sign(AUTH_TOKEN, PUBLIC, media)),
        case(text, signature=""),
    ]) == [True, True, True, False, False, False, False, False]


def test_twilio_signs_the_address_with_or_without_its_default_port():
    form = load_payload("text_message")
    with_port = "https://luna.example.org:443/webhooks/twilio_whatsapp/webhook"
    assert checked([case(form, url=with_port), {**case(form), "signature": sign(AUTH_TOKEN, with_port, form)}]) == [
        True, True]


def test_the_example_in_twilio_s_security_documentation():
    # twilio.com/docs/usage/security: auth token 12345, this URL and these parameters.
    form = {"CallSid": "CA1234567890ABCDE", "Caller": "+12349013030", "Digits": "1234", "From": "+12349013030",
            "To": "+18005551212"}
    url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    assert sign("12345", url, form) == "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
    assert checked([case(form, url=url, token="12345", signature="0/KCTR6DLpKmkAf8muzZqo1nDgQ=")]) == [True]
