"""`python -m communique` runs the CLI."""

from communique.interfaces.cli import app

app(prog_name="communique")
