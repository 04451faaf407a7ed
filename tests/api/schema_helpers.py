"""Reading the OpenAPI schema in tests: a `$ref` followed, an operation's parameters by name."""


def resolved(schema, node):
    """`node`, or what its `$ref` (`#/components/…`) points to."""
    while "$ref" in node:
        target = schema
        for key in node["$ref"].removeprefix("#/").split("/"):
            target = target[key]
        node = target
    return node


def operation_parameters(schema, path):
    """{name: parameter} of the GET operation at `path`, references followed."""
    parameters = [resolved(schema, parameter) for parameter in schema["paths"][path]["get"]["parameters"]]
    return {parameter["name"]: parameter for parameter in parameters}
