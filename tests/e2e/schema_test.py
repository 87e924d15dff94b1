#!/usr/bin/python3
"""The JSON Schema of the scenario format, schema/goalpath-scenario.schema.json.

usage: schema_test.py SOURCE_DIR

Checks, with Debian's python3-jsonschema (draft-07) and python3-yaml:
  - the schema is itself a valid draft-07 schema, and every property in it
    has a description (editors show it as hover text);
  - every bundled scenario (scenarios/**/*.yaml, tests/data/*.yaml) is valid,
    and each file under scenarios/ points an editor at the schema with a
    correct relative `# yaml-language-server: $schema=` modeline;
  - a set of broken documents is rejected, each for the reason intended
    (asserted on the failing keyword and the path of the offending value);
  - the schema and the loader (engine/scenario/*.cpp) agree on every key of
    every mapping whose unknown keys the loader rejects, on the distribution
    names and on the reserved names.

YAML is read by PyYAML (YAML 1.1), then turned into plain JSON data (year
keys become strings, as an editor's YAML 1.2 parser would give them to the
schema).
"""
import copy
import glob
import json
import os
import re
import sys

import jsonschema
import yaml

SOURCE = sys.argv[1]
SCHEMA_FILE = os.path.join(SOURCE, "schema", "goalpath-scenario.schema.json")
failures = []


def check(condition, what):
    if not condition:
        print("FAIL: " + what)
        failures.append(what)


def as_json(data):
    return json.loads(json.dumps(data, default=str))


def load_yaml(text):
    return as_json(yaml.safe_load(text))


with open(SCHEMA_FILE, encoding="utf-8") as f:
    SCHEMA = json.load(f)

# ---- the schema itself --------------------------------------------------------------------
try:
    jsonschema.Draft7Validator.check_schema(SCHEMA)
except jsonschema.exceptions.SchemaError as e:
    check(False, "the schema is not a valid draft-07 schema: %s" % e.message)
check(SCHEMA.get("$schema") == "http://json-schema.org/draft-07/schema#", "the schema declares draft-07")
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)


def walk(node, path=()):
    """Yields (path, schema) for every sub-schema that is a dict."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from walk(value, path + (key,))
    elif isinstance(node, list):
        for k, value in enumerate(node):
            yield from walk(value, path + (k,))


for path, node in walk(SCHEMA):
    properties = node.get("properties")
    # A `properties` keyword (not a property that happens to be called "properties").
    if not isinstance(properties, dict) or (path and path[-1] == "properties"):
        continue
    if "if" in path:  # the condition of an if/then: a test, not a definition
        continue
    for name, sub in properties.items():
        if sub is False:  # "this key is not allowed here": nothing to describe
            continue
        check(isinstance(sub, dict) and sub.get("description"),
              "property %s at %s has no description" % (name, "/".join(map(str, path))))

# ---- every bundled scenario is valid ------------------------------------------------------
bundled = sorted(glob.glob(os.path.join(SOURCE, "scenarios", "**", "*.yaml"), recursive=True))
data_files = sorted(glob.glob(os.path.join(SOURCE, "tests", "data", "*.yaml")))
check(len(bundled) >= 10, "found only %d scenarios under scenarios/" % len(bundled))
check(len(data_files) >= 4, "found only %d scenarios under tests/data/" % len(data_files))
# tests/data/e2e-broken.yaml is broken only in a name inside an expression,
# which no schema can know: it is structurally valid, so it is checked too.
for file in bundled + data_files:
    with open(file, encoding="utf-8") as f:
        text = f.read()
    errors = sorted(VALIDATOR.iter_errors(load_yaml(text)), key=lambda e: list(e.absolute_path))
    for e in errors[:5]:
        check(False, "%s: %s: %s" % (os.path.relpath(file, SOURCE), "/".join(map(str, e.absolute_path)), e.message[:300]))
    if file in bundled:
        first = text.splitlines()[0] if text else ""
        m = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        check(m is not None, "%s: the first line is not a yaml-language-server $schema modeline" % os.path.relpath(file, SOURCE))
        if m:
            target = os.path.normpath(os.path.join(os.path.dirname(file), m.group(1)))
            check(target == os.path.normpath(SCHEMA_FILE),
                  "%s: the modeline points at %s, not at the schema" % (os.path.relpath(file, SOURCE), m.group(1)))

# ---- broken documents are rejected, each for its reason ---------------------------------------
VALID = load_yaml("""
scenario: schema-test
years: [2023, 2027]
parameters:
  growth_rate:
    value: 0.04
    uncertainty: { dist: normal, sd: 0.01, bounds: [0.0, 0.1] }
  payoff: 1.5
shocks:
  output_shock: { sd: 0.01, ar: 0.5 }
correlations:
  - [growth_rate, other_rate, 0.5]
indicators:
  output:
    base: 41500
    growth: "growth_rate + output_shock"
    history: { 2021: 40000, 2023: 41500 }
  investment:
    base: 1500
    path: { 2024: 1600, 2025: 1700, 2026: 1800, 2027: 1900 }
targets:
  - { id: output-5t, indicator: output, year: 2027, at_least: 50000 }
sweeps:
  - id: grid
    grid:
      growth_rate: { from: 0.02, to: 0.06, step: 0.01 }
      payoff: { values: [1, 2] }
""")
check(not list(VALIDATOR.iter_errors(VALID)), "the reference document of the rejection tests is valid")


def mutated(change):
    doc = copy.deepcopy(VALID)
    change(doc)
    return doc


def expect_rejected(what, doc, validator, path, needle=None, schema_path_part=None):
    """`doc` must fail, and one of its errors must be `validator` at `path`
    (a list of keys), with `needle` in its message and `schema_path_part` in
    its schema path (or the failing sub-schema's description) when given."""
    errors = list(VALIDATOR.iter_errors(doc))
    if not errors:
        check(False, "%s: the schema accepts it" % what)
        return
    for e in errors:
        if e.validator != validator or list(e.absolute_path) != path:
            continue
        if needle and needle not in e.message:
            continue
        # $ref names are not in the schema path: the failing sub-schema's
        # description tells the anyOf groups apart.
        where = "/".join(map(str, e.absolute_schema_path))
        if isinstance(e.schema, dict):
            where += " " + str(e.schema.get("description", ""))
        if schema_path_part and schema_path_part not in where:
            continue
        return
    found = ["%s at %s: %s" % (e.validator, "/".join(map(str, e.absolute_path)), e.message[:160]) for e in errors]
    check(False, "%s: rejected, but not by %s at %s; errors: %s" % (what, validator, "/".join(map(str, path)), found))


def set_in(keys, value):
    def change(doc):
        node = doc
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value
    return change


def rename_key(keys, old, new):
    def change(doc):
        node = doc
        for key in keys:
            node = node[key]
        node[new] = node.pop(old)
    return change


def delete(keys):
    def change(doc):
        node = doc
        for key in keys[:-1]:
            node = node[key]
        del node[keys[-1]]
    return change


# Unknown keys, misspelt, at each level the loader checks.
expect_rejected("a misspelt top-level key", mutated(rename_key([], "years", "yeras")),
                "additionalProperties", [], "'yeras'")
expect_rejected("a misspelt indicator rule", mutated(rename_key(["indicators", "output"], "growth", "grwoth")),
                "additionalProperties", ["indicators", "output"], "'grwoth'")
expect_rejected("a misspelt parameter key", mutated(rename_key(["parameters", "growth_rate"], "value", "valeu")),
                "additionalProperties", ["parameters", "growth_rate"], "'valeu'")
expect_rejected("a misspelt uncertainty field",
                mutated(rename_key(["parameters", "growth_rate", "uncertainty"], "sd", "sdev")),
                "additionalProperties", ["parameters", "growth_rate", "uncertainty"], "'sdev'")
expect_rejected("a misspelt shock key", mutated(rename_key(["shocks", "output_shock"], "ar", "arr")),
                "additionalProperties", ["shocks", "output_shock"], "'arr'")
expect_rejected("a misspelt target key", mutated(rename_key(["targets", 0], "at_least", "at_lest")),
                "additionalProperties", ["targets", 0], "'at_lest'")
expect_rejected("a misspelt simulation key", mutated(set_in(["simulation"], {"path": 1000})),
                "additionalProperties", ["simulation"], "'path'")
expect_rejected("history on a parameter (only indicators have observed values)",
                mutated(set_in(["parameters", "growth_rate", "history"], {"2022": 0.05})),
                "additionalProperties", ["parameters", "growth_rate"], "'history'")
expect_rejected("a misspelt history file key", mutated(set_in(["history_files"], [{"fiel": "h.csv", "series": {"output": "gdp"}}])),
                "additionalProperties", ["history_files", 0], "'fiel'")
expect_rejected("a misspelt history series option",
                mutated(set_in(["history_files"], [{"file": "h.csv", "series": {"output": {"series": "gdp", "scael": 0.01}}}])),
                "additionalProperties", ["history_files", 0, "series", "output"], "'scael'")
expect_rejected("a history file that is not .csv", mutated(set_in(["history_files"], [{"file": "h.xlsx", "series": {"output": "gdp"}}])),
                "pattern", ["history_files", 0, "file"], "h.xlsx")
expect_rejected("observation_sd as words", mutated(set_in(["indicators", "output", "observation_sd"], "two percent")),
                "anyOf", ["indicators", "output", "observation_sd"])
check(not list(VALIDATOR.iter_errors(mutated(set_in(["indicators", "output", "observation_sd"], "2%")))),
      "observation_sd: 2% is valid")
# Names of distributions and of things.
expect_rejected("a wrong distribution name", mutated(set_in(["parameters", "growth_rate", "uncertainty", "dist"], "normall")),
                "enum", ["parameters", "growth_rate", "uncertainty", "dist"], "'normall'")
expect_rejected("sd given to a triangular distribution",
                mutated(set_in(["parameters", "growth_rate", "uncertainty"], {"dist": "triangular", "low": 0, "high": 0.1, "sd": 0.01})),
                None, ["parameters", "growth_rate", "uncertainty", "sd"], "False schema")
expect_rejected("a uniform distribution without high",
                mutated(set_in(["parameters", "growth_rate", "uncertainty"], {"dist": "uniform", "low": 0})),
                "required", ["parameters", "growth_rate", "uncertainty"], "'high'")
expect_rejected("an indicator named 'year'", mutated(rename_key(["indicators"], "output", "year")),
                "not", ["indicators"], "'year'")
expect_rejected("an indicator name with capitals", mutated(rename_key(["indicators"], "output", "Output")),
                "pattern", ["indicators"], "'Output'")
# Rules and kinds: exactly one of each.
expect_rejected("two rules in one indicator", mutated(set_in(["indicators", "output", "change"], 100)),
                None, ["indicators", "output", "change"], "False schema", "dependencies/growth")
expect_rejected("an indicator with no rule", mutated(delete(["indicators", "output", "growth"])),
                "anyOf", ["indicators", "output"], None, "the rule:")
expect_rejected("a target with no bound", mutated(delete(["targets", 0, "at_least"])),
                "anyOf", ["targets", 0], None, "the bound:")
expect_rejected("a target with two bounds", mutated(set_in(["targets", 0, "at_most"], 60000)),
                None, ["targets", 0, "at_most"], "False schema", "dependencies/at_least")
expect_rejected("a target with no year", mutated(delete(["targets", 0, "year"])),
                "anyOf", ["targets", 0], None, "the window:")
expect_rejected("a target with year and cagr", mutated(set_in(["targets", 0, "cagr"], [2023, 2027])),
                None, ["targets", 0, "cagr"], "False schema", "dependencies/year")
expect_rejected("a target with indicator and expr", mutated(set_in(["targets", 0, "expr"], "output / 2")),
                None, ["targets", 0, "expr"], "False schema", "dependencies/indicator")
expect_rejected("a target without id", mutated(delete(["targets", 0, "id"])),
                "required", ["targets", 0], "'id'")
# Wrong types.
expect_rejected("a value written as a word", mutated(set_in(["parameters", "growth_rate", "value"], "fast")),
                "pattern", ["parameters", "growth_rate", "value"], "'fast'")
expect_rejected("a value written with %", mutated(set_in(["parameters", "growth_rate", "value"], "4%")),
                "pattern", ["parameters", "growth_rate", "value"], "'4%'")
expect_rejected("years as one number", mutated(set_in(["years"], 2023)), "type", ["years"], "'array'")
expect_rejected("three years", mutated(set_in(["years"], [2023, 2025, 2027])), "maxItems", ["years"])
expect_rejected("a two-digit year", mutated(set_in(["years"], [2023, 27])), "minimum", ["years", 1])
expect_rejected("indicators as a list", mutated(set_in(["indicators"], ["output"])), "type", ["indicators"], "'object'")
expect_rejected("a rule as a list", mutated(set_in(["indicators", "output", "growth"], [0.04])),
                "type", ["indicators", "output", "growth"])
expect_rejected("a path year that is not a year", mutated(set_in(["indicators", "investment", "path", "next"], 2000)),
                "pattern", ["indicators", "investment", "path"], "'next'")
expect_rejected("a correlation without coefficient", mutated(set_in(["correlations", 0], ["growth_rate", "other_rate"])),
                "minItems", ["correlations", 0])
expect_rejected("a correlation coefficient of 60", mutated(set_in(["correlations", 0, 2], 60)),
                "maximum", ["correlations", 0, 2])
expect_rejected("a shock with ar 1", mutated(set_in(["shocks", "output_shock", "ar"], 1)),
                "exclusiveMaximum", ["shocks", "output_shock", "ar"])
expect_rejected("a sweep axis with values and from", mutated(set_in(["sweeps", 0, "grid", "payoff", "from"], 1)),
                None, ["sweeps", 0, "grid", "payoff", "from"], "False schema")
expect_rejected("a sweep axis without step", mutated(delete(["sweeps", 0, "grid", "growth_rate", "step"])),
                "required", ["sweeps", 0, "grid", "growth_rate"], "'step'")
expect_rejected("status above 1", mutated(set_in(["status"], {"on_track": 1.5})), "maximum", ["status", "on_track"])
CALIBRATION = {"method": "goalpath calibrate --bands", "errors": 17, "points": 59, "coverage_50": 0.49, "coverage_90": 0.88}
check(not list(VALIDATOR.iter_errors(mutated(set_in(["calibration"], CALIBRATION)))), "a complete calibration is valid")
expect_rejected("a calibration coverage written as a percentage",
                mutated(set_in(["calibration"], dict(CALIBRATION, coverage_90=88))), "maximum", ["calibration", "coverage_90"])
expect_rejected("a calibration without points", mutated(set_in(["calibration"], {k: v for k, v in CALIBRATION.items() if k != "points"})),
                "required", ["calibration"], "'points'")
expect_rejected("a calibration of 0 forecast errors", mutated(set_in(["calibration"], dict(CALIBRATION, errors=0))),
                "minimum", ["calibration", "errors"])
expect_rejected("an empty calibration method", mutated(set_in(["calibration"], dict(CALIBRATION, method="  "))),
                "pattern", ["calibration", "method"])
expect_rejected("a missing scenario id", mutated(delete(["scenario"])), "required", [], "'scenario'")
expect_rejected("a scenario id with capitals", mutated(set_in(["scenario"], "My_Scenario")), "pattern", ["scenario"])

# A file that extends another may leave out what its parent gives, but not
# break what it does say.
variant = load_yaml("""
extends: baseline.yaml
scenario: variant
parameters:
  growth_rate: { uncertainty: { sd: 0.02 } }
shocks:
  output_shock: { ar: 0.7 }
indicators:
  output: { base: 42000 }
  investment: { change: 100 }
""")
check(not list(VALIDATOR.iter_errors(variant)),
      "a variant that restates only some fields is valid: %s" % [e.message for e in VALIDATOR.iter_errors(variant)])
variant["indicators"]["output"]["grwoth"] = 0.05
expect_rejected("a misspelt key in a variant", variant, "additionalProperties", ["indicators", "output"], "'grwoth'")
variant = load_yaml("extends: baseline.yaml\nindicators:\n  output: { growth: 0.05, change: 1 }\n")
expect_rejected("two rules in a variant", variant, None, ["indicators", "output", "change"], "False schema")
variant = load_yaml("extends: baseline.yaml\ntargets:\n  - { id: a, indicator: output, year: 2027 }\n")
expect_rejected("a variant's target with no bound (targets are replaced whole)", variant, "anyOf", ["targets", 0], None,
                "the bound:")

# ---- the schema and the loader agree on the keys ---------------------------------------------
loader_text = ""
for file in sorted(glob.glob(os.path.join(SOURCE, "engine", "scenario", "*.cpp"))):
    with open(file, encoding="utf-8") as f:
        loader_text += f.read() + "\n"


def strings(text):
    return re.findall(r'"([^"]*)"', text)


# Every key list the loader checks with expect_keys: the named top-level list
# (kTopKeys) and each literal list.
top = re.search(r"kTopKeys\s*=\s*\{(.*?)\};", loader_text, re.S)
check(top is not None, "kTopKeys not found in engine/scenario/*.cpp (update this test if the loader changed)")
loader_lists = [set(strings(top.group(1)))] if top else []
for m in re.finditer(r"expect_keys\(\s*[^,{}]+,\s*\{([^{}]*)\}", loader_text):
    loader_lists.append(set(strings(m.group(1))))
check(len(loader_lists) >= 10, "found only %d key lists in the loader (update this test if it changed)" % len(loader_lists))

# Every mapping of the schema that rejects unknown keys.
closed = {}
for path, node in walk(SCHEMA):
    if node.get("additionalProperties") is False and isinstance(node.get("properties"), dict):
        closed["/".join(map(str, path)) or "(top)"] = set(node["properties"])

for keys in loader_lists:
    check(any(keys <= schema_keys for schema_keys in closed.values()),
          "the loader accepts the keys %s together, but no mapping of the schema has them all" % sorted(keys))
for where, schema_keys in closed.items():
    covered = set().union(*[keys for keys in loader_lists if keys <= schema_keys] or [set()])
    check(covered == schema_keys,
          "the schema's mapping %s has keys %s that no loader key list accepts (or the loader splits them): %s"
          % (where, sorted(schema_keys - covered), sorted(schema_keys)))
all_loader = set().union(*loader_lists) if loader_lists else set()
all_schema = set().union(*closed.values()) if closed else set()
check(all_loader == all_schema, "keys only in the loader: %s; only in the schema: %s"
      % (sorted(all_loader - all_schema), sorted(all_schema - all_loader)))

dists = re.search(r"kinds\s*=\s*\{([^{}]*)\}", loader_text)
check(dists is not None, "the loader's list of distributions was not found")
if dists:
    schema_dists = SCHEMA["definitions"]["uncertainty"]["properties"]["dist"]["enum"]
    check(set(strings(dists.group(1))) == set(schema_dists),
          "distributions: loader %s, schema %s" % (strings(dists.group(1)), schema_dists))
reserved = re.search(r"kReserved\s*=\s*\{([^{}]*)\}", loader_text)
check(reserved is not None, "the loader's reserved names were not found")
if reserved:
    schema_reserved = SCHEMA["definitions"]["name"]["not"]["enum"]
    check(set(strings(reserved.group(1))) == set(schema_reserved),
          "reserved names: loader %s, schema %s" % (strings(reserved.group(1)), schema_reserved))

if failures:
    print("%d failure(s)" % len(failures))
    sys.exit(1)
print("schema_test: ok (%d scenarios valid, %d key lists cross-checked)" % (len(bundled) + len(data_files), len(loader_lists)))
