"""The cold-start yardstick: a bare Typer command that prints a file (what `tamiz clean` is held to)."""
from pathlib import Path

import typer

app = typer.Typer(add_completion=False)


@app.command()
def show(path: Path) -> None:
    print(path.read_text(encoding="utf-8"))


if __name__ == "__main__":
    app()
