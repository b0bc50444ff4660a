"""GitHub's published OpenAPI description, fetched from npm and used to check a fake server.

The npm package ``@octokit/openapi`` (pinned below) carries ``generated/api.github.com.json``
(about 13 MB). It is fetched once with ``npm pack`` into ``.cache/`` and only that one file
is extracted; it is parsed once per test session. The description is OpenAPI 3.0: schemas
say ``nullable: true`` where JSON Schema says ``"type": [..., "null"]``, so every schema is
converted before a Draft 4 validator (the dialect OpenAPI 3.0 schemas derive from) checks
requests and responses with it.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import jsonschema

PACKAGE = "@octokit/openapi"
VERSION = "23.0.2"
MEMBER = "package/generated/api.github.com.json"
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
_SCHEMA_ONE = ("items", "not", "additionalProperties")
_ANNOTATIONS = ("nullable", "discriminator", "example", "examples", "readOnly", "writeOnly",
                "xml", "externalDocs", "deprecated")


def fetch(cache: Path) -> Path:
    """Return the path of the pinned ``api.github.com.json``, downloading it on first use."""
    target = cache.resolve() / f"octokit-openapi-{VERSION}" / "api.github.com.json"
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is needed to fetch GitHub's OpenAPI description")
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        done = subprocess.run(
            [npm, "pack", f"{PACKAGE}@{VERSION}", "--pack-destination", scratch, "--silent"],
            capture_output=True, text=True, check=True, cwd=scratch,
        )
        archive = Path(scratch) / done.stdout.strip().splitlines()[-1]
        with tarfile.open(archive) as tar:
            member = tar.getmember(MEMBER)
            source = tar.extractfile(member)
            assert source is not None
            partial = Path(scratch) / "api.github.com.json"
            with open(partial, "wb") as out:
                shutil.copyfileobj(source, out)
        partial.replace(target)
    return target


def convert(schema: Any) -> Any:
    """Turn an OpenAPI 3.0 schema object into plain JSON Schema (draft 4)."""
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _ANNOTATIONS:
            continue
        if key in ("properties", "patternProperties"):
            out[key] = {name: convert(child) for name, child in value.items()}
        elif key in _SCHEMA_LISTS:
            out[key] = [convert(child) for child in value]
        elif key in _SCHEMA_ONE:
            out[key] = convert(value)
        else:
            out[key] = value
    if schema.get("nullable") is True:
        kind = out.get("type")
        if isinstance(kind, str):
            out["type"] = [kind, "null"]
            if "enum" in out and None not in out["enum"]:
                out["enum"] = [*out["enum"], None]
        elif "$ref" in out or kind is None:
            out = {"anyOf": [{"type": "null"}, out]}
    return out


@dataclass(frozen=True)
class Operation:
    """One operation of the description, matched from a request."""

    method: str
    template: str
    spec: dict[str, Any]
    path_parameters: dict[str, str]


class Spec:
    """The parsed description with what a fake server needs: matching and validation."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self._validators: dict[str, jsonschema.Draft4Validator] = {}
        self._routes = []
        for template, item in document["paths"].items():
            pattern = re.escape(template)
            for name in re.findall(r"\{([^}]+)\}", template):
                multi = any(p.get("x-multi-segment") for p in item.get("get", {}).get("parameters", [])
                            if isinstance(p, dict) and p.get("name") == name)
                pattern = pattern.replace(re.escape("{" + name + "}"),
                                          f"(?P<{name.replace('-', '_')}>{'.+' if multi else '[^/]+'})")
            literal = len(re.sub(r"\{[^}]+\}", "", template))
            self._routes.append((literal, re.compile(pattern + r"\Z"), template, item))
        self._routes.sort(key=lambda route: -route[0])

    @classmethod
    def load(cls, path: Path) -> Spec:
        """Parse the description file (once per session: it is large)."""
        with open(path, encoding="utf-8") as handle:
            return cls(json.load(handle))

    @cached_property
    def components(self) -> dict[str, Any]:
        """Every component schema, converted to JSON Schema."""
        return {name: convert(schema) for name, schema in self.document["components"]["schemas"].items()}

    def deref(self, node: Any) -> Any:
        """Follow ``$ref`` chains in the raw document."""
        while isinstance(node, dict) and "$ref" in node:
            target: Any = self.document
            for token in node["$ref"].lstrip("#/").split("/"):
                target = target[token.replace("~1", "/").replace("~0", "~")]
            node = target
        return node

    def match(self, method: str, path: str) -> Operation | None:
        """Return the operation serving ``method path``, or None when GitHub has none."""
        for _, pattern, template, item in self._routes:
            found = pattern.match(path)
            if found and method.lower() in item:
                names = re.findall(r"\{([^}]+)\}", template)
                values = {name: found.group(name.replace("-", "_")) for name in names}
                return Operation(method.lower(), template, item[method.lower()], values)
        return None

    def validator(self, schema: dict[str, Any], key: str) -> jsonschema.Draft4Validator:
        """A cached validator for an (unconverted) schema, resolving component refs."""
        if key not in self._validators:
            root = {"components": {"schemas": self.components}, "allOf": [convert(schema)]}
            self._validators[key] = jsonschema.Draft4Validator(root)
        return self._validators[key]

    def parameters(self, operation: Operation) -> dict[str, dict[str, Any]]:
        """The operation's parameters by (location, name)."""
        found = {}
        for parameter in operation.spec.get("parameters", []):
            parameter = self.deref(parameter)
            found[f"{parameter['in']}:{parameter['name']}"] = parameter
        return found

    def check_request(self, operation: Operation, query: dict[str, list[str]], body: Any) -> list[str]:
        """Problems of a request: unknown query parameters, wrong values, a bad body."""
        problems = []
        known = self.parameters(operation)
        for name, values in query.items():
            parameter = known.get(f"query:{name}")
            if parameter is None:
                problems.append(f"query parameter {name} is not defined for {operation.template}")
                continue
            kind = parameter.get("schema", {}).get("type")
            for value in values:
                if kind == "integer" and not re.fullmatch(r"-?\d+", value):
                    problems.append(f"query parameter {name}={value} is not an integer")
        for key, parameter in known.items():
            if key.startswith("query:") and parameter.get("required") and key[6:] not in query:
                problems.append(f"required query parameter {key[6:]} is missing")
        request_body = self.deref(operation.spec.get("requestBody")) if "requestBody" in operation.spec else None
        if request_body is None:
            if body is not None:
                problems.append(f"{operation.method.upper()} {operation.template} takes no body")
        elif body is None:
            if request_body.get("required"):
                problems.append(f"{operation.method.upper()} {operation.template} needs a body")
        else:
            schema = request_body["content"]["application/json"]["schema"]
            validator = self.validator(schema, f"request {operation.method} {operation.template}")
            problems.extend(f"request body: {e.message} at {list(e.absolute_path)}"
                            for e in validator.iter_errors(body))
        return problems

    def check_response(self, operation: Operation, status: int, body: Any) -> list[str]:
        """Problems of a response: an undocumented status or a body off its schema."""
        responses = operation.spec["responses"]
        response = responses.get(str(status)) or responses.get("default")
        if response is None:
            return [f"status {status} is not documented for {operation.method.upper()} {operation.template}"]
        response = self.deref(response)
        content = response.get("content", {}).get("application/json")
        if content is None:
            return [] if body is None else [f"status {status} of {operation.template} has no JSON body"]
        validator = self.validator(content["schema"], f"response {operation.method} {operation.template} {status}")
        return [f"response body: {e.message} at {list(e.absolute_path)}" for e in validator.iter_errors(body)]

    def example(self, operation: Operation, status: int, name: str | None = None) -> Any:
        """A deep copy of the documented example response (the first, or the one named)."""
        response = self.deref(operation.spec["responses"][str(status)])
        examples = response["content"]["application/json"]["examples"]
        chosen = examples[name] if name else next(iter(examples.values()))
        return copy.deepcopy(self.deref(chosen)["value"])

