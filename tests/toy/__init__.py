"""A toy chat platform, made in the tests with nothing but this package and a registry entry: the proof
that the platform seam (bot/platforms.py, bot/chat.py) is all a new platform needs.

Its "platform" is a JSON endpoint on the process's web server: `POST /toy/messages` with
`{"id", "user", "room", "text"}` answers with what the bot would show there; rooms named `dm-…` are
private chats with the bot. Its delivery port keeps what the outbox sent it.
"""
