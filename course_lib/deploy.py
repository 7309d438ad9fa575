"""Links that open the course on a class hub or on Binder (presentation layer; docs/deploy.md).

:func:`nbgitpuller_link` builds the link a trainee clicks on a JupyterHub that has
`nbgitpuller <https://nbgitpuller.readthedocs.io>`_ installed: the hub pulls the course's git
repository into the trainee's home (their own edits always win) and opens a notebook.
:func:`binder_link` builds the mybinder.org launch link of a GitHub repository. Both are pure
functions: they check their arguments, encode them and return text; nothing is fetched.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode, urlsplit

from .validation import CourseDataError

__all__ = ["nbgitpuller_link", "binder_link", "clone_folder"]

#: The notebook a link opens unless told otherwise, relative to the repository's root.
WELCOME = "notebooks/00_welcome.ipynb"

#: The Jupyter interface a link opens: the URL prefix of a file in it.
_APPS = {"lab": "lab/tree/", "notebook": "tree/"}


def _text(value, name: str) -> str:
    """``value`` if it is non-empty text without spaces around it, else raise naming ``name``."""
    if not isinstance(value, str):
        raise TypeError(f"`{name}` must be text (str); got {type(value).__name__} {value!r}.")
    if not value.strip():
        raise CourseDataError(f"`{name}` must be non-empty text; got {value!r}.")
    if value != value.strip() or any(ch.isspace() for ch in value):
        raise CourseDataError(f"`{name}` must not contain spaces; got {value!r}.")
    return value


def _web_address(value, name: str, example: str) -> str:
    """``value`` if it is an http(s) address with a host and no query or fragment."""
    text = _text(value, name)
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CourseDataError(f"`{name}` must be an http(s) address such as {example!r}; got {text!r}.")
    if parts.query or parts.fragment:
        raise CourseDataError(
            f"`{name}` must be an address without '?' or '#' parts such as {example!r}; got {text!r}."
        )
    return text


def _notebook_path(value) -> str:
    """``value`` as a relative path inside the repository, with ``/`` separators."""
    text = _text(value, "path")
    parts = text.split("/")
    if text.startswith("/") or "\\" in text or any(part in ("", ".", "..") for part in parts):
        raise CourseDataError(
            "`path` must be a relative path inside the course such as "
            f"{WELCOME!r} (no leading '/', no '..', '.' or empty parts); got {text!r}."
        )
    return text


def _app(value) -> str:
    if not isinstance(value, str):
        raise TypeError(f"`app` must be text (str); got {type(value).__name__} {value!r}.")
    if value not in _APPS:
        raise CourseDataError(f"`app` must be one of {sorted(_APPS)}; got {value!r}.")
    return value


def clone_folder(repo_url: str) -> str:
    """The folder a repository is cloned into: its last path part, without ``.git``.

    Parameters
    ----------
    repo_url : str
        The repository's http(s) address.

    Returns
    -------
    str
        The folder name, e.g. ``"crm-course"``.

    Examples
    --------
    >>> clone_folder("https://github.com/owner/crm-course.git")
    'crm-course'
    >>> clone_folder("https://example.org/")
    Traceback (most recent call last):
    ...
    course_lib.validation.CourseDataError: `repo_url` must name a repository such as 'https://github.com/owner/crm-course'; got 'https://example.org/'.
    """
    text = _web_address(repo_url, "repo_url", "https://github.com/owner/crm-course")
    last = urlsplit(text).path.rstrip("/").split("/")[-1]
    folder = last.removesuffix(".git")
    if not folder:
        raise CourseDataError(
            f"`repo_url` must name a repository such as 'https://github.com/owner/crm-course'; got {text!r}."
        )
    return folder


def nbgitpuller_link(
    hub_url: str,
    repo_url: str,
    *,
    branch: str = "main",
    path: str = WELCOME,
    app: str = "lab",
) -> str:
    """The nbgitpuller link that pulls the course into a trainee's home and opens ``path``.

    The link has nbgitpuller's documented form
    ``HUB/hub/user-redirect/git-pull?repo=…&urlpath=…&branch=…``, each value encoded as a
    query value (``/`` and ``:`` escaped), as nbgitpuller's own link generator does. The
    repository is cloned into the trainee's server root under the repository's name
    (:func:`clone_folder`), so ``urlpath`` is ``lab/tree/<folder>/<path>``. When the
    address ends in ``.git`` (nbgitpuller would name the folder ``<name>.git``), the link
    also sets ``targetPath=<folder>`` so the folder is the same as without ``.git``.

    Parameters
    ----------
    hub_url : str
        The hub's address, e.g. ``"https://hub.example.org"`` (a path such as
        ``"https://example.org/jupyter"`` is kept).
    repo_url : str
        The course repository's http(s) address.
    branch : str, default "main"
        The branch nbgitpuller pulls.
    path : str, default "notebooks/00_welcome.ipynb"
        The file or folder to open, relative to the repository's root.
    app : {"lab", "notebook"}, default "lab"
        JupyterLab (``lab/tree/…``) or the Notebook interface (``tree/…``).

    Returns
    -------
    str
        The link to hand out.

    Raises
    ------
    TypeError
        An argument is not text.
    CourseDataError
        An address is not http(s) or has no host, a value is empty or has spaces,
        ``path`` leaves the repository, or ``app`` is unknown.

    Examples
    --------
    >>> nbgitpuller_link("https://hub.example.org", "https://github.com/owner/crm-course")
    'https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fowner%2Fcrm-course&urlpath=lab%2Ftree%2Fcrm-course%2Fnotebooks%2F00_welcome.ipynb&branch=main'
    >>> nbgitpuller_link("ftp://hub.example.org", "https://github.com/owner/crm-course")
    Traceback (most recent call last):
    ...
    course_lib.validation.CourseDataError: `hub_url` must be an http(s) address such as 'https://hub.example.org'; got 'ftp://hub.example.org'.
    """
    hub = _web_address(hub_url, "hub_url", "https://hub.example.org")
    repo = _web_address(repo_url, "repo_url", "https://github.com/owner/crm-course")
    branch = _text(branch, "branch")
    target = _notebook_path(path)
    prefix = _APPS[_app(app)]
    folder = clone_folder(repo)
    params = {"repo": repo, "urlpath": f"{prefix}{folder}/{target}", "branch": branch}
    # nbgitpuller's own default folder: the last part of the address, ".git" kept.
    if repo.rstrip("/").split("/")[-1] != folder:
        params["targetPath"] = folder
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{urlencode(params)}"


def binder_link(
    repo_url: str,
    *,
    branch: str = "main",
    path: str = WELCOME,
    app: str = "lab",
) -> str:
    """The mybinder.org link that builds the repository with repo2docker and opens ``path``.

    The link has BinderHub's GitHub form ``https://mybinder.org/v2/gh/OWNER/REPO/BRANCH``
    with ``?urlpath=lab/tree/<path>`` (encoded). On Binder the repository is the server's
    root folder, so ``path`` is used as it is. Only GitHub addresses are accepted; for
    another host use mybinder.org's form, which has a provider for it.

    Parameters
    ----------
    repo_url : str
        ``https://github.com/OWNER/REPO`` (``.git`` and a trailing ``/`` are allowed).
    branch : str, default "main"
        The branch, tag or commit Binder builds (a ``/`` in it is encoded as ``%2F``).
    path : str, default "notebooks/00_welcome.ipynb"
        The file or folder to open, relative to the repository's root.
    app : {"lab", "notebook"}, default "lab"
        JupyterLab (``lab/tree/…``) or the Notebook interface (``tree/…``).

    Returns
    -------
    str
        The launch link (also the target of a "launch binder" badge).

    Raises
    ------
    TypeError
        An argument is not text.
    CourseDataError
        The address is not ``https://github.com/OWNER/REPO``, a value is empty or has
        spaces, ``path`` leaves the repository, or ``app`` is unknown.

    Examples
    --------
    >>> binder_link("https://github.com/owner/crm-course")
    'https://mybinder.org/v2/gh/owner/crm-course/main?urlpath=lab%2Ftree%2Fnotebooks%2F00_welcome.ipynb'
    >>> binder_link("https://gitlab.com/owner/crm-course")
    Traceback (most recent call last):
    ...
    course_lib.validation.CourseDataError: `repo_url` must be a GitHub repository address such as 'https://github.com/owner/crm-course'; got 'https://gitlab.com/owner/crm-course'. For another host use the form on https://mybinder.org.
    """
    example = "https://github.com/owner/crm-course"
    repo = _web_address(repo_url, "repo_url", example)
    parts = urlsplit(repo)
    segments = parts.path.strip("/").split("/")
    if parts.hostname not in ("github.com", "www.github.com") or len(segments) != 2 or "" in segments:
        raise CourseDataError(
            f"`repo_url` must be a GitHub repository address such as {example!r}; got {repo!r}. "
            "For another host use the form on https://mybinder.org."
        )
    owner, name = segments[0], segments[1].removesuffix(".git")
    if not name:
        raise CourseDataError(f"`repo_url` must name a repository such as {example!r}; got {repo!r}.")
    branch = _text(branch, "branch")
    target = _notebook_path(path)
    prefix = _APPS[_app(app)]
    query = urlencode({"urlpath": f"{prefix}{target}"})
    return f"https://mybinder.org/v2/gh/{owner}/{name}/{quote(branch, safe='')}?{query}"
