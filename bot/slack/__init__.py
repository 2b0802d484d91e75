"""The council in Slack (slack-bolt): Socket Mode or HTTP, rendered Block Kit, and a delivery port."""

from bot.slack.adapter import SlackAdapter

__all__ = ["SlackAdapter"]
