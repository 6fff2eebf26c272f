import pytest

from dashboard.util.text import has_control_chars, is_latin, normalize


@pytest.mark.parametrize(
    "a, b",
    [
        ("Táchira", "TACHIRA"),
        ("U.S.", "US"),
        ("Colombia–Venezuela border", "colombia-venezuela  border"),
        ("Côte d'Ivoire", "Cote d’Ivoire"),
        ("the Caribbean", "Caribbean"),
        ("São Paulo", "sao paulo"),
        ("Łódź", "Lodz"),
        ("Straße", "strasse"),
    ],
)
def test_equivalent_spellings_share_a_key(a, b):
    assert normalize(a) == normalize(b)


@pytest.mark.parametrize(
    "a, b",
    [("El Salvador", "Salvador"), ("Georgia", "Georgian"), ("Niger", "Nigeria"), ("The Hague", "Hague Road")],
)
def test_different_names_keep_different_keys(a, b):
    assert normalize(a) != normalize(b)


def test_bare_article_is_kept():
    assert normalize("The") == "the"


def test_script_and_control_checks():
    assert is_latin("Táchira-Ñuñoa")
    assert not is_latin("Каракас")
    assert has_control_chars("Cara\x00cas")
    assert not has_control_chars("Caracas\tVenezuela\n")
