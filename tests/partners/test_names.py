import pytest

from partners.names import normalize_name


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("UNIV. MUHAMMADIYAH PONOROGO", "universitas muhammadiyah ponorogo"),
        ("Universitas  Muhammadiyah, Ponorogo", "universitas muhammadiyah ponorogo"),
        ("Pemkab. Ponorogo", "pemerintah kabupaten ponorogo"),
        ("Disdukcapil Kab. Ponorogo", "dinas kependudukan dan pencatatan sipil kabupaten ponorogo"),
        ("SMAN 1 Ponorogo", "sekolah menengah atas negeri 1 ponorogo"),
        ("", ""),
    ],
)
def test_normalize_name_expands_and_folds(raw, normalized):
    assert normalize_name(raw) == normalized
