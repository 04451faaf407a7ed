"""The house's walls (docs/architecture.md), checked on the source: module-level imports form no cycle between
cms/, pages/ and search/; cms/ imports the apps only in its routers; nothing below the models imports the
contributions wing; no module outside migrations and pages/demo/ is longer than 400 lines."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("cms", "pages", "search")
MAX_LINES = 400
# cms/ may import the apps only where it routes them.
CMS_ROUTERS = {"cms.urls", "cms.api"}


def _modules():
    """{dotted name: path} of every Python module of the three packages, migrations aside."""
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


MODULES = _modules()


def _resolve(name):
    """The module of ours that `import name` / `from name import x` loads (x being a module when it is one)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _module_level_imports(module, path):
    """Modules of ours imported at module level (not in functions, not under TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()

    def visit(nodes):
        for node in nodes:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if (target := _resolve(alias.name)) is not None:
                        found.add(target)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - (node.level - 1)]
                    base = ".".join([*anchor, base] if base else anchor)
                for alias in node.names:
                    target = _resolve(f"{base}.{alias.name}") if f"{base}.{alias.name}" in MODULES else _resolve(base)
                    if target is not None:
                        found.add(target)
            elif isinstance(node, ast.If):
                if "TYPE_CHECKING" not in ast.unparse(node.test):
                    visit(node.body)
                    visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
                for handler in node.handlers:
                    visit(handler.body)
                visit(node.orelse)
                visit(node.finalbody)

    visit(tree.body)
    found.discard(module)
    return found


def _graph():
    graph = {module: _module_level_imports(module, path) for module, path in MODULES.items()}
    # Importing a.b.c runs a/__init__ and a/b/__init__ first.
    for module in list(graph):
        for target in list(graph[module]):
            parent = target.rpartition(".")[0]
            while parent:
                if parent in MODULES and parent != module and not module.startswith(parent + "."):
                    graph[module].add(parent)
                parent = parent.rpartition(".")[0]
    return graph


def _cycles(graph):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, components = {}, {}, [], set(), []
    counter = [0]

    def connect(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return components


def test_module_level_imports_form_no_cycle_between_cms_pages_and_search():
    assert _cycles(_graph()) == []


def test_cms_imports_the_apps_only_in_its_routers():
    graph = _graph()
    leaks = {
        module: sorted(target for target in targets if not target.startswith("cms"))
        for module, targets in graph.items()
        if module.startswith("cms") and module not in CMS_ROUTERS
    }
    assert {module: targets for module, targets in leaks.items() if targets} == {}


def test_nothing_below_the_models_imports_the_contributions_wing():
    graph = _graph()
    wing = "pages.contributions"
    assert wing in MODULES, "the contributions wing is pages/contributions/"
    below = [
        module
        for module in graph
        if module == "pages.models" or module.startswith(("pages.models.", "pages.blocks", "pages.api"))
    ]
    offenders = {module: sorted(t for t in graph[module] if t == wing or t.startswith(wing + ".")) for module in below}
    assert {module: targets for module, targets in offenders.items() if targets} == {}


def test_no_module_outside_migrations_and_the_demo_content_is_longer_than_400_lines():
    roots = [ROOT / name for name in (*PACKAGES, "tests")]
    too_long = {}
    for root in roots:
        for path in root.rglob("*.py"):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts or relative.parts[:2] == ("pages", "demo"):
                continue
            lines = len(path.read_text().splitlines())
            if lines > MAX_LINES:
                too_long[str(relative)] = lines
    assert too_long == {}
