"""Partner kits: the coalition's kit made once more for each partner organization.

A partner's kit is the coalition's kit with the partner in place of the organization (its name,
phone, email and website in every placeholder and contact line), its logo in the flyer's
partner slot beside the coalition's brand, and only the languages the partner chose. It is a
complete kit in a folder of its own (`partners/<id>/` in the output, or `<id>/` under
`--partner-out`), with its own home page, assets, `manifest.json` and build state, so the folder
works when it is handed to the partner. It has no `site_url`: it is published wherever the
partner puts it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..errors import OutreachError, Problem
from ..kit.partners import PARTNERS_FILE, Partner
from ..kit.snapshot import Kit
from .output import MANIFEST, STATE_DIR, OutputFolder, Transaction

PARTNERS_DIR = "partners"


def partner_kit(kit: Kit, partner: Partner) -> Kit:
    """`kit` as `partner` publishes it (its languages among those `kit` was read for)."""
    chosen = set(partner.languages)
    languages = tuple(lang for lang in kit.config.languages if not chosen or lang.tag in chosen)
    config = replace(kit.config, organization=partner.organization, languages=languages,
                     site_url=None)
    images = dict(kit.images)
    if partner.logo is not None:
        # The partner's logo takes the brand's partner slot, beside the coalition's own.
        logo = partner.logo
        images[logo.path] = logo
        config = replace(config, brand=replace(config.brand, partner_logo=logo.path,
                                               partner_name=partner.name))
    selected = tuple(lang for lang in kit.languages if lang in languages)
    return replace(kit, config=config, languages=selected, images=MappingProxyType(images),
                   catalogs=MappingProxyType({tag: catalog for tag, catalog in
                                              kit.catalogs.items()
                                              if any(lang.tag == tag for lang in selected)}))


def choose(partners: Sequence[Partner], wanted: Sequence[str]) -> tuple[Partner, ...]:
    """The partners `--partner` names (all of them when it names none)."""
    if not wanted:
        return tuple(partners)
    ids = [p.id for p in partners]
    problems = []
    for name in wanted:
        if name not in ids:
            known = ", ".join(ids[:10]) + (", ..." if len(ids) > 10 else "")
            problems.append(Problem("--partner", f"{name!r} is not a partner of this kit; "
                                    f"{PARTNERS_FILE} lists {known}" if ids else
                                    f"{name!r}: this kit has no partners (add a "
                                    f"{PARTNERS_FILE})"))
    if problems:
        raise OutreachError(problems)
    return tuple(p for p in partners if p.id in wanted)


class Layout:
    """Where partner kits go: inside the output (`partners/<id>/`) or under `--partner-out`."""

    def __init__(self, out: Path, partner_out: Path | None) -> None:
        self.out = out
        self.base = Path(os.path.abspath(partner_out)) if partner_out else out / PARTNERS_DIR

    @property
    def nested(self) -> bool:
        """Whether partner kits are inside the coalition's output folder."""
        return self.base.is_relative_to(self.out)

    def folder(self, partner_id: str) -> Path:
        return self.base / partner_id

    def href(self, partner_id: str) -> str:
        """The partner kit's home page, relative to the coalition's home page."""
        relative = Path(os.path.relpath(self.folder(partner_id), self.out)).as_posix()
        return f"{relative}/index.html"

    def skip(self) -> tuple[str, ...]:
        """Top-level folders of the output that belong to partner kits (never cleaned)."""
        if not self.nested:
            return ()
        return (self.base.relative_to(self.out).parts[0],)


def listed(partners: Sequence[Partner], built: Sequence[Partner],
           previous: Sequence[Mapping[str, Any]], layout: Layout, *, every: bool
           ) -> list[dict[str, Any]]:
    """The partner kits the output holds when this build is done, for the coalition's home
    page and manifest: those built now, those an earlier build made and, unless `every`
    partner is being built, those of partners no longer listed (kept, like any file a narrowed
    build does not cover)."""
    made = {p.id for p in built}
    earlier = {str(p.get("id")): p for p in previous if isinstance(p, Mapping)}
    result = [_listing(partner, layout) for partner in partners
              if partner.id in made or (partner.id in earlier
                                        and (layout.folder(partner.id) / MANIFEST).is_file())]
    if not every:
        current = {p.id for p in partners}
        result += [dict(entry) for key, entry in earlier.items() if key not in current]
    return result


def _listing(partner: Partner, layout: Layout) -> dict[str, Any]:
    return {"id": partner.id, "name": partner.name, "href": layout.href(partner.id),
            "languages": list(partner.languages)}


def retired(current: Collection[str], previous: Sequence[Mapping[str, Any]],
            layout: Layout) -> list[Path]:
    """Folders of partner kits an earlier build made for partners whose ids are no longer in
    `current`."""
    return [layout.folder(str(entry["id"])) for entry in previous
            if isinstance(entry, Mapping) and isinstance(entry.get("id"), str)
            and entry["id"] not in current and (layout.folder(entry["id"]) / MANIFEST).is_file()]


def retire(folder: OutputFolder, tx: Transaction) -> None:
    """Stage the deletion of every file a build made in `folder` (a dropped partner's kit)."""
    for path in folder.previous.entries:
        tx.delete(path)
    tx.delete(MANIFEST)


def remove_if_empty(folder: Path) -> None:
    """After a dropped partner's files are gone: its folder goes too, if nothing else is in it."""
    try:
        if all(child.name == STATE_DIR for child in folder.iterdir()):
            shutil.rmtree(folder)
    except OSError:
        pass
