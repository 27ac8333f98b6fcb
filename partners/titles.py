"""A leader's title written in full ("Kepala Kepolisian Resor Ponorogo"), as documents print it."""


def full_title(title: str, name: str) -> str:
    """`title` completed with the institution `name` without repeating a word: "Kepala
    Kepolisian Resor" + "Kepolisian Resor Ponorogo" → "Kepala Kepolisian Resor Ponorogo",
    "Rektor" + "Universitas Airlangga" → "Rektor Universitas Airlangga". A title that already
    names the institution, or ends as its name ends ("Menteri Dalam Negeri" of "Kementerian
    Dalam Negeri"), stays as written. Used to migrate old short titles and for generated data;
    what an operator types is never changed."""
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
