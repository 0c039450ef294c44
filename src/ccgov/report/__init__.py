"""Reports: Jinja templates rendered to Markdown (for git hosts) and to one
self-contained HTML file (inline CSS and SVG, no external requests)."""
