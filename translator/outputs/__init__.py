"""Writers for a run's outputs: Markdown, plain text, the JSON record and the HTML review pages."""
