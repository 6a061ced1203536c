"""Wijkvraag assistant: Dutch questions in, guarded answers out.

Public surface::

    from assistant import Assistant, Settings
    assistant = Assistant(Settings())              # heavy objects once per process
    session = assistant.new_session(user="u1", role="beleidsmaker")
    answer = session.ask("Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?")
    answer.to_json_dict()
"""

from assistant.answer import Answer, Chart
from assistant.settings import Settings

__all__ = ["Answer", "Assistant", "AssistantError", "Chart", "Session", "Settings", "shared_assistant"]


def __getattr__(name: str):
    # the heavy parts (warehouse, guards, interpreter) load only when asked for
    if name in ("Assistant", "Session", "AssistantError", "shared_assistant"):
        from assistant import session

        return getattr(session, name)
    raise AttributeError(name)
