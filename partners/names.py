"""Normalising partner names so that spellings of one institution compare equal."""

import re
import unicodedata

# Common abbreviations in Indonesian institution names, after punctuation is removed.
ABBREVIATIONS = {
    "univ": "universitas",
    "kab": "kabupaten",
    "kec": "kecamatan",
    "kel": "kelurahan",
    "prov": "provinsi",
    "pemkab": "pemerintah kabupaten",
    "pemkot": "pemerintah kota",
    "pemprov": "pemerintah provinsi",
    "pemda": "pemerintah daerah",
    "disdukcapil": "dinas kependudukan dan pencatatan sipil",
    "dukcapil": "kependudukan dan pencatatan sipil",
    "kesbangpol": "badan kesatuan bangsa dan politik",
    "polres": "kepolisian resor",
    "polda": "kepolisian daerah",
    "kodim": "komando distrik militer",
    "sdn": "sekolah dasar negeri",
    "smpn": "sekolah menengah pertama negeri",
    "sman": "sekolah menengah atas negeri",
    "smkn": "sekolah menengah kejuruan negeri",
    "man": "madrasah aliyah negeri",
    "mtsn": "madrasah tsanawiyah negeri",
    "uin": "universitas islam negeri",
    "iain": "institut agama islam negeri",
    "stikes": "sekolah tinggi ilmu kesehatan",
    "rri": "radio republik indonesia",
    "tvri": "televisi republik indonesia",
    "lsm": "lembaga swadaya masyarakat",
    "kemendagri": "kementerian dalam negeri",
    "kemenag": "kementerian agama",
    "dr": "dokter",
    "h": "haji",
    "st": "sekolah tinggi",
}
_NOT_WORD = re.compile(r"[^\w\s]", re.UNICODE)
_SPACES = re.compile(r"\s+")


def normalize_name(name: str) -> str:
    """'UNIV. Muhammadiyah  Ponorogo' → 'universitas muhammadiyah ponorogo'."""
    text = unicodedata.normalize("NFKC", name or "").casefold()
    text = _NOT_WORD.sub(" ", text)
    words = [ABBREVIATIONS.get(word, word) for word in _SPACES.split(text) if word]
    return " ".join(words)
