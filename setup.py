"""Packaging: the top-level ``question_bank/`` folder ships inside the package as ``quizapp.question_bank``.

Everything else is declared in pyproject.toml. The mapping lives here because pyproject's
``packages.find`` cannot add a package from a folder outside ``quizapp/``.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["quizapp*"]), "quizapp.question_bank"],
    package_dir={"quizapp.question_bank": "question_bank"},
)
