"""E-mail as a platform: notices and personal messages by SMTP (aiosmtplib), signed links for one-click
answers served on the bot's web server, and calendar invitations that follow moves and cancellations."""
