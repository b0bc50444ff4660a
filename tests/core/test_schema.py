"""The schema is valid 2020-12, labels every property, and marks exactly the personal fields."""

from __future__ import annotations

import copy

import jsonschema
import pytest

import patches


def _properties(node, path=()):
    for key, child in node.get("properties", {}).items():
        yield (*path, key), child
        yield from _properties(child, (*path, key))
    if isinstance(node.get("items"), dict):
        yield from _properties(node["items"], (*path, "*"))


def test_schema_is_valid_against_the_2020_12_metaschema(context):
    """The contract itself passes the JSON Schema 2020-12 metaschema."""
    document = context.schema.document
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(document)


def test_every_property_has_a_chinese_title(context):
    """Messages and pages name fields by the form's label: every property has one."""
    for path, node in _properties(context.schema.document):
        title = node.get("title", "")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in title), path


def test_private_fields_are_exactly_the_personal_ones(context):
    """ID number, phones, mobiles, faxes, e-mails, birth month and age; nothing else."""
    assert set(context.schema.private_paths) == {
        ("lead_unit", "contact", "phone"), ("lead_unit", "contact", "fax"),
        ("lead_unit", "contact", "mobile"), ("lead_unit", "contact", "email"),
        ("leader", "birth"), ("leader", "id_number"), ("leader", "phone"), ("leader", "email"),
        ("province_contact", "mobile"), ("province_contact", "fax"),
        ("city_contact", "mobile"), ("city_contact", "fax"),
        ("people", "*", "age"),
    }


def test_public_view_drops_private_fields_only(cities, context):
    """public() removes private values and keeps everything else, without touching the input."""
    from taskbook.loader import read

    book = read(cities / "shijiazhuang" / "taskbook.md", context.schema.property_names).book
    view = context.schema.public(book.data)
    assert "id_number" not in view["leader"] and book.data["leader"]["id_number"]
    assert view["leader"]["name"] == "王海涛"
    assert all("age" not in person for person in view["people"])
    assert view["lead_unit"]["contact"] == {"name": "刘建华", "department": "大气环境研究所", "position": "所长"}


def test_outline_lists_the_required_headings_and_five_topics(context):
    """The body outline names the two sections, their headings and the five topics."""
    outline = context.schema.outline()
    assert [s["heading"] for s in outline] == ["一、目标和任务", "二、预期成果及考核指标"]
    assert [c["heading"] for c in outline[0]["children"]] == ["研究目标", "主要研究内容和任务", "技术路线"]
    assert len(outline[0]["children"][1]["topics"]) == 5


def test_label_path_reads_like_the_form(context):
    """Labels join with ›; list items read 第 N 项; unknown keys stay as written."""
    label_path = context.schema.label_path
    assert label_path("/lead_unit/contact/mobile") == "牵头单位信息 › 联系人 › 手机"
    assert label_path("/people/1/role") == "五、主要研究人员 › 第 2 项 › A/B 角"
    assert label_path("/leader/nick") == "工作组负责人 › nick"


def _example_with(pointer: str, value):
    """The example book's front matter with one value replaced."""
    data, _ = patches.split(patches.base_text())
    data = copy.deepcopy(data)
    *parents, last = pointer.strip("/").split("/")
    node = data
    for token in parents:
        node = node[token]
    node[last] = value
    return data


@pytest.mark.parametrize(("pointer", "value"), [
    ("/city/code", "６１０１００"),                        # full-width digits
    ("/leader/id_number", "130102197503071230\n"),         # a trailing newline
    ("/lead_unit/postcode", "０５００００"),
    ("/leader/id_number", "１３０１０２１９７５０３０７１２３０"),
])
def test_both_validators_refuse_what_ecma_patterns_refuse(context, pointer, value):
    """\\d is an ASCII digit and $ the very end for the compiled validator and for the
    reference one alike: each refuses full-width digits and a final newline, so the
    detailed pass always has an error to report where the fast one said no."""
    schema = context.schema
    data = _example_with(pointer, value)
    assert schema.fast.is_valid(_example_with(pointer, value.strip().translate(
        str.maketrans("０１２３４５６７８９", "0123456789"))))
    assert not schema.fast.is_valid(data)
    errors = list(schema.detailed.iter_errors(data))
    assert [(e.validator, "/" + "/".join(map(str, e.absolute_path))) for e in errors] == [("pattern", pointer)]


def test_a_refusal_the_reference_validator_cannot_explain_still_gives_an_error():
    """Should the compiled validator refuse what the reference one accepts, the book still
    gets a located field-format error: the check fails closed."""
    from taskbook.context import Context
    from taskbook.contract import check_contract
    from taskbook.loader import parse

    class Silent:
        def iter_errors(self, instance):
            return iter(())

    context = Context.load()
    context.schema.__dict__["detailed"] = Silent()  # the cached property, replaced
    book = parse(patches.base_text().replace("  code: \"130100\"", "  code: \"13010\"").encode(),
                 "cities/shijiazhuang/taskbook.md", context.schema.property_names).book
    assert [(d.line, d.column, d.code, d.message) for d in check_contract(book, context)] == [
        (1, 1, "field-format", "前言区不符合数据格式，但无法确定是哪个字段。请运行 taskbook validate "
         "检查所有字段的格式（数字、日期、号码只用半角字符），仍无法确定时请把任务书发给维护者。")]
