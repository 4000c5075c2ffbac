#!/usr/bin/env python3
"""Put the front-end assets that solara's server needs into a local folder, for offline serving.

Usage::

    python scripts/install_solara_assets.py [DEST_DIR] [--groups core,markdown,altair] [--check]

A solara page loads its JavaScript, CSS and fonts from the server's own ``/_solara/cdn/...``
route. The server answers that route from ``SOLARA_ASSETS_PROXY_CACHE_DIR`` and, for any file
missing there, fetches it from a public CDN, which fails on a machine without internet. This
script fills that folder from the npm registry only: it runs ``npm pack NAME@VERSION`` for each
package below and unpacks the tarball to ``DEST_DIR/<NAME>@<VERSION>/`` (the layout the proxy
reads: a request for ``/_solara/cdn/requirejs@2.3.6/require.js`` reads
``DEST_DIR/requirejs@2.3.6/require.js``). Then serve with
``SOLARA_ASSETS_PROXY_CACHE_DIR=DEST_DIR`` (see ``resetsim.viz.serve.solara_env``).

The pins were read from solara 1.64.1's own sources (``server/templates/solara.html.j2``,
``server/settings.py``, ``widgets/vue/gridlayout.vue``, ``widgets/vue/vegalite.vue``,
``components/markdown.py``), for the Vue 2 front end that ``ipyvue<2``/``ipyvuetify<2`` use.
Each run also scans the installed solara (when this interpreter can find it) and warns about any
CDN package it references that this script does not install.

It is idempotent: a package whose folder already holds a ``package.json`` of the pinned version
is skipped, and each package is unpacked to a temporary folder and renamed into place, so an
interrupted or concurrent run never leaves a half-written package behind. Standard library only;
needs ``npm`` on PATH (or ``$NPM``) unless everything is already present.

Exit status: 0 when all requested assets are present, 1 when some are missing (``--check``) or
the npm registry could not provide them, 2 when npm is not installed.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

#: solara version whose sources the pins below were read from
SOLARA_VERSION_READ = "1.64.1"


@dataclass(frozen=True)
class Asset:
    """One npm package to unpack into the proxy cache folder.

    Attributes:
        name: npm package name, e.g. ``@widgetti/solara-vuetify-app``.
        version: exact version to ``npm pack``.
        url_version: the version as solara writes it in the URL, when that is a semver range
            (``vega@5/...``); the folder is named after it. Defaults to ``version``.
        required_files: files (relative to the package folder) that solara requests; checked
            after unpacking.
        copies: extra files to create as ``{new_name: existing_name}``, for file names that a
            CDN would make up on the fly (jsdelivr minifies ``x.js`` as ``x.min.js``).

    """

    name: str
    version: str
    url_version: str | None = None
    required_files: tuple[str, ...] = ()
    copies: dict[str, str] = field(default_factory=dict)

    @property
    def spec(self) -> str:
        """The ``name@version`` given to ``npm pack``."""
        return f"{self.name}@{self.version}"

    @property
    def dirname(self) -> str:
        """The folder name under DEST_DIR, as it appears in solara's CDN URLs."""
        return f"{self.name}@{self.url_version or self.version}"


GROUPS: dict[str, tuple[Asset, ...]] = {
    # Every page: template CSS/JS/fonts, requirejs, font-awesome; mesa's SolaraViz lays its
    # components out with solara.GridDraggable, which loads vue-grid-layout.
    "core": (
        Asset(
            "@widgetti/solara-vuetify-app",
            "10.1.1",
            required_files=(
                "dist/main8.css",
                "dist/fonts.css",
                "dist/solara-vuetify-app8.min.js",
                "dist/solara-vuetify-app8.js",
            ),
        ),
        Asset(
            "requirejs",
            "2.3.6",
            required_files=("require.js",),
            copies={"require.min.js": "require.js"},  # components/markdown.py asks for it
        ),
        Asset("font-awesome", "4.5.0", required_files=("css/font-awesome.min.css",)),
        Asset(
            "@widgetti/vue-grid-layout",
            "2.3.13-alpha.2",
            required_files=("dist/vue-grid-layout.umd.js",),
        ),
    ),
    # solara.Markdown loads mermaid and katex on every mount, whatever the text.
    "markdown": (
        Asset(
            "katex",
            "0.16.9",
            required_files=(
                "dist/katex.min.js",
                "dist/katex.min.css",
                "dist/contrib/auto-render.min.js",
            ),
        ),
        Asset("mermaid", "10.8.0", required_files=("dist/mermaid.min.js",)),
    ),
    # solara.FigureAltair (mesa's backend="altair" components) asks for semver ranges
    # (vega@5, vega-lite@5, vega-embed@6); pinned here to the newest release of each range.
    "altair": (
        Asset("vega", "5.33.1", url_version="5", required_files=("build/vega.min.js",)),
        Asset("vega-lite", "5.23.0", url_version="5", required_files=("build/vega-lite.min.js",)),
        Asset("vega-embed", "6.29.0", url_version="6", required_files=("build/vega-embed.min.js",)),
    ),
}

# CDN packages solara references that a Mesa dashboard does not need (ipyvue<2 means Vue 2;
# the others belong to components the dashboard does not use). Not installed, not warned about.
NOT_NEEDED = {
    "@widgetti/solara-vuetify3-app": "Vue 3 front end (ipyvue>=3) only",
    "echarts": "solara.FigureEcharts only",
    "codemirror": "solara.SqlCode only",
    "@widgetti/solara-milkdown": "solara.MarkdownEditor only",
}

_CDN_REF = re.compile(
    r"(?:getCdn\(\)\}|\{\{\s*cdn\s*\}\}|\{cdn\})/((?:@[\w.-]+/)?[\w.-]+)@([\w.+-]+|\$\{\w+\})/"
)


class InstallError(RuntimeError):
    """An asset could not be installed."""


def _is_installed(dest: Path, asset: Asset) -> bool:
    target = dest / asset.dirname
    try:
        meta = json.loads((target / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if meta.get("version") != asset.version:
        return False
    wanted = (*asset.required_files, *asset.copies)
    return all((target / rel).is_file() for rel in wanted)


def _find_npm() -> str:
    npm = os.environ.get("NPM") or shutil.which("npm")
    if not npm:
        raise FileNotFoundError(
            "npm was not found on PATH (set $NPM to its path). It is needed to fetch solara's "
            "front-end assets from the npm registry; on Debian: apt-get install -y npm"
        )
    return npm


def _npm_pack(npm: str, specs: list[str], workdir: Path) -> list[Path]:
    """Run one ``npm pack`` for all specs; return the tarballs in the order of specs."""
    cmd = [npm, "pack", "--json", "--silent", "--pack-destination", str(workdir), *specs]
    print("+ " + " ".join(cmd[1:]), flush=True)
    proc = subprocess.run(cmd, cwd=workdir, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise InstallError(
            f"npm pack failed (exit {proc.returncode}) for {' '.join(specs)}:\n"
            f"{proc.stderr.strip() or proc.stdout.strip()}"
        )
    try:
        entries = json.loads(proc.stdout)
    except ValueError as e:
        raise InstallError(f"could not read npm pack --json output: {proc.stdout[:500]!r}") from e
    tarballs = []
    for spec, entry in zip(specs, entries, strict=True):
        path = workdir / entry["filename"]
        if not path.is_file():
            raise InstallError(f"npm pack {spec} reported {path.name}, which does not exist")
        tarballs.append(path)
    return tarballs


def _unpack(tarball: Path, into: Path) -> None:
    """Unpack an npm tarball, dropping its top folder (usually ``package/``)."""
    into.mkdir(parents=True)
    with tarfile.open(tarball, "r:gz") as tar:
        members = []
        for member in tar.getmembers():
            parts = PurePosixPath(member.name).parts[1:]
            if not parts or not (member.isfile() or member.isdir()):
                continue  # the top folder itself; npm tarballs have no links worth keeping
            if any(p in ("..", "") for p in parts) or PurePosixPath(member.name).is_absolute():
                raise InstallError(f"unsafe path {member.name!r} in {tarball.name}")
            member.name = str(PurePosixPath(*parts))
            members.append(member)
        if hasattr(tarfile, "data_filter"):
            tar.extractall(into, members=members, filter="data")
        else:  # Python < 3.11.4; the paths were checked above
            tar.extractall(into, members=members)


def _install(dest: Path, assets: list[Asset], npm: str) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    # stage inside dest, so the final rename stays on one file system
    with tempfile.TemporaryDirectory(prefix=".staging-", dir=dest) as tmp:
        tmpdir = Path(tmp)
        tarballs = _npm_pack(npm, [a.spec for a in assets], tmpdir)
        for asset, tarball in zip(assets, tarballs, strict=True):
            staged = tmpdir / "unpacked" / asset.dirname
            _unpack(tarball, staged)
            for new, old in asset.copies.items():
                shutil.copyfile(staged / old, staged / new)
            missing = [f for f in asset.required_files if not (staged / f).is_file()]
            if missing:
                raise InstallError(f"{asset.spec} lacks files solara requests: {missing}")
            target = dest / asset.dirname
            target.parent.mkdir(parents=True, exist_ok=True)
            if _is_installed(dest, asset):  # a concurrent run got there first
                print(f"present {asset.spec} ({target})", flush=True)
                continue
            if target.exists():  # another version, or incomplete: move aside, then replace
                old = tmpdir / "old" / asset.dirname
                old.parent.mkdir(parents=True, exist_ok=True)
                os.rename(target, old)
            try:
                os.rename(staged, target)
            except OSError:
                if not _is_installed(dest, asset):  # a concurrent run may have won the race
                    raise
            print(f"installed {asset.spec} -> {target}", flush=True)


def _scan_solara(assets: list[Asset]) -> list[str]:
    """Warnings about CDN packages the installed solara references but this script skips."""
    warnings = []
    try:
        installed = importlib.metadata.version("solara-ui")
    except importlib.metadata.PackageNotFoundError:
        installed = None
    if installed and installed != SOLARA_VERSION_READ:
        warnings.append(
            f"solara {installed} is installed; the pins were read from solara "
            f"{SOLARA_VERSION_READ}: check them against the references below"
        )
    spec = importlib.util.find_spec("solara")
    if spec is None or not spec.submodule_search_locations:
        return warnings
    root = Path(next(iter(spec.submodule_search_locations)))
    known = {(a.name, a.url_version or a.version) for a in assets}
    all_known = {(a.name, a.url_version or a.version) for g in GROUPS.values() for a in g}
    seen: set[tuple[str, str]] = set()
    for path in root.rglob("*"):
        if path.suffix not in {".py", ".vue", ".j2", ".html", ".js"} or "website" in path.parts:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for name, version in _CDN_REF.findall(text):
            if name in NOT_NEEDED or (name, version) in seen:
                continue
            seen.add((name, version))
            if (name, version) in known:
                continue
            where = path.relative_to(root)
            if (name, version) in all_known:
                warnings.append(f"{name}@{version} (used in solara/{where}) was not requested")
            else:
                warnings.append(
                    f"solara/{where} references {name}@{version}, which this script does not "
                    "install: add it to GROUPS"
                )
    return warnings


def _du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "dest", nargs="?", default=".solara-assets", help="folder (default: ./.solara-assets)"
    )
    parser.add_argument(
        "--groups",
        default=",".join(GROUPS),
        help=f"comma-separated subset of {', '.join(GROUPS)} (default: all)",
    )
    parser.add_argument(
        "--check", action="store_true", help="only report what is missing; fetch nothing"
    )
    args = parser.parse_args(argv)

    names = [g.strip() for g in args.groups.split(",") if g.strip()]
    unknown = [g for g in names if g not in GROUPS]
    if unknown:
        parser.error(f"unknown group(s) {unknown}; choose from {list(GROUPS)}")
    assets = [a for g in names for a in GROUPS[g]]
    dest = Path(args.dest).resolve()

    for warning in _scan_solara(assets):
        print(f"warning: {warning}", file=sys.stderr)

    missing = [a for a in assets if not _is_installed(dest, a)]
    for asset in assets:
        if asset not in missing:
            print(f"present {asset.spec} ({dest / asset.dirname})")
    if args.check:
        for asset in missing:
            print(f"missing {asset.spec} ({dest / asset.dirname})")
        return 1 if missing else 0
    if missing:
        try:
            npm = _find_npm()
        except FileNotFoundError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        try:
            _install(dest, missing, npm)
        except (InstallError, OSError, tarfile.TarError) as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
    size = sum(_du(dest / a.dirname) for a in assets)
    print(
        f"solara assets ready in {dest} ({len(assets)} packages, {size / 1e6:.0f} MB); "
        f"serve with SOLARA_ASSETS_PROXY_CACHE_DIR={dest}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
