"""Validates an awscheck report against the schemas vendored in tests/schemas.

    python tests/validate.py sarif FILE    # SARIF 2.1.0 JSON schema (draft-07)
    python tests/validate.py junit FILE    # JUnit XSD

Prints one line per violation and exits 1 when there is any; exits 2 when
the validator itself is missing. Run by the Rust tests through
AWSCHECK_TEST_PYTHON (scripts/test installs jsonschema and xmlschema from
scripts/requirements-test.txt).
"""

import json
import pathlib
import sys

SCHEMAS = pathlib.Path(__file__).resolve().parent / "schemas"


def sarif(path):
    import jsonschema

    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    with open(path, encoding="utf-8") as f:
        document = json.load(f)
    return [
        "/" + "/".join(str(p) for p in e.absolute_path) + ": " + e.message
        for e in validator.iter_errors(document)
    ]


def junit(path):
    import xmlschema

    schema = xmlschema.XMLSchema(str(SCHEMAS / "junit-10.xsd"))
    return [f"{e.path}: {e.reason}" for e in schema.iter_errors(path)]


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("sarif", "junit"):
        print(__doc__, file=sys.stderr)
        return 2
    try:
        errors = {"sarif": sarif, "junit": junit}[sys.argv[1]](sys.argv[2])
    except ImportError as e:
        print(f"validator missing: {e} (run scripts/test to install it)", file=sys.stderr)
        return 2
    for line in errors:
        print(line)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
