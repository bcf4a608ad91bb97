"""Foreign XML is read only with defusedxml: no quizapp module parses XML with another library."""

import ast
from pathlib import Path

import quizapp

UNSAFE_MODULES = ("xml.etree", "xml.dom", "xml.sax", "xml.parsers", "lxml")
"""Libraries that expand entities or fetch references when parsing (or can be made to)."""
PARSERS = {
    "parse",
    "iterparse",
    "fromstring",
    "fromstringlist",
    "XML",
    "XMLParser",
    "XMLPullParser",
    "parseString",
}
"""Their parsing functions; building and writing XML (Element, SubElement, tostring) is fine."""


def _unsafe_calls(source: str) -> list[str]:
    tree = ast.parse(source)
    unsafe_names: dict[str, str] = {}  # a local name bound to an unsafe module or parser
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(UNSAFE_MODULES):
                    unsafe_names[alias.asname or alias.name.split(".")[0]] = alias.name
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(UNSAFE_MODULES):
            for alias in node.names:
                unsafe_names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        if isinstance(function, ast.Attribute) and function.attr in PARSERS:
            base = function.value
            while isinstance(base, ast.Attribute):
                base = base.value
            if isinstance(base, ast.Name) and base.id in unsafe_names:
                found.append(f"line {node.lineno}: {ast.unparse(function)}")
        elif isinstance(function, ast.Name) and unsafe_names.get(function.id, "").split(".")[-1] in PARSERS:
            found.append(f"line {node.lineno}: {function.id}")
    return found


def test_no_module_parses_xml_without_defusedxml() -> None:
    package = Path(quizapp.__file__).parent
    offenders = {
        str(path.relative_to(package)): calls
        for path in sorted(package.rglob("*.py"))
        if (calls := _unsafe_calls(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_the_check_finds_each_way_of_parsing_with_the_standard_library() -> None:
    assert _unsafe_calls("import xml.etree.ElementTree as ET\nET.fromstring(b'')\n") == [
        "line 2: ET.fromstring"
    ]
    assert _unsafe_calls("from xml.etree.ElementTree import parse\nparse('f')\n") == ["line 2: parse"]
    assert _unsafe_calls("import xml.dom.minidom\nxml.dom.minidom.parseString('')\n") != []
    assert _unsafe_calls("from lxml import etree\netree.XML(b'')\n") != []
    # Writing with ElementTree and reading with defusedxml pass.
    assert _unsafe_calls("import xml.etree.ElementTree as ET\nET.tostring(ET.Element('q'))\n") == []
    assert _unsafe_calls("from defusedxml import ElementTree as SafeET\nSafeET.fromstring(b'')\n") == []
