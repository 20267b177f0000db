"""Kaart offers only the years with values on the chosen layer, and switching layers never raises a false notice."""

from __future__ import annotations


def _notices(at) -> list[str]:
    return [str(w.value) for w in at.warning] + [str(i.value) for i in at.info] + [str(t.value) for t in at.toast]


def test_population_years_follow_the_layer(open_page) -> None:
    at = open_page("pages/kaart.py", gemeente="GM0153", indicator="inwoners", niveau="gemeente", periode="2020")
    assert not at.exception
    assert at.selectbox(key="kaart_periode").value == 2020
    assert 2020 in at.selectbox(key="kaart_periode").options or "2020" in at.selectbox(key="kaart_periode").options
    at.radio(key="kaart_niveau").set_value("buurt").run()
    assert not at.exception
    period = at.selectbox(key="kaart_periode")
    assert period.value == 2024 and [str(o) for o in period.options] == ["2021", "2024"]
    assert not any("geen waarde" in n for n in _notices(at)), _notices(at)
    assert not any("onbekende" in n for n in _notices(at)), _notices(at)
    at.radio(key="kaart_niveau").set_value("gemeente").run()  # back: the year stays unless it cannot
    assert not at.exception and at.selectbox(key="kaart_periode").value == 2024
    assert not any("onbekende" in n for n in _notices(at)), _notices(at)
