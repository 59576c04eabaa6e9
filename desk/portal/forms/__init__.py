"""Portal forms, one module per topic."""
