"""Every request Teams makes to the bot carries a token signed by the Bot Connector: check it, all of it.

The SDK's own validator is not enough for a council's data (see ../shared/domain/platform-facts.md): it
fetches keys only from Microsoft's fixed addresses (no seam for tests), accepts any issuer unless told
otherwise and lets a token whose service URL differs from the activity's through with a log line. So the
bot checks the token itself, before the SDK sees the activity:

- signed (RS256) by a key from the OpenID configuration's key set (`Keys`, the seam: tests serve their
  own configuration and keys on loopback), not expired (five minutes' leeway, as Microsoft's SDKs);
- meant for this bot (`aud` = the app id) and issued by the Bot Connector (`https://api.botframework.com`)
  or by Entra ID for the council's own tenant (`tid`, when the token names one, must be that tenant);
- its `serviceurl` claim is the activity's `serviceUrl`, which is a host the configuration allows;
- the activity is from the council's tenant (`channelData.tenant.id` or `conversation.tenantId`).
Anything else is refused with 401 before anything is read or written; the reason is logged, never the
token or the activity.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import jwt

from bot.teams.activity import activity_tenant

_LOGGER = logging.getLogger(__name__)

BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"
LEEWAY_SECONDS = 300
_KEYS_LIFETIME = 24 * 3600  # Microsoft rotates its signing keys about every few weeks; refetch daily


class Refused(Exception):
    """The request's token (or the activity it came with) is not one the bot accepts. The message says
    which check failed, for the log; it holds nothing from the request."""


class Keys:
    """The signing keys named by an OpenID configuration (`jwks_uri`), fetched on first use and again after
    a day or when a token names a key not seen yet (a rotation). Blocking fetches run in a thread."""

    def __init__(self, openid_metadata: str, *, timeout: float = 10.0) -> None:
        self._metadata = openid_metadata
        self._timeout = timeout
        self._client: jwt.PyJWKClient | None = None
        self._fetched = 0.0
        self._lock = asyncio.Lock()

    async def key_for(self, token: str) -> Any:
        async with self._lock:
            return await asyncio.to_thread(self._key_for, token)

    def _key_for(self, token: str) -> Any:
        if self._client is None or time.monotonic() - self._fetched > _KEYS_LIFETIME:
            with urllib.request.urlopen(self._metadata, timeout=self._timeout) as response:
                metadata = json.loads(response.read())
            self._client = jwt.PyJWKClient(str(metadata["jwks_uri"]), cache_keys=True, timeout=int(self._timeout))
            self._fetched = time.monotonic()
        try:
            return self._client.get_signing_key_from_jwt(token).key
        except jwt.PyJWKClientError as error:
            raise Refused(f"no signing key for the token ({type(error).__name__})") from None


@dataclass(frozen=True)
class Checker:
    app_id: str
    tenant_id: str
    keys: Keys
    service_hosts: tuple[str, ...]

    async def claims(self, authorization: str | None, activity: Mapping[str, Any]) -> dict[str, Any]:
        """The token's claims when the request is one Teams made for this bot and tenant; else `Refused`."""
        if not authorization or not authorization.startswith("Bearer ") or len(authorization.split()) != 2:
            raise Refused("no bearer token")
        token = authorization.split()[1]
        try:
            key = await self.keys.key_for(token)
            claims: dict[str, Any] = jwt.decode(
                token,
                key=key,
                algorithms=["RS256"],
                audience=self.app_id,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.PyJWTError as error:
            raise Refused(f"token not valid ({type(error).__name__})") from None
        except (OSError, ValueError, KeyError) as error:  # the key set could not be fetched or read
            raise Refused(f"signing keys unavailable ({type(error).__name__})") from None
        issuer = str(claims.get("iss", ""))
        if issuer not in self._issuers():
            raise Refused("issuer not accepted")
        if "tid" in claims and str(claims["tid"]).lower() != self.tenant_id.lower():
            raise Refused("token from another tenant")
        service_url = str(activity.get("serviceUrl") or "")
        if _normal(str(claims.get("serviceurl", ""))) != _normal(service_url):
            raise Refused("service URL differs from the token's")
        if not allowed_service_url(service_url, self.service_hosts):
            raise Refused("service URL not allowed")
        if activity_tenant(activity).lower() != self.tenant_id.lower():
            raise Refused("activity from another tenant")
        return claims

    def _issuers(self) -> set[str]:
        return {
            BOT_FRAMEWORK_ISSUER,
            f"https://login.microsoftonline.com/{self.tenant_id}/v2.0",
            f"https://sts.windows.net/{self.tenant_id}/",
        }


def allowed_service_url(url: str, hosts: tuple[str, ...]) -> bool:
    """https on an allowed host (or its subdomain); plain http only for a loopback host that is listed."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not host or parts.username or parts.password:
        return False
    if parts.scheme == "http" and host not in ("127.0.0.1", "localhost", "::1"):
        return False
    if parts.scheme not in ("https", "http"):
        return False
    return any(host == allowed or host.endswith("." + allowed) for allowed in hosts)


def _normal(url: str) -> str:
    return url.rstrip("/").lower()
