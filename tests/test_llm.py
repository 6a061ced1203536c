"""LangChain interpreter with a fake chat model: valid output, one repair, fallback; no network."""

from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import FakeMessagesListChatModel
from langchain_core.messages import AIMessage

from assistant.interpreter import OfflineInterpreter
from assistant.llm import FALLBACK_NOTICE, LlmInterpreter, build_prompt
from assistant.settings import Settings
from semantic_layer import Catalogue, load_model


class ToolCallingFake(FakeMessagesListChatModel):
    """Replies with the queued AIMessages; records what it was sent."""

    seen: list = []

    def bind_tools(self, tools, **kwargs):
        return self

    def _generate(self, messages, stop=None, run_manager=None, **kwargs):
        self.seen.append(messages)
        return super()._generate(messages, stop=stop, run_manager=run_manager, **kwargs)


def reply(args: dict) -> AIMessage:
    return AIMessage(content="", tool_calls=[{"name": "SemanticQuery", "args": args, "id": "1"}])


@pytest.fixture(scope="module")
def catalogue(warehouse_con):
    return Catalogue.from_warehouse(load_model(), warehouse_con)


@pytest.fixture(scope="module")
def offline(catalogue):
    return OfflineInterpreter(catalogue)


def make(catalogue, offline, responses):
    fake = ToolCallingFake(responses=responses)
    fake.seen = []
    return LlmInterpreter(Settings(interpreter="llm"), catalogue, offline, chat_model=fake), fake


def test_prompt_is_built_from_the_semantic_layer(catalogue):
    prompt = build_prompt(catalogue)
    assert "clienten" in prompt and "Schildersbuurt" in prompt and "Hoeveel Wmo-cliënten" in prompt


def test_valid_structured_output_is_used(catalogue, offline):
    args = {"metrics": ["kosten"], "filters": [{"dimension": "wijk", "op": "=", "values": ["Moerwijk"]}], "years": [2022]}
    llm, fake = make(catalogue, offline, [reply(args)])
    result = llm.interpret("Wat kostte alles samen in Moerwijk in 2022?")
    assert result.kind == "query" and result.query.metrics == ["kosten"] and result.query.years == [2022]
    assert not result.notices
    sent = " ".join(str(m.content) for m in fake.seen[0])
    assert "Moerwijk in 2022" in sent


def test_invalid_output_is_repaired_once(catalogue, offline):
    bad = {"metrics": ["bestaat_niet"]}
    good = {"metrics": ["clienten"], "filters": [{"dimension": "wet", "op": "=", "values": ["Wmo"]}]}
    llm, fake = make(catalogue, offline, [reply(bad), reply(good)])
    result = llm.interpret("Hoeveel mensen krijgen Wmo?")
    assert result.kind == "query" and result.query.metrics == ["clienten"]
    assert len(fake.seen) == 2
    assert "bestaat_niet" in str(fake.seen[1][-1].content)


def test_twice_invalid_falls_back_to_offline_visibly(catalogue, offline):
    bad = {"metrics": ["clienten"], "filters": [{"dimension": "wijk", "op": "=", "values": ["Atlantis"]}]}
    llm, _ = make(catalogue, offline, [reply(bad), reply(bad)])
    result = llm.interpret("Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?")
    assert result.kind == "query"
    assert {f.dimension: f.values for f in result.query.filters}["wijk"] == ["Schildersbuurt"]
    assert FALLBACK_NOTICE in result.notices


def test_missing_provider_package_gives_dutch_notice_and_offline_answer(catalogue, offline):
    settings = Settings(interpreter="llm", llm_provider="ollama", llm_model="llama3")
    llm = LlmInterpreter(settings, catalogue, offline)
    result = llm.interpret("Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?")
    assert result.kind == "query" and result.query.metrics == ["clienten"]
    assert any("langchain-ollama" in n or "taalmodel" in n for n in result.notices)
