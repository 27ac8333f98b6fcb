"""Signatory titles stored as documents print them.

Documents used to append the partner's name to a party's title unless the name was already
in it, which printed "Kepala Kepolisian Resor Kepolisian Resor Ponorogo". Titles are now
printed as written, so existing short titles ("Rektor", "Kepala Kepolisian Resor") are
completed once here, without repeating words, for parties and for partners' leader titles.
"""

from django.db import migrations


def full_title(title: str, name: str) -> str:
    # A frozen copy of partners.titles.full_title (migrations do not import app code).
    title, name = " ".join((title or "").split()), " ".join((name or "").split())
    if not title or not name or name.lower() in title.lower():
        return title
    words, named = title.split(), name.split()
    lower, named_lower = [w.lower() for w in words], [w.lower() for w in named]
    longest = min(len(words), len(named))
    if any(lower[-k:] == named_lower[-k:] for k in range(longest, 1, -1)):
        return title
    for k in range(longest, 0, -1):
        if lower[-k:] == named_lower[:k]:
            return " ".join(words + named[k:])
    return f"{title} {name}"


def complete_titles(apps, schema_editor):
    Party = apps.get_model("agreements", "Party")
    Partner = apps.get_model("partners", "Partner")
    for party in Party.objects.select_related("partner").iterator(chunk_size=2000):
        title = full_title(party.signatory_title, party.partner.name)
        if title != party.signatory_title:
            Party.objects.filter(pk=party.pk).update(signatory_title=title[:160])
    for partner in Partner.objects.exclude(leader_title="").iterator(chunk_size=2000):
        title = full_title(partner.leader_title, partner.name)
        if title != partner.leader_title:
            Partner.objects.filter(pk=partner.pk).update(leader_title=title[:160])


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0004_date_range_and_text_limits"),
        ("partners", "0005_drop_active_name_index"),
    ]

    operations = [migrations.RunPython(complete_titles, migrations.RunPython.noop)]
