"""Every project use case is written out by hand: a module-level ``def`` with a typed,
keyword-only signature that grep and a type checker see, never a function made by a
closure or read from a table."""

import ast
import inspect
from pathlib import Path

from grants import lifecycle

SOURCE = Path(inspect.getfile(lifecycle))


def _module_defs() -> dict[str, ast.FunctionDef]:
    tree = ast.parse(SOURCE.read_text(encoding="utf-8"))
    return {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}


def _public_functions() -> dict[str, object]:
    return {
        name: value
        for name, value in vars(lifecycle).items()
        if not name.startswith("_")
        and callable(value)
        and getattr(value, "__module__", None) == lifecycle.__name__
    }


def test_every_public_function_is_a_module_level_def():
    functions = _public_functions()
    defs = _module_defs()
    assert "submit_project" in functions
    for name, function in functions.items():
        assert name in defs, f"{name} is not written out as a def in lifecycle.py"
        assert function.__qualname__ == name, f"{name} is made inside {function.__qualname__}"


def test_every_public_def_has_a_typed_keyword_only_signature():
    for name, node in _module_defs().items():
        if name.startswith("_"):
            continue
        arguments = node.args
        assert not arguments.posonlyargs, f"{name} takes positional-only arguments"
        assert not arguments.args, f"{name} takes positional arguments"
        assert arguments.vararg is None, f"{name} takes *args"
        assert arguments.kwarg is None, f"{name} takes **kwargs"
        assert arguments.kwonlyargs, f"{name} takes no arguments"
        for argument in arguments.kwonlyargs:
            assert argument.annotation is not None, f"{name}({argument.arg}) has no type"
        assert node.returns is not None, f"{name} has no return type"


def test_every_use_case_takes_the_project_the_user_and_the_state_they_saw():
    for name, node in _module_defs().items():
        if name.startswith("_"):
            continue
        types = {
            argument.arg: ast.unparse(argument.annotation) if argument.annotation else None
            for argument in node.args.kwonlyargs
        }
        assert types.get("project") == "Project", name
        assert types.get("by") == "User", name
        assert types.get("seen_state") == "str | None", name
        returns = ast.unparse(node.returns) if node.returns else None
        assert returns == "Project", name


def test_no_public_name_is_bound_to_a_generated_function():
    """``approve = _make("approve")`` or a table of use cases would hide them from grep."""
    tree = ast.parse(SOURCE.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            value = node.value
            for target in targets:
                name = getattr(target, "id", "")
                assert not (name and not name.startswith("_") and isinstance(value, ast.Call)), (
                    f"{name} is made by a call"
                )


def test_no_table_of_use_cases():
    use_cases = {id(function) for function in _public_functions().values()}
    for name, value in vars(lifecycle).items():
        if isinstance(value, dict) and not name.startswith("__"):
            assert not use_cases & {id(v) for v in value.values()}, f"{name} is a table"
