"""The records, the rules and the local store; imports no other lobbydesk package."""
