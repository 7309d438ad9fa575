"""docs/deploy.md and course_lib.deploy: the class-hub and Binder links, and the deployment
values that use the root environment.yml unchanged (DESIGN.md §9)."""

import importlib.util
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from course_lib.deploy import binder_link, clone_folder, nbgitpuller_link
from course_lib.validation import CourseDataError

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "deploy.md"
HUB = "https://hub.example.org"
REPO = "https://github.com/owner/crm-course"


def _query(link: str) -> dict[str, str]:
    parsed = parse_qs(urlsplit(link).query, strict_parsing=True)
    assert all(len(values) == 1 for values in parsed.values()), link
    return {key: values[0] for key, values in parsed.items()}


# --- nbgitpuller_link -------------------------------------------------------------------


def test_nbgitpuller_link_has_the_documented_form():
    link = nbgitpuller_link(HUB, REPO)
    assert link.startswith(f"{HUB}/hub/user-redirect/git-pull?repo=")
    assert _query(link) == {
        "repo": REPO,
        "urlpath": "lab/tree/crm-course/notebooks/00_welcome.ipynb",
        "branch": "main",
    }


def test_nbgitpuller_link_encodes_every_value():
    link = nbgitpuller_link(
        "https://example.org/jupyter/",
        "https://git.example.org/a/crm course+x".replace(" ", "%20"),
        branch="release/2026&x",
        path="notebooks/第2章 & more.ipynb".replace(" ", "_"),
        app="notebook",
    )
    assert link.startswith("https://example.org/jupyter/hub/user-redirect/git-pull?")
    query = urlsplit(link).query
    assert "/" not in query and ":" not in query and "&x" not in query
    values = _query(link)
    assert values["branch"] == "release/2026&x"
    assert values["repo"] == "https://git.example.org/a/crm%20course+x"
    assert values["urlpath"] == "tree/crm%20course+x/notebooks/第2章_&_more.ipynb"


def test_nbgitpuller_link_keeps_the_folder_of_a_dot_git_address():
    values = _query(nbgitpuller_link(HUB, REPO + ".git"))
    assert values["targetPath"] == "crm-course"
    assert values["urlpath"].startswith("lab/tree/crm-course/")
    assert "targetPath" not in _query(nbgitpuller_link(HUB, REPO + "/"))
    assert clone_folder(REPO + ".git/") == "crm-course"


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"hub_url": "ftp://hub.example.org"}, ["`hub_url`", "http(s)", "ftp://hub.example.org"]),
        ({"hub_url": "hub.example.org"}, ["`hub_url`", "http(s)", "'hub.example.org'"]),
        ({"hub_url": ""}, ["`hub_url`", "non-empty", "''"]),
        ({"hub_url": "https://hub.example.org/?x=1"}, ["`hub_url`", "'?'", "x=1"]),
        ({"repo_url": "git@github.com:owner/crm-course.git"}, ["`repo_url`", "http(s)", "git@"]),
        ({"repo_url": "https://github.com/"}, ["`repo_url`", "repository", "github.com/'"]),
        ({"branch": ""}, ["`branch`", "non-empty"]),
        ({"branch": "my branch"}, ["`branch`", "spaces", "'my branch'"]),
        ({"path": "/etc/passwd"}, ["`path`", "relative", "/etc/passwd"]),
        ({"path": "../secrets.ipynb"}, ["`path`", "'..'", "../secrets.ipynb"]),
        ({"app": "rstudio"}, ["`app`", "['lab', 'notebook']", "'rstudio'"]),
    ],
)
def test_nbgitpuller_link_names_a_bad_value(kwargs, words):
    args = {"hub_url": HUB, "repo_url": REPO} | kwargs
    hub, repo = args.pop("hub_url"), args.pop("repo_url")
    with pytest.raises(CourseDataError) as caught:
        nbgitpuller_link(hub, repo, **args)
    message = str(caught.value)
    for word in words:
        assert word in message, (word, message)
    assert "got" in message


@pytest.mark.parametrize(
    "kwargs",
    [{"hub_url": None}, {"repo_url": 42}, {"branch": ["main"]}, {"path": Path("a.ipynb")}, {"app": 1}],
)
def test_nbgitpuller_link_refuses_a_wrong_kind_with_type_error(kwargs):
    args = {"hub_url": HUB, "repo_url": REPO} | kwargs
    hub, repo = args.pop("hub_url"), args.pop("repo_url")
    with pytest.raises(TypeError, match=r"^`\w+` must be text \(str\); got "):
        nbgitpuller_link(hub, repo, **args)


# --- binder_link ------------------------------------------------------------------------


def test_binder_link_has_mybinders_github_form():
    link = binder_link(REPO)
    assert link == (
        "https://mybinder.org/v2/gh/owner/crm-course/main?urlpath=lab%2Ftree%2Fnotebooks%2F00_welcome.ipynb"
    )
    assert binder_link(REPO + ".git/") == link
    assert binder_link("https://www.github.com/owner/crm-course") == link


def test_binder_link_encodes_branch_and_path():
    link = binder_link(
        REPO, branch="release/v1", path="exercises/ch02 x.ipynb".replace(" ", "_"), app="notebook"
    )
    parts = urlsplit(link)
    assert parts.path == "/v2/gh/owner/crm-course/release%2Fv1"
    assert _query(link) == {"urlpath": "tree/exercises/ch02_x.ipynb"}


@pytest.mark.parametrize(
    "repo",
    [
        "https://gitlab.com/owner/crm-course",
        "https://github.com/owner",
        "https://github.com/owner/crm-course/tree/main",
        "https://github.com/owner/.git",
    ],
)
def test_binder_link_accepts_only_github_repositories(repo):
    with pytest.raises(CourseDataError, match=r"`repo_url` must .*GitHub|`repo_url` must name"):
        binder_link(repo)


def test_binder_link_bad_inputs():
    with pytest.raises(TypeError, match="`repo_url`"):
        binder_link(None)
    with pytest.raises(CourseDataError, match="`repo_url`.*http"):
        binder_link("github.com/owner/crm-course")
    with pytest.raises(CourseDataError, match="`path`"):
        binder_link(REPO, path="")
    with pytest.raises(CourseDataError, match="`branch`"):
        binder_link(REPO, branch=" ")


# --- docs/deploy.md ---------------------------------------------------------------------


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def _z2jh_values() -> dict:
    values = [yaml.safe_load(block) for block in _blocks("yaml")]
    return next(v for v in values if "singleuser" in v)


def test_every_yaml_block_parses():
    blocks = _blocks("yaml")
    assert len(blocks) >= 2
    for block in blocks:
        assert isinstance(yaml.safe_load(block), dict)


def test_z2jh_values_set_workspace_welcome_pull_and_culling():
    values = _z2jh_values()
    single = values["singleuser"]
    assert single["image"]["name"] and isinstance(single["image"]["tag"], str)
    assert single["extraEnv"]["CRM_COURSE_WORKSPACE"].startswith("/home/jovyan/")
    assert single["defaultUrl"].endswith("notebooks/00_welcome.ipynb")
    command = " ".join(single["lifecycleHooks"]["postStart"]["exec"]["command"])
    assert "gitpuller" in command
    # the pull lands where defaultUrl looks, inside the server root
    root = values["hub"]["config"]["Spawner"]["notebook_dir"]
    folder = single["defaultUrl"].removeprefix("/lab/tree/").split("/")[0]
    assert f"{root}/{folder}" in command
    assert values["cull"]["enabled"] is True
    assert isinstance(values["cull"]["timeout"], int) and values["cull"]["timeout"] > 0
    assert values["hub"]["config"]["JupyterHub"]["authenticator_class"]


def test_doc_names_the_unchanged_environment_culling_and_exports():
    text = DOC.read_text(encoding="utf-8")
    for needle in (
        "environment.yml",
        "CRM_COURSE_WORKSPACE",
        "cull",
        "CRM_COURSE_EXAM_VARIANT",
        "docs/instructor/ch07.md",
        "crm-course progress --export",
        "jupyter-repo2docker",
    ):
        assert needle in text, needle


def test_doc_links_are_the_generators_output():
    text = DOC.read_text(encoding="utf-8")
    assert nbgitpuller_link(HUB, "https://github.com/OWNER/crm-course") in text
    assert binder_link("https://github.com/OWNER/crm-course") in text


def test_doc_shell_blocks_build_with_repo2docker():
    build = next(block for block in _blocks("bash") if "jupyter-repo2docker" in block)
    assert "--target-repo-dir" in build and "--image-name" in build
    assert "environment.yml" not in build  # nothing is passed instead of the root file


# --- the root environment.yml, as repo2docker reads it ------------------------------------


def test_environment_yml_is_at_the_root_and_repo2docker_compatible():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    deps = env["dependencies"]
    assert "python=3.11" in deps and "pip" in deps
    pip = next(item["pip"] for item in deps if isinstance(item, dict))
    spec = importlib.util.spec_from_file_location("sync_environment", ROOT / "tools" / "sync_environment.py")
    sync = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sync)
    lock = sync.locked_pins((ROOT / "requirements.lock").read_text(encoding="utf-8"))
    assert lock and sorted(p for p in pip if "==" in p) == sorted(lock)
    assert "-e ." in pip  # the course itself, so repo2docker copies the repository first


def test_repo2docker_reads_only_the_root_environment_yml():
    """No binder/ or .binder/ folder (it would hide the root files) and no other
    repo2docker file that would change what environment.yml decides."""
    for name in (
        "binder",
        ".binder",
        "postBuild",
        "apt.txt",
        "start",
        "runtime.txt",
        "requirements.txt",
        "Dockerfile",
        "Pipfile",
        "install.R",
    ):
        assert not (ROOT / name).exists(), name
    assert (ROOT / "environment.yml").is_file()
