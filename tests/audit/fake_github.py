"""A fake GitHub REST API on 127.0.0.1, checked against GitHub's OpenAPI description.

It serves the endpoints the audit's PyGithub adapter calls, from in-memory state that a
test sets up. Every response starts from the description's own example for that
operation, patched with the test's data; every request and every response is checked
against the description, and each mismatch is recorded in :attr:`FakeGitHub.problems`
(tests assert it stays empty). Every absolute URL it returns uses its own host and port.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import posixpath
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from openapi_spec import Operation, Spec

_GITHUB = re.compile(r"https://(?:api\.|uploads\.)?github\.com")
_NOT_FOUND = {"message": "Not Found",
              "documentation_url": "https://docs.github.com/rest", "status": "404"}
COMMENT_LIMIT = 65_536  # characters; GitHub refuses a longer comment body with 422
REGULAR = "100644"
SYMLINK = "120000"
SUBMODULE = "160000"


def sha_of(text: str) -> str:
    """A stable fake commit or blob sha."""
    return hashlib.sha1(text.encode()).hexdigest()


@dataclass
class Review:
    """A review as the fake stores it."""

    login: str | None
    state: str
    commit_id: str
    id: int = 0


@dataclass
class Comment:
    """An issue comment as the fake stores it."""

    id: int
    body: str
    login: str
    type: str = "User"


@dataclass
class FakeGitHub:
    """State of one repository with one pull request, and the server serving it."""

    spec: Spec
    owner: str = "example-org"
    repo: str = "taskbook"
    number: int = 7
    author: str = "xian-workgroup-example"
    head_sha: str = field(default_factory=lambda: sha_of("head"))
    base_sha: str = field(default_factory=lambda: sha_of("base"))
    files: list[dict[str, Any]] = field(default_factory=list)
    contents: dict[tuple[str, str], bytes] = field(default_factory=dict)
    reviews: list[Review] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    statuses: list[dict[str, Any]] = field(default_factory=list)
    default_branch: str = "main"
    base_ref: str = "main"
    private: bool = True
    changed_files: int | None = None  # what the pull request reports; None: len(files)
    head_author: str | None = "xian-workgroup-example"  # GitHub account of the head commit's author
    head_committer: str | None = "xian-workgroup-example"
    modes: dict[tuple[str, str], str] = field(default_factory=dict)  # (commit, path) → git file mode
    symlinks: dict[tuple[str, str], str] = field(default_factory=dict)  # (commit, path) → target
    large: set[tuple[str, str]] = field(default_factory=set)  # served without content (over 1 MB)
    huge: set[tuple[str, str]] = field(default_factory=set)  # refused with 403 (over 100 MB)
    tree_truncated: bool = False
    teams: dict[str, set[str]] = field(default_factory=dict)
    forbidden_teams: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    requests: list[tuple[str, str]] = field(default_factory=list)
    bot_login: str = "github-actions[bot]"
    _ids: Any = field(default_factory=lambda: itertools.count(1000))

    # --- set-up helpers -------------------------------------------------------------
    def put(self, ref: str, path: str, text: str | bytes) -> None:
        """Store a file's content at a commit."""
        self.contents[(ref, path)] = text.encode() if isinstance(text, str) else text

    def link(self, ref: str, path: str, target: str) -> None:
        """Store a symbolic link (mode 120000) whose target is ``target``, relative to it."""
        self.symlinks[(ref, path)] = target
        self.modes[(ref, path)] = SYMLINK

    def change(self, path: str, status: str = "modified", previous: str | None = None) -> None:
        """List a file of the pull request."""
        entry = {"filename": path, "status": status}
        if previous:
            entry["previous_filename"] = previous
        self.files.append(entry)

    def review(self, login: str | None, state: str, commit_id: str | None = None) -> None:
        """Add a submitted review (on the head commit unless told otherwise)."""
        self.reviews.append(Review(login, state, commit_id or self.head_sha, next(self._ids)))

    # --- the server -----------------------------------------------------------------
    def start(self) -> None:
        """Serve on an ephemeral port of 127.0.0.1 in a background thread."""
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                status, headers, body = fake.handle(self.command, self.path, dict(self.headers), raw)
                data = b"" if body is None else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)
        self.thread.start()

    def stop(self) -> None:
        """Stop serving."""
        self.server.shutdown()
        self.server.server_close()

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def repo_url(self) -> str:
        """The repository's API URL."""
        return f"{self.base_url}/repos/{self.owner}/{self.repo}"

    # --- dispatch -------------------------------------------------------------------
    def handle(self, method: str, target: str, headers: dict[str, str], raw: bytes
               ) -> tuple[int, dict[str, str], Any]:
        """Check the request, answer it, check the answer."""
        parts = urlsplit(target)
        query = parse_qs(parts.query, keep_blank_values=True)
        self.requests.append((method, target))
        if not headers.get("Authorization", "").startswith(("token ", "Bearer ")):
            self.problems.append(f"{method} {target}: no token sent")
        operation = self.spec.match(method, parts.path)
        if operation is None:
            self.problems.append(f"{method} {parts.path}: GitHub has no such operation")
            return 404, {}, _NOT_FOUND
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            self.problems.append(f"{method} {target}: body is not JSON")
            body = None
        self.problems.extend(f"{method} {target}: {p}"
                             for p in self.spec.check_request(operation, query, body))
        handler = getattr(self, "_" + re.sub(r"\W+", "_", f"{operation.method} {operation.template}").strip("_"), None)
        if handler is None:
            self.problems.append(f"{method} {operation.template}: not implemented by the fake")
            return 404, {}, _NOT_FOUND
        status, extra, answer, documented = handler(operation, query, body, parts.path)
        answer = self._localize(answer)
        extra = {name: _GITHUB.sub(self.base_url, value) for name, value in extra.items()}
        if documented:
            self.problems.extend(f"{method} {target} → {status}: {p}"
                                 for p in self.spec.check_response(operation, status, answer))
        return status, extra, answer

    def _localize(self, value: Any) -> Any:
        """Point every absolute GitHub URL at this server."""
        if isinstance(value, str):
            return _GITHUB.sub(self.base_url, value)
        if isinstance(value, list):
            return [self._localize(item) for item in value]
        if isinstance(value, dict):
            return {key: self._localize(item) for key, item in value.items()}
        return value

    def _page(self, items: list[Any], query: dict[str, list[str]], path: str
              ) -> tuple[list[Any], dict[str, str]]:
        per_page = min(int(query.get("per_page", ["30"])[0]), 100)
        page = int(query.get("page", ["1"])[0])
        last = max(1, -(-len(items) // per_page))
        links = []
        if page < last:
            for rel, number in (("next", page + 1), ("last", last)):
                url = f"{self.base_url}{path}?{urlencode({'per_page': per_page, 'page': number})}"
                links.append(f'<{url}>; rel="{rel}"')
        return items[(page - 1) * per_page: page * per_page], ({"Link": ", ".join(links)} if links else {})

    def _user(self, operation: Operation, template: dict[str, Any], login: str, kind: str = "User"
              ) -> dict[str, Any]:
        user = dict(template)
        user.update(login=login, id=int(sha_of(login)[:6], 16), type=kind,
                    url=f"{self.base_url}/users/{login}", html_url=f"{self.base_url}/{login}")
        return user

    # --- endpoints (named after method and path template) ----------------------------
    def _get_repos_owner_repo_pulls_pull_number(self, op, query, body, path):
        if int(op.path_parameters["pull_number"]) != self.number:
            return 404, {}, _NOT_FOUND, True
        pull = self.spec.example(op, 200)
        pull.update(
            number=self.number, state="open", url=f"{self.repo_url}/pulls/{self.number}",
            issue_url=f"{self.repo_url}/issues/{self.number}",
            html_url=f"{self.base_url}/{self.owner}/{self.repo}/pull/{self.number}",
            user=self._user(op, pull["user"], self.author), requested_teams=[],
            changed_files=len(self.files) if self.changed_files is None else self.changed_files,
        )
        pull["head"].update(sha=self.head_sha, ref="feature")
        pull["base"].update(sha=self.base_sha, ref=self.base_ref)
        return 200, {}, pull, True

    def _get_repos_owner_repo(self, op, query, body, path):
        if (op.path_parameters["owner"], op.path_parameters["repo"]) != (self.owner, self.repo):
            return 404, {}, _NOT_FOUND, True
        repo = self.spec.example(op, 200)
        repo.update(name=self.repo, full_name=f"{self.owner}/{self.repo}", private=self.private,
                    visibility="private" if self.private else "public",
                    default_branch=self.default_branch, url=self.repo_url,
                    html_url=f"{self.base_url}/{self.owner}/{self.repo}")
        # The description's own example fails its schema at `language` (also inside the
        # fork's `source` and `parent`); this repository is no fork.
        repo.update(language=None, fork=False)
        for key in ("source", "parent"):
            repo.pop(key, None)
        return 200, {}, repo, True

    def _resolve(self, ref: str) -> str:
        """A branch name stands for its tip: the default branch's is the base commit."""
        return self.base_sha if ref == self.default_branch else ref

    def _get_repos_owner_repo_git_trees_tree_sha(self, op, query, body, path):
        sha = self._resolve(op.path_parameters["tree_sha"])
        paths = sorted({name for ref, name in [*self.contents, *self.symlinks, *self.modes]
                        if ref == sha})
        if not paths:
            return 404, {}, _NOT_FOUND, True
        recursive = "recursive" in query
        template = self.spec.example(op, 200)["tree"][0]
        entries: dict[str, dict[str, Any]] = {}
        for name in paths:
            parts = name.split("/")
            for depth in range(1, len(parts)):
                folder = "/".join(parts[:depth])
                entries.setdefault(folder, {"path": folder, "mode": "040000", "type": "tree",
                                            "sha": sha_of(folder)})
            mode = self.modes.get((sha, name), REGULAR)
            entry = {"path": name, "mode": mode, "sha": sha_of(name),
                     "type": "commit" if mode == SUBMODULE else "blob"}
            if mode != SUBMODULE:
                raw = self.contents.get((sha, name)) or self.symlinks.get((sha, name), "").encode()
                entry["size"] = len(raw)
            entries[name] = entry
        listed = [dict(template, **entry) for key, entry in sorted(entries.items())
                  if recursive or "/" not in key]
        for entry in listed:
            entry["url"] = f"{self.repo_url}/git/{'trees' if entry['type'] == 'tree' else 'blobs'}/{entry['sha']}"
            if "size" not in entry:
                entry.pop("size", None)
        answer = {"sha": sha, "url": f"{self.repo_url}/git/trees/{sha}", "tree": listed,
                  "truncated": self.tree_truncated}
        return 200, {}, answer, True

    def _get_repos_owner_repo_commits_ref(self, op, query, body, path):
        sha = self._resolve(op.path_parameters["ref"])
        if sha != self.head_sha:
            return 404, {}, _NOT_FOUND, True
        commit = self.spec.example(op, 200)
        template = commit["author"]
        commit.update(sha=sha, url=f"{self.repo_url}/commits/{sha}", files=[],
                      author=None if self.head_author is None else self._user(op, template, self.head_author),
                      committer=None if self.head_committer is None
                      else self._user(op, template, self.head_committer))
        return 200, {}, commit, True

    def _get_repos_owner_repo_pulls_pull_number_files(self, op, query, body, path):
        template = self.spec.example(op, 200)[0]
        entries = []
        for item in self.files:
            entry = dict(template)
            entry.pop("previous_filename", None)
            entry.update(item, sha=sha_of(item["filename"]))
            entries.append(entry)
        items, headers = self._page(entries, query, path)
        return 200, headers, items, True

    def _get_repos_owner_repo_contents_path(self, op, query, body, path):
        ref = self._resolve(query.get("ref", [self.default_branch])[0])
        name = op.path_parameters["path"]
        link = self.symlinks.get((ref, name))
        if link is not None:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), link))
            if (ref, target) not in self.contents:
                # A link to anything but a file of the repository is described, not followed.
                entry = self.spec.example(op, 200, "response-if-content-is-a-symlink")
                entry.update(target=link, size=len(link), name=name.rsplit("/", 1)[-1], path=name,
                             sha=sha_of(link), url=f"{self.repo_url}/contents/{name}?ref={ref}")
                return 200, {}, entry, True
            name = target  # GitHub answers with the content of the linked file
        if self.modes.get((ref, name)) == SUBMODULE:
            entry = self.spec.example(op, 200, "response-if-content-is-a-submodule")
            entry.update(name=name.rsplit("/", 1)[-1], path=name, sha=sha_of(name),
                         url=f"{self.repo_url}/contents/{name}?ref={ref}")
            return 200, {}, entry, True
        raw = self.contents.get((ref, name))
        if raw is None:
            return 404, {}, _NOT_FOUND, True
        if (ref, name) in self.huge:
            return 403, {}, {"message": "This API returns blobs up to 100 MB in size. The requested "
                             "blob is too large to fetch via the API, but you can use the Git Data "
                             "API to request blobs up to 100 MB in size.",
                             "errors": [{"resource": "Blob", "field": "data", "code": "too_large"}],
                             "documentation_url": "https://docs.github.com/rest"}, True
        entry = self.spec.example(op, 200, "response-if-content-is-a-file")
        entry.update(
            type="file", encoding="base64", size=len(raw), name=name.rsplit("/", 1)[-1], path=name,
            content=base64.b64encode(raw).decode(), sha=sha_of(raw.decode("latin-1")),
            url=f"{self.repo_url}/contents/{name}?ref={ref}",
        )
        if (ref, name) in self.large:
            entry.update(encoding="none", content="")  # files over 1 MB come without content
        return 200, {}, entry, True

    def _get_repos_owner_repo_pulls_pull_number_reviews(self, op, query, body, path):
        template = self.spec.example(op, 200)[0]
        entries = []
        for review in self.reviews:
            entry = dict(template)
            entry.update(id=review.id, state=review.state, commit_id=review.commit_id,
                         user=None if review.login is None
                         else self._user(op, template["user"], review.login))
            entries.append(entry)
        items, headers = self._page(entries, query, path)
        return 200, headers, items, True

    def _comment(self, template: dict[str, Any], comment: Comment) -> dict[str, Any]:
        entry = dict(template)
        entry.update(id=comment.id, body=comment.body,
                     url=f"{self.repo_url}/issues/comments/{comment.id}",
                     html_url=f"{self.base_url}/{self.owner}/{self.repo}/pull/{self.number}#issuecomment-{comment.id}",
                     issue_url=f"{self.repo_url}/issues/{self.number}",
                     user=self._user(None, template["user"], comment.login, comment.type))
        return entry

    def _get_repos_owner_repo_issues_issue_number_comments(self, op, query, body, path):
        template = self.spec.example(op, 200)[0]
        items, headers = self._page([self._comment(template, c) for c in self.comments], query, path)
        return 200, headers, items, True

    @staticmethod
    def _too_long(body: dict[str, Any]) -> tuple[int, dict[str, str], Any, bool] | None:
        """GitHub's answer to a comment body over its limit, else None."""
        if len(body["body"]) <= COMMENT_LIMIT:
            return None
        return 422, {}, {"message": "Validation Failed",
                         "errors": [{"resource": "IssueComment", "code": "custom", "field": "body",
                                     "message": "body is too long (maximum is 65536 characters)"}],
                         "documentation_url": "https://docs.github.com/rest"}, True

    def _post_repos_owner_repo_issues_issue_number_comments(self, op, query, body, path):
        if refused := self._too_long(body):
            return refused
        comment = Comment(next(self._ids), body["body"], self.bot_login, "Bot")
        self.comments.append(comment)
        entry = self._comment(self.spec.example(op, 201), comment)
        return 201, {"Location": entry["url"]}, entry, True

    def _patch_repos_owner_repo_issues_comments_comment_id(self, op, query, body, path):
        wanted = int(op.path_parameters["comment_id"])
        if refused := self._too_long(body):
            return refused
        for comment in self.comments:
            if comment.id == wanted:
                comment.body = body["body"]
                return 200, {}, self._comment(self.spec.example(op, 200), comment), True
        return 404, {}, _NOT_FOUND, False

    def _post_repos_owner_repo_statuses_sha(self, op, query, body, path):
        sha = op.path_parameters["sha"]
        self.statuses.append({"sha": sha, **body})
        status = self.spec.example(op, 201)
        status.update(state=body["state"], description=body.get("description"),
                      target_url=body.get("target_url"), context=body.get("context", "default"),
                      url=f"{self.repo_url}/statuses/{sha}")
        return 201, {}, status, True

    def _get_orgs_org_teams_team_slug_memberships_username(self, op, query, body, path):
        team = f"{op.path_parameters['org']}/{op.path_parameters['team_slug']}".lower()
        if team in self.forbidden_teams:
            # What an installation token gets; GitHub's description does not list it.
            return 403, {}, {"message": "Resource not accessible by integration",
                             "documentation_url": "https://docs.github.com/rest", "status": "403"}, False
        if op.path_parameters["username"].lower() not in self.teams.get(team, set()):
            return 404, {}, None, True
        membership = self.spec.example(op, 200)
        membership.update(state="active", url=f"{self.base_url}/teams/1/memberships/"
                          f"{op.path_parameters['username']}")
        return 200, {}, membership, True
