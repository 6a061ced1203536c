"""The LLM path over HTTP: the real langchain-openai client talks to a small OpenAI-compatible server started here on
127.0.0.1, which answers chat completions with a tool call (function calling, what local servers accept). The whole
question runs through the assistant: interpretation by the model, then the same compiler and guards."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assistant import Assistant, Settings
from assistant.llm import FALLBACK_NOTICE, build_prompt

SCHILDERSBUURT = {"metrics": ["clienten"], "filters": [{"dimension": "wet", "op": "=", "values": ["Wmo"]},
                                                       {"dimension": "wijk", "op": "=", "values": ["Schildersbuurt"]}],
                  "years": [2023]}


class ChatStub:
    """An OpenAI-compatible chat-completions endpoint: each request gets the next queued tool-call arguments."""

    def __init__(self):
        self.requests: list[dict] = []
        self.replies: list[dict] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stub.requests.append({"path": self.path, "body": body})
                name = body["tools"][0]["function"]["name"] if body.get("tools") else "SemanticQuery"
                args = stub.replies.pop(0) if stub.replies else {}
                message = {"role": "assistant", "content": None, "tool_calls": [
                    {"id": f"call_{len(stub.requests)}", "type": "function",
                     "function": {"name": name, "arguments": json.dumps(args)}}]}
                data = json.dumps({"id": "chatcmpl-stub", "object": "chat.completion", "created": 0, "model": "stub",
                                   "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls"}],
                                   "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stub():
    s = ChatStub()
    yield s
    s.close()


def _assistant(tmp_path, url: str) -> Assistant:
    return Assistant(Settings(interpreter="llm", llm_provider="openai", llm_model="stub-model", llm_base_url=url,
                              llm_api_key="test", llm_timeout_s=10, release_log_path=tmp_path / "vrijgaven.sqlite",
                              audit_log_path=tmp_path / "audit.jsonl", app_db_path=tmp_path / "app.sqlite"))


def test_the_openai_client_over_http_answers_through_the_guards(stub, tmp_path, warehouse_con):
    stub.replies = [SCHILDERSBUURT]
    answer = _assistant(tmp_path, stub.url).new_session("beleid").ask(
        "Hoeveel mensen met Wmo-ondersteuning woonden er in 2023 in de Schildersbuurt?")
    assert answer.status == "answered" and answer.columns == ["clienten"]
    truth = warehouse_con.execute("SELECT count(DISTINCT persoon_id) FROM vw_voorziening_jaar WHERE jaar = 2023 "
                                  "AND wet = 'Wmo' AND wijk = 'Schildersbuurt'").fetchone()[0]
    assert abs(answer.rows[0][0] - truth) <= 2  # released with the cell key perturbation
    assert len(stub.requests) == 1
    sent = stub.requests[0]
    assert sent["path"] == "/v1/chat/completions" and sent["body"]["model"] == "stub-model"
    # function calling: the SemanticQuery schema as a tool the model is made to call
    tool = sent["body"]["tools"][0]["function"]
    assert tool["name"] == "SemanticQuery" and "metrics" in tool["parameters"]["properties"]
    assert sent["body"]["tool_choice"]["function"]["name"] == "SemanticQuery"
    assert "response_format" not in sent["body"]
    messages = sent["body"]["messages"]
    assert messages[0]["role"] == "system" and messages[-1]["content"].startswith("Hoeveel mensen met Wmo")


def test_an_invalid_reply_is_repaired_once_over_http(stub, tmp_path):
    stub.replies = [{"metrics": ["bestaat_niet"]}, SCHILDERSBUURT]
    answer = _assistant(tmp_path, stub.url).new_session("beleid").ask("Wmo-cliënten Schildersbuurt 2023?")
    assert answer.status == "answered" and len(stub.requests) == 2
    assert "ongeldig" in stub.requests[1]["body"]["messages"][-1]["content"]


def test_twice_invalid_falls_back_to_the_offline_reading(stub, tmp_path):
    stub.replies = [{"metrics": ["bestaat_niet"]}, {"metrics": ["ook_niet"]}]
    answer = _assistant(tmp_path, stub.url).new_session("beleid").ask(
        "Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?")
    assert answer.status == "answered" and FALLBACK_NOTICE in answer.notices


def test_an_unreachable_server_falls_back_with_a_notice(tmp_path):
    stub = ChatStub()
    url = stub.url
    stub.close()  # nothing listens there any more
    answer = _assistant(tmp_path, url).new_session("beleid").ask(
        "Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?")
    assert answer.status == "answered" and any("niet bereikbaar" in n for n in answer.notices)


def test_the_prompt_and_the_tool_schema_fit_a_small_context(warehouse_con):
    """A local model with an 8k-token context: the system prompt and the SemanticQuery tool schema together stay
    under 6k tokens (about 4 characters per token), leaving room for the conversation and the answer."""
    from semantic_layer import Catalogue, SemanticQuery, load_model

    prompt = build_prompt(Catalogue.from_warehouse(load_model(), warehouse_con))
    schema = json.dumps(SemanticQuery.model_json_schema())
    assert (len(prompt) + len(schema)) / 4 <= 6000, f"prompt {len(prompt)} + schema {len(schema)} tekens"
