"""tamiz's command line: a thin Typer layer over the `tamiz` library."""
