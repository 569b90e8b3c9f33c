"""Tools the model may call (OpenAI function calling): name -> async function + JSON schema."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    parameters: dict[str, Any]  # JSON schema of the arguments object
    function: Callable[..., Awaitable[Any]]

    def schema(self) -> dict[str, Any]:
        return {
            "type": "function",
            "function": {
                "name": self.name,
                "description": self.description,
                "parameters": self.parameters,
            },
        }


async def run_tool_call(tools: dict[str, Tool], name: str, arguments: str) -> str:
    """Run one call and return its result as the JSON text sent back to the model.

    Errors go back to the model as data (so it can recover or answer without the tool),
    never up to the user.
    """
    tool = tools.get(name)
    if tool is None:
        return json.dumps({"error": f"unknown tool {name}"})
    try:
        kwargs = json.loads(arguments or "{}")
        if not isinstance(kwargs, dict):
            raise ValueError("arguments must be a JSON object")
        result = await tool.function(**kwargs)
    except (ValueError, TypeError) as error:
        return json.dumps({"error": f"bad arguments: {error}"})
    return json.dumps(result, default=str)
