"""How the parties are named: the partners in a list or a report, and PIHAK PERTAMA in a
document (who signs for whom, and where the office sits)."""

from offices.models import Office

from .models import Agreement

DOTS = "…………………"


def _one_line(text: str) -> str:
    return ", ".join(line.strip() for line in (text or "").splitlines() if line.strip())


def partner_names(agreement: Agreement) -> str:
    """The partners' names in party order, from the prefetched parties (no query)."""
    parties = sorted(agreement.parties.all(), key=lambda party: party.position)
    return ", ".join(party.partner.name for party in parties)


def kpu_party_names(agreement: Agreement) -> tuple[str, str]:
    """(signatory title, institution) of PIHAK PERTAMA. The Sekretaris signs for the
    Sekretariat (Jenderal at KPU RI), the Ketua for the Commission itself; an acting official
    carries "Plt." or "Plh." before the title."""
    office = agreement.office
    formal = office.formal_name
    if agreement.kpu_signatory_title == Agreement.SignatoryTitle.SECRETARY:
        general = " Jenderal" if office.level == Office.Level.NATIONAL else ""
        title, institution = f"Sekretaris{general} {formal}", f"Sekretariat{general} {formal}"
    else:
        title, institution = f"Ketua {formal}", formal
    acting = agreement.kpu_signatory_acting.strip()
    return (f"{acting} {title}" if acting else title), institution


def office_address(office: Office) -> str:
    """Where the office sits, as the komparisi writes it: "Jalan …, Kabupaten Ponorogo"."""
    street = _one_line(office.address)
    place = office.full_region_name if office.level == Office.Level.REGENCY else office.city
    if not street:
        return place or DOTS
    return street if not place or place.lower() in street.lower() else f"{street}, {place}"
