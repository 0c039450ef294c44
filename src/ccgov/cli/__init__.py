"""The command line: Typer commands that parse arguments, call the core,
render results and pick exit codes. Nothing below this package prints."""
