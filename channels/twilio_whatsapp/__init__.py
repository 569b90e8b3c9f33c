"""Luna on WhatsApp through Twilio (credentials.yml:
`channels.twilio_whatsapp.channel.TwilioWhatsAppInput`, webhook
`/webhooks/twilio_whatsapp/webhook`). Only channel.py needs Rasa; the rest is plain Python
and httpx, so the tests' environment imports it too (signature.py needs the twilio
package, which Rasa's environment has)."""
