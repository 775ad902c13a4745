"""Fail when a compiled catalog (.mo) does not match its source (.po), or Chinese is incomplete.

Run in CI: ``python manage.py check_translations``. Compare by content (each message and its
translation), not by bytes, so msgfmt versions do not matter.
"""

from django.core.management.base import BaseCommand, CommandError

import polib

from portal.catalogs import catalog_files

# The source language of our strings is English; Chinese must be complete.
COMPLETE_LANGUAGES = {"zh_Hans"}


def _messages(catalog) -> dict[tuple[str | None, str], str]:
    result = {}
    for entry in catalog:
        if entry.obsolete or "fuzzy" in entry.flags or not entry.msgid:
            continue
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
            if any(forms):
                result[(entry.msgctxt, entry.msgid)] = forms
        elif entry.msgstr:
            result[(entry.msgctxt, entry.msgid)] = entry.msgstr
    return result


class Command(BaseCommand):
    help = "Check that every .mo matches its .po and that Chinese catalogs are complete."

    def handle(self, *args, **options):
        problems = []
        files = catalog_files()
        if not files:
            raise CommandError("No message catalogs found.")
        for po_path in files:
            language = po_path.parent.parent.name
            mo_path = po_path.with_suffix(".mo")
            po = polib.pofile(str(po_path))
            if not mo_path.exists():
                problems.append(f"{mo_path}: missing; run `make compile-messages`")
                continue
            if _messages(po) != _messages(polib.mofile(str(mo_path))):
                problems.append(
                    f"{mo_path}: out of date with {po_path.name}; run `make compile-messages`"
                )
            if language in COMPLETE_LANGUAGES:
                untranslated = [e.msgid for e in po.untranslated_entries()]
                fuzzy = [e.msgid for e in po.fuzzy_entries()]
                for msgid in untranslated:
                    problems.append(f"{po_path}: untranslated: {msgid!r}")
                for msgid in fuzzy:
                    problems.append(f"{po_path}: fuzzy: {msgid!r}")
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write(self.style.SUCCESS(f"{len(files)} catalogs checked: all up to date."))
