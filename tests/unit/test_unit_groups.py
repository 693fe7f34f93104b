"""Group recipients (各处室, 各直属单位, 各市局, the registry's own groups) stand for registry units."""

from pathlib import Path

import pytest

from shared.settings import SAMPLE_UNITS_FILE
from shared.units import UnitRegistry

SAMPLE = UnitRegistry.load(SAMPLE_UNITS_FILE)


def test_the_kind_groups_are_the_registrys_units_of_that_kind() -> None:
    for names, kind in (
        (("各处室", "厅机关各处室"), "division"),
        (("各直属单位", "厅直属各单位"), "affiliated"),
        (("各市局", "各设区市局"), "city_bureau"),
    ):
        expected = [u.code for u in SAMPLE.units if u.kind == kind]
        assert expected and all(SAMPLE.group(name) == expected for name in names)
    assert len(SAMPLE.group("各单位") or []) == len(SAMPLE.units) == 32
    assert SAMPLE.group("北部湾各市局") == ["NNCB", "BHCB", "FCGCB", "QZCB"]
    assert SAMPLE.group("省应急管理厅") is None and SAMPLE.group("NNCB") is None


def test_a_registry_file_adds_and_redefines_groups(tmp_path: Path) -> None:
    path = tmp_path / "units.yaml"
    path.write_text(
        "units:\n"
        "- {code: GO, name: 办公室, kind: division}\n"
        "- {code: ITC, name: 信息中心, kind: affiliated}\n"
        "- {code: NNCB, name: 南宁市局, kind: city_bureau}\n"
        "groups:\n"
        "- {name: 各处室, members: [GO, ITC]}\n"
        "- {name: 厅本级, kinds: [division], members: [ITC]}\n",
        encoding="utf-8",
    )
    registry = UnitRegistry.load(path)
    assert registry.group("各处室") == ["GO", "ITC"]  # the file's own wins
    assert registry.group("厅本级") == ["GO", "ITC"]
    assert registry.group("各市局") == ["NNCB"]


@pytest.mark.parametrize(
    "group", ["{name: 桂北各市局, members: [GLCB]}", "{name: 空组}"], ids=["unknown member", "empty"]
)
def test_a_group_naming_no_unit_of_the_registry_is_refused(tmp_path: Path, group: str) -> None:
    path = tmp_path / "units.yaml"
    path.write_text(
        f"units:\n- {{code: GO, name: 办公室, kind: division}}\ngroups:\n- {group}\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match="group"):
        UnitRegistry.load(path)
