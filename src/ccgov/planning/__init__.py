"""From wish list to plan: demands and investment decisions, plans and their
reviews, requirement sign-off, link reviews (suspect links), impact analysis
and the risk register. Each use case commits through the one write path."""
