"""Operations support: the incident lifecycle (``ccgov incident ...``), problem
management (``ccgov problem ...``), and what CI and knowledge views read. Each
command is a commit through the one write path
(:func:`ccgov.workflow.transaction.apply`)."""
