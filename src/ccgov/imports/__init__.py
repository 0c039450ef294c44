"""Reading outside data: service-desk exports, platform inventories.

``table`` reads CSV into located cells, ``mapping`` reads the YAML that says
what the columns mean, ``incidents`` turns an export into incident records,
``inventory`` reads what ``baseline drift`` compares.
"""
