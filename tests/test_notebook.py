"""A student who works in notebooks: a check run in a real Jupyter kernel shows itself, as the
student's report shows the task, and withholds the expected answer."""

from __future__ import annotations

import json
import os
import sys

import nbclient  # the test extra's: a missing one fails the test, it is not skipped
import nbformat
import pytest

from tests.conftest import ROOT

NOTEBOOK = ROOT / "tests" / "data" / "self-check.ipynb"


@pytest.fixture
def kernel(tmp_path, monkeypatch):
    """A kernel spec of this very interpreter, in a folder of the test's own: nothing installed
    by hand is used, and nothing is written outside the test's folder."""
    from jupyter_client.kernelspec import KernelSpecManager

    spec = tmp_path / "kernels" / "grader-test"
    spec.mkdir(parents=True)
    spec.joinpath("kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "grader test", "language": "python"}))
    for name, folder in (("JUPYTER_RUNTIME_DIR", "runtime"), ("JUPYTER_DATA_DIR", "data"),
                         ("JUPYTER_CONFIG_DIR", "config"), ("IPYTHONDIR", "ipython")):
        monkeypatch.setenv(name, str(tmp_path / folder))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    return "grader-test", KernelSpecManager(kernel_dirs=[str(tmp_path / "kernels")])


def test_a_check_in_a_notebook_shows_its_verdict_the_answer_read_and_no_expected_answer(kernel):
    name, specs = kernel
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=600, kernel_name=name,
                                     kernel_manager_class=_manager(specs),
                                     resources={"metadata": {"path": str(ROOT)}})
    client.execute()
    (output,) = notebook.cells[-1].outputs
    html, markdown = output["data"]["text/html"], output["data"]["text/markdown"]
    assert "✗ fout · 0/1" in html                           # the verdict, in the exercise's language
    assert "<math" in html and "<msup><mrow><mi>x</mi></mrow><mrow><mn>4</mn></mrow></msup>" in html
    assert "de exponent is niet verlaagd" in html and "[exponent-not-lowered]" in html
    assert "Verwacht" not in html and "4*x^3" not in html
    assert "fout, 0/1" in markdown and "Verwacht" not in markdown


def _manager(specs):
    from jupyter_client.manager import KernelManager

    class Manager(KernelManager):
        def __init__(self, **kwargs):
            super().__init__(kernel_spec_manager=specs, **kwargs)

    return Manager
