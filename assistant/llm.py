"""The optional LLM interpreter through LangChain: same SemanticQuery, structured output.

Only the PII-scrubbed question and the semantic layer (labels, synonyms, descriptions, verified example
questions, dimension values) reach the model; warehouse rows never do. Invalid output is repaired
once (re-asked with the validation error); otherwise the offline interpreter answers, with a notice.
"""

from __future__ import annotations

import inspect
import json
import logging
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from assistant.interpreter import Interpretation, OfflineInterpreter
from semantic_layer.query import SemanticQuery

log = logging.getLogger("wijkvraag.llm")

MAX_EXAMPLES = 10  # worked examples in the prompt: with the names and the tool schema it fits an 8k context
PROVIDER_PACKAGES = {
    "openai": "langchain-openai",
    "azure_openai": "langchain-openai",
    "ollama": "langchain-ollama",
    "anthropic": "langchain-anthropic",
    "mistralai": "langchain-mistralai",
}
FALLBACK_NOTICE = "Het taalmodel gaf geen bruikbare interpretatie; de ingebouwde (offline) interpretatie is gebruikt."


def build_prompt(catalogue) -> str:
    """The system prompt: every name the model may use, from the semantic layer."""
    model = catalogue.model
    lines = [
        "Je vertaalt een Nederlandse vraag over het sociaal domein naar een SemanticQuery (gestructureerde uitvoer).",
        "Gebruik uitsluitend de metric-, dimensie- en waardenamen hieronder. Schrijf nooit SQL.",
        "years = null betekent het laatste jaar met gegevens. Een trend: dimensions bevat 'jaar' en years de jaren.",
        "Zonder gebiedsfilter gaat een gemeentelijk cijfer over de hele gemeente "
        f"{getattr(catalogue, 'home_gemeente', '') or ''}.",
        f"Laatste jaar met gegevens: {catalogue.latest_year}; jaren: {', '.join(str(y) for y in catalogue.years)}.",
        "",
        "METRICS:",
    ]
    for name, metric in model.metrics.items():  # short: a small local model has a context of a few thousand tokens
        lines.append(f"- {name}: {metric.label}. {_first_sentence(metric.description)} Eenheid: {metric.unit}. "
                     f"Ook: {', '.join(metric.synonyms[:3])}. Dimensies: {', '.join(metric.dimensions)}.")
        if metric.preferred_over:
            lines.append(f"  (heeft voorrang boven {', '.join(metric.preferred_over)}: {metric.preference_reason or ''})")
    lines.append("")
    lines.append("DIMENSIES:")
    for name, dim in model.dimensions.items():
        try:
            values = [str(v) for v in catalogue.values(name)]
        except Exception:
            values = [str(v) for v in dim.values]
        shown = values if len(values) <= 50 else values[:12] + [f"... ({len(values)} in totaal; schrijf de naam zoals het CBS)"]
        lines.append(f"- {name}: {dim.label}. {_first_sentence(dim.description)} Waarden: {', '.join(shown)}")
    lines.append("")
    lines.append("VOORBEELDEN:")
    examples = [metric.examples[0] for metric in model.metrics.values() if metric.examples][:MAX_EXAMPLES]
    for example in examples:
        lines.append(f"Vraag: {example.question}\nQuery: {json.dumps(example.query, ensure_ascii=False)}")
    return "\n".join(lines)


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    end = text.find(". ")
    return text if end < 0 else text[:end + 1]


def validate_against(query: SemanticQuery, catalogue) -> list[str]:
    """Dutch problems with a model-produced query (unknown metric, dimension or value)."""
    model = catalogue.model
    problems: list[str] = []
    for name in query.metrics:
        if name not in model.metrics:
            problems.append(f"onbekende metric '{name}'")
    allowed = set()
    for name in query.metrics:
        if name in model.metrics:
            allowed |= set(model.metrics[name].dimensions)
    for dim in query.dimensions:
        if dim not in model.dimensions:
            problems.append(f"onbekende dimensie '{dim}'")
        elif allowed and dim not in allowed:
            problems.append(f"dimensie '{dim}' past niet bij {', '.join(query.metrics)}")
    for f in query.filters:
        if f.dimension not in model.dimensions:
            problems.append(f"onbekende filterdimensie '{f.dimension}'")
            continue
        kind = model.dimensions[f.dimension].spec.get("kind")
        if kind in ("area", "category"):
            values = {str(v) for v in catalogue.values(f.dimension)}
            for v in f.values:
                if str(v) not in values:
                    problems.append(f"onbekende waarde '{v}' voor {f.dimension}")
    return problems


class LlmInterpreter:
    """LangChain chat model with structured output; the offline interpreter is the safety net."""

    name = "llm"

    def __init__(self, settings, catalogue, offline: OfflineInterpreter, chat_model: Any = None):
        self.settings = settings
        self.catalogue = catalogue
        self.offline = offline
        self.prompt = build_prompt(catalogue)
        self._model = chat_model
        self._structured = None
        self.setup_error: str | None = None
        if self._model is None:
            self._model, self.setup_error = self._init_model()
        if self._model is not None:
            # function calling: the SemanticQuery schema as a tool; what OpenAI-compatible local servers accept
            # (not the response_format of OpenAI's own structured outputs)
            method = {"method": "function_calling"} if "method" in inspect.signature(
                self._model.with_structured_output).parameters else {}
            self._structured = self._model.with_structured_output(SemanticQuery, include_raw=True, **method)

    def _init_model(self) -> tuple[Any, str | None]:
        provider = self.settings.llm_provider
        model_name = self.settings.llm_model
        if not provider or not model_name:
            return None, ("Er is geen taalmodel ingesteld (WIJKVRAAG_LLM_PROVIDER en WIJKVRAAG_LLM_MODEL); "
                          "de ingebouwde interpretatie wordt gebruikt.")
        try:
            from langchain.chat_models import init_chat_model

            kwargs: dict[str, Any] = {"model_provider": provider, "temperature": 0}
            if self.settings.llm_base_url:
                kwargs["base_url"] = self.settings.llm_base_url
            if self.settings.llm_api_key:
                kwargs["api_key"] = self.settings.llm_api_key
            if provider != "ollama":
                kwargs["timeout"] = self.settings.llm_timeout_s
            return init_chat_model(model_name, **kwargs), None
        except ImportError:
            package = PROVIDER_PACKAGES.get(provider, f"langchain-{provider}")
            return None, (f"Het pakket '{package}' voor taalmodelaanbieder '{provider}' is niet geïnstalleerd; "
                          "de ingebouwde interpretatie wordt gebruikt.")
        except Exception as exc:  # unknown provider, bad configuration
            log.warning("taalmodel niet te starten: %s", exc)
            return None, f"Het taalmodel kon niet worden gestart ({provider}); de ingebouwde interpretatie wordt gebruikt."

    # ------------------------------------------------------------------
    def interpret(self, question: str, context: SemanticQuery | None = None,
                  earlier: Sequence[SemanticQuery] = ()) -> Interpretation:
        # definitions, overviews, 'toon de SQL', chart requests, empty input: answered by the rules
        local = self.offline.interpret(question, context, earlier)
        if local.kind not in ("query", "clarification", "out_of_scope"):
            return local
        if self._structured is None:
            local.notices = [self.setup_error or FALLBACK_NOTICE, *local.notices]
            return local
        messages: list[Any] = [("system", self.prompt)]
        if context is not None:
            messages.append(("system", "Vorige vraag in dit gesprek (voor vervolgvragen): "
                             + context.model_dump_json(exclude_none=True)))
        messages.append(("human", question))
        error = None
        for attempt in range(2):
            try:
                result = self._structured.invoke(messages)
            except Exception as exc:  # unreachable server, timeout, provider error
                log.warning("taalmodel onbereikbaar: %s", exc)
                local.notices = ["Het taalmodel is niet bereikbaar; de ingebouwde interpretatie is gebruikt.",
                                 *local.notices]
                return local
            query, error = self._read(result)
            if query is not None:
                return Interpretation("query", query=query, followup=context is not None)
            messages.append(("human", f"Die uitvoer was ongeldig: {error}. Geef een geldige SemanticQuery "
                                      "met alleen bestaande namen."))
        log.info("taalmodeluitvoer ongeldig na herstelpoging: %s", error)
        local.notices = [FALLBACK_NOTICE, *local.notices]
        return local

    def _read(self, result: Any) -> tuple[SemanticQuery | None, str | None]:
        parsed = result.get("parsed") if isinstance(result, dict) else result
        parsing_error = result.get("parsing_error") if isinstance(result, dict) else None
        if parsing_error is not None or parsed is None:
            return None, str(parsing_error or "geen uitvoer")
        try:
            query = parsed if isinstance(parsed, SemanticQuery) else SemanticQuery.model_validate(parsed)
        except ValidationError as exc:
            return None, str(exc)
        problems = validate_against(query, self.catalogue)
        if problems:
            return None, "; ".join(problems)
        return query, None
